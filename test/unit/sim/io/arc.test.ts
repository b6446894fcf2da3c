import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../../src/sim/scheduler';
import { Arc, arcSizes } from '../../../../src/sim/io/arc';
import { ZfsIo } from '../../../../src/sim/io/zfs';
import { ARC_HIT, ARC_MISS, IO_START } from '../../../../src/sim/io/observer';
import { ZIO_PRIORITY_ASYNC_READ, ZIO_PRIORITY_SYNC_READ } from '../../../../src/sim/io/zio';
import { percentile, startLoad, startSequential } from './loadgen';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('ARC sizing', () => {
  it('follows arc.c: c_max = max(3/4 RAM, RAM - 1 GB), c_min = max(RAM/32, 64 MB), p = c/2', () => {
    expect(arcSizes(64 * GiB)).toEqual({ cMax: 63 * GiB, cMin: 2 * GiB });
    expect(arcSizes(2 * GiB)).toEqual({ cMax: 1.5 * GiB, cMin: 64 * MiB });
    const arc = new Arc(8 * GiB);
    expect(arc.c).toBe(7 * GiB);
    expect(arc.p).toBe(3.5 * GiB);
  });
});

describe('ARC replacement', () => {
  it('never holds more than c, and keeps re-read blocks (MFU) through a one-pass scan', () => {
    const arc = new Arc(GiB, { maxBytes: 100 * 8192 });
    let now = 0;
    const read = (file: number, b: number, zone: number): boolean => {
      now += 100e6;
      const buf = arc.find(file, b);
      if (buf !== undefined) {
        arc.hit(buf, zone, now);
        return true;
      }
      arc.filled(arc.miss(file, b, 8192, zone, now));
      return false;
    };
    for (let pass = 0; pass < 3; pass++) for (let b = 0; b < 40; b++) read(1, b, 1);
    for (let b = 0; b < 1000; b++) read(2, b, 2);
    expect(arc.size).toBeLessThanOrEqual(arc.c);
    let kept = 0;
    for (let b = 0; b < 40; b++) if (read(1, b, 1)) kept++;
    expect(kept).toBe(40);
  });

  it('a ghost hit in the MRU ghost list grows p; one in the MFU ghost shrinks it', () => {
    const arc = new Arc(GiB, { maxBytes: 10 * 8192 });
    let now = 0;
    const read = (file: number, b: number): void => {
      now += 100e6;
      const buf = arc.find(file, b);
      if (buf !== undefined) arc.hit(buf, 1, now);
      else arc.filled(arc.miss(file, b, 8192, 1, now));
    };
    for (let pass = 0; pass < 2; pass++) for (let b = 0; b < 5; b++) read(1, b); // five MFU blocks
    for (let b = 0; b < 20; b++) read(2, b); // a stream through the MRU
    expect(arc.mfu.count).toBe(5);
    expect(arc.mruGhost.count).toBeGreaterThan(0);
    const p0 = arc.p;
    const g = arc.mruGhost.head!;
    read(g.fileId, g.block); // evicted from the MRU: a ghost hit
    expect(arc.p).toBeGreaterThan(p0);
    expect(arc.mfu.count).toBeGreaterThan(0);
    for (let b = 0; b < 5; b++) read(3, b);
    for (let pass = 0; pass < 2; pass++) for (let b = 0; b < 12; b++) read(4, b);
    const p1 = arc.p;
    expect(arc.mfuGhost.count).toBeGreaterThan(0);
    const ghost = arc.mfuGhost.tail!;
    read(ghost.fileId, ghost.block);
    expect(arc.p).toBeLessThan(p1);
  });
});

