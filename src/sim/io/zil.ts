// The ZFS intent log: a synchronous write (O_DSYNC) or an fsync commits log records as
// sync-write zios of the calling zone and thread, to sequentially allocated log blocks
// in the pool (no separate log device), and the caller waits for them. Log blocks are
// at most 128 KB. Pure TypeScript, runs in the simulator.

import type { BlockAddress, PoolLayout } from './disk';
import type { VdevQueue } from './vdev';
import { ZIO_PRIORITY_SYNC_WRITE, ZIO_TYPE_WRITE, type IoThread, type Zio, type ZioPool } from './zio';

/** Whoever waits for log writes: told once per completed zio. */
export interface ZilWaiter {
  zilWritten(): void;
}

const LOG_BLOCK_MAX = 128 * 1024;
/** lr_write_t plus the log block trailer, per record. */
const LOG_RECORD_OVERHEAD = 192;

export class Zil {
  private readonly addr: BlockAddress = { vdev: 0, offset: 0 };
  private readonly onDone = (z: Zio): void => {
    const w = z.arg as ZilWaiter;
    this.zios.put(z);
    w.zilWritten();
  };

  constructor(
    private readonly layout: PoolLayout,
    private readonly vdevs: readonly VdevQueue[],
    private readonly zios: ZioPool,
  ) {}

  /** Writes `bytes` of log records; returns how many zios `waiter` will hear about. */
  commit(zoneId: number, thread: IoThread | undefined, bytes: number, waiter: ZilWaiter): number {
    let left = bytes + LOG_RECORD_OVERHEAD;
    let n = 0;
    while (left > 0) {
      const size = Math.min(LOG_BLOCK_MAX, Math.ceil(left / 4096) * 4096);
      left -= size;
      const a = this.layout.locate(this.layout.allocate(size), this.addr);
      const z = this.zios.get();
      z.type = ZIO_TYPE_WRITE;
      z.priority = ZIO_PRIORITY_SYNC_WRITE;
      z.zoneId = zoneId;
      z.size = size;
      z.offset = a.offset;
      z.vdev = a.vdev;
      z.fileId = -1;
      z.thread = thread;
      z.done = this.onDone;
      z.arg = waiter;
      n++;
      this.vdevs[a.vdev].enqueue(z, thread);
    }
    return n;
  }
}
