// 3. The browser: navigation to Git Repos and Clusters until the table is interactive (rows
// rendered, the count shows every object, the Filter box enabled), both as a fresh page load and
// as an in-app navigation; a filter keystroke until the rows are updated; frame times while
// scrolling the 10,000 clusters. The server's caches are warm (the cold-start benchmark's socket).
import type { Browser } from 'playwright-core';
import type { BenchFn } from './bench-context.model';
import { countChange, lastClick, lastKeydown, newProbedPage, scrollFrames, waitSeen } from './page-probe.service';
import type { Figure } from './report.model';
import { droppedFrameShare, summarize } from './stats.model';

const countText = (n: number): string => `${n} ${n === 1 ? 'item' : 'items'}`;

export function createBrowserBench(getBrowser: () => Promise<Browser>): BenchFn {
  return async (ctx) => {
    const bff = ctx.bff;
    if (!bff) throw new Error('the server is not running');
    const browser = await getBrowser();
    const repeats = ctx.quick ? 2 : 5;
    const lists = [
      { table: 'Git Repos', path: 'gitrepos', link: 'Git Repos', count: ctx.counts.gitRepos ?? 0 },
      { table: 'Clusters', path: 'clusters', link: 'Clusters', count: ctx.counts.clusters ?? 0 },
    ];
    const figures: Figure[] = [];
    const page = await newProbedPage(browser);
    try {
      // Warm-up load (the browser's own caches, the server's compression of the assets).
      await page.goto(`${bff.url}/w/${ctx.workspace}/gitrepos`);
      await waitSeen(page, 'Git Repos', countText(lists[0]?.count ?? 0));
      for (const list of lists) {
        const loads: number[] = [];
        for (let i = 0; i < repeats; i++) {
          await page.goto(`${bff.url}/w/${ctx.workspace}/${list.path}`);
          loads.push(await waitSeen(page, list.table, countText(list.count)));
        }
        figures.push({ name: `${list.table} (${list.count}) page load → interactive`, unit: 'ms', summary: summarize(loads), target: { op: '<', value: 1000 } });
      }
      for (const [from, to] of [
        [lists[0], lists[1]],
        [lists[1], lists[0]],
      ] as const) {
        if (!from || !to) continue;
        const times: number[] = [];
        for (let i = 0; i < repeats; i++) {
          await page.goto(`${bff.url}/w/${ctx.workspace}/${from.path}`);
          await waitSeen(page, from.table, countText(from.count));
          await page.getByRole('link', { name: to.link, exact: true }).first().click();
          const shown = await waitSeen(page, to.table, countText(to.count));
          times.push(shown - (await lastClick(page)));
        }
        figures.push({ name: `${to.table} (${to.count}) in-app navigation click → interactive`, unit: 'ms', summary: summarize(times), target: { op: '<', value: 1000 } });
      }
      // Filter keystrokes on the biggest list: one character (every row searched) and Backspace.
      const clusters = lists[1];
      if (clusters) {
        await page.goto(`${bff.url}/w/${ctx.workspace}/clusters`);
        await waitSeen(page, clusters.table, countText(clusters.count));
        const filter = page.getByRole('textbox', { name: 'Filter', exact: true });
        await filter.click();
        const keys: number[] = [];
        const chars = ['7', 'w', '3', 'e', '9', 'u', '1', 's', '0', 'a'].slice(0, ctx.quick ? 4 : 10);
        for (const ch of chars) {
          for (const key of [ch, 'Backspace']) {
            const countBefore = await page.evaluate<string>("document.querySelector('.rt [aria-live]')?.textContent ?? ''");
            const changedAt = countChange(page, countBefore);
            await page.keyboard.press(key);
            keys.push((await changedAt) - (await lastKeydown(page)));
          }
        }
        figures.push({ name: `filter keystroke → rows updated (${clusters.count} clusters)`, unit: 'ms', summary: summarize(keys), target: { op: '<', value: 100 } });
        await filter.fill('');
        await waitSeen(page, clusters.table, countText(clusters.count));
        await scrollFrames(page, clusters.table, 30, 200);
        const deltas = await scrollFrames(page, clusters.table, ctx.quick ? 120 : 300, 200);
        figures.push(
          { name: `scroll frame time (${clusters.count} clusters, 200 px/frame)`, unit: 'ms', summary: summarize(deltas) },
          { name: 'scroll frames longer than 25 ms', unit: '%', value: droppedFrameShare(deltas) * 100, target: { op: '<', value: 1 } },
        );
      }
    } finally {
      await page.context().close();
    }
    return {
      figures,
      notes: [
        'interactive = the table has rendered rows, its count shows every object and the Filter box is enabled (requestAnimationFrame poller in the page; page load measured from navigation start)',
        'headless Chromium with --disable-gpu (software compositing), the e2e suite\'s flags',
      ],
    };
  };
}
