// The D type system as the checker sees it: C's integer types and their LP64 sizes, D's
// string, pointers, arrays, struct/union/enum with C layout (for sizeof and offsetof),
// function types, the special stack/symbol types, and the type library a D program
// starts with (the typedefs of d-language §3.2, the host structures the simulator
// exposes, and the D library inlines such as NULL, B_READ and curpsinfo).
// Pure data and functions; runs wherever the compiler runs.
import type { ValueType } from './valuetype';

export interface Member {
  readonly name: string;
  readonly type: DType;
  readonly offset: number;
}

export type DType =
  | { readonly k: 'int'; readonly name: string; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean }
  | { readonly k: 'enum'; readonly name: string; readonly tag?: string; readonly values: ReadonlyMap<string, number> }
  | { readonly k: 'float'; readonly name: string; readonly size: number }
  | { readonly k: 'string'; readonly name: string }
  | { readonly k: 'void'; readonly name: string }
  | { readonly k: 'ptr'; readonly name: string; readonly to: DType }
  | { readonly k: 'array'; readonly name: string; readonly elem: DType; readonly dim: number }
  | {
      readonly k: 'sou';
      readonly name: string;
      readonly kind: 'struct' | 'union';
      readonly tag?: string;
      /** undefined while only forward-declared. */
      members?: readonly Member[];
      size: number;
      align: number;
    }
  | { readonly k: 'func'; readonly name: string; readonly ret: DType; readonly params: readonly DType[]; readonly varargs: boolean }
  | { readonly k: 'special'; readonly name: 'stack' | 'ustack' | '_symaddr' | '_usymaddr' };

export function intType(name: string, size: 1 | 2 | 4 | 8, signed: boolean): DType {
  return { k: 'int', name, size, signed };
}

export const T_CHAR = intType('char', 1, true);
export const T_UCHAR = intType('unsigned char', 1, false);
export const T_SHORT = intType('short', 2, true);
export const T_USHORT = intType('unsigned short', 2, false);
export const T_INT = intType('int', 4, true);
export const T_UINT = intType('unsigned int', 4, false);
export const T_LONG = intType('long', 8, true);
export const T_ULONG = intType('unsigned long', 8, false);
export const T_LLONG = intType('long long', 8, true);
export const T_ULLONG = intType('unsigned long long', 8, false);
export const T_INT64 = intType('int64_t', 8, true);
export const T_UINT64 = intType('uint64_t', 8, false);
export const T_UINT32 = intType('uint32_t', 4, false);
export const T_UINT16 = intType('uint16_t', 2, false);
export const T_SIZE = intType('size_t', 8, false);
export const T_PTRDIFF = intType('ptrdiff_t', 8, true);
export const T_UINTPTR = intType('uintptr_t', 8, false);
export const T_STRING: DType = { k: 'string', name: 'string' };
export const T_VOID: DType = { k: 'void', name: 'void' };
export const T_STACK: DType = { k: 'special', name: 'stack' };
export const T_USTACK: DType = { k: 'special', name: 'ustack' };
export const T_SYMADDR: DType = { k: 'special', name: '_symaddr' };
export const T_USYMADDR: DType = { k: 'special', name: '_usymaddr' };

export function ptrTo(to: DType): DType {
  return { k: 'ptr', name: to.k === 'ptr' ? `${to.name}*` : `${to.name} *`, to };
}

export function arrayOf(elem: DType, dim: number): DType {
  return { k: 'array', name: `${elem.name} [${dim}]`, elem, dim };
}

export const T_CHARPTR = ptrTo(T_CHAR);
export const T_VOIDPTR = ptrTo(T_VOID);

/** A typedef is the same type under another name. */
export function rename(t: DType, name: string): DType {
  return { ...t, name } as DType;
}

