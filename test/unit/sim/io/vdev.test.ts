import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../../src/sim/scheduler';
import { Disk, HDD_7200 } from '../../../../src/sim/io/disk';
import {
  B_ASYNC,
  B_READ,
  B_WRITE,
  IO_DONE,
  IO_START,
  IoProbes,
  NULL_OBSERVER,
  ZONE_SCHED,
  ZONE_SCHED_BUMP,
} from '../../../../src/sim/io/observer';
import { ZoneThrottle, type ThrottleMode } from '../../../../src/sim/io/throttle';
import { VdevQueue } from '../../../../src/sim/io/vdev';
import {
  ZIO_PRIORITY_ASYNC_WRITE,
  ZIO_PRIORITY_SYNC_READ,
  ZIO_TYPE_READ,
  ZIO_TYPE_WRITE,
  Zio,
} from '../../../../src/sim/io/zio';

function setup(mode: ThrottleMode = '2013', asyncWriteMaxActive = 10) {
  const q = new EventQueue();
  const probes = new IoProbes();
  const throttle = new ZoneThrottle(q, probes, mode);
  const disk = new Disk(q, HDD_7200, 3);
  const vdev = new VdevQueue(q, disk, throttle, probes, { asyncWriteMaxActive: () => asyncWriteMaxActive });
  const issued: Zio[] = [];
  const events: { e: string; flags: number; blkno: number; dev: string; zio: Zio; thread: object | undefined }[] = [];
  const bumps: number[][] = [];
  const sched: number[][] = [];
  probes.attach(
    {
      ...NULL_OBSERVER,
      ioStart: (b, d, _f, z, t) => {
        issued.push(z);
        events.push({ e: 'start', flags: b.b_flags, blkno: b.b_blkno, dev: d.dev_statname, zio: z, thread: t });
      },
      ioDone: (b, d, _f, z, t) => events.push({ e: 'done', flags: b.b_flags, blkno: b.b_blkno, dev: d.dev_statname, zio: z, thread: t }),
      zoneSdt: (e, _t, a0, a1, a2, a3) => {
        if (e === ZONE_SCHED_BUMP) bumps.push([a0, a1, a2, a3]);
        else if (e === ZONE_SCHED) sched.push([a0, a1, a2, a3]);
      },
    },
    [IO_START, IO_DONE, ZONE_SCHED, ZONE_SCHED_BUMP],
  );
  let next = 0;
  const zio = (zone: number, priority: number, offset = (next++ * 7919 % 1000) * 1e9): Zio => {
    const z = new Zio();
    z.id = ++next;
    z.zoneId = zone;
    z.priority = priority;
    z.type = priority === ZIO_PRIORITY_ASYNC_WRITE ? ZIO_TYPE_WRITE : ZIO_TYPE_READ;
    z.size = 8192;
    z.offset = offset;
    return z;
  };
  return { q, throttle, disk, vdev, issued, events, bumps, sched, zio };
}

describe('vdev queue', () => {
  it('keeps at most 10 sync reads active per vdev; the rest wait in the queue', () => {
    const s = setup();
    for (let i = 0; i < 30; i++) s.vdev.enqueue(s.zio(1, ZIO_PRIORITY_SYNC_READ), undefined);
    expect(s.vdev.active[ZIO_PRIORITY_SYNC_READ]).toBe(10);
    expect(s.vdev.queued(ZIO_PRIORITY_SYNC_READ)).toBe(20);
    expect(s.disk.outstanding).toBe(10);
    expect(s.throttle.zone(1).queued[0]).toBe(20);
    s.q.runUntil(Infinity);
    expect(s.issued.length).toBe(30);
    expect(s.throttle.zone(1).queued[0]).toBe(0);
  });

  it('issues async writes in LBA order after the last offset, wrapping around', () => {
    // Little dirty data: the async write class runs at its minimum of 1 active.
    const s = setup('2013', 1);
    const offs = [50, 10, 40, 20, 30].map((x) => x * 1e6);
    s.vdev.enqueue(s.zio(0, ZIO_PRIORITY_ASYNC_WRITE, 35e6), undefined);
    for (const o of offs) s.vdev.enqueue(s.zio(0, ZIO_PRIORITY_ASYNC_WRITE, o), undefined);
    s.q.runUntil(Infinity);
    expect(s.issued.map((z) => z.offset / 1e6)).toEqual([35, 40, 50, 10, 20, 30]);
  });

  it('fires io:::start in the issuing thread and io:::done in interrupt context, with illumos buf flags', () => {
    const s = setup();
    const me = { tid: 1 };
    s.vdev.enqueue(s.zio(1, ZIO_PRIORITY_SYNC_READ, 1 << 20), me);
    s.vdev.enqueue(s.zio(0, ZIO_PRIORITY_ASYNC_WRITE, 2 << 20), undefined);
    s.q.runUntil(Infinity);
    const [start, , doneR] = [s.events[0], s.events[1], s.events.find((e) => e.e === 'done' && e.zio.type === ZIO_TYPE_READ)!];
    expect(start).toMatchObject({ e: 'start', dev: 'sd3', thread: me, flags: 0x1 | B_READ });
    expect(start.blkno).toBe(((1 << 20) + 4 * 1024 * 1024) / 512);
    expect(doneR.thread).toBeUndefined();
    const w = s.events.find((e) => e.e === 'start' && e.zio.type === ZIO_TYPE_WRITE)!;
    expect(w.flags & (B_WRITE | B_ASYNC)).toBe(B_WRITE | B_ASYNC);
    expect(w.flags & B_READ).toBe(0);
  });
});

