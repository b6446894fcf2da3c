// Live data of the instrumentations on screen (browser main thread): a zustand vanilla
// store with one entry per instrumentation URI, fed by ONE timer that polls every watched
// instrumentation once a second through the API client: heatmaps from
// GET …/value/heatmap/cells (the whole window, so autoscale and rank colouring cover it;
// only the total and the selected keys: with ten keys that is a tenth of the bytes to
// parse every second, and a cell's breakdown by every key is fetched when asked for),
// scalar and discrete ones from GET …/value/raw (only the intervals not yet held). Canvases
// subscribe to the store outside React (zustand's transient updates) and ask the redraw
// scheduler for a frame; React re-renders only for chrome (legend, status).
//
// Honest gaps: when a heatmap window's minreporting is below nsources, the store asks
// GET …/heatmap/average with ndatapoints (one tiny point per column, timeout=0) for each
// column's minreporting, so the canvas can mark exactly the columns some node missed.
// Paused and scrolled-back windows are not polled; scrolling is bounded by retention.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { z } from 'zod';
import { ApiError, type ApiClient } from '../api-client';
import { NO_KEY, parseCells, type HeatmapFrame } from '../heatmap/frame';
import { parseRaw, SeriesRing, type SeriesFrame } from '../graphs/series';

export type LiveKind = 'heatmap' | 'graph';

export interface LiveQuery {
  readonly kind: LiveKind;
  /** Window length in seconds (CA's zoom: 10–3600; default 60). */
  readonly duration: number;
  readonly nbuckets: number;
  readonly scale: 'linear' | 'log';
  /** Fixed y range; undefined: autoscaled by the server. */
  readonly ymin?: number;
  readonly ymax?: number;
  /** Keys whose cells are fetched beside the total (the heatmap's selection). */
  readonly selected: readonly string[];
}

export const DEFAULT_QUERY: LiveQuery = { kind: 'heatmap', duration: 60, nbuckets: 100, scale: 'linear', selected: [] };

export { NO_KEY };

/** What GET …/instrumentations/:id tells the live view (parsed leniently: only what it needs). */
const instnSchema = z.object({
  granularity: z.number().int().positive(),
  'retention-time': z.number().int().positive(),
  nsources: z.number().int().nonnegative().optional(),
  predicate: z.record(z.string(), z.unknown()).optional(),
  decomposition: z.array(z.string()).optional(),
  enabled: z.boolean().optional(),
});
export type InstnInfo = z.infer<typeof instnSchema>;

export interface LiveEntry {
  readonly query: LiveQuery;
  readonly info?: InstnInfo;
  readonly paused: boolean;
  /** undefined: the window follows now; else its end (CA time) while scrolled back. */
  readonly endTime?: number;
  /** The end of the newest live window seen (CA time): "now" as far as the UI knows. */
  readonly liveEnd?: number;
  readonly heatmap?: HeatmapFrame;
  readonly series?: SeriesFrame;
  readonly error?: string;
  /** Opened at a time the simulation has not reached yet (after a reload): asked again each second. */
  readonly waiting?: boolean;
  /** Polls answered so far. */
  readonly updates: number;
}

export interface LiveState {
  readonly entries: Readonly<Record<string, LiveEntry>>;
}

export interface LiveStore {
  readonly store: StoreApi<LiveState>;
  /**
   * Starts polling `uri` (reference-counted); returns the function that stops watching it.
   * `endTime` opens it scrolled back to the window ending then (a shared link's time).
   */
  watch(uri: string, query?: Partial<LiveQuery>, endTime?: number): () => void;
  setQuery(uri: string, q: Partial<LiveQuery>): void;
  pause(uri: string): void;
  resume(uri: string): void;
  /** Moves the window by `seconds` (negative: back in time), within retention; moving past now follows now again. */
  scroll(uri: string, seconds: number): void;
  /** Polls `uri` now (after a change of view). */
  refresh(uri: string): void;
  /** Stops the timer (tests, benches). */
  stop(): void;
}

export interface LiveOptions {
  readonly api: ApiClient;
  readonly intervalMs?: number;
  readonly setInterval?: (f: () => void, ms: number) => unknown;
  readonly clearInterval?: (h: unknown) => void;
  /**
   * Spread each tick's polls over this many ms (default: 80% of the interval), so answers
   * of many instrumentations are parsed and drawn in different tasks, not all at once.
   */
  readonly spreadMs?: number;
}

