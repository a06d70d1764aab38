// A list page (or a related list on a detail page): the table with sortable headers, the Filter
// box and the rows, found by their row header (the name column).
import type { Locator, Page } from '@playwright/test';

export type SortDirection = 'ascending' | 'descending' | 'none';

export interface ListPage {
  page: Page;
  table: Locator;
  filter: Locator;
  /** Rows with data (the header row has no cells, only column headers). */
  rows: Locator;
  rowNamed(name: string): Locator;
  /** The cell of the named row under the column headed `column` (found by position). */
  cellOf(name: string, column: string): Promise<Locator>;
  /** The State cell of the named row. */
  stateOf(name: string): Promise<Locator>;
  columnHeader(label: string): Locator;
  sortBy(label: string): Promise<void>;
  /** The names in the row headers, in display order (only the rendered window of a long list). */
  names(): Promise<string[]>;
  filterBy(text: string): Promise<void>;
}

export function createListPage(page: Page, tableName: string): ListPage {
  const table = page.getByRole('table', { name: tableName, exact: true });
  const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
  const rowNamed = (name: string): Locator => rows.filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const columnHeader = (label: string): Locator => table.getByRole('columnheader', { name: label, exact: true });
  const filter = page.getByRole('textbox', { name: 'Filter', exact: true });
  const cellOf = async (name: string, column: string): Promise<Locator> => {
    // Header names are the labels; a selection column may come first, so find the position.
    const headers = await table.getByRole('columnheader').evaluateAll((cells) => cells.map((c) => c.getAttribute('aria-label') ?? c.textContent ?? ''));
    const index = headers.findIndex((text) => text.replace(/[▲▼↕]/g, '').trim() === column);
    if (index < 0) throw new Error(`no column "${column}" in table "${tableName}" (columns: ${headers.join(' | ')})`);
    const row = rowNamed(name);
    return row.getByRole('cell').or(row.getByRole('rowheader')).nth(index);
  };
  return {
    page,
    table,
    filter,
    rows,
    rowNamed,
    cellOf,
    stateOf: (name) => cellOf(name, 'State'),
    columnHeader,
    async sortBy(label) {
      await columnHeader(label).getByRole('button').click();
    },
    async names() {
      return (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
    },
    async filterBy(text) {
      await filter.fill(text);
    },
  };
}
