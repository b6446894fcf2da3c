// The Cluster: a scenario's compute nodes simulated over shards (shard.ts), in this
// thread or in workers (Web Workers, worker_threads: any MessagePort-like endpoint, via
// Comlink, remote.ts), behind one API for Cloud Analytics (src/ca/service.ts): enable and
// disable D programs over the datacenter, receive one Delta per instrumentation per
// simulated second per shard, read scripts' values, pace simulated time to the wall
// clock, and change the live simulation (zone controls, workloads, the I/O throttle) at
// second boundaries. Nodes do not depend on each other, so how they are spread over
// shards changes nothing in the data. Pure TypeScript: the clock and the endpoints come
// from the host.

import { AggSpace, aggregationFromSnapshot, aggValue, type AggDesc, type AggSnapshot, type Aggregation } from '../d/agg/index';
import { printAggregations } from '../d/aggregations';
import type { DInt } from '../d/host';
import { DOptions } from '../d/options';
import { parseWorkload, type Scenario, type WorkloadSpec } from '../sim/scenario';
import { bucketRanges, type Delta } from './delta';
import type { WallClock } from './node';
import { hostWallClock } from './wallclock';
import { connectShard, localShard, type ShardHandle, type ShardTransport } from './remote';
import { EnableError, mergeScriptAggs, SCRIPT_OUTPUT_MAX, type Control, type EnableSpec, type ScriptAgg } from './shard';
import { DEFAULT_EPOCH_NS } from './simnode';

export type { EnableSpec } from './shard';
export type { ShardTransport } from './remote';
export { EnableError } from './shard';

/** A script's value: its aggregations (JSON and printa text, merged over its nodes), its output and errors. */
export interface ScriptValue {
  /** Per aggregation: name, func, keys (one array per entry) and values (a number, or [[lo, hi], n] rows). */
  readonly aggregations: readonly ScriptAggJson[];
  /** The aggregations as dtrace prints them at the end of a run. */
  readonly printa: string;
  /** printf/trace text, its last SCRIPT_OUTPUT_MAX characters per shard. */
  readonly output: string;
  /** Drops and faults, as dtrace prints them. */
  readonly errors: readonly string[];
}

export interface ScriptAggJson {
  readonly name: string;
  readonly func: string;
  readonly keys: readonly (readonly (string | number)[])[];
  readonly values: readonly (number | readonly [readonly [number, number], number][])[];
}

export interface ClusterOptions {
  readonly scenario: Scenario;
  readonly seed?: number;
  /** Simulated s per wall s; 0 = flat out (default 1). */
  readonly speed?: number;
  /** One shard per endpoint (each served by exposeShard()); empty or absent: every node in this thread. */
  readonly workers?: readonly ShardTransport[];
  /** Shards in this thread besides the workers' (default: 1 without workers, else 0). */
  readonly localShards?: number;
  /** The wall clock (ms since the Unix epoch, the base worker shards use too; default: the host's, wallclock.ts). */
  readonly clock?: WallClock;
  /** walltimestamp of second 0 when the scenario names no epoch (live mode: the real time at start-up), ms since the Unix epoch. */
  readonly epochMs?: number;
}

/** The zone controls of PUT /ca/admin/zones/:zonename. */
export interface ZoneControls {
  readonly cpu_shares?: number;
  readonly cpu_cap?: number | null;
  readonly zfs_io_priority?: number;
}

type State = { readonly kind: 'idle' } | { readonly kind: 'running'; readonly wallStartMs: number; readonly simStartSec: number } | { readonly kind: 'paused' };

