import { describe, expect, test } from 'vitest';
import type { Expr, Item, Stmt } from '../../../src/d/ast';
import { intConstType, Lexer, unescapeString } from '../../../src/d/lexer';
import type { LexerHost, LexMode, Token } from '../../../src/d/lexer';
import { HOST_TYPES, parse, parseError } from './d-arbitraries';

function host(o: Partial<LexerHost> = {}): LexerHost {
  return {
    argv: ['test.d'],
    macroVars: (n) => (n === 'pid' ? 1234 : undefined),
    defaultargs: false,
    pspec: false,
    isTypeName: (n) => HOST_TYPES.has(n),
    isGlobal: () => false,
    declHasType: () => false,
    onControl: () => undefined,
    ...o,
  };
}

function lex(text: string, mode: LexMode = 'expr', o: Partial<LexerHost> = {}): Token[] {
  const lx = new Lexer(text, host(o));
  lx.mode = mode;
  const out: Token[] = [];
  for (let t = lx.next(); t.kind !== 'eof'; t = lx.next()) out.push(t);
  return out;
}

const kinds = (ts: Token[]): string[] => ts.map((t) => `${t.kind}:${t.name}`);

function lexError(text: string, mode: LexMode = 'expr', o: Partial<LexerHost> = {}): { tag: string; detail: string; line?: number } {
  try {
    lex(text, mode, o);
  } catch (e) {
    const err = e as { tag: string; detail: string; pos?: { line: number } };
    return { tag: err.tag, detail: err.detail, line: err.pos?.line };
  }
  throw new Error('expected a lexer error');
}

/** The first statement's expression of the first clause. */
function firstExpr(src: string, o = {}): Expr {
  const item = parse(`BEGIN { ${src}; }`, o).program.items.find((i) => i.k === 'clause') as Extract<Item, { k: 'clause' }>;
  const s = item.body![0] as Extract<Stmt, { k: 'expr' }>;
  return s.expr;
}

function assignedValue(src: string, o = {}): Expr {
  const e = firstExpr(`x = ${src}`, o);
  if (e.k !== 'assign') throw new Error('not an assignment');
  return e.value;
}

describe('keywords and words', () => {
  test('an OUTER keyword must match the whole word', () => {
    expect(kinds(lex('inline', 'outer'))).toEqual(['kw:inline']);
    expect(kinds(lex('inlined', 'outer'))).toEqual(['pspec:inlined']);
  });

  test('an OUTER keyword switches the lexer to EXPR', () => {
    expect(kinds(lex('int x;', 'outer'))).toEqual(['kw:int', 'ident:x', 'op:;']);
  });

  test('grammar and reserved words are keywords in EXPR', () => {
    for (const w of ['if', 'else', 'sizeof', 'stringof', 'offsetof', 'xlate', 'self', 'this', 'while', 'for', 'return', 'probe']) {
      expect(lex(w)[0]!.kind).toBe('kw');
    }
    expect(lex('ifx')[0]!.kind).toBe('ident');
  });

  test('reserved words are syntax errors', () => {
    for (const w of ['break', 'case', 'continue', 'counter', 'default', 'do', 'for', 'goto', 'import', 'return', 'switch', 'while']) {
      const e = parseError(`BEGIN { ${w}; }`);
      expect(e.tag).toBe('D_SYNTAX');
      expect(e.detail).toBe(`syntax error near "${w}"`);
    }
  });

  test('counter and import at the top level are syntax errors', () => {
    expect(parseError('counter x;').detail).toBe('syntax error near "counter"');
    expect(parseError('import x;').detail).toBe('syntax error near "import"');
  });

  test('identifiers with the scoping backquote and dotted module names', () => {
    expect(kinds(lex('genunix`foo `bar libc.so.1`malloc a.b'))).toEqual([
      'ident:genunix`foo', 'ident:`bar', 'ident:libc.so.1`malloc', 'ident:a', 'op:.', 'ident:b',
    ]);
  });

  test('aggregation tokens; a bare @ is @_', () => {
    expect(kinds(lex('@ @foo @_x1'))).toEqual(['agg:@_', 'agg:@foo', 'agg:@_x1']);
  });

  test('operators, longest match first', () => {
    expect(kinds(lex('a <<= b ^^ c -> d ... ++ -- >= != |= ^= %= &&'))).toEqual([
      'ident:a', 'op:<<=', 'ident:b', 'op:^^', 'ident:c', 'op:->', 'ident:d', 'op:...', 'op:++', 'op:--', 'op:>=', 'op:!=',
      'op:|=', 'op:^=', 'op:%=', 'op:&&',
    ]);
  });

  test('an unknown character is a syntax error naming it', () => {
    expect(lexError('x = 1 # 2')).toMatchObject({ tag: 'D_SYNTAX', detail: 'syntax error near "#"' });
    expect(parseError('BEGIN { x = \\; }').detail).toBe('syntax error near "\\"');
    expect(parseError('BEGIN { $ }').detail).toBe('syntax error near "$"');
  });

  test('in OUTER only / , { and descriptions are allowed', () => {
    expect(parseError('BEGIN {} ;').detail).toBe('syntax error near ";"');
    expect(parseError('x = 1;').detail).toBe('syntax error near "="');
    expect(parseError('BEGIN { } }').detail).toBe('syntax error near "}"');
  });
});

