// The simulator's probe catalog (DESIGN.md's probe table) and the seam through which the
// simulated kernel fires them. Each probe has a small local id, an index into the node's
// `enabled: Uint8Array`; firing code reads `enabled[id]` and calls the sink only when
// it is set, so a probe nothing enabled costs one typed-array read. The engine
// (src/engine) maps these ids to D probe ids and builds FiringContexts from the threads.
// Pure TypeScript.

import type { Thread } from './proc';
import type { Zone } from './zone';

/** One probe as the simulator offers it (ProbeInfo without the D id). */
export interface SimProbe {
  readonly provider: string;
  readonly module: string;
  readonly func: string;
  readonly name: string;
  /** D type names of args[0..], as `dtrace -lv` shows them. */
  readonly argTypes: readonly string[];
}

/** The syscalls the simulator's processes make (DESIGN.md's list), by syscall number. */
export const SYSCALLS = [
  'read', 'write', 'pread', 'pwrite', 'readv', 'writev', 'open', 'close', 'stat', 'fstat', 'lseek',
  'fsync', 'fdsync', 'mmap', 'munmap', 'brk', 'ioctl', 'fcntl', 'pollsys', 'lwp_park', 'nanosleep',
  'accept', 'connect', 'send', 'recv', 'sendmsg', 'recvmsg', 'getpid', 'forksys', 'exece', 'exit',
] as const;
export type SyscallName = (typeof SYSCALLS)[number];

/** Syscall number of a name. */
export function sysnum(name: SyscallName): number {
  return SYSCALLS.indexOf(name);
}

export const SYS_READ = sysnum('read');
export const SYS_WRITE = sysnum('write');
export const SYS_PREAD = sysnum('pread');
export const SYS_OPEN = sysnum('open');
export const SYS_CLOSE = sysnum('close');
export const SYS_FSYNC = sysnum('fsync');
export const SYS_FDSYNC = sysnum('fdsync');
export const SYS_POLLSYS = sysnum('pollsys');
export const SYS_NANOSLEEP = sysnum('nanosleep');
export const SYS_ACCEPT = sysnum('accept');
export const SYS_SEND = sysnum('send');
export const SYS_RECV = sysnum('recv');
export const SYS_EXECE = sysnum('exece');
export const SYS_EXIT = sysnum('exit');

const LWP = 'lwpsinfo_t *';
const PS = 'psinfo_t *';
const CPUI = 'cpuinfo_t *';
const IO_ARGS = ['bufinfo_t *', 'devinfo_t *', 'fileinfo_t *'];

