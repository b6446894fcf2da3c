// Per-zone CPU accounting, as the zone_misc kstats report it: nanoseconds in user mode,
// in the kernel, and waiting for a CPU (run queue or cap wait queue), plus the Joyent
// FSS extras. Time is charged when a thread leaves a state, and snapshots add the part
// of the current state that has elapsed, so a reading at any instant is exact.
// Pure TypeScript.

import { CAPWAIT, ONPROC, RUN, USER, type Thread } from '../proc';
import type { Zone } from '../zone';

/** Charge the thread's on-CPU time since its last accounting point to its zone. */
export function accountOnCpu(t: Thread, now: number): void {
  const dt = now - t.acctSince;
  if (dt <= 0) return;
  t.acctSince = now;
  t.onprocNs += dt;
  if (t.mode === USER) t.zone.nsecUser += dt;
  else t.zone.nsecSys += dt;
}

/** Charge the time a thread waited for a CPU (it is being dispatched). */
export function accountWait(t: Thread, now: number): void {
  const dt = now - t.waitSince;
  if (dt > 0) t.zone.nsecWaitrq += dt;
}

/** zones:<zid>:<zonename> (zone_misc), the fields CA reads and Joyent's FSS additions. */
export interface ZoneMiscKstat {
  readonly zonename: string;
  readonly nsec_user: number;
  readonly nsec_sys: number;
  readonly nsec_waitrq: number;
  /** Threads on the run queue or the cap wait queue now. */
  readonly run_queue: number;
  readonly run_ticks: number;
  readonly fss_share_percent: number;
}

export function zoneMiscKstat(z: Zone, now: number): ZoneMiscKstat {
  let user = z.nsecUser;
  let sys = z.nsecSys;
  let waitrq = z.nsecWaitrq;
  let queued = 0;
  for (const t of z.threads) {
    if (t.state === ONPROC) {
      const dt = now - t.acctSince;
      if (t.mode === USER) user += dt;
      else sys += dt;
    } else if (t.state === RUN || t.state === CAPWAIT) {
      waitrq += now - t.waitSince;
      queued++;
    }
  }
  return {
    zonename: z.name,
    nsec_user: user,
    nsec_sys: sys,
    nsec_waitrq: waitrq,
    run_queue: queued,
    run_ticks: z.runTicks,
    fss_share_percent: z.sharePct,
  };
}
