// Code generation: turns the checker's typed clauses into JavaScript source, one firing
// function per distinct set of enabled clauses (so this-> variables are plain JS locals
// shared by the clauses of one firing), compiled once with `new Function`. Integers stay
// JS numbers while they are safe and in range for their D type; 64-bit operations go
// through int64.ts, which falls back to BigInt only outside the safe range. Pure.
import { irKids, type TClause, type TNode, type TStmt, type VarInfo } from './tir';
import type { DType } from './types';
import { intInfo, isInteger, isStringish, sizeOf, toValueType } from './types';

/** Constants the generated code refers to by index (formats, value types, names). */
export class ConstPool {
  readonly items: unknown[] = [];
  private readonly index = new Map<unknown, number>();
  ref(v: unknown): string {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(v);
      this.index.set(v, i);
    }
    return `K[${i}]`;
  }
}

const MAXSAFE = Number.MAX_SAFE_INTEGER;

/** Built-ins that (nearly) never change for a thread: aggregation keys looked up by thread (add1t). */
const THREAD_KEYS: ReadonlySet<string> = new Set(['zonename', 'execname', 'pid', 'ppid', 'tid', 'uid']);

function lit(v: bigint): string {
  if (v >= -BigInt(MAXSAFE) && v <= BigInt(MAXSAFE)) return v < 0n ? `(${v})` : `${v}`;
  return `${v}n`;
}

const is8 = (t: DType): boolean => isInteger(t) && intInfo(t).size === 8;

/** Zero value of a D type as JS source: 0, "" or 0 (NULL pointer). */
function zeroOf(t: DType): string {
  return isStringish(t) && t.k !== 'ptr' ? '""' : t.k === 'sou' ? 'undefined' : '0';
}

/** Converts the JS value `c` of D type `from` to D type `to`. */
export function conv(c: string, from: DType, to: DType): string {
  if (!isInteger(to)) {
    if (to.k === 'ptr' && isInteger(from)) return c;
    if (to.k === 'string' && isInteger(from)) return `R.strOf(${c})`;
    return c;
  }
  if (!isInteger(from)) return `R.addrOf(${c})`;
  const f = intInfo(from);
  const t = intInfo(to);
  if (t.size === 8) {
    if (f.size === 8) return f.signed === t.signed ? c : t.signed ? `asS64(${c})` : `asU64(${c})`;
    if (!f.signed || t.signed) return c;
    return `asU64(${c})`;
  }
  if (f.size < t.size && (f.signed === t.signed || !f.signed)) return c;
  if (f.size === t.size && f.signed === t.signed) return c;
  if (f.size === 8) return `wrap(${c}, ${t.size * 8}, ${t.signed})`;
  switch (t.size) {
    case 4:
      return t.signed ? `((${c}) | 0)` : `((${c}) >>> 0)`;
    case 2:
      return t.signed ? `((${c}) << 16 >> 16)` : `((${c}) & 65535)`;
    default:
      return t.signed ? `((${c}) << 24 >> 24)` : `((${c}) & 255)`;
  }
}

/** Is this tls variable stored as numbers (TlsInts) rather than in a plain array? */
export function tlsIsInt(v: VarInfo): boolean {
  return v.type !== undefined && isInteger(v.type);
}

/** Bytes one dynamic variable costs against dynvarsize: header, key tuple and value. */
export function dynCost(v: VarInfo, strsize: number): number {
  const val = v.type ? (sizeOf(v.type, strsize) ?? 8) : 8;
  const keys = (v.keys ?? []).reduce((s, k) => s + (sizeOf(k, strsize) ?? 8), 0);
  const nkeys = (v.keys?.length ?? 0) + (v.kind === 'tls' ? 2 : 1);
  return Math.ceil((64 + 16 * nkeys + keys + val) / 8) * 8;
}

interface ClauseGen {
  /** Body source for enabling index k (its `EP[k]`, its bound names). */
  readonly src: string;
  /**
   * What the clause's bound names stand for, in order: `$T<k>_<i>` is the thread-local
   * integer variable `tls[i]` (and `$t<k>_<i>` its id), `$A<k>_<i>` the aggregation
   * `aggs[i]`. Clauses that differ only in which variables and aggregations they use
   * (the entry and return clauses of one latency script and another) so have the same
   * source, and share their compiled code.
   */
  readonly binds: { readonly tls: readonly number[]; readonly aggs: readonly number[] };
  /** Whether the clause reads the firing's arguments (arg0..arg9, args[]). */
  readonly readsArgs: boolean;
  /** Variables of the firing function the clause's code uses besides the temporaries (declared 0). */
  readonly locals: readonly string[];
}

