// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import ConfirmDialog from './ConfirmDialog.vue';
import ModalDialog from './ModalDialog.vue';

enableAutoUnmount(afterEach);

const flush = async () => {
  await nextTick();
  await nextTick();
};
const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]');
const press = (key: string, shiftKey = false) =>
  (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true }));

/** An opener button that shows the dialog with three focusable controls. */
function mountHost() {
  const isOpen = ref(false);
  const cancels = ref(0);
  const Host = defineComponent({
    setup: () => () => [
      h('button', { id: 'opener', onClick: () => (isOpen.value = true) }, 'Open'),
      isOpen.value
        ? h(
            ModalDialog,
            { title: 'Force Update Git Repo “a”?', description: 'Explains it.', onCancel: () => ((cancels.value += 1), (isOpen.value = false)) },
            { default: () => h('input', { id: 'field', 'aria-label': 'Field' }), actions: () => [h('button', { id: 'no' }, 'Cancel'), h('button', { id: 'yes' }, 'OK')] },
          )
        : null,
    ],
  });
  const wrapper = mount(Host, { attachTo: document.body });
  return { wrapper, isOpen, cancels };
}

describe('ModalDialog', () => {
  it('is a modal dialog named by its title and described by its text', async () => {
    const { wrapper, isOpen } = mountHost();
    await wrapper.get('#opener').trigger('click');
    isOpen.value = true;
    await flush();
    const d = dialog()!;
    expect(d.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe('Force Update Git Repo “a”?');
    expect(document.getElementById(d.getAttribute('aria-describedby')!)?.textContent).toBe('Explains it.');
  });

  it('moves focus in, keeps Tab and Shift+Tab inside, and Escape cancels and gives focus back', async () => {
    const { wrapper, cancels } = mountHost();
    const opener = wrapper.get('#opener').element as HTMLButtonElement;
    opener.focus();
    opener.click();
    await flush();
    expect(document.activeElement?.id).toBe('field');
    document.getElementById('yes')!.focus();
    press('Tab');
    expect(document.activeElement?.id).toBe('field');
    press('Tab', true);
    expect(document.activeElement?.id).toBe('yes');
    press('Escape');
    await flush();
    expect(cancels.value).toBe(1);
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('ConfirmDialog', () => {
  it('focuses Cancel first and names the action on the confirming button', async () => {
    const wrapper = mount(ConfirmDialog, {
      props: { title: 'Delete Cluster “c1”?', message: 'Cluster “c1” is deleted.', confirmLabel: 'Delete', isDanger: true },
      attachTo: document.body,
    });
    await flush();
    expect(document.activeElement?.textContent).toBe('Cancel');
    const buttons = [...dialog()!.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Cancel', 'Delete']);
    buttons[1]!.click();
    buttons[0]!.click();
    expect(wrapper.emitted('confirm')).toHaveLength(1);
    expect(wrapper.emitted('cancel')).toHaveLength(1);
  });
});
