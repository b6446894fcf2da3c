// The dispatcher of one compute node: CPUs, the dispatch queue (one FIFO per priority,
// highest first), the hz clock tick, and every state change of a thread — dispatch,
// preemption, sleep, wakeup, cap wait, exit — with the sched::: probes those fire.
// FSS (fss.ts) decides priorities and caps (caps.ts) decide who must wait; this file
// applies their decisions when the illumos dispatcher would: on the clock tick, on
// wakeup, on quantum expiry and, for a thread in the kernel, on its return to user mode.
// A thread's program runs as continuations while the thread is on a CPU; CPU work is a
// burst that ends with an event. Runs inside the simulator's event loop. Pure TypeScript.

import type { EventQueue } from '../scheduler';
import {
  CAPWAIT, CLASS_FSS, CLASS_SYS, IDL, ONPROC, RUN, SLEEP, USER, ZOMB, type Thread,
} from '../proc';
import {
  P_CHANGE_PRI, P_CPUCAPS_SLEEP, P_CPUCAPS_WAKEUP, P_DEQUEUE, P_ENQUEUE, P_LWP_CREATE, P_OFF_CPU, P_ON_CPU,
  P_PREEMPT, P_REMAIN_CPU, P_SLEEP, P_SURRENDER, P_TICK, P_WAKEUP, type ProbePort,
} from '../probes';
import type { Zone } from '../zone';
import { capCharge, capTick } from './caps';
import { accountOnCpu, accountWait } from './counters';
import { FSS_QUANTUM, FssPset } from './fss';

/** Global priorities: FSS uses 0..59, kernel (SYS) threads 60..99. */
export const NPRI = 100;
export const SYS_PRI = 60;

export class Cpu {
  thread: Thread | undefined = undefined;
  /** When the running thread's current burst ends (Infinity: no burst armed). */
  burstEnd = Infinity;
  /** cpu_runrun: the running thread should give up the CPU at its next preemption point. */
  runrun = false;
  /** A resched event is queued for this CPU (an idle one is then spoken for). */
  reschedPending = false;
  /** The CPU is running its threads' continuations (guards re-entry). */
  looping = false;
  readonly burstFn: () => void;
  readonly reschedFn: () => void;

  constructor(
    readonly id: number,
    d: Dispatcher,
  ) {
    this.burstFn = () => d.burstDone(this);
    this.reschedFn = () => d.resched(this);
  }
}

export class Dispatcher {
  readonly cpus: Cpu[] = [];
  readonly fss: FssPset;
  readonly tickNs: number;
  /** Clock ticks since boot. */
  lbolt = 0;
  /** The thread whose program is running now (curthread of probes fired from it). */
  current: Thread | undefined = undefined;
  /** Called as a thread exits, still on its CPU (lwp-exit, proc:::exit, unlinking). */
  onExiting: (t: Thread) => void = () => {};
  /** Called once an exited thread has left its CPU for good (the node frees its slot). */
  onExit: (t: Thread) => void = () => {};
  /** Called on every clock tick after the dispatcher's own work (profile-style hooks). */
  onTick: ((now: number) => void) | undefined = undefined;

  private readonly qhead: (Thread | undefined)[] = new Array<Thread | undefined>(NPRI).fill(undefined);
  private readonly qtail: (Thread | undefined)[] = new Array<Thread | undefined>(NPRI).fill(undefined);
  private readonly qcount = new Int32Array(NPRI);
  private queued = 0;
  private maxrunpri = -1;
  private updates = 0;
  private readonly tickFn = () => this.tick();

  constructor(
    private readonly sched: EventQueue,
    ncpus: number,
    readonly hz: number,
    private readonly probes: ProbePort,
    private readonly zones: readonly Zone[],
    quantaUpRoundRobin = false,
  ) {
    this.fss = new FssPset(quantaUpRoundRobin);
    this.tickNs = 1e9 / hz;
    for (let i = 0; i < ncpus; i++) this.cpus.push(new Cpu(i, this));
  }

  /** Starts the clock: the first tick one tick after boot. */
  start(): void {
    this.sched.at(this.sched.now + this.tickNs, this.tickFn);
  }

