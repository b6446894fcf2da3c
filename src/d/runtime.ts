// The D runtime state one consumer owns, and the helpers generated clause code calls:
// global, thread-local and associative variables (dynamic ones bounded by dynvarsize with
// drops counted), faults, speculations, exit state and the record output path.
// Pure; lives wherever the consumer runs (a worker, the CLI, a test).
import type { DInt, FiringContext, ProbeInfo } from './host';
import { fromBig } from './int64';

/** A DTrace run-time fault (dtrace-semantics §4): aborts the clause, fires ERROR. */
export class DFault {
  constructor(
    readonly code: number,
    /** DIF offset: the ordinal of the faulting operation within its action. */
    readonly offset: number,
    readonly addr: DInt = 0,
  ) {}
}

export const FAULT_BADADDR = 1;
export const FAULT_BADALIGN = 2;
export const FAULT_ILLOP = 3;
export const FAULT_DIVZERO = 4;
export const FAULT_NOSCRATCH = 5;

const FAULT_TEXT: Readonly<Record<number, string>> = {
  1: 'invalid address',
  2: 'invalid alignment',
  3: 'illegal operation',
  4: 'divide-by-zero',
  5: 'out of scratch space',
  6: 'invalid kernel access',
  7: 'invalid user access',
  8: 'tuple stack overflow',
  9: 'bad stack',
};

export function faultMessage(f: DFault, action: number, epid: number, p: ProbeInfo): string {
  const addr = f.code === 1 || f.code === 2 || f.code === 6 || f.code === 7 ? ` (0x${(typeof f.addr === 'bigint' ? BigInt.asUintN(64, f.addr) : BigInt.asUintN(64, BigInt(f.addr))).toString(16)})` : '';
  const where = action === 0 ? 'predicate' : `action #${action}`;
  return `error on enabled probe ID ${epid} (ID ${p.id}: ${p.provider}:${p.module}:${p.func}:${p.name}): ${FAULT_TEXT[f.code] ?? 'unknown fault'}${addr} in ${where} at DIF offset ${f.offset}`;
}

/** Thread-local storage of one integer variable: dense by thread slot, bigints aside. */
export class TlsInts {
  vals: Float64Array = new Float64Array(64);
  big: Map<number, bigint> | undefined;
  grow(slot: number): Float64Array {
    let n = this.vals.length;
    while (n <= slot) n *= 2;
    const a = new Float64Array(n);
    a.set(this.vals);
    this.vals = a;
    return a;
  }
}

interface SpecBuffer {
  state: 'free' | 'active';
  text: string;
  size: number;
}

/** Counters the consumer reports (drops, errors). */
export class DropCounters {
  dynvar = 0;
  spec = 0;
  specBusy = 0;
  errorInError = 0;
}

/**
 * The variables and per-firing machinery of one consumer. Generated code reaches its
 * fields directly (no Map per scalar access): `G` for globals, `T` for thread-local
 * integers, `TO` for other thread-locals, `A` for global associative arrays, `TA` for
 * thread-local ones.
 */
export class RuntimeState {
  readonly G: unknown[] = [];
  /** By thread-local variable id: integer storage, or (for strings and pointers) a plain array. */
  readonly T: (TlsInts | undefined)[] = [];
  readonly TO: (unknown[] | undefined)[] = [];
  readonly A: Map<unknown, unknown>[] = [];
  readonly TA: Map<string, unknown>[] = [];
  /** Bytes each dynamic variable of a kind costs: indexed like T/TO (tls) and A (assoc). */
  tlsCost: number[] = [];
  assocCost: number[] = [];
  tassocCost: number[] = [];
  dynUsed = 0;
  readonly drops = new DropCounters();
  exited = false;
  exitStatus = 0;
  private specs: SpecBuffer[] = [];
  private addrs = new WeakMap<object, number>();
  private nextAddr = 0xfffffe0000100000;
  private rng = 0x2545f491;

  constructor(
    readonly strsize: number,
    readonly dynvarsize: number,
    nspec: number,
    readonly specsize: number,
  ) {
    for (let i = 0; i < nspec; i++) this.specs.push({ state: 'free', text: '', size: 0 });
  }

  // ---- dynamic variables ------------------------------------------------------------

  private alloc(cost: number): boolean {
    if (this.dynUsed + cost > this.dynvarsize) {
      this.drops.dynvar++;
      return false;
    }
    this.dynUsed += cost;
    return true;
  }

  /** self->x = v for an integer x. */
  tset(id: number, slot: number, v: DInt): DInt {
    const t = this.T[id]!;
    let a = t.vals;
    if (slot >= a.length) a = t.grow(slot);
    const old = a[slot];
    if (v === 0) {
      if (old !== 0) {
        this.dynUsed -= this.tlsCost[id];
        a[slot] = 0;
        if (old !== old) t.big!.delete(slot);
      }
      return v;
    }
    if (old === 0 && !this.alloc(this.tlsCost[id])) return v;
    if (typeof v === 'number') {
      if (old !== old) t.big!.delete(slot);
      a[slot] = v;
    } else {
      a[slot] = NaN;
      (t.big ??= new Map()).set(slot, v);
    }
    return v;
  }