/** Follow typedef-free structure: two types are the same if their shapes match. */
export function sameType(a: DType, b: DType): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int': {
      const bb = b as typeof a;
      return a.size === bb.size && a.signed === bb.signed;
    }
    case 'ptr':
      return sameType(a.to, (b as typeof a).to);
    case 'array': {
      const bb = b as typeof a;
      return a.dim === bb.dim && sameType(a.elem, bb.elem);
    }
    case 'sou': {
      const bb = b as typeof a;
      return a.kind === bb.kind && a.tag !== undefined && a.tag === bb.tag;
    }
    case 'enum':
      return a.tag !== undefined && a.tag === (b as typeof a).tag;
    case 'special':
      return a.name === b.name;
    default:
      return true;
  }
}

export function sizeOf(t: DType, strsize: number): number | undefined {
  switch (t.k) {
    case 'int':
      return t.size;
    case 'enum':
      return 4;
    case 'float':
      return t.size;
    case 'string':
      return strsize;
    case 'void':
      return undefined;
    case 'ptr':
      return 8;
    case 'array': {
      const e = sizeOf(t.elem, strsize);
      return e === undefined ? undefined : e * t.dim;
    }
    case 'sou':
      return t.members === undefined ? undefined : t.size;
    case 'func':
      return undefined;
    case 'special':
      return 8;
  }
}

export function alignOf(t: DType): number {
  switch (t.k) {
    case 'int':
      return t.size;
    case 'enum':
      return 4;
    case 'float':
      return t.size;
    case 'array':
      return alignOf(t.elem);
    case 'sou':
      return t.align;
    case 'string':
    case 'void':
      return 1;
    default:
      return 8;
  }
}

/** Lay out members as C does on LP64 (struct: sequential with alignment; union: overlapping). */
export function layout(kind: 'struct' | 'union', fields: readonly { readonly name: string; readonly type: DType }[], strsize: number): {
  members: Member[];
  size: number;
  align: number;
} {
  let off = 0;
  let align = 1;
  let size = 0;
  const members: Member[] = [];
  for (const f of fields) {
    const a = alignOf(f.type);
    const s = sizeOf(f.type, strsize) ?? 0;
    align = Math.max(align, a);
    if (kind === 'struct') {
      off = Math.ceil(off / a) * a;
      members.push({ name: f.name, type: f.type, offset: off });
      off += s;
      size = off;
    } else {
      members.push({ name: f.name, type: f.type, offset: 0 });
      size = Math.max(size, s);
    }
  }
  size = Math.ceil(size / align) * align;
  return { members, size, align };
}

export function makeSou(kind: 'struct' | 'union', tag: string | undefined, fields?: readonly { readonly name: string; readonly type: DType }[]): DType & { k: 'sou' } {
  const t: DType & { k: 'sou' } = { k: 'sou', name: tag === undefined ? `${kind} <anon>` : `${kind} ${tag}`, kind, tag, size: 0, align: 1 };
  if (fields) {
    const l = layout(kind, fields, 256);
    t.members = l.members;
    t.size = l.size;
    t.align = l.align;
  }
  return t;
}

export function findMember(t: DType & { k: 'sou' }, name: string): Member | undefined {
  return t.members?.find((m) => m.name === name);
}

// ---- classification (d-language §3.2) ---------------------------------------------

export const isInteger = (t: DType): boolean => t.k === 'int' || t.k === 'enum';
export const isArith = (t: DType): boolean => isInteger(t) || t.k === 'float';
export const isPointer = (t: DType): boolean => t.k === 'ptr';
/** Scalar: integer, enum or pointer (not string, not void). Arrays decay, so count as pointers. */
export const isScalar = (t: DType): boolean => isInteger(t) || t.k === 'ptr' || (t.k === 'array' && !isCharArray(t));
export const isCharArray = (t: DType): boolean => t.k === 'array' && t.elem.k === 'int' && t.elem.size === 1;
export const isCharPtr = (t: DType): boolean => t.k === 'ptr' && t.to.k === 'int' && t.to.size === 1;
/** string, char [N] and char * are interchangeable as strings. */
export const isStringish = (t: DType): boolean => t.k === 'string' || isCharArray(t) || isCharPtr(t);

