// The heatmap renderer's pure core: cells parsing, CA's layers and colours quantized to a
// palette, the batched painter (draw-call snapshots with a fake 2D context), hit-testing,
// axes and units, the tooltip's figures, per-column average / p99, drill-down bodies, and
// the one redraw scheduler.
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { cellColor, rgbToHsv } from '../../../src/ca/color';
import { displayUnit, formatValue, tickFormatter, unitOf, yScale, yTicks } from '../../../src/ui/heatmap/axes';
import { boxDetails, drillDownBody, normalizeBox } from '../../../src/ui/heatmap/details';
import { firstReported, missingColumns, parseCells } from '../../../src/ui/heatmap/frame';
import { cellAt, layersOf, layoutCells, paintCells, paintCellsPixels } from '../../../src/ui/heatmap/layout';
import { normalize } from '../../../src/ca/heatmap';
import { keyHue, paletteBound, quantize, quantizedSteps, selectNth, STEPS, stepColor, stepOf } from '../../../src/ui/heatmap/palette';
import { columnStats } from '../../../src/ui/heatmap/stats';
import { cellInfo, tooltipLines } from '../../../src/ui/heatmap/tooltip';
import { createScheduler } from '../../../src/ui/core/scheduler';
import { Scratch } from '../../../src/ui/heatmap/scratch';
import { cellsJson, fakeContext, rng } from './heatmap-fixtures';

const view = { selected: [] as string[], mode: 'highlight' as const, coloring: 'rank' as const };

describe('cells parsing', () => {
  it('turns the cells JSON into typed arrays and keeps the point fields', () => {
    const f = parseCells(cellsJson({ ncolumns: 3, nbuckets: 4, nkeys: 2, fill: (c, b, k) => (b === k ? c + 1 : 0), minreporting: 1 }));
    expect(f.ncolumns).toBe(3);
    expect(f.bounds.length).toBe(5);
    expect(Array.from(f.total.i)).toEqual([0, 1, 4, 5, 8, 9]);
    expect(f.keys.get('zone01')!.n[2]).toBe(3);
    expect(f.minreporting).toBe(1);
    expect(f.nsources).toBe(2);
  });

  it('rejects malformed answers naming the field', () => {
    const bad = { ...cellsJson({ ncolumns: 1, nbuckets: 2, nkeys: 1, fill: () => 1 }), bounds: [0, 1] };
    expect(() => parseCells(bad)).toThrow(/bounds has 2 edges, expected nbuckets \+ 1 = 3/);
    expect(() => parseCells({ nbuckets: 'x' })).toThrow(/heatmap cells: nbuckets/);
    const outside = cellsJson({ ncolumns: 1, nbuckets: 2, nkeys: 1, fill: () => 1 });
    outside.total = { i: [7], n: [1] };
    expect(() => parseCells(outside)).toThrow(/index 7 is outside the 2 cells/);
  });
});

