// The REST API in the tab (browser main thread): starts the "ca" Web Worker (CaService +
// Cluster, workers/ca.worker.ts) and the MSW service worker whose handlers forward every
// /ca request to it. src/ui/main.tsx calls startTabApi() before rendering, unless the page
// came from `zonescope serve` (then the API is real HTTP; see src/ui/api-client.ts).

import * as Comlink from 'comlink';
import { setupWorker } from 'msw/browser';
import { WorkerCalls } from '../engine/worker-calls';
import { DEFAULT_SCENARIO } from '../sim/scenarios/inputs';
import type { TabCaApi, TabSession } from './tab-worker';
import { createHandlers } from './handlers';

export type { TabSession };

/** A fresh operator token for this tab (shown by the sign-in switcher). */
function operatorToken(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return `op-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Benchmark hook: localStorage "zonescope.prerollS" (an integer 0..600) replaces the
 * seconds of history pre-rolled at start (test/bench/tab-engine.bench.mjs compares the
 * first heatmap pixels with and without the pre-roll). Not in the URL: links never carry it.
 */
function prerollOverride(): number | undefined {
  let v: string | null = null;
  try {
    v = localStorage.getItem('zonescope.prerollS');
  } catch {
    return undefined;
  }
  if (v === null || !/^[0-9]{1,3}$/.test(v) || Number(v) > 600) return undefined;
  return Number(v);
}

export async function startTabApi(o: { scenario?: string; seed?: number; speed?: number } = {}): Promise<TabSession> {
  const worker = new Worker(new URL('../../workers/ca.worker.ts', import.meta.url), { type: 'module', name: 'zonescope-ca' });
  const ca = Comlink.wrap<TabCaApi>(worker);
  const calls = new WorkerCalls();
  worker.addEventListener('error', (ev) => calls.fail(new Error(`the CA worker failed: ${ev.message || 'an error it did not catch'}`)));
  const call = <T>(f: () => Promise<T>): Promise<T> => calls.call(f);
  const prerollS = prerollOverride();
  // The worker builds the engine while the service worker registers: neither waits for the other.
  const started = call(() =>
    ca.start({
      scenario: o.scenario ?? DEFAULT_SCENARIO,
      ...(o.seed === undefined ? {} : { seed: o.seed }),
      operatorToken: operatorToken(),
      speed: o.speed ?? 1,
      ...(prerollS === undefined ? {} : { prerollS }),
    }),
  );
  const msw = setupWorker(...createHandlers({ handle: (req) => started.then(() => call(() => ca.handle(req))) }));
  const [session] = await Promise.all([
    started,
    msw.start({
      serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
      // Everything but /ca (the app's own files) goes to the network untouched and unlogged.
      onUnhandledRequest: 'bypass',
      quiet: true,
    }),
  ]);
  // On a first visit start() can resolve before the new service worker has claimed this
  // page; until it has, fetches bypass it and /ca would go to the network.
  if (navigator.serviceWorker.controller === null) {
    await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
  }
  return session;
}
