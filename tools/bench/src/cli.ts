// npm run bench [-- --quick] [--out <dir>] [--web-root <dir>] [--cpu-prof] [--heap-snapshot] [--keep]
// npm run bench -- --analyze-profile <file.cpuprofile>   (self time per function, top 25)
// npm run bench -- --analyze-heap <file.heapsnapshot>    (heap by type and by retainer, top 25)
// Starts a testbed, seeds fleet-sim's scale estate (10,000 clusters, 2,000 GitRepos, 100,000
// BundleDeployments in fleet-default; --quick: 200 / 40 / 2,000), builds the web app, starts the
// dashboard server and runs the seven benchmarks. Prints the machine, the counts and a table of
// every figure; writes results/<date>.json (or into --out). The web app is built into the run
// folder; when that build fails (the checkout is being edited), apps/web/dist is measured instead
// and the run says so. --web-root measures a given build.
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { scaleEstate, type ScaleProfile } from '@fleet-dashboard/fleet-sim';
import { startTestbed } from '@fleet-dashboard/testbed';
import { runBench, type BenchContext } from './bench-context.model';
import { createBffStartBench, warmClient } from './bff-start.bench';
import { createBrowserBench } from './browser.bench';
import { bundleSizeBench } from './bundle-size.bench';
import { createEventToPixelBench } from './event-to-pixel.bench';
import { fanoutBench } from './fanout.bench';
import { createForceUpdateBench } from './force-update.bench';
import { createKubeHttp } from './kube-http.service';
import { hotFunctions, type CpuProfile } from './cpu-profile.model';
import { summarizeHeapSnapshot, type HeapSummary } from './heap-snapshot.model';
import { describeMachine } from './machine.service';
import { launchChromium } from './page-probe.service';
import { formatMachine, formatTable, resultFileName, type BenchResult, type BenchRun } from './report.model';
import { seedingBench } from './seeding.bench';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RESULTS = fileURLToPath(new URL('../results', import.meta.url));

export const FULL_PROFILE: ScaleProfile = { clusters: 10_000, gitRepos: 2_000, pathsPerRepo: 5, clustersPerRepo: 10, workspace: 'fleet-default' };
export const QUICK_PROFILE: ScaleProfile = { clusters: 200, gitRepos: 40, pathsPerRepo: 5, clustersPerRepo: 10, workspace: 'fleet-default' };

function buildWeb(outDir: string, log: (line: string) => void): Promise<void> {
  log(`building the web app into ${outDir}`);
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const child = spawn('npm', ['run', 'build', '-w', '@fleet-dashboard/web', '--', '--outDir', outDir, '--emptyOutDir'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      // eslint-disable-next-line no-control-regex
      const text = output.join('').replace(/\x1b\[[0-9;]*m/g, '');
      const reason = /Could not resolve[^\n]*|error[^\n]*not found[^\n]*|\[[A-Z_]+\][^\n]*/i.exec(text)?.[0] ?? text.slice(-300);
      reject(new Error(`web build failed (exit ${code}): ${reason.trim()}`));
    });
  });
}

async function analyzeHeap(file: string, top: number): Promise<HeapSummary> {
  const summary = await summarizeHeapSnapshot(createInterface({ input: createReadStream(file), crlfDelay: Infinity }), { top });
  const mib = (b: number): string => (b / 2 ** 20).toFixed(1).padStart(7);
  console.log(`server heap snapshot ${file}: ${summary.nodes} nodes, ${mib(summary.totalBytes).trim()} MiB of self sizes`);
  console.log('  by type (MiB, count):');
  for (const g of summary.byType) console.log(`  ${mib(g.bytes)} ${String(g.count).padStart(9)}  ${g.name}`);
  console.log('  by first retainer and field (MiB, count):');
  for (const g of summary.byRetainer) console.log(`  ${mib(g.bytes)} ${String(g.count).padStart(9)}  ${g.name}`);
  return summary;
}