export interface IntInfo {
  readonly size: 1 | 2 | 4 | 8;
  readonly signed: boolean;
}

export function intInfo(t: DType): IntInfo {
  if (t.k === 'int') return t;
  if (t.k === 'enum') return { size: 4, signed: true };
  return { size: 8, signed: false };
}

/** C's usual arithmetic conversions on two integer types. */
export function usualConversion(a: DType, b: DType): DType {
  const pa = promote(a);
  const pb = promote(b);
  const ia = intInfo(pa);
  const ib = intInfo(pb);
  if (ia.size === ib.size && ia.signed === ib.signed) return pa.k === 'int' ? pa : T_INT;
  if (ia.size > ib.size) return pa;
  if (ib.size > ia.size) return pb;
  return ia.signed ? pb : pa;
}

/** Integer promotion: anything narrower than int (and enums) becomes int. */
export function promote(t: DType): DType {
  if (t.k === 'enum') return T_INT;
  if (t.k === 'int' && t.size < 4) return T_INT;
  return t;
}

export function toValueType(t: DType): ValueType {
  switch (t.k) {
    case 'int':
      return { kind: 'int', size: t.size, signed: t.signed, name: t.name };
    case 'enum':
      return { kind: 'int', size: 4, signed: true, name: t.name };
    case 'string':
      return { kind: 'string', name: t.name };
    case 'array':
      return isCharArray(t) ? { kind: 'string', name: t.name } : { kind: 'pointer', name: t.name };
    case 'ptr':
      // A char * from a host structure carries its string (there is no memory to point into).
      return isCharPtr(t) ? { kind: 'string', name: t.name } : { kind: 'pointer', name: t.name };
    case 'special':
      return {
        kind: t.name === 'stack' ? 'stack' : t.name === 'ustack' ? 'ustack' : t.name === '_symaddr' ? 'symaddr' : 'usymaddr',
        name: t.name,
      };
    default:
      return { kind: 'other', name: t.name };
  }
}

// ---- the type library ---------------------------------------------------------------

export interface Inline {
  readonly type: DType;
  /** A constant value, or the name of the host structure the inline reads. */
  readonly value: bigint | { readonly host: 'curpsinfo' | 'curlwpsinfo' | 'curcpu' };
}

function fields(spec: readonly [string, DType][]): { name: string; type: DType }[] {
  return spec.map(([name, type]) => ({ name, type }));
}

