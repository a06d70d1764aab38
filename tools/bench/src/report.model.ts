// Benchmark results: the JSON shape written to results/<date>.json and the table printed on
// stdout. Pure.
import type { Summary } from './stats.model';
import type { HeapSummary } from './heap-snapshot.model';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started (other work on the machine). */
  loadAverage: number;
}

/** `value < limit` (or `<=`) is the target; a figure without a target is informative. */
export interface Target {
  op: '<' | '<=' | '=';
  value: number;
}

export interface Figure {
  name: string;
  unit: string;
  /** A single measurement. */
  value?: number;
  /** Repeated measurements. */
  summary?: Summary;
  /** Text figure (e.g. "absent"). */
  text?: string;
  target?: Target;
}

export interface BenchResult {
  id: string;
  title: string;
  figures: Figure[];
  notes: string[];
  /** Set when the benchmark could not run to the end. */
  error?: string;
  durationMs: number;
}

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: Machine;
  counts: Record<string, number>;
  notes: string[];
  benchmarks: BenchResult[];
  /** With --cpu-prof: the server's self time by function over the whole run. */
  /** `--heap-snapshot`: the server's heap after every benchmark, by type and by retainer. */
  serverHeap?: HeapSummary & { file: string };
  serverProfile?: { totalMs: number; functions: { name: string; location: string; selfMs: number; share: number }[] };
}

/** The figure compared with its target: p99 for repeated measurements, else the value. */
export function comparedValue(figure: Figure): number | undefined {
  if (figure.summary) return figure.summary.p99;
  return figure.value;
}

export function meetsTarget(figure: Figure): boolean | undefined {
  const v = comparedValue(figure);
  if (!figure.target || v === undefined || Number.isNaN(v)) return undefined;
  switch (figure.target.op) {
    case '<':
      return v < figure.target.value;
    case '<=':
      return v <= figure.target.value;
    case '=':
      return v === figure.target.value;
  }
}

/** A number for the table: integers as they are, others with up to 3 significant decimals. */
export function formatNumber(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : abs >= 1 ? v.toFixed(2) : v.toPrecision(2);
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
}

/** One table of every figure: benchmark, figure, value or median, p99, n, unit, target, verdict. */
export function formatTable(run: Pick<BenchRun, 'benchmarks'>): string {
  const header = ['#', 'figure', 'value/median', 'p99', 'n', 'unit', 'target', 'ok'];
  const rows: string[][] = [];
  for (const bench of run.benchmarks) {
    if (bench.error) rows.push([bench.id, `${bench.title}: FAILED ${bench.error}`, '', '', '', '', '', '']);
    for (const f of bench.figures) {
      const verdict = meetsTarget(f);
      rows.push([
        bench.id,
        f.name,
        f.text ?? formatNumber(f.summary ? f.summary.median : f.value),
        f.summary ? formatNumber(f.summary.p99) : '',
        f.summary ? String(f.summary.n) : '',
        f.unit,
        f.target ? `${f.summary ? 'p99 ' : ''}${f.target.op} ${formatNumber(f.target.value)}` : '',
        verdict === undefined ? '' : verdict ? 'yes' : 'NO',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.min((r[i] ?? '').length, 70))));
  return [pad(header, widths), pad(widths.map((w) => '-'.repeat(w)), widths), ...rows.map((r) => pad(r, widths))].join('\n');
}

export function formatMachine(machine: Machine): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${formatNumber(machine.memoryGiB)} GiB RAM, Node ${machine.node} (${machine.platform}), load average ${formatNumber(machine.loadAverage)} at start`;
}

/** `results/<date>.json` name for a run started at `iso` (colons are not welcome in file names). */
export function resultFileName(iso: string): string {
  return `${iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;
}
