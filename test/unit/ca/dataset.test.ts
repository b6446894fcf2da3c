// The CA store of one instrumentation (src/ca/dataset.ts): deltas from several shards add
// up per interval, granularity alignment, point metrics (behaviour 22), retention expiry
// (behaviour 21), per-interval sources for minreporting (behaviour 20), the heatmap
// columns, and memory that stays small for an hour of a 12-zone latency heatmap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dataset, datasetArity, type DatasetArity } from '../../../src/ca/dataset';
import type { Delta } from '../../../src/engine/delta';

type Dist = [[number, number], number][];

/** A delta for `second` from `sources`: scalar (number), discrete ({k: n}), numeric (Dist) or discrete+numeric ({k: Dist}). */
function delta(second: number, sources: string[], v: number | Record<string, number> | Dist | Record<string, Dist>): Delta {
  if (typeof v === 'number') return { id: 'i', second, sources, keys: [''], values: Float64Array.of(v) };
  const numeric = Array.isArray(v) || Object.values(v).some((x) => Array.isArray(x));
  if (!numeric) {
    const rec = v as Record<string, number>;
    return { id: 'i', second, sources, keys: Object.keys(rec), values: Float64Array.from(Object.values(rec)) };
  }
  const byKey: [string, Dist][] = Array.isArray(v) ? [['', v]] : Object.entries(v as Record<string, Dist>);
  const offsets = [0];
  const lo: number[] = [];
  const hi: number[] = [];
  const n: number[] = [];
  for (const [, d] of byKey) {
    for (const [[l, h], c] of d) {
      lo.push(l);
      hi.push(h);
      n.push(c);
    }
    offsets.push(lo.length);
  }
  return {
    id: 'i',
    second,
    sources,
    keys: byKey.map(([k]) => k),
    values: Float64Array.from(byKey.map(([, d]) => d.reduce((s, [, c]) => s + c, 0))),
    dist: { offsets: Uint32Array.from(offsets), lo: Float64Array.from(lo), hi: Float64Array.from(hi), n: Float64Array.from(n) },
  };
}

function ds(arity: DatasetArity, o: { granularity?: number; retentionS?: number; point?: boolean; nsources?: number } = {}): Dataset {
  return new Dataset({ arity, granularity: o.granularity ?? 1, retentionS: o.retentionS ?? 600, point: o.point ?? false, nsources: o.nsources ?? 2 });
}

const T = 1_313_366_400; // 2011-08-15T00:00:00Z, a CA time

describe('Dataset: deltas of one interval from several shards', () => {
  it('adds scalars and joins their sources', () => {
    const d = ds('scalar');
    d.add(delta(T, ['cn1'], 5));
    d.add(delta(T, ['cn2', 'cn3'], 7));
    expect(d.raw(T, 1)).toBe(12);
    expect(d.reportingAt(T)).toBe(3);
    expect(d.raw(T + 1, 1)).toBe(0);
  });

  it('adds discrete decompositions key by key', () => {
    const d = ds('discrete');
    d.add(delta(T, ['cn1'], { web0: 3, db0: 1 }));
    d.add(delta(T, ['cn2'], { web0: 2, etl0: 4 }));
    expect(d.raw(T, 1)).toEqual({ web0: 5, db0: 1, etl0: 4 });
    expect(d.raw(T - 1, 1)).toEqual({});
  });

  it('adds distributions count by count on identical ranges and answers them sorted by lo', () => {
    const d = ds('numeric');
    d.add(delta(T, ['cn1'], [[[53000, 53999], 4], [[1000, 1999], 1]]));
    d.add(delta(T, ['cn2'], [[[53000, 53999], 2], [[810000, 819999], 1]]));
    expect(d.raw(T, 1)).toEqual([
      [[1000, 1999], 1],
      [[53000, 53999], 6],
      [[810000, 819999], 1],
    ]);
    expect(d.raw(T + 5, 1)).toEqual([]);
  });

  it('keeps a distribution per key with a discrete decomposition', () => {
    const d = ds('discrete-numeric');
    d.add(delta(T, ['cn1'], { sd0: [[[110000, 119999], 1]] }));
    d.add(delta(T, ['cn2'], { sd0: [[[100000, 109999], 2]], sd1: [[[0, 999], 7]] }));
    expect(d.raw(T, 1)).toEqual({ sd0: [[[100000, 109999], 2], [[110000, 119999], 1]], sd1: [[[0, 999], 7]] });
  });

  it('sums a window of several intervals', () => {
    const d = ds('discrete');
    for (let s = 0; s < 5; s++) d.add(delta(T + s, ['cn1'], { a: 1, b: s }));
    expect(d.raw(T, 5)).toEqual({ a: 5, b: 10 });
    expect(d.raw(T + 3, 2)).toEqual({ a: 2, b: 7 });
  });

  it('keeps negative and fractional values exactly', () => {
    const d = ds('discrete');
    d.add(delta(T, ['cn1'], { a: -2.5, b: 1e15 }));
    d.add(delta(T, ['cn2'], { a: 0.25 }));
    expect(d.raw(T, 1)).toEqual({ a: -2.25, b: 1e15 });
  });
});

