// zdtrace on simulated nodes (issue #3, I/O side): D scripts run by the built command with
// --fast over the scenarios in ./scenarios (io-*.json), and the numbers they print are
// checked against what SmartOS's ZFS zone I/O throttle (2013 and 2011 forms), its zone-aware
// vdev pick and the shared ARC do (reference/smartos-mechanisms.md §1, §2, §7); and the
// demo datacenter tells that story: one noisy zone throttled, the other nodes left alone.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useZdtrace } from '../zdtrace-harness';

const here = dirname(fileURLToPath(import.meta.url));
const scenario = (name: string): string => join(here, 'scenarios', name);
const NOISY = scenario('io-noisy.json');
const NOISY_OFF = scenario('io-noisy-off.json');
const QUIET = scenario('io-quiet.json');
const QUIET_2011 = scenario('io-quiet-2011.json');
const ARC = scenario('io-arc.json');
const S = 1e9;
const z = useZdtrace('zdtrace-io-');

/** Runs a D script (-q, --fast) with the given options and macro arguments; returns stdout, failing on stderr or status. */
function script(text: string, ...args: string[]): string {
  const file = join(z.dir, `s${Math.random().toString(36).slice(2)}.d`);
  writeFileSync(file, text);
  const r = z.run(['--fast', '-q', '-s', file, ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The lines starting with `tag`, split into their numeric fields (a field that is not a number stays a string). */
function rows(out: string, tag: string): (number | string)[][] {
  return out
    .split('\n')
    .filter((l) => l.startsWith(`${tag} `))
    .map((l) => l.split(/\s+/).slice(1).map((w) => (/^-?\d+$/.test(w) ? Number(w) : w)));
}

/** quantize/llquantize blocks of printa output: key -> [bucket value, count][]. */
function distributions(out: string): Map<string, [number, number][]> {
  const m = new Map<string, [number, number][]>();
  let cur: [number, number][] | undefined;
  for (const l of out.split('\n')) {
    const bucket = /^\s+(-?\d+) \|[@ ]*(\d+)\s*$/.exec(l);
    if (bucket) cur?.push([Number(bucket[1]), Number(bucket[2])]);
    else if (/^\s+value\s+-+ Distribution -+ count\s*$/.test(l) || l.trim() === '') continue;
    else m.set(l.trim(), (cur = []));
  }
  return m;
}

const total = (d: readonly [number, number][]): number => d.reduce((s, [, c]) => s + c, 0);

/** The lower bound of the bucket holding the p-th percentile of a distribution. */
function percentileBucket(d: readonly [number, number][], p: number): number {
  const want = (p / 100) * total(d);
  let seen = 0;
  for (const [v, c] of d) {
    seen += c;
    if (c > 0 && seen >= want) return v;
  }
  return d[d.length - 1]![0];
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * Noisy neighbour: the victim's pread latencies (L time ns), every throttle adjustment
 * (T time zoneid old new), the zone-wait delays per zone, second and delay (W), the most
 * sync zios queued when the zone-aware pick ran (Q), its bumps per zone id (B) and the zone
 * ids (Z); it stops at $1 seconds.
 */
const NOISY_D = `
syscall::pread:entry { @ids[zonename, curpsinfo->pr_zoneid] = count(); }
syscall::pread:entry /zonename == "victim"/ { self->ts = timestamp; }
syscall::pread:return /self->ts/ { printf("L %d %d\\n", timestamp, timestamp - self->ts); self->ts = 0; }
sdt:::zfs-zone-throttle { printf("T %d %d %d %d\\n", timestamp, arg0, arg1, arg2); }
sdt:::zfs-zone-wait { @waits[zonename, arg0, timestamp / 1000000000, arg2] = count(); }
sdt:::zfs-zone-sched { @queued = max(arg0); }
sdt:::zfs-zone-sched-bump { @bumps[arg0] = count(); }
tick-1s /timestamp / 1000000000 >= $1/
{
	printa("W %s %d %d %d %@d\\n", @waits);
	printa("Q %@d\\n", @queued);
	printa("B %d %@d\\n", @bumps);
	printa("Z %s %d %@d\\n", @ids);
	exit(0);
}
`;

interface NoisyRun {
  /** Victim pread latencies: [s, ns]. */
  readonly lat: [number, number][];
  /** zfs-zone-throttle: [s, zoneid, old delay, new delay]. */
  readonly throttle: [number, number, number, number][];
  /** zfs-zone-wait: [zonename, zoneid, second, delay us, count]. */
  readonly waits: [string, number, number, number, number][];
  readonly maxQueued: number;
  readonly bumps: Map<number, number>;
  readonly zoneid: (name: string) => number;
}

function noisy(file: string, seconds: number): NoisyRun {
  const out = script(NOISY_D, '--scenario', file, String(seconds));
  const ids = new Map(rows(out, 'Z').map(([name, id]) => [name as string, id as number]));
  return {
    lat: rows(out, 'L').map(([t, l]) => [(t as number) / S, l as number]),
    throttle: rows(out, 'T').map(([t, z, a, b]) => [(t as number) / S, z as number, a as number, b as number]),
    waits: rows(out, 'W') as NoisyRun['waits'],
    maxQueued: (rows(out, 'Q')[0]?.[0] as number | undefined) ?? 0,
    bumps: new Map(rows(out, 'B').map(([z, n]) => [z as number, n as number])),
    zoneid: (name) => ids.get(name)!,
  };
}

describe('the ZFS zone I/O throttle (2013) on the noisy-neighbor scenario, measured in D', () => {
  // io-noisy.json is the built-in noisy-neighbor with the noisy zone's readers stopping at 20 s.
  const STOP = 20;
  let on: NoisyRun;
  beforeAll(() => {
    on = noisy(NOISY, 32);
  });

  it("raises the noisy zone's zfs-zone-wait delay in 5 us steps to the 100 us ceiling; the quiet zone is never delayed", () => {
    const noisyId = on.zoneid('noisy');
    const victimId = on.zoneid('victim');
    expect(noisyId).toBeGreaterThan(0);
    expect(victimId).toBeGreaterThan(0);
    const up = on.throttle.filter(([t, z]) => z === noisyId && t < STOP);
    expect(up.length).toBeGreaterThan(40);
    for (const [, , from, to] of up) expect([0, 5]).toContain(to - from);
    // The ramp: 0, 5, 10 ... 100, each step one 250 ms adjustment after the last at least.
    const steps = up.filter(([, , from, to]) => to > from);
    expect(steps.map(([, , , to]) => to)).toEqual(Array.from({ length: 20 }, (_, i) => 5 * (i + 1)));
    for (let i = 1; i < steps.length; i++) expect(steps[i]![0] - steps[i - 1]![0]).toBeGreaterThanOrEqual(0.25);
    expect(steps[19]![0]).toBeGreaterThanOrEqual(5);
    expect(steps[19]![0]).toBeLessThan(10);
    // The delays its reads actually waited: every step on the way up, then 100 us, never more.
    const waited = on.waits.filter(([, z, sec]) => z === noisyId && sec < STOP);
    expect(waited.reduce((s, w) => s + w[4], 0)).toBeGreaterThan(1000);
    expect(new Set(waited.map((w) => w[3]))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => 5 * (i + 1))));
    expect(waited.filter(([, , sec]) => sec >= 7 && sec < STOP).every((w) => w[3] === 100)).toBe(true);
    // zonename and arg0 agree: the wait fires in the delayed thread.
    expect(on.waits.every(([name, z]) => on.zoneid(name) === z)).toBe(true);
    // The quiet zone stays below its fair share: never delayed.
    expect(on.waits.filter(([, z]) => z === victimId)).toEqual([]);
    expect(on.throttle.filter(([, z]) => z === victimId).every(([, , , to]) => to === 0)).toBe(true);
  });

  it("loads a vdev's sync queue past the zone-aware pick's threshold, and the pick bumps the quiet zone", () => {
    expect(on.maxQueued).toBeGreaterThanOrEqual(10);
    expect(on.bumps.get(on.zoneid('victim')) ?? 0).toBeGreaterThan(50);
  });

  it('decays the delay back to 0 in 5 us steps once the noisy workload stops', () => {
    const noisyId = on.zoneid('noisy');
    const after = on.throttle.filter(([t, z]) => z === noisyId && t >= STOP);
    const first = after.findIndex(([, , from, to]) => to < from);
    // Its op counts are averaged over 2 s cycles: the decay starts within a cycle or two.
    expect(after[first]![0]).toBeLessThan(STOP + 3);
    expect(after[first]![2]).toBe(100);
    const down = after.slice(first);
    for (const [, , from, to] of down) expect(to - from).toBe(from === 0 ? 0 : -5);
    expect(down.filter(([, , from, to]) => to < from).map(([, , , to]) => to)).toEqual(Array.from({ length: 20 }, (_, i) => 95 - 5 * i));
    expect(down[down.length - 1]![3]).toBe(0);
    // No read of the stopped zone waits after that.
    const zeroAt = down.find(([, , , to]) => to === 0)![0];
    expect(on.waits.filter(([, z, sec]) => z === noisyId && sec > zeroAt)).toEqual([]);
  });

  it("makes the quiet zone's read latency p99 at least 2x better than with the throttle off", () => {
    const off = noisy(NOISY_OFF, STOP);
    const window = (r: NoisyRun) => r.lat.filter(([t]) => t >= 5 && t < STOP).map(([, l]) => l);
    const a = window(on);
    const b = window(off);
    expect(a.length).toBeGreaterThan(200);
    expect(b.length).toBeGreaterThan(50);
    expect(percentile(b, 99)).toBeGreaterThan(2 * percentile(a, 99));
    // Off means off: nobody waits, nothing is picked out of order.
    expect(off.waits).toEqual([]);
    expect(off.bumps.size).toBe(0);
    expect(off.throttle.every(([, , , to]) => to === 0)).toBe(true);
  });
});

/** Waits, the largest delay set, the busiest disk utilisation seen and the adjustments made in 15 s. */
const QUIET_D = `
sdt:::zfs-zone-wait { @waits = count(); }
sdt:::zfs-zone-throttle { @delay = max(arg2); }
sdt:::zfs-zone-stats { @util = max(arg5); @adjust = count(); }
tick-15s
{
	printa("waits %@d\\n", @waits);
	printa("maxdelay %@d\\n", @delay);
	printa("maxutil %@d\\n", @util);
	printa("adjustments %@d\\n", @adjust);
	exit(0);
}
`;

function quiet(file: string, node: string): Map<string, number> {
  const out = script(QUIET_D, '--scenario', file, '--node', node);
  return new Map(out.split('\n').filter((l) => l !== '').map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])]));
}

