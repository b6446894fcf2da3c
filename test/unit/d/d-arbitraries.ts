// Shared fixtures for the D front-end tests: default parse options with a small set of
// host type names, a helper that captures a DCompileError, and (below) the fast-check
// generators of D text the property tests use.
import { DCompileError } from '../../../src/d/errors';
import { parseProgram } from '../../../src/d/parser';
import type { ParseOptions, ParseResult } from '../../../src/d/parser';

export const HOST_TYPES = new Set([
  'int', 'char', 'short', 'long', 'void', 'uint64_t', 'int64_t', 'uint32_t', 'size_t', 'ssize_t',
  'uintptr_t', 'pid_t', 'psinfo_t', 'lwpsinfo_t', 'bufinfo_t', 'kthread_t', 'string',
]);

export function opts(o: Partial<ParseOptions> = {}): ParseOptions {
  return {
    kind: 's',
    macroArgs: [],
    dollar0: 'test.d',
    defaultargs: false,
    empty: false,
    isTypeName: (n) => HOST_TYPES.has(n),
    ...o,
  };
}

export function parse(text: string, o: Partial<ParseOptions> = {}): ParseResult {
  return parseProgram(text, opts(o));
}

/** The DCompileError parsing `text` throws (fails the test if it parses). */
export function parseError(text: string, o: Partial<ParseOptions> = {}): DCompileError {
  try {
    parseProgram(text, opts(o));
  } catch (e) {
    if (e instanceof DCompileError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}
