// The real clock of whatever runs the engine (a Web Worker, a worker_thread, Node's main
// thread), for pacing shards: milliseconds since the Unix epoch from the high-resolution
// timer (performance.timeOrigin + now(), the same base in every thread, so shards in
// different threads share one start), and timers from the global scope. The pure core
// has no DOM or Node types, so the globals are looked up structurally here, once.

import type { StopControl, WallClock } from './node';

interface HostGlobals {
  readonly performance: { readonly timeOrigin: number; now(): number };
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
  readonly setImmediate?: (f: () => void) => unknown;
}

export function hostWallClock(): WallClock {
  const g = globalThis as unknown as HostGlobals;
  const perf = g.performance;
  return {
    now: () => perf.timeOrigin + perf.now(),
    sleep: (ms: number, stop: StopControl) =>
      new Promise<void>((resolve) => {
        if (stop.count > 0) return resolve();
        // A zero sleep is a turn for the host's messages: setImmediate where there is one
        // (setTimeout(0) costs a millisecond or more).
        if (ms <= 0 && g.setImmediate !== undefined) {
          g.setImmediate(() => resolve());
          return;
        }
        const off = stop.subscribe(() => {
          g.clearTimeout(t);
          off();
          resolve();
        });
        const t = g.setTimeout(() => {
          off();
          resolve();
        }, Math.max(0, ms));
      }),
  };
}
