// The standalone host: one compute node with N idle CPUs and only the dtrace and profile
// providers, driven by a deterministic simulated clock. zdtrace runs D on it until the
// simulated SmartOS node (src/sim) takes its place behind the same TracedNode interface.
// Pure TypeScript: the real clock, if any, comes in through RunOptions.

import type { DInt, FiringContext } from '../d/host';
import { ProbeTable } from './catalog';
import { addNs, EventQueue, type SimEvent } from './clock';
import type { ConsumerIdentity, ConsumerPort, RunOptions, RunResult, TracedNode } from './node';
import { ProfileProvider, type ProfileProbe } from './profile';
import { PROVIDER_ATTRIBUTES, type ProviderAttributes } from './stability';

export interface StandaloneOptions {
  readonly hostname?: string;
  readonly ncpus?: number;
  /** The zone the consumer runs in (`--zone`); `global` by default. */
  readonly zonename?: string;
}

/** Kernel pc an idle CPU is interrupted at: the profile provider's arg0 (int64, so negative). */
const IDLE_KERNEL_PC = -0x47ffe2a;

/** dtrace(1M)'s own process on the standalone host. */
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

/** Flat-out runs give the host a turn at least this often (events). */
const YIELD_EVERY = 1 << 14;
/** Live runs sleep only when the next event is at least this far off (ms). */
const MIN_SLEEP_MS = 1;

/** A thread's view at a firing; walltimestamp is derived from timestamp only when read. */
class HostContext implements FiringContext {
  timestamp = 0;
  vtimestamp = 0;
  errno = 0;
  readonly arg: DInt[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  readonly args: unknown[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  epochNs = 0n;

  constructor(
    public cpu: number,
    public pid: number,
    public ppid: number,
    public tid: number,
    public uid: number,
    public threadSlot: number,
    public execname: string,
    public zonename: string,
  ) {}

  get walltimestamp(): DInt {
    return addNs(this.epochNs, this.timestamp);
  }
}

interface Due extends SimEvent {
  /** undefined: the consumer's switchrate poll. */
  readonly probe: ProfileProbe | undefined;
  readonly cpu: number;
}

const BEGIN_ID = 1;
const END_ID = 2;

/** Within one instant: probes in id order, each on its CPUs in order, then the poll. */
const KEY_CPU_SPAN = 4096;
const POLL_KEY = Number.MAX_SAFE_INTEGER;

export class StandaloneNode implements TracedNode {
  readonly hostname: string;
  readonly ncpus: number;
  readonly catalog = new ProbeTable();
  readonly consumerIdentity = CONSUMER;
  private readonly profile = new ProfileProvider();
  private readonly zonename: string;

  constructor(o: StandaloneOptions = {}) {
    this.hostname = o.hostname ?? 'cn1';
    this.ncpus = o.ncpus ?? 8;
    this.zonename = o.zonename ?? 'global';
    this.catalog.add('dtrace', '', '', 'BEGIN');
    this.catalog.add('dtrace', '', '', 'END');
    this.catalog.add('dtrace', '', '', 'ERROR');
    this.profile.install(this.catalog);
  }

  providerAttributes(provider: string): ProviderAttributes | undefined {
    return Object.hasOwn(PROVIDER_ATTRIBUTES, provider) ? PROVIDER_ATTRIBUTES[provider] : undefined;
  }

  async run(consumer: ConsumerPort, o: RunOptions): Promise<RunResult> {
    const self = new HostContext(0, CONSUMER.pid, CONSUMER.ppid, 1, CONSUMER.uid, 0, 'dtrace', this.zonename);
    self.epochNs = o.epochNs;
    const idle: HostContext[] = [];
    for (let cpu = 0; cpu < this.ncpus; cpu++) {
      // Idle CPUs run the global zone's sched threads, whatever zone the consumer is in.
      const c = new HostContext(cpu, 0, 0, 0, 0, 1 + cpu, 'sched', 'global');
      c.epochNs = o.epochNs;
      c.arg[0] = IDLE_KERNEL_PC;
      c.args[0] = IDLE_KERNEL_PC;
      idle.push(c);
    }

    const q = new EventQueue<Due>();
    for (const p of this.profile.probes()) {
      if (!consumer.isEnabled(p.id)) continue;
      const n = p.kind === 'tick' ? 1 : this.ncpus;
      for (let cpu = 0; cpu < n; cpu++) q.push({ time: p.intervalNs, key: p.id * KEY_CPU_SPAN + cpu, seq: 0, probe: p, cpu });
    }
    const poll: Due = { time: o.switchrateNs, key: POLL_KEY, seq: 0, probe: undefined, cpu: 0 };
    q.push(poll);

    let now = 0;
    let events = 1;
    let firings = consumer.isEnabled(BEGIN_ID) ? 1 : 0;
    let sinceYield = 0;
    const wallStart = o.wallClock?.now() ?? 0;
    consumer.begin(self);

    while (!consumer.exited && o.stop.count === 0) {
      const next = q.peek()!;
      if (o.wallClock) {
        const wait = wallStart + next.time / 1e6 - o.wallClock.now();
        if (wait >= MIN_SLEEP_MS) {
          sinceYield = 0;
          await o.wallClock.sleep(wait, o.stop);
          continue;
        }
      } else if (q.size === 1) {
        // Nothing can happen but polls: wait for a signal instead of spinning.
        await o.yieldToHost();
        await o.stop.wait();
        continue;
      }
      if (++sinceYield >= YIELD_EVERY) {
        // Even a run that has fallen behind the wall clock lets signals and output through.
        sinceYield = 0;
        await o.yieldToHost();
        continue;
      }
      q.pop();
      now = next.time;
      events++;
      if (next.probe === undefined) {
        consumer.poll(now);
        o.onPoll?.();
        next.time += o.switchrateNs;
        q.push(next);
        if (!o.wallClock) {
          sinceYield = 0;
          await o.yieldToHost();
        }
        continue;
      }
      const ctx = idle[next.cpu]!;
      ctx.timestamp = now;
      ctx.vtimestamp = now;
      consumer.fire(next.probe.id, ctx);
      firings++;
      next.time += next.probe.intervalNs;
      q.push(next);
    }

    let endedBy: RunResult['endedBy'] = 'exit';
    if (o.wallClock && !consumer.exited) {
      // A stop between events: END sees the time that has really passed.
      const elapsed = Math.floor((o.wallClock.now() - wallStart) * 1e6);
      now = Math.max(now, Math.min(elapsed, q.peek()!.time));
    }
    if (!consumer.exited) {
      endedBy = o.stop.count > 1 ? 'impatient' : 'stop';
      o.onInterrupt?.();
    }
    if (endedBy !== 'impatient') {
      self.timestamp = now;
      consumer.end(self);
      events++;
      if (consumer.isEnabled(END_ID)) firings++;
    }
    return { simulatedNs: now, events, firings, endedBy };
  }
}
