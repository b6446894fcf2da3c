// One node where a zone hammers the disks with 24 random-read threads of 1 MiB (eight
// 128 KiB zios each, so every vdev's sync-read queue holds well over the 10 zios at which
// the zone-aware pick engages) while a neighbour reads with one thread and a web zone
// serves requests: the ZFS I/O throttle's acceptance case (reference/smartos-mechanisms.md
// §7). Pure data.

import type { ScenarioInput } from '../scenario';

export const noisyNeighbor: ScenarioInput = {
  name: 'noisy-neighbor',
  seed: 7,
  hz: 100,
  throttle: '2013',
  epoch: '2011-08-15T00:00:00Z',
  customers: [
    { id: 'loud', token: 'loud-5c0e2b7d91aa' },
    { id: 'quiet', token: 'quiet-e8f41a6c03d2' },
  ],
  nodes: [
    {
      hostname: 'cn1',
      ncpus: 8,
      ramGiB: 32,
      pool: { kind: 'hdd', disks: 4 },
      zones: [
        {
          name: 'noisy',
          owner: 'loud',
          workloads: [{ kind: 'fileio', threads: 24, op: 'read', pattern: 'random', sizeKiB: 1024, workingSetMiB: 65536 }],
        },
        {
          name: 'victim',
          owner: 'quiet',
          workloads: [{ kind: 'fileio', threads: 1, op: 'read', pattern: 'random', sizeKiB: 8, workingSetMiB: 16384 }],
        },
        {
          name: 'shop',
          owner: 'quiet',
          workloads: [{ kind: 'web', rps: 100, threads: 8, cpuUsPerRequest: 1000, fileReadsPerRequest: 2, workingSetMiB: 4096 }],
        },
      ],
    },
  ],
};
