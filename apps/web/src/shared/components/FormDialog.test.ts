// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { h, nextTick } from 'vue';
import FormDialog from './FormDialog.vue';

enableAutoUnmount(afterEach);

const button = (name: string) => [...document.querySelectorAll<HTMLButtonElement>('[role="dialog"] button')].find((b) => b.textContent === name);

function open(props: Record<string, unknown>) {
  return mount(FormDialog, { props: { title: 'Create workspace', isBusy: false, submitLabel: 'Create', ...props }, slots: { default: () => h('input', { 'aria-label': 'Name' }) }, attachTo: document.body });
}

describe('FormDialog', () => {
  it('can be submitted unless told otherwise, and emits submit from the form', async () => {
    const w = open({});
    await nextTick();
    expect(button('Create')?.disabled).toBe(false);
    document.querySelector('[role="dialog"] form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(w.emitted('submit')).toHaveLength(1);
    button('Cancel')?.click();
    expect(w.emitted('close')).toHaveLength(1);
  });

  it('keeps the submit button disabled while it cannot be sent, and shows the refusal', async () => {
    open({ canSubmit: false, failure: 'workspace "x" already exists' });
    await nextTick();
    expect(button('Create')?.disabled).toBe(true);
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('workspace "x" already exists');
  });

  it('keeps the submit button disabled while busy', async () => {
    open({ isBusy: true });
    await nextTick();
    expect(button('Create')?.disabled).toBe(true);
  });
});
