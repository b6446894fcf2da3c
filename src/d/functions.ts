// The D library's callable names: subroutines with their C prototypes, tracing actions
// and aggregating functions (d-language §3.8-3.9), as the checker resolves them. Data only.
import type { DType } from './types';
import {
  T_CHARPTR,
  T_INT,
  T_SIZE,
  T_STACK,
  T_STRING,
  T_SYMADDR,
  T_UINT16,
  T_UINT32,
  T_UINT64,
  T_UINTPTR,
  T_USTACK,
  T_USYMADDR,
  T_VOID,
  T_VOIDPTR,
  T_INT64,
  rename,
} from './types';

/** How one parameter accepts its argument. */
export type ParamKind = 'string' | 'int' | 'ptr' | 'any';

export interface Param {
  readonly kind: ParamKind;
  /** The C spelling shown in prototype messages. */
  readonly proto: string;
}

export interface Subroutine {
  readonly ret: DType;
  readonly params: readonly Param[];
  readonly min: number;
  readonly destructive?: boolean;
}

const S: Param = { kind: 'string', proto: 'const char *' };
const p = (kind: ParamKind, proto: string): Param => ({ kind, proto });
const INT = p('int', 'int');

export const SUBROUTINES: ReadonlyMap<string, Subroutine> = new Map<string, Subroutine>([
  ['strlen', { ret: T_SIZE, params: [S], min: 1 }],
  ['strjoin', { ret: T_STRING, params: [S, S], min: 2 }],
  ['substr', { ret: T_STRING, params: [S, INT, INT], min: 2 }],
  ['index', { ret: T_INT, params: [S, S, INT], min: 2 }],
  ['rindex', { ret: T_INT, params: [S, S, INT], min: 2 }],
  ['strchr', { ret: T_STRING, params: [S, p('int', 'char')], min: 2 }],
  ['strrchr', { ret: T_STRING, params: [S, p('int', 'char')], min: 2 }],
  ['strstr', { ret: T_STRING, params: [S, S], min: 2 }],
  ['strtok', { ret: T_STRING, params: [S, S], min: 2 }],
  ['lltostr', { ret: T_STRING, params: [p('int', 'int64_t'), INT], min: 1 }],
  ['strtoll', { ret: T_INT64, params: [S, INT], min: 1 }],
  ['toupper', { ret: T_STRING, params: [S], min: 1 }],
  ['tolower', { ret: T_STRING, params: [S], min: 1 }],
  ['basename', { ret: T_STRING, params: [S], min: 1 }],
  ['dirname', { ret: T_STRING, params: [S], min: 1 }],
  ['cleanpath', { ret: T_STRING, params: [S], min: 1 }],
  ['json', { ret: T_STRING, params: [S, S], min: 2 }],
  ['rand', { ret: T_INT, params: [], min: 0 }],
  ['speculation', { ret: T_INT, params: [], min: 0 }],
  ['progenyof', { ret: T_INT, params: [p('int', 'pid_t')], min: 1 }],
  ['htons', { ret: T_UINT16, params: [p('int', 'uint16_t')], min: 1 }],
  ['ntohs', { ret: T_UINT16, params: [p('int', 'uint16_t')], min: 1 }],
  ['htonl', { ret: T_UINT32, params: [p('int', 'uint32_t')], min: 1 }],
  ['ntohl', { ret: T_UINT32, params: [p('int', 'uint32_t')], min: 1 }],
  ['htonll', { ret: T_UINT64, params: [p('int', 'uint64_t')], min: 1 }],
  ['ntohll', { ret: T_UINT64, params: [p('int', 'uint64_t')], min: 1 }],
  ['inet_ntoa', { ret: T_STRING, params: [p('ptr', 'ipaddr_t *')], min: 1 }],
  ['inet_ntoa6', { ret: T_STRING, params: [p('ptr', 'in6_addr_t *')], min: 1 }],
  ['inet_ntop', { ret: T_STRING, params: [INT, p('ptr', 'void *')], min: 2 }],
  ['copyin', { ret: T_VOIDPTR, params: [p('int', 'uintptr_t'), p('int', 'size_t')], min: 2 }],
  ['copyinstr', { ret: T_STRING, params: [p('int', 'uintptr_t'), p('int', 'size_t')], min: 1 }],
  ['copyinto', { ret: T_VOID, params: [p('int', 'uintptr_t'), p('int', 'size_t'), p('ptr', 'void *')], min: 3 }],
  ['alloca', { ret: T_VOIDPTR, params: [p('int', 'size_t')], min: 1 }],
  ['bcopy', { ret: T_VOID, params: [p('ptr', 'void *'), p('ptr', 'void *'), p('int', 'size_t')], min: 3 }],
  ['copyout', { ret: T_VOID, params: [p('ptr', 'void *'), p('int', 'uintptr_t'), p('int', 'size_t')], min: 3, destructive: true }],
  ['copyoutstr', { ret: T_VOID, params: [p('string', 'char *'), p('int', 'uintptr_t'), p('int', 'size_t')], min: 3, destructive: true }],
  ['getmajor', { ret: rename(T_UINT64, 'major_t'), params: [p('int', 'dev_t')], min: 1 }],
  ['getminor', { ret: rename(T_UINT64, 'minor_t'), params: [p('int', 'dev_t')], min: 1 }],
  ['ddi_pathname', { ret: T_STRING, params: [p('ptr', 'struct dev_info *'), INT], min: 2 }],
  ['mutex_owned', { ret: T_INT, params: [p('ptr', 'kmutex_t *')], min: 1 }],
  ['mutex_owner', { ret: T_VOIDPTR, params: [p('ptr', 'kmutex_t *')], min: 1 }],
  ['mutex_type_adaptive', { ret: T_INT, params: [p('ptr', 'kmutex_t *')], min: 1 }],
  ['mutex_type_spin', { ret: T_INT, params: [p('ptr', 'kmutex_t *')], min: 1 }],
  ['rw_read_held', { ret: T_INT, params: [p('ptr', 'krwlock_t *')], min: 1 }],
  ['rw_write_held', { ret: T_INT, params: [p('ptr', 'krwlock_t *')], min: 1 }],
  ['rw_iswriter', { ret: T_INT, params: [p('ptr', 'krwlock_t *')], min: 1 }],
  ['msgsize', { ret: T_SIZE, params: [p('ptr', 'mblk_t *')], min: 1 }],
  ['msgdsize', { ret: T_SIZE, params: [p('ptr', 'mblk_t *')], min: 1 }],
  ['getf', { ret: T_VOIDPTR, params: [INT], min: 1 }],
]);

