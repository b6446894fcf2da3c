// Shared fixtures for the heatmap unit tests: cells JSON shaped like GET …/heatmap/cells,
// and a fake 2D context that records draw calls (canvas tests snapshot calls, not pixels).

import { Rng } from '../../../src/sim/rng';
import type { CellsJson } from '../../../src/ui/heatmap/frame';

/** A deterministic pseudo-random stream in [0, 1): the simulator's own seeded Rng. */
export function rng(seed: number): () => number {
  const g = new Rng(`ui-test/${seed}`);
  return () => g.float();
}

/** cells JSON of ncolumns x nbuckets with `nkeys` keys; fill(c, b, k) gives key k's count in a cell. */
export function cellsJson(o: { ncolumns: number; nbuckets: number; nkeys: number; ymax?: number; fill: (c: number, b: number, k: number) => number; minreporting?: number; nsources?: number }): CellsJson {
  const { ncolumns, nbuckets, nkeys } = o;
  const ymax = o.ymax ?? 1e7;
  const names = Array.from({ length: nkeys }, (_, k) => `zone${String(k).padStart(2, '0')}`);
  const keys: Record<string, { i: number[]; n: number[] }> = {};
  const total = new Float64Array(ncolumns * nbuckets);
  names.forEach((name, k) => {
    const s = { i: [] as number[], n: [] as number[] };
    for (let c = 0; c < ncolumns; c++) {
      for (let b = 0; b < nbuckets; b++) {
        const v = o.fill(c, b, k);
        if (v === 0) continue;
        s.i.push(c * nbuckets + b);
        s.n.push(v);
        total[c * nbuckets + b]! += v;
      }
    }
    keys[name] = s;
  });
  const t = { i: [] as number[], n: [] as number[] };
  total.forEach((v, i) => {
    if (v !== 0) {
      t.i.push(i);
      t.n.push(v);
    }
  });
  return {
    nbuckets,
    ncolumns,
    granularity: 1,
    ymin: 0,
    ymax,
    scale: 'linear',
    weights: 'count',
    bounds: Array.from({ length: nbuckets + 1 }, (_, b) => (b * ymax) / nbuckets),
    present: names.filter((n) => keys[n]!.i.length > 0),
    total: t,
    keys,
    start_time: 1313366400,
    duration: ncolumns,
    nsources: o.nsources ?? 2,
    minreporting: o.minreporting ?? o.nsources ?? 2,
  };
}

export interface Call {
  readonly op: string;
  readonly args: readonly unknown[];
  readonly fillStyle?: string;
}

/** A 2D context that records every call (and the fill style at each fill). */
export function fakeContext(): { ctx: import('../../../src/ui/heatmap/layout').Ctx2D; calls: Call[] } {
  const calls: Call[] = [];
  const state = { fillStyle: '#000000' as unknown, strokeStyle: '#000000' as unknown, lineWidth: 1, globalAlpha: 1 };
  const rec =
    (op: string) =>
    (...args: unknown[]) => {
      calls.push(op === 'fill' || op === 'fillRect' ? { op, args, fillStyle: String(state.fillStyle) } : { op, args });
    };
  const ctx = {
    get fillStyle() {
      return state.fillStyle as string;
    },
    set fillStyle(v: string) {
      state.fillStyle = v;
    },
    get strokeStyle() {
      return state.strokeStyle as string;
    },
    set strokeStyle(v: string) {
      state.strokeStyle = v;
    },
    lineWidth: 1,
    globalAlpha: 1,
    beginPath: rec('beginPath'),
    rect: rec('rect'),
    fill: rec('fill'),
    stroke: rec('stroke'),
    moveTo: rec('moveTo'),
    lineTo: rec('lineTo'),
    closePath: rec('closePath'),
    clearRect: rec('clearRect'),
    fillRect: rec('fillRect'),
    setLineDash: rec('setLineDash'),
  };
  return { ctx: ctx as unknown as import('../../../src/ui/heatmap/layout').Ctx2D, calls };
}
