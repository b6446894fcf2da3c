// CA predicates: validation with CA's rules and messages (behaviour 10), rendering to D,
// and string constants that cannot break out of their D literal (run through the real D
// engine); property: every valid predicate, in every metric, renders to D that compiles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMetric, METRICS, type MetricDef } from '../../../src/ca/catalog';
import { CaError } from '../../../src/ca/errors';
import { validateCreate } from '../../../src/ca/instn';
import { compileInstn } from '../../../src/ca/metad';
import { dString, predicateFields, renderPredicate, validatePredicate, type Predicate } from '../../../src/ca/predicate';
import { compile, DOptions } from '../../../src/d/index';
import { ctx, run } from '../d/harness';
import { SimTracedNode } from '../../../src/engine/simnode';
import { builtinScenario } from '../../../src/sim/index';

/**
 * The demo node's probe catalog, plus sdt:genunix:zone_kstat:zone-misc if the simulator
 * does not offer it yet (cpu.usage, cpu.waittime and cpu.zones compile to it).
 */
function realCatalog(): SimTracedNode['catalog'] {
  const catalog = new SimTracedNode({ scenario: builtinScenario('demo')! }).catalog;
  if (catalog.lookup('sdt', 'genunix', 'zone_kstat', 'zone-misc') === undefined) {
    catalog.add('sdt', 'genunix', 'zone_kstat', 'zone-misc', ['uint64_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t']);
  }
  return catalog;
}

const syscalls = findMetric('operator', 'syscall', 'syscalls')!;

function rejection(pred: unknown, metric: MetricDef = syscalls): CaError {
  try {
    validatePredicate(pred, metric);
  } catch (e) {
    expect(e).toBeInstanceOf(CaError);
    return e as CaError;
  }
  throw new Error(`accepted ${JSON.stringify(pred)}`);
}

describe('validatePredicate', () => {
  it('accepts {} and well-formed leaves and logical operators', () => {
    const ok: unknown[] = [
      {},
      { eq: ['zonename', 'web0'] },
      { ne: ['execname', 'node'] },
      { gt: ['latency', 1000000] },
      { le: ['subsecond', 500] },
      { and: [{ eq: ['zonename', 'a'] }, { ge: ['cputime', 0] }] },
      { or: [{ eq: ['zonename', 'a'] }, { eq: ['zonename', 'b'] }, { and: [{ eq: ['pid', '12'] }, { lt: ['latency', -1] }] }] },
    ];
    for (const p of ok) expect(validatePredicate(p, syscalls)).toEqual(p);
  });

  it('rejects what behaviour 10 lists, with CA field-error messages (409 ECA_INVAL)', () => {
    const e1 = rejection({ lt: ['latency', 'x'] });
    expect(e1.code).toBe('ECA_INVAL');
    expect(e1.message).toBe(
      'value {"lt":["latency","x"]} for field "predicate" is invalid: field "latency" is numeric: its constant must be an integer, got "x"',
    );
    expect(rejection({ and: [{ eq: ['zonename', 'a'] }] }).message).toMatch(/"and" takes an array of at least two predicates, got 1/);
    expect(rejection({ junk: [] }).message).toMatch(/invalid key "junk": expected one of eq, ne, lt, le, gt, ge, and, or$/);
  });

  it('rejects ordering operators on discrete fields (CA documented this but never enforced it)', () => {
    for (const op of ['lt', 'le', 'gt', 'ge']) {
      expect(rejection({ [op]: ['zonename', 'a'] }).message).toMatch(new RegExp(`"${op}" compares numbers: field "zonename" is discrete \\(use eq or ne\\)`));
    }
  });

  it('rejects malformed predicates: not an object, several keys, bad arrays, wrong constant types, foreign fields', () => {
    expect(rejection('zonename').message).toMatch(/a predicate must be an object/);
    expect(rejection([]).message).toMatch(/a predicate must be an object/);
    expect(rejection({ eq: ['zonename', 'a'], ne: ['zonename', 'b'] }).message).toMatch(/exactly one key .* found 2/);
    expect(rejection({ and: [{}, { eq: ['zonename', 'a'] }] }).message).toMatch(/exactly one key/);
    expect(rejection({ eq: ['zonename'] }).message).toMatch(/"eq" takes \[field, constant\]/);
    expect(rejection({ eq: [3, 'a'] }).message).toMatch(/must be a string/);
    expect(rejection({ eq: ['zonename', 3] }).message).toMatch(/field "zonename" is discrete: its constant must be a string, got 3/);
    expect(rejection({ gt: ['latency', 1.5] }).message).toMatch(/must be an integer, got 1.5/);
    expect(rejection({ or: 'x' }).message).toMatch(/"or" takes an array of at least two predicates, got none/);
    expect(rejection({ eq: ['disk', 'sd0'] }).message).toMatch(/"disk" is not a field of syscall.syscalls: expected one of hostname, zonename/);
  });

  it('customers have no hostname field to filter on', () => {
    const customer = findMetric('customer', 'syscall', 'syscalls')!;
    expect(rejection({ eq: ['hostname', 'cn1'] }, customer).message).toMatch(/"hostname" is not a field of syscall.syscalls/);
    expect(validatePredicate({ eq: ['hostname', 'cn1'] }, syscalls)).toBeDefined();
  });
});

