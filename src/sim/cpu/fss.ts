// The Fair Share Scheduler's arithmetic (illumos fss.c, Joyent 2012): which zones are
// active in the processor set, the once-a-second usage decay and share-normalized usage,
// and the per-thread internal priority (fsspri) that becomes the dispatch priority
// (umdpri, 1..59). One project per zone. The dispatcher (dispatch.ts) calls these at
// the points the kernel does: wakeup, sleep, clock tick, quantum expiry, fss_update.
// Pure TypeScript, integer arithmetic as the kernel does it.

import { CLASS_FSS, type Thread } from '../proc';
import type { Zone } from '../zone';

/** fss_quantum: ticks a thread may run before its priority is recomputed. */
export const FSS_QUANTUM = 11;
/** fss_maxumdpri = minclsyspri - 1. */
export const FSS_MAXUMDPRI = 59;
/** fss_nice_tick[NZERO]: what one tick adds to the project's ticks at nice 0. */
export const FSS_TICK_COST = 1000;
/** fss_nice_decay[NZERO] = 83 + (108 - 83)·20/39, out of FSS_DECAY_BASE. */
export const FSS_NICE_DECAY = 95;
export const FSS_DECAY_USG = 96;
export const FSS_DECAY_BASE = 128;
/** Every project in a zone has the default project.cpu-shares. */
const KPJ_SHARES = 1;

/** The default processor set's FSS state (fsspset_t). */
export class FssPset {
  /**
   * Joyent's later fss_newpri rule: a thread whose quantum expires while other threads
   * of its project are runnable goes straight to maxfsspri, dropping the ticks it ran.
   * Off by default, giving the 2011-era formula (fsspri += shusage · nrunnable · ticks at
   * every recomputation): with the rule on, zones that each keep several threads
   * runnable round-robin per thread and their shares stop mattering.
   */
  constructor(readonly quantaUpRoundRobin = false) {}

  /** Σ shares of zones with runnable threads (fssps_shares). */
  shares = 0;
  /** The largest fsspri seen, decayed every second (fssps_maxfsspri). */
  maxfsspri = 0;

  /** fss_active: a thread became runnable (woke, was created). */
  active(t: Thread): void {
    if (t.fssRunnable || t.cls !== CLASS_FSS) return;
    t.fssRunnable = true;
    const z = t.zone;
    if (++z.fssRunnable === 1) this.shares += z.rshares;
  }

  /** fss_inactive: a runnable thread went to sleep or exited. */
  inactive(t: Thread): void {
    if (!t.fssRunnable) return;
    t.fssRunnable = false;
    const z = t.zone;
    if (--z.fssRunnable === 0) this.shares -= z.rshares;
  }

  /** fss_tick's charge: the thread was on CPU when the clock ticked. */
  chargeTick(t: Thread): void {
    const z = t.zone;
    z.fssTicks += FSS_TICK_COST;
    z.fssTickCnt++;
    t.fssTicks++;
  }

  /**
   * fss_newpri: the thread's new umdpri from its zone's share usage, the zone's runnable
   * threads and the ticks it ran since the last call (see quantaUpRoundRobin).
   */
  newpri(t: Thread, quantaUp: boolean): void {
    const z = t.zone;
    const ticks = t.fssTicks;
    t.fssTicks = 0;
    if (z.rshares === 0) {
      t.umdpri = 0;
      return;
    }
    const maxfsspri = this.maxfsspri;
    const nRunnable = z.fssRunnable;
    let fsspri: number;
    if (quantaUp && nRunnable > 1 && this.quantaUpRoundRobin) fsspri = maxfsspri;
    else fsspri = t.fsspri + z.shusage * nRunnable * ticks;
    t.fsspri = fsspri;
    if (fsspri < FSS_MAXUMDPRI) fsspri = FSS_MAXUMDPRI;
    if (fsspri >= maxfsspri) {
      this.maxfsspri = fsspri;
      t.umdpri = 1;
    } else {
      t.umdpri = FSS_MAXUMDPRI - Math.floor((fsspri * (FSS_MAXUMDPRI - 1)) / maxfsspri);
    }
  }

  /** fss_update_list's first step for one thread: decay its fsspri. */
  decayThread(t: Thread): void {
    t.fsspri = Math.floor((t.fsspri * FSS_NICE_DECAY) / FSS_DECAY_BASE);
  }

  /**
   * fss_decay_usage: once a second, decay maxfsspri and every zone's usage, add the
   * last second's ticks, and recompute the share-normalized usage
   * shusage = usage · (pset_shares / zone_shares)² (one project of one share per zone).
   */
  decayUsage(zones: readonly Zone[]): void {
    let maxfsspri = Math.floor((this.maxfsspri * FSS_NICE_DECAY) / FSS_DECAY_BASE);
    if (maxfsspri < FSS_MAXUMDPRI) maxfsspri = FSS_MAXUMDPRI;
    this.maxfsspri = maxfsspri;
    for (const z of zones) {
      if (z.shares !== z.rshares) {
        if (z.fssRunnable !== 0) this.shares += z.shares - z.rshares;
        z.rshares = z.shares;
      }
    }
    const pset = this.shares;
    for (const z of zones) {
      z.runTicks = z.fssTickCnt;
      z.fssTickCnt = 0;
      z.fssUsage = Math.floor((z.fssUsage * FSS_DECAY_USG) / FSS_DECAY_BASE) + z.fssTicks;
      z.fssTicks = 0;
      const ext = z.rshares;
      const int = z.fssRunnable > 0 ? KPJ_SHARES : 0;
      if (z.fssRunnable > 0) z.sharePct = pset === 0 ? 0 : Math.floor((ext * 1000) / pset);
      if (ext === 0) {
        z.shusage = 0;
      } else {
        // Zones with no runnable thread are not on the pset's list; their shusage is
        // recomputed when they next run, from the pset as it then is.
        const num = pset * Math.max(int, KPJ_SHARES);
        const den = KPJ_SHARES * ext;
        z.shusage = Math.floor((Math.floor((z.fssUsage * num) / den) * num) / den);
      }
    }
  }
}

/** Entitlement of a zone in CPUs if every zone in `zones` were busy: S / ΣS · ncpus. */
export function staticEntitlement(z: Zone, zones: readonly Zone[], ncpus: number): number {
  let total = 0;
  for (const o of zones) total += o.shares;
  return total === 0 ? 0 : (z.shares / total) * ncpus;
}