  /** Threads waiting in the dispatch queue. */
  get runQueueLength(): number {
    return this.queued;
  }

  // ---- Thread life cycle -------------------------------------------------------------

  /** A new thread becomes runnable at the back of its queue (it runs `t.cont` first). */
  startThread(t: Thread): void {
    if (t.cls === CLASS_SYS) {
      t.pri = SYS_PRI;
    } else {
      t.umdpri = FSS_MAXUMDPRI_HALF;
      t.pri = t.umdpri;
      t.timeleft = FSS_QUANTUM;
      this.fss.active(t);
    }
    const p = this.probes;
    if (p.enabled[P_LWP_CREATE] !== 0) p.sink.fire(P_LWP_CREATE, this.current, this.current?.cpu ?? 0, t, 0);
    t.waitSince = this.sched.now;
    t.cpu = this.current?.cpu ?? t.tid % this.cpus.length;
    this.setrun(t, false);
  }

  /** The running thread `t` sleeps until wakeup(t). Call from its program only. */
  block(t: Thread): void {
    const c = this.cpus[t.cpu]!;
    const now = this.sched.now;
    accountOnCpu(t, now);
    this.leaveCpu(c, t);
    if (t.cls === CLASS_FSS) {
      capCharge(t, t.onprocNs, this.tickNs);
      this.fss.inactive(t);
    }
    t.state = SLEEP;
    t.userReturn = false;
    const p = this.probes;
    if (p.enabled[P_SLEEP] !== 0) p.sink.fire(P_SLEEP, t, c.id, t, 0);
    this.swtch(c, t);
  }

  /** A sleeping thread becomes runnable (fss_wakeup: new quantum, back of its queue). */
  wakeup(t: Thread): void {
    if (t.state !== SLEEP) return;
    const p = this.probes;
    if (p.enabled[P_WAKEUP] !== 0) p.sink.fire(P_WAKEUP, this.current, this.current?.cpu ?? t.cpu, t, 0);
    if (t.cls === CLASS_FSS) {
      this.fss.active(t);
      t.backq = false;
      t.timeleft = FSS_QUANTUM;
      this.changePri(t, t.umdpri);
    }
    t.waitSince = this.sched.now;
    this.setrun(t, false);
  }

  /** The running thread `t` exits. Call from its program only. */
  exit(t: Thread): void {
    const c = this.cpus[t.cpu]!;
    accountOnCpu(t, this.sched.now);
    this.leaveCpu(c, t);
    if (t.cls === CLASS_FSS) {
      capCharge(t, t.onprocNs, this.tickNs);
      this.fss.inactive(t);
    }
    t.state = ZOMB;
    this.onExiting(t);
    this.swtch(c, t);
    this.onExit(t);
  }

  // ---- Events --------------------------------------------------------------------------

  /** A CPU's burst event: the running thread's CPU work is done, its program continues. */
  burstDone(c: Cpu): void {
    const t = c.thread;
    const now = this.sched.now;
    if (t === undefined || now < c.burstEnd) return;
    accountOnCpu(t, now);
    t.work = 0;
    c.burstEnd = Infinity;
    this.runThread(c);
  }

  /** A CPU was asked to look at the dispatch queue (it is idle, or should be preempted). */
  resched(c: Cpu): void {
    c.reschedPending = false;
    const t = c.thread;
    if (t === undefined) {
      if (this.queued === 0) return;
      this.swtch(c, undefined);
    } else if (c.runrun && t.mode === USER && !c.looping) {
      this.preempt(c);
    } else {
      return;
    }
    this.runThread(c);
  }

  // ---- Running programs ----------------------------------------------------------------

