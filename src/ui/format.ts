/** Display formatting shared by the panels. Counts stay plain numbers (e.g. "100000 ratings"). */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function itemLabel(item: { title: string | null; itemId: string }): string {
  return item.title ?? `Item ${item.itemId}`;
}
