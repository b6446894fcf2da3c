// The one-click demo (browser main thread, operator only): gives a zone on a quiet node a
// heavy random-read workload, so the ZFS throttle heatmap shows it being held back.
import { useState } from 'react';
import { useApi, useDeps } from '../context';
import { applyEdit, fetchScenario, NOISY_WORKLOAD, noisyTarget } from './edits';

export function NoisyNeighbourButton() {
  const { url } = useDeps();
  const api = useApi();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string }>({ kind: 'idle' });
  const run = async (): Promise<void> => {
    setState({ kind: 'busy' });
    try {
      const t = noisyTarget(await fetchScenario(api));
      if (t === undefined) throw new Error('this scenario has no zone to make noisy');
      const edit = { kind: 'workload-add' as const, zonename: t.zonename, workload: { ...NOISY_WORKLOAD } };
      await applyEdit(api, edit);
      url.getState().patch({ edits: [...url.getState().view.edits, edit] });
      setState({ kind: 'done', text: `${t.zonename} on ${t.hostname} now reads 24 × 1 MiB at random: watch the ZFS throttle heatmap.` });
    } catch (e) {
      setState({ kind: 'error', text: `No noisy neighbour: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return (
    <div className="demo-action">
      <button type="button" onClick={() => void run()} disabled={state.kind === 'busy'}>
        {state.kind === 'busy' ? 'Making a noisy neighbour…' : 'Make a noisy neighbour'}
      </button>
      {state.kind === 'done' ? <span role="status">{state.text}</span> : undefined}
      {state.kind === 'error' ? <span role="alert">{state.text}</span> : undefined}
    </div>
  );
}
