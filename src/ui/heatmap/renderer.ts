// The heatmap's canvas renderer, without React (browser main thread): it owns the two
// canvases of one heatmap (cells below, overlay above), registers ONE draw function with
// the redraw scheduler, and redraws the cells only when the frame or the view options
// changed (layout memoized); hover, cursor, box selection and the average / p99 lines and
// the marks of columns where nodes did not report go on the overlay. The component feeds it
// from the live store (transient subscription) and from input events; the bench page
// drives the same class.

import type { RedrawScheduler, Redraw } from '../core/scheduler';
import { yScale } from './axes';
import { firstReported, type HeatmapFrame } from './frame';
import { layoutCells, paintCells, paintCellsPixels, pixelEdges, type Ctx2D, type HeatmapLayout, type ViewOptions } from './layout';
import { columnStats, type ColumnStats } from './stats';
import type { Box } from './details';

export interface OverlayState {
  readonly hover?: { readonly column: number; readonly bucket: number };
  readonly cursor?: { readonly column: number; readonly bucket: number };
  readonly box?: Box;
  readonly showAverage: boolean;
  readonly showP99: boolean;
}

/**
 * How cells reach the canvas: `pixels` writes the layout's runs into an ImageData and puts
 * it (the default: the fastest in Chromium); `paths` fills one path per colour (Grafana's
 * way; the draw-call tests snapshot it).
 */
export type Painter = 'pixels' | 'paths';

export interface DrawTiming {
  /** ms spent on the cells (layout when it changed, plus painting) in the last cells redraw. */
  readonly cellsMs: number;
  readonly layoutMs: number;
  /** fill() calls of the last cells redraw (0 with the pixel painter). */
  readonly fills: number;
}

export class HeatmapRenderer {
  private frame: HeatmapFrame | undefined;
  private view: ViewOptions = { selected: [], mode: 'highlight', coloring: 'rank' };
  private overlay: OverlayState = { showAverage: true, showP99: true };
  private layout: HeatmapLayout | undefined;
  private stats: ColumnStats | undefined;
  private cellsDirty = true;
  private readonly redraw: Redraw;
  private readonly cellsCtx: CanvasRenderingContext2D;
  private readonly overlayCtx: CanvasRenderingContext2D;
  private dpr = 1;
  private image: ImageData | undefined;
  private painted = false;
  painter: Painter = 'pixels';
  timing: DrawTiming = { cellsMs: 0, layoutMs: 0, fills: 0 };
  /** Called after each redraw with the frame drawn (the component updates its description). */
  onDrawn: ((f: HeatmapFrame | undefined) => void) | undefined;

  constructor(
    private readonly cells: HTMLCanvasElement,
    private readonly over: HTMLCanvasElement,
    private width: number,
    private height: number,
    scheduler: RedrawScheduler,
  ) {
    const a = cells.getContext('2d', { alpha: false });
    const b = over.getContext('2d');
    if (a === null || b === null) throw new Error('heatmap: this browser gives no 2D canvas context');
    this.cellsCtx = a;
    this.overlayCtx = b;
    this.redraw = scheduler.register(() => this.draw());
    performance.mark('zonescope:heatmap-mounted');
    this.resize(width, height, globalThis.devicePixelRatio ?? 1);
  }

  resize(width: number, height: number, dpr: number): void {
    this.width = width;
    this.height = height;
    this.dpr = Math.max(1, Math.round(dpr));
    for (const c of [this.cells, this.over]) {
      c.width = width * this.dpr;
      c.height = height * this.dpr;
      c.style.width = `${width}px`;
      c.style.height = `${height}px`;
    }
    this.image = undefined;
    // A resized opaque canvas is black until its next frame: make it white at once.
    this.cellsCtx.fillStyle = '#ffffff';
    this.cellsCtx.fillRect(0, 0, this.cells.width, this.cells.height);
    this.cellsDirty = true;
    this.redraw.request();
  }

  setFrame(f: HeatmapFrame | undefined): void {
    if (f === this.frame) return;
    const prev = this.frame;
    this.frame = f;
    // The same cells with news of which nodes reported (the live store's second publish):
    // only the overlay changes.
    const sameCells = prev !== undefined && f !== undefined && f.total === prev.total && f.keys === prev.keys && f.bounds === prev.bounds;
    if (!sameCells) {
      this.layout = undefined;
      this.stats = undefined;
      this.cellsDirty = true;
    }
    this.redraw.request();
  }

  setView(v: ViewOptions): void {
    const same = v.mode === this.view.mode && v.coloring === this.view.coloring && v.selected.length === this.view.selected.length && v.selected.every((k, i) => k === this.view.selected[i]);
    if (same) return;
    this.view = v;
    this.layout = undefined;
    this.cellsDirty = true;
    this.redraw.request();
  }

  setOverlay(o: Partial<OverlayState>): void {
    this.overlay = { ...this.overlay, ...o };
    this.redraw.request();
  }

