// A script's distribution aggregations (quantize, lquantize, llquantize) as heatmap
// columns (browser main thread; pure TS): scripts accumulate, so each poll's column is
// the difference from the previous poll, summed over the aggregation's keys.

export type DistRows = readonly (readonly [readonly [number, number], number])[];

export interface ScriptAgg {
  readonly name: string;
  readonly func: string;
  readonly keys: readonly (readonly (string | number)[])[];
  readonly values: readonly (number | DistRows)[];
}

export const DIST_FUNCS: ReadonlySet<string> = new Set(['quantize', 'lquantize', 'llquantize']);

/** Per bucket (its low bound), the count summed over keys. */
export function totals(a: ScriptAgg): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of a.values) {
    if (typeof v === 'number') continue;
    for (const [[lo], n] of v) m.set(lo, (m.get(lo) ?? 0) + n);
  }
  return m;
}

/** What arrived since `prev` (a new column); negative differences (a cleared aggregation) count from zero. */
export function column(now: ReadonlyMap<number, number>, prev: ReadonlyMap<number, number> | undefined): Map<number, number> {
  const out = new Map<number, number>();
  for (const [lo, n] of now) {
    const before = prev?.get(lo) ?? 0;
    const d = n >= before ? n - before : n;
    if (d > 0) out.set(lo, d);
  }
  return out;
}
