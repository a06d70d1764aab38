// The YAML page (Edit YAML / Create from YAML): the Monaco editor found by its accessible name,
// the toolbar buttons, the outcome notice and the problem list. The editor's text is read the way a
// user keeps it: through "Download".
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';

export interface YamlEditorPage {
  page: Page;
  heading: Locator;
  /** Monaco's input (a textbox named "YAML of <name>"). */
  editor: Locator;
  reviewChanges: Locator;
  save: Locator;
  download: Locator;
  cancel: Locator;
  /** The conflict or refusal notice (Monaco keeps empty alert regions of its own). */
  alert: Locator;
  /** "Saved …" / "Created." */
  status: Locator;
  problems: Locator;
  showTheirVersion: Locator;
  reload: Locator;
  /** The side-by-side diff region. */
  diff(label: string): Locator;
  /** Opens the page and waits for the editor. */
  open(workspace: string, resource: string, name: string): Promise<void>;
  /** Puts the cursor at the end of a 1-based line (keyboard only, as a user would). */
  goToLineEnd(line: number): Promise<void>;
  /** The text in the editor, as "Download" saves it. */
  text(): Promise<string>;
  /** Confirms "Discard and reload" in the dialog that Reload opens. */
  confirmReload(): Promise<void>;
}

export function createYamlEditorPage(page: Page, name: string): YamlEditorPage {
  const editor = page.getByRole('textbox', { name: `YAML of ${name}`, exact: true });
  const download = page.getByRole('button', { name: 'Download', exact: true });
  return {
    page,
    heading: page.getByRole('heading', { level: 1, name: `Edit YAML: ${name}`, exact: true }),
    editor,
    reviewChanges: page.getByRole('button', { name: 'Review changes', exact: true }),
    save: page.getByRole('button', { name: 'Save', exact: true }),
    download,
    cancel: page.getByRole('link', { name: 'Cancel', exact: true }),
    alert: page.getByRole('alert').filter({ hasText: /Conflict:|Not saved:/ }),
    status: page.getByRole('status').filter({ hasText: /Saved|Created/ }),
    problems: page.getByRole('list', { name: 'Problems', exact: true }),
    showTheirVersion: page.getByRole('button', { name: 'Show their version', exact: true }),
    reload: page.getByRole('button', { name: 'Reload', exact: true }),
    diff: (label) => page.getByRole('region', { name: label, exact: true }),
    async open(workspace, resource, objectName) {
      await page.goto(`/w/${workspace}/${resource}/${objectName}/yaml`);
      await editor.waitFor({ state: 'attached', timeout: 30_000 });
    },
    async goToLineEnd(line) {
      await editor.focus();
      await page.keyboard.press('Control+Home');
      for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
    },
    async text() {
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      const path = await file.path();
      return readFile(path, 'utf8');
    },
    async confirmReload() {
      const dialog = page.getByRole('dialog', { name: 'Reload from the server?' });
      await dialog.getByRole('button', { name: 'Discard and reload', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    },
  };
}

/** 1-based number of the first line of `text` that equals `line` after trimming. */
export function lineOf(text: string, line: string): number {
  const index = text.split('\n').findIndex((l) => l.trim() === line);
  if (index < 0) throw new Error(`no line "${line}" in:\n${text}`);
  return index + 1;
}
