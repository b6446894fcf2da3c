import { describe, expect, test } from 'vitest';
import type { Declarator, Expr, Item, Stmt } from '../../../src/d/ast';
import { parse, parseError } from './d-arbitraries';

type Clause = Extract<Item, { k: 'clause' }>;

function clause(src: string, o = {}): Clause {
  const c = parse(src, o).program.items.find((i) => i.k === 'clause');
  if (c === undefined || c.k !== 'clause') throw new Error('no clause');
  return c;
}

function expr(src: string): Expr {
  const s = clause(`BEGIN { ${src}; }`).body![0] as Extract<Stmt, { k: 'expr' }>;
  return s.expr;
}

/** The expression as a fully parenthesised string, to check precedence and associativity. */
function show(e: Expr): string {
  switch (e.k) {
    case 'int': return e.text;
    case 'str': return JSON.stringify(e.value);
    case 'ident': case 'agg': return e.name;
    case 'self': case 'this': return `${e.k}->${e.name}`;
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'assign': return `(${show(e.target)} ${e.op} ${show(e.value)})`;
    case 'cond': return `(${show(e.test)} ? ${show(e.then)} : ${show(e.else)})`;
    case 'comma': return `(${show(e.left)}, ${show(e.right)})`;
    case 'unary': return `(${e.op}${show(e.operand)})`;
    case 'postfix': return `(${show(e.operand)}${e.op})`;
    case 'index': return `${show(e.base)}[${e.args.map(show).join(', ')}]`;
    case 'call': return `${show(e.fn)}(${e.args.map(show).join(', ')})`;
    case 'member': return `${show(e.obj)}${e.arrow ? '->' : '.'}${e.name}`;
    case 'cast': return `(cast ${show(e.expr)})`;
    case 'sizeof': return e.expr ? `(sizeof ${show(e.expr)})` : '(sizeof type)';
    case 'stringof': return `(stringof ${show(e.expr)})`;
    case 'offsetof': return `offsetof(${e.member})`;
    case 'xlate': return `xlate(${show(e.expr)})`;
  }
}

