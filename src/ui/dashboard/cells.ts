// The heatmap `cells` answer (GET …/value/heatmap/cells, shape in src/ca/heatmap.ts's
// header) as the dashboard reads it (browser main thread; pure TS): parsed at the
// boundary, and turned into CSV for the export button.

import { z } from 'zod';

const sparseSchema = z.object({ i: z.array(z.number()), n: z.array(z.number()) });
export const cellsSchema = z
  .object({
    nbuckets: z.number(),
    ncolumns: z.number(),
    granularity: z.number(),
    ymin: z.number(),
    ymax: z.number(),
    bounds: z.array(z.number()),
    present: z.array(z.string()),
    total: sparseSchema,
    keys: z.record(z.string(), sparseSchema),
    start_time: z.number(),
  })
  .loose();
export type Cells = z.infer<typeof cellsSchema>;

/** One value point: the cells with CA's point fields beside them. */
export function parseCellsAnswer(v: unknown): Cells {
  const r = cellsSchema.safeParse(v);
  if (!r.success) throw new Error(`the heatmap cells answer is malformed: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** time,key,bucket_low,bucket_high,count: one row per non-zero cell, the total layer under key "(all)". */
export function cellsToCsv(c: Cells): string {
  const rows = ['time,key,bucket_low,bucket_high,count'];
  const emit = (key: string, s: { i: readonly number[]; n: readonly number[] }): void => {
    s.i.forEach((idx, j) => {
      const col = Math.floor(idx / c.nbuckets);
      const b = idx % c.nbuckets;
      rows.push([String(c.start_time + col * c.granularity), csvField(key), String(c.bounds[b]), String(c.bounds[b + 1]), String(s.n[j])].join(','));
    });
  };
  emit('(all)', c.total);
  for (const [k, s] of Object.entries(c.keys)) emit(k, s);
  return `${rows.join('\n')}\n`;
}
