// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref, shallowRef, type Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import ResourceTable from './ResourceTable.vue';
import type { Column } from './resource-table.model';

interface Row {
  key: string;
  name: string;
  labels: Record<string, string>;
  state: string;
  n: number;
}

const columns: Column<Row>[] = [
  { id: 'state', label: 'State', text: (r) => r.state, sortValue: (r) => r.state },
  { id: 'name', label: 'Name', isRowHeader: true, text: (r) => r.name, sortValue: (r) => r.name, link: (r) => `/things/${r.name}` },
  { id: 'n', label: 'N', text: (r) => String(r.n), sortValue: (r) => r.n },
  { id: 'note', label: 'Note' },
];

const makeRows = (count: number): Row[] =>
  Array.from({ length: count }, (_, i) => ({ key: `ws/r${i}`, name: `r${i}`, labels: { env: i % 2 ? 'dev' : 'prod' }, state: 'Ready', n: count - i }));

function mountTable(initial: Row[], options: { sort?: string; selectable?: boolean; isLoading?: boolean } = {}) {
  const rows = shallowRef(initial);
  const filter = ref('');
  const sort = ref(options.sort ?? '');
  const selected = ref<string[]>([]);
  const Host = defineComponent({
    setup: () => () =>
      // The plain `tsc` program sees .vue files through a non-generic shim.
      h(ResourceTable as Component, {
        label: 'Things',
        rows: rows.value,
        columns,
        rowHeight: 40,
        initialViewportHeight: 400,
        filter: filter.value,
        sort: sort.value,
        'onUpdate:filter': (v: string) => (filter.value = v),
        'onUpdate:sort': (v: string) => (sort.value = v),
        isLoading: options.isLoading ?? false,
        ...(options.selectable ? { selectedKeys: selected.value, 'onUpdate:selectedKeys': (v: string[]) => (selected.value = v) } : {}),
      }, { toolbar: () => h('button', { type: 'button' }, 'Extra control') }),
  });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => h('div') } }] });
  const wrapper = mount(Host, { global: { plugins: [router] }, attachTo: document.body });
  return { wrapper, rows, filter, sort, selected };
}

type Mounted = ReturnType<typeof mountTable>['wrapper'];
const names = (w: Mounted): string[] => w.findAll('tbody tr.rt__row th[scope="row"]').map((c) => c.text());
const header = (w: Mounted, label: string) => w.findAll('thead th').find((th) => th.text().replace(/[▲▼↕]/g, '').trim() === label)!;

