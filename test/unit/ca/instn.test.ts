// Instrumentation properties at the validation level: CA's required fields, defaults,
// derived value-* fields, granularity/retention/idle-max rules with parseInt semantics,
// PUT's mutable fields and clone (behaviours 3, 4, 5, 6, 8 and 9 as far as validation goes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../src/ca/catalog';
import { CaError } from '../../../src/ca/errors';
import { validateClone, validateCreate, validateUpdate, type InstnProps } from '../../../src/ca/instn';

const OP = { customer: false, now: 1_313_366_400_000 } as const;
const CUST = { customer: true, now: 1_313_366_400_000 } as const;

function create(body: Record<string, unknown>, who: 'operator' | 'customer' = 'customer'): InstnProps {
  return validateCreate(body, who, who === 'customer' ? CUST : OP);
}

function fails(f: () => unknown): CaError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CaError);
    expect((e as CaError).code).toBe('ECA_INVAL');
    return e as CaError;
  }
  throw new Error('accepted');
}

describe('validateCreate', () => {
  it('an empty body: missing value for required field: "module" (behaviour 3)', () => {
    expect(fails(() => create({})).message).toBe('missing value for required field: "module"');
    expect(fails(() => create({ module: 'syscall' })).message).toBe('missing value for required field: "stat"');
    expect(fails(() => create({ module: 'syscall', stat: 'nope' })).message).toMatch(/not a valid module\/stat pair$/);
  });

  it("fills CA's defaults and derived fields (behaviour 4)", () => {
    const p = create({ module: 'syscall', stat: 'syscalls' });
    expect(p).toEqual({
      module: 'syscall',
      stat: 'syscalls',
      predicate: {},
      decomposition: [],
      granularity: 1,
      'retention-time': 600,
      'idle-max': 3600,
      'persist-data': false,
      enabled: true,
      crtime: CUST.now,
      'value-dimension': 1,
      'value-arity': 'scalar',
      'value-scope': 'interval',
      transformations: {},
    });
    expect(create({ module: 'cpu', stat: 'usage' })['value-scope']).toBe('point');
  });

  it('derives dimension and arity; at most one discrete and one numeric decomposition (behaviour 5)', () => {
    const p = create({ module: 'disk', stat: 'physio_ops', decomposition: ['disk', 'latency'] }, 'operator');
    expect(p['value-dimension']).toBe(3);
    expect(p['value-arity']).toBe('numeric-decomposition');
    expect(create({ module: 'syscall', stat: 'syscalls', decomposition: ['zonename'] })['value-arity']).toBe('discrete-decomposition');
    expect(create({ module: 'syscall', stat: 'syscalls', decomposition: ['latency'] })['value-arity']).toBe('numeric-decomposition');
    expect(fails(() => create({ module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'execname'] })).message).toBe(
      'value ["zonename","execname"] for field "decomposition" is invalid: more than one discrete decomposition specified',
    );
    expect(fails(() => create({ module: 'syscall', stat: 'syscalls', decomposition: ['latency', 'cputime'] })).message).toMatch(
      /more than one numeric decomposition specified$/,
    );
  });

  it('accepts a comma-separated decomposition and a JSON-string predicate', () => {
    const p = create({ module: 'syscall', stat: 'syscalls', decomposition: 'zonename,latency', predicate: '{"eq":["execname","node"]}' });
    expect(p.decomposition).toEqual(['zonename', 'latency']);
    expect(p.predicate).toEqual({ eq: ['execname', 'node'] });
    expect(create({ module: 'syscall', stat: 'syscalls', decomposition: '', predicate: '' })).toMatchObject({ decomposition: [], predicate: {} });
    expect(fails(() => create({ module: 'syscall', stat: 'syscalls', predicate: '{bad' })).message).toMatch(/for field "predicate" is invalid: invalid JSON: /);
  });

  it("rejects fields that are not the metric's, and hostname for customers", () => {
    expect(fails(() => create({ module: 'syscall', stat: 'syscalls', decomposition: ['disk'] })).message).toMatch(
      /field "disk" does not exist in module syscall, stat syscalls \(expected one of zonename, /,
    );
    expect(fails(() => create({ module: 'syscall', stat: 'syscalls', decomposition: ['hostname'] })).message).toMatch(/field "hostname" does not exist/);
    expect(create({ module: 'syscall', stat: 'syscalls', decomposition: ['hostname'] }, 'operator').decomposition).toEqual(['hostname']);
    expect(fails(() => create({ module: 'syscall', stat: 'syscalls', predicate: { eq: ['hostname', 'cn1'] } })).message).toMatch(/"hostname" is not a field/);
  });

  it('rejects the predicates of behaviour 10 with 409', () => {
    for (const predicate of [{ lt: ['latency', 'x'] }, { and: [{ eq: ['zonename', 'a'] }] }, { junk: [] }]) {
      expect(fails(() => create({ module: 'syscall', stat: 'syscalls', predicate })).message).toMatch(/for field "predicate" is invalid/);
    }
  });

  it('granularity: 1 or a multiple of 5, parsed with parseInt (behaviour 6)', () => {
    expect(fails(() => create({ module: 'cpu', stat: 'usage', granularity: '11' })).message).toBe('value 11 for field "granularity" is invalid: must be divisible by 5');
    expect(create({ module: 'cpu', stat: 'usage', granularity: '10.5' }).granularity).toBe(10);
    expect(create({ module: 'cpu', stat: 'usage', granularity: 10.5 }).granularity).toBe(10);
    expect(create({ module: 'cpu', stat: 'usage', granularity: 5 }).granularity).toBe(5);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', granularity: 0 })).message).toMatch(/not a positive integer/);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', granularity: 'x' })).message).toMatch(/not a positive integer/);
  });

  it('retention-time: minimum 10, at most 3600 data points (behaviour 6)', () => {
    expect(fails(() => create({ module: 'cpu', stat: 'usage', 'retention-time': 3601 })).message).toBe(
      'value 3601 for field "retention-time" is invalid: maximum for granularity "1" is 3600',
    );
    expect(create({ module: 'cpu', stat: 'usage', 'retention-time': 3601, granularity: 10 })['retention-time']).toBe(3601);
    expect(create({ module: 'cpu', stat: 'usage', 'retention-time': '36000', granularity: '10' })['retention-time']).toBe(36000);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', 'retention-time': 9 })).message).toMatch(/minimum is 10$/);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', 'retention-time': 'soon' })).message).toMatch(/not a number$/);
  });

  it('idle-max: 0..604800, and 0 ("never") only for operators (behaviour 6)', () => {
    expect(fails(() => create({ module: 'cpu', stat: 'usage', 'idle-max': 0 })).message).toBe('value 0 for field "idle-max" is invalid: zero not allowed');
    expect(create({ module: 'cpu', stat: 'usage', 'idle-max': 0 }, 'operator')['idle-max']).toBe(0);
    expect(create({ module: 'cpu', stat: 'usage', 'idle-max': '60' })['idle-max']).toBe(60);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', 'idle-max': 604801 })).message).toMatch(/maximum is 604800$/);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', 'idle-max': -1 })).message).toMatch(/minimum is 0$/);
  });

  it('persist-data and enabled take booleans or their strings', () => {
    expect(create({ module: 'cpu', stat: 'usage', 'persist-data': 'true' })['persist-data']).toBe(true);
    expect(create({ module: 'cpu', stat: 'usage', 'persist-data': false })['persist-data']).toBe(false);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', 'persist-data': 'yes' })).message).toMatch(/must be a boolean$/);
    expect(create({ module: 'cpu', stat: 'usage', enabled: 'true' }).enabled).toBe(true);
    expect(fails(() => create({ module: 'cpu', stat: 'usage', enabled: 'maybe' })).message).toMatch(/for field "enabled" is invalid/);
  });
});