/** Whether an assignment or an increment/decrement occurs anywhere in `n`. */
function assigns(n: TNode): boolean {
  return n.x.op === 'assign' || n.x.op === 'incdec' || irKids(n.x).some(assigns);
}

/** Whether statement `s` assigns anything (a variable, through `=`, `+=`, `++`...). */
function stmtAssigns(s: TStmt): boolean {
  return (s.k === 'expr' ? [s.e] : s.k === 'agg' ? [...s.keys, ...s.args] : s.args).some(assigns);
}

/** The position of `id` among a clause's bound ids, added at the end on first use. */
function bindIndex(ids: number[], id: number): number {
  const i = ids.indexOf(id);
  return i >= 0 ? i : ids.push(id) - 1;
}

/**
 * Generates the source of one clause's code. The enclosing firing function provides
 * `ctx`, `R` (the consumer runtime), `S` (RuntimeState), `K` (constants), `P` (probe),
 * helper functions, and `l<N>` this-> locals.
 */
export class ClauseCompiler {
  private tmp = 0;
  private maxTmp = 0;
  private off = 0;
  private k = 0;
  private tb: number[] = [];
  private ab: number[] = [];
  private ra = false;
  /**
   * A thread-local read kept from the predicate for the first statement: the `/self->ts/`
   * idiom reads self->ts in the predicate and again in the statement after it, and nothing
   * in between can change it. `capture`: the predicate stores the value in `name`; `reuse`:
   * the statement reads `name`.
   */
  private kept: { id: number; name: string; phase: 'capture' | 'reuse' } | undefined;

  constructor(
    private readonly K: ConstPool,
    private readonly strsize: number,
  ) {}

  get temps(): number {
    return this.maxTmp;
  }

  private t(): string {
    const n = this.tmp++;
    if (this.tmp > this.maxTmp) this.maxTmp = this.tmp;
    return `$${n}`;
  }

  private nextOff(): number {
    return this.off++;
  }

  clause(c: TClause, k: number, records: boolean): ClauseGen {
    const lines: string[] = [];
    this.off = 0;
    this.tmp = 0;
    this.k = k;
    this.tb = [];
    this.ab = [];
    this.ra = false;
    const epid = `EP[${k}]`;
    // The record buffer state is only read by R.commit; `act` only by the fault handler, and
    // the first statement sets it unless a predicate (or the commit) can fault before.
    if (records) lines.push(`act = 0; o = ""; sp = -1; sz = 8;`);
    else if (c.pred || c.stmts.length === 0) lines.push('act = 0;');
    const body: string[] = [];
    // The predicate's read of self->x is kept for the first statement when that statement
    // assigns nothing (so self->x cannot change before it reads it).
    const p = c.pred?.x;
    const keep =
      p !== undefined && p.op === 'var' && p.v.kind === 'tls' && !p.v.assoc && tlsIsInt(p.v) && c.stmts.length > 0 && !stmtAssigns(c.stmts[0]!)
        ? { id: p.v.id, name: `$c${k}` }
        : undefined;
    c.stmts.forEach((s, i) => {
      this.off = 0;
      this.tmp = 0;
      this.kept = i === 0 && keep !== undefined ? { ...keep, phase: 'reuse' } : undefined;
      body.push(`act = ${i + 1};`);
      body.push(this.stmt(s));
    });
    const setopt = c.stmts.some((st) => st.k === 'action' && st.name === 'setopt');
    if (setopt) body.unshift('q0 = R.quiet;');
    if (records) body.push(setopt ? `R.commit(o, sz, sp, ${epid}, P, ctx, q0);` : `if (o !== "" || sp !== -1 || !R.quiet) R.commit(o, sz, sp, ${epid}, P, ctx);`);
    let inner = body.join('\n');
    if (c.pred) {
      this.off = 0;
      this.tmp = 0;
      this.kept = keep !== undefined ? { ...keep, phase: 'capture' } : undefined;
      inner = `if (${this.truthy(c.pred)}) {\n${inner}\n}`;
    }
    this.kept = undefined;
    lines.push(inner);
    return {
      src: `try {\n${lines.join('\n')}\n} catch (f) { R.onFault(f, act, ${epid}, P, ctx); }`,
      binds: { tls: this.tb, aggs: this.ab },
      readsArgs: this.ra,
      locals: keep !== undefined ? [keep.name] : [],
    };
  }

