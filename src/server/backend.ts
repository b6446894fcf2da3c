// Main-thread side of zonescope serve's CA worker (Node): starts the worker thread that
// runs the CaService and the Cluster (workers/ca.node.ts, bundled as dist-cli/ca.node.mjs),
// and hands the HTTP server an ApiHandler that forwards every request to it over Comlink.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import type { ApiHandler, ApiRequest, ApiResponse } from './api';
import type { CaWorkerApi, CaWorkerData } from './ca-node';

export interface CaBackend extends ApiHandler {
  /** Stops the simulation, lets pending saves finish, ends the worker. */
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** The bundled worker entry (dist-cli/ca.node.mjs). */
  readonly workerFile: URL;
  readonly data: CaWorkerData;
  /** The worker died on its own (an uncaught error): the server cannot go on. */
  readonly onCrash: (e: Error) => void;
}

/** Starts the worker and waits until its service is ready (state loaded, simulation running); rejects with its start-up error. */
export async function startCaBackend(o: BackendOptions): Promise<CaBackend> {
  const worker = new Worker(o.workerFile, { workerData: o.data, name: 'zonescope-ca' });
  let stopping = false;
  let crashed: Error | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const died = new Promise<never>((_, reject) => {
    worker.once('error', (e) => {
      crashed = e;
      reject(e);
      if (!stopping) o.onCrash(e);
    });
    worker.once('exit', (code) => {
      const e = crashed ?? new Error(`the CA worker exited (code ${code})`);
      reject(e);
      if (!stopping && crashed === undefined) o.onCrash(e);
    });
  });
  died.catch(() => undefined);
  const remote = Comlink.wrap<CaWorkerApi>(nodeEndpoint(worker));
  try {
    await Promise.race([remote.start(), died]);
  } catch (e) {
    stopping = true;
    await worker.terminate();
    throw e;
  }
  return {
    handle: (req: ApiRequest): Promise<ApiResponse> => Promise.race([remote.handle(req), died]),
    stop: async () => {
      if (stopping) return exited;
      stopping = true;
      try {
        await Promise.race([remote.stop(), died]);
      } catch {
        // It is going away either way.
      }
      await worker.terminate();
      await exited;
    },
  };
}
