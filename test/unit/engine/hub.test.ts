// Several consumers on one simulated node (hub.ts + tracer.ts through a Shard): each
// firing reaches exactly the enablings that enabled its probe and whose zone scope holds
// the firing thread; a customer scoped to zones {a, b} never sees zone c, neither as the
// firing thread nor as another thread in an argument (sched:::off-cpu args[1]) or in
// curpsinfo; a probe nobody enables stays disabled; and the zone-misc probe fires once a
// simulated second per zone from the zone's CPU counters.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_NS } from '../../../src/engine/simnode';
import { Shard, type ScriptAgg } from '../../../src/engine/shard';
import { P_ZONE_MISC, SIM_PROBES, simProbeId } from '../../../src/sim/probes';
import { parseScenario } from '../../../src/sim/scenario';

const SCENARIO = parseScenario({
  name: 'three-zones',
  seed: 7,
  customers: [{ id: 'ab' }, { id: 'cc' }].map((c) => ({ ...c, token: `${c.id}-token` })),
  nodes: [
    {
      hostname: 'cn1',
      ncpus: 2,
      zones: ['a', 'b', 'c'].map((name) => ({
        name,
        owner: name === 'c' ? 'cc' : 'ab',
        workloads: [
          { kind: 'cpu', threads: 3, duty: 0.7, execname: `${name}prog` },
          { kind: 'web', rps: 200, threads: 4, cpuUsPerRequest: 300, fileReadsPerRequest: 1, workingSetMiB: 16, execname: `${name}web` },
        ],
      })),
    },
  ],
});

function shard(): Shard {
  return new Shard({ scenario: SCENARIO, hostnames: ['cn1'], epochNs: DEFAULT_EPOCH_NS });
}

/** key -> value of a one-key scalar aggregation. */
function table(a: ScriptAgg | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (a === undefined) return out;
  const s = a.snapshot;
  const col = s.keys[0]!;
  for (let i = 0; i < s.size; i++) {
    const k = col.kind === 'str' ? col.dict[col.index[i]!]! : String(col.data[i]);
    out.set(k, Number(s.values[i * s.stride]));
  }
  return out;
}

const SCRIPT = `
syscall:::entry { @sys[zonename] = count(); }
sched:::off-cpu { @next[args[1]->pr_fname] = count(); @nextzone[args[1]->pr_zoneid] = count(); @cur[curpsinfo->pr_zoneid] = count(); }
`;

describe('several consumers on one node', () => {
  it('delivers each firing only to the enablings whose scope holds the firing zone, and hides other zones in arguments', async () => {
    const s = shard();
    const ids = { a: 1, b: 2, c: 3 };
    s.enable({ id: 'all', script: SCRIPT, mode: 'script' });
    s.enable({ id: 'ab', script: SCRIPT, mode: 'script', zones: ['a', 'b'], zoneProviders: true });
    s.enable({ id: 'c', script: SCRIPT, mode: 'script', zones: ['c'], zoneProviders: true });
    await s.advanceTo(3);
    const all = s.scriptPart('all').aggregations;
    const ab = s.scriptPart('ab').aggregations;
    const c = s.scriptPart('c').aggregations;

    const sysAll = table(all[0]);
    const sysAb = table(ab[0]);
    const sysC = table(c[0]);
    expect([...sysAll.keys()].sort()).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    expect([...sysAb.keys()].sort()).toEqual(['a', 'b']);
    expect([...sysC.keys()]).toEqual(['c']);
    // The same firings, not a sample: each zone's count is what the unscoped consumer saw.
    expect(sysAb.get('a')).toBe(sysAll.get('a'));
    expect(sysAb.get('b')).toBe(sysAll.get('b'));
    expect(sysC.get('c')).toBe(sysAll.get('c'));

    // The unscoped consumer sees c's threads as off-cpu's next thread; {a,b} never does.
    expect([...table(all[1]).keys()].some((k) => k.startsWith('c'))).toBe(true);
    expect([...table(ab[1]).keys()].filter((k) => k.startsWith('c'))).toEqual([]);
    expect([...table(ab[2]).keys()].map(Number).filter((z) => z === ids.c)).toEqual([]);
    expect([...table(all[2]).keys()].map(Number)).toContain(ids.c);
    expect([...table(ab[3]).keys()].map(Number).sort()).toEqual([ids.a, ids.b]);
    expect([...table(c[3]).keys()].map(Number)).toEqual([ids.c]);
  });

  it('enables on the node only what some enabling uses, and disabling one leaves the others running', async () => {
    const s = shard();
    const node = s.node('cn1')!;
    s.enable({ id: 'x', script: 'syscall::read:entry { @ = count(); }', mode: 'script' });
    s.enable({ id: 'y', script: 'syscall::write:entry { @ = count(); }', mode: 'script' });
    const on = SIM_PROBES.flatMap((p, i) => (node.enabled[i] ? [`${p.func}:${p.name}`] : []));
    expect(on.sort()).toEqual(['read:entry', 'write:entry']);
    await s.advanceTo(1);
    s.disable('x');
    expect(node.enabled[simProbeId('syscall', '', 'read', 'entry')]).toBe(0);
    expect(node.enabled[simProbeId('syscall', '', 'write', 'entry')]).toBe(1);
    const before = Number(s.scriptPart('y').aggregations[0]!.snapshot.values[0]);
    await s.advanceTo(2);
    expect(Number(s.scriptPart('y').aggregations[0]!.snapshot.values[0])).toBeGreaterThan(before);
    s.disable('y');
    expect([...node.enabled].every((f) => f === 0)).toBe(true);
  });

  it('a consumer scoped to zones sees zone-misc of those zones only, once a second, from the zone counters', async () => {
    const s = shard();
    const node = s.node('cn1')!;
    const script = 'sdt:genunix:zone_kstat:zone-misc { @n[zonename] = count(); @cpu[zonename] = sum(arg0 + arg1); @ival[zonename] = sum(arg3); @ex[execname] = count(); @zid[curpsinfo->pr_zoneid] = count(); }';
    s.enable({ id: 'all', script, mode: 'script' });
    s.enable({ id: 'a', script, mode: 'script', zones: ['a'] });
    expect(node.enabled[P_ZONE_MISC]).toBe(1);
    await s.advanceTo(4);
    const all = s.scriptPart('all').aggregations;
    expect(Object.fromEntries(table(all[0]))).toEqual({ a: 4, b: 4, c: 4 });
    expect(Object.fromEntries(table(all[2]))).toEqual({ a: 4e9, b: 4e9, c: 4e9 });
    expect(Object.fromEntries(table(all[3]))).toEqual({ zsched: 12 });
    expect(Object.fromEntries(table(all[4]))).toEqual({ 1: 4, 2: 4, 3: 4 });
    // The CPU time it reports is the zone's own accounting.
    const k = node.zoneKstat('b');
    expect(table(all[1]).get('b')).toBeCloseTo(k.nsec_user + k.nsec_sys, -4);
    expect(Object.fromEntries(table(s.scriptPart('a').aggregations[0]))).toEqual({ a: 4 });
    s.disable('all');
    s.disable('a');
    expect(node.enabled[P_ZONE_MISC]).toBe(0);
  });
});
