// Summaries of repeated measurements: nearest-rank percentiles, median, mean. Pure.

export interface Summary {
  n: number;
  min: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (`p` in 0..100) of the values; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The median as the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, min: Number.NaN, median: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { n: values.length, min, median: median(values), p95: percentile(values, 95), p99: percentile(values, 99), max, mean: sum / values.length };
}

/** Share of frame intervals longer than `budgetMs` × 1.5 (a frame of a 60 Hz display was missed). */
export function droppedFrameShare(frameDeltas: readonly number[], budgetMs = 1000 / 60): number {
  if (frameDeltas.length === 0) return Number.NaN;
  return frameDeltas.filter((d) => d > budgetMs * 1.5).length / frameDeltas.length;
}
