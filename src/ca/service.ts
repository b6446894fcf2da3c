// CaService: the whole Cloud Analytics REST API as one function, handle(ApiRequest) ->
// ApiResponse, over a Cluster of simulated nodes. It owns the instrumentation registry
// (ids from a global counter for the operator and per-customer counters from "1"), the
// limits (10 instrumentations per customer, 4 KB bodies, 64 KB scripts), tenancy (a
// customer's instrumentation compiles with its zone list AND runs with the engine's zone
// scope), each instrumentation's retained data (a Dataset fed by cluster.onDelta), the
// idle reaper, retention expiry, persistence, D scripts and the operator's controls of
// the live simulation. Pure TypeScript: it runs in the "ca" worker, in zonescope serve's
// worker thread, and in-process in tests.

import { z } from 'zod';
import { EnableError, type Cluster, type EnableSpec } from '../engine/cluster';
import { mergeDeltas, type Delta } from '../engine/delta';
import { parseWorkload, ScenarioError, type Scenario, type WorkloadSpec } from '../sim/index';
import { caLegacyMetrics, caLegacyTransformations, caLegacyTypes, caRoot, type Profile } from './catalog';
import { Dataset } from './dataset';
import { CaError, fieldError } from './errors';
import {
  binaryResponse, checkApiVersion, emptyResponse, errorResponse, jsonResponse, mergedParams, optionsResponse, parseParams, responseOfError,
  type ApiRequest, type ApiResponse, type Params,
} from './http';
import { validateClone, validateCreate, validateUpdate, type InstnProps } from './instn';
import { compileInstn, scriptForHost, type CompiledInstn } from './metad';
import { emptyState, parsePersistedState, type Persistence, type PersistedPoint, type PersistedState } from './persist';
import { matchRoute, pathScope, type Matched, type Route, type ValueView } from './routes';
import { TokenTable, type Scope } from './tokens';
import { averageValue, cellsValue, detailsValue, imageValue, parseHeatmapParams, percentileValue } from './heatmap';
import { parseValueParams, rawResponse, requestReady, respond, type ValueKind, type ValueRequest } from './values';

/** Wall time for the service's own timekeeping (idle-max, waiting for late sources); injected so tests control it. */
export interface ServiceClock {
  /** Milliseconds, monotonic enough for intervals. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The speeds PUT /ca/admin/speed accepts, in simulated seconds per wall second. */
export interface SpeedRange {
  readonly min: number;
  readonly max: number;
}

/** Without a range of its own a service accepts 1x to 1000x (zonescope serve widens it to its --speed). */
export const DEFAULT_SPEED_RANGE: SpeedRange = { min: 1, max: 1000 };

export interface CaServiceOptions {
  readonly cluster: Cluster;
  readonly operatorToken: string;
  readonly persistence?: Persistence;
  readonly clock?: ServiceClock;
  /** What PUT /ca/admin/speed accepts (default DEFAULT_SPEED_RANGE; the tab: 1 to 60). */
  readonly speedRange?: SpeedRange;
}

/** A customer may keep this many instrumentations (CA's cfg_instn_max_peruser), and as many scripts. */
export const MAX_INSTNS_PER_CUSTOMER = 10;
export const MAX_SCRIPTS_PER_CUSTOMER = 10;
/** The reaper looks for idle instrumentations this often (CA: 60 s). */
export const REAPER_INTERVAL_MS = 60_000;
/** A value request waits at most this long for late sources (CA's aggregator: 5 s). */
export const MAX_VALUE_WAIT_MS = 5000;
/** A script nobody asked about for this long is disabled (CA's default idle-max). */
export const SCRIPT_IDLE_MAX_S = 3600;
/** A delta still missing sources this many seconds behind the newest one is stored as it is (the lag shows as minreporting < nsources). */
const MERGE_HORIZON_S = 2;

function defaultClock(): ServiceClock {
  // setTimeout exists in every host this runs in (worker, Node, tab) but not in the pure core's lib.
  const g = globalThis as unknown as { setTimeout?: (f: () => void, ms: number) => unknown };
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise<void>((resolve) => (g.setTimeout === undefined ? resolve() : void g.setTimeout(resolve, ms))),
  };
}

/** One instrumentation: its properties, the D it compiled to, its data. */
export interface Instn {
  /** Owning customer; undefined for the operator's global instrumentations. */
  readonly custid: string | undefined;
  readonly id: string;
  /** The instrumentation's id in the Cluster's terms (unique across namespaces); its deltas carry it. */
  readonly enablingId: string;
  /** The Cluster enablings feeding it: [enablingId], or one per node for a script that names the hostname. */
  enablings: readonly string[];
  props: InstnProps;
  readonly compiled: CompiledInstn;
  /** The zones the instrumentation is confined to (a customer's), undefined for all. */
  readonly zones: readonly string[] | undefined;
  dataset: Dataset;
  nsources: number;
  /** Wall ms of the last request that touched it (the reaper's idle clock). */
  lastAccess: number;
}

interface Script {
  readonly custid: string | undefined;
  readonly id: string;
  readonly enablingId: string;
  readonly script: string;
  readonly node: string | undefined;
  readonly crtime: number;
  lastAccess: number;
}

/** A namespace's key: '' for the operator's, the customer id otherwise. */
function nsKey(custid: string | undefined): string {
  return custid ?? '';
}

function baseUri(custid: string | undefined): string {
  return custid === undefined ? '/ca' : `/ca/customers/${encodeURIComponent(custid)}`;
}

const scriptBody = z.strictObject({
  script: z.string({ error: 'must be a string of D' }).min(1, { error: 'must not be empty' }),
  node: z.string({ error: 'must be a hostname' }).min(1, { error: 'must be a hostname' }).optional(),
});

/** A number from JSON, or from a form or query string ("300"), as CA's parameters may come either way. */
function formNumber(v: unknown): unknown {
  return typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
}

