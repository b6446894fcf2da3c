// Operator controls of the live simulation through the Cluster, applied at a second
// boundary: a zone's cpu_shares under contention (its CPU share rises), its cpu_cap, its
// zfs_io_priority, stopping and starting workloads (syscalls stop; a new one runs), the
// I/O throttle off (no more zfs-zone-wait), and scenarioState() showing the edits.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster';
import type { Delta } from '../../../src/engine/delta';
import { builtinScenario } from '../../../src/sim/index';
import { parseScenario, type Scenario } from '../../../src/sim/scenario';

const CPU_ZONES = 'sdt:genunix:zone_kstat:zone-misc { @ca[zonename] = sum((arg0 + arg1) * 100 / arg3); }';

/** Per second, per key: the instrumentation's values. */
async function cluster(scenario: Scenario, localShards = 1) {
  const c = await Cluster.create({ scenario, speed: 0, localShards });
  const bySecond = new Map<string, Map<number, Map<string, number>>>();
  c.onDelta((d: Delta) => {
    let m = bySecond.get(d.id);
    if (m === undefined) bySecond.set(d.id, (m = new Map()));
    const row = m.get(d.second) ?? new Map<string, number>();
    d.keys.forEach((k, i) => row.set(k, (row.get(k) ?? 0) + d.values[i]!));
    m.set(d.second, row);
  });
  /** Mean of key `k` of `id` over seconds [from, to). */
  const mean = (id: string, k: string, from: number, to: number): number => {
    let s = 0;
    for (let t = from; t < to; t++) s += bySecond.get(id)?.get(t)?.get(k) ?? 0;
    return s / (to - from);
  };
  const at = (id: string, t: number): Map<string, number> => bySecond.get(id)?.get(t) ?? new Map();
  return { c, mean, at };
}

const TWO_HOGS = parseScenario({
  name: 'two-hogs',
  nodes: [
    { hostname: 'cn1', ncpus: 2, zones: ['a', 'b'].map((name) => ({ name, workloads: [{ kind: 'cpu', threads: 4, execname: `${name}hog` }] })) },
    { hostname: 'cn2', ncpus: 2, zones: [{ name: 'c', workloads: [{ kind: 'cpu', threads: 1, duty: 0.5 }] }] },
  ],
});