  /** The bound name of thread-local integer variable `id` in this clause (see ClauseGen.binds). */
  private tlsRef(id: number): string {
    return `$T${this.k}_${bindIndex(this.tb, id)}`;
  }

  /** The bound name of its id. */
  private tlsId(id: number): string {
    return `$t${this.k}_${bindIndex(this.tb, id)}`;
  }

  /** The bound name of aggregation `id` in this clause. */
  private aggRef(id: number): string {
    return `$A${this.k}_${bindIndex(this.ab, id)}`;
  }

  private stmt(s: TStmt): string {
    switch (s.k) {
      case 'expr':
        return `${this.expr(s.e)};`;
      case 'agg':
        return this.agg(s);
      case 'action':
        return this.action(s);
    }
  }

  private agg(s: TStmt & { k: 'agg' }): string {
    const fn = s.agg.fn!;
    const i64: DType = { k: 'int', name: 'int64_t', size: 8, signed: true };
    const v = s.args.length > 0 ? this.exprAs(s.args[0], i64) : '1';
    const incrIdx = fn === 'quantize' ? 1 : fn === 'lquantize' ? 4 : fn === 'llquantize' ? 5 : -1;
    const incr = incrIdx >= 0 && s.args.length > incrIdx ? `, ${this.exprAs(s.args[incrIdx], i64)}` : '';
    const a = `AS.cpu = ctx.cpu, ${this.aggRef(s.agg.id)}`;
    if (s.keys.length === 0) return `${a}.add0(${v}${incr});`;
    if (s.keys.length === 1) {
      const k = s.keys[0];
      // A key that stays the same for a thread: the store looks its entry up by thread slot.
      if (k.x.op === 'builtin' && THREAD_KEYS.has(k.x.name)) return `${a}.add1t(${this.keyVal(k)}, ctx.threadSlot, ${v}${incr});`;
      return `${a}.add1(${this.keyVal(k)}, ${v}${incr});`;
    }
    return `${a}.addN([${s.keys.map((k) => this.keyVal(k)).join(', ')}], ${v}${incr});`;
  }

  /** The value of one key as recorded (strings bounded, pointers as addresses). */
  private keyVal(k: TNode): string {
    if (k.t.k === 'special') {
      if (k.x.op !== 'call') return '""';
      if (k.t.name === 'stack' || k.t.name === 'ustack') {
        const n = k.x.args[0]?.cst !== undefined ? Number(k.x.args[0].cst) : 0;
        return `R.frames(ctx, ${k.t.name === 'stack'}, ${n})`;
      }
      return this.expr(k.x.args[0]);
    }
    const c = this.expr(k);
    if (isStringish(k.t)) return k.x.op === 'builtin' || k.x.op === 'str' ? c : `R.str(${c}, ${this.nextOff()})`;
    if (k.t.k === 'ptr' || k.t.k === 'sou') return `R.addrOf(${c})`;
    return c;
  }

  /** An interned key for associative arrays: the value itself for one key, else a joined string. */
  private key(keys: readonly TNode[]): string {
    if (keys.length === 1) return this.keyVal(keys[0]);
    return `(${keys.map((k) => `String(${this.keyVal(k)})`).join(' + "\\u0000" + ')})`;
  }

  private vt(t: DType): string {
    return this.K.ref(toValueType(t));
  }

