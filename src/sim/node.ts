// One simulated SmartOS compute node: its CPUs and clock (dispatcher), its zones with
// their resource controls, processes and LWPs, the kernel services workloads call, the
// I/O layer behind the IoPort, and the probe switchboard the D engine attaches to.
// Deterministic: everything takes time from the node's own event queue and randomness
// from the node's own stream (`${seed}/${hostname}`). Runs wherever the node is
// simulated (a worker, the CLI, a test). Pure TypeScript.

import { capsKstat, type CapsKstat } from './cpu/caps';
import { zoneMiscKstat, type ZoneMiscKstat } from './cpu/counters';
import { Dispatcher } from './cpu/dispatch';
import { staticEntitlement } from './cpu/fss';
import { PlaceholderIoPort, type IoHost, type IoPortFactory, type SimFile } from './ioport';
import { CLASS_SYS, Process, Thread, type Continuation } from './proc';
import { CLD_EXITED, P_LWP_EXIT, P_PROC_CREATE, P_PROC_EXEC_SUCCESS, P_PROC_EXIT, P_ZONE_MISC, ProbePort, type ProbeSink } from './probes';
import { Rng } from './rng';
import type { NodeSpec, Scenario, WorkloadSpec } from './scenario';
import { EventQueue } from './scheduler';
import { Kernel } from './syscall';
import type { RunningWorkload, WorkloadHost, WorkloadRegistry, WorkloadStarter } from './workload';
import { WORKLOADS } from './workloads/index';
import { Zone } from './zone';

export interface NodeOptions {
  readonly seed: number;
  readonly hz: 100 | 1000 | number;
  readonly throttle: Scenario['throttle'];
  /** The I/O layer; the placeholder port without it. */
  readonly io?: IoPortFactory;
  /** Workload starters by kind (default: the built-in ones). */
  readonly workloads?: WorkloadRegistry;
  /** FSS's later quantum-expiry round-robin rule (see FssPset); off by default. */
  readonly fssQuantaUpRoundRobin?: boolean;
}

const NS_PER_S = 1e9;
/** The first pid given to a zone process (the kernel's own are below). */
const FIRST_PID = 1000;

interface ActiveWorkload {
  readonly zone: Zone;
  readonly spec: WorkloadSpec;
  running: RunningWorkload | undefined;
  stopped: boolean;
}

export class SimNode {
  readonly hostname: string;
  readonly ncpus: number;
  readonly ramGiB: number;
  readonly pool: NodeSpec['pool'];
  readonly hz: number;
  readonly sched = new EventQueue();
  readonly probes = new ProbePort();
  /** zones[0] is the global zone; the scenario's follow in order. */
  readonly zones: Zone[] = [];
  readonly dispatcher: Dispatcher;
  readonly kernel: Kernel;
  readonly rng: Rng;
  /** Live processes. */
  readonly processes: Process[] = [];
  /** Workloads of kinds nothing simulates yet, as `zonename: kind`. */
  readonly unsupportedWorkloads: string[] = [];

  private readonly workloads: ActiveWorkload[] = [];
  private readonly registry: WorkloadRegistry;
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private nextPid = FIRST_PID;
  private nextFileId = 1;
  private kernelProc: Process | undefined;
  /** The zone-misc timer is scheduled. */
  private zoneMiscOn = false;
  /** zone_misc readings at the last zone-misc firing, per zone id: user, sys, waitrq, time. */
  private zoneMiscLast: Float64Array = new Float64Array(0);
  private throttleMode: Scenario['throttle'];

