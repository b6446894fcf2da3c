import { describe, expect, it } from 'vitest';
import { SYS_PREAD } from '../../../../src/sim/probes';
import { parseScenario, type Scenario } from '../../../../src/sim/scenario';
import { builtinScenario } from '../../../../src/sim/scenarios/index';
import { ioNodeOf, percentile, S, sdtId, syscallLatency, window } from './harness';

const WAIT = sdtId('zfs-zone-wait');
const THROTTLE = sdtId('zfs-zone-throttle');
const SCHED = sdtId('zfs-zone-sched');
const BUMP = sdtId('zfs-zone-sched-bump');

/** The built-in noisy-neighbor scenario, its noisy workload stopping at `until` if given. */
function scenario(until?: number): Scenario {
  const sc = builtinScenario('noisy-neighbor')!;
  if (until === undefined) return sc;
  const nodes = sc.nodes.map((n) => ({
    ...n,
    zones: n.zones.map((z) => (z.name === 'noisy' ? { ...z, workloads: z.workloads.map((w) => ({ ...w, until })) } : z)),
  }));
  return parseScenario({ ...sc, nodes });
}

interface Run {
  /** pread latencies per zone: [time s, ns]. */
  lat: Map<string, [number, number][]>;
  /** zfs-zone-throttle: [time s, zoneid, old, new]. */
  throttle: [number, number, number, number][];
  /** zfs-zone-wait: [time s, zoneid, delay]. */
  waits: [number, number, number][];
  /** zfs-zone-sched qcount (queued sync zios on the vdev when the pick ran). */
  maxQueued: number;
  bumps: Map<number, number>;
  zone: (name: string) => number;
}

function run(sc: Scenario, throttle: Scenario['throttle'], seconds: number): Run {
  const { n } = ioNodeOf(sc, { throttle });
  const r: Run = { lat: new Map(), throttle: [], waits: [], maxQueued: 0, bumps: new Map(), zone: (name) => n.zone(name)!.id };
  r.lat = syscallLatency(n, SYS_PREAD, [WAIT, THROTTLE, SCHED, BUMP], {
    sdt(p, _cur, a) {
      if (p === WAIT) r.waits.push([n.now / S, a[0]!, a[2]!]);
      else if (p === THROTTLE) r.throttle.push([n.now / S, a[0]!, a[1]!, a[2]!]);
      else if (p === SCHED) r.maxQueued = Math.max(r.maxQueued, a[0]!);
      else if (p === BUMP) r.bumps.set(a[0]!, (r.bumps.get(a[0]!) ?? 0) + 1);
    },
  });
  n.runUntil(seconds * S);
  return r;
}

describe('noisy-neighbor (built-in scenario, throttle 2013)', () => {
  const r = run(scenario(20), '2013', 40);
  const noisy = r.zone('noisy');
  const victim = r.zone('victim');
  const delays = (zone: number, from = 0, to = Infinity) => r.throttle.filter((x) => x[1] === zone && x[0] >= from && x[0] < to);

  it("loads a vdev's sync queue past the zone-aware pick's threshold, and the pick bumps the quiet zone", () => {
    expect(r.maxQueued).toBeGreaterThanOrEqual(10);
    expect(r.bumps.get(victim) ?? 0).toBeGreaterThan(50);
  });

  it("raises the noisy zone's delay in 5 us steps to 100 us and never delays the quiet zone", () => {
    const up = delays(noisy, 0, 20);
    expect(up.length).toBeGreaterThan(20);
    for (const [, , from, to] of up) expect([0, 5, -5]).toContain(to - from);
    const first100 = up.find((x) => x[3] === 100);
    expect(first100).toBeDefined();
    // 20 steps, each at least one 250 ms adjustment apart.
    expect(first100![0]).toBeGreaterThanOrEqual(5);
    expect(up.filter((x) => x[3] === 100).length).toBeGreaterThan(10);
    const noisyWaits = r.waits.filter(([, z]) => z === noisy);
    expect(noisyWaits.length).toBeGreaterThan(500);
    expect(Math.max(...noisyWaits.map(([, , d]) => d))).toBe(100);
    expect(noisyWaits.every(([, , d]) => d % 5 === 0)).toBe(true);
    // While the noisy zone runs, the quiet one is below its fair share: never delayed.
    expect(r.waits.filter(([t, z]) => z === victim && t < 20)).toEqual([]);
    expect(delays(victim, 0, 20).every((x) => x[3] === 0)).toBe(true);
  });

  it('decays the delay back to 0 in 5 us steps once the noisy workload stops', () => {
    const after = delays(noisy, 20);
    // The zone's op counts are 2 s cycle averages: the decay starts within one cycle or so.
    const first = after.findIndex((x) => x[3] < x[2]);
    expect(after[first]![0]).toBeLessThan(23);
    expect(after[first]![2]).toBe(100);
    const down = after.slice(first);
    expect(down.length).toBeGreaterThan(20);
    for (const [, , from, to] of down) expect(to - from).toBe(from === 0 ? 0 : -5);
    expect(down[down.length - 1]![3]).toBe(0);
  });

  it("makes the quiet zone's read latency p99 at least 2x better than with the throttle off", () => {
    const on = run(scenario(), '2013', 30);
    const off = run(scenario(), 'off', 30);
    const p99on = percentile(window(on.lat.get('victim'), 5), 99);
    const p99off = percentile(window(off.lat.get('victim'), 5), 99);
    expect(window(on.lat.get('victim'), 5).length).toBeGreaterThan(200);
    expect(p99off).toBeGreaterThan(2 * p99on);
    // Off means off: no delays, no picks.
    expect(off.waits).toEqual([]);
    expect(off.bumps.size).toBe(0);
  });
});
