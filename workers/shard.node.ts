// Node worker_threads entry of a shard (zonescope serve, tests, benchmarks): serves a
// ShardService (src/engine/remote.ts) to the Cluster over the parent port.
import { parentPort } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { exposeShard, type ShardTransport } from '../src/engine/remote';
import { hostWallClock } from '../src/engine/wallclock';

if (parentPort === null) throw new Error('workers/shard.node.ts runs as a worker_thread');
exposeShard(nodeEndpoint(parentPort) as unknown as ShardTransport, hostWallClock());
