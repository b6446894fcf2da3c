import { describe, expect, it } from 'vitest';
import { ioNode, S, sdtId, listen, type ZoneInput } from './harness';

const WAIT = sdtId('zfs-zone-wait');
const THROTTLE = sdtId('zfs-zone-throttle');
const STATS = sdtId('zfs-zone-stats');

interface Seen {
  waits: number;
  maxDelay: number;
  /** diskutil% of every adjustment (zfs-zone-stats arg5). */
  util: number[];
}

function run(zones: ZoneInput[], throttle: '2013' | '2011', seconds: number): Seen {
  const { n } = ioNode(zones, { pool: { kind: 'hdd', disks: 4 } }, { throttle });
  const seen: Seen = { waits: 0, maxDelay: 0, util: [] };
  listen(n, [WAIT, THROTTLE, STATS], {
    sdt(p, _cur, a) {
      if (p === WAIT) seen.waits++;
      else if (p === THROTTLE) seen.maxDelay = Math.max(seen.maxDelay, a[2]!);
      else if (p === STATS) seen.util.push(a[5]!);
    },
  });
  n.runUntil(seconds * S);
  return seen;
}

describe('when the throttle stays quiet', () => {
  it('never delays the only active zone on a node, however hard it drives the disks', () => {
    const s = run(
      [
        { name: 'alone', workloads: [{ kind: 'fileio', threads: 32, op: 'mixed', sizeKiB: 128, workingSetMiB: 262144 }] },
        { name: 'idle', workloads: [{ kind: 'cpu', threads: 1, duty: 0.2 }] },
      ],
      '2013',
      15,
    );
    expect(Math.max(...s.util)).toBeGreaterThan(80);
    expect(s.waits).toBe(0);
    expect(s.maxDelay).toBe(0);
  });

  it('with the disks under 60% busy, the 2013 throttle stays at 0 while the 2011 one throttles the busier zone', () => {
    const zones: ZoneInput[] = [
      { name: 'busier', workloads: [{ kind: 'fileio', threads: 2, sizeKiB: 8, workingSetMiB: 262144, thinkUs: 100_000 }] },
      { name: 'lighter', workloads: [{ kind: 'fileio', threads: 1, sizeKiB: 8, workingSetMiB: 262144, thinkUs: 100_000 }] },
    ];
    const z13 = run(zones, '2013', 15);
    expect(z13.util.length).toBeGreaterThan(40);
    expect(Math.max(...z13.util)).toBeLessThan(60);
    expect(Math.max(...z13.util)).toBeGreaterThan(5);
    expect(z13.waits).toBe(0);
    expect(z13.maxDelay).toBe(0);
    const z11 = run(zones, '2011', 15);
    expect(z11.waits).toBeGreaterThan(50);
    expect(z11.maxDelay).toBeGreaterThanOrEqual(50);
  });
});