describe('ARC in the read path', () => {
  it('hits take microseconds and misses milliseconds on HDD: two separate latency bands', () => {
    const q = new EventQueue();
    const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 4 }, arcMaxBytes: 64 * MiB });
    zfs.addZone(1);
    let hits = 0;
    let misses = 0;
    zfs.probes.attach(
      { ...zfs.probes.observer, arcHit: () => hits++, arcMiss: () => misses++ },
      [ARC_HIT, ARC_MISS],
    );
    const file = zfs.openFile(1, '/data/db', { recordSize: 8192 });
    const load = startLoad(q, zfs, { file, threads: 1, ioBytes: 8192, workingSetBytes: 16 * MiB, thinkNs: 100_000 });
    q.runUntil(30e9);
    const lat = load.latencyNs;
    const fast = lat.filter((l) => l < 100_000);
    const slow = lat.filter((l) => l >= 100_000);
    expect(fast.length).toBeGreaterThan(1000);
    expect(slow.length).toBeGreaterThan(500);
    // Nothing between the bands: a hit is a copy, a miss is a disk.
    expect(fast.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(20_000);
    expect(slow.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThan(100_000);
    // A few misses land just ahead of the head and stream; the rest seek and rotate.
    expect(slow.filter((l) => l > 1_000_000).length).toBeGreaterThan(slow.length * 0.9);
    expect(percentile(slow, 50)).toBeGreaterThan(4_000_000);
    // Each band is what the ARC says it is.
    expect(fast.length).toBe(hits);
    expect(slow.length).toBe(misses);
    expect(zfs.arc.zoneHits[1]).toBe(hits);
    expect(zfs.arc.zoneMisses[1]).toBe(misses);
  });

  it("a zone re-reading a working set larger than the ARC evicts another zone's data", () => {
    const q = new EventQueue();
    const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 4 }, arcMaxBytes: 32 * MiB });
    zfs.addZone(1);
    zfs.addZone(2);
    const victim = startLoad(q, zfs, {
      file: zfs.openFile(1, '/data/hot', { recordSize: 8192 }),
      threads: 1,
      ioBytes: 8192,
      workingSetBytes: 8 * MiB,
      thinkNs: 5e6,
    });
    startLoad(q, zfs, {
      file: zfs.openFile(2, '/data/scan', { recordSize: 8192 }),
      threads: 8,
      ioBytes: 8192,
      workingSetBytes: 96 * MiB,
      fromNs: 60e9,
      seed: 9,
    });
    const ratio = (from: number): number => {
      const h0 = zfs.arc.zoneHits[1];
      const m0 = zfs.arc.zoneMisses[1];
      q.runUntil(from);
      return (zfs.arc.zoneHits[1] - h0) / (zfs.arc.zoneHits[1] - h0 + zfs.arc.zoneMisses[1] - m0);
    };
    q.runUntil(40e9);
    const before = ratio(60e9);
    const residentBefore = zfs.arc.zoneBytes[1];
    q.runUntil(100e9);
    const after = ratio(120e9);
    expect(before).toBeGreaterThan(0.97);
    expect(residentBefore).toBeGreaterThan(7 * MiB);
    expect(after).toBeLessThan(0.7);
    expect(zfs.arc.zoneBytes[1]).toBeLessThan(residentBefore / 2);
    const p50Before = percentile(victim.between(40e9, 60e9), 50);
    const p90After = percentile(victim.between(100e9, 120e9), 90);
    expect(p50Before).toBeLessThan(20_000);
    expect(p90After).toBeGreaterThan(1_000_000);
    expect(zfs.arc.size).toBeLessThanOrEqual(zfs.arc.c);
  });
});

describe('prefetch (zfetch)', () => {
  it('a sequential reader is read ahead with async reads and streams far faster than a random one', () => {
    const run = (sequential: boolean) => {
      const q = new EventQueue();
      const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 1 }, arcMaxBytes: 64 * MiB });
      zfs.addZone(1);
      const prios: number[] = [];
      zfs.probes.attach({ ...zfs.probes.observer, ioStart: (_b, _d, _f, z) => prios.push(z.priority) }, [IO_START]);
      const file = zfs.openFile(1, '/data/log');
      const load = sequential
        ? startSequential(q, zfs, file, 8192, 10e9)
        : startLoad(q, zfs, { file, threads: 1, ioBytes: 8192, workingSetBytes: 4 * GiB, untilNs: 10e9 });
      q.runUntil(10e9);
      return { bytes: load.latencyNs.length * 8192, prios };
    };
    const seq = run(true);
    const rnd = run(false);
    expect(seq.bytes / 10).toBeGreaterThan(40 * MiB);
    expect(seq.bytes).toBeGreaterThan(rnd.bytes * 50);
    expect(seq.prios.filter((p) => p === ZIO_PRIORITY_ASYNC_READ).length).toBeGreaterThan(seq.prios.length * 0.8);
    expect(rnd.prios.every((p) => p === ZIO_PRIORITY_SYNC_READ)).toBe(true);
  });
});
