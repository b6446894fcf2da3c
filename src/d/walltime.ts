// Calendar text for printf's %Y and %T conversions: a walltimestamp (ns since the Unix
// epoch) rendered as illumos libdtrace does, in UTC (the simulated nodes' zone). Pure.
import type { DInt } from './host';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MS_PER_DAY = 86_400_000;

/** Whole seconds, truncating toward zero as C's `time / NANOSEC` does on an hrtime_t. */
function seconds(ns: DInt): number {
  const b = BigInt.asIntN(64, typeof ns === 'bigint' ? ns : BigInt(ns));
  return Number(b / 1_000_000_000n);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function clock(d: Date): string {
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/**
 * %Y: ctime(3C) rearranged into adb's `/Y` form, `1973 Dec  3 17:20:00` (the day of the
 * month space-padded to two columns).
 */
export function formatWalltimeY(ns: DInt): string {
  const d = new Date(seconds(ns) * 1000);
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()} ${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${clock(d)}`;
}

/** The ISO 8601 week-based year (strftime's %G): the year of the week's Thursday. */
function isoWeekYear(d: Date): number {
  const mondayBased = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() + (3 - mondayBased) * MS_PER_DAY).getUTCFullYear();
}

/**
 * %T: strftime("%a, %d %b %G %T %Z"), RFC 822 style, e.g. `Mon, 03 Dec 1973 17:20:00 UTC`.
 * The year is %G, the ISO week-based year, as in libdtrace (so 2012 Dec 31 prints 2013).
 */
export function formatWalltimeRfc822(ns: DInt): string {
  const d = new Date(seconds(ns) * 1000);
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${isoWeekYear(d)} ${clock(d)} UTC`;
}