export class Cluster {
  readonly scenario: Scenario;
  /** Epoch of second 0, in Unix seconds (scenario epoch; live default: wall clock at start). */
  readonly epochSec: number;
  private readonly shards: readonly ShardHandle[];
  private readonly clock: WallClock;
  private speed: number;
  private state: State = { kind: 'idle' };
  /** Per shard, the simulated second it has reached. */
  private readonly reached: number[];
  private readonly deltaListeners = new Set<(d: Delta) => void>();
  /** Per enabling: its spec and the nodes it runs on, per shard. */
  private readonly enablings = new Map<string, { readonly spec: EnableSpec; readonly hosts: readonly (readonly string[])[] }>();
  private live: Scenario;
  /** Serializes start/pause/resume/setSpeed/advanceTo/stop. */
  private flow: Promise<unknown> = Promise.resolve();
  /** The last failure of a start/pause/resume/setSpeed (they return nothing to reject). */
  private lastFailure: unknown = undefined;

  private constructor(o: ClusterOptions, shards: readonly ShardHandle[], epochSec: number) {
    this.scenario = o.scenario;
    this.live = structuredCloneScenario(o.scenario);
    this.epochSec = epochSec;
    this.shards = shards;
    this.clock = o.clock ?? hostWallClock();
    this.speed = o.speed ?? 1;
    this.reached = shards.map(() => 0);
  }

  static async create(o: ClusterOptions): Promise<Cluster> {
    const speed = o.speed ?? 1;
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError(`speed ${speed} is invalid: expected a number of simulated seconds per wall second >= 0 (0: flat out)`);
    const workers = o.workers ?? [];
    const nlocal = o.localShards ?? (workers.length === 0 ? 1 : 0);
    const clock = o.clock ?? hostWallClock();
    const handles: ShardHandle[] = [];
    for (let i = 0; i < nlocal; i++) handles.push(localShard(clock));
    for (const w of workers) handles.push(connectShard(w));
    if (handles.length === 0) throw new RangeError('a cluster needs at least one shard: give workers or localShards >= 1');
    const epochMs = o.scenario.epoch !== undefined ? Date.parse(o.scenario.epoch) : o.epochMs ?? Number(DEFAULT_EPOCH_NS / 1_000_000n);
    const epochNs = BigInt(Math.floor(epochMs)) * 1_000_000n;
    const c = new Cluster({ ...o, clock }, handles, Math.floor(epochMs / 1000));
    const parts = splitNodes(o.scenario.nodes.map((n) => n.hostname), handles.length);
    await Promise.all(
      handles.map(async (h, i) => {
        await h.init({ scenario: o.scenario, hostnames: parts[i]!, seed: o.seed, epochNs });
        await h.listen({ delta: (d) => c.deliver(d), second: (s) => c.progress(i, s) });
      }),
    );
    return c;
  }

  private deliver(d: Delta): void {
    for (const f of this.deltaListeners) f(d);
  }

  private progress(shard: number, second: number): void {
    if (second > this.reached[shard]!) this.reached[shard] = second;
  }

  /** The shards' in-process Shard objects (tests: the simulated nodes); empty for workers. */
  localShards(): import('./shard').Shard[] {
    return this.shards.flatMap((h) => ('service' in h ? [(h as ReturnType<typeof localShard>).service.local()] : []));
  }

  /**
   * The simulated second CA calls "now": while paced, the target time (not the slowest
   * shard), so a lagging shard shows as fewer sources; otherwise the furthest second reached.
   */
  now(): number {
    const s = this.state;
    if (s.kind === 'running' && this.speed > 0) {
      return Math.max(s.simStartSec, Math.floor(s.simStartSec + ((this.clock.now() - s.wallStartMs) / 1000) * this.speed));
    }
    return Math.max(...this.reached);
  }

  /** Simulated seconds per wall second now (0: flat out); a setSpeed() takes effect once settled(). */
  currentSpeed(): number {
    return this.speed;
  }

  /** The simulated second every shard has completed (the slowest shard's): now() minus this is the lag. */
  reachedAll(): number {
    return Math.min(...this.reached);
  }

  /** The second a control takes effect at: the next boundary. */
  private boundary(): number {
    return this.state.kind === 'running' ? this.now() + 1 : Math.max(...this.reached);
  }

  // ---- Enablings -------------------------------------------------------------------------