describe('renderPredicate', () => {
  const expr = (f: string): string => (f === 'latency' ? 'timestamp - self->ts' : f);

  it('renders leaves with D operators and logical operators as parenthesized sub-predicates', () => {
    expect(renderPredicate({}, expr)).toBeUndefined();
    expect(renderPredicate({ gt: ['latency', 1000] }, expr)).toBe('timestamp - self->ts > 1000');
    const p: Predicate = { and: [{ eq: ['zonename', 'a'] }, { or: [{ ne: ['execname', 'b'] }, { le: ['latency', -5] }] }] };
    expect(renderPredicate(p, expr)).toBe('(zonename == "a") && ((execname != "b") || (timestamp - self->ts <= -5))');
    expect(predicateFields(p)).toEqual(['zonename', 'execname', 'latency']);
  });

  it('escapes strings for D: quotes, backslashes, control characters and @ stay inside the literal', () => {
    expect(dString('plain-zone_1')).toBe('"plain-zone_1"');
    expect(dString('a"b')).toBe('"a\\"b"');
    expect(dString('a\\b')).toBe('"a\\\\b"');
    expect(dString('x\ny\0')).toBe('"x\\012y\\000"');
    expect(dString('@@hostname@@')).toBe('"\\100\\100hostname\\100\\100"');
  });

  it('a zonename with " or \\ matches exactly itself in the D engine, and cannot inject an expression', () => {
    const nasty = ['evil" || "1" == "1', 'back\\slash', 'trail\\', 'q"', '" || 1 || "'];
    for (const name of nasty) {
      const pred = renderPredicate({ eq: ['zonename', name] }, (f) => f)!;
      const prog = `syscall::read:entry /${pred}/ { printf("match\\n"); }`;
      const hit = run(prog, { x: ['quiet'], fire: [[10, ctx({ zonename: name })]] });
      expect(hit.stderr).toBe('');
      expect(hit.stdout.trim()).toBe('match');
      const miss = run(prog, { x: ['quiet'], fire: [[10, ctx({ zonename: 'other' })], [10, ctx({ zonename: `${name}x` })]] });
      expect(miss.stdout.trim()).toBe('');
    }
  });
});

/** An arbitrary valid predicate over a metric's fields. */
function predicateArb(m: MetricDef): fc.Arbitrary<Predicate> {
  const numeric = m.fields.filter(isNum);
  const discrete = m.fields.filter((f) => !isNum(f));
  const str = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('"', '\\', '\\"', '@@hostname@@', '*/'));
  const leafs: fc.Arbitrary<Predicate>[] = [
    fc.tuple(fc.constantFrom('eq', 'ne'), fc.constantFrom(...discrete), str).map(([op, f, v]) => ({ [op]: [f, v] }) as unknown as Predicate),
  ];
  if (numeric.length > 0) {
    leafs.push(
      fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), fc.constantFrom(...numeric), fc.maxSafeInteger()).map(
        ([op, f, v]) => ({ [op]: [f, v] }) as unknown as Predicate,
      ),
    );
  }
  const leaf = fc.oneof(...leafs);
  return fc.letrec<{ p: Predicate }>((tie) => ({
    p: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      leaf,
      fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('p'), { minLength: 2, maxLength: 3 })).map(([op, ps]) => ({ [op]: ps }) as unknown as Predicate),
    ),
  })).p;
}
const NUMERIC = new Set(['latency', 'runtime', 'cputime', 'walltime', 'delay', 'size', 'offset', 'utilization', 'subsecond']);
const isNum = (f: string): boolean => NUMERIC.has(f);

describe('property: every valid predicate renders to D that compiles', () => {
  const catalog = realCatalog();
  it('for every metric, with a customer zone list', () => {
    const arb = fc.constantFrom(...METRICS).chain((m) => fc.tuple(fc.constant(m), predicateArb(m)));
    fc.assert(
      fc.property(arb, ([m, pred]) => {
        validatePredicate(pred, m);
        const props = validateCreate({ module: m.module, stat: m.stat, predicate: pred }, 'operator', { customer: false, now: 0 });
        const { script } = compileInstn(props, ['z"1', 'z\\2']);
        compile({ inputs: [{ kind: 's', text: script, name: 'ca.d' }], macroArgs: [], argv0: 'dtrace', options: new DOptions(), catalog });
      }),
      { numRuns: 300 },
    );
  });
});