describe('palette', () => {
  it('ranks jointly: the densest cell gets the full saturation, empty cells stay empty', () => {
    const [a, b] = normalize([Float64Array.of(0, 5, 1), Float64Array.of(2, 0, 5)], 'rank');
    expect(Array.from(a!)).toEqual([0, 1, 0.25]);
    expect(Array.from(b!)).toEqual([0.5, 0, 1]);
    expect(stepOf(1)).toBe(STEPS);
    expect(rgbToHsv(stepColor(21, STEPS)).s).toBeCloseTo(0.9, 2);
  });

  it('the quantized levels are exactly the levels of the normalized values (rank and linear)', () => {
    const r = rng(7);
    for (const [label, gen] of [
      ['integers', () => (r() < 0.3 ? 0 : Math.floor(r() * 40))],
      ['fractions', () => (r() < 0.3 ? 0 : Math.round(r() * 40000) / 1000)],
      ['weighted', () => (r() < 0.3 ? 0 : r() * 1e12)],
    ] as const) {
      const maps = Array.from({ length: 4 }, () => Float64Array.from({ length: 3000 }, gen));
      for (const coloring of ['rank', 'linear'] as const) {
        const want = normalize(maps, coloring).map((m) => Array.from(m, stepOf));
        expect(quantizedSteps(maps, coloring).map((m) => Array.from(m)), `${label} ${coloring}`).toEqual(want);
      }
    }
  });

  it('the rank levels equal the normalized levels for any counts (fast-check: duplicates, wide ranges, few cells)', () => {
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5_000_000 }).map((x) => x / 1000));
    fc.assert(
      fc.property(fc.array(fc.array(count, { minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const len = Math.max(...rows.map((r) => r.length));
        const maps = rows.map((r) => Float64Array.from({ length: len }, (_, i) => r[i] ?? 0));
        const want = normalize(maps, 'rank').map((m) => Array.from(m, stepOf));
        expect(quantizedSteps(maps, 'rank').map((m) => Array.from(m))).toEqual(want);
      }),
    );
  });

  it('linear colouring is v / max', () => {
    const [a] = normalize([Float64Array.of(0, 2, 8)], 'linear');
    expect(Array.from(a!)).toEqual([0, 0.25, 1]);
  });

  it("uses CA's hues: the rest 21, then 112, 203, 294, 25", () => {
    expect([0, 1, 2, 3].map(keyHue)).toEqual([112, 203, 294, 25]);
  });

  it('a blended cell is close to CA blend of its layers', () => {
    const q = quantize([Uint8Array.of(STEPS), Uint8Array.of(STEPS)], [21, 112], 1);
    const exact = cellColor([21, 112], [1, 1]);
    const got = q.colors[q.colorOf[0]! - 1]!;
    for (const sh of [16, 8, 0]) expect(Math.abs(((got >>> sh) & 0xff) - ((exact >>> sh) & 0xff))).toBeLessThanOrEqual(9);
  });

  it('never uses more colours than its bound, even for pathological blends', () => {
    const r = rng(3);
    const n = 20000;
    const maps = Array.from({ length: 6 }, () => Uint8Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1 + Math.floor(r() * STEPS))));
    const q = quantize(maps, [21, 112, 203, 294, 25, 116], n);
    expect(q.colors.length).toBeLessThanOrEqual(paletteBound(6));
  });
});

