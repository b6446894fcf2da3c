import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../../src/sim/scheduler';
import { B_ASYNC, IO_START, NULL_OBSERVER } from '../../../../src/sim/io/observer';
import { IoRequest, OP_FSYNC, OP_WRITE, ZfsIo } from '../../../../src/sim/io/zfs';
import { ZIO_PRIORITY_ASYNC_WRITE, ZIO_PRIORITY_SYNC_READ, ZIO_PRIORITY_SYNC_WRITE, ZIO_TYPE_WRITE, type Zio } from '../../../../src/sim/io/zio';
import { percentile, startLoad } from './loadgen';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function setup(kind: 'hdd' | 'ssd' = 'hdd', ramBytes = GiB) {
  const q = new EventQueue();
  const zfs = new ZfsIo(q, { ramBytes, pool: { kind, disks: 2 } });
  zfs.addZone(1);
  // Zio records are reused once done: copy what the assertions need.
  const starts: { t: number; offset: number; size: number; type: number; flags: number; thread: object | undefined; zone: number; prio: number }[] = [];
  zfs.probes.attach(
    { ...NULL_OBSERVER, ioStart: (b, _d, _f, z: Zio, th) =>
        starts.push({ t: q.now, offset: z.offset, size: z.size, type: z.type, flags: b.b_flags, thread: th, zone: z.zoneId, prio: z.priority }), },
    [IO_START],
  );
  return { q, zfs, starts };
}

describe('TXG sync', () => {
  it('async writes return at once and reach the disks every 5 s, from global-zone kernel threads', () => {
    const { q, zfs, starts } = setup();
    const load = startLoad(q, zfs, {
      file: zfs.openFile(1, '/log/app.log', { recordSize: 131072 }),
      threads: 1,
      op: 'write',
      ioBytes: 131072,
      workingSetBytes: 64 * MiB,
      thinkNs: 100e6,
    });
    q.runUntil(4.9e9);
    expect(starts.length).toBe(0);
    expect(percentile(load.latencyNs, 100)).toBeLessThan(100_000);
    q.runUntil(21e9);
    expect(zfs.txg.synced).toBe(4);
    const data = starts.filter((s) => s.prio === ZIO_PRIORITY_ASYNC_WRITE);
    expect(data.length).toBeGreaterThan(150);
    expect(data.every((s) => s.zone === 0 && s.thread === undefined && (s.flags & B_ASYNC) !== 0)).toBe(true);
    // Bursts at 5, 10, 15, 20 s.
    const bursts = new Set(data.map((s) => Math.floor(s.t / 5e9)));
    expect([...bursts].sort()).toEqual([1, 2, 3, 4]);
    // Each sync ends with the uberblock: a sync write to every disk's label.
    expect(starts.filter((s) => s.prio === ZIO_PRIORITY_SYNC_WRITE && s.offset === 0).length).toBe(8);
  });

  it('syncs sooner than every 5 s once 64 MB are dirty', () => {
    const { q, zfs } = setup('ssd', 16 * GiB);
    startLoad(q, zfs, {
      file: zfs.openFile(1, '/data/ingest', { recordSize: 131072 }),
      threads: 2,
      op: 'write',
      ioBytes: 1 << 20,
      workingSetBytes: 4 * GiB,
      thinkNs: 2e6,
    });
    q.runUntil(10e9);
    expect(zfs.txg.synced).toBeGreaterThan(4);
  });

  it('holds writers back once dirty data passes 60% of zfs_dirty_data_max, and stops them at the limit', () => {
    const q = new EventQueue();
    const zfs = new ZfsIo(q, { ramBytes: GiB, pool: { kind: 'hdd', disks: 1 }, txg: { dirtyMaxBytes: 32 * MiB, dirtySyncBytes: 1 << 40 } });
    zfs.addZone(1);
    const load = startLoad(q, zfs, {
      file: zfs.openFile(1, '/data/x', { recordSize: 131072 }),
      threads: 4,
      op: 'write',
      ioBytes: 131072,
      workingSetBytes: 4 * GiB,
    });
    q.runUntil(20e9);
    const slow = load.latencyNs.filter((l) => l >= 10e6);
    expect(slow.length).toBeGreaterThan(50);
    expect(zfs.txg.dirtyTotal).toBeLessThanOrEqual(32 * MiB + 4 * 131072);
  });
});

describe('sync writes and fsync', () => {
  it('an O_DSYNC write waits for a ZIL sync-write zio issued by the caller in its zone', () => {
    const { q, zfs, starts } = setup();
    const load = startLoad(q, zfs, {
      file: zfs.openFile(1, '/db/journal', { recordSize: 8192 }),
      threads: 1,
      op: 'write',
      sync: true,
      ioBytes: 8192,
      workingSetBytes: 8 * MiB,
      thinkNs: 10e6,
    });
    q.runUntil(4e9);
    expect(load.latencyNs.length).toBeGreaterThan(100);
    // Log blocks are allocated one after another: sequential, well under a random seek.
    expect(percentile(load.latencyNs, 50)).toBeGreaterThan(50_000);
    const log = starts.filter((s) => s.prio === ZIO_PRIORITY_SYNC_WRITE);
    expect(log.length).toBeGreaterThanOrEqual(load.latencyNs.length);
    expect(log.every((s) => s.zone === 1 && s.thread !== undefined && s.type === ZIO_TYPE_WRITE)).toBe(true);
  });

  it('fsync logs what was written since the last TXG, and returns at once when nothing is', () => {
    const { q, zfs, starts } = setup();
    const file = zfs.openFile(1, '/db/data', { recordSize: 8192 });
    const run = (op: number, offset = 0): boolean => {
      const r = new IoRequest();
      r.op = op;
      r.file = file;
      r.offset = offset;
      r.size = 8192;
      r.thread = {};
      zfs.begin(r);
      return zfs.issue(r);
    };
    expect(run(OP_FSYNC)).toBe(true);
    expect(run(OP_WRITE, 0)).toBe(true);
    expect(run(OP_WRITE, 8192)).toBe(true);
    expect(run(OP_FSYNC)).toBe(false);
    q.runUntil(1e9);
    expect(starts.filter((s) => s.prio === ZIO_PRIORITY_SYNC_WRITE).map((s) => s.size)).toEqual([20480]);
    expect(run(OP_FSYNC)).toBe(true);
    q.runUntil(12e9);
    expect(run(OP_WRITE, 0)).toBe(true);
    q.runUntil(18e9);
    // That write's TXG has synced since: nothing left to log.
    expect(run(OP_FSYNC)).toBe(true);
  });

  it('a partial write of a block not in the ARC reads it first (read-modify-write)', () => {
    const { q, zfs, starts } = setup();
    const file = zfs.openFile(1, '/db/data', { recordSize: 131072 });
    const r = new IoRequest();
    r.op = OP_WRITE;
    r.file = file;
    r.offset = 4096;
    r.size = 4096;
    let done = false;
    r.onDone = () => (done = true);
    zfs.begin(r);
    expect(zfs.issue(r)).toBe(false);
    expect(starts.map((s) => s.prio)).toEqual([ZIO_PRIORITY_SYNC_READ]);
    q.runUntil(1e9);
    expect(done).toBe(true);
    // Whole-block writes need no read.
    r.offset = 131072;
    r.size = 131072;
    zfs.begin(r);
    expect(zfs.issue(r)).toBe(true);
  });
});