describe('integer constants', () => {
  const cases: [string, bigint, string][] = [
    ['0', 0n, 'int'],
    ['2147483647', 2147483647n, 'int'],
    ['2147483648', 2147483648n, 'long'],
    ['4294967295', 4294967295n, 'long'],
    ['0xffffffff', 0xffffffffn, 'unsigned int'],
    ['0x7fffffff', 0x7fffffffn, 'int'],
    ['0x100000000', 0x100000000n, 'long'],
    ['0x8000000000000000', 0x8000000000000000n, 'unsigned long'],
    ['0777', 511n, 'int'],
    ['1u', 1n, 'unsigned int'],
    ['1U', 1n, 'unsigned int'],
    ['1l', 1n, 'long'],
    ['1ul', 1n, 'unsigned long'],
    ['1ll', 1n, 'long long'],
    ['1ull', 1n, 'unsigned long long'],
    ['4294967296u', 4294967296n, 'unsigned long'],
    ['0x100000000u', 0x100000000n, 'unsigned long'],
    ['0x100000000U', 0x100000000n, 'long'],
    ['18446744073709551615u', 18446744073709551615n, 'unsigned long'],
  ];
  test.each(cases)('%s is %s of type %s', (text, value, ctype) => {
    const e = assignedValue(text);
    expect(e).toMatchObject({ k: 'int', value, ctype, text });
  });

  test('1lu lexes as 1l followed by u', () => {
    expect(kinds(lex('1lu'))).toEqual(['int:1l', 'ident:u']);
  });

  test('-1 is unary minus applied to 1', () => {
    expect(assignedValue('-1')).toMatchObject({ k: 'unary', op: '-', operand: { k: 'int', value: 1n } });
  });

  test('a decimal constant above 2^63-1 fits no type', () => {
    const e = parseError('BEGIN {\n x = 9223372036854775808; }');
    expect(e.tag).toBe('D_INT_OFLOW');
    expect(e.detail).toBe('integer constant 0x8000000000000000 cannot be represented in any built-in integral type');
    expect(e.pos?.line).toBe(2);
  });

  test('more than 64 bits overflows', () => {
    const e = parseError('BEGIN { x = 18446744073709551616; }');
    expect(e.tag).toBe('D_INT_OFLOW');
    expect(e.detail).toBe('constant 18446744073709551616 results in integer overflow');
    expect(parseError('BEGIN { x = 0x10000000000000000; }').detail).toBe('constant 0x10000000000000000 results in integer overflow');
  });

  test('an invalid octal digit', () => {
    const e = parseError('BEGIN\n{\n  x = 08;\n}');
    expect(e.tag).toBe('D_INT_DIGIT');
    expect(e.detail).toBe('constant 08 contains invalid digit 8');
    expect(e.pos?.line).toBe(3);
    expect(parseError('BEGIN { x = 0779; }').detail).toBe('constant 0779 contains invalid digit 9');
  });

  test('floating-point constants are rejected', () => {
    for (const fp of ['1.5', '.5', '1e3', '1f', '1.', '2E-4', '3.0L']) {
      const e = parseError(`BEGIN { x = ${fp}; }`);
      expect(e.tag).toBe('D_SYNTAX');
      expect(e.detail).toBe('floating-point constants are not permitted');
    }
  });

  test('intConstType follows the suffix and decimal rules', () => {
    expect(intConstType(5n, 'xyz', true)).toBeUndefined();
    expect(intConstType(0xffffffffn, '', false)).toBe('unsigned int');
    expect(intConstType(0xffffffffn, '', true)).toBe('long');
  });
});

