// Browser entry: builds the stores and the API client, renders the shell at once (with a
// progress state) and starts the back end beside it: in the tab, MSW plus the "ca" Web
// Worker simulating the scenario the address names; behind zonescope serve, nothing to
// start. Everything heavy runs in workers; the main thread only draws and handles input.
import { tabApiModule } from './early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './app.css';
import { apiModeOf, createApiClient } from './api-client';
import type { AppDeps, Backend } from './context';
import { indexedDbDashboards } from './core/persist';
import { createDashboardStore } from './stores/dashboard';
import { createSessionStore } from './stores/session';
import { createUrlStore } from './stores/url';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const url = createUrlStore(window.location, window.history);
const session = createSessionStore(window.sessionStorage);
const api = createApiClient({ token: () => session.getState().token });
const deps: AppDeps = { api, session, url, dashboard: createDashboardStore({ api, persist: indexedDbDashboards() }) };

async function startBackend(): Promise<Backend> {
  const mode = apiModeOf(document);
  if (mode === 'http') return { mode, scenario: 'server', customers: [] };
  const v = url.getState().view;
  // Loaded on demand (its fetch began in ./early) so the shell paints while MSW and the worker start.
  const { startTabApi } = await (tabApiModule ?? import('../mocks/browser'));
  const s = await startTabApi({ ...(v.scenario === undefined ? {} : { scenario: v.scenario }), ...(v.seed === undefined ? {} : { seed: v.seed }), speed: v.speed ?? 1 });
  // In the tab the operator is signed in by default; after a reload the operator gets this
  // tab's new token before anything renders, so no request goes out with the old one.
  const now = session.getState();
  // A customer of another scenario (a link to a different one) is signed out the same way.
  const stale =
    now.identity === undefined ||
    (now.identity.kind === 'operator' && now.token !== s.operatorToken) ||
    (now.identity.kind === 'customer' && !s.customers.some((c) => now.identity?.kind === 'customer' && c.id === now.identity.custid && c.token === now.token));
  if (stale) now.signInOperator(s.operatorToken);
  return { mode, scenario: s.scenario, ...(v.seed === undefined ? {} : { seed: s.seed }), operatorToken: s.operatorToken, customers: s.customers };
}

createRoot(root).render(
  <StrictMode>
    <App deps={deps} backend={startBackend()} />
  </StrictMode>,
);
