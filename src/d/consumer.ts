// The consumer: turns a compiled program into firing functions, one per enabled probe,
// and owns everything that happens when they run (dtrace-semantics §2-§4): the record
// path and its default output (header, CPU/ID/FUNCTION:NAME rows, quiet mode), exit(),
// faults and ERROR, drops, speculations, aggregation actions, and the run-out at END.
// Pure; runs in a worker, the CLI or a test. The host calls fire() for enabled probes only.
import type { DInt, FiringContext, OutputSink, ProbeInfo } from './host';
import * as I64 from './int64';
import * as Str from './strings';
import { SubrFault, Strtok } from './strings';
import { formatPrintf } from './printf';
import type { ParsedFormat } from './printf';
import { formatTrace } from './trace';
import type { ValueType } from './valuetype';
import { DFault, RuntimeState, TlsInts, faultMessage } from './runtime';
import { ClauseCompiler, ConstPool, dynCost, tlsIsInt } from './codegen';
import type { CompiledProgram } from './index';
import { programInternals } from './program';
import type { AggSpace, AggTable } from './aggregations';
import type { AggDesc, AggSnapshot } from './agg/index';
import { createAggTables, printAggregations, printaText, truncAgg } from './aggregations';
import type { DOptions } from './options';
import { OptionError } from './options';
import { isInteger, isStringish } from './types';

export interface ConsumerEnv {
  readonly sink: OutputSink;
  readonly progname: string;
  /** _DTRACE_TESTING is set: the default header and rows have no CPU and ID columns. */
  readonly testing?: boolean;
}

type FireFn = (ctx: FiringContext) => void;

const HELPERS = ['add', 'sub', 'mul', 'neg', 'div', 'divU', 'mod', 'modU', 'shl', 'shr', 'and', 'or', 'xor', 'not', 'wrap', 'asS64', 'asU64'] as const;

/** The object generated code calls as `R` for everything beyond plain variable access. */
class Machine {
  headerDone = false;
  inError = false;
  private strtokState = new Strtok();

  constructor(
    private readonly c: Consumer,
    private readonly S: RuntimeState,
    private readonly opts: DOptions,
    private readonly env: ConsumerEnv,
    private readonly aggs: AggTable[],
  ) {
    this.quiet = opts.quiet;
  }

  /** Mirrors the quiet option (setopt() may change it); read on every commit. */
  quiet: boolean;

  emit(text: string): void {
    if (text !== '') this.env.sink.stdout(text);
  }

  /**
   * A clause's records, committed at its end (or appended to a speculation). `quiet0` is
   * the quiet setting when the clause began (setopt() may have changed it since): the row
   * prefix follows it, the row's closing newline follows the setting now.
   */
  commit(o: string, size: number, sp: DInt, epid: number, P: ProbeInfo, ctx: FiringContext, quiet0: boolean = this.quiet): void {
    let text = o;
    if (!quiet0) {
      const fn = `${P.func}:${P.name}`;
      text = this.env.testing ? `${fn.padStart(32)} ${o}` : `${String(ctx.cpu).padStart(3)} ${String(P.id).padStart(6)} ${fn.padStart(32)} ${o}`;
      if (!this.quiet) text += '\n';
    }
    void epid;
    if (sp !== -1) this.S.speculate(sp, text, size);
    else this.out(text, quiet0);
  }

  /** Record output goes through here so the header comes before the first record. */
  out(text: string, quiet: boolean = this.quiet): void {
    if (!quiet && !this.headerDone) {
      this.headerDone = true;
      this.emit(this.env.testing ? `${'FUNCTION:NAME'.padStart(32)}\n` : `${'CPU'.padStart(3)} ${'ID'.padStart(6)} ${'FUNCTION:NAME'.padStart(32)}\n`);
    }
    this.emit(text);
  }

  commitSpec(id: DInt): void {
    const t = this.S.commitSpec(id);
    if (t !== '') this.out(t);
  }

  onFault(f: unknown, act: number, epid: number, P: ProbeInfo, ctx: FiringContext): void {
    let fault: DFault;
    if (f instanceof DFault) fault = f;
    else if (f instanceof SubrFault) fault = new DFault(f.code, 0, f.addr);
    else throw f;
    if (this.inError) {
      this.S.drops.errorInError++;
      return;
    }
    this.env.sink.stderr(`${this.env.progname}: ${faultMessage(fault, act, epid, P)}\n`);
    this.c.fireError(ctx, epid, act, fault);
  }

  divzero(off: number): never {
    throw new DFault(4, off);
  }

