// The D checker (d-language §3-§4): resolves names, types every expression with C's rules
// as DTrace applies them, checks declarations, aggregations, actions and their placement,
// and turns each clause x probe description into the typed form (tir.ts) that the code
// generator compiles. Every rejection is a DCompileError with DTrace's tag and text.
// Pure; runs wherever compile() runs.
import type { AssignOp, BinaryOp, DeclSpecs, Declarator, Expr, Item, ParamDecl, Pos, ProbeSpecText, Program, Stmt, TypeName } from './ast';
import { DCompileError } from './errors';
import type { ErrorContext } from './errors';
import type { ProbeInfo } from './host';
import { ACTIONS, AGG_FUNCS, SUBROUTINES } from './functions';
import type { Param } from './functions';
import { irKids, type AggFn, type AggInfo, type IR, type TClause, type TNode, type TStmt, type VarInfo, type VarKind } from './tir';
import {
  T_CHAR,
  T_INT,
  T_LONG,
  T_LLONG,
  T_SIZE,
  T_STRING,
  T_UINT,
  T_ULONG,
  T_ULLONG,
  T_VOID,
  T_INT64,
  T_PTRDIFF,
  arrayOf,
  baseTypes,
  builtinVariables,
  findMember,
  intInfo,
  isArith,
  isCharArray,
  isInteger,
  isPointer,
  isScalar,
  isStringish,
  makeSou,
  promote,
  ptrTo,
  sameType,
  sizeOf,
  usualConversion,
  T_SHORT,
  T_UCHAR,
  T_USHORT,
  layout,
} from './types';
import type { DType, Inline } from './types';

/** What the checker needs from compile(): how to match probes, and printf support. */
export interface CheckerHost {
  readonly strsize: number;
  readonly zdefs: boolean;
  readonly destructive: boolean;
  /** Probes matching one description text; throws DCompileError for invalid ones. */
  matchProbes(pd: ProbeSpecText): { readonly probes: readonly ProbeInfo[]; readonly fields: readonly [string, string, string, string] };
  /** Parses and checks a printf-family format against argument types; throws DCompileError. */
  checkFormat(fn: string, fmt: string, args: readonly TNode[], pos: Pos, aggs?: readonly AggInfo[]): unknown;
  providerExists(name: string): boolean;
}

const CMP_OPS = new Set<BinaryOp>(['<', '<=', '>', '>=', '==', '!=']);
const LOGIC_OPS = new Set<BinaryOp>(['&&', '||', '^^']);

