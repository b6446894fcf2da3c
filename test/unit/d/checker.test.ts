// The checker's rejections, as dtrace prints them: tag, location and exact text
// (d-language §3-§4), plus the typing and ordering rules scripts rely on.
import { describe, expect, test } from 'vitest';
import { compileError, compileText, run } from './harness';

/** The 40 most common messages of d-language §4.8, each from a script that provokes it. */
const COMMON: readonly (readonly [string, string])[] = [
  ['BEGIN { x = }', '[D_SYNTAX] line 1: syntax error near "}"'],
  ['BEGIN { x = 1;', '[D_SYNTAX] line 1: syntax error near end of input'],
  ['int x = 1;', '[D_SYNTAX] line 1: syntax error near "="'],
  ['BEGIN { x = ; }', '[D_SYNTAX] line 1: syntax error near ";"'],
  ['BEGIN { x = 1.5; }', '[D_SYNTAX] line 1: floating-point constants are not permitted'],
  ['BEGIN { trace(1)); }', '[D_SYNTAX] line 1: extra ) in input stream'],
  ['BEGIN /(x/ { }', '[D_SYNTAX] line 1: closing ) expected in predicate before /'],
  ['BEGIN', '[D_SYNTAX] line 1: expected predicate and/or actions following probe description'],
  ['BEGIN /1/', '[D_SYNTAX] line 1: expected actions { } following probe description and predicate'],
  ['BEGIN { x = 08; }', '[D_INT_DIGIT] line 1: constant 08 contains invalid digit 8'],
  ['BEGIN { trace(x) }', '[D_IDENT_UNDEF] line 1: failed to resolve x: Unknown variable name'],
  ['BEGIN { trace(self->ts) }', '[D_VAR_UNDEF] line 1: self->ts has not yet been declared or assigned'],
  ['BEGIN { foo() }', '[D_FUNC_UNDEF] line 1: undefined function name: foo'],
  ['BEGIN { pid() }', "[D_FUNC_IDKIND] line 1: scalar 'pid' may not be referenced as a function"],
  ['BEGIN { x = strlen }', "[D_IDENT_BADREF] line 1: function 'strlen' may not be referenced as scalar"],
  ['BEGIN { trace() }', '[D_PROTO_LEN] line 1: trace( ) prototype mismatch: 0 args passed, 1 expected'],
  ['BEGIN { x = substr("a") }', '[D_PROTO_LEN] line 1: substr( ) prototype mismatch: 1 arg passed, at least 2 expected'],
  ['BEGIN { x = strlen(1) }', '[D_PROTO_ARG] line 1: strlen( ) argument #1 is incompatible with prototype:\n\tprototype: const char *\n\t argument: int'],
  ['BEGIN { x = "a" == 1 }', '[D_OP_INCOMPAT] line 1: operands have incompatible types: "string" == "int"'],
  ['BEGIN { x = 1; x = "a" }', '[D_OP_INCOMPAT] line 1: operands have incompatible types: "int" = "string"'],
  ['BEGIN { x = "a" + "b" }', '[D_OP_INCOMPAT] line 1: operands have incompatible types: "string" + "string"'],
  ['BEGIN { x = "a" * 2 }', '[D_OP_ARITH] line 1: operator * requires operands of arithmetic type'],
  ['BEGIN { x = "a" % 2 }', '[D_OP_INT] line 1: operator % requires operands of integral type'],
  ['BEGIN { x = !"a" }', '[D_OP_SCALAR] line 1: operator ! requires an operand of scalar type'],
  ['BEGIN /"a"/ { }', '[D_PRED_SCALAR] line 1: predicate result must be of scalar type'],
  ['BEGIN { x = 1 / 0 }', '[D_DIV_ZERO] line 1: expression contains division by zero'],
  ['BEGIN { timestamp = 0 }', '[D_OP_WRITE] line 1: operator = can only be applied to a writable variable'],
  ['BEGIN { @a = 1 }', '[D_AGG_FUNC] line 1: @a must be assigned the result of an aggregating function'],
  ['BEGIN { @a = count(); }\nEND { @a = sum(1); }', '[D_AGG_REDEF] line 2: aggregation redefined: @a\n\t current: @a = sum( )\n\tprevious: @a = count( ) : line 1'],
  ['BEGIN { @a = count(); } END { @a; }', '[D_AGG_NULL] line 1: expression has null effect: @a'],
  ['BEGIN { @a[1] = count(); @a[1,2] = count(); }', '[D_PROTO_LEN] line 1: @a[ ] prototype mismatch: 2 keys passed, 1 expected'],
  ['BEGIN { printf("%d") }', '[D_PRINTF_ARG_PROTO] line 1: printf( ) prototype mismatch: conversion #1 (%d) is missing a corresponding value argument'],
  ['BEGIN { printf("%d", "a") }', '[D_PRINTF_ARG_TYPE] line 1: printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %d\n\t prototype: char, short, int, long, or long long\n\t  argument: string'],
  ['BEGIN { printf("%z", 1) }', '[D_SYNTAX] line 1: format conversion #1 is undefined: %z'],
  ['syscall::nosuch:entry {}', '[D_PDESC_ZERO] line 1: probe description syscall::nosuch:entry does not match any probes'],
  ['a:b:c:d:e {}', '[D_PDESC_INVAL] line 1: invalid probe description "a:b:c:d:e": Overspecified probe description'],
  ['BEGIN { trace($1) }', '[D_MACRO_UNDEF] line 1: macro argument $1 is not defined'],
  ['#pragma D option nosuch\nBEGIN{}', "[D_PRAGMA_OPTSET] line 1: failed to set option 'nosuch': Invalid option name"],
  ['BEGIN { trace(1); speculate(1); }', '[D_SPEC_DREC] line 1: speculate( ) may not follow data-recording action(s)'],
];

