// The application shell (browser main thread): waits for the back end with a progress
// state, signs the operator in by default (in the tab), then shows the header (sign-in
// switcher, speed, the noisy-neighbour demo, scenario) and one view at a time: the
// dashboard, the instrumentation builder, the D console, the scenario controls.
import { use, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApiClient } from './api-client';
import { ApiContext, BackendContext, DepsContext, useBackend, useDeps, type AppDeps, type Backend } from './context';
import { VIEWS, type View } from './core/url-state';
import { dashboardKey } from './core/persist';
import { basePathOf, whoOf } from './stores/session';
import { useSession } from './stores/session';
import { useUrl } from './stores/url';
import { Dashboard } from './dashboard/Dashboard';
import { SignIn } from './shell/SignIn';
import { SpeedControl } from './shell/SpeedControl';
import { ShareLink } from './shell/ShareLink';
import { NoisyNeighbourButton } from './admin/NoisyNeighbour';
import { replayEdits } from './admin/edits';
import { lazy, Suspense } from 'react';

// The builder, the console (CodeMirror) and the scenario controls load when first opened,
// so the first look (the dashboard) parses as little as possible.
const Builder = lazy(() => import('./builder/Builder').then((m) => ({ default: m.Builder })));
const Console = lazy(() => import('./console/Console').then((m) => ({ default: m.Console })));
const Admin = lazy(() => import('./admin/Admin').then((m) => ({ default: m.Admin })));
import { ErrorBoundary } from './shell/ErrorBoundary';

export function App({ deps, backend }: { readonly deps: AppDeps; readonly backend: Promise<Backend> }) {
  return (
    <DepsContext.Provider value={deps}>
      <ErrorBoundary fallback={(e) => <Starting failed={e.message} />}>
        <Suspense fallback={<Starting />}>
          <Started backend={backend} />
        </Suspense>
      </ErrorBoundary>
    </DepsContext.Provider>
  );
}

function Starting({ failed }: { readonly failed?: string }) {
  return (
    <main className="boot">
      <p className="brand">zonescope</p>
      {failed === undefined ? (
        <p role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> Starting the simulated datacenter…
        </p>
      ) : (
        <p role="alert">The simulated datacenter did not start: {failed}</p>
      )}
    </main>
  );
}

function Started({ backend }: { readonly backend: Promise<Backend> }) {
  const b = use(backend);
  return (
    <BackendContext.Provider value={b}>
      <Shell />
    </BackendContext.Provider>
  );
}

const VIEW_LABELS: Readonly<Record<View, string>> = {
  dashboard: 'Dashboard',
  builder: 'Build an instrumentation',
  console: 'D console',
  admin: 'Scenario controls',
};

function Shell() {
  const deps = useDeps();
  const backend = useBackend();
  const identity = useSession(deps.session, (s) => s.identity);
  const token = useSession(deps.session, (s) => s.token);
  const api = useMemo(() => createApiClient({ token: () => token }), [token]);
  const view = useUrl(deps.url, (s) => s.view.view);
  const problems = useUrl(deps.url, (s) => s.problems);
  const [replay, setReplay] = useState<{ readonly done: boolean; readonly note?: string }>(() => ({
    done: deps.url.getState().view.edits.length === 0 || backend.operatorToken === undefined,
  }));
  /** Whose dashboard the address's instrumentations are: the first identity's (a link), then whoever's panels were written there last. */
  const addressOwner = useRef<string | undefined>(undefined);

  // A shared link's live edits are replayed once, as the operator (the ref keeps StrictMode's second effect run from replaying them again).
  const replayed = useRef(false);
  useEffect(() => {
    const edits = deps.url.getState().view.edits;
    if (replayed.current || edits.length === 0 || backend.operatorToken === undefined) return;
    replayed.current = true;
    const op = createApiClient({ token: () => backend.operatorToken });
    void replayEdits(op, edits).then((note) => setReplay({ done: true, note }));
  }, [deps.url, backend.operatorToken]);

  // The dashboard follows who is signed in; the address's instrumentations apply only to the identity they belong to.
  useEffect(() => {
    if (identity === undefined) return;
    const who = whoOf(identity);
    addressOwner.current ??= who;
    const wanted = addressOwner.current === who ? deps.url.getState().view.instns : undefined;
    void deps.dashboard.getState().load(basePathOf(identity), dashboardKey(backend.scenario, who), wanted);
  }, [identity, deps.dashboard, deps.url, backend.scenario]);

  // The address holds the dashboard's instrumentations.
  useEffect(
    () =>
      deps.dashboard.subscribe((s, prev) => {
        if (s.panels === prev.panels || s.status.kind === 'loading') return;
        const id = deps.session.getState().identity;
        if (id !== undefined && s.base === basePathOf(id)) addressOwner.current = whoOf(id);
        deps.url.getState().patch({ instns: s.panels.map((p) => p.spec) });
      }),
    [deps.dashboard, deps.url, deps.session],
  );

  const operator = identity?.kind === 'operator';
  const views = VIEWS.filter((v) => v !== 'admin' || operator);
  const shown: View = views.includes(view) ? view : 'dashboard';
  return (
    <ApiContext.Provider value={api}>
    <div className="app">
      <header className="top">
        <h1>zonescope</h1>
        <span className="scenario" title="the simulated scenario">
          {backend.mode === 'tab' ? `scenario: ${backend.scenario}${backend.seed === undefined ? '' : ` (seed ${backend.seed})`}` : 'zonescope serve'}
        </span>
        <SignIn />
        {operator ? <SpeedControl key={token} /> : undefined}
        {operator ? <NoisyNeighbourButton /> : undefined}
        <ShareLink />
      </header>
      {problems.length > 0 ? (
        <p role="alert" className="problems">
          {problems.join(' ')}
        </p>
      ) : undefined}
      {!replay.done ? (
        <p role="status" className="note">
          <span className="spinner" aria-hidden="true" /> Replaying the live edits from the link…
        </p>
      ) : undefined}
      {replay.note !== undefined ? (
        <p role="status" className="note">
          {replay.note}
        </p>
      ) : undefined}
      <nav className="tabs" aria-label="Views">
        {views.map((v) => (
          <button key={v} type="button" aria-current={v === shown ? 'page' : undefined} onClick={() => deps.url.getState().patch({ view: v })}>
            {VIEW_LABELS[v]}
          </button>
        ))}
      </nav>
      <main>{identity === undefined ? <SignedOut /> : replay.done ? <ViewOf key={whoOf(identity)} view={shown} /> : undefined}</main>
    </div>
    </ApiContext.Provider>
  );
}

function SignedOut(): ReactNode {
  return <p className="empty">Sign in above: as the operator to see the whole datacenter, or as a customer with a token to see your zones.</p>;
}

function ViewOf({ view }: { readonly view: View }): ReactNode {
  return (
    <ErrorBoundary fallback={(e) => <p role="alert">This view failed: {e.message}</p>}>
      <Suspense fallback={<p role="status">Loading {VIEW_LABELS[view].toLowerCase()}…</p>}>
        <ViewBody view={view} />
      </Suspense>
    </ErrorBoundary>
  );
}

function ViewBody({ view }: { readonly view: View }): ReactNode {
  switch (view) {
    case 'dashboard':
      return <Dashboard />;
    case 'builder':
      return <Builder />;
    case 'console':
      return <Console />;
    case 'admin':
      return <Admin />;
  }
}