  /** Compiles and starts an enabling on its nodes; rejects with an EnableError (message, line, column) for bad D. */
  async enable(spec: EnableSpec): Promise<void> {
    if (this.enablings.has(spec.id)) throw new Error(`enabling "${spec.id}" already exists`);
    // Nodes without the enabling compile nothing: compile first where it runs, so bad D fails once.
    const where = await Promise.all(this.shards.map((h) => h.nodesFor(spec)));
    const order = this.shards.map((_, i) => i).sort((a, b) => where[b]!.length - where[a]!.length);
    const hosts: (readonly string[])[] = this.shards.map(() => []);
    const [first, ...rest] = order;
    const r0 = await this.shards[first!]!.enable(spec);
    if (!r0.ok) throw new EnableError(r0.failure);
    hosts[first!] = r0.hosts;
    const rs = await Promise.all(rest.map((i) => this.shards[i]!.enable(spec)));
    const bad = rs.find((r) => !r.ok);
    if (bad !== undefined && !bad.ok) {
      await Promise.all(this.shards.map((h) => h.disable(spec.id)));
      throw new EnableError(bad.failure);
    }
    rest.forEach((i, k) => {
      const r = rs[k]!;
      if (r.ok) hosts[i] = r.hosts;
    });
    this.enablings.set(spec.id, { spec, hosts });
  }

  async disable(id: string): Promise<void> {
    if (!this.enablings.delete(id)) return;
    await Promise.all(this.shards.map((h) => h.disable(id)));
  }

  /** Deltas as shards send them: merged over a shard's nodes; merge across shards by (id, second). */
  onDelta(f: (d: Delta) => void): () => void {
    this.deltaListeners.add(f);
    return () => this.deltaListeners.delete(f);
  }

  /** Nodes the enabling runs on (0 for an unknown id). */
  nsources(id: string): number {
    const e = this.enablings.get(id);
    return e === undefined ? 0 : e.hosts.reduce((n, h) => n + h.length, 0);
  }

  /** The hostnames an enabling runs on. */
  sources(id: string): readonly string[] {
    return this.enablings.get(id)?.hosts.flat() ?? [];
  }

  async scriptValue(id: string): Promise<ScriptValue> {
    const e = this.enablings.get(id);
    if (e === undefined) throw new Error(`no enabling "${id}"`);
    const idx = this.shards.map((_, i) => i).filter((i) => e.hosts[i]!.length > 0);
    const parts = await Promise.all(idx.map((i) => this.shards[i]!.scriptPart(id)));
    const aggs = mergeScriptAggs(parts.map((p) => p.aggregations));
    let output = parts.map((p) => p.output).join('');
    if (output.length > SCRIPT_OUTPUT_MAX) output = output.slice(output.length - SCRIPT_OUTPUT_MAX);
    const options = new DOptions(new Map(parts[0]?.options ?? []));
    return { aggregations: aggs.map(aggJson), printa: printaOf(aggs, options), output, errors: parts.flatMap((p) => p.errors) };
  }

