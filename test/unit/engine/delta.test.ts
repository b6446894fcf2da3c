// Deltas (src/engine/delta.ts): a D aggregation snapshot becomes CA's shape (keys, values,
// inclusive [lo, hi] ranges with counts), merging per-node deltas equals aggregating
// everything in one place, and a delta crosses a MessageChannel by transfer.
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AggSpace, createAggregation, type AggDesc } from '../../../src/d/agg/index';
import type { ValueType } from '../../../src/d/valuetype';
import { bucketRanges, DeltaBuilder, deltaEntries, deltaFromSnapshot, deltaTransferables, mergeDeltas, type Delta } from '../../../src/engine/delta';

const STR: ValueType = { kind: 'string', name: 'string' };
const INT: ValueType = { kind: 'int', size: 4, signed: true, name: 'int' };

const DESCS: Record<string, AggDesc> = {
  count: { id: 1, name: 'ca', func: 'count', keyTypes: [STR] },
  sum: { id: 1, name: 'ca', func: 'sum', keyTypes: [] },
  sumKeyed: { id: 1, name: 'ca', func: 'sum', keyTypes: [INT] },
  llq: { id: 1, name: 'ca', func: 'llquantize', keyTypes: [STR], llquant: { factor: 10, low: 3, high: 11, nsteps: 100 } },
  llq0: { id: 1, name: 'ca', func: 'llquantize', keyTypes: [], llquant: { factor: 10, low: 3, high: 11, nsteps: 100 } },
  lq: { id: 1, name: 'ca', func: 'lquantize', keyTypes: [], lquant: { base: 0, limit: 100, step: 10 } },
  q: { id: 1, name: 'ca', func: 'quantize', keyTypes: [STR] },
};

/** An aggregation of `desc` fed with (key, value) pairs. */
function agg(desc: AggDesc, rows: readonly (readonly [string | number, number])[]) {
  const a = createAggregation(desc, new AggSpace({ aggsize: 1 << 30 }));
  for (const [k, v] of rows) {
    if (desc.keyTypes.length === 0) a.add0(v);
    else a.add1(k, v);
  }
  return a;
}

function delta(desc: AggDesc, rows: readonly (readonly [string | number, number])[], host = 'cn1'): Delta {
  return deltaFromSnapshot('i1', 7, [host], desc, agg(desc, rows).snapshot());
}

