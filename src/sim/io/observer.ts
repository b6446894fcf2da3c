// The I/O subsystem's probe seam: what io:::, sdt:zfs::arc-*, zvol-uio-* and the
// zfs-zone-* SDT probes would see, handed to an observer without any dependency on the
// D engine. Each event has a flag in `enabled`; the I/O code tests the flag before it
// builds any argument, so an unobserved event costs two typed-array reads. Argument
// structures passed to the observer are scratch objects reused for the next event: copy
// what you keep. Pure TypeScript, runs in the simulator.

import type { ArcBuf } from './arc';
import type { IoThread, Zio } from './zio';

export const IO_START = 0;
export const IO_DONE = 1;
export const IO_WAIT_START = 2;
export const IO_WAIT_DONE = 3;
export const ARC_HIT = 4;
export const ARC_MISS = 5;
export const ZVOL_UIO_START = 6;
export const ZVOL_UIO_DONE = 7;
export const ZONE_WAIT = 8;
export const ZONE_THROTTLE = 9;
export const ZONE_UTILIZATION = 10;
export const ZONE_STATS = 11;
export const ZONE_LATENCY = 12;
export const ZONE_IO_CNT = 13;
export const ZONE_SYS_AVG_LAT = 14;
export const ZONE_CALC_WT_AVG = 15;
export const ZONE_SCHED = 16;
export const ZONE_SCHED_BUMP = 17;
export const IO_EVENT_COUNT = 18;

/** The zfs-zone-* SDT probe names, indexed by event number. */
export const ZONE_SDT_NAMES: Readonly<Record<number, string>> = {
  [ZONE_WAIT]: 'zfs-zone-wait',
  [ZONE_THROTTLE]: 'zfs-zone-throttle',
  [ZONE_UTILIZATION]: 'zfs-zone-utilization',
  [ZONE_STATS]: 'zfs-zone-stats',
  [ZONE_LATENCY]: 'zfs-zone-latency',
  [ZONE_IO_CNT]: 'zfs-zone-io-cnt',
  [ZONE_SYS_AVG_LAT]: 'zfs-zone-sys-avg-lat',
  [ZONE_CALC_WT_AVG]: 'zfs-zone-calc-wt-avg',
  [ZONE_SCHED]: 'zfs-zone-sched',
  [ZONE_SCHED_BUMP]: 'zfs-zone-sched-bump',
};

/** illumos buf flags. */
export const B_BUSY = 0x1;
export const B_DONE = 0x2;
export const B_ERROR = 0x4;
export const B_PAGEIO = 0x10;
export const B_PHYS = 0x20;
export const B_READ = 0x40;
export const B_WRITE = 0x100;
export const B_ASYNC = 0x400;

/** bufinfo_t. */
export interface BufInfo {
  b_flags: number;
  b_bcount: number;
  b_bufsize: number;
  b_addr: number;
  b_resid: number;
  b_error: number;
  /** Block number (512-byte sectors) on the device. */
  b_blkno: number;
  b_lblkno: number;
  b_edev: number;
  b_iodone: number;
}

/** devinfo_t. */
export interface DevInfo {
  readonly dev_major: number;
  readonly dev_minor: number;
  readonly dev_instance: number;
  readonly dev_name: string;
  readonly dev_statname: string;
  readonly dev_pathname: string;
}

/**
 * fileinfo_t. ZFS's leaf-vdev bufs carry no vnode, so DTrace's translator gives
 * "<none>" names and an offset of -1 for every ZFS disk I/O; that is what we pass.
 */
export interface FileInfo {
  readonly fi_name: string;
  readonly fi_dirname: string;
  readonly fi_pathname: string;
  readonly fi_offset: number;
  readonly fi_fs: string;
  readonly fi_mount: string;
  readonly fi_oflags: number;
}

