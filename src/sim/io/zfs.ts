// One compute node's ZFS, from the system call down: the "zones" pool (disks, vdev
// queues, layout), the ARC, the zone throttle, TXGs and the ZIL, and the logical read,
// write and fsync paths threads go through (with read-modify-write of partial records and
// zfetch-style read-ahead of sequential readers). A call is three steps so the caller's CPU
// model stays in charge of time on CPU: begin() (the throttle: microseconds to spin on
// CPU), issue() (ARC lookups, zios, dirtying: either done at once, with CPU to charge,
// or blocked until the request's onDone runs), end() (kstats, probes). The CPU figures
// are the kernel's work for the call (copying, checksums); latency comes from the disks
// and queues, never from a distribution. Pure TypeScript, runs in the simulator.

import type { Scheduler } from '../scheduler';
import { Arc, type ArcBuf, type ArcWaiter } from './arc';
import { Disk, HDD_7200, PoolLayout, SSD_SATA, type BlockAddress, type DiskModel } from './disk';
import { ARC_HIT, ARC_MISS, IoProbes, ZVOL_UIO_DONE, ZVOL_UIO_START } from './observer';
import { IOP_LOGICAL_WRITE, IOP_READ, ZoneThrottle, type ThrottleMode } from './throttle';
import { TxgEngine, type TxgOptions } from './txg';
import { VdevQueue } from './vdev';
import { Zil, type ZilWaiter } from './zil';
import { ZIO_PRIORITY_ASYNC_READ, ZIO_PRIORITY_SYNC_READ, ZIO_TYPE_READ, ZioPool, type IoThread, type Zio } from './zio';

/** CPU cost of the kernel's work, ns. */
const ARC_HIT_NS = 1000;
const COPY_NS_PER_BYTE = 0.25;
const ZIO_SETUP_NS = 8000;
const CHECKSUM_NS_PER_BYTE = 0.3;
const TX_NS = 5000;
/** zfetch reads ahead at most this far. */
const PREFETCH_MAX_BYTES = 1 << 20;

export interface ZfsOptions {
  readonly ramBytes: number;
  readonly pool: { readonly kind: 'hdd' | 'ssd'; readonly disks: number; readonly model?: DiskModel };
  readonly throttle?: ThrottleMode;
  /** arc_c_max override (small caches for tests). */
  readonly arcMaxBytes?: number;
  readonly txg?: TxgOptions;
  /** Fraction of the pool holding file data (how far random reads seek). */
  readonly fill?: number;
  /** hz, for the 2011 throttle's tick-based TXG delay. */
  readonly hz?: number;
  /** Fire io:::wait-start/-done for sync zios (illumos ZFS does not). */
  readonly biowait?: boolean;
}

/** An open file (or a zvol) of a zone's dataset. */
export class FileHandle {
  /** Bytes written since the last TXG that a fsync would have to log. */
  unlogged = 0;
  unloggedTxg = 0;
  /** zfetch's view of the file: the block a sequential reader would read next, how long the run is, how far it has prefetched. */
  nextBlock = -1;
  streak = 0;
  prefetched = -1;

  constructor(
    readonly id: number,
    readonly zoneId: number,
    readonly path: string,
    /** recordsize (volblocksize for a zvol). */
    readonly recordSize: number,
    readonly zvol: boolean,
    /** The zvol's minor number (zvol-uio-* arg0). */
    readonly minor: number,
  ) {}
}

export const OP_READ = 0;
export const OP_WRITE = 1;
export const OP_FSYNC = 2;

const PHASE_READ = 0;
const PHASE_RMW = 1;
const PHASE_ASSIGN = 2;
const PHASE_LOG = 3;

