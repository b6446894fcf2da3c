// Time series of scalar and discrete instrumentations (browser main thread; pure TS):
// GET …/value/raw points parsed with zod, kept in a ring keyed by interval start so each
// poll only adds what is new, and read out as a columnar window for the line and stacked
// area graphs (one Float64Array per key, NaN where no point is known).

import { z } from 'zod';

export const rawPointSchema = z.object({
  start_time: z.number(),
  duration: z.number().positive(),
  nsources: z.number().int().nonnegative(),
  minreporting: z.number().int().nonnegative(),
  value: z.union([z.number(), z.record(z.string(), z.number())]),
});
export type RawPoint = z.infer<typeof rawPointSchema>;

/** One raw answer (a point or, with ndatapoints, an array) as points; throws an Error naming what was wrong. */
export function parseRaw(json: unknown): RawPoint[] {
  const r = (Array.isArray(json) ? z.array(rawPointSchema) : rawPointSchema).safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`raw value: ${issue.path.join('.') || '(root)'}: ${issue.message} (graphs draw scalar and discrete instrumentations: a number or an object of numbers)`);
  }
  return Array.isArray(r.data) ? r.data : [r.data as RawPoint];
}

export interface SeriesFrame {
  readonly startTime: number;
  readonly granularity: number;
  readonly ncolumns: number;
  /** [''] for a scalar; else the keys, largest total first. */
  readonly keys: readonly string[];
  readonly scalar: boolean;
  /** Per key, per column; NaN where the point is unknown. */
  readonly values: readonly Float64Array[];
  /** Nodes that reported per column (-1: unknown). */
  readonly reporting: Int16Array;
  readonly nsources: number;
}

/** Retained raw points by interval start; bounded to `capacity` intervals (the newest kept). */
export class SeriesRing {
  private readonly points = new Map<number, RawPoint>();
  constructor(private readonly capacity: number) {}

  add(ps: readonly RawPoint[]): void {
    for (const p of ps) this.points.set(p.start_time, p);
    if (this.points.size > this.capacity) {
      const times = [...this.points.keys()].sort((a, b) => a - b);
      for (const t of times.slice(0, times.length - this.capacity)) this.points.delete(t);
    }
  }

  /** The newest interval start held, if any. */
  latest(): number | undefined {
    let m: number | undefined;
    for (const t of this.points.keys()) if (m === undefined || t > m) m = t;
    return m;
  }

  has(t: number): boolean {
    return this.points.has(t);
  }

  /** The window of `ncolumns` intervals of `granularity` s starting at startTime. */
  window(startTime: number, ncolumns: number, granularity: number): SeriesFrame {
    const cols: (RawPoint | undefined)[] = [];
    for (let c = 0; c < ncolumns; c++) cols.push(this.points.get(startTime + c * granularity));
    const scalar = cols.every((p) => p === undefined || typeof p.value === 'number');
    const totals = new Map<string, number>();
    if (!scalar) for (const p of cols) if (p !== undefined && typeof p.value !== 'number') for (const [k, v] of Object.entries(p.value)) totals.set(k, (totals.get(k) ?? 0) + v);
    const keys = scalar ? [''] : [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1));
    const values = keys.map(() => new Float64Array(ncolumns).fill(NaN));
    const reporting = new Int16Array(ncolumns).fill(-1);
    let nsources = 0;
    cols.forEach((p, c) => {
      if (p === undefined) return;
      reporting[c] = p.minreporting;
      nsources = Math.max(nsources, p.nsources);
      if (typeof p.value === 'number') values[0]![c] = p.value;
      else keys.forEach((k, i) => (values[i]![c] = (p.value as Record<string, number>)[k] ?? 0));
    });
    return { startTime, granularity, ncolumns, keys, scalar, values, reporting, nsources };
  }
}
