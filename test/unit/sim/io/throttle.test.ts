import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../../src/sim/scheduler';
import { ZfsIo } from '../../../../src/sim/io/zfs';
import { ZONE_LATENCY, ZONE_SCHED_BUMP, ZONE_STATS, ZONE_THROTTLE, ZONE_WAIT, type IoObserver } from '../../../../src/sim/io/observer';
import type { ThrottleMode } from '../../../../src/sim/io/throttle';
import { IOP_LOGICAL_WRITE, IOP_READ } from '../../../../src/sim/io/throttle';
import { percentile, startLoad, type LoadStats } from './loadgen';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const NOISY = 1;
const QUIET = 2;

interface Run {
  zfs: ZfsIo;
  q: EventQueue;
  noisy: LoadStats;
  quiet: LoadStats;
  /** zfs-zone-throttle firings: [time s, zoneid, old, new]. */
  throttle: [number, number, number, number][];
  /** zfs-zone-wait firings: [zoneid, type, delay, time s]. */
  waits: [number, number, number, number][];
  bumps: number[];
  stats: number[][];
}

/**
 * The noisy-neighbour setup of the reference's acceptance checks: on a 2-disk HDD pool,
 * zone 1 runs 16 random-read threads (64 KB reads of 8 KB records: 8 zios each, so the
 * sync-read queues hold far more than 10) until `noisyUntil`, zone 2 one reader.
 */
function noisyNeighbour(mode: ThrottleMode, opts: { noisyUntil?: number; quiet?: boolean; endNs?: number; delay?: boolean } = {}): Run {
  const q = new EventQueue();
  const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 2 }, throttle: mode, arcMaxBytes: 64 * MiB });
  zfs.throttle.delayEnable = opts.delay ?? true;
  zfs.addZone(NOISY);
  zfs.addZone(QUIET);
  const run: Run = { zfs, q, noisy: undefined!, quiet: undefined!, throttle: [], waits: [], bumps: [], stats: [] };
  const observer: IoObserver = {
    ...zfs.probes.observer,
    zoneSdt: (e, _t, a0, a1, a2, a3, a4, a5) => {
      if (e === ZONE_THROTTLE) run.throttle.push([q.now / 1e9, a0, a1, a2]);
      else if (e === ZONE_WAIT) run.waits.push([a0, a1, a2, q.now / 1e9]);
      else if (e === ZONE_SCHED_BUMP) run.bumps.push(a0);
      else if (e === ZONE_STATS) run.stats.push([a0, a1, a2, a3, a4, a5]);
    },
  };
  zfs.probes.attach(observer, [ZONE_THROTTLE, ZONE_WAIT, ZONE_SCHED_BUMP, ZONE_STATS]);
  run.noisy = startLoad(q, zfs, {
    file: zfs.openFile(NOISY, '/data/big', { recordSize: 8192 }),
    threads: 16,
    ioBytes: 65536,
    workingSetBytes: 4 * GiB,
    untilNs: opts.noisyUntil,
  });
  run.quiet = opts.quiet === false
    ? undefined!
    : startLoad(q, zfs, { file: zfs.openFile(QUIET, '/data/small', { recordSize: 8192 }), threads: 1, ioBytes: 8192, workingSetBytes: GiB, seed: 7 });
  q.runUntil(opts.endNs ?? 20e9);
  return run;
}

/** The delay of `zone` after each adjustment, as zfs-zone-throttle reported it. */
function delays(run: Run, zone: number, from = 0, to = Infinity): number[] {
  return run.throttle.filter((r) => r[1] === zone && r[0] >= from && r[0] < to).map((r) => r[3]);
}

