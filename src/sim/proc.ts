// Processes and their LWPs (threads) on a simulated compute node: identity (pid, tid,
// execname, zone), scheduling state (RUN / ONPROC / SLEEP / CAPWAIT, FSS priority and
// quantum, caps charge), the syscall in progress, and what the thread does next.
// Plain data with a few derived views; the dispatcher and the syscall machine change it.
// Pure TypeScript.

import type { Zone } from './zone';

/** Thread states, numbered as procfs's pr_state so the engine can show them as is. */
export const SLEEP = 1;
export const RUN = 2;
export const ZOMB = 3;
export const IDL = 5;
export const ONPROC = 6;
/** On a CPU cap's wait queue: "waiting to be runnable" (SWAIT). */
export const CAPWAIT = 7;
export type ThreadState = typeof SLEEP | typeof RUN | typeof ZOMB | typeof IDL | typeof ONPROC | typeof CAPWAIT;

/** Scheduling classes: fair share for zone processes, SYS for kernel threads. */
export const CLASS_FSS = 0;
export const CLASS_SYS = 1;

/** What a thread runs: user code or the kernel on its behalf. */
export const USER = 0;
export const KERNEL = 1;

/** The next step of a thread's program, called while the thread is on a CPU. */
export type Continuation = (t: Thread) => void;

/** The syscall a thread is in (or last made): what syscall::: probes report. */
export class SyscallState {
  /** Syscall number (SYSCALLS index), -1 outside a syscall. */
  num = -1;
  readonly args: number[] = [0, 0, 0, 0, 0, 0];
  rv = 0;
  errno = 0;
  /** When the entry probe fired (ns). */
  entryTime = 0;
}

export class Process {
  readonly threads: Thread[] = [];
  /** Threads ever created, for tids (LWP ids start at 1). */
  nextTid = 1;
  exited = false;

  constructor(
    readonly pid: number,
    readonly ppid: number,
    readonly zone: Zone,
    public execname: string,
    public psargs: string,
    readonly uid: number,
    readonly startTime: number,
  ) {}

  get gid(): number {
    return this.uid;
  }
  get projid(): number {
    return this.zone.id === 0 ? 0 : 1;
  }
  get taskid(): number {
    return this.zone.id * 1000 + 1;
  }
  get nlwp(): number {
    return this.threads.length;
  }
}

export class Thread {
  state: ThreadState = IDL;
  /** Dispatch priority (t_pri): FSS 0..59, SYS 60..99. */
  pri = 29;
  cls = CLASS_FSS;
  /** The CPU it last ran on (or runs on). */
  cpu = 0;

  // FSS (fssproc_t)
  umdpri = 29;
  fsspri = 0;
  fssTicks = 0;
  timeleft = 11;
  /** FSSBACKQ: go to the back of the queue (with a new quantum) when preempted. */
  backq = false;
  /** Counted in its zone's runnable threads (fss_active). */
  fssRunnable = false;

  // CPU caps (caps_sc_t) and the surrender request pending until the thread is in user mode.
  capCharged = 0;
  capWaitPending = false;

  // Time accounting
  /** ns on CPU before the current stint. */
  onprocNs = 0;
  /** When the current on-CPU stint (or its last accounting point) began. */
  acctSince = 0;
  /** When it started waiting for a CPU (run queue or cap wait queue). */
  waitSince = 0;
  /** User code or kernel. */
  mode = USER;
  /** It returned from a syscall since its last continuation (a preemption point). */
  userReturn = false;

  // Dispatch queue / wait queue links
  qnext: Thread | undefined = undefined;
  qprev: Thread | undefined = undefined;

  // The program
  /** CPU time left in the current burst (ns); 0 when none. */
  work = 0;
  /** What to do next when the burst ends or the thread is dispatched. */
  cont: Continuation | undefined = undefined;
  /** An I/O call is outstanding: its completion sets `cont` back from `ioCont`. */
  ioPending = false;
  ioCont: Continuation | undefined = undefined;
  readonly sys = new SyscallState();
  /** Scratch state of the I/O layer for the call in progress. */
  io: unknown = undefined;
  /** Wakes the thread from a timed sleep; made once per thread. */
  readonly wakeFn: () => void;
  /** A kernel thread's name (t_name), e.g. "txg_sync_thread". */
  name: string | undefined = undefined;
  /** The workload's per-thread state. */
  program: unknown = undefined;

  constructor(
    readonly proc: Process,
    readonly tid: number,
    /** Dense per-node index for D's self-> variables; reused after the thread exits. */
    readonly slot: number,
    readonly createdAt: number,
    wake: (t: Thread) => void,
  ) {
    this.wakeFn = () => wake(this);
  }

  get zone(): Zone {
    return this.proc.zone;
  }
  get pid(): number {
    return this.proc.pid;
  }
  get execname(): string {
    return this.proc.execname;
  }
  get zonename(): string {
    return this.proc.zone.name;
  }

  /** On-CPU ns up to `now` (vtimestamp). */
  vtime(now: number): number {
    return this.state === ONPROC ? this.onprocNs + (now - this.acctSince) : this.onprocNs;
  }

  /** pr_clname. */
  get clname(): string {
    return this.cls === CLASS_SYS ? 'SYS' : 'FSS';
  }
}
