// The one redraw scheduler of the UI (browser main thread; pure TS, no React). Every
// canvas registers a draw function and asks for a redraw when its data or view changed;
// requests are coalesced so that each canvas draws at most once per animation frame, all
// of them in the same frame callback (Perfetto's raf scheduler). Data arrives at 1 Hz per
// heatmap through store subscriptions, so without coalescing eight heatmaps plus hover
// overlays would schedule dozens of uncoordinated frames a second.

/** The frame source: requestAnimationFrame in the browser, a manual queue in tests. */
export interface FrameSource {
  request(cb: () => void): void;
}

export interface Redraw {
  /** Draw at the next frame (several calls before it draw once). */
  request(): void;
  /** Stop drawing: the function is never called again, even if a request is pending. */
  dispose(): void;
}

export interface FrameStats {
  /** Frames run so far. */
  readonly frames: number;
  /** Draw functions called so far. */
  readonly draws: number;
  /** Duration of the last frame's draws (ms). */
  readonly lastFrameMs: number;
  /** The longest frame so far (ms). */
  readonly maxFrameMs: number;
}

export interface RedrawScheduler {
  register(draw: () => void): Redraw;
  /** Runs the pending draws now (tests, and a canvas that must be up to date before a read-back). */
  flush(): void;
  stats(): FrameStats;
}

export interface SchedulerOptions {
  readonly frames?: FrameSource;
  /** A draw that throws is reported here; the other draws of the frame still run. */
  readonly onError?: (e: unknown) => void;
  readonly now?: () => number;
}

export function createScheduler(o: SchedulerOptions = {}): RedrawScheduler {
  const frames: FrameSource = o.frames ?? { request: (cb) => void requestAnimationFrame(() => cb()) };
  const now = o.now ?? (() => performance.now());
  const onError =
    o.onError ??
    ((e: unknown) => {
      // A broken canvas must not stop the others; surface it without crashing the frame.
      queueMicrotask(() => {
        throw e;
      });
    });
  // Insertion-ordered, so canvases draw in a stable order frame after frame.
  const pending = new Set<() => void>();
  let scheduled = false;
  let nframes = 0;
  let ndraws = 0;
  let lastFrameMs = 0;
  let maxFrameMs = 0;

  const run = (): void => {
    scheduled = false;
    if (pending.size === 0) return;
    const t0 = now();
    const batch = [...pending];
    pending.clear();
    for (const draw of batch) {
      try {
        ndraws++;
        draw();
      } catch (e) {
        onError(e);
      }
    }
    nframes++;
    lastFrameMs = now() - t0;
    maxFrameMs = Math.max(maxFrameMs, lastFrameMs);
  };

  return {
    register(draw) {
      let live = true;
      return {
        request() {
          if (!live) return;
          pending.add(draw);
          if (!scheduled) {
            scheduled = true;
            frames.request(run);
          }
        },
        dispose() {
          live = false;
          pending.delete(draw);
        },
      };
    },
    flush: run,
    stats: () => ({ frames: nframes, draws: ndraws, lastFrameMs, maxFrameMs }),
  };
}

let shared: RedrawScheduler | undefined;

/** The page's scheduler (created on first use); components take another one as a prop in tests and benches. */
export function pageScheduler(): RedrawScheduler {
  shared ??= createScheduler();
  return shared;
}
