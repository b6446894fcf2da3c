// if/else as illumos implements it (dt_sugar.c): a clause whose body contains `if` is
// rewritten, before checking, into several clauses on the same descriptions — one that
// clears self->%error, one per test setting this->%condition_N, and one per straight-line
// block guarded by its condition — plus a single dtrace:::ERROR clause per handle that
// sets self->%error so a fault skips the rest. The `%` keeps the generated names apart
// from anything a user can write. Everything observable (matched-probe counts, condition
// clauses recording nothing) follows from the clauses themselves. Pure.
import type { Expr, Item, Pos, ProbeSpecText, Program, Stmt } from './ast';

/** Shared across the programs of one dtrace handle: the ERROR clause is added once. */
export interface SugarState {
  hasSugar: boolean;
}

export interface SugarOptions {
  /**
   * Where DTrace's generated nodes say they are: it builds them after the whole parse,
   * so their line is the last one (ParseResult.endPos). Defaults to the `if` statement.
   */
  readonly endPos?: Pos;
  readonly state?: SugarState;
}

type Clause = Extract<Item, { k: 'clause' }>;

const ERROR_SPEC: ProbeSpecText['spec'] = { provider: 'dtrace', module: '', func: '', name: 'ERROR' };

function containsIf(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => s.k === 'if');
}

class ClauseSugar {
  private conditions = 0;
  readonly out: Clause[] = [];

  constructor(
    private readonly clause: Clause,
    private readonly at: (p: Pos) => Pos,
  ) {}

  private errorVar(p: Pos): Expr {
    return { k: 'self', pos: this.at(p), name: '%error' };
  }

  private condVar(id: number, p: Pos): Expr {
    return { k: 'this', pos: this.at(p), name: `%condition_${id}` };
  }

  private not(e: Expr, p: Pos): Expr {
    return { k: 'unary', pos: this.at(p), op: '!', operand: e };
  }

  private one(p: Pos): Expr {
    return { k: 'int', pos: this.at(p), value: 1n, ctype: 'int', text: '1' };
  }

  private emit(predicate: Expr | undefined, body: readonly Stmt[]): void {
    const { pos, probes } = this.clause;
    this.out.push(predicate === undefined ? { k: 'clause', pos, probes, body } : { k: 'clause', pos, probes, predicate, body });
  }

  /** `/!self->%error/ { this->%condition_N = (outer && (test)) }`; returns N. */
  private condition(test: Expr, outer: number, p: Pos): number {
    const id = ++this.conditions;
    const left = outer === 0 ? this.one(p) : this.condVar(outer, p);
    const value: Expr = { k: 'binary', pos: this.at(p), op: '&&', left, right: test };
    const assign: Expr = { k: 'assign', pos: this.at(p), op: '=', target: this.condVar(id, p), value };
    this.emit(this.not(this.errorVar(p), p), [{ k: 'expr', pos: this.at(p), expr: assign }]);
    return id;
  }

  private block(cond: number, stmts: readonly Stmt[], p: Pos): void {
    let predicate: Expr | undefined;
    if (cond === 0) {
      if (this.conditions !== 0) predicate = this.not(this.errorVar(p), p);
    } else {
      predicate = { k: 'binary', pos: this.at(p), op: '&&', left: this.not(this.errorVar(p), p), right: this.condVar(cond, p) };
    }
    this.emit(predicate, stmts);
  }

  visit(stmts: readonly Stmt[], cond: number): void {
    let run: Stmt[] = [];
    for (const s of stmts) {
      if (s.k === 'empty') continue;
      if (s.k !== 'if') {
        run.push(s);
        continue;
      }
      if (run.length > 0) this.block(cond, run, run[0]!.pos);
      run = [];
      const id = this.condition(s.test, cond, s.pos);
      this.visit(s.then, id);
      if (s.else !== undefined) {
        const elseId = this.condition(this.not(this.condVar(id, s.pos), s.pos), cond, s.pos);
        this.visit(s.else, elseId);
      }
    }
    if (run.length > 0) this.block(cond, run, run[0]!.pos);
  }

  run(): Clause[] {
    const c = this.clause;
    let cond = 0;
    if (c.predicate !== undefined) cond = this.condition(c.predicate, 0, c.pos);
    const body = c.body ?? [];
    if (body.every((s) => s.k === 'empty')) this.block(cond, [], c.pos);
    else this.visit(body, cond);
    const clear: Expr = { k: 'assign', pos: this.at(c.pos), op: '=', target: this.errorVar(c.pos), value: { k: 'int', pos: this.at(c.pos), value: 0n, ctype: 'int', text: '0' } };
    this.out.unshift({ k: 'clause', pos: c.pos, probes: c.probes, body: [{ k: 'expr', pos: this.at(c.pos), expr: clear }] });
    return this.out;
  }
}

/**
 * Rewrite every clause that uses if/else into plain clauses (d-language §2). Clauses
 * without if/else, and all other items, are returned unchanged and in order.
 */
export function desugar(program: Program, options: SugarOptions = {}): Program {
  const state = options.state ?? { hasSugar: false };
  const endPos = options.endPos;
  const at = (p: Pos): Pos => endPos ?? p;
  const items: Item[] = [];
  for (const item of program.items) {
    if (item.k !== 'clause' || item.body === undefined || !containsIf(item.body)) {
      items.push(item);
      continue;
    }
    const clauses = new ClauseSugar(item, at).run();
    if (!state.hasSugar && clauses.length > 1) {
      state.hasSugar = true;
      const pos = at(item.pos);
      const setError: Expr = { k: 'assign', pos, op: '=', target: { k: 'self', pos, name: '%error' }, value: { k: 'int', pos, value: 1n, ctype: 'int', text: '1' } };
      items.push({
        k: 'clause',
        pos,
        probes: [{ pos, text: 'dtrace:::ERROR', spec: ERROR_SPEC }],
        body: [{ k: 'expr', pos, expr: setError }],
      });
    }
    items.push(...clauses);
  }
  return { items };
}