describe('expressions: precedence and associativity', () => {
  const cases: [string, string][] = [
    ['a + b * c', '(a + (b * c))'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b % c', '((a / b) % c)'],
    ['a << 1 + 2', '(a << (1 + 2))'],
    ['a < b == c > d', '((a < b) == (c > d))'],
    ['a & b == c', '(a & (b == c))'],
    ['a | b ^ c & d', '(a | (b ^ (c & d)))'],
    ['a && b | c', '(a && (b | c))'],
    ['a || b ^^ c && d', '(a || (b ^^ (c && d)))'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a = b = c', '(a = (b = c))'],
    ['a += b -= c', '(a += (b -= c))'],
    ['x = a ? b : c', '(x = (a ? b : c))'],
    ['x = a, y = b', '((x = a), (y = b))'],
    ['-x * y', '((-x) * y)'],
    ['!a && ~b', '((!a) && (~b))'],
    ['*p++', '(*(p++))'],
    ['++*p', '(++(*p))'],
    ['&a[1]', '(&a[1])'],
    ['- -x', '(-(-x))'],
    ['sizeof x + 1', '((sizeof x) + 1)'],
    ['sizeof (x) + 1', '((sizeof x) + 1)'],
    ['sizeof (int) * 2', '((sizeof type) * 2)'],
    ['stringof x == "a"', '((stringof x) == "a")'],
    ['(int)(char)x + 1', '((cast (cast x)) + 1)'],
    ['(a + b) * c', '((a + b) * c)'],
    ['f(a, b)[1].m->n++', '(f(a, b)[1].m->n++)'],
    ['a[1, 2]', 'a[1, 2]'],
    ['f()', 'f()'],
    ['self->x = this->y', '(self->x = this->y)'],
    ['@a[k] = count()', '(@a[k] = count())'],
    ['x = (a, b)', '(x = (a, b))'],
    ['(a) = 1', '(a = 1)'],
    ['-x = 1', '((-x) = 1)'],
  ];
  test.each(cases)('%s', (src, want) => {
    expect(show(expr(src))).toBe(want);
  });

  test('self and this members become thread-local and clause-local variables', () => {
    expect(expr('self->ts')).toMatchObject({ k: 'self', name: 'ts' });
    expect(expr('this->n')).toMatchObject({ k: 'this', name: 'n' });
    expect(expr('self.x')).toMatchObject({ k: 'member', obj: { k: 'ident', name: 'self' }, name: 'x', arrow: false });
  });

  test('member names may be type names', () => {
    expect(expr('args[0]->size_t')).toMatchObject({ k: 'member', name: 'size_t' });
  });

  test('offsetof and xlate', () => {
    expect(expr('offsetof(struct foo, bar)')).toMatchObject({ k: 'offsetof', member: 'bar', type: { specs: { types: [{ k: 'struct', tag: 'foo' }] } } });
    expect(expr('xlate<psinfo_t *>(curthread)')).toMatchObject({ k: 'xlate', expr: { k: 'ident', name: 'curthread' }, type: { decl: { k: 'ptr' } } });
  });

  test('casts with abstract declarators', () => {
    expect(expr('(char *)p')).toMatchObject({ k: 'cast', type: { specs: { types: [{ k: 'words', words: ['char'] }] }, decl: { k: 'ptr', inner: { k: 'name' } } } });
    expect(expr('(unsigned long long)x')).toMatchObject({ k: 'cast', type: { specs: { types: [{ k: 'words', words: ['unsigned', 'long', 'long'] }] } } });
    expect(expr('(int (*)(int))p')).toMatchObject({ k: 'cast', type: { decl: { k: 'ptr', inner: { k: 'func', params: [{}] } } } });
    expect(expr('(string)x')).toMatchObject({ k: 'cast', type: { specs: { types: [{ k: 'string' }] } } });
  });

  test('positions are those of the first token', () => {
    const e = clause('BEGIN\n{\n  x =\n    a + b;\n}').body![0] as Extract<Stmt, { k: 'expr' }>;
    expect(e.pos).toEqual({ line: 3, col: 3, offset: 10 });
    expect(e.expr).toMatchObject({ value: { k: 'binary', pos: { line: 4, col: 5 }, right: { pos: { line: 4, col: 9 } } } });
  });

  test('only a unary expression can be assigned', () => {
    expect(parseError('BEGIN { a + b = 1; }').detail).toBe('syntax error near "="');
    expect(parseError('BEGIN { (int)x = 1; }').detail).toBe('syntax error near "="');
    expect(parseError('BEGIN { a ? b : c = 1; }').detail).toBe('syntax error near "="');
  });

  test('pathological nesting is a syntax error, not a stack overflow', () => {
    expect(parseError(`BEGIN { x = ${'('.repeat(5000)}1${')'.repeat(5000)}; }`).detail).toBe('yacc stack overflow near "("');
    expect(parse(`BEGIN { x = ${'('.repeat(300)}1${')'.repeat(300)}; }`).program.items).toHaveLength(1);
  });

  test('casts are not unary expressions', () => {
    expect(parseError('BEGIN { ++(int)x; }').detail).toBe('syntax error near "int"');
  });
});

describe('clauses and statements', () => {
  test('descriptions, predicate and body', () => {
    const c = clause('syscall::read:entry, syscall::write:entry\n/pid == 1/\n{ trace(1); }');
    expect(c.probes.map((p) => p.text)).toEqual(['syscall::read:entry', 'syscall::write:entry']);
    expect(c.probes[1]!.spec).toEqual({ provider: 'syscall', module: '', func: 'write', name: 'entry' });
    expect(c.predicate).toMatchObject({ k: 'binary', op: '==' });
    expect(c.body).toHaveLength(1);
  });

  test('the last expression may omit its ;', () => {
    expect(clause('BEGIN { x = 1; trace(x) }').body).toHaveLength(2);
    expect(clause('BEGIN { trace(1) }').body).toHaveLength(1);
    expect(clause('BEGIN {}').body).toEqual([]);
    expect(clause('BEGIN { ; ; }').body).toMatchObject([{ k: 'empty' }, { k: 'empty' }]);
  });

  test('a missing ; between statements is a syntax error on the next token', () => {
    expect(parseError('BEGIN\n{\n  x = 1\n  y = 2;\n}')).toMatchObject({ tag: 'D_SYNTAX', detail: 'syntax error near "y"', pos: { line: 4 } });
  });

  test('if and else', () => {
    const c = clause('BEGIN { if (a) x = 1; else { y = 2; z = 3 } w = 4 }');
    expect(c.body).toMatchObject([
      { k: 'if', test: { k: 'ident', name: 'a' }, then: [{ k: 'expr' }], else: [{ k: 'expr' }, { k: 'expr' }] },
      { k: 'expr' },
    ]);
  });

  test('else binds to the nearest if', () => {
    const c = clause('BEGIN { if (a) if (b) x = 1; else y = 2; }');
    expect(c.body).toMatchObject([{ k: 'if', then: [{ k: 'if', else: [{ k: 'expr' }] }] }]);
    expect((c.body![0] as Extract<Stmt, { k: 'if' }>).else).toBeUndefined();
  });

  test('an if body is a statement or a block: { if (c) trace(1) } is an error', () => {
    expect(parseError('BEGIN { if (c) trace(1) }').detail).toBe('syntax error near "}"');
    expect(clause('BEGIN { if (c) ; }').body).toMatchObject([{ k: 'if', then: [{ k: 'empty' }] }]);
    expect(clause('BEGIN { if (c) {} }').body).toMatchObject([{ k: 'if', then: [] }]);
  });

  test('probe ids', () => {
    expect(clause('1, 2 { }').probes).toMatchObject([{ id: 1n }, { id: 2n }]);
    expect(parseError('4294967296 { }')).toMatchObject({ tag: 'D_PDESC_INVAL', detail: 'identifier 4294967296 exceeds maximum probe id' });
    expect(parseError('5', { kind: 'P' }).detail).toBe('probe identifier 5 not permitted when specifying providers');
    expect(parseError('5', { kind: 'm' }).detail).toBe('probe identifier 5 not permitted when specifying modules');
    expect(parseError('5', { kind: 'f' }).detail).toBe('probe identifier 5 not permitted when specifying functions');
    expect(clause('5', { kind: 'i' }).probes).toMatchObject([{ id: 5n }]);
  });

  test('descriptions are split by the kind of input', () => {
    expect(clause('a:b', { kind: 'm' }).probes[0]!.spec).toEqual({ provider: 'a', module: 'b', func: '', name: '' });
    expect(clause('read', { kind: 'f' }).probes[0]!.spec).toEqual({ provider: '', module: '', func: 'read', name: '' });
    expect(clause('syscall', { kind: 'P' }).probes[0]!.spec).toEqual({ provider: 'syscall', module: '', func: '', name: '' });
  });

  test('macros in descriptions are substituted per field and count as referenced', () => {
    const r = parse('pid$1::malloc:entry, $2 { }', { macroArgs: ['123', 'a:b'] });
    const c = r.program.items[0] as Clause;
    expect(c.probes[0]).toMatchObject({ text: 'pid123::malloc:entry', spec: { provider: 'pid123', func: 'malloc', name: 'entry' } });
    expect(c.probes[1]!.spec).toEqual({ provider: '', module: '', func: '', name: 'a:b' });
    expect([...r.referencedMacros].sort()).toEqual([1, 2]);
  });

  test('description errors happen while parsing', () => {
    expect(parseError('a:b:c:d:e { }')).toMatchObject({ tag: 'D_PDESC_INVAL', detail: 'invalid probe description "a:b:c:d:e": Overspecified probe description' });
    expect(parseError('BEGIN { } pid$3::: { }')).toMatchObject({ detail: 'invalid probe description "pid$3:::": Undefined macro variable in probe description' });
  });

  test('a description without predicate or actions in a file', () => {
    expect(parseError('BEGIN\n')).toMatchObject({ tag: 'D_SYNTAX', detail: 'expected predicate and/or actions following probe description', pos: { line: 1 } });
    expect(parseError('BEGIN END { }').detail).toBe('expected predicate and/or actions following probe description');
  });

  test('string input accepts bare descriptions', () => {
    const r = parse('BEGIN, END', { kind: 'n' });
    expect(r.program.items).toMatchObject([{ k: 'clause', probes: [{ text: 'BEGIN' }, { text: 'END' }] }]);
    expect((r.program.items[0] as Clause).body).toBeUndefined();
    expect(parse('syscall::read:entry syscall::write:entry', { kind: 'n' }).program.items).toHaveLength(2);
  });

  test('a predicate without actions', () => {
    expect(parseError('BEGIN\n/x/\n')).toMatchObject({ tag: 'D_SYNTAX', detail: 'expected actions { } following probe description and predicate', pos: { line: 2 } });
    expect(parseError('BEGIN /x/', { kind: 'n' }).detail).toBe('expected actions { } following probe description and predicate');
  });

  test('empty programs', () => {
    expect(parseError('')).toMatchObject({ tag: 'D_EMPTY', detail: 'empty D program translation unit', pos: { line: 1 } });
    expect(parseError('/*\n * only a comment\n */')).toMatchObject({ tag: 'D_EMPTY', pos: { line: 3 } });
    expect(parseError('/* nothing */\n#pragma D option quiet\n').tag).toBe('D_EMPTY');
    expect(parse('', { empty: true }).program.items).toEqual([]);
    expect(parse('int x;').program.items).toHaveLength(1);
  });

  test('syntax errors at end of input', () => {
    expect(parseError('BEGIN {\n  x = 1;\n')).toMatchObject({ detail: 'syntax error near end of input', pos: { line: 3 } });
    expect(parseError('BEGIN { x = ').detail).toBe('syntax error near end of input');
    expect(parseError('BEGIN,').detail).toBe('syntax error near end of input');
  });

  test('syntax errors name the token, strings with their quotes', () => {
    expect(parseError('BEGIN { x = 1 "s"; }').detail).toBe('syntax error near ""s""');
    expect(parseError('BEGIN { x = 1 2; }').detail).toBe('syntax error near "2"');
    expect(parseError('BEGIN { x = y z; }').detail).toBe('syntax error near "z"');
    expect(parseError('BEGIN { x = $1 y; }', { macroArgs: ['5'] }).detail).toBe('syntax error near "y"');
    expect(parseError('BEGIN { x = y $1; }', { macroArgs: ['5'] }).detail).toBe('syntax error near "$1"');
  });

  test('if and else were reserved before 2016 but are statements now', () => {
    expect(parseError('BEGIN { else; }').detail).toBe('syntax error near "else"');
  });
});

describe('declarations', () => {
  function decl(src: string): Extract<Item, { k: 'decl' }> {
    const d = parse(src).program.items[0]!;
    if (d.k !== 'decl') throw new Error('not a decl');
    return d;
  }

  test('there are no initialisers', () => {
    expect(parseError('int x = 1;').detail).toBe('syntax error near "="');
  });

  test('scalars, pointers and arrays, outermost type constructor first', () => {
    expect(decl('int x, *y;').declarators).toMatchObject([{ k: 'name', name: 'x' }, { k: 'ptr', inner: { k: 'name', name: 'y' } }]);
    expect(decl('int *a[4];').declarators[0]).toMatchObject({ k: 'array', dim: { value: 4n }, inner: { k: 'ptr', inner: { k: 'name', name: 'a' } } });
    expect(decl('int (*a)[4];').declarators[0]).toMatchObject({ k: 'ptr', inner: { k: 'array', inner: { k: 'name', name: 'a' } } });
    expect(decl('char *const *p;').declarators[0]).toMatchObject({ k: 'ptr', quals: [], inner: { k: 'ptr', quals: ['const'] } });
    expect(decl('int m[2][3];').declarators[0]).toMatchObject({ k: 'array', dim: { value: 2n }, inner: { k: 'array', dim: { value: 3n } } });
  });

  test('associative arrays take a tuple signature', () => {
    const d = decl('int a[string, int];').declarators[0] as Extract<Declarator, { k: 'array' }>;
    expect(d.tuple).toMatchObject([{ specs: { types: [{ k: 'string' }] } }, { specs: { types: [{ k: 'words', words: ['int'] }] } }]);
    expect(d.dim).toBeUndefined();
    expect(decl('int a[uint64_t];').declarators[0]).toMatchObject({ k: 'array', tuple: [{ specs: { types: [{ k: 'tname', name: 'uint64_t' }] } }] });
  });

  test('function declarators', () => {
    expect(decl('int f(int, char *, ...);').declarators[0]).toMatchObject({ k: 'func', varargs: true, params: [{}, { decl: { k: 'ptr' } }] });
    expect(decl('int (*fp)(void);').declarators[0]).toMatchObject({ k: 'ptr', inner: { k: 'func', params: [{ specs: { types: [{ words: ['void'] }] } }] } });
    expect(decl('int g(int a, char *b);').declarators[0]).toMatchObject({ k: 'func', params: [{ decl: { k: 'name', name: 'a' } }, { decl: { k: 'ptr', inner: { name: 'b' } } }] });
  });

  test('storage classes and qualifiers', () => {
    expect(decl('self int x;').specs).toMatchObject({ storage: ['self'] });
    expect(decl('this int x;').specs).toMatchObject({ storage: ['this'] });
    expect(decl('extern const volatile unsigned long x;').specs).toMatchObject({
      storage: ['extern'], quals: ['const', 'volatile'], types: [{ k: 'words', words: ['unsigned', 'long'] }],
    });
    expect(decl('static int x;').specs.storage).toEqual(['static']);
    expect(decl('auto int x;').specs.storage).toEqual(['auto']);
    expect(decl('register int x;').specs.storage).toEqual(['register']);
  });

  test('struct, union and enum', () => {
    const s = decl('struct foo { int a, b; char *c; unsigned d : 3; int : 2; };');
    expect(s.declarators).toEqual([]);
    expect(s.specs.types[0]).toMatchObject({
      k: 'struct', tag: 'foo',
      members: [
        { declarators: [{ decl: { name: 'a' } }, { decl: { name: 'b' } }] },
        { declarators: [{ decl: { k: 'ptr' } }] },
        { declarators: [{ decl: { name: 'd' }, bits: { value: 3n } }] },
        { declarators: [{ bits: { value: 2n } }] },
      ],
    });
    expect(decl('union u { int a; long b; } x;').specs.types[0]).toMatchObject({ k: 'union', tag: 'u' });
    expect(decl('struct foo *p;').specs.types[0]).toEqual({ k: 'struct', pos: { line: 1, col: 1, offset: 0 }, tag: 'foo' });
    expect(decl('enum e { A, B = 2, C = B + 1, };').specs.types[0]).toMatchObject({
      k: 'enum', tag: 'e', enumerators: [{ name: 'A' }, { name: 'B', value: { value: 2n } }, { name: 'C', value: { k: 'binary' } }],
    });
    expect(parseError('struct foo { };').detail).toBe('syntax error near "}"');
    expect(parseError('struct { int a; }').detail).toBe('syntax error near end of input');
  });

  test('enumerators are identifiers afterwards', () => {
    const r = parse('enum e { size_t = 1 };\nBEGIN { x = size_t; }');
    expect(r.program.items[1]).toMatchObject({ body: [{ expr: { value: { k: 'ident', name: 'size_t' } } }] });
  });

  test('typedefs', () => {
    const r = parse('typedef struct foo { int a; } foo_t;\nfoo_t *p;\ntypedef foo_t bar_t;');
    expect(r.program.items[1]).toMatchObject({ k: 'decl', specs: { types: [{ k: 'tname', name: 'foo_t' }] }, declarators: [{ k: 'ptr' }] });
    expect(r.program.items[2]).toMatchObject({ specs: { storage: ['typedef'], types: [{ k: 'tname', name: 'foo_t' }] }, declarators: [{ name: 'bar_t' }] });
  });

  test('inline definitions', () => {
    const r = parse('inline int FOO = 3 + 4;\ninline string s = "x";\nBEGIN { trace(FOO); }');
    expect(r.program.items[0]).toMatchObject({ k: 'inline', decl: { name: 'FOO' }, value: { k: 'binary' } });
    expect(r.program.items[1]).toMatchObject({ k: 'inline', specs: { types: [{ k: 'string' }] } });
  });

  test('translators', () => {
    const r = parse('translator psinfo_t < struct proc *P > {\n  pr_pid = P->p_pid;\n  pr_fname = stringof(P->p_user.u_comm);\n};\nBEGIN {}');
    expect(r.program.items[0]).toMatchObject({
      k: 'translator', inputName: 'P',
      out: { specs: { types: [{ k: 'tname', name: 'psinfo_t' }] } },
      input: { specs: { types: [{ k: 'struct', tag: 'proc' }] }, decl: { k: 'ptr' } },
      members: [{ name: 'pr_pid', pos: { line: 2 } }, { name: 'pr_fname' }],
    });
    expect(parseError('translator psinfo_t < struct proc *P > { pr_pid = 1; }').detail).toBe('syntax error near end of input');
  });

  test('providers', () => {
    const r = parse('provider foo {\n probe bar(int, char *);\n probe baz__start(int) : (string);\n};');
    expect(r.program.items[0]).toMatchObject({
      k: 'provider', name: 'foo',
      probes: [{ name: 'bar', params: [{}, { decl: { k: 'ptr' } }] }, { name: 'baz__start', xparams: [{ specs: { types: [{ k: 'string' }] } }] }],
    });
    expect(parseError('provider foo { bar(int); };').detail).toBe('syntax error near "bar"');
  });

  test('after a declaration the lexer is back in OUTER', () => {
    const r = parse('int x;\nsyscall::read:entry { x++; }');
    expect(r.program.items[1]).toMatchObject({ k: 'clause', probes: [{ spec: { provider: 'syscall' } }] });
  });
});

describe('performance', () => {
  test('a 5,000-line script parses in well under 100 ms', () => {
    const clauseText = [
      'syscall::read:entry',
      '/pid == 123 && execname == "mysqld"/',
      '{',
      '\tself->ts = timestamp;',
      '\t@counts[probefunc, execname] = count();',
      '}',
      'syscall::read:return /self->ts/ {',
      '\t@lat[zonename] = llquantize(timestamp - self->ts, 10, 3, 11, 100);',
      '\tif (arg0 < 0) { @errs[errno] = count(); } else { @bytes = sum(arg0); }',
      '\tself->ts = 0;',
      '}',
      '',
    ];
    const lines: string[] = [];
    while (lines.length < 5000) lines.push(...clauseText);
    const src = lines.join('\n');
    // Warm the JIT, then take the best of several runs: the test machine is shared.
    parse(src);
    parse(src);
    let best = Infinity;
    for (let k = 0; k < 20 && best >= 50; k++) {
      const t0 = performance.now();
      const r = parse(src);
      best = Math.min(best, performance.now() - t0);
      expect(r.program.items.length).toBeGreaterThan(800);
    }
    expect(best).toBeLessThan(100);
  });
});

describe('assignment targets after calls and indexing', () => {
  test('a parenthesised callee called with a compound argument is still a unary expression', () => {
    expect(parse('BEGIN { (f)(a + b) = 1; x[a + b] = 2; (x)[a ? b : c] = 3; }').program.items).toHaveLength(1);
  });
});
