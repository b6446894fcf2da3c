// What D sees of a simulated thread, process and CPU: the host structures behind args[],
// curpsinfo, curlwpsinfo, curthread and curcpu (psinfo_t, lwpsinfo_t, kthread_t and
// cpuinfo_t as src/d/types.ts declares them). Each is a view made once per thread (or
// CPU) whose getters read the live simulator state, so a firing allocates nothing.
// The empty structures are what a non-global zone's consumer reads for another zone's
// thread: no name, no ids. Pure TypeScript.

import { CAPWAIT, IDL, ONPROC, RUN, SLEEP, ZOMB, type Thread } from '../sim/proc';
import { SYSCALLS } from '../sim/probes';

/** kthread_t addresses are in the kernel heap (0xfffffe...), so int64 values are negative but safe. */
const KTHREAD_BASE = -0x20000000000;
const PROC_BASE = -0x30000000000;
const CPU_BASE = -0x40000000000;
const KTHREAD_SIZE = 0x1000;

/** The kernel address of a thread's kthread_t (arg0 of the sched probes). */
export function kthreadAddr(slot: number): number {
  return KTHREAD_BASE + slot * KTHREAD_SIZE;
}

/** illumos syscall numbers of the simulated syscalls (pr_syscall). */
const SYSNO: Readonly<Record<string, number>> = {
  read: 3, write: 4, open: 5, close: 6, brk: 17, stat: 18, lseek: 19, getpid: 20, fstat: 28, ioctl: 54,
  exece: 59, fcntl: 62, fdsync: 58, mmap: 115, munmap: 117, readv: 65, writev: 66, pread: 173, pwrite: 174,
  pollsys: 183, lwp_park: 168, nanosleep: 199, accept: 234, connect: 235, send: 240, recv: 237,
  sendmsg: 242, recvmsg: 238, forksys: 142, exit: 1, fsync: 58,
};
const SYSNO_BY_NUM = SYSCALLS.map((n) => SYSNO[n] ?? 0);

/** pr_sname by procfs state number. */
const SNAME = [0, 83 /* S */, 82 /* R */, 90 /* Z */, 84 /* T */, 73 /* I */, 79 /* O */, 87 /* W */];

/** kthread_t t_state: TS_SLEEP 1, TS_RUN 2, TS_ONPROC 4, TS_ZOMB 8, TS_WAIT 0x20. */
function tState(s: number): number {
  switch (s) {
    case SLEEP:
      return 1;
    case RUN:
      return 2;
    case ONPROC:
      return 4;
    case ZOMB:
      return 8;
    case CAPWAIT:
      return 0x20;
    case IDL:
    default:
      return 0;
  }
}

/** A timestruc_t. */
export interface Timestruc {
  readonly tv_sec: number;
  readonly tv_nsec: number;
}

/** The clocks a view needs: simulated now, and the epoch second walltime starts from. */
export interface ViewClock {
  readonly now: number;
  readonly epochSec: number;
}

function timestruc(ns: number): Timestruc {
  const s = Math.floor(ns / 1e9);
  return { tv_sec: s, tv_nsec: Math.floor(ns - s * 1e9) };
}

/** lwpsinfo_t of a thread (undefined thread: a CPU's idle thread). */
export class LwpsinfoView {
  readonly pr_flag = 0;
  readonly pr_wchan = 0;
  readonly pr_stype = 0;
  readonly pr_nice = 20;
  readonly pr_oldpri = 0;
  readonly pr_cpu = 0;
  readonly pr_pctcpu = 0;
  readonly pr_bindpro = -1;
  readonly pr_bindpset = -1;
  readonly pr_lgrp = 0;
  readonly pr_addr: number;

  constructor(
    private readonly t: Thread | undefined,
    private readonly clock: ViewClock,
    slot: number,
    private readonly idleCpu = 0,
  ) {
    this.pr_addr = kthreadAddr(slot);
  }

  get pr_lwpid(): number {
    return this.t === undefined ? 1 : this.t.tid;
  }
  get pr_state(): number {
    return this.t === undefined ? ONPROC : this.t.state;
  }
  get pr_sname(): number {
    return SNAME[this.pr_state] ?? 0;
  }
  get pr_syscall(): number {
    const n = this.t?.sys.num ?? -1;
    return n < 0 ? 0 : (SYSNO_BY_NUM[n] ?? 0);
  }
  get pr_pri(): number {
    return this.t === undefined ? -1 : this.t.pri;
  }
  get pr_start(): Timestruc {
    return timestruc(this.t?.createdAt ?? 0);
  }
  get pr_time(): Timestruc {
    return timestruc(this.t === undefined ? 0 : this.t.vtime(this.clock.now));
  }
  get pr_clname(): string {
    return this.t === undefined ? 'SYS' : this.t.clname;
  }
  get pr_name(): string {
    return this.t?.name ?? '';
  }
  get pr_onpro(): number {
    return this.t === undefined ? this.idleCpu : this.t.cpu;
  }
}

