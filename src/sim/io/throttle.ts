// The per-zone ZFS I/O throttle (zfs_zone.c) in its 2013 form, its 2011 form, or off.
// Every logical read or write of a zone calls `ioThrottle`, which may run the lazy
// adjustment (every 250 ms; 100 ms in 2011) and returns the zone's delay in
// microseconds: the kernel spins that long in drv_usecwait, so the caller must charge it
// as on-CPU time. Physical zios report their dispatch and completion here, which feeds
// the per-zone op counts (2 s cycles), the system read/write latency averages (1 s
// cycles), the all-vdev disk busy time and the laggard stamp (> 50 ms). The adjustment
// computes each zone's utilisation (ops x average latency), its fair share by
// zfs_io_priority, and moves the delay 5 us at a time between 0 and 100 us, gated in 2013
// by disk utilisation and recent laggards. Per-zone kstats (zone_vfs, zone_zfs) live here
// too. The zone-aware pick in the vdev sync queues (zfs_zone_schedule) reads the queue
// counts and weights kept here; it lives in vdev.ts. Pure TypeScript, in the simulator.

import type { Scheduler } from '../scheduler';
import { ZoneVfsKstat, ZoneZfsKstat } from './kstat';
import {
  IoProbes,
  ZONE_CALC_WT_AVG,
  ZONE_IO_CNT,
  ZONE_LATENCY,
  ZONE_STATS,
  ZONE_SYS_AVG_LAT,
  ZONE_THROTTLE,
  ZONE_UTILIZATION,
  ZONE_WAIT,
} from './observer';
import { ZIO_PRIORITY_SYNC_WRITE, ZIO_TYPE_READ, type IoThread, type Zio } from './zio';

export type ThrottleMode = '2013' | '2011' | 'off';

/** zfs_zone_iop_type_t: zfs-zone-wait's arg1. */
export const IOP_READ = 0;
export const IOP_WRITE = 1;
export const IOP_LOGICAL_WRITE = 2;

export const GLOBAL_ZONEID = 0;

/** The tunables, as the kernel names them (times in microseconds). */
export const ZFS_ZONE = {
  delayStep: 5,
  delayCeiling: 100,
  rwLatLimit: 10,
  utilThreshold: 80,
  underutilThreshold: 60,
  laggardThreshold: 50_000,
  laggardRecent: 1_000_000,
  laggardAncient: 5_000_000,
  sysAvgCycle: 1_000_000,
  cycleTime: 2_000_000,
  adjustTime: 250_000,
  adjustTime2011: 100_000,
  scheduleThresh: 10,
  scheduleThresh2011: 5,
  schedWeightMax: 20,
  txgThrottleScale: 2,
  txgTimeoutSec: 5,
} as const;

/** sys_zio_cntr_t: one op type's count for the current cycle and its decayed history. */
class OpCycle {
  cycleStart = 0;
  cycleCnt = 0;
  avgCnt = 0;
}

/** sys_lat_cycle_t. */
class LatCycle {
  cycleStart = 0;
  cycleLat = 0;
  sysAvg = 0;
  cycleCnt = 0;
}

/** One zone's I/O state. */
export class ZoneIo {
  /** zfs_io_priority (zone.zfs-io-priority). */
  pri: number;
  /** Current delay, us. */
  delay = 0;
  util = 0;
  aboveAvg = false;
  readonly rd = new OpCycle();
  readonly wr = new OpCycle();
  readonly lwr = new OpCycle();
  /** zios of this zone queued (not yet issued) in the sync read / sync write classes, all vdevs. */
  readonly queued = [0, 0];
  /** 2011: zios of this zone queued in any class. */
  queuedAll = 0;
  /** zfs_zone_schedule's anti-starvation weight. */
  weight = 0;
  /** 2011: times this zone was bumped to the head of a queue. */
  bumped = 0;
  readonly vfs = new ZoneVfsKstat();
  readonly zfs = new ZoneZfsKstat();

  constructor(
    readonly id: number,
    pri: number,
  ) {
    this.pri = pri;
  }
}

export class ZoneThrottle {
  mode: ThrottleMode;
  /** Zones in id order (zone_walk order); the global zone is always first. */
  readonly zones: ZoneIo[] = [];
  private readonly byId: (ZoneIo | undefined)[] = [];