interface Watch {
  refs: number;
  inflight: boolean;
  /** A poll was asked for while one was in flight: run again when it ends. */
  again: boolean;
  ring?: SeriesRing;
  /** Per-column reporting already known complete, by interval start. */
  complete: Set<number>;
  /** The instrumentation's properties are being fetched. */
  infoPending?: Promise<void>;
  /** When watching began (ms, wall clock). */
  readonly since: number;
}

/** A new instrumentation's window is empty until its first second is in: ask again this soon, for this long. */
const EARLY_REPOLL_MS = 250;
const EARLY_WINDOW_MS = 5000;

export function createLiveStore(o: LiveOptions): LiveStore {
  const store = createStore<LiveState>(() => ({ entries: {} }));
  const watches = new Map<string, Watch>();
  const entry = (uri: string): LiveEntry | undefined => store.getState().entries[uri];
  const update = (uri: string, f: (e: LiveEntry) => LiveEntry): void => {
    const e = entry(uri);
    if (e === undefined) return;
    store.setState((s) => ({ entries: { ...s.entries, [uri]: f(e) } }));
  };

  const poll = async (uri: string): Promise<void> => {
    const w = watches.get(uri);
    if (w === undefined) return;
    if (w.inflight) {
      w.again = true;
      return;
    }
    w.inflight = true;
    try {
      let e = entry(uri)!;
      if (e.info === undefined) {
        w.infoPending ??= o.api
          .json<unknown>('GET', uri)
          .then((j) => update(uri, (x) => ({ ...x, info: instnSchema.parse(j) })))
          .finally(() => (w.infoPending = undefined));
        // A heatmap draws without them (they serve drill-downs and scrolling), so its first
        // cells are not held up by a round trip; a graph needs the granularity first.
        if (e.query.kind === 'graph') {
          await w.infoPending;
          e = entry(uri)!;
        } else {
          w.infoPending.catch(() => undefined);
        }
      }
      if (e.query.kind === 'heatmap') await pollHeatmap(uri, e, w);
      else await pollSeries(uri, e, w);
    } catch (err) {
      if (watches.has(uri)) {
        // A link's time the simulation has not reached yet (a reload pre-rolls its history
        // again): not a failure, the window is asked for again each second.
        const why = describe(err);
        update(uri, (x) => (x.endTime !== undefined && /too far in the future/.test(why) ? { ...x, waiting: true } : { ...x, error: why, waiting: false }));
      }
    } finally {
      w.inflight = false;
      if (w.again && watches.has(uri)) {
        w.again = false;
        void poll(uri);
      }
    }
  };

  /**
   * Whether a window opened at a link's time can be asked for yet: until the UI has seen
   * now, the newest raw interval says where the simulation is (a reload pre-rolls its
   * history again), so a window still ahead of it waits instead of drawing a 409.
   */
  const reached = async (uri: string, e: LiveEntry): Promise<boolean> => {
    if (e.endTime === undefined || e.liveEnd !== undefined) return true;
    const j = await o.api.json<unknown>('GET', `${uri}/value/raw`);
    const p = (Array.isArray(j) ? j[j.length - 1] : j) as { start_time?: unknown; duration?: unknown } | undefined;
    if (typeof p?.start_time !== 'number' || typeof p.duration !== 'number') return true;
    const now = p.start_time + p.duration;
    if (e.endTime > now) {
      update(uri, (x) => ({ ...x, waiting: true }));
      return false;
    }
    update(uri, (x) => ({ ...x, liveEnd: x.liveEnd ?? now }));
    return true;
  };

  const pollHeatmap = async (uri: string, e: LiveEntry, w: Watch): Promise<void> => {
    if (!(await reached(uri, e))) return;
    const q = e.query;
    // Comma-joined, as CA's list parameters accept it.
    const query: Record<string, string | number> = { duration: q.duration, nbuckets: q.nbuckets, scale: q.scale, selected: (q.selected.length > 0 ? q.selected : [NO_KEY]).join(',') };
    if (q.ymin !== undefined) query['ymin'] = q.ymin;
    if (q.ymax !== undefined) query['ymax'] = q.ymax;
    if (e.endTime !== undefined) query['start_time'] = e.endTime - q.duration;
    const json = await o.api.json<unknown>('GET', `${uri}/value/heatmap/cells`, { query });
    const frame = withoutNoKey(parseCells(json));
    const live = e.endTime === undefined;
    if (live && frame.total.i.length === 0 && Date.now() - w.since < EARLY_WINDOW_MS) {
      setTimeout(() => {
        if (watches.get(uri) === w) void poll(uri);
      }, EARLY_REPOLL_MS);
    }
    const publish = (f: HeatmapFrame): void =>
      update(uri, (x) => ({
        ...x,
        heatmap: f,
        error: undefined,
        waiting: false,
        updates: x.updates + 1,
        liveEnd: live ? f.startTime + f.duration : x.liveEnd,
      }));
    if (frame.minreporting >= frame.nsources || frame.ncolumns === 0) {
      publish(frame);
      return;
    }
    // Some node missed some column: draw at once with what was known of the columns from
    // the last frame, then again when each column's reporting is in.
    const prev = entry(uri)?.heatmap;
    publish({ ...frame, reporting: carriedReporting(prev, frame) });
    publish({ ...frame, reporting: await reportingOf(uri, frame, w) });
  };

  /** Each column's minreporting: known-complete columns from earlier polls, the rest asked in one request. */
  const reportingOf = async (uri: string, f: HeatmapFrame, w: Watch): Promise<Int16Array> => {
    const out = new Int16Array(f.ncolumns).fill(-1);
    let first = -1;
    for (let c = 0; c < f.ncolumns; c++) {
      if (w.complete.has(f.startTime + c * f.granularity)) out[c] = f.nsources;
      else if (first < 0) first = c;
    }
    if (first < 0) return out;
    const n = f.ncolumns - first;
    const json = await o.api.json<unknown>('GET', `${uri}/value/heatmap/average`, {
      query: { start_time: f.startTime + first * f.granularity, duration: f.granularity, ndatapoints: n, timeout: 0, nbuckets: 1 },
    });
    const points = z.array(z.object({ start_time: z.number(), minreporting: z.number(), nsources: z.number() })).parse(json);
    for (const p of points) {
      const c = Math.round((p.start_time - f.startTime) / f.granularity);
      if (c < 0 || c >= f.ncolumns) continue;
      out[c] = p.minreporting;
      if (p.minreporting >= p.nsources) w.complete.add(p.start_time);
    }
    // Forget completeness of intervals that scrolled out of any window we could show.
    if (w.complete.size > 4 * f.ncolumns) for (const t of w.complete) if (t < f.startTime) w.complete.delete(t);
    return out;
  };

  const pollSeries = async (uri: string, e: LiveEntry, w: Watch): Promise<void> => {
    if (!(await reached(uri, e))) return;
    const g = e.info!.granularity;
    const ncolumns = Math.max(1, Math.ceil(e.query.duration / g));
    w.ring ??= new SeriesRing(Math.ceil(e.info!['retention-time'] / g) + ncolumns);
    const ring = w.ring;
    let end: number;
    if (e.endTime === undefined) {
      // The newest interval CA serves by default: [now − 2g, now − g).
      const latest = parseRaw(await o.api.json<unknown>('GET', `${uri}/value/raw`, { query: { duration: g } }));
      ring.add(latest);
      const newest = latest[latest.length - 1]!.start_time;
      end = newest + g;
    } else {
      end = e.endTime;
    }
    const start = end - ncolumns * g;
    // Fill the intervals of the window not held yet, in one request from the first missing one.
    let firstMissing = -1;
    for (let c = 0; c < ncolumns; c++) {
      if (!ring.has(start + c * g)) {
        firstMissing = c;
        break;
      }
    }
    if (firstMissing >= 0) {
      const missingEnd = e.endTime === undefined ? ncolumns - 1 : ncolumns;
      const n = missingEnd - firstMissing;
      if (n > 0) {
        const pts = parseRaw(await o.api.json<unknown>('GET', `${uri}/value/raw`, { query: { start_time: start + firstMissing * g, duration: g, ndatapoints: n, timeout: 0 } }));
        ring.add(pts);
      }
    }
    const series = ring.window(start, ncolumns, g);
    update(uri, (x) => ({ ...x, series, error: undefined, waiting: false, updates: x.updates + 1, liveEnd: e.endTime === undefined ? end : x.liveEnd }));
  };

  const spread = o.spreadMs ?? 0.8 * (o.intervalMs ?? 1000);
  const tick = (): void => {
    const due = [...watches.keys()].filter((uri) => {
      const e = entry(uri);
      if (e === undefined) return false;
      // A window opened at a link's time asks again each second until it has its frame (the
      // simulation may not have reached that time yet after a reload).
      if (e.endTime !== undefined) return e.heatmap === undefined && e.series === undefined;
      return !e.paused;
    });
    due.forEach((uri, k) => {
      const at = due.length <= 1 ? 0 : (k * spread) / due.length;
      if (at === 0) void poll(uri);
      else setTimeout(() => void poll(uri), at);
    });
  };
  const si = o.setInterval ?? ((f: () => void, ms: number) => setInterval(f, ms));
  const ci = o.clearInterval ?? ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>));
  let timer: unknown;
  const ensureTimer = (): void => {
    if (timer === undefined && watches.size > 0) timer = si(tick, o.intervalMs ?? 1000);
    if (timer !== undefined && watches.size === 0) {
      ci(timer);
      timer = undefined;
    }
  };

  // First polls of views mounted together (a dashboard) are spaced out too.
  let nextFirstAt = 0;
  const firstPoll = (uri: string): void => {
    const now = Date.now();
    const at = Math.max(now, nextFirstAt);
    nextFirstAt = at + (watches.size > 1 ? Math.min(60, spread / 8) : 0);
    if (at === now) void poll(uri);
    else setTimeout(() => void poll(uri), at - now);
  };

  const self: LiveStore = {
    store,
    watch(uri, query, endTime) {
      let w = watches.get(uri);
      if (w === undefined) {
        w = { refs: 0, inflight: false, again: false, complete: new Set(), since: Date.now() };
        watches.set(uri, w);
        const at = endTime === undefined ? { paused: false } : { paused: true, endTime };
        store.setState((s) => ({ entries: { ...s.entries, [uri]: { query: { ...DEFAULT_QUERY, ...query }, ...at, updates: 0 } } }));
        firstPoll(uri);
      }
      w.refs++;
      ensureTimer();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const ww = watches.get(uri);
        if (ww === undefined || --ww.refs > 0) return;
        watches.delete(uri);
        store.setState((s) => {
          const { [uri]: _gone, ...rest } = s.entries;
          return { entries: rest };
        });
        ensureTimer();
      };
    },
    setQuery(uri, q) {
      const before = entry(uri);
      update(uri, (x) => ({ ...x, query: { ...x.query, ...q } }));
      if (before !== undefined && q.kind !== undefined && q.kind !== before.query.kind) {
        const w = watches.get(uri);
        if (w !== undefined) w.ring = undefined;
      }
      self.refresh(uri);
    },
    pause(uri) {
      update(uri, (x) => ({ ...x, paused: true }));
    },
    resume(uri) {
      update(uri, (x) => ({ ...x, paused: false, endTime: undefined }));
      self.refresh(uri);
    },
    scroll(uri, seconds) {
      const e = entry(uri);
      // Opened at a link's time, a window has not seen now yet: it scrolls from where it is.
      const now = e?.liveEnd;
      const from = e?.endTime ?? now;
      if (e === undefined || from === undefined) return;
      const retention = e.info?.['retention-time'] ?? 600;
      const oldest = (now ?? from) - retention + e.query.duration;
      const target = Math.max(oldest, from + seconds);
      // Scrolling back pauses the window; scrolling up to now follows (and polls) now again.
      const endTime = now !== undefined && target >= now ? undefined : target;
      update(uri, (x) => ({ ...x, endTime, paused: endTime !== undefined }));
      self.refresh(uri);
    },
    refresh(uri) {
      if (watches.has(uri)) void poll(uri);
    },
    stop() {
      if (timer !== undefined) ci(timer);
      timer = undefined;
    },
  };
  return self;
}