describe('layout and painting', () => {
  it('draws a 60 x 100 x 10-key heatmap with at most a palette of fill() calls', () => {
    const r = rng(1);
    const f = parseCells(cellsJson({ ncolumns: 60, nbuckets: 100, nkeys: 10, fill: () => Math.floor(r() * 50) }));
    const l = layoutCells(f, { ...view, selected: f.present.slice() });
    expect(l.layers.length).toBe(11);
    const { ctx, calls } = fakeContext();
    paintCells(ctx, l, 600, 300);
    const fills = calls.filter((c) => c.op === 'fill').length;
    expect(fills).toBeGreaterThan(1);
    expect(fills).toBeLessThanOrEqual(l.bound);
    expect(fills).toBeLessThanOrEqual(paletteBound(11));
    // Every painted cell is covered exactly once: 600 x 300 pixels of rectangles.
    const area = calls.filter((c) => c.op === 'rect').reduce((a, c) => a + (c.args[2] as number) * (c.args[3] as number), 0);
    expect(area).toBe(600 * 300);
  });

  it('the pixel painter paints exactly what the path painter outlines', () => {
    const r = rng(5);
    const f = parseCells(cellsJson({ ncolumns: 7, nbuckets: 9, nkeys: 3, fill: () => (r() < 0.4 ? 0 : Math.floor(r() * 9)) }));
    const l = layoutCells(f, { ...view, selected: ['zone01'] });
    const W = 61;
    const H = 47;
    const data = new Uint8ClampedArray(W * H * 4);
    paintCellsPixels(data, l, W, H);
    const want = new Array<string>(W * H).fill('#ffffff');
    const { ctx, calls } = fakeContext();
    paintCells(ctx, l, W, H);
    let style = '';
    for (const c of calls) {
      if (c.op === 'beginPath') style = '';
      if (c.op === 'rect') {
        const [x, y, w, h] = c.args as number[];
        for (let yy = y!; yy < y! + h!; yy++) for (let xx = x!; xx < x! + w!; xx++) want[yy * W + xx] = 'pending';
      }
      if (c.op === 'fill') {
        style = c.fillStyle!;
        for (let i = 0; i < want.length; i++) if (want[i] === 'pending') want[i] = style;
      }
    }
    const got = Array.from({ length: W * H }, (_, i) => `#${[0, 1, 2].map((k) => data[i * 4 + k]!.toString(16).padStart(2, '0')).join('')}`);
    expect(got).toEqual(want);
    expect(data[3]).toBe(255);
  });

  it('layouts borrow scratch memory but never return it: a later layout leaves earlier ones intact', () => {
    const r = rng(11);
    const a = parseCells(cellsJson({ ncolumns: 20, nbuckets: 30, nkeys: 4, fill: () => (r() < 0.5 ? 0 : Math.floor(r() * 20)) }));
    const b = parseCells(cellsJson({ ncolumns: 20, nbuckets: 30, nkeys: 4, fill: () => (r() < 0.5 ? 0 : Math.floor(r() * 20)) }));
    const v = { ...view, selected: ['zone01', 'zone03'] };
    const la = layoutCells(a, v);
    const snapshot = JSON.stringify({ c: la.colors, r: la.runs.map((x) => Array.from(x)) });
    layoutCells(b, v);
    expect(JSON.stringify({ c: la.colors, r: la.runs.map((x) => Array.from(x)) })).toBe(snapshot);
    const fresh = layoutCells(a, v, new Scratch());
    expect(JSON.stringify({ c: fresh.colors, r: fresh.runs.map((x) => Array.from(x)) })).toBe(snapshot);
  });

  it('merges runs of one colour in a column into one rectangle, bucket 0 at the bottom', () => {
    const f = parseCells(cellsJson({ ncolumns: 2, nbuckets: 4, nkeys: 1, fill: (c, b) => (c === 0 && b < 2 ? 1 : 0) }));
    const { ctx, calls } = fakeContext();
    paintCells(ctx, layoutCells(f, view), 20, 40);
    expect(calls.map((c) => c.op)).toEqual(['fillRect', 'beginPath', 'rect', 'fill']);
    expect(calls[0]!.fillStyle).toBe('#ffffff');
    expect(calls[2]!.args).toEqual([0, 20, 10, 20]);
    expect(calls[3]!.fillStyle).toBe(`#${stepColor(21, STEPS).toString(16).padStart(6, '0')}`);
  });

  it('isolate draws only the selected keys; exclude everything else', () => {
    const f = parseCells(cellsJson({ ncolumns: 1, nbuckets: 3, nkeys: 3, fill: (_c, b, k) => (b === k ? 4 : 0) }));
    const iso = layersOf(f, { ...view, selected: ['zone01'], mode: 'isolate' });
    expect(iso.layers).toEqual([{ key: 'zone01', hue: 112 }]);
    expect(Array.from(iso.maps[0]!)).toEqual([0, 4, 0]);
    const exc = layersOf(f, { ...view, selected: ['zone01'], mode: 'exclude' });
    expect(Array.from(exc.maps[0]!)).toEqual([4, 0, 4]);
    const hi = layersOf(f, { ...view, selected: ['zone01'] });
    expect(hi.layers.map((l) => l.hue)).toEqual([21, 112]);
  });

  it('hit-testing is the inverse of the painter', () => {
    expect(cellAt(0, 299, 600, 300, 60, 100)).toEqual({ column: 0, bucket: 0 });
    expect(cellAt(599, 0, 600, 300, 60, 100)).toEqual({ column: 59, bucket: 99 });
    expect(cellAt(15, 163, 600, 180, 60, 10)).toEqual({ column: 1, bucket: 0 });
    expect(cellAt(15, 161, 600, 180, 60, 10)).toEqual({ column: 1, bucket: 1 });
    expect(cellAt(600, 0, 600, 300, 60, 100)).toBeUndefined();
  });
});

