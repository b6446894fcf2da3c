// CA heatmaps (src/ca/heatmap.ts, src/ca/color.ts): parameters and their errors
// (behaviour 13), bucketizing and autoscale, the default image (behaviour 14), selected /
// isolate / exclude / decompose_all layers and their hues (behaviour 15), rank and linear
// colouring (behaviour 16), details (behaviour 17), average and percentile (behaviour 18),
// scale=log and the cells JSON.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellColor, defaultHues, hsvToRgb, rgbToHsv, WHITE } from '../../../src/ca/color';
import { Dataset } from '../../../src/ca/dataset';
import { CaError } from '../../../src/ca/errors';
import {
  autoscale,
  averageValue,
  axisFor,
  bucketize,
  cellAt,
  cellsValue,
  detailsValue,
  heatmapPng,
  imageValue,
  medianCut,
  normalize,
  parseHeatmapParams,
  percentileValue,
  rasterize,
  renderHeatmap,
  spread,
  type Axis,
  type HeatmapKind,
} from '../../../src/ca/heatmap';
import { parseValueParams, respond, type Params } from '../../../src/ca/values';
import type { Delta } from '../../../src/engine/delta';

const NOW = 1_313_366_400;
type Dist = [[number, number], number][];

function delta(second: number, byKey: Record<string, Dist>): Delta {
  const keys = Object.keys(byKey);
  const offsets = [0];
  const lo: number[] = [];
  const hi: number[] = [];
  const n: number[] = [];
  for (const k of keys) {
    for (const [[l, h], c] of byKey[k]!) {
      lo.push(l);
      hi.push(h);
      n.push(c);
    }
    offsets.push(lo.length);
  }
  return {
    id: 'i',
    second,
    sources: ['cn1'],
    keys,
    values: new Float64Array(keys.length),
    dist: { offsets: Uint32Array.from(offsets), lo: Float64Array.from(lo), hi: Float64Array.from(hi), n: Float64Array.from(n) },
  };
}

function numeric(keyed = true): Dataset {
  return new Dataset({ arity: keyed ? 'discrete-numeric' : 'numeric', granularity: 1, retentionS: 600, point: false, nsources: 1 });
}

/** web0: 10 ops/s around 53 us, db0: 2 ops/s around 815 us, over the last 60 s; etl0 only 65 s ago. */
function latencyDataset(): Dataset {
  const ds = numeric();
  ds.add(delta(NOW - 66, { etl0: [[[2_000_000, 2_099_999], 5]] }));
  for (let s = NOW - 61; s < NOW - 1; s++) ds.add(delta(s, { web0: [[[53000, 53999], 10]], db0: [[[810000, 819999], 2]] }));
  return ds;
}

function hp(params: Params, kind: HeatmapKind = 'image') {
  return parseHeatmapParams(params, kind);
}

function point(kind: 'heatmap-image' | 'heatmap-details' | 'heatmap-average' | 'heatmap-percentile' | 'heatmap-cells' = 'heatmap-image', params: Params = {}) {
  return parseValueParams(params, { kind, granularity: 1, nowSec: NOW }).points[0]!;
}

function rejects(params: Params, kind: HeatmapKind, message: string): void {
  let err: unknown;
  try {
    parseHeatmapParams(params, kind);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CaError);
  expect((err as CaError).code).toBe('ECA_INVAL');
  expect((err as CaError).message).toBe(message);
}

/** Hue and saturation of a packed colour, rounded to what 8-bit channels can say. */
function hs(rgb: number): { h: number; s: number } {
  const c = rgbToHsv(rgb);
  return { h: Math.round(c.h), s: Math.round(c.s * 100) / 100 };
}