describe('zfs_zone_schedule (2013)', () => {
  it('below 10 queued the sync queue is FIFO', () => {
    const s = setup();
    for (let i = 0; i < 18; i++) s.vdev.enqueue(s.zio(1, ZIO_PRIORITY_SYNC_READ), undefined);
    s.vdev.enqueue(s.zio(2, ZIO_PRIORITY_SYNC_READ), undefined);
    s.q.runUntil(Infinity);
    expect(s.issued.findIndex((z) => z.zoneId === 2)).toBe(18);
    expect(s.bumps.length).toBe(0);
  });

  it("with 10 or more queued, pulls the zone with fewer queued zios out of the middle: (qdepth*10/queued)*pri*weight", () => {
    const s = setup();
    for (let i = 0; i < 30; i++) s.vdev.enqueue(s.zio(1, ZIO_PRIORITY_SYNC_READ), undefined);
    s.vdev.enqueue(s.zio(2, ZIO_PRIORITY_SYNC_READ), undefined);
    s.q.runUntil(Infinity);
    // Issued as soon as the first active zio completed, ahead of 20 older zios of zone 1.
    expect(s.issued.findIndex((z) => z.zoneId === 2)).toBe(10);
    // 21 queued: zone 2 scores (210/1)*100*1 against zone 1's (210/20)*100*1.
    expect(s.bumps[0]).toEqual([2, 20, 21000, 1]);
    expect(s.sched.find((r) => r[2] === 2)).toEqual([21, 1, 2, 0]);
  });

  it('weights a zone that keeps losing until it wins (anti-starvation), and honours zfs_io_priority', () => {
    const s = setup();
    s.throttle.addZone(1, 100);
    s.throttle.addZone(2, 300);
    for (let i = 0; i < 20; i++) s.vdev.enqueue(s.zio(1, ZIO_PRIORITY_SYNC_READ), undefined);
    for (let i = 0; i < 15; i++) s.vdev.enqueue(s.zio(2, ZIO_PRIORITY_SYNC_READ), undefined);
    s.q.runUntil(Infinity);
    // Zone 2 has 15 of the 25 queued but three times the priority: it goes first.
    const order = s.issued.slice(10).map((z) => z.zoneId);
    expect(order[0]).toBe(2);
    // Zone 1 is not starved: its weight grows each pass it loses.
    expect(order.slice(0, 12)).toContain(1);
  });
});

describe('zfs_zone_schedule (2011)', () => {
  it('from 5 queued, bumps a zone that has exactly one zio queued', () => {
    const s = setup('2011');
    for (let i = 0; i < 16; i++) s.vdev.enqueue(s.zio(1, ZIO_PRIORITY_SYNC_READ), undefined);
    s.vdev.enqueue(s.zio(2, ZIO_PRIORITY_SYNC_READ), undefined);
    s.q.runUntil(Infinity);
    expect(s.issued.findIndex((z) => z.zoneId === 2)).toBe(10);
    expect(s.throttle.zone(2).bumped).toBe(1);
  });

  it('never bumps a zone that was above average at the last adjustment', () => {
    const s = setup('2011');
    s.throttle.zone(2).aboveAvg = true;
    for (let i = 0; i < 16; i++) s.vdev.enqueue(s.zio(1, ZIO_PRIORITY_SYNC_READ), undefined);
    s.vdev.enqueue(s.zio(2, ZIO_PRIORITY_SYNC_READ), undefined);
    s.q.runUntil(Infinity);
    expect(s.issued.findIndex((z) => z.zoneId === 2)).toBe(16);
  });
});
