// The app's stores and their API use, with a fake API client: who is signed in (and what
// a reload of the tab keeps), the dashboard finding or creating its instrumentations,
// keeping them, removing and cloning; the builder's predicates; the per-panel key list.
import { describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type RequestOptions } from '../../../src/ui/api-client';
import { DEFAULT_SPECS, describeSpec, type Catalog } from '../../../src/ui/core/catalog';
import { memoryDashboards } from '../../../src/ui/core/persist';
import { createDashboardStore } from '../../../src/ui/stores/dashboard';
import { basePathOf, createSessionStore } from '../../../src/ui/stores/session';
import { fromPredicate, toPredicate } from '../../../src/ui/builder/predicate';
import { rowsOf } from '../../../src/ui/dashboard/ZoneSummary';

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('session', () => {
  it('signs in as operator or customer and keeps it for this tab only (sessionStorage)', () => {
    const storage = new MemoryStorage();
    const s = createSessionStore(storage);
    expect(s.getState().identity).toBeUndefined();
    s.getState().signInCustomer('acme', 'acme-7f3a91c2e4b6');
    expect(basePathOf(s.getState().identity!)).toBe('/ca/customers/acme');
    const again = createSessionStore(storage);
    expect(again.getState().identity).toEqual({ kind: 'customer', custid: 'acme' });
    expect(again.getState().token).toBe('acme-7f3a91c2e4b6');
    again.getState().signOut();
    expect(storage.length).toBe(0);
    expect(basePathOf({ kind: 'operator' })).toBe('/ca');
  });

  it('starts signed out from a damaged entry', () => {
    const storage = new MemoryStorage();
    storage.setItem('zonescope.session', '{"identity":{"kind":"root"},"token":"x"}');
    expect(createSessionStore(storage).getState().identity).toBeUndefined();
    storage.setItem('zonescope.session', 'not json');
    expect(createSessionStore(storage).getState().identity).toBeUndefined();
  });
});

const CATALOG: Catalog = {
  modules: { syscall: { label: 'System calls' }, cpu: { label: 'CPU' }, zfs: { label: 'ZFS' } },
  fields: { zonename: { label: 'zone name', type: 'string' }, latency: { label: 'latency', type: 'time' }, utilization: { label: 'utilization', type: 'percent' }, delay: { label: 'throttle delay', type: 'time' }, execname: { label: 'application name', type: 'string' } },
  types: { string: { arity: 'discrete' }, time: { arity: 'numeric', unit: 'seconds' }, percent: { arity: 'numeric', unit: 'percent' } },
  metrics: [
    { module: 'syscall', stat: 'syscalls', label: 'system calls', fields: ['zonename', 'execname', 'latency'], unit: 'syscalls' },
    { module: 'cpu', stat: 'zones', label: 'CPU usage per zone', fields: ['zonename', 'utilization'] },
    { module: 'zfs', stat: 'throttled_ops', label: 'I/O operations delayed by the ZFS throttle', fields: ['zonename', 'delay'] },
  ],
};