const FIXED: readonly SimProbe[] = [
  { provider: 'sched', module: 'unix', func: 'resume', name: 'on-cpu', argTypes: [LWP, PS] },
  { provider: 'sched', module: 'unix', func: 'resume', name: 'off-cpu', argTypes: [LWP, PS] },
  { provider: 'sched', module: 'unix', func: 'setbackdq', name: 'enqueue', argTypes: [LWP, PS, CPUI, 'int'] },
  { provider: 'sched', module: 'unix', func: 'disp', name: 'dequeue', argTypes: [LWP, PS, CPUI] },
  { provider: 'sched', module: 'genunix', func: 'cv_block', name: 'sleep', argTypes: [LWP, PS] },
  { provider: 'sched', module: 'genunix', func: 'sleepq_wakeone_chan', name: 'wakeup', argTypes: [LWP, PS] },
  { provider: 'sched', module: 'unix', func: 'waitq_enqueue', name: 'cpucaps-sleep', argTypes: [LWP, PS] },
  { provider: 'sched', module: 'unix', func: 'waitq_runone', name: 'cpucaps-wakeup', argTypes: [LWP, PS] },
  { provider: 'sched', module: 'unix', func: 'thread_change_pri', name: 'change-pri', argTypes: [LWP, PS, 'pri_t'] },
  { provider: 'sched', module: 'unix', func: 'preempt', name: 'preempt', argTypes: [] },
  { provider: 'sched', module: 'unix', func: 'swtch', name: 'remain-cpu', argTypes: [] },
  { provider: 'sched', module: 'unix', func: 'cpu_surrender', name: 'surrender', argTypes: [LWP, PS] },
  { provider: 'sched', module: 'genunix', func: 'clock_tick', name: 'tick', argTypes: [LWP, PS] },
  { provider: 'proc', module: 'genunix', func: 'cfork', name: 'create', argTypes: [PS] },
  { provider: 'proc', module: 'genunix', func: 'exec_common', name: 'exec-success', argTypes: [] },
  { provider: 'proc', module: 'genunix', func: 'proc_exit', name: 'exit', argTypes: ['int'] },
  { provider: 'proc', module: 'genunix', func: 'lwp_create', name: 'lwp-create', argTypes: [LWP, PS] },
  { provider: 'proc', module: 'genunix', func: 'lwp_exit', name: 'lwp-exit', argTypes: [] },
  { provider: 'io', module: 'genunix', func: 'bdev_strategy', name: 'start', argTypes: IO_ARGS },
  { provider: 'io', module: 'genunix', func: 'biodone', name: 'done', argTypes: IO_ARGS },
  { provider: 'io', module: 'genunix', func: 'biowait', name: 'wait-start', argTypes: IO_ARGS },
  { provider: 'io', module: 'genunix', func: 'biowait', name: 'wait-done', argTypes: IO_ARGS },
  { provider: 'fbt', module: 'zfs', func: 'zfs_read', name: 'entry', argTypes: ['vnode_t *', 'uio_t *', 'int', 'cred_t *', 'caller_context_t *'] },
  { provider: 'fbt', module: 'zfs', func: 'zfs_read', name: 'return', argTypes: ['int', 'int'] },
  { provider: 'fbt', module: 'zfs', func: 'zfs_write', name: 'entry', argTypes: ['vnode_t *', 'uio_t *', 'int', 'cred_t *', 'caller_context_t *'] },
  { provider: 'fbt', module: 'zfs', func: 'zfs_write', name: 'return', argTypes: ['int', 'int'] },
  ...['fop_read', 'fop_write', 'fop_lookup', 'fop_getattr', 'fop_open', 'fop_close', 'fop_fsync'].flatMap((f): SimProbe[] => [
    { provider: 'fbt', module: 'genunix', func: f, name: 'entry', argTypes: f === 'fop_read' || f === 'fop_write' ? ['vnode_t *', 'uio_t *', 'int', 'cred_t *', 'caller_context_t *'] : ['vnode_t *'] },
    { provider: 'fbt', module: 'genunix', func: f, name: 'return', argTypes: ['int', 'int'] },
  ]),
  { provider: 'sdt', module: 'zfs', func: 'arc_read', name: 'arc-hit', argTypes: ['arc_buf_hdr_t *'] },
  { provider: 'sdt', module: 'zfs', func: 'arc_read', name: 'arc-miss', argTypes: ['arc_buf_hdr_t *'] },
  { provider: 'sdt', module: 'zfs', func: 'zvol_strategy', name: 'zvol-uio-start', argTypes: ['dev_t', 'uio_t *', 'int'] },
  { provider: 'sdt', module: 'zfs', func: 'zvol_strategy', name: 'zvol-uio-done', argTypes: ['dev_t', 'uio_t *', 'int'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_io_throttle', name: 'zfs-zone-wait', argTypes: ['zoneid_t', 'int', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_wait_adjust_delay_cb', name: 'zfs-zone-throttle', argTypes: ['zoneid_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_wait_adjust_calculate_cb', name: 'zfs-zone-utilization', argTypes: ['zoneid_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_wait_adjust', name: 'zfs-zone-stats', argTypes: ['uint64_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_zio_done', name: 'zfs-zone-latency', argTypes: ['zoneid_t', 'int', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_wait_adjust', name: 'zfs-zone-io-cnt', argTypes: ['zoneid_t', 'uint64_t', 'uint64_t', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_wait_adjust', name: 'zfs-zone-sys-avg-lat', argTypes: ['uint64_t', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'compute_new_sys_avg', name: 'zfs-zone-calc-wt-avg', argTypes: ['uint64_t', 'uint64_t', 'uint64_t'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_schedule', name: 'zfs-zone-sched', argTypes: ['uint64_t', 'zoneid_t', 'zoneid_t', 'int'] },
  { provider: 'sdt', module: 'zfs', func: 'zfs_zone_schedule', name: 'zfs-zone-sched-bump', argTypes: ['zoneid_t', 'int', 'int', 'int'] },
];

function fixedId(provider: string, func: string, name: string): number {
  const i = FIXED.findIndex((p) => p.provider === provider && p.name === name && (func === '' || p.func === func));
  if (i < 0) throw new Error(`no probe ${provider}::${func}:${name}`);
  return i;
}

export const P_ON_CPU = fixedId('sched', '', 'on-cpu');
export const P_OFF_CPU = fixedId('sched', '', 'off-cpu');
export const P_ENQUEUE = fixedId('sched', '', 'enqueue');
export const P_DEQUEUE = fixedId('sched', '', 'dequeue');
export const P_SLEEP = fixedId('sched', '', 'sleep');
export const P_WAKEUP = fixedId('sched', '', 'wakeup');
export const P_CPUCAPS_SLEEP = fixedId('sched', '', 'cpucaps-sleep');
export const P_CPUCAPS_WAKEUP = fixedId('sched', '', 'cpucaps-wakeup');
export const P_CHANGE_PRI = fixedId('sched', '', 'change-pri');
export const P_PREEMPT = fixedId('sched', '', 'preempt');
export const P_REMAIN_CPU = fixedId('sched', '', 'remain-cpu');
export const P_SURRENDER = fixedId('sched', '', 'surrender');
export const P_TICK = fixedId('sched', '', 'tick');
export const P_PROC_CREATE = fixedId('proc', '', 'create');
export const P_PROC_EXEC_SUCCESS = fixedId('proc', '', 'exec-success');
export const P_PROC_EXIT = fixedId('proc', '', 'exit');
export const P_LWP_CREATE = fixedId('proc', '', 'lwp-create');
export const P_LWP_EXIT = fixedId('proc', '', 'lwp-exit');
export const P_IO_START = fixedId('io', '', 'start');
export const P_IO_DONE = fixedId('io', '', 'done');
export const P_IO_WAIT_START = fixedId('io', '', 'wait-start');
export const P_IO_WAIT_DONE = fixedId('io', '', 'wait-done');
export const P_ARC_HIT = fixedId('sdt', '', 'arc-hit');
export const P_ARC_MISS = fixedId('sdt', '', 'arc-miss');

export const P_ZFS_READ = fixedId('fbt', 'zfs_read', 'entry');
export const P_ZFS_WRITE = fixedId('fbt', 'zfs_write', 'entry');

/** Vnode operations (the fop_* functions), in FOP_PROBES order. */
export const FOP_READ = 0;
export const FOP_WRITE = 1;
export const FOP_LOOKUP = 2;
export const FOP_GETATTR = 3;
export const FOP_OPEN = 4;
export const FOP_CLOSE = 5;
export const FOP_FSYNC = 6;
/** Local id of fbt:genunix:fop_X:entry by FOP_* number; :return is one more (as for fbt:zfs:zfs_read/zfs_write). */
export const FOP_PROBES: readonly number[] = ['fop_read', 'fop_write', 'fop_lookup', 'fop_getattr', 'fop_open', 'fop_close', 'fop_fsync'].map((f) =>
  fixedId('fbt', f, 'entry'),
);

/** Local id of syscall::NAME:entry is SYSCALL_BASE + 2·sysnum; :return is one more. */
export const SYSCALL_BASE = FIXED.length;

/** One past the last syscall probe's local id. */
export const SYSCALL_END = SYSCALL_BASE + 2 * SYSCALLS.length;

/**
 * sdt:genunix:zone_kstat:zone-misc, once a simulated second per non-global zone, in that
 * zone's context (zsched): arg0..2 the zone_misc nsec_user, nsec_sys and nsec_waitrq
 * accrued over the interval, arg3 the interval in ns, arg4 the zone's cpu_cap (0: none).
 * It comes after the syscalls so that every earlier probe keeps its id.
 */
export const P_ZONE_MISC = SYSCALL_END;

/** Every simulator probe, indexed by local id. */
export const SIM_PROBES: readonly SimProbe[] = [
  ...FIXED,
  ...SYSCALLS.flatMap((name): SimProbe[] => [
    { provider: 'syscall', module: '', func: name, name: 'entry', argTypes: [] },
    { provider: 'syscall', module: '', func: name, name: 'return', argTypes: [] },
  ]),
  { provider: 'sdt', module: 'genunix', func: 'zone_kstat', name: 'zone-misc', argTypes: ['uint64_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t'] },
];

/** Local id of a probe by its full name, or -1. */
export function simProbeId(provider: string, module: string, func: string, name: string): number {
  return SIM_PROBES.findIndex((p) => p.provider === provider && p.module === module && p.func === func && p.name === name);
}

/** Process exit codes (proc:::exit arg0). */
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;

/**
 * Where a node's probes go. `cur` is the thread the probe fires in (curthread; undefined
 * for a CPU's idle thread or interrupt context); `subject` is the thread args[0]/args[1]
 * describe where that differs (the next thread of off-cpu, the woken thread of wakeup,
 * the queued thread of enqueue/dequeue); `arg` is the probe's one scalar argument (the
 * front flag of enqueue, the new priority of change-pri, the CLD_ code of exit). Syscall
 * arguments, return value and errno are read from `cur.sys`.
 */
export interface ProbeSink {
  fire(probe: number, cur: Thread | undefined, cpu: number, subject: Thread | undefined, arg: number): void;
  /** Every thread's end, enabled or not (D frees its self-> variables). */
  threadExited?(t: Thread): void;
  /**
   * A probe that fires in a zone's own context rather than a thread's (zone-misc fires in
   * the zone's zsched), with up to five scalar arguments.
   */
  fireZone?(probe: number, zone: Zone, a0: number, a1: number, a2: number, a3: number, a4: number): void;
}

/** vnode_t as fbt probes show it (one object per file, kept for the file's life). */
export interface SimVnode {
  readonly v_path: string;
  /** v_op->vnop_name: "zfs" for a dataset's files, "specfs" for a zvol's device node. */
  readonly v_op: { readonly vnop_name: string };
}

/** uio_t of a read or write: the bytes still to move and the file offset. */
export interface SimUio {
  uio_resid: number;
  uio_loffset: number;
}

/**
 * What a sink may implement beyond `fire` to get the arguments of the file-system fbt
 * probes (fbt:zfs:zfs_read/zfs_write, fbt:genunix:fop_*): on entry `vp` is args[0] and
 * `uio` args[1] (read and write only; a scratch object, copy what you keep); on return
 * `arg` is arg1, the errno the function returns. Without it, `fire` gets `arg` alone.
 */
export interface FsProbeSink extends ProbeSink {
  fireFs?(probe: number, cur: Thread, cpu: number, vp: SimVnode, uio: SimUio | undefined, arg: number): void;
}

/**
 * User memory of simulated processes: what a syscall's pointer arguments point at (the
 * path of open, the bytes of a write), for D's copyin()/copyinstr(). A workload maps a
 * string at an address before the syscall that passes it; the engine reads it back.
 */
const USER_MEMORY = new WeakMap<object, Map<number, string>>();

/** Maps `bytes` at `addr` in `proc`'s address space (replacing what was there). */
export function mapUserMemory(proc: object, addr: number, bytes: string): void {
  let m = USER_MEMORY.get(proc);
  if (m === undefined) USER_MEMORY.set(proc, (m = new Map()));
  m.set(addr, bytes);
}

/** The bytes from `addr` to the end of the mapping that contains it, or undefined. */
export function readUserMemory(proc: object, addr: number): string | undefined {
  const m = USER_MEMORY.get(proc);
  if (m === undefined) return undefined;
  const exact = m.get(addr);
  if (exact !== undefined) return exact;
  for (const [base, bytes] of m) if (addr > base && addr < base + bytes.length) return bytes.slice(addr - base);
  return undefined;
}

const NO_SINK: ProbeSink = { fire() {} };

/**
 * A node's probe switchboard: `enabled[id]` is set (by the engine) for every probe some
 * enabling uses, and `sink` receives the firings. Shared by every part of the node that
 * fires probes.
 */
export class ProbePort {
  readonly enabled = new Uint8Array(SIM_PROBES.length);
  sink: ProbeSink = NO_SINK;

  /** Installs a sink (undefined: none) and clears the enabled flags. */
  attach(sink: ProbeSink | undefined): void {
    this.sink = sink ?? NO_SINK;
    this.enabled.fill(0);
  }
}
