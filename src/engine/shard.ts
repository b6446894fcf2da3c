// A shard: some of a scenario's compute nodes, simulated together in one thread (a Web
// Worker, a worker_thread, or the coordinator's own thread), with the enablings the
// Cluster (cluster.ts) gives it. Each node is built from the scenario alone (its random
// stream comes from the seed and its hostname), so results do not depend on how nodes
// are spread over shards. The shard advances simulated time one second at a time; at
// each second boundary it applies queued operator controls, and reports one Delta per
// 'instn' enabling (its @ca aggregation, snapshotted and cleared on every node, merged
// over the shard's nodes); 'script' enablings accumulate until asked. D is compiled per
// node against that node's catalog; a customer's enabling sees only its zones (hub.ts,
// tracer.ts). Pacing to the wall clock happens here too, from a start shared by every
// shard. Pure TypeScript (the clock and the transport come from the host).

import type { AggDesc, AggSnapshot } from '../d/agg/index';
import { AggSpace, aggregationFromSnapshot } from '../d/agg/index';
import { formatCompileError } from '../d/errors';
import { compile, CompileFailure, Consumer, DOptions, type CompiledProgram } from '../d/index';
import type { IoPortFactory } from '../sim/ioport';
import { createIoPort } from '../sim/io/index';
import { SimNode } from '../sim/node';
import type { Scenario, WorkloadSpec } from '../sim/scenario';
import { DeltaBuilder, deltaUnsupported, type Delta } from './delta';
import { NodeHub } from './hub';
import { StopControl, type WallClock } from './node';
import { SimTracedNode } from './simnode';
import type { NodeTracer } from './tracer';

const NS_PER_S = 1e9;
/** A script's stdout kept for scriptValue(): the last this many characters. */
export const SCRIPT_OUTPUT_MAX = 64 * 1024;
/** A script's error lines kept (the first ones). */
export const SCRIPT_ERRORS_MAX = 100;
/** Paced shards sleep at most this long (ms) before looking at the clock again. */
const MAX_SLEEP_MS = 100;

/** One enabling: a D program run on some nodes, as an instrumentation or a script. */
export interface EnableSpec {
  readonly id: string;
  /** D source (compiled per node against that node's catalog). */
  readonly script: string;
  /** instn: snapshot+clear every second -> Delta; script: accumulate, printa on demand. */
  readonly mode: 'instn' | 'script';
  /** The consumer sees only these zones' threads (a customer); undefined = all. */
  readonly zones?: readonly string[];
  /** true: only dtrace/profile/syscall/proc/sched (a script "inside a zone"). */
  readonly zoneProviders?: boolean;
  /** Only these hostnames (default: every node; with zones: the nodes hosting them). */
  readonly nodes?: readonly string[];
  /** Seconds (instn mode; default 1). Deltas still come every second: the store aligns them. */
  readonly granularity?: number;
}

/** A rejected D program: dtrace's message (`line N: ...`), where it points, and its tag. */
export interface EnableFailure {
  readonly message: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly tag: string;
}

/** A failed enable: the error carries the compiler's diagnosis. */
export class EnableError extends Error implements EnableFailure {
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly tag: string;
  constructor(f: EnableFailure) {
    super(f.message);
    this.name = 'EnableError';
    this.line = f.line;
    this.column = f.column;
    this.tag = f.tag;
  }
}

/** A live change to the simulation, applied at a second boundary. */
export type Control =
  | { readonly kind: 'zone'; readonly zonename: string; readonly cpu_shares?: number; readonly cpu_cap?: number | null; readonly zfs_io_priority?: number }
  | { readonly kind: 'addWorkload'; readonly zonename: string; readonly workload: WorkloadSpec }
  | { readonly kind: 'removeWorkload'; readonly zonename: string; readonly index: number }
  | { readonly kind: 'throttle'; readonly mode: Scenario['throttle'] };

