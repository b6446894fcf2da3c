// Worker-thread side of zonescope serve (Node, worker_threads): starts the shard workers
// (dist-cli/shard.node.mjs), builds the Cluster and the CaService for the scenario with file
// persistence in --data, and exposes them over Comlink to the main thread, which only
// speaks HTTP. workers/ca.node.ts calls serveCaWorker.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { ShardTransport } from '../engine/cluster';
import type { SpeedRange } from '../ca/service';
import type { Scenario } from '../sim/scenario';
import { transferable, type ApiRequest, type ApiResponse } from './api';
import { buildCaService, type CaRuntime } from './ca-runtime';
import { FilePersistence } from './persist';

/** What the main thread sends the worker (workerData): plain, structured-cloneable data. */
export interface CaWorkerData {
  readonly scenario: Scenario;
  /** Simulated seconds per wall second. */
  readonly speed: number;
  readonly operatorToken: string;
  /** --data: where the state file lives; undefined keeps everything in memory. */
  readonly dataDir?: string;
  /** The shard worker bundle (dist-cli/shard.node.mjs), as a file URL. */
  readonly shardWorkerFile: string;
  /** Create the operator's default instrumentations when the state has none. */
  readonly defaults: boolean;
  /** Simulated seconds of history pre-rolled when any instrumentation exists. */
  readonly prerollS: number;
  /** What PUT /ca/admin/speed accepts. */
  readonly speedRange: SpeedRange;
}

/** What the worker offers the main thread. */
export interface CaWorkerApi {
  /** Loads the persisted state and starts the simulation; rejects with a message naming what failed. */
  start(): Promise<void>;
  handle(req: ApiRequest): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/** Shard workers beside this thread's own shard: one per spare core, never more than the nodes need. */
export function shardWorkerCount(nodes: number, cores: number): number {
  return Math.max(0, Math.min(nodes - 1, cores - 1, 7));
}

export function serveCaWorker(port: MessagePort, data: CaWorkerData): void {
  let runtime: CaRuntime | undefined;
  let persistence: FilePersistence | undefined;
  const shards: Worker[] = [];
  const api: CaWorkerApi = {
    async start() {
      if (data.dataDir !== undefined) {
        persistence = new FilePersistence({ dir: data.dataDir });
        await persistence.open();
      }
      const n = shardWorkerCount(data.scenario.nodes.length, availableParallelism());
      for (let i = 0; i < n; i++) shards.push(new Worker(new URL(data.shardWorkerFile), { name: `zonescope-shard-${i + 1}` }));
      try {
        runtime = await buildCaService({
          scenario: data.scenario,
          speed: data.speed,
          operatorToken: data.operatorToken,
          persistence,
          shardWorkers: shards.map((w) => nodeEndpoint(w) as unknown as ShardTransport),
          defaults: data.defaults,
          prerollS: data.prerollS,
          speedRange: data.speedRange,
        });
      } catch (e) {
        await Promise.all(shards.map((w) => w.terminate()));
        await persistence?.close();
        throw e;
      }
    },
    async handle(req) {
      if (runtime === undefined) throw new Error('the CA service is not started');
      const r = await runtime.service.handle(req);
      // Hand binary bodies (PNG) over without a copy.
      return typeof r.body === 'string' ? r : Comlink.transfer(r, transferable(r.body));
    },
    async stop() {
      await runtime?.stop();
      runtime = undefined;
      await Promise.all(shards.map((w) => w.terminate()));
      await persistence?.close();
    },
  };
  Comlink.expose(api, nodeEndpoint(port));
}
