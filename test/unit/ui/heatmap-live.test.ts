// The live store behind heatmaps and graphs: one timer polls every watched
// instrumentation, marks columns where nodes did not report, fetches only the raw
// intervals it lacks, pauses, scrolls back within retention and resumes.
import { describe, expect, it } from 'vitest';
import type { ApiClient, RequestOptions } from '../../../src/ui/api-client';
import { createLiveStore, NO_KEY } from '../../../src/ui/stores/live';
import { cellsJson } from './heatmap-fixtures';

interface Req {
  readonly path: string;
  readonly query: Record<string, unknown>;
}

/** A fake API: answers from `route`, records requests. */
function fakeApi(route: (r: Req) => unknown): { api: ApiClient; reqs: Req[] } {
  const reqs: Req[] = [];
  const api: ApiClient = {
    async json<T>(_method: string, path: string, o?: RequestOptions): Promise<T> {
      const r = { path, query: { ...(o?.query ?? {}) } };
      reqs.push(r);
      return route(r) as T;
    },
    async bytes() {
      throw new Error('no bytes here');
    },
  };
  return { api, reqs };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function timers() {
  const fns: (() => void)[] = [];
  return { spreadMs: 0, setInterval: (f: () => void) => (fns.push(f), fns.length), clearInterval: () => void fns.splice(0), tick: () => fns.forEach((f) => f()), count: () => fns.length };
}

const INFO = { granularity: 1, 'retention-time': 600, nsources: 2, predicate: {}, decomposition: ['zonename', 'latency'] };

describe('live store', () => {
  it('polls a watched heatmap once per tick with one timer, and stops when unwatched', async () => {
    const t = timers();
    let now = 1000;
    const { api, reqs } = fakeApi((r) => {
      if (r.path === '/ca/instrumentations/1') return INFO;
      return { ...cellsJson({ ncolumns: 60, nbuckets: 10, nkeys: 1, fill: () => 1 }), start_time: now - 61, duration: 60 };
    });
    const live = createLiveStore({ api, ...t });
    const stopA = live.watch('/ca/instrumentations/1');
    const stopB = live.watch('/ca/instrumentations/1');
    await settle();
    expect(t.count()).toBe(1);
    expect(reqs.map((r) => r.path)).toEqual(['/ca/instrumentations/1', '/ca/instrumentations/1/value/heatmap/cells']);
    expect(reqs[1]!.query).toEqual({ duration: 60, nbuckets: 100, scale: 'linear', selected: NO_KEY });
    now++;
    t.tick();
    await settle();
    const e = live.store.getState().entries['/ca/instrumentations/1']!;
    expect(e.updates).toBe(2);
    expect(e.heatmap!.startTime).toBe(940);
    expect(e.liveEnd).toBe(1000);
    expect(e.heatmap!.reporting).toBeUndefined();
    stopA();
    expect(t.count()).toBe(1);
    stopB();
    expect(t.count()).toBe(0);
    expect(live.store.getState().entries['/ca/instrumentations/1']).toBeUndefined();
  });

  it('fetches only the selected keys beside the total, and refetches when the selection changes', async () => {
    const t = timers();
    const { api, reqs } = fakeApi((r) => {
      if (!r.path.includes('/value/')) return INFO;
      const j = cellsJson({ ncolumns: 2, nbuckets: 2, nkeys: 3, fill: () => 1 });
      const sel = String(r.query['selected']).split(',');
      j.keys = Object.fromEntries(sel.map((k) => [k, j.keys[k] ?? { i: [], n: [] }]));
      return j;
    });
    const live = createLiveStore({ api, ...t });
    const uri = '/ca/instrumentations/1';
    live.watch(uri);
    await settle();
    expect([...live.store.getState().entries[uri]!.heatmap!.keys.keys()]).toEqual([]);
    expect(live.store.getState().entries[uri]!.heatmap!.present).toEqual(['zone00', 'zone01', 'zone02']);
    live.setQuery(uri, { selected: ['zone01', 'zone02'] });
    await settle();
    expect(reqs.at(-1)!.query['selected']).toBe('zone01,zone02');
    expect([...live.store.getState().entries[uri]!.heatmap!.keys.keys()]).toEqual(['zone01', 'zone02']);
  });

  it('asks each column reporting when a node was missing, then only for columns not known complete', async () => {
    const t = timers();
    const { api, reqs } = fakeApi((r) => {
      if (r.path.endsWith('/1')) return INFO;
      if (r.path.endsWith('/cells')) return { ...cellsJson({ ncolumns: 4, nbuckets: 2, nkeys: 1, fill: () => 1, minreporting: 1 }), start_time: 100, duration: 4 };
      const start = r.query['start_time'] as number;
      return Array.from({ length: r.query['ndatapoints'] as number }, (_, k) => ({ start_time: start + k, minreporting: start + k === 102 ? 1 : 2, nsources: 2 }));
    });
    const live = createLiveStore({ api, ...t });
    live.watch('/ca/instrumentations/1');
    await settle();
    await settle();
    const f = live.store.getState().entries['/ca/instrumentations/1']!.heatmap!;
    expect(Array.from(f.reporting!)).toEqual([2, 2, 1, 2]);
    expect(reqs[2]!.query).toMatchObject({ start_time: 100, duration: 1, ndatapoints: 4, timeout: 0 });
    t.tick();
    await settle();
    await settle();
    expect(reqs[4]!.query).toMatchObject({ start_time: 102, ndatapoints: 2 });
  });

  it('draws a frame at once when nodes were missing, before the per-column reporting is in', async () => {
    const t = timers();
    let release: (v: unknown) => void = () => undefined;
    const api: ApiClient = {
      async json<T>(_m: string, path: string): Promise<T> {
        if (path.endsWith('/1')) return INFO as T;
        if (path.endsWith('/cells')) return { ...cellsJson({ ncolumns: 4, nbuckets: 2, nkeys: 1, fill: () => 1, minreporting: 1 }), start_time: 100, duration: 4 } as T;
        return (await new Promise<unknown>((r) => (release = r))) as T;
      },
      async bytes() {
        throw new Error('no bytes here');
      },
    };
    const live = createLiveStore({ api, ...t });
    live.watch('/ca/instrumentations/1');
    await settle();
    const first = live.store.getState().entries['/ca/instrumentations/1']!.heatmap!;
    expect(first.ncolumns).toBe(4);
    expect(Array.from(first.reporting!)).toEqual([-1, -1, -1, -1]);
    release([100, 101, 102, 103].map((st) => ({ start_time: st, minreporting: st === 101 ? 1 : 2, nsources: 2 })));
    await settle();
    expect(Array.from(live.store.getState().entries['/ca/instrumentations/1']!.heatmap!.reporting!)).toEqual([2, 1, 2, 2]);
  });

  it('a new instrumentation with no data yet is asked again within the second', async () => {
    const t = timers();
    let n = 0;
    const { api } = fakeApi((r) => {
      if (!r.path.includes('/value/')) return INFO;
      n++;
      return cellsJson({ ncolumns: 2, nbuckets: 2, nkeys: 1, fill: () => (n > 1 ? 1 : 0) });
    });
    const live = createLiveStore({ api, ...t });
    live.watch('/ca/instrumentations/1');
    await new Promise((r) => setTimeout(r, 400));
    expect(n).toBe(2);
    expect(live.store.getState().entries['/ca/instrumentations/1']!.heatmap!.total.i.length).toBeGreaterThan(0);
  });

  it('graphs: fills the window once, then fetches only the newest interval', async () => {
    const t = timers();
    let now = 200;
    const { api, reqs } = fakeApi((r) => {
      if (r.path.endsWith('/2')) return { ...INFO, decomposition: ['zonename'] };
      if (r.query['start_time'] === undefined) return { start_time: now - 2, duration: 1, nsources: 2, minreporting: 2, value: { web0: 3, db0: 5 } };
      const start = r.query['start_time'] as number;
      return Array.from({ length: r.query['ndatapoints'] as number }, (_, k) => ({ start_time: start + k, duration: 1, nsources: 2, minreporting: 2, value: { web0: 1 } }));
    });
    const live = createLiveStore({ api, ...t });
    live.watch('/ca/instrumentations/2', { kind: 'graph', duration: 10 });
    await settle();
    await settle();
    let s = live.store.getState().entries['/ca/instrumentations/2']!.series!;
    expect(s.startTime).toBe(189);
    expect(s.keys).toEqual(['web0', 'db0']);
    expect(Array.from(s.values[1]!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
    expect(reqs[2]!.query).toMatchObject({ start_time: 189, ndatapoints: 9 });
    now++;
    t.tick();
    await settle();
    await settle();
    expect(reqs.length).toBe(4);
    s = live.store.getState().entries['/ca/instrumentations/2']!.series!;
    expect(s.startTime).toBe(190);
  });

  it('pause stops polling; scrolling back stays within retention and returning to now follows it again', async () => {
    const t = timers();
    const { api, reqs } = fakeApi((r) => {
      if (r.path.endsWith('/1')) return { ...INFO, 'retention-time': 120 };
      const start = (r.query['start_time'] as number | undefined) ?? 940;
      return { ...cellsJson({ ncolumns: 60, nbuckets: 2, nkeys: 1, fill: () => 1 }), start_time: start, duration: 60 };
    });
    const live = createLiveStore({ api, ...t });
    const uri = '/ca/instrumentations/1';
    live.watch(uri);
    await settle();
    live.pause(uri);
    const n = reqs.length;
    t.tick();
    await settle();
    expect(reqs.length).toBe(n);
    live.scroll(uri, -1000);
    await settle();
    expect(live.store.getState().entries[uri]!.endTime).toBe(1000 - 120 + 60);
    expect(reqs.at(-1)!.query['start_time']).toBe(880);
    live.scroll(uri, +15);
    await settle();
    expect(reqs.at(-1)!.query['start_time']).toBe(895);
    live.scroll(uri, +1000);
    await settle();
    const e = live.store.getState().entries[uri]!;
    expect(e.endTime).toBeUndefined();
    expect(e.paused).toBe(false);
    expect(reqs.at(-1)!.query['start_time']).toBeUndefined();
  });

  it('opens at a shared link\'s time: paused on the window ending then, scrolls from it, and Now follows now', async () => {
    const t = timers();
    let early = true;
    const { api, reqs } = fakeApi((r) => {
      if (r.path.endsWith('/1')) return INFO;
      // Right after a reload the simulation has not reached the link's time yet.
      if (early && r.query['start_time'] !== undefined) {
        early = false;
        throw new Error('requested data point is too far in the future');
      }
      const start = (r.query['start_time'] as number | undefined) ?? 940;
      return { ...cellsJson({ ncolumns: 60, nbuckets: 2, nkeys: 1, fill: () => 1 }), start_time: start, duration: 60 };
    });
    const live = createLiveStore({ api, ...t });
    const uri = '/ca/instrumentations/1';
    live.watch(uri, undefined, 700);
    await settle();
    // Not a failure: the simulation has not reached the link's time yet.
    expect(live.store.getState().entries[uri]).toMatchObject({ waiting: true });
    expect(live.store.getState().entries[uri]!.error).toBeUndefined();
    t.tick();
    await settle();
    expect(reqs.at(-1)!.query['start_time']).toBe(640);
    expect(live.store.getState().entries[uri]).toMatchObject({ waiting: false });
    expect(live.store.getState().entries[uri]!.heatmap).toBeDefined();
    expect(live.store.getState().entries[uri]).toMatchObject({ paused: true, endTime: 700 });
    const n = reqs.length;
    t.tick();
    await settle();
    expect(reqs.length).toBe(n);
    live.scroll(uri, -15);
    await settle();
    expect(reqs.at(-1)!.query['start_time']).toBe(625);
    live.resume(uri);
    await settle();
    expect(reqs.at(-1)!.query['start_time']).toBeUndefined();
    expect(live.store.getState().entries[uri]!.endTime).toBeUndefined();
  });

  it('opened at a time the simulation has not reached, asks where it is instead of for the window', async () => {
    const t = timers();
    let now = 600;
    const { api, reqs } = fakeApi((r) => {
      if (r.path.endsWith('/1')) return INFO;
      if (r.path.endsWith('/value/raw')) return { start_time: now - 1, duration: 1, value: {} };
      return { ...cellsJson({ ncolumns: 60, nbuckets: 2, nkeys: 1, fill: () => 1 }), start_time: r.query['start_time'], duration: 60 };
    });
    const live = createLiveStore({ api, ...t });
    const uri = '/ca/instrumentations/1';
    live.watch(uri, undefined, 700);
    await settle();
    expect(reqs.filter((r) => r.path.endsWith('/cells'))).toEqual([]);
    expect(live.store.getState().entries[uri]).toMatchObject({ waiting: true });
    now = 701;
    t.tick();
    await settle();
    expect(reqs.filter((r) => r.path.endsWith('/cells')).map((r) => r.query['start_time'])).toEqual([640]);
    expect(live.store.getState().entries[uri]).toMatchObject({ waiting: false, endTime: 700, liveEnd: 701 });
  });

  it('spreads the polls of several instrumentations over the second', async () => {
    const t = timers();
    const at: number[] = [];
    const t0 = Date.now();
    const { api } = fakeApi((r) => {
      if (!r.path.includes('/value/')) return INFO;
      at.push(Date.now() - t0);
      return cellsJson({ ncolumns: 2, nbuckets: 2, nkeys: 1, fill: () => 1 });
    });
    const live = createLiveStore({ api, ...t, spreadMs: 200 });
    for (const id of [1, 2, 3, 4]) live.watch(`/ca/instrumentations/${id}`);
    // The first polls are spaced out too.
    await new Promise((r) => setTimeout(r, 120));
    expect(Math.max(...at) - Math.min(...at)).toBeGreaterThanOrEqual(40);
    at.length = 0;
    t.tick();
    await new Promise((r) => setTimeout(r, 260));
    expect(at).toHaveLength(4);
    expect(Math.max(...at) - Math.min(...at)).toBeGreaterThanOrEqual(140);
  });

  it('keeps the last frame and says what failed when a poll fails', async () => {
    const t = timers();
    let fail = false;
    const { api } = fakeApi((r) => {
      if (r.path.endsWith('/1')) return INFO;
      if (fail) throw new Error('network down');
      return cellsJson({ ncolumns: 2, nbuckets: 2, nkeys: 1, fill: () => 1 });
    });
    const live = createLiveStore({ api, ...t });
    live.watch('/ca/instrumentations/1');
    await settle();
    fail = true;
    t.tick();
    await settle();
    const e = live.store.getState().entries['/ca/instrumentations/1']!;
    expect(e.error).toBe('network down');
    expect(e.heatmap).toBeDefined();
  });
});
