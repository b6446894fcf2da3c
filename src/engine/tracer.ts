// Binds one D consumer to one simulated compute node: the node's probes go to the
// consumer's enablings. It sets the node's enabled flags from what the consumer enabled,
// receives the simulator's firings (src/sim/probes.ts ProbeSink, and the io/sdt argument
// forms of src/sim/io), builds the FiringContext of the firing thread — one reused
// object per thread, addressed by its dense slot — whose arg0..9 and typed args[] are
// filled only when the script reads them, and runs the profile provider's timers on the
// node's own clock. A consumer inside a non-global zone
// sees only its zones' threads (a customer has several zones: the scope is a set), and
// another zone's thread in an argument reads as an empty structure. One tracer serves
// one consumer; a node traced by several consumers has one tracer each behind a hub
// (hub.ts). Pure TypeScript; runs wherever the node is simulated.

import type { DInt, FiringContext } from '../d/host';
import type { BufInfo, DevInfo, FileInfo, IoProbeSink } from '../sim/io/index';
import type { ArcBuf } from '../sim/io/arc';
import type { Zio } from '../sim/io/zio';
import type { SimNode } from '../sim/node';
import { KERNEL, type Thread } from '../sim/proc';
import {
  P_CHANGE_PRI, P_CPUCAPS_SLEEP, P_CPUCAPS_WAKEUP, P_DEQUEUE, P_ENQUEUE, P_LWP_CREATE, P_OFF_CPU, P_ON_CPU,
  P_PROC_CREATE, P_PROC_EXIT, P_SLEEP, P_SURRENDER, P_TICK, P_WAKEUP, SIM_PROBES, SYSCALL_BASE, SYSCALL_END, SYSCALLS, readUserMemory,
  type FsProbeSink, type SimUio, type SimVnode,
} from '../sim/probes';
import type { Zone } from '../sim/zone';
import type { ConsumerIdentity, ConsumerPort } from './node';
import type { ProfileProbe } from './profile';
import { cpuinfo, EMPTY_LWPSINFO, EMPTY_PSINFO, KthreadView, kthreadAddr, LwpsinfoView, PsinfoView, type ViewClock } from './procfs';

/** How a simulator probe's arguments are filled. */
const K_NONE = 0;
const K_SYS_ENTRY = 1;
const K_SYS_RETURN = 2;
/** args[0] lwpsinfo_t, args[1] psinfo_t of the subject thread. */
const K_THREAD = 3;
/** K_THREAD plus args[2] cpuinfo_t (dequeue) and args[3] the front flag (enqueue). */
const K_THREAD_CPU = 4;
/** K_THREAD plus args[2] the new priority. */
const K_THREAD_PRI = 5;
/** args[0] psinfo_t of the subject (proc:::create). */
const K_PSINFO = 6;
/** arg0 the probe's scalar argument (proc:::exit). */
const K_SCALAR = 7;

function probeKind(local: number): number {
  if (local >= SYSCALL_BASE && local < SYSCALL_END) return (local - SYSCALL_BASE) % 2 === 0 ? K_SYS_ENTRY : K_SYS_RETURN;
  switch (local) {
    case P_ON_CPU:
    case P_OFF_CPU:
    case P_SLEEP:
    case P_WAKEUP:
    case P_CPUCAPS_SLEEP:
    case P_CPUCAPS_WAKEUP:
    case P_SURRENDER:
    case P_TICK:
    case P_LWP_CREATE:
      return K_THREAD;
    case P_ENQUEUE:
    case P_DEQUEUE:
      return K_THREAD_CPU;
    case P_CHANGE_PRI:
      return K_THREAD_PRI;
    case P_PROC_CREATE:
      return K_PSINFO;
    case P_PROC_EXIT:
      return K_SCALAR;
    default:
      return K_NONE;
  }
}

const KINDS = Uint8Array.from(SIM_PROBES, (_, i) => probeKind(i));
/** 1 for an entry probe (fbt file-system probes differ in their arguments). */
const IS_ENTRY = Uint8Array.from(SIM_PROBES, (p) => (p.name === 'entry' ? 1 : 0));

