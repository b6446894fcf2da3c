// Web Worker entry of a shard: serves a ShardService (src/engine/remote.ts) to the Cluster
// in the "ca" worker, over the port it is given (or this worker's own scope).
import { exposeShard, type ShardTransport } from '../src/engine/remote';
import { hostWallClock } from '../src/engine/wallclock';

exposeShard(self as unknown as ShardTransport, hostWallClock());
