// Simulated time for a traced node: a nanosecond clock and the queue of events due on it.
// Pure TypeScript (runs in the CLI, in workers and in tests). Order is deterministic:
// events at the same instant run by ascending key (the host encodes probe id and CPU in
// it), then in the order they were scheduled.

export interface SimEvent {
  /** Simulated time it is due, in ns since the node booted. */
  time: number;
  /** Tie-break within one instant: lower first. */
  key: number;
  /** Insertion order, set by the queue. */
  seq: number;
}

/** A binary min-heap of events ordered by (time, key, seq). Events are reused, not copied. */
export class EventQueue<E extends SimEvent> {
  private readonly heap: E[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  peek(): E | undefined {
    return this.heap[0];
  }

  push(e: E): void {
    e.seq = this.nextSeq++;
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  pop(): E | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.key !== b.key) return a.key < b.key;
  return a.seq < b.seq;
}

export const NANOSEC = 1_000_000_000;

/** 2011-08-15T00:00:00Z in ns since the Unix epoch: walltimestamp's origin when nothing else sets it. */
export const DEFAULT_EPOCH_NS = BigInt(Date.UTC(2011, 7, 15)) * 1_000_000n;

/** `base + ns` as a DInt: a number while it is a safe integer, else a bigint. */
export function addNs(base: bigint, ns: number): number | bigint {
  const v = base + BigInt(ns);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}
