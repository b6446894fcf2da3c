// The dashboard (browser main thread): which instrumentations are shown, for whom, and
// how loading them went. A zustand vanilla store plus the actions that talk to the API
// (create/find the instrumentations, delete, clone) and keep the list in IndexedDB.
// The API client, the persistence and the caller's API prefix are passed in, never imported.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { z } from 'zod';
import { ApiError, type ApiClient } from '../api-client';
import { catalogSchema, DEFAULT_SPECS, describeSpec, type Arity, type Catalog } from '../core/catalog';
import type { DashboardStore as Persist } from '../core/persist';
import { sameSpec, type InstnSpec } from '../core/url-state';

/** One instrumentation on the dashboard. */
export interface Panel {
  readonly id: string;
  readonly uri: string;
  readonly spec: InstnSpec;
  readonly title: string;
  readonly explanation: string;
  readonly arity: Arity;
}

export type LoadStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly what: string }
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly message: string };

export interface DashboardState {
  readonly status: LoadStatus;
  readonly panels: readonly Panel[];
  readonly catalog: Catalog | undefined;
  /** Where the panels belong: the API prefix and the persistence key. */
  readonly base: string | undefined;
  readonly key: string | undefined;
  /** The panel the builder is cloning (CA's clone: its instrumentation with changes), if any. */
  readonly cloneFrom: Panel | undefined;
}

export const instnJsonSchema = z
  .object({
    id: z.string(),
    uri: z.string(),
    module: z.string(),
    stat: z.string(),
    decomposition: z.array(z.string()),
    predicate: z.record(z.string(), z.unknown()),
    'value-arity': z.enum(['scalar', 'discrete-decomposition', 'numeric-decomposition']),
  })
  .loose();
export type InstnJson = z.infer<typeof instnJsonSchema>;

export interface DashboardDeps {
  readonly api: ApiClient;
  readonly persist: Persist;
}

export interface DashboardActions {
  /** Shows `wanted` (or what was kept under `key`, or the defaults) for the caller at `base`, creating what is missing. */
  load(base: string, key: string, wanted: readonly InstnSpec[] | undefined): Promise<void>;
  /** Creates an instrumentation and adds it to the dashboard; rejects with the API's error. */
  add(spec: InstnSpec): Promise<Panel>;
  remove(panel: Panel): Promise<void>;
  /** Adds an instrumentation created elsewhere (a heatmap's drill-down) to the dashboard. */
  adopt(uri: string): Promise<Panel>;
  /** Opens the builder on a panel's instrumentation (undefined: a new one). */
  setCloneFrom(panel: Panel | undefined): void;
  /** CA's clone: the panel's instrumentation with `changes` (decomposition, predicate) applied. */
  clone(panel: Panel, changes: Partial<Pick<InstnSpec, 'decomposition' | 'predicate'>>): Promise<Panel>;
}

export type DashboardStoreApi = StoreApi<DashboardState & DashboardActions>;

function specOf(j: InstnJson): InstnSpec {
  return { module: j.module, stat: j.stat, decomposition: [...j.decomposition], predicate: j.predicate };
}