  // ---- Time ------------------------------------------------------------------------------

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.flow.then(f, f);
    this.flow = p.catch(() => undefined);
    return p;
  }

  /** Runs `f` in turn, keeping its failure for failure() instead of rejecting. */
  private background(f: () => Promise<void>): void {
    this.serial(f).catch((e: unknown) => {
      this.lastFailure = e;
    });
  }

  /** Why the last start/pause/resume/setSpeed failed (e.g. a shard's simulation threw), if it did. */
  failure(): unknown {
    return this.lastFailure;
  }

  /** Starts simulated time; preroll: run that many seconds flat out first (history for the UI). */
  start(o: { prerollS?: number } = {}): void {
    this.background(async () => {
      if (this.state.kind !== 'idle') return;
      const pre = Math.max(0, Math.floor(o.prerollS ?? 0));
      if (pre > 0) await this.runFlat(Math.max(...this.reached) + pre);
      await this.go();
    });
  }

  /** Every shard flat out to `second` (the cluster must not be running). Tests and preroll. */
  advanceTo(second: number): Promise<void> {
    return this.serial(async () => {
      if (this.state.kind === 'running') throw new Error('advanceTo: the cluster is running; pause it first');
      await this.runFlat(second);
    });
  }

  private async runFlat(second: number): Promise<void> {
    const rs = await Promise.all(this.shards.map((h) => h.advanceTo(second)));
    rs.forEach((s, i) => this.progress(i, s));
  }

  private async go(): Promise<void> {
    const simStartSec = Math.max(...this.reached);
    const wallStartMs = this.clock.now();
    this.state = { kind: 'running', wallStartMs, simStartSec };
    await Promise.all(this.shards.map((h) => h.run({ wallStartMs, simStartSec, speed: this.speed })));
  }

  private async halt(): Promise<void> {
    const rs = await Promise.all(this.shards.map((h) => h.halt()));
    rs.forEach((s, i) => this.progress(i, s));
  }

  setSpeed(x: number): void {
    if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`speed ${x} is invalid: expected a number of simulated seconds per wall second >= 0 (0: flat out)`);
    this.background(async () => {
      const running = this.state.kind === 'running';
      if (running) await this.halt();
      this.speed = x;
      if (running) await this.go();
    });
  }

  pause(): void {
    this.background(async () => {
      if (this.state.kind !== 'running') return;
      await this.halt();
      this.state = { kind: 'paused' };
    });
  }

  resume(): void {
    this.background(async () => {
      if (this.state.kind !== 'paused') return;
      await this.go();
    });
  }

  /** Stops simulated time and disconnects the shards (the workers are the host's to terminate). */
  stop(): Promise<void> {
    return this.serial(async () => {
      if (this.state.kind === 'running') await this.halt();
      this.state = { kind: 'paused' };
      for (const h of this.shards) h.close();
    });
  }

  /** Resolves once the queued start/pause/resume/setSpeed have taken effect. */
  settled(): Promise<void> {
    return this.serial(async () => undefined);
  }

  // ---- Live controls ---------------------------------------------------------------------

  private async control(c: Control): Promise<void> {
    const at = this.boundary();
    await Promise.all(this.shards.map((h) => h.control(c, at)));
  }

  private zoneSpec(zonename: string): Scenario['nodes'][number]['zones'][number] {
    for (const n of this.live.nodes) for (const z of n.zones) if (z.name === zonename) return z;
    const all = this.live.nodes.flatMap((n) => n.zones.map((z) => z.name));
    throw new RangeError(`no zone "${zonename}" in scenario ${this.scenario.name}: expected one of ${all.join(', ')}`);
  }

  async setZone(zonename: string, p: ZoneControls): Promise<void> {
    const z = this.zoneSpec(zonename);
    const bad = (field: string, v: unknown, what: string) => new RangeError(`${field} ${JSON.stringify(v)} for zone "${zonename}" is invalid: expected ${what}`);
    const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    if (p.cpu_shares !== undefined && !isCount(p.cpu_shares)) throw bad('cpu_shares', p.cpu_shares, 'an integer >= 0');
    if (p.cpu_cap !== undefined && p.cpu_cap !== null && !isCount(p.cpu_cap)) throw bad('cpu_cap', p.cpu_cap, 'an integer >= 0 (% of one CPU; 0 or null: no cap)');
    if (p.zfs_io_priority !== undefined && !isCount(p.zfs_io_priority)) throw bad('zfs_io_priority', p.zfs_io_priority, 'an integer >= 0');
    await this.control({ kind: 'zone', zonename, ...p });
    if (p.cpu_shares !== undefined) z.cpu_shares = Math.min(65535, p.cpu_shares);
    if (p.cpu_cap !== undefined) z.cpu_cap = p.cpu_cap === null || p.cpu_cap === 0 ? undefined : p.cpu_cap;
    if (p.zfs_io_priority !== undefined) z.zfs_io_priority = p.zfs_io_priority;
  }

  /** Starts a workload in a zone (`from`/`until` count from now); returns its index in the zone. */
  async addWorkload(zonename: string, input: WorkloadSpec | Readonly<Record<string, unknown>>): Promise<number> {
    const z = this.zoneSpec(zonename);
    const w = parseWorkload(input, z.brand);
    const at = this.boundary();
    await Promise.all(this.shards.map((h) => h.control({ kind: 'addWorkload', zonename, workload: w }, at)));
    z.workloads.push({ ...w, from: w.from + at, until: w.until === undefined ? undefined : w.until + at } as WorkloadSpec);
    return z.workloads.length - 1;
  }

  /** Stops workload `index` of a zone (its `until` becomes now in scenarioState()). */
  async removeWorkload(zonename: string, index: number): Promise<void> {
    const z = this.zoneSpec(zonename);
    const w = z.workloads[index];
    if (w === undefined || !Number.isInteger(index)) {
      throw new RangeError(`zone "${zonename}" has no workload ${index}: expected 0..${z.workloads.length - 1}`);
    }
    const at = this.boundary();
    await Promise.all(this.shards.map((h) => h.control({ kind: 'removeWorkload', zonename, index }, at)));
    const until = Math.max(at, w.from + 1);
    if (w.until === undefined || w.until > until) z.workloads[index] = { ...w, until } as WorkloadSpec;
  }

  async setThrottle(t: 'off' | '2011' | '2013'): Promise<void> {
    await this.control({ kind: 'throttle', mode: t });
    this.live.throttle = t;
  }

  /** The scenario with live edits applied (GET /ca/admin/scenario). */
  scenarioState(): Scenario {
    return structuredCloneScenario(this.live);
  }
}

