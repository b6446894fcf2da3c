// From a heatmap frame and the view options to rectangles batched by quantized colour
// (browser main thread; pure TS), and the painter that draws them (Grafana's heatmap:
// one path and one fill() per colour, so a redraw costs at most a palette's worth of
// fills). Layers follow CA's image pipeline: with keys selected, the rest layer
// (total − selected, hue 21) under the selected keys (hues 112, 203, ...); isolate drops
// the rest, exclude keeps only it. Vertically adjacent cells of one colour in a column
// become one rectangle. Geometry is CA's: column c spans pixels floor(c·w/ncolumns) up to
// floor((c+1)·w/ncolumns), bucket b (0 lowest) the rows of j = nbuckets − b − 1.

import { type HeatmapFrame, type Sparse } from './frame';
import { layoutScratch, type Scratch } from './scratch';
import { css, keyHue, paletteBound, quantize, quantizedSteps, REST_HUE, type Coloring, type Mode } from './palette';

/** CA drops a rest cell below this after subtracting the selected layers (float error). */
const DEDUCT_EPSILON = 0.001;

export interface ViewOptions {
  /** Selected keys, in selection order (their hues follow it). */
  readonly selected: readonly string[];
  readonly mode: Mode;
  readonly coloring: Coloring;
}

/** One drawn layer: its name (undefined for the rest / total) and hue. */
export interface LayerInfo {
  readonly key: string | undefined;
  readonly hue: number;
}

export interface HeatmapLayout {
  readonly ncolumns: number;
  readonly nbuckets: number;
  readonly layers: readonly LayerInfo[];
  /** CSS colour of each batch. */
  readonly colors: readonly string[];
  /** The same colours, packed 0xRRGGBB. */
  readonly rgb: readonly number[];
  /** Per batch: rectangles as (column, firstBucket, endBucket) triples in cell units, end exclusive. */
  readonly runs: readonly Uint16Array[];
  /** Per cell (column-major, bucket 0 lowest): 0 for white, else 1 + its batch (the pixel painter's input). */
  readonly colorOf: Uint16Array;
  /** The most batches this layout could have had (paletteBound of its layers). */
  readonly bound: number;
}

/**
 * The maps drawn for a view, with their layers (CA's caAggrValueHeatmapImage steps 1-3).
 * With `scratch` the maps live in its buffers (valid until its next use).
 */
export function layersOf(f: HeatmapFrame, v: ViewOptions, scratch?: Scratch): { maps: Float64Array[]; layers: LayerInfo[] } {
  const ncells = f.ncolumns * f.nbuckets;
  const sel = [...new Set(v.selected)];
  const denseOf = (s: Sparse | undefined, name: string): Float64Array => {
    const out = scratch === undefined ? new Float64Array(ncells) : scratch.get('f64', name, ncells);
    if (s !== undefined) for (let k = 0; k < s.i.length; k++) out[s.i[k]!] = s.n[k]!;
    return out;
  };
  const selMaps = sel.map((k, i) => denseOf(f.keys.get(k), `key${i}`));
  const selLayers: LayerInfo[] = sel.map((key, i) => ({ key, hue: keyHue(i) }));
  if (v.mode === 'isolate') return { maps: selMaps, layers: selLayers };
  const total = denseOf(f.total, 'total');
  if (sel.length === 0) return { maps: [total], layers: [{ key: undefined, hue: REST_HUE }] };
  const rest = total;
  for (const m of selMaps) for (let i = 0; i < ncells; i++) rest[i]! -= m[i]!;
  for (let i = 0; i < ncells; i++) if (rest[i]! < DEDUCT_EPSILON) rest[i] = 0;
  const restLayer: LayerInfo = { key: undefined, hue: REST_HUE };
  if (v.mode === 'exclude') return { maps: [rest], layers: [restLayer] };
  return { maps: [rest, ...selMaps], layers: [restLayer, ...selLayers] };
}

export function layoutCells(f: HeatmapFrame, v: ViewOptions, scratch: Scratch = layoutScratch): HeatmapLayout {
  const { maps, layers } = layersOf(f, v, scratch);
  const nb = f.nbuckets;
  const ncells = f.ncolumns * nb;
  const q = quantize(quantizedSteps(maps, v.coloring, scratch), layers.map((l) => l.hue), ncells, scratch);
  // A copy: q.colorOf is scratch memory another heatmap's layout reuses before a repaint.
  const colorOf = q.colorOf.slice(0, ncells);
  const ncolors = q.colors.length;
  let runs: Uint16Array[] | undefined;
  return {
    ncolumns: f.ncolumns,
    nbuckets: nb,
    layers,
    colors: q.colors.map(css),
    rgb: q.colors,
    colorOf,
    bound: paletteBound(layers.length),
    // Made when first asked for: the pixel painter works from colorOf and never needs them.
    get runs(): readonly Uint16Array[] {
      return (runs ??= runsOf(colorOf, f.ncolumns, nb, ncolors));
    },
  };
}

