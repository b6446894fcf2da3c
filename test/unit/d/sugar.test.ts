import { describe, expect, test } from 'vitest';
import type { Expr, Item, Stmt } from '../../../src/d/ast';
import { desugar } from '../../../src/d/sugar';
import type { SugarState } from '../../../src/d/sugar';
import { parse } from './d-arbitraries';

type Clause = Extract<Item, { k: 'clause' }>;

function show(e: Expr | undefined): string {
  if (e === undefined) return '';
  switch (e.k) {
    case 'int': return e.text;
    case 'ident': case 'agg': return e.name;
    case 'self': case 'this': return `${e.k}->${e.name}`;
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'assign': return `${show(e.target)} ${e.op} ${show(e.value)}`;
    case 'unary': return `${e.op}${show(e.operand)}`;
    case 'call': return `${show(e.fn)}(${e.args.map(show).join(', ')})`;
    default: return e.k;
  }
}

function showStmts(body: readonly Stmt[] | undefined): string {
  return (body ?? []).map((s) => (s.k === 'expr' ? show(s.expr) : s.k)).join('; ');
}

/** Each clause as `descriptions /predicate/ { body }`. */
function sugared(src: string, state?: SugarState): string[] {
  const r = parse(src);
  return desugar(r.program, { state }).items
    .filter((i): i is Clause => i.k === 'clause')
    .map((c) => `${c.probes.map((p) => p.text).join(',')} /${show(c.predicate)}/ { ${showStmts(c.body)} }`);
}

describe('if/else sugar', () => {
  test('BEGIN{if(1){trace(1)}} becomes four clauses', () => {
    expect(sugared('BEGIN{if(1){trace(1)}}')).toEqual([
      'dtrace:::ERROR // { self->%error = 1 }',
      'BEGIN // { self->%error = 0 }',
      'BEGIN /!self->%error/ { this->%condition_1 = (1 && 1) }',
      'BEGIN /(!self->%error && this->%condition_1)/ { trace(1) }',
    ]);
  });

  test('the ERROR clause names dtrace:::ERROR exactly', () => {
    const items = desugar(parse('BEGIN { if (x) y = 1; }').program).items;
    expect((items[0] as Clause).probes[0]!.spec).toEqual({ provider: 'dtrace', module: '', func: '', name: 'ERROR' });
  });

  test('else, statements before and after, and the predicate', () => {
    expect(sugared('tick-1s /n > 0/ { a = 1; if (x) { b = 2; } else { c = 3; } d = 4; }')).toEqual([
      'dtrace:::ERROR // { self->%error = 1 }',
      'tick-1s // { self->%error = 0 }',
      'tick-1s /!self->%error/ { this->%condition_1 = (1 && (n > 0)) }',
      'tick-1s /(!self->%error && this->%condition_1)/ { a = 1 }',
      'tick-1s /!self->%error/ { this->%condition_2 = (this->%condition_1 && x) }',
      'tick-1s /(!self->%error && this->%condition_2)/ { b = 2 }',
      'tick-1s /!self->%error/ { this->%condition_3 = (this->%condition_1 && !this->%condition_2) }',
      'tick-1s /(!self->%error && this->%condition_3)/ { c = 3 }',
      'tick-1s /(!self->%error && this->%condition_1)/ { d = 4 }',
    ]);
  });

  test('without a predicate the first block is unguarded and later ones check %error', () => {
    expect(sugared('BEGIN { a = 1; if (x) b = 2; c = 3; }')).toEqual([
      'dtrace:::ERROR // { self->%error = 1 }',
      'BEGIN // { self->%error = 0 }',
      'BEGIN // { a = 1 }',
      'BEGIN /!self->%error/ { this->%condition_1 = (1 && x) }',
      'BEGIN /(!self->%error && this->%condition_1)/ { b = 2 }',
      'BEGIN /!self->%error/ { c = 3 }',
    ]);
  });

  test('nested ifs chain their conditions; empty bodies make no block', () => {
    expect(sugared('BEGIN { if (a) { if (b) { x = 1; } } else { } }')).toEqual([
      'dtrace:::ERROR // { self->%error = 1 }',
      'BEGIN // { self->%error = 0 }',
      'BEGIN /!self->%error/ { this->%condition_1 = (1 && a) }',
      'BEGIN /!self->%error/ { this->%condition_2 = (this->%condition_1 && b) }',
      'BEGIN /(!self->%error && this->%condition_2)/ { x = 1 }',
      'BEGIN /!self->%error/ { this->%condition_3 = (1 && !this->%condition_1) }',
    ]);
  });

  test('every clause keeps all of the original descriptions', () => {
    const items = desugar(parse('syscall::read:entry, syscall::write:entry { if (arg0) trace(1); }').program).items as Clause[];
    for (const c of items.slice(1)) expect(c.probes.map((p) => p.text)).toEqual(['syscall::read:entry', 'syscall::write:entry']);
  });

  test('condition clauses only assign a clause-local: they record nothing', () => {
    const items = desugar(parse('BEGIN { if (x) trace(1); }').program).items as Clause[];
    const cond = items[2]!;
    expect(cond.body).toHaveLength(1);
    expect(cond.body![0]).toMatchObject({ k: 'expr', expr: { k: 'assign', target: { k: 'this', name: '%condition_1' } } });
  });

  test('clauses without if/else and other items are unchanged', () => {
    const p = parse('int x;\nBEGIN /x/ { trace(1); }\nEND { if (x) trace(2); }\ntick-1s { exit(0); }').program;
    const out = desugar(p).items;
    expect(out[0]).toBe(p.items[0]);
    expect(out[1]).toBe(p.items[1]);
    expect(out[out.length - 1]).toBe(p.items[3]);
    expect(out).toHaveLength(1 + 1 + 4 + 1);
  });

  test('one ERROR clause per handle, shared across programs', () => {
    const state: SugarState = { hasSugar: false };
    expect(sugared('BEGIN { if (1) trace(1); }\nEND { if (1) trace(2); }', state).filter((c) => c.startsWith('dtrace:::ERROR'))).toHaveLength(1);
    expect(state.hasSugar).toBe(true);
    expect(sugared('BEGIN { if (1) trace(3); }', state).filter((c) => c.startsWith('dtrace:::ERROR'))).toHaveLength(0);
  });

  test('generated nodes sit at the end of input when told so', () => {
    const r = parse('BEGIN\n{\n  if ("s") trace(1);\n}\n');
    const items = desugar(r.program, { endPos: r.endPos }).items as Clause[];
    const cond = (items[2]!.body![0] as Extract<Stmt, { k: 'expr' }>).expr as Extract<Expr, { k: 'assign' }>;
    expect(cond.value.pos.line).toBe(5);
    expect((cond.value as Extract<Expr, { k: 'binary' }>).right.pos.line).toBe(3);
  });

  test('generated names cannot be written by a user', () => {
    expect(() => parse('BEGIN { self->%error = 1; }')).toThrow();
  });
});
