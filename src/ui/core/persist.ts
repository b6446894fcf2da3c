// Dashboards kept across reloads (browser main thread; pure TS, no React): one record per
// scenario and signed-in identity in IndexedDB, holding the dashboard's instrumentation
// specs. In the tab the CA service starts empty on every load, so the app re-creates
// what is kept here; over HTTP the server kept them too and the app finds them again.
// What is read back is parsed (a record from an older build is dropped, not trusted).

import { openDB, type IDBPDatabase } from 'idb';
import { z } from 'zod';
import { instnSpecSchema, type InstnSpec } from './url-state';

const DB_NAME = 'zonescope';
const STORE = 'dashboards';

const savedSchema = z.object({
  version: z.literal(1),
  panels: z.array(instnSpecSchema).max(50),
  savedAt: z.number(),
});
export type SavedDashboard = z.infer<typeof savedSchema>;

export interface DashboardStore {
  load(key: string): Promise<readonly InstnSpec[] | undefined>;
  save(key: string, panels: readonly InstnSpec[]): Promise<void>;
}

/** The record key: dashboards belong to a scenario and to who is signed in. */
export function dashboardKey(scenario: string, who: string): string {
  return `${scenario}/${who}`;
}

/** Parses a stored record; undefined when it is not one this build wrote. */
export function parseSaved(v: unknown): SavedDashboard | undefined {
  const r = savedSchema.safeParse(v);
  return r.success ? r.data : undefined;
}

/** IndexedDB-backed store; `factory` is injectable for tests. Falls back to memory when IndexedDB is unavailable (private windows). */
export function indexedDbDashboards(factory: IDBFactory | undefined = globalThis.indexedDB): DashboardStore {
  if (factory === undefined) return memoryDashboards();
  let db: Promise<IDBPDatabase> | undefined;
  const open = (): Promise<IDBPDatabase> =>
    (db ??= openDB(DB_NAME, 1, {
      upgrade(d) {
        if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE);
      },
    }));
  return {
    async load(key) {
      return parseSaved(await (await open()).get(STORE, key))?.panels;
    },
    async save(key, panels) {
      const rec: SavedDashboard = { version: 1, panels: panels.map((p) => ({ ...p })), savedAt: Date.now() };
      await (await open()).put(STORE, rec, key);
    },
  };
}

export function memoryDashboards(): DashboardStore {
  const m = new Map<string, SavedDashboard>();
  return {
    async load(key) {
      return m.get(key)?.panels;
    },
    async save(key, panels) {
      m.set(key, { version: 1, panels: [...panels], savedAt: Date.now() });
    },
  };
}
