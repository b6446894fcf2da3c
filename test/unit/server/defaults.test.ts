// The start-up of the CA back end (src/server/ca-runtime.ts, what the tab's "ca" worker and
// zonescope serve's worker run): the operator's three default instrumentations exist as
// ordinary instrumentations 1..3 before simulated time starts, the last 60 simulated
// seconds are pre-rolled so their heatmaps open filled, second 0 is the wall clock at
// start-up minus the pre-roll when the scenario names no epoch, and the start does not
// wait for the pre-roll. Also zonescope serve as a process: defaults on a fresh --data,
// none added on a restart, none with --no-defaults.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../../src/ca/http';
import { MemoryPersistence } from '../../../src/ca/persist';
import { createTabCa, TAB_SPEED_RANGE } from '../../../src/mocks/tab-worker';
import { buildCaService, PREROLL_CHUNK_S, type CaRuntime } from '../../../src/server/ca-runtime';
import { DEFAULT_INSTNS } from '../../../src/server/defaults';
import { builtinScenario } from '../../../src/sim/index';
import { parseScenarioText, type Scenario } from '../../../src/sim/scenario';
import { ROOT, startServe, type Served } from './serve-harness';

const SCENARIO_FILE = join(ROOT, 'test/unit/api/scenario.json');
const OP = 'op-defaults-test-token';
const PREROLL_S = 60;

/** The API test scenario without its epoch: a live run, whose second 0 comes from the wall clock. */
function liveScenario(): Scenario {
  const input = JSON.parse(readFileSync(SCENARIO_FILE, 'utf8')) as Record<string, unknown>;
  delete input['epoch'];
  return parseScenarioText(JSON.stringify(input));
}

function text(r: ApiResponse): string {
  return typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body);
}

async function getJson(rt: CaRuntime, path: string, query = ''): Promise<any> {
  const r = await rt.service.handle({ method: 'GET', path, query, headers: { authorization: `Bearer ${OP}` }, body: '' });
  expect(r.status, `GET ${path}?${query}: ${text(r)}`).toBe(200);
  return JSON.parse(text(r));
}