/** psinfo_t of a thread's process, with that thread as pr_lwp. */
export class PsinfoView {
  readonly pr_flag = 0;
  readonly pr_size = 0;
  readonly pr_rssize = 0;
  /** PRNODEV: (dev_t)-1. */
  readonly pr_ttydev = 0xffffffffffffffffn;
  readonly pr_pctcpu = 0;
  readonly pr_pctmem = 0;
  readonly pr_wstat = 0;
  readonly pr_argc = 1;
  readonly pr_argv = 0x8047e00;
  readonly pr_envp = 0x8047e08;
  readonly pr_dmodel = 2;
  readonly pr_nzomb = 0;
  readonly pr_poolid = 0;
  readonly pr_addr: number;

  constructor(
    private readonly t: Thread | undefined,
    private readonly clock: ViewClock,
    readonly pr_lwp: LwpsinfoView,
  ) {
    this.pr_addr = PROC_BASE + (t === undefined ? 0 : t.pid) * KTHREAD_SIZE;
  }

  get pr_nlwp(): number {
    return this.t === undefined ? 1 : this.t.proc.nlwp;
  }
  get pr_pid(): number {
    return this.t === undefined ? 0 : this.t.pid;
  }
  get pr_ppid(): number {
    return this.t === undefined ? 0 : this.t.proc.ppid;
  }
  get pr_pgid(): number {
    return this.pr_pid;
  }
  get pr_sid(): number {
    return this.pr_pid;
  }
  get pr_uid(): number {
    return this.t === undefined ? 0 : this.t.proc.uid;
  }
  get pr_euid(): number {
    return this.pr_uid;
  }
  get pr_gid(): number {
    return this.t === undefined ? 0 : this.t.proc.gid;
  }
  get pr_egid(): number {
    return this.pr_gid;
  }
  get pr_start(): Timestruc {
    const s = timestruc(this.t?.proc.startTime ?? 0);
    return { tv_sec: s.tv_sec + this.clock.epochSec, tv_nsec: s.tv_nsec };
  }
  get pr_time(): Timestruc {
    return this.pr_lwp.pr_time;
  }
  get pr_ctime(): Timestruc {
    return timestruc(0);
  }
  get pr_fname(): string {
    return this.t === undefined ? 'sched' : this.t.proc.execname;
  }
  get pr_psargs(): string {
    return this.t === undefined ? 'sched' : this.t.proc.psargs;
  }
  get pr_taskid(): number {
    return this.t === undefined ? 0 : this.t.proc.taskid;
  }
  get pr_projid(): number {
    return this.t === undefined ? 0 : this.t.proc.projid;
  }
  get pr_zoneid(): number {
    return this.t === undefined ? 0 : this.t.zone.id;
  }
  get pr_contract(): number {
    return this.t === undefined ? 0 : 100 + this.t.zone.id;
  }
}

/** kthread_t (curthread). */
export class KthreadView {
  readonly t_flag = 0;
  readonly t_epri = 0;
  readonly t_tid: number;
  readonly t_did: number;
  readonly t_procp: number;

  constructor(
    private readonly t: Thread | undefined,
    slot: number,
  ) {
    this.t_tid = kthreadAddr(slot);
    this.t_did = slot + 1;
    this.t_procp = PROC_BASE + (t === undefined ? 0 : t.pid) * KTHREAD_SIZE;
  }

  get t_state(): number {
    return this.t === undefined ? 4 : tState(this.t.state);
  }
  get t_pri(): number {
    return this.t === undefined ? -1 : this.t.pri;
  }
  get t_cpu(): number {
    return CPU_BASE + (this.t === undefined ? 0 : this.t.cpu) * KTHREAD_SIZE;
  }
}

/** cpuinfo_t of one CPU: one processor set (PS_NONE), one chip, one lgroup. */
export function cpuinfo(id: number): { readonly cpu_id: number; readonly cpu_pset: number; readonly cpu_chip: number; readonly cpu_lgrp: number } {
  return { cpu_id: id, cpu_pset: -1, cpu_chip: 0, cpu_lgrp: 0 };
}

const EMPTY_TIME: Timestruc = Object.freeze({ tv_sec: 0, tv_nsec: 0 });

/** A thread of another zone, as a non-global zone's consumer reads it. */
export const EMPTY_LWPSINFO: object = Object.freeze({ pr_start: EMPTY_TIME, pr_time: EMPTY_TIME });
export const EMPTY_PSINFO: object = Object.freeze({
  pr_start: EMPTY_TIME,
  pr_time: EMPTY_TIME,
  pr_ctime: EMPTY_TIME,
  pr_lwp: EMPTY_LWPSINFO,
});
