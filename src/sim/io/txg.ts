// Transaction groups: the write half of ZFS. A logical write dirties blocks in the open
// TXG; the sync thread writes them out every zfs_txg_timeout (5 s), or as soon as the
// open TXG holds zfs_dirty_data_sync (64 MB) of dirty data, as async-write zios issued
// by global-zone kernel threads (zone 0, no user thread). Copy-on-write: every block is
// written to newly allocated, sequential space, so a sync streams. After the data, a few
// metadata blocks, then the uberblock in each disk's label (sync writes). While a sync
// runs, the next TXG fills; past zfs_dirty_data_max writers must wait for the sync, past
// 60% of it they are held back by the write throttle (zfs_zone_txg_delay). The dirty
// total also scales the vdevs' async-write active limit. Pure TypeScript, simulator.

import type { Scheduler } from '../scheduler';
import type { BlockAddress, PoolLayout } from './disk';
import type { ZoneThrottle } from './throttle';
import type { VdevQueue } from './vdev';
import {
  ZIO_PRIORITY_ASYNC_WRITE,
  ZIO_PRIORITY_SYNC_WRITE,
  ZIO_TYPE_WRITE,
  type Zio,
  type ZioPool,
} from './zio';
import { VDEV_MAX_ACTIVE, VDEV_MIN_ACTIVE } from './vdev';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface TxgOptions {
  /** zfs_txg_timeout, ns. */
  readonly timeoutNs?: number;
  /** zfs_dirty_data_max (default: 10% of RAM, at most 4 GB). */
  readonly dirtyMaxBytes?: number;
  /** zfs_dirty_data_sync. */
  readonly dirtySyncBytes?: number;
}

/** One TXG's dirty blocks (parallel arrays, reused from one TXG to the next). */
class TxgState {
  txg = 0;
  bytes = 0;
  openedAt = 0;
  readonly keys = new Set<number>();
  readonly files: number[] = [];
  readonly blocks: number[] = [];
  readonly sizes: number[] = [];
  readonly waiters: (() => void)[] = [];

  reset(txg: number, now: number): void {
    this.txg = txg;
    this.bytes = 0;
    this.openedAt = now;
    this.keys.clear();
    this.files.length = 0;
    this.blocks.length = 0;
    this.sizes.length = 0;
  }
}

export class TxgEngine {
  readonly timeoutNs: number;
  readonly dirtyMaxBytes: number;
  readonly dirtySyncBytes: number;
  /** dp_dirty_total: dirty bytes not yet on disk (open + syncing). */
  dirtyTotal = 0;
  /** TXGs synced so far. */
  synced = 0;
  private open = new TxgState();
  private spare = new TxgState();
  private syncing: TxgState | undefined;
  private outstanding = 0;
  private phase = 0;
  private readonly addr: BlockAddress = { vdev: 0, offset: 0 };
  private readonly onWriteDone = (z: Zio): void => this.writeDone(z);

  constructor(
    private readonly sched: Scheduler,
    private readonly layout: PoolLayout,
    private readonly vdevs: readonly VdevQueue[],
    private readonly zios: ZioPool,
    private readonly throttle: ZoneThrottle,
    ramBytes: number,
    opts: TxgOptions = {},
  ) {
    this.timeoutNs = opts.timeoutNs ?? 5e9;
    this.dirtyMaxBytes = opts.dirtyMaxBytes ?? Math.min(Math.floor(ramBytes / 10), 4 * GiB);
    this.dirtySyncBytes = Math.min(opts.dirtySyncBytes ?? 64 * MiB, this.dirtyMaxBytes);
    this.open.reset(1, 0);
    this.scheduleTimeout();
  }

  /** The open TXG's number. */
  get openTxg(): number {
    return this.open.txg;
  }

  get syncingTxg(): number {
    return this.syncing?.txg ?? 0;
  }

  /** Dirties one block in the open TXG (a rewrite within the same TXG adds nothing). */
  dirty(fileId: number, block: number, size: number): void {
    const o = this.open;
    const key = fileId * 4294967296 + block;
    if (o.keys.has(key)) return;
    o.keys.add(key);
    o.files.push(fileId);
    o.blocks.push(block);
    o.sizes.push(size);
    o.bytes += size;
    this.dirtyTotal += size;
    if (this.syncing === undefined && o.bytes >= this.dirtySyncBytes) this.startSync();
  }

