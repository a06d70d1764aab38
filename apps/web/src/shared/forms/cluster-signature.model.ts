// What the cluster preview depends on: which clusters exist and their labels. Status changes
// (heartbeats, states) leave it the same, so they do not ask the server again. Pure.
export function clusterLabelSignature(rows: readonly { name: string; labels: Readonly<Record<string, string>> }[]): string {
  return rows
    .map((r) => `${r.name}\u0000${Object.entries(r.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).join('\u0001')}`)
    .sort()
    .join('\u0002');
}