  badaddr(off: number, v: unknown): never {
    throw new DFault(1, off, typeof v === 'number' || typeof v === 'bigint' ? v : 0);
  }

  fault(code: number, off: number): never {
    throw new DFault(code, off);
  }

  /** A string operand: NULL (undefined) faults like a read of address 0. */
  str(v: unknown, off: number): string {
    if (typeof v === 'string') return v;
    if (v === undefined || v === 0) throw new DFault(1, off, 0);
    return String(v);
  }

  s(v: unknown): string {
    return typeof v === 'string' ? v : '';
  }

  strOf(v: unknown): string {
    if (typeof v === 'string') return v;
    if (v === 0 || v === undefined) throw new DFault(1, 0, 0);
    return '';
  }

  strAdd(s: unknown, n: DInt): string {
    const str = typeof s === 'string' ? s : '';
    const k = Number(n);
    return k >= 0 && k < str.length ? str.slice(k) : '';
  }

  ptrAdd(p: unknown, n: DInt): unknown {
    if (typeof p === 'number' || typeof p === 'bigint') return I64.add(p, n, true);
    return n === 0 ? p : I64.add(this.S.addrOf(p), n, true);
  }

  truthy(v: unknown): boolean {
    return v !== 0 && v !== undefined && v !== null && v !== 0n;
  }

  addrOf(v: unknown): DInt {
    return this.S.addrOf(v);
  }

  index(base: unknown, i: DInt, off: number): unknown {
    const k = Number(i);
    if (typeof base === 'string') return k >= 0 && k < base.length ? base.charCodeAt(k) : 0;
    if (Array.isArray(base) || ArrayBuffer.isView(base)) return (base as unknown as ArrayLike<unknown>)[k] ?? 0;
    throw new DFault(1, off, typeof base === 'number' ? I64.add(base, i, true) : 0);
  }

  deref(p: unknown, off: number): unknown {
    if (typeof p === 'string') return p.length > 0 ? p.charCodeAt(0) : 0;
    if (p !== null && typeof p === 'object') return p;
    throw new DFault(1, off, typeof p === 'number' || typeof p === 'bigint' ? p : 0);
  }

  tupleKey(vals: readonly unknown[]): string {
    let k = '';
    for (let i = 0; i < vals.length; i++) k += (i ? '\u0000' : '') + String(vals[i]);
    return k;
  }

  trace(v: unknown, vt: ValueType): string {
    if (vt.kind === 'string' && v === undefined) throw new DFault(1, 0, 0);
    return formatTrace(v, vt, this.quiet, { strsize: this.opts.strsize, stackindent: this.opts.stackindent, rawbytes: this.opts.rawbytes });
  }

  printf(fmt: ParsedFormat, vals: readonly unknown[], types: readonly ValueType[]): string {
    return formatPrintf(fmt, vals, types, { strsize: this.opts.strsize });
  }

  printa(fmt: ParsedFormat | undefined, ids: readonly number[]): string {
    return printaText(this.aggs, ids, fmt, this.opts);
  }

  tracemem(v: unknown, size: number): string {
    const bytes: number[] = [];
    const s = typeof v === 'string' ? v : '';
    for (let i = 0; i < size; i++) bytes.push(i < s.length ? s.charCodeAt(i) & 0xff : 0);
    return formatTrace(Uint8Array.from(bytes), { kind: 'other', name: 'tracemem' }, false, { rawbytes: true });
  }

  aggAction(name: string, id: number, n: DInt | undefined): void {
    const a = this.aggs[id];
    switch (name) {
      case 'clear':
        a.clear();
        break;
      case 'denormalize':
        a.denormalize();
        break;
      case 'normalize':
        a.normalize(n ?? 1);
        break;
      case 'trunc':
        truncAgg(a, n);
        break;
    }
  }

  /**
   * setopt() takes effect from its record on: later records of the clause see it (a
   * printa after setopt("aggsortkey") sorts by key). The clause's row prefix was printed
   * under the old quiet setting; the commit passes that along.
   */
  setopt(name: string, value: string | undefined, epid: number, P: ProbeInfo): void {
    this.applyOpt(name, value, epid, P);
  }

  private applyOpt(name: string, value: string | undefined, epid: number, P: ProbeInfo): void {
    try {
      this.opts.set(name, value === undefined ? undefined : value, 'setopt');
      this.quiet = this.opts.quiet;
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      this.env.sink.stderr(
        `${this.env.progname}: error on enabled probe ID ${epid} (ID ${P.id}: ${P.provider}:${P.module}:${P.func}:${P.name}): couldn't set option "${name}" to "${value ?? '1'}": ${e.message}\n`,
      );
    }
  }

