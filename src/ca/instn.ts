// Cloud Analytics instrumentation properties: what POST /instrumentations, PUT
// /instrumentations/:id and POST .../clone accept, with CA's defaults, limits, parsing
// quirks and messages (CA:lib/ca/ca-svc-config.js instnValidateProps, caInstArity,
// caInstValidateMutableFields), and the derived value-dimension, value-arity,
// value-scope and transformations. Ids, uris, nsources and the per-customer limit are
// the service's. Pure TypeScript.

import { findMetric, isNumericField, TRANSFORMATIONS, type MetricDef, type Profile } from './catalog';
import { CaError, fieldError } from './errors';
import { validatePredicate, type Predicate } from './predicate';

export type ValueArity = 'scalar' | 'discrete-decomposition' | 'numeric-decomposition';

export interface InstnProps {
  readonly module: string;
  readonly stat: string;
  readonly predicate: Predicate;
  readonly decomposition: readonly string[];
  readonly granularity: number;
  readonly 'retention-time': number;
  readonly 'idle-max': number;
  readonly 'persist-data': boolean;
  readonly enabled: boolean;
  /** Creation time, ms since the Unix epoch. */
  readonly crtime: number;
  readonly 'value-dimension': number;
  readonly 'value-arity': ValueArity;
  readonly 'value-scope': 'interval' | 'point';
  readonly transformations: Readonly<Record<string, { readonly label: string; readonly fields: readonly string[] }>>;
}

export interface ValidateOptions {
  /** A customer's instrumentation (idle-max 0, "never expire", is for operators only). */
  readonly customer: boolean;
  /** crtime (ms since the epoch); default Date.now(). */
  readonly now?: number;
}

/** CA's limits (cfg_*). */
export const GRANULARITY_DEFAULT = 1;
export const GRANULARITY_MIN = 5;
export const RETENTION_DEFAULT = 600;
export const RETENTION_MIN = 10;
export const DATAPOINTS_MAX = 3600;
export const IDLE_MAX_DEFAULT = 3600;
export const IDLE_MAX_MIN = 0;
export const IDLE_MAX_MAX = 604800;

/** The properties PUT may change; everything else in a PUT body is ignored. */
export const MUTABLE_FIELDS = ['enabled', 'retention-time', 'idle-max', 'persist-data'] as const;

function missing(field: string): CaError {
  return new CaError('ECA_INVAL', `missing value for required field: "${field}"`);
}

/** JavaScript's parseInt(String(v), 10), as CA parses every integer property. */
function parseIntLikeCa(v: unknown): number {
  return Number.parseInt(String(v), 10);
}

/** `decomposition`: an array of field names, or a comma-separated string; "" and absent are []. */
function parseDecomposition(v: unknown, metric: MetricDef): string[] {
  let d: unknown[];
  if (v === undefined || v === null || v === '') d = [];
  else if (typeof v === 'string') d = v.split(',');
  else if (Array.isArray(v)) d = v;
  else throw fieldError('decomposition', v, 'expected an array of field names or a comma-separated string');
  for (const f of d) {
    if (typeof f !== 'string') throw fieldError('decomposition', v, `field names must be strings, got ${JSON.stringify(f)}`);
    if (!metric.fields.includes(f)) {
      throw fieldError('decomposition', v, `field "${f}" does not exist in module ${metric.module}, stat ${metric.stat} (expected one of ${metric.fields.join(', ')})`);
    }
  }
  return d as string[];
}