describe('the 40 common messages', () => {
  test.each(COMMON)('%j', (script, message) => {
    expect(compileError(script)).toBe(message);
  });
});

test('an empty program (the front end decides its location)', () => {
  expect(compileError('')).toMatch(/^\[D_EMPTY\] (line 1: )?empty D program translation unit$/);
});

describe('locations', () => {
  test('string input names the predicate or the action list', () => {
    expect(compileError('BEGIN { x = "a" == 1 }', { kind: 'n' })).toBe('[D_OP_INCOMPAT] in action list: operands have incompatible types: "string" == "int"');
    expect(compileError('BEGIN /"a"/ { }', { kind: 'n' })).toBe('[D_PRED_SCALAR] in predicate: predicate result must be of scalar type');
    expect(compileError('BEGIN { printf("%d") }', { kind: 'n' })).toBe(
      '[D_PRINTF_ARG_PROTO] in action list: printf( ) prototype mismatch: conversion #1 (%d) is missing a corresponding value argument',
    );
  });
  test('file input gives the line of the offending node', () => {
    expect(compileError('BEGIN\n{\n  x = 1;\n  trace(y);\n}')).toBe('[D_IDENT_UNDEF] line 4: failed to resolve y: Unknown variable name');
  });
});

describe('order of checking (§3.1)', () => {
  test('actions are checked before the predicate, with a retry', () => {
    expect(compileError('BEGIN /x == 0/ { x = 1 }')).toBe('compiled');
    expect(compileError('BEGIN /x++/ { trace(x) }')).toBe('compiled');
    expect(compileError('BEGIN /y == 0/ { x = 1 }')).toBe('[D_IDENT_UNDEF] line 1: failed to resolve y: Unknown variable name');
  });
  test('a variable is typed by its first assignment in compile order', () => {
    expect(compileError('BEGIN { x = "a" } END { x = 1 }')).toBe('[D_OP_INCOMPAT] line 1: operands have incompatible types: "string" = "int"');
  });
  test('unassigned this-> and associative arrays', () => {
    expect(compileError('BEGIN { trace(this->x) }')).toBe('[D_VAR_UNDEF] line 1: this->x has not yet been declared or assigned');
    expect(compileError('BEGIN { trace(a[1]) }')).toBe('[D_VAR_UNDEF] line 1: a has not yet been declared or assigned');
  });
});

