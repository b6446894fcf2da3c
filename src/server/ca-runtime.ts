// Builds the CA back end a worker runs (zonescope serve's worker thread, or the tab's "ca"
// Web Worker): the Cluster simulating the scenario (shard 0 in this thread, the others in
// shard workers the caller started) and the CaService over it, with the operator's three
// default instrumentations created before simulated time starts and a pre-roll of
// history (the last prerollS simulated seconds run flat out, so the heatmaps open
// filled). Pure wiring with no Node or DOM APIs beyond timers, so both worker entries
// share it.

import { CaService, type SpeedRange } from '../ca/service';
import type { Persistence } from '../ca/persist';
import { Cluster, type ShardTransport } from '../engine/cluster';
import { hostWallClock } from '../engine/wallclock';
import type { Scenario } from '../sim/scenario';
import type { ApiHandler } from './api';
import { createDefaultInstns } from './defaults';

export interface CaRuntimeOptions {
  readonly scenario: Scenario;
  /** Simulated seconds per wall second. */
  readonly speed: number;
  readonly operatorToken: string;
  readonly persistence?: Persistence;
  /** Endpoints of shard workers already running exposeShard(); the rest of the nodes run here. */
  readonly shardWorkers?: readonly ShardTransport[];
  /** Create the operator's default instrumentations when the global namespace has none (default false). */
  readonly defaults?: boolean;
  /**
   * Simulated seconds run flat out before pacing starts, when any instrumentation exists
   * by then (default 0). Data lands second by second, so the history fills while the
   * first requests are answered; second 0 is then the wall clock at start-up minus this
   * (when the scenario names no epoch), so the pre-rolled seconds read as the last ones.
   */
  readonly prerollS?: number;
  /** What PUT /ca/admin/speed accepts. */
  readonly speedRange?: SpeedRange;
  /** Shards simulated in this thread besides the workers' (default 1; 0 keeps this thread free for requests). */
  readonly localShards?: number;
}

export interface CaRuntime {
  readonly service: ApiHandler;
  /** The ids of the default instrumentations created at this start (none when some existed). */
  readonly defaults: readonly string[];
  /** Simulated seconds being pre-rolled (0: none; no instrumentation would have recorded them). */
  readonly prerollS: number;
  stop(): Promise<void>;
}

/** Whether anything will record a pre-roll: defaults to be made, or saved instrumentations (peeked before the epoch is fixed). */
async function willRecord(o: CaRuntimeOptions): Promise<boolean> {
  if (o.defaults === true) return true;
  // A state that does not load fails the service's start with its own message.
  const saved = await o.persistence?.load().catch(() => undefined);
  return (saved?.instrumentations.length ?? 0) > 0;
}

/**
 * The pre-roll is run in chunks of this many simulated seconds: a control queued
 * meanwhile (PUT /ca/admin/speed waits for the cluster to settle) waits for one chunk,
 * not for all the history.
 */
export const PREROLL_CHUNK_S = 5;

/** Runs `seconds` flat out in chunks, then paces simulated time (unless stopped meanwhile). */
async function prerollThenStart(cluster: Cluster, seconds: number, stopped: () => boolean): Promise<void> {
  let done = 0;
  try {
    for (; done + PREROLL_CHUNK_S < seconds && !stopped(); done += PREROLL_CHUNK_S) await cluster.advanceTo(done + PREROLL_CHUNK_S);
  } catch {
    // The rest goes through start(), which meets the same failure and keeps it (GET /ca/admin/status shows it).
  }
  if (!stopped()) cluster.start({ prerollS: seconds - done });
}

export async function buildCaService(o: CaRuntimeOptions): Promise<CaRuntime> {
  const clock = hostWallClock();
  const startMs = clock.now();
  const prerollS = Math.max(0, Math.floor(o.prerollS ?? 0));
  const preroll = prerollS > 0 && (await willRecord(o)) ? prerollS : 0;
  const cluster = await Cluster.create({
    scenario: o.scenario,
    speed: o.speed,
    workers: o.shardWorkers ?? [],
    localShards: (o.shardWorkers ?? []).length === 0 ? 1 : (o.localShards ?? 1),
    // Pacing starts go from this thread to the shard workers: one time base everywhere.
    clock,
    // DESIGN "Clocks": live, second 0 is the real time at start-up; the pre-roll is history before it.
    epochMs: startMs - preroll * 1000,
  });
  const service = new CaService({ cluster, operatorToken: o.operatorToken, persistence: o.persistence, ...(o.speedRange === undefined ? {} : { speedRange: o.speedRange }) });
  let defaults: string[] = [];
  try {
    // Persisted instrumentations come back (and re-enable) before the first request.
    await service.start();
    // The defaults exist before second 0, so the pre-roll records them too.
    if (o.defaults === true) defaults = await createDefaultInstns(service, o.operatorToken);
  } catch (e) {
    await service.close().catch(() => undefined);
    await cluster.stop();
    throw e;
  }
  let stopped = false;
  void prerollThenStart(cluster, preroll, () => stopped);
  return {
    service,
    defaults,
    prerollS: preroll,
    stop: async () => {
      stopped = true;
      await service.close();
      await cluster.stop();
    },
  };
}
