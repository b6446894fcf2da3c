// The "ca" Web Worker's API in the tab (browser worker; workers/ca.worker.ts exposes it over
// Comlink): builds the Cluster and the CaService for a built-in scenario and answers the
// REST requests the MSW handlers forward from the main thread. State lives in memory. The
// operator's three default instrumentations exist before simulated time starts and the
// last TAB_PREROLL_S simulated seconds are pre-rolled flat out, so the dashboard opens on
// filled heatmaps; the history arrives second by second, so the first answers need not
// wait for all of it.

import { transfer } from 'comlink';
import { MemoryPersistence } from '../ca/persist';
import type { ShardTransport } from '../engine/cluster';
import { builtinScenario, BUILTIN_SCENARIOS } from '../sim/scenarios/index';
import { transferable, type ApiRequest, type ApiResponse } from '../server/api';
import { buildCaService, type CaRuntime } from '../server/ca-runtime';

export interface TabStartOptions {
  /** A built-in scenario's name. */
  readonly scenario: string;
  /** The seed to simulate it with (a shared link's); undefined: the scenario's own. */
  readonly seed?: number;
  readonly operatorToken: string;
  /** Simulated seconds per wall second (1: live), within TAB_SPEED_RANGE. */
  readonly speed: number;
  /** Create the operator's default instrumentations (default true). */
  readonly defaults?: boolean;
  /** Simulated seconds of history to pre-roll (default TAB_PREROLL_S). */
  readonly prerollS?: number;
}

/** The speeds the tab runs at (the speed control's 1x to 60x; PUT /ca/admin/speed answers 409 outside it). */
export const TAB_SPEED_RANGE = { min: 1, max: 60 } as const;

/**
 * History pre-rolled at start: one heatmap width. It runs flat out in the shard workers
 * (in chunks, src/server/ca-runtime.ts) while the page boots, and each simulated second is
 * answerable as soon as it completes, so the first heatmap data waits only for the first
 * second, not for all 60. On a loaded 2-core machine (test/bench/tab-engine.bench.mjs):
 * the pre-roll takes 5-10 s (10-20 simulated s per wall s with the three defaults); the
 * first simulated second, cold code in a fresh worker, completes 0.5-1.5 s after the API
 * first answers, with or without a pre-roll.
 */
export const TAB_PREROLL_S = 60;

/** What the tab knows once the worker runs: who may sign in. */
export interface TabSession {
  readonly scenario: string;
  /** The seed simulated. */
  readonly seed: number;
  readonly operatorToken: string;
  readonly customers: readonly { readonly id: string; readonly token: string }[];
}

export interface TabCaApi {
  start(o: TabStartOptions): Promise<TabSession>;
  handle(req: ApiRequest): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/** Starts one shard worker (workers/shard.worker.ts): the entry file knows where it is. */
export type ShardSpawner = () => Worker;

/**
 * Shard workers: one per spare core beside the main thread, at most two in a tab, never
 * more than the nodes. With any, they simulate every node and the ca worker only answers
 * requests and merges deltas (a simulated second in the ca worker, a cold one above all,
 * would hold up the page's first requests); with none (one core) the ca worker simulates.
 */
export function tabShardWorkers(nodes: number, cores: number): number {
  return Math.max(0, Math.min(2, cores - 1, nodes));
}

export function createTabCa(spawnShard: ShardSpawner, cores: number): TabCaApi {
  let runtime: CaRuntime | undefined;
  let shards: Worker[] = [];
  const stop = async (): Promise<void> => {
    await runtime?.stop();
    runtime = undefined;
    for (const w of shards) w.terminate();
    shards = [];
  };
  return {
    async start(o) {
      const builtin = builtinScenario(o.scenario);
      if (builtin === undefined) {
        throw new Error(`unknown scenario '${o.scenario}': expected one of ${Object.keys(BUILTIN_SCENARIOS).join(', ')}`);
      }
      if (o.seed !== undefined && !(Number.isSafeInteger(o.seed) && o.seed >= 0)) throw new Error(`seed ${o.seed} is invalid: expected an integer >= 0`);
      const scenario = o.seed === undefined ? builtin : { ...builtin, seed: o.seed };
      if (!(o.speed >= TAB_SPEED_RANGE.min && o.speed <= TAB_SPEED_RANGE.max)) {
        throw new Error(`speed ${o.speed} is invalid: the tab runs at ${TAB_SPEED_RANGE.min} to ${TAB_SPEED_RANGE.max} simulated seconds per wall second`);
      }
      await stop();
      shards = Array.from({ length: tabShardWorkers(scenario.nodes.length, cores) }, spawnShard);
      runtime = await buildCaService({
        scenario,
        speed: o.speed,
        operatorToken: o.operatorToken,
        persistence: new MemoryPersistence(),
        shardWorkers: shards as unknown as ShardTransport[],
        defaults: o.defaults ?? true,
        prerollS: o.prerollS ?? TAB_PREROLL_S,
        speedRange: TAB_SPEED_RANGE,
        // With shard workers this thread simulates nothing: it stays free to answer the page at once.
        localShards: shards.length === 0 ? 1 : 0,
      });
      return { scenario: scenario.name, seed: scenario.seed, operatorToken: o.operatorToken, customers: scenario.customers.map((c) => ({ id: c.id, token: c.token })) };
    },
    async handle(req) {
      if (runtime === undefined) throw new Error('the CA worker is not started');
      const r = await runtime.service.handle(req);
      return typeof r.body === 'string' ? r : transfer(r, transferable(r.body));
    },
    stop,
  };
}