describe('typing', () => {
  test('x = 1 makes an int, and constants convert to the target type', () => {
    expect(run('BEGIN { x = 1; x = 5000000000; trace(x); exit(0) }', { x: ['quiet'] }).stdout).toBe('705032704\n');
    expect(run('BEGIN { x = 2147483648; trace(x); exit(0) }', { x: ['quiet'] }).stdout).toBe('2147483648\n');
  });
  test('comparisons yield int and usual conversions apply', () => {
    expect(run('BEGIN { trace(-1 < 1u); trace(sizeof (1 < 2)); exit(0) }', { x: ['quiet'] }).stdout).toBe('04\n');
  });
  test('sizeof, offsetof and struct layout', () => {
    const r = run(
      'struct s { char c; long l; int i; }; BEGIN { trace(sizeof (struct s)); trace(offsetof(struct s, i)); trace(sizeof (psinfo_t *)); exit(0) }',
      { x: ['quiet'] },
    );
    expect(r.stdout).toBe('24168\n');
  });
  test('string + int is pointer arithmetic; string relational operators compare', () => {
    expect(run('BEGIN { trace("abc" + 1); trace("abc" < "abd"); exit(0) }', { x: ['quiet'] }).stdout).toBe('bc1\n');
  });
  test('invalid casts and member access', () => {
    expect(compileError('BEGIN { x = (int)"a" }')).toBe('[D_CAST_INVAL] line 1: invalid cast expression: "string" to "int"');
    expect(compileError('BEGIN { x = curpsinfo->nosuch }')).toBe('[D_TYPE_MEMBER] line 1: nosuch is not a member of psinfo_t');
    expect(compileError('BEGIN { x = 1; y = x.a }')).toBe('[D_OP_SOU] line 1: operator . cannot be applied to type "int"; must be applied to a struct or union');
    expect(compileError('BEGIN { x = 1; y = x[0] }')).toBe('[D_DEREF_NONPTR] line 1: cannot dereference non-pointer type');
  });
  test('associative arrays fix their key signature on first use', () => {
    expect(compileError('BEGIN { a["x"] = 1; a[1] = 2 }')).toBe(
      '[D_PROTO_ARG] line 1: a[ ] key #1 is incompatible with prototype:\n\tprototype: string\n\t      key: int',
    );
    expect(compileError('BEGIN { a[1] = 1; a[1, 2] = 2 }')).toBe('[D_PROTO_LEN] line 1: a[ ] prototype mismatch: 2 keys passed, 1 expected');
    expect(compileError('BEGIN { this->a[1] = 1 }')).toBe('[D_ARR_LOCAL] line 1: local variables may not be used as associative arrays: a');
  });
});

