// PNG encoding and base64 (src/ca/png.ts), and the heatmap image as a user gets it: the
// PNG decoded back (fast-png) with white empty cells, the densest cell at saturation 0.9
// (behaviour 16) and a selected key at hue 112 over the rest at hue 21 (behaviour 15).
import { convertIndexedToRgb, decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { rgbToHsv } from '../../../src/ca/color';
import { Dataset } from '../../../src/ca/dataset';
import { imageValue, parseHeatmapParams } from '../../../src/ca/heatmap';
import { inflateSync } from 'node:zlib';
import { base64Encode, encodeIndexedPng, encodePng } from '../../../src/ca/png';
import { parseValueParams } from '../../../src/ca/values';
import type { Delta } from '../../../src/engine/delta';

/** The decoded image as packed 0xRRGGBB per pixel (indexed or truecolour PNGs alike). */
function pixels(png: Uint8Array): { width: number; height: number; at: (x: number, y: number) => number; indexed: boolean } {
  const img = decode(png);
  const indexed = img.palette !== undefined;
  const data = indexed ? convertIndexedToRgb(img) : img.data;
  const ch = indexed ? img.palette![0]!.length : img.channels;
  return {
    width: img.width,
    height: img.height,
    indexed,
    at: (x, y) => {
      const o = (y * img.width + x) * ch;
      return (data[o]! << 16) | (data[o + 1]! << 8) | data[o + 2]!;
    },
  };
}

function rgbaImage(width: number, height: number, color: (x: number, y: number) => number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = color(x, y);
      const o = (y * width + x) * 4;
      data.set([c >>> 16, (c >>> 8) & 0xff, c & 0xff, 255], o);
    }
  }
  return data;
}

/** The chunks of a PNG, each with whether its CRC-32 is right. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array; crcOk: boolean }[] {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array; crcOk: boolean }[] = [];
  for (let o = 8; o < png.length; ) {
    const n = v.getUint32(o);
    let c = 0xffffffff;
    for (let i = o + 4; i < o + 8 + n; i++) {
      c ^= png[i]!;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    out.push({ type: String.fromCharCode(...png.subarray(o + 4, o + 8)), data: png.subarray(o + 8, o + 8 + n), crcOk: ((c ^ 0xffffffff) >>> 0) === v.getUint32(o + 8 + n) });
    o += 12 + n;
  }
  return out;
}

describe('encodeIndexedPng', () => {
  /** Encodes, then checks every CRC, zlib's own inflate (Adler-32 checked) and fast-png's decode give back the indexes. */
  const roundTrip = (width: number, height: number, index: Uint8Array, ncolours = 256) => {
    const palette = Array.from({ length: ncolours }, (_, i) => (i << 16) | ((255 - i) << 8) | ((i * 7) & 0xff));
    const { bytes } = encodeIndexedPng({ width, height, index, palette });
    const cs = chunks(bytes);
    expect(cs.map((c) => c.type)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    expect(cs.every((c) => c.crcOk)).toBe(true);
    const raw = inflateSync(cs[2]!.data);
    expect(raw.length).toBe((width + 1) * height);
    for (let y = 0; y < height; y++) {
      expect(raw[y * (width + 1)]).toBe(0);
      expect(Buffer.compare(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), Buffer.from(index.subarray(y * width, (y + 1) * width)))).toBe(0);
    }
    const img = decode(bytes);
    expect([img.width, img.height]).toEqual([width, height]);
    expect(Array.from(img.data)).toEqual(Array.from(index));
    expect(img.palette!.slice(0, ncolours)).toEqual(palette.map((c) => [c >>> 16, (c >>> 8) & 0xff, c & 0xff]));
    return bytes;
  };

  it('round-trips heatmap-shaped images: runs of every length around the match limits, rows repeated', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const width = 1200;
    const height = 40;
    const index = new Uint8Array(width * height);
    const runs = [1, 2, 3, 4, 257, 258, 259, 260, 261, 262, 516, 517, 518];
    for (let y = 0; y < height; y++) {
      if (y > 0 && rand(2) === 0) {
        index.copyWithin(y * width, (y - 1) * width, y * width);
        continue;
      }
      for (let x = 0; x < width; ) {
        const n = Math.min(width - x, runs[rand(runs.length)]!);
        index.fill(rand(256), y * width + x, y * width + x + n);
        x += n;
      }
    }
    roundTrip(width, height, index);
  });

  it('round-trips a 600x300 heatmap of 10x3 cells at a fraction of its raw size', () => {
    const index = new Uint8Array(600 * 300);
    for (let c = 0; c < 60; c++) for (let b = 0; b < 100; b++) for (let y = b * 3; y < b * 3 + 3; y++) index.fill((c * 31 + b * 17) % 200 < 60 ? 0 : (c + b) % 200, y * 600 + c * 10, y * 600 + c * 10 + 10);
    expect(roundTrip(600, 300, index, 200).length).toBeLessThan(30_000);
  });

  it('round-trips noise, tiny images and rows too wide to match the row above', () => {
    let seed = 3;
    const noise = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256);
    roundTrip(37, 11, noise(37 * 11));
    roundTrip(1, 1, Uint8Array.of(5));
    roundTrip(1, 5, Uint8Array.of(1, 1, 1, 2, 2), 3);
    roundTrip(2, 3, Uint8Array.of(0, 0, 0, 0, 1, 0), 2);
    const wide = new Uint8Array(40_000 * 2);
    wide.fill(9, 0, 39_990);
    wide.fill(9, 40_000, 79_990);
    roundTrip(40_000, 2, wide, 10);
  });

  it('rejects palettes of no colour or over 256, and indexes of the wrong size', () => {
    expect(() => encodeIndexedPng({ width: 2, height: 1, index: new Uint8Array(2), palette: [] })).toThrow(/1 to 256 colours, not 0/);
    expect(() => encodeIndexedPng({ width: 2, height: 1, index: new Uint8Array(2), palette: new Array<number>(257).fill(0) })).toThrow(/not 257/);
    expect(() => encodeIndexedPng({ width: 2, height: 2, index: new Uint8Array(3), palette: [0] })).toThrow(/2x2 has 4 bytes, not 3/);
  });
});

