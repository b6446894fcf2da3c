// The simulation's speed, 1x to 60x (browser main thread, operator only): read with GET
// /ca/admin/speed and changed live with PUT /ca/admin/speed, in the tab or behind
// zonescope serve. In the tab the address records it too, so a shared link starts there.
import { useEffect, useId, useState } from 'react';
import { z } from 'zod';
import { useApi, useBackend, useDeps } from '../context';

export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;

const speedSchema = z.object({ speed: z.number(), speed_range: z.object({ min: z.number(), max: z.number() }) }).loose();

export function SpeedControl() {
  const { url } = useDeps();
  const api = useApi();
  const backend = useBackend();
  const id = useId();
  const [state, setState] = useState<z.infer<typeof speedSchema> | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let stop = false;
    api
      .json('GET', '/ca/admin/speed')
      .then((v) => !stop && setState(speedSchema.parse(v)))
      .catch((e: unknown) => !stop && setError(`Speed unknown: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      stop = true;
    };
  }, [api]);
  const change = async (x: number): Promise<void> => {
    setError(undefined);
    setBusy(true);
    try {
      setState(speedSchema.parse(await api.json('PUT', '/ca/admin/speed', { body: { speed: x } })));
      if (backend.mode === 'tab') url.getState().patch({ speed: x });
    } catch (e) {
      setError(`Speed not changed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const range = state?.speed_range ?? { min: 1, max: 60 };
  const speeds = [...new Set([...SPEEDS.filter((s) => s >= range.min && s <= range.max), ...(state === undefined ? [] : [state.speed])])].sort((a, b) => a - b);
  return (
    <div className="speed">
      <label htmlFor={id}>Speed</label>
      <select id={id} value={state?.speed ?? ''} disabled={busy || state === undefined} onChange={(e) => void change(Number(e.target.value))}>
        {state === undefined ? <option value="">…</option> : undefined}
        {speeds.map((s) => (
          <option key={s} value={s}>
            {s === 0 ? 'flat out' : `${s}x`}
          </option>
        ))}
      </select>
      {busy ? <span role="status">Changing speed…</span> : undefined}
      {error !== undefined ? <span role="alert">{error}</span> : undefined}
    </div>
  );
}