/** `predicate`: an object, or its JSON text; absent or "" is {}. */
function parsePredicate(v: unknown, metric: MetricDef): Predicate {
  let p: unknown = v;
  if (v === undefined || v === null || v === '') p = {};
  else if (typeof v === 'string') {
    try {
      p = JSON.parse(v);
    } catch (e) {
      throw fieldError('predicate', v, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return validatePredicate(p, metric);
}

/** CA's caInstArity: at most one discrete and one numeric field. */
export function instnArity(decomposition: readonly string[]): { readonly dimension: number; readonly arity: ValueArity } {
  const numeric = decomposition.filter(isNumericField);
  const discrete = decomposition.length - numeric.length;
  if (discrete > 1) throw fieldError('decomposition', decomposition, 'more than one discrete decomposition specified');
  if (numeric.length > 1) throw fieldError('decomposition', decomposition, 'more than one numeric decomposition specified');
  const arity: ValueArity = decomposition.length === 0 ? 'scalar' : numeric.length > 0 ? 'numeric-decomposition' : 'discrete-decomposition';
  return { dimension: decomposition.length + 1, arity };
}

function parseGranularity(v: unknown): number {
  const g = parseIntLikeCa(v ?? GRANULARITY_DEFAULT);
  if (Number.isNaN(g) || g < 1) throw fieldError('granularity', Number.isNaN(g) ? v : g, 'not a positive integer');
  if (g !== 1 && g % GRANULARITY_MIN !== 0) throw fieldError('granularity', g, `must be divisible by ${GRANULARITY_MIN}`);
  return g;
}

interface Mutable {
  enabled: boolean;
  'retention-time': number;
  'idle-max': number;
  'persist-data': boolean;
}

/** CA's caInstValidateMutableFields over the fields present in `body`, starting from `base`. */
function mutableFields(body: Readonly<Record<string, unknown>>, base: Mutable, granularity: number, privileged: boolean): Mutable {
  const out = { ...base };
  if (Object.hasOwn(body, 'enabled')) {
    const e = body.enabled;
    if (e !== true && e !== 'true') throw fieldError('enabled', e, 'unsupported value (only true)');
    out.enabled = true;
  }
  if (Object.hasOwn(body, 'retention-time')) {
    const raw = body['retention-time'];
    const r = parseIntLikeCa(raw);
    if (Number.isNaN(r)) throw fieldError('retention-time', raw, 'not a number');
    if (r < RETENTION_MIN) throw fieldError('retention-time', raw, `minimum is ${RETENTION_MIN}`);
    if (r / granularity > DATAPOINTS_MAX) throw fieldError('retention-time', raw, `maximum for granularity "${granularity}" is ${DATAPOINTS_MAX * granularity}`);
    out['retention-time'] = r;
  }
  if (Object.hasOwn(body, 'idle-max')) {
    const raw = body['idle-max'];
    const i = parseIntLikeCa(raw);
    if (Number.isNaN(i)) throw fieldError('idle-max', raw, 'not a number');
    if (i < IDLE_MAX_MIN) throw fieldError('idle-max', raw, `minimum is ${IDLE_MAX_MIN}`);
    if (i > IDLE_MAX_MAX) throw fieldError('idle-max', raw, `maximum is ${IDLE_MAX_MAX}`);
    if (i === 0 && !privileged) throw fieldError('idle-max', raw, 'zero not allowed');
    out['idle-max'] = i;
  }
  if (Object.hasOwn(body, 'persist-data')) {
    const p = body['persist-data'];
    if (p === true || p === 'true') out['persist-data'] = true;
    else if (p === false || p === 'false') out['persist-data'] = false;
    else throw fieldError('persist-data', p, 'must be a boolean');
  }
  return out;
}

/** Transformations that apply to a decomposition (CA's caInstTransformations). */
function transformationsFor(decomposition: readonly string[]): InstnProps['transformations'] {
  const out: Record<string, { label: string; fields: readonly string[] }> = {};
  for (const [name, t] of Object.entries(TRANSFORMATIONS)) if (decomposition.some((f) => t.fields.includes(f))) out[name] = t;
  return out;
}

const DEFAULT_MUTABLE: Mutable = { enabled: true, 'retention-time': RETENTION_DEFAULT, 'idle-max': IDLE_MAX_DEFAULT, 'persist-data': false };

/**
 * POST /instrumentations: the body's properties (parsed JSON or form/query values, so
 * numbers may be strings) validated against the profile's catalog, defaults filled in.
 * Throws CaError (ECA_INVAL) with CA's messages.
 */
export function validateCreate(body: Readonly<Record<string, unknown>>, profile: Profile, opts: ValidateOptions): InstnProps {
  const module = body.module;
  const stat = body.stat;
  if (module === undefined || module === null || module === '') throw missing('module');
  if (stat === undefined || stat === null || stat === '') throw missing('stat');
  const metric = typeof module === 'string' && typeof stat === 'string' ? findMetric(profile, module, stat) : undefined;
  if (metric === undefined) throw fieldError('module.stat', `${String(module)}.${String(stat)}`, 'not a valid module/stat pair');

  const decomposition = parseDecomposition(body.decomposition, metric);
  const predicate = parsePredicate(body.predicate, metric);
  const { dimension, arity } = instnArity(decomposition);
  const granularity = parseGranularity(body.granularity);
  const m = mutableFields(body, DEFAULT_MUTABLE, granularity, !opts.customer);
  return {
    module: metric.module,
    stat: metric.stat,
    predicate,
    decomposition,
    granularity,
    'retention-time': m['retention-time'],
    'idle-max': m['idle-max'],
    'persist-data': m['persist-data'],
    enabled: m.enabled,
    crtime: opts.now ?? Date.now(),
    'value-dimension': dimension,
    'value-arity': arity,
    'value-scope': metric.interval,
    transformations: transformationsFor(decomposition),
  };
}

/**
 * PUT /instrumentations/:id: only enabled, retention-time, idle-max and persist-data
 * change (anything else in the body is ignored, as CA does). `customer` defaults to the
 * stricter rule (idle-max 0 refused).
 */
export function validateUpdate(current: InstnProps, body: Readonly<Record<string, unknown>>, opts: { readonly customer: boolean } = { customer: true }): InstnProps {
  const m = mutableFields(body, current, current.granularity, !opts.customer);
  return { ...current, ...m };
}

/** The properties a user gave (or that defaulted) at creation: what a clone starts from. */
const CLONED_FIELDS = ['module', 'stat', 'predicate', 'decomposition', 'granularity', ...MUTABLE_FIELDS] as const;

/**
 * POST .../clone: the source's properties overridden by the body's, validated as a new
 * instrumentation (new crtime; the service gives it a new id).
 */
export function validateClone(src: InstnProps, body: Readonly<Record<string, unknown>>, profile: Profile, opts: ValidateOptions): InstnProps {
  const merged: Record<string, unknown> = {};
  for (const f of CLONED_FIELDS) merged[f] = src[f];
  for (const [k, v] of Object.entries(body)) merged[k] = v;
  return validateCreate(merged, profile, opts);
}