  exit(v: DInt): void {
    this.S.exit(v);
  }

  strtok(s: string | undefined, d: string): string | undefined {
    return this.strtokState.next(s, d, this.opts.strsize);
  }

  firing(): void {
    this.strtokState.reset();
  }

  /** copyinstr(addr[, max]): user memory up to its NUL, bounded by strsize and max. */
  copyinstr(ctx: FiringContext, addr: DInt, max: DInt | undefined, off: number): string {
    const lim = Math.min(this.opts.strsize - 1, max === undefined ? Infinity : Number(max));
    const s = ctx.readUser?.(addr, lim + 1);
    if (s === undefined) throw new DFault(1, off, addr);
    const nul = s.indexOf('\0');
    const str = nul >= 0 ? s.slice(0, nul) : s;
    return str.length > lim ? str.slice(0, lim) : str;
  }

  /** copyin(addr, size): the bytes, carried as a byte string. */
  copyin(ctx: FiringContext, addr: DInt, size: DInt, off: number): string {
    const n = Number(size);
    const s = ctx.readUser?.(addr, n);
    if (s === undefined) throw new DFault(1, off, addr);
    return s.length > n ? s.slice(0, n) : s.padEnd(n, '\0');
  }

  /** The firing's stack frames (none when the host gives none), at most n (or the option's count). */
  frames(ctx: FiringContext, kernel: boolean, n: number): readonly string[] {
    const all = (kernel ? ctx.kstack : ctx.ustack) ?? [];
    const max = n > 0 ? n : kernel ? this.opts.stackframes : this.opts.ustackframes;
    return all.length > max ? all.slice(0, max) : all;
  }

  inet(fn: string, a: unknown, b?: unknown): string {
    const bytes = (v: unknown): ArrayLike<number> => (ArrayBuffer.isView(v) ? (v as Uint8Array) : Array.isArray(v) ? v : []);
    if (fn === 'inet_ntoa') return Str.inetNtoa(bytes(a));
    if (fn === 'inet_ntoa6') return Str.inetNtoa6(bytes(a));
    return Str.inetNtop(a as DInt, bytes(b));
  }
}

export class Consumer {
  private readonly S: RuntimeState;
  private readonly M: Machine;
  private readonly fns: (FireFn | undefined)[] = [];
  private argsRead = true;
  private readonly aggs: AggTable[];
  private readonly aggSpace: AggSpace;
  private readonly opts: DOptions;
  private readonly reported = { dynvar: 0, spec: 0, specBusy: 0, errorInError: 0 };
  private readonly probesById = new Map<number, ProbeInfo>();

  constructor(
    program: CompiledProgram,
    private readonly env: ConsumerEnv,
  ) {
    const p = programInternals(program);
    this.opts = program.options;
    if (p.destructiveUsed && !this.opts.destructive) throw new Error('Destructive actions not allowed');
    const o = this.opts;
    this.S = new RuntimeState(o.strsize, o.dynvarsize, o.nspec, o.specsize);
    const S = this.S;
    for (const v of p.checked.globals) {
      const t = v.type;
      S.G[v.id] = t && isStringish(t) && t.k !== 'ptr' ? '' : 0;
      S.A[v.id] = new Map();
      S.assocCost[v.id] = dynCost(v, o.strsize);
    }
    for (const v of p.checked.tls) {
      if (v.assoc) {
        S.TA[v.id] = new Map();
        S.tassocCost[v.id] = dynCost(v, o.strsize);
        continue;
      }
      if (tlsIsInt(v)) S.T[v.id] = new TlsInts();
      else S.TO[v.id] = [];
      S.tlsCost[v.id] = dynCost(v, o.strsize);
    }
    for (let i = 0; i < p.checked.tls.length; i++) S.TA[i] ??= new Map();
    const at = createAggTables(p.checked.aggs, o);
    this.aggs = at.tables;
    this.aggSpace = at.space;
    this.M = new Machine(this, S, o, env, this.aggs);
    this.build(p);
  }

