// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { MenuItem } from './action-menu.model';
import ActionMenu from './ActionMenu.vue';

const items: MenuItem[] = [
  { id: 'force-update', label: 'Force Update' },
  { id: 'pause', label: 'Pause', disabledReason: 'User "dev" cannot patch gitrepos in fleet-default' },
  { id: 'download-yaml', label: 'Download YAML', href: '/api/workspaces/ws/gitrepos/a?format=yaml', download: 'a.yaml' },
  { id: 'delete', label: 'Delete' },
];

function mountMenu() {
  const wrapper = mount(ActionMenu, { props: { label: 'Actions for a', items }, attachTo: document.body });
  const button = wrapper.get('button[aria-haspopup="menu"]');
  const menu = () => document.querySelector<HTMLElement>('[role="menu"]');
  const menuItems = () => [...document.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const key = async (key: string, options: KeyboardEventInit = {}) => {
    (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options }));
    await nextTick();
  };
  return { wrapper, button, menu, menuItems, key };
}

enableAutoUnmount(afterEach);

describe('ActionMenu', () => {
  it('is a button named by its label that opens a menu and focuses its first item', async () => {
    const { button, menu, menuItems } = mountMenu();
    expect(button.attributes('aria-label')).toBe('Actions for a');
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(menu()).toBeNull();
    await button.trigger('click');
    await nextTick();
    expect(button.attributes('aria-expanded')).toBe('true');
    expect(menu()?.getAttribute('aria-label')).toBe('Actions for a');
    expect(button.attributes('aria-controls')).toBe(menu()?.id);
    expect(menuItems().map((i) => i.childNodes[0]?.textContent?.trim())).toEqual(['Force Update', 'Pause', 'Download YAML', 'Delete']);
    expect(document.activeElement).toBe(menuItems()[0]);
  });

  it('moves with the arrow keys (wrapping), Home and End, and Escape gives focus back to the button', async () => {
    const { wrapper, button, menu, menuItems, key } = mountMenu();
    await button.trigger('click');
    await nextTick();
    await key('ArrowDown');
    expect(document.activeElement).toBe(menuItems()[1]);
    await key('ArrowDown');
    await key('ArrowDown');
    expect(document.activeElement).toBe(menuItems()[3]);
    await key('ArrowDown');
    expect(document.activeElement).toBe(menuItems()[0]);
    await key('ArrowUp');
    expect(document.activeElement).toBe(menuItems()[3]);
    await key('Home');
    expect(document.activeElement).toBe(menuItems()[0]);
    await key('End');
    expect(document.activeElement).toBe(menuItems()[3]);
    await key('Escape');
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(button.element);
    expect(wrapper.emitted('select')).toBeUndefined();
  });

  it('opens from the keyboard on ArrowUp at the last item', async () => {
    const { button, menuItems } = mountMenu();
    (button.element as HTMLElement).focus();
    await button.trigger('keydown', { key: 'ArrowUp' });
    await nextTick();
    await nextTick();
    expect(document.activeElement).toBe(menuItems()[3]);
  });

  it('emits the chosen command, closes and returns focus', async () => {
    const { wrapper, button, menu, menuItems } = mountMenu();
    await button.trigger('click');
    await nextTick();
    menuItems()[3]?.click();
    await nextTick();
    expect(wrapper.emitted('select')).toEqual([['delete']]);
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(button.element);
  });

  it('keeps a refused item visible but disabled, described by the reason', async () => {
    const { wrapper, button, menuItems } = mountMenu();
    await button.trigger('click');
    await nextTick();
    const pause = menuItems()[1]!;
    expect(pause.getAttribute('aria-disabled')).toBe('true');
    expect(pause.getAttribute('title')).toContain('cannot patch gitrepos');
    const description = document.getElementById(pause.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('User "dev" cannot patch gitrepos in fleet-default');
    pause.click();
    await nextTick();
    expect(wrapper.emitted('select')).toBeUndefined();
  });

  it('renders a download item as a link to the YAML', async () => {
    const { button, menuItems } = mountMenu();
    await button.trigger('click');
    await nextTick();
    const link = menuItems()[2]!;
    expect(link.tagName).toBe('A');
    expect(link.getAttribute('href')).toBe('/api/workspaces/ws/gitrepos/a?format=yaml');
    expect(link.getAttribute('download')).toBe('a.yaml');
  });

  it('closes on a click outside without stealing focus', async () => {
    const { button, menu } = mountMenu();
    const outside = document.createElement('input');
    document.body.append(outside);
    await button.trigger('click');
    await nextTick();
    outside.focus();
    outside.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await nextTick();
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });
});