describe('character constants', () => {
  test('several characters pack big-endian', () => {
    expect(assignedValue("'a'")).toMatchObject({ value: 97n, ctype: 'int' });
    expect(assignedValue("'ab'")).toMatchObject({ value: 0x6162n });
    expect(assignedValue("'abcdefgh'")).toMatchObject({ value: 0x6162636465666768n, ctype: 'long' });
  });

  test('escapes, and unknown escapes kept as two characters', () => {
    expect(assignedValue("'\\n'")).toMatchObject({ value: 10n });
    expect(assignedValue("'\\x41'")).toMatchObject({ value: 65n });
    expect(assignedValue("'\\101'")).toMatchObject({ value: 65n });
    expect(assignedValue("'\\0'")).toMatchObject({ value: 0n });
    expect(assignedValue("'\\''")).toMatchObject({ value: 0x5c27n });
    expect(assignedValue("'\\?'")).toMatchObject({ value: 0x5c3fn });
  });

  test('errors', () => {
    expect(parseError("BEGIN {\n x = '';\n}")).toMatchObject({ tag: 'D_CHR_NULL', detail: 'empty character constant', pos: { line: 2 } });
    expect(parseError("BEGIN { x = 'abcdefghi'; }")).toMatchObject({ tag: 'D_CHR_OFLOW', detail: 'character constant is too long' });
    expect(parseError("BEGIN {\n h = '\n ';\n}")).toMatchObject({ tag: 'D_CHR_NL', detail: 'newline encountered in character constant' });
    expect(parseError("BEGIN { h = 'a")).toMatchObject({ tag: 'D_SYNTAX', detail: `syntax error near "'"` });
  });
});

describe('strings', () => {
  test('escapes are applied', () => {
    expect(assignedValue('"a\\tb\\n\\x41BC\\101\\\\\\""')).toMatchObject({ k: 'str', value: 'a\tb\n\u00bcA\\"' });
    expect(assignedValue('"a\\qb"')).toMatchObject({ value: 'a\\qb' });
    expect(assignedValue('"ab\\0cd"')).toMatchObject({ value: 'ab' });
  });

  test('hex escapes take every hex digit and keep the low 8 bits', () => {
    expect(unescapeString('\\x141')).toBe('A');
  });

  test('a raw newline is an error', () => {
    expect(parseError('BEGIN {\n x = "abc\n";\n}')).toMatchObject({ tag: 'D_STR_NL', detail: 'newline encountered in string literal', pos: { line: 2 } });
  });

  test('an unterminated string at end of input', () => {
    expect(parseError('BEGIN { x = "abc')).toMatchObject({ tag: 'D_SYNTAX', detail: 'syntax error near """' });
  });
});

describe('the slash rule', () => {
  test('a slash before { ; / or end closes the predicate; otherwise it divides', () => {
    expect(kinds(lex('x / 2 /  {'))).toEqual(['ident:x', 'op:/', 'int:2', 'epred:/', 'op:{']);
    expect(kinds(lex('x/;'))).toEqual(['ident:x', 'epred:/', 'op:;']);
    expect(kinds(lex('x /'))).toEqual(['ident:x', 'epred:/']);
    expect(kinds(lex('x //'))).toEqual(['ident:x', 'epred:/', 'epred:/']);
  });

  test('predicate with division parses', () => {
    const r = parse('BEGIN /x / 2 > 1/ { }');
    const c = r.program.items[0] as Extract<Item, { k: 'clause' }>;
    expect(c.predicate).toMatchObject({ k: 'binary', op: '>', left: { k: 'binary', op: '/' } });
  });

  test('an open ( or [ at the closing slash', () => {
    expect(parseError('BEGIN\n/rand(/\n{\n\ttrace(epid);\n}\n')).toMatchObject({
      tag: 'D_SYNTAX', detail: 'closing ) expected in predicate before /', pos: { line: 3 },
    });
    expect(parseError('BEGIN /a[1/ { }').detail).toBe('closing ] expected in predicate before /');
  });

  test('extra closers', () => {
    expect(parseError('BEGIN { x = 1); }').detail).toBe('extra ) in input stream');
    expect(parseError('BEGIN { x = 1]; }').detail).toBe('extra ] in input stream');
    expect(parseError('BEGIN /x}/ { }').detail).toBe('extra } in input stream');
  });

  test('in EXPR /* beats /, swallowing the closing slash', () => {
    expect(parseError('BEGIN /x/*c*/{ trace(1); }').detail).toBe('syntax error near "{"');
  });
});