/** A fake CA namespace: instrumentations with ids from 1, CA's numeric-arity rule. */
function fakeApi(o: { refuse?: string } = {}) {
  const instns = new Map<string, Record<string, unknown>>();
  let next = 1;
  const calls: string[] = [];
  const api: ApiClient = {
    async json<T>(method: string, path: string, r?: RequestOptions): Promise<T> {
      calls.push(`${method} ${path}`);
      const body = (r?.body ?? {}) as Record<string, unknown>;
      const make = (props: Record<string, unknown>) => {
        if (props['stat'] === o.refuse) throw new ApiError(409, 'ECA_INVAL', `value "${String(props['stat'])}" for field "stat" is invalid`);
        const id = String(next++);
        const decomposition = (props['decomposition'] as string[]) ?? [];
        const j = {
          id,
          uri: `/ca/instrumentations/${id}`,
          module: props['module'],
          stat: props['stat'],
          decomposition,
          predicate: props['predicate'] ?? {},
          'value-arity': decomposition.some((f) => ['latency', 'utilization', 'delay'].includes(f)) ? 'numeric-decomposition' : decomposition.length > 0 ? 'discrete-decomposition' : 'scalar',
        };
        instns.set(j.uri, j);
        return j;
      };
      if (method === 'GET' && path === '/ca') return CATALOG as T;
      if (method === 'GET' && path === '/ca/instrumentations') return [...instns.values()] as T;
      if (method === 'POST' && path === '/ca/instrumentations') return make(body) as T;
      const clone = /^(.*)\/clone$/.exec(path);
      if (method === 'POST' && clone !== null) return make({ ...instns.get(clone[1]!)!, ...body }) as T;
      if (method === 'DELETE') {
        if (!instns.delete(path)) throw new ApiError(404, 'ECA_NOENT', 'no such instrumentation');
        return undefined as T;
      }
      if (method === 'GET' && instns.has(path)) return instns.get(path) as T;
      throw new ApiError(404, 'ECA_NOENT', `no route ${method} ${path}`);
    },
    async bytes() {
      throw new Error('not used');
    },
  };
  return { api, instns, calls };
}

describe('dashboard', () => {
  it('creates the three default instrumentations on first load, with titles and explanations, and keeps them', async () => {
    const { api, instns } = fakeApi();
    const persist = memoryDashboards();
    const d = createDashboardStore({ api, persist });
    await d.getState().load('/ca', 'demo/operator', undefined);
    const s = d.getState();
    expect(s.status).toEqual({ kind: 'ready' });
    expect(s.panels.map((p) => p.title)).toEqual(['Syscall latency by zone', 'CPU utilization per zone (cpu.zones)', 'ZFS throttle delay per zone (zfs.throttled_ops)']);
    for (const p of s.panels) {
      expect(p.arity).toBe('numeric-decomposition');
      expect(p.explanation.length).toBeGreaterThan(40);
    }
    expect(instns.size).toBe(3);
    expect(await persist.load('demo/operator')).toEqual(DEFAULT_SPECS);
  });

  it('finds instrumentations that already exist instead of creating them again', async () => {
    const { api, instns, calls } = fakeApi();
    const d = createDashboardStore({ api, persist: memoryDashboards() });
    await d.getState().load('/ca', 'k', undefined);
    await d.getState().load('/ca', 'k', undefined);
    expect(instns.size).toBe(3);
    expect(calls.filter((c) => c.startsWith('POST')).length).toBe(3);
  });

  it('adds, clones with changes, and removes (even one already gone), keeping the list', async () => {
    const { api, instns } = fakeApi();
    const persist = memoryDashboards();
    const d = createDashboardStore({ api, persist });
    await d.getState().load('/ca', 'k', []);
    expect(d.getState().panels).toEqual([]);
    const p = await d.getState().add({ module: 'syscall', stat: 'syscalls', decomposition: ['execname', 'latency'], predicate: { eq: ['zonename', 'acme-web0'] } });
    expect(p.title).toBe('system calls by application name and latency where zonename == "acme-web0"');
    const c = await d.getState().clone(p, { decomposition: ['zonename'], predicate: {} });
    expect(c.spec).toEqual({ module: 'syscall', stat: 'syscalls', decomposition: ['zonename'], predicate: {} });
    expect(c.arity).toBe('discrete-decomposition');
    expect((await persist.load('k'))?.length).toBe(2);
    instns.delete(c.uri);
    await d.getState().remove(c);
    await d.getState().remove(p);
    expect(d.getState().panels).toEqual([]);
    expect(await persist.load('k')).toEqual([]);
  });

  it('says which instrumentation could not be started, and shows the others', async () => {
    const { api } = fakeApi({ refuse: 'zones' });
    const d = createDashboardStore({ api, persist: memoryDashboards() });
    await d.getState().load('/ca', 'k', undefined);
    const s = d.getState();
    expect(s.panels).toHaveLength(2);
    expect(s.status.kind).toBe('error');
    expect(s.status.kind === 'error' && s.status.message).toMatch(/cpu\.zones: value "zones" for field "stat" is invalid/);
  });

  it('still shows the defaults when the browser refuses to keep dashboards, and says so', async () => {
    const { api } = fakeApi();
    const broken = {
      load: async () => {
        throw new Error('QuotaExceededError');
      },
      save: async () => {
        throw new Error('QuotaExceededError');
      },
    };
    const d = createDashboardStore({ api, persist: broken });
    await d.getState().load('/ca', 'k', undefined);
    expect(d.getState().panels).toHaveLength(3);
    expect(d.getState().status).toEqual({ kind: 'error', message: 'The dashboard is shown but could not be kept in this browser: QuotaExceededError' });
  });

  it('reports a catalog it cannot read', async () => {
    const api: ApiClient = {
      json: async () => {
        throw new ApiError(401, 'ECA_UNAUTH', 'missing or unknown token');
      },
      bytes: async () => new Uint8Array(),
    };
    const d = createDashboardStore({ api, persist: memoryDashboards() });
    await d.getState().load('/ca', 'k', undefined);
    expect(d.getState().status).toEqual({ kind: 'error', message: 'The dashboard could not be loaded: missing or unknown token' });
  });
});

