// The live heatmap of one instrumentation (browser main thread; React at the edge). Data
// comes from the live store (polled once a second) through a transient subscription into
// the canvas renderer, which draws through the one redraw scheduler: new data never
// re-renders React. React state holds only the chrome: legend, view options, details.
//
// Props (ui-architecture.md): `<Heatmap instn={InstnView} api={ApiClient} />`, plus
// optional ones the dashboard may use:
//   selected / isolate        the dashboard's selection (URL state); the legend starts from
//                             them and follows their changes
//   onSelectionChange(keys)   called when the person changes the selection in the legend
//   onDrillDown({uri, id})    called with the instrumentation a box-select drill-down cloned
//   width / height            the plot's size in CSS pixels (default 600 x 300)
//   scheduler / live          injected redraw scheduler and live store (tests, benches)
// Instrumentations without a numeric decomposition render the line / stacked-area graph.
//
// Interactions: hover tooltip (bucket range, count, % of column, cumulative percentile);
// click a cell for its details; drag a box to see what is in it and drill down (clone with
// a predicate on the range, decomposed by a field you choose); legend click selects a key
// (shift/ctrl-click adds), modes highlight / isolate / exclude; rank or linear colouring;
// linear or log y, y range or autoscale; average and p99 lines; pause, resume, scroll back
// by a quarter window within retention, jump to now. Keyboard: the plot is focusable;
// arrows move a cell cursor (its figures are announced), shift+arrows grow a box, Enter
// opens the details, Escape clears; in the legend j/k move between keys.

import { startTransition, useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import { awaitTurn, claimTurn } from '../core/mount-turns';
import { axisBottom, axisLeft, select } from 'd3';
import type { ApiClient } from '../api-client';
import { findMetric, isNumericField } from '../../ca/catalog';
import { pageScheduler, type RedrawScheduler } from '../core/scheduler';
import { liveStoreFor, type LiveQuery, type LiveStore } from '../stores/live';
import { Graph } from '../graphs/Graph';
import { formatInterval, formatValue, unitOf, xScale, yScale, yTicks, timeOfDay, type Unit } from './axes';
import { boxDetails, drillDownBody, normalizeBox, type Box, type BoxDetails } from './details';
import { firstReported, missingColumns, parseCells, type HeatmapFrame } from './frame';
import { cellAt, type ViewOptions } from './layout';
import { css, keyHue, REST_HUE, STEPS, stepColor, type Coloring, type Mode } from './palette';
import { HeatmapRenderer } from './renderer';
import { cellInfo, cellSentence, formatCount, tooltipLines } from './tooltip';
import { PLOT_MARGIN as MARGIN, VISUALLY_HIDDEN as HIDDEN } from '../core/plot';

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
  readonly selected?: readonly string[];
  readonly isolate?: boolean;
  readonly onSelectionChange?: (keys: string[]) => void;
  readonly onDrillDown?: (created: { readonly uri: string; readonly id: string }) => void;
  readonly width?: number;
  readonly height?: number;
  readonly scheduler?: RedrawScheduler;
  readonly live?: LiveStore;
  /** Open scrolled back to the window ending at this CA time (a shared link's); undefined: live. */
  readonly initialEnd?: number;
}

/** The unit the y-range inputs are typed in, per value unit. */
const INPUT_UNIT: Record<Unit, { div: number; name: string }> = {
  time: { div: 1e6, name: 'ms' },
  size: { div: 1024, name: 'KiB' },
  percent: { div: 1, name: '%' },
  subsecond: { div: 1, name: 'ms' },
  number: { div: 1, name: '' },
  count: { div: 1, name: '' },
};

export function Heatmap(p: HeatmapProps) {
  // One heavy panel mounts per frame (core/mount-turns.ts): eight at once made one long task.
  const [ready, setReady] = useState(claimTurn);
  useEffect(() => (ready ? undefined : awaitTurn(() => setReady(true))), [ready]);
  if (!ready) return <section aria-busy="true" aria-label={`${p.instn.title}: starting`} style={{ minHeight: (p.height ?? 300) + 60 }} />;
  if (p.instn['value-arity'] !== 'numeric-decomposition') return <Graph instn={p.instn} api={p.api} width={p.width} height={p.height} scheduler={p.scheduler} live={p.live} initialEnd={p.initialEnd} />;
  return <HeatmapView {...p} />;
}

