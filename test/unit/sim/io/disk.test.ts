import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../../src/sim/scheduler';
import { Disk, HDD_7200, PoolLayout, SSD_SATA, type DiskModel } from '../../../../src/sim/io/disk';
import { Zio, ZIO_TYPE_READ } from '../../../../src/sim/io/zio';
import { rng } from './loadgen';

/** Runs `n` reads through one disk with `depth` outstanding; returns per-I/O latencies (ns). */
function drive(model: DiskModel, offsets: () => number, n: number, depth: number, size = 8192): { lat: number[]; elapsed: number } {
  const q = new EventQueue();
  const disk = new Disk(q, model, 1);
  const lat: number[] = [];
  let issued = 0;
  const submit = (): void => {
    if (issued >= n) return;
    issued++;
    const z = new Zio();
    z.type = ZIO_TYPE_READ;
    z.size = size;
    z.offset = offsets();
    z.dispatched = q.now;
    disk.submit(z);
  };
  disk.onDone = (z) => {
    lat.push(q.now - z.dispatched);
    submit();
  };
  for (let i = 0; i < depth; i++) submit();
  q.runUntil(Infinity);
  return { lat, elapsed: q.now };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('disk models', () => {
  it('a 7,200 rpm disk takes milliseconds per random 8 KB read: seek plus rotation', () => {
    const r = rng(3);
    const { lat } = drive(HDD_7200, () => Math.floor(r() * 1e12 / 8192) * 8192, 2000, 1);
    const m = mean(lat) / 1e6;
    expect(m).toBeGreaterThan(8);
    expect(m).toBeLessThan(16);
    // Rotation alone spreads latencies over a full 8.3 ms revolution.
    expect(Math.max(...lat) - Math.min(...lat)).toBeGreaterThan(7e6);
  });

  it('seeks grow with distance: a random read within 1 GB is faster than across the disk', () => {
    const r = rng(4);
    const near = mean(drive(HDD_7200, () => Math.floor(r() * 1e9 / 8192) * 8192, 2000, 1).lat);
    const far = mean(drive(HDD_7200, () => Math.floor(r() * 2e12 / 8192) * 8192, 2000, 1).lat);
    expect(near).toBeLessThan(far * 0.7);
  });

  it('sequential reads stream at media rate: far under a millisecond each', () => {
    let off = 0;
    const { lat } = drive(HDD_7200, () => (off += 131072) - 131072, 1000, 1, 131072);
    expect(mean(lat) / 1e6).toBeLessThan(1.2);
    expect(mean(lat.slice(1)) / 1e6).toBeGreaterThan(0.8); // 128 KB at ~140 MB/s plus overhead
  });

  it('a deeper command queue raises an HDD\'s IOPS (NCQ) and lengthens each command\'s wait', () => {
    const r1 = rng(5);
    const r2 = rng(5);
    const qd1 = drive(HDD_7200, () => Math.floor(r1() * 1e12 / 8192) * 8192, 2000, 1);
    const qd10 = drive(HDD_7200, () => Math.floor(r2() * 1e12 / 8192) * 8192, 2000, 10);
    const iops1 = 2000 / (qd1.elapsed / 1e9);
    const iops10 = 2000 / (qd10.elapsed / 1e9);
    expect(iops1).toBeGreaterThan(60);
    expect(iops1).toBeLessThan(130);
    expect(iops10).toBeGreaterThan(iops1 * 1.5);
    expect(mean(qd10.lat)).toBeGreaterThan(mean(qd1.lat) * 3);
    // The age limit bounds starvation.
    expect(Math.max(...qd10.lat)).toBeLessThan(HDD_7200.agingNs + 200e6);
  });

  it('an SSD reads 8 KB in 50-150 us', () => {
    const r = rng(6);
    const { lat } = drive(SSD_SATA, () => Math.floor(r() * 1e11 / 8192) * 8192, 1000, 1);
    expect(Math.min(...lat)).toBeGreaterThanOrEqual(50_000);
    expect(Math.max(...lat)).toBeLessThanOrEqual(150_000);
  });
});

describe('pool layout', () => {
  it('stripes 512 KB runs over the disks in turn and keeps a 4 MB file segment contiguous', () => {
    const p = new PoolLayout(4, 2e12);
    const a = { vdev: 0, offset: 0 };
    const vdevs = [0, 1, 2, 3, 4].map((i) => p.locate(i * 524288, a).vdev);
    expect(vdevs).toEqual([0, 1, 2, 3, 0]);
    expect(p.locate(4 * 524288 + 100, a).offset).toBe(524288 + 100);
    const base = p.dataOffset(7, 0);
    expect(p.dataOffset(7, 65536)).toBe(base + 65536);
    expect(p.dataOffset(7, (4 << 20) - 8192)).toBe(base + (4 << 20) - 8192);
    // The next 4 MB segment of the same file lands elsewhere in the pool.
    expect(Math.abs(p.dataOffset(7, 4 << 20) - base)).toBeGreaterThan(4 << 20);
  });

  it('allocates new writes sequentially in the free part of the pool', () => {
    const p = new PoolLayout(2, 2e12, { fill: 0.5 });
    const a = p.allocate(131072);
    const b = p.allocate(131072);
    expect(b).toBe(a + 131072);
    expect(a).toBeGreaterThanOrEqual(2e12 * 2 * 0.5 - (1 << 20));
  });
});
