// The ARC: one block cache shared by every zone of a node, sized from RAM as arc.c does
// (arc_c_max = max(3/4 RAM, RAM - 1 GB), arc_c_min = max(RAM/32, 64 MB)). It is the real
// adaptive replacement cache: an MRU list (blocks seen once), an MFU list (seen again
// more than ARC_MINTIME later), ghost lists remembering what each evicted, and arc_p,
// the MRU's target share of c, moved by ghost hits (a hit in the MRU ghost grows p, one
// in the MFU ghost shrinks it). A one-pass scan therefore washes through the MRU only;
// a zone re-reading a working set bigger than the ARC keeps landing ghost hits, which
// promote its blocks into the MFU and evict other zones' data. Buffers being read from
// disk are in the MRU but cannot be evicted. Hits and misses are counted per zone.
// Pure TypeScript, runs in the simulator.

export const ARC_ANON = 0;
export const ARC_MRU = 1;
export const ARC_MFU = 2;
export const ARC_MRU_GHOST = 3;
export const ARC_MFU_GHOST = 4;

/** ARC_MINTIME: hz >> 4 ticks at hz = 100. */
const ARC_MINTIME_NS = 60_000_000;
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Someone waiting for a buffer being read from disk. */
export interface ArcWaiter {
  arcReady(buf: ArcBuf): void;
}

/** An arc_buf_hdr_t: one block, resident or remembered by a ghost list. */
export class ArcBuf {
  key = 0;
  fileId = 0;
  block = 0;
  size = 0;
  state = ARC_ANON;
  /** The zone that brought the block in. */
  zoneId = 0;
  /** b_arc_access, ns. */
  access = 0;
  ioInProgress = false;
  readonly waiters: ArcWaiter[] = [];
  prev: ArcBuf | undefined = undefined;
  next: ArcBuf | undefined = undefined;
}

/** An LRU list: head is the most recently used. */
class ArcList {
  head: ArcBuf | undefined = undefined;
  tail: ArcBuf | undefined = undefined;
  bytes = 0;
  count = 0;

  constructor(readonly state: number) {}

  pushHead(b: ArcBuf): void {
    b.state = this.state;
    b.prev = undefined;
    b.next = this.head;
    if (this.head !== undefined) this.head.prev = b;
    else this.tail = b;
    this.head = b;
    this.bytes += b.size;
    this.count++;
  }

  remove(b: ArcBuf): void {
    if (b.prev !== undefined) b.prev.next = b.next;
    else this.head = b.next;
    if (b.next !== undefined) b.next.prev = b.prev;
    else this.tail = b.prev;
    b.prev = b.next = undefined;
    this.bytes -= b.size;
    this.count--;
  }
}

export interface ArcOptions {
  /** Overrides arc_c_max (tests use small caches). */
  readonly maxBytes?: number;
  readonly minBytes?: number;
}

export function arcSizes(ramBytes: number): { cMax: number; cMin: number } {
  return {
    cMax: Math.max(Math.floor((ramBytes * 3) / 4), ramBytes - GiB),
    cMin: Math.max(Math.floor(ramBytes / 32), 64 * MiB),
  };
}

export class Arc {
  readonly cMax: number;
  readonly cMin: number;
  /** Target size. */
  c: number;
  /** Target size of the MRU. */
  p: number;
  readonly mru = new ArcList(ARC_MRU);
  readonly mfu = new ArcList(ARC_MFU);
  readonly mruGhost = new ArcList(ARC_MRU_GHOST);
  readonly mfuGhost = new ArcList(ARC_MFU_GHOST);
  hits = 0;
  misses = 0;
  evictedBytes = 0;
  /** Per zone id: hits, misses, resident bytes brought in by the zone. */
  readonly zoneHits: number[] = [];
  readonly zoneMisses: number[] = [];
  readonly zoneBytes: number[] = [];

  /** The hash table, one map per file keyed by block number (small integers hash fast). */
  private readonly files: (Map<number, ArcBuf> | undefined)[] = [];
  private readonly free: ArcBuf[] = [];

  constructor(ramBytes: number, opts: ArcOptions = {}) {
    const s = arcSizes(ramBytes);
    this.cMax = opts.maxBytes ?? s.cMax;
    this.cMin = Math.min(opts.minBytes ?? s.cMin, this.cMax);
    this.c = this.cMax;
    this.p = Math.floor(this.c / 2);
  }

  static key(fileId: number, block: number): number {
    return fileId * 4294967296 + block;
  }

  /** Resident bytes (MRU + MFU, in-flight reads included). */
  get size(): number {
    return this.mru.bytes + this.mfu.bytes;
  }

  private lookup(fileId: number, block: number): ArcBuf | undefined {
    const m = this.files[fileId];
    return m === undefined ? undefined : m.get(block);
  }

  /** The resident (or in-flight) buffer for a block, or undefined (absent or only a ghost). */
  find(fileId: number, block: number): ArcBuf | undefined {
    const b = this.lookup(fileId, block);
    return b !== undefined && (b.state === ARC_MRU || b.state === ARC_MFU) ? b : undefined;
  }

  /** A hit by `zoneId` (arc_access on a resident buffer). */
  hit(b: ArcBuf, zoneId: number, now: number): void {
    this.hits++;
    this.bump(this.zoneHits, zoneId, 1);
    if (b.ioInProgress) return;
    if (b.state === ARC_MRU) {
      this.mru.remove(b);
      if (now > b.access + ARC_MINTIME_NS) {
        b.access = now;
        this.mfu.pushHead(b);
      } else this.mru.pushHead(b);
    } else {
      this.mfu.remove(b);
      b.access = now;
      this.mfu.pushHead(b);
    }
  }