function bigOf(v: bigint, t: DType): bigint {
  const i = intInfo(t);
  const bits = i.size * 8;
  return i.signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

interface UndefRetry {
  readonly retry: true;
}

export interface CheckedProgram {
  readonly clauses: TClause[];
  /** Probes matched per input (clause x description, summed). */
  readonly matched: number[];
  readonly globals: VarInfo[];
  readonly tls: VarInfo[];
  readonly locals: VarInfo[];
  readonly aggs: AggInfo[];
}

export class Checker {
  private readonly types: Map<string, DType>;
  private readonly tags: Map<string, DType>;
  private readonly inlines: Map<string, Inline>;
  private readonly userInlines = new Map<string, TNode>();
  private readonly enumConsts = new Map<string, { value: number; type: DType }>();
  private readonly builtins: Map<string, DType>;
  private readonly globals = new Map<string, VarInfo>();
  private readonly tls = new Map<string, VarInfo>();
  private readonly locals = new Map<string, VarInfo>();
  private readonly aggs = new Map<string, AggInfo>();
  private ctx: ErrorContext;
  /** Probes of the description being compiled (for args[] and D_ARGS_*). */
  private probes: readonly ProbeInfo[] | undefined;
  private pdescText = '';
  readonly out: CheckedProgram = { clauses: [], matched: [], globals: [], tls: [], locals: [], aggs: [] };

  constructor(private readonly host: CheckerHost) {
    const b = baseTypes();
    this.types = b.types;
    this.tags = b.tags;
    this.inlines = b.inlines;
    this.builtins = builtinVariables(this.types);
  }

  /** Names the lexer must treat as identifiers even where a type name could appear. */
  isGlobalName(name: string): boolean {
    return (
      this.builtins.has(name) || this.inlines.has(name) || this.userInlines.has(name) || this.enumConsts.has(name) ||
      this.globals.has(name) || SUBROUTINES.has(name) || ACTIONS.has(name) || AGG_FUNCS.has(name)
    );
  }

  /** Is `name` a typedef name right now (the lexer asks this). */
  isTypeName(name: string): boolean {
    return this.types.has(name);
  }

  /** Errors raised by helpers (printf.ts) get the clause part being checked. */
  private inCtx<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof DCompileError && e.context === undefined) throw new DCompileError(e.tag, e.detail, e.pos, this.ctx, e.file);
      throw e;
    }
  }

  private err(tag: string, msg: string, pos?: Pos): never {
    throw new DCompileError(tag, msg, pos, this.ctx);
  }

  // ---- program ------------------------------------------------------------------------

  checkProgram(prog: Program, input: number): void {
    this.out.matched[input] = 0;
    // The parser creates an aggregation when it reads an assignment to it, so a printa()
    // above the assignment finds it (undefined) and variable ids follow the text.
    const visit = (st: readonly Stmt[]): void => {
      for (const x of st) {
        if (x.k === 'if') {
          visit(x.then);
          if (x.else) visit(x.else);
        } else if (x.k === 'expr' && x.expr.k === 'assign' && isAggTarget(x.expr.target)) {
          let b: Expr = x.expr.target;
          while (b.k === 'index') b = b.base;
          if (b.k === 'agg') this.aggOf(b);
        }
      }
    };
    for (const item of prog.items) if (item.k === 'clause' && item.body) visit(item.body);
    for (const item of prog.items) this.checkItem(item, input);
  }

  private checkItem(item: Item, input: number): void {
    this.ctx = undefined;
    switch (item.k) {
      case 'clause':
        for (const pd of item.probes) this.checkClause(item, pd, input);
        return;
      case 'decl':
        this.declare(item.specs, item.declarators, item.pos);
        return;
      case 'inline':
        this.defineInline(item);
        return;
      case 'translator':
        return;
      case 'provider':
        return;
      case 'option':
        return;
      case 'pragma':
        this.pragma(item.words, item.pos);
        return;
    }
  }

  private pragma(words: readonly string[], pos: Pos): void {
    if (words[0] === 'depends_on' && words[1] === 'provider' && words[2] !== undefined && !this.host.providerExists(words[2])) {
      this.err('D_PRAGMA_DEPEND', `program requires provider ${words[2]}`, pos);
    }
  }

  private checkClause(item: Item & { k: 'clause' }, pd: ProbeSpecText, input: number): void {
    const pos = pd.pos;
    const m = this.host.matchProbes(pd);
    if (m.probes.length === 0 && !this.host.zdefs) {
      this.err('D_PDESC_ZERO', `probe description ${m.fields.join(':')} does not match any probes`, pos);
    }
    this.out.matched[input] += m.probes.length;
    this.probes = m.probes;
    this.pdescText = m.fields.join(':');
    let pred: TNode | undefined;
    let stmts: TStmt[];
    const body = item.body ?? [];
    try {
      stmts = this.checkActions(body);
      pred = this.checkPred(item.predicate);
    } catch (e) {
      if (!(e instanceof DCompileError) || (e.tag !== 'D_IDENT_UNDEF' && e.tag !== 'D_VAR_UNDEF') || !item.predicate) throw e;
      pred = this.checkPred(item.predicate);
      stmts = this.checkActions(body);
    }
    this.ctx = undefined;
    const records = stmts.length === 0 || stmts.some((s) => s.k !== 'agg' && s.records);
    this.out.clauses.push({ input, probes: m.probes, pred, stmts, records, pos: item.pos });
  }

  private checkPred(e: Expr | undefined): TNode | undefined {
    if (!e) return undefined;
    this.ctx = 'predicate';
    const n = this.expr(e);
    this.noActs(n);
    if (!isScalar(n.t)) this.err('D_PRED_SCALAR', 'predicate result must be of scalar type', e.pos);
    return n;
  }

  // ---- statements and actions (§3.6) --------------------------------------------------

  private checkActions(body: readonly Stmt[]): TStmt[] {
    this.ctx = 'action';
    const out: TStmt[] = [];
    const st = { drec: false, spec: false, comm: false };
    for (const s of body) {
      if (s.k === 'empty') continue;
      if (s.k === 'if') this.err('D_SYNTAX', 'syntax error near "if"', s.pos);
      out.push(this.stmt(s.expr, st));
    }
    return out;
  }

  private stmt(e: Expr, st: { drec: boolean; spec: boolean; comm: boolean }): TStmt {
    if (e.k === 'assign' && isAggTarget(e.target)) {
      if (st.spec) this.err('D_AGG_SPEC', 'aggregating actions may not follow speculate( )', e.pos);
      if (st.comm) this.err('D_AGG_COMM', 'aggregating actions may not follow commit( )', e.pos);
      return this.aggStmt(e);
    }
    if (e.k === 'agg' || (e.k === 'index' && e.base.k === 'agg')) {
      const name = e.k === 'agg' ? e.name : (e.base as Expr & { k: 'agg' }).name;
      if (e.k === 'index' && (e.base as Expr).k === 'index') this.err('D_AGG_MDIM', `improper attempt to reference ${name} as a multi-dimensional array`, e.pos);
      this.err('D_AGG_NULL', `expression has null effect: ${name}`, e.pos);
    }
    if (e.k === 'call' && e.fn.k === 'ident' && ACTIONS.has(e.fn.name) && !this.isShadowed(e.fn.name)) {
      const name = e.fn.name;
      const def = ACTIONS.get(name)!;
      if (name === 'speculate') {
        if (st.spec) this.err('D_SPEC_SPEC', 'speculate( ) may not follow speculate( )', e.pos);
        if (st.comm) this.err('D_SPEC_COMM', 'speculate( ) may not follow commit( )', e.pos);
        if (st.drec) this.err('D_SPEC_DREC', 'speculate( ) may not follow data-recording action(s)', e.pos);
      } else if (name === 'commit') {
        if (st.comm) this.err('D_COMM_COMM', 'commit( ) may not follow commit( )', e.pos);
        if (st.drec) this.err('D_COMM_DREC', 'commit( ) may not follow data-recording action(s)', e.pos);
      } else if (def.destructive) {
        if (st.spec) this.err('D_ACT_SPEC', 'destructive actions may not follow speculate( )', e.pos);
      } else if (name === 'exit') {
        if (st.spec) this.err('D_EXIT_SPEC', 'exit( ) may not follow speculate( )', e.pos);
      }
      if (def.records && st.comm && name !== 'exit') this.err('D_DREC_COMM', 'data-recording actions may not follow commit( )', e.pos);
      const a = this.action(name, e.args, e.pos);
      if (name === 'speculate') st.spec = true;
      else if (name === 'commit') st.comm = true;
      if (def.records) st.drec = true;
      return a;
    }
    const n = this.expr(e);
    this.noActs(n);
    // An expression statement is a void DIF expression: it records no data (dt_compile_exp).
    return { k: 'expr', e: n, records: false };
  }

  private isShadowed(name: string): boolean {
    return this.globals.has(name);
  }

  /** A tracing or aggregating function used as a value fails here once the expression typed. */
  private noActs(n: TNode): void {
    const found = findAct(n);
    if (found) {
      const kind = AGG_FUNCS.has(found.act!) ? 'aggregating function' : 'tracing function';
      this.err('D_CG_EXPR', `${kind} ${found.act}( ) may not be called from a D expression (D program context required)`, found.pos);
    }
  }

  private aggOf(e: Expr & { k: 'agg' }): AggInfo {
    let a = this.aggs.get(e.name);
    if (!a) {
      a = { name: e.name, id: this.aggs.size };
      this.aggs.set(e.name, a);
      this.out.aggs.push(a);
    }
    return a;
  }

  private aggStmt(e: Expr & { k: 'assign' }): TStmt {
    const target = e.target;
    let aggE: Expr & { k: 'agg' };
    let keyEs: readonly Expr[] = [];
    if (target.k === 'agg') aggE = target;
    else {
      const t = target as Expr & { k: 'index' };
      if (t.base.k !== 'agg') {
        let b: Expr = t.base;
        while (b.k === 'index') b = b.base;
        this.err('D_AGG_MDIM', `improper attempt to reference ${b.k === 'agg' ? b.name : '@'} as a multi-dimensional array`, e.pos);
      }
      aggE = t.base as Expr & { k: 'agg' };
      keyEs = t.args;
    }
    const name = aggE.name;
    if (e.op !== '=') this.err('D_AGG_FUNC', `${name} must be assigned the result of an aggregating function`, e.pos);
    const v = e.value;
    if (v.k !== 'call' || v.fn.k !== 'ident' || !AGG_FUNCS.has(v.fn.name)) {
      this.expr(v);
      this.err('D_AGG_FUNC', `${name} must be assigned the result of an aggregating function`, e.pos);
    }
    const fn = v.fn.name as AggFn;
    const keys = keyEs.map((k) => this.expr(k));
    keys.forEach((k, i) => {
      if (k.t.k === 'void' || k.t.k === 'sou' || k.t.k === 'func')
        this.err('D_KEY_TYPE', `${k.t.name} expression may not be used as aggregation index: key #${i + 1}`, k.pos);
    });
    for (const k of keys) if (k.act && !['stack', 'ustack', 'jstack', 'sym', 'func', 'mod', 'usym', 'ufunc', 'umod', 'uaddr'].includes(k.act)) this.noActs(k);
    const args = v.args.map((a) => this.expr(a));
    for (const a of args) this.noActs(a);
    const agg = this.aggOf(aggE);
    const params = this.aggArgs(fn, args, v.pos, agg);
    if (agg.fn !== undefined && agg.fn !== fn) {
      this.err('D_AGG_REDEF', `aggregation redefined: ${name}\n\t current: ${name} = ${fn}( )\n\tprevious: ${name} = ${agg.fn}( ) : line ${agg.line}`, e.pos);
    }
    this.checkKeys(name, keys, agg, e.pos);
    if (agg.fn === undefined) {
      agg.fn = fn;
      agg.line = e.pos.line;
      agg.params = params;
    } else if (params && agg.params) {
      this.matchQuantParams(fn, params, agg.params, v.pos);
    }
    return { k: 'agg', agg, keys, args, pos: e.pos };
  }

  private checkKeys(name: string, keys: readonly TNode[], holder: { keys?: readonly DType[] }, pos: Pos): void {
    if (holder.keys === undefined) {
      holder.keys = keys.map((k) => (isStringish(k.t) ? T_STRING : k.t));
      return;
    }
    const exp = holder.keys;
    if (keys.length !== exp.length) {
      this.err('D_PROTO_LEN', `${name}[ ] prototype mismatch: ${plural(keys.length, 'key')} passed, ${exp.length} expected`, pos);
    }
    keys.forEach((k, i) => {
      if (!this.compatible(exp[i], k)) {
        this.err('D_PROTO_ARG', `${name}[ ] key #${i + 1} is incompatible with prototype:\n\tprototype: ${exp[i].name}\n\t      key: ${k.t.name}`, k.pos);
      }
    });
  }

  private aggArgs(fn: AggFn, args: readonly TNode[], pos: Pos, agg: AggInfo): number[] | undefined {
    const fixed: Record<AggFn, [number, number]> = {
      count: [0, 0], sum: [1, 1], avg: [1, 1], min: [1, 1], max: [1, 1], stddev: [1, 1],
      quantize: [1, 2], lquantize: [3, 5], llquantize: [5, 6],
    };
    const [min, max] = fixed[fn];
    if (args.length < min || args.length > max) {
      const exp = args.length > max ? (min === max ? `${max}` : `at most ${max}`) : min === max ? `${min}` : `at least ${min}`;
      this.err('D_PROTO_LEN', `${fn}( ) prototype mismatch: ${plural(args.length, 'arg')} passed, ${exp} expected`, pos);
    }
    if (args.length > 0 && !isScalar(args[0].t)) this.err('D_AGG_SCALAR', `${fn}( ) argument #1 must be of scalar type`, args[0].pos);
    const incrIdx = fn === 'quantize' ? 1 : fn === 'lquantize' ? 4 : fn === 'llquantize' ? 5 : -1;
    if (incrIdx >= 0 && args.length > incrIdx && !isScalar(args[incrIdx].t)) {
      this.err('D_AGG_SCALAR', `${fn}( ) increment value (argument #${incrIdx + 1}) must be of scalar type`, args[incrIdx].pos);
    }
    void agg;
    if (fn === 'lquantize') return this.lquantParams(args, pos);
    if (fn === 'llquantize') return this.llquantParams(args, pos);
    return undefined;
  }

  private lquantParams(args: readonly TNode[], pos: Pos): number[] {
    const c = (i: number, tagT: string, tagV: string, what: string): number => {
      const a = args[i];
      if (a.cst === undefined) this.err(tagT, `lquantize( ) argument #${i} must be an integer constant`, a.pos);
      const v = BigInt.asIntN(64, a.cst);
      if (v < -2147483648n || v > 2147483647n) this.err(tagV, `lquantize( ) argument #${i} must be a 32-bit quantity`, a.pos);
      void what;
      return Number(v);
    };
    const base = c(1, 'D_LQUANT_BASETYPE', 'D_LQUANT_BASEVAL', 'base');
    const limit = c(2, 'D_LQUANT_LIMTYPE', 'D_LQUANT_LIMVAL', 'limit');
    let step = 1;
    if (args.length > 3) {
      const a = args[3];
      if (a.cst === undefined || BigInt.asIntN(64, a.cst) <= 0n) this.err('D_LQUANT_STEPTYPE', 'lquantize( ) argument #3 must be a non-zero positive integer constant', a.pos);
      if (a.cst > 65535n) this.err('D_LQUANT_STEPVAL', 'lquantize( ) argument #3 must be a 16-bit quantity', a.pos);
      step = Number(a.cst);
    }
    if (limit < base) this.err('D_LQUANT_MISMATCH', 'lquantize( ) base (argument #1) must be less than limit (argument #2)', pos);
    const levels = Math.floor((limit - base) / step);
    if (levels === 0) this.err('D_LQUANT_STEPLARGE', 'lquantize( ) step (argument #3) too large: must have at least one quantization level', pos);
    if (levels > 65535) this.err('D_LQUANT_STEPSMALL', 'lquantize( ) step (argument #3) too small: number of quantization levels must be a 16-bit quantity', pos);
    return [base, limit, step];
  }

  private llquantParams(args: readonly TNode[], pos: Pos): number[] {
    const names = ['factor', 'low magnitude', 'high magnitude', 'linear steps per magnitude'];
    const tags = ['FACTOR', 'LOW', 'HIGH', 'NSTEP'];
    const vals = [1, 2, 3, 4].map((i) => {
      const a = args[i];
      if (a.cst === undefined) this.err(`D_LLQUANT_${tags[i - 1]}TYPE`, `llquantize( ) argument #${i} (${names[i - 1]}) must be an integer constant`, a.pos);
      const v = BigInt.asIntN(64, a.cst);
      if (v < 0n || v > 65535n) this.err(`D_LLQUANT_${tags[i - 1]}VAL`, `llquantize( ) argument #${i} (${names[i - 1]}) must be an unsigned 16-bit quantity`, a.pos);
      return Number(v);
    });
    const [f, low, high, n] = vals;
    if (f < 2) this.err('D_LLQUANT_FACTORSMALL', 'llquantize( ) factor (argument #1) must be two or more', pos);
    if (low >= high) this.err('D_LLQUANT_MAGRANGE', 'llquantize( ) high magnitude (argument #3) must be greater than low magnitude (argument #2)', pos);
    if (f > n) this.err('D_LLQUANT_FACTORNSTEPS', 'llquantize( ) factor (argument #1) must be less than or equal to the number of linear steps per magnitude (argument #4)', pos);
    let evenOk = n % f === 0;
    if (evenOk) {
      let pw = BigInt(f);
      evenOk = false;
      for (let i = 0; i < 64 && pw <= 2n ** 64n; i++, pw *= BigInt(f)) {
        if (pw % BigInt(n) === 0n) {
          evenOk = true;
          break;
        }
      }
    }
    if (!evenOk) {
      this.err('D_LLQUANT_FACTOREVEN', 'llquantize( ) factor (argument #1) must evenly divide the number of steps per magnitude (argument #4), and the number of steps per magnitude must evenly divide a power of the factor', pos);
    }
    if (BigInt(f) ** BigInt(high + 1) > 2n ** 64n - 1n) {
      this.err('D_LLQUANT_MAGTOOBIG', `llquantize( ) factor (${f}) raised to power of high magnitude (${high}) plus 1 overflows 64-bits`, pos);
    }
    return vals;
  }

  private matchQuantParams(fn: AggFn, cur: readonly number[], prev: readonly number[], pos: Pos): void {
    if (fn === 'lquantize') {
      const what = ['base (argument #1)', 'limit (argument #2)', 'step (argument #3)'];
      const tags = ['D_LQUANT_MATCHBASE', 'D_LQUANT_MATCHLIM', 'D_LQUANT_MATCHSTEP'];
      for (let i = 0; i < 3; i++) {
        if (cur[i] !== prev[i]) this.err(tags[i], `lquantize( ) ${what[i]} doesn't match previous declaration: expected ${prev[i]}, found ${cur[i]}`, pos);
      }
    } else {
      const names = ['factor', 'low magnitude', 'high magnitude', 'linear steps per magnitude'];
      const tags = ['FACTOR', 'LOW', 'HIGH', 'NSTEP'];
      for (let i = 0; i < 4; i++) {
        if (cur[i] !== prev[i]) this.err(`D_LLQUANT_${tags[i]}MATCH`, `llquantize( ) ${names[i]} (argument #${i + 1}) doesn't match previous declaration: expected ${prev[i]}, found ${cur[i]}`, pos);
      }
    }
  }

  private protoLen(fn: string, n: number, min: number, max: number, pos: Pos): void {
    if (n >= min && n <= max) return;
    const exp = n < min ? (min === max ? `${min}` : `at least ${min}`) : max === min ? `${max}` : `at most ${max}`;
    this.err('D_PROTO_LEN', `${fn}( ) prototype mismatch: ${plural(n, 'arg')} passed, ${exp} expected`, pos);
  }

  private aggArg(fn: string, tagBase: string, a: Expr, n: number): AggInfo {
    if (a.k !== 'agg') {
      const t = this.expr(a);
      this.err(`D_${tagBase}_AGGARG`, `${fn}( ) argument #${n} is incompatible with prototype:\n\tprototype: aggregation\n\t argument: ${t.t.name}`, a.pos);
    }
    const agg = this.aggs.get(a.name);
    if (!agg) this.err('D_IDENT_UNDEF', `failed to resolve ${a.name}: Unknown variable name`, a.pos);
    if (agg.fn === undefined) this.err(`D_${tagBase}_AGGBAD`, `undefined aggregation: ${a.name}`, a.pos);
    return agg;
  }

  private action(name: string, argEs: readonly Expr[], pos: Pos): TStmt {
    const def = ACTIONS.get(name)!;
    const A = (args: TNode[], format?: unknown): TStmt => ({ k: 'action', name, args, pos, format, records: def.records });
    const cook = (): TNode[] => argEs.map((a) => {
      const n = this.expr(a);
      this.noActs(n);
      return n;
    });
    switch (name) {
      case 'trace':
      case 'print': {
        this.protoLen(name, argEs.length, 1, 1, pos);
        const arg = this.expr(argEs[0]);
        if (arg.t.k === 'void') this.err(name === 'trace' ? 'D_TRACE_VOID' : 'D_PRINT_VOID', `${name}( ) may not be applied to a void expression`, arg.pos);
        this.noActs(arg);
        return A([arg]);
      }
      case 'printf':
      case 'system':
      case 'freopen': {
        if (argEs.length === 0) this.protoLen(name, 0, 1, 1, pos);
        const fmtE = argEs[0];
        const rest = argEs.slice(1).map((a) => {
          const n = this.expr(a);
          this.noActs(n);
          return n;
        });
        if (fmtE.k !== 'str') {
          const f = this.expr(fmtE);
          this.err('D_PRINTF_ARG_FMT', `${name}( ) argument #1 is incompatible with prototype:\n\tprototype: string constant\n\t argument: ${f.t.name}`, fmtE.pos);
        }
        if (name === 'freopen' && fmtE.value === '.') this.err('D_FREOPEN_INVALID', 'freopen( ) argument #1 cannot be "."', fmtE.pos);
        const format = this.inCtx(() => this.host.checkFormat(name, fmtE.value, rest, pos));
        return A(rest, format);
      }
      case 'printa': {
        if (argEs.length === 0) this.err('D_PRINTA_PROTO', `printa( ) prototype mismatch: 0 args passed, 1 expected`, pos);
        let fmt: string | undefined;
        let rest = argEs;
        if (argEs[0].k === 'str') {
          fmt = argEs[0].value;
          rest = argEs.slice(1);
          if (rest.length === 0) this.err('D_PRINTA_PROTO', `printa( ) prototype mismatch: 1 arg passed, 2 expected`, pos);
        } else if (argEs[0].k !== 'agg') {
          const t = this.expr(argEs[0]);
          this.err('D_PRINTA_AGGARG', `printa( ) argument #1 is incompatible with prototype:\n\tprototype: aggregation\n\t argument: ${t.t.name}`, argEs[0].pos);
        }
        const off = fmt === undefined ? 1 : 2;
        const aggs = rest.map((a, i) => {
          if (a.k !== 'agg') {
            const t = this.expr(a);
            this.err('D_PRINTA_AGGARG', `printa( ) argument #${i + off} is incompatible with prototype:\n\tprototype: aggregation\n\t argument: ${t.t.name}`, a.pos);
          }
          const agg = this.aggs.get(a.name);
          if (!agg) this.err('D_IDENT_UNDEF', `failed to resolve ${a.name}: Unknown variable name`, a.pos);
          if (agg.fn === undefined) this.err('D_PRINTA_AGGBAD', `undefined aggregation: ${a.name}`, a.pos);
          return agg;
        });
        const first = aggs[0];
        for (const o of aggs.slice(1)) {
          const k1 = first.keys ?? [];
          const k2 = o.keys ?? [];
          if (k1.length !== k2.length) {
            this.err('D_PRINTA_AGGKEY', `printa( ): ${first.name} and ${o.name} do not have matching key signatures: ${first.name} has ${plural(k1.length, 'key')}, ${o.name} has ${plural(k2.length, 'key')}`, pos);
          }
          k1.forEach((t, i) => {
            if (!sameType(t, k2[i]) && !(isInteger(t) && isInteger(k2[i]) && intInfo(t).size === intInfo(k2[i]).size)) {
              this.err('D_PRINTA_AGGPROTO', `printa( ): ${o.name}[ ] key #${i + 1} is incompatible with ${first.name}:\n${'prototype'.padStart(9)} key #${i + 1}: ${t.name}\n${'argument'.padStart(9)} key #${i + 1}: ${k2[i].name}`, pos);
            }
          });
        }
        const aggNodes: TNode[] = aggs.map((agg, i) => ({ x: { op: 'aggref', agg }, t: T_VOID, pos: rest[i].pos }));
        const format = fmt === undefined ? undefined : this.inCtx(() => this.host.checkFormat('printa', fmt, [], pos, aggs));
        return A(aggNodes, format);
      }
      case 'clear':
      case 'denormalize': {
        const tb = name === 'clear' ? 'CLEAR' : 'NORMALIZE';
        if (argEs.length !== 1) this.err(`D_${tb}_PROTO`, `${name}( ) prototype mismatch: ${argEs.length} args passed, 1 expected`, pos);
        const agg = this.aggArg(name, tb, argEs[0], 1);
        return A([{ x: { op: 'aggref', agg }, t: T_VOID, pos: argEs[0].pos }]);
      }
      case 'normalize': {
        if (argEs.length !== 2) this.err('D_NORMALIZE_PROTO', `normalize( ) prototype mismatch: ${argEs.length} args passed, 2 expected`, pos);
        const agg = this.aggArg(name, 'NORMALIZE', argEs[0], 1);
        const n = this.expr(argEs[1]);
        this.noActs(n);
        if (!isScalar(n.t)) this.err('D_NORMALIZE_SCALAR', 'normalize( ) argument #2 must be of scalar type', n.pos);
        return A([{ x: { op: 'aggref', agg }, t: T_VOID, pos: argEs[0].pos }, n]);
      }
      case 'trunc': {
        if (argEs.length < 1) this.err('D_TRUNC_PROTO', `trunc( ) prototype mismatch: ${argEs.length} args passed, at least 1 expected`, pos);
        if (argEs.length > 2) this.err('D_TRUNC_PROTO', `trunc( ) prototype mismatch: ${argEs.length} args passed, no more than 2 expected`, pos);
        const agg = this.aggArg(name, 'TRUNC', argEs[0], 1);
        const args: TNode[] = [{ x: { op: 'aggref', agg }, t: T_VOID, pos: argEs[0].pos }];
        if (argEs.length === 2) {
          const n = this.expr(argEs[1]);
          this.noActs(n);
          if (!isScalar(n.t)) this.err('D_TRUNC_SCALAR', 'trunc( ) argument #2 must be of scalar type', n.pos);
          args.push(n);
        }
        return A(args);
      }
      case 'tracemem': {
        if (argEs.length > 3) this.err('D_TRACEMEM_ARGS', 'tracemem ( ) prototype mismatch: expected at most 3 args', pos);
        this.protoLen(name, argEs.length, 2, 3, pos);
        const args = cook();
        if (!isScalar(args[0].t)) this.err('D_TRACEMEM_ADDR', `tracemem( ) argument #1 is incompatible with prototype:\n\tprototype: pointer or integer\n\t argument: ${args[0].t.name}`, args[0].pos);
        if (args[1].cst === undefined || BigInt.asIntN(64, args[1].cst) <= 0n) this.err('D_TRACEMEM_SIZE', 'tracemem( ) argument #2 must be a non-zero positive integral constant expression', args[1].pos);
        if (args[2] && !isScalar(args[2].t)) this.err('D_TRACEMEM_DYNSIZE', 'tracemem ( ) dynamic size (argument #3) must be of scalar type', args[2].pos);
        return A(args);
      }
      case 'stack':
      case 'ustack':
      case 'jstack':
        return A(this.stackArgs(name, argEs, pos));
      case 'exit':
      case 'raise':
      case 'chill':
      case 'speculate':
      case 'commit':
      case 'discard': {
        this.protoLen(name, argEs.length, 1, 1, pos);
        const args = cook();
        if (!isInteger(args[0].t)) this.protoArg(name, 1, 'int', args[0]);
        if (def.destructive && !this.host.destructive) this.destructiveRefused();
        return A(args);
      }
      case 'setopt': {
        this.protoLen(name, argEs.length, 1, 2, pos);
        const args = cook();
        args.forEach((a, i) => {
          if (!isStringish(a.t)) this.protoArg(name, i + 1, 'const char *', a);
        });
        return A(args);
      }
      case 'sym':
      case 'func':
      case 'mod':
      case 'usym':
      case 'ufunc':
      case 'umod':
      case 'uaddr': {
        this.protoLen(name, argEs.length, 1, 1, pos);
        const args = cook();
        if (!isScalar(args[0].t)) this.protoArg(name, 1, 'uintptr_t', args[0]);
        return A(args);
      }
      default: {
        this.protoLen(name, argEs.length, 0, 0, pos);
        return A([]);
      }
    }
  }

  private destructiveRefused(): void {
    /* Destructive actions compile; enabling them without -w is refused by the consumer setup. */
  }

  private stackArgs(name: string, argEs: readonly Expr[], pos: Pos): TNode[] {
    const args = argEs.map((a) => this.expr(a));
    if (name === 'stack') {
      if (args.length > 1) this.err('D_STACK_PROTO', 'stack( ) prototype mismatch: too many arguments', pos);
      if (args[0] && (args[0].cst === undefined || BigInt.asIntN(64, args[0].cst) <= 0n)) this.err('D_STACK_SIZE', 'stack( ) size must be a non-zero positive integral constant expression', args[0].pos);
    } else {
      if (args.length > 2) this.err('D_USTACK_PROTO', `${name}( ) prototype mismatch: too many arguments`, pos);
      if (args[0] && (args[0].cst === undefined || BigInt.asIntN(64, args[0].cst) <= 0n)) this.err('D_USTACK_FRAMES', `${name}( ) argument #1 must be a non-zero positive integer constant`, args[0].pos);
      if (args[1] && (args[1].cst === undefined || BigInt.asIntN(64, args[1].cst) < 0n)) this.err('D_USTACK_STRSIZE', `${name}( ) argument #2 must be a positive integer constant`, args[1].pos);
    }
    return args;
  }

  private protoArg(fn: string, n: number, proto: string, a: TNode): never {
    this.err('D_PROTO_ARG', `${fn}( ) argument #${n} is incompatible with prototype:\n\tprototype: ${proto}\n\t argument: ${a.t.name}`, a.pos);
  }

  // ---- expressions --------------------------------------------------------------------

  private mk(x: IR, t: DType, pos: Pos, extra?: Partial<TNode>): TNode {
    return { x, t, pos, ...extra };
  }

  private constInt(v: bigint, t: DType, pos: Pos): TNode {
    const c = bigOf(v, t);
    return { x: { op: 'int', v: c }, t, pos, cst: c };
  }

  expr(e: Expr): TNode {
    switch (e.k) {
      case 'int': {
        const t = { int: T_INT, 'unsigned int': T_UINT, long: T_LONG, 'unsigned long': T_ULONG, 'long long': T_LLONG, 'unsigned long long': T_ULLONG }[e.ctype];
        return this.constInt(e.value, t, e.pos);
      }
      case 'str':
        return this.mk({ op: 'str', v: e.value }, T_STRING, e.pos);
      case 'ident':
        return this.ident(e.name, e.pos);
      case 'agg': {
        if (!this.aggs.has(e.name)) this.err('D_IDENT_UNDEF', `failed to resolve ${e.name}: Unknown variable name`, e.pos);
        this.err('D_IDENT_BADREF', `aggregation '${e.name}' may not be referenced as scalar`, e.pos);
        break;
      }
      case 'self':
      case 'this':
        return this.dvarRead(e.k === 'self' ? 'tls' : 'local', e.name, undefined, e.pos);
      case 'index':
        return this.index(e);
      case 'call':
        return this.call(e);
      case 'member':
        return this.member(e);
      case 'unary':
        return this.unary(e);
      case 'postfix':
        return this.incdec(e.op, true, e.operand, e.pos);
      case 'binary':
        return this.binary(e.op, this.expr(e.left), this.expr(e.right), e.pos);
      case 'assign':
        return this.assign(e);
      case 'cond':
        return this.cond(e);
      case 'comma': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        if (l.act || r.act) this.err('D_OP_ACT', 'operator , operands cannot be actions', e.pos);
        return this.mk({ op: 'comma', l, r }, r.t, e.pos, { cst: r.cst });
      }
      case 'cast':
        return this.cast(this.typeName(e.type), this.expr(e.expr), e.pos);
      case 'sizeof': {
        let t: DType;
        if (e.type) t = this.typeName(e.type);
        else t = this.expr(e.expr!).t;
        const s = sizeOf(t, this.host.strsize);
        if (s === undefined) this.err('D_SIZEOF_TYPE', 'cannot apply sizeof to an operand of unknown size', e.pos);
        return this.constInt(BigInt(s), T_SIZE, e.pos);
      }
      case 'stringof': {
        const n = this.expr(e.expr);
        if (!isScalar(n.t) && !isStringish(n.t)) this.err('D_STRINGOF_TYPE', `cannot apply stringof to a value of type ${n.t.name}`, e.pos);
        return this.mk({ op: 'stringof', e: n }, T_STRING, e.pos);
      }
      case 'offsetof': {
        const t = this.typeName(e.type);
        if (t.k !== 'sou') this.err('D_OFFSETOF_TYPE', 'offsetof operand must be a struct or union type', e.pos);
        if (t.members === undefined) this.err('D_OFFSETOF_TYPE', 'offsetof operand must be a struct or union type', e.pos);
        const m = findMember(t, e.member);
        if (!m) this.err('D_TYPE_MEMBER', `${e.member} is not a member of ${t.name}`, e.pos);
        return this.constInt(BigInt(m.offset), T_SIZE, e.pos);
      }
      case 'xlate': {
        const t = this.typeName(e.type);
        const n = this.expr(e.expr);
        this.err('D_XLATE_NONE', `cannot translate from "${n.t.name}" to "${t.name}"`, e.pos);
        break;
      }
    }
    throw new Error('unreachable');
  }

  private ident(name: string, pos: Pos): TNode {
    const b = this.builtins.get(name);
    if (b) return this.mk({ op: 'builtin', name }, b, pos, { lv: 'builtin' });
    const ui = this.userInlines.get(name);
    if (ui) return { ...ui, pos };
    const inl = this.inlines.get(name);
    if (inl) {
      if (typeof inl.value === 'bigint') return this.constInt(inl.value, inl.type, pos);
      return this.mk({ op: 'host', name: inl.value.host }, inl.type, pos);
    }
    const ec = this.enumConsts.get(name);
    if (ec) return this.constInt(BigInt(ec.value), ec.type, pos);
    const g = this.globals.get(name);
    if (g) {
      if (g.assoc) this.err('D_IDENT_BADREF', `associative array '${name}' may not be referenced as scalar`, pos);
      if (!g.type) this.err('D_IDENT_UNDEF', `failed to resolve ${name}: Unknown variable name`, pos);
      return this.mk({ op: 'var', v: g }, g.type, pos, { lv: 'var' });
    }
    if (SUBROUTINES.has(name)) this.err('D_IDENT_BADREF', `function '${name}' may not be referenced as scalar`, pos);
    if (ACTIONS.has(name)) this.err('D_IDENT_BADREF', `tracing function '${name}' may not be referenced as scalar`, pos);
    if (AGG_FUNCS.has(name)) this.err('D_IDENT_BADREF', `aggregating function '${name}' may not be referenced as scalar`, pos);
    // A scoped name is a kernel symbol; the simulated kernel exports none.
    this.err('D_IDENT_UNDEF', `failed to resolve ${name}: ${name.includes('`') ? 'Unknown symbol name' : 'Unknown variable name'}`, pos);
  }

  private varTable(kind: VarKind): Map<string, VarInfo> {
    return kind === 'global' ? this.globals : kind === 'tls' ? this.tls : this.locals;
  }

  private newVar(kind: VarKind, name: string, assoc: boolean): VarInfo {
    const tab = this.varTable(kind);
    const list = kind === 'global' ? this.out.globals : kind === 'tls' ? this.out.tls : this.out.locals;
    const v: VarInfo = { name, kind, id: list.length, assoc, declared: false };
    tab.set(name, v);
    list.push(v);
    return v;
  }

  private varLabel(kind: VarKind, name: string): string {
    return kind === 'tls' ? `self->${name}` : kind === 'local' ? `this->${name}` : name;
  }

  /** Reading self->x / this->x / a[k] / self->a[k]. */
  private dvarRead(kind: VarKind, name: string, keyEs: readonly Expr[] | undefined, pos: Pos): TNode {
    const v = this.varTable(kind).get(name);
    const label = this.varLabel(kind, name);
    if (keyEs && kind === 'local') this.err('D_ARR_LOCAL', `local variables may not be used as associative arrays: ${name}`, pos);
    if (!v || !v.type) {
      if (keyEs) keyEs.forEach((k) => this.expr(k));
      this.err('D_VAR_UNDEF', `${label} has not yet been declared or assigned`, pos);
    }
    if (keyEs) {
      if (!v.assoc) return this.cIndex(this.mk({ op: 'var', v }, v.type, pos, { lv: 'var' }), keyEs, pos);
      const keys = this.keys(label, keyEs, v, pos);
      return this.mk({ op: 'var', v, keys }, v.type, pos, { lv: 'var' });
    }
    if (v.assoc) this.err('D_IDENT_BADREF', `associative array '${label}' may not be referenced as scalar`, pos);
    return this.mk({ op: 'var', v }, v.type, pos, { lv: 'var' });
  }

  private keys(label: string, keyEs: readonly Expr[], v: { keys?: readonly DType[] }, pos: Pos): TNode[] {
    const keys = keyEs.map((k) => this.expr(k));
    keys.forEach((k, i) => {
      if (k.t.k === 'void' || k.t.k === 'sou' || k.t.k === 'func' || k.t.k === 'special')
        this.err('D_KEY_TYPE', `${k.t.name} expression may not be used as associative array index: key #${i + 1}`, k.pos);
      this.noActs(k);
    });
    if (v.keys && keys.length !== v.keys.length) {
      this.err('D_PROTO_LEN', `${label}[ ] prototype mismatch: ${plural(keys.length, 'key')} passed, ${v.keys.length} expected`, pos);
    }
    this.checkKeys(label, keys, v, pos);
    return keys;
  }

  private index(e: Expr & { k: 'index' }): TNode {
    const b = e.base;
    if (b.k === 'ident' && b.name === 'args') return this.argsRef(e);
    if (b.k === 'agg') this.err('D_AGG_NULL', `expression has null effect: ${b.name}`, e.pos);
    if (b.k === 'self') return this.dvarRead('tls', b.name, e.args, e.pos);
    if (b.k === 'this') return this.dvarRead('local', b.name, e.args, e.pos);
    if (b.k === 'ident' && !this.builtins.has(b.name) && !this.inlines.has(b.name) && !this.userInlines.has(b.name)) {
      const g = this.globals.get(b.name);
      if (!g || !g.type) {
        e.args.forEach((k) => this.expr(k));
        this.err('D_VAR_UNDEF', `${b.name} has not yet been declared or assigned`, e.pos);
      }
      if (g.assoc) return this.mk({ op: 'var', v: g, keys: this.keys(b.name, e.args, g, e.pos) }, g.type, e.pos, { lv: 'var' });
    }
    return this.cIndex(this.expr(b), e.args, e.pos);
  }

  private cIndex(base: TNode, args: readonly Expr[], pos: Pos): TNode {
    if (base.t.k !== 'ptr' && base.t.k !== 'array' && base.t.k !== 'string') this.err('D_DEREF_NONPTR', 'cannot dereference non-pointer type', pos);
    if (args.length !== 1) this.err('D_SYNTAX', 'syntax error near ","', pos);
    const idx = this.expr(args[0]);
    if (!isInteger(idx.t)) this.err('D_OP_INT', 'operator [ ] requires operands of integral type', pos);
    const elem = base.t.k === 'ptr' ? base.t.to : base.t.k === 'array' ? base.t.elem : T_CHAR;
    if (elem.k === 'void') this.err('D_DEREF_VOID', 'cannot dereference pointer to void', pos);
    if (elem.k === 'func') this.err('D_DEREF_FUNC', 'cannot dereference pointer to function', pos);
    return this.mk({ op: 'index', base, idx }, elem, pos, { lv: 'mem' });
  }

  private argsRef(e: Expr & { k: 'index' }): TNode {
    if (this.probes === undefined) this.err('D_ARGS_NONE', 'args[ ] may not be referenced outside of a probe clause', e.pos);
    if (e.args.length !== 1) this.err('D_PROTO_LEN', `args[ ] prototype mismatch: ${plural(e.args.length, 'arg')} passed, 1 expected`, e.pos);
    const idx = this.expr(e.args[0]);
    if (idx.cst === undefined) this.err('D_PROTO_ARG', `args[ ] argument #1 is incompatible with prototype:\n\tprototype: integer constant\n\t argument: ${idx.t.name}`, idx.pos);
    const i = BigInt.asIntN(64, idx.cst);
    const probes = this.probes;
    if (probes.length === 0) return this.mk({ op: 'args', i: Number(i) }, T_INT64, e.pos, { lv: 'builtin' });
    const names = probes[0].argTypes;
    if (i < 0n || i >= BigInt(names.length)) this.err('D_ARGS_IDX', `index ${i} is out of range for ${this.pdescText} args[ ]`, e.pos);
    for (const p of probes) {
      if (p.argTypes[Number(i)] !== names[Number(i)]) {
        this.err('D_ARGS_MULTI', `args[ ] may not be referenced because probe description ${this.pdescText} matches an unstable set of probes`, e.pos);
      }
    }
    const t = this.parseTypeText(names[Number(i)]);
    if (!t) this.err('D_ARGS_TYPE', `failed to resolve native type for args[${i}]`, e.pos);
    return this.mk({ op: 'args', i: Number(i) }, t, e.pos, { lv: 'builtin' });
  }

  /** Resolve a type as `dtrace -lv` spells it: `int`, `lwpsinfo_t *`, `const char *`, `struct foo *`. */
  parseTypeText(text: string): DType | undefined {
    let s = text.trim();
    let stars = 0;
    while (s.endsWith('*')) {
      stars++;
      s = s.slice(0, -1).trim();
    }
    s = s.replace(/^userland\s+/, '').replace(/\bconst\s+/g, '').replace(/\s+const$/, '').replace(/\bvolatile\s+/g, '').trim();
    let t: DType | undefined = this.types.get(s) ?? this.tags.get(s);
    if (!t) {
      const words = s.split(/\s+/);
      try {
        t = this.wordsType(words, { line: 0, col: 0, offset: 0 });
      } catch {
        t = undefined;
      }
    }
    if (!t) return undefined;
    for (let i = 0; i < stars; i++) t = ptrTo(t);
    return t;
  }

  private call(e: Expr & { k: 'call' }): TNode {
    if (e.fn.k !== 'ident') {
      this.expr(e.fn);
      this.err('D_FUNC_IDENT', 'function designator is not of function type', e.pos);
    }
    const name = e.fn.name;
    const kindOf = (): string | undefined => {
      if (this.builtins.has(name) || this.inlines.has(name) || this.userInlines.has(name) || this.enumConsts.has(name)) return 'scalar';
      const g = this.globals.get(name);
      if (g) return g.assoc ? 'associative array' : 'scalar';
      return undefined;
    };
    const k = kindOf();
    if (k) this.err('D_FUNC_IDKIND', `${k} '${name}' may not be referenced as a function`, e.pos);
    const sub = SUBROUTINES.get(name);
    if (sub) {
      const args = e.args.map((a) => this.expr(a));
      this.protoLen(name, args.length, sub.min, sub.params.length, e.pos);
      args.forEach((a, i) => this.argCompat(name, i + 1, sub.params[i], a));
      return this.mk({ op: 'call', fn: name, args }, sub.ret, e.pos);
    }
    const act = ACTIONS.get(name);
    if (act) {
      const args = e.args.map((a) => this.expr(a));
      if (['stack', 'ustack', 'jstack'].includes(name)) this.stackArgs(name, e.args, e.pos);
      return this.mk({ op: 'call', fn: name, args }, act.ret, e.pos, { act: name });
    }
    if (AGG_FUNCS.has(name)) {
      const args = e.args.map((a) => this.expr(a));
      return this.mk({ op: 'call', fn: name, args }, T_INT64, e.pos, { act: name });
    }
    this.err('D_FUNC_UNDEF', `undefined function name: ${name}`, e.pos);
  }

  private argCompat(fn: string, n: number, p: Param, a: TNode): void {
    const ok =
      p.kind === 'any' ||
      (p.kind === 'string' && (isStringish(a.t) || (a.cst === 0n && isInteger(a.t)))) ||
      (p.kind === 'int' && isInteger(a.t)) ||
      (p.kind === 'ptr' && (isPointer(a.t) || a.t.k === 'array' || a.cst === 0n));
    if (!ok || a.t.k === 'void') this.protoArg(fn, n, p.proto, a);
  }

  private member(e: Expr & { k: 'member' }): TNode {
    const obj = this.expr(e.obj);
    let st: DType = obj.t;
    if (e.arrow) {
      if (st.k !== 'ptr') this.err('D_OP_PTR', 'operator -> must be applied to a pointer', e.pos);
      st = st.to;
      if (st.k !== 'sou') this.err('D_OP_SOU', `operator -> cannot be applied to pointer to type "${st.name}"; must be applied to a struct or union pointer`, e.pos);
    } else if (st.k !== 'sou') {
      this.err('D_OP_SOU', `operator . cannot be applied to type "${st.name}"; must be applied to a struct or union`, e.pos);
    }
    if (st.members === undefined) this.err('D_OP_INCOMPLETE', `operator ${e.arrow ? '->' : '.'} cannot be applied to a forward declaration: no ${st.kind} definition is available`, e.pos);
    const m = findMember(st, e.name);
    if (!m) this.err('D_TYPE_MEMBER', `${e.name} is not a member of ${st.name}`, e.pos);
    return this.mk({ op: 'member', obj, name: e.name, arrow: e.arrow }, m.type, e.pos, { lv: 'mem' });
  }

  private unary(e: Expr & { k: 'unary' }): TNode {
    if (e.op === '++' || e.op === '--') return this.incdec(e.op, false, e.operand, e.pos);
    const n = this.expr(e.operand);
    switch (e.op) {
      case '-':
      case '+': {
        if (!isArith(n.t)) this.err('D_OP_ARITH', `operator ${e.op} requires an operand of arithmetic type`, e.pos);
        const t = promote(n.t);
        const cst = n.cst === undefined ? undefined : bigOf(e.op === '-' ? -n.cst : n.cst, t);
        return this.mk({ op: 'unary', o: e.op, e: n }, t, e.pos, { cst });
      }
      case '~': {
        if (!isInteger(n.t)) this.err('D_OP_INT', 'operator ~ requires an operand of integral type', e.pos);
        const t = promote(n.t);
        const cst = n.cst === undefined ? undefined : bigOf(~n.cst, t);
        return this.mk({ op: 'unary', o: '~', e: n }, t, e.pos, { cst });
      }
      case '!': {
        if (!isScalar(n.t)) this.err('D_OP_SCALAR', 'operator ! requires an operand of scalar type', e.pos);
        const cst = n.cst === undefined ? undefined : n.cst === 0n ? 1n : 0n;
        return this.mk({ op: 'unary', o: '!', e: n }, T_INT, e.pos, { cst });
      }
      case '*': {
        if (n.t.k !== 'ptr' && n.t.k !== 'array') this.err('D_DEREF_NONPTR', 'cannot dereference non-pointer type', e.pos);
        const to = n.t.k === 'ptr' ? n.t.to : n.t.elem;
        if (to.k === 'void') this.err('D_DEREF_VOID', 'cannot dereference pointer to void', e.pos);
        if (to.k === 'func') this.err('D_DEREF_FUNC', 'cannot dereference pointer to function', e.pos);
        return this.mk({ op: 'deref', p: n }, to, e.pos, { lv: 'mem' });
      }
      case '&': {
        if (n.lv === 'var') this.err('D_ADDROF_VAR', 'cannot take address of dynamic variable', e.pos);
        if (n.lv !== 'mem') this.err('D_ADDROF_LVAL', 'unacceptable operand for unary & operator', e.pos);
        return this.mk({ op: 'addr', e: n }, ptrTo(n.t), e.pos);
      }
    }
    throw new Error('unreachable');
  }

  private incdec(op: '++' | '--', post: boolean, operand: Expr, pos: Pos): TNode {
    let target: TNode;
    const created = this.maybeCreate(operand, T_INT64);
    target = created ?? this.expr(operand);
    if (!isScalar(target.t)) this.err('D_OP_SCALAR', `operator ${op} requires operand of scalar type`, pos);
    if (target.t.k === 'ptr' && sizeOf(target.t.to, this.host.strsize) === undefined) this.err('D_OP_VFPTR', `operator ${op} requires an operand of known size`, pos);
    this.writable(op, target, pos);
    target = { ...target };
    return this.mk({ op: 'incdec', o: op, post, target }, target.t, pos);
  }

  private writable(op: string, t: TNode, pos: Pos): void {
    // Kernel memory is writable only through a cast pointer (DT_NF_WRITABLE).
    if (t.lv === 'builtin' || (t.lv === 'mem' && !viaCast(t))) this.err('D_OP_WRITE', `operator ${op} can only be applied to a writable variable`, pos);
    if (t.lv === undefined) this.err('D_OP_LVAL', `operator ${op} requires modifiable lvalue as an operand`, pos);
  }

  /** For an assignment-like target that names a not-yet-typed D variable, create and type it. */
  private maybeCreate(target: Expr, type: DType | ((keys?: TNode[]) => DType)): TNode | undefined {
    const ty = (keys?: TNode[]) => (typeof type === 'function' ? type(keys) : type);
    const fix = (v: VarInfo, keys?: TNode[]): void => {
      if (!v.type) v.type = ty(keys);
    };
    if (target.k === 'ident') {
      if (this.builtins.has(target.name) || this.inlines.has(target.name) || this.userInlines.has(target.name) || this.enumConsts.has(target.name)) return undefined;
      if (SUBROUTINES.has(target.name) || ACTIONS.has(target.name) || AGG_FUNCS.has(target.name)) return undefined;
      let v = this.globals.get(target.name);
      if (v && v.type) return undefined;
      if (!v) v = this.newVar('global', target.name, false);
      if (v.assoc) return undefined;
      fix(v);
      return this.mk({ op: 'var', v }, v.type!, target.pos, { lv: 'var' });
    }
    if (target.k === 'self' || target.k === 'this') {
      const kind = target.k === 'self' ? 'tls' : 'local';
      let v = this.varTable(kind).get(target.name);
      if (v && v.type) return undefined;
      if (!v) v = this.newVar(kind, target.name, false);
      fix(v);
      return this.mk({ op: 'var', v }, v.type!, target.pos, { lv: 'var' });
    }
    if (target.k === 'index' && (target.base.k === 'ident' || target.base.k === 'self' || target.base.k === 'this')) {
      const b = target.base;
      if (b.k === 'this') this.err('D_ARR_LOCAL', `local variables may not be used as associative arrays: ${b.name}`, target.pos);
      if (b.k === 'ident' && (b.name === 'args' || this.builtins.has(b.name) || this.inlines.has(b.name) || this.userInlines.has(b.name))) return undefined;
      const kind = b.k === 'self' ? 'tls' : 'global';
      let v = this.varTable(kind).get(b.name);
      if (v && v.type) return undefined;
      if (v && !v.assoc) return undefined;
      const label = this.varLabel(kind, b.name);
      if (!v) v = this.newVar(kind, b.name, true);
      const keys = this.keys(label, target.args, v, target.pos);
      fix(v, keys);
      return this.mk({ op: 'var', v, keys }, v.type!, target.pos, { lv: 'var' });
    }
    return undefined;
  }

  private assign(e: Expr & { k: 'assign' }): TNode {
    if (e.target.k === 'agg' || (e.target.k === 'index' && e.target.base.k === 'agg')) {
      const name = e.target.k === 'agg' ? e.target.name : (e.target.base as Expr & { k: 'agg' }).name;
      this.err('D_AGG_FUNC', `${name} must be assigned the result of an aggregating function`, e.pos);
    }
    const value = this.expr(e.value);
    let target: TNode | undefined;
    if (e.op === '=') {
      target = this.maybeCreate(e.target, () => {
        if (value.t.k === 'void') this.err('D_OP_INCOMPAT', `operands have incompatible types: "void" = "void"`, e.pos);
        if (isStringish(value.t)) return T_STRING;
        if (value.t.k === 'array' || value.t.k === 'func') this.err('D_OP_ARRFUN', `operator = may not be applied to operand of type "${value.t.name}"`, e.pos);
        return value.t;
      });
    } else {
      target = this.maybeCreate(e.target, T_INT64);
    }
    target ??= this.expr(e.target);
    this.writable(e.op, target, e.pos);
    const tt = target.t;
    if (tt.k === 'array' || tt.k === 'func') this.err('D_OP_ARRFUN', `operator ${e.op} may not be applied to operand of type "${tt.name}"`, e.pos);
    if (e.op === '=') {
      if (!this.compatible(tt, value)) this.err('D_OP_INCOMPAT', `operands have incompatible types: "${tt.name}" = "${value.t.name}"`, e.pos);
      return this.mk({ op: 'assign', o: '=', target, value, ct: tt }, tt, e.pos);
    }
    const bop = e.op.slice(0, -1) as BinaryOp;
    if (bop === '+' || bop === '-') {
      if (isStringish(tt) || isStringish(value.t) || !((isInteger(tt) && isInteger(value.t)) || (isPointer(tt) && isInteger(value.t)))) {
        this.err('D_OP_INCOMPAT', `operands have incompatible types: "${tt.name}" ${e.op} "${value.t.name}"`, e.pos);
      }
      if (isPointer(tt) && sizeOf((tt as DType & { k: 'ptr' }).to, this.host.strsize) === undefined) this.err('D_OP_VFPTR', `operator ${e.op} requires left-hand scalar operand of known size`, e.pos);
    } else if (bop === '*' || bop === '/') {
      if (!isArith(tt) || !isArith(value.t)) this.err('D_OP_ARITH', `operator ${e.op} requires operands of arithmetic type`, e.pos);
    } else if (!isInteger(tt) || !isInteger(value.t)) {
      this.err('D_OP_INT', `operator ${e.op} requires operands of integral type`, e.pos);
    }
    if ((bop === '/' || bop === '%') && value.cst === 0n) this.err('D_DIV_ZERO', 'expression contains division by zero', e.pos);
    const ct = isPointer(tt) ? tt : bop === '<<' || bop === '>>' ? promote(tt) : usualConversion(tt, value.t);
    return this.mk({ op: 'assign', o: e.op as AssignOp, target, value, ct }, tt, e.pos);
  }

  /** Assignment / argument / key compatibility (§3.4). */
  private compatible(to: DType, v: TNode): boolean {
    const from = v.t;
    if (isInteger(to) && isInteger(from)) return true;
    if (isStringish(to) && isStringish(from)) return true;
    if (to.k === 'special' || from.k === 'special') return to.k === from.k && to.name === from.name;
    if (to.k === 'sou' || from.k === 'sou') return to.k === from.k && sameType(to, from);
    if (isPointer(to) || to.k === 'string') {
      if (v.cst === 0n) return true;
      if (isPointer(from)) return ptrCompat(to, from);
    }
    return false;
  }

  private binary(op: BinaryOp, l: TNode, r: TNode, pos: Pos): TNode {
    const bad = (tag: string, kind: string): never => this.err(tag, `operator ${op} requires operands of ${kind} type`, pos);
    if (LOGIC_OPS.has(op)) {
      if (!isScalar(l.t) || !isScalar(r.t)) bad('D_OP_SCALAR', 'scalar');
      let cst: bigint | undefined;
      if (l.cst !== undefined && r.cst !== undefined) {
        const a = l.cst !== 0n;
        const b = r.cst !== 0n;
        cst = (op === '&&' ? a && b : op === '||' ? a || b : a !== b) ? 1n : 0n;
      }
      return this.mk({ op: 'bin', o: op, l, r, ct: T_INT }, T_INT, pos, { cst });
    }
    if (CMP_OPS.has(op)) {
      let ct: DType;
      if (isInteger(l.t) && isInteger(r.t)) ct = usualConversion(l.t, r.t);
      else if (isStringish(l.t) && (isStringish(r.t) || r.cst === 0n)) ct = T_STRING;
      else if (isStringish(r.t) && l.cst === 0n) ct = T_STRING;
      else if ((isPointer(l.t) || l.t.k === 'array') && (isPointer(r.t) || r.t.k === 'array' || r.cst === 0n) && (r.cst === 0n || ptrCompat(l.t, r.t))) ct = T_ULONG;
      else if ((isPointer(r.t) || r.t.k === 'array') && l.cst === 0n) ct = T_ULONG;
      else if (sameType(l.t, r.t) && l.t.k !== 'void' && l.t.k !== 'sou') ct = l.t;
      else this.err('D_OP_INCOMPAT', `operands have incompatible types: "${l.t.name}" ${op} "${r.t.name}"`, pos);
      let cst: bigint | undefined;
      if (l.cst !== undefined && r.cst !== undefined && isInteger(ct)) {
        const a = bigOf(l.cst, ct);
        const b = bigOf(r.cst, ct);
        const res = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : op === '>=' ? a >= b : op === '==' ? a === b : a !== b;
        cst = res ? 1n : 0n;
      }
      return this.mk({ op: 'bin', o: op, l, r, ct }, T_INT, pos, { cst });
    }
    if (op === '+' || op === '-') {
      const lp = isPointer(l.t) || l.t.k === 'array' || l.t.k === 'string';
      const rp = isPointer(r.t) || r.t.k === 'array' || r.t.k === 'string';
      if (lp && rp) {
        if (op === '-' && !l.t.name.includes('string') && ptrCompat(l.t, r.t)) return this.mk({ op: 'bin', o: op, l, r, ct: T_PTRDIFF }, T_PTRDIFF, pos);
        this.err('D_OP_INCOMPAT', `operands have incompatible types: "${l.t.name}" ${op} "${r.t.name}"`, pos);
      }
      if (lp && isInteger(r.t)) return this.mk({ op: 'bin', o: op, l, r, ct: l.t }, l.t.k === 'array' ? (isCharArray(l.t) ? T_STRING : ptrTo(l.t.elem)) : l.t, pos);
      if (rp && isInteger(l.t) && op === '+') return this.mk({ op: 'bin', o: op, l: r, r: l, ct: r.t }, r.t.k === 'array' ? (isCharArray(r.t) ? T_STRING : ptrTo(r.t.elem)) : r.t, pos);
      if (!isArith(l.t) || !isArith(r.t)) this.err('D_OP_INCOMPAT', `operands have incompatible types: "${l.t.name}" ${op} "${r.t.name}"`, pos);
    } else if (op === '*' || op === '/') {
      if (!isArith(l.t) || !isArith(r.t)) bad('D_OP_ARITH', 'arithmetic');
    } else if (!isInteger(l.t) || !isInteger(r.t)) {
      bad('D_OP_INT', 'integral');
    }
    if ((op === '/' || op === '%') && r.cst === 0n) this.err('D_DIV_ZERO', 'expression contains division by zero', pos);
    const t = op === '<<' || op === '>>' ? promote(l.t) : usualConversion(l.t, r.t);
    let cst: bigint | undefined;
    if (l.cst !== undefined && r.cst !== undefined) cst = foldBin(op, bigOf(l.cst, t), bigOf(r.cst, t), t);
    return this.mk({ op: 'bin', o: op, l, r, ct: t }, t, pos, { cst });
  }

  private cond(e: Expr & { k: 'cond' }): TNode {
    const c = this.expr(e.test);
    if (!isScalar(c.t)) this.err('D_OP_SCALAR', 'operator ?: expression must be of scalar type', e.pos);
    const a = this.expr(e.then);
    const b = this.expr(e.else);
    if (a.act || b.act || c.act) this.err('D_OP_ACT', 'action cannot be used in a conditional context', e.pos);
    let t: DType;
    if (isInteger(a.t) && isInteger(b.t)) t = usualConversion(a.t, b.t);
    else if (isStringish(a.t) && isStringish(b.t)) t = T_STRING;
    else if (isPointer(a.t) && (b.cst === 0n || (isPointer(b.t) && ptrCompat(a.t, b.t)))) t = a.t;
    else if (isPointer(b.t) && a.cst === 0n) t = b.t;
    else if (sameType(a.t, b.t) && a.t.k !== 'void') t = a.t;
    else this.err('D_OP_INCOMPAT', 'operator ?: operands must have compatible types', e.pos);
    let cst: bigint | undefined;
    if (c.cst !== undefined && a.cst !== undefined && b.cst !== undefined) cst = bigOf(c.cst !== 0n ? a.cst : b.cst, t);
    return this.mk({ op: 'cond', c, a, b }, t, e.pos, { cst });
  }

  private cast(t: DType, n: TNode, pos: Pos): TNode {
    const f = n.t;
    const ok =
      sameType(t, f) ||
      t.k === 'void' ||
      (isScalar(t) && (isScalar(f) || f.k === 'func')) ||
      (isPointer(t) && (isPointer(f) || f.k === 'string')) ||
      (t.k === 'string' && (isScalar(f) || isStringish(f)));
    if (!ok || (isScalar(t) && f.k === 'string' && !isPointer(t))) this.err('D_CAST_INVAL', `invalid cast expression: "${f.name}" to "${t.name}"`, pos);
    const cst = n.cst !== undefined && isInteger(t) ? bigOf(n.cst, t) : undefined;
    return this.mk({ op: 'cast', e: n }, t, pos, { cst, lv: n.lv === 'mem' ? 'mem' : undefined });
  }

  // ---- declarations (§4.3) ---------------------------------------------------------------

  private wordsType(words: readonly string[], pos: Pos): DType {
    let sign: string | undefined;
    let longs = 0;
    let short = false;
    let base: string | undefined;
    for (const w of words) {
      if (w === 'signed' || w === 'unsigned') {
        if (sign) this.err('D_DECL_COMBO', 'invalid type combination', pos);
        sign = w;
      } else if (w === 'long') {
        if (longs === 2) this.err('D_DECL_COMBO', 'invalid type combination', pos);
        longs++;
      } else if (w === 'short') {
        if (short) this.err('D_DECL_COMBO', 'invalid type combination', pos);
        short = true;
      } else if (w === 'userland') {
        continue;
      } else {
        if (base) this.err('D_DECL_COMBO', 'invalid type combination', pos);
        base = w;
      }
    }
    if (base === 'void') {
      if (sign || longs || short) this.err('D_DECL_VOIDATTR', 'invalid type declaration: attributes may not be used with void type', pos);
      return T_VOID;
    }
    if (base === 'char') {
      if (longs || short) this.err('D_DECL_CHARATTR', 'invalid type declaration: short and long may not be used with char type', pos);
      return sign === 'unsigned' ? T_UCHAR : T_CHAR;
    }
    if (base === 'float' || base === 'double') {
      if (sign) this.err('D_DECL_SIGNINT', 'invalid type declaration: signed and unsigned may only be used with integer type', pos);
      return { k: 'float', name: longs ? `long ${base}` : base, size: base === 'float' ? 4 : longs ? 16 : 8 };
    }
    if (base !== undefined && base !== 'int') {
      if (sign) this.err('D_DECL_SIGNINT', 'invalid type declaration: signed and unsigned may only be used with integer type', pos);
      if (longs) this.err('D_DECL_LONGINT', 'invalid type declaration: long and long long may only be used with integer or floating-point type', pos);
      this.err('D_DECL_COMBO', 'invalid type combination', pos);
    }
    if (short && longs) this.err('D_DECL_COMBO', 'invalid type combination', pos);
    const u = sign === 'unsigned';
    if (short) return u ? T_USHORT : T_SHORT;
    if (longs === 1) return u ? T_ULONG : T_LONG;
    if (longs === 2) return u ? T_ULLONG : T_LLONG;
    return u ? T_UINT : T_INT;
  }

  private specsType(specs: DeclSpecs): DType {
    const words: string[] = [];
    let other: DType | undefined;
    for (const s of specs.types) {
      if (s.k === 'words') {
        words.push(...s.words);
        continue;
      }
      if (other) this.err('D_DECL_COMBO', 'invalid type combination', s.pos);
      switch (s.k) {
        case 'string':
          other = T_STRING;
          break;
        case 'tname': {
          const t = this.types.get(s.name);
          if (!t) this.err('D_TYPE_ERR', `failed to resolve type ${s.name}`, s.pos);
          other = t;
          break;
        }
        case 'struct':
        case 'union':
          other = this.souSpec(s);
          break;
        case 'enum':
          other = this.enumSpec(s);
          break;
      }
    }
    if (other) {
      if (words.length) {
        if (words.some((w) => w === 'signed' || w === 'unsigned')) this.err('D_DECL_SIGNINT', 'invalid type declaration: signed and unsigned may only be used with integer type', specs.pos);
        if (words.some((w) => w === 'long')) this.err('D_DECL_LONGINT', 'invalid type declaration: long and long long may only be used with integer or floating-point type', specs.pos);
        this.err('D_DECL_COMBO', 'invalid type combination', specs.pos);
      }
      return other;
    }
    if (words.length === 0) this.err('D_DECL_IDENT', 'old-style declaration or incorrect type specified', specs.pos);
    return this.wordsType(words, specs.pos);
  }

  private souSpec(s: { k: 'struct' | 'union'; pos: Pos; tag?: string; members?: readonly import('./ast').MemberDecl[] }): DType {
    const key = s.tag !== undefined ? `${s.k} ${s.tag}` : undefined;
    const found = key ? (this.tags.get(key) as (DType & { k: 'sou' }) | undefined) : undefined;
    if (s.members === undefined) {
      if (found) return found;
      const fwd = makeSou(s.k, s.tag);
      if (key) this.tags.set(key, fwd);
      return fwd;
    }
    if (found && found.members !== undefined) this.err('D_DECL_TYPERED', `type redeclared: ${found.name}`, s.pos);
    const flds: { name: string; type: DType }[] = [];
    for (const md of s.members) {
      const bt = this.specsType(md.specs);
      for (const d of md.declarators) {
        if (!d.decl) continue;
        const { name, type } = this.applyDecl(bt, d.decl);
        if (name === undefined) this.err('D_DECL_MNAME', 'member declaration requires a name', md.pos);
        if (type.k === 'void') this.err('D_DECL_VOIDOBJ', `cannot have void member: ${name}`, md.pos);
        flds.push({ name, type });
      }
    }
    const t = found ?? makeSou(s.k, s.tag);
    if (key) this.tags.set(key, t);
    const l = layout(s.k, flds, this.host.strsize);
    t.members = l.members;
    t.size = l.size;
    t.align = l.align;
    return t;
  }

  private enumSpec(s: { pos: Pos; tag?: string; enumerators?: readonly import('./ast').Enumerator[] }): DType {
    const key = s.tag !== undefined ? `enum ${s.tag}` : undefined;
    const prev = key ? this.tags.get(key) : undefined;
    if (s.enumerators === undefined) {
      if (prev) return prev;
      const t: DType = { k: 'enum', name: key ?? 'enum <anon>', tag: s.tag, values: new Map() };
      if (key) this.tags.set(key, t);
      return t;
    }
    if (prev && prev.k === 'enum' && prev.values.size > 0) this.err('D_DECL_TYPERED', `type redeclared: ${prev.name}`, s.pos);
    const values = new Map<string, number>();
    const t: DType = { k: 'enum', name: key ?? 'enum <anon>', tag: s.tag, values };
    let next = 0;
    for (const en of s.enumerators) {
      if (en.value) {
        const n = this.expr(en.value);
        if (n.cst === undefined || !isInteger(n.t)) this.err('D_DECL_ENCONST', `enumerator '${en.name}' must be assigned to an integral constant expression`, en.pos);
        const v = BigInt.asIntN(64, n.cst);
        if (v > 2147483647n) this.err('D_DECL_ENOFLOW', `enumerator '${en.name}' value overflows INT_MAX (2147483647)`, en.pos);
        next = Number(v);
      }
      if (this.enumConsts.has(en.name) || this.globals.has(en.name)) this.err('D_DECL_IDRED', `identifier redeclared: ${en.name}`, en.pos);
      values.set(en.name, next);
      this.enumConsts.set(en.name, { value: next, type: t });
      next++;
    }
    if (key) this.tags.set(key, t);
    return t;
  }

  /** Apply a declarator to a base type: returns the declared name and full type (or an assoc signature). */
  private applyDecl(base: DType, d: Declarator): { name?: string; type: DType; tuple?: DType[] } {
    switch (d.k) {
      case 'name':
        return { name: d.name, type: base };
      case 'ptr':
        return this.applyDecl(ptrTo(base), d.inner);
      case 'array': {
        if (d.tuple) {
          const keys = d.tuple.map((p) => this.paramType(p));
          const r = this.applyDecl(base, d.inner);
          return { ...r, tuple: keys };
        }
        if (!d.dim) {
          const r = this.applyDecl(base, d.inner);
          this.err('D_DECL_ARRNULL', `array declaration requires array dimension or tuple signature: ${r.name ?? ''}`, d.pos);
        }
        const n = this.expr(d.dim);
        if (n.cst === undefined || !isInteger(n.t) || BigInt.asIntN(64, n.cst) <= 0n) {
          this.err('D_DECL_ARRSUB', 'positive integral constant expression or tuple signature expected as array declaration subscript', d.pos);
        }
        if (n.cst > 0x7fffffffn) this.err('D_DECL_ARRBIG', 'array dimension too big', d.pos);
        return this.applyDecl(arrayOf(base, Number(n.cst)), d.inner);
      }
      case 'func': {
        const params = d.params.map((p) => this.paramType(p)).filter((t) => t.k !== 'void');
        return this.applyDecl({ k: 'func', name: `${base.name} (*)()`, ret: base, params, varargs: d.varargs }, d.inner);
      }
    }
  }

  private paramType(p: ParamDecl): DType {
    if (p.specs.storage.some((s) => s !== 'register')) this.err('D_DECL_PARMCLASS', 'inappropriate storage class for function or associative array parameter', p.pos);
    const bt = this.specsType(p.specs);
    return p.decl ? this.applyDecl(bt, p.decl).type : bt;
  }

  typeName(tn: TypeName): DType {
    const bt = this.specsType(tn.specs);
    return tn.decl ? this.applyDecl(bt, tn.decl).type : bt;
  }

  private storageOf(specs: DeclSpecs): string | undefined {
    if (specs.storage.length > 1) this.err('D_DECL_CLASS', 'only one storage class allowed in a declaration', specs.pos);
    const s = specs.storage[0];
    if (s === 'auto' || s === 'register' || s === 'static') this.err('D_DECL_BADCLASS', 'specified storage class not appropriate in D', specs.pos);
    return s;
  }

  private declare(specs: DeclSpecs, decls: readonly Declarator[], pos: Pos): void {
    const storage = this.storageOf(specs);
    const bt = this.specsType(specs);
    if (decls.length === 0) {
      const hasTag = specs.types.some((t) => (t.k === 'struct' || t.k === 'union' || t.k === 'enum') && (t.tag !== undefined || ('members' in t && t.members) || ('enumerators' in t && t.enumerators)));
      if (!hasTag) this.err('D_DECL_USELESS', 'useless declaration', pos);
      return;
    }
    for (const d of decls) {
      const r = this.applyDecl(bt, d);
      const name = r.name;
      if (name === undefined) {
        this.err('D_DECL_USELESS', 'useless declaration', pos);
      }
      if (storage === 'typedef') {
        const prev = this.types.get(name);
        if (prev && !sameType(prev, r.type)) this.err('D_DECL_IDRED', `typedef redeclared: ${name}`, pos);
        if (this.globals.has(name)) this.err('D_DECL_IDRED', `global variable identifier redeclared: ${name}`, pos);
        this.types.set(name, { ...r.type, name } as DType);
        continue;
      }
      if (r.type.k === 'void' && !r.tuple) this.err('D_DECL_VOIDOBJ', `cannot have void object: ${name}`, pos);
      if (r.type.k === 'func') continue;
      if (this.builtins.has(name)) this.err('D_DECL_IDRED', `built-in identifier redeclared: ${name}`, pos);
      const kind: VarKind = storage === 'self' ? 'tls' : storage === 'this' ? 'local' : 'global';
      if (kind === 'local' && r.tuple) this.err('D_DECL_LOCASSC', `associative arrays may not be declared as local variables: ${name}`, pos);
      const type = isCharArray(r.type) && r.type.k === 'array' && false ? T_STRING : r.type;
      const tab = this.varTable(kind);
      const prev = tab.get(name);
      if (prev && prev.type) {
        const kn = (v: { assoc: boolean }) => (v.assoc ? 'associative array' : 'scalar');
        if (prev.assoc !== !!r.tuple || !sameType(prev.type, type)) {
          this.err('D_DECL_IDRED', `identifier redeclared: ${name}\n\t current: ${kn({ assoc: !!r.tuple })} ${type.name}\n\tprevious: ${kn(prev)} ${prev.type.name}`, pos);
        }
        continue;
      }
      const v = prev ?? this.newVar(kind, name, !!r.tuple);
      v.type = type;
      v.declared = true;
      if (r.tuple) v.keys = r.tuple;
    }
  }

  private defineInline(item: Item & { k: 'inline' }): void {
    if (item.specs.storage.length > 0) this.err('D_DECL_BADCLASS', 'specified storage class not appropriate for inline declaration', item.pos);
    const bt = this.specsType(item.specs);
    const r = this.applyDecl(bt, item.decl);
    const name = r.name;
    if (name === undefined) this.err('D_DECL_USELESS', 'inline declaration requires a name', item.pos);
    if (this.builtins.has(name) || this.userInlines.has(name) || this.globals.has(name)) {
      this.err('D_DECL_IDRED', `identifier redefined: ${name}\n\t current: inline definition\n\tprevious: scalar ${(this.builtins.get(name) ?? this.userInlines.get(name)?.t ?? this.globals.get(name)?.type ?? T_INT).name}`, item.pos);
    }
    if (r.type.k === 'void') this.err('D_DECL_VOIDOBJ', `cannot have void object: ${name}`, item.pos);
    const saved = this.ctx;
    const v = this.expr(item.value);
    this.ctx = saved;
    if (!this.compatible(r.type, v)) this.err('D_OP_INCOMPAT', `inline ${name} definition uses incompatible types: "${r.type.name}" = "${v.t.name}"`, item.pos);
    const node = isInteger(r.type) && !sameType(r.type, v.t) ? this.mk({ op: 'cast', e: v }, r.type, v.pos, { cst: v.cst === undefined ? undefined : bigOf(v.cst, r.type) }) : { ...v, t: isStringish(r.type) ? T_STRING : r.type };
    this.userInlines.set(name, node);
  }
}

