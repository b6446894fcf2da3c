// Per-column statistics of a heatmap frame (browser main thread; pure TS), computed from
// the bucketized total exactly as CA's average and percentile routes do for one column:
// the average is Σ n·midpoint / Σ n; a percentile walks the cumulative counts to the
// bucket where they reach it and interpolates linearly inside that bucket. An empty column
// has no average (NaN) and no percentile (NaN: the line is broken there, not drawn at ymin).

import type { HeatmapFrame } from './frame';

/** Dense per-column bucket totals: column c's bucket b at c · nbuckets + b. */
function columns(f: HeatmapFrame): Float64Array {
  const out = new Float64Array(f.ncolumns * f.nbuckets);
  const { i, n } = f.total;
  for (let k = 0; k < i.length; k++) out[i[k]!] = n[k]!;
  return out;
}

export interface ColumnStats {
  readonly total: Float64Array;
  readonly average: Float64Array;
  /** The requested percentile per column (p99 by default). */
  readonly percentile: Float64Array;
}

export function columnStats(f: HeatmapFrame, q = 0.99): ColumnStats {
  const nb = f.nbuckets;
  const cells = columns(f);
  const total = new Float64Array(f.ncolumns);
  const average = new Float64Array(f.ncolumns);
  const percentile = new Float64Array(f.ncolumns);
  const e = f.bounds;
  for (let c = 0; c < f.ncolumns; c++) {
    const base = c * nb;
    let count = 0;
    let sum = 0;
    for (let b = 0; b < nb; b++) {
      const n = cells[base + b]!;
      count += n;
      sum += n * ((e[b]! + e[b + 1]!) / 2);
    }
    total[c] = count;
    if (count === 0) {
      average[c] = NaN;
      percentile[c] = NaN;
      continue;
    }
    average[c] = sum / count;
    let sofar = 0;
    let b = 0;
    for (; b < nb; b++) {
      sofar += cells[base + b]!;
      if (sofar / count >= q) break;
    }
    b = Math.min(b, nb - 1);
    const n = cells[base + b]!;
    const frac = n === 0 ? 0 : Math.max(0, Math.min(1, (q * count - (sofar - n)) / n));
    percentile[c] = e[b]! + frac * (e[b + 1]! - e[b]!);
  }
  return { total, average, percentile };
}