describe('comments and # lines', () => {
  test('comments are blanks; they do not nest', () => {
    expect(kinds(lex('a /* b \n c */ d'))).toEqual(['ident:a', 'ident:d']);
    expect(parseError('BEGIN {\n /* a /* b */ }')).toMatchObject({ detail: '/* encountered inside a comment', pos: { line: 2 } });
    expect(parseError('BEGIN {}\n/* open\n\n')).toMatchObject({ detail: 'end-of-file encountered before matching */', pos: { line: 4 } });
  });

  test('there are no // comments', () => {
    expect(parseError('BEGIN { // c\n }').tag).toBe('D_SYNTAX');
  });

  test('#! lines are ignored', () => {
    expect(parse('#!/usr/sbin/dtrace -s\nBEGIN { }').program.items).toHaveLength(1);
  });

  test('a # that does not start a line is a syntax error', () => {
    expect(parseError('BEGIN { x = 1; } #pragma D option quiet').detail).toBe('syntax error near "#"');
  });
});

describe('macro variables', () => {
  const m = { macroArgs: ['42', 'hello', '-5', '"quoted"', '1.5', '99999999999999999999999', 'int'], dollar0: './s.d' };

  test('$N by shape: integer, identifier, string', () => {
    expect(assignedValue('$1', m)).toMatchObject({ k: 'int', value: 42n, ctype: 'int' });
    expect(assignedValue('$2', m)).toMatchObject({ k: 'ident', name: 'hello' });
    expect(assignedValue('$3', m)).toMatchObject({ k: 'unary', op: '-', operand: { k: 'int', value: 5n } });
    expect(assignedValue('$4', m)).toMatchObject({ k: 'str', value: 'quoted' });
    expect(assignedValue('$5', m)).toMatchObject({ k: 'str', value: '1.5' });
    expect(assignedValue('$0', m)).toMatchObject({ k: 'str', value: './s.d' });
  });

  test('$$N is always a string', () => {
    expect(assignedValue('$$1', m)).toMatchObject({ k: 'str', value: '42' });
    expect(assignedValue('$$2', m)).toMatchObject({ k: 'str', value: 'hello' });
  });

  test('a type name argument is a type', () => {
    expect(assignedValue('($7)y', m)).toMatchObject({ k: 'cast', type: { specs: { types: [{ k: 'words', words: ['int'] }] } } });
  });

  test('macro variables', () => {
    expect(assignedValue('$pid', { macroVars: { pid: 777 } })).toMatchObject({ k: 'int', value: 777n, ctype: 'int' });
    expect(assignedValue('$$pid', { macroVars: { pid: 777 } })).toMatchObject({ k: 'str', value: '777' });
    expect(assignedValue('$target')).toMatchObject({ k: 'int', value: 0n });
  });

  test('errors', () => {
    expect(parseError('BEGIN { x = $9; }', m)).toMatchObject({ tag: 'D_MACRO_UNDEF', detail: 'macro argument $9 is not defined' });
    expect(parseError('BEGIN { x = $$9; }', m)).toMatchObject({ tag: 'D_MACRO_UNDEF', detail: 'macro argument $$9 is not defined' });
    expect(parseError('BEGIN { x = $nosuch; }')).toMatchObject({ tag: 'D_MACRO_UNDEF', detail: 'macro variable $nosuch is not defined' });
    expect(parseError('BEGIN { x = $6; }', m)).toMatchObject({
      tag: 'D_MACRO_OFLOW', detail: 'macro argument $6 constant 99999999999999999999999 results in integer overflow',
    });
  });

  test('with defaultargs a missing $N is 0 and a missing $$N is ""', () => {
    expect(assignedValue('$3', { defaultargs: true })).toMatchObject({ k: 'int', value: 0n });
    expect(assignedValue('$$3', { defaultargs: true })).toMatchObject({ k: 'str', value: '' });
  });

  test('referenced arguments are recorded', () => {
    const r = parse('BEGIN { x = $2; y = $$4; }', m);
    expect([...r.referencedMacros].sort()).toEqual([2, 4]);
  });
});