/** One logical operation in flight. Reusable: the caller may keep one per thread. */
export class IoRequest implements ArcWaiter, ZilWaiter {
  op = OP_READ;
  thread: IoThread | undefined = undefined;
  file: FileHandle | undefined = undefined;
  offset = 0;
  size = 0;
  /** O_DSYNC/O_SYNC write. */
  sync = false;
  /** Called when an issue() that returned false completes. */
  onDone: (req: IoRequest) => void = () => {};
  /** Set by begin(): microseconds the throttle makes the thread spin (on CPU). */
  spinUs = 0;
  /**
   * Set by issue(): CPU the thread spends in the kernel for the call, ns, including the
   * checksum and copy of blocks still being read (charged up front: the caller's CPU
   * model cannot charge a thread that sleeps).
   */
  cpuNs = 0;
  /** Simulated time begin() ran. */
  startNs = 0;
  pending = 0;
  phase = PHASE_READ;
  zfs: ZfsIo | undefined = undefined;

  arcReady(_buf: ArcBuf): void {
    if (--this.pending === 0) (this.zfs as ZfsIo).resume(this);
  }

  zilWritten(): void {
    if (--this.pending === 0) (this.zfs as ZfsIo).resume(this);
  }
}

export class ZfsIo {
  readonly probes = new IoProbes();
  readonly disks: Disk[] = [];
  readonly vdevs: VdevQueue[] = [];
  readonly layout: PoolLayout;
  readonly arc: Arc;
  readonly throttle: ZoneThrottle;
  readonly txg: TxgEngine;
  readonly zil: Zil;
  private readonly zios = new ZioPool();
  private readonly files: FileHandle[] = [];
  private readonly addr: BlockAddress = { vdev: 0, offset: 0 };
  private nextMinor = 1;
  private readonly onReadDone = (z: Zio): void => {
    const buf = z.arg as ArcBuf;
    this.zios.put(z);
    this.arc.filled(buf);
  };

  constructor(
    private readonly sched: Scheduler,
    opts: ZfsOptions,
  ) {
    const model = opts.pool.model ?? (opts.pool.kind === 'ssd' ? SSD_SATA : HDD_7200);
    this.throttle = new ZoneThrottle(sched, this.probes, opts.throttle ?? '2013', 1e9 / (opts.hz ?? 100));
    this.layout = new PoolLayout(opts.pool.disks, model.capacityBytes, { fill: opts.fill });
    this.arc = new Arc(opts.ramBytes, { maxBytes: opts.arcMaxBytes });
    let txg: TxgEngine | undefined;
    for (let i = 0; i < opts.pool.disks; i++) {
      const disk = new Disk(sched, model, i + 1);
      this.disks.push(disk);
      this.vdevs.push(
        new VdevQueue(sched, disk, this.throttle, this.probes, {
          asyncWriteMaxActive: () => (txg === undefined ? 1 : txg.asyncWriteMaxActive()),
          biowait: opts.biowait,
        }),
      );
    }
    txg = new TxgEngine(sched, this.layout, this.vdevs, this.zios, this.throttle, opts.ramBytes, opts.txg);
    this.txg = txg;
    this.zil = new Zil(this.layout, this.vdevs, this.zios);
  }

  /** Registers a zone and its zfs_io_priority. */
  addZone(zoneId: number, zfsIoPriority = 100): void {
    this.throttle.addZone(zoneId, zfsIoPriority);
  }

  /** Opens (creates on first use) a file in a zone's dataset. Handles are cached by path. */
  openFile(zoneId: number, path: string, opts: { recordSize?: number; zvol?: boolean } = {}): FileHandle {
    for (const f of this.files) if (f.zoneId === zoneId && f.path === path) return f;
    const zvol = opts.zvol ?? false;
    const f = new FileHandle(this.files.length, zoneId, path, opts.recordSize ?? (zvol ? 8192 : 131072), zvol, zvol ? this.nextMinor++ : 0);
    this.files.push(f);
    this.throttle.zone(zoneId);
    return f;
  }