  constructor(spec: NodeSpec, opts: NodeOptions) {
    this.hostname = spec.hostname;
    this.ncpus = spec.ncpus;
    this.ramGiB = spec.ramGiB;
    this.pool = spec.pool;
    this.hz = opts.hz;
    this.throttleMode = opts.throttle;
    this.rng = Rng.forNode(opts.seed, spec.hostname);
    this.registry = opts.workloads ?? WORKLOADS;

    this.zones.push(new Zone(0, 'global', undefined, 'joyent', { shares: 1, capPct: 0, zfsIoPriority: 100, maxPhysicalMemoryMiB: spec.ramGiB * 1024 }));
    spec.zones.forEach((z, i) => {
      this.zones.push(
        new Zone(i + 1, z.name, z.owner, z.brand, {
          shares: z.cpu_shares,
          capPct: z.cpu_cap ?? 0,
          zfsIoPriority: z.zfs_io_priority,
          maxPhysicalMemoryMiB: z.max_physical_memory,
        }),
      );
    });
    this.updateBaselines();

    this.dispatcher = new Dispatcher(this.sched, spec.ncpus, opts.hz, this.probes, this.zones, opts.fssQuantaUpRoundRobin);
    this.dispatcher.onExiting = (t) => this.exiting(t);
    this.dispatcher.onExit = (t) => this.reap(t);
    this.kernel = new Kernel(this.sched, this.dispatcher, this.probes);
    const ioHost: IoHost = {
      kernel: this.kernel,
      sched: this.sched,
      rng: this.rng.derive('io'),
      hostname: this.hostname,
      ramGiB: this.ramGiB,
      pool: this.pool,
      throttle: opts.throttle,
      zones: this.zones,
      probes: this.probes,
      createKernelThread: (execname, start) => this.createKernelThread(execname, start),
    };
    this.kernel.io = opts.io ? opts.io(ioHost) : new PlaceholderIoPort(this.kernel);
    this.dispatcher.start();

    spec.zones.forEach((z, i) => {
      for (const w of z.workloads) this.addWorkload(this.zones[i + 1]!, w);
    });
  }

  /** Simulated ns since boot. */
  get now(): number {
    return this.sched.now;
  }

  /** Per-probe enabled flags (SIM_PROBES ids), set by the engine. */
  get enabled(): Uint8Array {
    return this.probes.enabled;
  }

  /** Installs the consumer of this node's probes (undefined detaches it). */
  attachProbes(sink: ProbeSink | undefined): void {
    this.probes.attach(sink);
  }

  /**
   * The engine changed the enabled flags: starts the probes that need a timer of their own
   * (zone-misc) if they are now enabled. Such a timer stops by itself once its probe is
   * disabled, so a probe nothing enables schedules nothing.
   */
  probesChanged(): void {
    if (this.probes.enabled[P_ZONE_MISC] === 0 || this.zoneMiscOn) return;
    this.zoneMiscOn = true;
    const now = this.sched.now;
    this.zoneMiscLast = new Float64Array(this.zones.length * 4);
    for (const z of this.zones) this.zoneMiscMark(z, now);
    this.sched.at((Math.floor(now / NS_PER_S) + 1) * NS_PER_S, this.zoneMiscTick);
  }

  private zoneMiscMark(z: Zone, now: number): void {
    const k = zoneMiscKstat(z, now);
    const b = z.id * 4;
    const last = this.zoneMiscLast;
    last[b] = k.nsec_user;
    last[b + 1] = k.nsec_sys;
    last[b + 2] = k.nsec_waitrq;
    last[b + 3] = now;
  }

  /** Fires zone-misc for every non-global zone: the zone_misc time accrued since the last firing. */
  private readonly zoneMiscTick = (): void => {
    if (this.probes.enabled[P_ZONE_MISC] === 0) {
      this.zoneMiscOn = false;
      return;
    }
    const now = this.sched.now;
    const last = this.zoneMiscLast;
    const sink = this.probes.sink;
    for (let i = 1; i < this.zones.length; i++) {
      const z = this.zones[i]!;
      const b = z.id * 4;
      const k = zoneMiscKstat(z, now);
      const du = Math.round(k.nsec_user - last[b]!);
      const ds = Math.round(k.nsec_sys - last[b + 1]!);
      const dw = Math.round(k.nsec_waitrq - last[b + 2]!);
      const interval = Math.round(now - last[b + 3]!);
      last[b] = k.nsec_user;
      last[b + 1] = k.nsec_sys;
      last[b + 2] = k.nsec_waitrq;
      last[b + 3] = now;
      sink.fireZone?.(P_ZONE_MISC, z, du, ds, dw, interval, z.capPct);
    }
    this.sched.at(now + NS_PER_S, this.zoneMiscTick);
  };

  /** Runs the node up to simulated time `ns` (or until `stop` says so). Returns events run. */
  runUntil(ns: number, stop?: () => boolean): number {
    return this.sched.runUntil(ns, stop);
  }

  zone(name: string): Zone | undefined {
    return this.zones.find((z) => z.name === name);
  }