/** Builds a fresh type library: every program gets its own, so declarations never leak. */
export function baseTypes(): { types: Map<string, DType>; tags: Map<string, DType>; inlines: Map<string, Inline> } {
  const types = new Map<string, DType>();
  const tags = new Map<string, DType>();
  const td = (name: string, t: DType): DType => {
    const r = rename(t, name);
    types.set(name, r);
    return r;
  };
  for (const t of [T_CHAR, T_SHORT, T_INT, T_LONG, T_LLONG]) types.set(t.name, t);
  for (const t of [T_UCHAR, T_USHORT, T_UINT, T_ULONG, T_ULLONG]) types.set(t.name, t);
  types.set('string', T_STRING);
  types.set('void', T_VOID);
  const i8 = td('int8_t', T_CHAR);
  const i16 = td('int16_t', T_SHORT);
  const i32 = td('int32_t', T_INT);
  td('int64_t', T_LONG);
  td('uint8_t', T_UCHAR);
  const u16 = td('uint16_t', T_USHORT);
  const u32 = td('uint32_t', T_UINT);
  const u64 = td('uint64_t', T_ULONG);
  const intptr = td('intptr_t', T_LONG);
  const uintptr = td('uintptr_t', T_ULONG);
  const size = td('size_t', T_ULONG);
  const ssize = td('ssize_t', T_LONG);
  td('ptrdiff_t', T_LONG);
  const uchar = td('uchar_t', T_UCHAR);
  const ushort = td('ushort_t', T_USHORT);
  const uint = td('uint_t', T_UINT);
  td('ulong_t', T_ULONG);
  td('u_longlong_t', T_ULLONG);
  td('longlong_t', T_LLONG);
  td('u_int', T_UINT);
  td('u_long', T_ULONG);
  td('boolean_t', T_INT);
  const id = td('id_t', T_INT);
  const pid = td('pid_t', T_INT);
  const uid = td('uid_t', T_UINT);
  const gid = td('gid_t', T_UINT);
  td('zoneid_t', i32);
  td('projid_t', i32);
  td('taskid_t', id);
  td('poolid_t', id);
  td('ctid_t', id);
  td('psetid_t', T_INT);
  td('chipid_t', T_INT);
  td('lgrp_id_t', T_INT);
  const procid = td('processorid_t', T_INT);
  const dev = td('dev_t', T_ULONG);
  const offset = td('offset_t', T_LLONG);
  td('off_t', T_LONG);
  td('diskaddr_t', T_ULLONG);
  const pri = td('pri_t', i16);
  const caddr = td('caddr_t', T_CHARPTR);
  td('ipaddr_t', u32);
  td('hrtime_t', T_LLONG);
  td('time_t', T_LONG);
  td('mode_t', T_UINT);
  td('int_t', T_INT);
  td('uint8_t', T_UCHAR);
  void i8;
  void u16;
  void u64;
  void intptr;
  void ushort;
  void ssize;
  void uchar;

  const sou = (kind: 'struct' | 'union', tag: string, spec: readonly [string, DType][]): DType => {
    const t = makeSou(kind, tag, fields(spec));
    tags.set(`${kind} ${tag}`, t);
    return t;
  };
  const timestruc = td('timestruc_t', sou('struct', 'timespec', [['tv_sec', T_LONG], ['tv_nsec', T_LONG]]));
  const lwpsinfo = td(
    'lwpsinfo_t',
    sou('struct', 'lwpsinfo', [
      ['pr_flag', T_INT],
      ['pr_lwpid', id],
      ['pr_addr', uintptr],
      ['pr_wchan', uintptr],
      ['pr_stype', T_CHAR],
      ['pr_state', T_CHAR],
      ['pr_sname', T_CHAR],
      ['pr_nice', T_CHAR],
      ['pr_syscall', T_SHORT],
      ['pr_oldpri', T_CHAR],
      ['pr_cpu', T_CHAR],
      ['pr_pri', T_INT],
      ['pr_pctcpu', ushort],
      ['pr_start', timestruc],
      ['pr_time', timestruc],
      ['pr_clname', arrayOf(T_CHAR, 8)],
      ['pr_name', arrayOf(T_CHAR, 16)],
      ['pr_onpro', procid],
      ['pr_bindpro', procid],
      ['pr_bindpset', T_INT],
      ['pr_lgrp', T_INT],
    ]),
  );
  const psinfo = td(
    'psinfo_t',
    sou('struct', 'psinfo', [
      ['pr_flag', T_INT],
      ['pr_nlwp', T_INT],
      ['pr_pid', pid],
      ['pr_ppid', pid],
      ['pr_pgid', pid],
      ['pr_sid', pid],
      ['pr_uid', uid],
      ['pr_euid', uid],
      ['pr_gid', gid],
      ['pr_egid', gid],
      ['pr_addr', uintptr],
      ['pr_size', size],
      ['pr_rssize', size],
      ['pr_ttydev', dev],
      ['pr_pctcpu', ushort],
      ['pr_pctmem', ushort],
      ['pr_start', timestruc],
      ['pr_time', timestruc],
      ['pr_ctime', timestruc],
      ['pr_fname', arrayOf(T_CHAR, 16)],
      ['pr_psargs', arrayOf(T_CHAR, 80)],
      ['pr_wstat', T_INT],
      ['pr_argc', T_INT],
      ['pr_argv', uintptr],
      ['pr_envp', uintptr],
      ['pr_dmodel', T_CHAR],
      ['pr_taskid', id],
      ['pr_projid', id],
      ['pr_nzomb', T_INT],
      ['pr_poolid', id],
      ['pr_zoneid', id],
      ['pr_contract', id],
      ['pr_lwp', lwpsinfo],
    ]),
  );
  td(
    'bufinfo_t',
    sou('struct', 'bufinfo', [
      ['b_flags', T_INT],
      ['b_bcount', size],
      ['b_addr', caddr],
      ['b_lblkno', u64],
      ['b_blkno', u64],
      ['b_resid', size],
      ['b_bufsize', size],
      ['b_iodone', caddr],
      ['b_error', T_INT],
      ['b_edev', dev],
    ]),
  );
  td(
    'devinfo_t',
    sou('struct', 'devinfo', [
      ['dev_major', T_INT],
      ['dev_minor', T_INT],
      ['dev_instance', T_INT],
      ['dev_name', T_STRING],
      ['dev_statname', T_STRING],
      ['dev_pathname', T_STRING],
    ]),
  );
  td(
    'fileinfo_t',
    sou('struct', 'fileinfo', [
      ['fi_name', T_STRING],
      ['fi_dirname', T_STRING],
      ['fi_pathname', T_STRING],
      ['fi_offset', offset],
      ['fi_fs', T_STRING],
      ['fi_mount', T_STRING],
      ['fi_oflags', T_INT],
    ]),
  );
  const cpuinfo = td(
    'cpuinfo_t',
    sou('struct', 'cpuinfo', [
      ['cpu_id', procid],
      ['cpu_pset', T_INT],
      ['cpu_chip', T_INT],
      ['cpu_lgrp', T_INT],
    ]),
  );
  const vnodeops = sou('struct', 'vnodeops', [['vnop_name', ptrTo(T_CHAR)]]);
  td(
    'vnode_t',
    sou('struct', 'vnode', [
      ['v_flag', uint],
      ['v_count', uint],
      ['v_op', ptrTo(vnodeops)],
      ['v_type', T_INT],
      ['v_rdev', dev],
      ['v_path', T_CHARPTR],
    ]),
  );
  td(
    'uio_t',
    sou('struct', 'uio', [
      ['uio_iov', T_VOIDPTR],
      ['uio_iovcnt', T_INT],
      ['uio_loffset', offset],
      ['uio_segflg', T_SHORT],
      ['uio_fmode', T_USHORT],
      ['uio_extflg', T_USHORT],
      ['uio_limit', offset],
      ['uio_resid', ssize],
    ]),
  );
  td(
    'kthread_t',
    sou('struct', '_kthread', [
      ['t_tid', uintptr],
      ['t_flag', T_USHORT],
      ['t_state', T_USHORT],
      ['t_pri', pri],
      ['t_epri', pri],
      ['t_did', T_ULONG],
      ['t_cpu', T_VOIDPTR],
      ['t_procp', T_VOIDPTR],
    ]),
  );

  const inlines = new Map<string, Inline>();
  const constant = (name: string, type: DType, v: number) => inlines.set(name, { type, value: BigInt(v) });
  constant('NULL', T_LONG, 0);
  const bflags: [string, number][] = [
    ['B_BUSY', 0x1], ['B_DONE', 0x2], ['B_ERROR', 0x4], ['B_PAGEIO', 0x10], ['B_PHYS', 0x20],
    ['B_READ', 0x40], ['B_WRITE', 0x100], ['B_ASYNC', 0x400],
  ];
  for (const [n, v] of bflags) constant(n, T_INT, v);
  const states: [string, number][] = [['SSLEEP', 1], ['SRUN', 2], ['SZOMB', 3], ['SSTOP', 4], ['SIDL', 5], ['SONPROC', 6], ['SWAIT', 7]];
  for (const [n, v] of states) constant(n, T_CHAR, v);
  const cld: [string, number][] = [['CLD_EXITED', 1], ['CLD_KILLED', 2], ['CLD_DUMPED', 3], ['CLD_TRAPPED', 4], ['CLD_STOPPED', 5], ['CLD_CONTINUED', 6]];
  for (const [n, v] of cld) constant(n, T_INT, v);
  const errnos = [
    'EPERM', 'ENOENT', 'ESRCH', 'EINTR', 'EIO', 'ENXIO', 'E2BIG', 'ENOEXEC', 'EBADF', 'ECHILD', 'EAGAIN', 'ENOMEM',
    'EACCES', 'EFAULT', 'ENOTBLK', 'EBUSY', 'EEXIST', 'EXDEV', 'ENODEV', 'ENOTDIR', 'EISDIR', 'EINVAL', 'ENFILE',
    'EMFILE', 'ENOTTY', 'ETXTBSY', 'EFBIG', 'ENOSPC', 'ESPIPE', 'EROFS', 'EMLINK', 'EPIPE', 'EDOM', 'ERANGE',
  ];
  errnos.forEach((n, i) => constant(n, T_INT, i + 1));
  const sigs = [
    'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGEMT', 'SIGFPE', 'SIGKILL', 'SIGBUS', 'SIGSEGV',
    'SIGSYS', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGUSR1', 'SIGUSR2', 'SIGCHLD', 'SIGPWR', 'SIGWINCH', 'SIGURG',
    'SIGPOLL', 'SIGSTOP', 'SIGTSTP', 'SIGCONT', 'SIGTTIN', 'SIGTTOU', 'SIGVTALRM', 'SIGPROF', 'SIGXCPU', 'SIGXFSZ',
  ];
  sigs.forEach((n, i) => constant(n, T_INT, i + 1));
  inlines.set('curpsinfo', { type: ptrTo(psinfo), value: { host: 'curpsinfo' } });
  inlines.set('curlwpsinfo', { type: ptrTo(lwpsinfo), value: { host: 'curlwpsinfo' } });
  inlines.set('curcpu', { type: ptrTo(cpuinfo), value: { host: 'curcpu' } });
  return { types, tags, inlines };
}

