// The instrumentation builder (browser main thread): menus built entirely from GET /ca
// (module, metric, a discrete and a numeric decomposition, a predicate of field /
// operator / value rows), creating through POST …/instrumentations or, when cloning a
// panel, POST …/instrumentations/:id/clone; and the list of the caller's
// instrumentations with delete and clone.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { useApi, useDeps } from '../context';
import { findMetric, isNumericField, type Catalog } from '../core/catalog';
import type { InstnSpec } from '../core/url-state';
import { instnJsonSchema, panelOf, useDashboard, type InstnJson, type Panel } from '../stores/dashboard';
import { basePathOf, useSession } from '../stores/session';
import { fromPredicate, OP_LABELS, OPS, toPredicate, type Condition, type Join, type Op } from './predicate';

export function Builder() {
  const { dashboard, session, url } = useDeps();
  // Kept here, outside the form: creating a clone resets the form (a new key) but the news stays.
  const [done, setDone] = useState<string | undefined>();
  const identity = useSession(session, (s) => s.identity);
  const base = useDashboard(dashboard, (s) => s.base);
  const catalog = useDashboard(dashboard, (s) => s.catalog);
  const status = useDashboard(dashboard, (s) => s.status);
  const cloneFrom = useDashboard(dashboard, (s) => s.cloneFrom);
  // Right after a switch of identity the store still holds the previous one's catalog.
  if (identity === undefined || base !== basePathOf(identity)) return <p role="status">Switching…</p>;
  if (catalog === undefined) {
    return status.kind === 'error' ? <p role="alert">{status.message}</p> : <p role="status">Reading the metric catalog…</p>;
  }
  return (
    <div className="builder-view">
      <BuilderForm key={cloneFrom?.uri ?? 'new'} catalog={catalog} cloneFrom={cloneFrom} onCreated={setDone} />
      {done !== undefined ? (
        <p role="status" className="note">
          {done}{' '}
          <button type="button" onClick={() => url.getState().patch({ view: 'dashboard' })}>
            Go to the dashboard
          </button>
        </p>
      ) : undefined}
      <InstnList catalog={catalog} />
    </div>
  );
}