  getFrame(): HeatmapFrame | undefined {
    return this.frame;
  }

  columnStats(): ColumnStats | undefined {
    if (this.frame === undefined) return undefined;
    this.stats ??= columnStats(this.frame);
    return this.stats;
  }

  dispose(): void {
    this.redraw.dispose();
  }

  private draw(): void {
    if (this.cellsDirty) {
      this.cellsDirty = false;
      const t0 = performance.now();
      const ctx = this.cellsCtx;
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      let layoutMs = 0;
      let fills = 0;
      if (this.frame === undefined) {
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, this.width, this.height);
      } else {
        if (this.layout === undefined) {
          this.layout = layoutCells(this.frame, this.view);
          layoutMs = performance.now() - t0;
        }
        if (!this.painted) {
          this.painted = true;
          // User Timing, so a page's first-pixels time can be split into app start-up and heatmap work.
          performance.mark('zonescope:heatmap-first-cells');
        }
        if (this.painter === 'pixels') {
          const w = this.cells.width;
          const h = this.cells.height;
          if (this.image === undefined || this.image.width !== w || this.image.height !== h) this.image = ctx.createImageData(w, h);
          paintCellsPixels(this.image.data, this.layout, w, h);
          ctx.putImageData(this.image, 0, 0);
        } else {
          paintCells(ctx as unknown as Ctx2D, this.layout, this.width, this.height);
          fills = this.layout.runs.filter((r) => r.length > 0).length;
        }
      }
      this.timing = { cellsMs: performance.now() - t0, layoutMs, fills };
    }
    this.drawOverlay();
    this.onDrawn?.(this.frame);
  }

  private drawOverlay(): void {
    const ctx = this.overlayCtx;
    const { width: w, height: h } = this;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const f = this.frame;
    if (f === undefined || f.ncolumns === 0) return;
    const xs = pixelEdges(f.ncolumns, w);
    const ys = pixelEdges(f.nbuckets, h);
    const nb = f.nbuckets;
    // Columns where some node did not report: grey hatching over the column, so a gap in
    // the data never passes for a quiet system.
    if (f.reporting !== undefined) {
      ctx.save();
      ctx.strokeStyle = 'rgba(75, 85, 99, 0.55)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let c = firstReported(f); c < f.ncolumns; c++) {
        const r = f.reporting[c]!;
        if (r < 0 || r >= f.nsources) continue;
        const x0 = xs[c]!;
        const x1 = xs[c + 1]!;
        for (let y = -(x1 - x0); y < h; y += 6) {
          ctx.moveTo(x0, y + (x1 - x0));
          ctx.lineTo(x1, y);
        }
        ctx.rect(x0 + 0.5, 0.5, x1 - x0 - 1, h - 1);
      }
      ctx.stroke();
      ctx.restore();
    }
    const stats = this.columnStats()!;
    const y = yScale(f, h);
    const line = (vals: Float64Array, color: string, dash: number[]) => {
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(dash);
      ctx.beginPath();
      let pen = false;
      for (let c = 0; c < f.ncolumns; c++) {
        const v = vals[c]!;
        if (!Number.isFinite(v)) {
          pen = false;
          continue;
        }
        const py = Math.max(0, Math.min(h, y(Math.max(v, f.scale === 'log' ? f.ymin : v))));
        const xm = (xs[c]! + xs[c + 1]!) / 2;
        if (pen) ctx.lineTo(xm, py);
        else ctx.moveTo(xm, py);
        pen = true;
      }
      ctx.stroke();
      ctx.restore();
    };
    if (this.overlay.showAverage) line(stats.average, '#111827', []);
    if (this.overlay.showP99) line(stats.percentile, '#7c3aed', [5, 3]);
    const outline = (c0: number, c1: number, b0: number, b1: number, color: string, fill?: string) => {
      const x0 = xs[c0]!;
      const x1 = xs[c1 + 1]!;
      const y0 = ys[nb - b1 - 1]!;
      const y1 = ys[nb - b0]!;
      if (fill !== undefined) {
        ctx.fillStyle = fill;
        ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
      }
      ctx.strokeStyle = color;
      ctx.lineWidth = 1;
      ctx.setLineDash([]);
      ctx.strokeRect(x0 + 0.5, y0 + 0.5, Math.max(0, x1 - x0 - 1), Math.max(0, y1 - y0 - 1));
    };
    const b = this.overlay.box;
    if (b !== undefined) outline(b.c0, b.c1, b.b0, b.b1, '#1d4ed8', 'rgba(29, 78, 216, 0.12)');
    const hv = this.overlay.hover;
    if (hv !== undefined) outline(hv.column, hv.column, hv.bucket, hv.bucket, '#111827');
    const cur = this.overlay.cursor;
    if (cur !== undefined) outline(cur.column, cur.column, cur.bucket, cur.bucket, '#1d4ed8');
  }
}