describe('validateUpdate (PUT)', () => {
  const base = create({ module: 'syscall', stat: 'syscalls', decomposition: ['zonename'] });

  it('changes only the mutable fields and ignores the rest, such as module (behaviour 8)', () => {
    const after = validateUpdate(base, { module: 'cpu', stat: 'usage', decomposition: [], 'retention-time': '1200', 'idle-max': 60, 'persist-data': true });
    expect(after).toEqual({ ...base, 'retention-time': 1200, 'idle-max': 60, 'persist-data': true });
  });

  it('validates against the instrumentation granularity, and idle-max 0 only for operators', () => {
    expect(fails(() => validateUpdate(base, { 'retention-time': 3601 })).message).toMatch(/maximum for granularity "1" is 3600$/);
    const coarse = create({ module: 'syscall', stat: 'syscalls', granularity: 10 });
    expect(validateUpdate(coarse, { 'retention-time': 36000 })['retention-time']).toBe(36000);
    expect(fails(() => validateUpdate(base, { 'idle-max': 0 })).message).toMatch(/zero not allowed$/);
    expect(validateUpdate(base, { 'idle-max': 0 }, { customer: false })['idle-max']).toBe(0);
  });
});

describe('validateClone', () => {
  const src = create({ module: 'syscall', stat: 'syscalls', decomposition: ['execname', 'latency'], predicate: { eq: ['zonename', 'acme-web0'] }, 'retention-time': 1200 });

  it('keeps the metric and predicate, overrides what the body names (behaviour 9)', () => {
    const c = validateClone(src, { decomposition: ['zonename'] }, 'customer', { customer: true, now: CUST.now + 5000 });
    expect(c).toMatchObject({ module: 'syscall', stat: 'syscalls', predicate: { eq: ['zonename', 'acme-web0'] }, decomposition: ['zonename'], 'retention-time': 1200 });
    expect(c['value-arity']).toBe('discrete-decomposition');
    expect(c['value-dimension']).toBe(2);
    expect(c.crtime).toBe(CUST.now + 5000);
  });

  it('validates the result like a new instrumentation', () => {
    expect(fails(() => validateClone(src, { decomposition: 'zonename,execname' }, 'customer', CUST)).message).toMatch(/more than one discrete/);
    expect(fails(() => validateClone(src, { granularity: 7 }, 'customer', CUST)).message).toMatch(/must be divisible by 5$/);
  });
});