  private action(s: TStmt & { k: 'action' }): string {
    const a = s.args;
    const sizeOfArgs = a.reduce((n, x) => n + Math.ceil((sizeOf(x.t, this.strsize) ?? 8) / 8) * 8, 0);
    const rec = (code: string, size: number) => `o += ${code}; sz += ${size};`;
    switch (s.name) {
      case 'trace':
      case 'print': {
        const v = this.recordVal(a[0]);
        return rec(`R.trace(${v}, ${this.vt(a[0].t)})`, sizeOfArgs);
      }
      case 'printf': {
        const vals = a.map((x) => this.recordVal(x));
        const types = this.K.ref(a.map((x) => toValueType(x.t)));
        return rec(`R.printf(${this.K.ref(s.format)}, [${vals.join(', ')}], ${types})`, sizeOfArgs + 8);
      }
      case 'printa': {
        const ids = a.map((x) => (x.x.op === 'aggref' ? x.x.agg.id : -1));
        return rec(`R.printa(${s.format === undefined ? 'undefined' : this.K.ref(s.format)}, ${this.K.ref(ids)})`, 8);
      }
      case 'exit':
        return `R.exit(${this.expr(a[0])}); sz += 8;`;
      case 'clear':
      case 'denormalize':
        return `R.aggAction(${this.K.ref(s.name)}, ${(a[0].x as { agg: { id: number } }).agg.id}, 0);`;
      case 'normalize':
      case 'trunc': {
        const n = a[1] ? conv(this.expr(a[1]), a[1].t, { k: 'int', name: 'int64_t', size: 8, signed: true }) : 'undefined';
        return `R.aggAction(${this.K.ref(s.name)}, ${(a[0].x as { agg: { id: number } }).agg.id}, ${n});`;
      }
      case 'setopt':
        return `R.setopt(${this.expr(a[0])}, ${a[1] ? this.expr(a[1]) : 'undefined'}, EP[${this.k}], P);`;
      case 'speculate':
        return `sp = ${this.expr(a[0])};`;
      case 'commit':
        return `R.commitSpec(${this.expr(a[0])});`;
      case 'discard':
        return `S.discardSpec(${this.expr(a[0])});`;
      case 'stack':
      case 'ustack':
      case 'jstack': {
        const n = a[0]?.cst !== undefined ? Number(a[0].cst) : 0;
        const frames = `R.frames(ctx, ${s.name === 'stack'}, ${n})`;
        return rec(`R.trace(${frames}, ${this.K.ref(toValueType({ k: 'special', name: s.name === 'stack' ? 'stack' : 'ustack' }))})`, 8 * (n || 20));
      }
      case 'sym':
      case 'func':
      case 'mod':
      case 'usym':
      case 'ufunc':
      case 'umod':
      case 'uaddr':
        return rec(`R.trace(${conv(this.expr(a[0]), a[0].t, { k: 'int', name: 'uint64_t', size: 8, signed: false })}, ${this.K.ref(toValueType({ k: 'special', name: ['sym', 'func', 'mod'].includes(s.name) ? '_symaddr' : '_usymaddr' }))})`, 8);
      case 'tracemem':
        return rec(`R.tracemem(${this.expr(a[0])}, ${Number(a[1].cst)})`, Number(a[1].cst));
      default:
        // Destructive and file actions have no effect on a simulated node.
        return a.map((x) => `${this.expr(x)};`).join(' ');
    }
  }

  /**
   * The expression converted to `to`. 64-bit +, -, * produce the same bits signed or
   * unsigned, so a conversion between the two 64-bit views is folded into the operation.
   */
  exprAs(n: TNode, to: DType): string {
    const x = n.x;
    if (n.cst === undefined && x.op === 'bin' && is8(n.t) && is8(to) && (x.o === '+' || x.o === '-' || x.o === '*') && isInteger(x.ct)) {
      const a = conv(this.expr(x.l), x.l.t, x.ct);
      const b = conv(this.expr(x.r), x.r.t, x.ct);
      return this.arith(x.o, a, b, to);
    }
    if (n.cst !== undefined && isInteger(to)) {
      const i = intInfo(to);
      const bits = i.size * 8;
      return lit(i.signed ? BigInt.asIntN(bits, n.cst) : BigInt.asUintN(bits, n.cst));
    }
    return conv(this.expr(n), n.t, to);
  }

  /** A value as a data record reads it: pointers as addresses, strings checked for NULL. */
  private recordVal(n: TNode): string {
    const c = this.expr(n);
    if (n.t.k === 'ptr' && !isStringish(n.t)) return `R.addrOf(${c})`;
    if (isStringish(n.t)) return `R.str(${c}, ${this.nextOff()})`;
    return c;
  }

  truthy(n: TNode): string {
    const c = this.expr(n);
    return isInteger(n.t) ? `(${c}) !== 0` : `R.truthy(${c})`;
  }

  // ---- expressions ----------------------------------------------------------------------