  private readonly rdLat = new LatCycle();
  private readonly wrLat = new LatCycle();
  /** Outstanding zios on all vdevs and the time any was outstanding (ns). */
  private diskRcnt = 0;
  private diskRtime = 0;
  private diskRlastupdate = 0;
  private diskLastRtime = 0;
  /** us. */
  lastLaggard = 0;
  private lastChecked = 0;
  private txgLastCheck = 0;
  private txgCnt = 0;
  private txgSyncRate = 0;
  /** The last adjustment's findings (for tests and kstat-like views). */
  lastDiskUtil = 0;
  lastActive = 0;

  constructor(
    private readonly sched: Scheduler,
    private readonly probes: IoProbes,
    mode: ThrottleMode = '2013',
    private readonly tickNs = 10_000_000,
  ) {
    this.mode = mode;
    this.addZone(GLOBAL_ZONEID, 100);
  }

  addZone(id: number, pri = 100): ZoneIo {
    const existing = this.byId[id];
    if (existing !== undefined) {
      existing.pri = pri;
      return existing;
    }
    const z = new ZoneIo(id, pri);
    while (this.byId.length <= id) this.byId.push(undefined);
    this.byId[id] = z;
    let i = this.zones.length;
    while (i > 0 && this.zones[i - 1].id > id) i--;
    this.zones.splice(i, 0, z);
    return z;
  }

  zone(id: number): ZoneIo {
    return this.byId[id] ?? this.addZone(id);
  }

  setPriority(id: number, pri: number): void {
    this.zone(id).pri = pri;
  }

  /** zfs_zone_delay_enable: with it off, zones are never delayed (the pick still works). */
  delayEnable = true;
  /** zfs_zone_schedule_enable: with it off, the sync queues are plain FIFOs. */
  scheduleEnable = true;

  /** Whether the zone-aware pick in the sync queues is on ("off" turns both features off). */
  get scheduleEnabled(): boolean {
    return this.mode !== 'off' && this.scheduleEnable;
  }

  private get delayEnabled(): boolean {
    return this.mode !== 'off' && this.delayEnable;
  }

  /**
   * zfs_zone_io_throttle: called at the start of each logical read (dmu_read_uio) or
   * write (dmu_tx_count_write) with IOP_READ or IOP_LOGICAL_WRITE. Returns the
   * microseconds the calling thread must busy-wait on CPU.
   */
  ioThrottle(zoneId: number, type: number, thread: IoThread | undefined): number {
    const unow = Math.floor(this.sched.now / 1000);
    const z = this.zone(zoneId);
    if (type === IOP_LOGICAL_WRITE) this.addIop(z, unow, IOP_LOGICAL_WRITE, 0);
    if (!this.delayEnabled) return 0;
    if (this.mode === '2013') {
      if (z.pri === 0) return 0;
      if (unow - this.lastChecked > ZFS_ZONE.adjustTime) {
        const last = this.lastChecked;
        this.lastChecked = unow;
        this.adjust2013(unow, last, thread);
      }
    } else if (unow - this.lastChecked > ZFS_ZONE.adjustTime2011) {
      this.lastChecked = unow;
      this.adjust2011(unow, thread);
    }
    let wait = z.delay;
    if (wait === 0) return 0;
    if (type === IOP_LOGICAL_WRITE && (this.txgCnt > 1 || this.txgSyncRate > 1)) wait *= ZFS_ZONE.txgThrottleScale;
    if (this.probes.on(ZONE_WAIT)) this.probes.observer.zoneSdt(ZONE_WAIT, thread, zoneId, type, wait, 0, 0, 0);
    z.vfs.delayCnt++;
    z.vfs.delayTime += wait;
    return wait;
  }

  /** zfs_zone_txg_delay: how long a write held back by the write throttle sleeps, ns. */
  txgDelayNs(zoneId: number): number {
    const above = this.zone(zoneId).aboveAvg;
    if (this.mode === '2011') return (above ? 2 : 1) * this.tickNs;
    return above ? 20_000_000 : 10_000_000;
  }