describe('identifiers and type names', () => {
  test('a type name used like a variable is an identifier', () => {
    expect(firstExpr('size_t = 1')).toMatchObject({ k: 'assign', target: { k: 'ident', name: 'size_t' } });
    expect(firstExpr('size_t++')).toMatchObject({ k: 'postfix', operand: { k: 'ident', name: 'size_t' } });
    expect(firstExpr('size_t[1] = 2')).toMatchObject({ k: 'assign', target: { k: 'index' } });
  });

  test('a word once seen as an identifier stays one', () => {
    expect(parse('BEGIN { size_t = 1; x = size_t; }').program.items).toHaveLength(1);
  });

  test('a type name elsewhere is a type: a bare one is a syntax error', () => {
    expect(parseError('BEGIN { x = size_t; }').detail).toBe('syntax error near "size_t"');
    expect(parseError('BEGIN { size_t == 1; }').detail).toBe('syntax error near "size_t"');
  });

  test('typedefs declared in the program are type names', () => {
    const r = parse('typedef int foo_t;\nBEGIN { x = (foo_t)1; }');
    const c = r.program.items[1] as Extract<Item, { k: 'clause' }>;
    expect((c.body![0] as Extract<Stmt, { k: 'expr' }>).expr).toMatchObject({ value: { k: 'cast', type: { specs: { types: [{ k: 'tname', name: 'foo_t' }] } } } });
  });

  test('after a type specifier a type name is an identifier (typedef int foo; struct s { foo foo; })', () => {
    const r = parse('typedef int foo;\nstruct s { foo foo; };');
    const d = r.program.items[1] as Extract<Item, { k: 'decl' }>;
    expect(d.specs.types[0]).toMatchObject({
      k: 'struct',
      members: [{ specs: { types: [{ k: 'tname', name: 'foo' }] }, declarators: [{ decl: { k: 'name', name: 'foo' } }] }],
    });
  });

  test('in OUTER a known type starts a declaration; int*x declares', () => {
    expect(parse('uint64_t x;').program.items[0]).toMatchObject({ k: 'decl', specs: { types: [{ k: 'tname', name: 'uint64_t' }] } });
    expect(parse('int*x;').program.items[0]).toMatchObject({ k: 'decl', declarators: [{ k: 'ptr', inner: { k: 'name', name: 'x' } }] });
  });

  test('a : forces a description; PSPEC mode never makes a type', () => {
    expect(parse(':::uint64_t { }').program.items[0]).toMatchObject({ k: 'clause', probes: [{ spec: { name: 'uint64_t' } }] });
    expect(kinds(lex('uint64_t', 'outer', { pspec: true }))).toEqual(['pspec:uint64_t']);
    expect(kinds(lex('uint64_t*', 'outer'))).toEqual(['tname:uint64_t', 'op:*']);
  });

  test('a program global wins over a host type name', () => {
    expect(parseError('BEGIN { y = psinfo_t; }').detail).toBe('syntax error near "psinfo_t"');
    const r = parse('int psinfo_t;\nBEGIN { y = psinfo_t; }');
    expect(r.program.items[1]).toMatchObject({ body: [{ expr: { value: { k: 'ident', name: 'psinfo_t' } } }] });
  });
});

