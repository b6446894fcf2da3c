// The simulation's speed, 1x to 60x (browser main thread). Live when the back end can
// change it in place; otherwise the address records the speed and the page restarts the
// simulation at it (the dashboard and the live edits come back from the address).
import { useId, useState } from 'react';
import { useBackend, useDeps } from '../context';
import { useUrl } from '../stores/url';

export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;

export function SpeedControl() {
  const { url } = useDeps();
  const backend = useBackend();
  const speed = useUrl(url, (s) => s.view.speed ?? 1);
  const id = useId();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (backend.mode !== 'tab') return undefined;
  const change = async (x: number): Promise<void> => {
    setError(undefined);
    url.getState().patch({ speed: x });
    if (backend.setSpeed === undefined) {
      window.location.reload();
      return;
    }
    setBusy(true);
    try {
      await backend.setSpeed(x);
    } catch (e) {
      setError(`Speed not changed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="speed">
      <label htmlFor={id}>Speed</label>
      <select id={id} value={speed} disabled={busy} onChange={(e) => void change(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}x
          </option>
        ))}
      </select>
      {error !== undefined ? <span role="alert">{error}</span> : undefined}
    </div>
  );
}