describe('property: any body is either valid props or a CaError', () => {
  const metric = fc.constantFrom(...METRICS);
  const value = fc.oneof(fc.anything(), fc.integer({ min: -10, max: 100_000 }), fc.integer({ min: 0, max: 100 }).map(String), fc.constantFrom('true', 'false', '10.5', '', 'x'));
  const body = metric.chain((m) =>
    fc.record(
      {
        module: fc.oneof({ arbitrary: fc.constant(m.module), weight: 6 }, value),
        stat: fc.oneof({ arbitrary: fc.constant(m.stat), weight: 6 }, value),
        decomposition: fc.oneof(fc.subarray([...m.fields], { maxLength: Math.min(3, m.fields.length) }), fc.subarray([...m.fields], { maxLength: Math.min(2, m.fields.length) }).map((d) => d.join(',')), value),
        predicate: fc.oneof(fc.constant({}), fc.constantFrom(...m.fields).map((f) => ({ eq: [f, 'x'] })), value),
        granularity: fc.oneof({ arbitrary: fc.constantFrom(1, 5, '10', 10.5, '60'), weight: 4 }, value),
        'retention-time': fc.oneof({ arbitrary: fc.constantFrom(10, 600, '3600', 36000), weight: 4 }, value),
        'idle-max': fc.oneof({ arbitrary: fc.constantFrom(0, 60, '3600', 604800), weight: 4 }, value),
        'persist-data': fc.oneof({ arbitrary: fc.constantFrom(true, false, 'true', 'false'), weight: 4 }, value),
        enabled: fc.oneof({ arbitrary: fc.constantFrom(true, 'true'), weight: 4 }, value),
      },
      { requiredKeys: ['module', 'stat'] },
    ),
  );

  it('never throws anything else, and accepted props keep the invariants', () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, fc.boolean(), (b, customer) => {
        let p: InstnProps;
        try {
          p = validateCreate(b, customer ? 'customer' : 'operator', { customer, now: 0 });
        } catch (e) {
          expect(e).toBeInstanceOf(CaError);
          expect((e as CaError).code).toBe('ECA_INVAL');
          return;
        }
        expect(p.granularity === 1 || p.granularity % 5 === 0).toBe(true);
        expect(p['retention-time']).toBeGreaterThanOrEqual(10);
        expect(p['retention-time'] / p.granularity).toBeLessThanOrEqual(3600);
        expect(p['idle-max']).toBeGreaterThanOrEqual(customer ? 1 : 0);
        expect(p['idle-max']).toBeLessThanOrEqual(604800);
        expect(p['value-dimension']).toBe(p.decomposition.length + 1);
        if (customer) expect(p.decomposition).not.toContain('hostname');
        expect(typeof p['persist-data']).toBe('boolean');
        accepted++;
      }),
      { numRuns: 500 },
    );
    // Not vacuous: a fair share of the bodies are valid.
    expect(accepted).toBeGreaterThan(25);
  });
});