describe('heatmap parameters (behaviour 13)', () => {
  it("defaults: 600x300, 100 buckets, ymin 0, autoscaled ymax, rank colouring, count weights, CA's hues", () => {
    expect(hp({})).toMatchObject({ width: 600, height: 300, nbuckets: 100, ymin: undefined, ymax: undefined, selected: [], isolate: false, exclude: false, decomposeAll: false, hues: undefined, coloring: 'rank', weights: 'count', scale: 'linear' });
    expect(defaultHues(4, false)).toEqual([21, 112, 203, 294, 25]);
    expect(defaultHues(2, true)).toEqual([112, 203]);
  });

  it('takes selected[] repeated or comma-separated, and literal true/false', () => {
    expect(hp({ selected: 'a,b', isolate: 'true' })).toMatchObject({ selected: ['a', 'b'], isolate: true });
    expect(hp({ selected: ['a', 'b'], exclude: 'false' })).toMatchObject({ selected: ['a', 'b'], exclude: false });
  });

  it("rejects bad values with CA's messages", () => {
    rejects({ isolate: 'true', exclude: 'true' }, 'image', 'only one of "isolate", "exclude", and "decompose_all" may be specified');
    rejects({ exclude: 'true', decompose_all: 'true' }, 'image', 'only one of "isolate", "exclude", and "decompose_all" may be specified');
    rejects({ ymin: '50', ymax: '50' }, 'image', '"ymax" must be greater than "ymin"');
    rejects({ ymax: '0' }, 'image', '"ymax" must be greater than "ymin"');
    rejects({ selected: 'a,b', hues: '10' }, 'image', 'need 3 hues');
    rejects({ selected: 'a', hues: '10,360' }, 'image', 'invalid hue');
    rejects({ hues: 'red' }, 'image', 'invalid hue');
    rejects({ width: '9' }, 'image', 'value "9" for param "width" not valid: value too small (min: 10)');
    rejects({ height: '1001' }, 'image', 'value "1001" for param "height" not valid: value too large (max: 1000)');
    rejects({ nbuckets: '101' }, 'image', 'value "101" for param "nbuckets" not valid: value too large (max: 100)');
    rejects({ ymax: '1000000000001' }, 'image', 'value "1000000000001" for param "ymax" not valid: value too large (max: 1000000000000)');
    rejects({ isolate: 'yes' }, 'image', 'value "yes" for param "isolate" not valid: not a boolean');
    rejects({ coloring: 'rainbow' }, 'image', 'value "rainbow" for param "coloring" not valid: unsupported value');
    rejects({ weights: 'bytes' }, 'image', 'value "bytes" for param "weights" not valid: unsupported value');
    rejects({ scale: 'log', ymin: '0' }, 'image', '"ymin" must be greater than 0 when "scale" is "log"');
    rejects({ x: '1', y: '1' }, 'details', '"ymax" must be specified');
    rejects({ ymax: '100', y: '1' }, 'details', 'param "x" must be specified');
    rejects({ ymax: '100', x: '600', y: '1' }, 'details', '"x" must be less than "width"');
    rejects({ ymax: '100', x: '1', y: '300' }, 'details', '"y" must be less than "height"');
    rejects({}, 'percentile', 'param "percentile" must be specified');
    rejects({ percentile: '1.5' }, 'percentile', 'value "1.5" for param "percentile" not valid: value too large (max: 1)');
  });

  it('a heatmap of an instrumentation without a numeric decomposition is not found', () => {
    const scalar = new Dataset({ arity: 'scalar', granularity: 1, retentionS: 600, point: false, nsources: 1 });
    for (const f of [() => imageValue(scalar, point(), hp({})), () => cellsValue(scalar, point(), hp({}, 'cells')), () => averageValue(scalar, point(), hp({}, 'average'))]) {
      expect(f).toThrow(CaError);
      try {
        f();
      } catch (e) {
        expect((e as CaError).code).toBe('ECA_NOENT');
      }
    }
  });
});

function linearAxis(ymin: number, ymax: number, nbuckets: number): Axis {
  const edges = Float64Array.from({ length: nbuckets + 1 }, (_, b) => ymin + (b * (ymax - ymin)) / nbuckets);
  return { ymin, ymax, nbuckets, scale: 'linear', edges };
}

