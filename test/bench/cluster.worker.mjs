// Worker entry of cluster.bench.mjs: a shard served over the parent port (what
// workers/shard.node.ts does, from the benchmark's bundle). Only wiring.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const m = await import(pathToFileURL(workerData.entry).href);
m.exposeShard(m.nodeEndpoint(parentPort), m.hostWallClock());