/** Nodes over n shards in contiguous, balanced blocks. */
export function splitNodes(hosts: readonly string[], n: number): string[][] {
  const out: string[][] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const k = Math.floor((hosts.length - at) / (n - i));
    out.push(hosts.slice(at, at + k));
    at += k;
  }
  return out;
}

function structuredCloneScenario(s: Scenario): Scenario & { throttle: Scenario['throttle'] } {
  return JSON.parse(JSON.stringify(s)) as Scenario;
}

function jsonKey(k: unknown): string | number {
  return typeof k === 'number' || typeof k === 'string' ? k : String(k);
}

function jsonNumber(v: DInt): number {
  return typeof v === 'number' ? v : Number(v);
}

function rebuilt(a: ScriptAgg): Aggregation {
  return aggregationFromSnapshot(a.desc, new AggSpace({ aggsize: Number.MAX_SAFE_INTEGER }), a.snapshot);
}

function aggJson(a: ScriptAgg): ScriptAggJson {
  const agg = rebuilt(a);
  const keys: (string | number)[][] = [];
  const values: (number | [[number, number], number][])[] = [];
  const dist = a.desc.func === 'quantize' || a.desc.func === 'lquantize' || a.desc.func === 'llquantize';
  const ranges = dist ? bucketRanges(a.desc) : undefined;
  for (let i = 0; i < agg.size; i++) {
    keys.push(agg.keysOf(i).map(jsonKey));
    const w = agg.words(i);
    if (ranges !== undefined) {
      const rows: [[number, number], number][] = [];
      w.forEach((c, j) => {
        if (c !== 0) rows.push([[ranges.lo[j]!, ranges.hi[j]!], jsonNumber(c)]);
      });
      values.push(rows);
    } else {
      const v = aggValue(agg, w);
      values.push(v.kind === 'scalar' ? jsonNumber(v.value as DInt) : 0);
    }
  }
  return { name: a.desc.name, func: a.desc.func, keys, values };
}

/** What dtrace prints at the end of a run for these aggregations, with the program's sort options. */
function printaOf(aggs: readonly ScriptAgg[], options: DOptions): string {
  return printAggregations(aggs.map(rebuilt), options);
}

export type { AggDesc, AggSnapshot };
