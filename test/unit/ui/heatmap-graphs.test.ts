// Graphs for scalar and discrete instrumentations: raw points parsed and kept per
// interval, stacked top-nine keys plus "other", a broken line where points are unknown,
// hatching where not every node reported, one path per layer.
import { describe, expect, it } from 'vitest';
import { describeGraph, OTHER, paintGraph, stack } from '../../../src/ui/graphs/draw';
import { parseRaw, SeriesRing } from '../../../src/ui/graphs/series';
import { fakeContext } from './heatmap-fixtures';

const pt = (t: number, value: number | Record<string, number>, minreporting = 2) => ({ start_time: t, duration: 1, nsources: 2, minreporting, value });

describe('series', () => {
  it('parses a point or an array and rejects heatmap-shaped values', () => {
    expect(parseRaw(pt(10, 5))).toHaveLength(1);
    expect(parseRaw([pt(10, 5), pt(11, 6)])).toHaveLength(2);
    expect(() => parseRaw({ ...pt(10, 5), value: [[[0, 9], 1]] })).toThrow(/raw value: value/);
  });

  it('a window keeps keys by size, zero where a key is absent, NaN where the interval is unknown', () => {
    const ring = new SeriesRing(100);
    ring.add(parseRaw([pt(10, { a: 1, b: 5 }), pt(12, { a: 2 }, 1)]));
    const w = ring.window(10, 3, 1);
    expect(w.keys).toEqual(['b', 'a']);
    expect(Array.from(w.values[0]!)).toEqual([5, NaN, 0]);
    expect(Array.from(w.reporting)).toEqual([2, -1, 1]);
    expect(w.nsources).toBe(2);
  });

  it('the ring forgets the oldest intervals beyond its capacity', () => {
    const ring = new SeriesRing(3);
    ring.add([10, 11, 12, 13, 14].map((t) => pt(t, t)));
    expect(ring.has(11)).toBe(false);
    expect(ring.has(12)).toBe(true);
    expect(ring.latest()).toBe(14);
  });
});

describe('graph painting', () => {
  it('stacks the nine largest keys and sums the rest as "other"', () => {
    const ring = new SeriesRing(10);
    const v: Record<string, number> = {};
    for (let k = 0; k < 12; k++) v[`z${k}`] = 12 - k;
    ring.add([pt(0, v)]);
    const s = stack(ring.window(0, 1, 1));
    expect(s.keys.length).toBe(10);
    expect(s.keys.at(-1)).toBe(OTHER);
    expect(s.tops.at(-1)![0]).toBe(78);
    expect(s.max).toBe(78);
  });

  it('fills one path per layer and hatches columns some node missed', () => {
    const ring = new SeriesRing(10);
    ring.add([pt(0, { a: 1, b: 2 }), pt(1, { a: 1, b: 1 }, 1), pt(2, { a: 3 })]);
    const f = ring.window(0, 3, 1);
    const { ctx, calls } = fakeContext();
    expect(paintGraph(ctx, f, stack(f), 300, 100)).toBe(3);
    expect(calls.filter((c) => c.op === 'fill')).toHaveLength(2);
    expect(calls.filter((c) => c.op === 'stroke')).toHaveLength(1);
  });

  it('a scalar is one line, broken where a point is unknown', () => {
    const ring = new SeriesRing(10);
    ring.add([pt(0, 4), pt(1, 5), pt(3, 6)]);
    const f = ring.window(0, 4, 1);
    const { ctx, calls } = fakeContext();
    paintGraph(ctx, f, stack(f), 400, 100);
    expect(calls.filter((c) => c.op === 'moveTo')).toHaveLength(2);
    expect(calls.filter((c) => c.op === 'lineTo')).toHaveLength(1);
  });

  it('a discrete window whose points are all empty objects (no keys yet) paints and describes without throwing', () => {
    // 60 columns as on the dashboard: the describer used to read tops[-1][59] here.
    const ring = new SeriesRing(120);
    for (let t = 0; t < 60; t++) ring.add([pt(t, {}, t === 10 ? 1 : 2)]);
    const f = ring.window(0, 60, 1);
    expect(f.scalar).toBe(false);
    expect(f.keys).toEqual([]);
    const s = stack(f);
    const { ctx } = fakeContext();
    expect(() => paintGraph(ctx, f, s, 600, 240)).not.toThrow();
    const text = describeGraph('Disk I/O by zone', f, s, 'count');
    expect(text).toMatch(/^Disk I\/O by zone, .*: no values yet; in 1 intervals not every node reported\.$/);
  });

  it('a window past the end of the data describes the latest known value of each layer', () => {
    const ring = new SeriesRing(120);
    ring.add([pt(0, { a: 1, b: 2 }), pt(1, { a: 5, b: 3 })]);
    const f = ring.window(0, 60, 1);
    const text = describeGraph('ops', f, stack(f), 'count');
    expect(text).toContain('a 5');
    expect(text).toContain('b 3');
    const scalar = new SeriesRing(120);
    scalar.add([pt(0, 7)]);
    const g = scalar.window(0, 60, 1);
    expect(describeGraph('ops', g, stack(g), 'count')).toContain('latest 7');
  });
});