  /**
   * Runs the continuations of whatever thread is on `c` until one of them starts a CPU
   * burst (an event then ends it) or the CPU goes idle. A thread returning to user mode
   * with a surrender request pending is preempted here.
   */
  private runThread(c: Cpu): void {
    if (c.looping) return;
    c.looping = true;
    const sched = this.sched;
    try {
      for (;;) {
        const t = c.thread;
        if (t === undefined) break;
        if (c.runrun && (t.mode === USER || t.userReturn)) {
          t.userReturn = false;
          this.preempt(c);
          continue;
        }
        t.userReturn = false;
        if (t.work > 0) {
          c.burstEnd = sched.now + t.work;
          if (t.work !== Infinity) sched.at(c.burstEnd, c.burstFn);
          break;
        }
        const k = t.cont;
        if (k === undefined) {
          if (t.ioPending) {
            this.block(t);
            continue;
          }
          throw new Error(`thread ${t.pid}/${t.tid} (${t.execname}) has nothing to do`);
        }
        t.cont = undefined;
        this.current = t;
        k(t);
        this.current = undefined;
      }
    } finally {
      this.current = undefined;
      c.looping = false;
    }
  }

  // ---- Dispatch queue ------------------------------------------------------------------

  private setrun(t: Thread, front: boolean): void {
    this.enqueue(t, front);
    this.cpuResched(t.pri, t.cpu);
  }

  private enqueue(t: Thread, front: boolean): void {
    const pri = t.pri;
    t.state = RUN;
    if (front) {
      const h = this.qhead[pri];
      t.qprev = undefined;
      t.qnext = h;
      if (h !== undefined) h.qprev = t;
      else this.qtail[pri] = t;
      this.qhead[pri] = t;
    } else {
      const tl = this.qtail[pri];
      t.qnext = undefined;
      t.qprev = tl;
      if (tl !== undefined) tl.qnext = t;
      else this.qhead[pri] = t;
      this.qtail[pri] = t;
    }
    this.qcount[pri]++;
    this.queued++;
    if (pri > this.maxrunpri) this.maxrunpri = pri;
    const p = this.probes;
    if (p.enabled[P_ENQUEUE] !== 0) p.sink.fire(P_ENQUEUE, this.current, t.cpu, t, front ? 1 : 0);
  }

  private dequeue(t: Thread, cpu: number): void {
    const pri = t.pri;
    if (t.qprev !== undefined) t.qprev.qnext = t.qnext;
    else this.qhead[pri] = t.qnext;
    if (t.qnext !== undefined) t.qnext.qprev = t.qprev;
    else this.qtail[pri] = t.qprev;
    t.qnext = t.qprev = undefined;
    this.qcount[pri]--;
    this.queued--;
    if (this.qcount[pri] === 0 && pri === this.maxrunpri) {
      let m = pri - 1;
      while (m >= 0 && this.qcount[m] === 0) m--;
      this.maxrunpri = m;
    }
    const p = this.probes;
    if (p.enabled[P_DEQUEUE] !== 0) p.sink.fire(P_DEQUEUE, this.current, cpu, t, 0);
  }

  /**
   * cpu_resched / setbackdq's CPU choice: an idle CPU (the thread's last one first), else
   * the CPU running the lowest-priority thread if that is below `pri`.
   */
  private cpuResched(pri: number, pref: number): void {
    const cpus = this.cpus;
    const pc = cpus[pref];
    if (pc !== undefined && pc.thread === undefined && !pc.reschedPending) {
      this.poke(pc);
      return;
    }
    let low: Cpu | undefined;
    let lowPri = pri;
    for (let i = 0; i < cpus.length; i++) {
      const c = cpus[i]!;
      const t = c.thread;
      if (t === undefined) {
        if (!c.reschedPending) {
          this.poke(c);
          return;
        }
      } else if (!c.runrun && t.pri < lowPri) {
        low = c;
        lowPri = t.pri;
      }
    }
    if (low !== undefined) {
      low.runrun = true;
      this.poke(low);
    }
  }

  private poke(c: Cpu): void {
    if (c.reschedPending) return;
    c.reschedPending = true;
    this.sched.at(this.sched.now, c.reschedFn);
  }

  /** The running thread leaves `c` (its remaining burst is kept for later). */
  private leaveCpu(c: Cpu, t: Thread): void {
    if (c.burstEnd !== Infinity) {
      t.work = c.burstEnd - this.sched.now;
      c.burstEnd = Infinity;
    }
  }

