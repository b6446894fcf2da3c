// CPU caps (illumos cpucaps.c, Joyent 2011): a zone's cap in % of one CPU is stored as
// cap·tick_ns; running threads charge their on-CPU ns (at most one tick per charge) to
// the zone's usage on every tick and switch; every tick the usage is snapshotted for
// enforcement and decayed by 1%, so usage/tick_ns is an EWMA of 100 × CPUs in use with a
// time constant of ~100 ticks. A thread caught in user mode while the zone is at its cap
// goes to the cap's wait queue; one waiter is released per tick while below it.
// The arithmetic lives here; the dispatcher moves the threads. Pure TypeScript.

import type { Thread } from '../proc';
import type { Zone } from '../zone';

/** CAP_DECAY_FACTOR: 1% of the usage decays per tick. */
export const CAP_DECAY_FACTOR = 100;

/** cap_value in ns units. */
export function capValue(z: Zone, tickNs: number): number {
  return z.capPct * tickNs;
}

/**
 * cpucaps_charge: charge the thread's on-CPU time since its last charge (at most one
 * tick) to its zone. Returns whether the zone is at or above its cap (TS_ZONEWAITQ).
 */
export function capCharge(t: Thread, vtimeNow: number, tickNs: number): boolean {
  const z = t.zone;
  if (z.capPct === 0) return false;
  let delta = vtimeNow - t.capCharged;
  t.capCharged = vtimeNow;
  if (delta > tickNs) delta = tickNs;
  if (delta > 0) z.capUsage += delta;
  return z.capZoneUsage >= z.capPct * tickNs;
}

/**
 * caps_update for one capped zone, once per tick: snapshot the usage for enforcement,
 * decay it, and count the tick as above/below the cap and above the baseline. Returns
 * whether the zone is below its cap (the caller then releases one waiter).
 */
export function capTick(z: Zone, tickNs: number): boolean {
  const usage = z.capUsage;
  if (z.capZoneUsage > z.capMaxUsage) z.capMaxUsage = z.capZoneUsage;
  z.capZoneUsage = usage;
  z.capUsage = usage - Math.floor((usage + CAP_DECAY_FACTOR / 2) / CAP_DECAY_FACTOR);
  if (z.basePct !== 0 && usage > z.basePct * tickNs) z.capAboveBase++;
  if (usage >= z.capPct * tickNs) {
    z.capAbove++;
    return false;
  }
  z.capBelow++;
  return true;
}

/** The caps:<zid>:cpucaps_zone_<zid> kstat (class zone_caps). */
export interface CapsKstat {
  readonly value: number;
  readonly baseline: number;
  readonly usage: number;
  readonly nwait: number;
  readonly below_sec: number;
  readonly above_sec: number;
  readonly above_base_sec: number;
  readonly maxusage: number;
  readonly zonename: string;
}

function roundScale(x: number, y: number): number {
  return Math.floor((x + y / 2) / y);
}

export function capsKstat(z: Zone, tickNs: number, hz: number): CapsKstat {
  return {
    value: z.capPct,
    baseline: z.basePct,
    usage: roundScale(z.capZoneUsage, tickNs),
    nwait: z.waitqCount,
    below_sec: Math.floor(z.capBelow / hz),
    above_sec: Math.floor(z.capAbove / hz),
    above_base_sec: Math.floor(z.capAboveBase / hz),
    maxusage: roundScale(Math.max(z.capMaxUsage, z.capZoneUsage), tickNs),
    zonename: z.name,
  };
}
