// Shared fixtures for the D front-end tests: default parse options with a small set of
// host type names, a helper that captures a DCompileError, and (below) the fast-check
// generators of D text the property tests use.
import fc from 'fast-check';
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

// ---- fast-check generators of D text -------------------------------------------------

/** Valid D programs covering the grammar; mutated by the property tests. */
export const D_CORPUS: readonly string[] = [
  'BEGIN { trace(1); exit(0); }',
  'syscall::read:entry /pid == $target/ { self->ts = timestamp; }\nsyscall::read:return /self->ts/ {\n\t@lat[zonename] = llquantize(timestamp - self->ts, 10, 3, 11, 100);\n\tself->ts = 0;\n}',
  '#pragma D option quiet\nprofile-97 /execname != "sched"/ { @[ustack(5)] = count(); }\ntick-1s { printa(@); trunc(@); }',
  'BEGIN { x = 1; if (x > 0) { y = 2; } else if (x < 0) { y = 3; } else y = 4; printf("%d %s\\n", y, "a\\tb"); }',
  'typedef struct foo { int a; char *b; unsigned c : 3; } foo_t;\nfoo_t *p;\nint arr[string, int];\nenum e { A, B = 2 };\ninline int FOO = 3 * (4 + 5);\nBEGIN { arr["x", 1] = sizeof (foo_t) + offsetof(foo_t, a) + FOO + A; }',
  'translator psinfo_t < struct proc *P > { pr_pid = P->p_pid; };\nprovider app { probe start(int, char *) : (int); };\nio:::start { @[args[1]->dev_statname] = sum(args[0]->b_bcount); }',
  'fbt:zfs:zfs_read:entry, fbt:zfs:zfs_write:entry { this->n = (uint64_t)arg0; @x = quantize(this->n); }',
  'dtrace:::BEGIN { c = \'ab\'; s = stringof(c); z = c ? -c : ~c; w = (c << 2) ^ (c >> 1) | 1 & 3; q = !c && c ^^ c || 0; }',
  'sched:::on-cpu { self->on = vtimestamp; } sched:::off-cpu /self->on/ { @[curpsinfo->pr_fname] = avg(vtimestamp - self->on); self->on = 0 }',
  '1, 2, syscall::open*:entry { trace(copyinstr(arg0)); x += 1; x -= 1; x *= 2; x /= 2; x %= 3; x <<= 1; x >>= 1; x &= 7; x |= 8; x ^= 1; x++; --x; }',
];

/** Characters that matter to the lexer, plus a few that do not. */
const D_CHARS = [
  ...'abcxyzBEGIN_`$@#:*?![]{}()/;,.+-=<>&|^~%\'"\\ \t\n0123456789eEflLuUx',
  '/*', '*/', '#pragma D option ', '#line 3\n', '$$', '$1', '\u00e9', '\u0000',
];

/** Random short strings over the lexer's alphabet. */
export const dRandomText = (): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...D_CHARS), { maxLength: 60 }).map((cs) => cs.join(''));

/** Words and punctuation of D, in any order. */
const D_TOKENS = [
  'BEGIN', 'END', 'syscall::read:entry', 'tick-1s', 'profile:::profile-97', '1', '0x1f', '08', '1.5', "'a'", "''", '"s"', '"\\n"',
  '{', '}', '(', ')', '[', ']', '/', ';', ',', '.', '->', '?', ':', '=', '+=', '==', '&&', '||', '^^', '!', '~', '*', '&', '-', '++', '--', '...',
  'x', 'self', 'this', '@a', '@', 'trace', 'printf', 'count', 'if', 'else', 'sizeof', 'stringof', 'offsetof', 'xlate', 'while', 'return',
  'int', 'char', 'unsigned', 'long', 'string', 'struct', 'union', 'enum', 'typedef', 'inline', 'translator', 'provider', 'probe', 'counter',
  'const', 'extern', 'uint64_t', 'size_t', 'psinfo_t', '$1', '$$1', '$pid', '$nosuch', '$0', '#pragma D option quiet\n', '\n', '/* c */',
];

/** A soup of D tokens separated by blanks or nothing. */
export const dTokenSoup = (): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.constantFrom(...D_TOKENS), fc.constantFrom(' ', '', '\n', '\t')), { maxLength: 40 })
    .map((ts) => ts.map(([t, sep]) => t + sep).join(''));

/** Split a program into rough tokens (words, strings, punctuation, blanks) for mutation. */
export function roughTokens(src: string): string[] {
  return src.match(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_0-9`$@:.*?!-]+|\s+|[^\sA-Za-z_0-9]/g) ?? [];
}

type Mutation = { readonly op: 'insert' | 'delete' | 'duplicate' | 'swap'; readonly at: number; readonly other: number; readonly token: string };

const mutation = (): fc.Arbitrary<Mutation> =>
  fc.record({
    op: fc.constantFrom('insert', 'delete', 'duplicate', 'swap'),
    at: fc.nat(),
    other: fc.nat(),
    token: fc.constantFrom(...D_TOKENS),
  });

function mutate(tokens: readonly string[], ms: readonly Mutation[]): string {
  const ts = [...tokens];
  for (const m of ms) {
    if (ts.length === 0) {
      ts.push(m.token);
      continue;
    }
    const i = m.at % ts.length;
    const j = m.other % ts.length;
    switch (m.op) {
      case 'insert': ts.splice(i, 0, m.token); break;
      case 'delete': ts.splice(i, 1); break;
      case 'duplicate': ts.splice(i, 0, ts[i]!); break;
      case 'swap': [ts[i], ts[j]] = [ts[j]!, ts[i]!]; break;
    }
  }
  return ts.join('');
}

/** A corpus program with a few token-level insertions, deletions, duplications or swaps. */
export const dMutatedProgram = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...D_CORPUS), fc.array(mutation(), { minLength: 1, maxLength: 4 }))
    .map(([src, ms]) => mutate(roughTokens(src), ms));

/** Any of the above. */
export const dText = (): fc.Arbitrary<string> => fc.oneof(dRandomText(), dTokenSoup(), dMutatedProgram());

/** Parse options as the tests vary them: input kind and macro arguments. */
export const dParseOptions = (): fc.Arbitrary<ParseOptions> =>
  fc
    .record({
      kind: fc.constantFrom<ParseOptions['kind']>('s', 's', 'n', 'P', 'm', 'f', 'i'),
      macroArgs: fc.array(fc.constantFrom('1', '-5', 'hello', '"q"', '1.5', 'int', 'a:b', ''), { maxLength: 3 }),
      defaultargs: fc.boolean(),
      empty: fc.boolean(),
    })
    .map((r) => opts(r));
