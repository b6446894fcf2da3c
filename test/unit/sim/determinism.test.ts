import { describe, expect, it } from 'vitest';
import { Datacenter } from '../../../src/sim/datacenter';
import {
  P_CPUCAPS_SLEEP, P_CPUCAPS_WAKEUP, P_DEQUEUE, P_ENQUEUE, P_OFF_CPU, P_ON_CPU, P_PREEMPT, P_SLEEP, P_TICK, P_WAKEUP,
  SIM_PROBES, SYSCALL_BASE, SYS_ACCEPT, SYS_NANOSLEEP,
} from '../../../src/sim/probes';
import { builtinScenario } from '../../../src/sim/scenarios/index';
import { parseScenario, type Scenario } from '../../../src/sim/scenario';
import type { SimNode } from '../../../src/sim/node';
import { S } from './helpers';

/** A hash of every probe firing on a node (FNV-1a over the fields) and the count. */
const seen = new Set<number>();

function trace(node: SimNode): { hash: () => string; count: () => number } {
  let h = 0x811c9dc5;
  let n = 0;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v | 0), 16777619);
    h = Math.imul(h ^ Math.floor(v / 4294967296), 16777619);
  };
  node.attachProbes({
    fire(probe, cur, cpu, subject, arg) {
      n++;
      seen.add(probe);
      mix(probe);
      mix(node.now);
      mix(cpu);
      mix(cur?.pid ?? -1);
      mix(cur?.tid ?? -1);
      mix(subject?.tid ?? -1);
      mix(arg);
      if (cur !== undefined) for (const a of cur.sys.args) mix(a);
    },
  });
  node.enabled.fill(1);
  return { hash: () => (h >>> 0).toString(16), count: () => n };
}

function counters(node: SimNode): unknown[] {
  return node.zones.map((z) => [node.zoneKstat(z.name), node.capsKstat(z.name)]);
}

function runDemo(sc: Scenario, seconds: number): { traces: string[]; firings: number; counters: unknown[] } {
  const dc = new Datacenter(sc);
  const tr = dc.nodes.map(trace);
  dc.runUntil(seconds * S);
  return { traces: tr.map((t) => t.hash()), firings: tr.reduce((a, t) => a + t.count(), 0), counters: dc.nodes.map(counters) };
}

describe('determinism', () => {
  const demo = builtinScenario('demo')!;

  it('the same scenario and seed give the same probe trace and counters, firing every kind of CPU-side probe', () => {
    const a = runDemo(demo, 3);
    const b = runDemo(demo, 3);
    expect(a.firings).toBeGreaterThan(100_000);
    expect(b.traces).toEqual(a.traces);
    expect(b.counters).toEqual(a.counters);
    for (const p of [P_ON_CPU, P_OFF_CPU, P_ENQUEUE, P_DEQUEUE, P_SLEEP, P_WAKEUP, P_CPUCAPS_SLEEP, P_CPUCAPS_WAKEUP, P_TICK, P_PREEMPT]) {
      expect(seen.has(p), SIM_PROBES[p]!.name).toBe(true);
    }
    for (const sys of [SYS_ACCEPT, SYS_NANOSLEEP]) {
      expect(seen.has(SYSCALL_BASE + 2 * sys)).toBe(true);
      expect(seen.has(SYSCALL_BASE + 2 * sys + 1)).toBe(true);
    }
  });

  it('another seed gives another run', () => {
    const a = runDemo(demo, 3);
    const c = runDemo({ ...demo, seed: 2 }, 3);
    expect(c.traces).not.toEqual(a.traces);
    expect(c.counters).not.toEqual(a.counters);
  });

  it('a node runs the same alone as in its datacenter (results do not depend on the other nodes)', () => {
    const whole = runDemo(demo, 2);
    const alone = runDemo(parseScenario({ ...demo, nodes: [demo.nodes[2]] }), 2);
    expect(alone.traces[0]).toBe(whole.traces[2]);
    expect(alone.counters[0]).toEqual(whole.counters[2]);
  });

  it('the catalog names every probe once', () => {
    const names = SIM_PROBES.map((p) => `${p.provider}:${p.module}:${p.func}:${p.name}`);
    expect(new Set(names).size).toBe(names.length);
  });
});
