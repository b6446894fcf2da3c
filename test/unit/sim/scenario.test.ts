import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, ScenarioError } from '../../../src/sim/scenario';
import { BUILTIN_SCENARIOS, builtinScenario } from '../../../src/sim/scenarios/index';

function errors(input: unknown): string[] {
  try {
    parseScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return [...(e as ScenarioError).issues];
  }
  throw new Error('accepted');
}

const base = (zones: object[], extra: object = {}) => ({
  name: 't',
  customers: [{ id: 'acme', token: 'x' }],
  nodes: [{ hostname: 'cn1' }, { hostname: 'cn2', zones }],
  ...extra,
});

describe('scenario schema', () => {
  it('names the path of a bad value', () => {
    const zones = [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd', cpu_cap: 1.5 }];
    expect(errors(base(zones))).toEqual(['nodes[1].zones[3].cpu_cap: must be a positive integer']);
    expect(errors(base([{ name: 'a', cpu_cap: -100 }]))).toEqual(['nodes[1].zones[0].cpu_cap: must be a positive integer']);
    expect(errors(base([{ name: 'a', cpu_shares: 'lots' }]))).toEqual(['nodes[1].zones[0].cpu_shares: must be a non-negative integer']);
    expect(errors(base([{ name: 'a', workloads: [{ kind: 'cpu', duty: 2 }] }]))).toEqual([
      'nodes[1].zones[0].workloads[0].duty: must be a number from 0 to 1',
    ]);
    expect(errors(base([{ name: 'a', workloads: [{ kind: 'spin' }] }]))).toEqual([
      'nodes[1].zones[0].workloads[0].kind: must be one of "cpu", "fileio", "web", "db", "kvm"',
    ]);
    expect(errors(base([], { hz: 250 }))).toEqual(['hz: must be 100 or 1000']);
    expect(errors(base([], { throttle: 'on' }))).toEqual(['throttle: must be one of "2013", "2011", "off"']);
    expect(errors({ nodes: [{}] })).toEqual(['name: is required', 'nodes[0].hostname: is required']);
  });

  it('rejects unknown fields, at any depth', () => {
    expect(errors(base([{ name: 'a', cpu_shrs: 10 }]))).toEqual(['nodes[1].zones[0].cpu_shrs: unknown field']);
    expect(errors(base([{ name: 'a', workloads: [{ kind: 'web', rsp: 10 }] }]))).toEqual(['nodes[1].zones[0].workloads[0].rsp: unknown field']);
    expect(errors({ ...base([]), colour: 'red' })).toEqual(['colour: unknown field']);
  });

  it('checks names, owners and brands across the scenario', () => {
    const s = {
      name: 't',
      customers: [{ id: 'acme', token: 'x' }],
      nodes: [
        { hostname: 'cn1', zones: [{ name: 'web0', owner: 'acme' }] },
        { hostname: 'cn1', zones: [{ name: 'web0', owner: 'nobody', workloads: [{ kind: 'kvm' }, { kind: 'cpu', from: 5, until: 5 }] }] },
      ],
    };
    expect(errors(s)).toEqual([
      'nodes[1].hostname: duplicate hostname "cn1"',
      'nodes[1].zones[0].name: duplicate zone name "web0" (zone names are unique in a scenario)',
      'nodes[1].zones[0].owner: "nobody" is not a listed customer',
      'nodes[1].zones[0].workloads[0].kind: kvm workloads run only in brand "kvm" zones',
      'nodes[1].zones[0].workloads[1].until: must be later than from',
    ]);
  });

  it('applies vmadm\'s defaults', () => {
    const s = parseScenario({ name: 't', nodes: [{ hostname: 'cn1', zones: [{ name: 'a' }, { name: 'vm', brand: 'kvm' }, { name: 'b', cpu_shares: 100000, cpu_cap: 0 }] }] });
    expect(s.seed).toBe(1);
    expect(s.hz).toBe(100);
    expect(s.throttle).toBe('2013');
    const [a, vm, b] = s.nodes[0]!.zones;
    expect(a).toMatchObject({
      brand: 'joyent',
      cpu_shares: 100,
      cpu_cap: undefined,
      zfs_io_priority: 100,
      max_physical_memory: 256,
      max_swap: 256,
      max_locked_memory: 256,
      max_lwps: 2000,
      quota: 10,
      workloads: [],
    });
    // KVM: ram 256 by default, max_physical_memory = ram + 1024, 1 GiB quota.
    expect(vm).toMatchObject({ ram: 256, max_physical_memory: 1280, max_swap: 1280, quota: 1 });
    // cpu_shares is clamped to the rctl's maximum; cpu_cap 0 means no cap.
    expect(b).toMatchObject({ cpu_shares: 65535, cpu_cap: undefined });
    const w = parseScenario({ name: 't', nodes: [{ hostname: 'cn1', zones: [{ name: 'a', workloads: [{ kind: 'web' }, { kind: 'cpu' }] }] }] });
    expect(w.nodes[0]!.zones[0]!.workloads).toEqual([
      { kind: 'web', rps: 100, threads: 8, cpuUsPerRequest: 500, fileReadsPerRequest: 1, workingSetMiB: 256, from: 0 },
      { kind: 'cpu', threads: 1, duty: 1, from: 0 },
    ]);
  });

  it('reports JSON syntax errors', () => {
    expect(() => parseScenarioText('{"name": ')).toThrow(/not valid JSON/);
  });

  it('the built-in scenarios are valid and as described', () => {
    for (const name of Object.keys(BUILTIN_SCENARIOS)) expect(builtinScenario(name)?.name).toBe(name);
    expect(builtinScenario('nope')).toBeUndefined();
    const demo = builtinScenario('demo')!;
    expect(demo.nodes.length).toBe(4);
    expect(demo.customers.length).toBeGreaterThanOrEqual(3);
    for (const n of demo.nodes) expect(n.zones.length).toBeGreaterThanOrEqual(10);
    const kinds = new Set(demo.nodes.flatMap((n) => n.zones.flatMap((z) => z.workloads.map((w) => w.kind))));
    expect([...kinds].sort()).toEqual(['cpu', 'db', 'fileio', 'kvm', 'web']);
    expect(demo.nodes.flatMap((n) => n.zones).filter((z) => z.cpu_cap !== undefined).length).toBeGreaterThanOrEqual(1);
    const large = builtinScenario('large')!;
    expect(large.nodes.length).toBe(40);
    expect(large.nodes.every((n) => n.zones.length === 25)).toBe(true);
  });
});