/** Kernel pc of an idle CPU, and of a thread caught in the kernel (int64, so negative). */
const IDLE_KERNEL_PC = -0x47ffe2a;
const SYSCALL_KERNEL_PC = -0x47a3b10;
/** The syscalls whose arg1 is a user buffer of arg2 bytes. */
const BUFFER_CALLS: ReadonlySet<number> = new Set(
  (['read', 'write', 'pread', 'pwrite', 'send', 'recv'] as const).map((n) => SYSCALLS.indexOf(n)),
);

/** Kernel addresses of a vnode and a uio in fbt arguments (int64, so negative). */
const VNODE_ADDR = -0x1f2c3b4d000;
const UIO_ADDR = -0x1f2c3a8e000;
/** arg0 of an fbt return probe: the offset of the return instruction in the function. */
const FBT_RETURN_OFFSET = 0x4d;
/** User text starts here; a thread's sampled pc is a fixed function of its tid. */
const USER_TEXT = 0x8050000;

/** walltimestamp: ns since the Unix epoch, a number while safe, else a bigint. */
export function addNs(base: bigint, ns: number): DInt {
  const v = base + BigInt(ns);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The tracer's clock as the procfs views read it. */
class TracerClock implements ViewClock {
  readonly epochSec: number;
  constructor(
    /** undefined: no node yet (BEGIN before the simulation is built): time 0. */
    private readonly node: SimNode | undefined,
    readonly epochNs: bigint,
  ) {
    this.epochSec = Number(epochNs / 1_000_000_000n);
  }
  get now(): number {
    return this.node === undefined ? 0 : this.node.sched.now;
  }
}

/** The zone a consumer runs in, as its own context shows it. */
export interface ConsumerZone {
  readonly name: string;
  readonly id: number;
}

/**
 * The consumer's own context before any node exists: BEGIN fires in it at timestamp 0
 * (and END, when BEGIN already ended the run).
 */
export function consumerContext(epochNs: bigint, identity: ConsumerIdentity, zone: ConsumerZone | undefined): FiringContext {
  return new ConsumerContext(new TracerClock(undefined, epochNs), new ArgVector(undefined), identity, zone);
}

/** Where the arguments of the firing in progress come from, until they are filled. */
const A_FILLED = 0;
/** A ProbeSink firing: KINDS[probe] says how. */
const A_SIM = 1;
/** An fbt file-system probe (fireFs). */
const A_FS = 2;
/** An io provider probe (fireIo). */
const A_IO = 3;
/** An sdt ARC probe (fireArc). */
const A_ARC = 4;
/** An sdt probe with six scalar arguments (fireSdt, fireZone). */
const A_SDT = 5;

/**
 * arg0..9 and args[]: one pair of arrays per tracer that every context shares (a firing
 * never nests in another), so they stay in cache; `n`: entries at and beyond it are zero.
 * Most scripts never read a probe's arguments, so a firing only records where they come
 * from (`pending` and the fields after it); the first read of arg or args in that firing
 * fills the arrays (`fill`, the tracer's).
 */
class ArgVector {
  readonly arg: DInt[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  readonly args: unknown[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  n = 0;
  pending = A_FILLED;
  probe = 0;
  cur: Thread | undefined = undefined;
  cpu = 0;
  subject: Thread | undefined = undefined;
  scalar = 0;
  vp: SimVnode | undefined = undefined;
  uio: SimUio | undefined = undefined;
  buf: BufInfo | undefined = undefined;
  dev: DevInfo | undefined = undefined;
  file: FileInfo | undefined = undefined;
  zio: Zio | undefined = undefined;
  hdr: ArcBuf | undefined = undefined;
  readonly sdt = new Float64Array(6);

  constructor(private readonly fill: ((v: ArgVector) => void) | undefined) {}

  /** Records six scalar arguments (an sdt probe's), filled on first read. */
  setSdt(a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void {
    this.pending = A_SDT;
    const a = this.sdt;
    a[0] = a0;
    a[1] = a1;
    a[2] = a2;
    a[3] = a3;
    a[4] = a4;
    a[5] = a5;
  }

  get filledArg(): DInt[] {
    if (this.pending !== A_FILLED) this.fill!(this);
    return this.arg;
  }
  get filledArgs(): unknown[] {
    if (this.pending !== A_FILLED) this.fill!(this);
    return this.args;
  }
}

/** cpuinfo_t by CPU id, shared: they never change. */
const CPUINFO: object[] = [];
function cpuinfoOf(id: number): object {
  return (CPUINFO[id] ??= cpuinfo(id));
}

/**
 * The built-ins computed only when a script reads them: accessors on SimContext's
 * prototype, defined once (not per context: a new thread's context is made on its first
 * firing, and defining accessors per instance cost a runtime call and a map transition
 * each). ERROR's context delegates to the faulting one (Object.create), so it sees them.
 */
const LAZY: PropertyDescriptorMap = {
  arg: { enumerable: true, get(this: SimContext) { return this.vec.filledArg; } },
  args: { enumerable: true, get(this: SimContext) { return this.vec.filledArgs; } },
  vtimestamp: { enumerable: true, get(this: SimContext) { return this.vtime(); } },
  errno: { enumerable: true, get(this: SimContext) { return this.lastErrno(); } },
  execname: { enumerable: true, get(this: SimContext) { return this.processName(); } },
  curcpu: { enumerable: true, get(this: SimContext) { return cpuinfoOf(this.cpu); } },
  walltimestamp: { enumerable: true, get(this: SimContext) { return this.wall(); } },
  curlwpsinfo: { enumerable: true, get(this: SimContext) { return this.lwpsinfo(); } },
  curpsinfo: { enumerable: true, get(this: SimContext) { return this.psinfo(); } },
  curthread: { enumerable: true, get(this: SimContext) { return this.kthread(); } },
};

/**
 * A thread's view at a firing. The host sets timestamp and cpu (and the arguments) per
 * firing; everything else is a field fixed at creation or a lazy built-in (LAZY) the
 * engine reads only if the script refers to it. Structures are made on first use and kept.
 */
class SimContext implements FiringContext {
  timestamp = 0;
  cpu = 0;
  pid = 0;
  ppid = 0;
  tid = 0;
  uid = 0;
  zonename = 'global';
  /** execname when there is no thread (an idle CPU, the consumer). */
  protected name = 'sched';
  private lwp: LwpsinfoView | undefined = undefined;
  private ps: PsinfoView | undefined = undefined;
  private kt: KthreadView | undefined = undefined;

  constructor(
    readonly thread: Thread | undefined,
    private readonly clock: TracerClock,
    readonly vec: ArgVector,
    readonly threadSlot: number,
    private readonly idleCpu: number,
  ) {
    if (thread !== undefined) {
      this.pid = thread.pid;
      this.ppid = thread.proc.ppid;
      this.tid = thread.tid;
      this.uid = thread.proc.uid;
      this.zonename = thread.zone.name;
    }
  }

  declare readonly arg: DInt[];
  declare readonly args: unknown[];
  declare readonly vtimestamp: number;
  declare readonly errno: number;
  declare readonly execname: string;
  declare readonly curcpu: object;
  declare readonly walltimestamp: DInt;
  declare readonly curlwpsinfo: object;
  declare readonly curpsinfo: object;
  declare readonly curthread: object;

  /** The simulator keeps fractional ns; D's clocks are whole ns. */
  vtime(): number {
    const t = this.thread;
    return t === undefined ? this.timestamp : Math.floor(t.vtime(this.clock.now));
  }
  lastErrno(): number {
    return this.thread === undefined ? 0 : this.thread.sys.errno;
  }
  processName(): string {
    return this.thread === undefined ? this.name : this.thread.proc.execname;
  }
  wall(): DInt {
    return addNs(this.clock.epochNs, this.timestamp);
  }
  lwpsinfo(): object {
    return (this.lwp ??= new LwpsinfoView(this.thread, this.clock, this.threadSlot, this.idleCpu));
  }
  psinfo(): object {
    return (this.ps ??= new PsinfoView(this.thread, this.clock, this.lwpsinfo() as LwpsinfoView));
  }
  kthread(): object {
    return (this.kt ??= new KthreadView(this.thread, this.threadSlot));
  }

  readUser(addr: DInt, size: number): string | undefined {
    const t = this.thread;
    if (t === undefined || typeof addr !== 'number') return undefined;
    const s = readUserMemory(t.proc, addr);
    if (s !== undefined) return s.slice(0, size);
    // The simulator models how many bytes a read or write moves, not which: the buffer of
    // the call in progress is mapped memory of unmodelled content, and reads as zeros.
    const sys = t.sys;
    if (!BUFFER_CALLS.has(sys.num)) return undefined;
    const base = sys.args[1]!;
    const end = base + sys.args[2]!;
    if (addr < base || addr >= end) return undefined;
    return '\0'.repeat(Math.min(size, end - addr));
  }
}

Object.defineProperties(SimContext.prototype, LAZY);

/** The consumer's own thread (BEGIN, END): dtrace(1M) in the consumer's zone. */
class ConsumerContext extends SimContext {
  private readonly info: object;
  private readonly lwpInfo: object;

  constructor(clock: TracerClock, vec: ArgVector, id: ConsumerIdentity, zone: ConsumerZone | undefined) {
    super(undefined, clock, vec, 0, 0);
    this.pid = id.pid;
    this.ppid = id.ppid;
    this.tid = 1;
    this.uid = id.uid;
    this.name = 'dtrace';
    this.zonename = zone?.name ?? 'global';
    this.lwpInfo = { pr_lwpid: 1, pr_state: 6, pr_sname: 79, pr_pri: 59, pr_clname: 'FSS', pr_onpro: 0, pr_addr: kthreadAddr(0) };
    this.info = {
      pr_nlwp: 1, pr_pid: id.pid, pr_ppid: id.ppid, pr_pgid: id.pgid, pr_sid: id.sid, pr_uid: id.uid, pr_euid: id.euid,
      pr_gid: id.gid, pr_egid: id.egid, pr_fname: 'dtrace', pr_psargs: 'dtrace', pr_argc: 1, pr_dmodel: 2,
      pr_taskid: id.taskid, pr_projid: id.projid, pr_zoneid: zone?.id ?? 0, pr_lwp: this.lwpInfo,
    };
  }

  override psinfo(): object {
    return this.info;
  }
  override lwpsinfo(): object {
    return this.lwpInfo;
  }
}

/** A zone's zsched (pid 0, tid 0): where zone-misc fires. */
class ZschedContext extends SimContext {
  private readonly info: object;
  private readonly lwpInfo: object;

  constructor(clock: TracerClock, vec: ArgVector, zone: Zone) {
    super(undefined, clock, vec, 0, 0);
    this.zonename = zone.name;
    this.name = 'zsched';
    this.lwpInfo = { pr_lwpid: 1, pr_state: 1, pr_sname: 83, pr_pri: 60, pr_clname: 'SYS', pr_onpro: 0, pr_addr: kthreadAddr(0) };
    this.info = {
      pr_nlwp: 1, pr_pid: 0, pr_ppid: 0, pr_pgid: 0, pr_sid: 0, pr_uid: 0, pr_euid: 0, pr_gid: 0, pr_egid: 0,
      pr_fname: 'zsched', pr_psargs: 'zsched', pr_argc: 0, pr_dmodel: 2, pr_taskid: 0, pr_projid: 0, pr_zoneid: zone.id, pr_lwp: this.lwpInfo,
    };
  }

  override psinfo(): object {
    return this.info;
  }
  override lwpsinfo(): object {
    return this.lwpInfo;
  }
}

/**
 * Which zones' threads a consumer sees: a flag per zone id (undefined: every zone).
 * `own` is the zone the consumer itself runs in (its BEGIN/END context), the first of
 * its zones.
 */
export interface ZoneScope {
  readonly ids: Uint8Array;
  readonly own: ConsumerZone;
}

/** The scope of the zones `names` of `node` (names the node does not host are ignored). */
export function zoneScope(node: SimNode, names: readonly string[]): ZoneScope {
  let max = 0;
  for (const z of node.zones) max = Math.max(max, z.id);
  const ids = new Uint8Array(max + 1);
  let own: ConsumerZone | undefined;
  for (const n of names) {
    const z = node.zone(n);
    if (z === undefined || z.id === 0) continue;
    ids[z.id] = 1;
    own ??= { name: z.name, id: z.id };
  }
  return { ids, own: own ?? { name: names[0] ?? 'global', id: 0 } };
}

/** What the tracer calls for a firing of one enabled probe. */
type FireHandler = (ctx: FiringContext) => void;

export class NodeTracer implements IoProbeSink, FsProbeSink {
  /** Firings delivered to the consumer (BEGIN and END not included). */
  firings = 0;
  /** The consumer's own context: BEGIN and END fire in it. */
  readonly self: SimContext;
  private readonly clock: TracerClock;
  private readonly vec = new ArgVector((v) => this.fill(v));
  private readonly ctxs: (SimContext | undefined)[] = [];
  private readonly idle: SimContext[] = [];
  /** Context slots below this are the consumer's and the idle CPUs'. */
  private readonly slotBase: number;
  /** Flag per zone id of the zones whose threads the consumer sees; undefined: all. */
  private readonly scope: Uint8Array | undefined;
  private readonly zsched: (SimContext | undefined)[] = [];
  /** Detached: its timers stop at their next expiry. */
  private gone = false;
  /** Whether the consumer reads arguments: when it does not, firings skip recording them. */
  private readonly argsRead: boolean;
  /** By simulator probe: the consumer's function for it (undefined: not enabled), resolved once. */
  private readonly handlers: (FireHandler | undefined)[] = [];
  /** The node's event scheduler (its clock). */
  private readonly sched: SimNode['sched'];

  /**
   * `dIds[local]` is the D probe id of simulator probe `local` in the consumer's catalog
   * (-1: not in it). `scope`: the consumer sees only these zones (undefined: all).
   */
  constructor(
    readonly node: SimNode,
    readonly consumer: ConsumerPort,
    readonly dIds: Int32Array,
    epochNs: bigint,
    identity: ConsumerIdentity,
    scope: ZoneScope | undefined,
  ) {
    this.clock = new TracerClock(node, epochNs);
    this.argsRead = consumer.readsArgs !== false;
    this.sched = node.sched;
    for (let i = 0; i < dIds.length; i++) {
      const id = dIds[i]!;
      this.handlers.push(id < 0 || !consumer.isEnabled(id) ? undefined : (consumer.handler?.(id) ?? ((ctx: FiringContext) => consumer.fire(id, ctx))));
    }
    this.scope = scope?.ids;
    // BEGIN and END have no arguments (all zero), whatever fired last.
    this.self = new ConsumerContext(this.clock, new ArgVector(undefined), identity, scope?.own);
    for (let c = 0; c < node.ncpus; c++) {
      this.idle.push(new SimContext(undefined, this.clock, this.vec, 1 + c, c));
    }
    this.slotBase = 1 + node.ncpus;
  }

  /** Enables the node's probes the consumer uses and starts receiving them. */
  attach(): void {
    this.node.attachProbes(this);
    const enabled = this.node.enabled;
    for (let i = 0; i < this.dIds.length; i++) {
      const id = this.dIds[i]!;
      enabled[i] = id >= 0 && this.consumer.isEnabled(id) ? 1 : 0;
    }
    this.node.probesChanged();
  }

  detach(): void {
    this.gone = true;
    this.node.attachProbes(undefined);
  }

  /** Stops this tracer's timers (a hub detaches one consumer of several). */
  stopTimers(): void {
    this.gone = true;
  }

  /** Whether the consumer enabled simulator probe `local`. */
  enables(local: number): boolean {
    const id = this.dIds[local]!;
    return id >= 0 && this.consumer.isEnabled(id);
  }

  /**
   * Starts the timers of the enabled profile probes and the consumer's poll on the node's
   * clock. Within one instant the probes fire in id order, each on its CPUs in order,
   * and the poll comes last.
   */
  startTimers(probes: readonly ProfileProbe[], pollNs: number, poll: (now: number) => void): void {
    const sched = this.node.sched;
    const start = sched.now;
    const timers = probes
      .filter((p) => this.consumer.isEnabled(p.id))
      .sort((a, b) => a.id - b.id)
      .map((p) => ({ probe: p as ProfileProbe | undefined, interval: p.intervalNs, next: start + p.intervalNs }));
    timers.push({ probe: undefined, interval: pollNs, next: start + pollNs });
    const due = (): void => {
      if (this.consumer.exited || this.gone) return;
      const now = sched.now;
      let soonest = Infinity;
      for (const t of timers) {
        if (t.next <= now && !this.consumer.exited) {
          const p = t.probe;
          if (p === undefined) {
            poll(now);
          } else {
            const ncpu = p.kind === 'tick' ? 1 : this.node.ncpus;
            for (let c = 0; c < ncpu && !this.consumer.exited; c++) this.fireProfile(p, c, now);
          }
          t.next += t.interval;
        }
        if (t.next < soonest) soonest = t.next;
      }
      sched.at(soonest, due);
    };
    sched.at(Math.min(...timers.map((t) => t.next)), due);
  }

  private fireProfile(p: ProfileProbe, cpu: number, now: number): void {
    const t = this.node.curthread(cpu);
    let ctx: SimContext;
    const scope = this.scope;
    if (scope !== undefined && (t === undefined || scope[t.zone.id] !== 1)) {
      // A zone's consumer samples only its own threads; its tick-N fires in its own thread.
      if (p.kind !== 'tick') return;
      ctx = this.self;
    } else {
      ctx = t === undefined ? this.idle[cpu]! : this.contextOf(t);
    }
    this.prepare(ctx, cpu, now);
    if (this.argsRead) {
      // arg0 the kernel PC, arg1 the user PC (the other 0).
      let kpc = 0;
      let upc = 0;
      if (ctx.thread === undefined) kpc = ctx === this.self ? SYSCALL_KERNEL_PC : IDLE_KERNEL_PC;
      else if (ctx.thread.mode === KERNEL) kpc = SYSCALL_KERNEL_PC;
      else upc = USER_TEXT + ((ctx.thread.tid * 0x9e37) & 0xfff0);
      ctx.vec.pending = A_FILLED;
      setArgs2(ctx.vec, kpc, upc);
    }
    this.firings++;
    this.consumer.fire(p.id, ctx);
  }

  // ---- ProbeSink -------------------------------------------------------------------------

  fire(probe: number, cur: Thread | undefined, cpu: number, subject: Thread | undefined, arg: number): void {
    const ctx = this.deliverable(probe, cur, cpu);
    if (ctx === undefined) return;
    if (this.argsRead) {
      const v = this.vec;
      v.pending = A_SIM;
      v.probe = probe;
      v.cur = cur;
      v.cpu = cpu;
      v.subject = subject;
      v.scalar = arg;
    }
    this.firings++;
    this.handlers[probe]!(ctx);
  }

  fireIo(probe: number, cur: Thread | undefined, cpu: number, buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio): void {
    const ctx = this.deliverable(probe, cur, cpu);
    if (ctx === undefined) return;
    if (this.argsRead) {
      const v = this.vec;
      v.pending = A_IO;
      v.buf = buf;
      v.dev = dev;
      v.file = file;
      v.zio = zio;
    }
    this.firings++;
    this.handlers[probe]!(ctx);
  }

  fireArc(probe: number, cur: Thread | undefined, cpu: number, hdr: ArcBuf): void {
    const ctx = this.deliverable(probe, cur, cpu);
    if (ctx === undefined) return;
    if (this.argsRead) {
      const v = this.vec;
      v.pending = A_ARC;
      v.hdr = hdr;
    }
    this.firings++;
    this.handlers[probe]!(ctx);
  }

  fireSdt(probe: number, cur: Thread | undefined, cpu: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void {
    const ctx = this.deliverable(probe, cur, cpu);
    if (ctx === undefined) return;
    if (this.argsRead) this.vec.setSdt(a0, a1, a2, a3, a4, a5);
    this.firings++;
    this.handlers[probe]!(ctx);
  }

  /** A probe fired in a zone's own context (zone-misc): the zone's zsched, scalar arguments. */
  fireZone(probe: number, zone: Zone, a0: number, a1: number, a2: number, a3: number, a4: number): void {
    const f = this.handlers[probe];
    const scope = this.scope;
    if (f === undefined || (scope !== undefined && scope[zone.id] !== 1)) return;
    const ctx = (this.zsched[zone.id] ??= new ZschedContext(this.clock, this.vec, zone));
    this.prepare(ctx, 0, this.sched.now);
    if (this.argsRead) this.vec.setSdt(a0, a1, a2, a3, a4, 0);
    this.firings++;
    f(ctx);
  }

  /** fbt file-system probes: entry args[0] vnode_t, args[1] uio_t; return arg1 the errno. */
  fireFs(probe: number, cur: Thread, cpu: number, vp: SimVnode, uio: SimUio | undefined, arg: number): void {
    const ctx = this.deliverable(probe, cur, cpu);
    if (ctx === undefined) return;
    if (this.argsRead) {
      const v = this.vec;
      v.pending = A_FS;
      v.probe = probe;
      v.vp = vp;
      v.uio = uio;
      v.scalar = arg;
    }
    this.firings++;
    this.handlers[probe]!(ctx);
  }

  threadExited(t: Thread): void {
    this.consumer.threadExited?.(this.slotBase + t.slot);
    if (this.ctxs[t.slot]?.thread === t) this.ctxs[t.slot] = undefined;
  }

  // ---- Arguments -------------------------------------------------------------------------

  /** Fills arg/args of the firing in progress from what it recorded (the first read of either). */
  private fill(v: ArgVector): void {
    const kind = v.pending;
    v.pending = A_FILLED;
    const x = v.arg;
    const y = v.args;
    switch (kind) {
      case A_SIM:
        this.fillSim(v, v.probe, v.cur, v.cpu, v.subject, v.scalar);
        break;
      case A_FS:
        if (IS_ENTRY[v.probe] !== 0) {
          const uio = v.uio;
          x[0] = VNODE_ADDR;
          y[0] = v.vp;
          x[1] = uio === undefined ? 0 : UIO_ADDR;
          y[1] = uio ?? 0;
          clearFrom(v, 2);
        } else {
          setArgs2(v, FBT_RETURN_OFFSET, v.scalar);
        }
        break;
      case A_IO:
        x[0] = v.zio!.id;
        y[0] = v.buf;
        x[1] = v.dev!.dev_minor;
        y[1] = v.dev;
        x[2] = 0;
        y[2] = v.file;
        clearFrom(v, 3);
        break;
      case A_ARC:
        setArgs1(v, v.hdr!.key);
        break;
      case A_SDT: {
        const a = v.sdt;
        for (let i = 0; i < 6; i++) x[i] = y[i] = a[i]!;
        clearFrom(v, 6);
        break;
      }
    }
  }

  private fillSim(v: ArgVector, probe: number, cur: Thread | undefined, cpu: number, subject: Thread | undefined, arg: number): void {
    const x = v.arg;
    const y = v.args;
    const scope = this.scope;
    switch (KINDS[probe]) {
      case K_SYS_ENTRY: {
        const a = cur!.sys.args;
        x[0] = y[0] = a[0]!;
        x[1] = y[1] = a[1]!;
        x[2] = y[2] = a[2]!;
        x[3] = y[3] = a[3]!;
        x[4] = y[4] = a[4]!;
        x[5] = y[5] = a[5]!;
        clearFrom(v, 6);
        break;
      }
      case K_SYS_RETURN: {
        const rv = cur!.sys.rv;
        setArgs2(v, rv, rv);
        break;
      }
      case K_THREAD:
        this.threadArgs(v, subject, cpu);
        clearFrom(v, 2);
        break;
      case K_THREAD_CPU:
        this.threadArgs(v, subject, cpu);
        x[2] = kthreadAddr(0) - 0x10000000 + cpu * 0x1000;
        y[2] = cpuinfoOf(cpu);
        if (probe === P_ENQUEUE) {
          x[3] = arg;
          y[3] = arg;
          clearFrom(v, 4);
        } else {
          clearFrom(v, 3);
        }
        break;
      case K_THREAD_PRI:
        this.threadArgs(v, subject, cpu);
        x[2] = arg;
        y[2] = arg;
        clearFrom(v, 3);
        break;
      case K_PSINFO: {
        const visible = subject !== undefined && (scope === undefined || scope[subject.zone.id] === 1);
        const s = visible ? this.contextOf(subject) : undefined;
        x[0] = s === undefined ? 0 : kthreadAddr(s.threadSlot);
        y[0] = s === undefined ? EMPTY_PSINFO : s.psinfo();
        clearFrom(v, 1);
        break;
      }
      case K_SCALAR:
        x[0] = arg;
        y[0] = arg;
        clearFrom(v, 1);
        break;
      default:
        clearFrom(v, 0);
    }
  }

  // ---- Contexts --------------------------------------------------------------------------

  /** The context a firing goes to, or undefined when it is not delivered (not enabled, or out of scope). */
  private deliverable(probe: number, cur: Thread | undefined, cpu: number): SimContext | undefined {
    const scope = this.scope;
    if (this.handlers[probe] === undefined || (scope !== undefined && (cur === undefined || scope[cur.proc.zone.id] !== 1))) return undefined;
    const ctx = cur === undefined ? this.idle[cpu]! : this.contextOf(cur);
    this.prepare(ctx, cpu, this.sched.now);
    return ctx;
  }

  private contextOf(t: Thread): SimContext {
    const c = this.ctxs[t.slot];
    if (c !== undefined && c.thread === t) return c;
    const n = new SimContext(t, this.clock, this.vec, this.slotBase + t.slot, 0);
    this.ctxs[t.slot] = n;
    return n;
  }

  private prepare(ctx: SimContext, cpu: number, now: number): void {
    ctx.timestamp = Math.floor(now);
    ctx.cpu = cpu;
  }

  /** args[0] lwpsinfo_t and args[1] psinfo_t of `subject` (undefined: the CPU's idle thread). */
  private threadArgs(v: ArgVector, subject: Thread | undefined, cpu: number): void {
    if (subject === undefined) {
      const idle = this.idle[cpu]!;
      if (this.scope !== undefined) return hide(v);
      v.arg[0] = kthreadAddr(idle.threadSlot);
      v.args[0] = idle.lwpsinfo();
      v.arg[1] = 0;
      v.args[1] = idle.psinfo();
      return;
    }
    if (this.scope !== undefined && this.scope[subject.zone.id] !== 1) return hide(v);
    const s = this.contextOf(subject);
    v.arg[0] = kthreadAddr(s.threadSlot);
    v.args[0] = s.lwpsinfo();
    v.arg[1] = subject.pid;
    v.args[1] = s.psinfo();
  }
}

/** Another zone's thread: empty structures, no ids. */
function hide(v: ArgVector): void {
  v.arg[0] = 0;
  v.args[0] = EMPTY_LWPSINFO;
  v.arg[1] = 0;
  v.args[1] = EMPTY_PSINFO;
}

function setArgs1(v: ArgVector, a0: DInt): void {
  v.arg[0] = a0;
  v.args[0] = a0;
  clearFrom(v, 1);
}

function setArgs2(v: ArgVector, a0: DInt, a1: DInt): void {
  v.arg[0] = a0;
  v.args[0] = a0;
  v.arg[1] = a1;
  v.args[1] = a1;
  clearFrom(v, 2);
}

/** Zeroes arg/args from `n` up to what the previous firing set; records `n`. */
function clearFrom(v: ArgVector, n: number): void {
  for (let i = n; i < v.n; i++) {
    v.arg[i] = 0;
    v.args[i] = 0;
  }
  v.n = n;
}
