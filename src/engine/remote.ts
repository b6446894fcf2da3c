// A shard behind a message channel: ShardService is what a shard offers the Cluster
// (in-process, the Cluster calls it directly; in a Web Worker or a worker_thread, through
// Comlink over any MessagePort-like endpoint), exposeShard() is what a worker entry calls,
// and connectShard() is the Cluster's side. Messages are parsed with zod where they
// enter the shard; deltas leave as transferred typed arrays, one message per simulated
// second per instrumentation. A failed enable comes back as data (an Error's extra
// fields would not survive Comlink). Pure TypeScript.

import * as Comlink from 'comlink';
import { z } from 'zod';
import { parseScenario, type Scenario } from '../sim/scenario';
import { deltaTransferables, type Delta } from './delta';
import { StopControl, type WallClock } from './node';
import { EnableError, Shard, type Control, type EnableFailure, type EnableSpec, type Pacing, type ScriptPart, type ShardListener } from './shard';

/** A MessagePort-like endpoint (a Worker, a MessagePort, a node worker_thread wrapped by comlink's node adapter). */
export interface ShardTransport {
  postMessage(message: unknown, transfer?: unknown[]): void;
  addEventListener(type: string, listener: (ev: { data: unknown }) => void): void;
  removeEventListener(type: string, listener: (ev: { data: unknown }) => void): void;
  start?(): void;
}

export interface ShardInit {
  readonly scenario: Scenario;
  readonly hostnames: readonly string[];
  readonly seed?: number;
  readonly epochNs: bigint;
}

export type EnableReply = { readonly ok: true; readonly hosts: readonly string[] } | { readonly ok: false; readonly failure: EnableFailure };

const initSchema = z.object({
  scenario: z.unknown(),
  hostnames: z.array(z.string()),
  seed: z.number().int().optional(),
  epochNs: z.bigint(),
});

const enableSchema = z.object({
  id: z.string().min(1),
  script: z.string(),
  mode: z.enum(['instn', 'script']),
  zones: z.array(z.string()).optional(),
  zoneProviders: z.boolean().optional(),
  nodes: z.array(z.string()).optional(),
  granularity: z.number().int().positive().optional(),
});

const workloadSchema = z.looseObject({ kind: z.enum(['cpu', 'fileio', 'web', 'db', 'kvm']) });
const controlSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('zone'),
    zonename: z.string(),
    cpu_shares: z.number().int().nonnegative().optional(),
    cpu_cap: z.number().int().nonnegative().nullable().optional(),
    zfs_io_priority: z.number().int().nonnegative().optional(),
  }),
  z.object({ kind: z.literal('addWorkload'), zonename: z.string(), workload: workloadSchema }),
  z.object({ kind: z.literal('removeWorkload'), zonename: z.string(), index: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('throttle'), mode: z.enum(['2013', '2011', 'off']) }),
]);

const pacingSchema = z.object({ wallStartMs: z.number(), simStartSec: z.number().int().nonnegative(), speed: z.number().nonnegative() });

/** The shard's API, the same in-process and across a thread. */
export class ShardService {
  private shard: Shard | undefined;

  constructor(private readonly clock: WallClock) {}

  private get s(): Shard {
    if (this.shard === undefined) throw new Error('the shard is not initialized: call init() first');
    return this.shard;
  }

  /** Builds the shard's nodes. `trusted`: the scenario was already parsed (in-process). */
  init(o: ShardInit, trusted = false): void {
    const m = initSchema.parse(o);
    const scenario = trusted ? o.scenario : parseScenario(m.scenario);
    this.shard = new Shard({ scenario, hostnames: m.hostnames, seed: m.seed, epochNs: m.epochNs });
  }

  /** The shard itself (in-process use: tests, kstats). */
  local(): Shard {
    return this.s;
  }

  listen(l: ShardListener): void {
    this.s.listen(l);
  }

  enable(spec: EnableSpec): EnableReply {
    const parsed = enableSchema.parse(spec);
    try {
      return { ok: true, hosts: this.s.enable(parsed) };
    } catch (e) {
      if (!(e instanceof EnableError)) throw e;
      return { ok: false, failure: { message: e.message, line: e.line, column: e.column, tag: e.tag } };
    }
  }

  nodesFor(spec: EnableSpec): readonly string[] {
    return this.s.nodesFor(enableSchema.parse(spec));
  }

  disable(id: string): void {
    this.s.disable(z.string().parse(id));
  }

  control(c: Control, at: number): void {
    this.s.control(controlSchema.parse(c) as Control, z.number().int().parse(at));
  }

  second(): number {
    return this.s.second;
  }

  async advanceTo(second: number): Promise<number> {
    const never = new StopControl();
    await this.s.advanceTo(z.number().int().parse(second), () => this.clock.sleep(0, never));
    return this.s.second;
  }

  run(p: Pacing): void {
    this.s.run(pacingSchema.parse(p), this.clock);
  }