/** Legend keys shown before "Show all" (Fishbulb showed the top nine). */
const LEGEND_KEYS = 15;

/** The plot's width: the `width` prop, else what fits the component's box (CA's 600 at most). */
function usePlotWidth(fixed: number | undefined): [number, (el: HTMLElement | null) => void] {
  const [w, setW] = useState(fixed ?? 600);
  const obs = useRef<ResizeObserver | undefined>(undefined);
  const ref = useCallback(
    (el: HTMLElement | null) => {
      obs.current?.disconnect();
      obs.current = undefined;
      if (el === null || fixed !== undefined || typeof ResizeObserver === 'undefined') return;
      const fit = (box: number) => setW(Math.max(240, Math.min(600, Math.floor(box - MARGIN.left - MARGIN.right))));
      fit(el.clientWidth);
      obs.current = new ResizeObserver((es) => fit(es[0]!.contentRect.width));
      obs.current.observe(el);
    },
    [fixed],
  );
  return [fixed ?? w, ref];
}

function HeatmapView({ instn, api, selected: selectedProp, isolate, onSelectionChange, onDrillDown, width: widthProp, height = 300, scheduler, live: liveProp, initialEnd }: HeatmapProps) {
  const [width, sectionRef] = usePlotWidth(widthProp);
  const [allKeys, setAllKeys] = useState(false);
  const live = liveProp ?? liveStoreFor(api);
  const sched = scheduler ?? pageScheduler();
  const uri = instn.uri;
  const units = useMemo(() => unitOf(instn.module, instn.stat, instn.decomposition), [instn.module, instn.stat, instn.decomposition]);
  const unit = units.heatmap;
  const numericField = instn.decomposition.find(isNumericField);
  const ids = useId();
  const descId = `${ids}-desc`;
  const helpId = `${ids}-help`;

  const [selected, setSelected] = useState<readonly string[]>(selectedProp ?? []);
  const [mode, setMode] = useState<Mode>(isolate === true ? 'isolate' : 'highlight');
  const [coloring, setColoring] = useState<Coloring>('rank');
  const [showAverage, setShowAverage] = useState(true);
  const [showP99, setShowP99] = useState(true);
  const [details, setDetails] = useState<{ readonly box: Box; readonly d: BoxDetails; readonly loading: boolean; readonly error?: string } | undefined>();
  const [announce, setAnnounce] = useState('');
  // Follow the dashboard's selection when it changes, compared by value (a new array with
  // the same keys each render must not reset a selection made in the legend meanwhile).
  const selectedKey = selectedProp === undefined ? undefined : selectedProp.join('\u0000');
  useEffect(() => {
    if (selectedKey !== undefined) setSelected(selectedKey === '' ? [] : selectedKey.split('\u0000'));
  }, [selectedKey]);
  useEffect(() => {
    if (isolate !== undefined) setMode(isolate ? 'isolate' : 'highlight');
  }, [isolate]);

  // Watch this instrumentation while mounted; the selection decides which keys are fetched.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  // Latencies span microseconds to seconds: on a linear axis one slow call squeezes every
  // other band into the bottom row, so latency opens on a log axis (the select switches it).
  const initialScale = numericField === 'latency' ? 'log' : 'linear';
  // The time a link opened at applies when the watch starts, not on later renders.
  const initialEndRef = useRef(initialEnd);
  useEffect(() => live.watch(uri, { kind: 'heatmap', selected: selectedRef.current, scale: initialScale }, initialEndRef.current), [live, uri, initialScale]);
  const selectionKey = selected.join('\u0000');
  useEffect(() => {
    const cur = live.store.getState().entries[uri]?.query.selected ?? [];
    if (cur.join('\u0000') !== selectionKey) live.setQuery(uri, { selected: selectedRef.current });
  }, [live, uri, selectionKey]);
  const chrome = useChrome(live, uri);
  const query = chrome?.query;

  const cellsRef = useRef<HTMLCanvasElement>(null);
  const overRef = useRef<HTMLCanvasElement>(null);
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const descRef = useRef<HTMLParagraphElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<HeatmapRenderer | undefined>(undefined);
  const [present, setPresent] = useState<readonly string[]>([]);
  const view: ViewOptions = useMemo(() => ({ selected, mode, coloring }), [selected, mode, coloring]);
  const viewRef = useRef(view);
  viewRef.current = view;
  const linesRef = useRef({ showAverage, showP99 });
  linesRef.current = { showAverage, showP99 };

  // The renderer, fed straight from the store: one subscription, no React render per update.
  useEffect(() => {
    const r = new HeatmapRenderer(cellsRef.current!, overRef.current!, width, height, sched);
    rendererRef.current = r;
    // A renderer made anew (a resize) starts from the view already chosen.
    r.setView(viewRef.current);
    r.setOverlay(linesRef.current);
    let lastAxes = '';
    let lastPresent = '';
    let described: HeatmapFrame | undefined;
    r.onDrawn = (f) => {
      // Hover and cursor redraws change only the overlay: chrome follows new frames only.
      if (f === undefined || f === described) return;
      described = f;
      const axesKey = `${f.startTime}|${f.duration}|${f.ymin}|${f.ymax}|${f.scale}|${width}`;
      if (axesKey !== lastAxes) {
        lastAxes = axesKey;
        drawAxes(f);
      }
      if (descRef.current !== null) descRef.current.textContent = describeFrame(instn.title, f, unit, r);
      const pk = f.present.join('\u0000');
      if (pk !== lastPresent) {
        lastPresent = pk;
        // The legend may re-render in slices: it must not lengthen the frame that drew the cells.
        startTransition(() => setPresent(f.present));
      }
    };
    const drawAxes = (f: HeatmapFrame): void => {
      const x = xScale(f.startTime, f.duration, width);
      select(xAxisRef.current!).call(
        axisBottom(x)
          .ticks(6)
          .tickFormat((d) => timeOfDay(d as Date)),
      );
      const y = yScale(f, height);
      const ticks = yTicks(y, unit, 5);
      select(yAxisRef.current!).call(
        axisLeft(y)
          .tickValues(ticks.map((t) => t.value))
          .tickFormat((_d, i) => ticks[i]!.label),
      );
    };
    const feed = (): void => r.setFrame(live.store.getState().entries[uri]?.heatmap);
    feed();
    const unsub = live.store.subscribe(feed);
    return () => {
      unsub();
      r.dispose();
      rendererRef.current = undefined;
    };
  }, [live, uri, sched, width, height, unit, instn.title]);

  useEffect(() => rendererRef.current?.setView(view), [view]);
  useEffect(() => rendererRef.current?.setOverlay({ showAverage, showP99 }), [showAverage, showP99]);

  const changeSelection = (keys: string[]): void => {
    setSelected(keys);
    onSelectionChange?.(keys);
  };
  const pick = (key: string, additive: boolean): void => {
    const has = selected.includes(key);
    if (additive) changeSelection(has ? selected.filter((k) => k !== key) : [...selected, key]);
    else changeSelection(has && selected.length === 1 ? [] : [key]);
  };

  // Pointer: hover tooltip, click details, drag a box.
  const drag = useRef<{ start: { column: number; bucket: number }; moved: boolean } | undefined>(undefined);
  const cursor = useRef<{ column: number; bucket: number } | undefined>(undefined);
  const anchor = useRef<{ column: number; bucket: number } | undefined>(undefined);
  const hit = (e: MouseEvent<HTMLCanvasElement>) => {
    const f = rendererRef.current?.getFrame();
    if (f === undefined) return undefined;
    const rect = e.currentTarget.getBoundingClientRect();
    const c = cellAt(e.clientX - rect.left, e.clientY - rect.top, width, height, f.ncolumns, f.nbuckets);
    return c === undefined ? undefined : { f, c, x: e.clientX - rect.left, y: e.clientY - rect.top };
  };
  const showTip = (f: HeatmapFrame, c: { column: number; bucket: number }, x: number, y: number) => {
    const tip = tipRef.current;
    if (tip === null) return;
    tip.textContent = '';
    for (const line of tooltipLines(cellInfo(f, c.column, c.bucket), unit)) {
      const div = document.createElement('div');
      div.textContent = line;
      tip.appendChild(div);
    }
    // Outside the plot's containment box (which clips), placed over it in the section's coordinates.
    const plot = overRef.current!.getBoundingClientRect();
    const sec = tip.offsetParent?.getBoundingClientRect() ?? plot;
    tip.style.display = 'block';
    tip.style.left = `${plot.left - sec.left + Math.min(x + 14, width - 180)}px`;
    tip.style.top = `${plot.top - sec.top + Math.max(0, y - 10)}px`;
  };
  const hideTip = () => {
    if (tipRef.current !== null) tipRef.current.style.display = 'none';
  };
  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const h = hit(e);
    const r = rendererRef.current;
    if (r === undefined) return;
    if (h === undefined) {
      r.setOverlay({ hover: undefined });
      hideTip();
      return;
    }
    if (drag.current !== undefined) {
      const s = drag.current.start;
      if (s.column !== h.c.column || s.bucket !== h.c.bucket) drag.current.moved = true;
      if (drag.current.moved) r.setOverlay({ box: normalizeBox(s, h.c) });
    }
    r.setOverlay({ hover: h.c });
    showTip(h.f, h.c, h.x, h.y);
  };
  const onDown = (e: MouseEvent<HTMLCanvasElement>) => {
    const h = hit(e);
    if (h !== undefined) drag.current = { start: h.c, moved: false };
  };
  const onUp = (e: MouseEvent<HTMLCanvasElement>) => {
    const h = hit(e);
    const d = drag.current;
    drag.current = undefined;
    if (h === undefined || d === undefined) return;
    const box = d.moved ? normalizeBox(d.start, h.c) : { c0: h.c.column, c1: h.c.column, b0: h.c.bucket, b1: h.c.bucket };
    openDetails(h.f, box);
  };
  const detailsSeq = useRef(0);
  const openDetails = (f: HeatmapFrame, box: Box) => {
    rendererRef.current?.setOverlay({ box });
    // The live frame holds only the selected keys: show its figures at once, then every
    // key's share from the same window and axis, fetched for the box's columns.
    setDetails({ box, d: boxDetails(f, box), loading: true });
    const seq = ++detailsSeq.current;
    void fetchBoxDetails(api, uri, f, box)
      .then((d) => {
        if (seq === detailsSeq.current) setDetails({ box, d, loading: false });
      })
      .catch((e: unknown) => {
        if (seq === detailsSeq.current) setDetails({ box, d: boxDetails(f, box), loading: false, error: e instanceof Error ? e.message : String(e) });
      });
  };
  const closeDetails = () => {
    rendererRef.current?.setOverlay({ box: undefined });
    setDetails(undefined);
  };

  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const r = rendererRef.current;
    const f = r?.getFrame();
    if (r === undefined || f === undefined || f.ncolumns === 0) return;
    const cur = cursor.current ?? { column: f.ncolumns - 1, bucket: 0 };
    let next = cur;
    switch (e.key) {
      case 'ArrowLeft':
        next = { ...cur, column: Math.max(0, cur.column - 1) };
        break;
      case 'ArrowRight':
        next = { ...cur, column: Math.min(f.ncolumns - 1, cur.column + 1) };
        break;
      case 'ArrowUp':
        next = { ...cur, bucket: Math.min(f.nbuckets - 1, cur.bucket + 1) };
        break;
      case 'ArrowDown':
        next = { ...cur, bucket: Math.max(0, cur.bucket - 1) };
        break;
      case 'Enter':
      case ' ': {
        e.preventDefault();
        const box = anchor.current !== undefined ? normalizeBox(anchor.current, cur) : { c0: cur.column, c1: cur.column, b0: cur.bucket, b1: cur.bucket };
        openDetails(f, box);
        return;
      }
      case 'Escape':
        anchor.current = undefined;
        cursor.current = undefined;
        r.setOverlay({ cursor: undefined, box: undefined });
        setDetails(undefined);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (e.shiftKey) {
      anchor.current ??= cur;
      r.setOverlay({ box: normalizeBox(anchor.current, next) });
    } else if (anchor.current !== undefined) {
      anchor.current = undefined;
      r.setOverlay({ box: undefined });
    }
    cursor.current = next;
    r.setOverlay({ cursor: next });
    setAnnounce(cellSentence(cellInfo(f, next.column, next.bucket), unit));
  };

  // Drill down: clone with a predicate on the box's range.
  const profile = uri.startsWith('/ca/customers/') ? 'customer' : 'operator';
  const discreteFields = useMemo(() => (findMetric(profile, instn.module, instn.stat)?.fields ?? []).filter((fl) => !isNumericField(fl)), [profile, instn.module, instn.stat]);
  const [by, setBy] = useState<string>('');
  const [drillMsg, setDrillMsg] = useState<string | undefined>();
  const drillDown = async (d: BoxDetails) => {
    if (numericField === undefined) return;
    try {
      const info = live.store.getState().entries[uri]?.info;
      const body = drillDownBody({ predicate: info?.predicate, decomposition: instn.decomposition }, numericField, d.lo, d.hi, by === '' ? undefined : by);
      const created = await api.json<{ uri: string; id: string }>('POST', `${uri}/clone`, { body });
      setDrillMsg(`Created ${created.uri}`);
      onDrillDown?.({ uri: created.uri, id: created.id });
    } catch (e) {
      setDrillMsg(`Drill-down failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  // Y range in a fixed input unit.
  const iu = INPUT_UNIT[unit];
  const autoscale = query?.ymax === undefined && query?.ymin === undefined;
  const [yminText, setYminText] = useState('');
  const [ymaxText, setYmaxText] = useState('');
  const applyRange = () => {
    const lo = yminText.trim() === '' ? undefined : Number(yminText) * iu.div;
    const hi = ymaxText.trim() === '' ? undefined : Number(ymaxText) * iu.div;
    if ((lo !== undefined && !Number.isFinite(lo)) || (hi !== undefined && !Number.isFinite(hi))) {
      setAnnounce('The y range takes numbers');
      return;
    }
    if (lo !== undefined && hi !== undefined && hi <= lo) {
      setAnnounce('The y maximum must be above the minimum');
      return;
    }
    live.setQuery(uri, { ymin: lo === undefined ? undefined : Math.round(lo), ymax: hi === undefined ? undefined : Math.round(hi) });
  };
  const setAutoscale = (on: boolean) => {
    if (on) live.setQuery(uri, { ymin: undefined, ymax: undefined });
    else {
      const f = rendererRef.current?.getFrame();
      if (f !== undefined) {
        setYminText(String(+(f.ymin / iu.div).toPrecision(4)));
        setYmaxText(String(+(f.ymax / iu.div).toPrecision(4)));
        live.setQuery(uri, { ymin: Math.round(f.ymin), ymax: Math.round(f.ymax) });
      }
    }
  };

  const paused = chrome?.paused ?? false;
  const scrolled = chrome?.scrolledTo !== undefined;
  const quarter = Math.max(1, Math.round((query?.duration ?? 60) / 4));
  const missing = chrome?.missing ?? 0;

  const legendRef = useRef<HTMLUListElement>(null);
  const onLegendKey = useCallback((e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'j' && e.key !== 'k') return;
    const buttons = [...(legendRef.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'j' ? 1 : -1)))];
    next?.focus();
    e.preventDefault();
  }, []);

  const hueOf = (key: string): number | undefined => {
    const i = selected.indexOf(key);
    if (i >= 0) return mode === 'exclude' ? undefined : keyHue(i);
    return mode === 'isolate' ? undefined : REST_HUE;
  };

  return (
    <section className="heatmap" aria-label={`${instn.title} heatmap`} ref={sectionRef} style={{ position: 'relative' }}>
      <div className="heatmap-toolbar" role="toolbar" aria-label={`${instn.title} controls`} style={{ display: 'flex', flexWrap: 'wrap', gap: '0.35rem', alignItems: 'center', marginBottom: '0.35rem', fontSize: '0.85rem' }}>
        {paused ? (
          <button type="button" onClick={() => live.resume(uri)} aria-label={`Resume ${instn.title}`}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => live.pause(uri)} aria-label={`Pause ${instn.title}`}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => live.scroll(uri, -quarter)} aria-label={`Scroll ${instn.title} back ${quarter} seconds`} disabled={chrome?.canScroll !== true}>
          ◀ {quarter} s
        </button>
        <button type="button" onClick={() => live.scroll(uri, quarter)} aria-label={`Scroll ${instn.title} forward ${quarter} seconds`} disabled={!scrolled}>
          {quarter} s ▶
        </button>
        <button type="button" onClick={() => live.resume(uri)} aria-label={`Jump ${instn.title} to now`} disabled={!scrolled && !paused}>
          Now
        </button>
        <label>
          y{' '}
          <select value={query?.scale ?? 'linear'} onChange={(e) => live.setQuery(uri, { scale: e.target.value as 'linear' | 'log' })} aria-label={`${instn.title} y scale`}>
            <option value="linear">linear</option>
            <option value="log">log</option>
          </select>
        </label>
        <label>
          colour{' '}
          <select value={coloring} onChange={(e) => setColoring(e.target.value as Coloring)} aria-label={`${instn.title} colouring`}>
            <option value="rank">rank</option>
            <option value="linear">linear</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={autoscale} onChange={(e) => setAutoscale(e.target.checked)} /> autoscale
        </label>
        {!autoscale ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              applyRange();
            }}
            style={{ display: 'inline-flex', gap: '0.25rem', alignItems: 'center' }}
          >
            <label>
              min <input type="number" step="any" value={yminText} onChange={(e) => setYminText(e.target.value)} style={{ width: '5rem' }} aria-label={`${instn.title} y minimum${iu.name === '' ? '' : ` in ${iu.name}`}`} />
            </label>
            <label>
              max <input type="number" step="any" value={ymaxText} onChange={(e) => setYmaxText(e.target.value)} style={{ width: '5rem' }} aria-label={`${instn.title} y maximum${iu.name === '' ? '' : ` in ${iu.name}`}`} />
            </label>
            {iu.name}
            <button type="submit">Apply</button>
          </form>
        ) : undefined}
        <label>
          <input type="checkbox" checked={showAverage} onChange={(e) => setShowAverage(e.target.checked)} /> average
        </label>
        <label>
          <input type="checkbox" checked={showP99} onChange={(e) => setShowP99(e.target.checked)} /> p99
        </label>
      </div>

      <div style={{ position: 'relative', width: MARGIN.left + width + MARGIN.right, height: MARGIN.top + height + MARGIN.bottom, contain: 'strict' }}>
        <svg width={MARGIN.left + width + MARGIN.right} height={MARGIN.top + height + MARGIN.bottom} style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible' }} aria-hidden="true">
          <g ref={yAxisRef} transform={`translate(${MARGIN.left - 1},${MARGIN.top})`} />
          <g ref={xAxisRef} transform={`translate(${MARGIN.left},${MARGIN.top + height + 1})`} />
        </svg>
        <canvas ref={cellsRef} width={width} height={height} data-heatmap-cells={uri} style={{ position: 'absolute', left: MARGIN.left, top: MARGIN.top }} aria-hidden="true" />
        <canvas
          ref={overRef}
          width={width}
          height={height}
          role="img"
          tabIndex={0}
          aria-label={`${instn.title}: heatmap of ${numericField ?? 'values'} over time`}
          aria-describedby={`${descId} ${helpId}`}
          data-heatmap-uri={uri}
          style={{ position: 'absolute', left: MARGIN.left, top: MARGIN.top, cursor: 'crosshair' }}
          onMouseMove={onMove}
          onMouseLeave={() => {
            rendererRef.current?.setOverlay({ hover: undefined });
            hideTip();
          }}
          onMouseDown={onDown}
          onMouseUp={onUp}
          onKeyDown={onKey}
        />
      </div>
      <div ref={tipRef} className="heatmap-tooltip" role="tooltip" style={{ display: 'none', position: 'absolute', pointerEvents: 'none', background: 'rgba(17,24,39,0.92)', color: '#f9fafb', padding: '0.3rem 0.45rem', borderRadius: 4, fontSize: '0.78rem', whiteSpace: 'nowrap', zIndex: 3 }} />
      <p id={descId} ref={descRef} className="visually-hidden" style={HIDDEN}>
        {instn.title}: waiting for data.
      </p>
      <p id={helpId} className="visually-hidden" style={HIDDEN}>
        Arrow keys move a cell cursor, shift with arrows selects a box, Enter shows details, Escape clears.
      </p>
      <p role="status" className="heatmap-status" style={{ margin: '0.25rem 0', fontSize: '0.85rem', minHeight: '1.2em' }}>
        {chrome?.error !== undefined ? <span className="error">Update failed: {chrome.error}. </span> : undefined}
        {chrome?.waiting === true && chrome.loaded !== true ? 'Waiting for the simulation to reach the time shown…' : chrome?.loaded !== true ? 'Loading…' : chrome.scrolledTo !== undefined ? `Scrolled back: ${chrome.scrolledTo}. ` : paused ? 'Paused. ' : 'Live. '}
        {missing > 0 ? `Hatched: ${missing} column${missing === 1 ? '' : 's'} where not every node reported. ` : ''}
        {announce}
      </p>

      <div className="heatmap-legend" style={{ fontSize: '0.85rem' }}>
        <div role="radiogroup" aria-label={`${instn.title} selection mode`} style={{ display: 'flex', gap: '0.6rem', margin: '0.25rem 0' }}>
          {(['highlight', 'isolate', 'exclude'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name={`${ids}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} /> {m}
            </label>
          ))}
          <button type="button" onClick={() => changeSelection([...present])} disabled={present.length === 0}>
            Select all
          </button>
          <button type="button" onClick={() => changeSelection([])} disabled={selected.length === 0}>
            Clear
          </button>
        </div>
        {present.length === 0 ? (
          <p className="empty">No keys in this window{instn.decomposition.length < 2 ? ' (no discrete decomposition)' : ''}.</p>
        ) : (
          <ul ref={legendRef} aria-label={`${instn.title} legend: click to select, shift-click to add, j and k to move`} onKeyDown={onLegendKey} style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: '0.3rem' }}>
            {present.filter((k, i) => allKeys || i < LEGEND_KEYS || selected.includes(k)).map((k) => {
              const hue = hueOf(k);
              const on = selected.includes(k);
              return (
                <li key={k}>
                  <button type="button" aria-pressed={on} onClick={(e) => pick(k, e.shiftKey || e.ctrlKey || e.metaKey)} title={on ? `Deselect ${k}` : `Select ${k}`}>
                    <span aria-hidden="true" style={{ display: 'inline-block', width: '0.8em', height: '0.8em', marginRight: '0.3em', verticalAlign: '-0.05em', border: '1px solid #6b7280', background: hue === undefined ? 'transparent' : css(stepColor(hue, STEPS)) }} />
                    {k}
                    <span className="visually-hidden" style={HIDDEN}>{hue === undefined ? ', not drawn' : on ? `, drawn in hue ${hue}` : ', drawn with the rest'}</span>
                  </button>
                </li>
              );
            })}
            {present.length > LEGEND_KEYS ? (
              <li>
                <button type="button" onClick={() => setAllKeys(!allKeys)} aria-expanded={allKeys}>
                  {allKeys ? 'Show fewer keys' : `Show all ${present.length} keys`}
                </button>
              </li>
            ) : undefined}
          </ul>
        )}
      </div>

      {details !== undefined ? (
        <div className="heatmap-details" role="region" aria-label={`${instn.title} details`} style={{ border: '1px solid #dde1e6', borderRadius: 4, padding: '0.4rem 0.6rem', marginTop: '0.4rem', fontSize: '0.85rem' }}>
          <p style={{ margin: 0 }}>
            <strong>{formatInterval(details.d.t0, details.d.t1)}</strong>, {formatValue(details.d.lo, unit)} – {formatValue(details.d.hi, unit)}: {formatCount(details.d.count)} in total
          </p>
          {details.loading ? <p style={{ margin: 0 }}>Loading the keys in these cells…</p> : undefined}
          {details.error !== undefined ? <p className="error" style={{ margin: 0 }}>Could not load the keys: {details.error}</p> : undefined}
          {details.d.keys.length > 0 ? (
            <table style={{ borderCollapse: 'collapse', margin: '0.3rem 0' }}>
              <caption className="visually-hidden" style={HIDDEN}>Keys in the selected cells</caption>
              <thead>
                <tr>
                  <th scope="col" style={{ textAlign: 'left', paddingRight: '1rem' }}>
                    {instn.decomposition.find((d) => !isNumericField(d)) ?? 'key'}
                  </th>
                  <th scope="col" style={{ textAlign: 'right' }}>
                    count
                  </th>
                </tr>
              </thead>
              <tbody>
                {details.d.keys.slice(0, 20).map((k) => (
                  <tr key={k.key}>
                    <td style={{ paddingRight: '1rem' }}>{k.key}</td>
                    <td style={{ textAlign: 'right' }}>{formatCount(k.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : undefined}
          {numericField !== undefined ? (
            <div style={{ display: 'flex', gap: '0.4rem', alignItems: 'center', flexWrap: 'wrap' }}>
              <label>
                Drill down by{' '}
                <select value={by} onChange={(e) => setBy(e.target.value)} aria-label="Decompose the drill-down by">
                  <option value="">(no discrete field)</option>
                  {discreteFields.map((fl) => (
                    <option key={fl} value={fl}>
                      {fl}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => void drillDown(details.d)} aria-label={`Clone ${instn.title} for ${formatValue(details.d.lo, unit)} to ${formatValue(details.d.hi, unit)}`}>
                Drill down (clone)
              </button>
              <button type="button" onClick={closeDetails}>
                Close
              </button>
              {drillMsg !== undefined ? <span role="status">{drillMsg}</span> : undefined}
            </div>
          ) : undefined}
        </div>
      ) : undefined}
    </section>
  );
}

/** Every key's share of a box of cells: the cells route for just the box's columns, on the live frame's axis. */
async function fetchBoxDetails(api: ApiClient, uri: string, f: HeatmapFrame, box: Box): Promise<BoxDetails> {
  const json = await api.json<unknown>('GET', `${uri}/value/heatmap/cells`, {
    query: {
      start_time: f.startTime + box.c0 * f.granularity,
      duration: (box.c1 - box.c0 + 1) * f.granularity,
      ymin: Math.round(f.ymin),
      ymax: Math.round(f.ymax),
      nbuckets: f.nbuckets,
      scale: f.scale,
      timeout: 0,
    },
  });
  const sub = parseCells(json);
  return boxDetails(sub, { c0: 0, c1: Math.min(sub.ncolumns, box.c1 - box.c0 + 1) - 1, b0: box.b0, b1: box.b1 });
}

/** What the chrome shows of a live entry; a new object only when one of these changes, so 1 Hz data does not re-render React. */
interface Chrome {
  readonly query: LiveQuery;
  readonly paused: boolean;
  readonly scrolledTo?: string;
  readonly canScroll: boolean;
  readonly loaded: boolean;
  readonly error?: string;
  readonly waiting: boolean;
  readonly missing: number;
  readonly minreporting: number;
  readonly nsources: number;
}

function useChrome(live: LiveStore, uri: string): Chrome | undefined {
  const cache = useRef<{ key: string; value: Chrome | undefined }>({ key: '', value: undefined });
  const get = useCallback((): Chrome | undefined => {
    const e = live.store.getState().entries[uri];
    if (e === undefined) return undefined;
    const f = e.heatmap;
    const missing = f === undefined ? 0 : missingColumns(f);
    const scrolledTo = e.endTime !== undefined && f !== undefined ? formatInterval(f.startTime, f.startTime + f.duration) : undefined;
    const c: Chrome = {
      query: e.query,
      paused: e.paused,
      canScroll: e.liveEnd !== undefined || e.endTime !== undefined,
      waiting: e.waiting === true,
      loaded: f !== undefined,
      missing,
      minreporting: f?.minreporting ?? 0,
      nsources: f?.nsources ?? 0,
      ...(scrolledTo !== undefined ? { scrolledTo } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
    };
    const key = JSON.stringify(c);
    if (key !== cache.current.key) cache.current = { key, value: c };
    return cache.current.value;
  }, [live, uri]);
  return useSyncExternalStore(live.store.subscribe, get);
}

function describeFrame(title: string, f: HeatmapFrame, unit: Unit, r: HeatmapRenderer): string {
  const s = r.columnStats()!;
  let total = 0;
  for (let c = 0; c < f.ncolumns; c++) total += s.total[c]!;
  const last = f.ncolumns - 1;
  let lastFull = last;
  while (lastFull > 0 && s.total[lastFull] === 0) lastFull--;
  const avg = s.average[lastFull]!;
  const p99 = s.percentile[lastFull]!;
  const missing = missingColumns(f);
  const first = firstReported(f);
  return (
    `${title}, ${formatInterval(f.startTime, f.startTime + f.duration)}, y from ${formatValue(f.ymin, unit)} to ${formatValue(f.ymax, unit)} (${f.scale}), ` +
    `${formatCount(total)} events` +
    (Number.isFinite(avg) ? `; latest column average ${formatValue(avg, unit)}, p99 ${formatValue(p99, unit)}` : '') +
    (f.present.length > 0 ? `; keys: ${f.present.slice(0, 10).join(', ')}${f.present.length > 10 ? ', …' : ''}` : '') +
    (first >= f.ncolumns ? '; no node has reported yet' : first > 0 ? `; no data before ${timeOfDay(new Date((f.startTime + first * f.granularity) * 1000))} UTC` : '') +
    (missing > 0 ? `; in ${missing} columns not every node reported (hatched)` : first < f.ncolumns ? `; all ${f.nsources} nodes reported` : '') +
    '.'
  );
}
