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
import {
  FOP_FSYNC, FOP_PROBES, FOP_READ, FOP_WRITE, P_ZFS_READ, P_ZFS_WRITE, SYSCALL_BASE,
  type FsProbeSink, type ProbePort, type SimUio, type SimVnode,
} from './probes';
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

  /** The file-system call in progress per thread slot: what runs after its return probes. */
  private readonly fsThen: (Continuation | undefined)[] = [];
  private readonly fsOp: number[] = [];
  private readonly fsVnode: SimVnode[] = [];
  /** vnode_t per file id. */
  private readonly vnodes: (SimVnode | undefined)[] = [];
  private readonly uio: SimUio = { uio_resid: 0, uio_loffset: 0 };
  private readonly fsReturn: Continuation = (t) => this.fsDone(t);

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

  /**
   * read/pread of a file through the I/O layer (fop_read, then zfs_read for a dataset's
   * file); `then` runs when it completes, after the return probes (see retIo).
   */
  read(t: Thread, file: SimFile, offset: number, size: number, then: Continuation): void {
    this.fsEnter(t, FOP_READ, file, offset, size, then);
    this.beginIo(t, this.fsReturn);
    this.io.read(t, file, offset, size, this.ioDone);
  }

  /** write/pwrite; `sync`: the descriptor has O_DSYNC (the data is logged before return). */
  write(t: Thread, file: SimFile, offset: number, size: number, then: Continuation, sync = false): void {
    this.fsEnter(t, FOP_WRITE, file, offset, size, then);
    this.beginIo(t, this.fsReturn);
    this.io.write(t, file, offset, size, this.ioDone, sync);
  }

  fsync(t: Thread, file: SimFile, then: Continuation): void {
    this.fsEnter(t, FOP_FSYNC, file, 0, 0, then);
    this.beginIo(t, this.fsReturn);
    this.io.fsync(t, file, this.ioDone);
  }

  /**
   * A vnode operation without data I/O (FOP_LOOKUP, FOP_GETATTR, FOP_OPEN, FOP_CLOSE) on
   * `file`: fires fop_X:entry, costs `costNs` of kernel CPU, fires fop_X:return, then `then`.
   */
  vop(t: Thread, op: number, file: SimFile, costNs: number, then: Continuation): void {
    this.fsEnter(t, op, file, 0, 0, then);
    this.spin(t, costNs, this.fsReturn);
  }

  /** The thread exits (its process too, if it was the last one). */
  exit(t: Thread): void {
    this.d.exit(t);
  }

  /** The vnode of a file: a zvol's device node in a KVM zone (as the I/O layer treats it), else a ZFS file. */
  private vnode(file: SimFile): SimVnode {
    let v = this.vnodes[file.id];
    if (v === undefined) {
      v = { v_path: file.path, v_op: file.zone.brand === 'kvm' ? SPECFS : ZFS };
      while (this.vnodes.length < file.id) this.vnodes.push(undefined);
      this.vnodes[file.id] = v;
    }
    return v;
  }

  /** Fires fop_X:entry (and zfs_read/zfs_write:entry) and remembers what to run after the return. */
  private fsEnter(t: Thread, op: number, file: SimFile, offset: number, size: number, then: Continuation): void {
    const slot = t.slot;
    const vp = this.vnode(file);
    while (this.fsThen.length <= slot) {
      this.fsThen.push(undefined);
      this.fsOp.push(0);
      this.fsVnode.push(vp);
    }
    this.fsThen[slot] = then;
    this.fsOp[slot] = op;
    this.fsVnode[slot] = vp;
    const e = this.probes.enabled;
    const fop = FOP_PROBES[op]!;
    const zfs = vp.v_op === ZFS ? zfsProbe(op) : -1;
    if ((e[fop] | (zfs < 0 ? 0 : e[zfs])) === 0) return;
    const uio = op === FOP_READ || op === FOP_WRITE ? this.uio : undefined;
    if (uio !== undefined) {
      uio.uio_resid = size;
      uio.uio_loffset = offset;
    }
    if (e[fop] !== 0) this.fireFs(fop, t, vp, uio, 0);
    if (zfs >= 0 && e[zfs] !== 0) this.fireFs(zfs, t, vp, uio, 0);
  }

  /** The call is over: zfs_X:return and fop_X:return with the errno, then the program goes on. */
  private fsDone(t: Thread): void {
    const slot = t.slot;
    const then = this.fsThen[slot]!;
    this.fsThen[slot] = undefined;
    const op = this.fsOp[slot]!;
    const vp = this.fsVnode[slot]!;
    const e = this.probes.enabled;
    const fop = FOP_PROBES[op]! + 1;
    const zfs = vp.v_op === ZFS ? zfsProbe(op) : -1;
    if (zfs >= 0 && e[zfs + 1] !== 0) this.fireFs(zfs + 1, t, vp, undefined, t.sys.errno);
    if (e[fop] !== 0) this.fireFs(fop, t, vp, undefined, t.sys.errno);
    then(t);
  }

  private fireFs(id: number, t: Thread, vp: SimVnode, uio: SimUio | undefined, arg: number): void {
    const s = this.probes.sink as FsProbeSink;
    if (s.fireFs !== undefined) s.fireFs(id, t, t.cpu, vp, uio, arg);
    else s.fire(id, t, t.cpu, undefined, arg);
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

const ZFS = { vnop_name: 'zfs' } as const;
const SPECFS = { vnop_name: 'specfs' } as const;

/** fbt:zfs:zfs_read/zfs_write:entry for a data op, -1 for the others. */
function zfsProbe(op: number): number {
  return op === FOP_READ ? P_ZFS_READ : op === FOP_WRITE ? P_ZFS_WRITE : -1;
}