  /** Step 1: kstats, zvol-uio-start, and the throttle. Returns (and sets) req.spinUs. */
  begin(req: IoRequest): number {
    const f = req.file as FileHandle;
    const now = this.sched.now;
    req.zfs = this;
    req.startNs = now;
    req.cpuNs = 0;
    req.spinUs = 0;
    if (req.op === OP_FSYNC) return 0;
    const write = req.op === OP_WRITE;
    if (f.zvol) {
      if (this.probes.on(ZVOL_UIO_START))
        this.probes.observer.zvolUioStart(f.minor, req.offset, req.size, write ? 1 : 0, f.zoneId, req.thread);
    } else {
      const vfs = this.throttle.zone(f.zoneId).vfs;
      if (write) vfs.waitqEnter(now);
      else vfs.runqEnter(now);
    }
    req.spinUs = this.throttle.ioThrottle(f.zoneId, write ? IOP_LOGICAL_WRITE : IOP_READ, req.thread);
    return req.spinUs;
  }

  /** Step 2: the work. True if done now (charge req.cpuNs); false if req.onDone will run later. */
  issue(req: IoRequest): boolean {
    req.pending = 0;
    switch (req.op) {
      case OP_READ:
        req.phase = PHASE_READ;
        this.readBlocks(req, false);
        return req.pending === 0;
      case OP_WRITE:
        req.phase = PHASE_RMW;
        req.cpuNs += TX_NS + COPY_NS_PER_BYTE * req.size;
        this.readBlocks(req, true);
        return req.pending === 0 ? this.assign(req) : false;
      default:
        return this.fsync(req);
    }
  }

  /** Step 3: accounting once the call returns. */
  end(req: IoRequest): void {
    if (req.op === OP_FSYNC) return;
    const f = req.file as FileHandle;
    const now = this.sched.now;
    const write = req.op === OP_WRITE;
    if (f.zvol) {
      if (this.probes.on(ZVOL_UIO_DONE))
        this.probes.observer.zvolUioDone(f.minor, req.offset, req.size, write ? 1 : 0, 0, f.zoneId, req.thread);
      return;
    }
    const vfs = this.throttle.zone(f.zoneId).vfs;
    if (write) {
      vfs.waitqExit(now);
      vfs.writes++;
      vfs.nwritten += req.size;
    } else {
      vfs.runqExit(now);
      vfs.reads++;
      vfs.nread += req.size;
    }
    vfs.countLatency(now - req.startNs);
  }

  /** Continues a request whose waits are over (called by the request itself). */
  resume(req: IoRequest): void {
    switch (req.phase) {
      case PHASE_RMW:
        if (!this.assign(req)) return;
        break;
      case PHASE_ASSIGN:
        if (!this.dirty(req)) return;
        break;
    }
    req.onDone(req);
  }

  /** Looks every block of the request up in the ARC; `rmw`: only partially written blocks. */
  private readBlocks(req: IoRequest, rmw: boolean): void {
    if (req.size <= 0) return;
    const f = req.file as FileHandle;
    const rs = f.recordSize;
    const first = Math.floor(req.offset / rs);
    const last = Math.floor((req.offset + req.size - 1) / rs);
    const now = this.sched.now;
    const p = this.probes;
    for (let b = first; b <= last; b++) {
      if (rmw) {
        const lo = Math.max(req.offset, b * rs);
        const hi = Math.min(req.offset + req.size, (b + 1) * rs);
        if (hi - lo === rs) continue;
      }
      let buf = this.arc.find(f.id, b);
      if (buf !== undefined) {
        this.arc.hit(buf, f.zoneId, now);
        if (p.on(ARC_HIT)) p.observer.arcHit(buf, f.zoneId, req.thread);
        if (buf.ioInProgress) {
          buf.waiters.push(req);
          req.pending++;
        }
        if (!rmw) req.cpuNs += ARC_HIT_NS + COPY_NS_PER_BYTE * Math.min(rs, req.size);
        continue;
      }
      buf = this.arc.miss(f.id, b, rs, f.zoneId, now);
      if (p.on(ARC_MISS)) p.observer.arcMiss(buf, f.zoneId, req.thread);
      buf.waiters.push(req);
      req.pending++;
      req.cpuNs += ZIO_SETUP_NS + CHECKSUM_NS_PER_BYTE * rs + (rmw ? 0 : COPY_NS_PER_BYTE * Math.min(rs, req.size));
      const z = this.zios.get();
      this.readZio(z, f, b, buf, ZIO_PRIORITY_SYNC_READ, req.thread);
    }
    if (!rmw) this.zfetch(f, first, last, req.thread);
  }

