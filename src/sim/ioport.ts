// The seam between the CPU side of a node and its I/O layer (src/sim/io: ARC, vdev queue,
// disks, zone throttle, TXG). A workload's read/write/fsync reaches the I/O layer as a
// call on an IoPort, made by the calling thread while it is on a CPU in the kernel. The
// port decides what the call costs:
//   - CPU time of the caller (an ARC hit's copy, the throttle's busy-wait): kernel.spin;
//   - blocking (a disk read): return without completing; the thread then sleeps;
//   - completion: done.complete(t, result, errno), synchronously or from any later event.
// Also a placeholder port so workloads run before the I/O layer lands. Pure TypeScript.

import type { Continuation, Thread } from './proc';
import type { ProbePort } from './probes';
import type { Rng } from './rng';
import type { Scheduler } from './scheduler';
import type { Zone } from './zone';

/** A file a workload reads or writes (one per workload's working set). */
export interface SimFile {
  /** Unique on the node. */
  readonly id: number;
  readonly path: string;
  readonly zone: Zone;
  readonly sizeBytes: number;
}

/** How an I/O call ends. */
export interface IoCompletion {
  /** `result`: bytes transferred (or 0); `errno`: 0 on success. Wakes the caller if it sleeps. */
  complete(t: Thread, result: number, errno: number): void;
}

/** What the kernel offers the I/O layer for the calling thread. */
export interface IoKernel {
  readonly sched: Scheduler;
  /** Keeps `t` on its CPU in the kernel for `ns` more, then calls `then(t)` (still on CPU). */
  spin(t: Thread, ns: number, then: Continuation): void;
}

export interface IoPort {
  read(t: Thread, file: SimFile, offset: number, size: number, done: IoCompletion): void;
  /** `sync`: an O_DSYNC write, logged (ZIL) before it completes. */
  write(t: Thread, file: SimFile, offset: number, size: number, done: IoCompletion, sync?: boolean): void;
  fsync(t: Thread, file: SimFile, done: IoCompletion): void;
  /** Switches the per-zone I/O throttle's algorithm (a layer without one ignores it). */
  setThrottle?(mode: '2013' | '2011' | 'off'): void;
}

/** What a node hands the factory of its I/O layer. */
export interface IoHost {
  readonly kernel: IoKernel;
  readonly sched: Scheduler;
  readonly rng: Rng;
  readonly hostname: string;
  readonly ramGiB: number;
  readonly pool: { readonly kind: 'hdd' | 'ssd'; readonly disks: number };
  readonly throttle: '2013' | '2011' | 'off';
  readonly zones: readonly Zone[];
  readonly probes: ProbePort;
  /** A global-zone kernel thread (SYS class, pid 0) named `name` that starts by running `start`. */
  createKernelThread(name: string, start: Continuation): Thread;
}

export type IoPortFactory = (host: IoHost) => IoPort;

/** The placeholder's costs, in ns. */
export interface PlaceholderCosts {
  /** CPU per read or write call, plus per byte copied. */
  readonly callNs: number;
  readonly perByteNs: number;
  /** An fsync sleeps this long (a fast log device). */
  readonly fsyncNs: number;
}

export const PLACEHOLDER_COSTS: PlaceholderCosts = { callNs: 8_000, perByteNs: 0.25, fsyncNs: 500_000 };

/**
 * PLACEHOLDER until src/sim/io lands: every read and write is a cache hit costing a
 * fixed amount of the caller's CPU; fsync sleeps a fixed time. No disks, no ARC, no
 * throttle: latency from I/O does not emerge here.
 */
export class PlaceholderIoPort implements IoPort {
  private readonly finish: Continuation = (t) => {
    const op = t.io as PendingOp;
    op.done.complete(t, op.result, 0);
  };

  constructor(
    private readonly kernel: IoKernel,
    private readonly costs: PlaceholderCosts = PLACEHOLDER_COSTS,
  ) {}

  read(t: Thread, file: SimFile, offset: number, size: number, done: IoCompletion): void {
    const n = Math.max(0, Math.min(size, file.sizeBytes - offset));
    this.copy(t, n, done);
  }

  write(t: Thread, _file: SimFile, _offset: number, size: number, done: IoCompletion): void {
    this.copy(t, size, done);
  }

  fsync(t: Thread, _file: SimFile, done: IoCompletion): void {
    this.kernel.sched.after(this.costs.fsyncNs, () => done.complete(t, 0, 0));
  }

  private copy(t: Thread, bytes: number, done: IoCompletion): void {
    let op = t.io as PendingOp | undefined;
    if (op === undefined || !(op instanceof PendingOp)) t.io = op = new PendingOp();
    op.done = done;
    op.result = bytes;
    this.kernel.spin(t, this.costs.callNs + bytes * this.costs.perByteNs, this.finish);
  }
}

class PendingOp {
  done: IoCompletion = { complete() {} };
  result = 0;
}
