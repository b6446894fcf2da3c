// Cloud Analytics' heatmap colours, quantized to a palette for the canvas renderer
// (browser main thread; pure TS). CA colours a cell of one layer HSV(hue, 0.9·v, 0.95)
// with v the cell's normalized value (rank or linear, jointly over every drawn layer),
// and blends the layers' RGB by their share of Σv where several layers share a cell
// (src/ca/color.ts holds those constants and formulas; we reuse them).
//
// Quantization (Grafana's heatmap): v is rounded up to one of STEPS levels, so a layer has
// at most STEPS colours; a blended cell's colour is snapped to a 16-level-per-channel RGB
// grid and at most MAX_BLENDS distinct blends are kept per frame (further blends take the
// nearest kept one). A frame therefore has at most nlayers·STEPS + MAX_BLENDS colours,
// which bounds the fill() calls of a redraw however many cells there are.

import { HUE_STEP, hsvToRgb, HSV_VALUE, REST_HUE, SATURATION_MAX, WHITE } from '../../ca/color';
import type { Scratch } from './scratch';

/** Saturation levels per layer. */
export const STEPS = 12;
/** Distinct blended colours kept per frame. */
export const MAX_BLENDS = 256;

export type Coloring = 'rank' | 'linear';

/** How the selected keys are shown: over the rest (CA's default), alone, or everything but them. */
export type Mode = 'highlight' | 'isolate' | 'exclude';

/** The most colours a frame of `nlayers` layers can use: the bound on fill() calls per redraw. */
export function paletteBound(nlayers: number): number {
  return nlayers * STEPS + (nlayers > 1 ? MAX_BLENDS : 0);
}

/** The hue of each selected key, in selection order (CA: 112, 203, 294, 25, ... after the rest's 21). */
export function keyHue(index: number): number {
  return (REST_HUE + HUE_STEP * (index + 1)) % 360;
}

export { REST_HUE };

/** Packed 0xRRGGBB as a CSS colour. */
export function css(rgb: number): string {
  return `#${rgb.toString(16).padStart(6, '0')}`;
}

/** The colour of quantized step s (1..STEPS) of a layer of hue h. */
export function stepColor(hue: number, step: number): number {
  return hsvToRgb(hue, (SATURATION_MAX * step) / STEPS, HSV_VALUE);
}

/** v in (0, 1] to its level 1..STEPS (0 stays 0: an empty cell). */
export function stepOf(v: number): number {
  if (!(v > 0)) return 0;
  return Math.min(STEPS, Math.max(1, Math.ceil(v * STEPS - 1e-9)));
}

/** Counts come rounded to 3 decimals (cells JSON), so ×1000 makes them integers. */
const SCALE = 1000;
/** Histogram bins for selecting the rank thresholds. */
const BINS = 2048;
const MIXED = 255;

/**
 * The quantized level (0..STEPS) of every cell of every map: stepOf(normalize(maps)) (src/ca/heatmap.ts, CA's exact
 * normalization) without
 * ranking each cell. Rank colouring needs only the STEPS − 1 thresholds between levels:
 * with the n non-zero values sorted, step(v) <= k exactly when v < sorted[floor(k·n / STEPS)].
 * Those order statistics are selected, not sorted for: a histogram of the values (as
 * integers, ×1000) finds the bin of each, and only those few bins are sorted. A bin that
 * holds no threshold maps all its values to one level, so most cells take one table lookup.
 */
export function quantizedSteps(maps: readonly Float64Array[], coloring: Coloring, scratch?: Scratch): Uint8Array[] {
  const out = maps.map((m, l) => (scratch === undefined ? new Uint8Array(m.length) : scratch.get('u8', `level${l}`, m.length)));
  if (coloring === 'linear') {
    let max = 1;
    for (const m of maps) for (let i = 0; i < m.length; i++) if (m[i]! > max) max = m[i]!;
    maps.forEach((m, l) => {
      const o = out[l]!;
      for (let i = 0; i < m.length; i++) if (m[i] !== 0) o[i] = stepOf(m[i]! / max);
    });
    return out;
  }
  // The non-zero values as integers, in map-then-cell order (the level pass walks the same order).
  let cap = 0;
  for (let l = 0; l < maps.length; l++) cap += maps[l]!.length;
  const ints = scratch === undefined ? new Uint32Array(cap) : scratch.get('u32', 'ints', cap, false);
  const n = collectInts(maps, ints);
  if (n === 0) return out;
  if (n < 0) return floatLevels(maps, -n - 1, out);
  let max = 0;
  for (let i = 0; i < n; i++) if (ints[i]! > max) max = ints[i]!;
  let shift = 0;
  while (max >>> shift >= BINS) shift++;
  const thresholds = rankThresholds(ints, n, shift);
  // Level of each bin without a threshold inside: 1 + the thresholds at or below its values.
  // Bins and thresholds both ascend, so one merge-like walk fills the table.
  const table = new Uint8Array(BINS);
  const width = 2 ** shift;
  let level = 1;
  for (let b = 0, lo = 0; b < BINS; b++, lo += width) {
    while (level < STEPS && !(lo < thresholds[level - 1]!)) level++;
    // A bin a threshold falls inside holds values of two levels: those look at the thresholds.
    table[b] = (b + 1) * width - 1 < thresholds[level - 1]! || level === STEPS ? level : MIXED;
  }
  levelPass(maps, ints, table, shift, thresholds, out);
  return out;
}