const NONNEG_INT = 'must be a non-negative integer';
const nonNegInt = () => z.preprocess(formNumber, z.number({ error: NONNEG_INT }).int({ error: NONNEG_INT }).min(0, { error: NONNEG_INT }));

const zoneBody = z
  .strictObject({
    cpu_shares: z.preprocess(formNumber, z.number({ error: NONNEG_INT }).int({ error: NONNEG_INT }).min(0, { error: NONNEG_INT }).max(65535, { error: 'must be at most 65535' })).optional(),
    cpu_cap: z
      .preprocess((v) => (v === 'null' || v === '' ? null : formNumber(v)), z.union([z.number().int().min(0), z.null()], { error: 'must be a non-negative integer (percent of one CPU; 0 or null: no cap)' }))
      .optional(),
    zfs_io_priority: nonNegInt().optional(),
  })
  .refine((b) => b.cpu_shares !== undefined || b.cpu_cap !== undefined || b.zfs_io_priority !== undefined, {
    error: 'give at least one of "cpu_shares", "cpu_cap", "zfs_io_priority"',
  });

const throttleBody = z.strictObject({ throttle: z.enum(['off', '2011', '2013'], { error: 'must be one of "off", "2011", "2013"' }) });

function speedBody(r: SpeedRange) {
  const what = `must be a number of simulated seconds per wall second from ${r.min} to ${r.max}`;
  return z.strictObject({ speed: z.preprocess(formNumber, z.number({ error: what }).min(r.min, { error: what }).max(r.max, { error: what })) });
}