  expr(n: TNode): string {
    if (n.cst !== undefined && isInteger(n.t) && n.x.op !== 'assign' && n.x.op !== 'incdec') return lit(n.cst);
    const x = n.x;
    switch (x.op) {
      case 'int':
        return lit(x.v);
      case 'str':
        return JSON.stringify(x.v.length >= this.strsize ? x.v.slice(0, this.strsize - 1) : x.v);
      case 'builtin':
        return this.builtin(x.name);
      case 'args':
        this.ra = true;
        return `(ctx.args[${x.i}] ?? ${zeroOf(n.t)})`;
      case 'host':
        return `(ctx.${x.name} ?? 0)`;
      case 'var':
        return this.varRead(x.v, x.keys);
      case 'member': {
        const o = this.t();
        const off = this.nextOff();
        return `((${o} = ${this.expr(x.obj)}) ? (${o}.${x.name} ?? ${zeroOf(n.t)}) : R.badaddr(${off}, ${o}))`;
      }
      case 'index': {
        const off = this.nextOff();
        return `R.index(${this.expr(x.base)}, ${this.expr(x.idx)}, ${off})`;
      }
      case 'deref': {
        const off = this.nextOff();
        return `R.deref(${this.expr(x.p)}, ${off})`;
      }
      case 'addr':
        return `R.addrOf(${this.expr(x.e)})`;
      case 'unary':
        return this.unary(n, x);
      case 'bin':
        return this.bin(n, x);
      case 'cond':
        return `(${this.truthy(x.c)} ? ${conv(this.expr(x.a), x.a.t, n.t)} : ${conv(this.expr(x.b), x.b.t, n.t)})`;
      case 'comma':
        return `(${this.expr(x.l)}, ${this.expr(x.r)})`;
      case 'cast':
        return conv(this.expr(x.e), x.e.t, n.t);
      case 'stringof':
        return isStringish(x.e.t) ? this.expr(x.e) : `R.strOf(${this.expr(x.e)})`;
      case 'call':
        return this.call(n, x.fn, x.args);
      case 'assign':
        return this.assign(n, x);
      case 'incdec':
        return this.incdec(n, x);
      case 'aggref':
        return '0';
    }
  }

  private builtin(name: string): string {
    if (/^arg\d$/.test(name)) {
      this.ra = true;
      return `ctx.arg[${name.slice(3)}]`;
    }
    switch (name) {
      case 'timestamp':
      case 'vtimestamp':
      case 'walltimestamp':
      case 'cpu':
      case 'pid':
      case 'ppid':
      case 'tid':
      case 'uid':
      case 'execname':
      case 'zonename':
      case 'errno':
        return `ctx.${name}`;
      case 'probeprov':
        return 'P.provider';
      case 'probemod':
        return 'P.module';
      case 'probefunc':
        return 'P.func';
      case 'probename':
        return 'P.name';
      case 'epid':
        return `EP[${this.k}]`;
      case 'id':
        return 'P.id';
      case 'curthread':
        return '(ctx.curthread ?? 0)';
      case 'gid':
        return '(ctx.curpsinfo?.pr_gid ?? 0)';
      case 'projid':
        return '(ctx.curpsinfo?.pr_projid ?? 0)';
      case 'pset':
        return '(ctx.curcpu?.cpu_pset ?? 0)';
      case 'chip':
        return '(ctx.curcpu?.cpu_chip ?? 0)';
      case 'lgrp':
        return '(ctx.curcpu?.cpu_lgrp ?? 0)';
      case 'cwd':
      case 'root':
        return '"/"';
      default:
        return '0';
    }
  }

  private varRead(v: VarInfo, keys: readonly TNode[] | undefined): string {
    const t = v.type!;
    const z = zeroOf(t);
    if (v.kind === 'local') return `l${v.id}`;
    if (v.kind === 'global') {
      if (!v.assoc) return `G[${v.id}]`;
      return `(A[${v.id}].get(${this.key(keys!)}) ?? ${z})`;
    }
    if (v.assoc) return `(TA[${v.id}].get(ctx.threadSlot + "\\u0001" + ${this.key(keys!)}) ?? ${z})`;
    if (tlsIsInt(v)) {
      const kept = this.kept?.id === v.id ? this.kept : undefined;
      if (kept?.phase === 'reuse') return kept.name;
      let read: string;
      if (!is8(t)) read = `(${this.tlsRef(v.id)}.vals[ctx.threadSlot] ?? 0)`;
      else {
        const r = this.t();
        read = `((${r} = ${this.tlsRef(v.id)}.vals[ctx.threadSlot] ?? 0) === ${r} ? ${r} : S.tbig(${this.tlsId(v.id)}, ctx.threadSlot))`;
      }
      return kept?.phase === 'capture' ? `(${kept.name} = ${read})` : read;
    }
    return `(TO[${v.id}][ctx.threadSlot] ?? ${z})`;
  }

  /** Is the value being stored D's zero (which frees a dynamic variable)? */
  private freeTest(t: DType, val: string, valueNode: TNode): string {
    if (isInteger(t)) return `${val} === 0`;
    if (isStringish(t) && t.k !== 'ptr') return valueNode.cst === 0n ? 'true' : `${val} === undefined`;
    return `!${val}`;
  }