describe('when the throttle stays quiet, measured in D', () => {
  it('never delays the only active zone on a node, however hard it drives the disks', () => {
    const t = quiet(QUIET, 'alone');
    expect(t.get('adjustments')).toBeGreaterThan(40);
    expect(t.get('maxutil')).toBeGreaterThan(80);
    expect(t.get('maxdelay')).toBe(0);
    expect(t.has('waits')).toBe(false);
  });

  it('with the disks under 60% busy, the 2013 throttle stays at 0 while the 2011 one throttles', () => {
    const z13 = quiet(QUIET, 'light');
    expect(z13.get('adjustments')).toBeGreaterThan(40);
    expect(z13.get('maxutil')).toBeLessThan(60);
    expect(z13.get('maxutil')).toBeGreaterThan(5);
    expect(z13.get('maxdelay')).toBe(0);
    expect(z13.has('waits')).toBe(false);
    // The same two zones under the 2011 throttle: no utilisation gate, the busier one is delayed.
    const z11 = quiet(QUIET_2011, 'light');
    expect(z11.get('maxdelay')).toBeGreaterThanOrEqual(50);
    expect(z11.get('waits')).toBeGreaterThan(50);
  });
});

describe('the ARC, measured in D', () => {
  it('reads that hit the ARC and reads that miss it form two latency bands with an empty gap between', () => {
    const out = script(
      `
syscall::pread:entry /zonename == "fio0"/ { self->ts = timestamp; self->miss = 0; }
sdt:::arc-miss /self->ts/ { self->miss = 1; }
syscall::pread:return /self->ts/
{
	@[self->miss ? "miss" : "hit"] = llquantize(timestamp - self->ts, 10, 3, 9, 10);
	@["all"] = llquantize(timestamp - self->ts, 10, 3, 9, 10);
	self->ts = 0;
	self->miss = 0;
}
tick-10s { exit(0); }
`,
      '--scenario', ARC, '--node', 'bands',
    );
    const d = distributions(out);
    const hit = d.get('hit')!;
    const miss = d.get('miss')!;
    // 64 MiB is 512 records of 128 KiB: each is missed about once, then cached.
    expect(total(miss)).toBeGreaterThan(300);
    expect(total(miss)).toBeLessThan(700);
    expect(total(hit)).toBeGreaterThan(10 * total(miss));
    const used = (xs: [number, number][]) => xs.filter(([, c]) => c > 0).map(([v]) => v);
    // Hits in microseconds, misses in milliseconds (HDD seeks and rotation).
    expect(Math.max(...used(hit))).toBeLessThan(100_000);
    expect(Math.min(...used(miss))).toBeGreaterThanOrEqual(1_000_000);
    const all = d.get('all')!;
    expect(total(all)).toBe(total(hit) + total(miss));
    expect(all.filter(([v, c]) => v >= 100_000 && v < 1_000_000 && c > 0)).toEqual([]);
  });

  it("a zone scanning more than the ARC holds evicts another zone's cached data and raises its read latency", () => {
    // Two nodes with a 384 MiB ARC (512 MiB of RAM): on both a zone re-reads its 128 MiB
    // at about 200 reads a second; on "scanned" a second zone reads 1 GiB at random with
    // 16 threads from 25 s.
    const EVICT_D = `
syscall::pread:entry /zonename == $$1/ { self->ts = timestamp; self->miss = 0; }
sdt:::arc-miss /self->ts/ { self->miss = 1; }
syscall::pread:return /self->ts && timestamp / 1000000000 >= 20/
{
	this->phase = timestamp / 1000000000 < 25 ? "warm" : timestamp / 1000000000 >= 40 ? "late" : "between";
	@lat[this->phase] = quantize(timestamp - self->ts);
	@ops[this->phase, self->miss ? "miss" : "hit"] = count();
}
syscall::pread:return { self->ts = 0; self->miss = 0; }
tick-55s { printa("ops %s %s %@d\\n", @ops); printa(@lat); exit(0); }
`;
    const measure = (node: string, zone: string) => {
      const out = script(EVICT_D, '--scenario', ARC, '--node', node, zone);
      const ops = new Map(rows(out, 'ops').map(([phase, kind, n]) => [`${phase} ${kind}`, n as number]));
      const hitRate = (phase: string) => (ops.get(`${phase} hit`) ?? 0) / ((ops.get(`${phase} hit`) ?? 0) + (ops.get(`${phase} miss`) ?? 0));
      const lat = distributions(out);
      return { hitRate, p90: (phase: string) => percentileBucket(lat.get(phase)!, 90), ops };
    };
    const alone = measure('alone', 'cache0');
    const scanned = measure('scanned', 'cache1');
    // Warm before the scanner starts: nearly every read is a hit, in microseconds.
    for (const r of [alone, scanned]) {
      expect(r.hitRate('warm')).toBeGreaterThan(0.97);
      expect(r.p90('warm')).toBeLessThan(100_000);
    }
    // Without a scanner it stays so; with one, the scanner's blocks push the zone's out.
    expect(alone.hitRate('late')).toBeGreaterThan(0.97);
    expect(alone.p90('late')).toBeLessThan(100_000);
    expect(scanned.hitRate('late')).toBeLessThan(0.8);
    expect(scanned.p90('late')).toBeGreaterThanOrEqual(1_000_000);
  });
});

