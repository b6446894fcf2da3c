// PNG encoding of heatmap images, and base64 for CA's JSON `image` member. Uses fast-png
// (pure JavaScript, no Node Buffer), so it runs in a Web Worker, a worker_thread or a
// test alike. Pure TypeScript.
//
// Deflating is where the time goes, so images are written indexed whenever they can be
// (a quarter of the bytes of RGBA): encodeIndexedPng takes palette indexes (heatmap.ts
// paints them straight from its cells), and encodePng takes RGBA and writes an indexed
// PNG when the image has at most 256 colours, truecolour otherwise. Opaque indexed
// images go through our own writer (deflateRuns: runs and repeated rows, no match
// search), the rest through fast-png. All decode to the pixels given.

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

/** fflate's level 2: on heatmap images the fastest level (10-25% ahead of fast-png's default 3), at similar sizes. */
const ZLIB_LEVEL = 2;

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

/** Encodes an indexed image (at most 256 colours) as an indexed PNG (our own writer, see deflateRuns). */
export function encodeIndexedPng(img: IndexedImage): EncodedPng {
  const { width, height, index, palette } = img;
  if (index.length !== width * height) throw new Error(`an indexed image of ${width}x${height} has ${width * height} bytes, not ${index.length}`);
  if (palette.length === 0 || palette.length > 256) throw new Error(`a PNG palette has 1 to 256 colours, not ${palette.length}`);
  if (width < 1 || height < 1) throw new Error(`a PNG is at least 1x1 pixels, not ${width}x${height}`);
  const idat = deflateRuns(index, width, height);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // colour type: indexed
  const plte = new Uint8Array(palette.length * 3);
  palette.forEach((c, i) => {
    plte[i * 3] = (c >>> 16) & 0xff;
    plte[i * 3 + 1] = (c >>> 8) & 0xff;
    plte[i * 3 + 2] = c & 0xff;
  });
  const chunks: readonly (readonly [string, Uint8Array])[] = [
    ['IHDR', ihdr],
    ['PLTE', plte],
    ['IDAT', idat],
    ['IEND', new Uint8Array(0)],
  ];
  const bytes = new Uint8Array(SIGNATURE.length + chunks.reduce((n, [, d]) => n + 12 + d.length, 0));
  bytes.set(SIGNATURE);
  const out = new DataView(bytes.buffer);
  let o = SIGNATURE.length;
  for (const [type, data] of chunks) {
    out.setUint32(o, data.length);
    for (let k = 0; k < 4; k++) bytes[o + 4 + k] = type.charCodeAt(k);
    bytes.set(data, o + 8);
    out.setUint32(o + 8 + data.length, crc32(bytes, o + 4, o + 8 + data.length));
    o += 12 + data.length;
  }
  return { bytes, base64: base64Encode(bytes) };
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (PNG's, ISO 3309) of bytes[from, to). */
function crc32(bytes: Uint8Array, from: number, to: number): number {
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Reverses the low n bits of x (Huffman codes go into a deflate stream most significant bit first). */
function reverseBits(x: number, n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) r |= ((x >>> i) & 1) << (n - 1 - i);
  return r;
}

/** Deflate's fixed Huffman code (RFC 1951 3.2.6) for literal/length symbols 0..287: code (bit-reversed) and length. */
const FIXED_CODE = new Uint16Array(288);
const FIXED_LEN = new Uint8Array(288);
for (let s = 0; s < 288; s++) {
  const [code, len] = s < 144 ? [0x30 + s, 8] : s < 256 ? [0x190 + s - 144, 9] : s < 280 ? [s - 256, 7] : [0xc0 + s - 280, 8];
  FIXED_CODE[s] = reverseBits(code, len);
  FIXED_LEN[s] = len;
}
/** Match lengths 3..258: symbol (257..285), extra bits count and extra value. */
const LEN_SYMBOL = new Uint16Array(259);
const LEN_EXTRA_BITS = new Uint8Array(259);
const LEN_EXTRA = new Uint8Array(259);
/** Distance codes 0..29: base distance and extra bits. */
const DIST_BASE: number[] = [];
const DIST_EXTRA_BITS: number[] = [];
{
  let base = 3;
  for (let i = 0; i < 28; i++) {
    const extra = i < 8 ? 0 : (i >> 2) - 1;
    for (let k = 0; k < 1 << extra && base + k < 259; k++) {
      LEN_SYMBOL[base + k] = 257 + i;
      LEN_EXTRA_BITS[base + k] = extra;
      LEN_EXTRA[base + k] = k;
    }
    base += 1 << extra;
  }
  LEN_SYMBOL[258] = 285;
  LEN_EXTRA_BITS[258] = 0;
  LEN_EXTRA[258] = 0;
  let d = 1;
  for (let i = 0; i < 30; i++) {
    const extra = i < 4 ? 0 : (i >> 1) - 1;
    DIST_BASE.push(d);
    DIST_EXTRA_BITS.push(extra);
    d += 1 << extra;
  }
}

/**
 * The zlib stream of an indexed image's scanlines (filter type 0), compressed for what
 * heatmaps are: cells are runs of one colour and a bucket's rows repeat. One fixed-Huffman
 * block: a row equal to the row above is a match at distance width + 1, any other row its
 * runs (a literal, then a match at distance 1). About 20 times faster than a general
 * deflate (no hashing or match search) at 1-2x the size on heatmaps; decoded by any inflate.
 */
function deflateRuns(index: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width + 1;
  // Worst case: every byte a 9-bit literal, plus header, end code and checksum.
  const out = new Uint8Array(Math.ceil((stride * height * 9) / 8) + 16);
  out[0] = 0x78; // deflate, 32 KiB window
  out[1] = 0x01; // no dictionary, fastest; (0x7801 % 31 === 0)
  let o = 2;
  let bits = 0;
  let nbits = 0;
  const put = (value: number, n: number): void => {
    bits |= value << nbits;
    nbits += n;
    while (nbits >= 8) {
      out[o++] = bits & 0xff;
      bits >>>= 8;
      nbits -= 8;
    }
  };
  const literal = (b: number): void => put(FIXED_CODE[b]!, FIXED_LEN[b]!);
  const distCode = (d: number): number => {
    let c = 29;
    while (DIST_BASE[c]! > d) c--;
    return c;
  };
  /** Copies of `len` bytes from `dist` back, in matches of 3..258 (a remainder of 1 or 2 as literals of `tail`). */
  const matches = (dist: number, len: number, tail: (k: number) => number): void => {
    const dc = distCode(dist);
    const dcode = reverseBits(dc, 5);
    const dextra = DIST_EXTRA_BITS[dc]!;
    const dvalue = dist - DIST_BASE[dc]!;
    let left = len;
    while (left >= 3) {
      // Leave at least 3 for the last match when splitting.
      const n = left > 258 ? (left - 258 < 3 ? left - 3 : 258) : left;
      const s = LEN_SYMBOL[n]!;
      put(FIXED_CODE[s]!, FIXED_LEN[s]!);
      if (LEN_EXTRA_BITS[n]! > 0) put(LEN_EXTRA[n]!, LEN_EXTRA_BITS[n]!);
      put(dcode, 5);
      if (dextra > 0) put(dvalue, dextra);
      left -= n;
    }
    for (let k = len - left; k < len; k++) literal(tail(k));
  };
  put(3, 3); // final block, fixed Huffman codes
  for (let y = 0; y < height; y++) {
    const p = y * width;
    let same = y > 0 && stride <= 32768;
    for (let x = 0; same && x < width; x++) if (index[p + x] !== index[p - width + x]) same = false;
    if (same) {
      matches(stride, stride, (k) => (k === 0 ? 0 : index[p + k - 1]!));
      continue;
    }
    literal(0); // filter type: none
    for (let x = 0; x < width; ) {
      const v = index[p + x]!;
      let e = x + 1;
      while (e < width && index[p + e] === v) e++;
      literal(v);
      if (e - x > 1) matches(1, e - x - 1, () => v);
      x = e;
    }
  }
  put(FIXED_CODE[256]!, FIXED_LEN[256]!);
  if (nbits > 0) put(0, 8 - nbits);
  const a = adler32Rows(index, width, height);
  out[o++] = a >>> 24;
  out[o++] = (a >>> 16) & 0xff;
  out[o++] = (a >>> 8) & 0xff;
  out[o++] = a & 0xff;
  return out.subarray(0, o);
}

/** Adler-32 of the scanlines: each row a 0 (filter type) then its bytes. */
function adler32Rows(index: Uint8Array, width: number, height: number): number {
  let a = 1;
  let b = 0;
  let pending = 0;
  for (let y = 0; y < height; y++) {
    // The filter byte adds 0 to a, a to b.
    b += a;
    pending++;
    const p = y * width;
    for (let x = 0; x < width; x++) {
      a += index[p + x]!;
      b += a;
      // zlib's NMAX: reducing every 5552 bytes keeps a and b small integers.
      if (++pending === 5552) {
        a %= 65521;
        b %= 65521;
        pending = 0;
      }
    }
  }
  return (((b % 65521) << 16) | (a % 65521)) >>> 0;
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
  if (opaque) return encodeIndexedPng({ width, height, index, palette: palette.map(([r, g, b]) => (r! << 16) | (g! << 8) | b!) }).bytes;
  return encode({ width, height, data: index, channels: 1, depth: 8, palette }, { zlib: { level: ZLIB_LEVEL } });
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
  if (!opaque) return encode({ width, height, data, channels: 4, depth: 8 }, { zlib: { level: ZLIB_LEVEL } });
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    rgb[j] = data[i]!;
    rgb[j + 1] = data[i + 1]!;
    rgb[j + 2] = data[i + 2]!;
  }
  return encode({ width, height, data: rgb, channels: 3, depth: 8 }, { zlib: { level: ZLIB_LEVEL } });
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