/** Entries with sorted keys (key order is arrival order, which merging may change). */
function sorted(d: Delta): [string, unknown][] {
  return Object.entries(deltaEntries(d)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('deltaFromSnapshot', () => {
  it('count and sum: one value per key; no key is the key ""', () => {
    const d = delta(DESCS.count!, [['web0', 1], ['db0', 1], ['web0', 1]]);
    expect(d.id).toBe('i1');
    expect(d.second).toBe(7);
    expect(d.sources).toEqual(['cn1']);
    expect(d.dist).toBeUndefined();
    expect(deltaEntries(d)).toEqual({ web0: 2, db0: 1 });
    expect(deltaEntries(delta(DESCS.sum!, [['', 5], ['', 37]]))).toEqual({ '': 42 });
    expect(deltaEntries(delta(DESCS.sum!, []))).toEqual({ '': 0 });
    expect(deltaEntries(delta(DESCS.sumKeyed!, [[3, 10], [4, 0]]))).toEqual({ 3: 10 });
  });

  it('llquantize(10, 3, 11, 100): [0, 999] below 10^3, then buckets 10^(k+1)/100 wide', () => {
    const d = delta(DESCS.llq!, [['z', 500], ['z', 1500], ['z', 1599], ['z', 12_345], ['z', -4], ['y', 250_000]]);
    expect(deltaEntries(d)).toEqual({
      z: [[[0, 999], 2], [[1500, 1599], 2], [[12_000, 12_999], 1]],
      y: [[[250_000, 259_999], 1]],
    });
    expect(Array.from(d.values)).toEqual([5, 1]);
    const top = bucketRanges(DESCS.llq!);
    // The overflow bucket holds 10^12 and above.
    expect([top.lo[top.lo.length - 1], top.hi[top.hi.length - 1]]).toEqual([1e12, 1e12]);
    expect(deltaEntries(delta(DESCS.llq0!, []))).toEqual({ '': [] });
  });

  it('lquantize and quantize ranges', () => {
    expect(deltaEntries(delta(DESCS.lq!, [['', 55], ['', 59], ['', -5], ['', 150], ['', 0]]))).toEqual({
      '': [[[-1, -1], 1], [[0, 9], 1], [[50, 59], 2], [[100, 100], 1]],
    });
    expect(deltaEntries(delta(DESCS.q!, [['k', 0], ['k', 5], ['k', 7], ['k', -3], ['k', 1024]]))).toEqual({
      k: [[[-3, -2], 1], [[0, 0], 1], [[4, 7], 2], [[1024, 2047], 1]],
    });
  });

  it('rejects what an instrumentation cannot carry', () => {
    const avg: AggDesc = { id: 1, name: 'ca', func: 'avg', keyTypes: [] };
    expect(() => deltaFromSnapshot('i', 0, [], avg, agg(avg, []).snapshot())).toThrow(/avg\(\)/);
    const two: AggDesc = { id: 1, name: 'ca', func: 'count', keyTypes: [STR, STR] };
    expect(() => deltaFromSnapshot('i', 0, [], two, createAggregation(two, new AggSpace()).snapshot())).toThrow(/2 keys/);
  });
});

describe('mergeDeltas and DeltaBuilder', () => {
  const keys = fc.constantFrom('web0', 'db0', 'etl', 'kvm1');
  const value = fc.oneof(fc.integer({ min: -50, max: 2000 }), fc.integer({ min: 0, max: 2e9 }));
  const rows = fc.array(fc.tuple(keys, value), { maxLength: 60 });

  for (const name of ['count', 'sum', 'sumKeyed', 'llq', 'llq0', 'lq', 'q'] as const) {
    it(`per-node deltas merged equal the aggregation of everything in one place (${name})`, () => {
      const desc = DESCS[name]!;
      fc.assert(
        fc.property(rows, rows, rows, (a, b, c) => {
          const fix = (r: [string, number][]) => (name === 'sumKeyed' ? r.map(([k, v]): [number, number] => [k.length, v]) : r);
          const merged = mergeDeltas(mergeDeltas(delta(desc, fix(a), 'cn1'), delta(desc, fix(b), 'cn2')), delta(desc, fix(c), 'cn3'));
          const whole = delta(desc, [...fix(a), ...fix(b), ...fix(c)]);
          expect(sorted(merged)).toEqual(sorted(whole));
          expect(merged.sources).toEqual(['cn1', 'cn2', 'cn3']);
          // A shard accumulates its nodes' snapshots in one builder: the same again.
          const builder = new DeltaBuilder(desc);
          for (const r of [a, b, c]) builder.add(agg(desc, fix(r)).snapshot());
          expect(sorted(builder.build('i1', 7, ['cn1']))).toEqual(sorted(whole));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('refuses deltas of different enablings or seconds', () => {
    const d = delta(DESCS.count!, [['a', 1]]);
    expect(() => mergeDeltas(d, { ...d, second: 8 })).toThrow(/different/);
    expect(() => mergeDeltas(d, { ...d, id: 'i2' })).toThrow(/different/);
  });
});

describe('deltaTransferables', () => {
  it('a delta crosses a MessageChannel by transfer: the sender keeps detached buffers', async () => {
    const d = delta(DESCS.llq!, [['z', 1500], ['y', 3]]);
    const expected = deltaEntries(d);
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<Delta>((resolve) => port2.once('message', (m: Delta) => resolve(m)));
    const buffers = deltaTransferables(d);
    expect(buffers).toHaveLength(5);
    port1.postMessage(d, buffers);
    const r = await got;
    port1.close();
    port2.close();
    expect(deltaEntries(r)).toEqual(expected);
    expect(d.values.byteLength).toBe(0);
  });
});
