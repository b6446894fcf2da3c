// Disks and the pool layout. An HDD is a mechanical model: a seek that grows with the
// square root of the distance, the platter's real rotational position (7,200 rpm), a
// transfer rate that falls from the outer to the inner zone, and a command queue (NCQ)
// served shortest-access-time-first with aging, so a disk with ten commands
// outstanding does more I/O per second than one with one, at the cost of a long tail.
// Sequential commands stream without seek or rotation. An SSD is a few channels, each
// serving one command in tens of microseconds. The pool stripes blocks over the disks as
// ZFS's allocator does (a run of `aliquot` bytes per disk in turn) and places a file's
// data in 4 MB segments scattered over the used part of the pool, so random reads seek
// and sequential reads stream. Pure TypeScript, runs in the simulator.

import type { Scheduler } from '../scheduler';
import { KstatIo } from './kstat';
import { ZIO_TYPE_WRITE, type Zio } from './zio';

export interface HddModel {
  readonly kind: 'hdd';
  readonly capacityBytes: number;
  readonly rpm: number;
  /** Track-to-track seek including settle. */
  readonly seekMinNs: number;
  /** Full-stroke seek. */
  readonly seekMaxNs: number;
  /** Media rate at the outer and inner edge, bytes per ns. */
  readonly outerBytesPerNs: number;
  readonly innerBytesPerNs: number;
  /** Controller and command overhead per I/O. */
  readonly overheadNs: number;
  /**
   * Aged shortest-access-time-first: a queued command's positioning time counts
   * `ageWeight` ns less per ns it has waited, so far-away commands are not starved...
   */
  readonly ageWeight: number;
  /** ...and one that has waited this long is served next, whatever its position. */
  readonly agingNs: number;
  /** A command starting this far past the head's position streams (read-ahead, write-combining). */
  readonly seqWindowBytes: number;
}

export interface SsdModel {
  readonly kind: 'ssd';
  readonly capacityBytes: number;
  readonly readNs: number;
  readonly writeNs: number;
  readonly bytesPerNs: number;
  /** Commands served at once. */
  readonly channels: number;
}

export type DiskModel = HddModel | SsdModel;

/** A 2 TB 7,200 rpm SATA drive: ~8.9 ms average seek, 4.2 ms average rotation, 140-70 MB/s. */
export const HDD_7200: HddModel = {
  kind: 'hdd',
  capacityBytes: 2e12,
  rpm: 7200,
  seekMinNs: 800_000,
  seekMaxNs: 16_000_000,
  outerBytesPerNs: 0.14,
  innerBytesPerNs: 0.07,
  overheadNs: 100_000,
  ageWeight: 0.1,
  agingNs: 200_000_000,
  seqWindowBytes: 1 << 20,
};

/** A SATA SSD of the time: ~80 us for an 8 KB read, ~45 us for a write, 4 channels. */
export const SSD_SATA: SsdModel = {
  kind: 'ssd',
  capacityBytes: 8e11,
  readNs: 60_000,
  writeNs: 25_000,
  bytesPerNs: 0.4,
  channels: 4,
};

/** One disk: its command queue, its head, its sd kstat. */
export class Disk {
  readonly name = 'sd';
  readonly statname: string;
  /** The sd kstat: every command is on the run queue from submission to completion. */
  readonly kstat = new KstatIo();
  /** Called when a command completes (set by the vdev queue above it). */
  onDone: (z: Zio) => void = () => {};

  private readonly queue: Zio[] = [];
  private readonly slots: (Zio | undefined)[];
  private readonly finishers: (() => void)[];
  private inService = 0;
  /** Byte offset just past the last transfer: where the head is. */
  private head = 0;
  private readonly periodNs: number;

  constructor(
    private readonly sched: Scheduler,
    readonly model: DiskModel,
    readonly instance: number,
  ) {
    this.statname = `sd${instance}`;
    const n = model.kind === 'hdd' ? 1 : model.channels;
    this.slots = new Array<Zio | undefined>(n).fill(undefined);
    this.finishers = [];
    for (let i = 0; i < n; i++) this.finishers.push(() => this.finish(i));
    this.periodNs = model.kind === 'hdd' ? 60e9 / model.rpm : 0;
  }

  /** Commands in the drive (queued or in service). */
  get outstanding(): number {
    return this.queue.length + this.inService;
  }

  submit(z: Zio): void {
    this.kstat.runqEnter(this.sched.now);
    this.queue.push(z);
    if (this.inService < this.slots.length) this.startNext();
  }

  /** Service time of `z` if started at `at`, from the current head position. */
  serviceNs(z: Zio, at: number): number {
    const m = this.model;
    if (m.kind === 'ssd') return (z.type === ZIO_TYPE_WRITE ? m.writeNs : m.readNs) + z.size / m.bytesPerNs;
    const rate = this.rateAt(z.offset);
    return m.overheadNs + this.positionNs(z.offset, at + m.overheadNs, rate) + z.size / rate;
  }

