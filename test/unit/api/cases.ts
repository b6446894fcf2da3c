// The shared list of REST API cases: every route and error, the 22 behaviours of CA
// (docs/reference/cloud-analytics.md §7), DESIGN's token rules, body limits and tenancy
// attempts. Three runners execute the SAME list: in-process (CaService.handle,
// inprocess.test.ts), over real HTTP against `zonescope serve`, and through the MSW
// handlers. Every case cleans up what it creates, so the cases can share one service, in
// any order. The scenario is test/unit/api/scenario.json: customers acme (acme-web on
// cn1, acme-db on cn2), globex (globex-app on cn1, globex-batch on cn2) and initech
// (initech-web on cn2), which only the "first id" case touches.

import { convertIndexedToRgb, decode } from 'fast-png';
import { expect } from 'vitest';

export interface ApiClientResponse {
  status: number;
  headers: Record<string, string>;
  json(): any;
  text(): string;
  bytes(): Uint8Array;
}

export interface ApiClient {
  request(
    method: string,
    path: string,
    o?: { token?: string; body?: string | object; query?: string; headers?: Record<string, string> },
  ): Promise<ApiClientResponse>;
  operatorToken: string;
  customers: { id: string; token: string }[];
  /** Let simulated time pass (at least `seconds` simulated seconds, all of it reported). */
  advance(seconds: number): Promise<void>;
}

export interface ApiCase {
  name: string;
  run(c: ApiClient): Promise<void>;
}

// ------------------------------------------------------------------ helpers

const ACME_ZONES = ['acme-db', 'acme-web'];
const GLOBEX_ZONES = ['globex-app', 'globex-batch'];
/** Process names that exist only in globex's zones (scenario.json). */
const GLOBEX_EXECNAMES = ['java', 'reader', 'batch', 'writer'];

function token(c: ApiClient, who: string): string {
  if (who === 'operator') return c.operatorToken;
  const t = c.customers.find((x) => x.id === who);
  if (t === undefined) throw new Error(`the runner gave no token for customer "${who}"`);
  return t.token;
}

/** /ca for the operator, /ca/customers/ID for a customer. */
function base(who: string): string {
  return who === 'operator' ? '/ca' : `/ca/customers/${who}`;
}

async function create(c: ApiClient, who: string, body: object, as: string = who): Promise<any> {
  const r = await c.request('POST', `${base(who)}/instrumentations`, { token: token(c, as), body });
  expect(r.status, `create ${JSON.stringify(body)} as ${who}: ${r.text()}`).toBe(201);
  return r.json();
}

async function del(c: ApiClient, uri: string, who: string): Promise<void> {
  const r = await c.request('DELETE', uri, { token: token(c, who) });
  expect([204, 404]).toContain(r.status);
}

/** Create an instrumentation, run f, delete it even if f fails. */
async function withInstn(c: ApiClient, who: string, body: object, f: (inst: any) => Promise<void>): Promise<void> {
  const inst = await create(c, who, body);
  try {
    await f(inst);
  } finally {
    await del(c, inst.uri, who);
  }
}

async function get(c: ApiClient, path: string, who: string, query?: string): Promise<ApiClientResponse> {
  return c.request('GET', path, { token: token(c, who), ...(query === undefined ? {} : { query }) });
}

async function getOk(c: ApiClient, path: string, who: string, query?: string): Promise<any> {
  const r = await get(c, path, who, query);
  expect(r.status, `GET ${path}${query === undefined ? '' : `?${query}`}: ${r.text()}`).toBe(200);
  return r.json();
}

function expectError(r: ApiClientResponse, status: number, code: string, message?: RegExp | string): void {
  expect(r.status, r.text()).toBe(status);
  const body = r.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  if (message !== undefined) {
    if (typeof message === 'string') expect(body.error.message).toContain(message);
    else expect(body.error.message).toMatch(message);
  }
}

/** Every string anywhere in a JSON value (keys included). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

function base64Bytes(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

interface Pixel {
  r: number;
  g: number;
  b: number;
}

function pngPixels(b64: string): { width: number; height: number; pixels: Pixel[] } {
  const bytes = base64Bytes(b64);
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const img = decode(bytes);
  // An indexed (palette) PNG decodes to indexes: expand them to RGB(A).
  const indexed = img.palette !== undefined;
  const data: ArrayLike<number> = indexed ? convertIndexedToRgb(img) : (img.data as ArrayLike<number>);
  const ch = indexed ? img.palette![0]!.length : img.channels;
  const scale = !indexed && img.depth === 16 ? 257 : 1;
  const pixels: Pixel[] = [];
  for (let i = 0; i < img.width * img.height; i++) {
    const r = data[i * ch]! / scale;
    const g = ch >= 3 ? data[i * ch + 1]! / scale : r;
    const b = ch >= 3 ? data[i * ch + 2]! / scale : r;
    pixels.push({ r, g, b });
  }
  return { width: img.width, height: img.height, pixels };
}

/** HSV of an RGB pixel: hue in degrees, saturation and value in 0..1. */
function hsv(p: Pixel): { h: number; s: number; v: number } {
  const r = p.r / 255;
  const g = p.g / 255;
  const b = p.b / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d > 0) {
    if (max === r) h = 60 * (((g - b) / d) % 6);
    else if (max === g) h = 60 * ((b - r) / d + 2);
    else h = 60 * ((r - g) / d + 4);
  }
  if (h < 0) h += 360;
  return { h, s: max === 0 ? 0 : d / max, v: max };
}

const isWhite = (p: Pixel) => p.r >= 254 && p.g >= 254 && p.b >= 254;
/** Coloured enough for its hue to survive 8-bit rounding. */
const isTinted = (p: Pixel) => hsv(p).s >= 0.1;

function hueNear(h: number, target: number, tol = 6): boolean {
  const d = Math.abs(h - target) % 360;
  return Math.min(d, 360 - d) <= tol;
}

/** True when n is a round number as node-heatmap's autoscale picks them: at most two significant digits. */
function isNice(n: number): boolean {
  return n > 0 && Number(n.toPrecision(2)) === n;
}

/** A latency heatmap most likely to have data: syscalls by latency (and execname), customer-scoped. */
const SYSCALL_LATENCY = { module: 'syscall', stat: 'syscalls', decomposition: ['execname', 'latency'] };

// ------------------------------------------------------------------ cases

