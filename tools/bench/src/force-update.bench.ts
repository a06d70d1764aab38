// 6. Force Update: the confirming click in the browser until the API server has the new
// spec.forceSyncGeneration (a direct watch sees it), and until the row first changes
// ("Updating…" marker), and until the row shows the git job running (GitUpdating), which the
// bench writes as Fleet's gitjob controller would when it sees the new generation.
import type { Browser } from 'playwright-core';
import { gitRepoName, type BenchFn } from './bench-context.model';
import { startDirectWatch } from './direct-watch.service';
import { gitRepoStatus } from './estate-writer.service';
import { clockOffset, lastClick, newProbedPage, observeRow, rowTexts, waitRowText, waitSeen } from './page-probe.service';
import type { Figure } from './report.model';
import { summarize } from './stats.model';

export function createForceUpdateBench(getBrowser: () => Promise<Browser>): BenchFn {
  return async (ctx) => {
    const bff = ctx.bff;
    if (!bff) throw new Error('the server is not running');
    const browser = await getBrowser();
    const repeats = ctx.quick ? 3 : 10;
    const page = await newProbedPage(browser);
    const gens = new Map<string, { gen: number; at: number }>();
    const direct = await startDirectWatch({ kubeconfigPath: ctx.testbed.users.admin.kubeconfigPath, path: `/apis/fleet.cattle.io/v1alpha1/namespaces/${ctx.workspace}/gitrepos` });
    const now = new Date().toISOString();
    direct.onEvent((_type, obj, at) => {
      const meta = obj.metadata as { name?: string };
      const gen = (obj.spec as { forceSyncGeneration?: number } | undefined)?.forceSyncGeneration ?? 0;
      const name = meta.name ?? '';
      const prev = gens.get(name);
      if (!prev || prev.gen !== gen) {
        gens.set(name, { gen, at });
        // Fleet's gitjob: a new forceSyncGeneration starts a job (gitJobStatus InProgress).
        if (prev && gen > prev.gen) {
          void ctx.http.request('PATCH', `/apis/fleet.cattle.io/v1alpha1/namespaces/${ctx.workspace}/gitrepos/${name}/status`, { status: { gitJobStatus: 'InProgress' } }, 'application/merge-patch+json');
        }
      }
    });
    const toWrite: number[] = [];
    const toRowChange: number[] = [];
    const toGitUpdating: number[] = [];
    try {
      for (let i = 0; i < repeats; i++) {
        const name = gitRepoName(ctx, 11 + i);
        const key = `${ctx.workspace}/${name}`;
        await page.goto(`${bff.url}/w/${ctx.workspace}/gitrepos?q=${encodeURIComponent(name)}`);
        await waitSeen(page, 'Git Repos', `1 of ${ctx.counts.gitRepos ?? 0}`);
        await observeRow(page, key);
        const offset = await clockOffset(page);
        const before = gens.get(name)?.gen ?? 0;
        await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
        await page.getByRole('menuitem', { name: 'Force Update' }).click();
        const dialog = page.getByRole('dialog');
        const rowsBefore = (await rowTexts(page, key)).length;
        await dialog.getByRole('button', { name: 'Force Update', exact: true }).click();
        const clickAt = (await lastClick(page)) + offset;
        await waitRowText(page, key, 'GitUpdating', 10_000);
        const texts = await rowTexts(page, key);
        const firstChange = texts[rowsBefore];
        const updating = texts.find((e) => e.text.includes('GitUpdating'));
        const write = gens.get(name);
        if (write && write.gen > before) toWrite.push(write.at - clickAt);
        if (firstChange) toRowChange.push(firstChange.at + offset - clickAt);
        if (updating) toGitUpdating.push(updating.at + offset - clickAt);
        // The job finishes: back to Current for the next round.
        await ctx.http.request('PATCH', `/apis/fleet.cattle.io/v1alpha1/namespaces/${ctx.workspace}/gitrepos/${name}/status`, gitRepoStatus(name, 10, 50, now), 'application/merge-patch+json');
      }
    } finally {
      direct.stop();
      await page.context().close();
    }
    const figures: Figure[] = [
      { name: 'Force Update click → API write (watch sees the new generation)', unit: 'ms', summary: summarize(toWrite) },
      { name: 'Force Update click → first row change', unit: 'ms', summary: summarize(toRowChange) },
      { name: 'Force Update click → row shows GitUpdating (via the API server)', unit: 'ms', summary: summarize(toGitUpdating) },
    ];
    return { figures, notes: ['the click is the confirming "Force Update" button of the dialog; its time is the page\'s click event'] };
  };
}
