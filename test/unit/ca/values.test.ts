// CA value requests (src/ca/values.ts): time parameters, defaults and rounding, CA's error
// messages, data points, and the raw value shapes with nsources, minreporting and the
// requested_* fields (behaviours 11, 12, 20).
import { describe, expect, it } from 'vitest';
import { Dataset, type DatasetArity } from '../../../src/ca/dataset';
import { CaError } from '../../../src/ca/errors';
import { intParam, parseValueParams, rawResponse, requestReady, respond, type Params, type ValueKind } from '../../../src/ca/values';
import type { Delta } from '../../../src/engine/delta';

const NOW = 1_313_366_400;

function req(params: Params, kind: ValueKind = 'raw', granularity = 1, transformations?: string[]) {
  return parseValueParams(params, { kind, granularity, nowSec: NOW, transformations });
}

function rejects(params: Params, message: string, kind: ValueKind = 'raw', granularity = 1): void {
  let err: unknown;
  try {
    req(params, kind, granularity);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CaError);
  expect((err as CaError).code).toBe('ECA_INVAL');
  expect((err as CaError).message).toBe(message);
}

describe('value parameters', () => {
  it('raw with no parameters covers [now-2, now-1) (behaviour 11) and is one object', () => {
    const r = req({});
    expect(r.array).toBe(false);
    expect(r.points).toEqual([{ start_time: NOW - 2, duration: 1, requested_start_time: NOW - 2, requested_duration: 1, requested_end_time: NOW - 1 }]);
    expect(r.timeoutMs).toBe(5000);
    expect(r.latest).toBe(NOW - 2);
  });

  it('any ndatapoints, even 1, makes an array of consecutive points', () => {
    expect(req({ ndatapoints: '1' }).array).toBe(true);
    const r = req({ ndatapoints: '3', start_time: String(NOW - 10), duration: '2' });
    expect(r.points.map((p) => [p.start_time, p.duration])).toEqual([
      [NOW - 10, 2],
      [NOW - 8, 2],
      [NOW - 6, 2],
    ]);
    expect(r.latest).toBe(NOW - 5);
  });

  it('heatmap image and details default to 60 s, average and percentile to 1 s', () => {
    expect(req({}, 'heatmap-image').points[0]).toMatchObject({ start_time: NOW - 61, duration: 60 });
    expect(req({}, 'heatmap-details').points[0]).toMatchObject({ start_time: NOW - 61, duration: 60 });
    expect(req({}, 'heatmap-cells').points[0]).toMatchObject({ duration: 60 });
    expect(req({}, 'heatmap-average').points[0]).toMatchObject({ start_time: NOW - 2, duration: 1 });
    expect(req({}, 'heatmap-percentile').points[0]).toMatchObject({ duration: 1 });
  });

  it('with no start, start = now - duration - granularity; start is floored and duration ceiled to the granularity', () => {
    expect(req({}, 'raw', 10).points[0]).toMatchObject({ start_time: NOW - 20, duration: 10, requested_start_time: NOW - 11, requested_duration: 1 });
    const p = req({ start_time: String(NOW - 57), duration: '23' }, 'raw', 10).points[0]!;
    expect(p).toEqual({ start_time: NOW - 60, duration: 30, requested_start_time: NOW - 57, requested_duration: 23, requested_end_time: NOW - 34 });
  });

  it('any two of start_time, duration and end_time fix the third', () => {
    expect(req({ start_time: String(NOW - 30), end_time: String(NOW - 10) }).points[0]).toMatchObject({ start_time: NOW - 30, duration: 20 });
    expect(req({ end_time: String(NOW - 10), duration: '5' }).points[0]).toMatchObject({ start_time: NOW - 15, duration: 5 });
    expect(req({ end_time: String(NOW - 10) }).points[0]).toMatchObject({ start_time: NOW - 11, duration: 1 });
    expect(req({ start_time: String(NOW - 30), duration: '20', end_time: String(NOW - 10) }).points[0]).toMatchObject({ duration: 20 });
  });

  it('numbers are parsed as CA did (parseInt), from strings or JSON numbers', () => {
    expect(req({ start_time: `${NOW - 30}.9`, duration: 10.5 }).points[0]).toMatchObject({ start_time: NOW - 30, duration: 10 });
    expect(intParam({ x: '12abc' }, 'x')).toBe(12);
  });

  it("rejects bad values with CA's messages", () => {
    rejects({ end_time: String(NOW - 30), start_time: String(NOW - 20) }, '"end_time" must be later than "start_time"');
    rejects({ start_time: String(NOW - 30), duration: '5', end_time: String(NOW - 20) }, '"start_time" + "duration" must equal "end_time"');
    rejects({ end_time: '3', duration: '5' }, '"duration" cannot exceed "end_time"');
    rejects({ start_time: String(NOW + 10) }, 'requested data point is too far in the future');
    rejects({ start_time: String(NOW - 1), duration: '10', timeout: '0' }, 'requested data point is too far in the future');
    rejects({ duration: '0' }, 'value "0" for param "duration" not valid: value too small (min: 1)');
    rejects({ duration: '3601' }, 'value "3601" for param "duration" not valid: value too large (max: 3600)');
    rejects({ duration: 'soon' }, 'value "soon" for param "duration" not valid: not a number');
    rejects({ timeout: '5001' }, 'value "5001" for param "timeout" not valid: value too large (max: 5000)');
    rejects({ ndatapoints: '0' }, 'value "0" for param "ndatapoints" not valid: value too small (min: 1)');
    rejects({ start_time: '-5' }, 'value "-5" for param "start_time" not valid: value too small (min: 0)');
  });

  it('a point a little in the future is allowed within the timeout (the request waits for it)', () => {
    const r = req({ start_time: String(NOW + 2), duration: '1', timeout: '4000' });
    expect(r.points[0]!.start_time).toBe(NOW + 2);
    expect(r.timeoutMs).toBe(4000);
  });

  it('checks transformations against the known ones and those the instrumentation allows', () => {
    expect(() => req({ transformations: 'nope' })).toThrow('value ["nope"] for field "transformations" is invalid: transformation "nope" does not exist');
    expect(() => req({ transformations: 'reversedns' })).toThrow('transformation "reversedns" is not allowed on this instrumentation');
    expect(req({ transformations: ['reversedns'] }, 'raw', 1, ['reversedns']).transformations).toEqual(['reversedns']);
  });
});

