// Scenario controls (browser main thread, operator only): pick a scenario; per zone change
// cpu_shares, cpu_cap and zfs_io_priority live, start or stop workloads (make a noisy
// neighbour); switch the throttle algorithm. Every change goes through the operator's
// admin routes and is recorded in the address so a shared link replays it.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useBackend, useApi, useDeps } from '../context';
import type { AdminEdit } from '../core/url-state';
import { BUILTIN_SCENARIOS } from '../../sim/scenarios/inputs';
import { applyEdit, fetchScenario, NOISY_WORKLOAD, type LiveScenario, type LiveZone } from './edits';

type Load = { kind: 'loading' } | { kind: 'ready'; s: LiveScenario } | { kind: 'error'; message: string };

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function Admin() {
  const { url } = useDeps();
  const api = useApi();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [node, setNode] = useState<string | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const refresh = useCallback(async () => {
    try {
      setLoad({ kind: 'ready', s: await fetchScenario(api) });
    } catch (e) {
      setLoad({ kind: 'error', message: `The live scenario could not be read: ${messageOf(e)}` });
    }
  }, [api]);
  // Edits apply at the next simulated second: keep reading the live state while the view is open.
  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), 2000);
    return () => clearInterval(t);
  }, [refresh]);

  /** Applies an edit, records it in the address, re-reads the scenario; throws the API's error to the caller. */
  const edit = useCallback(
    async (e: AdminEdit, done: string) => {
      await applyEdit(api, e);
      url.getState().patch({ edits: [...url.getState().view.edits, e] });
      setNote(done);
      await refresh();
    },
    [api, url, refresh],
  );

  if (load.kind === 'loading') return <p role="status">Reading the live scenario…</p>;
  if (load.kind === 'error') return <p role="alert">{load.message}</p>;
  const s = load.s;
  const shown = s.nodes.find((n) => n.hostname === node) ?? s.nodes[0];
  return (
    <section className="admin" aria-labelledby="admin-h">
      <h2 id="admin-h">Scenario controls</h2>
      <ScenarioPicker current={s.name} />
      <Throttle current={s.throttle ?? '2013'} onChange={(t) => edit({ kind: 'throttle', throttle: t }, `Throttle switched to ${t}.`)} />
      {note !== undefined ? (
        <p role="status" className="note">
          {note}
        </p>
      ) : undefined}
      <div className="node-tabs" role="group" aria-label="Compute node">
        {s.nodes.map((n) => (
          <button key={n.hostname} type="button" aria-pressed={n === shown} onClick={() => setNode(n.hostname)}>
            {n.hostname} ({n.zones.length} zones)
          </button>
        ))}
      </div>
      {shown === undefined ? (
        <p className="empty">This scenario has no compute nodes.</p>
      ) : (
        <table className="zones">
          <caption>Zones on {shown.hostname}: change a control and press Apply; it takes effect at the next simulated second.</caption>
          <thead>
            <tr>
              <th scope="col">Zone</th>
              <th scope="col">cpu_shares</th>
              <th scope="col">cpu_cap (% of a CPU)</th>
              <th scope="col">zfs_io_priority</th>
              <th scope="col">Apply</th>
              <th scope="col">Workloads</th>
            </tr>
          </thead>
          <tbody>
            {shown.zones.map((zn) => (
              <ZoneRow key={zn.name} zone={zn} edit={edit} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ScenarioPicker({ current }: { readonly current: string }) {
  const { url } = useDeps();
  const backend = useBackend();
  const id = useId();
  const [choice, setChoice] = useState(current);
  // Blank: the scenario's own seed.
  const [seed, setSeed] = useState(backend.seed === undefined ? '' : String(backend.seed));
  if (backend.mode !== 'tab') return <p>Scenario: {current} (chosen when zonescope serve started).</p>;
  const seedValue = seed.trim() === '' ? undefined : Number(seed);
  const seedOk = seedValue === undefined || (Number.isSafeInteger(seedValue) && seedValue >= 0);
  const changed = choice !== current || seedValue !== backend.seed;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!seedOk) return;
    // A new scenario or seed is a new simulation: the page restarts on it; edits of the old one no longer apply.
    url.getState().patch({ scenario: choice, seed: seedValue, edits: [], instns: undefined, time: undefined, selection: [] });
    window.location.reload();
  };
  return (
    <form className="scenario-form" onSubmit={submit}>
      <label htmlFor={id}>Scenario</label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
        {Object.keys(BUILTIN_SCENARIOS).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-seed`}>Seed</label>
      <input
        id={`${id}-seed`}
        inputMode="numeric"
        size={8}
        placeholder="scenario's"
        value={seed}
        aria-invalid={!seedOk}
        title="the simulator's seed: the same seed runs the same simulation; blank for the scenario's own"
        onChange={(e) => setSeed(e.target.value)}
      />
      <button type="submit" disabled={!changed || !seedOk}>
        Restart on this scenario
      </button>
      {!seedOk && <span className="error">seed: must be an integer {'>='} 0</span>}
    </form>
  );
}

function Throttle({ current, onChange }: { readonly current: 'off' | '2011' | '2013'; readonly onChange: (t: 'off' | '2011' | '2013') => Promise<void> }) {
  const [error, setError] = useState<string | undefined>();
  // The choice shows at once; it reverts if the API refuses it.
  const [pending, setPending] = useState<'off' | '2011' | '2013' | undefined>();
  const busy = pending !== undefined;
  const set = async (t: 'off' | '2011' | '2013'): Promise<void> => {
    setPending(t);
    setError(undefined);
    try {
      await onChange(t);
    } catch (e) {
      setError(`Throttle not changed: ${messageOf(e)}`);
    } finally {
      setPending(undefined);
    }
  };
  const labels = { '2013': '2013 (zone-aware)', '2011': '2011 (original)', off: 'off' } as const;
  return (
    <fieldset className="throttle" disabled={busy}>
      <legend>ZFS I/O throttle algorithm</legend>
      {(['2013', '2011', 'off'] as const).map((t) => (
        <label key={t}>
          <input type="radio" name="throttle" value={t} checked={(pending ?? current) === t} onChange={() => void set(t)} />
          {labels[t]}
        </label>
      ))}
      {error !== undefined ? <span role="alert">{error}</span> : undefined}
    </fieldset>
  );
}

function intOrUndefined(v: string): number | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isInteger(n) && n >= 0 ? n : Number.NaN;
}

function ZoneRow({ zone, edit }: { readonly zone: LiveZone; readonly edit: (e: AdminEdit, done: string) => Promise<void> }) {
  const [shares, setShares] = useState(String(zone.cpu_shares ?? 100));
  const [cap, setCap] = useState(zone.cpu_cap === undefined || zone.cpu_cap === null ? '' : String(zone.cpu_cap));
  const [prio, setPrio] = useState(String(zone.zfs_io_priority ?? 100));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const apply = (): Promise<void> =>
    run(async () => {
      const s = intOrUndefined(shares);
      const c = intOrUndefined(cap);
      const p = intOrUndefined(prio);
      if (Number.isNaN(s) || s === undefined) throw new Error('cpu_shares must be a whole number, 0 or more');
      if (Number.isNaN(c)) throw new Error('cpu_cap must be a whole number of percent of one CPU, or empty for no cap');
      if (Number.isNaN(p) || p === undefined) throw new Error('zfs_io_priority must be a whole number, 0 or more');
      await edit({ kind: 'zone', zonename: zone.name, cpu_shares: s, cpu_cap: c ?? null, zfs_io_priority: p }, `${zone.name}: cpu_shares ${s}, cpu_cap ${c ?? 'none'}, zfs_io_priority ${p}.`);
    });
  const n = zone.name;
  return (
    <tr aria-busy={busy}>
      <th scope="row">
        {n}
        {zone.owner !== undefined ? <small> ({zone.owner})</small> : undefined}
      </th>
      <td>
        <input aria-label={`cpu_shares of ${n}`} inputMode="numeric" size={6} value={shares} onChange={(e) => setShares(e.target.value)} />
      </td>
      <td>
        <input aria-label={`cpu_cap of ${n}`} inputMode="numeric" size={6} placeholder="none" value={cap} onChange={(e) => setCap(e.target.value)} />
      </td>
      <td>
        <input aria-label={`zfs_io_priority of ${n}`} inputMode="numeric" size={6} value={prio} onChange={(e) => setPrio(e.target.value)} />
      </td>
      <td>
        <button type="button" disabled={busy} onClick={() => void apply()} aria-label={`Apply controls of ${n}`}>
          Apply
        </button>
        {error !== undefined ? (
          <span role="alert" className="error">
            {error}
          </span>
        ) : undefined}
      </td>
      <td>
        <ul className="workloads">
          {zone.workloads.map((w, i) => (
            <li key={i}>
              {String(w['execname'] ?? w.kind)} <small>({w.kind})</small>{' '}
              {typeof w['until'] === 'number' ? (
                <small className="stopped">stopped at {w['until']} s</small>
              ) : (
              <button
                type="button"
                disabled={busy}
                aria-label={`Stop workload ${i} (${String(w['execname'] ?? w.kind)}) of ${n}`}
                onClick={() => void run(() => edit({ kind: 'workload-remove', zonename: n, index: i }, `${n}: workload ${i} stopped.`))}
              >
                Stop
              </button>
              )}
            </li>
          ))}
        </ul>
        {zone.brand !== 'kvm' ? (
          <button
            type="button"
            disabled={busy}
            aria-label={`Start a noisy I/O workload in ${n}`}
            onClick={() => void run(() => edit({ kind: 'workload-add', zonename: n, workload: { ...NOISY_WORKLOAD } }, `${n}: noisy random reads started.`))}
          >
            + noisy I/O
          </button>
        ) : undefined}
      </td>
    </tr>
  );
}
