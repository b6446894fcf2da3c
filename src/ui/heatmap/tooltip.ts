// What the heatmap says about one cell (browser main thread; pure TS): its interval and
// bucket range, its count (and the count of each key in it), its share of the column and
// the cumulative percentile of the column up to the top of the bucket. The hover tooltip,
// the keyboard cursor's live text and the click details all read it.

import { formatInterval, formatValue, type Unit } from './axes';
import { firstReported, type HeatmapFrame, type Sparse } from './frame';

export interface CellInfo {
  readonly column: number;
  readonly bucket: number;
  /** The column's interval, CA time (Unix seconds). */
  readonly t0: number;
  readonly t1: number;
  /** The bucket's range [lo, hi). */
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  readonly columnTotal: number;
  /** count / columnTotal, in percent (0 for an empty column). */
  readonly pctOfColumn: number;
  /** Share of the column at or below this bucket, in percent. */
  readonly cumulativePct: number;
  /** Keys with a non-zero count in the cell, largest first. */
  readonly keys: readonly { readonly key: string; readonly count: number }[];
  /** Nodes that reported in this column, when some did not (undefined: all did or unknown). */
  readonly reporting?: { readonly reported: number; readonly of: number };
  /** The column is before any node reported (the instrumentation had not started). */
  readonly beforeData?: true;
}

/** The count at cell index `idx` of a sparse map (binary search over its ascending indexes). */
export function countAt(s: Sparse, idx: number): number {
  let a = 0;
  let b = s.i.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (s.i[mid]! < idx) a = mid + 1;
    else b = mid;
  }
  return a < s.i.length && s.i[a] === idx ? s.n[a]! : 0;
}

export function cellInfo(f: HeatmapFrame, column: number, bucket: number): CellInfo {
  const nb = f.nbuckets;
  const base = column * nb;
  let columnTotal = 0;
  let below = 0;
  const { i, n } = f.total;
  for (let k = 0; k < i.length; k++) {
    const idx = i[k]!;
    if (idx < base || idx >= base + nb) continue;
    columnTotal += n[k]!;
    if (idx <= base + bucket) below += n[k]!;
  }
  const count = countAt(f.total, base + bucket);
  const keys: { key: string; count: number }[] = [];
  for (const [key, s] of f.keys) {
    const c = countAt(s, base + bucket);
    if (c > 0) keys.push({ key, count: c });
  }
  keys.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  const t0 = f.startTime + column * f.granularity;
  const r = f.reporting?.[column];
  const before = column < firstReported(f);
  return {
    column,
    bucket,
    t0,
    t1: t0 + f.granularity,
    lo: f.bounds[bucket]!,
    hi: f.bounds[bucket + 1]!,
    count,
    columnTotal,
    pctOfColumn: columnTotal === 0 ? 0 : (100 * count) / columnTotal,
    cumulativePct: columnTotal === 0 ? 0 : (100 * below) / columnTotal,
    keys,
    ...(before ? { beforeData: true as const } : r !== undefined && r >= 0 && r < f.nsources ? { reporting: { reported: r, of: f.nsources } } : {}),
  };
}

const pct = (x: number): string => `${x < 10 && x > 0 ? x.toFixed(1) : Math.round(x)}%`;
/** Counts are fractional where a range spreads over buckets; show them as people count. */
export const formatCount = (x: number): string => (x === 0 ? '0' : x < 1 ? '<1' : String(Math.round(x)));

/** The tooltip's lines: interval, range, count, % of column, cumulative percentile, top keys. */
export function tooltipLines(c: CellInfo, unit: Unit, maxKeys = 5): string[] {
  const lines = [
    formatInterval(c.t0, c.t1),
    `${formatValue(c.lo, unit)} – ${formatValue(c.hi, unit)}`,
    `count ${formatCount(c.count)} (${pct(c.pctOfColumn)} of column)`,
    `cumulative percentile ${pct(c.cumulativePct)}`,
  ];
  for (const k of c.keys.slice(0, maxKeys)) lines.push(`${k.key}: ${formatCount(k.count)}`);
  if (c.keys.length > maxKeys) lines.push(`… ${c.keys.length - maxKeys} more`);
  if (c.reporting !== undefined) lines.push(`only ${c.reporting.reported} of ${c.reporting.of} nodes reported`);
  if (c.beforeData === true) lines.push('no data yet: before the instrumentation started');
  return lines;
}

/** One sentence for screen readers (the keyboard cursor's live text). */
export function cellSentence(c: CellInfo, unit: Unit): string {
  return tooltipLines(c, unit, 3).join('; ');
}