describe('zone throttle, 2013', () => {
  it('raises the noisy zone 5 us per 250 ms adjustment to 100 us, leaves the quiet zone at 0, and lowers it 5 us at a time once the noise stops', () => {
    const run = noisyNeighbour('2013', { noisyUntil: 20e9, endNs: 40e9 });
    const noisy = delays(run, NOISY);
    // Every adjustment moves the delay by one step or holds it, within [0, 100].
    for (let i = 1; i < noisy.length; i++) expect([0, 5, -5]).toContain(noisy[i] - noisy[i - 1]);
    expect(Math.max(...noisy)).toBe(100);
    expect(Math.min(...noisy)).toBe(0);
    const first100 = run.throttle.find((r) => r[1] === NOISY && r[3] === 100)!;
    // 20 steps of 5 us, one per adjustment (>= 250 ms apart): at least 5 s.
    expect(first100[0]).toBeGreaterThanOrEqual(5);
    expect(first100[0]).toBeLessThan(8);
    expect(delays(run, NOISY, 8, 20).every((d) => d >= 90)).toBe(true);
    // Adjustments are lazy but regular while zones do I/O.
    const times = run.throttle.filter((r) => r[1] === NOISY && r[0] < 20).map((r) => r[0]);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThan(0.25);
    expect(times.length).toBeGreaterThan(60);
    // The quiet zone is never delayed while its neighbour is noisy. (Once the noise stops,
    // the kernel's algorithm may nudge it a step while the noisy zone's counts decay.)
    expect(delays(run, QUIET, 0, 20).every((d) => d === 0)).toBe(true);
    expect(run.waits.filter((w) => w[3] < 20).every((w) => w[0] === NOISY && w[1] === IOP_READ)).toBe(true);
    // After the noise stops, the delay comes back down to 0 by steps.
    const after = delays(run, NOISY, 20, 40);
    expect(after.at(-1)).toBe(0);
    for (let i = 1; i < after.length; i++) expect(after[i] - after[i - 1]).toBeLessThanOrEqual(0);
    // The disks were saturated and laggards recent while the noisy zone ran.
    const sat = run.stats.filter((s) => s[2] === 2);
    expect(sat.some((s) => s[5] > 80)).toBe(true);
  });

  it('the delay is a busy-wait per logical read, counted in zone_vfs delay_cnt/delay_time', () => {
    const run = noisyNeighbour('2013', { endNs: 15e9 });
    const vfs = run.zfs.throttle.zone(NOISY).vfs;
    const spun = run.noisy.spinUs.filter((s) => s > 0);
    expect(spun.length).toBeGreaterThan(100);
    expect(Math.max(...spun)).toBe(100);
    // Every spin is a zfs-zone-wait firing and a kstat increment (a few still in flight).
    expect(vfs.delayCnt).toBeGreaterThanOrEqual(spun.length);
    expect(vfs.delayCnt - spun.length).toBeLessThanOrEqual(16);
    expect(vfs.delayCnt).toBe(run.waits.length);
    expect(vfs.delayTime).toBe(run.waits.reduce((a, w) => a + w[2], 0));
    expect(run.zfs.throttle.zone(QUIET).vfs.delayCnt).toBe(0);
  });

  it("the quiet zone's read p99 is at least twice better than with the throttle off, thanks to the zone-aware pick", () => {
    const on = noisyNeighbour('2013');
    const off = noisyNeighbour('off');
    const p99on = percentile(on.quiet.between(5e9, 20e9), 99);
    const p99off = percentile(off.quiet.between(5e9, 20e9), 99);
    expect(p99on * 2).toBeLessThanOrEqual(p99off);
    // The quiet zone's zios were pulled out of the middle of the queue.
    expect(on.bumps.filter((z) => z === QUIET).length).toBeGreaterThan(50);
    expect(off.bumps.length).toBe(0);
    // And it got more reads done.
    expect(on.quiet.between(5e9, 20e9).length).toBeGreaterThan(off.quiet.between(5e9, 20e9).length * 2);
    // Most of the gain is the pick's: with the delay disabled (zfs_zone_delay_enable = 0)
    // the quiet zone fares about as well.
    const pickOnly = noisyNeighbour('2013', { delay: false });
    expect(pickOnly.noisy.spinUs.every((s) => s === 0)).toBe(true);
    const p99pick = percentile(pickOnly.quiet.between(5e9, 20e9), 99);
    expect(p99pick * 2).toBeLessThanOrEqual(p99off);
    expect(p99pick).toBeLessThan(p99on * 1.3);
  });

  it('a single active zone is never throttled, however hard it drives the disks', () => {
    const run = noisyNeighbour('2013', { quiet: false, endNs: 15e9 });
    expect(delays(run, NOISY).every((d) => d === 0)).toBe(true);
    expect(run.waits.length).toBe(0);
    expect(run.stats.every((s) => s[2] <= 1)).toBe(true);
    expect(run.stats.some((s) => s[5] > 80)).toBe(true);
  });

  it('a zone with zfs_io_priority 0 is never delayed', () => {
    const q = new EventQueue();
    const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 2 }, arcMaxBytes: 64 * MiB });
    zfs.addZone(NOISY, 0);
    zfs.addZone(QUIET);
    const noisy = startLoad(q, zfs, { file: zfs.openFile(NOISY, '/d', { recordSize: 8192 }), threads: 16, ioBytes: 65536, workingSetBytes: 4 * GiB });
    startLoad(q, zfs, { file: zfs.openFile(QUIET, '/q', { recordSize: 8192 }), threads: 1, ioBytes: 8192, workingSetBytes: GiB });
    q.runUntil(15e9);
    expect(noisy.spinUs.every((s) => s === 0)).toBe(true);
    expect(zfs.throttle.zone(NOISY).vfs.delayCnt).toBe(0);
  });
});