/** Tracing actions. `ret` is what the call would yield as a value (to type `x = stack()`). */
export interface ActionDef {
  readonly ret: DType;
  readonly destructive?: boolean;
  /** Records data (see d-language §3.6): everything but destructive ones, discard, speculate, commit. */
  readonly records: boolean;
}

export const ACTIONS: ReadonlyMap<string, ActionDef> = new Map<string, ActionDef>([
  ['trace', { ret: T_VOID, records: true }],
  ['print', { ret: T_VOID, records: true }],
  ['printf', { ret: T_VOID, records: true }],
  ['printa', { ret: T_VOID, records: true }],
  ['tracemem', { ret: T_VOID, records: true }],
  ['stack', { ret: T_STACK, records: true }],
  ['ustack', { ret: T_USTACK, records: true }],
  ['jstack', { ret: T_USTACK, records: true }],
  ['sym', { ret: T_SYMADDR, records: true }],
  ['func', { ret: T_SYMADDR, records: true }],
  ['mod', { ret: T_SYMADDR, records: true }],
  ['usym', { ret: T_USYMADDR, records: true }],
  ['ufunc', { ret: T_USYMADDR, records: true }],
  ['umod', { ret: T_USYMADDR, records: true }],
  ['uaddr', { ret: T_USYMADDR, records: true }],
  ['exit', { ret: T_VOID, records: true }],
  ['setopt', { ret: T_VOID, records: true }],
  ['speculate', { ret: T_VOID, records: false }],
  ['commit', { ret: T_VOID, records: false }],
  ['discard', { ret: T_VOID, records: false }],
  ['ftruncate', { ret: T_VOID, records: true }],
  ['clear', { ret: T_VOID, records: true }],
  ['denormalize', { ret: T_VOID, records: true }],
  ['normalize', { ret: T_VOID, records: true }],
  ['trunc', { ret: T_VOID, records: true }],
  ['system', { ret: T_VOID, records: false, destructive: true }],
  ['freopen', { ret: T_VOID, records: false, destructive: true }],
  ['stop', { ret: T_VOID, records: false, destructive: true }],
  ['raise', { ret: T_VOID, records: false, destructive: true }],
  ['panic', { ret: T_VOID, records: false, destructive: true }],
  ['breakpoint', { ret: T_VOID, records: false, destructive: true }],
  ['chill', { ret: T_VOID, records: false, destructive: true }],
]);

export const AGG_FUNCS: ReadonlySet<string> = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'stddev', 'quantize', 'lquantize', 'llquantize',
]);

export { T_CHARPTR, T_UINTPTR };