export function panelOf(c: Catalog | undefined, j: InstnJson): Panel {
  const spec = specOf(j);
  return { id: j.id, uri: j.uri, spec, ...describeSpec(c, spec), arity: j['value-arity'] };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createDashboardStore(deps: DashboardDeps): DashboardStoreApi {
  let generation = 0;
  const store = createStore<DashboardState & DashboardActions>()((set, get) => {
    const save = async (): Promise<void> => {
      const { key, panels } = get();
      if (key !== undefined) await deps.persist.save(key, panels.map((p) => p.spec));
    };
    const parseInstn = (v: unknown): InstnJson => {
      const r = instnJsonSchema.safeParse(v);
      if (!r.success) throw new Error(`the API answered with something that is not an instrumentation: ${r.error.issues[0]?.message ?? ''}`);
      return r.data;
    };
    const create = async (base: string, spec: InstnSpec): Promise<InstnJson> =>
      parseInstn(
        await deps.api.json('POST', `${base}/instrumentations`, {
          body: { module: spec.module, stat: spec.stat, decomposition: spec.decomposition, ...(Object.keys(spec.predicate).length > 0 ? { predicate: spec.predicate } : {}) },
        }),
      );
    return {
      status: { kind: 'idle' },
      panels: [],
      catalog: undefined,
      base: undefined,
      key: undefined,
      cloneFrom: undefined,
      setCloneFrom: (panel) => set({ cloneFrom: panel }),
      async load(base, key, wanted) {
        const mine = ++generation;
        set({ status: { kind: 'loading', what: 'Reading the metric catalog and your instrumentations' }, panels: [], catalog: undefined, cloneFrom: undefined, base, key });
        try {
          // The catalog, the existing instrumentations and what this browser kept, side by side: the first look waits on the slowest only.
          const [rawCatalog, rawList, saved] = await Promise.all([
            deps.api.json('GET', base),
            deps.api.json('GET', `${base}/instrumentations`),
            // A browser that cannot keep dashboards (storage refused) still shows the defaults.
            wanted === undefined ? deps.persist.load(key).catch(() => undefined) : Promise.resolve(undefined),
          ]);
          if (mine !== generation) return;
          const catalog = catalogSchema.parse(rawCatalog);
          set({ catalog });
          const existing = z.array(instnJsonSchema).parse(rawList);
          const kept = wanted ?? saved ?? DEFAULT_SPECS;
          const specs = kept.filter((s, i) => kept.findIndex((t) => sameSpec(s, t)) === i);
          set({ status: { kind: 'loading', what: `Starting ${specs.length} instrumentation${specs.length === 1 ? '' : 's'}` } });
          const panels: Panel[] = [];
          const failures: string[] = [];
          for (const s of specs) {
            const found = existing.find((j) => sameSpec(specOf(j), s));
            try {
              panels.push(panelOf(catalog, found ?? (await create(base, s))));
            } catch (e) {
              failures.push(`${s.module}.${s.stat}: ${messageOf(e)}`);
            }
            if (mine !== generation) return;
          }
          set({ panels, status: failures.length === 0 ? { kind: 'ready' } : { kind: 'error', message: `Some instrumentations could not be started: ${failures.join('; ')}` } });
          await save().catch((e: unknown) => set({ status: { kind: 'error', message: `The dashboard is shown but could not be kept in this browser: ${messageOf(e)}` } }));
        } catch (e) {
          if (mine === generation) set({ status: { kind: 'error', message: `The dashboard could not be loaded: ${messageOf(e)}` } });
        }
      },
      async add(spec) {
        const { base, catalog } = get();
        if (base === undefined) throw new Error('sign in first');
        const p = panelOf(catalog, await create(base, spec));
        set({ panels: [...get().panels, p] });
        await save();
        return p;
      },
      async remove(panel) {
        // Off the dashboard first, so nothing polls an instrumentation that is going away.
        const before = get().panels;
        set({ panels: before.filter((p) => p.uri !== panel.uri) });
        await save();
        try {
          await deps.api.json('DELETE', panel.uri);
        } catch (e) {
          // Already gone (reaped, or deleted elsewhere): removing it from the dashboard is still right.
          if (!(e instanceof ApiError && e.status === 404)) {
            if (before.some((p) => p.uri === panel.uri)) set({ panels: before });
            await save();
            throw e;
          }
        }
      },
      async adopt(uri) {
        const p = panelOf(get().catalog, parseInstn(await deps.api.json('GET', uri)));
        if (!get().panels.some((x) => x.uri === p.uri)) set({ panels: [...get().panels, p] });
        await save();
        return p;
      },
      async clone(panel, changes) {
        const p = panelOf(get().catalog, parseInstn(await deps.api.json('POST', `${panel.uri}/clone`, { body: changes })));
        set({ panels: [...get().panels, p] });
        await save();
        return p;
      },
    };
  });
  return store;
}

export function useDashboard<T>(store: DashboardStoreApi, pick: (s: DashboardState & DashboardActions) => T): T {
  return useStore(store, pick);
}
