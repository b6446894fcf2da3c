// What CaService persists between runs and the interface of the store that keeps it:
// every instrumentation's properties with its id and namespace, and the id counters, so
// ids and counters survive a restart (CA's configsvc "ca.config.config" bucket), plus the
// retained data of instrumentations with persist-data (CA's "ca.instn.data" buckets). The
// state is parsed with a schema on load (a hand-edited or truncated file is rejected
// with the path of what is wrong). Pure TypeScript: the Node store (temp file, fsync,
// rename) lives in src/server; MemoryPersistence serves the tab and tests.

import { z } from 'zod';

const idText = z.string().regex(/^[1-9][0-9]*$/, { message: 'must be a positive decimal integer as a string' });

/** The properties an instrumentation was created with (what POST/PUT set), plus its creation time. */
export const persistedPropsSchema = z.looseObject({
  module: z.string().min(1),
  stat: z.string().min(1),
  predicate: z.unknown().optional(),
  decomposition: z.array(z.string()).optional(),
  granularity: z.number().int().positive().optional(),
  'retention-time': z.number().int().positive().optional(),
  'idle-max': z.number().int().nonnegative().optional(),
  'persist-data': z.boolean().optional(),
  enabled: z.boolean().optional(),
  crtime: z.number().nonnegative(),
});

/** One retained interval of an instrumentation with persist-data: its start (CA seconds), how many sources reported, its raw value in CA's shape. */
export const persistedPointSchema = z.strictObject({
  t: z.number().int().nonnegative(),
  reporting: z.number().int().nonnegative(),
  value: z.unknown(),
});

export const persistedInstnSchema = z.strictObject({
  /** Owner's customer id; absent for the operator's global instrumentations. */
  custid: z.string().min(1).optional(),
  id: idText,
  props: persistedPropsSchema,
  /** The retained data, for an instrumentation with persist-data (CA's ca.instn.data bucket). */
  data: z.array(persistedPointSchema).optional(),
});

export const persistedStateSchema = z
  .strictObject({
    version: z.literal(1),
    /** The next global (operator) id. */
    nextGlobalId: z.number().int().positive(),
    /** The next id of each customer's namespace (a customer's first is "1"). */
    nextCustomerId: z.record(z.string(), z.number().int().positive()),
    instrumentations: z.array(persistedInstnSchema),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.instrumentations.forEach((inst, i) => {
      const key = `${inst.custid ?? ''};${inst.id}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['instrumentations', i, 'id'], message: `duplicate id "${inst.id}"` });
      seen.add(key);
      const next = inst.custid === undefined ? s.nextGlobalId : s.nextCustomerId[inst.custid];
      if (next === undefined || Number(inst.id) >= next) {
        ctx.addIssue({ code: 'custom', path: ['instrumentations', i, 'id'], message: `id "${inst.id}" is not below its namespace's next id` });
      }
    });
  });

export type PersistedProps = z.output<typeof persistedPropsSchema>;
export type PersistedInstn = z.output<typeof persistedInstnSchema>;
export type PersistedPoint = z.output<typeof persistedPointSchema>;
export type PersistedState = z.output<typeof persistedStateSchema>;

/** Where CaService keeps its state. load() answers undefined when nothing was saved yet. */
export interface Persistence {
  load(): Promise<PersistedState | undefined>;
  save(s: PersistedState): Promise<void>;
}

/** A rejected persisted state: each issue names its path (`instrumentations[2].props.module: ...`). */
export class PersistedStateError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`persisted CA state is invalid:\n${issues.join('\n')}`);
    this.name = 'PersistedStateError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s === '' ? '(root)' : s;
}

/** Parse persisted state (from JSON.parse of a file, say). */
export function parsePersistedState(x: unknown): PersistedState {
  const r = persistedStateSchema.safeParse(x);
  if (r.success) return r.data;
  throw new PersistedStateError(r.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`));
}

/** An empty state: no instrumentations, every counter at 1. */
export function emptyState(): PersistedState {
  return { version: 1, nextGlobalId: 1, nextCustomerId: {}, instrumentations: [] };
}

/** State kept in memory (the tab, tests): saved states are deep copies, so later edits do not leak in. */
export class MemoryPersistence implements Persistence {
  private state: string | undefined;
  saves = 0;

  constructor(initial?: PersistedState) {
    if (initial !== undefined) this.state = JSON.stringify(initial);
  }

  async load(): Promise<PersistedState | undefined> {
    return this.state === undefined ? undefined : parsePersistedState(JSON.parse(this.state));
  }

  async save(s: PersistedState): Promise<void> {
    this.state = JSON.stringify(s);
    this.saves++;
  }
}
