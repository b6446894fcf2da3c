// zdtrace's host: one compute node of a scenario, simulated (src/sim) and traced by one
// D consumer. The catalog is the dtrace provider, the profile provider (its default
// probes, and any profile-N/tick-N a description names) and the simulator's probes; a
// consumer inside a non-global zone gets only the dtrace, profile, syscall, proc and
// sched providers. The node itself is built only when the run goes past BEGIN, so
// compiling (or `-l`, or a program that exits in BEGIN) costs no simulation, and no other
// node of the scenario is simulated. The simulator's code (and a deferred scenario) is
// loaded only then too: start-up is budgeted. Pure TypeScript: the real clock, if any,
// comes in through RunOptions.

import type { FiringContext } from '../d/host';
import type { IoPortFactory } from '../sim/ioport';
import type { NodeOptions, SimNode } from '../sim/node';
import { SIM_PROBES } from '../sim/probes';
import type { NodeSpec, Scenario } from '../sim/scenario';
import { ProbeTable } from './catalog';
import type { ConsumerIdentity, ConsumerPort, RunOptions, RunResult, TracedNode } from './node';
import { ProfileProvider, type ProfileProbe } from './profile';
import { PROVIDER_ATTRIBUTES, type ProviderAttributes } from './stability';
import { consumerContext, NodeTracer, zoneScope } from './tracer';

/** 2011-08-15T00:00:00Z in ns since the Unix epoch: walltimestamp's origin when nothing else sets it. */
export const DEFAULT_EPOCH_NS = BigInt(Date.UTC(2011, 7, 15)) * 1_000_000n;

/** The providers a consumer inside a non-global zone has (DESIGN.md "Inside a non-global zone"). */
export const ZONE_PROVIDERS: ReadonlySet<string> = new Set(['dtrace', 'profile', 'syscall', 'proc', 'sched']);

/** dtrace(1M)'s own process. */
const CONSUMER: ConsumerIdentity = {
  pid: 4242,
  ppid: 4241,
  uid: 0,
  gid: 0,
  euid: 0,
  egid: 0,
  pgid: 4242,
  sid: 4102,
  projid: 1,
  taskid: 57,
};

/** Flat-out runs give the host a turn after this much simulated time (ns). */
const FAST_SLICE_NS = 50_000_000;
/** Live runs that fall behind the wall clock still give the host a turn this often (ns). */
const LIVE_SLICE_NS = 10_000_000;
/** Live runs sleep at least this long (ms) once they have caught up, at most this long. */
const MIN_SLEEP_MS = 1;
const MAX_SLEEP_MS = 100;

const BEGIN_ID = 1;
const END_ID = 2;

/**
 * A scenario parsed only when the simulation starts, so that a run that ends in BEGIN
 * never parses it: for the scenario's first node, its own seed and the global zone only
 * (choosing a node or a zone needs the parsed scenario, to check the choice up front).
 */
export interface DeferredScenario {
  /** The scenario's `epoch` as written (parsing keeps it): walltimestamp's origin in BEGIN. */
  readonly epoch: string | undefined;
  /** Parses the scenario; called at most once. */
  readonly load: () => Promise<Scenario>;
}

export interface SimTracedNodeOptions {
  readonly scenario: Scenario | DeferredScenario;
  /** The node to simulate (default: the scenario's first). Not with a DeferredScenario. */
  readonly hostname?: string;
  /** Overrides the scenario's seed. Not with a DeferredScenario. */
  readonly seed?: number;
  /**
   * The consumer runs inside this non-global zone (undefined or "global": the global
   * zone). Only "global" with a DeferredScenario.
   */
  readonly zonename?: string;
  /**
   * The consumer sees only these zones' threads (a customer's zones; with `zonename`, that
   * zone). Names the node does not host are ignored. Not with a DeferredScenario.
   */
  readonly zones?: readonly string[];
  /**
   * Only the providers that exist inside a non-global zone (dtrace, profile, syscall, proc,
   * sched). Default: true when `zonename` names a non-global zone.
   */
  readonly zoneProviders?: boolean;
  /** Simulator options beyond the scenario's (tests: other workloads). */
  readonly nodeOptions?: Partial<NodeOptions>;
}

/** A bad --node or --zone: names what exists instead. */
export class NodeChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeChoiceError';
  }
}