  tbig(id: number, slot: number): DInt {
    return this.T[id]!.big!.get(slot)!;
  }

  /** self->x = v for a string or pointer x; undefined/0 frees it. */
  tsetO(id: number, slot: number, v: unknown, free: boolean): unknown {
    const a = this.TO[id]!;
    const old = a[slot];
    if (free) {
      if (old !== undefined) {
        this.dynUsed -= this.tlsCost[id];
        a[slot] = undefined;
      }
      return v;
    }
    if (old === undefined && !this.alloc(this.tlsCost[id])) return v;
    a[slot] = v;
    return v;
  }

  /** a[k] = v; zero (or a NULL string) deletes the element. */
  aset(id: number, key: unknown, v: unknown, free: boolean): unknown {
    const m = this.A[id];
    if (free) {
      if (m.delete(key)) this.dynUsed -= this.assocCost[id];
      return v;
    }
    if (!m.has(key) && !this.alloc(this.assocCost[id])) return v;
    m.set(key, v);
    return v;
  }

  taset(id: number, key: string, v: unknown, free: boolean): unknown {
    const m = this.TA[id];
    if (free) {
      if (m.delete(key)) this.dynUsed -= this.tassocCost[id];
      return v;
    }
    if (!m.has(key) && !this.alloc(this.tassocCost[id])) return v;
    m.set(key, v);
    return v;
  }

  threadExited(slot: number): void {
    this.T.forEach((t, id) => {
      if (t && slot < t.vals.length && t.vals[slot] !== 0) {
        this.dynUsed -= this.tlsCost[id];
        t.vals[slot] = 0;
        t.big?.delete(slot);
      }
    });
    this.TO.forEach((a, id) => {
      if (a && a[slot] !== undefined) {
        this.dynUsed -= this.tlsCost[id];
        a[slot] = undefined;
      }
    });
    const prefix = `${slot}\x01`;
    this.TA.forEach((m, id) => {
      for (const k of [...m.keys()]) {
        if (k.startsWith(prefix)) {
          m.delete(k);
          this.dynUsed -= this.tassocCost[id];
        }
      }
    });
  }

  // ---- faults -------------------------------------------------------------------------

  fault(code: number, offset: number, addr: DInt = 0): never {
    throw new DFault(code, offset, addr);
  }

  /** Fake, stable kernel addresses for host objects used as integers. */
  addrOf(v: unknown): DInt {
    if (v === undefined || v === null || v === 0) return 0;
    if (typeof v === 'number' || typeof v === 'bigint') return v;
    if (typeof v !== 'object') return 0;
    let a = this.addrs.get(v);
    if (a === undefined) {
      a = this.nextAddr;
      this.nextAddr += 0x40;
      this.addrs.set(v, a);
    }
    return fromBig(BigInt(a));
  }

  // ---- speculations -------------------------------------------------------------------

  speculation(): number {
    for (let i = 0; i < this.specs.length; i++) {
      if (this.specs[i].state === 'free') {
        this.specs[i] = { state: 'active', text: '', size: 0 };
        return i + 1;
      }
    }
    this.drops.specBusy++;
    return 0;
  }

  /** Append a committed clause's records to speculation `id` (false: dropped). */
  speculate(id: DInt, text: string, size: number): void {
    const s = typeof id === 'number' && id >= 1 ? this.specs[id - 1] : undefined;
    if (!s || s.state !== 'active') return;
    if (s.size + size > this.specsize) {
      this.drops.spec++;
      return;
    }
    s.size += size;
    s.text += text;
  }

  /** commit(id): the buffer's text, and the buffer freed. */
  commitSpec(id: DInt): string {
    const s = typeof id === 'number' && id >= 1 ? this.specs[id - 1] : undefined;
    if (!s || s.state !== 'active') return '';
    const t = s.text;
    this.specs[id as number - 1] = { state: 'free', text: '', size: 0 };
    return t;
  }

  discardSpec(id: DInt): void {
    const s = typeof id === 'number' && id >= 1 ? this.specs[id - 1] : undefined;
    if (s && s.state === 'active') this.specs[(id as number) - 1] = { state: 'free', text: '', size: 0 };
  }

  // ---- misc ----------------------------------------------------------------------------

  rand(): number {
    // xorshift32: deterministic, so the same scenario gives the same output.
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return x | 0;
  }

  exit(v: DInt): void {
    this.exited = true;
    this.exitStatus = Number(BigInt.asUintN(8, BigInt(v)));
  }
}

/** What every firing context provides as `ctx`, re-exported for generated code's types. */
export type Ctx = FiringContext;