function printProfile(profile: CpuProfile, top: number): ReturnType<typeof hotFunctions> {
  const hot = hotFunctions(profile, { top, repoRoot: REPO_ROOT });
  console.log(`server CPU profile: ${(hot.totalMs / 1000).toFixed(1)} s sampled; self time by function:`);
  for (const f of hot.functions) console.log(`  ${f.selfMs.toFixed(0).padStart(7)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}  ${f.location}`);
  return hot;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'web-root': { type: 'string' },
      'analyze-profile': { type: 'string' },
      'heap-snapshot': { type: 'boolean', default: false },
      'analyze-heap': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run bench -- [--quick] [--out <dir>] [--web-root <dir>] [--cpu-prof] [--heap-snapshot] [--keep]');
    console.log('       npm run bench -- --analyze-profile <file.cpuprofile> | --analyze-heap <file.heapsnapshot>');
    return;
  }
  if (values['analyze-heap']) {
    await analyzeHeap(values['analyze-heap'], 25);
    return;
  }
  if (values['analyze-profile']) {
    printProfile(JSON.parse(readFileSync(values['analyze-profile'], 'utf8')) as CpuProfile, 25);
    return;
  }
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (line: string): void => console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const machine = describeMachine();
  const quick = values.quick;
  const profile = quick ? QUICK_PROFILE : FULL_PROFILE;
  log(`machine: ${formatMachine(machine)}`);
  log(`profile: ${JSON.stringify(profile)}${quick ? ' (--quick)' : ''}`);
  const runDir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
  const runNotes: string[] = [];
  const cpuProfileDir = values['cpu-prof'] ? join(runDir, 'cpu-prof') : undefined;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  const heapSnapshotDir = values['heap-snapshot'] ? join(runDir, 'heap') : undefined;

  const built = values['web-root'] ? Promise.resolve(resolvePath(values['web-root'])) : buildWeb(join(runDir, 'web'), log).then(() => join(runDir, 'web'));
  // kube-apiserver's watch cache on, as in every real cluster (lists and watches served from memory).
  const [testbed, webBuild] = await Promise.all([startTestbed({ watchCache: true, log: (l) => log(`testbed: ${l}`) }), built.then((dir) => ({ dir }), (error: unknown) => ({ error }))]);
  let webRoot: string;
  if ('dir' in webBuild) webRoot = webBuild.dir;
  else {
    webRoot = join(REPO_ROOT, 'apps', 'web', 'dist');
    const why = webBuild.error instanceof Error ? webBuild.error.message.split('\n')[0] : String(webBuild.error);
    runNotes.push(`the web app did not build from the checkout (${why ?? ''}); measured the existing build in apps/web/dist instead`);
    log(runNotes.at(-1) ?? '');
    if (!existsSync(join(webRoot, 'index.html'))) {
      await testbed.stop();
      throw new Error('no web build to measure');
    }
  }
  log(`testbed ${testbed.server} (kube-apiserver pid ${testbed.pids.kubeApiserver}, etcd pid ${testbed.pids.etcd})`);
  const http = createKubeHttp({ server: testbed.server, caData: testbed.caData, token: testbed.users.admin.token });
  const estate = scaleEstate(profile, 1);
  const ctx: BenchContext = {
    quick,
    repoRoot: REPO_ROOT,
    runDir,
    webRoot,
    workspace: profile.workspace ?? 'fleet-default',
    profile,
    testbed,
    http,
    names: { gitRepos: estate.gitRepos.map((r) => r.metadata.name), clusters: estate.clusters.map((c) => c.metadata.name) },
    counts: {},
    log,
  };
  let browser: Browser | undefined;
  const getBrowser = async (): Promise<Browser> => (browser ??= await launchChromium());
  const results: BenchResult[] = [];
  let heapFile: string | undefined;
  try {
    results.push(await runBench(ctx, '1', 'Seeding and API-server load', seedingBench));
    results.push(await runBench(ctx, '2', 'BFF cold start to first snapshot, memory', createBffStartBench({ ...(cpuProfileDir ? { cpuProfileDir } : {}), ...(heapSnapshotDir ? { heapSnapshotDir } : {}) })));
    results.push(await runBench(ctx, '7', 'Web bundle', bundleSizeBench));
    results.push(await runBench(ctx, '3', 'Browser: navigation, filter, scrolling', createBrowserBench(getBrowser)));
    results.push(await runBench(ctx, '4', 'Event-to-pixel under 200 changes/s', createEventToPixelBench(getBrowser)));
    results.push(await runBench(ctx, '6', 'Force Update', createForceUpdateBench(getBrowser)));
    results.push(await runBench(ctx, '5', 'Fan-out to many websocket clients', fanoutBench));
    // Last, as writing it pauses the server and doubles its memory for a moment.
    if (heapSnapshotDir && ctx.bff) {
      log('writing a heap snapshot of the server (the warm caches, after every benchmark)');
      heapFile = await ctx.bff.writeHeapSnapshot();
    }
  } finally {
    warmClient?.close();
    await browser?.close();
    await ctx.bff?.stop();
    http.close();
    await testbed.stop();
  }
  results.sort((a, b) => a.id.localeCompare(b.id));
  const run: BenchRun = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick,
    machine,
    counts: ctx.counts,
    notes: [...runNotes, 'kube-apiserver ran with its watch cache on', `the machine's 2 cores were shared with other work during the run (load average ${machine.loadAverage.toFixed(2)} at start)`],
    benchmarks: results,
  };
  if (cpuProfileDir) {
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (others are workers).
    const file = readdirSync(cpuProfileDir).filter((f) => f.endsWith('.cpuprofile')).sort()[0];
    if (file) run.serverProfile = printProfile(JSON.parse(readFileSync(join(cpuProfileDir, file), 'utf8')) as CpuProfile, 25);
  }
  if (heapFile) run.serverHeap = { file: heapFile, ...(await analyzeHeap(heapFile, 25)) };
  const outDir = values.out ?? RESULTS;
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, resultFileName(run.startedAt));
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  console.log('');
  console.log(`Machine: ${formatMachine(machine)}`);
  console.log(`Counts: ${Object.entries(ctx.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log('');
  console.log(formatTable(run));
  for (const r of results) for (const n of r.notes) console.log(`  [${r.id}] ${n}`);
  console.log('');
  console.log(`results: ${file}; total ${((performance.now() - t0) / 60_000).toFixed(1)} min`);
  if (cpuProfileDir) console.log(`server CPU profile: ${cpuProfileDir} (kept)`);
  if (heapFile) console.log(`server heap snapshot: ${heapFile} (kept)`);
  if (!values.keep && !cpuProfileDir && !heapFile) rmSync(runDir, { recursive: true, force: true });
  else console.log(`run folder kept: ${runDir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