  halt(): Promise<number> {
    return this.s.halt();
  }

  scriptPart(id: string): ScriptPart {
    return this.s.scriptPart(z.string().parse(id));
  }
}

/**
 * A worker entry's whole job: serve a ShardService on `endpoint` (the worker's global scope,
 * or comlink's node adapter around worker_threads' parentPort).
 */
export function exposeShard(endpoint: ShardTransport, clock: WallClock): void {
  const service = new ShardService(clock);
  const api: ShardApi = {
    init: (o: ShardInit) => service.init(o),
    listen: (l: ShardListener) => {
      service.listen({
        // The listener is a Comlink proxy: each call is one message; the delta's arrays are transferred.
        delta: (d: Delta) => void Promise.resolve(l.delta(Comlink.transfer(d, deltaTransferables(d)))).catch(() => undefined),
        second: (s: number) => void Promise.resolve(l.second(s)).catch(() => undefined),
      });
    },
    enable: (spec: EnableSpec) => service.enable(spec),
    nodesFor: (spec: EnableSpec) => service.nodesFor(spec),
    disable: (id: string) => service.disable(id),
    control: (c: Control, at: number) => service.control(c, at),
    second: () => service.second(),
    advanceTo: (s: number) => service.advanceTo(s),
    run: (p: Pacing) => service.run(p),
    halt: () => service.halt(),
    scriptPart: (id: string) => transferPart(service.scriptPart(id)),
  };
  Comlink.expose(api, endpoint as unknown as Comlink.Endpoint);
}

function transferPart(p: ScriptPart): ScriptPart {
  const buffers: ArrayBuffer[] = [];
  for (const a of p.aggregations) {
    buffers.push(a.snapshot.values.buffer as ArrayBuffer);
    for (const k of a.snapshot.keys) buffers.push((k.kind === 'str' ? k.index : k.data).buffer as ArrayBuffer);
  }
  return Comlink.transfer(p, buffers as unknown as Parameters<typeof Comlink.transfer>[1]);
}

/** What the Cluster holds for each shard: every call is async, wherever the shard runs. */
export interface ShardHandle {
  init(o: ShardInit): Promise<void>;
  listen(l: ShardListener): Promise<void>;
  enable(spec: EnableSpec): Promise<EnableReply>;
  nodesFor(spec: EnableSpec): Promise<readonly string[]>;
  disable(id: string): Promise<void>;
  control(c: Control, at: number): Promise<void>;
  second(): Promise<number>;
  advanceTo(second: number): Promise<number>;
  run(p: Pacing): Promise<void>;
  halt(): Promise<number>;
  scriptPart(id: string): Promise<ScriptPart>;
  /** Ends the connection (a remote shard's proxy is released; the worker is the host's to end). */
  close(): void;
}

/** A shard in this thread. */
export function localShard(clock: WallClock): ShardHandle & { readonly service: ShardService } {
  const s = new ShardService(clock);
  return {
    service: s,
    init: async (o) => s.init(o, true),
    listen: async (l) => s.listen(l),
    enable: async (spec) => s.enable(spec),
    nodesFor: async (spec) => s.nodesFor(spec),
    disable: async (id) => s.disable(id),
    control: async (c, at) => s.control(c, at),
    second: async () => s.second(),
    advanceTo: (sec) => s.advanceTo(sec),
    run: async (p) => s.run(p),
    halt: () => s.halt(),
    scriptPart: async (id) => s.scriptPart(id),
    close: () => undefined,
  };
}

/** A shard served by exposeShard() at the other end of `endpoint`. */
export function connectShard(endpoint: ShardTransport): ShardHandle {
  const r = Comlink.wrap<ShardApi>(endpoint as unknown as Comlink.Endpoint);
  return {
    init: (o) => r.init(o),
    listen: (l) => r.listen(Comlink.proxy({ delta: (d: Delta) => l.delta(d), second: (s: number) => l.second(s) })),
    enable: (spec) => r.enable(spec) as Promise<EnableReply>,
    nodesFor: (spec) => r.nodesFor(spec) as Promise<readonly string[]>,
    disable: (id) => r.disable(id),
    control: (c, at) => r.control(c, at),
    second: () => r.second(),
    advanceTo: (s) => r.advanceTo(s),
    run: (p) => r.run(p),
    halt: () => r.halt(),
    scriptPart: (id) => r.scriptPart(id) as Promise<ScriptPart>,
    close: () => r[Comlink.releaseProxy](),
  };
}

/** The object exposeShard() serves. */
interface ShardApi {
  init(o: ShardInit): void;
  listen(l: ShardListener): void;
  enable(spec: EnableSpec): EnableReply;
  nodesFor(spec: EnableSpec): readonly string[];
  disable(id: string): void;
  control(c: Control, at: number): void;
  second(): number;
  advanceTo(s: number): Promise<number>;
  run(p: Pacing): void;
  halt(): Promise<number>;
  scriptPart(id: string): ScriptPart;
}