function spreadOf(axis: Axis, lo: number, hi: number): [number, number][] {
  const out: [number, number][] = [];
  spread(axis, lo, hi, (b, f) => out.push([b, Math.round(f * 1e9) / 1e9]));
  return out;
}

describe('bucketizing', () => {
  it('takes [lo, hi] as [lo, hi + 1) and spreads its count by overlap; drops what is outside [ymin, ymax)', () => {
    const a = linearAxis(0, 100, 10);
    expect(spreadOf(a, 0, 9)).toEqual([[0, 1]]);
    expect(spreadOf(a, 5, 14)).toEqual([
      [0, 0.5],
      [1, 0.5],
    ]);
    expect(spreadOf(a, 0, 39)).toEqual([
      [0, 0.25],
      [1, 0.25],
      [2, 0.25],
      [3, 0.25],
    ]);
    expect(spreadOf(a, 95, 104)).toEqual([[9, 0.5]]);
    expect(spreadOf(a, 100, 110)).toEqual([]);
    expect(spreadOf(linearAxis(20, 100, 8), 0, 39)).toEqual([[0, 0.25], [1, 0.25]]);
    expect(spreadOf(linearAxis(20, 100, 8), 0, 19)).toEqual([]);
  });

  it('autoscales ymax to a round number less than 25% above the largest value', () => {
    expect(autoscale(8.7e6)).toBe(1e7);
    expect(autoscale(820000)).toBe(1e6);
    expect(autoscale(95)).toBe(100);
    expect(autoscale(101)).toBe(120);
    expect(autoscale(1000)).toBe(1200);
    expect(autoscale(54000)).toBe(60000);
  });

  it('weights=weight multiplies each count by its range midpoint', () => {
    const ds = numeric(false);
    ds.add(delta(NOW - 2, { '': [[[0, 9], 10]] }));
    const c = cellsValue(ds, point('heatmap-cells'), hp({ weights: 'weight', ymax: '100', nbuckets: '10' }, 'cells'));
    expect(c.total).toEqual({ i: [590], n: [45] });
  });

  it('normalizes jointly: rank (duplicates share the first position) and linear (at least 1)', () => {
    const [a, b] = normalize([Float64Array.of(0, 5, 5), Float64Array.of(3, 0, 1)], 'rank');
    expect(Array.from(a!)).toEqual([0, 1, 1]);
    expect(Array.from(b!)).toEqual([2 / 4, 0, 1 / 4]);
    const [l] = normalize([Float64Array.of(0, 0.5, 0.25)], 'linear');
    expect(Array.from(l!)).toEqual([0, 0.5, 0.25]);
    const [m] = normalize([Float64Array.of(0, 8, 2)], 'linear');
    expect(Array.from(m!)).toEqual([0, 1, 0.25]);
  });
});

describe('colours', () => {
  it('HSV(hue, 0.9·v, 0.95); white when empty; several layers blend by share', () => {
    expect(cellColor([21], [0])).toBe(WHITE);
    expect(hs(cellColor([21], [1]))).toEqual({ h: 21, s: 0.9 });
    expect(hs(cellColor([112], [0.5]))).toEqual({ h: 112, s: 0.45 });
    expect(rgbToHsv(cellColor([21], [1])).v).toBeCloseTo(0.95, 2);
    expect(cellColor([21, 112], [0, 0])).toBe(WHITE);
    expect(cellColor([21, 112], [0, 1])).toBe(hsvToRgb(112, 0.9, 0.95));
    const mix = cellColor([0, 240], [1, 1]);
    const red = hsvToRgb(0, 0.9, 0.95);
    const blue = hsvToRgb(240, 0.9, 0.95);
    expect(mix >>> 16).toBe(Math.trunc(((red >>> 16) + (blue >>> 16)) / 2));
    expect(mix & 0xff).toBe(Math.trunc(((red & 0xff) + (blue & 0xff)) / 2));
  });
});

