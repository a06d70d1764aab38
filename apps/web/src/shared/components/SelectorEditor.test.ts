// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { selectorOfRows, selectorRowsOf, type SelectorRows } from '../forms/form-rows.model';
import SelectorEditor from './SelectorEditor.vue';

enableAutoUnmount(afterEach);

function mountEditor(initial: SelectorRows) {
  const rows = ref(initial);
  const Host = defineComponent({
    setup: () => () => h(SelectorEditor, { idPrefix: 'sel', modelValue: rows.value, 'onUpdate:modelValue': (v: SelectorRows) => (rows.value = v) }),
  });
  const wrapper = mount(Host, { attachTo: document.body });
  const byLabel = <T extends HTMLElement>(label: string) => {
    const el = document.querySelector<T>(`[aria-label="${label}"]`);
    if (!el) throw new Error(`no control named "${label}"`);
    return el;
  };
  const type = async (label: string, value: string) => {
    const el = byLabel<HTMLInputElement>(label);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    await nextTick();
  };
  const choose = async (label: string, value: string) => {
    const el = byLabel<HTMLSelectElement>(label);
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
    await nextTick();
  };
  const click = async (text: string) => {
    const button = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text || b.getAttribute('aria-label') === text);
    if (!button) throw new Error(`no button "${text}"`);
    button.click();
    await nextTick();
  };
  const errorsText = () => [...document.querySelectorAll('.form-error')].map((e) => e.textContent);
  return { wrapper, rows, byLabel, type, choose, click, errorsText };
}

describe('SelectorEditor', () => {
  it('shows an existing selector as rows and edits it into a LabelSelector', async () => {
    const ed = mountEditor(selectorRowsOf({ matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'region', operator: 'In', values: ['eu', 'us'] }] }));
    expect(ed.byLabel<HTMLInputElement>('Match label key 1').value).toBe('env');
    expect(ed.byLabel<HTMLInputElement>('Values 1').value).toBe('eu,us');
    expect(ed.byLabel('Label selector').getAttribute('role')).toBe('group');

    await ed.type('Match label value 1', 'staging');
    await ed.click('Add expression');
    await ed.type('Expression key 2', 'legacy');
    await ed.choose('Operator 2', 'DoesNotExist');
    expect(selectorOfRows(ed.rows.value)).toEqual({
      matchLabels: { env: 'staging' },
      matchExpressions: [
        { key: 'region', operator: 'In', values: ['eu', 'us'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    await ed.click('Remove expression 1');
    expect(selectorOfRows(ed.rows.value)).toEqual({ matchLabels: { env: 'staging' }, matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] });
  });

  it('marks invalid keys, values and operator/value mismatches at the row, tied to the control', async () => {
    const ed = mountEditor(selectorRowsOf({}));
    await ed.click('Add match label');
    await ed.type('Match label key 1', 'bad key');
    await ed.type('Match label value 1', '-x');
    await ed.click('Add expression');
    await ed.type('Expression key 1', 'tier');
    await ed.choose('Operator 1', 'NotIn');
    expect(ed.errorsText()).toEqual([
      expect.stringMatching(/^Not a valid key/),
      expect.stringMatching(/^Not a valid value/),
      'NotIn needs at least one value.',
    ]);
    const key = ed.byLabel<HTMLInputElement>('Match label key 1');
    expect(key.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(key.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/^Not a valid key/);

    await ed.type('Values 1', 'gold, silver');
    await ed.choose('Operator 1', 'Exists');
    expect(ed.errorsText()).toContain('Exists takes no values.');
    await ed.type('Values 1', '');
    await ed.type('Match label key 1', 'tier');
    await ed.type('Match label value 1', 'gold');
    expect(ed.errorsText()).toEqual([]);
    expect(selectorOfRows(ed.rows.value)).toEqual({ matchLabels: { tier: 'gold' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] });
  });

  it('names its controls after the prefix so several editors on a page stay apart', async () => {
    const rows = ref(selectorRowsOf({ matchLabels: { a: 'b' } }));
    mount(SelectorEditor, { props: { idPrefix: 't1', namePrefix: 'Target 1', label: 'Target 1 selector', modelValue: rows.value }, attachTo: document.body });
    await nextTick();
    expect(document.querySelector('[aria-label="Target 1 match label key 1"]')).not.toBeNull();
    expect([...document.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'))).toContain('Add expression to target 1');
  });
});
