// What a V8 heap snapshot (.heapsnapshot, as `--heapsnapshot-signal` or v8.writeHeapSnapshot
// write it) holds, summed two ways: self size by node type and constructor, and self size by what
// first retains each node (the retaining object and the field), which is where "which part of
// which cached object costs the most" shows. Streams the file line by line (V8 writes one node,
// one edge and one string per line), so snapshots larger than a JS string can be read.

export interface HeapGroup {
  name: string;
  count: number;
  bytes: number;
}

export interface HeapSummary {
  nodes: number;
  totalBytes: number;
  /** By node type, and constructor for objects (`object:Object`, `string`, `array`, …). */
  byType: HeapGroup[];
  /** By first retainer: `<type>[:constructor] <- <retainer type:name> .<field>`. */
  byRetainer: HeapGroup[];
}

interface Meta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
  edge_fields: string[];
  edge_types: [string[], ...unknown[]];
}

type Section = 'head' | 'nodes' | 'edges' | 'between' | 'strings' | 'done';

/** Parses the numbers of one line of a numeric array section (`[1,2,3`, `,4,5,6`, `],`). */
function pushNumbers(line: string, into: number[]): void {
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    const ch = i < line.length ? line.charCodeAt(i) : 44;
    if (ch === 44 /* , */ || ch === 91 /* [ */ || ch === 93 /* ] */) {
      if (i > start) into.push(Number(line.slice(start, i)));
      start = i + 1;
    }
  }
}

const CONTAINER_TYPES = new Set(['object', 'closure', 'native', 'hidden', 'synthetic']);
const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

export async function summarizeHeapSnapshot(lines: AsyncIterable<string>, options: { top?: number } = {}): Promise<HeapSummary> {
  const top = options.top ?? 25;
  let section: Section = 'head';
  let head = '';
  let meta: Meta | undefined;
  const nodes: number[] = [];
  const edges: number[] = [];
  const strings: string[] = [];
  for await (const raw of lines) {
    let line = raw;
    if (section === 'head') {
      head += `${line}\n`;
      const at = head.indexOf('"nodes":[');
      if (at < 0) continue;
      const metaStart = head.indexOf('"meta":');
      const metaEnd = head.indexOf(',"node_count"');
      if (metaStart < 0 || metaEnd < 0) throw new Error('not a V8 heap snapshot: no meta before the nodes');
      meta = JSON.parse(head.slice(metaStart + 7, metaEnd)) as Meta;
      section = 'nodes';
      line = head.slice(at + 8);
    }
    if (section === 'nodes') {
      const end = line.indexOf(']');
      pushNumbers(end >= 0 ? line.slice(0, end) : line, nodes);
      if (end < 0) continue;
      section = 'between';
      line = line.slice(end + 1);
    }
    if (section === 'between') {
      const at = line.indexOf('"edges":[');
      if (at >= 0) {
        section = 'edges';
        line = line.slice(at + 8);
      } else {
        const s = line.indexOf('"strings":[');
        if (s < 0) continue;
        section = 'strings';
        line = line.slice(s + 11);
      }
    }
    if (section === 'edges') {
      const end = line.indexOf(']');
      pushNumbers(end >= 0 ? line.slice(0, end) : line, edges);
      if (end >= 0) section = 'between';
      continue;
    }
    if (section === 'strings') {
      let s = line.trim();
      if (s.startsWith(',')) s = s.slice(1);
      let last = false;
      if (s.endsWith(']}')) {
        s = s.slice(0, -2);
        last = true;
      } else if (s.endsWith(',')) s = s.slice(0, -1);
      if (s.length > 0) strings.push(JSON.parse(s) as string);
      if (last) section = 'done';
    }
  }
  if (!meta) throw new Error('not a V8 heap snapshot: no nodes');
  return summarize(meta, nodes, edges, strings, top);
}

function summarize(meta: Meta, nodes: number[], edges: number[], strings: string[], top: number): HeapSummary {
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const TYPE = meta.node_fields.indexOf('type');
  const NAME = meta.node_fields.indexOf('name');
  const SIZE = meta.node_fields.indexOf('self_size');
  const EDGES = meta.node_fields.indexOf('edge_count');
  const E_TYPE = meta.edge_fields.indexOf('type');
  const E_NAME = meta.edge_fields.indexOf('name_or_index');
  const E_TO = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const count = Math.floor(nodes.length / nf);
  const typeOf = (n: number): string => nodeTypes[nodes[n * nf + TYPE] ?? 0] ?? '?';
  const nameOf = (n: number): string => strings[nodes[n * nf + NAME] ?? 0] ?? '?';
  const groupOf = (n: number): string => {
    const t = typeOf(n);
    return CONTAINER_TYPES.has(t) ? `${t}:${nameOf(n).slice(0, 60)}` : t;
  };

  // The first strong retainer of every node, in edge order.
  const owner = new Int32Array(count).fill(-1);
  const ownerEdge = new Int32Array(count).fill(-1);
  let e = 0;
  for (let n = 0; n < count; n++) {
    const edgeCount = nodes[n * nf + EDGES] ?? 0;
    for (let k = 0; k < edgeCount; k++, e += ef) {
      if (edgeTypes[edges[e + E_TYPE] ?? 0] === 'weak') continue;
      const to = Math.floor((edges[e + E_TO] ?? 0) / nf);
      if (to < count && owner[to] === -1) {
        owner[to] = n;
        ownerEdge[to] = e;
      }
    }
  }
  const fieldOf = (edge: number): string => {
    const type = edgeTypes[edges[edge + E_TYPE] ?? 0];
    return type === 'element' || type === 'hidden' ? '[]' : (strings[edges[edge + E_NAME] ?? 0] ?? '?').slice(0, 40);
  };

  const byType = new Map<string, HeapGroup>();
  const byRetainer = new Map<string, HeapGroup>();
  const add = (map: Map<string, HeapGroup>, name: string, bytes: number): void => {
    const g = map.get(name) ?? { name, count: 0, bytes: 0 };
    g.count++;
    g.bytes += bytes;
    map.set(name, g);
  };
  let totalBytes = 0;
  for (let n = 0; n < count; n++) {
    const bytes = nodes[n * nf + SIZE] ?? 0;
    totalBytes += bytes;
    const group = groupOf(n);
    add(byType, group, bytes);
    const o = owner[n] ?? -1;
    const retainer = o < 0 ? '(none)' : `${STRING_TYPES.has(typeOf(o)) ? typeOf(o) : groupOf(o)} .${fieldOf(ownerEdge[n] ?? 0)}`;
    add(byRetainer, `${group} <- ${retainer}`, bytes);
  }
  const ranked = (map: Map<string, HeapGroup>): HeapGroup[] => [...map.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top);
  return { nodes: count, totalBytes, byType: ranked(byType), byRetainer: ranked(byRetainer) };
}