  /** Store `val` (already converted to the target's type) into the target; yields the value. */
  private store(target: TNode, val: string, valueNode: TNode): string {
    const x = target.x;
    if (x.op !== 'var') {
      const off = this.nextOff();
      return `R.fault(3, ${off})`;
    }
    const v = x.v;
    const t = v.type!;
    if (v.kind === 'local') return `(l${v.id} = ${val})`;
    if (v.kind === 'global' && !v.assoc) {
      if (isStringish(t) && t.k !== 'ptr' && valueNode.cst === 0n) return `(G[${v.id}] = "")`;
      return `(G[${v.id}] = ${val})`;
    }
    const tv = this.t();
    const assignV = `${tv} = ${val}`;
    if (v.kind === 'global') return `(${assignV}, S.aset(${v.id}, ${this.key(x.keys!)}, ${tv}, ${this.freeTest(t, tv, valueNode)}))`;
    if (v.assoc) return `(${assignV}, S.taset(${v.id}, ctx.threadSlot + "\\u0001" + ${this.key(x.keys!)}, ${tv}, ${this.freeTest(t, tv, valueNode)}))`;
    if (tlsIsInt(v)) {
      // Inline fast path for number values: same dynamic-variable accounting as S.tset,
      // without a call (and without boxing the value) when nothing unusual happens.
      const [sl, vv, ar, ol] = [this.t(), this.t(), this.t(), this.t()];
      const c = dynCost(v, this.strsize);
      const T = this.tlsRef(v.id);
      const id = this.tlsId(v.id);
      if (val === '0') {
        // Storing the constant 0 frees the variable: no value type checks are needed.
        return (
          `(${sl} = ctx.threadSlot, ${ar} = ${T}.vals, ` +
          `(${sl} < ${ar}.length && (${ol} = ${ar}[${sl}]) === ${ol}) ` +
          `? (${ol} !== 0 && (S.dynUsed -= ${c}, ${ar}[${sl}] = 0)) : S.tset(${id}, ${sl}, 0), 0)`
        );
      }
      return (
        `(${sl} = ctx.threadSlot, ${vv} = ${val}, ${ar} = ${T}.vals, ` +
        `(${sl} < ${ar}.length && typeof ${vv} === 'number' && (${ol} = ${ar}[${sl}]) === ${ol}) ` +
        `? (${vv} === 0 ? (${ol} !== 0 && (S.dynUsed -= ${c}, ${ar}[${sl}] = 0)) ` +
        `: ${ol} !== 0 ? (${ar}[${sl}] = ${vv}) : S.dynUsed + ${c} <= S.dynvarsize ? (S.dynUsed += ${c}, ${ar}[${sl}] = ${vv}) : S.tset(${id}, ${sl}, ${vv})) ` +
        `: S.tset(${id}, ${sl}, ${vv}), ${vv})`
      );
    }
    return `(${assignV}, S.tsetO(${v.id}, ctx.threadSlot, ${tv}, ${this.freeTest(t, tv, valueNode)}))`;
  }

  private assign(n: TNode, x: TNode['x'] & { op: 'assign' }): string {
    const tt = x.target.t;
    if (x.o === '=') {
      let val = this.exprAs(x.value, tt);
      if (isStringish(tt) && tt.k !== 'ptr' && x.value.cst === 0n) val = 'undefined';
      return this.store(x.target, val, x.value);
    }
    const op = x.o.slice(0, -1);
    const cur = this.expr(x.target);
    const r = this.arith(op, conv(cur, tt, x.ct), conv(this.expr(x.value), x.value.t, x.ct), x.ct, x.target.t.k === 'ptr' ? x.target.t : undefined);
    return this.store(x.target, conv(r, x.ct, tt), n);
  }

  private incdec(n: TNode, x: TNode['x'] & { op: 'incdec' }): string {
    const tt = x.target.t;
    const cur = this.t();
    const op = x.o === '++' ? '+' : '-';
    const ct = isInteger(tt) ? (intInfo(tt).size === 8 ? tt : { k: 'int' as const, name: 'int', size: 4 as const, signed: intInfo(tt).signed || intInfo(tt).size < 4 }) : tt;
    const next = conv(this.arith(op, conv(cur, tt, ct), '1', ct, tt.k === 'ptr' ? tt : undefined), ct, tt);
    const nv = this.t();
    const st = this.store(x.target, nv, n);
    return x.post ? `(${cur} = ${this.expr(x.target)}, ${nv} = ${next}, ${st}, ${cur})` : `(${cur} = ${this.expr(x.target)}, ${nv} = ${next}, ${st}, ${nv})`;
  }