/** The simulator's code, loaded once, when a run first needs a node. */
interface Simulator {
  readonly SimNode: typeof SimNode;
  readonly io: IoPortFactory;
}
let simulator: Promise<Simulator> | undefined;
function loadSimulator(): Promise<Simulator> {
  simulator ??= Promise.all([import('../sim/node'), import('../sim/io/index')]).then(([n, io]) => ({ SimNode: n.SimNode, io: io.createIoPort }));
  return simulator;
}

export class SimTracedNode implements TracedNode {
  readonly catalog = new ProbeTable();
  readonly consumerIdentity = CONSUMER;
  /** walltimestamp at timestamp 0 that the scenario sets (its `epoch`), if it does. */
  readonly epochNs: bigint | undefined;
  /** The consumer's zone; undefined for the global zone. */
  readonly zonename: string | undefined;
  /** The zones whose threads the consumer sees; undefined: every zone. */
  readonly zones: readonly string[] | undefined;
  /** D probe id of each simulator probe (-1: not in this consumer's catalog). */
  private readonly dIds = new Int32Array(SIM_PROBES.length).fill(-1);
  private readonly profile = new ProfileProvider();
  /** The node's spec in the scenario; undefined while a DeferredScenario waits. */
  private spec: NodeSpec | undefined;
  private node: Promise<SimNode> | undefined;

  constructor(private readonly o: SimTracedNodeOptions) {
    const zone = o.zonename === 'global' ? undefined : o.zonename;
    if ('load' in o.scenario) {
      if (o.hostname !== undefined || o.seed !== undefined || zone !== undefined || o.zones !== undefined) {
        throw new TypeError('a deferred scenario is for its first node, its own seed and the global zone');
      }
    } else {
      this.spec = this.chooseNode(o.scenario);
      if (zone !== undefined && !this.spec.zones.some((z) => z.name === zone)) {
        const names = this.spec.zones.map((z) => z.name);
        throw new NodeChoiceError(`unknown zone '${zone}' on ${this.spec.hostname}: expected ${names.length === 0 ? 'global' : `one of global, ${names.join(', ')}`}`);
      }
    }
    this.zonename = zone;
    this.zones = o.zones ?? (zone === undefined ? undefined : [zone]);
    const zoneProviders = o.zoneProviders ?? zone !== undefined;
    this.epochNs = o.scenario.epoch === undefined ? undefined : BigInt(Date.parse(o.scenario.epoch)) * 1_000_000n;

    this.catalog.add('dtrace', '', '', 'BEGIN');
    this.catalog.add('dtrace', '', '', 'END');
    this.catalog.add('dtrace', '', '', 'ERROR');
    this.profile.install(this.catalog);
    SIM_PROBES.forEach((p, i) => {
      if (zoneProviders && !ZONE_PROVIDERS.has(p.provider)) return;
      this.dIds[i] = this.catalog.add(p.provider, p.module, p.func, p.name, p.argTypes).id;
    });
  }

  /** The node's hostname; with a DeferredScenario, known once a run has built the node. */
  get hostname(): string {
    return this.loadedSpec().hostname;
  }

  /** The node's CPU count; with a DeferredScenario, known once a run has built the node. */
  get ncpus(): number {
    return this.loadedSpec().ncpus;
  }

  private loadedSpec(): NodeSpec {
    if (this.spec === undefined) throw new Error('the scenario is not loaded yet: run past BEGIN first');
    return this.spec;
  }

  private chooseNode(scenario: Scenario): NodeSpec {
    const nodes = scenario.nodes;
    const spec = this.o.hostname === undefined ? nodes[0] : nodes.find((n) => n.hostname === this.o.hostname);
    if (spec === undefined) {
      throw new NodeChoiceError(`unknown node '${this.o.hostname}' in scenario ${scenario.name}: expected one of ${nodes.map((n) => n.hostname).join(', ')}`);
    }
    return spec;
  }

  providerAttributes(provider: string): ProviderAttributes | undefined {
    return Object.hasOwn(PROVIDER_ATTRIBUTES, provider) ? PROVIDER_ATTRIBUTES[provider] : undefined;
  }

