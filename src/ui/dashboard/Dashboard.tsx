// The dashboard view (browser main thread): one panel per instrumentation, each with its
// title, a one-line explanation, the live heatmap, the keys reporting now (select them;
// show only the selection), exports, clone and delete. Loading, empty and failed states
// are said where they happen.
import { useEffect, useRef, useState } from 'react';
import { useApi, useDeps } from '../context';
import { liveStoreFor } from '../stores/live';
import { findMetric, isNumericField } from '../core/catalog';
import { useDashboard, type LoadStatus, type Panel as PanelData } from '../stores/dashboard';
import { useUrl } from '../stores/url';
import { basePathOf, useSession } from '../stores/session';

const NO_PANELS: readonly PanelData[] = [];
const SWITCHING: LoadStatus = { kind: 'loading', what: 'Switching dashboards' };
import { Heatmap } from '../heatmap/Heatmap';
import { ZoneSummary } from './ZoneSummary';
import { exportHeatmap, type ExportKind } from './exports';

export function Dashboard() {
  const { dashboard, url, session } = useDeps();
  const api = useApi();
  // A link's time opens every panel scrolled back to it; from then on the address follows
  // the panels: the end of a scrolled-back one, or nothing while all are live.
  const openedAt = useRef(url.getState().view.time).current;
  useEffect(() => {
    const live = liveStoreFor(api);
    let mounted = false;
    return live.store.subscribe((s) => {
      const entries = Object.values(s.entries);
      // Until a panel watches, the link's time stands (panels mount one per frame).
      if (!mounted && entries.length === 0) return;
      mounted = true;
      const time = entries.find((e) => e.endTime !== undefined)?.endTime;
      if (time !== url.getState().view.time) url.getState().patch({ time });
    });
  }, [api, url]);
  const identity = useSession(session, (s) => s.identity);
  const base = useDashboard(dashboard, (s) => s.base);
  const mine = identity !== undefined && base === basePathOf(identity);
  // Right after a switch of identity the store still holds the previous one's panels: show none of them.
  const status = useDashboard(dashboard, (s) => (mine ? s.status : SWITCHING));
  const panels = useDashboard(dashboard, (s) => (mine ? s.panels : NO_PANELS));
  return (
    <section className="dashboard" aria-labelledby="dash-h">
      <h2 id="dash-h" className="visually-hidden">
        Dashboard
      </h2>
      {status.kind === 'loading' ? (
        <p role="status" className="progress">
          <span className="spinner" aria-hidden="true" /> {status.what}…
        </p>
      ) : undefined}
      {status.kind === 'error' ? <p role="alert">{status.message}</p> : undefined}
      {status.kind === 'ready' && panels.length === 0 ? (
        <p className="empty">
          No instrumentations on this dashboard.{' '}
          <button type="button" onClick={() => url.getState().patch({ view: 'builder' })}>
            Build one
          </button>
        </p>
      ) : undefined}
      <div className="panels">
        {panels.map((p) => (
          <Panel key={p.uri} panel={p} openedAt={openedAt} />
        ))}
      </div>
    </section>
  );
}

function Panel({ panel, openedAt }: { readonly panel: PanelData; readonly openedAt: number | undefined }) {
  const { dashboard, url } = useDeps();
  const api = useApi();
  const catalog = useDashboard(dashboard, (s) => s.catalog);
  const selection = useUrl(url, (s) => s.view.selection);
  const [isolate, setIsolate] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const numeric = catalog === undefined ? undefined : panel.spec.decomposition.find((f) => isNumericField(catalog, f));
  const metric = catalog === undefined ? undefined : findMetric(catalog, panel.spec.module, panel.spec.stat);
  const numericType = numeric === undefined ? metric?.type : catalog?.fields[numeric]?.type;
  const present = selection;
  const headingId = `panel-${panel.uri.replace(/[^a-z0-9]+/gi, '-')}`;

  const act = async (what: string, f: () => Promise<string | void>): Promise<void> => {
    setBusy(what);
    setMessage(undefined);
    try {
      const r = await f();
      if (typeof r === 'string') setMessage({ kind: 'ok', text: r });
    } catch (e) {
      setMessage({ kind: 'error', text: `${what} failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(undefined);
    }
  };
  const toggle = (key: string): void => {
    const cur = url.getState().view.selection;
    url.getState().patch({ selection: cur.includes(key) ? cur.filter((k) => k !== key) : [...cur, key] });
  };
  const exp = (kind: ExportKind) => act(`Export ${kind.toUpperCase()}`, async () => `Saved ${await exportHeatmap(api, panel.uri, panel.title, kind, { selected: present, isolate })}`);

  return (
    <article className="panel" aria-labelledby={headingId} data-uri={panel.uri}>
      <h3 id={headingId}>{panel.title}</h3>
      <p className="explain">{panel.explanation}</p>
      <Heatmap
        instn={{ uri: panel.uri, title: panel.title, explanation: panel.explanation, module: panel.spec.module, stat: panel.spec.stat, decomposition: panel.spec.decomposition, 'value-arity': panel.arity }}
        api={api}
        selected={present}
        isolate={isolate}
        onSelectionChange={(keys) => url.getState().patch({ selection: keys })}
        onDrillDown={(c) => void act('Adding the drill-down', async () => `Added “${(await dashboard.getState().adopt(c.uri)).title}” to the dashboard`)}
        initialEnd={openedAt}
      />
      <ZoneSummary
        api={api}
        uri={panel.uri}
        title={panel.title}
        numericType={numericType}
        meanOnly={panel.spec.module === 'cpu' && panel.spec.stat === 'zones'}
        selected={present}
        isolate={isolate}
        onToggle={toggle}
      />
      <div className="panel-actions">
        <label>
          <input type="checkbox" checked={isolate} onChange={(e) => setIsolate(e.target.checked)} disabled={present.length === 0} />
          Show only selected{present.length > 0 ? ` (${present.join(', ')})` : ' (select a key above first)'}
        </label>
        {panel.arity === 'numeric-decomposition' ? (
          <>
            <button type="button" disabled={busy !== undefined} onClick={() => void exp('png')} aria-label={`Export ${panel.title} as PNG`}>
              PNG
            </button>
            <button type="button" disabled={busy !== undefined} onClick={() => void exp('csv')} aria-label={`Export ${panel.title} data as CSV`}>
              CSV
            </button>
            <button type="button" disabled={busy !== undefined} onClick={() => void exp('json')} aria-label={`Export ${panel.title} data as JSON`}>
              JSON
            </button>
          </>
        ) : undefined}
        <button
          type="button"
          disabled={busy !== undefined}
          aria-label={`Clone ${panel.title} into the builder`}
          onClick={() => {
            dashboard.getState().setCloneFrom(panel);
            url.getState().patch({ view: 'builder' });
          }}
        >
          Clone…
        </button>
        <button type="button" disabled={busy !== undefined} aria-label={`Delete ${panel.title}`} onClick={() => void act('Delete', async () => dashboard.getState().remove(panel))}>
          Delete
        </button>
      </div>
      {busy !== undefined ? <p role="status">{busy}…</p> : undefined}
      {message !== undefined ? <p role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p> : undefined}
    </article>
  );
}