describe('ResourceTable', () => {
  it('is a labelled table whose row headers link to the objects', () => {
    const { wrapper } = mountTable(makeRows(3));
    expect(wrapper.find('table').attributes('aria-label')).toBe('Things');
    expect(wrapper.findAll('thead th').map((th) => th.text().replace(/[▲▼↕]/g, '').trim())).toEqual(['State', 'Name', 'N', 'Note']);
    expect(wrapper.find('tbody th[scope="row"] a').attributes('href')).toBe('/things/r0');
    expect(wrapper.find('input[aria-label="Filter"]').exists()).toBe(true);
    expect(header(wrapper, 'Note').attributes('aria-sort')).toBeUndefined();
  });

  it('sorts when a header is clicked and reports it with aria-sort', async () => {
    const { wrapper, sort } = mountTable(makeRows(5));
    expect(header(wrapper, 'N').attributes('aria-sort')).toBe('none');
    await header(wrapper, 'N').find('button').trigger('click');
    expect(sort.value).toBe('n');
    expect(header(wrapper, 'N').attributes('aria-sort')).toBe('ascending');
    expect(names(wrapper)).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
    await header(wrapper, 'N').find('button').trigger('click');
    expect(sort.value).toBe('-n');
    expect(header(wrapper, 'N').attributes('aria-sort')).toBe('descending');
    expect(names(wrapper)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(header(wrapper, 'Name').attributes('aria-sort')).toBe('none');
  });

  it('filters by name and by labels through the Filter box', async () => {
    const { wrapper, filter } = mountTable(makeRows(12));
    await wrapper.find('input[aria-label="Filter"]').setValue('r1');
    expect(filter.value).toBe('r1');
    expect(names(wrapper)).toEqual(['r1', 'r10', 'r11']);
    expect(wrapper.find('[aria-live="polite"]').text()).toBe('3 of 12');
    await wrapper.find('input[aria-label="Filter"]').setValue('env=dev r1');
    expect(names(wrapper)).toEqual(['r1', 'r11']);
    await wrapper.find('input[aria-label="Filter"]').setValue('nothing-like-this');
    expect(names(wrapper)).toEqual([]);
    expect(wrapper.text()).toContain('No match for the filter.');
  });

  it('renders only the rows of the visible window, with spacers for the rest', async () => {
    const { wrapper } = mountTable(makeRows(10_000));
    const rendered = wrapper.findAll('tbody tr.rt__row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(40);
    expect(wrapper.find('table').attributes('aria-rowcount')).toBe('10001');
    const scroller = wrapper.find('.rt__scroller');
    (scroller.element as HTMLElement).scrollTop = 40 * 5000;
    await scroller.trigger('scroll');
    const shown = names(wrapper);
    expect(shown).toContain('r5000');
    expect(shown).not.toContain('r0');
    expect(shown.length).toBeLessThan(40);
    const spacers = wrapper.findAll('tbody tr.rt__spacer');
    expect(spacers).toHaveLength(2);
    const total = spacers.reduce((sum, s) => sum + parseFloat((s.element as HTMLElement).style.height), 0) + shown.length * 40;
    expect(total).toBe(10_000 * 40);
    expect(wrapper.find('tr[data-key="ws/r5000"]').attributes('aria-rowindex')).toBe('5002');
  });

  it('updates a changed row in place, keeping the other rows’ DOM elements', async () => {
    const { wrapper, rows } = mountTable(makeRows(20));
    const before = wrapper.find('tr[data-key="ws/r3"]').element;
    const other = wrapper.find('tr[data-key="ws/r4"]').element;
    const next = [...rows.value];
    next[3] = { ...next[3]!, state: 'NotReady', n: 999 };
    rows.value = next;
    await nextTick();
    const after = wrapper.find('tr[data-key="ws/r3"]');
    expect(after.element).toBe(before);
    expect(after.text()).toContain('NotReady');
    expect(after.text()).toContain('999');
    expect(wrapper.find('tr[data-key="ws/r4"]').element).toBe(other);
  });

  it('shows the loading and empty states', async () => {
    const { wrapper, rows } = mountTable([]);
    expect(wrapper.text()).toContain('Nothing here yet.');
    rows.value = makeRows(1);
    await nextTick();
    expect(names(wrapper)).toEqual(['r0']);
  });

  it('shows Loading while the first snapshot is awaited and marks the table busy', () => {
    const { wrapper } = mountTable([], { isLoading: true });
    expect(wrapper.text()).toContain('Loading…');
    expect(wrapper.text()).not.toContain('Nothing here yet.');
    expect(wrapper.find('table').attributes('aria-busy')).toBe('true');
  });

  it('selects rows with checkboxes; "Select all" covers only the filtered rows and turns indeterminate', async () => {
    const { wrapper, selected } = mountTable(makeRows(6), { selectable: true });
    expect(wrapper.find('thead input[aria-label="Select all"]').exists()).toBe(true);
    await wrapper.find('input[aria-label="Select r2"]').setValue(true);
    expect(selected.value).toEqual(['ws/r2']);
    expect(wrapper.find('tr[data-key="ws/r2"]').classes()).toContain('is-selected');
    const all = wrapper.find('input[aria-label="Select all"]').element as HTMLInputElement;
    expect(all.indeterminate).toBe(true);
    await wrapper.find('input[aria-label="Filter"]').setValue('env=dev');
    await wrapper.find('input[aria-label="Select all"]').setValue(true);
    expect([...selected.value].sort()).toEqual(['ws/r1', 'ws/r2', 'ws/r3', 'ws/r5']);
    expect(all.checked).toBe(true);
    await wrapper.find('input[aria-label="Select all"]').setValue(false);
    expect(selected.value).toEqual(['ws/r2']);
    await wrapper.find('input[aria-label="Filter"]').setValue('');
    await wrapper.find('input[aria-label="Select r2"]').setValue(false);
    expect(selected.value).toEqual([]);
  });

  it('renders the toolbar slot next to the filter', () => {
    const { wrapper } = mountTable(makeRows(2));
    const toolbar = wrapper.find('input[aria-label="Filter"]').element.parentElement!;
    expect(toolbar.querySelector('button')?.textContent).toBe('Extra control');
  });
});