  private readZio(z: Zio, f: FileHandle, block: number, buf: ArcBuf, priority: number, thread: IoThread | undefined): void {
    const a = this.layout.locate(this.layout.dataOffset(f.id, block * f.recordSize), this.addr);
    z.type = ZIO_TYPE_READ;
    z.priority = priority;
    z.zoneId = f.zoneId;
    z.size = f.recordSize;
    z.offset = a.offset;
    z.vdev = a.vdev;
    z.fileId = f.id;
    z.thread = thread;
    z.done = this.onReadDone;
    z.arg = buf;
    this.vdevs[a.vdev].enqueue(z, thread);
  }

  /**
   * dmu_zfetch, simply: once a file is read sequentially, read ahead of the reader as
   * async reads (the async-read class, at most 3 active per disk), one more record per
   * sequential access up to 1 MB ahead. Prefetched records are ARC misses of the zone.
   */
  private zfetch(f: FileHandle, first: number, last: number, thread: IoThread | undefined): void {
    if (first === f.nextBlock || first === f.nextBlock - 1) f.streak++;
    else {
      f.streak = 0;
      f.prefetched = last;
    }
    f.nextBlock = last + 1;
    if (f.streak < 2) return;
    const rs = f.recordSize;
    const ahead = Math.min(f.streak - 1, Math.max(1, Math.floor(PREFETCH_MAX_BYTES / rs)));
    const now = this.sched.now;
    const p = this.probes;
    for (let b = Math.max(f.prefetched, last) + 1; b <= last + ahead; b++) {
      if (this.arc.find(f.id, b) !== undefined) continue;
      const buf = this.arc.miss(f.id, b, rs, f.zoneId, now);
      if (p.on(ARC_MISS)) p.observer.arcMiss(buf, f.zoneId, thread);
      this.readZio(this.zios.get(), f, b, buf, ZIO_PRIORITY_ASYNC_READ, thread);
    }
    if (last + ahead > f.prefetched) f.prefetched = last + ahead;
  }

  /** dmu_tx_assign: wait if dirty data is at its limit, or sleep if the write throttle holds us. */
  private assign(req: IoRequest): boolean {
    req.phase = PHASE_ASSIGN;
    if (this.txg.full) {
      req.pending = 1;
      this.txg.whenSynced(() => req.zilWritten());
      return false;
    }
    if (this.txg.throttled) {
      req.pending = 1;
      this.sched.after(this.throttle.txgDelayNs((req.file as FileHandle).zoneId), () => req.zilWritten());
      return false;
    }
    return this.dirty(req);
  }

  /** Dirties the blocks, caches the data, and for a sync write logs it. */
  private dirty(req: IoRequest): boolean {
    const f = req.file as FileHandle;
    const rs = f.recordSize;
    const first = Math.floor(req.offset / rs);
    const last = Math.floor((req.offset + req.size - 1) / rs);
    const now = this.sched.now;
    for (let b = first; b <= last; b++) {
      this.arc.written(f.id, b, rs, f.zoneId, now);
      this.txg.dirty(f.id, b, rs);
    }
    if (!req.sync) {
      if (f.unloggedTxg !== this.txg.openTxg) f.unlogged = 0;
      f.unlogged += req.size;
      f.unloggedTxg = this.txg.openTxg;
      return true;
    }
    req.phase = PHASE_LOG;
    req.pending = this.zil.commit(f.zoneId, req.thread, req.size, req);
    return false;
  }

  /** zil_commit for the file's unlogged writes, if any are not yet on disk. */
  private fsync(req: IoRequest): boolean {
    const f = req.file as FileHandle;
    if (f.unlogged === 0 || f.unloggedTxg < this.txg.openTxg - (this.txg.syncingTxg === 0 ? 0 : 1)) {
      f.unlogged = 0;
      return true;
    }
    req.phase = PHASE_LOG;
    req.pending = this.zil.commit(f.zoneId, req.thread, f.unlogged, req);
    f.unlogged = 0;
    return false;
  }
}
