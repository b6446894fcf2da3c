// Web Worker entry of the tab's CA back end: only wiring. src/mocks/tab-worker.ts builds the
// Cluster (this worker's shard plus shard workers started here) and the CaService, and
// answers the requests the MSW handlers forward from the main thread.
import * as Comlink from 'comlink';
import { createTabCa } from '../src/mocks/tab-worker';

const spawnShard = (): Worker => new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module', name: 'zonescope-shard' });
Comlink.expose(createTabCa(spawnShard, navigator.hardwareConcurrency || 1));
