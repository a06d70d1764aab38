import { describe, expect, it } from 'vitest';
import { comparedValue, formatMachine, formatNumber, formatTable, meetsTarget, resultFileName, type BenchRun } from './report.model';
import { summarize } from './stats.model';

describe('meetsTarget', () => {
  it('compares the p99 of repeated measurements and the value of single ones', () => {
    const repeated = { name: 'x', unit: 'ms', summary: summarize([10, 20, 300]), target: { op: '<' as const, value: 250 } };
    expect(comparedValue(repeated)).toBe(300);
    expect(meetsTarget(repeated)).toBe(false);
    expect(meetsTarget({ name: 'y', unit: 'ms', value: 99, target: { op: '<', value: 100 } })).toBe(true);
    expect(meetsTarget({ name: 'z', unit: 'watches', value: 1, target: { op: '=', value: 1 } })).toBe(true);
    expect(meetsTarget({ name: 'z', unit: 'watches', value: 2, target: { op: '=', value: 1 } })).toBe(false);
    expect(meetsTarget({ name: 'w', unit: 'ms', value: 100, target: { op: '<=', value: 100 } })).toBe(true);
  });

  it('has no verdict without a target or without a figure', () => {
    expect(meetsTarget({ name: 'a', unit: 'ms', value: 5 })).toBeUndefined();
    expect(meetsTarget({ name: 'b', unit: 'ms', summary: summarize([]), target: { op: '<', value: 1 } })).toBeUndefined();
  });
});

describe('formatNumber', () => {
  it('keeps integers and rounds others by magnitude', () => {
    expect(formatNumber(2000)).toBe('2000');
    expect(formatNumber(1234.5678)).toBe('1235');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.012345)).toBe('0.012');
    expect(formatNumber(Number.NaN)).toBe('-');
    expect(formatNumber(undefined)).toBe('-');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
  });
});

describe('formatTable', () => {
  const run: Pick<BenchRun, 'benchmarks'> = {
    benchmarks: [
      {
        id: '3',
        title: 'Browser',
        durationMs: 1,
        notes: [],
        figures: [
          { name: 'filter keystroke', unit: 'ms', summary: summarize([20, 30, 40]), target: { op: '<', value: 100 } },
          { name: 'frames dropped', unit: '%', value: 3.5, target: { op: '<', value: 1 } },
        ],
      },
      { id: '7', title: 'Web bundle', durationMs: 1, notes: [], figures: [{ name: "Monaco's lazy chunk", unit: '', text: 'absent' }] },
      { id: '5', title: 'Fan-out', durationMs: 1, notes: [], figures: [], error: 'server gone' },
    ],
  };

  it('prints a header and one aligned line per figure with the verdict', () => {
    const lines = formatTable(run).split('\n');
    expect(lines[0]).toMatch(/^#\s+figure\s+value\/median\s+p99\s+n\s+unit\s+target\s+ok$/);
    expect(lines[1]).toMatch(/^-+\s+-+/);
    expect(lines[2]).toMatch(/^3\s+filter keystroke\s+30\s+40\s+3\s+ms\s+p99 < 100\s+yes$/);
    expect(lines[3]).toMatch(/^3\s+frames dropped\s+3\.50\s+%\s+< 1\s+NO$/);
    expect(lines[4]).toMatch(/^7\s+Monaco's lazy chunk\s+absent$/);
    expect(lines[5]).toMatch(/^5\s+Fan-out: FAILED server gone$/);
    const valueColumn = lines[0]?.indexOf('value/median');
    expect(lines[2]?.indexOf('30')).toBe(valueColumn);
  });
});

describe('formatMachine and resultFileName', () => {
  it('names the machine and gives a file name without colons', () => {
    expect(formatMachine({ cpuModel: 'Xeon', cores: 2, memoryGiB: 23.5, node: 'v20.20.2', platform: 'linux x64', loadAverage: 1.5 })).toBe(
      'Xeon, 2 cores, 23.5 GiB RAM, Node v20.20.2 (linux x64), load average 1.50 at start',
    );
    expect(resultFileName('2026-11-28T06:06:55.123Z')).toBe('2026-11-28T06-06-55Z.json');
  });
});
