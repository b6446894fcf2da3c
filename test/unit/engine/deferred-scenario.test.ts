// A SimTracedNode over a deferred scenario (zdtrace's built-in scenarios on their first
// node): the scenario is parsed only when a run goes past BEGIN, and the run is then the
// same as over the parsed scenario.
import { describe, expect, it } from 'vitest';
import type { FiringContext } from '../../../src/d/host';
import { StopControl, type ConsumerPort, type RunOptions } from '../../../src/engine/node';
import { DEFAULT_EPOCH_NS, SimTracedNode, type DeferredScenario } from '../../../src/engine/simnode';
import { parseScenario, type Scenario, type ScenarioInput } from '../../../src/sim/scenario';

const INPUT: ScenarioInput = {
  name: 'two',
  epoch: '2013-03-01T12:00:00Z',
  nodes: [
    { hostname: 'cn7', ncpus: 4, zones: [{ name: 'z0', workloads: [{ kind: 'cpu', threads: 2, duty: 0.5 }] }] },
    { hostname: 'cn8', ncpus: 2 },
  ],
};

/** Records BEGIN's walltimestamp and every firing of `ids`; exits at the first firing of `exitOn`. */
class Recorder implements ConsumerPort {
  readonly log: string[] = [];
  exited = false;
  constructor(
    private readonly ids: ReadonlySet<number>,
    private readonly exitOn: number,
  ) {}
  isEnabled(id: number): boolean {
    return this.ids.has(id);
  }
  begin(ctx: FiringContext): void {
    this.log.push(`BEGIN ${String(ctx.walltimestamp)}`);
    if (this.exitOn === 1) this.exited = true;
  }
  fire(id: number, ctx: FiringContext): void {
    this.log.push(`${id} ${ctx.cpu} ${ctx.timestamp} ${ctx.execname}`);
    if (id === this.exitOn) this.exited = true;
  }
  poll(): void {}
  end(): void {
    this.log.push('END');
  }
}

function deferred(): { scenario: DeferredScenario; loads: () => number } {
  let n = 0;
  return {
    scenario: {
      epoch: INPUT.epoch,
      load: async (): Promise<Scenario> => {
        n++;
        return parseScenario(INPUT);
      },
    },
    loads: () => n,
  };
}

function options(): RunOptions {
  return { stop: new StopControl(), switchrateNs: 1e9, epochNs: DEFAULT_EPOCH_NS, yieldToHost: () => new Promise((r) => setImmediate(r)) };
}

function probe(n: SimTracedNode, provider: string, name: string): number {
  n.catalog.provide?.({ provider, module: '', func: '', name });
  const p = n.catalog.list().find((x) => x.provider === provider && x.name === name);
  if (!p) throw new Error(`no probe ${provider}:::${name}`);
  return p.id;
}

describe('SimTracedNode over a deferred scenario', () => {
  it('takes walltimestamp from the epoch as written and never parses a scenario a BEGIN exit leaves unused', async () => {
    const d = deferred();
    const n = new SimTracedNode({ scenario: d.scenario });
    expect(n.epochNs).toBe(BigInt(Date.UTC(2013, 2, 1, 12)) * 1_000_000n);
    const c = new Recorder(new Set([1, 2]), 1);
    const r = await n.run(c, { ...options(), epochNs: n.epochNs! });
    expect(c.log).toEqual([`BEGIN ${BigInt(Date.UTC(2013, 2, 1, 12)) * 1_000_000n}`, 'END']);
    expect(r).toMatchObject({ simulatedNs: 0, events: 0, endedBy: 'exit' });
    expect(d.loads()).toBe(0);
    expect(() => n.hostname).toThrow(/not loaded/);
  });

  it('parses it once past BEGIN and runs the first node exactly as over the parsed scenario', async () => {
    const d = deferred();
    const lazy = new SimTracedNode({ scenario: d.scenario });
    const eager = new SimTracedNode({ scenario: parseScenario(INPUT) });
    const logs = await Promise.all(
      [lazy, eager].map(async (n) => {
        const tick = probe(n, 'profile', 'tick-1s');
        const prof = probe(n, 'profile', 'profile-97');
        const c = new Recorder(new Set([1, 2, tick, prof]), tick);
        const r = await n.run(c, options());
        return { log: c.log, r };
      }),
    );
    expect(d.loads()).toBe(1);
    expect(lazy.hostname).toBe('cn7');
    expect(lazy.ncpus).toBe(4);
    expect(logs[0]!.log.length).toBeGreaterThan(4 * 97 / 2);
    expect(logs[0]!.log.some((l) => l.endsWith(' cpuhog'))).toBe(true);
    expect(logs[0]).toEqual(logs[1]);
    expect(await lazy.simNode()).toBe(await lazy.simNode());
    expect(d.loads()).toBe(1);
  });

  it('is for the first node, the scenario seed and the global zone only', () => {
    for (const extra of [{ hostname: 'cn8' }, { seed: 3 }, { zonename: 'z0' }]) {
      expect(() => new SimTracedNode({ scenario: deferred().scenario, ...extra })).toThrow(TypeError);
    }
    expect(new SimTracedNode({ scenario: deferred().scenario, zonename: 'global' }).zonename).toBeUndefined();
  });
});
