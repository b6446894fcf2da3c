// A live heatmap of a running script's distribution aggregation (browser main thread):
// one column per second (what arrived since the previous poll), one row per power-of-two
// or linear bucket the aggregation has used, darker for more.
import { useEffect, useRef } from 'react';

const W = 600;
const H = 200;

export function ScriptHeatmap({ name, columns }: { readonly name: string; readonly columns: readonly ReadonlyMap<number, number>[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const buckets = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort((a, b) => a - b);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx === undefined || ctx === null) return;
    ctx.clearRect(0, 0, W, H);
    if (buckets.length === 0) return;
    const cw = W / 60;
    const bh = H / buckets.length;
    let max = 0;
    for (const c of columns) for (const n of c.values()) max = Math.max(max, n);
    columns.forEach((c, x) => {
      for (const [lo, n] of c) {
        const row = buckets.indexOf(lo);
        ctx.fillStyle = `rgba(30, 90, 200, ${(0.15 + 0.85 * Math.sqrt(n / (max || 1))).toFixed(3)})`;
        ctx.fillRect((60 - columns.length + x) * cw, H - (row + 1) * bh, Math.ceil(cw), Math.ceil(bh));
      }
    });
  });
  const lo = buckets[0];
  const hi = buckets[buckets.length - 1];
  return (
    <figure className="script-heatmap">
      <canvas
        ref={canvas}
        width={W}
        height={H}
        role="img"
        aria-label={`@${name}: ${columns.length} seconds, ${buckets.length} buckets${lo === undefined ? '' : ` from ${lo} to ${hi}`}`}
        data-filled={buckets.length > 0 ? 'true' : 'false'}
      />
      <figcaption>
        @{name}, one column per second{lo === undefined ? ' (waiting for data)' : `: buckets ${lo} … ${hi}, low at the bottom`}
      </figcaption>
    </figure>
  );
}