function BuilderForm({ catalog, cloneFrom, onCreated }: { readonly catalog: Catalog; readonly cloneFrom: Panel | undefined; readonly onCreated: (text: string | undefined) => void }) {
  const { dashboard } = useDeps();
  const ids = { module: useId(), stat: useId(), discrete: useId(), numeric: useId(), join: useId() };
  const modules = Object.entries(catalog.modules);
  const start = cloneFrom?.spec;
  const [module, setModule] = useState(start?.module ?? modules[0]?.[0] ?? '');
  const stats = catalog.metrics.filter((m) => m.module === module);
  const [stat, setStat] = useState(start?.stat ?? stats[0]?.stat ?? '');
  const metric = findMetric(catalog, module, stat);
  const fields = metric?.fields ?? [];
  const discreteFields = fields.filter((f) => !isNumericField(catalog, f));
  const numericFields = fields.filter((f) => isNumericField(catalog, f));
  const initialPred = start === undefined ? { rows: [], join: 'and' as Join } : (fromPredicate(start.predicate) ?? { rows: [], join: 'and' as Join });
  const [discrete, setDiscrete] = useState(start?.decomposition.find((f) => !isNumericField(catalog, f)) ?? '');
  const [numeric, setNumeric] = useState(start?.decomposition.find((f) => isNumericField(catalog, f)) ?? '');
  const [rows, setRows] = useState<Condition[]>(initialPred.rows);
  const [join, setJoin] = useState<Join>(initialPred.join);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const chooseModule = (m: string): void => {
    setModule(m);
    setStat(catalog.metrics.find((x) => x.module === m)?.stat ?? '');
    setDiscrete('');
    setNumeric('');
    setRows([]);
  };
  const chooseStat = (s: string): void => {
    setStat(s);
    setDiscrete('');
    setNumeric('');
    setRows([]);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(undefined);
    onCreated(undefined);
    let spec: InstnSpec;
    try {
      if (metric === undefined) throw new Error('choose a metric');
      const predicate = toPredicate(rows, join, (f) => isNumericField(catalog, f));
      spec = { module, stat, decomposition: [discrete, numeric].filter((f) => f !== ''), predicate };
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    setBusy(true);
    try {
      const p = cloneFrom === undefined ? await dashboard.getState().add(spec) : await dashboard.getState().clone(cloneFrom, { decomposition: spec.decomposition, predicate: spec.predicate });
      onCreated(`Created “${p.title}” and added it to the dashboard.`);
      dashboard.getState().setCloneFrom(undefined);
    } catch (err) {
      setError(`The API refused it: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="builder" onSubmit={(e) => void submit(e)} aria-labelledby="builder-h">
      <h2 id="builder-h">{cloneFrom === undefined ? 'Build an instrumentation' : `Clone “${cloneFrom.title}”`}</h2>
      <div className="row">
        <label htmlFor={ids.module}>Module</label>
        <select id={ids.module} value={module} onChange={(e) => chooseModule(e.target.value)} disabled={cloneFrom !== undefined}>
          {modules.map(([k, v]) => (
            <option key={k} value={k}>
              {v.label} ({k})
            </option>
          ))}
        </select>
        <label htmlFor={ids.stat}>Metric</label>
        <select id={ids.stat} value={stat} onChange={(e) => chooseStat(e.target.value)} disabled={cloneFrom !== undefined}>
          {stats.map((m) => (
            <option key={m.stat} value={m.stat}>
              {m.label} ({m.stat})
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <label htmlFor={ids.discrete}>Decompose by</label>
        <select id={ids.discrete} value={discrete} onChange={(e) => setDiscrete(e.target.value)}>
          <option value="">nothing</option>
          {discreteFields.map((f) => (
            <option key={f} value={f}>
              {catalog.fields[f]?.label ?? f} ({f})
            </option>
          ))}
        </select>
        <label htmlFor={ids.numeric}>and by (heatmap axis)</label>
        <select id={ids.numeric} value={numeric} onChange={(e) => setNumeric(e.target.value)}>
          <option value="">nothing (no heatmap)</option>
          {numericFields.map((f) => (
            <option key={f} value={f}>
              {catalog.fields[f]?.label ?? f} ({f})
            </option>
          ))}
        </select>
      </div>
      <fieldset className="predicate">
        <legend>Only where (predicate)</legend>
        {rows.length === 0 ? <p className="empty">No conditions: everything {metric === undefined ? '' : `the ${metric.label} metric`} sees.</p> : undefined}
        {rows.length > 1 ? (
          <div className="row">
            <label htmlFor={ids.join}>Combine conditions with</label>
            <select id={ids.join} value={join} onChange={(e) => setJoin(e.target.value as Join)}>
              <option value="and">and (all of them)</option>
              <option value="or">or (any of them)</option>
            </select>
          </div>
        ) : undefined}
        {rows.map((r, i) => (
          <div className="row" key={i}>
            <select aria-label={`Field of condition ${i + 1}`} value={r.field} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, field: e.target.value } : x)))}>
              {fields.map((f) => (
                <option key={f} value={f}>
                  {catalog.fields[f]?.label ?? f} ({f})
                </option>
              ))}
            </select>
            <select aria-label={`Operator of condition ${i + 1}`} value={r.op} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, op: e.target.value as Op } : x)))}>
              {OPS.map((o) => (
                <option key={o} value={o}>
                  {OP_LABELS[o]}
                </option>
              ))}
            </select>
            <input aria-label={`Value of condition ${i + 1}`} value={r.value} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
            <button type="button" aria-label={`Remove condition ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" disabled={fields.length === 0} onClick={() => setRows([...rows, { field: fields[0] ?? '', op: 'eq', value: '' }])}>
          Add a condition
        </button>
      </fieldset>
      <div className="row">
        <button type="submit" disabled={busy || metric === undefined}>
          {busy ? 'Creating…' : cloneFrom === undefined ? 'Create instrumentation' : 'Create the clone'}
        </button>
        {cloneFrom !== undefined ? (
          <button type="button" onClick={() => dashboard.getState().setCloneFrom(undefined)}>
            Cancel cloning
          </button>
        ) : undefined}
        {error !== undefined ? <span role="alert">{error}</span> : undefined}
      </div>
    </form>
  );
}

/** Every instrumentation in the caller's namespace, on the dashboard or not. */
function InstnList({ catalog }: { readonly catalog: Catalog }) {
  const { dashboard } = useDeps();
  const api = useApi();
  const base = useDashboard(dashboard, (s) => s.base);
  const panels = useDashboard(dashboard, (s) => s.panels);
  const [list, setList] = useState<InstnJson[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  /** Bumped after each action here, so the list is read again once the API has done it. */
  const [version, setVersion] = useState(0);
  const shown = useMemo(() => new Set(panels.map((p) => p.uri)), [panels]);
  useEffect(() => {
    if (base === undefined) return;
    let stop = false;
    api
      .json('GET', `${base}/instrumentations`)
      .then((v) => !stop && setList(z.array(instnJsonSchema).parse(v)))
      .catch((e: unknown) => !stop && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      stop = true;
    };
  }, [api, base, panels, version]);
  const run = async (f: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  };
  return (
    <section className="instn-list" aria-labelledby="list-h">
      <h2 id="list-h">Your instrumentations</h2>
      {error !== undefined ? <p role="alert">{error}</p> : undefined}
      {list === undefined && error === undefined ? <p role="status">Listing instrumentations…</p> : undefined}
      {list !== undefined && list.length === 0 ? <p className="empty">None yet: build one above.</p> : undefined}
      {list !== undefined && list.length > 0 ? (
        <ul>
          {list.map((j) => {
            const p = panelOf(catalog, j);
            return (
              <li key={j.uri}>
                <span>
                  #{j.id} {p.title}
                  {shown.has(j.uri) ? <small> (on the dashboard)</small> : undefined}
                </span>{' '}
                <button type="button" disabled={busy} aria-label={`Clone ${p.title} (#${j.id})`} onClick={() => dashboard.getState().setCloneFrom(p)}>
                  Clone
                </button>{' '}
                <button type="button" disabled={busy} aria-label={`Delete ${p.title} (#${j.id})`} onClick={() => void run(() => dashboard.getState().remove(p))}>
                  Delete
                </button>
              </li>
            );
          })}
        </ul>
      ) : undefined}
    </section>
  );
}
