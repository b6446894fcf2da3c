// The workloads the simulator can run, by scenario kind. Kinds the schema accepts but no
// starter handles yet (fileio, db, kvm belong to the I/O side) are skipped by the node
// and reported by SimNode.unsupportedWorkloads. Pure TypeScript.

import type { WorkloadRegistry } from '../workload';
import { startCpu } from './cpu';
import { startWeb } from './web';

export const WORKLOADS: WorkloadRegistry = {
  cpu: startCpu,
  web: startWeb,
};
