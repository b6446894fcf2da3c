// The standalone host's run loop: simulated time, firing order, polls, exit and stops.
import { describe, expect, it } from 'vitest';
import type { FiringContext } from '../../../src/d/host';
import { DEFAULT_EPOCH_NS, EventQueue, type SimEvent } from '../../../src/engine/clock';
import { StopControl, type ConsumerPort, type RunOptions } from '../../../src/engine/node';
import { StandaloneNode } from '../../../src/engine/standalone';

interface Firing {
  readonly what: string;
  readonly id: number;
  readonly cpu: number;
  readonly ts: number;
}

/** A consumer that records what fired and exits when `exitWhen` says so. */
class FakeConsumer implements ConsumerPort {
  readonly log: Firing[] = [];
  readonly polls: number[] = [];
  exited = false;
  walls: (number | bigint)[] = [];
  constructor(
    private readonly enabled: ReadonlySet<number>,
    private readonly exitWhen: (f: Firing, all: readonly Firing[]) => boolean = () => false,
  ) {}
  isEnabled(id: number): boolean {
    return this.enabled.has(id);
  }
  private record(what: string, id: number, ctx: FiringContext): void {
    const f = { what, id, cpu: ctx.cpu, ts: ctx.timestamp };
    this.log.push(f);
    this.walls.push(ctx.walltimestamp);
    if (this.exitWhen(f, this.log)) this.exited = true;
  }
  begin(ctx: FiringContext): void {
    this.record('BEGIN', 1, ctx);
  }
  fire(id: number, ctx: FiringContext): void {
    this.record('fire', id, ctx);
  }
  poll(now: number): void {
    this.polls.push(now);
  }
  end(ctx: FiringContext): void {
    this.record('END', 2, ctx);
  }
}

function fastOptions(stop = new StopControl()): RunOptions {
  return {
    stop,
    switchrateNs: 1e9,
    epochNs: DEFAULT_EPOCH_NS,
    yieldToHost: () => new Promise((r) => setImmediate(r)),
  };
}

function probeId(node: StandaloneNode, name: string): number {
  node.catalog.provide?.({ provider: 'profile', module: '', func: '', name });
  const p = node.catalog.list().find((x) => x.name === name);
  if (!p) throw new Error(`no probe ${name}`);
  return p.id;
}

describe('EventQueue', () => {
  it('orders by time, then key, then insertion', () => {
    const q = new EventQueue<SimEvent & { n: string }>();
    q.push({ time: 5, key: 1, seq: 0, n: 'c' });
    q.push({ time: 1, key: 9, seq: 0, n: 'b' });
    q.push({ time: 1, key: 2, seq: 0, n: 'a' });
    q.push({ time: 5, key: 1, seq: 0, n: 'd' });
    q.push({ time: 0, key: 100, seq: 0, n: 'z' });
    const out: string[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.n);
    expect(out).toEqual(['z', 'a', 'b', 'c', 'd']);
  });
});

