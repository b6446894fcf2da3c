// One heatmap window as the UI holds it (browser main thread; pure TS): the answer of
// GET …/value/heatmap/cells (its shape is documented in src/ca/heatmap.ts) parsed with zod
// at the boundary and turned into typed arrays once, so layout and hit-testing never walk
// JSON. Per-column reporting (how many nodes reported each interval) is attached by the
// live store when the window's minreporting says some node was missing.

import { z } from 'zod';

// The i/n arrays hold up to ncolumns·nbuckets numbers per key (60,000 for a 10-key
// heatmap): zod checks that they are arrays, and toSparse checks every element while it
// copies it into a typed array, which costs a tenth of a per-element schema.
const numbers = z.custom<number[]>((v) => Array.isArray(v), { message: 'expected an array of numbers' });
const sparseSchema = z.object({ i: numbers, n: numbers });

/**
 * Asked for as the selection when nothing is selected: the cells route answers every
 * present key when `selected` is absent, and an empty map for a key that is not present.
 * (Zone names, execnames and the other discrete values never contain this character.)
 */
export const NO_KEY = '\u2400';

/** The cells JSON (one point, no ndatapoints). */
export const cellsSchema = z.object({
  nbuckets: z.number().int().positive(),
  ncolumns: z.number().int().nonnegative(),
  granularity: z.number().positive(),
  ymin: z.number(),
  ymax: z.number(),
  scale: z.enum(['linear', 'log']),
  weights: z.enum(['count', 'weight']).optional(),
  bounds: z.array(z.number()),
  present: z.array(z.string()),
  total: sparseSchema,
  keys: z.record(z.string(), sparseSchema),
  start_time: z.number(),
  duration: z.number(),
  nsources: z.number().int().nonnegative(),
  minreporting: z.number().int().nonnegative(),
});
export type CellsJson = z.infer<typeof cellsSchema>;

/** Sparse non-zero cells: ascending indexes (column · nbuckets + bucket) and their counts. */
export interface Sparse {
  readonly i: Int32Array;
  readonly n: Float64Array;
}

export interface HeatmapFrame {
  readonly startTime: number;
  readonly duration: number;
  readonly granularity: number;
  readonly ncolumns: number;
  readonly nbuckets: number;
  readonly ymin: number;
  readonly ymax: number;
  readonly scale: 'linear' | 'log';
  /** nbuckets + 1 edges; bucket b is [bounds[b], bounds[b+1]). */
  readonly bounds: Float64Array;
  readonly present: readonly string[];
  readonly total: Sparse;
  /** Every present key's cells (the UI asks without `selected`, so it can select and isolate locally). */
  readonly keys: ReadonlyMap<string, Sparse>;
  readonly nsources: number;
  readonly minreporting: number;
  /**
   * Nodes that reported in each column, when known (-1: unknown). Undefined when the whole
   * window had every node reporting (then nothing needs marking).
   */
  readonly reporting?: Int16Array;
}

function toSparse(s: z.infer<typeof sparseSchema>, ncells: number, where: string): Sparse {
  if (s.i.length !== s.n.length) throw new Error(`heatmap cells ${where}: ${s.i.length} indexes but ${s.n.length} counts (they must pair up)`);
  const len = s.i.length;
  const i = new Int32Array(len);
  const n = new Float64Array(len);
  let prev = -1;
  for (let k = 0; k < len; k++) {
    const x = s.i[k];
    if (typeof x !== 'number' || !Number.isInteger(x) || x <= prev) throw new Error(`heatmap cells ${where}.i[${k}]: ${JSON.stringify(x)} is not an integer above the previous index (indexes ascend)`);
    if (x >= ncells) throw new Error(`heatmap cells ${where}: index ${x} is outside the ${ncells} cells (ncolumns x nbuckets)`);
    const v = s.n[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`heatmap cells ${where}.n[${k}]: ${JSON.stringify(v)} is not a finite number`);
    i[k] = prev = x;
    n[k] = v;
  }
  return { i, n };
}

/** Parses one cells answer; throws an Error naming what was wrong. */
export function parseCells(json: unknown): HeatmapFrame {
  const r = cellsSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`heatmap cells: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const c = r.data;
  if (c.bounds.length !== c.nbuckets + 1) throw new Error(`heatmap cells: bounds has ${c.bounds.length} edges, expected nbuckets + 1 = ${c.nbuckets + 1}`);
  const ncells = c.ncolumns * c.nbuckets;
  const keys = new Map<string, Sparse>();
  for (const [k, s] of Object.entries(c.keys)) keys.set(k, toSparse(s, ncells, `keys[${JSON.stringify(k)}]`));
  return {
    startTime: c.start_time,
    duration: c.duration,
    granularity: c.granularity,
    ncolumns: c.ncolumns,
    nbuckets: c.nbuckets,
    ymin: c.ymin,
    ymax: c.ymax,
    scale: c.scale,
    bounds: Float64Array.from(c.bounds),
    present: c.present,
    total: toSparse(c.total, ncells, 'total'),
    keys,
    nsources: c.nsources,
    minreporting: c.minreporting,
  };
}

/** Column totals (the sum of every bucket of each column). */
export function columnTotals(f: HeatmapFrame): Float64Array {
  const out = new Float64Array(f.ncolumns);
  const { i, n } = f.total;
  for (let k = 0; k < i.length; k++) out[Math.floor(i[k]! / f.nbuckets)]! += n[k]!;
  return out;
}

/** A sparse map as a dense one (ncolumns · nbuckets). */
export function dense(f: HeatmapFrame, s: Sparse): Float64Array {
  const out = new Float64Array(f.ncolumns * f.nbuckets);
  for (let k = 0; k < s.i.length; k++) out[s.i[k]!] = s.n[k]!;
  return out;
}

/**
 * The first column any node reported in (0 when every node reported throughout). The
 * columns before it are the window before the instrumentation started, not nodes that
 * failed to report: they are left blank, where later gaps are marked.
 */
export function firstReported(f: HeatmapFrame): number {
  const r = f.reporting;
  if (r === undefined) return 0;
  let c = 0;
  while (c < r.length && r[c] === 0) c++;
  return c;
}

/** Columns from firstReported on where fewer than nsources nodes reported. */
export function missingColumns(f: HeatmapFrame): number {
  const r = f.reporting;
  if (r === undefined) return 0;
  let n = 0;
  for (let c = firstReported(f); c < r.length; c++) if (r[c]! >= 0 && r[c]! < f.nsources) n++;
  return n;
}