export const cases: ApiCase[] = [
  // ---------------------------------------------------------------- tokens
  {
    name: 'tokens: a request without a token is 401 with a JSON error saying how to authenticate',
    async run(c) {
      const r = await c.request('GET', '/ca');
      expectError(r, 401, 'ECA_UNAUTH', 'Bearer');
    },
  },
  {
    name: 'tokens: an unknown token is 401, on every namespace',
    async run(c) {
      for (const p of ['/ca', '/ca/customers/acme', '/ca/admin/status', '/ca/customers/acme/instrumentations']) {
        expectError(await c.request('GET', p, { token: 'not-a-token' }), 401, 'ECA_UNAUTH');
      }
    },
  },
  {
    name: 'tokens: a malformed Authorization header is 401',
    async run(c) {
      const r = await c.request('GET', '/ca', { headers: { authorization: `Basic ${c.operatorToken}` } });
      expectError(r, 401, 'ECA_UNAUTH');
    },
  },
  {
    name: 'tokens: the operator token opens /ca, /ca/admin and every customer namespace',
    async run(c) {
      for (const p of ['/ca', '/ca/admin/status', '/ca/customers/acme', '/ca/customers/globex/instrumentations']) {
        expect((await get(c, p, 'operator')).status, p).toBe(200);
      }
    },
  },
  {
    name: 'tokens: a customer token opens its own namespace',
    async run(c) {
      expect((await get(c, '/ca/customers/acme', 'acme')).status).toBe(200);
      expect((await get(c, '/ca/customers/acme/instrumentations', 'acme')).status).toBe(200);
    },
  },
  {
    name: "tokens: a customer token on another tenant's path is 403 (even for a route that does not exist there)",
    async run(c) {
      for (const p of ['/ca/customers/globex', '/ca/customers/globex/instrumentations', '/ca/customers/globex/instrumentations/1', '/ca/customers/globex/no/such/route']) {
        expectError(await get(c, p, 'acme'), 403, 'ECA_FORBIDDEN');
      }
      const r = await c.request('POST', '/ca/customers/globex/instrumentations', { token: token(c, 'acme'), body: { module: 'cpu', stat: 'usage' } });
      expectError(r, 403, 'ECA_FORBIDDEN');
    },
  },
  {
    name: 'tokens: a customer token on operator routes (/ca, /ca/instrumentations, /ca/admin/*) is 403',
    async run(c) {
      const t = token(c, 'acme');
      expectError(await c.request('GET', '/ca', { token: t }), 403, 'ECA_FORBIDDEN');
      expectError(await c.request('GET', '/ca/instrumentations', { token: t }), 403, 'ECA_FORBIDDEN');
      expectError(await c.request('POST', '/ca/instrumentations', { token: t, body: { module: 'cpu', stat: 'usage' } }), 403, 'ECA_FORBIDDEN');
      expectError(await c.request('GET', '/ca/admin/status', { token: t }), 403, 'ECA_FORBIDDEN');
      expectError(await c.request('GET', '/ca/admin/scenario', { token: t }), 403, 'ECA_FORBIDDEN');
      expectError(await c.request('PUT', '/ca/admin/throttle', { token: t, body: { throttle: 'off' } }), 403, 'ECA_FORBIDDEN');
      expectError(await c.request('PUT', '/ca/admin/zones/acme-web', { token: t, body: { cpu_cap: 800 } }), 403, 'ECA_FORBIDDEN');
    },
  },
  {
    name: "tokens: an id that exists only in another tenant's namespace is 404 in the caller's own",
    async run(c) {
      await withInstn(c, 'globex', { module: 'cpu', stat: 'usage' }, async (g) => {
        // acme has nothing with that id (acme's first instrumentation gets its own counter's id).
        const probe = `/ca/customers/acme/instrumentations/${Number(g.id) + 1000}`;
        expectError(await get(c, probe, 'acme'), 404, 'ECA_NOENT');
        // the globex instrumentation is not visible through acme's list.
        const list = await getOk(c, '/ca/customers/acme/instrumentations', 'acme');
        expect(list.map((i: any) => i.uri)).not.toContain(g.uri);
        // nor through the global namespace: its ids are the operator's.
        const globalList = await getOk(c, '/ca/instrumentations', 'operator');
        expect(globalList.map((i: any) => i.uri)).not.toContain(g.uri);
      });
    },
  },
  {
    name: 'tokens: an unknown customer id is 403 for a customer and 404 for the operator',
    async run(c) {
      expectError(await get(c, '/ca/customers/nosuchcustomer', 'acme'), 403, 'ECA_FORBIDDEN');
      expectError(await get(c, '/ca/customers/nosuchcustomer', 'operator'), 404, 'ECA_NOENT');
    },
  },

  // ---------------------------------------------------------------- HTTP conventions
  {
    name: 'http: every response allows any origin and names the API version',
    async run(c) {
      for (const r of [await get(c, '/ca', 'operator'), await c.request('GET', '/ca'), await get(c, '/ca/nope', 'operator')]) {
        expect(r.headers['access-control-allow-origin']).toBe('*');
        expect(r.headers['x-api-version']).toMatch(/^ca\/\d+\.\d+\.\d+$/);
      }
    },
  },
  {
    name: 'http: OPTIONS (CORS preflight) succeeds without a token',
    async run(c) {
      const r = await c.request('OPTIONS', '/ca/customers/acme/instrumentations');
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(300);
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(r.headers['access-control-allow-methods']).toContain('DELETE');
    },
  },
  {
    name: 'http: an unknown path is 404 and a known path with the wrong method is 405 naming the allowed ones',
    async run(c) {
      expectError(await get(c, '/ca/nope', 'operator'), 404, 'ECA_NOENT');
      expectError(await get(c, '/ca/instrumentations/1/value/bogus', 'operator'), 404, 'ECA_NOENT');
      const r = await c.request('PATCH', '/ca/instrumentations', { token: c.operatorToken, body: {} });
      expect(r.status).toBe(405);
      expect(r.headers['allow']).toContain('POST');
      expect(r.json().error.message).toContain('GET');
    },
  },
  {
    name: 'http: a malformed JSON body is 409 saying the JSON failed to parse (never 5xx)',
    async run(c) {
      const r = await c.request('POST', '/ca/customers/acme/instrumentations', {
        token: token(c, 'acme'),
        body: '{"module": "cpu", "stat": ',
        headers: { 'content-type': 'application/json' },
      });
      expectError(r, 409, 'ECA_INVAL', /JSON/);
      const arr = await c.request('POST', '/ca/customers/acme/instrumentations', { token: token(c, 'acme'), body: '[1,2]', headers: { 'content-type': 'application/json' } });
      expectError(arr, 409, 'ECA_INVAL', /object/);
    },
  },
  {
    name: 'http: a body over 4096 bytes is 413',
    async run(c) {
      const body = JSON.stringify({ module: 'cpu', stat: 'usage', pad: 'x'.repeat(4200) });
      const r = await c.request('POST', '/ca/customers/acme/instrumentations', { token: token(c, 'acme'), body, headers: { 'content-type': 'application/json' } });
      expectError(r, 413, 'ECA_TOOBIG', '4096');
    },
  },
  {
    name: 'http: parameters come from a form body, or the query string, and the body wins',
    async run(c) {
      const r = await c.request('POST', '/ca/customers/acme/instrumentations', {
        token: token(c, 'acme'),
        query: 'module=cpu&stat=waittime',
        body: 'module=cpu&stat=usage&decomposition=zonename',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(r.status, r.text()).toBe(201);
      const inst = r.json();
      try {
        expect(inst.stat).toBe('usage');
        expect(inst.decomposition).toEqual(['zonename']);
      } finally {
        await del(c, inst.uri, 'acme');
      }
      const q = await c.request('POST', '/ca/customers/acme/instrumentations', { token: token(c, 'acme'), query: 'module=cpu&stat=waittime' });
      expect(q.status, q.text()).toBe(201);
      await del(c, q.json().uri, 'acme');
      expect(q.json().stat).toBe('waittime');
    },
  },
  {
    name: 'http: a malformed X-API-Version is 409',
    async run(c) {
      const r = await c.request('GET', '/ca/customers/acme', { token: token(c, 'acme'), headers: { 'x-api-version': 'banana' } });
      expectError(r, 409, 'ECA_INVAL', 'API version');
      const ok = await c.request('GET', '/ca/customers/acme', { token: token(c, 'acme'), headers: { 'x-api-version': 'ca/0.1.8' } });
      expect(ok.status).toBe(200);
    },
  },

  // ---------------------------------------------------------------- catalog (§7.1, §7.2)
  {
    name: 'B1: GET /ca returns modules, fields, types, metrics and transformations; untyped fields are "string" (discrete)',
    async run(c) {
      const root = await getOk(c, '/ca', 'operator');
      for (const k of ['modules', 'fields', 'types', 'metrics', 'transformations']) expect(root).toHaveProperty(k);
      expect(root.fields.zonename.type).toBe('string');
      expect(root.types.string.arity).toBe('discrete');
      expect(root.fields.latency.type).toBe('time');
      expect(root.types.time.arity).toBe('numeric');
      const stats = root.metrics.map((m: any) => `${m.module}.${m.stat}`);
      for (const s of ['cpu.usage', 'cpu.zones', 'zfs.throttled_ops', 'syscall.syscalls', 'disk.physio_ops']) expect(stats).toContain(s);
      expect(root.metrics.find((m: any) => m.stat === 'physio_ops' && m.module === 'disk').fields).toContain('hostname');
    },
  },
  {
    name: 'B2: /ca/customers/X has no hostname and no operator-only metrics; creating disk.physio_ops there is 409',
    async run(c) {
      const root = await getOk(c, '/ca/customers/acme', 'acme');
      expect(root.fields).not.toHaveProperty('hostname');
      for (const m of root.metrics) expect(m.fields).not.toContain('hostname');
      const stats = root.metrics.map((m: any) => `${m.module}.${m.stat}`);
      expect(stats).not.toContain('disk.physio_ops');
      expect(stats).toContain('cpu.zones');
      expect(stats).toContain('zfs.throttled_ops');
      const r = await c.request('POST', '/ca/customers/acme/instrumentations', { token: token(c, 'acme'), body: { module: 'disk', stat: 'physio_ops' } });
      expectError(r, 409, 'ECA_INVAL', 'not a valid module/stat pair');
      const h = await c.request('POST', '/ca/customers/acme/instrumentations', { token: token(c, 'acme'), body: { module: 'cpu', stat: 'usage', decomposition: ['hostname'] } });
      expectError(h, 409, 'ECA_INVAL');
    },
  },
  {
    name: 'legacy: GET metrics, types and transformations in both namespaces',
    async run(c) {
      const m = await getOk(c, '/ca/metrics', 'operator');
      expect(m.cpu.stats.usage.label).toEqual(expect.any(String));
      expect(m.disk).toBeDefined();
      const cm = await getOk(c, '/ca/customers/acme/metrics', 'acme');
      expect(cm.disk).toBeUndefined();
      expect(cm.cpu.stats.usage.fields).not.toHaveProperty('hostname');
      const t = await getOk(c, '/ca/customers/acme/types', 'acme');
      expect(t).toBeTypeOf('object');
      const x = await getOk(c, '/ca/transformations', 'operator');
      expect(x).toBeTypeOf('object');
    },
  },

  // ---------------------------------------------------------------- instrumentations (§7.3-§7.10)
  {
    name: 'B3: an empty POST is 409 missing value for required field "module" (ECA_INVAL)',
    async run(c) {
      const r = await c.request('POST', '/ca/customers/acme/instrumentations', { token: token(c, 'acme') });
      expectError(r, 409, 'ECA_INVAL', 'missing value for required field: "module"');
      const j = await c.request('POST', '/ca/customers/acme/instrumentations', { token: token(c, 'acme'), body: {} });
      expectError(j, 409, 'ECA_INVAL', 'missing value for required field: "module"');
    },
  },
  {
    name: 'B4: a valid POST is 201 with Location = uri, first customer id "1", defaults granularity 1, retention 600, idle-max 3600',
    async run(c) {
      const r = await c.request('POST', '/ca/customers/initech/instrumentations', { token: token(c, 'initech'), body: { module: 'cpu', stat: 'usage' } });
      expect(r.status, r.text()).toBe(201);
      const inst = r.json();
      try {
        expect(inst.id).toBe('1');
        expect(inst.uri).toBe('/ca/customers/initech/instrumentations/1');
        expect(r.headers['location']).toBe(inst.uri);
        expect(inst.granularity).toBe(1);
        expect(inst['retention-time']).toBe(600);
        expect(inst['idle-max']).toBe(3600);
        expect(inst.enabled).toBe(true);
        expect(inst['persist-data']).toBe(false);
        expect(inst['value-dimension']).toBe(1);
        expect(inst['value-arity']).toBe('scalar');
        expect(inst.decomposition).toEqual([]);
        expect(inst.predicate).toEqual({});
        expect(inst.crtime).toEqual(expect.any(Number));
        expect(inst.nsources).toBe(1);
        expect(inst.uris).toEqual([{ uri: `${inst.uri}/value/raw`, name: 'value_raw' }]);
        expect(inst.script).toEqual(expect.any(String));
        const again = await getOk(c, inst.uri, 'initech');
        expect(again.id).toBe('1');
        expect(again.stat).toBe('usage');
        expect(again.script).toBe(inst.script);
        const second = await create(c, 'initech', { module: 'cpu', stat: 'waittime' });
        expect(second.id).toBe('2');
        await del(c, second.uri, 'initech');
      } finally {
        await del(c, inst.uri, 'initech');
      }
    },
  },
  {
    name: 'ids: operator instrumentations use a global counter; customer ids are strings from their own counter',
    async run(c) {
      const a = await create(c, 'operator', { module: 'cpu', stat: 'usage' });
      const b = await create(c, 'operator', { module: 'cpu', stat: 'usage' });
      try {
        expect(Number(b.id)).toBe(Number(a.id) + 1);
        expect(a.uri).toBe(`/ca/instrumentations/${a.id}`);
        const x = await create(c, 'acme', { module: 'cpu', stat: 'usage' });
        const y = await create(c, 'globex', { module: 'cpu', stat: 'usage' });
        try {
          expect(typeof x.id).toBe('string');
          expect(x.uri).toBe(`/ca/customers/acme/instrumentations/${x.id}`);
          expect(y.uri).toBe(`/ca/customers/globex/instrumentations/${y.id}`);
          // the global counter is untouched by customers
          const d = await create(c, 'operator', { module: 'cpu', stat: 'usage' });
          expect(Number(d.id)).toBe(Number(b.id) + 1);
          await del(c, d.uri, 'operator');
        } finally {
          await del(c, x.uri, 'acme');
          await del(c, y.uri, 'globex');
        }
      } finally {
        await del(c, a.uri, 'operator');
        await del(c, b.uri, 'operator');
      }
    },
  },
  {
    name: 'B5: decomposition [disk, latency] gives dimension 3, numeric-decomposition and heatmap uris; [zonename, execname] is 409',
    async run(c) {
      await withInstn(c, 'operator', { module: 'disk', stat: 'physio_ops', decomposition: ['disk', 'latency'] }, async (inst) => {
        expect(inst['value-dimension']).toBe(3);
        expect(inst['value-arity']).toBe('numeric-decomposition');
        const names = inst.uris.map((u: any) => u.name).sort();
        expect(names).toEqual(['details_heatmap', 'value_heatmap', 'value_raw']);
        expect(inst.uris.find((u: any) => u.name === 'value_heatmap').uri).toBe(`${inst.uri}/value/heatmap/image`);
      });
      const r = await c.request('POST', '/ca/customers/acme/instrumentations', {
        token: token(c, 'acme'),
        body: { module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'execname'] },
      });
      expectError(r, 409, 'ECA_INVAL', 'more than one discrete decomposition specified');
      // a comma string is accepted as a list
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: 'execname,latency' }, async (inst) => {
        expect(inst.decomposition).toEqual(['execname', 'latency']);
      });
    },
  },
  {
    name: 'B6: granularity "11" is 409 and "10.5" is 10; retention 3601 fails at granularity 1 and passes at 10; customer idle-max 0 is 409',
    async run(c) {
      const t = token(c, 'acme');
      const post = (body: object) => c.request('POST', '/ca/customers/acme/instrumentations', { token: t, body });
      expectError(await post({ module: 'cpu', stat: 'usage', granularity: '11' }), 409, 'ECA_INVAL', 'granularity');
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage', granularity: '10.5' }, async (inst) => {
        expect(inst.granularity).toBe(10);
      });
      expectError(await post({ module: 'cpu', stat: 'usage', 'retention-time': 3601 }), 409, 'ECA_INVAL', 'retention-time');
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage', granularity: 10, 'retention-time': 3601 }, async (inst) => {
        expect(inst['retention-time']).toBe(3601);
      });
      expectError(await post({ module: 'cpu', stat: 'usage', 'idle-max': 0 }), 409, 'ECA_INVAL', 'idle-max');
      await withInstn(c, 'operator', { module: 'cpu', stat: 'usage', 'idle-max': 0 }, async (inst) => {
        expect(inst['idle-max']).toBe(0);
      });
    },
  },
  {
    name: 'B7: the 11th customer instrumentation is 409 "only 10 instrumentations allowed" (the limit counts clones too)',
    async run(c) {
      const have = (await getOk(c, '/ca/customers/globex/instrumentations', 'globex')).length as number;
      const made: any[] = [];
      try {
        for (let i = have; i < 10; i++) made.push(await create(c, 'globex', { module: 'cpu', stat: 'usage' }));
        const r = await c.request('POST', '/ca/customers/globex/instrumentations', { token: token(c, 'globex'), body: { module: 'cpu', stat: 'usage' } });
        expectError(r, 409, 'ECA_INVAL', 'only 10 instrumentations allowed');
        // the operator acting in globex's namespace is held to globex's limit
        const op = await c.request('POST', '/ca/customers/globex/instrumentations', { token: c.operatorToken, body: { module: 'cpu', stat: 'usage' } });
        expectError(op, 409, 'ECA_INVAL', 'only 10 instrumentations allowed');
        const some = (await getOk(c, '/ca/customers/globex/instrumentations', 'globex'))[0];
        const clone = await c.request('POST', `${some.uri}/clone`, { token: token(c, 'globex'), body: {} });
        expectError(clone, 409, 'ECA_INVAL', 'only 10 instrumentations allowed');
        // other customers are unaffected
        await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async () => undefined);
      } finally {
        for (const m of made) await del(c, m.uri, 'globex');
      }
    },
  },
  {
    name: 'B8: PUT changes only mutable fields (module is ignored); DELETE is 204 and a later GET is 404',
    async run(c) {
      const inst = await create(c, 'acme', { module: 'cpu', stat: 'usage' });
      const r = await c.request('PUT', inst.uri, { token: token(c, 'acme'), body: { module: 'syscall', stat: 'syscalls', 'retention-time': 1200, 'idle-max': 60 } });
      expect(r.status, r.text()).toBe(200);
      const upd = r.json();
      expect(upd.module).toBe('cpu');
      expect(upd.stat).toBe('usage');
      expect(upd['retention-time']).toBe(1200);
      expect(upd['idle-max']).toBe(60);
      expect((await getOk(c, inst.uri, 'acme'))['retention-time']).toBe(1200);
      const bad = await c.request('PUT', inst.uri, { token: token(c, 'acme'), body: { 'idle-max': 0 } });
      expectError(bad, 409, 'ECA_INVAL', 'idle-max');
      const d = await c.request('DELETE', inst.uri, { token: token(c, 'acme') });
      expect(d.status).toBe(204);
      expect(d.text()).toBe('');
      expectError(await get(c, inst.uri, 'acme'), 404, 'ECA_NOENT');
      expectError(await c.request('DELETE', inst.uri, { token: token(c, 'acme') }), 404, 'ECA_NOENT');
      expectError(await c.request('PUT', inst.uri, { token: token(c, 'acme'), body: { enabled: false } }), 404, 'ECA_NOENT');
      expectError(await get(c, `${inst.uri}/value/raw`, 'acme'), 404, 'ECA_NOENT');
    },
  },
  {
    name: 'PUT: enabled may only be true (CA), and the instrumentation keeps reporting',
    async run(c) {
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async (inst) => {
        const r = await c.request('PUT', inst.uri, { token: token(c, 'acme'), body: { enabled: false } });
        expectError(r, 409, 'ECA_INVAL', 'enabled');
        const r2 = await c.request('PUT', inst.uri, { token: token(c, 'acme'), body: { enabled: 'true', 'persist-data': true } });
        expect(r2.status, r2.text()).toBe(200);
        expect(r2.json().enabled).toBe(true);
        expect(r2.json()['persist-data']).toBe(true);
        await c.advance(4);
        const v = await getOk(c, `${inst.uri}/value/raw`, 'acme');
        expect(v.value).toBeGreaterThan(0);
      });
    },
  },
  {
    name: 'B9: clone with {decomposition:[zonename]} keeps metric and predicate, with a new id; POST :id action=clone too',
    async run(c) {
      const pred = { eq: ['zonename', 'acme-web'] };
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', predicate: pred }, async (src) => {
        const r = await c.request('POST', `${src.uri}/clone`, { token: token(c, 'acme'), body: { decomposition: ['zonename'] } });
        expect(r.status, r.text()).toBe(201);
        const cl = r.json();
        try {
          expect(cl.id).not.toBe(src.id);
          expect(r.headers['location']).toBe(cl.uri);
          expect(cl.module).toBe('syscall');
          expect(cl.stat).toBe('syscalls');
          expect(cl.predicate).toEqual(pred);
          expect(cl.decomposition).toEqual(['zonename']);
          expect(cl['value-arity']).toBe('discrete-decomposition');
        } finally {
          await del(c, cl.uri, 'acme');
        }
        const r2 = await c.request('POST', src.uri, { token: token(c, 'acme'), query: 'action=clone', body: { decomposition: ['latency'] } });
        expect(r2.status, r2.text()).toBe(201);
        await del(c, r2.json().uri, 'acme');
        expect(r2.json()['value-arity']).toBe('numeric-decomposition');
        const r3 = await c.request('POST', src.uri, { token: token(c, 'acme'), body: { action: 'explode' } });
        expectError(r3, 409, 'ECA_INVAL', 'action');
        expectError(await c.request('POST', '/ca/customers/acme/instrumentations/9999/clone', { token: token(c, 'acme'), body: {} }), 404, 'ECA_NOENT');
      });
    },
  },
  {
    name: 'B10: predicates {lt:[latency,"x"]}, {and:[one]}, {junk:[]}, lt on a discrete field and an unknown field are 409',
    async run(c) {
      const t = token(c, 'acme');
      for (const predicate of [
        { lt: ['latency', 'x'] },
        { and: [{ eq: ['zonename', 'acme-web'] }] },
        { junk: [] },
        { lt: ['zonename', 'a'] },
        { eq: ['nosuchfield', 'x'] },
        { eq: ['zonename', 'a'], ne: ['zonename', 'b'] },
        '{not json',
      ]) {
        const r = await c.request('POST', '/ca/customers/acme/instrumentations', { token: t, body: { module: 'syscall', stat: 'syscalls', predicate } });
        expectError(r, 409, 'ECA_INVAL');
      }
      // a JSON string predicate is accepted
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', predicate: '{"eq":["execname","nginx"]}' }, async (inst) => {
        expect(inst.predicate).toEqual({ eq: ['execname', 'nginx'] });
      });
    },
  },
  {
    name: 'lists: a customer lists its own; the operator lists globals, and ?all=true lists everyone',
    async run(c) {
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async (a) => {
        await withInstn(c, 'operator', { module: 'cpu', stat: 'usage' }, async (o) => {
          const mine = (await getOk(c, '/ca/customers/acme/instrumentations', 'acme')).map((i: any) => i.uri);
          expect(mine).toContain(a.uri);
          expect(mine).not.toContain(o.uri);
          const globals = (await getOk(c, '/ca/instrumentations', 'operator')).map((i: any) => i.uri);
          expect(globals).toContain(o.uri);
          expect(globals).not.toContain(a.uri);
          const all = (await getOk(c, '/ca/instrumentations', 'operator', 'all=true')).map((i: any) => i.uri);
          expect(all).toEqual(expect.arrayContaining([a.uri, o.uri]));
          const opView = (await getOk(c, '/ca/customers/acme/instrumentations', 'operator')).map((i: any) => i.uri);
          expect(opView).toContain(a.uri);
        });
      });
    },
  },

  // ---------------------------------------------------------------- values (§7.11-§7.22)
  {
    name: 'value index: GET value lists value_raw (and heatmaps for numeric); value/heatmap lists the heatmap views, 404 on scalar',
    async run(c) {
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async (inst) => {
        const idx = await getOk(c, `${inst.uri}/value`, 'acme');
        expect(idx.map((u: any) => u.name)).toEqual(['value_raw']);
        expectError(await get(c, `${inst.uri}/value/heatmap`, 'acme'), 404, 'ECA_NOENT');
      });
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        const idx = await getOk(c, `${inst.uri}/value`, 'acme');
        expect(idx.map((u: any) => u.name).sort()).toEqual(['value_heatmap', 'value_raw']);
        const hm = await getOk(c, `${inst.uri}/value/heatmap`, 'acme');
        const uris = hm.map((u: any) => u.uri);
        for (const v of ['image', 'details', 'average', 'percentile']) expect(uris).toContain(`${inst.uri}/value/heatmap/${v}`);
      });
    },
  },
  {
    name: 'B11: raw with no parameters covers [now-2, now-1); any ndatapoints makes an array',
    async run(c) {
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async (inst) => {
        await c.advance(5);
        const status = await getOk(c, '/ca/admin/status', 'operator');
        const v = await getOk(c, `${inst.uri}/value/raw`, 'acme');
        expect(v.duration).toBe(1);
        expect(v.end_time).toBe(v.start_time + 1);
        // live runners may have moved on by a second or two between the two requests
        expect(Math.abs(v.start_time - (status.now - 2))).toBeLessThanOrEqual(2);
        for (const k of ['start_time', 'duration', 'end_time', 'nsources', 'minreporting', 'requested_start_time', 'requested_duration', 'requested_end_time', 'transformations']) {
          expect(v, k).toHaveProperty(k);
        }
        expect(typeof v.value).toBe('number');
        const one = await getOk(c, `${inst.uri}/value/raw`, 'acme', 'ndatapoints=1');
        expect(Array.isArray(one)).toBe(true);
        expect(one).toHaveLength(1);
        const three = await getOk(c, `${inst.uri}/value/raw`, 'acme', `ndatapoints=3&start_time=${v.start_time - 2}`);
        expect(three.map((p: any) => p.start_time)).toEqual([v.start_time - 2, v.start_time - 1, v.start_time]);
      });
    },
  },
  {
    name: 'B12: raw discrete is an object, numeric sorted [[lo,hi],n] lists, always with nsources and minreporting',
    async run(c) {
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: ['zonename'] }, async (d) => {
        await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: ['latency'] }, async (n) => {
          await withInstn(c, 'acme', SYSCALL_LATENCY, async (dn) => {
            await c.advance(4);
            const dv = await getOk(c, `${d.uri}/value/raw`, 'acme');
            expect(dv.value).toBeTypeOf('object');
            expect(Array.isArray(dv.value)).toBe(false);
            expect(Object.keys(dv.value).length).toBeGreaterThan(0);
            for (const [k, x] of Object.entries(dv.value)) {
              expect(ACME_ZONES).toContain(k);
              expect(x).toBeGreaterThan(0);
            }
            expect(dv.nsources).toBe(2);
            expect(dv.minreporting).toBe(2);
            const nv = await getOk(c, `${n.uri}/value/raw`, 'acme');
            expect(Array.isArray(nv.value)).toBe(true);
            expect(nv.value.length).toBeGreaterThan(0);
            let prev = -Infinity;
            for (const [[lo, hi], cnt] of nv.value) {
              expect(lo).toBeLessThanOrEqual(hi);
              expect(lo).toBeGreaterThan(prev);
              expect(cnt).toBeGreaterThan(0);
              prev = lo;
            }
            const dnv = await getOk(c, `${dn.uri}/value/raw`, 'acme');
            expect(dnv.value).toBeTypeOf('object');
            for (const dist of Object.values(dnv.value)) expect(Array.isArray(dist)).toBe(true);
          });
        });
      });
    },
  },
  {
    name: 'values: bad time parameters are 409 with CA\'s messages',
    async run(c) {
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async (inst) => {
        const raw = `${inst.uri}/value/raw`;
        expectError(await get(c, raw, 'acme', 'start_time=1000&end_time=999'), 409, 'ECA_INVAL', '"end_time" must be later than "start_time"');
        expectError(await get(c, raw, 'acme', 'start_time=1000&duration=5&end_time=1010'), 409, 'ECA_INVAL', '"start_time" + "duration" must equal "end_time"');
        expectError(await get(c, raw, 'acme', 'duration=0'), 409, 'ECA_INVAL', 'duration');
        expectError(await get(c, raw, 'acme', 'duration=3601'), 409, 'ECA_INVAL', 'duration');
        expectError(await get(c, raw, 'acme', 'ndatapoints=0'), 409, 'ECA_INVAL', 'ndatapoints');
        expectError(await get(c, raw, 'acme', 'start_time=99999999999'), 409, 'ECA_INVAL', 'too far in the future');
      });
    },
  },
  {
    name: 'B13: heatmap on a scalar instrumentation is 404; isolate&exclude is 409; ymin == ymax is 409',
    async run(c) {
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async (inst) => {
        expectError(await get(c, `${inst.uri}/value/heatmap/image`, 'acme'), 404, 'ECA_NOENT');
        expectError(await get(c, `${inst.uri}/value/heatmap/details`, 'acme', 'x=1&y=1&ymax=10'), 404, 'ECA_NOENT');
      });
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        const img = `${inst.uri}/value/heatmap/image`;
        expectError(await get(c, img, 'acme', 'isolate=true&exclude=true&selected=nginx'), 409, 'ECA_INVAL', 'only one of "isolate", "exclude", and "decompose_all" may be specified');
        expectError(await get(c, img, 'acme', 'ymin=100&ymax=100'), 409, 'ECA_INVAL', '"ymax" must be greater than "ymin"');
        expectError(await get(c, img, 'acme', 'width=5'), 409, 'ECA_INVAL', 'width');
        expectError(await get(c, img, 'acme', 'nbuckets=101'), 409, 'ECA_INVAL', 'nbuckets');
        expectError(await get(c, img, 'acme', 'coloring=plaid'), 409, 'ECA_INVAL', 'coloring');
        expectError(await get(c, img, 'acme', 'selected=nginx&hues=400'), 409, 'ECA_INVAL');
      });
    },
  },
  {
    name: 'B14: the default image is a 600x300 PNG of 100 buckets with a nice autoscaled ymax and present = keys of the last 60 s',
    async run(c) {
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        await c.advance(6);
        const v = await getOk(c, `${inst.uri}/value/heatmap/image`, 'acme');
        expect(v.width).toBe(600);
        expect(v.height).toBe(300);
        expect(v.nbuckets).toBe(100);
        expect(v.ymin).toBe(0);
        expect(isNice(v.ymax), `ymax ${v.ymax}`).toBe(true);
        expect(v.duration).toBe(60);
        expect(Array.isArray(v.present)).toBe(true);
        expect(v.present).toContain('nginx');
        for (const k of v.present) expect(GLOBEX_EXECNAMES).not.toContain(k);
        const png = pngPixels(v.image);
        expect(png.width).toBe(600);
        expect(png.height).toBe(300);
        expect(png.pixels.some((p) => !isWhite(p))).toBe(true);
        // a client echoes ymax back and gets the same scale
        const again = await getOk(c, `${inst.uri}/value/heatmap/image`, 'acme', `ymax=${v.ymax}&width=100&height=50&nbuckets=10`);
        expect(again.ymax).toBe(v.ymax);
        expect(pngPixels(again.image).width).toBe(100);
      });
    },
  },
  {
    name: 'image as PNG: a client that accepts image/png gets the image bytes themselves',
    async run(c) {
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        await c.advance(3);
        const r = await c.request('GET', `${inst.uri}/value/heatmap/image`, { token: token(c, 'acme'), query: 'width=200&height=100', headers: { accept: 'image/png' } });
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toBe('image/png');
        const b = r.bytes();
        expect([...b.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const img = decode(b);
        expect([img.width, img.height]).toEqual([200, 100]);
      });
    },
  },
  {
    name: 'B15: selected=[k] draws k at hue 112 over the rest at hue 21; isolate draws only k',
    async run(c) {
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        await c.advance(6);
        const img = `${inst.uri}/value/heatmap/image`;
        const all = await getOk(c, img, 'acme');
        const k = all.present.includes('nginx') ? 'nginx' : all.present[0];
        const rest = all.present.filter((x: string) => x !== k);
        expect(k).toBeDefined();
        const sel = pngPixels((await getOk(c, img, 'acme', `selected=${encodeURIComponent(k)}&ymax=${all.ymax}`)).image);
        const hues = sel.pixels.filter(isTinted).map((p) => hsv(p));
        expect(hues.some((h) => hueNear(h.h, 112))).toBe(true);
        if (rest.length > 0) expect(hues.some((h) => hueNear(h.h, 21))).toBe(true);
        const iso = pngPixels((await getOk(c, img, 'acme', `selected=${encodeURIComponent(k)}&isolate=true&ymax=${all.ymax}`)).image);
        const isoColoured = iso.pixels.filter(isTinted);
        expect(isoColoured.length).toBeGreaterThan(0);
        for (const p of isoColoured) expect(hueNear(hsv(p).h, 112), JSON.stringify(p)).toBe(true);
        // exclude: only the rest, in hue 21
        const exc = await getOk(c, img, 'acme', `selected=${encodeURIComponent(k)}&exclude=true&ymax=${all.ymax}`);
        for (const p of pngPixels(exc.image).pixels.filter(isTinted)) expect(hueNear(hsv(p).h, 21), JSON.stringify(p)).toBe(true);
      });
    },
  },
  {
    name: 'B16: rank colouring: the densest cell has saturation 0.9 (value 0.95); empty cells are white',
    async run(c) {
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: ['latency'] }, async (inst) => {
        await c.advance(6);
        for (const coloring of ['rank', 'linear']) {
          const v = await getOk(c, `${inst.uri}/value/heatmap/image`, 'acme', `coloring=${coloring}`);
          const px = pngPixels(v.image).pixels;
          expect(px.some(isWhite)).toBe(true);
          const sat = px.filter((p) => !isWhite(p)).map(hsv);
          const maxS = Math.max(...sat.map((h) => h.s));
          expect(maxS).toBeGreaterThan(0.88);
          expect(maxS).toBeLessThan(0.92);
          for (const h of sat) expect(Math.abs(h.v - 0.95)).toBeLessThan(0.02);
        }
      });
    },
  },
  {
    name: 'B17: details: the bucket is aligned to (ymax-ymin)/nbuckets and total = sum of present counts, each >= 1',
    async run(c) {
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        await c.advance(6);
        const hm = `${inst.uri}/value/heatmap`;
        const img = await getOk(c, `${hm}/image`, 'acme', 'height=300&nbuckets=100');
        const size = (img.ymax - img.ymin) / 100;
        // find a coloured pixel and ask about it
        const png = pngPixels(img.image);
        const at = png.pixels.findIndex((p) => !isWhite(p));
        expect(at).toBeGreaterThanOrEqual(0);
        const x = at % png.width;
        const y = Math.floor(at / png.width);
        const d = await getOk(c, `${hm}/details`, 'acme', `x=${x}&y=${y}&ymax=${img.ymax}&start_time=${img.start_time}&duration=${img.duration}`);
        expect(Math.abs(d.bucket_ymax - d.bucket_ymin - size)).toBeLessThanOrEqual(1);
        expect(Math.abs((d.bucket_ymin - img.ymin) / size - Math.round((d.bucket_ymin - img.ymin) / size))).toBeLessThan(0.01 + 1 / size);
        expect(typeof d.bucket_time).toBe('number');
        const counts = Object.values(d.present) as number[];
        expect(counts.length).toBeGreaterThan(0);
        for (const n of counts) expect(n).toBeGreaterThanOrEqual(1);
        expect(d.total).toBe(counts.reduce((a, b) => a + b, 0));
        expectError(await get(c, `${hm}/details`, 'acme', `x=${x}&y=${y}`), 409, 'ECA_INVAL', 'ymax');
        expectError(await get(c, `${hm}/details`, 'acme', `x=600&y=0&ymax=${img.ymax}`), 409, 'ECA_INVAL', 'x');
      });
    },
  },
  {
    name: 'B18: average and percentile of the first column, within [ymin, ymax]; an empty column gives ymin (percentile) and null (average)',
    async run(c) {
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: ['latency'] }, async (inst) => {
        await c.advance(5);
        const hm = `${inst.uri}/value/heatmap`;
        const img = await getOk(c, `${hm}/image`, 'acme');
        const q = `ymax=${img.ymax}`;
        const p50 = await getOk(c, `${hm}/percentile`, 'acme', `${q}&percentile=0.5`);
        expect(p50.ymax).toBe(img.ymax);
        expect(p50.percentile).toBeGreaterThan(0);
        expect(p50.percentile).toBeLessThanOrEqual(img.ymax);
        const p99 = await getOk(c, `${hm}/percentile`, 'acme', `${q}&percentile=0.99`);
        expect(p99.percentile).toBeGreaterThanOrEqual(p50.percentile);
        const avg = await getOk(c, `${hm}/average`, 'acme', q);
        expect(avg.average).toBeGreaterThan(0);
        expect(avg.average).toBeLessThanOrEqual(img.ymax);
        for (const v of [p50, avg]) for (const k of ['start_time', 'duration', 'nsources', 'minreporting']) expect(v).toHaveProperty(k);
        // before the instrumentation existed the column is empty
        const early = Math.floor(inst.crtime / 1000) - 100;
        const e = await getOk(c, `${hm}/percentile`, 'acme', `${q}&ymin=0&percentile=0.5&start_time=${early}`);
        expect(e.percentile).toBe(0);
        const ea = await getOk(c, `${hm}/average`, 'acme', `${q}&start_time=${early}`);
        expect(ea.average).toBeNull();
        expectError(await get(c, `${hm}/percentile`, 'acme', `${q}&percentile=2`), 409, 'ECA_INVAL', 'percentile');
      });
    },
  },
  {
    name: 'cells (addition): bucketized counts as JSON, with times, bucket bounds and per-key counts',
    async run(c) {
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        await c.advance(5);
        const v = await getOk(c, `${inst.uri}/value/heatmap/cells`, 'acme', 'nbuckets=20&decompose_all=true');
        expect(v.nbuckets).toBe(20);
        expect(typeof v.ymax).toBe('number');
        expect(v.ymax).toBeGreaterThan(v.ymin);
        expect(Array.isArray(v.present)).toBe(true);
        expect(JSON.stringify(v)).toContain('nginx');
        for (const s of strings(v)) expect(GLOBEX_EXECNAMES).not.toContain(s);
      });
    },
  },
  {
    name: 'scale=log (addition): log10 y between ymin > 0 and ymax; ymin 0 with scale=log is 409',
    async run(c) {
      await withInstn(c, 'acme', SYSCALL_LATENCY, async (inst) => {
        await c.advance(4);
        const img = `${inst.uri}/value/heatmap/image`;
        const v = await getOk(c, img, 'acme', 'scale=log&ymin=1000&ymax=100000000');
        expect(v.ymin).toBe(1000);
        expect(v.ymax).toBe(100000000);
        expect(pngPixels(v.image).pixels.some((p) => !isWhite(p))).toBe(true);
        expectError(await get(c, img, 'acme', 'scale=log&ymin=0&ymax=1000'), 409, 'ECA_INVAL', 'ymin');
        expectError(await get(c, img, 'acme', 'scale=cubic'), 409, 'ECA_INVAL', 'scale');
        const d = await getOk(c, `${inst.uri}/value/heatmap/details`, 'acme', 'scale=log&ymin=1000&ymax=100000000&x=10&y=10');
        expect(d.bucket_ymin).toBeGreaterThanOrEqual(1000);
      });
    },
  },
  {
    name: 'B19: a customer instrumentation never contains another tenant\'s zones, even when its predicate names one',
    async run(c) {
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: ['zonename'], predicate: { eq: ['zonename', 'globex-app'] } }, async (named) => {
        await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: ['zonename'], predicate: { or: [{ eq: ['zonename', 'globex-app'] }, { eq: ['zonename', 'acme-web'] }] } }, async (either) => {
          await withInstn(c, 'acme', { module: 'cpu', stat: 'zones', decomposition: ['zonename'] }, async (zones) => {
            // positive control: the operator does see globex
            await withInstn(c, 'operator', { module: 'syscall', stat: 'syscalls', decomposition: ['zonename'] }, async (op) => {
              await c.advance(4);
              const q = 'duration=3';
              const nv = await getOk(c, `${named.uri}/value/raw`, 'acme', q);
              expect(nv.value).toEqual({});
              const ev = await getOk(c, `${either.uri}/value/raw`, 'acme', q);
              expect(Object.keys(ev.value)).toEqual(['acme-web']);
              const zv = await getOk(c, `${zones.uri}/value/raw`, 'acme', q);
              expect(Object.keys(zv.value).sort()).toEqual(ACME_ZONES);
              for (const s of strings([nv, ev, zv])) expect(GLOBEX_ZONES).not.toContain(s);
              const ov = await getOk(c, `${op.uri}/value/raw`, 'operator', q);
              expect(Object.keys(ov.value)).toEqual(expect.arrayContaining([...ACME_ZONES, ...GLOBEX_ZONES]));
            });
          });
        });
      });
    },
  },
  {
    name: 'tenancy: a customer heatmap present list and the D it compiled to name only its own zones',
    async run(c) {
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'latency'], predicate: { ne: ['zonename', 'acme-db'] } }, async (inst) => {
        expect(inst.script).toContain('acme-web');
        for (const z of GLOBEX_ZONES) expect(inst.script).not.toContain(z);
        expect(inst.nsources).toBe(2);
        await c.advance(4);
        const v = await getOk(c, `${inst.uri}/value/heatmap/image`, 'acme', 'decompose_all=true');
        expect(v.present).toEqual(['acme-web']);
      });
      await withInstn(c, 'initech', { module: 'cpu', stat: 'usage' }, async (inst) => {
        // initech has one zone, on cn2: one source
        expect(inst.nsources).toBe(1);
      });
    },
  },
  {
    name: 'cpu.zones and zfs.throttled_ops (DESIGN metrics): per-zone CPU percent and throttle delays as numeric ns',
    async run(c) {
      await withInstn(c, 'operator', { module: 'cpu', stat: 'zones', decomposition: ['zonename'] }, async (z) => {
        await withInstn(c, 'operator', { module: 'cpu', stat: 'zones', decomposition: ['utilization'] }, async (u) => {
          await withInstn(c, 'operator', { module: 'zfs', stat: 'throttled_ops', decomposition: ['zonename', 'delay'] }, async (t) => {
            expect(t['value-arity']).toBe('numeric-decomposition');
            await c.advance(4);
            const zv = await getOk(c, `${z.uri}/value/raw`, 'operator');
            expect(Object.keys(zv.value).sort()).toEqual([...ACME_ZONES, ...GLOBEX_ZONES, 'initech-web'].sort());
            // globex-batch spins 2 threads under a 100% cap
            expect(zv.value['globex-batch']).toBeGreaterThan(50);
            expect(zv.value['globex-batch']).toBeLessThanOrEqual(110);
            const uv = await getOk(c, `${u.uri}/value/raw`, 'operator');
            const zonesCounted = uv.value.reduce((a: number, [, n]: [unknown, number]) => a + n, 0);
            expect(zonesCounted).toBe(5);
            const tv = await getOk(c, `${t.uri}/value/raw`, 'operator');
            expect(tv.value).toBeTypeOf('object');
          });
        });
      });
    },
  },
  {
    name: 'B20: every source reports: minreporting equals nsources for a settled interval',
    async run(c) {
      await withInstn(c, 'operator', { module: 'cpu', stat: 'usage', decomposition: ['hostname'] }, async (inst) => {
        expect(inst.nsources).toBe(2);
        await c.advance(4);
        const v = await getOk(c, `${inst.uri}/value/raw`, 'operator', 'timeout=5000');
        expect(v.nsources).toBe(2);
        expect(v.minreporting).toBe(2);
        expect(Object.keys(v.value).sort()).toEqual(['cn1', 'cn2']);
      });
    },
  },
  {
    name: 'B21: data older than retention-time reads back as zero or empty',
    async run(c) {
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', 'retention-time': 10 }, async (inst) => {
        await c.advance(3);
        const first = await getOk(c, `${inst.uri}/value/raw`, 'acme');
        expect(first.value).toBeGreaterThan(0);
        await c.advance(75);
        const old = await getOk(c, `${inst.uri}/value/raw`, 'acme', `start_time=${first.start_time}&duration=1`);
        expect(old.value).toBe(0);
        const fresh = await getOk(c, `${inst.uri}/value/raw`, 'acme');
        expect(fresh.value).toBeGreaterThan(0);
      });
    },
  },
  {
    name: 'B22: a point metric (cpu.usage) read over 60 s returns the first interval, not a sum',
    async run(c) {
      await withInstn(c, 'acme', { module: 'cpu', stat: 'usage' }, async (inst) => {
        await c.advance(64);
        const last = await getOk(c, `${inst.uri}/value/raw`, 'acme');
        const start = last.start_time - 59;
        const one = await getOk(c, `${inst.uri}/value/raw`, 'acme', `start_time=${start}&duration=1`);
        const sixty = await getOk(c, `${inst.uri}/value/raw`, 'acme', `start_time=${start}&duration=60`);
        expect(one.value).toBeGreaterThan(0);
        expect(sixty.duration).toBe(60);
        expect(sixty.value).toBe(one.value);
        // an interval metric sums instead
      });
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls' }, async (inst) => {
        await c.advance(12);
        const last = await getOk(c, `${inst.uri}/value/raw`, 'acme');
        const start = last.start_time - 9;
        const one = await getOk(c, `${inst.uri}/value/raw`, 'acme', `start_time=${start}&duration=1`);
        const ten = await getOk(c, `${inst.uri}/value/raw`, 'acme', `start_time=${start}&duration=10`);
        expect(ten.value).toBeGreaterThan(one.value);
      });
    },
  },
  {
    name: 'granularity: a granularity-5 instrumentation reports aligned 5 s intervals',
    async run(c) {
      await withInstn(c, 'acme', { module: 'syscall', stat: 'syscalls', granularity: 5 }, async (inst) => {
        await c.advance(16);
        const v = await getOk(c, `${inst.uri}/value/raw`, 'acme');
        expect(v.start_time % 5).toBe(0);
        expect(v.duration).toBe(5);
        expect(v.value).toBeGreaterThan(0);
      });
    },
  },

  // ---------------------------------------------------------------- scripts
  {
    name: 'scripts: POST runs D over the datacenter (201 + Location), GET value gives aggregations and printa text, DELETE 204',
    async run(c) {
      const r = await c.request('POST', '/ca/scripts', { token: c.operatorToken, body: { script: 'syscall:::entry { @calls[zonename] = count(); }' } });
      expect(r.status, r.text()).toBe(201);
      const s = r.json();
      expect(r.headers['location']).toBe(s.uri);
      try {
        await c.advance(3);
        const v = await getOk(c, `${s.uri}/value`, 'operator');
        expect(Array.isArray(v.aggregations)).toBe(true);
        expect(typeof v.printa).toBe('string');
        for (const z of [...ACME_ZONES, ...GLOBEX_ZONES]) expect(v.printa).toContain(z);
        const list = await getOk(c, '/ca/scripts', 'operator');
        expect(list.map((x: any) => x.uri)).toContain(s.uri);
      } finally {
        const d = await c.request('DELETE', s.uri, { token: c.operatorToken });
        expect(d.status).toBe(204);
      }
      expectError(await get(c, `${s.uri}/value`, 'operator'), 404, 'ECA_NOENT');
    },
  },
  {
    name: 'scripts: a compile error is 409 with dtrace\'s message, line and column',
    async run(c) {
      const r = await c.request('POST', '/ca/customers/acme/scripts', { token: token(c, 'acme'), body: { script: 'syscall:::entry\n{\n  @ = count(;\n}' } });
      expectError(r, 409, 'ECA_INVAL');
      const e = r.json().error;
      expect(e.line).toBe(3);
      expect(typeof e.column).toBe('number');
      expect(e.message.length).toBeGreaterThan(0);
      const bad = await c.request('POST', '/ca/customers/acme/scripts', { token: token(c, 'acme'), body: { program: 'x' } });
      expectError(bad, 409, 'ECA_INVAL', 'script');
    },
  },
  {
    name: 'scripts: a 60 KB script is accepted and a body over 64 KB is 413',
    async run(c) {
      const pad = `/* ${'x'.repeat(60 * 1024)} */\n`;
      const r = await c.request('POST', '/ca/customers/acme/scripts', { token: token(c, 'acme'), body: { script: `${pad}BEGIN { x = 1; }` } });
      expect(r.status, r.text().slice(0, 300)).toBe(201);
      await c.request('DELETE', r.json().uri, { token: token(c, 'acme') });
      const big = await c.request('POST', '/ca/customers/acme/scripts', { token: token(c, 'acme'), body: { script: `/* ${'x'.repeat(66 * 1024)} */ BEGIN { }` } });
      expectError(big, 413, 'ECA_TOOBIG');
    },
  },
  {
    name: 'scripts: a customer script runs inside its zones: only its zones, no io/fbt/sdt probes, no other tenant\'s node',
    async run(c) {
      const t = token(c, 'acme');
      const r = await c.request('POST', '/ca/customers/acme/scripts', { token: t, body: { script: 'syscall:::entry { @[zonename, execname] = count(); }' } });
      expect(r.status, r.text()).toBe(201);
      const s = r.json();
      try {
        await c.advance(3);
        const v = await getOk(c, `${s.uri}/value`, 'acme');
        const all = strings(v);
        expect(v.printa).toContain('acme-web');
        for (const z of GLOBEX_ZONES) expect(all.join('\n')).not.toContain(z);
      } finally {
        await c.request('DELETE', s.uri, { token: t });
      }
      const io = await c.request('POST', '/ca/customers/acme/scripts', { token: t, body: { script: 'io:::start { @ = count(); }' } });
      expectError(io, 409, 'ECA_INVAL', 'does not match any probes');
      const sdt = await c.request('POST', '/ca/customers/acme/scripts', { token: t, body: { script: 'sdt:zfs::arc-hit { @ = count(); }' } });
      expectError(sdt, 409, 'ECA_INVAL');
      const node = await c.request('POST', '/ca/customers/initech/scripts', { token: token(c, 'initech'), body: { script: 'BEGIN { }', node: 'cn1' } });
      expectError(node, 409, 'ECA_INVAL', 'node');
    },
  },
  {
    name: 'tenancy: a customer script with sched:::off-cpu args[1] and curpsinfo never reveals another zone\'s names or pids',
    async run(c) {
      const t = token(c, 'acme');
      const script = [
        'sched:::off-cpu { @next[args[1]->pr_fname, args[1]->pr_pid] = count(); @cur[curpsinfo->pr_fname, curpsinfo->pr_zoneid] = count(); }',
        'sched:::wakeup { @woken[args[1]->pr_fname, args[1]->pr_pid] = count(); }',
      ].join('\n');
      const r = await c.request('POST', '/ca/customers/acme/scripts', { token: t, body: { script } });
      expect(r.status, r.text()).toBe(201);
      const s = r.json();
      // positive control: the operator's copy sees globex's processes
      const o = await c.request('POST', '/ca/scripts', { token: c.operatorToken, body: { script } });
      expect(o.status, o.text()).toBe(201);
      try {
        await c.advance(3);
        const v = await getOk(c, `${s.uri}/value`, 'acme');
        const text = `${strings(v).join('\n')}\n${v.printa}\n${v.output ?? ''}`;
        for (const name of [...GLOBEX_EXECNAMES, ...GLOBEX_ZONES]) expect(text, name).not.toMatch(new RegExp(`\\b${name}\\b`));
        // a thread of another zone reads as an empty psinfo: no name, pid 0
        for (const line of v.printa.split('\n')) {
          const m = /^\s+(\d+)\s+(\d+)\s*$/.exec(line);
          if (m !== null) expect(m[1], line).toBe('0');
        }
        const ov = await getOk(c, `${o.json().uri}/value`, 'operator');
        expect(ov.printa).toMatch(/\b(java|batch|reader|writer)\b/);
      } finally {
        await c.request('DELETE', s.uri, { token: t });
        await c.request('DELETE', o.json().uri, { token: c.operatorToken });
      }
    },
  },
  {
    name: "scripts: another tenant's script is 403 by path and 404 by id in one's own namespace",
    async run(c) {
      const r = await c.request('POST', '/ca/customers/globex/scripts', { token: token(c, 'globex'), body: { script: 'BEGIN { }' } });
      expect(r.status, r.text()).toBe(201);
      const s = r.json();
      try {
        expectError(await get(c, `${s.uri}/value`, 'acme'), 403, 'ECA_FORBIDDEN');
        expectError(await c.request('DELETE', s.uri, { token: token(c, 'acme') }), 403, 'ECA_FORBIDDEN');
        expectError(await get(c, `/ca/customers/acme/scripts/${Number(s.id) + 500}/value`, 'acme'), 404, 'ECA_NOENT');
      } finally {
        await c.request('DELETE', s.uri, { token: token(c, 'globex') });
      }
    },
  },

  // ---------------------------------------------------------------- admin
  {
    name: 'admin: GET /ca/admin/status and /ca/admin/scenario (operator only)',
    async run(c) {
      const st = await getOk(c, '/ca/admin/status', 'operator');
      expect(st.nodes).toEqual(['cn1', 'cn2']);
      expect(typeof st.now).toBe('number');
      const sc = await getOk(c, '/ca/admin/scenario', 'operator');
      expect(sc.name).toBe('api-test');
      expect(sc.nodes.map((n: any) => n.hostname)).toEqual(['cn1', 'cn2']);
      expectError(await get(c, '/ca/customers/acme/admin/status', 'acme'), 404, 'ECA_NOENT');
    },
  },
  {
    name: 'admin: PUT /ca/admin/zones/:zonename changes cpu_shares, cpu_cap and zfs_io_priority; bad values 409, unknown zone 404',
    async run(c) {
      const zoneOf = async (name: string) => {
        const sc = await getOk(c, '/ca/admin/scenario', 'operator');
        for (const n of sc.nodes) for (const z of n.zones) if (z.name === name) return z;
        throw new Error(`no zone ${name}`);
      };
      const before = await zoneOf('acme-web');
      const r = await c.request('PUT', '/ca/admin/zones/acme-web', { token: c.operatorToken, body: { cpu_shares: 300, cpu_cap: 350, zfs_io_priority: 50 } });
      expect(r.status, r.text()).toBe(200);
      try {
        const after = await zoneOf('acme-web');
        expect(after.cpu_shares).toBe(300);
        expect(after.cpu_cap).toBe(350);
        expect(after.zfs_io_priority).toBe(50);
        // a form body works as well as JSON (CA's parameter conventions)
        const form = await c.request('PUT', '/ca/admin/zones/acme-web', { token: c.operatorToken, body: 'cpu_shares=250', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(form.status, form.text()).toBe(200);
        expect((await zoneOf('acme-web')).cpu_shares).toBe(250);
        const uncap = await c.request('PUT', '/ca/admin/zones/acme-web', { token: c.operatorToken, body: { cpu_cap: null } });
        expect(uncap.status, uncap.text()).toBe(200);
        expect((await zoneOf('acme-web')).cpu_cap ?? null).toBeNull();
      } finally {
        await c.request('PUT', '/ca/admin/zones/acme-web', { token: c.operatorToken, body: { cpu_shares: before.cpu_shares, cpu_cap: before.cpu_cap ?? null, zfs_io_priority: before.zfs_io_priority } });
      }
      expectError(await c.request('PUT', '/ca/admin/zones/acme-web', { token: c.operatorToken, body: { cpu_shares: -1 } }), 409, 'ECA_INVAL', 'cpu_shares');
      expectError(await c.request('PUT', '/ca/admin/zones/acme-web', { token: c.operatorToken, body: { cpu_sharez: 5 } }), 409, 'ECA_INVAL', 'cpu_sharez');
      expectError(await c.request('PUT', '/ca/admin/zones/acme-web', { token: c.operatorToken, body: {} }), 409, 'ECA_INVAL');
      expectError(await c.request('PUT', '/ca/admin/zones/nosuchzone', { token: c.operatorToken, body: { cpu_shares: 5 } }), 404, 'ECA_NOENT');
    },
  },
  {
    name: 'admin: POST and DELETE /ca/admin/zones/:zonename/workloads; bad workloads 409',
    async run(c) {
      const sc = await getOk(c, '/ca/admin/scenario', 'operator');
      const zone = sc.nodes.flatMap((n: any) => n.zones).find((z: any) => z.name === 'acme-db');
      const n0 = zone.workloads.length;
      const r = await c.request('POST', '/ca/admin/zones/acme-db/workloads', { token: c.operatorToken, body: { kind: 'cpu', threads: 1, duty: 0.5, execname: 'cruncher' } });
      expect(r.status, r.text()).toBe(201);
      const w = r.json();
      expect(w.index).toBe(n0);
      expect(r.headers['location']).toBe(w.uri);
      const sc2 = await getOk(c, '/ca/admin/scenario', 'operator');
      expect(sc2.nodes.flatMap((n: any) => n.zones).find((z: any) => z.name === 'acme-db').workloads).toHaveLength(n0 + 1);
      const d = await c.request('DELETE', `/ca/admin/zones/acme-db/workloads/${w.index}`, { token: c.operatorToken });
      expect(d.status, d.text()).toBe(204);
      expectError(await c.request('DELETE', `/ca/admin/zones/acme-db/workloads/${n0 + 5}`, { token: c.operatorToken }), 404, 'ECA_NOENT');
      expectError(await c.request('DELETE', '/ca/admin/zones/acme-db/workloads/x', { token: c.operatorToken }), 409, 'ECA_INVAL');
      expectError(await c.request('POST', '/ca/admin/zones/acme-db/workloads', { token: c.operatorToken, body: { kind: 'teleport' } }), 409, 'ECA_INVAL', 'kind');
      expectError(await c.request('POST', '/ca/admin/zones/acme-db/workloads', { token: c.operatorToken, body: { kind: 'cpu', threads: 0 } }), 409, 'ECA_INVAL', 'threads');
      expectError(await c.request('POST', '/ca/admin/zones/acme-db/workloads', { token: c.operatorToken, body: { kind: 'kvm' } }), 409, 'ECA_INVAL', 'kvm');
      expectError(await c.request('POST', '/ca/admin/zones/nosuchzone/workloads', { token: c.operatorToken, body: { kind: 'cpu' } }), 404, 'ECA_NOENT');
    },
  },
  {
    name: 'admin: PUT /ca/admin/throttle switches the ZFS throttle; a bad value is 409',
    async run(c) {
      const r = await c.request('PUT', '/ca/admin/throttle', { token: c.operatorToken, body: { throttle: 'off' } });
      expect(r.status, r.text()).toBe(200);
      try {
        expect(r.json().throttle).toBe('off');
        expect((await getOk(c, '/ca/admin/scenario', 'operator')).throttle).toBe('off');
      } finally {
        await c.request('PUT', '/ca/admin/throttle', { token: c.operatorToken, body: { throttle: '2013' } });
      }
      expectError(await c.request('PUT', '/ca/admin/throttle', { token: c.operatorToken, body: { throttle: '1999' } }), 409, 'ECA_INVAL', 'throttle');
    },
  },
  {
    name: 'admin: GET /ca/admin/status reports the speed, its range and where simulated time is',
    async run(c) {
      const st = await getOk(c, '/ca/admin/status', 'operator');
      expect(typeof st.speed).toBe('number');
      expect(st.speed_range.min).toBeGreaterThan(0);
      expect(st.speed_range.max).toBeGreaterThanOrEqual(st.speed_range.min);
      expect(Number.isInteger(st.simulated_s)).toBe(true);
      expect(st.reached_s).toBeLessThanOrEqual(st.simulated_s);
      expect(st.now).toBe(st.epoch + st.simulated_s);
      await c.advance(2);
      const later = await getOk(c, '/ca/admin/status', 'operator');
      expect(later.simulated_s).toBeGreaterThanOrEqual(st.simulated_s + 2);
      expect(later.reached_s).toBeGreaterThan(st.reached_s);
    },
  },
  {
    name: 'admin: PUT /ca/admin/speed changes the pace (operator only); speeds outside the range and bad bodies are 409',
    async run(c) {
      const st = await getOk(c, '/ca/admin/status', 'operator');
      const { min, max } = st.speed_range;
      const original = st.speed;
      const target = original === 7 ? 8 : 7;
      const r = await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: { speed: target } });
      expect(r.status, r.text()).toBe(200);
      try {
        expect(r.json()).toMatchObject({ speed: target, speed_range: { min, max } });
        expect((await getOk(c, '/ca/admin/status', 'operator')).speed).toBe(target);
        expect((await getOk(c, '/ca/admin/speed', 'operator')).speed).toBe(target);
        // a form body works as well as JSON
        const form = await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: 'speed=9', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(form.status, form.text()).toBe(200);
        expect(form.json().speed).toBe(9);
        // simulated time goes on at the new pace
        const before = (await getOk(c, '/ca/admin/status', 'operator')).simulated_s;
        await c.advance(2);
        expect((await getOk(c, '/ca/admin/status', 'operator')).simulated_s).toBeGreaterThanOrEqual(before + 2);
      } finally {
        if (original >= min && original <= max) {
          const back = await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: { speed: original } });
          expect(back.status, back.text()).toBe(200);
        }
      }
      const range = `from ${min} to ${max}`;
      expectError(await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: { speed: max + 1 } }), 409, 'ECA_INVAL', range);
      expectError(await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: { speed: 0 } }), 409, 'ECA_INVAL', range);
      expectError(await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: { speed: 'fast' } }), 409, 'ECA_INVAL', 'speed');
      expectError(await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: {} }), 409, 'ECA_INVAL', 'speed');
      expectError(await c.request('PUT', '/ca/admin/speed', { token: c.operatorToken, body: { speed: min, pace: 2 } }), 409, 'ECA_INVAL', 'pace');
      expectError(await c.request('PUT', '/ca/admin/speed', { token: token(c, 'acme'), body: { speed: min } }), 403, 'ECA_FORBIDDEN');
      expectError(await c.request('PUT', '/ca/admin/speed', { body: { speed: min } }), 401, 'ECA_UNAUTH');
      expectError(await c.request('PUT', '/ca/customers/acme/admin/speed', { token: token(c, 'acme'), body: { speed: min } }), 404, 'ECA_NOENT');
      if (original >= min && original <= max) expect((await getOk(c, '/ca/admin/status', 'operator')).speed).toBe(original);
    },
  },
];
