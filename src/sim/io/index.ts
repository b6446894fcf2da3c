// A node's I/O layer as the rest of the simulator sees it: `createIoPort` builds the ZFS
// stack (zfs.ts) for one node and serves the IoPort (src/sim/ioport.ts) on it. A call
// runs on the caller's CPU in three steps: the throttle's busy-wait (kernel.spin), the
// kernel's work for the call (kernel.spin again), then either completion or sleep until
// the disks answer. Probes go to the node's ProbePort: the flags are the node's own, and
// a sink that also implements IoProbeSink receives the full io/sdt arguments.
// Pure TypeScript, runs in the simulator.

import type { IoCompletion, IoHost, IoKernel, IoPort, SimFile } from '../ioport';
import type { Continuation, Thread } from '../proc';
import { P_ARC_HIT, P_ARC_MISS, P_IO_DONE, P_IO_START, P_IO_WAIT_DONE, P_IO_WAIT_START, SIM_PROBES, type ProbePort, type ProbeSink } from '../probes';
import type { ArcBuf } from './arc';
import {
  ARC_HIT,
  ARC_MISS,
  IO_DONE,
  IO_EVENT_COUNT,
  IO_START,
  IO_WAIT_DONE,
  IO_WAIT_START,
  ZONE_SDT_NAMES,
  ZVOL_UIO_DONE,
  ZVOL_UIO_START,
  type BufInfo,
  type DevInfo,
  type FileInfo,
  type IoObserver,
} from './observer';
import type { ThrottleMode } from './throttle';
import { FileHandle, IoRequest, OP_FSYNC, OP_READ, OP_WRITE, ZfsIo, type ZfsOptions } from './zfs';
import type { IoThread, Zio } from './zio';

export { Arc, arcSizes } from './arc';
export { Disk, HDD_7200, PoolLayout, SSD_SATA } from './disk';
export * from './observer';
export { ZoneThrottle, type ThrottleMode } from './throttle';
export { FileHandle, IoRequest, OP_FSYNC, OP_READ, OP_WRITE, ZfsIo, type ZfsOptions } from './zfs';

/**
 * What a probe sink may implement beyond ProbeSink.fire to get the arguments io:::* and
 * the sdt:zfs:: probes carry (fire() alone gets the first scalar argument as `arg`).
 */
export interface IoProbeSink extends ProbeSink {
  fireIo?(probe: number, cur: Thread | undefined, cpu: number, buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio): void;
  fireArc?(probe: number, cur: Thread | undefined, cpu: number, hdr: ArcBuf): void;
  fireSdt?(probe: number, cur: Thread | undefined, cpu: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void;
}

/** The IoPort of one node, with the ZFS stack behind it exposed for kstats and controls. */
export class ZfsIoPort implements IoPort {
  readonly zfs: ZfsIo;
  private readonly kernel: IoKernel;
  private readonly handles = new Map<number, FileHandle>();
  private readonly afterSpin: Continuation = (t) => this.work(t);
  private readonly afterWork: Continuation = (t) => this.finishOrSleep(t);

  constructor(host: IoHost, opts: Partial<ZfsOptions> = {}) {
    this.kernel = host.kernel;
    this.zfs = new ZfsIo(host.sched, {
      ramBytes: host.ramGiB * 1024 ** 3,
      pool: host.pool,
      throttle: host.throttle,
      ...opts,
    });
    for (const z of host.zones) this.zfs.addZone(z.id, z.zfsIoPriority);
    bindProbes(this.zfs, host.probes);
  }

  /** PUT /ca/admin/throttle. */
  setThrottle(mode: ThrottleMode): void {
    this.zfs.throttle.mode = mode;
  }

  read(t: Thread, file: SimFile, offset: number, size: number, done: IoCompletion): void {
    const n = Math.max(0, Math.min(size, file.sizeBytes - offset));
    this.start(t, file, OP_READ, offset, n, done, false);
  }

  write(t: Thread, file: SimFile, offset: number, size: number, done: IoCompletion, sync = false): void {
    this.start(t, file, OP_WRITE, offset, size, done, sync);
  }

  fsync(t: Thread, file: SimFile, done: IoCompletion): void {
    this.start(t, file, OP_FSYNC, 0, 0, done, false);
  }

  private handle(file: SimFile): FileHandle {
    let h = this.handles.get(file.id);
    if (h === undefined) {
      h = this.zfs.openFile(file.zone.id, file.path, { zvol: file.zone.brand === 'kvm' });
      this.handles.set(file.id, h);
    }
    return h;
  }

