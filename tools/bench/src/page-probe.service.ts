// Chromium (Debian's, the e2e suite's flags) and the probes the benchmarks install in the page:
// a requestAnimationFrame poller that records when each table first shows a given row count, a
// keydown clock, frame-time recording, and MutationObserver-based row watchers. Times are the
// page's performance.now(); clockOffset() aligns them with this process.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// In-page code is given as text: functions compiled by tsx carry helper calls (`__name`) that do
// not exist in the page.
const PROBE_SCRIPT = `(() => {
  const b = { seen: {}, keydowns: [], clicks: [], rowTexts: {} };
  window.__bench = b;
  document.addEventListener('keydown', () => b.keydowns.push(performance.now()), true);
  document.addEventListener('click', () => b.clicks.push(performance.now()), true);
  const tick = () => {
    for (const table of document.querySelectorAll('table[aria-label]')) {
      const label = table.getAttribute('aria-label') || '';
      const root = table.closest('.rt') || document;
      const rows = table.querySelectorAll('tbody tr[data-key]').length;
      const live = root.querySelector('[aria-live]');
      const count = live && live.textContent ? live.textContent.trim() : '';
      const filter = root.querySelector('input[aria-label="Filter"]');
      if (rows > 0 && filter && !filter.disabled) {
        const key = label + '|' + count;
        if (b.seen[key] === undefined) b.seen[key] = performance.now();
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  b.observeRow = (k) => {
    const list = (b.rowTexts[k] = []);
    let last = '';
    const check = () => {
      const row = document.querySelector('tr[data-key="' + CSS.escape(k) + '"]');
      const text = row ? row.textContent || '' : '';
      if (text !== last) {
        last = text;
        list.push({ text, at: performance.now() });
      }
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  };
  b.poll = (check, timeoutMs, what) => new Promise((resolve, reject) => {
    const started = performance.now();
    const step = () => {
      let value;
      try {
        value = check();
      } catch (error) {
        return reject(error);
      }
      if (value) return resolve(value);
      if (performance.now() - started > timeoutMs) return reject(new Error('timed out after ' + timeoutMs + ' ms waiting for ' + what));
      setTimeout(step, 20);
    };
    step();
  });
  b.countChange = (before) => new Promise((resolve) => {
    const check = (t) => {
      const live = document.querySelector('.rt [aria-live]');
      if ((live ? live.textContent : '') !== before) resolve(t);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  b.longTasks = (ms) => new Promise((resolve) => {
    const durations = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) durations.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    setTimeout(() => {
      observer.disconnect();
      resolve(durations);
    }, ms);
  });
  b.scrollFrames = (label, n, px) => new Promise((resolve, reject) => {
    const table = document.querySelector('table[aria-label="' + label + '"]');
    const scroller = table ? table.closest('.rt__scroller') || table.parentElement : null;
    if (!scroller) return reject(new Error('no scroller for ' + label));
    const deltas = [];
    let last = 0;
    let left = n;
    const frame = (t) => {
      if (last > 0) deltas.push(t - last);
      last = t;
      if (left-- <= 0) return resolve(deltas);
      const max = scroller.scrollHeight - scroller.clientHeight;
      scroller.scrollTop = scroller.scrollTop + px > max ? 0 : scroller.scrollTop + px;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
})();`;

export async function newProbedPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 850 } });
  await context.addInitScript({ content: PROBE_SCRIPT });
  return context.newPage();
}

/** Waits until `table` shows `countText`; the page time it first did. */
export async function waitSeen(page: Page, table: string, countText: string, timeoutMs = 60_000): Promise<number> {
  const key = JSON.stringify(`${table}|${countText}`);
  return page.evaluate<number>(`window.__bench.poll(() => window.__bench.seen[${key}], ${timeoutMs}, ${JSON.stringify(`table ${table} showing ${countText}`)})`);
}

/** Offset to add to a page time (performance.now()) to get this process's performance.now(). */
export async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 15; i++) {
    const before = performance.now();
    const pageNow = await page.evaluate<number>('performance.timeOrigin + performance.now()');
    const after = performance.now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: (before + after) / 2 + performance.timeOrigin - pageNow };
  }
  // page epoch + offset = node epoch; node performance.now() = node epoch - node timeOrigin.
  const pageOrigin = await page.evaluate<number>('performance.timeOrigin');
  return pageOrigin + best.offset - performance.timeOrigin;
}

/**
 * Watches the row `[data-key=key]` with a MutationObserver and records every distinct text
 * it shows with the page time; readable with rowTexts().
 */
export async function observeRow(page: Page, key: string): Promise<void> {
  await page.evaluate(`window.__bench.observeRow(${JSON.stringify(key)})`);
}

/** Resolves with the page time of the first frame whose list count differs from `before`. */
export async function countChange(page: Page, before: string): Promise<number> {
  return page.evaluate(`window.__bench.countChange(${JSON.stringify(before)})`);
}

/** Resolves once the observed row has shown a text containing `text`. */
export async function waitRowText(page: Page, key: string, text: string, timeoutMs: number): Promise<void> {
  await page.evaluate(
    `window.__bench.poll(() => (window.__bench.rowTexts[${JSON.stringify(key)}] || []).some((e) => e.text.includes(${JSON.stringify(text)})), ${timeoutMs}, ${JSON.stringify(`row ${key} showing ${text}`)})`,
  );
}

export async function rowTexts(page: Page, key: string): Promise<{ text: string; at: number }[]> {
  return page.evaluate(`window.__bench.rowTexts[${JSON.stringify(key)}] || []`);
}

export async function lastKeydown(page: Page): Promise<number> {
  return page.evaluate('window.__bench.keydowns.length ? window.__bench.keydowns[window.__bench.keydowns.length - 1] : NaN');
}

export async function lastClick(page: Page): Promise<number> {
  return page.evaluate('window.__bench.clicks.length ? window.__bench.clicks[window.__bench.clicks.length - 1] : NaN');
}

/** Scrolls the table's scroller by `step` px every frame for `frames` frames; the frame deltas. */
/** Durations of the main thread's long tasks (over 50 ms) during the next `ms` milliseconds. */
export async function longTasks(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`window.__bench.longTasks(${ms})`);
}

export async function scrollFrames(page: Page, table: string, frames: number, step: number): Promise<number[]> {
  return page.evaluate(`window.__bench.scrollFrames(${JSON.stringify(table)}, ${frames}, ${step})`);
}
