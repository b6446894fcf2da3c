// A large datacenter: 40 compute nodes of 25 zones (1,000 zones) for ten customers, with
// the demo's mix of workloads dealt out deterministically. Pure data (generated once).

import type { ScenarioInput } from '../scenario';

type ZoneInput = ScenarioInput['nodes'][number]['zones'] extends (infer Z)[] | undefined ? Z : never;

const CUSTOMERS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne'];
const NODES = 40;
const ZONES_PER_NODE = 25;

function zoneFor(n: number, z: number): ZoneInput {
  const owner = CUSTOMERS[(n * 7 + z * 3) % CUSTOMERS.length]!;
  const name = `${owner}-${n + 1}-${z + 1}`;
  switch ((n + z) % 6) {
    case 0:
    case 1:
      return {
        name,
        owner,
        cpu_shares: 256,
        workloads: [{ kind: 'web', rps: 20 + ((n * 13 + z * 7) % 40), threads: 8, cpuUsPerRequest: 800 + ((n + z) % 5) * 300, fileReadsPerRequest: 1, workingSetMiB: 256 }],
      };
    case 2:
      return { name, owner, cpu_shares: 512, workloads: [{ kind: 'cpu', threads: 2 + (z % 3), duty: 0.2 + ((n + z) % 4) * 0.1 }] };
    case 3:
      return { name, owner, cpu_shares: 1024, workloads: [{ kind: 'db', threads: 4, tps: 20 + (z % 5) * 10, workingSetMiB: 2048 }] };
    case 4:
      return { name, owner, cpu_shares: 256, workloads: [{ kind: 'fileio', threads: 2, op: 'mixed', sizeKiB: 16, workingSetMiB: 1024, thinkUs: 5000 }] };
    default:
      return { name, owner, brand: 'kvm', cpu_shares: 1024, ram: 2048, cpu_cap: 200, workloads: [{ kind: 'kvm', vcpus: 2, duty: 0.3, iops: 20 }] };
  }
}

export const large: ScenarioInput = {
  name: 'large',
  seed: 11,
  hz: 100,
  throttle: '2013',
  epoch: '2011-08-15T00:00:00Z',
  customers: CUSTOMERS.map((id, i) => ({ id, token: `${id}-${(0x9e3779b1 * (i + 1) >>> 0).toString(16).padStart(8, '0')}` })),
  nodes: Array.from({ length: NODES }, (_, n) => ({
    hostname: `cn${n + 1}`,
    ncpus: 24,
    ramGiB: 128,
    pool: { kind: 'hdd' as const, disks: 8 },
    zones: Array.from({ length: ZONES_PER_NODE }, (_, z) => zoneFor(n, z)),
  })),
};
