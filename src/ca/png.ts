// PNG encoding of heatmap images, and base64 for CA's JSON `image` member. Uses fast-png
// (pure JavaScript, no Node Buffer), so it runs in a Web Worker, a worker_thread or a
// test alike. Pure TypeScript.
//
// Deflating is where the time goes, so images are written indexed whenever they can be
// (a quarter of the bytes of RGBA): encodeIndexedPng takes palette indexes (heatmap.ts
// paints them straight from its cells), and encodePng takes RGBA and writes an indexed
// PNG when the image has at most 256 colours, truecolour otherwise. All decode to the
// pixels given.

import { encode } from 'fast-png';

/** An RGBA image, 4 bytes a pixel, rows top to bottom. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface EncodedPng {
  readonly bytes: Uint8Array;
  readonly base64: string;
}

/**
 * fflate's level 2: on heatmap images the fastest level (10-25% ahead of fast-png's default
 * 3), at similar sizes. mem 4 (a hash head of 2^16 entries, 128 KB): fflate otherwise sizes
 * it from the input, 2^19 entries (1 MB, allocated and zeroed per image) for a 600x300
 * image; the smaller table deflates 5-15% faster with 2% more bytes. mem 0-2 are slower
 * again (more collisions).
 */
const ZLIB = { level: 2, mem: 4 } as const;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Encodes an RGBA image as PNG (indexed when it has at most 256 colours, else RGB or RGBA). */
export function encodePng(img: RgbaImage): EncodedPng {
  const { width, height, data } = img;
  if (data.length !== width * height * 4) throw new Error(`an RGBA image of ${width}x${height} has ${width * height * 4} bytes, not ${data.length}`);
  const bytes = encodeIndexed(img) ?? encodeTruecolour(img);
  return { bytes, base64: base64Encode(bytes) };
}

/** An image of palette indexes, one byte a pixel; palette entries are packed 0xRRGGBB (opaque). */
export interface IndexedImage {
  readonly width: number;
  readonly height: number;
  readonly index: Uint8Array;
  readonly palette: readonly number[];
}

/** Encodes an indexed image (at most 256 colours) as an indexed PNG. */
export function encodeIndexedPng(img: IndexedImage): EncodedPng {
  const { width, height, index, palette } = img;
  if (index.length !== width * height) throw new Error(`an indexed image of ${width}x${height} has ${width * height} bytes, not ${index.length}`);
  if (palette.length === 0 || palette.length > 256) throw new Error(`a PNG palette has 1 to 256 colours, not ${palette.length}`);
  const bytes = encode(
    { width, height, data: index, channels: 1, depth: 8, palette: palette.map((c) => [(c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff]) },
    { zlib: ZLIB },
  );
  return { bytes, base64: base64Encode(bytes) };
}

/** Indexed colour when the image has at most 256 colours; undefined otherwise. */
function encodeIndexed(img: RgbaImage): Uint8Array | undefined {
  const { width, height, data } = img;
  const n = width * height;
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const px = new Uint32Array(aligned.buffer, aligned.byteOffset, n);
  const index = new Uint8Array(n);
  const slot = new Map<number, number>();
  const palette: number[][] = [];
  let opaque = true;
  let prev = -1;
  let prevIndex = 0;
  for (let i = 0; i < n; i++) {
    const p = px[i]!;
    // Cells are runs of equal pixels: look the colour up only when it changes.
    if (p !== prev) {
      let k = slot.get(p);
      if (k === undefined) {
        k = palette.length;
        if (k === 256) return undefined;
        slot.set(p, k);
        const o = i * 4;
        const rgba = [data[o]!, data[o + 1]!, data[o + 2]!, data[o + 3]!];
        if (rgba[3] !== 255) opaque = false;
        palette.push(rgba);
      }
      prev = p;
      prevIndex = k;
    }
    index[i] = prevIndex;
  }
  return encode(
    { width, height, data: index, channels: 1, depth: 8, palette: opaque ? palette.map((c) => c.slice(0, 3)) : palette },
    { zlib: ZLIB },
  );
}

function encodeTruecolour(img: RgbaImage): Uint8Array {
  const { width, height, data } = img;
  let opaque = true;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) {
      opaque = false;
      break;
    }
  }
  if (!opaque) return encode({ width, height, data, channels: 4, depth: 8 }, { zlib: ZLIB });
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    rgb[j] = data[i]!;
    rgb[j + 1] = data[i + 1]!;
    rgb[j + 2] = data[i + 2]!;
  }
  return encode({ width, height, data: rgb, channels: 3, depth: 8 }, { zlib: ZLIB });
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = '='.charCodeAt(0);

/** Standard base64 (RFC 4648, with padding), without Buffer or btoa (absent from a worker's pure core). */
export function base64Encode(bytes: Uint8Array): string {
  const len = bytes.length;
  const out = new Uint8Array(Math.ceil(len / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = CODES[v >>> 18]!;
    out[o++] = CODES[(v >>> 12) & 63]!;
    out[o++] = CODES[(v >>> 6) & 63]!;
    out[o++] = CODES[v & 63]!;
  }
  if (i < len) {
    const v = (bytes[i]! << 16) | (i + 1 < len ? bytes[i + 1]! << 8 : 0);
    out[o++] = CODES[v >>> 18]!;
    out[o++] = CODES[(v >>> 12) & 63]!;
    out[o++] = i + 1 < len ? CODES[(v >>> 6) & 63]! : PAD;
    out[o++] = PAD;
  }
  let s = '';
  const CHUNK = 0x8000;
  for (let k = 0; k < out.length; k += CHUNK) s += String.fromCharCode.apply(null, out.subarray(k, k + CHUNK) as unknown as number[]);
  return s;
}

/** Packs r, g, b (0..255) and alpha 255 as one pixel of a Uint32Array view over RGBA bytes. */
export function rgbaPixel(rgb: number): number {
  const r = (rgb >>> 16) & 0xff;
  const g = (rgb >>> 8) & 0xff;
  const b = rgb & 0xff;
  return LITTLE_ENDIAN ? ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}