describe('aggregations', () => {
  test('lquantize constant rules', () => {
    expect(compileError('BEGIN { @ = lquantize(1, 10, 5) }')).toBe('[D_LQUANT_MISMATCH] line 1: lquantize( ) base (argument #1) must be less than limit (argument #2)');
    expect(compileError('BEGIN { @ = lquantize(1, 0, 10, 0) }')).toBe('[D_LQUANT_STEPTYPE] line 1: lquantize( ) argument #3 must be a non-zero positive integer constant');
    expect(compileError('BEGIN { @ = lquantize(1, 0, 10, 20) }')).toBe('[D_LQUANT_STEPLARGE] line 1: lquantize( ) step (argument #3) too large: must have at least one quantization level');
    expect(compileError('BEGIN { x = 1; @ = lquantize(1, x, 10) }')).toBe('[D_LQUANT_BASETYPE] line 1: lquantize( ) argument #1 must be an integer constant');
    expect(compileError('BEGIN { @ = lquantize(1, 0, 10) } END { @ = lquantize(1, 0, 20) }')).toBe(
      "[D_LQUANT_MATCHLIM] line 1: lquantize( ) limit (argument #2) doesn't match previous declaration: expected 10, found 20",
    );
  });
  test('llquantize constant rules', () => {
    expect(compileError('BEGIN { @ = llquantize(1, 1, 0, 2, 10) }')).toBe('[D_LLQUANT_FACTORSMALL] line 1: llquantize( ) factor (argument #1) must be two or more');
    expect(compileError('BEGIN { @ = llquantize(1, 10, 3, 3, 10) }')).toBe(
      '[D_LLQUANT_MAGRANGE] line 1: llquantize( ) high magnitude (argument #3) must be greater than low magnitude (argument #2)',
    );
    expect(compileError('BEGIN { @ = llquantize(1, 10, 0, 2, 5) }')).toMatch(/^\[D_LLQUANT_FACTORNSTEPS\]/);
    expect(compileError('BEGIN { @ = llquantize(1, 10, 0, 2, 15) }')).toMatch(/^\[D_LLQUANT_FACTOREVEN\]/);
    expect(compileError('BEGIN { @ = llquantize(1, 10, 0, 19, 10) }')).toBe(
      '[D_LLQUANT_MAGTOOBIG] line 1: llquantize( ) factor (10) raised to power of high magnitude (19) plus 1 overflows 64-bits',
    );
    expect(compileError('BEGIN { @ = llquantize(1, 10, 3, 11, 100) }')).toBe('compiled');
  });
  test('argument counts and scalar values', () => {
    expect(compileError('BEGIN { @ = count(1) }')).toBe('[D_PROTO_LEN] line 1: count( ) prototype mismatch: 1 arg passed, 0 expected');
    expect(compileError('BEGIN { @ = quantize(1, 2, 3) }')).toBe('[D_PROTO_LEN] line 1: quantize( ) prototype mismatch: 3 args passed, at most 2 expected');
    expect(compileError('BEGIN { @ = sum("a") }')).toBe('[D_AGG_SCALAR] line 1: sum( ) argument #1 must be of scalar type');
  });
  test('aggregations are not values', () => {
    expect(compileError('BEGIN { printa(@nosuch) }')).toBe('[D_IDENT_UNDEF] line 1: failed to resolve @nosuch: Unknown variable name');
    expect(compileError('BEGIN { x = count() }')).toBe(
      '[D_CG_EXPR] line 1: aggregating function count( ) may not be called from a D expression (D program context required)',
    );
    expect(compileError('BEGIN { x = stack() }')).toBe(
      '[D_CG_EXPR] line 1: tracing function stack( ) may not be called from a D expression (D program context required)',
    );
  });
  test('printa key signatures must match', () => {
    expect(compileError('BEGIN { @a[1] = count(); @b[1, 2] = count(); printa(@a, @b) }')).toBe(
      '[D_PRINTA_AGGKEY] line 1: printa( ): @a and @b do not have matching key signatures: @a has 1 key, @b has 2 keys',
    );
  });
});

describe('actions and speculation placement (§3.6)', () => {
  test.each([
    ['BEGIN { speculate(1); speculate(1) }', '[D_SPEC_SPEC] line 1: speculate( ) may not follow speculate( )'],
    ['BEGIN { commit(1); speculate(1) }', '[D_SPEC_COMM] line 1: speculate( ) may not follow commit( )'],
    ['BEGIN { speculate(1); @a = count() }', '[D_AGG_SPEC] line 1: aggregating actions may not follow speculate( )'],
    ['BEGIN { commit(1); @a = count() }', '[D_AGG_COMM] line 1: aggregating actions may not follow commit( )'],
    ['BEGIN { speculate(1); exit(0) }', '[D_EXIT_SPEC] line 1: exit( ) may not follow speculate( )'],
    ['BEGIN { speculate(1); raise(9) }', '[D_ACT_SPEC] line 1: destructive actions may not follow speculate( )'],
    ['BEGIN { commit(1); trace(1) }', '[D_DREC_COMM] line 1: data-recording actions may not follow commit( )'],
    ['BEGIN { commit(1); commit(1) }', '[D_COMM_COMM] line 1: commit( ) may not follow commit( )'],
    ['BEGIN { trace(1); commit(1) }', '[D_COMM_DREC] line 1: commit( ) may not follow data-recording action(s)'],
  ])('%s', (script, message) => {
    expect(compileError(script)).toBe(message);
  });
  test('trace of a void expression, conditional actions', () => {
    expect(compileError('BEGIN { trace(exit(0)) }')).toBe('[D_TRACE_VOID] line 1: trace( ) may not be applied to a void expression');
    expect(compileError('BEGIN { x = 1 ? trace(1) : 0 }')).toBe('[D_OP_ACT] line 1: action cannot be used in a conditional context');
  });
});