describe('the demo datacenter, measured in D', () => {
  const DEMO_D = `
sdt:::zfs-zone-wait /timestamp / 1000000000 >= 25/ { @wait[zonename] = sum(arg2); }
sdt:::zfs-zone-stats /timestamp / 1000000000 >= 25/ { @util = avg(arg5); }
tick-45s { printa("wait %s %@d\\n", @wait); printa("util %@d\\n", @util); exit(0); }
`;
  const measure = (node: string) => {
    const out = script(DEMO_D, '--scenario', 'demo', '--node', node);
    const wait = new Map(rows(out, 'wait').map(([zone, us]) => [zone as string, us as number]));
    return { wait, util: rows(out, 'util')[0]![0] as number, delayed: [...wait.values()].reduce((s, x) => s + x, 0) };
  };

  it("once the ARC is warm, cn1's ETL scanner saturates the disks and takes the throttle's delays; the other nodes' disks are moderately busy and nobody there waits", () => {
    const cn1 = measure('cn1');
    expect(cn1.util).toBeGreaterThan(90);
    // 20 s of reads at the 100 us ceiling.
    expect(cn1.wait.get('globex-etl0')).toBeGreaterThan(100_000);
    expect(cn1.wait.get('globex-etl0')!).toBeGreaterThan(0.9 * cn1.delayed);
    const busiest = cn1.delayed;
    for (const node of ['cn2', 'cn3', 'cn4']) {
      const r = measure(node);
      expect(r.util).toBeGreaterThanOrEqual(25);
      expect(r.util).toBeLessThanOrEqual(70);
      expect(r.delayed).toBeLessThan(0.01 * busiest);
    }
  });
});
