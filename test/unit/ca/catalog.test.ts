// The CA metric catalog as GET /ca serves it (behaviour 1) and the two profiles
// (behaviour 2: customers never see hostname or an operator-only metric), plus the legacy
// shapes; and every catalog metric has meta-D behind it.
import { describe, expect, it } from 'vitest';
import { caLegacyMetrics, caLegacyTypes, caRoot, FIELDS, findMetric, METRICS, metricsFor, TYPES } from '../../../src/ca/catalog';
import { CaError } from '../../../src/ca/errors';
import { validateCreate } from '../../../src/ca/instn';
import { hasMetaD } from '../../../src/ca/metad';

describe('GET /ca (caRoot)', () => {
  const root = caRoot('operator');

  it('has modules, fields, types, metrics and transformations, and survives JSON', () => {
    expect(Object.keys(root).sort()).toEqual(['fields', 'metrics', 'modules', 'transformations', 'types']);
    expect(JSON.parse(JSON.stringify(root))).toEqual(root);
    expect(root.modules.cpu).toEqual({ label: 'CPU' });
    expect(root.transformations.geolocate!.fields).toEqual(['raddr']);
  });

  it("untyped fields are CA's discrete `string`; numeric types carry CA's units", () => {
    expect(root.fields.zonename).toEqual({ label: 'zone name', type: 'string' });
    expect(root.fields.pid!.type).toBe('string');
    expect(root.types.string.arity).toBe('discrete');
    expect(root.types.time).toEqual({ arity: 'numeric', unit: 'seconds', abbr: 's', base: 10, power: -9 });
    expect(root.types.subsecond).toMatchObject({ arity: 'numeric', power: -3 });
    expect(root.types.size).toMatchObject({ unit: 'bytes', abbr: 'B', base: 2 });
    expect(root.types.percent).toMatchObject({ unit: 'percent', abbr: '%', minmax: 100 });
    expect(root.fields.latency!.type).toBe('time');
    expect(root.fields.delay!.type).toBe('time');
    expect(root.fields.utilization!.type).toBe('percent');
    expect(root.fields.size!.type).toBe('size');
  });

  it("lists metrics in CA's shape, every field of each described in `fields`", () => {
    const syscalls = root.metrics.find((m) => m.module === 'syscall' && m.stat === 'syscalls')!;
    expect(syscalls).toMatchObject({ label: 'system calls', interval: 'interval', unit: 'syscalls' });
    expect(syscalls.fields).toEqual(['hostname', 'zonename', 'pid', 'execname', 'psargs', 'ppid', 'syscall', 'subsecond', 'latency', 'cputime']);
    for (const m of root.metrics) {
      expect(Object.keys(m).every((k) => ['module', 'stat', 'label', 'interval', 'fields', 'unit', 'type'].includes(k))).toBe(true);
      expect(m.unit !== undefined || m.type !== undefined).toBe(true);
      expect(root.modules[m.module]).toBeDefined();
      for (const f of m.fields) expect(root.fields[f], `${m.module}.${m.stat}.${f}`).toBeDefined();
    }
  });

  it('covers what the simulator produces, including cpu.zones and zfs.throttled_ops', () => {
    const names = root.metrics.map((m) => `${m.module}.${m.stat}`);
    for (const n of [
      'cpu.thread_executions', 'cpu.thread_samples', 'cpu.usage', 'cpu.waittime', 'cpu.zones', 'disk.physio_ops', 'disk.physio_bytes',
      'fs.logical_ops', 'fs.logical_rwops', 'syscall.syscalls', 'zfs.arc_ops', 'zfs.throttled_ops', 'unix.proc_execs', 'unix.proc_exits',
      'vm.physio_ops', 'vm.thread_samples',
    ]) {
      expect(names).toContain(n);
    }
    expect(findMetric('operator', 'cpu', 'zones')).toMatchObject({ interval: 'point', fields: ['hostname', 'zonename', 'utilization'] });
    expect(findMetric('operator', 'zfs', 'throttled_ops')!.fields).toEqual(['hostname', 'zonename', 'optype', 'delay']);
    expect(findMetric('operator', 'cpu', 'usage')!.interval).toBe('point');
  });

  it('every metric has meta-D, and every field a catalog entry', () => {
    for (const m of METRICS) {
      expect(hasMetaD(m.module, m.stat), `${m.module}.${m.stat}`).toBe(true);
      for (const f of m.fields) expect(FIELDS[f]).toBeDefined();
    }
  });
});

describe('profiles (behaviour 2)', () => {
  const customer = caRoot('customer');

  it('customers see no hostname anywhere and no operator-only metric', () => {
    expect(customer.fields.hostname).toBeUndefined();
    for (const m of customer.metrics) expect(m.fields).not.toContain('hostname');
    expect(customer.metrics.some((m) => m.module === 'disk')).toBe(false);
    expect(customer.modules.disk).toBeUndefined();
    expect(metricsFor('customer').length).toBe(METRICS.filter((m) => !m.operatorOnly).length);
    expect(JSON.stringify(customer)).not.toContain('hostname');
  });

  it("the mission's metrics are in both profiles", () => {
    for (const p of ['operator', 'customer'] as const) {
      expect(findMetric(p, 'cpu', 'zones')).toBeDefined();
      expect(findMetric(p, 'zfs', 'throttled_ops')).toBeDefined();
    }
  });

  it('operators see every metric with hostname; findMetric is scoped to the profile', () => {
    const op = caRoot('operator');
    expect(op.metrics.length).toBe(METRICS.length);
    for (const m of op.metrics) expect(m.fields[0]).toBe('hostname');
    expect(findMetric('operator', 'disk', 'physio_ops')).toBeDefined();
    expect(findMetric('customer', 'disk', 'physio_ops')).toBeUndefined();
    expect(findMetric('customer', 'nosuch', 'thing')).toBeUndefined();
  });

  it('creating disk.physio_ops as a customer is `not a valid module/stat pair` (409)', () => {
    let err: unknown;
    try {
      validateCreate({ module: 'disk', stat: 'physio_ops' }, 'customer', { customer: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CaError);
    expect((err as CaError).code).toBe('ECA_INVAL');
    expect((err as CaError).message).toBe('value "disk.physio_ops" for field "module.stat" is invalid: not a valid module/stat pair');
    expect(validateCreate({ module: 'disk', stat: 'physio_ops' }, 'operator', { customer: false }).module).toBe('disk');
  });
});

describe('legacy shapes', () => {
  it('GET /ca/metrics: module -> stats -> fields with labels and types', () => {
    const legacy = caLegacyMetrics('customer');
    expect(legacy.syscall!.label).toBe('System calls');
    expect(legacy.syscall!.stats.syscalls!.fields.latency).toEqual({ label: 'latency', type: 'time' });
    expect(legacy.syscall!.stats.syscalls!.fields.hostname).toBeUndefined();
    expect(legacy.disk).toBeUndefined();
    expect(caLegacyMetrics('operator').disk!.stats.physio_bytes!.type).toBe('size');
  });

  it('GET /ca/types is the type table', () => {
    expect(caLegacyTypes()).toBe(TYPES);
  });
});