describe('axes', () => {
  it('formats CA units: ns to µs/ms/s, bytes base 2, percent', () => {
    expect(formatValue(850, 'time')).toBe('850 ns');
    expect(formatValue(1500, 'time')).toBe('1.5 µs');
    expect(formatValue(2.5e6, 'time')).toBe('2.5 ms');
    expect(formatValue(3e9, 'time')).toBe('3 s');
    expect(formatValue(3 * 2 ** 20, 'size')).toBe('3 MiB');
    expect(formatValue(42, 'percent')).toBe('42%');
    expect(displayUnit('time', 1e7).name).toBe('ms');
    expect(tickFormatter('time', 1e7)(2e6)).toBe('2 ms');
  });

  it('knows field units from the catalog', () => {
    expect(unitOf('syscall', 'syscalls', ['zonename', 'latency']).heatmap).toBe('time');
    expect(unitOf('cpu', 'zones', ['utilization']).heatmap).toBe('percent');
    expect(unitOf('fs', 'logical_rwops', ['size']).heatmap).toBe('size');
  });

  it('linear and log y scales with labelled ticks', () => {
    const lin = yScale({ ymin: 0, ymax: 1e7, scale: 'linear' }, 300);
    expect(lin(0)).toBe(300);
    expect(lin(1e7)).toBe(0);
    expect(yTicks(lin, 'time', 5).map((t) => t.label)).toEqual(['0 ms', '2 ms', '4 ms', '6 ms', '8 ms', '10 ms']);
    const log = yScale({ ymin: 1000, ymax: 1e9, scale: 'log' }, 300);
    expect(log(1e6)).toBeCloseTo(150, 6);
    expect(yTicks(log, 'time', 6).map((t) => t.label)).toEqual(['1 µs', '10 µs', '100 µs', '1 ms', '10 ms', '100 ms', '1 s']);
  });
});

describe('tooltip and stats', () => {
  // Column 0: 10 events in bucket 0 ([0, 10)), 10 in bucket 1 ([10, 20)).
  const f = parseCells({
    ...cellsJson({ ncolumns: 2, nbuckets: 2, nkeys: 2, ymax: 20, fill: (c, b, k) => (c === 0 ? (b === 0 ? (k === 0 ? 6 : 4) : k === 0 ? 10 : 0) : 0) }),
  });

  it('says the range, the count, the share of the column and the cumulative percentile', () => {
    const c = cellInfo(f, 0, 0);
    expect(c.lo).toBe(0);
    expect(c.hi).toBe(10);
    expect(c.count).toBe(10);
    expect(c.pctOfColumn).toBe(50);
    expect(c.cumulativePct).toBe(50);
    expect(cellInfo(f, 0, 1).cumulativePct).toBe(100);
    expect(c.keys).toEqual([
      { key: 'zone00', count: 6 },
      { key: 'zone01', count: 4 },
    ]);
    const lines = tooltipLines(c, 'number');
    expect(lines[1]).toBe('0 – 10');
    expect(lines[2]).toBe('count 10 (50% of column)');
    expect(lines[3]).toBe('cumulative percentile 50%');
  });

  it("average and percentile as CA's routes compute them; empty columns have none", () => {
    const s = columnStats(f, 0.5);
    expect(s.average[0]).toBe(10);
    expect(s.percentile[0]).toBe(10);
    expect(Number.isNaN(s.average[1]!)).toBe(true);
    expect(columnStats(f).percentile[0]).toBeCloseTo(19.8, 9);
  });

  it('marks columns where nodes did not report', () => {
    const g = { ...f, reporting: Int16Array.of(2, 1) };
    expect(cellInfo(g, 0, 0).reporting).toBeUndefined();
    expect(cellInfo(g, 1, 0).reporting).toEqual({ reported: 1, of: 2 });
    expect(tooltipLines(cellInfo(g, 1, 0), 'number').at(-1)).toBe('only 1 of 2 nodes reported');
  });

  it('columns before any node reported are "no data yet", not missing nodes', () => {
    const g = { ...f, reporting: Int16Array.of(0, 1) };
    expect(firstReported(g)).toBe(1);
    expect(missingColumns(g)).toBe(1);
    expect(cellInfo(g, 0, 0).beforeData).toBe(true);
    expect(cellInfo(g, 0, 0).reporting).toBeUndefined();
    expect(tooltipLines(cellInfo(g, 0, 0), 'number').at(-1)).toBe('no data yet: before the instrumentation started');
    expect(missingColumns({ ...f, reporting: Int16Array.of(2, 2) })).toBe(0);
  });

  it('box details and the drill-down clone body', () => {
    const d = boxDetails(f, normalizeBox({ column: 1, bucket: 1 }, { column: 0, bucket: 0 }));
    expect(d.count).toBe(20);
    expect(d.keys[0]).toEqual({ key: 'zone00', count: 16 });
    expect(drillDownBody({ predicate: {}, decomposition: ['zonename', 'latency'] }, 'latency', 0, 10.5, 'execname')).toEqual({
      predicate: { lt: ['latency', 11] },
      decomposition: ['execname', 'latency'],
    });
    expect(drillDownBody({ predicate: { eq: ['zonename', 'web0'] }, decomposition: ['latency'] }, 'latency', 1000, 2000, undefined)).toEqual({
      predicate: { and: [{ eq: ['zonename', 'web0'] }, { ge: ['latency', 1000] }, { lt: ['latency', 2000] }] },
      decomposition: ['latency'],
    });
  });
});

