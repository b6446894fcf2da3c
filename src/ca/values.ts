// Cloud Analytics value requests (CA:cmd/caaggsvc.js caAggrValueRequest, lib/ca/ca-agg.js
// caAggrInterval): the time parameters start_time, duration, end_time, ndatapoints,
// timeout and transformations with CA's defaults, rounding and error messages; the data
// points they name; and the fields every value point carries (start_time, duration,
// end_time, nsources, minreporting, requested_*). Also CA's parameter parsing
// (caHttpParam: integers with parseInt, "true"/"false", comma lists, enums), shared with
// heatmap.ts. Pure TypeScript; runs in the CA worker.

import type { Dataset, RawValue } from './dataset';
import { CaError, fieldError } from './errors';

/** Request parameters as they arrived: query and form strings (repeated keys as arrays) or JSON values. */
export type Params = Readonly<Record<string, unknown>>;

/** What a value request asks for; each has its default duration (CA: raw, average, percentile 1; image, details 60). */
export type ValueKind = 'raw' | 'heatmap-image' | 'heatmap-details' | 'heatmap-average' | 'heatmap-percentile' | 'heatmap-cells';

export const DEFAULT_DURATION: Readonly<Record<ValueKind, number>> = {
  raw: 1,
  'heatmap-image': 60,
  'heatmap-details': 60,
  'heatmap-average': 1,
  'heatmap-percentile': 1,
  'heatmap-cells': 60,
};

/** CA's limits on the time parameters. */
export const MAX_DURATION_S = 3600;
export const MAX_TIMEOUT_MS = 5000;
/** CA set no maximum; more points than an instrumentation can ever hold only cost memory. */
export const MAX_DATAPOINTS = 3600;
/** The transformations CA's aggregator knows (an instrumentation allows those of its fields). */
export const KNOWN_TRANSFORMATIONS: readonly string[] = ['geolocate', 'reversedns'];

function has(params: Params, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(params, name) && params[name] !== undefined;
}

function invalid(raw: unknown, name: string, reason: string): CaError {
  return new CaError('ECA_INVAL', `value "${String(raw)}" for param "${name}" not valid: ${reason}`);
}

function missing(name: string): CaError {
  return new CaError('ECA_INVAL', `param "${name}" must be specified`);
}

export interface NumberDecl {
  readonly min?: number;
  readonly max?: number;
  readonly required?: boolean;
}

/** An integer parameter as CA parsed it (parseInt: "10.5" is 10, "12abc" is 12); undefined when absent and not required. */
export function intParam(params: Params, name: string, decl: NumberDecl = {}): number | undefined {
  if (!has(params, name)) {
    if (decl.required === true) throw missing(name);
    return undefined;
  }
  const raw = params[name];
  const v = parseInt(String(raw), 10);
  return checkRange(raw, name, v, decl);
}

/** A real-valued parameter (CA's "float": parseFloat). */
export function floatParam(params: Params, name: string, decl: NumberDecl = {}): number | undefined {
  if (!has(params, name)) {
    if (decl.required === true) throw missing(name);
    return undefined;
  }
  const raw = params[name];
  const v = parseFloat(String(raw));
  return checkRange(raw, name, v, decl);
}

function checkRange(raw: unknown, name: string, v: number, decl: NumberDecl): number {
  if (Number.isNaN(v)) throw invalid(raw, name, 'not a number');
  if (decl.min !== undefined && v < decl.min) throw invalid(raw, name, `value too small (min: ${decl.min})`);
  if (decl.max !== undefined && v > decl.max) throw invalid(raw, name, `value too large (max: ${decl.max})`);
  return v;
}

/** A boolean parameter: the strings "true" and "false" (or JSON booleans). */
export function boolParam(params: Params, name: string, dflt: boolean): boolean {
  if (!has(params, name)) return dflt;
  const raw = params[name];
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw invalid(raw, name, 'not a boolean');
}