  /** Picks the next thread for `c` after `prev` (already off it, or re-queued) and switches. */
  private swtch(c: Cpu, prev: Thread | undefined): void {
    const now = this.sched.now;
    c.runrun = false;
    let next: Thread | undefined;
    if (this.queued > 0) {
      next = this.qhead[this.maxrunpri]!;
      this.dequeue(next, c.id);
    }
    const p = this.probes;
    if (next !== undefined) {
      accountWait(next, now);
      next.acctSince = now;
      next.cpu = c.id;
      next.state = ONPROC;
      if (next === prev) {
        if (p.enabled[P_REMAIN_CPU] !== 0) p.sink.fire(P_REMAIN_CPU, next, c.id, next, 0);
        return;
      }
    }
    if (p.enabled[P_OFF_CPU] !== 0) p.sink.fire(P_OFF_CPU, prev, c.id, next, 0);
    c.thread = next;
    if (p.enabled[P_ON_CPU] !== 0) p.sink.fire(P_ON_CPU, next, c.id, next, 0);
  }

  /** preempt() + fss_preempt(): cap enforcement first, then back or front of the queue. */
  private preempt(c: Cpu): void {
    const t = c.thread!;
    const now = this.sched.now;
    c.runrun = false;
    accountOnCpu(t, now);
    this.leaveCpu(c, t);
    const p = this.probes;
    if (p.enabled[P_PREEMPT] !== 0) p.sink.fire(P_PREEMPT, t, c.id, t, 0);
    t.waitSince = now;
    if (t.cls === CLASS_FSS && t.zone.capPct > 0 && capCharge(t, t.onprocNs, this.tickNs) && t.mode === USER) {
      this.capWait(t);
      this.swtch(c, t);
      return;
    }
    if (t.backq) {
      t.timeleft = FSS_QUANTUM;
      t.backq = false;
      this.enqueue(t, false);
    } else {
      this.enqueue(t, true);
    }
    this.swtch(c, t);
    if (t.state === RUN) this.cpuResched(t.pri, c.id);
  }

  /** cpu_surrender: the running thread should yield; in user mode it does so now. */
  private surrender(c: Cpu, t: Thread): void {
    const p = this.probes;
    if (p.enabled[P_SURRENDER] !== 0) p.sink.fire(P_SURRENDER, this.current, c.id, t, 0);
    c.runrun = true;
    if (t.mode === USER) {
      this.preempt(c);
      this.runThread(c);
    }
  }

  private changePri(t: Thread, pri: number): void {
    const p = this.probes;
    if (p.enabled[P_CHANGE_PRI] !== 0) p.sink.fire(P_CHANGE_PRI, this.current, t.cpu, t, pri);
    t.pri = pri;
  }

  // ---- CPU caps wait queue -------------------------------------------------------------

  private capWait(t: Thread): void {
    const z = t.zone;
    t.state = CAPWAIT;
    this.waitqInsert(z, t);
    z.waitqCount++;
    z.capSleeps++;
    const p = this.probes;
    if (p.enabled[P_CPUCAPS_SLEEP] !== 0) p.sink.fire(P_CPUCAPS_SLEEP, t, t.cpu, t, 0);
  }

  /** Inserts by priority, FIFO among equals (waitq_link). */
  private waitqInsert(z: Zone, t: Thread): void {
    let prev: Thread | undefined;
    let cur = z.waitqHead;
    while (cur !== undefined && cur.pri >= t.pri) {
      prev = cur;
      cur = cur.qnext;
    }
    t.qprev = prev;
    t.qnext = cur;
    if (cur !== undefined) cur.qprev = t;
    if (prev !== undefined) prev.qnext = t;
    else z.waitqHead = t;
  }

  private waitqRemove(z: Zone, t: Thread): void {
    if (t.qprev !== undefined) t.qprev.qnext = t.qnext;
    else z.waitqHead = t.qnext;
    if (t.qnext !== undefined) t.qnext.qprev = t.qprev;
    t.qnext = t.qprev = undefined;
  }