describe('disks under 60% busy', () => {
  function light(mode: ThrottleMode): Run {
    const q = new EventQueue();
    const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 4 }, throttle: mode, arcMaxBytes: 64 * MiB });
    zfs.addZone(NOISY);
    zfs.addZone(QUIET);
    const run: Run = { zfs, q, noisy: undefined!, quiet: undefined!, throttle: [], waits: [], bumps: [], stats: [] };
    zfs.probes.attach(
      {
        ...zfs.probes.observer,
        zoneSdt: (e, _t, a0, a1, a2, _a3, _a4, a5) => {
          if (e === ZONE_THROTTLE) run.throttle.push([q.now / 1e9, a0, a1, a2]);
          else if (e === ZONE_STATS) run.stats.push([a5]);
        },
      },
      [ZONE_THROTTLE, ZONE_STATS],
    );
    run.noisy = startLoad(q, zfs, { file: zfs.openFile(NOISY, '/d', { recordSize: 8192 }), threads: 2, ioBytes: 8192, workingSetBytes: 4 * GiB, thinkNs: 60e6 });
    run.quiet = startLoad(q, zfs, { file: zfs.openFile(QUIET, '/q', { recordSize: 8192 }), threads: 1, ioBytes: 8192, workingSetBytes: GiB, thinkNs: 100e6 });
    q.runUntil(20e9);
    return run;
  }

  it('the 2013 throttle stays at 0 while the 2011 one still throttles the busier zone', () => {
    const r13 = light('2013');
    expect(r13.stats.slice(4).every((s) => s[0] < 60)).toBe(true);
    expect(delays(r13, NOISY).every((d) => d === 0)).toBe(true);
    expect(r13.zfs.throttle.zone(NOISY).vfs.delayCnt).toBe(0);
    const r11 = light('2011');
    const d11 = delays(r11, NOISY);
    expect(Math.max(...d11)).toBe(100);
    expect(r11.noisy.spinUs.filter((s) => s > 0).length).toBeGreaterThan(100);
    expect(delays(r11, QUIET).every((d) => d === 0)).toBe(true);
    // 2011 adjusts every 100 ms: the ramp to 100 us takes about 2 s, not 5.
    const first = r11.throttle.find((r) => r[1] === NOISY && r[3] === 100)!;
    expect(first[0]).toBeLessThan(4);
  });
});