  /**
   * A miss by `zoneId`: makes the block resident and in flight (the caller reads it and
   * calls `filled`), adapting p on a ghost hit and evicting to stay within c.
   */
  miss(fileId: number, block: number, size: number, zoneId: number, now: number): ArcBuf {
    this.misses++;
    this.bump(this.zoneMisses, zoneId, 1);
    return this.admit(fileId, block, size, zoneId, now, true);
  }

  private admit(fileId: number, block: number, size: number, zoneId: number, now: number, inFlight: boolean): ArcBuf {
    let b = this.lookup(fileId, block);
    let target = this.mru;
    if (b !== undefined) {
      const ghost = b.state === ARC_MRU_GHOST ? this.mruGhost : this.mfuGhost;
      this.adapt(size, b.state);
      ghost.remove(b);
      target = this.mfu;
    } else {
      b = this.free.pop() ?? new ArcBuf();
      b.key = Arc.key(fileId, block);
      b.fileId = fileId;
      b.block = block;
      let m = this.files[fileId];
      if (m === undefined) {
        while (this.files.length <= fileId) this.files.push(undefined);
        this.files[fileId] = m = new Map();
      }
      m.set(block, b);
    }
    b.size = size;
    b.zoneId = zoneId;
    b.access = now;
    b.ioInProgress = inFlight;
    target.pushHead(b);
    this.bump(this.zoneBytes, zoneId, size);
    this.adjust();
    return b;
  }

  /** The disk read for `b` completed: it becomes evictable and its waiters run. */
  filled(b: ArcBuf): void {
    b.ioInProgress = false;
    const w = b.waiters;
    for (let i = 0; i < w.length; i++) w[i].arcReady(b);
    w.length = 0;
  }

  /** Data written by `zoneId` is now cached (a dirtied buffer stays in the ARC). */
  written(fileId: number, block: number, size: number, zoneId: number, now: number): void {
    const b = this.lookup(fileId, block);
    if (b !== undefined && (b.state === ARC_MRU || b.state === ARC_MFU)) {
      if (!b.ioInProgress) {
        const list = b.state === ARC_MRU ? this.mru : this.mfu;
        list.remove(b);
        list.pushHead(b);
      }
      return;
    }
    this.admit(fileId, block, size, zoneId, now, false);
  }

  /** Hit ratio of one zone so far (NaN if it has not read). */
  zoneHitRatio(zoneId: number): number {
    const h = this.zoneHits[zoneId] ?? 0;
    const m = this.zoneMisses[zoneId] ?? 0;
    return h / (h + m);
  }

  /** Shrinks or grows the target (memory pressure), within [cMin, cMax]. */
  setTarget(bytes: number): void {
    this.c = Math.max(this.cMin, Math.min(this.cMax, bytes));
    if (this.p > this.c) this.p = this.c;
    this.adjust();
  }

  private bump(a: number[], i: number, v: number): void {
    while (a.length <= i) a.push(0);
    a[i] += v;
  }

  /** arc_adapt: a ghost hit moves p toward the list that would have kept the block. */
  private adapt(bytes: number, ghostState: number): void {
    const pMin = Math.floor(this.c / 16);
    const mg = this.mruGhost.bytes;
    const fg = this.mfuGhost.bytes;
    if (ghostState === ARC_MRU_GHOST) {
      const mult = Math.min(10, mg >= fg ? 1 : Math.floor(fg / mg));
      this.p = Math.min(this.c - pMin, this.p + bytes * mult);
    } else {
      const mult = Math.min(10, fg >= mg ? 1 : Math.floor(mg / fg));
      this.p = Math.max(pMin, this.p - Math.min(bytes * mult, this.p));
    }
  }

  /** arc_adjust: evict data down to c (MRU first while it is over p), then trim the ghosts. */
  private adjust(): void {
    let over = this.size - this.c;
    if (over > 0) {
      const mruOver = this.mru.bytes - this.p;
      if (mruOver > 0) over -= this.evict(this.mru, this.mruGhost, Math.min(over, mruOver));
      if (over > 0) over -= this.evict(this.mfu, this.mfuGhost, over);
      if (over > 0) this.evict(this.mru, this.mruGhost, over);
    }
    let g = this.mru.bytes + this.mruGhost.bytes - this.c;
    if (g > 0) this.dropGhosts(this.mruGhost, g);
    g = this.mruGhost.bytes + this.mfuGhost.bytes - this.c;
    if (g > 0) this.dropGhosts(this.mfuGhost, g);
  }

  private evict(from: ArcList, to: ArcList, bytes: number): number {
    let freed = 0;
    let b = from.tail;
    while (b !== undefined && freed < bytes) {
      const prev = b.prev;
      if (!b.ioInProgress) {
        from.remove(b);
        this.zoneBytes[b.zoneId] -= b.size;
        freed += b.size;
        to.pushHead(b);
      }
      b = prev;
    }
    this.evictedBytes += freed;
    return freed;
  }

  private dropGhosts(list: ArcList, bytes: number): void {
    let dropped = 0;
    while (dropped < bytes && list.tail !== undefined) {
      const b = list.tail;
      list.remove(b);
      dropped += b.size;
      (this.files[b.fileId] as Map<number, ArcBuf>).delete(b.block);
      b.state = ARC_ANON;
      this.free.push(b);
    }
  }
}