/** The previous frame's per-column reporting moved onto the new frame's columns (-1 where unknown). */
function carriedReporting(prev: HeatmapFrame | undefined, f: HeatmapFrame): Int16Array {
  const out = new Int16Array(f.ncolumns).fill(-1);
  if (prev?.reporting === undefined || prev.granularity !== f.granularity) return out;
  const shift = Math.round((f.startTime - prev.startTime) / f.granularity);
  for (let c = 0; c < f.ncolumns; c++) {
    const pc = c + shift;
    if (pc >= 0 && pc < prev.ncolumns) out[c] = prev.reporting[pc]!;
  }
  return out;
}

function withoutNoKey(f: HeatmapFrame): HeatmapFrame {
  if (!f.keys.has(NO_KEY)) return f;
  const keys = new Map(f.keys);
  keys.delete(NO_KEY);
  return { ...f, keys };
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (${err.code})`;
  return err instanceof Error ? err.message : String(err);
}

const perClient = new WeakMap<ApiClient, LiveStore>();

/** The live store of an API client (one timer per client, shared by every view that uses it). */
export function liveStoreFor(api: ApiClient): LiveStore {
  let s = perClient.get(api);
  if (s === undefined) {
    s = createLiveStore({ api });
    perClient.set(api, s);
  }
  return s;
}
