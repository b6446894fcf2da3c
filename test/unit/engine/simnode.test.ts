// The simulated node as a D host: its run loop (simulated time, firing order, polls,
// exit, stops, pacing), the contexts it hands the consumer, and thread ends.
import { describe, expect, it } from 'vitest';
import type { FiringContext } from '../../../src/d/host';
import { StopControl, type ConsumerPort, type RunOptions } from '../../../src/engine/node';
import { DEFAULT_EPOCH_NS, SimTracedNode } from '../../../src/engine/simnode';
import { mapUserMemory, SYS_OPEN, SYS_WRITE } from '../../../src/sim/probes';
import { parseScenario, type ScenarioInput } from '../../../src/sim/scenario';
import type { WorkloadRegistry } from '../../../src/sim/workload';
import { WORKLOADS } from '../../../src/sim/workloads/index';

interface Firing {
  readonly what: string;
  readonly id: number;
  readonly cpu: number;
  readonly ts: number;
  readonly zone: string;
  readonly exec: string;
}

/** A consumer that records what fired and exits when `exitWhen` says so. */
class FakeConsumer implements ConsumerPort {
  readonly log: Firing[] = [];
  readonly polls: number[] = [];
  readonly exitedSlots: number[] = [];
  readonly contexts: FiringContext[] = [];
  exited = false;
  walls: (number | bigint)[] = [];
  constructor(
    private readonly enabled: ReadonlySet<number>,
    private readonly exitWhen: (f: Firing, ctx: FiringContext) => boolean = () => false,
  ) {}
  isEnabled(id: number): boolean {
    return this.enabled.has(id);
  }
  private record(what: string, id: number, ctx: FiringContext): void {
    const f = { what, id, cpu: ctx.cpu, ts: ctx.timestamp, zone: ctx.zonename, exec: ctx.execname };
    this.log.push(f);
    this.walls.push(ctx.walltimestamp);
    if (this.exitWhen(f, ctx)) this.exited = true;
  }
  begin(ctx: FiringContext): void {
    this.record('BEGIN', 1, ctx);
  }
  fire(id: number, ctx: FiringContext): void {
    this.record('fire', id, ctx);
  }
  poll(now: number): void {
    this.polls.push(now);
    this.log.push({ what: 'poll', id: 0, cpu: 0, ts: now, zone: '', exec: '' });
  }
  end(ctx: FiringContext): void {
    this.record('END', 2, ctx);
  }
  threadExited(slot: number): void {
    this.exitedSlots.push(slot);
  }
}

const QUIET: ScenarioInput = { name: 'quiet', nodes: [{ hostname: 'cn1', ncpus: 8, zones: [{ name: 'z0' }] }] };

function node(input: ScenarioInput = QUIET, extra: Partial<ConstructorParameters<typeof SimTracedNode>[0]> = {}): SimTracedNode {
  return new SimTracedNode({ scenario: parseScenario(input), ...extra });
}

function fastOptions(stop = new StopControl()): RunOptions {
  return { stop, switchrateNs: 1e9, epochNs: DEFAULT_EPOCH_NS, yieldToHost: () => new Promise((r) => setImmediate(r)) };
}

function probeId(n: SimTracedNode, provider: string, name: string, func = ''): number {
  n.catalog.provide?.({ provider, module: '', func, name });
  const p = n.catalog.list().find((x) => x.provider === provider && x.name === name && (func === '' || x.func === func));
  if (!p) throw new Error(`no probe ${provider}:::${name}`);
  return p.id;
}