describe('Dataset: granularity', () => {
  it('aligns seconds down to the interval and sums the seconds of an interval', () => {
    const d = ds('scalar', { granularity: 10, nsources: 1 });
    for (let s = 0; s < 20; s++) d.add(delta(T + s, ['cn1'], 1));
    expect(d.ptime(T + 7)).toBe(T);
    expect(d.raw(T, 10)).toBe(10);
    expect(d.raw(T + 3, 10)).toBe(10); // start floored to the interval
    expect(d.raw(T, 20)).toBe(20);
    expect(d.normalize(T + 3, 11)).toEqual({ start: T, duration: 20 });
  });

  it('distributions of one interval add across its seconds', () => {
    const d = ds('numeric', { granularity: 5 });
    for (let s = 0; s < 5; s++) d.add(delta(T + s, ['cn1'], [[[10, 19], 1]]));
    expect(d.raw(T, 5)).toEqual([[[10, 19], 5]]);
  });
});

describe('Dataset: point-in-time metrics (behaviour 22)', () => {
  it('a read over 60 s returns the first interval, not a sum', () => {
    const d = ds('scalar', { point: true, nsources: 1 });
    for (let s = 0; s < 60; s++) d.add(delta(T + s, ['cn1'], 1000 + s));
    expect(d.raw(T, 60)).toBe(1000);
    expect(d.raw(T + 10, 60)).toBe(1010);
  });

  it('keeps only the first report of a source in an interval; other sources still add', () => {
    const d = ds('discrete', { point: true, granularity: 10 });
    d.add(delta(T, ['cn1'], { web0: 100 }));
    d.add(delta(T + 1, ['cn1'], { web0: 999 }));
    d.add(delta(T + 2, ['cn2'], { db0: 50 }));
    expect(d.raw(T, 10)).toEqual({ web0: 100, db0: 50 });
    expect(d.reportingAt(T)).toBe(2);
  });

  it('an interval metric over the same data is a sum', () => {
    const d = ds('scalar', { nsources: 1 });
    for (let s = 0; s < 60; s++) d.add(delta(T + s, ['cn1'], 1));
    expect(d.raw(T, 60)).toBe(60);
  });
});

describe('Dataset: retention (behaviour 21)', () => {
  it('data older than retention-time reads back as zero or empty', () => {
    const sc = ds('scalar', { retentionS: 10 });
    const dn = ds('discrete-numeric', { retentionS: 10 });
    for (let s = 0; s < 30; s++) {
      sc.add(delta(T + s, ['cn1'], 1));
      dn.add(delta(T + s, ['cn1'], { z: [[[0, 9], 1]] }));
    }
    sc.expire(T + 30);
    dn.expire(T + 30);
    expect(sc.raw(T, 10)).toBe(0);
    expect(sc.reportingAt(T + 5)).toBe(0);
    expect(dn.raw(T + 5, 1)).toEqual({});
    expect(dn.present(T, 15)).toEqual([]);
    // The last retention-time seconds are still there.
    expect(sc.raw(T + 20, 10)).toBe(10);
    expect(dn.raw(T + 29, 1)).toEqual({ z: [[[0, 9], 1]] });
    // Late data for an expired interval is dropped.
    sc.add(delta(T + 3, ['cn2'], 5));
    expect(sc.raw(T + 3, 1)).toBe(0);
  });

  it('holds at most retention/granularity intervals (plus a few) even if never expired', () => {
    const d = ds('numeric', { retentionS: 60, granularity: 5 });
    for (let s = 0; s < 5000; s++) d.add(delta(T + s, ['cn1'], [[[s % 100, s % 100], 1]]));
    expect(d.intervals).toBeLessThanOrEqual(60 / 5 + 3);
    expect(d.raw(T + 4995, 5)).toHaveLength(5);
  });

  it('a new retention keeps the newest intervals that fit', () => {
    const d = ds('scalar', { retentionS: 100 });
    for (let s = 0; s < 100; s++) d.add(delta(T + s, ['cn1'], s));
    d.setRetention(10);
    expect(d.retentionS).toBe(10);
    expect(d.raw(T + 99, 1)).toBe(99);
    expect(d.raw(T + 90, 1)).toBe(90);
    expect(d.raw(T + 50, 1)).toBe(0);
    d.setRetention(600);
    expect(d.raw(T + 95, 5)).toBe(95 + 96 + 97 + 98 + 99);
  });
});

