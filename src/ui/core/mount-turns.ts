// Staggered mounting of heavy panels (browser main thread; pure TS, no React). A page that
// opens with eight heatmaps would mount all of them in one React commit: eight canvases,
// d3 axes, legends and first draws in a single 70-80 ms main-thread task. Instead at most
// one heavy panel mounts per frame: the first at once, each next one after the browser
// painted (an animation frame, then a macrotask so the paint really happened), so every
// task stays short and the first heatmap paints as early as it can.

type Waiter = () => boolean;

let taken = false;
const queue: Waiter[] = [];

const nextFrame = (cb: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => void setTimeout(cb, 0));
  else setTimeout(cb, 16);
};

function take(): void {
  taken = true;
  nextFrame(release);
}

function release(): void {
  taken = false;
  // A waiter that unmounted meanwhile says so (false) and gives its turn to the next one.
  while (queue.length > 0) {
    if (queue.shift()!()) {
      take();
      return;
    }
  }
}

/** True if a heavy panel may mount in this frame (and the frame's turn is now used). */
export function claimTurn(): boolean {
  if (taken) return false;
  take();
  return true;
}

/**
 * Waits for a turn: `go` is called when it is this waiter's (at most one per frame).
 * Returns a cancel function; a cancelled waiter's turn passes to the next.
 */
export function awaitTurn(go: () => void): () => void {
  let live = true;
  queue.push(() => {
    if (live) go();
    return live;
  });
  if (!taken) release();
  return () => {
    live = false;
  };
}
