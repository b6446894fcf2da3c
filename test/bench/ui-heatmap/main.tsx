// The heatmap bench page (Chromium, built by test/bench/ui-heatmap.bench.mjs; never part
// of the app bundle). It exposes window.zsBench for the runner:
// - draw(): the real renderer on a 600x300 canvas, 60 columns x 100 buckets x 10 hues,
//   timed from a new frame to pixels (layout, painting, the overlay, and a 1-pixel
//   read-back that forces the canvas to rasterize), and painting alone;
// - live(): eight real <Heatmap/> components polling the bench's HTTP server once a second
//   (answers pre-generated in Node, so what is timed is the UI's own work: answers parsed,
//   zod, layout, painting, React chrome), with longtask and long-animation-frame
//   observers; every window has 10 keys in 60 x 100 cells, half the heatmaps have three
//   keys selected;
// - first(): one <Heatmap/> mounted at load; when its first coloured pixel appeared.
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../../../src/ui/api-client';
import { createScheduler, pageScheduler } from '../../../src/ui/core/scheduler';
import { parseCells } from '../../../src/ui/heatmap/frame';
import { Heatmap, type InstnView } from '../../../src/ui/heatmap/Heatmap';
import { layersOf, layoutCells, paintCells, paintCellsPixels, type Ctx2D } from '../../../src/ui/heatmap/layout';
import { paletteBound, quantize, quantizedSteps } from '../../../src/ui/heatmap/palette';
import { columnStats } from '../../../src/ui/heatmap/stats';
import { HeatmapRenderer, type Painter } from '../../../src/ui/heatmap/renderer';
import { answerPool, cellsOf, INSTN_INFO, rng, selectedParam, selectionOf } from './data';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Redraw timings in batches: on a shared machine other processes' bursts land in some
 * batches, so the figure is the median of the quietest batch (all batches are reported).
 */
async function draw(o: { batches?: number; rounds?: number; warmup?: number; worst?: boolean; painter?: Painter } = {}) {
  const batches = o.batches ?? 5;
  const rounds = o.rounds ?? 30;
  const warmup = o.warmup ?? 30;
  const frame = parseCells(cellsOf({ ncolumns: 60, nbuckets: 100, nkeys: 10, seed: 1, start: 1313366400, worst: o.worst }));
  const host = document.createElement('div');
  host.style.position = 'relative';
  const cells = document.createElement('canvas');
  const over = document.createElement('canvas');
  over.style.position = 'absolute';
  over.style.left = '0';
  host.append(cells, over);
  document.body.append(host);
  // A scheduler flushed by hand, so each round is timed exactly from request to pixels.
  const sched = createScheduler({ frames: { request: () => undefined } });
  const r = new HeatmapRenderer(cells, over, 600, 300, sched);
  r.painter = o.painter ?? 'pixels';
  const view = { selected: frame.present.slice(), mode: 'highlight' as const, coloring: 'rank' as const };
  r.setView(view);
  const ctx = cells.getContext('2d', { alpha: false })!;
  const full: number[] = [];
  const layout: number[] = [];
  const batchMedians: number[] = [];
  let fills = 0;
  for (let i = 0; i < warmup + batches * rounds; i++) {
    // New cells each round (a copy of the total), as a poll brings: the layout is redone.
    r.setFrame({ ...frame, total: { ...frame.total } });
    const t0 = performance.now();
    sched.flush();
    ctx.getImageData(0, 0, 1, 1);
    const t1 = performance.now();
    if (i >= warmup) {
      full.push(t1 - t0);
      layout.push(r.timing.layoutMs);
      fills = r.timing.fills;
      if (full.length % rounds === 0) batchMedians.push(median(full.slice(-rounds)));
    }
    await new Promise((res) => setTimeout(res, 0));
  }
  const l = layoutCells(frame, view);
  const paintWith = async (f: () => void): Promise<number> => {
    const xs: number[] = [];
    for (let i = 0; i < warmup + rounds; i++) {
      const t0 = performance.now();
      f();
      ctx.getImageData(0, 0, 1, 1);
      const t1 = performance.now();
      if (i >= warmup) xs.push(t1 - t0);
      await new Promise((res) => setTimeout(res, 0));
    }
    return median(xs);
  };
  const paintPaths = await paintWith(() => paintCells(ctx as unknown as Ctx2D, l, 600, 300));
  const img = ctx.createImageData(600, 300);
  const paintPixels = await paintWith(() => {
    paintCellsPixels(img.data, l, 600, 300);
    ctx.putImageData(img, 0, 0);
  });
  // Where the time goes: medians of each stage of a layout, and the column statistics.
  const stage = (f: () => unknown): number => {
    const xs: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      f();
      xs.push(performance.now() - t0);
    }
    return median(xs.slice(10));
  };
  const { maps, layers } = layersOf(frame, view);
  const levels = quantizedSteps(maps, 'rank');
  const stages = {
    layers: stage(() => layersOf(frame, view)),
    levels: stage(() => quantizedSteps(maps, 'rank')),
    quantize: stage(() => quantize(levels, layers.map((x) => x.hue), 6000)),
    layout: stage(() => layoutCells(frame, view)),
    stats: stage(() => columnStats(frame)),
  };
  // Non-white pixels prove something was drawn.
  const px = ctx.getImageData(0, 0, 600, 300).data;
  let coloured = 0;
  for (let i = 0; i < px.length; i += 4) if (Math.max(px[i]!, px[i + 1]!, px[i + 2]!) - Math.min(px[i]!, px[i + 1]!, px[i + 2]!) > 8) coloured++;
  r.dispose();
  host.remove();
  return { stages, quietMs: Math.min(...batchMedians), batchMedians, fullMs: median(full), p10Ms: [...full].sort((a, b) => a - b)[Math.floor(full.length / 10)]!, layoutMs: median(layout), paintPaths, paintPixels, painter: r.painter, maxFullMs: Math.max(...full), fills, bound: paletteBound(11), coloured, rects: l.runs.reduce((a, x) => a + x.length / 3, 0), batches: l.runs.filter((x) => x.length > 0).length };
}