describe('Dataset: sources per interval (behaviour 20)', () => {
  it('minreporting is the fewest sources in any interval of the window', () => {
    const d = ds('scalar', { nsources: 3 });
    for (let s = 0; s < 10; s++) {
      d.add(delta(T + s, ['cn1', 'cn2'], 1));
      if (s !== 4) d.add(delta(T + s, ['cn3'], 1));
    }
    expect(d.nsources).toBe(3);
    expect(d.nreporting(T, 4)).toBe(3);
    expect(d.nreporting(T, 10)).toBe(2);
    expect(d.maxreporting(T, 10)).toBe(3);
    expect(d.nreporting(T + 20, 1)).toBe(0);
  });

  it('expects the sources that reported 15 to 5 s earlier; a source silent for 15 s is no longer expected', () => {
    const d = ds('scalar', { nsources: 2 });
    for (let s = 0; s < 40; s++) {
      d.add(delta(T + s, ['cn1'], 1));
      if (s < 20) d.add(delta(T + s, ['cn2'], 1));
    }
    expect(d.expected(T + 24)).toBe(2); // cn2 reported in [T+9, T+19)
    expect(d.reportingAt(T + 24)).toBe(1);
    expect(d.expected(T + 36)).toBe(1); // cn2 silent since T+20
  });

  it('tracks more sources than one bitset word', () => {
    const d = ds('scalar', { nsources: 70 });
    for (let h = 0; h < 70; h++) d.add(delta(T, [`cn${h}`], 1));
    d.add(delta(T + 1, ['cn5'], 1));
    expect(d.reportingAt(T)).toBe(70);
    expect(d.reportingAt(T + 1)).toBe(1);
    expect(d.raw(T, 1)).toBe(70);
  });
});

describe('Dataset: keys and heatmap columns', () => {
  it('present keys are those with data in the window, sorted', () => {
    const d = ds('discrete-numeric');
    d.add(delta(T, ['cn1'], { web1: [[[0, 9], 1]], db0: [[[0, 9], 1]] }));
    d.add(delta(T + 70, ['cn1'], { web0: [[[0, 9], 1]] }));
    expect(d.present(T + 11, 60)).toEqual(['web0']);
    expect(d.present(T, 60)).toEqual(['db0', 'web1']);
    expect(ds('numeric').present(T, 60)).toEqual([]);
  });

  it('columns give one column per interval with each entry tagged by its present key and range', () => {
    const d = ds('discrete-numeric', { granularity: 5 });
    d.add(delta(T, ['cn1'], { b: [[[10, 19], 2]], a: [[[0, 9], 1]] }));
    d.add(delta(T + 12, ['cn1'], { a: [[[10, 19], 3]] }));
    const c = d.columns(T, 15);
    expect(c.start).toBe(T);
    expect(c.ncolumns).toBe(3);
    expect(c.keys).toEqual(['a', 'b']);
    expect(Array.from(c.colStart)).toEqual([0, 2, 2, 3]);
    const rows = Array.from(c.n, (n, e) => [c.keys[c.key[e]!], c.rangeLo[c.range[e]!], c.rangeHi[c.range[e]!], n]);
    expect(rows).toEqual(expect.arrayContaining([['a', 0, 9, 1], ['b', 10, 19, 2], ['a', 10, 19, 3]]));
    // Equal ranges share an id.
    const ids = Array.from(c.range);
    expect(ids[rows.findIndex((r) => r[0] === 'b')]).toBe(ids[2]);
    expect(() => ds('scalar').columns(T, 60)).toThrow(/no distributions/);
  });

  it('without a discrete decomposition entries have key -1 and there are no present keys', () => {
    const d = ds('numeric');
    d.add(delta(T, ['cn1'], [[[0, 9], 1]]));
    const c = d.columns(T, 1);
    expect(c.keys).toEqual([]);
    expect(Array.from(c.key)).toEqual([-1]);
  });

  it("a CA value-arity works too; with 'numeric-decomposition' and no dimension the data decides", () => {
    expect(datasetArity('numeric-decomposition', 3)).toBe('discrete-numeric');
    expect(datasetArity('numeric-decomposition', 2)).toBe('numeric');
    expect(datasetArity('discrete-decomposition', 2)).toBe('discrete');
    const d = new Dataset({ arity: 'numeric-decomposition', granularity: 1, retentionS: 60, point: false, nsources: 1 });
    expect(d.arity).toBe('numeric');
    d.add(delta(T, ['cn1'], { web0: [[[0, 9], 1]] }));
    expect(d.arity).toBe('discrete-numeric');
    expect(d.raw(T, 1)).toEqual({ web0: [[[0, 9], 1]] });
    expect(new Dataset({ arity: 'numeric-decomposition', dimension: 3, granularity: 1, retentionS: 60, point: false, nsources: 1 }).raw(T, 1)).toEqual({});
  });

  it('forgets key names no retained interval uses any more', () => {
    const d = ds('discrete', { retentionS: 10 });
    for (let s = 0; s < 3000; s++) {
      d.add(delta(T + s, ['cn1'], { [`pid${s}`]: 1, steady: 2 }));
      d.expire(T + s);
    }
    expect(d.raw(T + 2999, 1)).toEqual({ pid2999: 1, steady: 2 });
    expect(d.raw(T + 2995, 5)).toEqual({ pid2995: 1, pid2996: 1, pid2997: 1, pid2998: 1, pid2999: 1, steady: 10 });
    expect(d.memoryBytes()).toBeLessThan(40_000);
  });
});

