// What a thread's program can ask of the kernel, and the syscall state machine behind it.
// A program is a chain of continuations that run while the thread is on a CPU; each asks
// for exactly one next thing: CPU work (user code, or kernel work inside a syscall),
// sleep until woken, a timed sleep, an I/O call through the node's IoPort, or exit.
// A syscall fires its entry probe, costs CPU in the kernel (the dispatcher decides when
// that CPU is actually had), may block on a wait object another component completes,
// and fires its return probe with the result and errno. Latency is never drawn: it is
// the sum of what the dispatcher and the I/O layer made the thread wait for.
// Pure TypeScript.

import type { Dispatcher } from './cpu/dispatch';
import { accountOnCpu } from './cpu/counters';
import type { IoCompletion, IoKernel, IoPort, SimFile } from './ioport';
import { KERNEL, ONPROC, SLEEP, USER, type Continuation, type Thread } from './proc';
import { SYSCALL_BASE, type ProbePort } from './probes';
import type { EventQueue } from './scheduler';

export class Kernel implements IoKernel {
  /** The node's I/O layer (a placeholder until src/sim/io is attached). */
  io!: IoPort;

  /** Completes an outstanding I/O call: the result is the syscall's, the program continues. */
  readonly ioDone: IoCompletion = {
    complete: (t: Thread, result: number, errno: number) => {
      if (!t.ioPending) return;
      t.ioPending = false;
      t.sys.rv = result;
      t.sys.errno = errno;
      t.cont = t.ioCont;
      t.ioCont = undefined;
      if (t.state === SLEEP) this.d.wakeup(t);
    },
  };

  constructor(
    readonly sched: EventQueue,
    private readonly d: Dispatcher,
    private readonly probes: ProbePort,
  ) {}

  /** Runs user code for `ns` of CPU time, then `then`. */
  compute(t: Thread, ns: number, then: Continuation): void {
    this.mode(t, USER);
    t.work = ns > 0 ? ns : 0;
    t.cont = then;
  }

  /** Runs in the kernel for `ns` of CPU time, then `then` (IoKernel.spin). */
  spin(t: Thread, ns: number, then: Continuation): void {
    this.mode(t, KERNEL);
    t.work = ns > 0 ? ns : 0;
    t.cont = then;
  }

  /** Enters syscall `num` (fires syscall::NAME:entry with the arguments). */
  enter(t: Thread, num: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0): void {
    const s = t.sys;
    s.num = num;
    s.args[0] = a0;
    s.args[1] = a1;
    s.args[2] = a2;
    s.args[3] = a3;
    s.rv = 0;
    s.errno = 0;
    s.entryTime = this.sched.now;
    this.mode(t, KERNEL);
    const p = this.probes;
    const id = SYSCALL_BASE + 2 * num;
    if (p.enabled[id] !== 0) p.sink.fire(id, t, t.cpu, t, 0);
  }

  /** Enters syscall `num` and spends `costNs` of kernel CPU on it before `then`. */
  syscall(t: Thread, num: number, costNs: number, then: Continuation, a0 = 0, a1 = 0, a2 = 0, a3 = 0): void {
    this.enter(t, num, a0, a1, a2, a3);
    this.spin(t, costNs, then);
  }

  /** Returns from the current syscall with `rv` (-1 with errno on failure): fires :return. */
  ret(t: Thread, rv: number, errno = 0): void {
    const s = t.sys;
    s.rv = rv;
    s.errno = errno;
    const p = this.probes;
    const id = SYSCALL_BASE + 2 * s.num + 1;
    if (p.enabled[id] !== 0) p.sink.fire(id, t, t.cpu, t, 0);
    this.mode(t, USER);
    t.userReturn = true;
  }

  /** Returns from the syscall with the result its I/O call completed with. */
  retIo(t: Thread): void {
    const s = t.sys;
    this.ret(t, s.errno === 0 ? s.rv : -1, s.errno);
  }

  /** Sleeps until wakeup(t); then `then` runs (once the thread has a CPU again). */
  sleep(t: Thread, then: Continuation): void {
    t.cont = then;
    this.d.block(t);
  }

  /** Sleeps `ns` (nanosleep, a timeout), then `then`. */
  sleepFor(t: Thread, ns: number, then: Continuation): void {
    t.cont = then;
    this.sched.at(this.sched.now + ns, t.wakeFn);
    this.d.block(t);
  }

  /** Makes a sleeping thread runnable (from another thread's program or any event). */
  wakeup(t: Thread): void {
    if (t.state === SLEEP) this.d.wakeup(t);
  }

  /** read/pread of a file through the I/O layer; `then` runs when it completes (see retIo). */
  read(t: Thread, file: SimFile, offset: number, size: number, then: Continuation): void {
    this.beginIo(t, then);
    this.io.read(t, file, offset, size, this.ioDone);
  }

  write(t: Thread, file: SimFile, offset: number, size: number, then: Continuation): void {
    this.beginIo(t, then);
    this.io.write(t, file, offset, size, this.ioDone);
  }

  fsync(t: Thread, file: SimFile, then: Continuation): void {
    this.beginIo(t, then);
    this.io.fsync(t, file, this.ioDone);
  }

  /** The thread exits (its process too, if it was the last one). */
  exit(t: Thread): void {
    this.d.exit(t);
  }

  private beginIo(t: Thread, then: Continuation): void {
    this.mode(t, KERNEL);
    t.ioPending = true;
    t.ioCont = then;
    t.cont = undefined;
    t.work = 0;
  }

  /** Switches user/kernel mode, charging the time so far to the mode it was in. */
  private mode(t: Thread, m: number): void {
    if (t.mode === m) return;
    if (t.state === ONPROC) accountOnCpu(t, this.sched.now);
    t.mode = m;
  }
}