  /** Writers must wait for a sync: dirty data is at zfs_dirty_data_max. */
  get full(): boolean {
    return this.dirtyTotal >= this.dirtyMaxBytes;
  }

  /** The write throttle holds writers back (zfs_delay_min_dirty_percent = 60). */
  get throttled(): boolean {
    return this.dirtyTotal > this.dirtyMaxBytes * 0.6;
  }

  /** Calls `fn` once the TXG now open has been synced to disk. */
  whenSynced(fn: () => void): void {
    this.open.waiters.push(fn);
  }

  /** vdev_queue_max_async_writes: 1 active below 30% dirty, 10 above 60%, linear between. */
  asyncWriteMaxActive(): number {
    const min = VDEV_MIN_ACTIVE[ZIO_PRIORITY_ASYNC_WRITE];
    const max = VDEV_MAX_ACTIVE[ZIO_PRIORITY_ASYNC_WRITE];
    const lo = this.dirtyMaxBytes * 0.3;
    const hi = this.dirtyMaxBytes * 0.6;
    const d = this.dirtyTotal;
    if (d < lo) return min;
    if (d > hi) return max;
    return Math.floor(((d - lo) * (max - min)) / (hi - lo)) + min;
  }

  private scheduleTimeout(): void {
    const due = this.open.openedAt + this.timeoutNs;
    this.sched.at(due > this.sched.now ? due : this.sched.now + this.timeoutNs, () => this.onTimeout());
  }

  private onTimeout(): void {
    if (this.syncing === undefined) {
      if (this.sched.now - this.open.openedAt >= this.timeoutNs) {
        if (this.open.bytes > 0 || this.open.waiters.length > 0) this.startSync();
        else this.open.openedAt = this.sched.now;
      }
    }
    this.scheduleTimeout();
  }

  /** Quiesces the open TXG and starts writing it out. */
  private startSync(): void {
    const s = this.open;
    this.open = this.spare;
    this.open.reset(s.txg + 1, this.sched.now);
    this.syncing = s;
    this.phase = 0;
    this.outstanding = 0;
    for (let i = 0; i < s.files.length; i++) this.write(s.sizes[i], ZIO_PRIORITY_ASYNC_WRITE, s.files[i]);
    this.phase = 1;
    // Indirect blocks, dnodes and the MOS: one metadata block per 128 data blocks.
    const meta = 1 + Math.floor(s.files.length / 128);
    for (let i = 0; i < meta; i++) this.write(16384, ZIO_PRIORITY_ASYNC_WRITE, -1);
    if (this.outstanding === 0) this.writeLabels();
  }

  private write(size: number, priority: number, fileId: number): void {
    const a = this.layout.locate(this.layout.allocate(size), this.addr);
    this.issue(a.vdev, a.offset, size, priority, fileId);
  }

  private issue(vdev: number, offset: number, size: number, priority: number, fileId: number): void {
    const z = this.zios.get();
    z.type = ZIO_TYPE_WRITE;
    z.priority = priority;
    z.zoneId = 0;
    z.size = size;
    z.offset = offset;
    z.vdev = vdev;
    z.fileId = fileId;
    z.thread = undefined;
    z.done = this.onWriteDone;
    this.outstanding++;
    this.vdevs[vdev].enqueue(z, undefined);
  }

  private writeDone(z: Zio): void {
    if (z.fileId >= 0) this.dirtyTotal -= z.size;
    this.zios.put(z);
    if (--this.outstanding > 0) return;
    if (this.phase === 1) this.writeLabels();
    else this.finishSync();
  }

  /** The uberblock update: one small sync write to the front label of every disk. */
  private writeLabels(): void {
    this.phase = 2;
    for (let v = 0; v < this.vdevs.length; v++) this.issue(v, 0, 4096, ZIO_PRIORITY_SYNC_WRITE, -1);
  }

  private finishSync(): void {
    const s = this.syncing as TxgState;
    this.syncing = undefined;
    this.synced++;
    this.throttle.reportTxgSync();
    const w = s.waiters.splice(0);
    this.spare = s;
    for (const fn of w) fn();
    const o = this.open;
    if (o.bytes >= this.dirtySyncBytes || (this.sched.now - o.openedAt >= this.timeoutNs && o.bytes > 0)) this.startSync();
  }
}
