// PNG encoding and base64 (src/ca/png.ts), and the heatmap image as a user gets it: the
// PNG decoded back (fast-png) with white empty cells, the densest cell at saturation 0.9
// (behaviour 16) and a selected key at hue 112 over the rest at hue 21 (behaviour 15).
import { convertIndexedToRgb, decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { rgbToHsv } from '../../../src/ca/color';
import { Dataset } from '../../../src/ca/dataset';
import { imageValue, parseHeatmapParams } from '../../../src/ca/heatmap';
import { base64Encode, encodePng } from '../../../src/ca/png';
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