describe('builder predicates', () => {
  const numeric = (f: string) => f === 'latency';
  it('builds CA predicates from rows and reads them back', () => {
    expect(toPredicate([], 'and', numeric)).toEqual({});
    const one = toPredicate([{ field: 'zonename', op: 'eq', value: 'acme-web0' }], 'and', numeric);
    expect(one).toEqual({ eq: ['zonename', 'acme-web0'] });
    const two = toPredicate([{ field: 'zonename', op: 'ne', value: 'a' }, { field: 'latency', op: 'gt', value: '1000' }], 'or', numeric);
    expect(two).toEqual({ or: [{ ne: ['zonename', 'a'] }, { gt: ['latency', 1000] }] });
    expect(fromPredicate(two)).toEqual({ join: 'or', rows: [{ field: 'zonename', op: 'ne', value: 'a' }, { field: 'latency', op: 'gt', value: '1000' }] });
    expect(fromPredicate({})).toEqual({ rows: [], join: 'and' });
  });

  it('says what is wrong with a row', () => {
    expect(() => toPredicate([{ field: 'latency', op: 'gt', value: 'slow' }], 'and', numeric)).toThrow(/condition 1: latency is numeric/);
    expect(() => toPredicate([{ field: 'zonename', op: 'lt', value: 'a' }], 'and', numeric)).toThrow(/only = and ≠/);
    expect(() => toPredicate([{ field: 'zonename', op: 'eq', value: ' ' }], 'and', numeric)).toThrow(/enter a value/);
  });
});

describe('panel key list', () => {
  it('ranks keys of a raw value by count, with the mean of distributions', () => {
    const rows = rowsOf({ 'acme-web0': [[[0, 999], 2], [[1000, 1999], 2]], 'globex-etl0': [[[1000000, 1999999], 10]] }, 'all');
    expect(rows.map((r) => r.key)).toEqual(['globex-etl0', 'acme-web0']);
    expect(rows[1]!.mean).toBeCloseTo(999.5);
    expect(rowsOf(573, 'all')).toEqual([{ key: 'all', count: 573 }]);
    expect(rowsOf({ a: 1, b: 3 }, 'all').map((r) => r.key)).toEqual(['b', 'a']);
    expect(rowsOf(undefined, 'all')).toEqual([]);
  });
});

describe('descriptions', () => {
  it('names a built instrumentation from the catalog', () => {
    const d = describeSpec(CATALOG, { module: 'zfs', stat: 'throttled_ops', decomposition: ['delay'], predicate: {} });
    expect(d.title).toBe('I/O operations delayed by the ZFS throttle by throttle delay');
    expect(d.explanation).toMatch(/Each column is one second/);
  });
});