  /** The thread on a CPU now (undefined: the CPU is idle), for profile-N sampling. */
  curthread(cpu: number): Thread | undefined {
    return this.dispatcher.curthread(cpu);
  }

  /** A hook called on every clock tick (after the dispatcher's work), e.g. for tick-N probes. */
  set onTick(f: ((now: number) => void) | undefined) {
    this.dispatcher.onTick = f;
  }

  /** Slots handed out so far: every live thread's `slot` is below this. */
  get slotLimit(): number {
    return this.nextSlot;
  }

  // ---- Kstats ----------------------------------------------------------------------------

  zoneKstat(name: string): ZoneMiscKstat {
    return zoneMiscKstat(this.mustZone(name), this.sched.now);
  }

  /** The zone's caps kstat, or undefined for an uncapped zone (as the kernel has none). */
  capsKstat(name: string): CapsKstat | undefined {
    const z = this.mustZone(name);
    return z.capped ? capsKstat(z, this.dispatcher.tickNs, this.hz) : undefined;
  }

  // ---- Live controls (vmadm update / prctl -r) -----------------------------------------

  setCpuShares(name: string, shares: number): void {
    this.mustZone(name).shares = Math.max(0, Math.min(65535, Math.floor(shares)));
    this.updateBaselines();
  }

  /** Sets a zone's cap in % of one CPU (undefined or 0: no cap). Waiters are released. */
  setCpuCap(name: string, pct: number | undefined): void {
    const z = this.mustZone(name);
    const v = pct === undefined ? 0 : Math.max(0, Math.floor(pct));
    if (v === z.capPct) return;
    z.capAbove = z.capBelow = 0;
    if (z.capPct === 0) {
      z.capUsage = z.capZoneUsage = z.capMaxUsage = 0;
      for (const t of z.threads) t.capCharged = t.vtime(this.sched.now);
    }
    z.capPct = v;
    if (v === 0) this.dispatcher.releaseCapWaiters(z);
    this.updateBaselines();
  }

  /** Sets a zone's zfs_io_priority (the throttle reads it at the zone's next I/O). */
  setZfsIoPriority(name: string, pri: number): void {
    this.mustZone(name).zfsIoPriority = Math.max(0, Math.floor(pri));
  }

  /** The per-zone I/O throttle's algorithm now. */
  get throttle(): Scenario['throttle'] {
    return this.throttleMode;
  }

  /** Switches the per-zone I/O throttle's algorithm (PUT /ca/admin/throttle). */
  setThrottle(mode: Scenario['throttle']): void {
    this.throttleMode = mode;
    this.kernel.io.setThrottle?.(mode);
  }

  /** The workloads started in a zone, by index, and whether each has been stopped. */
  zoneWorkloads(name: string): readonly { readonly index: number; readonly spec: WorkloadSpec; readonly stopped: boolean }[] {
    const z = this.mustZone(name);
    const out: { index: number; spec: WorkloadSpec; stopped: boolean }[] = [];
    this.workloads.forEach((w, index) => {
      if (w.zone === z) out.push({ index, spec: w.spec, stopped: w.stopped });
    });
    return out;
  }

  /** Starts a workload in a zone (at its `from`, if that is still to come); returns its index. */
  addWorkload(zone: Zone, spec: WorkloadSpec): number {
    const w: ActiveWorkload = { zone, spec, running: undefined, stopped: false };
    const index = this.workloads.length;
    this.workloads.push(w);
    const starter = this.registry[spec.kind] as WorkloadStarter | undefined;
    if (starter === undefined) {
      this.unsupportedWorkloads.push(`${zone.name}: ${spec.kind}`);
      return index;
    }
    const start = () => {
      if (w.stopped) return;
      w.running = starter(this.workloadHost(zone, `${zone.name}/${index}`), spec);
    };
    const fromNs = spec.from * NS_PER_S;
    if (fromNs <= this.sched.now) start();
    else this.sched.at(fromNs, start);
    if (spec.until !== undefined) this.sched.at(spec.until * NS_PER_S, () => this.removeWorkload(index));
    return index;
  }

  removeWorkload(index: number): void {
    const w = this.workloads[index];
    if (w === undefined || w.stopped) return;
    w.stopped = true;
    w.running?.stop();
  }

