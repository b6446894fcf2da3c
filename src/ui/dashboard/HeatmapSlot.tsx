// Where a dashboard panel's heatmap goes (browser main thread). The Heatmap component is
// the ui-heatmap work (src/ui/heatmap/Heatmap.tsx, props `{ instn, api }`); until that
// file exists this draws a plain stand-in from the same `cells` route, so the dashboard
// is usable and testable meanwhile. Vite's glob import resolves at build time: the real
// component is used as soon as it is in the tree, with no change here.
import { useEffect, useRef, useState, type ComponentType } from 'react';
import type { ApiClient } from '../api-client';
import { parseCellsAnswer, type Cells } from './cells';

/** What the heatmap is told about its instrumentation (ui-architecture.md). */
export interface InstnView {
  readonly uri: string;
  readonly title: string;
  readonly explanation: string;
  readonly module: string;
  readonly stat: string;
  readonly decomposition: readonly string[];
  readonly 'value-arity': 'scalar' | 'discrete-decomposition' | 'numeric-decomposition';
}

export interface HeatmapProps {
  readonly instn: InstnView;
  readonly api: ApiClient;
  /** Selected zones (keys) and whether to show only them. */
  readonly selected?: readonly string[];
  readonly isolate?: boolean;
  /** The person changed the selection in the heatmap's legend. */
  readonly onSelectionChange?: (keys: string[]) => void;
  /** A box-select drill-down created this instrumentation (a clone). */
  readonly onDrillDown?: (created: { readonly uri: string; readonly id: string }) => void;
}

const found = import.meta.glob<{ Heatmap?: ComponentType<HeatmapProps> }>('../heatmap/Heatmap.tsx', { eager: true });
const Real = Object.values(found)[0]?.Heatmap;

/** Whether the real component is in the build (it also draws graphs for instrumentations without a heatmap). */
export const HAS_HEATMAP_COMPONENT = Real !== undefined;

export function HeatmapSlot(p: HeatmapProps) {
  return Real !== undefined ? <Real {...p} /> : <StandIn {...p} />;
}

const W = 600;
const H = 240;

function StandIn({ instn, api, selected = [], isolate = false }: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [cells, setCells] = useState<Cells | undefined>();
  const [error, setError] = useState<string | undefined>();
  const sel = selected.join(',');
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        const q: Record<string, string | number | boolean> = { duration: 60, nbuckets: 40, width: W, height: H };
        if (sel !== '') q['selected'] = sel;
        if (sel !== '' && isolate) q['isolate'] = true;
        const c = parseCellsAnswer(await api.json('GET', `${instn.uri}/value/heatmap/cells`, { query: q }));
        if (!stop) {
          setCells(c);
          setError(undefined);
        }
      } catch (e) {
        if (!stop) setError(e instanceof Error ? e.message : String(e));
      }
      if (!stop) timer = setTimeout(() => void tick(), 1000);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, instn.uri, sel, isolate]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx === undefined || ctx === null || cells === undefined) return;
    ctx.clearRect(0, 0, W, H);
    const layer = isolate && sel !== '' ? Object.values(cells.keys) : [cells.total];
    const cw = W / Math.max(1, cells.ncolumns);
    const bh = H / Math.max(1, cells.nbuckets);
    let max = 0;
    for (const l of layer) for (const n of l.n) max = Math.max(max, n);
    for (const l of layer) {
      l.i.forEach((idx, j) => {
        const col = Math.floor(idx / cells.nbuckets);
        const b = idx % cells.nbuckets;
        const a = Math.min(1, 0.15 + 0.85 * Math.sqrt(l.n[j]! / (max || 1)));
        ctx.fillStyle = `rgba(220, 80, 30, ${a.toFixed(3)})`;
        ctx.fillRect(col * cw, H - (b + 1) * bh, Math.ceil(cw), Math.ceil(bh));
      });
    }
  }, [cells, isolate, sel]);

  const filled = cells !== undefined && cells.total.i.length > 0;
  const description =
    cells === undefined
      ? `${instn.title}: waiting for data`
      : `${instn.title}: ${cells.ncolumns} seconds, ${cells.present.length} zones reporting, up to ${cells.ymax}`;
  return (
    <div className="heatmap-standin">
      <canvas ref={canvas} width={W} height={H} role="img" aria-label={description} data-filled={filled ? 'true' : 'false'} />
      {cells === undefined && error === undefined ? <p role="status">Waiting for the first second of data…</p> : undefined}
      {cells !== undefined && !filled ? <p className="empty">Nothing to draw in the last minute.</p> : undefined}
      {error !== undefined ? <p role="alert">Heatmap data failed: {error}</p> : undefined}
    </div>
  );
}