describe('args[], descriptions and macros', () => {
  test('args[] index rules', () => {
    expect(compileError('syscall::read:entry { trace(args[5]) }')).toBe('[D_ARGS_IDX] line 1: index 5 is out of range for syscall::read:entry args[ ]');
    expect(compileError('syscall::read:entry { x = 1; trace(args[x]) }')).toBe(
      '[D_PROTO_ARG] line 1: args[ ] argument #1 is incompatible with prototype:\n\tprototype: integer constant\n\t argument: int',
    );
    expect(compileError('syscall::read:entry { trace(args[0]) }')).toBe('compiled');
    expect(compileError('io:::done { trace(args[1]->dev_statname) }')).toBe('compiled');
  });
  test('D_PDESC_ZERO is lifted by -Z', () => {
    expect(compileError('syscall::nosuch:entry {}', { x: ['zdefs'] })).toBe('compiled');
  });
  test('only the last macro argument must be referenced, unless -xargref', () => {
    expect(compileError('BEGIN { trace($1) }', { macroArgs: ['1', '2'] })).toBe("[D_MACRO_UNUSED] extraneous argument '2' ($2 is not referenced)");
    expect(compileError('BEGIN { trace($2) }', { macroArgs: ['1', '2'] })).toBe('compiled');
    expect(compileError('BEGIN { }', { macroArgs: ['1'], x: ['argref'] })).toBe('compiled');
  });
  test('#pragma D option sets options for the program', () => {
    const p = compileText('#pragma D option quiet\n#pragma D option strsize=32\nBEGIN { }');
    expect(p.options.quiet).toBe(true);
    expect(p.options.strsize).toBe(32);
  });
});

describe('declarations (§4.3)', () => {
  test.each([
    ['short char x;', '[D_DECL_CHARATTR] line 1: invalid type declaration: short and long may not be used with char type'],
    ['long void x;', '[D_DECL_VOIDATTR] line 1: invalid type declaration: attributes may not be used with void type'],
    ['unsigned string x;', '[D_DECL_SIGNINT] line 1: invalid type declaration: signed and unsigned may only be used with integer type'],
    ['static int x;', '[D_DECL_BADCLASS] line 1: specified storage class not appropriate in D'],
    ['void x;', '[D_DECL_VOIDOBJ] line 1: cannot have void object: x'],
    ['int x; long x;', '[D_DECL_IDRED] line 1: identifier redeclared: x\n\t current: scalar long\n\tprevious: scalar int'],
    ['this int a[int];', '[D_DECL_LOCASSC] line 1: associative arrays may not be declared as local variables: a'],
  ])('%s', (script, message) => {
    expect(compileError(`${script}\nBEGIN { }`)).toBe(message);
  });
  test('declared variables, typedefs, enums and inlines', () => {
    const r = run(
      'typedef unsigned char u8; u8 c; int a[string]; enum color { RED, GREEN = 5, BLUE }; inline int LIMIT = 2 * 21;\n' +
        'BEGIN { c = 300; a["x"] = BLUE; trace(c); trace(a["x"]); trace(LIMIT); exit(0) }',
      { x: ['quiet'] },
    );
    expect(r.stdout).toBe('44642\n');
  });
});

describe('aggregation identity', () => {
  test('an aggregation assigned later exists but is undefined where printa() names it', () => {
    expect(compileError('END { printa(@a) } BEGIN { @a = count() }')).toBe('[D_PRINTA_AGGBAD] line 1: undefined aggregation: @a');
    expect(compileError('END { clear(@a) } BEGIN { @a = count() }')).toBe('[D_CLEAR_AGGBAD] line 1: undefined aggregation: @a');
  });
  test('aggregations print at the end in order of first appearance', () => {
    const r = run('END { @b = sum(9); @a = sum(5); } BEGIN { exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe(`\n${'9'.padStart(17)}\n${'5'.padStart(17)}\n`);
  });
});

test('kernel memory is not writable, except through a cast pointer', () => {
  expect(compileError('BEGIN { curthread->t_pri = 1 }')).toBe('[D_OP_WRITE] line 1: operator = can only be applied to a writable variable');
  expect(compileError('BEGIN { ((kthread_t *)curthread)->t_pri = 1 }')).toBe('compiled');
});

test('a keyless use of a keyed aggregation', () => {
  expect(compileError('BEGIN { @a[1] = count(); }\nEND { @a = count(); }')).toBe('[D_PROTO_LEN] line 2: @a[ ] prototype mismatch: 0 keys passed, 1 expected');
});

test('kernel symbols are unknown', () => {
  expect(compileError('BEGIN { trace(`nosuch) }')).toBe('[D_IDENT_UNDEF] line 1: failed to resolve `nosuch: Unknown symbol name');
});