  private build(p: ReturnType<typeof programInternals>): void {
    const K = new ConstPool();
    const cc = new ClauseCompiler(K, this.opts.strsize);
    // A clause's source depends on its index among the clauses of a probe (EP[k], bound names).
    const gens = new Map<string, ReturnType<ClauseCompiler['clause']>>();
    let maxTemps = 0;
    const gen = (clause: number, k: number) => {
      const key = `${clause}:${k}`;
      let g = gens.get(key);
      if (g === undefined) {
        const c = p.checked.clauses[clause]!;
        g = cc.clause(c, k, c.records);
        maxTemps = Math.max(maxTemps, cc.temps);
        gens.set(key, g);
      }
      return g;
    };
    const byProbe = new Map<number, { clause: number; epid: number }[]>();
    for (const e of p.enablings) {
      let l = byProbe.get(e.probe.id);
      if (!l) {
        l = [];
        byProbe.set(e.probe.id, l);
        this.probesById.set(e.probe.id, e.probe);
      }
      l.push({ clause: e.clause, epid: e.epid });
    }
    const plans = [...byProbe].map(([id, list]) => ({ id, list, parts: list.map((x, k) => gen(x.clause, k)) }));
    this.argsRead = plans.some((pl) => pl.parts.some((g) => g.readsArgs));
    const usesStrtok = plans.some((pl) => pl.parts.some((g) => g.src.includes('R.strtok(')));
    const localDecls = p.checked.locals.map((v) => `l${v.id} = ${v.type && isStringish(v.type) && v.type.k !== 'ptr' ? '""' : '0'}`);
    const temps = Array.from({ length: maxTemps }, (_, i) => `$${i}`);
    const M = this.M;
    const S = this.S;
    const made = new Map<string, (P: ProbeInfo, EP: readonly number[], B: readonly unknown[]) => FireFn>();
    for (const { id, list, parts } of plans) {
      const probe = this.probesById.get(id)!;
      // After exit() only END and ERROR still fire; the later clauses of a firing do not run
      // either (the last has none after it).
      const endLike = probe.provider === 'dtrace' && (probe.name === 'END' || probe.name === 'ERROR');
      const stop = endLike ? '' : 'if (S.exited) return;';
      const text = parts.map((g, k) => (k === parts.length - 1 || endLike ? g.src : `${g.src}\n${stop}`)).join('\n');
      // The bound names, bound per probe from B: thread-local variables and their ids, aggregations.
      const names: string[] = [];
      const values: unknown[] = [];
      parts.forEach((g, k) => {
        g.binds.tls.forEach((v, i) => {
          names.push(`$T${k}_${i} = T[B[${values.length}]]`, `$t${k}_${i} = B[${values.length}]`);
          values.push(v);
        });
        g.binds.aggs.forEach((a, i) => {
          names.push(`$A${k}_${i} = AG[B[${values.length}]]`);
          values.push(a);
        });
      });
      // Record-buffer variables are declared only where some clause refers to them.
      const used = (name: string) => new RegExp(`\\b${name}\\b`).test(text);
      const state = [['o', '""'], ['sp', '-1'], ['sz', '0'], ['q0', 'false']].filter(([n]) => used(n!)).map(([n, v]) => `${n} = ${v}`);
      const kept = parts.flatMap((g) => g.locals.map((n) => `${n} = 0`));
      const decls = ['act = 0', ...state, ...temps, ...kept, ...localDecls].join(', ');
      // `var`, not `const`: fire() reads these from its closure, and V8 checks every such
      // read of a `const` for the temporal dead zone (a load and a compare each).
      const body = `"use strict";
var {${HELPERS.join(', ')}} = H;
return function (P, EP, B) {
${names.length > 0 ? `  var ${names.join(', ')};` : ''}
  return function fire(ctx) {
    ${stop}
    let ${decls};
${usesStrtok ? 'R.firing();' : ''}
${text}
  };
};`;
      let f = made.get(body);
      if (f === undefined) {
        f = clauseFactory(body)(I64, M, S, S.G, S.A, S.T, S.TO, S.TA, this.aggs, this.aggSpace, K.items, Str);
        made.set(body, f);
      }
      this.fns[id] = f(probe, list.map((x) => x.epid), values);
    }
  }

  isEnabled(probeId: number): boolean {
    return this.fns[probeId] !== undefined;
  }

  /**
   * Whether any clause reads a firing's arguments (arg0..arg9, args[]). When none does, a
   * host need not record them (ERROR's arguments are the consumer's own).
   */
  get readsArgs(): boolean {
    return this.argsRead;
  }

  get exited(): boolean {
    return this.S.exited;
  }

  get exitStatus(): number {
    return this.S.exitStatus;
  }

  begin(ctx: FiringContext): void {
    this.fire(1, ctx);
  }

  /** Fires probe `probeId` (after exit() only END and ERROR still run: each firing function checks). */
  fire(probeId: number, ctx: FiringContext): void {
    const f = this.fns[probeId];
    if (f !== undefined) f(ctx);
  }

