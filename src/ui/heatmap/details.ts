// Drill-down from a heatmap (browser main thread; pure TS): the details of a box of cells
// (which keys, how many, in what range) and the clone request that instruments just that
// range: the source's predicate ANDed with `ge`/`lt` on the numeric field, decomposed by
// the field the user picks (say execname under a zonename heatmap). CA predicates have no
// time field, so the box's time span selects what is shown, not what is traced.

import type { HeatmapFrame } from './frame';
import { countAt } from './tooltip';

export interface Box {
  /** Columns c0..c1 and buckets b0..b1, inclusive. */
  readonly c0: number;
  readonly c1: number;
  readonly b0: number;
  readonly b1: number;
}

export interface BoxDetails {
  readonly t0: number;
  readonly t1: number;
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  readonly keys: readonly { readonly key: string; readonly count: number }[];
}

export function normalizeBox(a: { column: number; bucket: number }, b: { column: number; bucket: number }): Box {
  return {
    c0: Math.min(a.column, b.column),
    c1: Math.max(a.column, b.column),
    b0: Math.min(a.bucket, b.bucket),
    b1: Math.max(a.bucket, b.bucket),
  };
}

export function boxDetails(f: HeatmapFrame, box: Box): BoxDetails {
  const nb = f.nbuckets;
  const sumIn = (s: { i: Int32Array; n: Float64Array }): number => {
    let t = 0;
    for (let c = box.c0; c <= box.c1; c++) for (let b = box.b0; b <= box.b1; b++) t += countAt(s, c * nb + b);
    return t;
  };
  const keys: { key: string; count: number }[] = [];
  for (const [key, s] of f.keys) {
    const n = sumIn(s);
    if (n > 0) keys.push({ key, count: n });
  }
  keys.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  return {
    t0: f.startTime + box.c0 * f.granularity,
    t1: f.startTime + (box.c1 + 1) * f.granularity,
    lo: f.bounds[box.b0]!,
    hi: f.bounds[box.b1 + 1]!,
    count: sumIn(f.total),
    keys,
  };
}

/** A CA predicate (ca-pred.js shape). */
export type Predicate = Readonly<Record<string, unknown>>;

/**
 * The body of POST …/instrumentations/:id/clone for a drill-down into [lo, hi) of
 * `numericField`: bounds rounded outwards to integers (CA predicates compare integers),
 * ANDed with the source predicate unless it is the empty (always true) one.
 */
export function drillDownBody(source: { readonly predicate?: Predicate; readonly decomposition: readonly string[] }, numericField: string, lo: number, hi: number, by: string | undefined): { predicate: Predicate; decomposition: string[] } {
  const range: Predicate[] = [];
  const l = Math.floor(lo);
  const h = Math.ceil(hi);
  if (l > 0) range.push({ ge: [numericField, l] });
  range.push({ lt: [numericField, h] });
  const base = source.predicate !== undefined && Object.keys(source.predicate).length > 0 ? [source.predicate] : [];
  const all = [...base, ...range];
  const predicate = all.length === 1 ? all[0]! : { and: all };
  const decomposition = [...(by === undefined ? [] : [by]), numericField];
  return { predicate, decomposition };
}
