// A zone on a simulated compute node: its resource controls (vmadm's cpu_shares, cpu_cap,
// zfs_io_priority, memory), the FSS state of its one project, its CPU cap with usage and
// wait queue, and the zone_misc counters CA reads (nsec_user, nsec_sys, nsec_waitrq).
// Plain data; cpu/fss.ts, cpu/caps.ts and cpu/dispatch.ts change it. Pure TypeScript.

import type { Process, Thread } from './proc';

export class Zone {
  readonly processes: Process[] = [];
  readonly threads: Thread[] = [];

  // Controls
  shares: number;
  /** Cap in % of one CPU (0: none). */
  capPct: number;
  /** Baseline in % of one CPU (0: none): above it, a capped zone is bursting. */
  basePct = 0;
  zfsIoPriority: number;
  maxPhysicalMemoryMiB: number;

  // FSS: the zone's one project (fssproj_t / fsszone_t)
  /** The shares FSS uses (fssz_rshares): `shares` as of the last once-a-second update. */
  rshares: number;
  /** Runnable threads (RUN, ONPROC, CAPWAIT). */
  fssRunnable = 0;
  /** Decayed usage, in nice-weighted ticks (fssp_usage). */
  fssUsage = 0;
  /** Nice-weighted ticks this second (fssp_ticks). */
  fssTicks = 0;
  /** Ticks this second (fssp_tick_cnt). */
  fssTickCnt = 0;
  /** Normalized share usage (fssp_shusage). */
  shusage = 0;
  /** Share of the pset in tenths of a percent, while runnable (fss_share_percent). */
  sharePct = 0;
  /** Ticks run in the last second (zone_run_ticks). */
  runTicks = 0;

  // CPU cap (cpucap_t for the project and the zone): usages in ns-per-tick units
  /** The project's decayed usage; charged on every tick and switch. */
  capUsage = 0;
  /** The zone's usage as of the last clock tick (what enforcement compares). */
  capZoneUsage = 0;
  capMaxUsage = 0;
  capAbove = 0;
  capBelow = 0;
  capAboveBase = 0;
  /** Threads parked on the cap's wait queue (priority order, FIFO within one). */
  waitqHead: Thread | undefined = undefined;
  waitqCount = 0;
  /** cpucaps-sleep events so far. */
  capSleeps = 0;

  // zone_misc
  nsecUser = 0;
  nsecSys = 0;
  nsecWaitrq = 0;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly owner: string | undefined,
    readonly brand: 'joyent' | 'kvm',
    cfg: { shares: number; capPct: number; zfsIoPriority: number; maxPhysicalMemoryMiB: number },
  ) {
    this.shares = cfg.shares;
    this.rshares = cfg.shares;
    this.capPct = cfg.capPct;
    this.zfsIoPriority = cfg.zfsIoPriority;
    this.maxPhysicalMemoryMiB = cfg.maxPhysicalMemoryMiB;
  }

  get capped(): boolean {
    return this.capPct > 0;
  }
}
