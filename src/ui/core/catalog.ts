// GET /ca as the UI reads it (browser main thread; pure TS): the catalog of modules,
// metrics, fields and types the builder's menus come from, parsed at the boundary, and
// the words the dashboard uses to name and explain an instrumentation.

import { z } from 'zod';
import type { InstnSpec } from './url-state';

const fieldSchema = z.object({ label: z.string(), type: z.string() });
const typeSchema = z.object({ arity: z.enum(['discrete', 'numeric']), unit: z.string().optional(), abbr: z.string().optional() }).loose();
const metricSchema = z.object({
  module: z.string(),
  stat: z.string(),
  label: z.string(),
  interval: z.string().optional(),
  fields: z.array(z.string()),
  unit: z.string().optional(),
  type: z.string().optional(),
});

export const catalogSchema = z.object({
  modules: z.record(z.string(), z.object({ label: z.string() })),
  fields: z.record(z.string(), fieldSchema),
  types: z.record(z.string(), typeSchema),
  metrics: z.array(metricSchema),
});
export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogMetric = Catalog['metrics'][number];

export type Arity = 'scalar' | 'discrete-decomposition' | 'numeric-decomposition';

export function findMetric(c: Catalog, module: string, stat: string): CatalogMetric | undefined {
  return c.metrics.find((m) => m.module === module && m.stat === stat);
}

export function isNumericField(c: Catalog, field: string): boolean {
  const f = c.fields[field];
  return f !== undefined && c.types[f.type]?.arity === 'numeric';
}

export function fieldLabel(c: Catalog | undefined, field: string): string {
  return c?.fields[field]?.label ?? field;
}

/** The arity CA derives from a decomposition. */
export function arityOf(c: Catalog, decomposition: readonly string[]): Arity {
  if (decomposition.some((f) => isNumericField(c, f))) return 'numeric-decomposition';
  return decomposition.length > 0 ? 'discrete-decomposition' : 'scalar';
}

/** The three heatmaps of the operator dashboard (and a customer's, over their own zones). */
export const DEFAULT_SPECS: readonly InstnSpec[] = [
  { module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'latency'], predicate: {} },
  { module: 'cpu', stat: 'zones', decomposition: ['zonename', 'utilization'], predicate: {} },
  { module: 'zfs', stat: 'throttled_ops', decomposition: ['zonename', 'delay'], predicate: {} },
];

const KNOWN: Readonly<Record<string, { title: string; explanation: string }>> = {
  'syscall.syscalls:zonename,latency': {
    title: 'Syscall latency by zone',
    explanation: 'Each column is one second; a cell counts the system calls that took that long. Darker means more: a band high up is a zone waiting on something.',
  },
  'cpu.zones:zonename,utilization': {
    title: 'CPU utilization per zone (cpu.zones)',
    explanation: 'Each column is one second; every zone counts once, at its CPU use in percent of one CPU. Zones high up are busy, the band near 0 is idle.',
  },
  'zfs.throttled_ops:zonename,delay': {
    title: 'ZFS throttle delay per zone (zfs.throttled_ops)',
    explanation: 'Reads and writes the ZFS I/O throttle held back, by how long. Empty means no zone is being throttled; a zone here is the noisy neighbour.',
  },
};

function predicateText(p: Readonly<Record<string, unknown>>): string {
  const [op] = Object.keys(p);
  if (op === undefined) return '';
  const v = p[op];
  if ((op === 'and' || op === 'or') && Array.isArray(v)) return `(${v.map((x) => predicateText(x as Record<string, unknown>)).join(` ${op} `)})`;
  const sym: Record<string, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
  if (Array.isArray(v) && v.length === 2) return `${String(v[0])} ${sym[op] ?? op} ${JSON.stringify(v[1])}`;
  return JSON.stringify(p);
}

/** A title and a one-line explanation for an instrumentation. */
export function describeSpec(c: Catalog | undefined, s: InstnSpec): { title: string; explanation: string } {
  const where = Object.keys(s.predicate).length > 0 ? ` where ${predicateText(s.predicate)}` : '';
  const known = KNOWN[`${s.module}.${s.stat}:${s.decomposition.join(',')}`];
  if (known !== undefined) return { title: known.title + where, explanation: known.explanation };
  const m = c === undefined ? undefined : findMetric(c, s.module, s.stat);
  const label = m?.label ?? `${s.module}.${s.stat}`;
  const by = s.decomposition.map((f) => fieldLabel(c, f));
  const title = `${label}${by.length > 0 ? ` by ${by.join(' and ')}` : ''}${where}`;
  const unit = m?.unit ?? m?.type ?? 'events';
  const numeric = c === undefined ? undefined : s.decomposition.find((f) => isNumericField(c, f));
  const discrete = s.decomposition.find((f) => f !== numeric);
  const explanation =
    numeric !== undefined
      ? `Each column is one second; a cell counts ${unit} by ${fieldLabel(c, numeric)}${discrete === undefined ? '' : `, coloured by ${fieldLabel(c, discrete)}`}.`
      : discrete !== undefined
        ? `${unit} per second for each ${fieldLabel(c, discrete)}.`
        : `${unit} per second, summed over ${s.module === 'cpu' ? 'every zone' : 'everything in view'}.`;
  return { title, explanation };
}