  /** waitq_runone: the first waiter becomes runnable (fss_setrun). */
  private capRunOne(z: Zone): void {
    const t = z.waitqHead!;
    this.waitqRemove(z, t);
    z.waitqCount--;
    const p = this.probes;
    if (p.enabled[P_CPUCAPS_WAKEUP] !== 0) p.sink.fire(P_CPUCAPS_WAKEUP, this.current, t.cpu, t, 0);
    t.timeleft = FSS_QUANTUM;
    t.backq = false;
    this.changePri(t, t.umdpri);
    this.setrun(t, false);
  }

  /** waitq_block when a cap is removed: every waiter becomes runnable. */
  releaseCapWaiters(z: Zone): void {
    while (z.waitqHead !== undefined) this.capRunOne(z);
  }

  // ---- The clock -----------------------------------------------------------------------

  private tick(): void {
    const now = this.sched.now;
    this.lbolt++;
    const zones = this.zones;
    for (let i = 0; i < zones.length; i++) {
      const z = zones[i]!;
      if (z.capPct > 0 && capTick(z, this.tickNs) && z.waitqHead !== undefined) this.capRunOne(z);
    }
    const p = this.probes;
    const cpus = this.cpus;
    for (let i = 0; i < cpus.length; i++) {
      const c = cpus[i]!;
      const t = c.thread;
      if (p.enabled[P_TICK] !== 0) p.sink.fire(P_TICK, t, c.id, t, 0);
      if (t === undefined) continue;
      accountOnCpu(t, now);
      if (t.cls === CLASS_FSS) this.fssTick(c, t);
    }
    if (this.lbolt % this.hz === 0) this.fssUpdate();
    this.onTick?.(now);
    this.sched.at(now + this.tickNs, this.tickFn);
  }

  /** fss_tick: charge the tick, enforce the cap, and end the quantum. */
  private fssTick(c: Cpu, t: Thread): void {
    const fss = this.fss;
    fss.chargeTick(t);
    const enforce = t.zone.capPct > 0 && capCharge(t, t.onprocNs, this.tickNs);
    let surrender = false;
    if (--t.timeleft <= 0) {
      fss.newpri(t, true);
      this.changePri(t, t.umdpri);
      surrender = true;
    } else if (t.pri < this.maxrunpri) {
      surrender = true;
    }
    if (enforce && 2 * t.timeleft > FSS_QUANTUM) {
      fss.newpri(t, false);
      if (t.pri !== t.umdpri) {
        this.changePri(t, t.umdpri);
        if (this.maxrunpri > t.pri) {
          t.backq = true;
          surrender = true;
        } else {
          t.timeleft = FSS_QUANTUM;
        }
      }
      if (!t.backq) surrender = true;
    }
    if (surrender) {
      t.backq = true;
      this.surrender(c, t);
    }
  }

  /** fss_update: once a second, decay usages and re-prioritize every waiting thread. */
  private fssUpdate(): void {
    const fss = this.fss;
    const zones = this.zones;
    fss.decayUsage(zones);
    // Start at a different zone each second, as the kernel rotates its list marker.
    const n = zones.length;
    const first = n === 0 ? 0 : this.updates++ % n;
    for (let j = 0; j < n; j++) {
      const z = zones[(first + j) % n]!;
      const threads = z.threads;
      for (let i = 0; i < threads.length; i++) {
        const t = threads[i]!;
        if (t.cls !== CLASS_FSS || t.state === ZOMB || t.state === IDL) continue;
        fss.decayThread(t);
        if (t.state !== RUN && t.state !== CAPWAIT) continue;
        fss.newpri(t, false);
        if (t.pri === t.umdpri) continue;
        if (t.state === RUN) {
          this.dequeue(t, t.cpu);
          this.changePri(t, t.umdpri);
          t.timeleft = FSS_QUANTUM;
          this.setrun(t, false);
        } else {
          this.waitqRemove(z, t);
          this.changePri(t, t.umdpri);
          this.waitqInsert(z, t);
          t.backq = true;
        }
      }
    }
  }

  /** The thread on a CPU now (undefined: idle). */
  curthread(cpu: number): Thread | undefined {
    return this.cpus[cpu]?.thread;
  }
}

/** fss_enterclass: a new thread starts at fss_maxumdpri / 2. */
const FSS_MAXUMDPRI_HALF = 29;