/**
 * A fetch that answers the CA routes the heatmap uses from pre-generated JSON strings,
 * honouring `selected` as the server does (only those keys; every key when absent).
 */
function fakeFetch(nheatmaps: number, speedNow: () => number): typeof fetch {
  const pools = new Map<string, string[]>();
  const poolOf = (h: number, selected: string | null): string[] => {
    const k = `${h}|${selected}`;
    let pool = pools.get(k);
    if (pool === undefined) {
      pool = answerPool(h, selected);
      pools.set(k, pool);
    }
    return pool;
  };
  for (let h = 1; h <= nheatmaps; h++) poolOf(h, selectedParam(h));
  let served = 0;
  return async (input: RequestInfo | URL): Promise<Response> => {
    // A real answer (MSW or HTTP) arrives in a task of its own.
    await new Promise((r) => setTimeout(r, 1));
    const url = new URL(String(input), location.href);
    const m = /^\/ca\/instrumentations\/(\d+)(.*)$/.exec(url.pathname);
    if (m === null) return new Response('{"error":{"code":"ECA_NOENT","message":"no such route"}}', { status: 404 });
    const id = Number(m[1]);
    const json = (s: string) => new Response(s, { status: 200, headers: { 'content-type': 'application/json' } });
    if (m[2] === '') return json(INSTN_INFO);
    const now = speedNow();
    const pool = poolOf(id, url.searchParams.get('selected'));
    served++;
    return json(`{"start_time":${now - 61},${pool[served % pool.length]}`);
  };
}

function instn(i: number): InstnView {
  return {
    uri: `/ca/instrumentations/${i}`,
    title: `bench heatmap ${i}`,
    explanation: 'synthetic 60 x 100 x 10 data',
    module: 'syscall',
    stat: 'syscalls',
    decomposition: ['zonename', 'latency'],
    'value-arity': 'numeric-decomposition',
  };
}

interface LoafEntry {
  readonly startTime: number;
  readonly duration: number;
  readonly renderStart: number;
  readonly scripts: readonly { readonly invoker: string; readonly invokerType: string; readonly duration: number }[];
}