  /** zfs_zone_report_txg_sync: a TXG was synced. */
  reportTxgSync(): void {
    this.txgCnt++;
    const now = Math.floor(this.sched.now / 1e9);
    if (now - this.txgLastCheck >= ZFS_ZONE.txgTimeoutSec) {
      this.txgSyncRate = Math.floor(this.txgCnt / 2);
      this.txgCnt = 0;
      this.txgLastCheck = now;
    }
  }

  /** zfs_zone_zio_enqueue: a zio entered a vdev queue. */
  zioEnqueue(z: Zio): void {
    const zone = this.zone(z.zoneId);
    zone.queuedAll++;
    if (z.priority <= ZIO_PRIORITY_SYNC_WRITE) zone.queued[z.priority]++;
  }

  /** zfs_zone_zio_dequeue: a zio left a vdev queue (was issued). */
  zioDequeue(z: Zio): void {
    const zone = this.zone(z.zoneId);
    zone.queuedAll--;
    if (z.priority <= ZIO_PRIORITY_SYNC_WRITE) zone.queued[z.priority]--;
  }

  /** zfs_zone_zio_start: a zio was dispatched to its disk. */
  zioStart(z: Zio): void {
    const now = this.sched.now;
    const zone = this.zone(z.zoneId);
    if (z.type === ZIO_TYPE_READ) zone.zfs.runqEnter(now);
    zone.weight = 0;
    z.dispatched = now;
    z.start2011 = Math.floor(now / 1e6);
    if (this.diskRcnt++ !== 0) this.diskRtime += now - this.diskRlastupdate;
    this.diskRlastupdate = now;
  }

  /** zfs_zone_zio_done: a zio completed (disk interrupt context). */
  zioDone(z: Zio): void {
    const now = this.sched.now;
    const zone = this.zone(z.zoneId);
    const k = zone.zfs;
    if (z.type === ZIO_TYPE_READ) {
      k.reads++;
      k.nread += z.size;
      k.waittime += z.dispatched - z.timestamp;
      k.runqExit(now);
    } else {
      k.writes++;
      k.nwritten += z.size;
    }
    this.diskRcnt--;
    this.diskRtime += now - this.diskRlastupdate;
    this.diskRlastupdate = now;
    const unow = Math.floor(now / 1000);
    const udelta = unow - Math.floor(z.dispatched / 1000);
    if (udelta > ZFS_ZONE.laggardThreshold) this.lastLaggard = unow;
    const op = z.type === ZIO_TYPE_READ ? IOP_READ : IOP_WRITE;
    if (this.mode === '2011') {
      // The 2011 code's NANO_TO_MICRO divided by 10^6: its latencies are milliseconds.
      const mdelta = Math.floor(now / 1e6) - z.start2011;
      if (this.delayEnable) this.addIop(zone, unow, op, mdelta);
      if (this.probes.on(ZONE_LATENCY)) this.probes.observer.zoneSdt(ZONE_LATENCY, undefined, z.zoneId, mdelta, 0, 0, 0, 0);
      return;
    }
    if (this.mode === '2013' && this.delayEnable) this.addIop(zone, unow, op, udelta);
    if (this.probes.on(ZONE_LATENCY)) this.probes.observer.zoneSdt(ZONE_LATENCY, undefined, z.zoneId, z.type, udelta, 0, 0, 0);
  }

  /** Nanoseconds during which at least one zio was outstanding on some vdev, up to now. */
  diskBusyNs(): number {
    const now = this.sched.now;
    return this.diskRtime + (this.diskRcnt > 0 ? now - this.diskRlastupdate : 0);
  }

  private addIop(z: ZoneIo, unow: number, op: number, lat: number): void {
    const c = op === IOP_READ ? z.rd : op === IOP_WRITE ? z.wr : z.lwr;
    this.historicalCnt(unow, c);
    c.cycleCnt++;
    if (op === IOP_LOGICAL_WRITE) return;
    const l = op === IOP_READ ? this.rdLat : this.wrLat;
    this.newSysAvg(unow, l);
    l.cycleCnt++;
    l.cycleLat += lat;
  }

