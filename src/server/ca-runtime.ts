// Builds the CA back end a worker runs (zonescope serve's worker thread, or the tab's "ca"
// Web Worker): the Cluster simulating the scenario (shard 0 in this thread, the others in
// shard workers the caller started) and the CaService over it. Pure wiring with no Node
// or DOM APIs beyond timers, so both worker entries share it.

import { CaService } from '../ca/service';
import type { Persistence } from '../ca/persist';
import { Cluster, type ShardTransport } from '../engine/cluster';
import { hostWallClock } from '../engine/wallclock';
import type { Scenario } from '../sim/scenario';
import type { ApiHandler } from './api';

export interface CaRuntimeOptions {
  readonly scenario: Scenario;
  /** Simulated seconds per wall second. */
  readonly speed: number;
  readonly operatorToken: string;
  readonly persistence?: Persistence;
  /** Endpoints of shard workers already running exposeShard(); the rest of the nodes run here. */
  readonly shardWorkers?: readonly ShardTransport[];
}

export interface CaRuntime {
  readonly service: ApiHandler;
  stop(): Promise<void>;
}

export async function buildCaService(o: CaRuntimeOptions): Promise<CaRuntime> {
  const cluster = await Cluster.create({
    scenario: o.scenario,
    speed: o.speed,
    workers: o.shardWorkers ?? [],
    localShards: 1,
    // Pacing starts go from this thread to the shard workers: one time base everywhere.
    clock: hostWallClock(),
  });
  const service = new CaService({ cluster, operatorToken: o.operatorToken, persistence: o.persistence });
  try {
    // Persisted instrumentations come back (and re-enable) before the first request.
    await service.start();
  } catch (e) {
    await service.close().catch(() => undefined);
    await cluster.stop();
    throw e;
  }
  cluster.start();
  return {
    service,
    stop: async () => {
      await service.close();
      await cluster.stop();
    },
  };
}
