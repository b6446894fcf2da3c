// Synthetic heatmap data for the ui-heatmap bench, shared by the bench page (drawing,
// first pixels) and the bench's HTTP server (the live run's API answers, so building them
// costs the page nothing). Pure TS; bundled for Node by the bench runner.
import { NO_KEY, type CellsJson } from '../../../src/ui/heatmap/frame';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A latency-like window: key k's counts follow a bell around its own bucket (10 + 8k, so
 * neighbours overlap), with noise; `worst` gives every key a random count in every cell
 * (every cell a blend of ten hues).
 */
export function cellsOf(o: { ncolumns: number; nbuckets: number; nkeys: number; seed: number; start: number; worst?: boolean }): CellsJson {
  const r = rng(o.seed);
  const { ncolumns, nbuckets, nkeys } = o;
  const ymax = 1e7;
  const keys: Record<string, { i: number[]; n: number[] }> = {};
  const total = new Float64Array(ncolumns * nbuckets);
  const names: string[] = [];
  for (let k = 0; k < nkeys; k++) {
    const name = `zone${String(k).padStart(2, '0')}`;
    names.push(name);
    const s = { i: [] as number[], n: [] as number[] };
    const centre = 10 + 8 * k;
    for (let c = 0; c < ncolumns; c++) {
      for (let b = 0; b < nbuckets; b++) {
        const d = (b - centre) / 14;
        const v = o.worst === true ? Math.floor(r() * 50) : Math.round(300 * Math.exp(-d * d) * r() * 1000) / 1000;
        if (v < 0.001) continue;
        s.i.push(c * nbuckets + b);
        s.n.push(v);
        total[c * nbuckets + b]! += v;
      }
    }
    keys[name] = s;
  }
  const t = { i: [] as number[], n: [] as number[] };
  total.forEach((v, i) => {
    if (v !== 0) {
      t.i.push(i);
      t.n.push(Math.round(v * 1000) / 1000);
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
    present: names,
    total: t,
    keys,
    start_time: o.start,
    duration: ncolumns,
    nsources: 4,
    minreporting: 4,
  };
}

export /** The keys of heatmap i's selection in the live bench: half select three keys, half none. */
function selectionOf(i: number): string[] {
  return i % 2 === 0 ? ['zone01', 'zone04', 'zone07'] : [];
}

/** Pre-generated answers (without start_time) of one heatmap's cells route for one `selected` parameter. */
export function answerPool(h: number, selected: string | null): string[] {
  const pool: string[] = [];
  for (let v = 0; v < 6; v++) {
    const { start_time: _s, ...rest } = cellsOf({ ncolumns: 60, nbuckets: 100, nkeys: 10, seed: 100 * h + v, start: 0 });
    if (selected !== null) rest.keys = Object.fromEntries(selected.split(',').map((key) => [key, rest.keys[key] ?? { i: [], n: [] }]));
    pool.push(JSON.stringify(rest).slice(1));
  }
  return pool;
}

/** The `selected` parameter heatmap h of the live run sends. */
export function selectedParam(h: number): string {
  const s = selectionOf(h);
  return s.length > 0 ? s.join(',') : NO_KEY;
}

/** What GET /ca/instrumentations/:id answers in the bench. */
export const INSTN_INFO = JSON.stringify({ granularity: 1, 'retention-time': 600, nsources: 4, predicate: {}, decomposition: ['zonename', 'latency'] });
