// Main-thread side of zonescope serve's CA worker (Node): starts the worker thread that
// runs the CaService and the Cluster (workers/ca.node.ts, bundled as dist-cli/ca.node.mjs),
// and hands the HTTP server an ApiHandler that forwards every request to it over Comlink.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import { WorkerCalls } from '../engine/worker-calls';
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
  /** Calls waiting for the worker fail at once if it dies (a Comlink call would never settle). */
  const calls = new WorkerCalls();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const die = (e: Error): void => {
    if (calls.fail(e) && !stopping) o.onCrash(e);
  };
  worker.once('error', die);
  worker.once('exit', (code) => die(new Error(`the CA worker exited (code ${code})`)));
  const call = <T>(f: () => Promise<T>): Promise<T> => calls.call(f);
  const remote = Comlink.wrap<CaWorkerApi>(nodeEndpoint(worker));
  try {
    await call(() => remote.start());
  } catch (e) {
    stopping = true;
    await worker.terminate();
    throw e;
  }
  return {
    handle: (req: ApiRequest): Promise<ApiResponse> => call(() => remote.handle(req)),
    stop: async () => {
      if (stopping) return exited;
      stopping = true;
      try {
        await call(() => remote.stop());
      } catch {
        // It is going away either way.
      }
      await worker.terminate();
      await exited;
    },
  };
}
