// What the cluster benchmark (cluster.bench.mjs) and its worker (cluster.worker.mjs) need
// from the pure core, in one bundle: the Cluster, the shard's worker side, the clock, the
// scenarios, and comlink's node adapter for worker_threads.
export { Cluster } from '../../src/engine/cluster';
export { mergeDeltas } from '../../src/engine/delta';
export { exposeShard } from '../../src/engine/remote';
export { hostWallClock } from '../../src/engine/wallclock';
export { builtinScenario } from '../../src/sim/index';
export { default as nodeEndpoint } from 'comlink/dist/esm/node-adapter.mjs';