/** Built-in variables (d-language §3.7) and their types; all read-only. */
export function builtinVariables(types: ReadonlyMap<string, DType>): Map<string, DType> {
  const t = (n: string): DType => types.get(n) as DType;
  const m = new Map<string, DType>();
  for (let i = 0; i < 10; i++) m.set(`arg${i}`, t('int64_t'));
  m.set('caller', t('uintptr_t'));
  m.set('ucaller', t('uint64_t'));
  m.set('curthread', ptrTo(t('kthread_t')));
  for (const n of ['epid', 'id', 'ipl']) m.set(n, t('uint_t'));
  m.set('errno', T_INT);
  for (const n of ['execname', 'zonename', 'probeprov', 'probemod', 'probefunc', 'probename', 'cwd', 'root']) m.set(n, T_STRING);
  m.set('pid', t('pid_t'));
  m.set('ppid', t('pid_t'));
  m.set('tid', t('id_t'));
  m.set('uid', t('uid_t'));
  m.set('gid', t('gid_t'));
  m.set('projid', t('projid_t'));
  m.set('stackdepth', t('uint32_t'));
  m.set('ustackdepth', t('uint32_t'));
  m.set('timestamp', t('uint64_t'));
  m.set('vtimestamp', t('uint64_t'));
  m.set('walltimestamp', t('int64_t'));
  m.set('cpu', t('processorid_t'));
  m.set('pset', t('psetid_t'));
  m.set('chip', t('chipid_t'));
  m.set('lgrp', t('lgrp_id_t'));
  return m;
}