/** Vertically adjacent cells of one colour in a column as one rectangle, batched by colour. */
function runsOf(colorOf: Uint16Array, ncolumns: number, nb: number, ncolors: number): Uint16Array[] {
  // Count rectangles per colour first, so each batch is one exact-size typed array.
  const counts = new Uint32Array(ncolors + 1);
  for (let c = 0; c < ncolumns; c++) {
    let prev = 0;
    for (let b = 0; b < nb; b++) {
      const k = colorOf[c * nb + b]!;
      if (k !== 0 && k !== prev) counts[k]!++;
      prev = k;
    }
  }
  const runs = Array.from({ length: ncolors }, (_, k) => new Uint16Array(counts[k + 1]! * 3));
  const fill = new Uint32Array(ncolors + 1);
  for (let c = 0; c < ncolumns; c++) {
    const base = c * nb;
    let b = 0;
    while (b < nb) {
      const k = colorOf[base + b]!;
      let e = b + 1;
      while (e < nb && colorOf[base + e] === k) e++;
      if (k !== 0) {
        const r = runs[k - 1]!;
        const at = fill[k]!;
        r[at] = c;
        r[at + 1] = b;
        r[at + 2] = e;
        fill[k] = at + 3;
      }
      b = e;
    }
  }
  return runs;
}

/** The part of CanvasRenderingContext2D the painters use (a fake one records calls in tests). */
export interface Ctx2D {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  globalAlpha: number;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
  stroke(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  setLineDash(segments: number[]): void;
}

/** Pixel edges of columns and bucket rows for a canvas size (CA's floor mapping; no gaps, no overlaps). */
export function pixelEdges(n: number, size: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) out[k] = Math.floor((k * size) / n);
  return out;
}

/** Paints a layout on a width x height area: white, then one path and one fill() per colour. */
export function paintCells(ctx: Ctx2D, l: HeatmapLayout, width: number, height: number): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const xs = pixelEdges(l.ncolumns, width);
  const ys = pixelEdges(l.nbuckets, height);
  const nb = l.nbuckets;
  for (let k = 0; k < l.runs.length; k++) {
    const r = l.runs[k]!;
    if (r.length === 0) continue;
    ctx.fillStyle = l.colors[k]!;
    ctx.beginPath();
    for (let j = 0; j < r.length; j += 3) {
      const c = r[j]!;
      const x0 = xs[c]!;
      // Bucket b's row is j = nb − b − 1 from the top: the run [b0, b1) spans rows nb − b1 .. nb − b0.
      const y0 = ys[nb - r[j + 2]!]!;
      const y1 = ys[nb - r[j + 1]!]!;
      ctx.rect(x0, y0, xs[c + 1]! - x0, y1 - y0);
    }
    ctx.fill();
  }
}

/** Whether this machine stores a Uint32 least significant byte first (every browser we know of does). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** A packed 0xRRGGBB as an opaque RGBA pixel in a Uint32Array over ImageData bytes. */
function pixelOf(rgb: number): number {
  const r = (rgb >>> 16) & 0xff;
  const g = (rgb >>> 8) & 0xff;
  const b = rgb & 0xff;
  return LITTLE_ENDIAN ? ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}

/**
 * Paints a layout into RGBA pixels (an ImageData's bytes, width x height device pixels),
 * the same pixels as paintCells: a bucket's band at a time, its first row cell by cell
 * (a run of equal cells in one fill), its other rows copied from it, so every pixel is
 * written once and the work does not grow with the number of rectangles. In Chromium this
 * plus putImageData costs a fraction of rasterizing the batched paths (ui-heatmap bench).
 */
export function paintCellsPixels(data: Uint8ClampedArray, l: HeatmapLayout, width: number, height: number): void {
  const px = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const palette = new Uint32Array(l.rgb.length + 1);
  palette[0] = pixelOf(0xffffff);
  for (let k = 0; k < l.rgb.length; k++) palette[k + 1] = pixelOf(l.rgb[k]!);
  const xs = pixelEdges(l.ncolumns, width);
  const ys = pixelEdges(l.nbuckets, height);
  const nb = l.nbuckets;
  const nc = l.ncolumns;
  const colorOf = l.colorOf;
  if (nc === 0 || nb === 0) px.fill(palette[0]!);
  for (let j = 0; j < nb; j++) {
    const y0 = ys[j]!;
    const y1 = ys[j + 1]!;
    if (y1 <= y0) continue;
    const row = y0 * width;
    // Row j from the top is bucket nb − j − 1.
    const b = nb - j - 1;
    let c = 0;
    while (c < nc) {
      const k = colorOf[c * nb + b]!;
      let e = c + 1;
      while (e < nc && colorOf[e * nb + b] === k) e++;
      px.fill(palette[k]!, row + xs[c]!, row + xs[e]!);
      c = e;
    }
    for (let y = y0 + 1; y < y1; y++) px.copyWithin(y * width, row, row + width);
  }
}

/** The cell under pixel (x, y) of a width x height area (the inverse of the painter's geometry). */
export function cellAt(x: number, y: number, width: number, height: number, ncolumns: number, nbuckets: number): { column: number; bucket: number } | undefined {
  if (x < 0 || y < 0 || x >= width || y >= height || ncolumns === 0) return undefined;
  const xs = pixelEdges(ncolumns, width);
  const ys = pixelEdges(nbuckets, height);
  return { column: lastEdgeAtOrBelow(xs, x), bucket: nbuckets - 1 - lastEdgeAtOrBelow(ys, y) };
}

function lastEdgeAtOrBelow(edges: Float64Array, v: number): number {
  let a = 0;
  let b = edges.length - 2;
  while (a < b) {
    const mid = (a + b + 1) >>> 1;
    if (edges[mid]! <= v) a = mid;
    else b = mid - 1;
  }
  return a;
}
