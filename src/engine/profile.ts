// The profile provider's probe names: `profile-N` (fires on every CPU) and `tick-N` (fires
// on one), N a rate in hz or an interval with a unit suffix. Pure TypeScript. The rules are
// illumos's profile_provide(): digits then an optional case-insensitive suffix, no unit
// meaning hz, and no probe at all for an interval under 200 us (5000 hz), a zero value or
// an unknown suffix: such a description then simply matches nothing.

import type { ProbeSpec } from '../d/host';
import type { ProbeProvider, ProbeTable } from './catalog';

/** Nanoseconds in a second. */
export const NANOSEC = 1_000_000_000;

export type ProfileKind = 'profile' | 'tick';

export interface ProfileRate {
  readonly kind: ProfileKind;
  /** The firing interval in ns. */
  readonly intervalNs: number;
}

/** The shortest interval the provider accepts: 200 us (illumos profile_interval_min). */
export const PROFILE_INTERVAL_MIN_NS = NANOSEC / 5000;

/** At most this many profile probes exist at once (illumos PROFILE_MAX_DEFAULT). */
export const PROFILE_MAX_PROBES = 1000;

/** The probes the provider offers before anyone asks: illumos's profile_rates and profile_ticks. */
export const DEFAULT_PROFILE_RATES: readonly number[] = [97, 199, 499, 997, 1999, 4001, 4999];
export const DEFAULT_TICK_RATES: readonly number[] = [1, 10, 100, 500, 1000, 5000];

const SUFFIX_NS: Readonly<Record<string, number>> = {
  ns: 1,
  nsec: 1,
  us: 1_000,
  usec: 1_000,
  ms: 1_000_000,
  msec: 1_000_000,
  s: NANOSEC,
  sec: NANOSEC,
  m: 60 * NANOSEC,
  min: 60 * NANOSEC,
  h: 3600 * NANOSEC,
  hour: 3600 * NANOSEC,
  d: 86400 * NANOSEC,
  day: 86400 * NANOSEC,
  hz: 0,
};

/**
 * The rate a probe name asks for, or undefined when the provider would not create it
 * (not a profile name, malformed, zero, or shorter than 200 us).
 */
export function parseProfileName(name: string): ProfileRate | undefined {
  let kind: ProfileKind;
  let rest: string;
  if (name.startsWith('profile-')) {
    kind = 'profile';
    rest = name.slice('profile-'.length);
  } else if (name.startsWith('tick-')) {
    kind = 'tick';
    rest = name.slice('tick-'.length);
  } else {
    return undefined;
  }
  let end = rest.length;
  while (end > 0 && !isDigit(rest.charCodeAt(end - 1))) end--;
  const digits = rest.slice(0, end);
  const suffix = rest.slice(end).toLowerCase();
  if (digits.length === 0 || !/^[0-9]+$/.test(digits)) return undefined;
  const value = Number(digits);
  if (value === 0) return undefined;
  let mult: number;
  if (suffix === '') {
    mult = 0;
  } else {
    const m = Object.prototype.hasOwnProperty.call(SUFFIX_NS, suffix) ? SUFFIX_NS[suffix] : undefined;
    if (m === undefined) return undefined;
    mult = m;
  }
  const intervalNs = mult === 0 ? Math.floor(NANOSEC / value) : value * mult;
  if (intervalNs < PROFILE_INTERVAL_MIN_NS) return undefined;
  return { kind, intervalNs };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A profile probe that exists, with the interval it fires at. */
export interface ProfileProbe extends ProfileRate {
  readonly id: number;
}

/**
 * The profile provider of one node: its default probes, created when it is installed, and
 * any other `profile-N`/`tick-N` a description names, created on demand.
 */
export class ProfileProvider implements ProbeProvider {
  readonly name = 'profile';
  private readonly byId = new Map<number, ProfileProbe>();

  install(table: ProbeTable): void {
    table.addProvider(this);
    for (const r of DEFAULT_PROFILE_RATES) this.create(table, `profile-${r}`);
    for (const r of DEFAULT_TICK_RATES) this.create(table, `tick-${r}`);
  }

  provide(spec: ProbeSpec, table: ProbeTable): void {
    this.create(table, spec.name);
  }

  /** The probes in id order. */
  probes(): readonly ProfileProbe[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  get(id: number): ProfileProbe | undefined {
    return this.byId.get(id);
  }

  private create(table: ProbeTable, name: string): void {
    const rate = parseProfileName(name);
    if (rate === undefined) return;
    if (table.lookup(this.name, '', '', name) !== undefined) return;
    if (this.byId.size >= PROFILE_MAX_PROBES) return;
    const info = table.add(this.name, '', '', name);
    this.byId.set(info.id, { id: info.id, kind: rate.kind, intervalNs: rate.intervalNs });
  }
}
