// CaService beyond the shared API cases: persistence across a restart (ids, counters,
// properties, data flowing again), a corrupt persisted state, the idle reaper, a node
// that stops reporting (minreporting < nsources after waiting at most 5 s), and deltas
// from several shards adding up to what one shard computes. Real Cluster, in-process
// shards, manual wall clock: deterministic.

import { ManualClock } from '../manual-clock';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPersistence, type PersistedState, type Persistence } from '../../../src/ca/persist';
import { CaService } from '../../../src/ca/service';
import { Cluster } from '../../../src/engine/cluster';
import { parseScenarioText, type Scenario } from '../../../src/sim/index';

const SCENARIO: Scenario = parseScenarioText(readFileSync(new URL('../api/scenario.json', import.meta.url), 'utf8'));
const OP = 'op-token-service-test';
const ACME = SCENARIO.customers.find((c) => c.id === 'acme')!.token;

interface Harness {
  cluster: Cluster;
  service: CaService;
  clock: ManualClock;
  call(method: string, path: string, token: string, body?: object, query?: string): Promise<{ status: number; json: any; headers: Record<string, string> }>;
  advance(s: number): Promise<void>;
}

const open: Harness[] = [];

async function harness(o: { persistence?: Persistence; localShards?: number; clock?: ManualClock; startAt?: number } = {}): Promise<Harness> {
  const cluster = await Cluster.create({ scenario: SCENARIO, speed: 0, localShards: o.localShards ?? 1 });
  if (o.startAt !== undefined) await cluster.advanceTo(o.startAt);
  const clock = o.clock ?? new ManualClock(5_000_000);
  const service = new CaService({ cluster, operatorToken: OP, clock, ...(o.persistence === undefined ? {} : { persistence: o.persistence }) });
  const h: Harness = {
    cluster,
    service,
    clock,
    async call(method, path, token, body, query = '') {
      const r = await service.handle({
        method,
        path,
        query,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? '' : JSON.stringify(body),
      });
      const text = typeof r.body === 'string' ? r.body : '';
      return { status: r.status, json: text === '' ? undefined : JSON.parse(text), headers: r.headers };
    },
    async advance(s) {
      await cluster.advanceTo(cluster.now() + s);
      clock.ms += s * 1000;
    },
  };
  open.push(h);
  return h;
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.service.close();
    await h.cluster.stop();
  }
});

