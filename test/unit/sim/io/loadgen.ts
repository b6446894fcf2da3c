// A small closed-loop load generator for the I/O tests: each thread issues a logical
// read or write through ZfsIo, spins the throttle's delay, waits for the I/O, charges
// the kernel CPU, thinks, and repeats. CPU is never contended here (the core's
// dispatcher is not involved), so latency is the I/O subsystem's alone.

import type { EventQueue } from '../../../../src/sim/scheduler';
import { IoRequest, OP_READ, OP_WRITE, type FileHandle, type ZfsIo } from '../../../../src/sim/io/zfs';

/** mulberry32: a tiny seeded PRNG for choosing offsets. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LoadSpec {
  readonly file: FileHandle;
  readonly threads: number;
  readonly op?: 'read' | 'write';
  readonly ioBytes: number;
  readonly workingSetBytes: number;
  readonly thinkNs?: number;
  readonly sync?: boolean;
  readonly fromNs?: number;
  readonly untilNs?: number;
  readonly seed?: number;
}

/** Completed operations: when each ended, how long it took, how long it spun. */
export class LoadStats {
  readonly endNs: number[] = [];
  readonly latencyNs: number[] = [];
  readonly spinUs: number[] = [];

  between(fromNs: number, toNs: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.endNs.length; i++) if (this.endNs[i] >= fromNs && this.endNs[i] < toNs) out.push(this.latencyNs[i]);
    return out;
  }
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export function startLoad(q: EventQueue, zfs: ZfsIo, spec: LoadSpec): LoadStats {
  const stats = new LoadStats();
  const random = rng(spec.seed ?? 1);
  const until = spec.untilNs ?? Infinity;
  const blocks = Math.max(1, Math.floor(spec.workingSetBytes / spec.ioBytes));
  for (let t = 0; t < spec.threads; t++) {
    const thread = { tid: t + 1 };
    const req = new IoRequest();
    req.thread = thread;
    req.file = spec.file;
    req.op = spec.op === 'write' ? OP_WRITE : OP_READ;
    req.size = spec.ioBytes;
    req.sync = spec.sync ?? false;
    const finish = (): void => {
      q.after(req.cpuNs, () => {
        zfs.end(req);
        stats.endNs.push(q.now);
        stats.latencyNs.push(q.now - req.startNs);
        stats.spinUs.push(req.spinUs);
        q.after(spec.thinkNs ?? 0, next);
      });
    };
    req.onDone = finish;
    const next = (): void => {
      if (q.now >= until) return;
      req.offset = Math.floor(random() * blocks) * spec.ioBytes;
      const spin = zfs.begin(req);
      q.after(spin * 1000, () => {
        if (zfs.issue(req)) finish();
      });
    };
    q.at((spec.fromNs ?? 0) + t * 1000, next);
  }
  return stats;
}

/** One thread reading a file front to back in `ioBytes` calls until `untilNs`. */
export function startSequential(q: EventQueue, zfs: ZfsIo, file: FileHandle, ioBytes: number, untilNs: number): LoadStats {
  const stats = new LoadStats();
  const req = new IoRequest();
  req.thread = { tid: 1 };
  req.file = file;
  req.op = OP_READ;
  req.size = ioBytes;
  req.offset = -ioBytes;
  const finish = (): void => {
    q.after(req.cpuNs, () => {
      zfs.end(req);
      stats.endNs.push(q.now);
      stats.latencyNs.push(q.now - req.startNs);
      stats.spinUs.push(req.spinUs);
      next();
    });
  };
  req.onDone = finish;
  const next = (): void => {
    if (q.now >= untilNs) return;
    req.offset += ioBytes;
    q.after(zfs.begin(req) * 1000, () => {
      if (zfs.issue(req)) finish();
    });
  };
  q.at(0, next);
  return stats;
}
