// Robustness of the D front end on arbitrary input: whatever the text, parseProgram
// returns or throws a DCompileError with a tag and a sensible line, and never hangs.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DCompileError } from '../../../src/d/errors';
import { parseProgram } from '../../../src/d/parser';
import type { ParseOptions } from '../../../src/d/parser';
import { desugar } from '../../../src/d/sugar';
import { D_CORPUS, dMutatedProgram, dParseOptions, dRandomText, dText, dTokenSoup, opts } from './d-arbitraries';

/** `#line` and `# N` control lines may set any line number. */
const SETS_LINES = /^[ \t\f\v]*#[ \t\f\v]*(line\b|[0-9])/m;

function checkParse(text: string, o: ParseOptions): void {
  const t0 = performance.now();
  try {
    const r = parseProgram(text, o);
    desugar(r.program, { endPos: r.endPos });
  } catch (e) {
    expect(e).toBeInstanceOf(DCompileError);
    const err = e as DCompileError;
    expect(err.tag).toMatch(/^D_[A-Z_]+$/);
    expect(err.detail.length).toBeGreaterThan(0);
    expect(err.pos).toBeDefined();
    expect(err.pos!.line).toBeGreaterThanOrEqual(1);
    if (!SETS_LINES.test(text)) expect(err.pos!.line).toBeLessThanOrEqual(text.split('\n').length);
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe('the front end on arbitrary text', () => {
  test('the corpus parses', () => {
    for (const src of D_CORPUS) expect(() => parseProgram(src, opts({ macroArgs: ['1'] }))).not.toThrow();
  });

  test('random strings', () => {
    fc.assert(fc.property(dRandomText(), dParseOptions(), (text, o) => checkParse(text, o)), { numRuns: 1500 });
  });

  test('token soups', () => {
    fc.assert(fc.property(dTokenSoup(), dParseOptions(), (text, o) => checkParse(text, o)), { numRuns: 1500 });
  });

  test('mutations of valid programs', () => {
    fc.assert(fc.property(dMutatedProgram(), dParseOptions(), (text, o) => checkParse(text, o)), { numRuns: 2000 });
  });

  test('any of them as a -n argument', () => {
    fc.assert(fc.property(dText(), (text) => checkParse(text, opts({ kind: 'n' }))), { numRuns: 500 });
  });

  test('pathological nesting is an error, not a crash', () => {
    checkParse(`BEGIN { x = ${'('.repeat(20000)}1${')'.repeat(20000)}; }`, opts());
    checkParse(`BEGIN { ${'if (1) '.repeat(20000)}x = 1; }`, opts());
    checkParse(`int ${'*'.repeat(20000)}x;`, opts());
    checkParse(`BEGIN { x = ${'-'.repeat(20000)}1; }`, opts());
  });
});