  /** The simulated node, built on first use (loading the simulator, and parsing a deferred scenario). */
  simNode(): Promise<SimNode> {
    this.node ??= this.buildNode();
    return this.node;
  }

  private async buildNode(): Promise<SimNode> {
    const source = this.o.scenario;
    const [sim, sc] = await Promise.all([loadSimulator(), 'load' in source ? source.load() : source]);
    this.spec ??= this.chooseNode(sc);
    return new sim.SimNode(this.spec, {
      seed: this.o.seed ?? sc.seed,
      hz: sc.hz,
      throttle: sc.throttle,
      io: sim.io,
      ...this.o.nodeOptions,
    });
  }

  /**
   * A tracer that binds `consumer` (compiled against this catalog) to `node`, a node of
   * the same scenario simulated elsewhere (a datacenter, a worker). Call attach() on it.
   */
  tracer(node: SimNode, consumer: ConsumerPort, epochNs: bigint): NodeTracer {
    const scope = this.zones === undefined ? undefined : zoneScope(node, this.zones);
    return new NodeTracer(node, consumer, this.dIds, epochNs, CONSUMER, scope);
  }

  /** The profile provider's probes (its default ones and any a compiled description named). */
  profileProbes(): readonly ProfileProbe[] {
    return this.profile.probes();
  }

  async run(consumer: ConsumerPort, o: RunOptions): Promise<RunResult> {
    // BEGIN needs no simulation: a program that exits in BEGIN never builds the node.
    const zi = this.zonename === undefined ? -1 : this.loadedSpec().zones.findIndex((z) => z.name === this.zonename);
    const early = consumerContext(o.epochNs, CONSUMER, zi < 0 ? undefined : { name: this.zonename!, id: zi + 1 });
    consumer.begin(early);
    const beginFirings = consumer.isEnabled(BEGIN_ID) ? 1 : 0;
    if (consumer.exited || o.stop.count > 0) {
      const { endedBy, endFirings } = finish(consumer, o, early);
      return { simulatedNs: 0, events: 0, firings: beginFirings + endFirings, endedBy };
    }

    const node = await this.simNode();
    const sched = node.sched;
    const tracer = this.tracer(node, consumer, o.epochNs);
    tracer.attach();
    tracer.startTimers(this.profile.probes(), o.switchrateNs, (now) => {
      consumer.poll(now);
      o.onPoll?.();
    });

    const eventsBefore = sched.processed;
    const start = sched.now;
    const stopNow = (): boolean => consumer.exited || o.stop.count > 0;
    const wallStart = o.wallClock?.now() ?? 0;

    while (!stopNow()) {
      if (o.wallClock) {
        const target = start + Math.floor((o.wallClock.now() - wallStart) * 1e6);
        const next = sched.peekTime();
        if (next > target) {
          const ms = Math.min(MAX_SLEEP_MS, Math.max(MIN_SLEEP_MS, (next - target) / 1e6));
          await o.wallClock.sleep(ms, o.stop);
          continue;
        }
        node.runUntil(Math.min(target, sched.now + LIVE_SLICE_NS), stopNow);
        if (sched.peekTime() <= target) await o.yieldToHost();
      } else {
        node.runUntil(sched.now + FAST_SLICE_NS, stopNow);
        await o.yieldToHost();
      }
    }

    tracer.self.timestamp = Math.floor(sched.now);
    const { endedBy, endFirings } = finish(consumer, o, tracer.self);
    tracer.detach();
    const firings = beginFirings + tracer.firings + endFirings;
    return { simulatedNs: Math.floor(sched.now - start), events: sched.processed - eventsBefore, firings, endedBy };
  }
}

/**
 * How the run ended and END: an exit() ends it, a stop request interrupts it (END still
 * runs), a second one skips END.
 */
function finish(consumer: ConsumerPort, o: RunOptions, self: FiringContext): { endedBy: RunResult['endedBy']; endFirings: number } {
  let endedBy: RunResult['endedBy'] = 'exit';
  if (!consumer.exited) {
    endedBy = o.stop.count > 1 ? 'impatient' : 'stop';
    o.onInterrupt?.();
  }
  if (endedBy === 'impatient') return { endedBy, endFirings: 0 };
  consumer.end(self);
  return { endedBy, endFirings: consumer.isEnabled(END_ID) ? 1 : 0 };
}
