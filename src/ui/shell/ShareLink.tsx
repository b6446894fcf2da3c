// "Copy a link to this view" (browser main thread): the address already holds the view
// (scenario, speed, dashboard, live edits, selection; never a token), so sharing is
// copying it. Where the clipboard is refused the link is shown to copy by hand.
import { useState } from 'react';

export function ShareLink() {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; link: string }>({ kind: 'idle' });
  const copy = async (): Promise<void> => {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      setState({ kind: 'copied' });
    } catch {
      setState({ kind: 'manual', link });
    }
  };
  return (
    <div className="share">
      <button type="button" onClick={() => void copy()}>
        Copy link to this view
      </button>
      {state.kind === 'copied' ? <span role="status">Link copied (it holds the view and live edits, never a token).</span> : undefined}
      {state.kind === 'manual' ? (
        <input aria-label="Link to this view" readOnly value={state.link} size={40} onFocus={(e) => e.target.select()} autoFocus />
      ) : undefined}
    </div>
  );
}