  private unary(n: TNode, x: TNode['x'] & { op: 'unary' }): string {
    const e = conv(this.expr(x.e), x.e.t, x.o === '!' ? x.e.t : n.t);
    switch (x.o) {
      case '+':
        return e;
      case '-':
        if (is8(n.t)) return `neg(${e}, ${!intInfo(n.t).signed})`;
        return intInfo(n.t).signed ? `((-${e}) | 0)` : `((-${e}) >>> 0)`;
      case '~':
        if (is8(n.t)) return `not(${e}, ${!intInfo(n.t).signed})`;
        return intInfo(n.t).signed ? `(~${e})` : `((~${e}) >>> 0)`;
      case '!':
        return isInteger(x.e.t) ? `(${e} === 0 ? 1 : 0)` : `(R.truthy(${e}) ? 0 : 1)`;
    }
  }

  /** Integer arithmetic in type ct on already-converted operands. */
  private arith(op: string, a: string, b: string, ct: DType, ptr?: DType): string {
    if (ptr) return `R.ptrAdd(${a}, ${op === '-' ? `neg(${b})` : b})`;
    const info = intInfo(ct);
    const u = !info.signed;
    if (info.size === 8) {
      switch (op) {
        case '+': return `add(${a}, ${b}, ${u})`;
        case '-': return `sub(${a}, ${b}, ${u})`;
        case '*': return `mul(${a}, ${b}, ${u})`;
        case '/':
        case '%': {
          const ta = this.t();
          const tb = this.t();
          const off = this.nextOff();
          const f = op === '/' ? (u ? 'divU' : 'div') : u ? 'modU' : 'mod';
          return `(${ta} = ${a}, (${tb} = ${b}) === 0 ? R.divzero(${off}) : ${f}(${ta}, ${tb}))`;
        }
        case '<<': return `shl(${a}, ${b}, ${u})`;
        case '>>': return `shr(${a}, ${b}, ${u})`;
        case '&': return `and(${a}, ${b}, ${u})`;
        case '|': return `or(${a}, ${b}, ${u})`;
        case '^': return `xor(${a}, ${b}, ${u})`;
      }
    }
    const fix = (e: string) => (u ? `((${e}) >>> 0)` : `((${e}) | 0)`);
    switch (op) {
      case '+': return fix(`${a} + ${b}`);
      case '-': return fix(`${a} - ${b}`);
      case '*': return fix(`Math.imul(${a}, ${b})`);
      case '/':
      case '%': {
        const ta = this.t();
        const tb = this.t();
        const off = this.nextOff();
        return `(${ta} = ${a}, (${tb} = ${b}) === 0 ? R.divzero(${off}) : ${fix(`${ta} ${op} ${tb}`)})`;
      }
      case '<<': return `wrap(shl(${a}, ${b}), 32, ${!u})`;
      case '>>': return u ? `wrap(shr(${a}, ${b}, true), 32, false)` : `wrap(shr(${a}, ${b}), 32, true)`;
      case '&': return fix(`${a} & ${b}`);
      case '|': return fix(`${a} | ${b}`);
      case '^': return fix(`${a} ^ ${b}`);
    }
    throw new Error(`operator ${op}`);
  }

