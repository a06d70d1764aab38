import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { summarizeHeapSnapshot } from './heap-snapshot.model';

async function* linesOf(text: string): AsyncIterable<string> {
  yield* text.split('\n');
}

// The layout V8 writes: one node, edge and string per line.
const SYNTHETIC = [
  '{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count"],"node_types":[["hidden","array","string","object"],"string","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]},"node_count":4,"edge_count":3},',
  '"nodes":[3,1,1,16,2',
  ',3,2,3,40,1',
  ',2,3,5,64,0',
  ',2,4,7,24,0],',
  '"edges":[2,5,5',
  ',6,6,15',
  ',2,7,10],',
  '"trace_function_infos":[],',
  '"locations":[1,2,3',
  ',4,5,6],',
  '"strings":["<dummy>",',
  '"Root",',
  '"Row",',
  '"a cached string, with a ] and a comma",',
  '"another",',
  '"row",',
  '"weakly",',
  '"labels"]}',
].join('\n');

describe('summarizeHeapSnapshot', () => {
  it('sums self sizes by type and constructor, and by first strong retainer and field', async () => {
    const summary = await summarizeHeapSnapshot(linesOf(SYNTHETIC));
    expect(summary.nodes).toBe(4);
    expect(summary.totalBytes).toBe(144);
    expect(summary.byType).toEqual([
      { name: 'string', count: 2, bytes: 88 },
      { name: 'object:Row', count: 1, bytes: 40 },
      { name: 'object:Root', count: 1, bytes: 16 },
    ]);
    // Root -row-> Row -labels-> "a cached string…"; Root -weak-> "another" is not a retainer.
    expect(summary.byRetainer).toEqual([
      { name: 'string <- object:Row .labels', count: 1, bytes: 64 },
      { name: 'object:Row <- object:Root .row', count: 1, bytes: 40 },
      { name: 'string <- (none)', count: 1, bytes: 24 },
      { name: 'object:Root <- (none)', count: 1, bytes: 16 },
    ]);
  });

  it('refuses what is not a heap snapshot', async () => {
    await expect(summarizeHeapSnapshot(linesOf('{"cpu": true}'))).rejects.toThrow(/not a V8 heap snapshot/);
  });

  it('reads a real snapshot written by Node and finds the objects a process holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heap-model-'));
    try {
      const script = 'class BenchMarker { constructor(i) { this.i = i; this.s = "marker-" + i; } } globalThis.kept = Array.from({ length: 1000 }, (_, i) => new BenchMarker(i)); require("v8").writeHeapSnapshot(process.argv[1]);';
      const file = join(dir, 'test.heapsnapshot');
      execFileSync(process.execPath, ['-e', script, file], { stdio: 'ignore' });
      expect(readdirSync(dir)).toEqual(['test.heapsnapshot']);
      const summary = await summarizeHeapSnapshot(createInterface({ input: createReadStream(file), crlfDelay: Infinity }), { top: 1000 });
      const markers = summary.byType.find((g) => g.name === 'object:BenchMarker');
      expect(markers?.count).toBe(1000);
      expect(summary.byRetainer.find((g) => g.name === 'object:BenchMarker <- object:Array .[]')?.count).toBe(1000);
      expect(summary.totalBytes).toBeGreaterThan(1_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