/** A list parameter: a string is split on commas; repeated keys (or a JSON array) give the list as is. */
export function listParam(params: Params, name: string): string[] | undefined {
  if (!has(params, name)) return undefined;
  const raw = params[name];
  if (Array.isArray(raw)) return raw.map((x) => String(x));
  return String(raw).split(',');
}

/** One of a few literal values. */
export function enumParam<T extends string>(params: Params, name: string, choices: readonly T[], dflt: T): T {
  if (!has(params, name)) return dflt;
  const raw = params[name];
  const s = String(raw);
  if (!(choices as readonly string[]).includes(s)) throw invalid(raw, name, 'unsupported value');
  return s as T;
}

/** One data point of a request: the aligned interval and what was asked for. */
export interface ValuePoint {
  /** Start of the data, floored to the granularity. */
  readonly start_time: number;
  /** Length of the data, ceiled to the granularity. */
  readonly duration: number;
  readonly requested_start_time: number;
  readonly requested_duration: number;
  readonly requested_end_time: number;
}

export interface ValueRequest {
  readonly points: readonly ValuePoint[];
  /** `ndatapoints` was given (even 1): the answer is an array. */
  readonly array: boolean;
  /** How long the request may wait for sources to report (ms, at most 5000). */
  readonly timeoutMs: number;
  readonly transformations: readonly string[];
  /** The interval to wait for: the last point's last interval (CA: latest end - granularity). */
  readonly latest: number;
}

export interface ValueRequestOptions {
  readonly kind: ValueKind;
  /** The instrumentation's granularity (s). */
  readonly granularity: number;
  /** CA's "now" in Unix seconds (the simulated clock). */
  readonly nowSec: number;
  /** Transformations the instrumentation allows (its `transformations` keys). */
  readonly transformations?: readonly string[];
}

/**
 * The data points a value request names (CA's loadParameters + caAggrInterval +
 * normalizeInterval), checked in CA's order: the parameters, the transformations, the
 * interval, then that the last point is not more than `timeout` in the future.
 * - any two of start_time, duration and end_time fix the third; duration defaults to
 *   the kind's default; with no start, start = now - duration - granularity;
 * - each point's start is floored and its duration ceiled to the granularity;
 * - point i covers [start + i·duration, start + (i+1)·duration).
 * Throws CaError (ECA_INVAL) with CA's messages.
 */
export function parseValueParams(params: Params, o: ValueRequestOptions): ValueRequest {
  const g = o.granularity;
  const timeoutMs = intParam(params, 'timeout', { min: 0, max: MAX_TIMEOUT_MS }) ?? MAX_TIMEOUT_MS;
  const transformations = listParam(params, 'transformations') ?? [];
  const startParam = intParam(params, 'start_time', { min: 0 });
  const durationParam = intParam(params, 'duration', { min: 1, max: MAX_DURATION_S });
  const endParam = intParam(params, 'end_time', { min: 0 });
  const ndatapoints = intParam(params, 'ndatapoints', { min: 1, max: MAX_DATAPOINTS }) ?? 1;
  const array = has(params, 'ndatapoints');

  const allowed = o.transformations ?? [];
  for (const x of transformations) {
    if (!KNOWN_TRANSFORMATIONS.includes(x)) throw fieldError('transformations', transformations, `transformation "${x}" does not exist`);
    if (!allowed.includes(x)) throw fieldError('transformations', transformations, `transformation "${x}" is not allowed on this instrumentation`);
  }

  const { start, duration } = interval(startParam, durationParam, endParam, DEFAULT_DURATION[o.kind], Math.floor(o.nowSec), g);
  const nstart = Math.floor(start / g) * g;
  const nduration = Math.ceil(duration / g) * g;
  const points: ValuePoint[] = [];
  let latestEnd = -Infinity;
  for (let i = 0; i < ndatapoints; i++) {
    const p: ValuePoint = {
      start_time: nstart + i * nduration,
      duration: nduration,
      requested_start_time: start + i * duration,
      requested_duration: duration,
      requested_end_time: start + (i + 1) * duration,
    };
    points.push(p);
    latestEnd = Math.max(latestEnd, p.start_time + p.duration);
  }
  if (latestEnd > o.nowSec + timeoutMs / 1000) throw new CaError('ECA_INVAL', 'requested data point is too far in the future');
  return { points, array, timeoutMs, transformations, latest: latestEnd - g };
}

