// The vdev queue of one leaf vdev (the 2013 OpenZFS I/O scheduler, with Joyent's zone
// scheduling): five classes (sync read, sync write, async read, async write, scrub),
// each with min/max active limits, an aggregate limit of 1000, the async-write limit
// scaled by dirty data, FIFO order in the sync classes and LBA order (next offset after
// the last issued) in the others. In the two sync classes zfs_zone_schedule may pull a
// zone's zio out of the middle of the FIFO once enough are queued: the 2013 pick scores
// every zone with queued zios as (qdepth*10/queued)*pri*weight; the 2011 pick bumps a
// zone with exactly one queued zio, the least-bumped one, never an above-average one.
// Issuing a zio fires io:::start, its completion io:::done. Pure TypeScript, simulator.

import type { Scheduler } from '../scheduler';
import type { Disk } from './disk';
import {
  B_ASYNC,
  B_BUSY,
  B_READ,
  B_WRITE,
  IO_DONE,
  IO_START,
  IO_WAIT_DONE,
  IO_WAIT_START,
  ZFS_VDEV_FILEINFO,
  ZONE_SCHED,
  ZONE_SCHED_BUMP,
  type BufInfo,
  type DevInfo,
  type IoProbes,
} from './observer';
import { GLOBAL_ZONEID, ZFS_ZONE, type ZoneThrottle } from './throttle';
import {
  ZIO_PRIORITY_ASYNC_READ,
  ZIO_PRIORITY_NUM_QUEUEABLE,
  ZIO_PRIORITY_SYNC_WRITE,
  ZIO_TYPE_READ,
  type IoThread,
  type Zio,
} from './zio';

/** zfs_vdev_{sync_read,sync_write,async_read,async_write,scrub}_{min,max}_active. */
export const VDEV_MIN_ACTIVE: readonly number[] = [10, 10, 1, 1, 1];
export const VDEV_MAX_ACTIVE: readonly number[] = [10, 10, 3, 10, 2];
export const ZFS_VDEV_MAX_ACTIVE = 1000;
/** Leaf vdev offsets skip the two front labels and the boot block (VDEV_LABEL_START_SIZE). */
const VDEV_LABEL_START_SIZE = 4 * 1024 * 1024;
/** sd's major number in name_to_major. */
const SD_MAJOR = 32;

/** A FIFO of zios linked through zio.prev/next. */
class FifoQueue {
  head: Zio | undefined = undefined;
  tail: Zio | undefined = undefined;
  count = 0;

  push(z: Zio): void {
    z.next = undefined;
    z.prev = this.tail;
    if (this.tail !== undefined) this.tail.next = z;
    else this.head = z;
    this.tail = z;
    this.count++;
  }

  remove(z: Zio): void {
    if (z.prev !== undefined) z.prev.next = z.next;
    else this.head = z.next;
    if (z.next !== undefined) z.next.prev = z.prev;
    else this.tail = z.prev;
    z.prev = z.next = undefined;
    this.count--;
  }
}

/** Zios sorted by offset (then by id): the LBA-ordered classes. */
class LbaQueue {
  readonly items: Zio[] = [];

  get count(): number {
    return this.items.length;
  }

