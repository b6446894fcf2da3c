// kstat_io_t as the kernel keeps it: byte and op counts plus the wait and run queue
// integrals (wtime/wlentime, rtime/rlentime) that iostat, ziostat and vfsstat divide.
// Used for the disks (sd), zone_vfs and zone_zfs. Pure TypeScript, runs in the simulator.

/** One kstat_io_t. Times are simulated nanoseconds, as hrtime_t. */
export class KstatIo {
  nread = 0;
  nwritten = 0;
  reads = 0;
  writes = 0;
  wtime = 0;
  wlentime = 0;
  wlastupdate = 0;
  rtime = 0;
  rlentime = 0;
  rlastupdate = 0;
  wcnt = 0;
  rcnt = 0;

  waitqEnter(now: number): void {
    const n = this.wcnt++;
    if (n !== 0) {
      const d = now - this.wlastupdate;
      this.wlentime += n * d;
      this.wtime += d;
    }
    this.wlastupdate = now;
  }

  waitqExit(now: number): void {
    const n = this.wcnt--;
    if (n !== 0) {
      const d = now - this.wlastupdate;
      this.wlentime += n * d;
      this.wtime += d;
    }
    this.wlastupdate = now;
  }

  runqEnter(now: number): void {
    const n = this.rcnt++;
    if (n !== 0) {
      const d = now - this.rlastupdate;
      this.rlentime += n * d;
      this.rtime += d;
    }
    this.rlastupdate = now;
  }

  runqExit(now: number): void {
    const n = this.rcnt--;
    if (n !== 0) {
      const d = now - this.rlastupdate;
      this.rlentime += n * d;
      this.rtime += d;
    }
    this.rlastupdate = now;
  }

  /** Moves one entry from the wait queue to the run queue (kstat_waitq_to_runq). */
  waitqToRunq(now: number): void {
    this.waitqExit(now);
    this.runqEnter(now);
  }
}

/** The zone_vfs kstat (fop_read/fop_write accounting and the throttle's delays). */
export class ZoneVfsKstat extends KstatIo {
  ops10ms = 0;
  ops100ms = 0;
  ops1s = 0;
  ops10s = 0;
  delayCnt = 0;
  /** Microseconds, as the kernel counts it. */
  delayTime = 0;

  /** Buckets one logical operation's latency (cumulative: a 150 ms op counts in 10ms and 100ms). */
  countLatency(ns: number): void {
    if (ns >= 10_000_000) {
      this.ops10ms++;
      if (ns >= 100_000_000) {
        this.ops100ms++;
        if (ns >= 1_000_000_000) {
          this.ops1s++;
          if (ns >= 10_000_000_000) this.ops10s++;
        }
      }
    }
  }
}

/** The zone_zfs kstat: physical I/O attributed to a zone, and its reads' vdev queue wait. */
export class ZoneZfsKstat extends KstatIo {
  /** Nanoseconds reads spent queued in the vdev queue before dispatch. */
  waittime = 0;
}