describe('SimTracedNode.run', () => {
  it('fires tick-10ms 100 times per simulated second on CPU 0', async () => {
    const n = node();
    const tick = probeId(n, 'profile', 'tick-10ms');
    const sec = probeId(n, 'profile', 'tick-1s');
    const c = new FakeConsumer(new Set([1, 2, tick, sec]), (f) => f.id === sec);
    const r = await n.run(c, fastOptions());
    const ticks = c.log.filter((f) => f.id === tick);
    expect(ticks).toHaveLength(100);
    expect(ticks.every((f) => f.cpu === 0)).toBe(true);
    expect(ticks.map((f) => f.ts).slice(0, 3)).toEqual([1e7, 2e7, 3e7]);
    expect(c.log.at(-1)).toMatchObject({ what: 'END', id: 2, cpu: 0, ts: 1e9 });
    expect(r).toMatchObject({ simulatedNs: 1e9, endedBy: 'exit', firings: 1 + 100 + 1 + 1 });
    expect(r.events).toBeGreaterThanOrEqual(100);
  });

  it('fires profile-N on every CPU in CPU order, probes in id order within an instant, the poll last', async () => {
    const n = node();
    const p = probeId(n, 'profile', 'profile-1hz');
    const t = probeId(n, 'profile', 'tick-1s');
    const c = new FakeConsumer(new Set([t, p]), (f) => f.id === t && f.ts >= 2e9);
    await n.run(c, fastOptions());
    const at1 = c.log.filter((f) => f.ts === 1e9).map((f) => (f.what === 'poll' ? 'poll' : `${f.id}/${f.cpu}`));
    expect(at1).toEqual([...Array.from({ length: 8 }, (_, i) => `${p}/${i}`), `${t}/0`, 'poll']);
    // Idle CPUs run the global zone's idle threads.
    expect(c.log.filter((f) => f.id === p).every((f) => f.zone === 'global' && f.exec === 'sched')).toBe(true);
  });

  it('fires BEGIN and END on CPU 0 at timestamp 0, walltimestamp from the epoch', async () => {
    const n = node();
    const c = new FakeConsumer(new Set([1, 2]), (f) => f.what === 'BEGIN');
    const r = await n.run(c, fastOptions());
    expect(c.log.map((f) => [f.what, f.cpu, f.ts, f.exec])).toEqual([
      ['BEGIN', 0, 0, 'dtrace'],
      ['END', 0, 0, 'dtrace'],
    ]);
    expect(r.firings).toBe(2);
    expect(c.walls[0]).toBe(1313366400000000000n);
  });

  it('polls the consumer every switchrate', async () => {
    const n = node();
    const t = probeId(n, 'profile', 'tick-1s');
    const c = new FakeConsumer(new Set([t]), (f) => f.ts >= 3e9);
    await n.run(c, { ...fastOptions(), switchrateNs: 5e8 });
    expect(c.polls).toEqual([5e8, 1e9, 1.5e9, 2e9, 2.5e9]);
  });

  it('keeps running until a stop, then runs END; a second stop skips END', async () => {
    const n = node();
    const c = new FakeConsumer(new Set([1, 2]));
    const stop = new StopControl();
    let interrupted = 0;
    const run = n.run(c, { ...fastOptions(stop), onInterrupt: () => interrupted++ });
    await new Promise((r) => setTimeout(r, 20));
    expect(c.log.filter((f) => f.what !== 'poll').map((f) => f.what)).toEqual(['BEGIN']);
    stop.request();
    const r = await run;
    expect(r.endedBy).toBe('stop');
    expect(interrupted).toBe(1);
    expect(c.log.filter((f) => f.what !== 'poll').map((f) => f.what)).toEqual(['BEGIN', 'END']);

    const c2 = new FakeConsumer(new Set([1, 2]));
    const stop2 = new StopControl();
    stop2.request();
    stop2.request();
    expect((await node().run(c2, fastOptions(stop2))).endedBy).toBe('impatient');
    expect(c2.log.map((f) => f.what)).toEqual(['BEGIN']);
  });

  it('paces simulated time to the wall clock in live mode', async () => {
    const n = node();
    const t = probeId(n, 'profile', 'tick-50ms');
    const c = new FakeConsumer(new Set([t]), (f) => f.id === t && f.ts >= 2e8);
    let now = 0;
    const r = await n.run(c, {
      ...fastOptions(),
      wallClock: {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
    });
    expect(r.simulatedNs).toBe(2e8);
    expect(now).toBeGreaterThanOrEqual(200);
    expect(now).toBeLessThan(200 + 101);
  });
});

describe('contexts', () => {
  const SPIN: ScenarioInput = {
    name: 'spin',
    nodes: [{ hostname: 'cn1', ncpus: 2, zones: [{ name: 'a', workloads: [{ kind: 'cpu', threads: 3, execname: 'spin', until: 1 }] }] }],
  };

  it('samples the thread on each CPU, with arg0 0 and arg1 a user pc in user mode', async () => {
    const n = node(SPIN);
    const p = probeId(n, 'profile', 'profile-100');
    const seen: [string, number, number, number, number][] = [];
    const c = new FakeConsumer(new Set([p]), (f, ctx) => {
      seen.push([ctx.execname, ctx.pid, ctx.threadSlot, Number(ctx.arg[0]), Number(ctx.arg[1])]);
      return f.ts >= 5e8;
    });
    await n.run(c, fastOptions());
    const spins = seen.filter((s) => s[0] === 'spin');
    expect(spins.length).toBeGreaterThan(50);
    expect(spins.every((s) => s[1] >= 1000 && s[2] >= 3 && s[3] === 0 && s[4] > 0)).toBe(true);
  });

  it('tells the consumer when a thread exits, with its slot', async () => {
    const n = node(SPIN);
    const t = probeId(n, 'profile', 'tick-2s');
    const c = new FakeConsumer(new Set([t]), (f) => f.id === t);
    await n.run(c, fastOptions());
    // Three threads past the consumer's slot 0 and the two idle CPUs' slots 1-2.
    expect([...c.exitedSlots].sort()).toEqual([3, 4, 5]);
  });

  it("reads a process's user memory: the path at open's entry, a write's buffer", async () => {
    const PATH_ADDR = 0x8047000;
    const workloads: WorkloadRegistry = {
      ...WORKLOADS,
      cpu: (host) => {
        const proc = host.spawn('opener', 'opener');
        mapUserMemory(proc, PATH_ADDR, '/var/db/data.0\0');
        host.thread(proc, (th) => host.kernel.syscall(th, SYS_OPEN, 1000, (t2) => {
          host.kernel.ret(t2, 3);
          host.kernel.syscall(t2, SYS_WRITE, 1000, (t3) => {
            host.kernel.ret(t3, 16);
            host.kernel.exit(t3);
          }, 3, 0x9000, 16);
        }, PATH_ADDR, 2));
        return { stop() {} };
      },
    };
    const n = node(SPIN, { nodeOptions: { workloads } });
    const open = probeId(n, 'syscall', 'entry', 'open');
    const write = probeId(n, 'syscall', 'entry', 'write');
    const reads: (string | undefined)[] = [];
    const c = new FakeConsumer(new Set([open, write]), (f, ctx) => {
      if (f.id === open) {
        reads.push(ctx.readUser?.(ctx.arg[0]!, 256));
        reads.push(ctx.readUser?.(0x1234, 8));
      }
      if (f.id !== write) return false;
      // A write's buffer is mapped, of unmodelled content: zeros, up to its end.
      reads.push(ctx.readUser?.(0x9000 + 12, 8));
      reads.push(ctx.readUser?.(0x9000 + 16, 1));
      return true;
    });
    await n.run(c, fastOptions());
    expect(reads).toEqual(['/var/db/data.0\0', undefined, '\0\0\0\0', undefined]);
  });
});