describe('the TXG scaling rule', () => {
  it('doubles a logical write\'s delay while TXGs sync faster than every zfs_txg_timeout', () => {
    const q = new EventQueue();
    const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'ssd', disks: 1 } });
    const t = zfs.throttle;
    t.ioThrottle(NOISY, IOP_READ, undefined); // runs the first adjustment
    t.zone(NOISY).delay = 40;
    expect(t.ioThrottle(NOISY, IOP_LOGICAL_WRITE, undefined)).toBe(40);
    // Several syncs within one 5 s window: txg_cnt > 1.
    t.reportTxgSync();
    t.reportTxgSync();
    expect(t.ioThrottle(NOISY, IOP_LOGICAL_WRITE, undefined)).toBe(80);
    expect(t.ioThrottle(NOISY, IOP_READ, undefined)).toBe(40);
  });

  it('zfs_zone_txg_delay holds above-average zones back 20 ms, others 10 ms', () => {
    const q = new EventQueue();
    const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'ssd', disks: 1 } });
    zfs.throttle.zone(NOISY).aboveAvg = true;
    expect(zfs.throttle.txgDelayNs(NOISY)).toBe(20e6);
    expect(zfs.throttle.txgDelayNs(QUIET)).toBe(10e6);
  });
});

describe('zone kstats and latency probes', () => {
  it('zone_zfs counts each zone\'s physical reads and their vdev queue wait; zone_vfs buckets slow logical ops', () => {
    const run = noisyNeighbour('off', { endNs: 10e9 });
    const noisy = run.zfs.throttle.zone(NOISY);
    const quiet = run.zfs.throttle.zone(QUIET);
    // 64 KB logical reads of 8 KB records: 8 physical reads each (nearly all misses).
    expect(noisy.zfs.reads).toBeGreaterThan(run.noisy.latencyNs.length * 8 * 0.95);
    expect(noisy.zfs.nread).toBe(noisy.zfs.reads * 8192);
    expect(noisy.vfs.reads).toBe(run.noisy.latencyNs.length);
    expect(noisy.vfs.nread).toBe(run.noisy.latencyNs.length * 65536);
    // Queued behind each other in FIFO order, reads waited long in the vdev queues.
    expect(quiet.zfs.waittime / quiet.zfs.reads).toBeGreaterThan(20e6);
    const over10 = run.quiet.latencyNs.filter((l) => l >= 10e6).length;
    const over100 = run.quiet.latencyNs.filter((l) => l >= 100e6).length;
    expect(quiet.vfs.ops10ms).toBe(over10);
    expect(quiet.vfs.ops100ms).toBe(over100);
    expect(over100).toBeGreaterThan(0);
    // Disk kstats agree with the zones' physical reads.
    const diskReads = run.zfs.disks.reduce((a, d) => a + d.kstat.reads, 0);
    expect(diskReads).toBe(noisy.zfs.reads + quiet.zfs.reads);
  });

  it('zfs-zone-latency reports (zoneid, type, us) in 2013 and (zoneid, ms) in 2011, as those kernels did', () => {
    for (const mode of ['2013', '2011'] as const) {
      const q = new EventQueue();
      const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 1 }, throttle: mode });
      zfs.addZone(5);
      const seen: number[][] = [];
      zfs.probes.attach({ ...zfs.probes.observer, zoneSdt: (_e, t, a0, a1, a2) => seen.push([a0, a1, a2, t === undefined ? 0 : 1]) }, [ZONE_LATENCY]);
      startLoad(q, zfs, { file: zfs.openFile(5, '/f', { recordSize: 8192 }), threads: 1, ioBytes: 8192, workingSetBytes: GiB, thinkNs: 1e6 });
      q.runUntil(2e9);
      expect(seen.length).toBeGreaterThan(50);
      expect(seen.every((s) => s[0] === 5 && s[3] === 0)).toBe(true);
      const med = (i: number) => percentile(seen.map((s) => s[i]), 50);
      if (mode === '2013') {
        expect(seen.every((s) => s[1] === 1)).toBe(true);
        expect(med(2)).toBeGreaterThan(3000);
        expect(med(2)).toBeLessThan(30000);
      } else {
        expect(med(1)).toBeGreaterThan(3);
        expect(med(1)).toBeLessThan(30);
        expect(seen.every((s) => s[2] === 0)).toBe(true);
      }
    }
  });
});