  /**
   * The function fire(probeId, ·) calls, for hosts that resolve a probe's handler once and
   * call it on each firing (undefined: not enabled).
   */
  handler(probeId: number): FireFn | undefined {
    return this.fns[probeId];
  }

  /** Fires dtrace:::ERROR for a fault (never recursively). */
  fireError(ctx: FiringContext, epid: number, act: number, f: DFault): void {
    const fn = this.fns[3];
    if (fn === undefined) return;
    const arg: DInt[] = [0, epid, act, f.offset, f.code, f.addr, 0, 0, 0, 0];
    // The faulting firing's context with ERROR's own arguments. Made by delegation rather
    // than a copy, so built-ins a host computes lazily (getters, own or on a prototype)
    // still work and a host need not give every context its own accessors.
    const ectx = Object.create(ctx, { arg: { value: arg, enumerable: true }, args: { value: arg.slice(), enumerable: true } }) as FiringContext;
    this.M.inError = true;
    try {
      fn(ectx);
    } finally {
      this.M.inError = false;
    }
  }

  poll(nowNs: number): void {
    void nowNs;
    const d = this.S.drops;
    const r = this.reported;
    const say = (n: number, text: string) => this.env.sink.stderr(`${this.env.progname}: ${n} ${text}\n`);
    if (d.dynvar > r.dynvar) say(d.dynvar - r.dynvar, `dynamic variable drop${d.dynvar - r.dynvar === 1 ? '' : 's'}`);
    if (d.spec > r.spec) say(d.spec - r.spec, `speculative drop${d.spec - r.spec === 1 ? '' : 's'}`);
    if (d.specBusy > r.specBusy) say(d.specBusy - r.specBusy, `failed speculation${d.specBusy - r.specBusy === 1 ? '' : 's'} (no speculative buffer available)`);
    if (d.errorInError > r.errorInError) say(d.errorInError - r.errorInError, `error${d.errorInError - r.errorInError === 1 ? '' : 's'} in ERROR probe enabling`);
    for (const { cpu, count } of this.aggSpace.takeDrops()) say(count, `aggregation drop${count === 1 ? '' : 's'} on CPU ${cpu}`);
    r.dynvar = d.dynvar;
    r.spec = d.spec;
    r.specBusy = d.specBusy;
    r.errorInError = d.errorInError;
  }

  end(ctx: FiringContext): void {
    const f = this.fns[2];
    if (f !== undefined) f(ctx);
    this.poll(ctx.timestamp);
    this.env.sink.stdout('\n');
    const text = printAggregations(this.aggs, this.opts);
    if (text !== '') this.env.sink.stdout(text);
  }

  /**
   * Every aggregation as a columnar snapshot with its description (keys' types,
   * quantization parameters), for hosts that ship results across a thread boundary.
   */
  aggregations(): readonly { readonly desc: AggDesc; readonly snapshot: AggSnapshot }[] {
    return this.aggs.map((a) => ({ desc: a.desc, snapshot: a.snapshot() }));
  }

  /**
   * Every aggregation as aggregations() gives it, then empties them all (keys and values,
   * their space released): the data of one interval, for hosts that report per interval.
   */
  takeAggregations(): readonly { readonly desc: AggDesc; readonly snapshot: AggSnapshot }[] {
    const out = this.aggregations();
    for (const a of this.aggs) a.trunc();
    return out;
  }

  threadExited(slot: number): void {
    this.S.threadExited(slot);
  }
}

type ClauseFactory = (...a: unknown[]) => (P: ProbeInfo, EP: readonly number[], B: readonly unknown[]) => FireFn;

/**
 * Compiled clause factories by their source. Every name a body uses comes in through its
 * parameters, so consumers of the same program (one per node, or the same script run
 * again) share one factory, and so one function literal per probe's clauses: V8 keeps
 * the type feedback and optimized code of a literal's closures together, so the second
 * consumer starts on optimized code instead of compiling it all again. Bounded: the
 * oldest entry goes first.
 */
const FACTORIES = new Map<string, ClauseFactory>();
const MAX_FACTORIES = 512;

function clauseFactory(body: string): ClauseFactory {
  let f = FACTORIES.get(body);
  if (f === undefined) {
    f = new Function('H', 'R', 'S', 'G', 'A', 'T', 'TO', 'TA', 'AG', 'AS', 'K', 'Str', body) as ClauseFactory;
    if (FACTORIES.size >= MAX_FACTORIES) FACTORIES.delete(FACTORIES.keys().next().value!);
    FACTORIES.set(body, f);
  }
  return f;
}

export { isInteger };
