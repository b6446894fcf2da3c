// The live graph of a scalar (line) or discrete (stacked areas) instrumentation (browser
// main thread; React at the edge). Like the heatmap, data reaches the canvas through a
// transient subscription to the live store and the one redraw scheduler; React renders
// only the controls, the legend and the status. Props: `{ instn, api }` as the heatmap,
// plus optional width, height, scheduler and live store.

import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { axisBottom, axisLeft, select } from 'd3';
import type { ApiClient } from '../api-client';
import { pageScheduler, type RedrawScheduler } from '../core/scheduler';
import { liveStoreFor, type LiveStore } from '../stores/live';
import { tickFormatter, timeOfDay, unitOf, xScale } from '../heatmap/axes';
import type { Ctx2D } from '../heatmap/layout';
import { describeGraph, paintGraph, stack, yScaleFor } from './draw';
import type { SeriesFrame } from './series';
import { PLOT_MARGIN as MARGIN, VISUALLY_HIDDEN as HIDDEN } from '../core/plot';

export interface GraphInstn {
  readonly uri: string;
  readonly title: string;
  readonly module: string;
  readonly stat: string;
  readonly decomposition: readonly string[];
}

export interface GraphProps {
  readonly instn: GraphInstn;
  readonly api: ApiClient;
  readonly width?: number;
  readonly height?: number;
  readonly scheduler?: RedrawScheduler;
  readonly live?: LiveStore;
  /** Open scrolled back to the window ending at this CA time; undefined: live. */
  readonly initialEnd?: number;
}


export function Graph({ instn, api, width = 600, height = 240, scheduler, live: liveProp, initialEnd }: GraphProps) {
  const live = liveProp ?? liveStoreFor(api);
  const sched = scheduler ?? pageScheduler();
  const uri = instn.uri;
  const unit = unitOf(instn.module, instn.stat, instn.decomposition).graph;
  const descId = `${useId()}-desc`;
  const initialEndRef = useRef(initialEnd);
  useEffect(() => live.watch(uri, { kind: 'graph' }, initialEndRef.current), [live, uri]);

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const descRef = useRef<HTMLParagraphElement>(null);
  const [legend, setLegend] = useState<readonly { key: string; color: string }[]>([]);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    const dpr = Math.max(1, Math.round(globalThis.devicePixelRatio ?? 1));
    canvas.width = width * dpr;
    canvas.height = height * dpr;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    let frame: SeriesFrame | undefined;
    let lastLegend = '';
    const redraw = sched.register(() => {
      if (frame === undefined) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const s = stack(frame);
      paintGraph(ctx as unknown as Ctx2D, frame, s, width, height);
      select(xAxisRef.current!).call(
        axisBottom(xScale(frame.startTime, frame.ncolumns * frame.granularity, width))
          .ticks(6)
          .tickFormat((d) => timeOfDay(d as Date)),
      );
      const y = yScaleFor(s, height);
      select(yAxisRef.current!).call(axisLeft(y).ticks(5).tickFormat(tickFormatter(unit, y.domain()[1]!) as (d: unknown) => string));
      const lk = s.keys.join('\u0000');
      if (lk !== lastLegend) {
        lastLegend = lk;
        setLegend(frame.scalar ? [] : s.keys.map((key, i) => ({ key, color: s.colors[i]! })));
      }
      if (descRef.current !== null) descRef.current.textContent = describeGraph(instn.title, frame, s, unit);
    });
    const feed = (): void => {
      const f = live.store.getState().entries[uri]?.series;
      if (f !== frame) {
        frame = f;
        redraw.request();
      }
    };
    feed();
    const unsub = live.store.subscribe(feed);
    return () => {
      unsub();
      redraw.dispose();
    };
  }, [live, uri, sched, width, height, unit, instn.title]);

  const get = useCallback(() => {
    const e = live.store.getState().entries[uri];
    // One string, so the graph re-renders only when one of these changes; the error text
    // (which may hold a '|') goes last.
    return e === undefined ? 'none' : `${e.paused ? 'paused' : 'live'}|${e.endTime ?? ''}|${e.liveEnd !== undefined || e.endTime !== undefined}|${e.series !== undefined}|${e.waiting === true}|${e.error ?? ''}`;
  }, [live, uri]);
  const [state, endTime, canScroll, loaded, waiting, ...errorParts] = useSyncExternalStore(live.store.subscribe, get).split('|');
  const error = errorParts.join('|');
  const quarter = 15;

  return (
    <section className="graph" aria-label={`${instn.title} graph`}>
      <div role="toolbar" aria-label={`${instn.title} controls`} style={{ display: 'flex', gap: '0.35rem', marginBottom: '0.35rem', fontSize: '0.85rem' }}>
        {state === 'paused' ? (
          <button type="button" onClick={() => live.resume(uri)} aria-label={`Resume ${instn.title}`}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => live.pause(uri)} aria-label={`Pause ${instn.title}`}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => live.scroll(uri, -quarter)} disabled={canScroll !== 'true'} aria-label={`Scroll ${instn.title} back ${quarter} seconds`}>
          ◀ {quarter} s
        </button>
        <button type="button" onClick={() => live.scroll(uri, quarter)} disabled={endTime === ''} aria-label={`Scroll ${instn.title} forward ${quarter} seconds`}>
          {quarter} s ▶
        </button>
        <button type="button" onClick={() => live.resume(uri)} disabled={endTime === '' && state !== 'paused'} aria-label={`Jump ${instn.title} to now`}>
          Now
        </button>
      </div>
      <div style={{ position: 'relative', width: MARGIN.left + width + MARGIN.right, height: MARGIN.top + height + MARGIN.bottom, contain: 'strict' }}>
        <svg width={MARGIN.left + width + MARGIN.right} height={MARGIN.top + height + MARGIN.bottom} style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible' }} aria-hidden="true">
          <g ref={yAxisRef} transform={`translate(${MARGIN.left - 1},${MARGIN.top})`} />
          <g ref={xAxisRef} transform={`translate(${MARGIN.left},${MARGIN.top + height + 1})`} />
        </svg>
        <canvas ref={canvasRef} width={width} height={height} role="img" aria-label={`${instn.title}: ${instn.decomposition.length > 0 ? 'stacked areas by ' + instn.decomposition[0] : 'line'} over time`} aria-describedby={descId} data-graph-uri={uri} style={{ position: 'absolute', left: MARGIN.left, top: MARGIN.top }} />
      </div>
      <p id={descId} ref={descRef} className="visually-hidden" style={HIDDEN}>
        {instn.title}: waiting for data.
      </p>
      <p role="status" style={{ margin: '0.25rem 0', fontSize: '0.85rem' }}>
        {error !== '' ? <span className="error">Update failed: {error}. </span> : undefined}
        {loaded !== 'true' ? (waiting === 'true' ? 'Waiting for the simulation to reach the time shown…' : 'Loading…') : endTime !== '' ? 'Scrolled back. ' : state === 'paused' ? 'Paused. ' : 'Live. '}
      </p>
      {legend.length > 0 ? (
        <ul aria-label={`${instn.title} legend`} style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: '0.6rem', fontSize: '0.85rem' }}>
          {legend.map((l) => (
            <li key={l.key}>
              <span aria-hidden="true" style={{ display: 'inline-block', width: '0.8em', height: '0.8em', marginRight: '0.3em', background: l.color }} />
              {l.key}
            </li>
          ))}
        </ul>
      ) : undefined}
    </section>
  );
}