  /** Index of the first zio at or after (offset, id). */
  private lowerBound(offset: number, id: number): number {
    const a = this.items;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = a[mid];
      if (m.offset < offset || (m.offset === offset && m.id < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  push(z: Zio): void {
    this.items.splice(this.lowerBound(z.offset, z.id), 0, z);
  }

  /** Removes and returns the first zio past `lastOffset`, or the first one (wrapping). */
  takeAfter(lastOffset: number): Zio {
    let i = this.lowerBound(lastOffset + 1, 0);
    if (i >= this.items.length) i = 0;
    const z = this.items[i];
    this.items.splice(i, 1);
    return z;
  }
}

export interface VdevOptions {
  /** zfs_vdev_async_write_max_active as scaled by dirty data (from the TXG engine). */
  readonly asyncWriteMaxActive?: () => number;
  /** Fire io:::wait-start/-done around sync zios (illumos ZFS does not: it never biowait()s). */
  readonly biowait?: boolean;
}

export class VdevQueue {
  readonly dev: DevInfo;
  readonly active = new Int32Array(ZIO_PRIORITY_NUM_QUEUEABLE);
  totalActive = 0;
  private readonly sync = [new FifoQueue(), new FifoQueue()];
  private readonly lba = [new LbaQueue(), new LbaQueue(), new LbaQueue()];
  private lastOffset = 0;
  private lastZoneId = 0;
  private readonly buf: BufInfo = {
    b_flags: 0,
    b_bcount: 0,
    b_bufsize: 0,
    b_addr: 0,
    b_resid: 0,
    b_error: 0,
    b_blkno: 0,
    b_lblkno: 0,
    b_edev: 0,
    b_iodone: 0,
  };
  private readonly asyncWriteMax: () => number;
  private readonly biowait: boolean;

  constructor(
    private readonly sched: Scheduler,
    readonly disk: Disk,
    private readonly throttle: ZoneThrottle,
    private readonly probes: IoProbes,
    opts: VdevOptions = {},
  ) {
    const minor = disk.instance * 64;
    this.dev = {
      dev_major: SD_MAJOR,
      dev_minor: minor,
      dev_instance: disk.instance,
      dev_name: disk.name,
      dev_statname: disk.statname,
      dev_pathname: `/devices/pci@0,0/pci15d9,624@1f,2/disk@${disk.instance},0:a`,
    };
    this.buf.b_edev = SD_MAJOR * 4294967296 + minor;
    this.asyncWriteMax = opts.asyncWriteMaxActive ?? (() => VDEV_MAX_ACTIVE[3]);
    this.biowait = opts.biowait ?? false;
    disk.onDone = (z) => this.done(z);
  }

  /** Zios waiting in class `p`. */
  queued(p: number): number {
    return p <= ZIO_PRIORITY_SYNC_WRITE ? this.sync[p].count : this.lba[p - ZIO_PRIORITY_ASYNC_READ].count;
  }

  /** vdev_queue_io: queue a zio and issue what the limits allow; `thread` is the caller. */
  enqueue(z: Zio, thread: IoThread | undefined): void {
    z.timestamp = this.sched.now;
    z.dispatched = 0;
    if (z.priority <= ZIO_PRIORITY_SYNC_WRITE) this.sync[z.priority].push(z);
    else this.lba[z.priority - ZIO_PRIORITY_ASYNC_READ].push(z);
    this.throttle.zioEnqueue(z);
    this.issue(thread);
  }

  private classToIssue(): number {
    if (this.totalActive >= ZFS_VDEV_MAX_ACTIVE) return -1;
    for (let p = 0; p < ZIO_PRIORITY_NUM_QUEUEABLE; p++) {
      if (this.queued(p) > 0 && this.active[p] < VDEV_MIN_ACTIVE[p]) return p;
    }
    for (let p = 0; p < ZIO_PRIORITY_NUM_QUEUEABLE; p++) {
      const max = p === 3 ? this.asyncWriteMax() : VDEV_MAX_ACTIVE[p];
      if (this.queued(p) > 0 && this.active[p] < max) return p;
    }
    return -1;
  }

  private issue(thread: IoThread | undefined): void {
    for (;;) {
      const p = this.classToIssue();
      if (p < 0) return;
      let z: Zio;
      if (p <= ZIO_PRIORITY_SYNC_WRITE) {
        const q = this.sync[p];
        z = this.schedule(q, p, thread);
        q.remove(z);
      } else z = this.lba[p - ZIO_PRIORITY_ASYNC_READ].takeAfter(this.lastOffset);
      this.lastOffset = z.offset;
      this.throttle.zioDequeue(z);
      this.active[p]++;
      this.totalActive++;
      this.throttle.zioStart(z);
      if (this.probes.on(IO_START)) this.fireIo(IO_START, z, thread);
      if (this.biowait && z.thread !== undefined && z.priority <= ZIO_PRIORITY_SYNC_WRITE && this.probes.on(IO_WAIT_START))
        this.fireIo(IO_WAIT_START, z, z.thread);
      this.disk.submit(z);
    }
  }

  /** zfs_zone_schedule for a sync class: the zio to issue next. */
  private schedule(q: FifoQueue, p: number, thread: IoThread | undefined): Zio {
    const head = q.head as Zio;
    const t = this.throttle;
    const cnt = q.count;
    const lastZone = this.lastZoneId;
    let z = head;
    if (t.mode === '2011') {
      if (t.scheduleEnabled && cnt >= ZFS_ZONE.scheduleThresh2011) z = this.bump2011(q, thread);
    } else if (t.scheduleEnabled && cnt >= ZFS_ZONE.scheduleThresh) z = this.pick2013(q, p, cnt, thread);
    this.lastZoneId = z.zoneId;
    if (this.probes.on(ZONE_SCHED)) {
      if (t.mode === '2011') this.probes.observer.zoneSdt(ZONE_SCHED, thread, cnt, lastZone, z.zoneId, 0, 0, 0);
      else this.probes.observer.zoneSdt(ZONE_SCHED, thread, cnt, lastZone, z.zoneId, p, 0, 0);
    }
    return z;
  }

  /** get_next_zio (2013): the best-scoring zone's first zio. */
  private pick2013(q: FifoQueue, p: number, cnt: number, thread: IoThread | undefined): Zio {
    const qdepth = cnt * 10;
    let bestPri = 0;
    let bestZone = 0;
    let bestWt = 0;
    for (const zone of this.throttle.zones) {
      const n = zone.queued[p];
      if (n === 0) {
        zone.weight = 0;
        continue;
      }
      if (zone.weight < ZFS_ZONE.schedWeightMax) zone.weight++;
      const pri = Math.floor(qdepth / n) * zone.pri * zone.weight;
      if (pri > bestPri) {
        bestPri = pri;
        bestZone = zone.id;
        bestWt = zone.weight;
      }
    }
    const head = q.head as Zio;
    if (bestZone === 0) return head;
    let pos = 0;
    let z = q.head;
    while (z !== undefined && z.zoneId !== bestZone) {
      z = z.next;
      pos++;
    }
    if (z === undefined) return head;
    if (z !== head && this.probes.on(ZONE_SCHED_BUMP))
      this.probes.observer.zoneSdt(ZONE_SCHED_BUMP, thread, bestZone, pos, bestPri, bestWt, 0, 0);
    return z;
  }

  /** get_next_zio (2011): bump the least-bumped zone that has exactly one zio queued. */
  private bump2011(q: FifoQueue, thread: IoThread | undefined): Zio {
    let best: (typeof this.throttle.zones)[number] | undefined;
    for (const zone of this.throttle.zones) {
      if (zone.queuedAll !== 1 || zone.id === GLOBAL_ZONEID || zone.aboveAvg) continue;
      if (best === undefined || best.bumped > zone.bumped) best = zone;
    }
    const head = q.head as Zio;
    if (best === undefined) return head;
    let z = q.head;
    while (z !== undefined && z.zoneId !== best.id) z = z.next;
    if (z === undefined) z = head;
    else if (z !== head) best.bumped++;
    if (this.probes.on(ZONE_SCHED_BUMP)) this.probes.observer.zoneSdt(ZONE_SCHED_BUMP, thread, z.zoneId, 0, 0, 0, 0, 0);
    return z;
  }

  private done(z: Zio): void {
    this.active[z.priority]--;
    this.totalActive--;
    if (this.probes.on(IO_DONE)) this.fireIo(IO_DONE, z, undefined);
    if (this.biowait && z.thread !== undefined && z.priority <= ZIO_PRIORITY_SYNC_WRITE && this.probes.on(IO_WAIT_DONE))
      this.fireIo(IO_WAIT_DONE, z, z.thread);
    this.throttle.zioDone(z);
    this.issue(undefined);
    const cb = z.done;
    if (cb !== undefined) cb(z);
  }

  private fireIo(event: number, z: Zio, thread: IoThread | undefined): void {
    const b = this.buf;
    const read = z.type === ZIO_TYPE_READ;
    b.b_flags = B_BUSY | (read ? B_READ : B_WRITE) | (z.priority >= ZIO_PRIORITY_ASYNC_READ ? B_ASYNC : 0);
    b.b_bcount = z.size;
    b.b_bufsize = z.size;
    const blk = Math.floor((z.offset + VDEV_LABEL_START_SIZE) / 512);
    b.b_blkno = blk;
    b.b_lblkno = blk;
    const o = this.probes.observer;
    switch (event) {
      case IO_START:
        o.ioStart(b, this.dev, ZFS_VDEV_FILEINFO, z, thread);
        break;
      case IO_DONE:
        o.ioDone(b, this.dev, ZFS_VDEV_FILEINFO, z, thread);
        break;
      case IO_WAIT_START:
        o.ioWaitStart(b, this.dev, ZFS_VDEV_FILEINFO, z, thread);
        break;
      default:
        o.ioWaitDone(b, this.dev, ZFS_VDEV_FILEINFO, z, thread);
    }
  }
}
