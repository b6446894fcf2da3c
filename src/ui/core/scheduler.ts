// The one redraw scheduler of the UI (browser main thread; pure TS, no React). Every
// canvas registers a draw function and asks for a redraw when its data or view changed;
// requests are coalesced so that each canvas draws at most once per animation frame, all
// of them in the same frame callback (Perfetto's raf scheduler). Data arrives at 1 Hz per
// heatmap through store subscriptions, so without coalescing eight heatmaps plus hover
// overlays would schedule dozens of uncoordinated frames a second. A frame stops starting
// new draws once it has used its budget and leaves the rest to the next frame, so eight
// heatmaps whose data arrived together never make one long main-thread task.

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
  /** Runs every pending draw now, whatever the budget (tests, and a canvas that must be up to date before a read-back). */
  flush(): void;
  stats(): FrameStats;
}

export interface SchedulerOptions {
  readonly frames?: FrameSource;
  /** A draw that throws is reported here; the other draws of the frame still run. */
  readonly onError?: (e: unknown) => void;
  readonly now?: () => number;
  /** A frame starts no new draw after this many ms (default 8); the rest wait for the next frame. */
  readonly frameBudgetMs?: number;
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

  const budget = o.frameBudgetMs ?? 8;
  const schedule = (): void => {
    if (!scheduled) {
      scheduled = true;
      frames.request(run);
    }
  };
  const runFrame = (limit: number): void => {
    scheduled = false;
    if (pending.size === 0) return;
    const t0 = now();
    // Only what was pending when the frame began: a draw that asks again waits a frame.
    const batch = [...pending];
    for (const draw of batch) {
      if (now() - t0 >= limit) break;
      pending.delete(draw);
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
    if (pending.size > 0) schedule();
  };
  const run = (): void => runFrame(budget);

  return {
    register(draw) {
      let live = true;
      return {
        request() {
          if (!live) return;
          pending.add(draw);
          schedule();
        },
        dispose() {
          live = false;
          pending.delete(draw);
        },
      };
    },
    flush: () => runFrame(Infinity),
    stats: () => ({ frames: nframes, draws: ndraws, lastFrameMs, maxFrameMs }),
  };
}

let shared: RedrawScheduler | undefined;

/** The page's scheduler (created on first use); components take another one as a prop in tests and benches. */
export function pageScheduler(): RedrawScheduler {
  shared ??= createScheduler();
  return shared;
}
