// The REST API in the tab (browser main thread): starts the "ca" Web Worker (CaService +
// Cluster, workers/ca.worker.ts) and the MSW service worker whose handlers forward every
// /ca request to it. src/ui/main.tsx calls startTabApi() before rendering, unless the page
// came from `zonescope serve` (then the API is real HTTP; see src/ui/api-client.ts).

import * as Comlink from 'comlink';
import { setupWorker } from 'msw/browser';
import { DEFAULT_SCENARIO } from '../sim/scenarios/inputs';
import type { TabCaApi, TabSession } from './tab-worker';
import { createHandlers } from './handlers';

export type { TabSession };

/** A fresh operator token for this tab (shown by the sign-in switcher). */
function operatorToken(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return `op-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

export async function startTabApi(o: { scenario?: string; speed?: number } = {}): Promise<TabSession> {
  const worker = new Worker(new URL('../../workers/ca.worker.ts', import.meta.url), { type: 'module', name: 'zonescope-ca' });
  const ca = Comlink.wrap<TabCaApi>(worker);
  // A Comlink call to a worker that died never settles: fail the waiting ones, and the next at once.
  let dead: Error | undefined;
  const waiting = new Set<(e: Error) => void>();
  worker.addEventListener('error', (ev) => {
    dead ??= new Error(`the CA worker failed: ${ev.message || 'an error it did not catch'}`);
    for (const reject of waiting) reject(dead);
    waiting.clear();
  });
  const call = <T>(f: () => Promise<T>): Promise<T> =>
    dead !== undefined
      ? Promise.reject(dead)
      : new Promise<T>((resolve, reject) => {
          waiting.add(reject);
          f().then(resolve, reject).finally(() => waiting.delete(reject));
        });
  const session = await call(() => ca.start({ scenario: o.scenario ?? DEFAULT_SCENARIO, operatorToken: operatorToken(), speed: o.speed ?? 1 }));
  const msw = setupWorker(...createHandlers({ handle: (req) => call(() => ca.handle(req)) }));
  await msw.start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    // Everything but /ca (the app's own files) goes to the network untouched and unlogged.
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  // On a first visit start() can resolve before the new service worker has claimed this
  // page; until it has, fetches bypass it and /ca would go to the network.
  if (navigator.serviceWorker.controller === null) {
    await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
  }
  return session;
}