function delta(second: number, sources: string[], keys: string[], values: number[], dist?: [number, number, number][][]): Delta {
  if (dist === undefined) return { id: 'i', second, sources, keys, values: Float64Array.from(values) };
  const offsets = [0];
  const flat = dist.flat();
  let at = 0;
  for (const d of dist) offsets.push((at += d.length));
  return {
    id: 'i',
    second,
    sources,
    keys,
    values: Float64Array.from(values),
    dist: { offsets: Uint32Array.from(offsets), lo: Float64Array.from(flat, (r) => r[0]), hi: Float64Array.from(flat, (r) => r[1]), n: Float64Array.from(flat, (r) => r[2]) },
  };
}

function dataset(arity: DatasetArity, nsources = 2): Dataset {
  return new Dataset({ arity, granularity: 1, retentionS: 600, point: false, nsources });
}

describe('raw values (behaviour 12)', () => {
  it('scalar: a number, with nsources, minreporting and the requested_* fields', () => {
    const ds = dataset('scalar');
    ds.add(delta(NOW - 2, ['cn1'], [''], [573]));
    expect(rawResponse(ds, req({}))).toEqual({
      value: 573,
      transformations: {},
      start_time: NOW - 2,
      duration: 1,
      end_time: NOW - 1,
      nsources: 2,
      minreporting: 1,
      requested_start_time: NOW - 2,
      requested_duration: 1,
      requested_end_time: NOW - 1,
    });
  });

  it('discrete: an object by key', () => {
    const ds = dataset('discrete');
    ds.add(delta(NOW - 2, ['cn1'], ['sd0'], [1249]));
    ds.add(delta(NOW - 2, ['cn2'], ['sd1'], [3]));
    expect(rawResponse(ds, req({}))).toMatchObject({ value: { sd0: 1249, sd1: 3 }, minreporting: 2 });
  });

  it('numeric: [[lo, hi], n] sorted by lo', () => {
    const ds = dataset('numeric');
    ds.add(delta(NOW - 2, ['cn1'], [''], [5], [[[53000, 53999, 4], [1000, 1999, 1]]]));
    expect(rawResponse(ds, req({}))).toMatchObject({
      value: [
        [[1000, 1999], 1],
        [[53000, 53999], 4],
      ],
    });
  });

  it('discrete + numeric: an object of distributions', () => {
    const ds = dataset('discrete-numeric');
    ds.add(delta(NOW - 2, ['cn1'], ['sd0'], [1], [[[110000, 119999, 1]]]));
    expect(rawResponse(ds, req({}))).toMatchObject({ value: { sd0: [[[110000, 119999], 1]] } });
  });

  it('an array for ndatapoints, each point with its own minreporting; empty points are zero', () => {
    const ds = dataset('scalar', 3);
    ds.add(delta(NOW - 4, ['cn1', 'cn2', 'cn3'], [''], [7]));
    ds.add(delta(NOW - 3, ['cn1'], [''], [2]));
    const out = rawResponse(ds, req({ start_time: String(NOW - 5), ndatapoints: '3' }));
    expect(Array.isArray(out)).toBe(true);
    expect((out as { value: number; minreporting: number; nsources: number }[]).map((p) => [p.value, p.minreporting, p.nsources])).toEqual([
      [0, 0, 3],
      [7, 3, 3],
      [2, 1, 3],
    ]);
  });

  it('a request that waited says how long (delay, ms) before the point fields', () => {
    const ds = dataset('scalar');
    const out = respond(ds, req({}), () => ({ value: 1 }), { delayMs: 1234.4 }) as unknown as Record<string, unknown>;
    expect(Object.keys(out).slice(0, 3)).toEqual(['value', 'delay', 'start_time']);
    expect(out['delay']).toBe(1234);
  });
});

describe('waiting for sources (behaviour 20)', () => {
  it('is ready once the sources seen 15 to 5 s earlier reported; a lagging source leaves minreporting < nsources', () => {
    const ds = dataset('scalar', 2);
    for (let s = NOW - 30; s < NOW - 2; s++) ds.add(delta(s, ['cn1', 'cn2'], [''], [1]));
    ds.add(delta(NOW - 2, ['cn1'], [''], [1]));
    const r = req({});
    expect(requestReady(ds, r)).toBe(false);
    // After the timeout the service answers anyway: minreporting shows the gap.
    expect(rawResponse(ds, r)).toMatchObject({ nsources: 2, minreporting: 1 });
    ds.add(delta(NOW - 2, ['cn2'], [''], [1]));
    expect(requestReady(ds, r)).toBe(true);
    expect(rawResponse(ds, r)).toMatchObject({ value: 2, minreporting: 2 });
  });
});