/**
 * The non-zero values of the maps ×1000 as integers into `ints`, in map-then-cell order;
 * their number, or -(number) - 1 when some value is not a 3-decimal count (a float path
 * then ranks them). Each pass is a function of its own: V8 optimizes small loops whole.
 */
function collectInts(maps: readonly Float64Array[], ints: Uint32Array): number {
  let n = 0;
  let integral = true;
  for (let l = 0; l < maps.length; l++) {
    const m = maps[l]!;
    for (let i = 0; i < m.length; i++) {
      const v = m[i]!;
      if (v === 0) continue;
      const y = v * SCALE;
      const x = Math.round(y);
      if (!(x >= 0 && x <= 0xffffffff) || Math.abs(x - y) > 1e-6 * (x + 1)) integral = false;
      ints[n++] = x;
    }
  }
  return integral ? n : -n - 1;
}

/** The STEPS − 1 rank thresholds of ints[0..n): sorted[floor(k·n / STEPS)], by histogram then selection within bins. */
function rankThresholds(ints: Uint32Array, n: number, shift: number): Uint32Array {
  const start = new Uint32Array(BINS + 1);
  for (let i = 0; i < n; i++) start[(ints[i]! >>> shift) + 1]!++;
  for (let b = 1; b <= BINS; b++) start[b]! += start[b - 1]!;
  // The bin of each threshold's position, and that position within the bin.
  const tbin = new Int32Array(STEPS - 1);
  const trank = new Uint32Array(STEPS - 1);
  const slot = new Int32Array(BINS).fill(-1);
  let nslots = 0;
  for (let k = 1; k < STEPS; k++) {
    const pos = Math.floor((k * n) / STEPS);
    let a = 0;
    let b = BINS - 1;
    while (a < b) {
      const mid = (a + b + 1) >>> 1;
      if (start[mid]! <= pos) a = mid;
      else b = mid - 1;
    }
    tbin[k - 1] = a;
    trank[k - 1] = pos - start[a]!;
    if (slot[a] === -1) slot[a] = nslots++;
  }
  const groups: Uint32Array[] = [];
  const fill = new Uint32Array(nslots);
  for (let b = 0; b < BINS; b++) if (slot[b]! >= 0) groups[slot[b]!] = new Uint32Array(start[b + 1]! - start[b]!);
  for (let i = 0; i < n; i++) {
    const g = slot[ints[i]! >>> shift]!;
    if (g >= 0) groups[g]![fill[g]!++] = ints[i]!;
  }
  // Each threshold is an order statistic of its bin's values: selected in place (ranks
  // within a bin come in ascending order, so each search starts past the last one).
  const thresholds = new Uint32Array(STEPS - 1);
  const from = new Uint32Array(nslots);
  for (let k = 0; k < STEPS - 1; k++) {
    const g = slot[tbin[k]!]!;
    const r = trank[k]!;
    thresholds[k] = selectNth(groups[g]!, r, from[g]!);
    from[g] = r;
  }
  return thresholds;
}

/** Each non-zero cell's level: its bin's, or (a bin a threshold falls in) counted against the thresholds. */
function levelPass(maps: readonly Float64Array[], ints: Uint32Array, table: Uint8Array, shift: number, thresholds: Uint32Array, out: Uint8Array[]): void {
  let j = 0;
  for (let l = 0; l < maps.length; l++) {
    const m = maps[l]!;
    const o = out[l]!;
    for (let i = 0; i < m.length; i++) {
      if (m[i] === 0) continue;
      const x = ints[j++]!;
      let k = table[x >>> shift]!;
      if (k === MIXED) {
        k = 1;
        while (k < STEPS && !(x < thresholds[k - 1]!)) k++;
      }
      o[i] = k;
    }
  }
}

/**
 * The value of rank k (0-based) of a[lo..] once sorted, by quickselect (Hoare partitions,
 * median-of-three pivots): a[lo..] is reordered so that a[k] holds it, with nothing larger
 * before it and nothing smaller after it. Expected linear time, where a sort of a bin
 * of tens of thousands of small values cost most of a frame's layout.
 */
