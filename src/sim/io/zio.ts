// The zio: one physical I/O to one leaf vdev, from the moment ZFS queues it until the
// disk finishes it. Records are pooled and reused so the I/O path allocates nothing in
// steady state. Pure TypeScript, runs in the simulator.

/** zio_type_t values as the kernel numbers them (zfs-zone-latency's arg1). */
export const ZIO_TYPE_READ = 1;
export const ZIO_TYPE_WRITE = 2;

/** zio_priority_t: the vdev queue classes, in issue-preference order. */
export const ZIO_PRIORITY_SYNC_READ = 0;
export const ZIO_PRIORITY_SYNC_WRITE = 1;
export const ZIO_PRIORITY_ASYNC_READ = 2;
export const ZIO_PRIORITY_ASYNC_WRITE = 3;
export const ZIO_PRIORITY_SCRUB = 4;
export const ZIO_PRIORITY_NUM_QUEUEABLE = 5;

/** The thread a zio was issued for; opaque here, the core's thread object. */
export type IoThread = object;

export type ZioDone = (zio: Zio) => void;

export class Zio {
  /** Unique per issued zio (never reused while in flight): what a probe's arg0 can key on. */
  id = 0;
  type = ZIO_TYPE_READ;
  priority = ZIO_PRIORITY_SYNC_READ;
  zoneId = 0;
  size = 0;
  /** Byte offset on the leaf vdev. */
  offset = 0;
  /** Leaf vdev (disk) index in the pool. */
  vdev = 0;
  /** Entered the vdev queue (io_timestamp), ns. */
  timestamp = 0;
  /** Issued to the disk (io_dispatched), ns; 0 while queued. */
  dispatched = 0;
  /** The 2011 throttle's start stamp, in its own units (see throttle.ts). */
  start2011 = 0;
  /** The thread waiting for it, or undefined for kernel (TXG) I/O. */
  thread: IoThread | undefined = undefined;
  /** The logical file the block belongs to (-1 for metadata). */
  fileId = -1;
  /** Links of the vdev queue's FIFO lists. */
  prev: Zio | undefined = undefined;
  next: Zio | undefined = undefined;
  done: ZioDone | undefined = undefined;
  /** Whatever the issuer needs back in `done` (an ARC buffer, a TXG). */
  arg: unknown = undefined;
}

/** A free list of zio records. */
export class ZioPool {
  private readonly free: Zio[] = [];
  private nextId = 1;

  get(): Zio {
    const z = this.free.pop() ?? new Zio();
    z.id = this.nextId++;
    z.dispatched = 0;
    z.prev = undefined;
    z.next = undefined;
    return z;
  }

  put(z: Zio): void {
    z.thread = undefined;
    z.done = undefined;
    z.arg = undefined;
    this.free.push(z);
  }
}