/** Waits until the pre-roll is done: simulated time paced past `second`. */
async function until(rt: CaRuntime, second: number, ms: number): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const st = await getJson(rt, '/ca/admin/status');
    if (st.reached_s >= second) return st;
    if (Date.now() > deadline) throw new Error(`the simulation reached second ${st.reached_s} within ${ms} ms, short of ${second}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Raw values of the last `n` whole seconds before `now`, one point a second. */
async function lastSeconds(get: (path: string, query: string) => Promise<any>, id: string, now: number, n: number): Promise<any[]> {
  return get(`/ca/instrumentations/${id}/value/raw`, `start_time=${now - n - 1}&duration=1&ndatapoints=${n}`);
}

/** Seconds whose value holds data from every source. */
function filled(points: any[]): number {
  return points.filter((p) => p.minreporting === p.nsources && p.nsources > 0 && Object.keys(p.value).length > 0).length;
}

describe('CA back end start-up: defaults, pre-roll, live epoch', () => {
  let rt: CaRuntime;
  let startedAtMs: number;
  let buildMs: number;

  beforeAll(async () => {
    startedAtMs = Date.now();
    rt = await buildCaService({ scenario: liveScenario(), speed: 1, operatorToken: OP, persistence: new MemoryPersistence(), defaults: true, prerollS: PREROLL_S });
    buildMs = Date.now() - startedAtMs;
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it('creates the three default instrumentations as ids 1..3 before simulated time starts, and does not wait for the pre-roll', async () => {
    expect(rt.defaults).toEqual(['1', '2', '3']);
    expect(rt.prerollS).toBe(PREROLL_S);
    const list = await getJson(rt, '/ca/instrumentations');
    expect(list.map((i: any) => [i.id, i.module, i.stat, i.decomposition])).toEqual(DEFAULT_INSTNS.map((d, k) => [String(k + 1), d.module, d.stat, d.decomposition]));
    for (const i of list) {
      expect(i['value-arity']).toBe('numeric-decomposition');
      expect(i.predicate).toEqual({});
      expect(i.enabled).toBe(true);
    }
    // The start returns with the pre-roll under way (it is history, not a gate for the first request).
    expect(buildMs).toBeLessThan(5000);
  });

  it('second 0 is the wall clock at start-up minus the pre-roll (the scenario names no epoch)', async () => {
    const st = await getJson(rt, '/ca/admin/status');
    const expected = Math.floor(startedAtMs / 1000) - PREROLL_S;
    expect(Math.abs(st.epoch - expected)).toBeLessThanOrEqual(2);
  });

  it('after the pre-roll the last 60 s of instrumentations 1 and 2 have data in (nearly) every second, and CA time is the wall clock', async () => {
    const st = await until(rt, PREROLL_S + 1, 60000);
    // Paced at 1x from the end of the pre-roll: CA's now trails the wall clock by the pre-roll's duration only.
    expect(Math.abs(st.now - Date.now() / 1000)).toBeLessThan(15);
    const get = (p: string, q: string) => getJson(rt, p, q);
    for (const id of ['1', '2']) {
      const points = await lastSeconds(get, id, st.now, 60);
      expect(points).toHaveLength(60);
      expect(filled(points), `seconds with data from every source for instrumentation ${id}`).toBeGreaterThanOrEqual(58);
    }
  }, 90000);

  it('a speed change during the pre-roll waits for one chunk of it, not for all of it, and is the pace once it ends', async () => {
    const long = await buildCaService({ scenario: builtinScenario('demo')!, speed: 1, operatorToken: OP, defaults: true, prerollS: 300 });
    try {
      expect(long.prerollS).toBe(300);
      const r = await long.service.handle({ method: 'PUT', path: '/ca/admin/speed', query: '', headers: { authorization: `Bearer ${OP}`, 'content-type': 'application/json' }, body: '{"speed":5}' });
      expect(r.status, text(r)).toBe(200);
      const st = await getJson(long, '/ca/admin/status');
      expect(st.speed).toBe(5);
      expect(st.reached_s).toBeLessThan(300 - PREROLL_CHUNK_S);
    } finally {
      await long.stop();
    }
    // A speed set during the pre-roll is the pace once it ends.
    const short = await buildCaService({ scenario: liveScenario(), speed: 1, operatorToken: OP, defaults: true, prerollS: 20 });
    try {
      const r = await short.service.handle({ method: 'PUT', path: '/ca/admin/speed', query: '', headers: { authorization: `Bearer ${OP}`, 'content-type': 'application/json' }, body: '{"speed":5}' });
      expect(r.status, text(r)).toBe(200);
      const a = await until(short, 21, 30000);
      const t0 = Date.now();
      await new Promise((res) => setTimeout(res, 2000));
      const b = await getJson(short, '/ca/admin/status');
      expect(b.speed).toBe(5);
      expect((b.simulated_s - a.simulated_s) / ((Date.now() - t0) / 1000)).toBeGreaterThan(3);
    } finally {
      await short.stop();
    }
  }, 60000);

  it('a restart over the same state adds no defaults (the global namespace is not empty)', async () => {
    const persistence = new MemoryPersistence();
    const a = await buildCaService({ scenario: liveScenario(), speed: 1, operatorToken: OP, persistence, defaults: true, prerollS: 0 });
    expect(a.defaults).toEqual(['1', '2', '3']);
    await a.stop();
    const b = await buildCaService({ scenario: liveScenario(), speed: 1, operatorToken: OP, persistence, defaults: true, prerollS: 0 });
    try {
      expect(b.defaults).toEqual([]);
      expect((await getJson(b, '/ca/instrumentations')).map((i: any) => i.id)).toEqual(['1', '2', '3']);
    } finally {
      await b.stop();
    }
  });

  it('without defaults nothing is created and nothing pre-rolled: second 0 is the start-up time', async () => {
    const t0 = Date.now();
    const c = await buildCaService({ scenario: liveScenario(), speed: 1, operatorToken: OP, defaults: false, prerollS: PREROLL_S });
    try {
      expect(c.defaults).toEqual([]);
      expect(c.prerollS).toBe(0);
      expect(await getJson(c, '/ca/instrumentations')).toEqual([]);
      expect(Math.abs((await getJson(c, '/ca/admin/status')).epoch - Math.floor(t0 / 1000))).toBeLessThanOrEqual(2);
    } finally {
      await c.stop();
    }
  });
});

describe('the tab\'s CA worker API (one core: every node in the worker itself)', () => {
  const tab = createTabCa(() => {
    throw new Error('one core: no shard worker expected');
  }, 1);
  afterAll(() => tab.stop());
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const r = await tab.handle({ method, path, query: '', headers: { authorization: `Bearer ${OP}`, 'content-type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) });
    return { status: r.status, json: JSON.parse(text(r)) };
  };

  it('refuses a seed that is not an integer >= 0 at start', async () => {
    await expect(tab.start({ scenario: 'demo', operatorToken: OP, speed: 1, seed: -1 })).rejects.toThrow(/seed -1 is invalid: expected an integer >= 0/);
  });

  it('simulates the seed a link names, and reports it', async () => {
    const s = await tab.start({ scenario: 'demo', operatorToken: OP, speed: 1, seed: 7, prerollS: 1, defaults: false });
    expect(s.seed).toBe(7);
    expect((await call('GET', '/ca/admin/status')).json.seed).toBe(7);
  }, 60000);

  it('refuses a speed outside 1..60 at start', async () => {
    await expect(tab.start({ scenario: 'demo', operatorToken: OP, speed: 61 })).rejects.toThrow(/speed 61 is invalid: the tab runs at 1 to 60/);
  });

  it('starts the demo with the three defaults and takes PUT /ca/admin/speed from 1 to 60 only', async () => {
    await tab.start({ scenario: 'demo', operatorToken: OP, speed: 1, prerollS: 3 });
    const list = await call('GET', '/ca/instrumentations');
    expect(list.json.map((i: any) => `${i.id} ${i.module}.${i.stat} ${i.decomposition.join(',')}`)).toEqual([
      '1 syscall.syscalls zonename,latency',
      '2 cpu.zones zonename,utilization',
      '3 zfs.throttled_ops zonename,delay',
    ]);
    const ok = await call('PUT', '/ca/admin/speed', { speed: 60 });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toMatchObject({ speed: 60, speed_range: TAB_SPEED_RANGE });
    const tooFast = await call('PUT', '/ca/admin/speed', { speed: 61 });
    expect(tooFast.status).toBe(409);
    expect(tooFast.json.error.message).toBe('invalid speed: speed: must be a number of simulated seconds per wall second from 1 to 60');
    expect((await call('GET', '/ca/admin/status')).json.speed).toBe(60);
  }, 60000);
});

describe('zonescope serve: default instrumentations', () => {
  let data: string;
  beforeAll(() => {
    data = mkdtempSync(join(tmpdir(), 'zs-defaults-'));
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  const call = async (s: Served, path: string, query = ''): Promise<any> => {
    const r = await fetch(`${s.baseURL}${path}${query === '' ? '' : `?${query}`}`, { headers: { authorization: `Bearer ${OP}` } });
    expect(r.status, `GET ${path}: ${await r.clone().text()}`).toBe(200);
    return r.json();
  };
  const args = ['--scenario', SCENARIO_FILE, '--operator-token', OP, '--speed', '1'];

  it('creates them on a fresh --data with 60 s of history, and a restart does not duplicate them', async () => {
    let s = await startServe([...args, '--data', data]);
    try {
      const list = await call(s, '/ca/instrumentations');
      expect(list.map((i: any) => `${i.id} ${i.module}.${i.stat}`)).toEqual(['1 syscall.syscalls', '2 cpu.zones', '3 zfs.throttled_ops']);
      // The pre-roll runs flat out: wait until paced time has begun, then the last minute is there.
      const deadline = Date.now() + 30000;
      let st = await call(s, '/ca/admin/status');
      while (st.reached_s < PREROLL_S + 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        st = await call(s, '/ca/admin/status');
      }
      expect(st.reached_s).toBeGreaterThan(PREROLL_S);
      expect(st.speed).toBe(1);
      expect(st.speed_range).toEqual({ min: 1, max: 1000 });
      const points = await lastSeconds((p, q) => call(s, p, q), '2', st.now, 60);
      expect(filled(points)).toBeGreaterThanOrEqual(58);
    } finally {
      expect(await s.stop('SIGTERM')).toBe(0);
    }
    s = await startServe([...args, '--data', data]);
    try {
      expect((await call(s, '/ca/instrumentations')).map((i: any) => i.id)).toEqual(['1', '2', '3']);
    } finally {
      expect(await s.stop('SIGTERM')).toBe(0);
    }
  }, 90000);

  it('--no-defaults starts with none', async () => {
    const s = await startServe([...args, '--no-defaults']);
    try {
      expect(await call(s, '/ca/instrumentations')).toEqual([]);
    } finally {
      expect(await s.stop('SIGTERM')).toBe(0);
    }
  }, 30000);
});
