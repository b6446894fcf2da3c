// The workloads the simulator can run, by scenario kind. A kind without a starter would
// be skipped by the node and reported by SimNode.unsupportedWorkloads; every kind the
// schema accepts has one. Pure TypeScript.

import type { WorkloadRegistry } from '../workload';
import { startCpu } from './cpu';
import { startDb } from './db';
import { startFileio } from './fileio';
import { startKvm } from './kvm';
import { startWeb } from './web';

export const WORKLOADS: WorkloadRegistry = {
  cpu: startCpu,
  fileio: startFileio,
  web: startWeb,
  db: startDb,
  kvm: startKvm,
};
