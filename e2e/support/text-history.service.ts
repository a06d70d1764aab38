/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Records every text a part of the page shows while a flow runs, so a short-lived state (a Force
// Update's "Updating…" marker, GitUpdating for a fraction of a second) is not missed between two
// polls. A MutationObserver in the page re-reads the part after each DOM change and keeps each new
// text. Parts: a table cell (row by its row header, column by its header), or the title row of a
// detail page (the level-1 heading with the state badge, progress marker and actions beside it).
import type { Page } from '@playwright/test';

export interface TextHistory {
  /** The distinct texts seen so far, in order (consecutive repeats collapsed). */
  values(): Promise<string[]>;
  stop(): Promise<void>;
}

type Target = { kind: 'cell'; table: string; row: string; column: string } | { kind: 'title' };

interface HistoryWindow {
  e2eTextHistories?: Record<string, { values: string[]; stop: () => void }>;
}

let nextId = 0;

async function record(page: Page, target: Target): Promise<TextHistory> {
  const id = `h${++nextId}`;
  await page.evaluate(
    ({ id, target }) => {
      const normalize = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
      const readCell = (t: { table: string; row: string; column: string }): string | undefined => {
        const tableEl = [...document.querySelectorAll('[role="table"], table')].find((el) => el.getAttribute('aria-label') === t.table);
        if (!tableEl) return undefined;
        const headers = [...tableEl.querySelectorAll('[role="columnheader"], th[scope="col"]')];
        const index = headers.findIndex((h) => (h.getAttribute('aria-label') ?? h.textContent ?? '').replace(/[▲▼↕]/g, '').trim() === t.column);
        const rowHeader = [...tableEl.querySelectorAll('[role="rowheader"], th[scope="row"]')].find((h) => normalize(h.textContent) === t.row);
        const rowEl = rowHeader?.closest('[role="row"], tr');
        const cell = index < 0 || !rowEl ? undefined : [...rowEl.children][index];
        return cell ? normalize(cell.textContent) : undefined;
      };
      const readTitle = (): string | undefined => {
        const heading = document.querySelector('main h1');
        // One text per child (heading, badge, actions), space-separated: "Cluster x Ready ↻Updating… ⋮".
        const parts = heading?.parentElement ? [...heading.parentElement.children].map((child) => normalize(child.textContent)) : undefined;
        return parts?.filter((part) => part !== '').join(' ');
      };
      const read = (): string | undefined => (target.kind === 'cell' ? readCell(target) : readTitle());
      const values: string[] = [];
      const note = (): void => {
        const text = read();
        if (text !== undefined && values[values.length - 1] !== text) values.push(text);
      };
      const observer = new MutationObserver(note);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      note();
      const w = window as unknown as HistoryWindow;
      w.e2eTextHistories = { ...(w.e2eTextHistories ?? {}), [id]: { values, stop: () => observer.disconnect() } };
    },
    { id, target },
  );
  return {
    values: () => page.evaluate((key) => [...((window as unknown as HistoryWindow).e2eTextHistories?.[key]?.values ?? [])], id),
    stop: () => page.evaluate((key) => (window as unknown as HistoryWindow).e2eTextHistories?.[key]?.stop(), id),
  };
}

/** Records the cell of the row named `row` under the column headed `column` in table `table`. */
export function recordCellHistory(page: Page, options: { table: string; row: string; column: string }): Promise<TextHistory> {
  return record(page, { kind: 'cell', ...options });
}

/** Records the title row of a detail page: "<Kind> <name>", the state badge, "Updating…". */
export function recordTitleHistory(page: Page): Promise<TextHistory> {
  return record(page, { kind: 'title' });
}
