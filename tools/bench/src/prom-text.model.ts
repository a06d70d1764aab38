// The Prometheus text exposition format, read into samples. Pure.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescapeLabel(value: string): string {
  return value.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

export function parsePromText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const m of (match[2] ?? '').matchAll(LABEL)) labels[m[1] ?? ''] = unescapeLabel(m[2] ?? '');
    samples.push({ name: match[1] ?? '', labels, value: parseValue(match[3] ?? '') });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include every pair of `where`. */
export function sumOf(samples: readonly PromSample[], name: string, where: Record<string, string> = {}): number {
  let total = 0;
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(where).every(([k, v]) => s.labels[k] === v)) total += s.value;
  }
  return total;
}

/** The samples named `name`, as `label value → sample value` by one label. */
export function byLabel(samples: readonly PromSample[], name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = s.labels[label] ?? '';
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

export interface HistogramDelta {
  count: number;
  sum: number;
  /** Cumulative counts by upper bound (`le`), ascending; +Inf last. */
  buckets: { le: number; count: number }[];
}

/** What a histogram observed between two scrapes. */
export function histogramDelta(before: readonly PromSample[], after: readonly PromSample[], name: string): HistogramDelta {
  const buckets = (samples: readonly PromSample[]): Map<number, number> => {
    const m = new Map<number, number>();
    for (const s of samples) if (s.name === `${name}_bucket`) m.set(s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), s.value);
    return m;
  };
  const b0 = buckets(before);
  const b1 = buckets(after);
  return {
    count: sumOf(after, `${name}_count`) - sumOf(before, `${name}_count`),
    sum: sumOf(after, `${name}_sum`) - sumOf(before, `${name}_sum`),
    buckets: [...b1.entries()].sort(([a], [b]) => a - b).map(([le, c]) => ({ le, count: c - (b0.get(le) ?? 0) })),
  };
}

/** The share (0..1) of observations above the bucket bound `le` (which must be a bound). */
export function shareAbove(h: HistogramDelta, le: number): number {
  const at = h.buckets.find((b) => b.le === le);
  if (!at || h.count === 0) return Number.NaN;
  return (h.count - at.count) / h.count;
}
