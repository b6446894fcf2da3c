// Robustness of compile() (parser + sugar + checker) on arbitrary and mutated programs:
// it returns a program or throws a CompileFailure carrying a tagged DCompileError, never
// anything else, and never hangs. Programs that compile also run BEGIN/END without
// throwing (faults are reported, not thrown).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile, CompileFailure, Consumer, DOptions } from '../../../src/d/index';
import { D_CORPUS, dMutatedProgram, dRandomText, dText, dTokenSoup } from './d-arbitraries';
import { catalog, ctx } from './harness';

/** Expression pieces the checker has rules for, glued into clause bodies. */
const atom = fc.constantFrom(
  '1', '0', '-1', '0xffffffffffffffff', '"str"', 'x', 'y', 'self->t', 'this->l', 'a[1]', 'a[x]', '@c',
  'timestamp', 'pid', 'execname', 'curpsinfo', 'curpsinfo->pr_pid', 'args[0]', 'arg0', 'NULL', 'B_READ',
  'count()', 'stack()', 'strlen("a")', 'strjoin("a", "b")', 'sizeof (int)', '(char)300', 'stringof(1)',
);
const op = fc.constantFrom('+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '&&', '||', '^^', '<', '==', '!=', '=', '+=', ',');
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    atom,
    fc.tuple(tie('e'), op, tie('e')).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(fc.constantFrom('!', '-', '~', '*', '&', '++'), tie('e')).map(([o, a]) => `${o}${a}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    tie('e').map((a) => `(${a})`),
  ),
})).e as fc.Arbitrary<string>;
const stmt = fc.oneof(
  expr.map((e) => `${e};`),
  expr.map((e) => `x = ${e};`),
  expr.map((e) => `trace(${e});`),
  fc.tuple(expr, expr).map(([k, v]) => `@c[${k}] = sum(${v});`),
  expr.map((e) => `printf("%d %s", ${e}, "s");`),
  expr.map((e) => `@q = lquantize(${e}, 0, 100, 10);`),
  expr.map((e) => `if (${e}) { y = 1; } else { y = 2; }`),
  fc.constantFrom('exit(0);', 'printa(@c);', 'clear(@c);', 'speculate(1);', 'commit(1);', 'self->t = 0;', 'this->l = 1;', 'a[1] = 2;'),
);
const clause = fc.tuple(fc.constantFrom('BEGIN', 'END', 'syscall::read:entry', 'io:::done', 'syscall:::'), fc.option(expr), fc.array(stmt, { maxLength: 4 })).map(
  ([d, p, body]) => `${d}${p === null ? '' : ` /${p}/`} { ${body.join(' ')} }`,
);
/** Well-typed integer expressions: these programs should nearly all compile and run. */
const intAtom = fc.constantFrom('1', '7', '-3', '0x7fffffff', '0xffffffffffffffff', 'x', 'y', 'self->t', 'this->l', 'a[1]', 'timestamp', 'pid', 'arg0', '(char)300', 'sizeof (long)');
const intOp = fc.constantFrom('+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '&&', '||', '<', '==', '!=');
const intExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    intAtom,
    fc.tuple(tie('e'), intOp, tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(fc.constantFrom("!", "-", "~"), tie("e")).map(([o, a]) => `${o}(${a})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
  ),
})).e as fc.Arbitrary<string>;
const intStmt = fc.oneof(
  intExpr.map((e) => `x = ${e};`),
  intExpr.map((e) => `self->t = ${e};`),
  intExpr.map((e) => `printf("%d\\n", ${e});`),
  intExpr.map((e) => `@q = quantize(${e});`),
  fc.tuple(intExpr, intExpr).map(([k, v]) => `@c[${k}] = sum(${v});`),
  intExpr.map((e) => `if (${e}) { y = ${e}; }`),
);
const intClause = fc.tuple(fc.constantFrom('BEGIN', 'END', 'syscall::read:entry'), fc.option(intExpr), fc.array(intStmt, { maxLength: 4 })).map(
  ([d, p, body]) => `${d}${p === null ? '' : ` /${p}/`} { ${body.join(' ')} }`,
);

/** Variables every generated clause may read, declared by a first clause. */
const PRELUDE = 'BEGIN { x = 1; y = 2; self->t = 3; this->l = 4; a[1] = 5; @c[1] = sum(1); }';
const program = fc.array(clause, { minLength: 1, maxLength: 3 }).map((cs) => [PRELUDE, ...cs].join('\n'));
const intProgram = fc.array(intClause, { minLength: 1, maxLength: 3 }).map((cs) => [PRELUDE, ...cs].join('\n'));

function check(text: string): void {
  const t0 = performance.now();
  let p;
  try {
    const o = new DOptions();
    o.set('quiet');
    p = compile({ inputs: [{ kind: 's', text, name: 'prop.d' }], macroArgs: [], argv0: 'dtrace', options: o, catalog });
  } catch (e) {
    if (!(e instanceof CompileFailure)) throw e;
    expect(e.inputIndex).toBe(0);
    expect(e.error.tag).toMatch(/^D_[A-Z0-9_]+$/);
    expect(e.error.detail.length).toBeGreaterThan(0);
  }
  if (p) {
    try {
      const c = new Consumer(p, { sink: { stdout: () => {}, stderr: () => {} }, progname: 'dtrace' });
      c.begin(ctx());
      if (c.isEnabled(10)) c.fire(10, ctx());
      c.end(ctx());
    } catch (e) {
      if (!(e instanceof Error && e.message === 'Destructive actions not allowed')) throw e;
    }
  }
  expect(performance.now() - t0).toBeLessThan(2000);
}

describe('compile() on arbitrary programs', () => {
  test('the front-end corpus', () => {
    for (const src of D_CORPUS) check(src);
  });
  test('generated programs', () => {
    fc.assert(fc.property(program, check), { numRuns: 300 });
  });
  test('generated well-typed programs', () => {
    fc.assert(fc.property(intProgram, check), { numRuns: 300 });
  });
  test('random text, token soup and mutated programs', () => {
    fc.assert(fc.property(fc.oneof(dText(), dRandomText(), dTokenSoup(), dMutatedProgram()), check), { numRuns: 400 });
  });
});

test('the generator reaches code generation and the consumer', () => {
  let compiled = 0;
  for (const text of fc.sample(intProgram, { numRuns: 300, seed: 7 })) {
    try {
      compile({ inputs: [{ kind: 's', text, name: 'prop.d' }], macroArgs: [], argv0: 'dtrace', options: new DOptions(), catalog });
      compiled++;
    } catch (e) {
      if (!(e instanceof CompileFailure)) throw e;
    }
  }
  expect(compiled).toBeGreaterThan(200);
});