describe('encodePng', () => {
  it('round-trips an image of few colours (indexed PNG)', () => {
    const colour = (x: number, y: number) => (x < 5 ? 0xffffff : y < 3 ? 0xf2733b : 0x18b4f2);
    const { bytes, base64 } = encodePng({ width: 17, height: 9, data: rgbaImage(17, 9, colour) });
    const p = pixels(bytes);
    expect(p.indexed).toBe(true);
    expect([p.width, p.height]).toEqual([17, 9]);
    for (let y = 0; y < 9; y++) for (let x = 0; x < 17; x++) expect(p.at(x, y)).toBe(colour(x, y));
    expect(base64).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('round-trips an image of more than 256 colours (truecolour PNG)', () => {
    const colour = (x: number, y: number) => (((x * 6) & 0xff) << 16) | (((y * 13) & 0xff) << 8) | ((x + y) & 0xff);
    const { bytes } = encodePng({ width: 40, height: 19, data: rgbaImage(40, 19, colour) });
    const p = pixels(bytes);
    expect(p.indexed).toBe(false);
    for (let y = 0; y < 19; y++) for (let x = 0; x < 40; x++) expect(p.at(x, y)).toBe(colour(x, y));
  });

  it('keeps transparency when the image has it', () => {
    const data = new Uint8Array([255, 0, 0, 128, 0, 255, 0, 255]);
    const img = decode(encodePng({ width: 2, height: 1, data }).bytes);
    const rgba = img.palette !== undefined ? convertIndexedToRgb(img) : img.data;
    expect(Array.from(rgba)).toEqual(Array.from(data));
  });

  it('rejects data of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(12) })).toThrow(/2x2 has 16 bytes, not 12/);
  });
});

describe('base64Encode', () => {
  it('is RFC 4648 base64 with padding', () => {
    const enc = (s: string) => base64Encode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 131) & 0xff);
    expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

const NOW = 1_313_366_400;

function delta(second: number, byKey: Record<string, [[number, number], number][]>): Delta {
  const keys = Object.keys(byKey);
  const rows = keys.flatMap((k) => byKey[k]!);
  const offsets = [0];
  for (const k of keys) offsets.push(offsets[offsets.length - 1]! + byKey[k]!.length);
  return {
    id: 'i',
    second,
    sources: ['cn1'],
    keys,
    values: new Float64Array(keys.length),
    dist: {
      offsets: Uint32Array.from(offsets),
      lo: Float64Array.from(rows, (r) => r[0][0]),
      hi: Float64Array.from(rows, (r) => r[0][1]),
      n: Float64Array.from(rows, (r) => r[1]),
    },
  };
}

describe('the heatmap image, decoded', () => {
  // web0 around 53 us (bucket 5 of 100 up to 1 ms), 10/s; db0 around 815 us (bucket 81), 2/s.
  const ds = new Dataset({ arity: 'discrete-numeric', granularity: 1, retentionS: 600, point: false, nsources: 1 });
  for (let s = NOW - 61; s < NOW - 1; s++) ds.add(delta(s, { web0: [[[53000, 53999], 10]], db0: [[[810000, 819999], 2]] }));
  const point = parseValueParams({}, { kind: 'heatmap-image', granularity: 1, nowSec: NOW }).points[0]!;
  const image = (q: Record<string, string>) => {
    const { value, png } = imageValue(ds, point, parseHeatmapParams(q, 'image'));
    const bytes = Uint8Array.from(Buffer.from(value.image, 'base64'));
    expect(bytes).toEqual(png);
    return pixels(bytes);
  };
  const hsv = (c: number) => rgbToHsv(c);
  // Rows of bucket b: (100 - b - 1) * 3 .. + 2; column c: c * 10 .. + 9.
  const WEB = { x: 15, y: (100 - 5 - 1) * 3 + 1 };
  const DB = { x: 15, y: (100 - 81 - 1) * 3 + 1 };

  it('is 600x300; empty cells are white; the densest cell has saturation 0.9 at value 0.95 (behaviour 16)', () => {
    const p = image({});
    expect([p.width, p.height]).toEqual([600, 300]);
    expect(p.at(0, 0)).toBe(0xffffff);
    expect(p.at(300, 150)).toBe(0xffffff);
    const dense = hsv(p.at(WEB.x, WEB.y));
    expect(dense.s).toBeCloseTo(0.9, 2);
    expect(dense.v).toBeCloseTo(0.95, 2);
    expect(dense.h).toBeCloseTo(21, 0);
    // db0's cells rank below: 60 cells of 10 first, so 2 maps to (120 - 60) / 120.
    expect(hsv(p.at(DB.x, DB.y)).s).toBeCloseTo(0.45, 2);
  });

  it('selected=[db0] draws db0 at hue 112 over the rest at hue 21 (behaviour 15)', () => {
    const p = image({ selected: 'db0' });
    expect(hsv(p.at(DB.x, DB.y)).h).toBeCloseTo(112, 0);
    expect(hsv(p.at(WEB.x, WEB.y)).h).toBeCloseTo(21, 0);
    const iso = image({ selected: 'db0', isolate: 'true' });
    expect(hsv(iso.at(DB.x, DB.y)).h).toBeCloseTo(112, 0);
    expect(iso.at(WEB.x, WEB.y)).toBe(0xffffff);
  });
});

describe('a busy heatmap (more than 256 colours)', () => {
  it('is still an indexed PNG whose pixels are within a few units of the exact cell colours', async () => {
    const { renderHeatmap, heatmapPng, rasterize } = await import('../../../src/ca/heatmap');
    const ds = new Dataset({ arity: 'discrete-numeric', granularity: 1, retentionS: 600, point: false, nsources: 1 });
    // Every cell of many a different count: hundreds of rank saturations, in three hues.
    for (let s = NOW - 61; s < NOW - 1; s++) {
      const byKey: Record<string, [[number, number], number][]> = { a: [], b: [], c: [] };
      for (let b = 0; b < 100; b++) byKey['abc'[b % 3]!]!.push([[b * 10, b * 10 + 9], 1 + ((s * 31 + b * 17) % 997)]);
      ds.add(delta(s, byKey));
    }
    const r = renderHeatmap(ds.columns(NOW - 61, 60), parseHeatmapParams({ selected: 'a,b', ymax: '1000' }, 'image'));
    expect(new Set(r.cellColors).size).toBeGreaterThan(256);
    const p = pixels(heatmapPng(r).bytes);
    expect(p.indexed).toBe(true);
    const exact = rasterize(r);
    let worst = 0;
    for (let y = 0; y < 300; y += 7) {
      for (let x = 0; x < 600; x += 3) {
        const o = (y * 600 + x) * 4;
        const got = p.at(x, y);
        worst = Math.max(worst, Math.abs((got >>> 16) - exact[o]!), Math.abs(((got >>> 8) & 0xff) - exact[o + 1]!), Math.abs((got & 0xff) - exact[o + 2]!));
      }
    }
    expect(worst).toBeLessThanOrEqual(4);
  });
});

describe('the heatmap image at sizes that do not divide into cells', () => {
  it('has exactly the pixels of rasterize (cells of fractional width and height, some zero)', async () => {
    const { renderHeatmap, heatmapPng, rasterize } = await import('../../../src/ca/heatmap');
    const ds = new Dataset({ arity: 'discrete-numeric', granularity: 1, retentionS: 600, point: false, nsources: 1 });
    for (let s = NOW - 61; s < NOW - 1; s++) {
      const byKey: Record<string, [[number, number], number][]> = { a: [], b: [] };
      for (let b = 0; b < 100; b += 1 + (s % 3)) byKey['ab'[b % 2]!]!.push([[b * 10, b * 10 + 9], 1 + ((s * 7 + b) % 5)]);
      ds.add(delta(s, byKey));
    }
    for (const [width, height] of [
      [601, 299],
      [97, 143],
      [50, 80],
    ] as const) {
      const r = renderHeatmap(ds.columns(NOW - 61, 60), parseHeatmapParams({ selected: 'a', ymax: '1000', width: String(width), height: String(height) }, 'image'));
      const p = pixels(heatmapPng(r).bytes);
      const exact = rasterize(r);
      let wrong = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const o = (y * width + x) * 4;
          if (p.at(x, y) !== ((exact[o]! << 16) | (exact[o + 1]! << 8) | exact[o + 2]!)) wrong++;
        }
      }
      expect([width, height, wrong]).toEqual([width, height, 0]);
    }
  });
});