  /** compute_historical_zone_cnt: returns how far into the cycle we are, 0 if one just ended. */
  private historicalCnt(unow: number, c: OpCycle): number {
    const delta = unow - c.cycleStart;
    if (delta < ZFS_ZONE.cycleTime) return delta;
    const gen = Math.floor(delta / ZFS_ZONE.cycleTime);
    if (gen > 5) c.avgCnt = 0;
    else {
      c.avgCnt = c.cycleCnt > 1 ? c.cycleCnt : c.cycleCnt + Math.floor(c.avgCnt / 2);
      for (let i = 1; i < gen; i++) c.avgCnt = Math.floor(c.avgCnt / 2);
    }
    c.cycleStart = unow;
    c.cycleCnt = 0;
    return 0;
  }

  /** compute_new_sys_avg: true if a cycle ended and a new average was computed. */
  private newSysAvg(unow: number, l: LatCycle): boolean {
    const delta = unow - l.cycleStart;
    if (delta < ZFS_ZONE.sysAvgCycle) return false;
    const gen = Math.floor(delta / ZFS_ZONE.sysAvgCycle);
    if (gen > 5) l.sysAvg = 0;
    else {
      l.sysAvg = Math.floor((l.sysAvg + l.cycleLat) / (1 + l.cycleCnt));
      for (let i = 1; i < gen; i++) l.sysAvg = Math.floor(l.sysAvg / 2);
    }
    l.cycleStart = unow;
    l.cycleCnt = 0;
    l.cycleLat = 0;
    return true;
  }

  private zoneCnt(unow: number, c: OpCycle): number {
    const delta = this.historicalCnt(unow, c);
    if (delta === 0) return c.avgCnt;
    return delta < ZFS_ZONE.cycleTime / 2 ? c.cycleCnt + Math.floor(c.avgCnt / 2) : c.cycleCnt;
  }

  private avgLat(unow: number, l: LatCycle, thread: IoThread | undefined): number {
    if (this.newSysAvg(unow, l)) return l.sysAvg;
    if (this.probes.on(ZONE_CALC_WT_AVG))
      this.probes.observer.zoneSdt(ZONE_CALC_WT_AVG, thread, l.sysAvg, l.cycleLat, l.cycleCnt, 0, 0, 0);
    return Math.floor((l.sysAvg + l.cycleLat * 8) / (1 + l.cycleCnt * 8));
  }

  /** get_zone_io_cnt: the zone's (rops, wops, lwops) into `out`; false if all are 0. */
  private zoneIoCnt(unow: number, z: ZoneIo, out: number[], thread: IoThread | undefined): boolean {
    out[0] = this.zoneCnt(unow, z.rd);
    out[1] = this.zoneCnt(unow, z.wr);
    out[2] = this.zoneCnt(unow, z.lwr);
    if (this.probes.on(ZONE_IO_CNT)) this.probes.observer.zoneSdt(ZONE_IO_CNT, thread, z.id, out[0], out[1], out[2], 0, 0);
    return (out[0] | out[1] | out[2]) !== 0;
  }

  private readonly ops = [0, 0, 0];

  private sysAvgLat(unow: number, floorW: number, thread: IoThread | undefined): [number, number] {
    let r = this.avgLat(unow, this.rdLat, thread);
    let w = this.avgLat(unow, this.wrLat, thread);
    if (r === 0) r = 1000;
    if (w === 0) w = floorW;
    if (this.probes.on(ZONE_SYS_AVG_LAT)) this.probes.observer.zoneSdt(ZONE_SYS_AVG_LAT, thread, r, w, 0, 0, 0, 0);
    return [r, w];
  }

