// The view as the address bar holds it (browser main thread; pure TS, no React): the
// scenario, seed and speed, the open view, the dashboard's instrumentations, the live
// edits made to the simulation, the time shown and the selected zones. Parsed with zod
// on the way in (a hand-edited or stale link yields what is valid plus messages saying
// what was dropped); written back with replaceState. There is no place for a token here
// by construction: the schema and the writer know only these fields.

import { z } from 'zod';

export const VIEWS = ['dashboard', 'builder', 'console', 'admin'] as const;
export type View = (typeof VIEWS)[number];

const name = z.string().min(1).max(200);

/** A CA predicate: {} (none) or {eq|ne|lt|le|gt|ge: [field, value]} or {and|or: [...]}. Checked by the API itself. */
const predicate = z.record(z.string(), z.unknown());

export const instnSpecSchema = z.strictObject({
  module: name,
  stat: name,
  decomposition: z.array(name).max(2).default([]),
  predicate: predicate.default({}),
});
export type InstnSpec = z.infer<typeof instnSpecSchema>;

const workload = z.record(z.string(), z.unknown());

/** One operator change to the live simulation, replayed in order when a shared link opens. */
export const adminEditSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('zone'),
    zonename: name,
    cpu_shares: z.number().int().min(0).optional(),
    cpu_cap: z.number().int().min(0).nullable().optional(),
    zfs_io_priority: z.number().int().min(0).optional(),
  }),
  z.strictObject({ kind: z.literal('workload-add'), zonename: name, workload }),
  z.strictObject({ kind: z.literal('workload-remove'), zonename: name, index: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal('throttle'), throttle: z.enum(['off', '2011', '2013']) }),
]);
export type AdminEdit = z.infer<typeof adminEditSchema>;

export interface UrlState {
  /** A built-in scenario's name; undefined: the default. */
  readonly scenario?: string;
  readonly seed?: number;
  /** Simulated seconds per wall second, 1 to 60. */
  readonly speed?: number;
  readonly view: View;
  /** The dashboard's instrumentations; undefined: whatever this browser kept (or the defaults). */
  readonly instns?: readonly InstnSpec[];
  readonly edits: readonly AdminEdit[];
  /** CA time (Unix s) at the right edge of the heatmaps; undefined: live. */
  readonly time?: number;
  /** Selected zones (legend selection). */
  readonly selection: readonly string[];
}

export const DEFAULT_URL_STATE: UrlState = { view: 'dashboard', edits: [], selection: [] };

const scalars = {
  scenario: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be a scenario name (lower-case letters, digits, -)' }),
  seed: z.coerce.number().int({ error: 'must be an integer' }).min(0, { error: 'must be >= 0' }),
  speed: z.coerce.number().int({ error: 'must be an integer' }).min(1, { error: 'must be 1 to 60' }).max(60, { error: 'must be 1 to 60' }),
  view: z.enum(VIEWS, { error: `must be one of ${VIEWS.join(', ')}` }),
  time: z.coerce.number().int({ error: 'must be Unix seconds' }).min(0, { error: 'must be Unix seconds' }),
};

function jsonParam<T>(raw: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; message: string } {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'is not JSON' };
  }
  const r = schema.safeParse(v);
  if (r.success) return { ok: true, value: r.data };
  const i = r.error.issues[0]!;
  return { ok: false, message: `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}` };
}

/** The view state in `search` (a location.search string), and a message for each parameter that was dropped. */
export function parseUrlState(search: string): { readonly state: UrlState; readonly errors: readonly string[] } {
  const q = new URLSearchParams(search);
  const errors: string[] = [];
  const out: { -readonly [K in keyof UrlState]: UrlState[K] } = { ...DEFAULT_URL_STATE };
  const scalar = <K extends keyof typeof scalars>(k: K): z.infer<(typeof scalars)[K]> | undefined => {
    const raw = q.get(k);
    if (raw === null) return undefined;
    const r = scalars[k].safeParse(raw);
    if (r.success) return r.data as z.infer<(typeof scalars)[K]>;
    errors.push(`"${k}=${raw}" in the address was ignored: ${r.error.issues[0]!.message}`);
    return undefined;
  };
  const scenario = scalar('scenario');
  if (scenario !== undefined) out.scenario = scenario;
  const seed = scalar('seed');
  if (seed !== undefined) out.seed = seed;
  const speed = scalar('speed');
  if (speed !== undefined) out.speed = speed;
  out.view = scalar('view') ?? 'dashboard';
  const time = scalar('time');
  if (time !== undefined) out.time = time;
  const instns = q.get('instns');
  if (instns !== null) {
    const r = jsonParam(instns, z.array(instnSpecSchema).max(20));
    if (r.ok) out.instns = r.value;
    else errors.push(`"instns" in the address was ignored: ${r.message} (expected a JSON list of {module, stat, decomposition, predicate})`);
  }
  const edits = q.get('edits');
  if (edits !== null) {
    const r = jsonParam(edits, z.array(adminEditSchema).max(200));
    if (r.ok) out.edits = r.value;
    else errors.push(`"edits" in the address was ignored: ${r.message}`);
  }
  const sel = q.get('sel');
  if (sel !== null && sel !== '') out.selection = sel.split(',').filter((s) => s !== '').slice(0, 20);
  return { state: out, errors };
}

/** The search string ("?..." or "") for `s`; defaults are left out so links stay short. */
export function formatUrlState(s: UrlState): string {
  const q = new URLSearchParams();
  if (s.scenario !== undefined) q.set('scenario', s.scenario);
  if (s.seed !== undefined) q.set('seed', String(s.seed));
  if (s.speed !== undefined && s.speed !== 1) q.set('speed', String(s.speed));
  if (s.view !== 'dashboard') q.set('view', s.view);
  if (s.instns !== undefined) q.set('instns', JSON.stringify(s.instns));
  if (s.edits.length > 0) q.set('edits', JSON.stringify(s.edits));
  if (s.time !== undefined) q.set('time', String(s.time));
  if (s.selection.length > 0) q.set('sel', s.selection.join(','));
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

/** Two specs name the same instrumentation (same metric, decomposition and predicate). */
export function sameSpec(a: InstnSpec, b: InstnSpec): boolean {
  return a.module === b.module && a.stat === b.stat && a.decomposition.join(',') === b.decomposition.join(',') && stableJson(a.predicate) === stableJson(b.predicate);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