describe('live controls', () => {
  it('raising a zone\'s cpu_shares under contention raises its CPU share', async () => {
    const { c, mean } = await cluster(TWO_HOGS, 2);
    await c.enable({ id: 'cpu', mode: 'instn', script: CPU_ZONES });
    await c.advanceTo(5);
    const a0 = mean('cpu', 'a', 2, 5);
    const b0 = mean('cpu', 'b', 2, 5);
    expect(a0).toBeGreaterThan(80);
    expect(a0).toBeLessThan(120);
    expect(b0).toBeGreaterThan(80);
    await c.setZone('a', { cpu_shares: 400 });
    await c.advanceTo(14);
    const a1 = mean('cpu', 'a', 9, 14);
    const b1 = mean('cpu', 'b', 9, 14);
    expect(a1).toBeGreaterThan(a0 + 40);
    expect(b1).toBeLessThan(b0 - 40);
    expect(c.scenarioState().nodes[0]!.zones[0]!.cpu_shares).toBe(400);
    // The scenario the cluster was made from is untouched.
    expect(c.scenario.nodes[0]!.zones[0]!.cpu_shares).toBe(100);
  });

  it('a cpu_cap holds a zone to it, and removing it lets the zone run again', async () => {
    const { c, mean } = await cluster(TWO_HOGS);
    await c.enable({ id: 'cpu', mode: 'instn', script: CPU_ZONES });
    await c.advanceTo(2);
    await c.setZone('b', { cpu_cap: 30 });
    await c.advanceTo(8);
    expect(mean('cpu', 'b', 5, 8)).toBeLessThan(40);
    expect(mean('cpu', 'a', 5, 8)).toBeGreaterThan(150);
    expect(c.scenarioState().nodes[0]!.zones[1]!.cpu_cap).toBe(30);
    await c.setZone('b', { cpu_cap: null });
    await c.advanceTo(13);
    expect(mean('cpu', 'b', 10, 13)).toBeGreaterThan(70);
    expect(c.scenarioState().nodes[0]!.zones[1]!.cpu_cap).toBeUndefined();
  });

  it('stopping a zone\'s workloads stops its syscalls; a workload added runs from the next second', async () => {
    const scenario = parseScenario({
      name: 'web',
      nodes: [
        {
          hostname: 'cn1',
          ncpus: 4,
          zones: ['a', 'b'].map((name) => ({
            name,
            workloads: [{ kind: 'web', rps: 200, threads: 4, cpuUsPerRequest: 300, fileReadsPerRequest: 1, workingSetMiB: 16 }],
          })),
        },
      ],
    });
    const { c, at } = await cluster(scenario);
    await c.enable({ id: 'sys', mode: 'instn', script: 'syscall:::entry { @ca[zonename] = count(); }' });
    await c.enable({ id: 'exec', mode: 'instn', script: 'profile-97 { @ca[execname] = count(); }' });
    await c.advanceTo(3);
    expect(at('sys', 2).get('a')).toBeGreaterThan(100);
    await c.removeWorkload('a', 0);
    await expect(c.removeWorkload('a', 1)).rejects.toThrow(/no workload 1: expected 0\.\.0/);
    const index = await c.addWorkload('b', { kind: 'cpu', threads: 2, duty: 1, from: 0, execname: 'latecomer' });
    expect(index).toBe(1);
    await c.advanceTo(8);
    for (let t = 5; t < 8; t++) {
      expect(at('sys', t).get('a') ?? 0).toBe(0);
      expect(at('sys', t).get('b')).toBeGreaterThan(100);
    }
    expect(at('exec', 2).get('latecomer')).toBeUndefined();
    expect(at('exec', 4).get('latecomer')).toBeGreaterThan(0);
    const zones = c.scenarioState().nodes[0]!.zones;
    expect(zones[0]!.workloads[0]!.until).toBe(3);
    expect(zones[1]!.workloads[1]).toMatchObject({ kind: 'cpu', execname: 'latecomer', from: 3 });
  });

  it('with the throttle off no I/O is delayed (no zfs-zone-wait); 2013 brings it back', async () => {
    const demo = builtinScenario('demo')!;
    const { c, at } = await cluster({ ...demo, nodes: [demo.nodes[0]!] });
    await c.enable({ id: 'wait', mode: 'instn', script: 'sdt:zfs::zfs-zone-wait { @ca[zonename] = count(); }' });
    await c.advanceTo(3);
    expect(at('wait', 2).get('globex-etl0')).toBeGreaterThan(10);
    await c.setThrottle('off');
    expect(c.scenarioState().throttle).toBe('off');
    await c.advanceTo(8);
    for (let t = 4; t < 8; t++) expect([...at('wait', t).values()].reduce((s, v) => s + v, 0)).toBe(0);
    await c.setThrottle('2013');
    await c.advanceTo(12);
    expect(at('wait', 11).get('globex-etl0')).toBeGreaterThan(10);
  });

  it('zfs_io_priority reaches the I/O throttle: priority 0 exempts a zone from it', async () => {
    const demo = builtinScenario('demo')!;
    const { c, at } = await cluster({ ...demo, nodes: [demo.nodes[0]!] });
    await c.enable({ id: 'wait', mode: 'instn', script: 'sdt:zfs::zfs-zone-wait { @ca[zonename] = count(); }' });
    await c.advanceTo(3);
    expect(at('wait', 2).get('globex-etl0')).toBeGreaterThan(10);
    await c.setZone('globex-etl0', { zfs_io_priority: 0 });
    await c.advanceTo(6);
    for (let t = 4; t < 6; t++) expect(at('wait', t).get('globex-etl0') ?? 0).toBe(0);
    expect(c.scenarioState().nodes[0]!.zones.find((z) => z.name === 'globex-etl0')!.zfs_io_priority).toBe(0);
  });

  it('rejects controls naming an unknown zone, bad values and bad workloads, saying what is accepted', async () => {
    const { c } = await cluster(TWO_HOGS);
    await expect(c.setZone('nosuch', { cpu_shares: 5 })).rejects.toThrow(/no zone "nosuch" in scenario two-hogs: expected one of a, b, c/);
    await expect(c.addWorkload('nosuch', { kind: 'cpu', threads: 1, duty: 1, from: 0 })).rejects.toThrow(/no zone "nosuch"/);
    await expect(c.setZone('a', { cpu_shares: -1 })).rejects.toThrow('cpu_shares -1 for zone "a" is invalid: expected an integer >= 0');
    await expect(c.setZone('a', { cpu_cap: 1.5 })).rejects.toThrow(/cpu_cap 1.5 for zone "a" is invalid/);
    await expect(c.addWorkload('a', { kind: 'cpu', threads: 0 })).rejects.toThrow('workload.threads: must be a positive integer');
    await expect(c.addWorkload('a', { kind: 'kvm' })).rejects.toThrow('workload.kind: kvm workloads run only in brand "kvm" zones');
    await expect(c.addWorkload('a', { kind: 'gpu' })).rejects.toThrow(/workload.kind: must be one of "cpu", "fileio", "web", "db", "kvm"/);
    // Defaults apply as in a scenario file.
    expect(await c.addWorkload('a', { kind: 'fileio' })).toBe(1);
    expect(c.scenarioState().nodes[0]!.zones[0]!.workloads[1]).toMatchObject({ kind: 'fileio', threads: 1, op: 'read', sizeKiB: 8, from: 0 });
  });
});