async function live(o: { seconds?: number; n?: number } = {}) {
  const seconds = o.seconds ?? 60;
  const n = o.n ?? 8;
  // The bench's HTTP server answers the API (answers built there, in Node).
  const api = createApiClient({ token: () => 'bench' });
  let started = performance.now();
  const tasks: { start: number; duration: number }[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  });
  obs.observe({ type: 'longtask', buffered: false });
  // Long animation frames say what a long frame was made of (scripts, style and layout, paint).
  const frames: { start: number; duration: number; work: string }[] = [];
  const loaf = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as LoafEntry[]) {
      if (e.duration <= 50 || e.startTime < started) continue;
      const scripts = e.scripts.map((x) => `${x.invoker || x.invokerType} ${Math.round(x.duration)}ms`).join(' + ');
      const render = e.renderStart > 0 ? Math.round(e.startTime + e.duration - e.renderStart) : 0;
      frames.push({ start: e.startTime, duration: e.duration, work: `${scripts || 'no script'}; rendering ${render}ms` });
    }
  });
  try {
    loaf.observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    // An older Chromium: the long tasks alone are reported.
  }
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  started = performance.now();
  root.render(
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 700px)', gap: 8 }}>
      {Array.from({ length: n }, (_, i) => (
        <Heatmap key={i} instn={instn(i + 1)} api={api} selected={selectionOf(i + 1)} />
      ))}
    </div>,
  );
  await new Promise((res) => setTimeout(res, seconds * 1000));
  obs.disconnect();
  loaf.disconnect();
  const s = pageScheduler().stats();
  const canvases = document.querySelectorAll('canvas[data-heatmap-cells]').length;
  root.unmount();
  host.remove();
  return {
    seconds,
    heatmaps: n,
    canvases,
    longtasks: tasks.length,
    maxTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    /** Past the first 2 s (mounting and the first answers). */
    steadyMaxTaskMs: tasks.filter((t) => t.start - started > 2000).reduce((m, t) => Math.max(m, t.duration), 0),
    tasks: tasks.map((t) => ({ at: Math.round(t.start - started), ms: Math.round(t.duration) })),
    longFrames: frames.map((f) => ({ at: Math.round(f.start - started), ms: Math.round(f.duration), work: f.work })),
    frames: s.frames,
    draws: s.draws,
    maxFrameMs: s.maxFrameMs,
  };
}

/** Mount one heatmap as the page loads; resolves with ms from navigation to its first coloured pixel. */
function first(): Promise<number> {
  const api = createApiClient({ token: () => 'bench', fetch: fakeFetch(1, () => 1313366400) });
  const host = document.createElement('div');
  document.body.append(host);
  createRoot(host).render(<Heatmap instn={instn(1)} api={api} />);
  return new Promise((resolve) => {
    const check = () => {
      const c = document.querySelector<HTMLCanvasElement>('canvas[data-heatmap-cells]');
      if (c !== null && c.width > 0) {
        const ctx = c.getContext('2d')!;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) {
          if (Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 8) {
            resolve(performance.now());
            return;
          }
        }
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

/** `?graphs`: a line and a stacked-area graph over a fake raw API, for looking at them. */
function graphs(): void {
  const t0 = Date.now();
  const now = () => 1313366400 + Math.floor((Date.now() - t0) / 1000);
  const r = rng(9);
  const point = (t: number, discrete: boolean) => ({
    start_time: t,
    duration: 1,
    nsources: 4,
    minreporting: t % 17 === 0 ? 3 : 4,
    value: discrete ? Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`zone${k}`, Math.round(50 + 40 * Math.sin(t / 7 + k) + 10 * r())])) : Math.round(500 + 200 * Math.sin(t / 9) + 50 * r()),
  });
  const fetchRaw: typeof fetch = async (input) => {
    await new Promise((res) => setTimeout(res, 1));
    const url = new URL(String(input), location.href);
    const discrete = url.pathname.includes('/2');
    const json = (v: unknown) => new Response(JSON.stringify(v), { status: 200, headers: { 'content-type': 'application/json' } });
    if (!url.pathname.includes('/value/')) return json({ granularity: 1, 'retention-time': 600, nsources: 4, predicate: {} });
    const start = url.searchParams.get('start_time');
    if (start === null) return json(point(now() - 2, discrete));
    const n = Number(url.searchParams.get('ndatapoints') ?? 1);
    return json(Array.from({ length: n }, (_, k) => point(Number(start) + k, discrete)));
  };
  const api = createApiClient({ token: () => 'bench', fetch: fetchRaw });
  const host = document.createElement('div');
  document.body.append(host);
  createRoot(host).render(
    <div>
      <Heatmap instn={{ ...instn(1), title: 'syscalls (scalar)', decomposition: [], 'value-arity': 'scalar' }} api={api} />
      <Heatmap instn={{ ...instn(2), title: 'syscalls by zone (discrete)', decomposition: ['zonename'], 'value-arity': 'discrete-decomposition' }} api={api} />
    </div>,
  );
}

const params = new URLSearchParams(location.search);
if (params.has('graphs')) graphs();
const firstPixels = params.has('first') ? first() : undefined;

declare global {
  interface Window {
    zsBench: { draw: typeof draw; live: typeof live; firstPixels: Promise<number> | undefined };
  }
}
window.zsBench = { draw, live, firstPixels };