describe('persistence', () => {
  it('a restarted service re-creates and re-enables persisted instrumentations with their ids, properties and counters', async () => {
    const store = new MemoryPersistence();
    const a = await harness({ persistence: store });
    await a.service.start();
    const g1 = (await a.call('POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'zones', decomposition: ['zonename'], 'idle-max': 0 })).json;
    const g2 = (await a.call('POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'usage' })).json;
    const c1 = (await a.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'syscall', stat: 'syscalls', decomposition: ['latency'], predicate: { eq: ['execname', 'nginx'] }, 'retention-time': 1200 })).json;
    const c2 = (await a.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'usage' })).json;
    expect([g1.id, g2.id, c1.id, c2.id]).toEqual(['1', '2', '1', '2']);
    expect((await a.call('DELETE', g2.uri, OP)).status).toBe(204);
    expect((await a.call('DELETE', c2.uri, ACME)).status).toBe(204);
    expect(store.saves).toBeGreaterThanOrEqual(6);

    // A new cluster and service over the same store: as after `zonescope serve` restarts.
    const b = await harness({ persistence: store });
    await b.service.start();
    const globals = (await b.call('GET', '/ca/instrumentations', OP)).json;
    expect(globals.map((i: any) => i.id)).toEqual(['1']);
    const mine = (await b.call('GET', '/ca/customers/acme/instrumentations', ACME)).json;
    expect(mine).toHaveLength(1);
    const restored = mine[0];
    for (const k of ['module', 'stat', 'predicate', 'decomposition', 'retention-time', 'idle-max', 'granularity', 'crtime', 'value-arity', 'uri', 'script']) {
      expect(restored[k], k).toEqual(c1[k]);
    }
    expect((await b.call('GET', g1.uri, OP)).json['idle-max']).toBe(0);
    // counters continue: deleted ids are not handed out again
    expect((await b.call('POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'usage' })).json.id).toBe('3');
    expect((await b.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'usage' })).json.id).toBe('3');
    // and they are enabled again: data flows
    await b.advance(4);
    const v = (await b.call('GET', `${g1.uri}/value/raw`, OP)).json;
    expect(Object.keys(v.value).length).toBe(5);
    const lat = (await b.call('GET', `${restored.uri}/value/raw`, ACME)).json;
    expect(lat.value.length).toBeGreaterThan(0);
  });

  it('persist-data: the retained data comes back after a restart (saved with the state, at most once a minute)', async () => {
    const store = new MemoryPersistence();
    const a = await harness({ persistence: store });
    await a.service.start();
    const kept = (await a.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'latency'], 'persist-data': true })).json;
    const scalar = (await a.call('POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'usage', 'persist-data': true })).json;
    const lost = (await a.call('POST', '/ca/instrumentations', OP, { module: 'syscall', stat: 'syscalls', decomposition: ['zonename'] })).json;
    await a.advance(12);
    const q = `start_time=${a.cluster.epochSec + 4}&duration=5`;
    const before = await Promise.all([kept, scalar, lost].map(async (i) => (await a.call('GET', `${i.uri}/value/raw`, i === kept ? ACME : OP, undefined, q)).json));
    expect(Object.keys(before[0].value).sort()).toEqual(['acme-db', 'acme-web']);
    expect(before[1].value).toBeGreaterThan(0);
    // a minute passes: the reaper's pass saves the data
    a.clock.ms += 61_000;
    await a.call('GET', '/ca/customers/acme', ACME);
    const saved = await store.load();
    expect(saved!.instrumentations.find((i) => i.custid === 'acme')!.data!.length).toBeGreaterThanOrEqual(12);
    expect(saved!.instrumentations.find((i) => i.id === lost.id && i.custid === undefined)!.data).toBeUndefined();

    // the restarted simulation starts over at the scenario's epoch: let it pass the saved seconds first
    const b = await harness({ persistence: store, startAt: 20 });
    await b.service.start();
    const after = await Promise.all([kept, scalar, lost].map(async (i) => (await b.call('GET', `${i.uri}/value/raw`, i === kept ? ACME : OP, undefined, q)).json));
    expect(after[0].value).toEqual(before[0].value);
    expect(after[0].minreporting).toBe(before[0].minreporting);
    expect(after[1].value).toBe(before[1].value);
    expect((await b.call('GET', '/ca/admin/status', OP)).json.restore_errors).toEqual([]);
  });

  it('a corrupt persisted state keeps the service from starting and every request says why (503)', async () => {
    const bad: Persistence = {
      async load() {
        return { version: 1, nextGlobalId: 1, nextCustomerId: {}, instrumentations: [{ id: '1', props: { stat: 'usage', crtime: 0 } }] } as unknown as PersistedState;
      },
      async save() {},
    };
    const h = await harness({ persistence: bad });
    await expect(h.service.start()).rejects.toThrow(/instrumentations\[0\]\.props\.module/);
    const r = await h.call('GET', '/ca', OP);
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('ECA_NORESOURCE');
    expect(r.json.error.message).toMatch(/instrumentations\[0\]/);
  });

  it('a persisted instrumentation that no longer validates is dropped and reported; the others come back', async () => {
    const store = new MemoryPersistence({
      version: 1,
      nextGlobalId: 3,
      nextCustomerId: { ghost: 2 },
      instrumentations: [
        { id: '1', props: { module: 'cpu', stat: 'nosuchstat', crtime: 1 } },
        { id: '2', props: { module: 'cpu', stat: 'usage', crtime: 2 } },
        { custid: 'ghost', id: '1', props: { module: 'cpu', stat: 'usage', crtime: 3 } },
      ],
    });
    const h = await harness({ persistence: store });
    await h.service.start();
    expect((await h.call('GET', '/ca/instrumentations', OP)).json.map((i: any) => i.id)).toEqual(['2']);
    const st = (await h.call('GET', '/ca/admin/status', OP)).json;
    expect(st.restore_errors).toHaveLength(2);
    expect(st.restore_errors.join('\n')).toMatch(/nosuchstat/);
    expect(st.restore_errors.join('\n')).toMatch(/ghost/);
  });

  it('an instrumentation that cannot be saved is not created: 503 saying why, and it is not listed', async () => {
    const failing: Persistence = {
      async load() {
        return undefined;
      },
      async save() {
        throw new Error('disk full');
      },
    };
    const h = await harness({ persistence: failing });
    await h.service.start();
    const r = await h.call('POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'usage' });
    expect(r.status).toBe(503);
    expect(r.json.error.message).toMatch(/disk full/);
    expect((await h.call('GET', '/ca/instrumentations', OP)).json).toEqual([]);
  });
});

describe('idle reaper', () => {
  it('deletes an instrumentation idle longer than its idle-max; a request resets the idle clock; idle-max 0 never expires', async () => {
    const h = await harness();
    await h.service.start();
    const idle = (await h.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'usage', 'idle-max': 100 })).json;
    const busy = (await h.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'usage', 'idle-max': 100 })).json;
    const forever = (await h.call('POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'usage', 'idle-max': 0 })).json;
    for (let t = 0; t < 4; t++) {
      await h.advance(30);
      expect((await h.call('GET', `${busy.uri}/value/raw`, ACME)).status).toBe(200);
    }
    // 120 s without a request: idle is reaped at the next reaper pass (every 60 s)
    await h.service.reap();
    expect((await h.call('GET', idle.uri, ACME)).status).toBe(404);
    expect((await h.call('GET', busy.uri, ACME)).status).toBe(200);
    h.clock.ms += 10 * 86400 * 1000;
    await h.service.reap();
    expect((await h.call('GET', forever.uri, OP)).status).toBe(200);
    expect((await h.call('GET', busy.uri, ACME)).status).toBe(404);
  });

  it('runs by itself as requests come in, at most once a minute', async () => {
    const h = await harness();
    await h.service.start();
    const idle = (await h.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'usage', 'idle-max': 60 })).json;
    await h.advance(65);
    await h.call('GET', '/ca/customers/acme', ACME);
    // the pass is queued behind the request; the next request sees its result
    expect((await h.call('GET', idle.uri, ACME)).status).toBe(404);
  });
});

