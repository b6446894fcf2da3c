// The typed intermediate form the checker (checker.ts) produces and the code generator
// (codegen.ts) consumes: every expression resolved to a variable, built-in, member or
// operation and annotated with its D type. Pure data, and irKids to walk it.
import type { AssignOp, BinaryOp, Pos } from './ast';
import type { ProbeInfo } from './host';
import type { DType } from './types';

export type VarKind = 'global' | 'tls' | 'local';

export interface VarInfo {
  readonly name: string;
  readonly kind: VarKind;
  /** Dense index among the variables of the same kind (storage slot). */
  readonly id: number;
  readonly assoc: boolean;
  type?: DType;
  keys?: readonly DType[];
  /** A declaration (not an assignment) gave the type. */
  declared: boolean;
}

export type AggFn = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'stddev' | 'quantize' | 'lquantize' | 'llquantize';

export interface AggInfo {
  readonly name: string; // with '@'
  readonly id: number;
  fn?: AggFn;
  keys?: readonly DType[];
  /** lquantize: [base, limit, step]; llquantize: [factor, low, high, nsteps]. */
  params?: readonly number[];
  line?: number;
}

export type IR =
  | { readonly op: 'int'; readonly v: bigint }
  | { readonly op: 'str'; readonly v: string }
  | { readonly op: 'builtin'; readonly name: string }
  | { readonly op: 'args'; readonly i: number }
  | { readonly op: 'host'; readonly name: 'curpsinfo' | 'curlwpsinfo' | 'curcpu' }
  | { readonly op: 'var'; readonly v: VarInfo; readonly keys?: readonly TNode[] }
  | { readonly op: 'member'; readonly obj: TNode; readonly name: string; readonly arrow: boolean }
  | { readonly op: 'index'; readonly base: TNode; readonly idx: TNode }
  | { readonly op: 'deref'; readonly p: TNode }
  | { readonly op: 'addr'; readonly e: TNode }
  | { readonly op: 'unary'; readonly o: '-' | '~' | '!' | '+'; readonly e: TNode }
  | { readonly op: 'bin'; readonly o: BinaryOp; readonly l: TNode; readonly r: TNode; /** operand type after conversion */ readonly ct: DType }
  | { readonly op: 'cond'; readonly c: TNode; readonly a: TNode; readonly b: TNode }
  | { readonly op: 'comma'; readonly l: TNode; readonly r: TNode }
  | { readonly op: 'cast'; readonly e: TNode }
  | { readonly op: 'assign'; readonly o: AssignOp; readonly target: TNode; readonly value: TNode; readonly ct: DType }
  | { readonly op: 'incdec'; readonly o: '++' | '--'; readonly post: boolean; readonly target: TNode }
  | { readonly op: 'call'; readonly fn: string; readonly args: readonly TNode[] }
  | { readonly op: 'stringof'; readonly e: TNode }
  | { readonly op: 'aggref'; readonly agg: AggInfo };

/** The expressions directly under `x`: its operands, a variable's keys, a call's arguments. */
export function irKids(x: IR): readonly TNode[] {
  switch (x.op) {
    case 'var':
      return x.keys ?? [];
    case 'member':
      return [x.obj];
    case 'index':
      return [x.base, x.idx];
    case 'deref':
      return [x.p];
    case 'addr':
    case 'unary':
    case 'cast':
    case 'stringof':
      return [x.e];
    case 'bin':
    case 'comma':
      return [x.l, x.r];
    case 'cond':
      return [x.c, x.a, x.b];
    case 'assign':
      return [x.target, x.value];
    case 'incdec':
      return [x.target];
    case 'call':
      return x.args;
    case 'int':
    case 'str':
    case 'builtin':
    case 'args':
    case 'host':
    case 'aggref':
      return [];
  }
}

export interface TNode {
  readonly x: IR;
  readonly t: DType;
  readonly pos: Pos;
  /** Integer constant value (already in the type's range). */
  readonly cst?: bigint;
  /** Lvalue kind: a D variable, a read-only built-in, or C memory (member/deref). */
  readonly lv?: 'var' | 'builtin' | 'mem';
  /** Set on calls of tracing/aggregating functions used as values (rejected later). */
  readonly act?: string;
}

export interface PrintfPlan {
  /** Opaque format object from printf.ts. */
  readonly format: unknown;
  readonly argTypes: readonly DType[];
}

export type TStmt =
  | { readonly k: 'expr'; readonly e: TNode; readonly records: boolean }
  | {
      readonly k: 'action';
      readonly name: string;
      readonly args: readonly TNode[];
      readonly pos: Pos;
      /** printf/printa/system/freopen: the parsed format. */
      readonly format?: unknown;
      readonly records: boolean;
    }
  | { readonly k: 'agg'; readonly agg: AggInfo; readonly keys: readonly TNode[]; readonly args: readonly TNode[]; readonly pos: Pos };

export interface TClause {
  /** Index of the program input the clause came from. */
  readonly input: number;
  readonly probes: readonly ProbeInfo[];
  readonly pred?: TNode;
  readonly stmts: readonly TStmt[];
  /** The clause records data (prints a default line when not quiet). */
  readonly records: boolean;
  /** Number of this-> variables (all clauses share one frame per firing). */
  readonly pos: Pos;
}