/** One aggregation of a script, merged over some nodes (columnar, as the D engine snapshots it). */
export interface ScriptAgg {
  readonly desc: AggDesc;
  readonly snapshot: AggSnapshot;
}

/** What a shard knows of a script: its aggregations merged over the shard's nodes, its output. */
export interface ScriptPart {
  readonly aggregations: readonly ScriptAgg[];
  readonly output: string;
  readonly errors: readonly string[];
  /** The output was cut to its last SCRIPT_OUTPUT_MAX characters. */
  readonly truncated: boolean;
  /** The program's options now (pragmas, setopt()): how its aggregations print. */
  readonly options: readonly (readonly [string, string | number])[];
}

/** Where a shard starts pacing: simulated second `simStartSec` at wall time `wallStartMs`. */
export interface Pacing {
  readonly wallStartMs: number;
  readonly simStartSec: number;
  /** Simulated s per wall s; 0 = flat out. */
  readonly speed: number;
}

export interface ShardOptions {
  readonly scenario: Scenario;
  /** The nodes this shard simulates. */
  readonly hostnames: readonly string[];
  readonly seed?: number;
  /** walltimestamp at second 0, ns since the Unix epoch. */
  readonly epochNs: bigint;
  /** The I/O layer (default: the ZFS model). */
  readonly io?: IoPortFactory;
}

/** What a shard reports as it runs. */
export interface ShardListener {
  /** A merged delta of an 'instn' enabling, once per simulated second. */
  delta(d: Delta): void;
  /** The shard completed simulated second `second - 1` (its nodes are at `second`). */
  second(second: number): void;
}

interface NodeState {
  readonly sim: SimNode;
  readonly hub: NodeHub;
}

interface NodeEnabling {
  readonly node: NodeState;
  readonly consumer: Consumer;
  readonly traced: SimTracedNode;
  readonly tracer: NodeTracer;
  /** Its consumer called exit() and END ran: it no longer fires. */
  ended: boolean;
}

/** Bounded text a script writes. */
class ScriptOutput {
  text = '';
  truncated = false;
  readonly errors: string[] = [];

  stdout(s: string): void {
    this.text += s;
    if (this.text.length > 2 * SCRIPT_OUTPUT_MAX) this.trim();
  }

  stderr(s: string): void {
    for (const line of s.split('\n')) if (line !== '' && this.errors.length < SCRIPT_ERRORS_MAX) this.errors.push(line);
  }

  trim(): void {
    if (this.text.length <= SCRIPT_OUTPUT_MAX) return;
    this.text = this.text.slice(this.text.length - SCRIPT_OUTPUT_MAX);
    this.truncated = true;
  }
}

interface Enabling {
  readonly spec: EnableSpec;
  readonly nodes: NodeEnabling[];
  readonly sources: readonly string[];
  readonly out: ScriptOutput;
  /** instn: the aggregation's description (for an empty second's delta). */
  desc: AggDesc | undefined;
  /** The first node's program options (setopt() changes them as the script runs). */
  options: DOptions | undefined;
}

export class Shard {
  readonly hostnames: readonly string[];
  private readonly nodes: NodeState[];
  private readonly enablings = new Map<string, Enabling>();
  private readonly listeners = new Set<ShardListener>();
  /** Controls waiting for their second, in arrival order. */
  private pending: { readonly at: number; readonly c: Control }[] = [];
  /** Whole simulated second every node has reached. */
  private sec = 0;
  private loop: Promise<void> | undefined;
  private stopLoop = new StopControl();
  /** What ended the last run() early, until halt() reports it. */
  private failure: unknown = undefined;

  constructor(private readonly o: ShardOptions) {
    const seed = o.seed ?? o.scenario.seed;
    this.nodes = o.hostnames.map((h) => {
      const spec = o.scenario.nodes.find((n) => n.hostname === h);
      if (spec === undefined) throw new Error(`no node "${h}" in scenario ${o.scenario.name}: expected one of ${o.scenario.nodes.map((n) => n.hostname).join(', ')}`);
      const sim = new SimNode(spec, { seed, hz: o.scenario.hz, throttle: o.scenario.throttle, io: o.io ?? createIoPort });
      return { sim, hub: new NodeHub(sim) };
    });
    this.hostnames = [...o.hostnames];
  }