describe('scripts', () => {
  it('a customer may run 10 scripts at once; an idle script is disabled after an hour without requests', async () => {
    const h = await harness();
    await h.service.start();
    const uris: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await h.call('POST', '/ca/customers/acme/scripts', ACME, { script: `syscall:::entry { @n${i} = count(); }` });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      uris.push(r.json.uri);
    }
    const over = await h.call('POST', '/ca/customers/acme/scripts', ACME, { script: 'BEGIN { }' });
    expect(over.status).toBe(409);
    expect(over.json.error.message).toBe('only 10 scripts allowed');
    expect((await h.call('DELETE', uris.pop()!, ACME)).status).toBe(204);
    const keep = uris[0]!;
    for (let t = 0; t < 4; t++) {
      h.clock.ms += 1000 * 1000;
      expect((await h.call('GET', `${keep}/value`, ACME)).status).toBe(200);
    }
    await h.service.reap();
    const left = (await h.call('GET', '/ca/customers/acme/scripts', ACME)).json.map((x: any) => x.uri);
    expect(left).toEqual([keep]);
  });
});

describe('sources', () => {
  it('a node that stops reporting: the request waits at most 5 s, then answers with minreporting < nsources and the delay', async () => {
    const h = await harness({ localShards: 2 });
    await h.service.start();
    const inst = (await h.call('POST', '/ca/instrumentations', OP, { module: 'syscall', stat: 'syscalls', decomposition: ['zonename'] })).json;
    expect(inst.nsources).toBe(2);
    await h.advance(20);
    const full = (await h.call('GET', `${inst.uri}/value/raw`, OP)).json;
    expect(full.minreporting).toBe(2);
    expect(full.delay).toBeUndefined();
    // only shard 0 (cn1) moves on
    const [s0] = h.cluster.localShards();
    const now = h.cluster.now();
    await s0!.advanceTo(now + 5);
    const t0 = h.clock.ms;
    const r = (await h.call('GET', `${inst.uri}/value/raw`, OP, undefined, `start_time=${h.cluster.epochSec + now + 2}`)).json;
    expect(h.clock.ms - t0).toBe(5000);
    expect(r.delay).toBe(5000);
    expect(r.nsources).toBe(2);
    expect(r.minreporting).toBe(1);
    expect(Object.keys(r.value).every((z) => ['acme-web', 'globex-app'].includes(z))).toBe(true);
    // a shorter timeout waits less
    const t1 = h.clock.ms;
    const r2 = (await h.call('GET', `${inst.uri}/value/raw`, OP, undefined, `timeout=1000&start_time=${h.cluster.epochSec + now + 2}`)).json;
    expect(h.clock.ms - t1).toBe(1000);
    expect(r2.minreporting).toBe(1);
  });

  it('data from two shards adds up to exactly what one shard computes', async () => {
    const one = await harness({ localShards: 1 });
    const two = await harness({ localShards: 2 });
    const bodies = [
      { module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'latency'] },
      { module: 'cpu', stat: 'zones', decomposition: ['zonename'] },
      { module: 'cpu', stat: 'usage' },
    ];
    const uris: string[] = [];
    for (const h of [one, two]) {
      await h.service.start();
      for (const b of bodies) uris.push((await h.call('POST', '/ca/instrumentations', OP, b)).json.uri);
      await h.advance(8);
    }
    for (let i = 0; i < bodies.length; i++) {
      const q = `start_time=${one.cluster.epochSec + 2}&duration=5`;
      const a = (await one.call('GET', `${uris[i]}/value/raw`, OP, undefined, q)).json;
      const b = (await two.call('GET', `${uris[i + bodies.length]}/value/raw`, OP, undefined, q)).json;
      expect(b.value).toEqual(a.value);
      expect(b.minreporting).toBe(2);
    }
  });
});