/** Does a C lvalue go through a cast pointer (which DTrace lets a program write)? */
function viaCast(n: TNode): boolean {
  const x = n.x;
  if (x.op === 'cast') return true;
  if (x.op === 'member') return viaCast(x.obj);
  if (x.op === 'index') return viaCast(x.base);
  if (x.op === 'deref') return viaCast(x.p);
  return false;
}

/** `@a`, `@a[k]` or (an error reported later) `@a[k][j]`. */
function isAggTarget(e: Expr): boolean {
  let b = e;
  while (b.k === 'index') b = b.base;
  return b.k === 'agg';
}

function ptrCompat(a: DType, b: DType): boolean {
  const ta = a.k === 'ptr' ? a.to : a.k === 'array' ? a.elem : undefined;
  const tb = b.k === 'ptr' ? b.to : b.k === 'array' ? b.elem : undefined;
  if (!ta || !tb) return false;
  if (ta.k === 'void' || tb.k === 'void') return true;
  if (isInteger(ta) && isInteger(tb)) return intInfo(ta).size === intInfo(tb).size && intInfo(ta).signed === intInfo(tb).signed;
  return sameType(ta, tb);
}

function findAct(n: TNode): TNode | undefined {
  if (n.act) return n;
  for (const k of irKids(n.x)) {
    const f = findAct(k);
    if (f) return f;
  }
  return undefined;
}

function foldBin(op: BinaryOp, a: bigint, b: bigint, t: DType): bigint | undefined {
  const i = intInfo(t);
  const bits = BigInt(i.size * 8);
  let r: bigint;
  switch (op) {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/': r = a / b; break;
    case '%': r = a % b; break;
    case '&': r = a & b; break;
    case '|': r = a | b; break;
    case '^': r = a ^ b; break;
    case '<<': r = b >= bits || b < 0n ? 0n : a << b; break;
    case '>>': r = b >= bits || b < 0n ? (a < 0n ? -1n : 0n) : a >> b; break;
    default: return undefined;
  }
  return bigOf(r, t);
}

export type { UndefRetry };
