// Cloud Analytics heatmap colours (node-heatmap's generate() and CA's hue choice): a
// cell of normalized value v in (0, 1] of a layer with hue h is HSV(h, 0.9·v, 0.95); an
// empty cell is white; a cell where several layers have data blends their colours,
// each weighted by its share of the cell's summed normalized values. Pure TypeScript,
// used by heatmap.ts in the CA worker and usable by the UI's canvas renderer.

/** Saturation of the densest cell (CA: saturation range [0, 0.9]). */
export const SATURATION_MAX = 0.9;
/** HSV value of every coloured cell. */
export const HSV_VALUE = 0.95;
/** The hue of the "rest" layer (everything not selected) and of the first default hue. */
export const REST_HUE = 21;
/** Default hues step by 91 degrees: 21, 112, 203, 294, 25, ... */
export const HUE_STEP = 91;

/** Packed 0xRRGGBB of white, the colour of an empty cell. */
export const WHITE = 0xffffff;

/**
 * CA's default hues for a heatmap with `nselected` selected layers: 21 for the rest
 * layer, then +91 mod 360 for each selected one; with `isolate` the rest layer is not
 * drawn, so its hue is left out (the first selected key still gets 112).
 */
export function defaultHues(nselected: number, isolate: boolean): number[] {
  const hues = [REST_HUE];
  for (let i = 0; i < nselected; i++) hues.push((hues[hues.length - 1]! + HUE_STEP) % 360);
  if (isolate) hues.shift();
  return hues;
}

/**
 * HSV to RGB with each channel rounded to 0..255 (h in degrees [0, 360], s and v in
 * [0, 1]), the usual sector formula node-heatmap uses. Returns packed 0xRRGGBB.
 */
export function hsvToRgb(h: number, s: number, v: number): number {
  let r: number;
  let g: number;
  let b: number;
  if (s === 0) {
    r = g = b = v;
  } else {
    const hh = h / 60;
    const i = Math.floor(hh);
    const f = hh - i;
    const p = v * (1 - s);
    const q = v * (1 - s * f);
    const t = v * (1 - s * (1 - f));
    switch (i) {
      case 0:
        [r, g, b] = [v, t, p];
        break;
      case 1:
        [r, g, b] = [q, v, p];
        break;
      case 2:
        [r, g, b] = [p, v, t];
        break;
      case 3:
        [r, g, b] = [p, q, v];
        break;
      case 4:
        [r, g, b] = [t, p, v];
        break;
      default:
        [r, g, b] = [v, p, q];
        break;
    }
  }
  return (Math.round(r * 255) << 16) | (Math.round(g * 255) << 8) | Math.round(b * 255);
}

/** The colour of one layer's cell at normalized value v (0: white). */
export function layerColor(hue: number, v: number): number {
  return v === 0 ? WHITE : hsvToRgb(hue, SATURATION_MAX * v, HSV_VALUE);
}

/**
 * The colour of a cell from its layers' normalized values `vs` (one per hue). One layer:
 * its colour. Several: the layers' colours blended by share of Σv, each channel
 * truncated to an integer as CA's byte buffer did; all zero: white.
 */
export function cellColor(hues: readonly number[], vs: ArrayLike<number>): number {
  if (hues.length === 1) return layerColor(hues[0]!, vs[0]!);
  let t = 0;
  for (let m = 0; m < hues.length; m++) t += vs[m]!;
  if (t === 0) return WHITE;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let m = 0; m < hues.length; m++) {
    const v = vs[m]!;
    if (v === 0) continue;
    const c = layerColor(hues[m]!, v);
    const w = v / t;
    r += (c >>> 16) * w;
    g += ((c >>> 8) & 0xff) * w;
    b += (c & 0xff) * w;
  }
  return (Math.min(255, Math.trunc(r)) << 16) | (Math.min(255, Math.trunc(g)) << 8) | Math.min(255, Math.trunc(b));
}

/** A packed 0xRRGGBB colour as its hue (degrees), saturation and value: for tests and legends. */
export function rgbToHsv(rgb: number): { h: number; s: number; v: number } {
  const r = (rgb >>> 16) / 255;
  const g = ((rgb >>> 8) & 0xff) / 255;
  const b = (rgb & 0xff) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d !== 0) {
    if (max === r) h = 60 * (((g - b) / d + 6) % 6);
    else if (max === g) h = 60 * ((b - r) / d + 2);
    else h = 60 * ((r - g) / d + 4);
  }
  return { h, s: max === 0 ? 0 : d / max, v: max };
}
