// One 8-CPU node where CPU demand exceeds supply: a hog zone spinning 16 threads, a web
// zone whose latency suffers, a capped batch zone held at 2 CPUs and a capped zone that
// bursts when the others pause. FSS shares, caps and run-queue latency. Pure data.

import type { ScenarioInput } from '../scenario';

export const cpuContention: ScenarioInput = {
  name: 'cpu-contention',
  seed: 3,
  hz: 100,
  throttle: '2013',
  epoch: '2011-08-15T00:00:00Z',
  customers: [
    { id: 'hogco', token: 'hogco-3b9d0e4f7a61' },
    { id: 'webco', token: 'webco-a47c1e9b2d05' },
  ],
  nodes: [
    {
      hostname: 'cn1',
      ncpus: 8,
      ramGiB: 32,
      pool: { kind: 'ssd', disks: 2 },
      zones: [
        { name: 'hog', owner: 'hogco', cpu_shares: 100, workloads: [{ kind: 'cpu', threads: 16, execname: 'hog' }] },
        {
          name: 'web',
          owner: 'webco',
          cpu_shares: 100,
          workloads: [{ kind: 'web', rps: 1000, threads: 16, cpuUsPerRequest: 2500, fileReadsPerRequest: 1, workingSetMiB: 256 }],
        },
        { name: 'batch', owner: 'hogco', cpu_shares: 100, cpu_cap: 200, workloads: [{ kind: 'cpu', threads: 8, execname: 'batch' }] },
        {
          name: 'burst',
          owner: 'webco',
          cpu_shares: 100,
          cpu_cap: 400,
          workloads: [{ kind: 'cpu', threads: 6, duty: 0.5, execname: 'java' }],
        },
      ],
    },
  ],
};