describe('StandaloneNode.run', () => {
  it('fires tick-10ms 100 times per simulated second on CPU 0', async () => {
    const node = new StandaloneNode();
    const tick = probeId(node, 'tick-10ms');
    const sec = probeId(node, 'tick-1s');
    const c = new FakeConsumer(new Set([1, 2, tick, sec]), (f) => f.id === sec);
    const r = await node.run(c, fastOptions());
    const ticks = c.log.filter((f) => f.id === tick);
    expect(ticks).toHaveLength(100);
    expect(ticks.every((f) => f.cpu === 0)).toBe(true);
    expect(ticks.map((f) => f.ts).slice(0, 3)).toEqual([1e7, 2e7, 3e7]);
    expect(c.log.at(-1)).toEqual({ what: 'END', id: 2, cpu: 0, ts: 1e9 });
    expect(r).toMatchObject({ simulatedNs: 1e9, endedBy: 'exit', firings: 1 + 100 + 1 + 1 });
  });

  it('fires profile-N on every CPU in CPU order, probes in id order within an instant', async () => {
    const node = new StandaloneNode();
    const p = probeId(node, 'profile-1hz');
    const t = probeId(node, 'tick-1s');
    const c = new FakeConsumer(new Set([t, p]), (f) => f.id === t && f.ts >= 2e9);
    await node.run(c, fastOptions());
    const at1 = c.log.filter((f) => f.ts === 1e9).map((f) => `${f.id}/${f.cpu}`);
    expect(at1).toEqual([...Array.from({ length: 8 }, (_, i) => `${p}/${i}`), `${t}/0`]);
  });

  it('fires only enabled probes and BEGIN/END on CPU 0 at timestamp 0', async () => {
    const node = new StandaloneNode();
    const c = new FakeConsumer(new Set([1, 2]), (f) => f.what === 'BEGIN');
    const r = await node.run(c, fastOptions());
    expect(c.log).toEqual([
      { what: 'BEGIN', id: 1, cpu: 0, ts: 0 },
      { what: 'END', id: 2, cpu: 0, ts: 0 },
    ]);
    expect(r.firings).toBe(2);
    expect(c.walls[0]).toBe(1313366400000000000n);
  });

  it('polls the consumer every switchrate', async () => {
    const node = new StandaloneNode();
    const t = probeId(node, 'tick-1s');
    const c = new FakeConsumer(new Set([t]), (f) => f.ts >= 3e9);
    await node.run(c, { ...fastOptions(), switchrateNs: 5e8 });
    expect(c.polls).toEqual([5e8, 1e9, 1.5e9, 2e9, 2.5e9]);
  });

  it('with nothing but BEGIN and END keeps running until a stop, then runs END', async () => {
    const node = new StandaloneNode();
    const c = new FakeConsumer(new Set([1, 2]));
    const stop = new StopControl();
    let interrupted = 0;
    const run = node.run(c, { ...fastOptions(stop), onInterrupt: () => interrupted++ });
    await new Promise((r) => setTimeout(r, 20));
    expect(c.log.map((f) => f.what)).toEqual(['BEGIN']);
    stop.request();
    const r = await run;
    expect(r.endedBy).toBe('stop');
    expect(interrupted).toBe(1);
    expect(c.log.map((f) => f.what)).toEqual(['BEGIN', 'END']);
  });

  it('a second stop request skips END', async () => {
    const node = new StandaloneNode();
    const c = new FakeConsumer(new Set([1, 2]));
    const stop = new StopControl();
    stop.request();
    stop.request();
    const r = await node.run(c, fastOptions(stop));
    expect(r.endedBy).toBe('impatient');
    expect(c.log.map((f) => f.what)).toEqual(['BEGIN']);
  });

  it('paces simulated time to the wall clock in live mode', async () => {
    const node = new StandaloneNode();
    const t = probeId(node, 'tick-50ms');
    const c = new FakeConsumer(new Set([t]), (f) => f.id === t && f.ts >= 2e8);
    let now = 0;
    const slept: number[] = [];
    const r = await node.run(c, {
      ...fastOptions(),
      wallClock: {
        now: () => now,
        sleep: async (ms) => {
          slept.push(ms);
          now += ms;
        },
      },
    });
    expect(r.simulatedNs).toBe(2e8);
    expect(now).toBeCloseTo(200, 6);
    expect(slept.length).toBeGreaterThanOrEqual(4);
  });

  it('is deterministic: the same program gives the same firings', async () => {
    const runOnce = async (): Promise<readonly Firing[]> => {
      const node = new StandaloneNode();
      const ids = ['profile-97', 'tick-7', 'profile-499', 'tick-333ms'].map((n) => probeId(node, n));
      const c = new FakeConsumer(new Set(ids), (f) => f.ts >= 3e9);
      await node.run(c, fastOptions());
      return c.log;
    };
    const a = await runOnce();
    expect(a.length).toBeGreaterThan(1000);
    expect(await runOnce()).toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i]!.ts).toBeGreaterThanOrEqual(a[i - 1]!.ts);
  });
});