/** CA's caAggrInterval: start and duration from any of start_time, duration, end_time. */
function interval(start: number | undefined, duration: number | undefined, end: number | undefined, dflt: number, nowSec: number, g: number): { start: number; duration: number } {
  if (duration === undefined && (start === undefined || end === undefined)) duration = dflt;
  if (end !== undefined) {
    if (start === undefined) {
      if (duration! > end) throw new CaError('ECA_INVAL', '"duration" cannot exceed "end_time"');
      start = end - duration!;
    } else if (duration === undefined) {
      if (end <= start) throw new CaError('ECA_INVAL', '"end_time" must be later than "start_time"');
      duration = end - start;
    } else if (start + duration !== end) {
      throw new CaError('ECA_INVAL', '"start_time" + "duration" must equal "end_time"');
    }
  } else if (start === undefined) {
    start = nowSec - duration! - g;
  }
  if (duration! < 1) throw new CaError('ECA_INVAL', '"duration" must be positive');
  return { start, duration: duration! };
}

/** The fields CA adds to every value point. */
export interface PointFields {
  delay?: number;
  start_time: number;
  duration: number;
  end_time: number;
  nsources: number;
  minreporting: number;
  requested_start_time: number;
  requested_duration: number;
  requested_end_time: number;
}

/** The `transformations` member of a value: one (empty: nothing resolved yet) map per requested transformation. */
export function transformationsOf(req: ValueRequest): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const x of req.transformations) out[x] = {};
  return out;
}

/**
 * The answer to a value request: `value(point)` for each point plus CA's point fields
 * (and `delay`, the ms the request waited, when it waited); an array when ndatapoints
 * was given, else the one point.
 */
export function respond<T extends object>(ds: Dataset, req: ValueRequest, value: (p: ValuePoint) => T, o: { readonly delayMs?: number } = {}): (T & PointFields) | (T & PointFields)[] {
  const out = req.points.map((p) => {
    const v: T & Partial<PointFields> = { ...value(p) };
    if (o.delayMs !== undefined && o.delayMs > 0) v.delay = Math.round(o.delayMs);
    v.start_time = p.start_time;
    v.duration = p.duration;
    v.end_time = p.start_time + p.duration;
    v.nsources = ds.nsources;
    v.minreporting = ds.nreporting(p.start_time, p.duration);
    v.requested_start_time = p.requested_start_time;
    v.requested_duration = p.requested_duration;
    v.requested_end_time = p.requested_end_time;
    return v as T & PointFields;
  });
  return req.array ? out : out[0]!;
}

/** A raw value point's own members (CA's caAggrValueRaw). */
export interface RawValueFields {
  value: RawValue;
  transformations: Record<string, Record<string, unknown>>;
}

/**
 * GET …/value/raw: each point's value in CA's shape (scalar number, discrete object,
 * numeric sorted [[lo, hi], n] list, discrete+numeric object of lists) with nsources,
 * minreporting and the requested_* fields.
 */
export function rawResponse(ds: Dataset, req: ValueRequest, o: { readonly delayMs?: number } = {}): (RawValueFields & PointFields) | (RawValueFields & PointFields)[] {
  return respond(ds, req, (p) => ({ value: ds.raw(p.start_time, p.duration), transformations: transformationsOf(req) }), o);
}

/** Whether every source expected for the request's last interval has reported (else the service waits, at most the timeout). */
export function requestReady(ds: Dataset, req: ValueRequest): boolean {
  return ds.reportingAt(req.latest) >= ds.expected(req.latest);
}