describe('the default image (behaviour 14)', () => {
  it('is 600x300 with 100 buckets, a nice autoscaled ymax and the keys present in the last 60 s', () => {
    const ds = latencyDataset();
    const { value, png } = imageValue(ds, point(), hp({}));
    expect(value).toMatchObject({ width: 600, height: 300, nbuckets: 100, ymin: 0, ymax: 1_000_000, present: ['db0', 'web0'], transformations: {} });
    expect(value.image.length).toBeGreaterThan(100);
    expect(Array.from(png.subarray(1, 4), (c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // The old key shows up in a window that covers it.
    expect(imageValue(ds, point('heatmap-image', { start_time: String(NOW - 70) }), hp({})).value.present).toEqual(['db0', 'etl0', 'web0']);
  });

  it('draws each column as floor(c·w/n) .. floor((c+1)·w/n) - 1 and bucket b at rows of j = nbuckets - b - 1', () => {
    const ds = latencyDataset();
    const r = renderHeatmap(ds.columns(NOW - 61, 60), hp({}));
    const rgba = rasterize(r);
    const at = (x: number, y: number) => {
      const o = (y * 600 + x) * 4;
      expect(rgba[o + 3]).toBe(255);
      return (rgba[o]! << 16) | (rgba[o + 1]! << 8) | rgba[o + 2]!;
    };
    // web0 (53 us) is bucket 5: rows (100 - 5 - 1)·3 = 282 .. 284; db0 (815 us) bucket 81: rows 54 .. 56.
    expect(at(0, 282)).toBe(r.cellColors[5]);
    expect(at(9, 284)).toBe(r.cellColors[5]);
    expect(at(0, 54)).toBe(r.cellColors[81]);
    expect(at(599, 56)).toBe(r.cellColors[59 * 100 + 81]);
    expect(at(0, 285)).toBe(WHITE);
    expect(at(300, 0)).toBe(WHITE);
    expect(rgba.length).toBe(600 * 300 * 4);
  });
});

describe('layers and hues (behaviour 15)', () => {
  const ds = latencyDataset();
  const src = ds.columns(NOW - 61, 60);
  const WEB = 5;
  const DB = 81;

  it('selected=[k] draws k at hue 112 over the rest at hue 21', () => {
    const r = renderHeatmap(src, hp({ selected: 'db0' }));
    expect(hs(r.cellColors[DB]!).h).toBe(112);
    expect(hs(r.cellColors[WEB]!).h).toBe(21);
  });

  it('isolate draws only k; exclude only the rest', () => {
    const iso = renderHeatmap(src, hp({ selected: 'db0', isolate: 'true' }));
    expect(hs(iso.cellColors[DB]!).h).toBe(112);
    expect(iso.cellColors[WEB]).toBe(WHITE);
    const exc = renderHeatmap(src, hp({ selected: 'db0', exclude: 'true' }));
    expect(exc.cellColors[DB]).toBe(WHITE);
    expect(hs(exc.cellColors[WEB]!).h).toBe(21);
    // isolate with nothing selected: a blank image.
    expect(renderHeatmap(src, hp({ isolate: 'true' })).cellColors.every((c) => c === WHITE)).toBe(true);
  });

  it('decompose_all gives every present key its own hue in sorted order', () => {
    const r = renderHeatmap(src, hp({ decompose_all: 'true' }));
    expect(hs(r.cellColors[DB]!).h).toBe(112);
    expect(hs(r.cellColors[WEB]!).h).toBe(203);
  });

  it('hues[] replaces the defaults (rest first)', () => {
    const r = renderHeatmap(src, hp({ selected: 'db0', hues: '300,60' }));
    expect(hs(r.cellColors[WEB]!).h).toBe(300);
    expect(hs(r.cellColors[DB]!).h).toBe(60);
  });

  it('a cell shared by the rest and a selected key blends their colours', () => {
    const mixed = numeric();
    for (let s = NOW - 61; s < NOW - 1; s++) mixed.add(delta(s, { a: [[[0, 9], 4]], b: [[[0, 9], 4]] }));
    const r = renderHeatmap(mixed.columns(NOW - 61, 60), hp({ selected: 'a', ymax: '100', nbuckets: '10' }));
    expect(r.cellColors[0]).toBe(cellColor([21, 112], [1, 1]));
    expect(hs(r.cellColors[0]!).h).not.toBe(21);
  });
});

describe('colouring (behaviour 16)', () => {
  const ds = numeric();
  // The web0 cell is the densest; db0 has 2..5 per second.
  for (let s = NOW - 61; s < NOW - 1; s++) ds.add(delta(s, { web0: [[[53000, 53999], 10]], db0: [[[810000, 819999], 2 + (s % 4)]] }));
  const src = ds.columns(NOW - 61, 60);

  it('rank: the densest cell has saturation 0.9, the others by rank; empty cells are white', () => {
    const r = renderHeatmap(src, hp({}));
    expect(hs(r.cellColors[5]!)).toEqual({ h: 21, s: 0.9 });
    // 120 non-zero cells: 60 of 10, then 15 each of 5, 4, 3, 2 -> 2 ranks at (120 - 105) / 120.
    const two = Array.from({ length: 60 }, (_, c) => c).find((c) => (NOW - 61 + c) % 4 === 0)!;
    expect(hs(r.cellColors[two * 100 + 81]!).s).toBeCloseTo(0.9 * (15 / 120), 2);
    expect(r.cellColors[50]).toBe(WHITE);
    expect(r.cellColors.filter((c) => c === WHITE).length).toBe(6000 - 120);
  });

  it('linear: saturation in proportion to the count', () => {
    const r = renderHeatmap(src, hp({ coloring: 'linear' }));
    expect(hs(r.cellColors[5]!).s).toBe(0.9);
    const two = Array.from({ length: 60 }, (_, c) => c).find((c) => (NOW - 61 + c) % 4 === 0)!;
    expect(hs(r.cellColors[two * 100 + 81]!).s).toBeCloseTo(0.9 * 0.2, 2);
  });
});

describe('details (behaviour 17)', () => {
  const ds = numeric();
  for (let s = NOW - 61; s < NOW - 1; s++) ds.add(delta(s, { a: [[[0, 9], 3]], b: [[[8, 17], 1]] }));

  it('maps y to a bucket aligned to (ymax - ymin) / nbuckets (CA test: ymax 100, nbuckets 10, height 180)', () => {
    const base = { ymax: '100', nbuckets: '10', height: '180', x: '0' };
    expect(detailsValue(ds, point('heatmap-details'), hp({ ...base, y: '163' }, 'details'))).toMatchObject({ bucket_ymin: 0, bucket_ymax: 10 });
    expect(detailsValue(ds, point('heatmap-details'), hp({ ...base, y: '161' }, 'details'))).toMatchObject({ bucket_ymin: 10, bucket_ymax: 20 });
  });

  it('reports each key present in the cell as at least 1, and total as their sum', () => {
    const d = detailsValue(ds, point('heatmap-details'), hp({ ymax: '100', nbuckets: '10', height: '180', x: '25', y: '170' }, 'details'));
    // b's [8, 17] puts 0.2 in [0, 10): shown as 1.
    expect(d).toEqual({ nbuckets: 10, width: 600, height: 180, bucket_time: NOW - 61 + 2, bucket_ymin: 0, bucket_ymax: 10, present: { a: 3, b: 1 }, total: 4 });
    const up = detailsValue(ds, point('heatmap-details'), hp({ ymax: '100', nbuckets: '10', height: '180', x: '599', y: '150' }, 'details'));
    expect(up).toMatchObject({ bucket_time: NOW - 2, bucket_ymin: 10, bucket_ymax: 20, present: { b: 1 }, total: 1 });
  });

  it('without a discrete decomposition the total is counted the same way', () => {
    const one = numeric(false);
    one.add(delta(NOW - 61, { '': [[[0, 9], 2]] }));
    expect(detailsValue(one, point('heatmap-details'), hp({ ymax: '100', nbuckets: '10', x: '0', y: '299' }, 'details'))).toMatchObject({ present: {}, total: 2 });
    expect(detailsValue(one, point('heatmap-details'), hp({ ymax: '100', nbuckets: '10', x: '20', y: '299' }, 'details'))).toMatchObject({ present: {}, total: 0 });
  });

  it('pixels map back to the cell the image drew there, also at fractional sizes', () => {
    for (const [w, n] of [
      [600, 60],
      [500, 60],
      [37, 7],
    ] as const) {
      for (let x = 0; x < w; x++) {
        const { column } = cellAt(x, 0, w, 10, n, 1);
        expect(Math.floor((column * w) / n)).toBeLessThanOrEqual(x);
        expect(Math.floor(((column + 1) * w) / n)).toBeGreaterThan(x);
      }
    }
    expect(cellAt(0, 299, 600, 300, 60, 100)).toEqual({ column: 0, bucket: 0 });
    expect(cellAt(599, 0, 600, 300, 60, 100)).toEqual({ column: 59, bucket: 99 });
  });
});

describe('average and percentile (behaviour 18)', () => {
  const ds = numeric(false);
  ds.add(delta(NOW - 2, { '': [[[0, 9], 10], [[10, 19], 10]] }));

  it('percentile 0.5 of 10 events in [0, 9] and 10 in [10, 19] with ymax 20 is 10; an empty column gives ymin', () => {
    const p = percentileValue(ds, point('heatmap-percentile'), hp({ ymax: '20', percentile: '0.5' }, 'percentile'));
    expect(p.percentile).toBeCloseTo(10, 9);
    expect(percentileValue(ds, point('heatmap-percentile'), hp({ ymax: '20', percentile: '1' }, 'percentile')).percentile).toBeCloseTo(20, 9);
    expect(percentileValue(ds, point('heatmap-percentile'), hp({ ymax: '20', percentile: '0.25' }, 'percentile')).percentile).toBeCloseTo(5, 9);
    const empty = point('heatmap-percentile', { start_time: String(NOW - 30) });
    expect(percentileValue(ds, empty, hp({ ymax: '20', ymin: '3', percentile: '0.5' }, 'percentile')).percentile).toBe(3);
  });

  it('average is Σ n·midpoint / Σ n over the buckets; an empty column gives null', () => {
    expect(averageValue(ds, point('heatmap-average'), hp({ ymax: '20' }, 'average')).average).toBeCloseTo(10, 9);
    expect(averageValue(ds, point('heatmap-average', { start_time: String(NOW - 30) }), hp({}, 'average')).average).toBeNull();
    // Autoscaled when ymax is not given: data up to 20 -> 22 (the first multiple of 2 above it that is less than 25% above).
    expect(averageValue(ds, point('heatmap-average'), hp({}, 'average'))).toMatchObject({ ymax: 22, nbuckets: 100, width: 600, height: 300 });
  });

  it('answers per point with the point fields', () => {
    const req = parseValueParams({ ndatapoints: '2', start_time: String(NOW - 3) }, { kind: 'heatmap-average', granularity: 1, nowSec: NOW });
    const h = hp({ ymax: '20' }, 'average');
    const out = respond(ds, req, (p) => averageValue(ds, p, h)) as { average: number | null; start_time: number }[];
    expect(out.map((p) => [p.start_time, p.average === null ? null : Math.round(p.average)])).toEqual([
      [NOW - 3, null],
      [NOW - 2, 10],
    ]);
  });
});

describe('scale=log (DESIGN addition)', () => {
  it('buckets are equal in log10 between ymin > 0 and ymax; ymin defaults to the power of ten below the data', () => {
    const ds = latencyDataset();
    const src = ds.columns(NOW - 61, 60);
    const axis = axisFor(src, hp({ scale: 'log' }));
    expect(axis).toMatchObject({ ymin: 10000, ymax: 1_000_000, scale: 'log' });
    expect(axis.edges[50]).toBeCloseTo(100000, 6);
    const fixed = axisFor(src, hp({ scale: 'log', ymin: '1', ymax: '1000000', nbuckets: '6' }));
    expect(Array.from(fixed.edges, (e) => Math.round(e))).toEqual([1, 10, 100, 1000, 10000, 100000, 1000000]);
    expect(spreadOf(fixed, 10, 99)).toEqual([[1, 1]]);
    expect(spreadOf(fixed, 50, 149)).toEqual([
      [1, 0.5],
      [2, 0.5],
    ]);
    // [0, 2): the half below ymin is off the axis.
    expect(spreadOf(fixed, 0, 1)).toEqual([[0, 0.5]]);
    const img = imageValue(ds, point(), hp({ scale: 'log' }));
    expect(img.value).toMatchObject({ ymin: 10000, ymax: 1_000_000, scale: 'log' });
    // 53 us sits at log10(5.3)/2 of the axis: bucket 36.
    const r = renderHeatmap(src, hp({ scale: 'log' }));
    expect(r.cellColors[36]).not.toBe(WHITE);
  });
});

describe('cells JSON (DESIGN addition)', () => {
  it('gives sparse, columnar counts for the total and each present key, with bucket bounds', () => {
    const ds = latencyDataset();
    const c = cellsValue(ds, point('heatmap-cells'), hp({}, 'cells'));
    expect(c).toMatchObject({ nbuckets: 100, ncolumns: 60, granularity: 1, ymin: 0, ymax: 1_000_000, scale: 'linear', weights: 'count', present: ['db0', 'web0'] });
    expect(c.bounds).toHaveLength(101);
    expect(c.bounds[5]).toBe(50000);
    expect(c.total.i.slice(0, 2)).toEqual([5, 81]);
    expect(c.total.n.slice(0, 2)).toEqual([10, 2]);
    expect(c.total.i).toHaveLength(120);
    expect(c.total.n.reduce((a, b) => a + b, 0)).toBe(60 * 12);
    expect(Object.keys(c.keys)).toEqual(['db0', 'web0']);
    expect(c.keys['db0']!.i.every((i) => i % 100 === 81)).toBe(true);
    expect(c.keys['web0']!.n.every((n) => n === 10)).toBe(true);
    const only = cellsValue(ds, point('heatmap-cells'), hp({ selected: 'web0' }, 'cells'));
    expect(Object.keys(only.keys)).toEqual(['web0']);
    expect(JSON.parse(JSON.stringify(only))).toEqual(only);
  });

  it('fractional counts from spreading keep 3 decimals', () => {
    const ds = numeric(false);
    ds.add(delta(NOW - 2, { '': [[[0, 29], 1]] }));
    const c = cellsValue(ds, point('heatmap-cells'), hp({ ymax: '100', nbuckets: '10' }, 'cells'));
    expect(c.total).toEqual({ i: [590, 591, 592], n: [0.333, 0.333, 0.333] });
  });

  it('bucketize gives the same total as the keys plus the rest', () => {
    const ds = latencyDataset();
    const src = ds.columns(NOW - 61, 60);
    const l = bucketize(src, axisFor(src, hp({})), ['web0'], 'count');
    for (let i = 0; i < l.total.length; i++) expect(l.total[i]).toBeCloseTo(l.keys[0]![i]! + l.rest[i]!, 9);
  });
});

describe('the column cache (a live heatmap asks for the window moved by one interval each second)', () => {
  it('answers exactly as a fresh bucketization, and follows data that changes inside the window', () => {
    const ds = numeric();
    const add = (s: number, k: string, lo: number, n: number) => ds.add(delta(s, { [k]: [[[lo, lo + 999], n]] }));
    for (let s = NOW - 120; s < NOW - 1; s++) add(s, `z${s % 3}`, 1000 * (s % 50), 1 + (s % 7));
    const check = (start: number, q: Params) => {
      const h = hp(q);
      const cached = imageValue(ds, { start_time: start, duration: 60 }, h);
      const fresh = renderHeatmap(ds.columns(start, 60), h);
      expect(cached.value.ymax).toBe(fresh.axis.ymax);
      expect(cached.value.present).toEqual(fresh.present);
      expect(cached.png).toEqual(imageValueUncached(fresh));
    };
    const imageValueUncached = (r: ReturnType<typeof renderHeatmap>) => heatmapPng(r).bytes;
    for (let start = NOW - 100; start < NOW - 90; start++) check(start, {});
    check(NOW - 90, { selected: 'z1' });
    check(NOW - 90, { decompose_all: 'true' });
    check(NOW - 90, { ymax: '20000', weights: 'weight' });
    // Late data in a cached column, and a new key, change the answer.
    add(NOW - 80, 'late', 45000, 500);
    check(NOW - 90, {});
    check(NOW - 90, { selected: 'late' });
    const cells = cellsValue(ds, { start_time: NOW - 90, duration: 60 }, hp({}, 'cells'));
    expect(cells.present).toContain('late');
    // ymax autoscales to 60000 (600 a bucket): [45000, 46000) is 60% bucket 75, 40% bucket 76, in column 10.
    expect(cells.ymax).toBe(60000);
    expect(cells.keys['late']).toEqual({ i: [1075, 1076], n: [300, 200] });
  });
});

describe('palette reduction (medianCut)', () => {
  it('maps any number of colours onto at most 256, white exactly, the others to a nearby colour', () => {
    const counts = new Map<number, number>([[WHITE, 50]]);
    for (let s = 0; s < 900; s++) for (const hue of [21, 112, 203]) counts.set(hsvToRgb(hue, (0.9 * s) / 899, 0.95), 1 + (s % 5));
    const { palette, slot } = medianCut(counts, 256);
    expect(palette.length).toBeLessThanOrEqual(256);
    expect(palette[slot.get(WHITE)!]).toBe(WHITE);
    let worst = 0;
    for (const c of counts.keys()) {
      const p = palette[slot.get(c)!]!;
      for (const sh of [16, 8, 0]) worst = Math.max(worst, Math.abs(((c >>> sh) & 0xff) - ((p >>> sh) & 0xff)));
    }
    expect(worst).toBeLessThanOrEqual(6);
  });
});

describe('spreading: property', () => {
  it("a range's fractions add up to the part of [lo, hi + 1) inside [ymin, ymax), on either axis", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'linear' | 'log'>('linear', 'log'),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        (scale, nbuckets, ymin0, span, lo, width) => {
          const ymin = scale === 'log' ? ymin0 + 1 : ymin0;
          const axis = axisFor({ rangeLo: new Float64Array(0), rangeHi: new Float64Array(0) } as never, { ymin, ymax: ymin + span, nbuckets, scale }, new Uint8Array(0));
          const hi = lo + width;
          let sum = 0;
          spread(axis, lo, hi, (b, f) => {
            expect(b).toBeGreaterThanOrEqual(0);
            expect(b).toBeLessThan(nbuckets);
            expect(f).toBeGreaterThan(0);
            // The bucket really overlaps the range.
            expect(axis.edges[b]!).toBeLessThan(hi + 1);
            expect(axis.edges[b + 1]!).toBeGreaterThan(lo);
            sum += f;
          });
          const inside = Math.max(0, Math.min(hi + 1, axis.ymax) - Math.max(lo, axis.ymin));
          expect(sum).toBeCloseTo(inside / (hi + 1 - lo), 9);
        },
      ),
      { numRuns: 500 },
    );
  });
});
