// Browser entry: starts the REST API and mounts the React app. Everything heavy (simulation,
// D, bucketizing) runs in workers; the main thread only draws and handles input. The API
// runs in this tab (MSW + the "ca" Web Worker) unless the page came from zonescope serve,
// which marks index.html with <meta name="zonescope-api" content="http">: then it is HTTP.
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { apiModeOf, ApiSessionContext, type ApiSession } from './api-client';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

async function startApi(): Promise<ApiSession> {
  if (apiModeOf(document) === 'http') return { mode: 'http', customers: [] };
  const { startTabApi } = await import('../mocks/browser');
  const tab = await startTabApi();
  return { mode: 'tab', operatorToken: tab.operatorToken, customers: tab.customers };
}

function render(node: ReactNode): void {
  createRoot(root!).render(<StrictMode>{node}</StrictMode>);
}

startApi().then(
  (session) =>
    render(
      <ApiSessionContext value={session}>
        <App />
      </ApiSessionContext>,
    ),
  (e: unknown) =>
    render(
      <p role="alert" style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem' }}>
        zonescope could not start its engine in this tab: {e instanceof Error ? e.message : String(e)}
      </p>,
    ),
);