describe('redraw scheduler', () => {
  it('coalesces requests: each canvas draws once per frame, all in one frame', () => {
    const queue: (() => void)[] = [];
    const s = createScheduler({ frames: { request: (cb) => void queue.push(cb) } });
    let a = 0;
    let b = 0;
    const ra = s.register(() => a++);
    const rb = s.register(() => b++);
    ra.request();
    ra.request();
    rb.request();
    expect(queue.length).toBe(1);
    queue.shift()!();
    expect([a, b]).toEqual([1, 1]);
    rb.request();
    rb.dispose();
    queue.shift()?.();
    expect(b).toBe(1);
    expect(s.stats().frames).toBe(1);
  });

  it('a frame over its budget leaves the remaining draws to the next frame', () => {
    const queue: (() => void)[] = [];
    let clock = 0;
    const s = createScheduler({ frames: { request: (cb) => void queue.push(cb) }, now: () => clock, frameBudgetMs: 8 });
    const drawn: number[] = [];
    for (let i = 0; i < 4; i++) s.register(() => (drawn.push(i), (clock += 5))).request();
    queue.shift()!();
    expect(drawn).toEqual([0, 1]);
    expect(queue.length).toBe(1);
    queue.shift()!();
    expect(drawn).toEqual([0, 1, 2, 3]);
    expect(s.stats().frames).toBe(2);
  });

  it('a throwing draw does not stop the others', () => {
    const errors: unknown[] = [];
    const s = createScheduler({ frames: { request: () => undefined }, onError: (e) => errors.push(e) });
    let ran = false;
    s.register(() => {
      throw new Error('boom');
    }).request();
    s.register(() => (ran = true)).request();
    s.flush();
    expect(ran).toBe(true);
    expect(errors.length).toBe(1);
  });
});

describe('selectNth', () => {
  test('finds the value of every rank, duplicates and all, as a sort would', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 300 }), fc.nat(), (xs, r) => {
        const k = r % xs.length;
        const a = Uint32Array.from(xs);
        const sorted = [...xs].sort((x, y) => x - y);
        expect(selectNth(a, k)).toBe(sorted[k]);
        // Ascending ranks searched from the last one found, as the thresholds are.
        const k2 = k + ((r >> 3) % (xs.length - k));
        expect(selectNth(a, k2, k)).toBe(sorted[k2]);
      }),
    );
  });
});