  // ---- Processes and threads -------------------------------------------------------------

  createProcess(zone: Zone, execname: string, psargs: string, uid = 0): Process {
    const p = new Process(this.nextPid++, 1, zone, execname.slice(0, 16), psargs.slice(0, 80), uid, this.sched.now);
    this.processes.push(p);
    zone.processes.push(p);
    return p;
  }

  /** A new LWP of `proc`, runnable at once, that starts with `start`. */
  createThread(proc: Process, start: Continuation, cls = 0): Thread {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.nextSlot++;
    const t = new Thread(proc, proc.nextTid++, slot, this.sched.now, (th) => this.dispatcher.wakeup(th));
    t.cls = cls;
    const first = proc.threads.length === 0;
    proc.threads.push(t);
    proc.zone.threads.push(t);
    if (first && cls !== CLASS_SYS) {
      const p = this.probes;
      if (p.enabled[P_PROC_CREATE] !== 0) p.sink.fire(P_PROC_CREATE, this.dispatcher.current, t.cpu, t, 0);
      t.cont = (th) => {
        if (p.enabled[P_PROC_EXEC_SUCCESS] !== 0) p.sink.fire(P_PROC_EXEC_SUCCESS, th, th.cpu, th, 0);
        start(th);
      };
    } else {
      t.cont = start;
    }
    this.dispatcher.startThread(t);
    return t;
  }

  /** A kernel thread (SYS class, global zone, pid 0 "sched", named `name`) that starts with `start`. */
  createKernelThread(name: string, start: Continuation): Thread {
    if (this.kernelProc === undefined) {
      this.kernelProc = new Process(0, 0, this.zones[0]!, 'sched', 'sched', 0, 0);
      this.processes.push(this.kernelProc);
      this.zones[0]!.processes.push(this.kernelProc);
    }
    const t = this.createThread(this.kernelProc, start, CLASS_SYS);
    t.name = name;
    return t;
  }

  /** A file in a zone's dataset. */
  createFile(zone: Zone, path: string, sizeBytes: number): SimFile {
    return { id: this.nextFileId++, path, zone, sizeBytes };
  }

  private workloadHost(zone: Zone, name: string): WorkloadHost {
    return {
      hostname: this.hostname,
      ncpus: this.ncpus,
      zone,
      kernel: this.kernel,
      sched: this.sched,
      rng: this.rng.derive(name),
      spawn: (execname, psargs) => this.createProcess(zone, execname, psargs, 0),
      thread: (proc, start) => this.createThread(proc, start),
      file: (path, size) => this.createFile(zone, path, size),
    };
  }

  /** A thread is exiting (still on its CPU): unlink it, end its process if it was the last. */
  private exiting(t: Thread): void {
    const p = this.probes;
    if (p.enabled[P_LWP_EXIT] !== 0) p.sink.fire(P_LWP_EXIT, t, t.cpu, t, 0);
    const proc = t.proc;
    remove(proc.threads, t);
    remove(proc.zone.threads, t);
    if (proc.threads.length === 0 && proc.pid !== 0) {
      proc.exited = true;
      if (p.enabled[P_PROC_EXIT] !== 0) p.sink.fire(P_PROC_EXIT, t, t.cpu, t, CLD_EXITED);
      remove(this.processes, proc);
      remove(proc.zone.processes, proc);
    }
  }

  /** An exited thread has left its CPU: its slot may be reused. */
  private reap(t: Thread): void {
    this.probes.sink.threadExited?.(t);
    this.freeSlots.push(t.slot);
  }

  /**
   * A capped zone's baseline is its entitlement if every zone were busy (S / ΣS of the
   * node's zones, in % of one CPU), at most its cap: above it, the zone is bursting.
   */
  private updateBaselines(): void {
    const tenants = this.zones.slice(1);
    for (const z of tenants) {
      z.basePct = z.capped ? Math.min(z.capPct, Math.round(staticEntitlement(z, tenants, this.ncpus) * 100)) : 0;
    }
  }

  private mustZone(name: string): Zone {
    const z = this.zone(name);
    if (z === undefined) throw new Error(`no zone "${name}" on ${this.hostname}`);
    return z;
  }
}

function remove<T>(xs: T[], x: T): void {
  const i = xs.indexOf(x);
  if (i >= 0) xs.splice(i, 1);
}