describe('control lines', () => {
  test('#pragma D option lines become items, in order, and reach onPragma first', () => {
    const seen: string[] = [];
    const r = parse('#pragma D option quiet\n#pragma D option bufsize=4m\nBEGIN { }', { onPragma: (i) => seen.push(i.k === 'option' ? i.name : '') });
    expect(seen).toEqual(['quiet', 'bufsize']);
    expect(r.program.items.slice(0, 2)).toMatchObject([
      { k: 'option', name: 'quiet', pos: { line: 1 } },
      { k: 'option', name: 'bufsize', value: '4m', pos: { line: 2 } },
    ]);
  });

  test('a pragma error is raised before a later syntax error', () => {
    const onPragma = (): void => {
      throw new Error('nosuch');
    };
    expect(() => parse('#pragma D option nosuch\nBEGIN { x = ; }', { onPragma })).toThrow('nosuch');
  });

  test('control lines work inside clause bodies', () => {
    expect(parse('BEGIN {\n#pragma D option quiet\n trace(1); }').program.items[0]).toMatchObject({ k: 'option', name: 'quiet' });
  });

  test('attributes, binding and depends_on', () => {
    const r = parse('#pragma D attributes Evolving/Evolving/Common foo\n#pragma D binding "1.0" foo\n#pragma D depends_on provider io\nBEGIN {}');
    expect(r.program.items.slice(0, 3)).toMatchObject([
      { k: 'pragma', words: ['attributes', 'Evolving/Evolving/Common', 'foo'] },
      { k: 'pragma', words: ['binding', '1.0', 'foo'] },
      { k: 'pragma', words: ['depends_on', 'provider', 'io'] },
    ]);
  });

  test('pragma errors', () => {
    expect(parseError('BEGIN {}\n#pragma D nosuch\n')).toMatchObject({ tag: 'D_PRAGMA_INVAL', detail: 'invalid D pragma: nosuch', pos: { line: 2 } });
    expect(parseError('#define X 1\n')).toMatchObject({ tag: 'D_PRAGCTL_INVAL', detail: 'invalid control directive: #define', pos: { line: 1 } });
    expect(parseError('#error stop here\n')).toMatchObject({ tag: 'D_PRAGERR', detail: '#error: stop here ' });
    expect(parseError('#pragma error a "b c"\n')).toMatchObject({ tag: 'D_PRAGERR', detail: '#error: a b c ' });
    expect(parseError('#pragma D option\n')).toMatchObject({ tag: 'D_PRAGMA_MALFORM', detail: 'malformed #pragma option <option>=<val>' });
    expect(parseError('#pragma D option a b\n')).toMatchObject({ tag: 'D_PRAGMA_MALFORM', detail: 'superfluous arguments specified for #pragma option' });
    expect(parseError('#pragma D attributes Bogus foo\n')).toMatchObject({ tag: 'D_PRAGMA_INVAL', detail: 'invalid attributes specified by #pragma attributes' });
    expect(parseError('#pragma D attributes foo\n')).toMatchObject({ tag: 'D_PRAGMA_MALFORM', detail: 'malformed #pragma attributes <attributes> <ident>' });
    expect(parseError('#pragma D binding "x" foo\n')).toMatchObject({ tag: 'D_PRAGMA_INVAL', detail: 'invalid version string specified by #pragma binding' });
    expect(parseError('#pragma D binding 1.0 foo\n')).toMatchObject({ tag: 'D_PRAGMA_MALFORM', detail: 'malformed #pragma binding "version" <ident>' });
    expect(parseError('#pragma D depends_on thing x\n')).toMatchObject({ tag: 'D_PRAGMA_INVAL', detail: 'invalid class thing specified by #pragma depends_on' });
    expect(parseError('#pragma D depends_on library x.d\n')).toMatchObject({ tag: 'D_PRAGMA_DEPEND', detail: 'main program may not explicitly depend on a library' });
    expect(parseError('\n\n#pragma D option quiet')).toMatchObject({ tag: 'D_SYNTAX', detail: 'end-of-file encountered before end of control line', pos: { line: 3 } });
  });

  test('ignored lines: #ident, #pragma ident, #pragma of another vendor, a bare #', () => {
    expect(parse('#ident "x"\n#pragma ident "y"\n#pragma weak foo\n#\nBEGIN {}').program.items).toHaveLength(1);
  });

  test('#line sets the next line number and the file for messages', () => {
    const e = parseError('#line 100 "foo.d"\nBEGIN { x = ; }');
    expect(e.pos?.line).toBe(101);
    expect(e.file).toBe('foo.d');
    const f = parseError('# 100 "foo.d"\nBEGIN { x = ; }');
    expect(f.pos?.line).toBe(100);
    expect(parseError('# 5 "/dev/fd/3"\nBEGIN { x = ; }').file).toBeUndefined();
    expect(parseError('#line x\n')).toMatchObject({ tag: 'D_PRAGMA_MALFORM', detail: 'malformed #line <line> [ ["file"] state ]' });
  });
});
