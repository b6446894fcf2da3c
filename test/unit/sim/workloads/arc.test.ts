import { describe, expect, it } from 'vitest';
import { P_ARC_HIT, P_ARC_MISS, P_ZFS_READ } from '../../../../src/sim/probes';
import { ioNode, listen, percentile, S } from './harness';

describe('the shared ARC between zones', () => {
  it("a zone re-reading a working set larger than the ARC evicts another zone's cached data and raises its read latency", () => {
    // 512 MiB of RAM: an ARC of 384 MiB. "cached" reads its 128 MiB at a steady 200 reads
    // a second (each record again every few seconds); from 25 s, "scanner" reads 1 GiB at
    // random with 16 threads, as fast as the disks allow.
    const { n, port } = ioNode(
      [
        { name: 'cached', workloads: [{ kind: 'fileio', threads: 8, sizeKiB: 8, workingSetMiB: 128, thinkUs: 40_000 }] },
        { name: 'scanner', workloads: [{ kind: 'fileio', threads: 16, sizeKiB: 128, workingSetMiB: 1024, from: 25 }] },
      ],
      { ramGiB: 0.5, pool: { kind: 'hdd', disks: 4 } },
    );
    const cachedId = n.zone('cached')!.id;
    const start = new Map<number, number>();
    const lat: [number, number][] = [];
    const arc: [number, boolean][] = [];
    listen(n, [P_ZFS_READ, P_ZFS_READ + 1, P_ARC_HIT, P_ARC_MISS], {
      fs(p, cur) {
        if (cur.zone.id !== cachedId) return;
        if (p === P_ZFS_READ) start.set(cur.tid, n.now);
        else lat.push([n.now / S, n.now - start.get(cur.tid)!]);
      },
      fire(p, cur) {
        if (cur?.zone.id === cachedId) arc.push([n.now / S, p === P_ARC_HIT]);
      },
    });
    n.runUntil(55 * S);
    const hitRate = (from: number, to: number) => {
      const xs = arc.filter(([t]) => t >= from && t < to);
      return xs.filter(([, h]) => h).length / xs.length;
    };
    const between = (from: number, to: number) => lat.filter(([t]) => t >= from && t < to).map(([, l]) => l);
    // Warm: nearly every read is a hit, in microseconds.
    expect(hitRate(20, 25)).toBeGreaterThan(0.97);
    expect(percentile(between(20, 25), 90)).toBeLessThan(100_000);
    // The scanner's ghost hits move the ARC towards its blocks: the cached zone's data goes.
    expect(hitRate(40, 55)).toBeLessThan(0.8);
    expect(percentile(between(40, 55), 90)).toBeGreaterThan(1_000_000);
    expect(port.zfs.arc.zoneBytes[cachedId]!).toBeLessThan(96 * 1024 * 1024);
  });
});