export function selectNth(a: Uint32Array, k: number, lo = 0): number {
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and everything strictly between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** The same levels for values that are not 3-decimal counts (weights=weight): a float sort. */
function floatLevels(maps: readonly Float64Array[], n: number, out: Uint8Array[]): Uint8Array[] {
  const sorted = new Float64Array(n);
  let j = 0;
  for (const m of maps) for (let i = 0; i < m.length; i++) if (m[i] !== 0) sorted[j++] = m[i]!;
  sorted.sort();
  const thresholds = new Float64Array(STEPS - 1);
  for (let k = 1; k < STEPS; k++) thresholds[k - 1] = sorted[Math.floor((k * n) / STEPS)]!;
  maps.forEach((m, l) => {
    const o = out[l]!;
    for (let i = 0; i < m.length; i++) {
      const v = m[i]!;
      if (v === 0) continue;
      let k = 1;
      while (k < STEPS && !(v < thresholds[k - 1]!)) k++;
      o[i] = k;
    }
  });
  return out;
}

/** The quantized colours of a frame's cells. */
export interface Quantized {
  /** Per cell: 0 for an empty (white) cell, else 1 + its index in `colors` (scratch memory when a scratch was given). */
  readonly colorOf: Uint16Array;
  /** Packed 0xRRGGBB of each palette entry in use order. */
  readonly colors: readonly number[];
}

/**
 * Colours every cell from its layers' levels (quantizedSteps; hues alike) with the
 * quantized palette. A cell with one non-zero layer takes that layer's step colour; with
 * several, CA's blend of the layers' step colours weighted by their levels.
 */
export function quantize(levels: readonly Uint8Array[], hues: readonly number[], ncells: number, scratch?: Scratch): Quantized {
  const nl = levels.length;
  const table = new Uint32Array(nl * (STEPS + 1));
  for (let l = 0; l < nl; l++) for (let s = 1; s <= STEPS; s++) table[l * (STEPS + 1) + s] = stepColor(hues[l]!, s);
  // Palette index (1-based) of each single-layer step colour, assigned on first use.
  const singleIndex = new Uint16Array(nl * (STEPS + 1));
  const blendIndex = new Map<number, number>();
  const colors: number[] = [];
  const colorOf = scratch === undefined ? new Uint16Array(ncells) : scratch.get('u16', 'colorOf', ncells);
  // The blends kept as palette entries (their snapped colour and palette index).
  const keptKeys: number[] = [];
  const keptIdx: number[] = [];
  const steps = new Uint8Array(nl);
  for (let c = 0; c < ncells; c++) {
    let nz = 0;
    let last = 0;
    let sum = 0;
    for (let l = 0; l < nl; l++) {
      const s = levels[l]![c]!;
      steps[l] = s;
      if (s !== 0) {
        nz++;
        last = l;
        sum += s;
      }
    }
    if (nz === 0) continue;
    if (nz === 1) {
      const k = last * (STEPS + 1) + steps[last]!;
      let idx = singleIndex[k]!;
      if (idx === 0) {
        colors.push(table[k]!);
        idx = singleIndex[k] = colors.length;
      }
      colorOf[c] = idx;
      continue;
    }
    let r = 0;
    let g = 0;
    let b = 0;
    for (let l = 0; l < nl; l++) {
      const s = steps[l]!;
      if (s === 0) continue;
      const col = table[l * (STEPS + 1) + s]!;
      const w = s / sum;
      r += (col >>> 16) * w;
      g += ((col >>> 8) & 0xff) * w;
      b += (col & 0xff) * w;
    }
    const key = (snap(r) << 16) | (snap(g) << 8) | snap(b);
    let idx = blendIndex.get(key);
    if (idx === undefined) {
      if (keptKeys.length < MAX_BLENDS) {
        colors.push(key);
        idx = colors.length;
        keptKeys.push(key);
        keptIdx.push(idx);
      } else {
        idx = keptIdx[nearest(key, keptKeys)]!;
      }
      blendIndex.set(key, idx);
    }
    colorOf[c] = idx;
  }
  return { colorOf, colors };
}

/** A channel snapped to the 16-level grid (0, 17, ..., 255). */
function snap(x: number): number {
  return Math.round(Math.min(255, Math.max(0, x)) / 17) * 17;
}

/** Index in `keys` of the colour nearest to `key` (squared RGB distance). */
function nearest(key: number, keys: readonly number[]): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const dr = (k >>> 16) - (key >>> 16);
    const dg = ((k >>> 8) & 0xff) - ((key >>> 8) & 0xff);
    const db = (k & 0xff) - (key & 0xff);
    const d = dr * dr + dg * dg + db * db;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export { WHITE };