  /** The whole simulated second every node of the shard has reached. */
  get second(): number {
    return this.sec;
  }

  /** The simulated node `hostname` (tests, kstats). */
  node(hostname: string): SimNode | undefined {
    return this.nodes.find((n) => n.sim.hostname === hostname)?.sim;
  }

  listen(l: ShardListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** The nodes of this shard an enabling runs on (its `nodes`, and with `zones` those hosting one). */
  nodesFor(spec: EnableSpec): readonly string[] {
    return this.nodes
      .filter((n) => spec.nodes === undefined || spec.nodes.includes(n.sim.hostname))
      .filter((n) => spec.zones === undefined || spec.zones.some((z) => n.sim.zone(z) !== undefined && z !== 'global'))
      .map((n) => n.sim.hostname);
  }

  /**
   * Compiles and starts an enabling on this shard's nodes (from the current second on).
   * Throws EnableError for a D program the compiler rejects. Returns the nodes it runs on.
   */
  enable(spec: EnableSpec): readonly string[] {
    if (this.enablings.has(spec.id)) throw new Error(`enabling "${spec.id}" already exists`);
    const hosts = this.nodesFor(spec);
    const out = new ScriptOutput();
    const e: Enabling = { spec, nodes: [], sources: hosts, out, desc: undefined, options: undefined };
    const epochNs = this.o.epochNs;
    const built: NodeEnabling[] = [];
    for (const h of hosts) {
      const node = this.nodes.find((n) => n.sim.hostname === h)!;
      const traced = new SimTracedNode({ scenario: this.o.scenario, hostname: h, zones: spec.zones, zoneProviders: spec.zoneProviders ?? false });
      const program = compileFor(spec, traced);
      const consumer = new Consumer(program, { sink: out, progname: 'dtrace' });
      e.options ??= program.options;
      if (spec.mode === 'instn') {
        const descs = consumer.aggregations().map((a) => a.desc);
        const why = descs.length !== 1 ? `an instrumentation's program has exactly one aggregation (found ${descs.length})` : deltaUnsupported(descs[0]!);
        if (why !== undefined) throw new EnableError({ message: why, line: undefined, column: undefined, tag: 'D_CA_AGG' });
        e.desc = descs[0];
      }
      built.push({ node, consumer, traced, tracer: traced.tracer(node.sim, consumer, epochNs), ended: false });
    }
    for (const ne of built) {
      const tracer = ne.tracer;
      ne.node.hub.add(tracer);
      tracer.startTimers(ne.traced.profileProbes(), NS_PER_S, (now) => ne.consumer.poll(now));
      tracer.self.timestamp = Math.floor(ne.node.sim.now);
      ne.consumer.begin(tracer.self);
      e.nodes.push(ne);
      this.checkEnded(e, ne);
    }
    this.enablings.set(spec.id, e);
    return hosts;
  }

  /** Stops an enabling (its pending data is dropped). */
  disable(id: string): void {
    const e = this.enablings.get(id);
    if (e === undefined) return;
    for (const ne of e.nodes) ne.node.hub.remove(ne.tracer);
    this.enablings.delete(id);
  }

  /** The ids of the enablings running here. */
  enablingIds(): string[] {
    return [...this.enablings.keys()];
  }

  /** Queues a live change for the boundary of second `at` (now, if that has passed). */
  control(c: Control, at: number = this.sec): void {
    this.validate(c);
    this.pending.push({ at, c });
    if (at <= this.sec) this.applyDue();
  }

  /** Throws when a control names something that does not exist on the nodes that host its zone. */
  private validate(c: Control): void {
    if (c.kind === 'throttle') return;
    const hosts = this.nodes.filter((n) => n.sim.zone(c.zonename) !== undefined);
    if (c.kind === 'removeWorkload') {
      // Workloads added for a boundary not reached yet count too (add, then remove at once).
      const queued = this.pending.filter((p) => p.c.kind === 'addWorkload' && p.c.zonename === c.zonename).length;
      for (const n of hosts) {
        const count = n.sim.zoneWorkloads(c.zonename).length + queued;
        if (!Number.isInteger(c.index) || c.index < 0 || c.index >= count) {
          throw new RangeError(`zone "${c.zonename}" has no workload ${c.index}: expected 0..${count - 1}`);
        }
      }
    }
  }

  private applyDue(): void {
    const due = this.pending.filter((p) => p.at <= this.sec);
    if (due.length === 0) return;
    this.pending = this.pending.filter((p) => p.at > this.sec);
    for (const { c } of due) this.apply(c);
  }

  private apply(c: Control): void {
    switch (c.kind) {
      case 'throttle':
        for (const n of this.nodes) n.sim.setThrottle(c.mode);
        return;
      case 'zone':
        for (const n of this.nodes) {
          if (n.sim.zone(c.zonename) === undefined) continue;
          if (c.cpu_shares !== undefined) n.sim.setCpuShares(c.zonename, c.cpu_shares);
          if (c.cpu_cap !== undefined) n.sim.setCpuCap(c.zonename, c.cpu_cap ?? undefined);
          if (c.zfs_io_priority !== undefined) n.sim.setZfsIoPriority(c.zonename, c.zfs_io_priority);
        }
        return;
      case 'addWorkload':
        for (const n of this.nodes) {
          const z = n.sim.zone(c.zonename);
          // `from` and `until` count from the time the workload is added.
          if (z !== undefined) n.sim.addWorkload(z, shiftWorkload(c.workload, this.sec));
        }
        return;
      case 'removeWorkload':
        for (const n of this.nodes) {
          const w = n.sim.zone(c.zonename) === undefined ? undefined : n.sim.zoneWorkloads(c.zonename)[c.index];
          if (w !== undefined) n.sim.removeWorkload(w.index);
        }
        return;
    }
  }

  /** Runs every node through the next simulated second and reports it. */
  step(): void {
    this.applyDue();
    const end = (this.sec + 1) * NS_PER_S;
    for (const n of this.nodes) n.sim.runUntil(end);
    const second = this.sec;
    this.sec++;
    for (const e of this.enablings.values()) {
      for (const ne of e.nodes) this.checkEnded(e, ne);
      // A shard none of whose nodes the enabling runs on has nothing to report (and no aggregation description).
      if (e.spec.mode === 'instn' && e.desc !== undefined) this.emit(this.collect(e, second));
    }
    for (const l of this.listeners) l.second(this.sec);
  }

  /** Runs flat out to second `target` (giving the host a turn between seconds when `yieldFn` is given). */
  async advanceTo(target: number, yieldFn?: () => Promise<void>): Promise<void> {
    while (this.sec < target) {
      this.step();
      if (yieldFn !== undefined) await yieldFn();
    }
  }

  /** One enabling's delta for `second`: @ca taken (and cleared) on every node, merged. */
  private collect(e: Enabling, second: number): Delta {
    // One dense accumulation over the nodes, ranges made once.
    const b = new DeltaBuilder(e.desc!);
    for (const ne of e.nodes) {
      const [agg] = ne.consumer.takeAggregations();
      if (agg !== undefined) b.add(agg.snapshot);
    }
    return b.build(e.spec.id, second, e.sources);
  }

  private emit(d: Delta): void {
    for (const l of this.listeners) l.delta(d);
  }

  /** A consumer that called exit(): END runs once (its output and pending aggregations print) and it stops firing. */
  private checkEnded(e: Enabling, ne: NodeEnabling): void {
    if (ne.ended || !ne.consumer.exited) return;
    ne.ended = true;
    ne.tracer.self.timestamp = Math.floor(ne.node.sim.now);
    if (e.spec.mode === 'script') ne.consumer.end(ne.tracer.self);
    ne.node.hub.remove(ne.tracer);
  }

  /** A script's aggregations merged over this shard's nodes, and its output so far. */
  scriptPart(id: string): ScriptPart {
    const e = this.enablings.get(id);
    if (e === undefined) throw new Error(`no enabling "${id}"`);
    const perNode = e.nodes.map((ne) => ne.consumer.aggregations());
    e.out.trim();
    const o = e.options;
    const options = o === undefined ? [] : o.names().flatMap((n) => {
      const v = o.get(n);
      return v === undefined ? [] : [[n, v] as const];
    });
    return { aggregations: mergeScriptAggs(perNode), output: e.out.text, errors: [...e.out.errors], truncated: e.out.truncated, options };
  }

  // ---- Pacing ----------------------------------------------------------------------------

  /**
   * Runs until halt(): flat out (speed 0) or paced so that simulated second s completes at
   * wall time wallStartMs + (s - simStartSec) / speed · 1000. A shard that falls behind
   * catches up as fast as it can, giving the host a turn after every second.
   */
  run(p: Pacing, clock: WallClock): void {
    if (this.loop !== undefined) throw new Error('the shard is already running');
    const stop = (this.stopLoop = new StopControl());
    this.loop = (async () => {
      while (stop.count === 0) {
        if (p.speed > 0) {
          const dueMs = p.wallStartMs + ((this.sec + 1 - p.simStartSec) / p.speed) * 1000;
          const wait = dueMs - clock.now();
          if (wait > 0) {
            await clock.sleep(Math.min(MAX_SLEEP_MS, wait), stop);
            continue;
          }
        }
        this.step();
        await clock.sleep(0, stop);
      }
    })().catch((e: unknown) => {
      // A failure inside the simulation ends the run; halt() reports it.
      this.failure = e;
    });
  }

  /** Stops a run() at the next second boundary; resolves with the second reached. */
  async halt(): Promise<number> {
    this.stopLoop.request();
    const l = this.loop;
    this.loop = undefined;
    if (l !== undefined) await l;
    const f = this.failure;
    this.failure = undefined;
    if (f !== undefined) throw f;
    return this.sec;
  }
}

/** A workload's `from`/`until`, relative to when it is added, as absolute simulated seconds. */
function shiftWorkload(w: WorkloadSpec, nowSec: number): WorkloadSpec {
  return { ...w, from: w.from + nowSec, until: w.until === undefined ? undefined : w.until + nowSec };
}

/** Compiles an enabling's D against one node's catalog; EnableError on a rejected program. */
function compileFor(spec: EnableSpec, traced: SimTracedNode): CompiledProgram {
  const options = new DOptions();
  if (spec.mode === 'instn') options.set('quiet');
  try {
    return compile({ inputs: [{ kind: 's', text: spec.script, name: spec.id }], macroArgs: [], argv0: 'dtrace', options, catalog: traced.catalog });
  } catch (e) {
    if (!(e instanceof CompileFailure)) throw e;
    const err = e.error;
    throw new EnableError({
      message: `failed to compile script: ${formatCompileError(err, { errtags: false, fileInput: true })}`,
      line: err.pos?.line,
      column: err.pos?.col,
      tag: err.tag,
    });
  }
}

/**
 * Per node, a script's aggregations (same program, so the same list): merged with the D
 * engine's own merge, aggregation by aggregation.
 */
export function mergeScriptAggs(perNode: readonly (readonly ScriptAgg[])[]): ScriptAgg[] {
  const first = perNode[0];
  if (first === undefined) return [];
  return first.map((a, i) => {
    const space = new AggSpace({ aggsize: Number.MAX_SAFE_INTEGER });
    const merged = aggregationFromSnapshot(a.desc, space, a.snapshot);
    for (let k = 1; k < perNode.length; k++) merged.mergeSnapshot(perNode[k]![i]!.snapshot);
    return { desc: a.desc, snapshot: merged.snapshot() };
  });
}