describe('Dataset: memory', () => {
  it('an hour of a 12-zone llquantize latency heatmap takes a few MB', () => {
    const d = ds('discrete-numeric', { retentionS: 3600, nsources: 4 });
    const zones = Array.from({ length: 12 }, (_, i) => `zone${i}`);
    let entries = 0;
    for (let s = 0; s < 3600; s++) {
      const v: Record<string, Dist> = {};
      for (const [z, zone] of zones.entries()) {
        const dist: Dist = [];
        // 40 llquantize buckets from 10 us up (10^4..10^6 decades, 100 us / 1 ms wide), counts 1..300.
        for (let j = 0; j < 40; j++) {
          const lo = j < 20 ? 10_000 + j * 1000 : 100_000 + (j - 20) * 10_000;
          const width = j < 20 ? 1000 : 10_000;
          dist.push([[lo, lo + width - 1], 1 + ((s * 7 + j * 13 + z) % 300)]);
        }
        v[zone] = dist;
      }
      d.add(delta(T + s, ['cn1', 'cn2', 'cn3', 'cn4'], v));
      entries += 12 * 40;
    }
    const bytes = d.memoryBytes();
    // 1.7 M (key, range, count) entries: about 3 bytes each, not the 50+ of [[lo, hi], n] objects.
    expect(bytes / entries).toBeLessThan(4);
    expect(bytes).toBeLessThan(7_000_000);
    expect((d.raw(T + 1800, 1) as Record<string, Dist>)['zone3']).toHaveLength(40);
  });
});

describe('Dataset: property', () => {
  it('any deltas read back as their plain sum per interval (raw and heatmap columns alike)', () => {
    const entry = fc.record({
      second: fc.integer({ min: 0, max: 29 }),
      source: fc.constantFrom('cn1', 'cn2', 'cn3'),
      key: fc.constantFrom('web0', 'db0', 'etl0', '__proto__'),
      lo: fc.integer({ min: 0, max: 50 }).map((x) => x * 1000),
      n: fc.integer({ min: 1, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.constantFrom(1, 5, 10), (entries, g) => {
        const d = ds('discrete-numeric', { granularity: g, retentionS: 600 });
        // One delta per (second, source), as a shard sends them.
        const groups = new Map<string, typeof entries>();
        for (const e of entries) {
          const k = `${e.second}/${e.source}`;
          groups.set(k, [...(groups.get(k) ?? []), e]);
        }
        for (const group of groups.values()) {
          const byKey: Record<string, Dist> = {};
          for (const e of group) {
            const list = (Object.prototype.hasOwnProperty.call(byKey, e.key) ? byKey[e.key] : undefined) ?? [];
            const same = list.find((r) => r[0][0] === e.lo);
            if (same) same[1] += e.n;
            else list.push([[e.lo, e.lo + 999], e.n]);
            Object.defineProperty(byKey, e.key, { value: list.sort((a, b) => a[0][0] - b[0][0]), enumerable: true, configurable: true, writable: true });
          }
          d.add(delta(T + group[0]!.second, [group[0]!.source], byKey));
        }
        for (let t = 0; t < 30; t += g) {
          const want = new Map<string, Map<number, number>>();
          for (const e of entries) {
            if (e.second < t || e.second >= t + g) continue;
            const m = want.get(e.key) ?? new Map<number, number>();
            m.set(e.lo, (m.get(e.lo) ?? 0) + e.n);
            want.set(e.key, m);
          }
          const got = d.raw(T + t, g) as Record<string, Dist>;
          expect(Object.keys(got).sort()).toEqual([...want.keys()].sort());
          for (const [k, m] of want) expect(got[k]).toEqual([...m].sort((a, b) => a[0] - b[0]).map(([lo, n]) => [[lo, lo + 999], n]));
          const c = d.columns(T + t, g);
          expect(c.keys).toEqual([...want.keys()].sort());
          let total = 0;
          for (const m of want.values()) for (const n of m.values()) total += n;
          expect(c.n.reduce((a, b) => a + b, 0)).toBe(total);
        }
      }),
      { numRuns: 150 },
    );
  });
});