/** zod issues as "field: message; ..." */
function issuesText(e: z.ZodError): string {
  return e.issues
    .map((i) => {
      const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
      const where = path;
      if (i.code === 'unrecognized_keys') return `${where === '' ? '' : `${where}: `}unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      return where === '' ? i.message : `${where}: ${i.message}`;
    })
    .join('; ');
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new CaError('ECA_INVAL', `invalid ${what}: ${issuesText(r.error)}`);
  return r.data;
}

const distSchema = z.array(z.tuple([z.tuple([z.number(), z.number()]), z.number()]));
const rawValueSchema = z.union([z.number(), distSchema, z.record(z.string(), z.number()), z.record(z.string(), distSchema)]);

/** A saved raw value (CA's shapes) as the delta that would have produced it; undefined for a value of no known shape. */
function deltaOfRaw(id: string, second: number, value: unknown, reporting: number): Delta | undefined {
  const r = rawValueSchema.safeParse(value);
  if (!r.success) return undefined;
  const v = r.data;
  // The original hostnames are not kept; what counts is how many reported (minreporting).
  const sources = Array.from({ length: reporting }, (_, i) => `restored-${i}`);
  if (typeof v === 'number') return { id, second, sources, keys: [''], values: Float64Array.of(v) };
  const entries: [string, number | [[number, number], number][]][] = Array.isArray(v) ? [['', v]] : Object.entries(v);
  if (entries.every(([, x]) => typeof x === 'number')) {
    return { id, second, sources, keys: entries.map(([k]) => k), values: Float64Array.from(entries, ([, x]) => x as number) };
  }
  const offsets = new Uint32Array(entries.length + 1);
  const lo: number[] = [];
  const hi: number[] = [];
  const n: number[] = [];
  const values = new Float64Array(entries.length);
  entries.forEach(([, x], k) => {
    for (const [[l, h], c] of x as [[number, number], number][]) {
      lo.push(l);
      hi.push(h);
      n.push(c);
      values[k]! += c;
    }
    offsets[k + 1] = lo.length;
  });
  return { id, second, sources, keys: entries.map(([k]) => k), values, dist: { offsets, lo: Float64Array.from(lo), hi: Float64Array.from(hi), n: Float64Array.from(n) } };
}

/** The simulation's last failure (a shard that threw while running), for the status page; nothing when all is well. */
function failureField(f: unknown): { simulation_failure?: string } {
  if (f === undefined) return {};
  return { simulation_failure: f instanceof Error ? f.message : String(f) };
}

/** A D program the cluster rejected, as a 409 with dtrace's message, line and column. */
function compileFailure(e: unknown): CaError | undefined {
  if (e instanceof EnableError) return new DCompileCaError(e.message, e.line, e.column);
  return undefined;
}

/** A script that does not compile: 409 with dtrace's message and where. */
export class DCompileCaError extends CaError {
  readonly extra: Readonly<Record<string, unknown>>;
  constructor(message: string, line: number | undefined, column: number | undefined) {
    super('ECA_INVAL', message);
    this.extra = { ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) };
  }
}

export class CaService {
  readonly cluster: Cluster;
  private readonly tokens: TokenTable;
  private readonly persistence: Persistence | undefined;
  private readonly clock: ServiceClock;
  private readonly speedRange: SpeedRange;
  private readonly instns = new Map<string, Instn>();
  private readonly byEnabling = new Map<string, Instn>();
  private readonly scripts = new Map<string, Script>();
  private nextGlobalId = 1;
  private readonly nextCustomerId = new Map<string, number>();
  private readonly nextScriptId = new Map<string, number>();
  private readonly pending = new Map<string, Delta>();
  private newestSecond = -1;
  private lastReap: number;
  private deltasSeen = 0;
  private readonly startedMs: number;
  /** Mutations (create, update, delete, reap, save) run one at a time, so saved states follow each other in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private readonly ready: Promise<void>;
  private startError: string | undefined;
  /** Persisted instrumentations that could not be restored, and why (GET /ca/admin/status). */
  private readonly restoreErrors: string[] = [];
  private closed = false;

  constructor(o: CaServiceOptions) {
    this.cluster = o.cluster;
    this.tokens = new TokenTable(o.operatorToken, o.cluster.scenario.customers);
    this.persistence = o.persistence;
    this.clock = o.clock ?? defaultClock();
    this.speedRange = o.speedRange ?? DEFAULT_SPEED_RANGE;
    this.startedMs = this.clock.now();
    this.lastReap = this.startedMs;
    this.unsubscribe = o.cluster.onDelta((d) => this.onDelta(d));
    this.ready = this.restore().catch((e: unknown) => {
      this.startError = e instanceof Error ? e.message : String(e);
    });
  }

  /** Resolves once persisted instrumentations are re-created and enabled (handle() waits for it too). */
  async start(): Promise<void> {
    await this.ready;
    if (this.startError !== undefined) throw new Error(this.startError);
  }

  /** Stops taking deltas and disables every enabling this service made. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready;
    this.unsubscribe();
    const ids = [...[...this.instns.values()].flatMap((i) => i.enablings), ...[...this.scripts.values()].map((s) => s.enablingId)];
    await Promise.all(ids.map((id) => this.cluster.disable(id).catch(() => undefined)));
  }

  // ---------------------------------------------------------------- time

  /** CA time (Unix seconds) of the simulated second the cluster calls now. */
  caNow(): number {
    return this.cluster.epochSec + this.cluster.now();
  }

  // ---------------------------------------------------------------- requests

  async handle(req: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.dispatch(req);
    } catch (e) {
      return responseOfError(e);
    }
  }

  private async dispatch(req: ApiRequest): Promise<ApiResponse> {
    const method = req.method.toUpperCase();
    if (method === 'OPTIONS') return optionsResponse();
    await this.ready;
    if (this.startError !== undefined) throw new CaError('ECA_NORESOURCE', `the service failed to start: ${this.startError}`);
    const caller = this.tokens.authenticate(req.headers);
    const ps = pathScope(req.path);
    if (ps === undefined) throw new CaError('ECA_NOENT', `no such resource: ${req.path} (the API lives under /ca)`);
    const matched = matchRoute(req.path);
    this.tokens.authorize(caller, ps.scope, matched?.operatorOnly ?? false);
    if (ps.scope.kind === 'customer' && !this.tokens.hasCustomer(ps.scope.custid)) {
      throw new CaError('ECA_NOENT', `no such customer: "${ps.scope.custid}"`);
    }
    if (matched === undefined) throw new CaError('ECA_NOENT', `no such resource: ${req.path}`);
    if (!matched.methods.includes(method)) {
      return errorResponse('ECA_INVAL', `${method} is not supported on ${req.path}; use ${matched.methods.join(', ')}`, {
        status: 405,
        headers: { allow: [...matched.methods, 'OPTIONS'].join(', ') },
      });
    }
    checkApiVersion(req.headers);
    const params = parseParams(req, matched.bodyLimit);
    // A request never sees an instrumentation that was due to be reaped before it came.
    await this.housekeeping();
    return this.route(method, matched, params, req.headers['accept'] ?? '');
  }

  private async route(method: string, m: Matched, params: Params, accept: string): Promise<ApiResponse> {
    const custid = m.scope.kind === 'customer' ? m.scope.custid : undefined;
    const profile: Profile = custid === undefined ? 'operator' : 'customer';
    const r: Route = m.route;
    switch (r.kind) {
      case 'root':
        return jsonResponse(200, caRoot(profile));
      case 'legacy':
        switch (r.what) {
          case 'metrics':
            return jsonResponse(200, caLegacyMetrics(profile));
          case 'types':
            return jsonResponse(200, caLegacyTypes());
          case 'transformations':
            return jsonResponse(200, caLegacyTransformations());
        }
        break;
      case 'instns':
        if (method === 'GET') return jsonResponse(200, this.listInstns(m.scope, params));
        return this.serial(() => this.createInstn(custid, params));
      case 'instn':
        switch (method) {
          case 'GET':
            return jsonResponse(200, this.instnJson(this.lookup(custid, r.id)));
          case 'PUT':
            return this.serial(() => this.updateInstn(custid, r.id, params));
          case 'DELETE':
            return this.serial(() => this.deleteInstn(custid, r.id));
          default: {
            const action = mergedParams(params)['action'];
            if (action !== 'clone') throw fieldError('action', action, 'POST on an instrumentation takes action=clone');
            return this.serial(() => this.cloneInstn(custid, r.id, params));
          }
        }
      case 'clone':
        return this.serial(() => this.cloneInstn(custid, r.id, params));
      case 'value':
        return this.value(r.view, this.lookup(custid, r.id), params, accept);
      case 'scripts':
        if (method === 'GET') return jsonResponse(200, this.listScripts(custid));
        return this.serial(() => this.createScript(custid, params));
      case 'script': {
        const s = this.lookupScript(custid, r.id);
        if (method === 'GET') return jsonResponse(200, this.scriptJson(s));
        return this.serial(() => this.deleteScript(s));
      }
      case 'scriptValue': {
        const s = this.lookupScript(custid, r.id);
        const v = await this.cluster.scriptValue(s.enablingId);
        return jsonResponse(200, { ...this.scriptJson(s), ...v });
      }
      case 'adminStatus':
        return jsonResponse(200, this.status());
      case 'adminScenario':
        return jsonResponse(200, this.cluster.scenarioState());
      case 'adminZone':
        return this.serial(() => this.adminZone(r.zonename, params));
      case 'adminWorkloads':
        return this.serial(() => this.adminAddWorkload(r.zonename, params));
      case 'adminWorkload':
        return this.serial(() => this.adminRemoveWorkload(r.zonename, r.index));
      case 'adminThrottle': {
        const b = parseBody(throttleBody, mergedParams(params), 'throttle');
        await this.control(() => this.cluster.setThrottle(b.throttle));
        return jsonResponse(200, { throttle: b.throttle });
      }
      case 'adminSpeed':
        if (method === 'PUT') return this.serial(() => this.adminSpeed(params));
        return jsonResponse(200, this.speedJson());
    }
    throw new CaError('ECA_NOENT', 'no such resource');
  }

  /** Runs a mutation after the ones before it. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ---------------------------------------------------------------- tenancy

  /** The zones a customer owns (live state), sorted. */
  customerZones(custid: string): string[] {
    const out: string[] = [];
    for (const n of this.cluster.scenarioState().nodes) for (const zn of n.zones) if (zn.owner === custid) out.push(zn.name);
    return out.sort();
  }

  // ---------------------------------------------------------------- instrumentations

  private lookup(custid: string | undefined, id: string): Instn {
    const inst = this.instns.get(`${nsKey(custid)};${id}`);
    if (inst === undefined) {
      throw new CaError('ECA_NOENT', `no instrumentation "${id}" in ${custid === undefined ? 'the global namespace' : `customer "${custid}"'s namespace`}`);
    }
    inst.lastAccess = this.clock.now();
    return inst;
  }

  private countInstns(custid: string | undefined): number {
    let n = 0;
    for (const i of this.instns.values()) if (i.custid === custid) n++;
    return n;
  }

  private listInstns(scope: Scope, params: Params): unknown[] {
    const all = scope.kind === 'global' && mergedParams(params)['all'] === 'true';
    const custid = scope.kind === 'customer' ? scope.custid : undefined;
    const out: unknown[] = [];
    for (const i of this.instns.values()) if (all || i.custid === custid) out.push(this.instnJson(i));
    return out;
  }

  instnUri(i: Instn): string {
    return `${baseUri(i.custid)}/instrumentations/${i.id}`;
  }

  /** CA's instrumentation object (§2.1) plus `script`, the D it compiled to. */
  instnJson(i: Instn): Record<string, unknown> {
    const uri = this.instnUri(i);
    const uris: { uri: string; name: string }[] = [];
    if (i.props['value-arity'] === 'numeric-decomposition') {
      uris.push({ uri: `${uri}/value/heatmap/image`, name: 'value_heatmap' });
      uris.push({ uri: `${uri}/value/heatmap/details`, name: 'details_heatmap' });
    }
    uris.push({ uri: `${uri}/value/raw`, name: 'value_raw' });
    return { ...i.props, nsources: i.nsources, uri, id: i.id, uris, script: i.compiled.script };
  }

  private newDataset(props: InstnProps, compiled: CompiledInstn, nsources: number): Dataset {
    return new Dataset({
      arity: props['value-arity'],
      dimension: props['value-dimension'],
      granularity: props.granularity,
      retentionS: props['retention-time'],
      point: compiled.point,
      nsources,
    });
  }

  /** Compile, enable and register an instrumentation (a new one, or one restored from persisted state). */
  private async install(custid: string | undefined, id: string, props: InstnProps): Promise<Instn> {
    const zones = custid === undefined ? undefined : this.customerZones(custid);
    const compiled = compileInstn(props, zones);
    const enablingId = `instn:${nsKey(custid)}:${id}`;
    const enablings = props.enabled ? await this.enable(enablingId, compiled, props, zones) : [];
    const nsources = this.nsourcesOf(enablings);
    const inst: Instn = {
      custid, id, enablingId, enablings, props, compiled, zones, nsources,
      dataset: this.newDataset(props, compiled, nsources),
      lastAccess: this.clock.now(),
    };
    this.instns.set(`${nsKey(custid)};${id}`, inst);
    for (const e of enablings) this.byEnabling.set(e, inst);
    return inst;
  }

  private nsourcesOf(enablings: readonly string[]): number {
    return enablings.reduce((n, e) => n + this.cluster.nsources(e), 0);
  }

  /** The hostnames an instrumentation confined to `zones` runs on (all nodes for undefined). */
  private hostsFor(zones: readonly string[] | undefined): string[] {
    return this.cluster
      .scenarioState()
      .nodes.filter((n) => zones === undefined || n.zones.some((zn) => zones.includes(zn.name)))
      .map((n) => n.hostname);
  }

  /**
   * Enable an instrumentation's D on the cluster; returns the enabling ids. A script that
   * names the node's hostname (hostname decomposed or in the predicate) runs as one
   * enabling per node with that node's name written in, as CA's instrumenters did; their
   * deltas all feed the one dataset.
   */
  private async enable(enablingId: string, compiled: CompiledInstn, props: InstnProps, zones: readonly string[] | undefined): Promise<string[]> {
    const base = { mode: 'instn' as const, granularity: props.granularity, ...(zones === undefined ? {} : { zones }) };
    const specs: EnableSpec[] = compiled.perHost
      ? this.hostsFor(zones).map((h) => ({ ...base, id: `${enablingId}@${h}`, script: scriptForHost(compiled.script, h), nodes: [h] }))
      : [{ ...base, id: enablingId, script: compiled.script }];
    const done: string[] = [];
    try {
      for (const spec of specs) {
        await this.cluster.enable(spec);
        done.push(spec.id);
      }
    } catch (e) {
      for (const id of done) await this.cluster.disable(id).catch(() => undefined);
      // The D is ours, so a failure here is the service's, not the caller's: say what failed to compile.
      const why = e instanceof Error ? e.message : String(e);
      throw new CaError('ECA_NORESOURCE', `failed to enable ${props.module}.${props.stat}: ${why}`);
    }
    return done;
  }

  private async disableAll(inst: Instn): Promise<void> {
    for (const e of inst.enablings) {
      this.byEnabling.delete(e);
      await this.cluster.disable(e).catch(() => undefined);
    }
    inst.enablings = [];
    this.dropPending(inst.enablingId);
  }

  /** The id the next instrumentation of a namespace gets (taken by takeId once it exists). */
  private peekId(custid: string | undefined): string {
    return String(custid === undefined ? this.nextGlobalId : (this.nextCustomerId.get(custid) ?? 1));
  }

  private untakeId(custid: string | undefined): void {
    if (custid === undefined) this.nextGlobalId--;
    else this.nextCustomerId.set(custid, (this.nextCustomerId.get(custid) ?? 2) - 1);
  }

  private takeId(custid: string | undefined): void {
    if (custid === undefined) this.nextGlobalId++;
    else this.nextCustomerId.set(custid, (this.nextCustomerId.get(custid) ?? 1) + 1);
  }

  private async createInstn(custid: string | undefined, params: Params): Promise<ApiResponse> {
    if (custid !== undefined && this.countInstns(custid) >= MAX_INSTNS_PER_CUSTOMER) {
      throw new CaError('ECA_INVAL', `only ${MAX_INSTNS_PER_CUSTOMER} instrumentations allowed`);
    }
    const profile: Profile = custid === undefined ? 'operator' : 'customer';
    const props = validateCreate(mergedParams(params), profile, { customer: custid !== undefined, now: this.caNow() * 1000 });
    return this.created(custid, props);
  }

  private async created(custid: string | undefined, props: InstnProps): Promise<ApiResponse> {
    const id = this.peekId(custid);
    const inst = await this.install(custid, id, props);
    this.takeId(custid);
    try {
      await this.persist();
    } catch (e) {
      // As CA's configsvc: an instrumentation that could not be saved does not exist.
      await this.remove(inst);
      this.untakeId(custid);
      throw e;
    }
    const body = this.instnJson(inst);
    return jsonResponse(201, body, { location: String(body['uri']) });
  }

  private async cloneInstn(custid: string | undefined, id: string, params: Params): Promise<ApiResponse> {
    const src = this.lookup(custid, id);
    if (custid !== undefined && this.countInstns(custid) >= MAX_INSTNS_PER_CUSTOMER) {
      throw new CaError('ECA_INVAL', `only ${MAX_INSTNS_PER_CUSTOMER} instrumentations allowed`);
    }
    const body = { ...mergedParams(params) };
    delete body['action'];
    const profile: Profile = custid === undefined ? 'operator' : 'customer';
    const props = validateClone(src.props, body, profile, { customer: custid !== undefined, now: this.caNow() * 1000 });
    return this.created(custid, props);
  }

  private async updateInstn(custid: string | undefined, id: string, params: Params): Promise<ApiResponse> {
    const inst = this.lookup(custid, id);
    const before = inst.props;
    const after = validateUpdate(before, mergedParams(params), { customer: custid !== undefined });
    if (after.enabled && !before.enabled) {
      inst.enablings = await this.enable(inst.enablingId, inst.compiled, after, inst.zones);
      for (const e of inst.enablings) this.byEnabling.set(e, inst);
      inst.nsources = this.nsourcesOf(inst.enablings);
    } else if (!after.enabled && before.enabled) {
      await this.disableAll(inst);
    }
    if (after['retention-time'] !== before['retention-time']) inst.dataset.setRetention(after['retention-time']);
    inst.dataset.setNsources(inst.nsources);
    inst.props = after;
    await this.persist();
    return jsonResponse(200, this.instnJson(inst));
  }

  private async deleteInstn(custid: string | undefined, id: string): Promise<ApiResponse> {
    const inst = this.lookup(custid, id);
    await this.remove(inst);
    await this.persist();
    return emptyResponse(204);
  }

  private async remove(inst: Instn): Promise<void> {
    this.instns.delete(`${nsKey(inst.custid)};${inst.id}`);
    await this.disableAll(inst);
  }

  // ---------------------------------------------------------------- data

  private pendingKey(id: string, second: number): string {
    return `${id}@${second}`;
  }

  /**
   * Deltas from the cluster's shards: one per (enabling, second) per shard. They are
   * merged until every node the enabling runs on has reported, then stored; a second
   * still incomplete when newer data arrives is stored as it is (minreporting shows it).
   */
  private onDelta(delta: Delta): void {
    let d = delta;
    this.deltasSeen++;
    const inst = this.byEnabling.get(d.id);
    if (inst === undefined) return;
    if (d.id !== inst.enablingId) d = { ...d, id: inst.enablingId };
    const key = this.pendingKey(d.id, d.second);
    const prev = this.pending.get(key);
    const merged = prev === undefined ? d : mergeDeltas(prev, d);
    if (merged.sources.length >= inst.nsources) {
      this.pending.delete(key);
      this.store(inst, merged);
    } else {
      this.pending.set(key, merged);
    }
    if (d.second > this.newestSecond) {
      this.newestSecond = d.second;
      this.flushPending(undefined, d.second - MERGE_HORIZON_S);
    }
    void this.housekeeping();
  }

  /** Store pending (incomplete) deltas of `id` (or of every enabling) up to `uptoSecond`. */
  private flushPending(id: string | undefined, uptoSecond: number): void {
    for (const [key, d] of this.pending) {
      if ((id !== undefined && d.id !== id) || d.second > uptoSecond) continue;
      this.pending.delete(key);
      const inst = this.byLogical(d.id);
      if (inst !== undefined) this.store(inst, d);
    }
  }

  private byLogical(enablingId: string): Instn | undefined {
    for (const i of this.instns.values()) if (i.enablingId === enablingId) return i;
    return undefined;
  }

  /** Forget an instrumentation's incomplete deltas. */
  private dropPending(enablingId: string): void {
    for (const [key, d] of this.pending) if (d.id === enablingId) this.pending.delete(key);
  }

  private store(inst: Instn, d: Delta): void {
    inst.dataset.add({ ...d, second: this.cluster.epochSec + d.second });
  }

  /** Expire old data, reap idle instrumentations and scripts (at most every REAPER_INTERVAL_MS). */
  private housekeeping(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastReap < REAPER_INTERVAL_MS) return Promise.resolve();
    this.lastReap = now;
    const nowSec = this.caNow();
    for (const inst of this.instns.values()) inst.dataset.expire(nowSec);
    // CA saves persist-data instrumentations' data at most once a minute: here, with the reaper.
    const saveData = [...this.instns.values()].some((i) => i.props['persist-data']);
    return this.serial(async () => {
      const reaped = await this.reap(now);
      if (saveData && reaped === 0) await this.persist();
    }).then(
      () => undefined,
      () => undefined,
    );
  }

  /** CA's reaper: delete instrumentations idle longer than their idle-max (0: never), and idle scripts. */
  async reap(nowMs: number = this.clock.now()): Promise<number> {
    let n = 0;
    for (const inst of [...this.instns.values()]) {
      const max = inst.props['idle-max'];
      if (max === 0 || nowMs - inst.lastAccess <= max * 1000) continue;
      await this.remove(inst);
      n++;
    }
    for (const s of [...this.scripts.values()]) {
      if (nowMs - s.lastAccess <= SCRIPT_IDLE_MAX_S * 1000) continue;
      this.scripts.delete(`${nsKey(s.custid)};${s.id}`);
      await this.cluster.disable(s.enablingId).catch(() => undefined);
    }
    if (n > 0) await this.persist();
    return n;
  }

  /** Wait (at most timeoutMs, at most 5 s) until `ready()` says every source has reported. Returns the ms waited. */
  private async waitFor(ready: () => boolean, timeoutMs: number, inst: Instn): Promise<number> {
    if (ready()) return 0;
    const t0 = this.clock.now();
    const limit = Math.min(timeoutMs, MAX_VALUE_WAIT_MS);
    while (!ready()) {
      const waited = this.clock.now() - t0;
      if (waited >= limit) break;
      await this.clock.sleep(Math.min(100, limit - waited));
      this.flushPending(inst.enablingId, Infinity);
    }
    return this.clock.now() - t0;
  }

  // ---------------------------------------------------------------- values

  private async value(view: ValueView, inst: Instn, params: Params, accept: string): Promise<ApiResponse> {
    const uri = `${this.instnUri(inst)}/value`;
    const numeric = inst.props['value-arity'] === 'numeric-decomposition';
    switch (view) {
      case 'index': {
        const out = [{ uri: `${uri}/raw`, name: 'value_raw' }];
        if (numeric) out.unshift({ uri: `${uri}/heatmap`, name: 'value_heatmap' });
        return jsonResponse(200, out);
      }
      case 'heatmap':
        this.requireNumeric(inst);
        return jsonResponse(200, (['image', 'details', 'average', 'percentile', 'cells'] as const).map((v) => ({ uri: `${uri}/heatmap/${v}`, name: `heatmap_${v}` })));
      case 'raw': {
        const { req, delayMs } = await this.valueRequest(inst, mergedParams(params), 'raw');
        return jsonResponse(200, rawResponse(inst.dataset, req, { delayMs }));
      }
      case 'image':
      case 'details':
      case 'average':
      case 'percentile':
      case 'cells':
        this.requireNumeric(inst);
        return this.heatmap(view, inst, params, accept);
    }
  }

  /**
   * The heatmap views (CA's caAggrValueHeatmap*, plus cells and scale=log). Heatmap
   * parameters come from the query string only, as in CA; time parameters from anywhere.
   * An image request that accepts image/png (and asks for one point) gets the PNG itself.
   */
  private async heatmap(view: 'image' | 'details' | 'average' | 'percentile' | 'cells', inst: Instn, params: Params, accept: string): Promise<ApiResponse> {
    const merged = mergedParams(params);
    const hp = parseHeatmapParams(merged, view);
    const kind: ValueKind = `heatmap-${view}`;
    const { req, delayMs } = await this.valueRequest(inst, merged, kind);
    const ds = inst.dataset;
    switch (view) {
      case 'image': {
        if (!req.array && /\bimage\/png\b/.test(accept)) {
          const { png } = imageValue(ds, req.points[0]!, hp, req);
          return binaryResponse(200, 'image/png', png);
        }
        return jsonResponse(200, respond(ds, req, (p) => imageValue(ds, p, hp, req).value, { delayMs }));
      }
      case 'details':
        return jsonResponse(200, respond(ds, req, (p) => detailsValue(ds, p, hp), { delayMs }));
      case 'average':
        return jsonResponse(200, respond(ds, req, (p) => averageValue(ds, p, hp), { delayMs }));
      case 'percentile':
        return jsonResponse(200, respond(ds, req, (p) => percentileValue(ds, p, hp), { delayMs }));
      case 'cells':
        return jsonResponse(200, respond(ds, req, (p) => cellsValue(ds, p, hp, req), { delayMs }));
    }
  }

  private requireNumeric(inst: Instn): void {
    if (inst.props['value-arity'] !== 'numeric-decomposition') {
      throw new CaError('ECA_NOENT', `instrumentation "${inst.id}" has no numeric decomposition, so it has no heatmap (decompose by a numeric field such as latency)`);
    }
  }

  /** Parse a value request's time parameters and wait (at most its timeout) until every expected source reported. */
  private async valueRequest(inst: Instn, params: Record<string, unknown>, kind: ValueKind): Promise<{ req: ValueRequest; delayMs: number }> {
    this.flushPending(inst.enablingId, Infinity);
    inst.dataset.expire(this.caNow());
    const req = parseValueParams(params, {
      kind,
      granularity: inst.props.granularity,
      nowSec: this.caNow(),
      transformations: Object.keys(inst.props.transformations),
    });
    const delayMs = await this.waitFor(() => requestReady(inst.dataset, req), req.timeoutMs, inst);
    return { req, delayMs };
  }

  // ---------------------------------------------------------------- scripts

  private lookupScript(custid: string | undefined, id: string): Script {
    const s = this.scripts.get(`${nsKey(custid)};${id}`);
    if (s === undefined) throw new CaError('ECA_NOENT', `no script "${id}" in ${custid === undefined ? 'the global namespace' : `customer "${custid}"'s namespace`}`);
    s.lastAccess = this.clock.now();
    return s;
  }

  private scriptJson(s: Script): Record<string, unknown> {
    return {
      id: s.id,
      uri: `${baseUri(s.custid)}/scripts/${s.id}`,
      value: `${baseUri(s.custid)}/scripts/${s.id}/value`,
      script: s.script,
      ...(s.node === undefined ? {} : { node: s.node }),
      crtime: s.crtime,
    };
  }

  private listScripts(custid: string | undefined): unknown[] {
    return [...this.scripts.values()].filter((s) => s.custid === custid).map((s) => this.scriptJson(s));
  }

  private async createScript(custid: string | undefined, params: Params): Promise<ApiResponse> {
    const b = parseBody(scriptBody, mergedParams(params), 'script request');
    const zones = custid === undefined ? undefined : this.customerZones(custid);
    if (custid !== undefined && [...this.scripts.values()].filter((s) => s.custid === custid).length >= MAX_SCRIPTS_PER_CUSTOMER) {
      throw new CaError('ECA_INVAL', `only ${MAX_SCRIPTS_PER_CUSTOMER} scripts allowed`);
    }
    if (b.node !== undefined) {
      const node = this.cluster.scenarioState().nodes.find((n) => n.hostname === b.node);
      const hosts = node !== undefined && (zones === undefined || node.zones.some((zn) => zones.includes(zn.name)));
      if (!hosts) {
        throw fieldError('node', b.node, zones === undefined ? 'no such node' : 'not a node that runs one of your zones');
      }
    }
    const key = nsKey(custid);
    const n = this.nextScriptId.get(key) ?? 1;
    const id = String(n);
    const enablingId = `script:${key}:${id}`;
    const spec: EnableSpec = {
      id: enablingId,
      script: b.script,
      mode: 'script',
      ...(zones === undefined ? {} : { zones, zoneProviders: true }),
      ...(b.node === undefined ? {} : { nodes: [b.node] }),
    };
    try {
      await this.cluster.enable(spec);
    } catch (e) {
      const ce = compileFailure(e);
      if (ce !== undefined) throw ce;
      throw e;
    }
    this.nextScriptId.set(key, n + 1);
    const s: Script = { custid, id, enablingId, script: b.script, node: b.node, crtime: this.caNow() * 1000, lastAccess: this.clock.now() };
    this.scripts.set(`${key};${id}`, s);
    const body = this.scriptJson(s);
    return jsonResponse(201, body, { location: String(body['uri']) });
  }

  private async deleteScript(s: Script): Promise<ApiResponse> {
    this.scripts.delete(`${nsKey(s.custid)};${s.id}`);
    await this.cluster.disable(s.enablingId);
    return emptyResponse(204);
  }

  // ---------------------------------------------------------------- admin

  /** A live control the simulation refused (a RangeError naming what is wrong) is the caller's 409, not a 500. */
  private async control<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      // From a worker shard the error arrives through Comlink: an Error named RangeError, not an instance of it.
      if (e instanceof Error && e.name === 'RangeError') throw new CaError('ECA_INVAL', `the simulation refused the change: ${e.message}`);
      throw e;
    }
  }

  private zoneOrThrow(zonename: string): Scenario['nodes'][number]['zones'][number] {
    for (const n of this.cluster.scenarioState().nodes) for (const zn of n.zones) if (zn.name === zonename) return zn;
    throw new CaError('ECA_NOENT', `no such zone: "${zonename}"`);
  }

  private async adminZone(zonename: string, params: Params): Promise<ApiResponse> {
    this.zoneOrThrow(zonename);
    const b = parseBody(zoneBody, mergedParams(params), `settings for zone "${zonename}"`);
    const p: { cpu_shares?: number; cpu_cap?: number | null; zfs_io_priority?: number } = {};
    if (b.cpu_shares !== undefined) p.cpu_shares = b.cpu_shares;
    if (b.cpu_cap !== undefined) p.cpu_cap = b.cpu_cap === 0 ? null : b.cpu_cap;
    if (b.zfs_io_priority !== undefined) p.zfs_io_priority = b.zfs_io_priority;
    await this.control(() => this.cluster.setZone(zonename, p));
    return jsonResponse(200, this.zoneOrThrow(zonename));
  }

  /** A workload as the scenario schema accepts it (kinds, fields, defaults; kvm only in kvm zones). */
  private parseWorkload(zonename: string, brand: 'joyent' | 'kvm', body: unknown): WorkloadSpec {
    try {
      return parseWorkload(body, brand);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      throw new CaError('ECA_INVAL', `invalid workload for zone "${zonename}": ${e.issues.join('; ')}`);
    }
  }

  private async adminAddWorkload(zonename: string, params: Params): Promise<ApiResponse> {
    const zone = this.zoneOrThrow(zonename);
    const w = this.parseWorkload(zonename, zone.brand, mergedParams(params));
    const index = await this.control(() => this.cluster.addWorkload(zonename, w));
    const uri = `/ca/admin/zones/${encodeURIComponent(zonename)}/workloads/${index}`;
    return jsonResponse(201, { index, uri, workload: w }, { location: uri });
  }

  private async adminRemoveWorkload(zonename: string, index: string): Promise<ApiResponse> {
    const zone = this.zoneOrThrow(zonename);
    if (!/^(0|[1-9][0-9]*)$/.test(index)) throw fieldError('index', index, 'must be a non-negative integer');
    const n = Number(index);
    if (n >= zone.workloads.length) throw new CaError('ECA_NOENT', `zone "${zonename}" has no workload ${n} (it has ${zone.workloads.length})`);
    await this.control(() => this.cluster.removeWorkload(zonename, n));
    return emptyResponse(204);
  }

  /** PUT /ca/admin/speed: pace the simulation at another speed from the next second on. */
  private async adminSpeed(params: Params): Promise<ApiResponse> {
    const b = parseBody(speedBody(this.speedRange), mergedParams(params), 'speed');
    this.cluster.setSpeed(b.speed);
    // setSpeed() halts and restarts the shards in turn; answer once the new pace holds.
    await this.cluster.settled();
    if (this.cluster.currentSpeed() !== b.speed) {
      throw new CaError('ECA_NORESOURCE', `the simulation did not take speed ${b.speed}: ${String(this.cluster.failure() ?? 'it is not running')}`);
    }
    return jsonResponse(200, this.speedJson());
  }

  /** The pace of the simulation: speed (0: flat out), the accepted range, and where simulated time is. */
  private speedJson(): Record<string, unknown> {
    const sim = this.cluster.now();
    return {
      speed: this.cluster.currentSpeed(),
      speed_range: { min: this.speedRange.min, max: this.speedRange.max },
      now: this.cluster.epochSec + sim,
      simulated_s: sim,
    };
  }

  private status(): Record<string, unknown> {
    const perCustomer: Record<string, number> = {};
    let global = 0;
    for (const i of this.instns.values()) {
      if (i.custid === undefined) global++;
      else perCustomer[i.custid] = (perCustomer[i.custid] ?? 0) + 1;
    }
    const scenario = this.cluster.scenario;
    const sim = this.cluster.now();
    return {
      service: 'zonescope ca',
      scenario: scenario.name,
      seed: scenario.seed,
      now: this.cluster.epochSec + sim,
      simulated_s: sim,
      // The slowest shard's completed second: simulated_s - reached_s is how far the simulation lags its pace.
      reached_s: this.cluster.reachedAll(),
      speed: this.cluster.currentSpeed(),
      speed_range: { min: this.speedRange.min, max: this.speedRange.max },
      epoch: this.cluster.epochSec,
      uptime_ms: this.clock.now() - this.startedMs,
      nodes: scenario.nodes.map((n) => n.hostname),
      customers: scenario.customers.map((c) => c.id),
      instrumentations: { global, customers: perCustomer },
      scripts: this.scripts.size,
      deltas: this.deltasSeen,
      pending_merges: this.pending.size,
      restore_errors: [...this.restoreErrors],
      ...failureField(this.cluster.failure()),
    };
  }

  // ---------------------------------------------------------------- persistence

  /** An instrumentation's retained intervals that hold data, in CA's raw shapes. */
  private dataPoints(inst: Instn): PersistedPoint[] {
    const ds = inst.dataset;
    const g = ds.granularity;
    const now = this.caNow();
    const out: PersistedPoint[] = [];
    for (let t = ds.ptime(now - inst.props['retention-time']); t <= now; t += g) {
      const reporting = ds.reportingAt(t);
      if (reporting === 0) continue;
      out.push({ t, reporting, value: ds.raw(t, g) });
    }
    return out;
  }

  /**
   * Put saved intervals back into a restored instrumentation's dataset. Only the past
   * comes back: with a fixed scenario epoch a restarted simulation begins at the same
   * time again, and saved intervals from its "future" would read as data not yet seen.
   */
  private restoreData(inst: Instn, points: readonly PersistedPoint[], where: string): void {
    const now = this.caNow();
    let bad = 0;
    for (const p of points) {
      if (p.t >= now) continue;
      const d = deltaOfRaw(inst.enablingId, p.t, p.value, p.reporting);
      if (d === undefined) bad++;
      else inst.dataset.add(d);
    }
    if (bad > 0) this.restoreErrors.push(`${where}: ${bad} saved interval(s) of data had values of the wrong shape; dropped`);
  }

  private snapshot(): PersistedState {
    const s = emptyState();
    return {
      ...s,
      nextGlobalId: this.nextGlobalId,
      nextCustomerId: Object.fromEntries(this.nextCustomerId),
      instrumentations: [...this.instns.values()].map((i) => ({
        ...(i.custid === undefined ? {} : { custid: i.custid }),
        id: i.id,
        props: {
          module: i.props.module,
          stat: i.props.stat,
          predicate: i.props.predicate,
          decomposition: [...i.props.decomposition],
          granularity: i.props.granularity,
          'retention-time': i.props['retention-time'],
          'idle-max': i.props['idle-max'],
          'persist-data': i.props['persist-data'],
          enabled: i.props.enabled,
          crtime: i.props.crtime,
        },
        ...(i.props['persist-data'] ? { data: this.dataPoints(i) } : {}),
      })),
    };
  }

  private async persist(): Promise<void> {
    if (this.persistence === undefined) return;
    try {
      await this.persistence.save(this.snapshot());
    } catch (e) {
      throw new CaError('ECA_NORESOURCE', `failed to save the instrumentations: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Re-create and re-enable persisted instrumentations with their ids and counters. */
  private async restore(): Promise<void> {
    if (this.persistence === undefined) return;
    const loaded = await this.persistence.load();
    if (loaded === undefined) return;
    const state = parsePersistedState(loaded);
    this.nextGlobalId = state.nextGlobalId;
    for (const [c, n] of Object.entries(state.nextCustomerId)) this.nextCustomerId.set(c, n);
    for (const p of state.instrumentations) {
      const where = `${p.custid === undefined ? 'global' : `customer "${p.custid}"`} instrumentation ${p.id}`;
      if (p.custid !== undefined && !this.tokens.hasCustomer(p.custid)) {
        this.restoreErrors.push(`${where}: customer "${p.custid}" is not in scenario ${this.cluster.scenario.name}; dropped`);
        continue;
      }
      const profile: Profile = p.custid === undefined ? 'operator' : 'customer';
      const { crtime, ...body } = p.props;
      try {
        const props = validateCreate(body, profile, { customer: p.custid !== undefined, now: crtime });
        const inst = await this.install(p.custid, p.id, props);
        if (p.data !== undefined && props['persist-data']) this.restoreData(inst, p.data, where);
      } catch (e) {
        // One bad instrumentation (a metric this version no longer has, say) must not keep the others down.
        this.restoreErrors.push(`${where}: ${e instanceof Error ? e.message : String(e)}; dropped`);
      }
    }
  }
}
