import { describe, expect, it } from 'vitest';
import { byLabel, histogramDelta, parsePromText, shareAbove, sumOf } from './prom-text.model';

const TEXT = `# HELP fleet_dashboard_upstream_watches Upstream list+watch loops running
# TYPE fleet_dashboard_upstream_watches gauge
fleet_dashboard_upstream_watches{resource="gitrepos",namespace="fleet-default"} 1
fleet_dashboard_upstream_watches{resource="clusters",namespace="fleet-default"} 1
process_resident_memory_bytes 123456789
apiserver_request_total{code="201",verb="POST",resource="bundles"} 10
apiserver_request_total{code="409",verb="POST",resource="bundles"} 2
apiserver_request_total{code="200",verb="PATCH",resource="gitrepos",path="a\\"b"} 5 1700000000000
le_inf{le="+Inf"} +Inf
`;

describe('parsePromText', () => {
  const samples = parsePromText(TEXT);

  it('reads names, labels (escapes included), values and ignores comments and timestamps', () => {
    expect(samples).toHaveLength(7);
    expect(samples[0]).toEqual({ name: 'fleet_dashboard_upstream_watches', labels: { resource: 'gitrepos', namespace: 'fleet-default' }, value: 1 });
    expect(samples[2]).toEqual({ name: 'process_resident_memory_bytes', labels: {}, value: 123456789 });
    expect(samples[5]?.labels.path).toBe('a"b');
    expect(samples[5]?.value).toBe(5);
    expect(samples[6]?.value).toBe(Number.POSITIVE_INFINITY);
  });

  it('sums by name and labels, and groups by one label', () => {
    expect(sumOf(samples, 'apiserver_request_total')).toBe(17);
    expect(sumOf(samples, 'apiserver_request_total', { verb: 'POST' })).toBe(12);
    expect(sumOf(samples, 'absent')).toBe(0);
    expect(byLabel(samples, 'apiserver_request_total', 'verb')).toEqual({ POST: 12, PATCH: 5 });
    expect(byLabel(samples, 'fleet_dashboard_upstream_watches', 'resource')).toEqual({ gitrepos: 1, clusters: 1 });
  });
});

describe('histogramDelta', () => {
  const scrape = (c005: number, c01: number, inf: number, sum: number) =>
    parsePromText(
      [
        `h_bucket{le="0.005"} ${c005}`,
        `h_bucket{le="0.01"} ${c01}`,
        `h_bucket{le="+Inf"} ${inf}`,
        `h_sum ${sum}`,
        `h_count ${inf}`,
      ].join('\n'),
    );

  it('subtracts two scrapes bucket by bucket and gives the share above a bound', () => {
    const h = histogramDelta(scrape(1, 2, 3, 0.1), scrape(5, 8, 13, 0.6), 'h');
    expect(h).toEqual({ count: 10, sum: 0.5, buckets: [{ le: 0.005, count: 4 }, { le: 0.01, count: 6 }, { le: Infinity, count: 10 }] });
    expect(shareAbove(h, 0.01)).toBeCloseTo(0.4);
    expect(shareAbove(h, 0.02)).toBeNaN();
  });
});
