// The profile provider's probe names and the probes a node offers (illumos profile.c rules).
import { describe, expect, it } from 'vitest';
import { ProbeTable } from '../../../src/engine/catalog';
import { parseProfileName, PROFILE_MAX_PROBES } from '../../../src/engine/profile';
import { SimTracedNode } from '../../../src/engine/simnode';
import { parseScenario } from '../../../src/sim/scenario';
import { SIM_PROBES } from '../../../src/sim/probes';

const scenario = parseScenario({ name: 'one', nodes: [{ hostname: 'cn1', ncpus: 8 }] });
const newNode = (): SimTracedNode => new SimTracedNode({ scenario });
/** Probes the catalog has before any is made on demand. */
const BUILT_IN = 16 + SIM_PROBES.length;

describe('parseProfileName', () => {
  it('reads a bare number as hz, truncating 1e9/N to whole ns', () => {
    expect(parseProfileName('profile-97')).toEqual({ kind: 'profile', intervalNs: 10309278 });
    expect(parseProfileName('tick-1')).toEqual({ kind: 'tick', intervalNs: 1e9 });
    expect(parseProfileName('tick-3')).toEqual({ kind: 'tick', intervalNs: 333333333 });
    expect(parseProfileName('tick-100hz')).toEqual({ kind: 'tick', intervalNs: 1e7 });
  });

  it('knows every unit, case-insensitively', () => {
    const ns = (n: string): number | undefined => parseProfileName(`tick-${n}`)?.intervalNs;
    expect(ns('300000ns')).toBe(300000);
    expect(ns('300000nsec')).toBe(300000);
    expect(ns('250us')).toBe(250000);
    expect(ns('250usec')).toBe(250000);
    expect(ns('10ms')).toBe(1e7);
    expect(ns('10msec')).toBe(1e7);
    expect(ns('2s')).toBe(2e9);
    expect(ns('2sec')).toBe(2e9);
    expect(ns('1m')).toBe(60e9);
    expect(ns('1min')).toBe(60e9);
    expect(ns('1h')).toBe(3600e9);
    expect(ns('1hour')).toBe(3600e9);
    expect(ns('1d')).toBe(86400e9);
    expect(ns('1day')).toBe(86400e9);
    expect(ns('1SEC')).toBe(1e9);
    expect(ns('5Hz')).toBe(2e8);
  });

  it('refuses intervals under 200 us, zero, unknown units and junk', () => {
    expect(parseProfileName('tick-200us')?.intervalNs).toBe(200000);
    expect(parseProfileName('profile-5000')?.intervalNs).toBe(200000);
    expect(parseProfileName('profile-5001')).toBeUndefined();
    expect(parseProfileName('tick-199us')).toBeUndefined();
    expect(parseProfileName('tick-1usec')).toBeUndefined();
    expect(parseProfileName('tick-0')).toBeUndefined();
    expect(parseProfileName('tick-0s')).toBeUndefined();
    expect(parseProfileName('tick-10weeks')).toBeUndefined();
    expect(parseProfileName('tick-')).toBeUndefined();
    expect(parseProfileName('tick-s')).toBeUndefined();
    expect(parseProfileName('tick-1x0s')).toBeUndefined();
    expect(parseProfileName('tick-*')).toBeUndefined();
    expect(parseProfileName('ticks-1')).toBeUndefined();
    expect(parseProfileName('BEGIN')).toBeUndefined();
  });
});

describe('simulated node catalog', () => {
  it('has BEGIN 1, END 2, ERROR 3, then the default profile probes in illumos order', () => {
    const node = newNode();
    const names = node.catalog.list().map((p) => `${p.id} ${p.provider}:${p.module}:${p.func}:${p.name}`);
    expect(names.slice(16)).toEqual(SIM_PROBES.map((p, i) => `${17 + i} ${p.provider}:${p.module}:${p.func}:${p.name}`));
    expect(names.slice(0, 16)).toEqual([
      '1 dtrace:::BEGIN',
      '2 dtrace:::END',
      '3 dtrace:::ERROR',
      '4 profile:::profile-97',
      '5 profile:::profile-199',
      '6 profile:::profile-499',
      '7 profile:::profile-997',
      '8 profile:::profile-1999',
      '9 profile:::profile-4001',
      '10 profile:::profile-4999',
      '11 profile:::tick-1',
      '12 profile:::tick-10',
      '13 profile:::tick-100',
      '14 profile:::tick-500',
      '15 profile:::tick-1000',
      '16 profile:::tick-5000',
    ]);
  });

  it('creates a profile probe a description names, once, with the next id', () => {
    const node = newNode();
    const spec = { provider: 'profile', module: '', func: '', name: 'tick-7s' };
    node.catalog.provide?.(spec);
    node.catalog.provide?.(spec);
    const made = node.catalog.list().filter((p) => p.name === 'tick-7s');
    expect(made).toEqual([{ id: BUILT_IN + 1, provider: 'profile', module: '', func: '', name: 'tick-7s', argTypes: [] }]);
    node.catalog.provide?.({ provider: 'profile', module: '', func: '', name: 'tick-100us' });
    node.catalog.provide?.({ provider: '', module: '', func: '', name: 'tick-1*' });
    expect(node.catalog.list()).toHaveLength(BUILT_IN + 1);
  });

  it('stops creating profile probes at the provider limit', () => {
    const node = newNode();
    const t = node.catalog as ProbeTable;
    for (let i = 1; i <= PROFILE_MAX_PROBES + 10; i++) t.provide({ provider: '', module: '', func: '', name: `tick-${i}s` });
    const profile = t.list().filter((p) => p.provider === 'profile');
    expect(profile).toHaveLength(PROFILE_MAX_PROBES);
  });
});
