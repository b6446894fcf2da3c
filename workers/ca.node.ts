// Node worker_threads entry of zonescope serve's CA back end (bundled as dist-cli/ca.node.mjs):
// only wiring; src/server/ca-node.ts builds the Cluster and the CaService and exposes them.
import { parentPort, workerData } from 'node:worker_threads';
import { serveCaWorker, type CaWorkerData } from '../src/server/ca-node';

if (parentPort === null) throw new Error('workers/ca.node.ts runs only as a worker thread');
serveCaWorker(parentPort, workerData as CaWorkerData);
