// The discrete-event core of the simulator: simulated time in nanoseconds and a queue of
// callbacks ordered by (time, scheduling order). Equal times run in the order they were
// scheduled, so a run is deterministic. Runs anywhere (worker, Node, tests).

export type EventFn = () => void;

/** What every simulated component sees of time. */
export interface Scheduler {
  /** Simulated time now, in ns since the node booted. */
  readonly now: number;
  /** Runs fn at absolute time t (clamped to now if in the past). */
  at(t: number, fn: EventFn): void;
  /** Runs fn dt ns from now. */
  after(dt: number, fn: EventFn): void;
  /** Like at(), but the event can be cancelled (a timeout that may become moot). */
  timer(t: number, fn: EventFn): Timer;
}

export interface Timer {
  cancel(): void;
}

/**
 * A binary min-heap of events. Times and sequence numbers live in parallel typed arrays
 * so that the hot path (push/pop millions of events a second) allocates nothing once
 * the arrays have grown.
 */
export class EventQueue implements Scheduler {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private fns: (EventFn | undefined)[] = new Array(1024);
  private size = 0;
  private nextSeq = 1;
  private current = 0;
  /** Events run so far (for --stats). */
  processed = 0;

  get now(): number {
    return this.current;
  }

  /** Events waiting to run (cancelled timers included until their time comes). */
  get pending(): number {
    return this.size;
  }

  /** Time of the next event, or Infinity if none. */
  peekTime(): number {
    return this.size > 0 ? this.times[0] : Infinity;
  }

  at(t: number, fn: EventFn): void {
    const time = t < this.current ? this.current : t;
    const seq = this.nextSeq++;
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    // Sift up.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.times[p] < time || (this.times[p] === time && this.seqs[p] < seq)) break;
      this.times[i] = this.times[p];
      this.seqs[i] = this.seqs[p];
      this.fns[i] = this.fns[p];
      i = p;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.fns[i] = fn;
  }

  after(dt: number, fn: EventFn): void {
    this.at(this.current + dt, fn);
  }

  timer(t: number, fn: EventFn): Timer {
    // A flag checked when the event comes due: cancelling costs nothing and never leaks.
    const timer = { dead: false, cancel: () => (timer.dead = true) };
    this.at(t, () => {
      if (!timer.dead) fn();
    });
    return timer;
  }

  /**
   * Runs every event with time <= until, in order, advancing `now` to each event's time
   * and finally to `until`. Returns the number of events run. `stop` is checked after
   * each event so a caller can end early (e.g. when a D consumer called exit()).
   */
  runUntil(until: number, stop?: () => boolean): number {
    let n = 0;
    for (;;) {
      if (this.size === 0 || this.times[0] > until) break;
      const fn = this.popHead();
      fn();
      n++;
      if (stop !== undefined && stop()) {
        this.processed += n;
        return n;
      }
    }
    if (until > this.current && until !== Infinity) this.current = until;
    this.processed += n;
    return n;
  }

  private popHead(): EventFn {
    const fn = this.fns[0] as EventFn;
    this.current = this.times[0];
    this.removeHead();
    return fn;
  }

  private removeHead(): void {
    const last = --this.size;
    const t = this.times[last];
    const s = this.seqs[last];
    const f = this.fns[last];
    this.fns[last] = undefined;
    if (last === 0) return;
    let i = 0;
    // Sift down.
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last && (this.times[r] < this.times[c] || (this.times[r] === this.times[c] && this.seqs[r] < this.seqs[c]))) c = r;
      if (t < this.times[c] || (t === this.times[c] && s < this.seqs[c])) break;
      this.times[i] = this.times[c];
      this.seqs[i] = this.seqs[c];
      this.fns[i] = this.fns[c];
      i = c;
    }
    this.times[i] = t;
    this.seqs[i] = s;
    this.fns[i] = f;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n);
    t.set(this.times);
    const s = new Float64Array(n);
    s.set(this.seqs);
    this.times = t;
    this.seqs = s;
    this.fns.length = n;
  }
}
