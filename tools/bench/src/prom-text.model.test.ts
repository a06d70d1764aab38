import { describe, expect, it } from 'vitest';
import { byLabel, parsePromText, sumOf } from './prom-text.model';

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