export const ZFS_VDEV_FILEINFO: FileInfo = {
  fi_name: '<none>',
  fi_dirname: '<none>',
  fi_pathname: '<none>',
  fi_offset: -1,
  fi_fs: '<none>',
  fi_mount: '<none>',
  fi_oflags: 0,
};

/**
 * Receives the events. `thread` is the thread the probe fires in, or undefined when it
 * fires in kernel context (interrupts, the zio taskqs, the TXG sync thread: the global
 * zone). For io:::done and zfs-zone-latency it is always undefined, as a disk interrupt.
 */
export interface IoObserver {
  ioStart(buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio, thread: IoThread | undefined): void;
  ioDone(buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio, thread: IoThread | undefined): void;
  ioWaitStart(buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio, thread: IoThread | undefined): void;
  ioWaitDone(buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio, thread: IoThread | undefined): void;
  /** sdt:zfs::arc-hit / arc-miss: arg0 is the buffer header. */
  arcHit(hdr: ArcBuf, zoneId: number, thread: IoThread | undefined): void;
  arcMiss(hdr: ArcBuf, zoneId: number, thread: IoThread | undefined): void;
  /** sdt:zfs::zvol-uio-start/done: rw is 0 for a read, 1 for a write (the kernel's arg2). */
  zvolUioStart(minor: number, offset: number, size: number, rw: number, zoneId: number, thread: IoThread | undefined): void;
  zvolUioDone(minor: number, offset: number, size: number, rw: number, error: number, zoneId: number, thread: IoThread | undefined): void;
  /**
   * A zfs-zone-* SDT probe (`event` is one of the ZONE_* numbers): the kernel's own
   * arguments, in its units (microseconds). Probes with fewer arguments pass 0 beyond them.
   */
  zoneSdt(event: number, thread: IoThread | undefined, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void;
}

const NOOP = (): void => {};

export const NULL_OBSERVER: IoObserver = {
  ioStart: NOOP,
  ioDone: NOOP,
  ioWaitStart: NOOP,
  ioWaitDone: NOOP,
  arcHit: NOOP,
  arcMiss: NOOP,
  zvolUioStart: NOOP,
  zvolUioDone: NOOP,
  zoneSdt: NOOP,
};

/**
 * The enabled flags and the observer, shared by every component of one node's I/O.
 * `on(event)` reads `enabled[index[event]]`: by default a private array indexed by event,
 * or (after `bind`) the node's own probe-enabled array indexed by its probe ids, so the
 * engine's enabling reaches the I/O code with no copying.
 */
export class IoProbes {
  private enabled: Uint8Array = new Uint8Array(IO_EVENT_COUNT);
  private index: Uint32Array = identity();
  observer: IoObserver = NULL_OBSERVER;

  on(event: number): boolean {
    return (this.enabled[this.index[event]] | 0) !== 0;
  }

  /** Listens to `events` (all of them if omitted) with `observer`, with private flags. */
  attach(observer: IoObserver, events?: readonly number[]): void {
    this.enabled = new Uint8Array(IO_EVENT_COUNT);
    this.index = identity();
    this.observer = observer;
    if (events === undefined) this.enabled.fill(1);
    else for (const e of events) this.enabled[e] = 1;
  }

  /**
   * Uses the node's flags: event e is on when `enabled[ids[e]]` is non-zero. An event with
   * no probe (ids[e] < 0) indexes past the end of the array (undefined | 0: never on).
   */
  bind(enabled: Uint8Array, ids: readonly number[], observer: IoObserver): void {
    this.enabled = enabled;
    this.index = Uint32Array.from({ length: IO_EVENT_COUNT }, (_, e) => (ids[e] >= 0 ? ids[e] : enabled.length));
    this.observer = observer;
  }

  detach(): void {
    this.enabled = new Uint8Array(IO_EVENT_COUNT);
    this.index = identity();
    this.observer = NULL_OBSERVER;
  }
}

function identity(): Uint32Array {
  return Uint32Array.from({ length: IO_EVENT_COUNT }, (_, i) => i);
}