  private bin(n: TNode, x: TNode['x'] & { op: 'bin' }): string {
    const { o, l, r, ct } = x;
    if (o === '&&') return `(${this.truthy(l)} && ${this.truthy(r)} ? 1 : 0)`;
    if (o === '||') return `(${this.truthy(l)} || ${this.truthy(r)} ? 1 : 0)`;
    if (o === '^^') return `((${this.truthy(l)}) !== (${this.truthy(r)}) ? 1 : 0)`;
    if (o === '<' || o === '<=' || o === '>' || o === '>=' || o === '==' || o === '!=') {
      const jsop = o === '==' ? '===' : o === '!=' ? '!==' : o;
      if (ct.k === 'string') {
        if (l.cst === 0n) return `(${this.expr(r)} ${jsop === '===' ? '===' : '!=='} undefined ? 1 : 0)`;
        if (r.cst === 0n) return `(${this.expr(l)} ${jsop === '===' ? '===' : '!=='} undefined ? 1 : 0)`;
        // Only subroutine results can be NULL (undefined); everything else is a string already.
        const sv = (n: TNode) => (n.x.op === 'call' ? `R.s(${this.expr(n)})` : this.expr(n));
        return `(${sv(l)} ${jsop} ${sv(r)} ? 1 : 0)`;
      }
      if (isInteger(ct)) {
        const a = conv(this.expr(l), l.t, ct);
        const b = conv(this.expr(r), r.t, ct);
        return `(${a} ${jsop} ${b} ? 1 : 0)`;
      }
      return `(R.addrOf(${this.expr(l)}) ${jsop} R.addrOf(${this.expr(r)}) ? 1 : 0)`;
    }
    if ((o === '+' || o === '-') && !isInteger(ct)) {
      if (ct.k === 'string' || isStringish(ct)) return `R.strAdd(${this.expr(l)}, ${o === '-' ? `neg(${this.expr(r)})` : this.expr(r)})`;
      if (isInteger(n.t)) return `sub(R.addrOf(${this.expr(l)}), R.addrOf(${this.expr(r)}))`;
      return `R.ptrAdd(${this.expr(l)}, ${o === '-' ? `neg(${this.expr(r)})` : this.expr(r)})`;
    }
    const a = conv(this.expr(l), l.t, ct);
    const b = o === '<<' || o === '>>' ? this.expr(r) : conv(this.expr(r), r.t, ct);
    return this.arith(o, a, b, ct);
  }

  private call(n: TNode, fn: string, args: readonly TNode[]): string {
    const a = args.map((x) => {
      const c = this.expr(x);
      return isStringish(x.t) ? `R.str(${c}, ${this.nextOff()})` : c;
    });
    const ss = this.strsize;
    switch (fn) {
      case 'strlen': return `Str.strlen(${a[0]}, ${ss})`;
      case 'strjoin': return `Str.strjoin(${a[0]}, ${a[1]}, ${ss})`;
      case 'substr': return `Str.substr(${a[0]}, ${a[1]}, ${a[2] ?? 'undefined'}, ${ss})`;
      case 'index': return `Str.index(${a[0]}, ${a[1]}, ${a[2] ?? 'undefined'}, ${ss})`;
      case 'rindex': return `Str.rindex(${a[0]}, ${a[1]}, ${a[2] ?? 'undefined'}, ${ss})`;
      case 'strchr': return `Str.strchr(${a[0]}, ${a[1]}, ${ss})`;
      case 'strrchr': return `Str.strrchr(${a[0]}, ${a[1]}, ${ss})`;
      case 'strstr': return `Str.strstr(${a[0]}, ${a[1]}, ${ss})`;
      case 'strtok': return `R.strtok(${args[0].cst === 0n ? 'undefined' : a[0]}, ${a[1]})`;
      case 'lltostr': return `Str.lltostr(${conv(a[0], args[0].t, { k: 'int', name: 'int64_t', size: 8, signed: true })}${a[1] ? `, ${a[1]}` : ''})`;
      case 'strtoll': return `Str.strtoll(${a[0]}, ${a[1] ?? 10}, ${ss})`;
      case 'toupper': return `Str.toupper(${a[0]}, ${ss})`;
      case 'tolower': return `Str.tolower(${a[0]}, ${ss})`;
      case 'basename': return `Str.basename(${a[0]}, ${ss})`;
      case 'dirname': return `Str.dirname(${a[0]}, ${ss})`;
      case 'cleanpath': return `Str.cleanpath(${a[0]}, ${ss})`;
      case 'json': return `Str.json(${a[0]}, ${a[1]}, ${ss})`;
      case 'htons': case 'ntohs': case 'htonl': case 'ntohl': case 'htonll': case 'ntohll':
        return `Str.${fn}(${a[0]})`;
      case 'rand': return 'S.rand()';
      case 'speculation': return 'S.speculation()';
      case 'progenyof': return `(${a[0]} === ctx.pid || ${a[0]} === ctx.ppid ? 1 : 0)`;
      case 'copyinstr': return `R.copyinstr(ctx, ${a[0]}, ${a[1] ?? 'undefined'}, ${this.nextOff()})`;
      case 'copyin': return `R.copyin(ctx, ${a[0]}, ${a[1]}, ${this.nextOff()})`;
      case 'getmajor': return `shr(${a[0]}, 32, true)`;
      case 'getminor': return `and(${a[0]}, 4294967295, true)`;
      case 'inet_ntoa': case 'inet_ntoa6': case 'inet_ntop':
        return `R.inet(${JSON.stringify(fn)}, ${a.join(', ')})`;
      default:
        void n;
        return `R.fault(3, ${this.nextOff()})`;
    }
  }
}