  private rateAt(offset: number): number {
    const m = this.model as HddModel;
    const f = Math.min(1, offset / m.capacityBytes);
    return m.outerBytesPerNs - (m.outerBytesPerNs - m.innerBytesPerNs) * f;
  }

  /** Seek plus rotational wait to reach `offset`, the seek starting at `at`. */
  private positionNs(offset: number, at: number, rate: number): number {
    const m = this.model as HddModel;
    const gap = offset - this.head;
    if (gap >= 0 && gap <= m.seqWindowBytes) return gap / rate;
    const period = this.periodNs;
    const trackBytes = rate * period;
    const dist = gap < 0 ? -gap : gap;
    const seek = dist < trackBytes ? 0 : m.seekMinNs + (m.seekMaxNs - m.seekMinNs) * Math.sqrt(dist / m.capacityBytes);
    const target = (offset % trackBytes) / trackBytes;
    const under = ((at + seek) % period) / period;
    let rot = target - under;
    if (rot < 0) rot += 1;
    return seek + rot * period;
  }

  private pick(now: number): number {
    const q = this.queue;
    if (q.length === 1 || this.model.kind === 'ssd') return 0;
    const m = this.model;
    if (now - q[0].dispatched >= m.agingNs) return 0;
    let best = 0;
    let bestNs = Infinity;
    const at = now + m.overheadNs;
    for (let i = 0; i < q.length; i++) {
      const off = q[i].offset;
      const ns = this.positionNs(off, at, this.rateAt(off)) - m.ageWeight * (now - q[i].dispatched);
      if (ns < bestNs) {
        bestNs = ns;
        best = i;
      }
    }
    return best;
  }

  private startNext(): void {
    const now = this.sched.now;
    while (this.queue.length > 0 && this.inService < this.slots.length) {
      const i = this.pick(now);
      const z = this.queue[i];
      this.queue.splice(i, 1);
      let slot = 0;
      while (this.slots[slot] !== undefined) slot++;
      this.slots[slot] = z;
      this.inService++;
      const ns = this.serviceNs(z, now);
      if (this.model.kind === 'hdd') this.head = z.offset + z.size;
      this.sched.after(ns, this.finishers[slot]);
    }
  }

  private finish(slot: number): void {
    const z = this.slots[slot] as Zio;
    this.slots[slot] = undefined;
    this.inService--;
    const now = this.sched.now;
    const k = this.kstat;
    k.runqExit(now);
    if (z.type === ZIO_TYPE_WRITE) {
      k.writes++;
      k.nwritten += z.size;
    } else {
      k.reads++;
      k.nread += z.size;
    }
    this.startNext();
    this.onDone(z);
  }
}

/** Where a block lives: the leaf vdev and the byte offset on it. */
export interface BlockAddress {
  vdev: number;
  offset: number;
}

/**
 * The pool's address space: `ndisks` disks striped in `aliquot`-byte runs. File data sits
 * in the first `fill` of it, segment by segment; new writes (TXG syncs, the ZIL) are
 * allocated sequentially from a cursor in the free part, as a copy-on-write pool does.
 */
export class PoolLayout {
  readonly ndisks: number;
  private readonly aliquot: number;
  private readonly segment: number;
  private readonly usedSegments: number;
  private readonly freeStart: number;
  private readonly freeEnd: number;
  private cursor: number;

  constructor(ndisks: number, diskCapacity: number, opts: { aliquot?: number; segment?: number; fill?: number } = {}) {
    this.ndisks = ndisks;
    this.aliquot = opts.aliquot ?? 512 * 1024;
    this.segment = opts.segment ?? 4 << 20;
    const total = Math.floor(diskCapacity / this.aliquot) * this.aliquot * ndisks;
    const fill = opts.fill ?? 0.5;
    this.usedSegments = Math.max(1, Math.floor((total * fill) / this.segment));
    this.freeStart = this.usedSegments * this.segment;
    this.freeEnd = Math.floor((total * 0.95) / this.aliquot) * this.aliquot;
    this.cursor = this.freeStart;
  }

  /** Pool-logical offset of byte `fileOffset` of file `fileId`. */
  dataOffset(fileId: number, fileOffset: number): number {
    const seg = Math.floor(fileOffset / this.segment);
    const slot = mix(fileId, seg) % this.usedSegments;
    return slot * this.segment + (fileOffset - seg * this.segment);
  }

  /** Allocates `size` bytes of new space (a copy-on-write write) and returns its logical offset. */
  allocate(size: number): number {
    if (this.cursor + size > this.freeEnd) this.cursor = this.freeStart;
    const at = this.cursor;
    this.cursor += size;
    return at;
  }

  /** Maps a pool-logical offset to its disk and offset on that disk. */
  locate(logical: number, out: BlockAddress): BlockAddress {
    const a = this.aliquot;
    const run = Math.floor(logical / a);
    out.vdev = run % this.ndisks;
    out.offset = Math.floor(run / this.ndisks) * a + (logical - run * a);
    return out;
  }
}

/** A 32-bit integer hash of two small integers (deterministic placement, no RNG). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