  /** zfs_zone_wait_adjust (2013). */
  private adjust2013(unow: number, lastChecked: number, thread: IoThread | undefined): void {
    const p = this.probes;
    let [avgR, avgW] = this.sysAvgLat(unow, 1000, thread);
    if (avgR > avgW * ZFS_ZONE.rwLatLimit) avgR = avgW * ZFS_ZONE.rwLatLimit;
    else if (avgR * ZFS_ZONE.rwLatLimit < avgW) avgW = avgR * ZFS_ZONE.rwLatLimit;
    let totUtil = 0;
    let totPri = 0;
    let active = 0;
    const ops = this.ops;
    for (const z of this.zones) {
      if (z.id === GLOBAL_ZONEID || !this.zoneIoCnt(unow, z, ops, thread)) continue;
      z.util = ops[0] * avgR + ops[1] * avgW + ops[2] * avgW;
      totUtil += z.util;
      if (z.util > 0) {
        active++;
        totPri += z.pri;
      }
      if (p.on(ZONE_UTILIZATION)) p.observer.zoneSdt(ZONE_UTILIZATION, thread, z.id, ops[0], ops[1], ops[2], z.util, z.pri);
    }
    const busy = this.diskBusyNs();
    const diskUtil = this.diskLastRtime === 0 || unow - lastChecked <= 0 ? 0 : Math.floor(((busy - this.diskLastRtime) * 100) / ((unow - lastChecked) * 1000));
    this.diskLastRtime = busy;
    const laggardDelta = unow > this.lastLaggard ? unow - this.lastLaggard : 0;
    const underutil = diskUtil < ZFS_ZONE.underutilThreshold || laggardDelta > ZFS_ZONE.laggardAncient;
    const overutil = diskUtil > ZFS_ZONE.utilThreshold && laggardDelta < ZFS_ZONE.laggardRecent;
    this.lastDiskUtil = diskUtil;
    this.lastActive = active;
    if (p.on(ZONE_STATS)) p.observer.zoneSdt(ZONE_STATS, thread, avgR, avgW, active, totUtil, totPri, diskUtil);
    for (const z of this.zones) {
      const old = z.delay;
      z.aboveAvg = false;
      let fair = 0;
      if (totPri > 0) fair = Math.floor((totUtil * z.pri) / totPri);
      else if (active > 0) fair = Math.floor(totUtil / active);
      if (z.util > fair && overutil) {
        z.aboveAvg = true;
        if (active > 1 && z.delay < ZFS_ZONE.delayCeiling) z.delay += ZFS_ZONE.delayStep;
      } else if (z.util < fair || underutil || active <= 1) {
        if (z.delay > 0) z.delay -= ZFS_ZONE.delayStep;
      }
      if (p.on(ZONE_THROTTLE)) p.observer.zoneSdt(ZONE_THROTTLE, thread, z.id, old, z.delay, fair, z.util, 0);
    }
  }

  /** zfs_zone_wait_adjust (2011): no priorities, no disk or laggard gating, util x 1000. */
  private adjust2011(unow: number, thread: IoThread | undefined): void {
    const p = this.probes;
    const [avgR, avgW] = this.sysAvgLat(unow, 10, thread);
    let totUtil = 0;
    let active = 0;
    const ops = this.ops;
    for (const z of this.zones) {
      if (z.id === GLOBAL_ZONEID || !this.zoneIoCnt(unow, z, ops, thread)) {
        z.util = 0;
        continue;
      }
      z.util = (ops[0] * avgR + ops[1] * avgW + ops[2] * avgW) * 1000;
      totUtil += z.util;
      if (z.util > 0) active++;
      if (p.on(ZONE_UTILIZATION)) p.observer.zoneSdt(ZONE_UTILIZATION, thread, z.id, ops[0], ops[1], ops[2], z.util, 0);
    }
    const avgUtil = active > 0 ? Math.floor(totUtil / active) : 0;
    this.lastActive = active;
    if (p.on(ZONE_STATS)) p.observer.zoneSdt(ZONE_STATS, thread, avgR, avgW, active, avgUtil, 0, 0);
    for (const z of this.zones) {
      let delay = z.delay;
      z.aboveAvg = false;
      if (z.util > avgUtil) {
        z.aboveAvg = true;
        if (delay < ZFS_ZONE.delayCeiling && active > 1) delay = Math.min(delay + ZFS_ZONE.delayStep, ZFS_ZONE.delayCeiling);
      } else if (z.util < avgUtil || active <= 1) {
        delay = Math.max(delay - ZFS_ZONE.delayStep, 0);
      }
      if (p.on(ZONE_THROTTLE)) p.observer.zoneSdt(ZONE_THROTTLE, thread, z.id, z.delay, delay, 0, 0, 0);
      z.delay = delay;
    }
  }
}