  private start(t: Thread, file: SimFile, op: number, offset: number, size: number, done: IoCompletion, sync: boolean): void {
    let req = t.io;
    if (!(req instanceof PortRequest)) t.io = req = new PortRequest(t, this);
    const r = req as PortRequest;
    r.op = op;
    r.file = this.handle(file);
    r.offset = offset;
    r.size = size;
    r.sync = sync;
    r.completion = done;
    r.asleep = false;
    r.finished = false;
    this.zfs.throttle.zone(file.zone.id).pri = file.zone.zfsIoPriority;
    const spinUs = this.zfs.begin(r);
    this.kernel.spin(t, spinUs * 1000, this.afterSpin);
  }

  private work(t: Thread): void {
    const r = t.io as PortRequest;
    r.finished = this.zfs.issue(r);
    this.kernel.spin(t, r.cpuNs, this.afterWork);
  }

  private finishOrSleep(t: Thread): void {
    const r = t.io as PortRequest;
    if (r.finished) this.complete(r);
    else r.asleep = true;
  }

  /** The request's I/O is done (a disk interrupt or a TXG sync). */
  ioFinished(r: PortRequest): void {
    r.finished = true;
    if (r.asleep) this.complete(r);
  }

  private complete(r: PortRequest): void {
    r.asleep = false;
    this.zfs.end(r);
    r.completion.complete(r.owner, r.op === OP_FSYNC ? 0 : r.size, 0);
  }
}

/** A thread's request, kept in thread.io between calls. */
class PortRequest extends IoRequest {
  completion: IoCompletion = { complete() {} };
  asleep = false;
  finished = false;

  constructor(
    readonly owner: Thread,
    port: ZfsIoPort,
  ) {
    super();
    this.thread = owner;
    this.onDone = () => port.ioFinished(this);
  }
}

/** Wires the I/O events to the node's probes: same flags, the sink as observer. */
function bindProbes(zfs: ZfsIo, port: ProbePort): void {
  const ids = new Array<number>(IO_EVENT_COUNT).fill(-1);
  ids[IO_START] = P_IO_START;
  ids[IO_DONE] = P_IO_DONE;
  ids[IO_WAIT_START] = P_IO_WAIT_START;
  ids[IO_WAIT_DONE] = P_IO_WAIT_DONE;
  ids[ARC_HIT] = P_ARC_HIT;
  ids[ARC_MISS] = P_ARC_MISS;
  const sdt = (name: string): number => SIM_PROBES.findIndex((p) => p.provider === 'sdt' && p.name === name);
  ids[ZVOL_UIO_START] = sdt('zvol-uio-start');
  ids[ZVOL_UIO_DONE] = sdt('zvol-uio-done');
  for (const [e, name] of Object.entries(ZONE_SDT_NAMES)) ids[Number(e)] = sdt(name);
  const cur = (th: IoThread | undefined): Thread | undefined => th as Thread | undefined;
  const cpu = (th: IoThread | undefined): number => (th === undefined ? 0 : (th as Thread).cpu);
  const io = (e: number) => (buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio, th: IoThread | undefined): void => {
    const s = port.sink as IoProbeSink;
    if (s.fireIo !== undefined) s.fireIo(ids[e], cur(th), cpu(th), buf, dev, file, zio);
    else s.fire(ids[e], cur(th), cpu(th), undefined, zio.id);
  };
  const arc = (e: number) => (hdr: ArcBuf, _zone: number, th: IoThread | undefined): void => {
    const s = port.sink as IoProbeSink;
    if (s.fireArc !== undefined) s.fireArc(ids[e], cur(th), cpu(th), hdr);
    else s.fire(ids[e], cur(th), cpu(th), undefined, hdr.key);
  };
  const sdtFire = (id: number, th: IoThread | undefined, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void => {
    const s = port.sink as IoProbeSink;
    if (s.fireSdt !== undefined) s.fireSdt(id, cur(th), cpu(th), a0, a1, a2, a3, a4, a5);
    else s.fire(id, cur(th), cpu(th), undefined, a0);
  };
  const observer: IoObserver = {
    ioStart: io(IO_START),
    ioDone: io(IO_DONE),
    ioWaitStart: io(IO_WAIT_START),
    ioWaitDone: io(IO_WAIT_DONE),
    arcHit: arc(ARC_HIT),
    arcMiss: arc(ARC_MISS),
    zvolUioStart: (minor, _off, _size, rw, _zone, th) => sdtFire(ids[ZVOL_UIO_START], th, minor, 0, rw, 0, 0, 0),
    zvolUioDone: (minor, _off, _size, rw, err, _zone, th) => sdtFire(ids[ZVOL_UIO_DONE], th, minor, 0, rw, err, 0, 0),
    zoneSdt: (e, th, a0, a1, a2, a3, a4, a5) => sdtFire(ids[e], th, a0, a1, a2, a3, a4, a5),
  };
  zfs.probes.bind(port.enabled, ids, observer);
}

/** The IoPortFactory for a node. */
export function createIoPort(host: IoHost): ZfsIoPort {
  return new ZfsIoPort(host);
}
