// Line and stacked-area graphs of scalar and discrete instrumentations (browser main
// thread; pure TS, painting through the Ctx2D subset so tests record draw calls). A scalar
// is one line; a discrete decomposition is stacked areas of its nine largest keys plus
// "other" (Fishbulb's legend showed the top nine). Unknown points break the line; columns
// where not every node reported are hatched, as on the heatmaps.

import { scaleLinear, type ScaleLinear } from 'd3';
import { formatInterval, formatValue, type Unit } from '../heatmap/axes';
import type { Ctx2D } from '../heatmap/layout';
import { css, keyHue, REST_HUE, STEPS, stepColor } from '../heatmap/palette';
import type { SeriesFrame } from './series';

export const TOP_KEYS = 9;
export const OTHER = 'other';

export interface Stacked {
  readonly keys: readonly string[];
  readonly colors: readonly string[];
  /** Per layer, the running sum up to and including it (NaN where unknown). */
  readonly tops: readonly Float64Array[];
  readonly max: number;
}

/** The layers drawn: the scalar, or the top keys plus the rest summed as "other", stacked. */
export function stack(f: SeriesFrame): Stacked {
  if (f.scalar) {
    const v = f.values[0] ?? new Float64Array(f.ncolumns).fill(NaN);
    let max = 0;
    for (const x of v) if (Number.isFinite(x)) max = Math.max(max, x);
    return { keys: [''], colors: [css(stepColor(REST_HUE, STEPS))], tops: [v], max };
  }
  const top = f.keys.slice(0, TOP_KEYS);
  const layers: Float64Array[] = top.map((_, i) => f.values[i]!);
  const keys = [...top];
  if (f.keys.length > TOP_KEYS) {
    const other = new Float64Array(f.ncolumns);
    for (let i = TOP_KEYS; i < f.keys.length; i++) for (let c = 0; c < f.ncolumns; c++) other[c]! += f.values[i]![c]!;
    layers.push(other);
    keys.push(OTHER);
  }
  const tops: Float64Array[] = [];
  let max = 0;
  let below = new Float64Array(f.ncolumns);
  for (const l of layers) {
    const t = new Float64Array(f.ncolumns);
    for (let c = 0; c < f.ncolumns; c++) {
      t[c] = below[c]! + l[c]!;
      if (Number.isFinite(t[c]!)) max = Math.max(max, t[c]!);
    }
    tops.push(t);
    below = t;
  }
  // CA's hues repeat every four keys (+91 degrees mod 360): later rounds are paler to tell them apart.
  const colors = keys.map((k, i) => (k === OTHER ? '#9ca3af' : css(stepColor(keyHue(i), STEPS - 4 * (Math.floor(i / 4) % 3)))));
  return { keys, colors, tops, max };
}

export function yScaleFor(s: Stacked, height: number): ScaleLinear<number, number> {
  return scaleLinear()
    .domain([0, s.max > 0 ? s.max : 1])
    .nice()
    .range([height, 0]);
}

const xOf = (c: number, n: number, width: number): number => ((c + 0.5) * width) / n;

/** Paints the graph; returns the number of paths filled or stroked. */
export function paintGraph(ctx: Ctx2D, f: SeriesFrame, s: Stacked, width: number, height: number): number {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const y = yScaleFor(s, height);
  const n = f.ncolumns;
  let paths = 0;
  if (f.scalar) {
    ctx.strokeStyle = s.colors[0]!;
    ctx.lineWidth = 2;
    ctx.setLineDash([]);
    ctx.beginPath();
    let pen = false;
    for (let c = 0; c < n; c++) {
      const v = s.tops[0]![c]!;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(xOf(c, n, width), y(v));
      else ctx.moveTo(xOf(c, n, width), y(v));
      pen = true;
    }
    ctx.stroke();
    paths++;
  } else {
    // From the top of the stack down: each area spans 0 to its running sum and the lower
    // layers, painted later, cover the upper ones' lower parts (no per-layer baselines).
    for (let l = s.tops.length - 1; l >= 0; l--) {
      const t = s.tops[l]!;
      ctx.fillStyle = s.colors[l]!;
      ctx.beginPath();
      let c = 0;
      while (c < n) {
        while (c < n && !Number.isFinite(t[c]!)) c++;
        if (c >= n) break;
        const start = c;
        ctx.moveTo(xOf(start, n, width), y(0));
        while (c < n && Number.isFinite(t[c]!)) {
          ctx.lineTo(xOf(c, n, width), y(t[c]!));
          c++;
        }
        ctx.lineTo(xOf(c - 1, n, width), y(0));
        ctx.closePath();
      }
      ctx.fill();
      paths++;
    }
  }
  // Hatch the columns some node missed.
  ctx.strokeStyle = 'rgba(75, 85, 99, 0.55)';
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  let hatched = false;
  for (let c = 0; c < n; c++) {
    const r = f.reporting[c]!;
    if (r < 0 || r >= f.nsources) continue;
    hatched = true;
    const x0 = Math.floor((c * width) / n);
    const x1 = Math.floor(((c + 1) * width) / n);
    for (let yy = -(x1 - x0); yy < height; yy += 6) {
      ctx.moveTo(x0, yy + (x1 - x0));
      ctx.lineTo(x1, yy);
    }
  }
  if (hatched) {
    ctx.stroke();
    paths++;
  }
  return paths;
}

/**
 * The text alternative of a graph: the latest known value of each layer and how many
 * intervals some node missed. A discrete frame can have no keys at all (every point an
 * empty object, e.g. no I/O yet): then there are no layers to read, and it says so.
 */
export function describeGraph(title: string, f: SeriesFrame, s: Stacked, unit: Unit): string {
  const when = formatInterval(f.startTime, f.startTime + f.ncolumns * f.granularity);
  let missing = 0;
  for (let c = 0; c < f.ncolumns; c++) if (f.reporting[c]! >= 0 && f.reporting[c]! < f.nsources) missing++;
  const gaps = missing > 0 ? `; in ${missing} intervals not every node reported` : '';
  const topmost = s.tops[s.tops.length - 1];
  if (topmost === undefined || f.ncolumns === 0) return `${title}, ${when}: no values yet${gaps}.`;
  let last = f.ncolumns - 1;
  while (last > 0 && !Number.isFinite(topmost[last]!)) last--;
  const layer = (i: number): number => s.tops[i]![last]! - (i > 0 ? s.tops[i - 1]![last]! : 0);
  const parts = f.scalar ? [`latest ${formatValue(s.tops[0]![last]!, unit)}`] : s.keys.map((k, i) => `${k} ${formatValue(layer(i), unit)}`);
  return `${title}, ${when}: ${parts.join(', ')}${gaps}.`;
}