describe('bad input', () => {
  it('never gets a 5xx: random methods, paths, parameters and bodies are answered with 2xx/4xx', async () => {
    const fc = await import('fast-check');
    const h = await harness();
    await h.service.start();
    await h.advance(3);
    const inst = (await h.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'syscall', stat: 'syscalls', decomposition: ['execname', 'latency'] })).json;
    const scalar = (await h.call('POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'usage' })).json;
    await h.advance(3);
    const junk = fc.oneof(
      fc.string(),
      fc.constantFrom('', '-1', '0', '1', '10.5', '1e99', 'NaN', 'true', 'null', '%', '..', '{"eq":["zonename","x"]}', '{', 'zonename,latency', '99999999999'),
      fc.integer().map(String),
    );
    const names = fc.constantFrom(
      'module', 'stat', 'decomposition', 'predicate', 'granularity', 'retention-time', 'idle-max', 'enabled', 'persist-data', 'action', 'all',
      'start_time', 'duration', 'end_time', 'ndatapoints', 'timeout', 'transformations', 'width', 'height', 'nbuckets', 'ymin', 'ymax',
      'selected', 'isolate', 'exclude', 'decompose_all', 'hues', 'coloring', 'weights', 'scale', 'x', 'y', 'percentile',
      'script', 'node', 'cpu_shares', 'cpu_cap', 'zfs_io_priority', 'throttle', 'kind', 'threads',
    );
    const query = fc.array(fc.tuple(names, junk), { maxLength: 6 }).map((kv) => kv.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
    const jsonValue = fc.oneof(fc.jsonValue(), fc.dictionary(names, fc.oneof(junk, fc.jsonValue())));
    const body = fc.oneof(fc.constant(''), fc.string(), jsonValue.map((v) => JSON.stringify(v)));
    const paths = fc.oneof(
      fc.constantFrom(
        '/ca', '/ca/metrics', '/ca/instrumentations', '/ca/customers/acme', '/ca/customers/acme/instrumentations',
        `${inst.uri}`, `${inst.uri}/clone`, `${inst.uri}/value`, `${inst.uri}/value/raw`, `${inst.uri}/value/heatmap`,
        `${inst.uri}/value/heatmap/image`, `${inst.uri}/value/heatmap/details`, `${inst.uri}/value/heatmap/average`,
        `${inst.uri}/value/heatmap/percentile`, `${inst.uri}/value/heatmap/cells`, `${scalar.uri}/value/raw`, `${scalar.uri}/value/heatmap/image`,
        '/ca/customers/acme/scripts', '/ca/admin/status', '/ca/admin/scenario', '/ca/admin/throttle', '/ca/admin/zones/acme-web',
        '/ca/admin/zones/acme-web/workloads', '/ca/admin/zones/acme-web/workloads/0',
      ),
      fc.array(junk, { maxLength: 5 }).map((segs) => `/ca/${segs.map((s) => encodeURIComponent(s)).join('/')}`),
      junk.map((s) => `/ca/customers/acme/instrumentations/${encodeURIComponent(s)}/value/raw`),
    );
    const contentType = fc.constantFrom(undefined, 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'), paths, query, body, contentType, fc.boolean(), async (method, path, q, b, ct, asOperator) => {
        const r = await h.service.handle({
          method,
          path,
          query: q,
          headers: { authorization: `Bearer ${asOperator ? OP : ACME}`, ...(ct === undefined ? {} : { 'content-type': ct }) },
          body: method === 'GET' ? '' : b,
        });
        if (r.status >= 500) throw new Error(`${method} ${path}?${q} ${b} -> ${r.status} ${String(r.body)}`);
        // keep acme under its limit so creation keeps being exercised
        const list = JSON.parse(String((await h.service.handle({ method: 'GET', path: '/ca/customers/acme/instrumentations', query: '', headers: { authorization: `Bearer ${ACME}` }, body: '' })).body)) as { uri: string }[];
        for (const i of list.slice(2)) if (i.uri !== inst.uri && i.uri !== scalar.uri) await h.call('DELETE', i.uri, ACME);
      }),
      { numRuns: 400, seed: 20261203 },
    );
  }, 120_000);
});
