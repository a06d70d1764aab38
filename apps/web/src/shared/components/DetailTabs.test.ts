// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref, type Component } from 'vue';
import DetailTabs from './DetailTabs.vue';

enableAutoUnmount(afterEach);

function mountTabs() {
  const selected = ref('one');
  const Host = defineComponent({
    setup: () => () =>
      h(
        DetailTabs as Component,
        {
          tabs: [
            { id: 'one', label: 'One', badge: 3 },
            { id: 'two', label: 'Two' },
            { id: 'three', label: 'Three' },
          ],
          label: 'Things',
          idPrefix: 't',
          modelValue: selected.value,
          'onUpdate:modelValue': (v: string) => (selected.value = v),
        },
        { one: () => h('p', 'first panel'), two: () => h('p', 'second panel'), three: () => h('p', 'third panel') },
      ),
  });
  const wrapper = mount(Host, { attachTo: document.body });
  return { wrapper, selected };
}

type Mounted = ReturnType<typeof mountTabs>['wrapper'];
const tab = (w: Mounted, name: string) => w.findAll('[role="tab"]').find((t) => t.text().startsWith(name))!;

describe('DetailTabs', () => {
  it('is a labelled tablist with one tab in the tab order and the selected panel labelled by its tab', () => {
    const { wrapper } = mountTabs();
    expect(wrapper.get('[role="tablist"]').attributes('aria-label')).toBe('Things');
    expect(wrapper.findAll('[role="tab"]').map((t) => [t.text(), t.attributes('aria-selected'), t.attributes('tabindex')])).toEqual([
      ['One 3', 'true', '0'],
      ['Two', 'false', '-1'],
      ['Three', 'false', '-1'],
    ]);
    const panel = wrapper.get('[role="tabpanel"]');
    expect(panel.attributes('aria-labelledby')).toBe(tab(wrapper, 'One').attributes('id'));
    expect(tab(wrapper, 'One').attributes('aria-controls')).toBe(panel.attributes('id'));
    expect(panel.text()).toBe('first panel');
  });

  it('selects on click and moves with arrows (wrapping), Home and End, keeping focus on the selected tab', async () => {
    const { wrapper, selected } = mountTabs();
    await tab(wrapper, 'Two').trigger('click');
    expect(selected.value).toBe('two');
    expect(wrapper.get('[role="tabpanel"]').text()).toBe('second panel');
    await tab(wrapper, 'Two').trigger('keydown', { key: 'ArrowRight' });
    expect(selected.value).toBe('three');
    await tab(wrapper, 'Three').trigger('keydown', { key: 'ArrowRight' });
    expect(selected.value).toBe('one');
    expect(document.activeElement).toBe(tab(wrapper, 'One').element);
    await tab(wrapper, 'One').trigger('keydown', { key: 'ArrowLeft' });
    expect(selected.value).toBe('three');
    await tab(wrapper, 'Three').trigger('keydown', { key: 'Home' });
    expect(selected.value).toBe('one');
    await tab(wrapper, 'One').trigger('keydown', { key: 'End' });
    expect(selected.value).toBe('three');
    expect(tab(wrapper, 'Three').attributes('tabindex')).toBe('0');
    await tab(wrapper, 'Three').trigger('keydown', { key: 'x' });
    expect(selected.value).toBe('three');
  });
});
