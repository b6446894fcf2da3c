// The default scenario: four compute nodes of twelve zones each for four customers, with
// web, database, file, log and CPU workloads, KVM guests, one noisy neighbour (a zone that
// hammers the disks and the CPUs on cn1) and one capped zone that bursts above its
// entitlement on idle CPUs (initech-api on cn2). Working sets are sized so that the ARC
// warms within about twenty seconds; after that the disks of cn2-cn4 are moderately busy
// (the throttle's disk utilisation around 30-50%, its delays at or near 0), while on cn1
// the ETL scanner keeps them saturated and is the zone the I/O throttle holds at its
// ceiling.
// Pure data.

import type { ScenarioInput } from '../scenario';

type ZoneInput = ScenarioInput['nodes'][number]['zones'] extends (infer Z)[] | undefined ? Z : never;

const web = (name: string, owner: string, rps: number, cpuUs: number, extra: Partial<ZoneInput> = {}): ZoneInput => ({
  name,
  owner,
  cpu_shares: 256,
  max_physical_memory: 2048,
  workloads: [{ kind: 'web', rps, threads: 16, cpuUsPerRequest: cpuUs, fileReadsPerRequest: 2, workingSetMiB: 48 }],
  ...extra,
});
const db = (name: string, owner: string, tps: number): ZoneInput => ({
  name,
  owner,
  cpu_shares: 1024,
  max_physical_memory: 8192,
  workloads: [{ kind: 'db', threads: 8, tps, workingSetMiB: 64, fsyncPerTxn: 1 }],
});
const batch = (name: string, owner: string, threads: number, duty: number): ZoneInput => ({
  name,
  owner,
  cpu_shares: 512,
  max_physical_memory: 4096,
  workloads: [{ kind: 'cpu', threads, duty, execname: 'make' }],
});
const files = (name: string, owner: string, threads: number): ZoneInput => ({
  name,
  owner,
  cpu_shares: 256,
  max_physical_memory: 1024,
  workloads: [{ kind: 'fileio', threads, op: 'mixed', pattern: 'random', sizeKiB: 16, workingSetMiB: 64, thinkUs: 100_000 }],
});
const logs = (name: string, owner: string): ZoneInput => ({
  name,
  owner,
  cpu_shares: 128,
  max_physical_memory: 512,
  workloads: [{ kind: 'fileio', threads: 1, op: 'write', pattern: 'sequential', sizeKiB: 4, workingSetMiB: 1024, thinkUs: 20_000, execname: 'logadm' }],
});
const vm = (name: string, owner: string, vcpus: number, duty: number): ZoneInput => ({
  name,
  owner,
  brand: 'kvm',
  cpu_shares: 1024,
  ram: 2048,
  workloads: [{ kind: 'kvm', vcpus, duty, iops: 15, workingSetMiB: 512 }],
});

const node = (hostname: string, zones: ZoneInput[]) => ({
  hostname,
  ncpus: 16,
  ramGiB: 96,
  pool: { kind: 'hdd' as const, disks: 6 },
  zones,
});

export const demo: ScenarioInput = {
  name: 'demo',
  seed: 1,
  hz: 100,
  throttle: '2013',
  epoch: '2011-08-15T00:00:00Z',
  customers: [
    { id: 'acme', token: 'acme-7f3a91c2e4b6' },
    { id: 'globex', token: 'globex-1d8e55a07c3f' },
    { id: 'initech', token: 'initech-b2c94f6e1a80' },
    { id: 'umbrella', token: 'umbrella-60e7d3b9f214' },
  ],
  nodes: [
    node('cn1', [
      web('acme-web0', 'acme', 150, 1500),
      web('acme-web1', 'acme', 100, 1200),
      db('acme-db0', 'acme', 40),
      {
        // The noisy neighbour: random reads over a working set far beyond the ARC, and CPU.
        name: 'globex-etl0',
        owner: 'globex',
        cpu_shares: 512,
        max_physical_memory: 4096,
        workloads: [
          { kind: 'fileio', threads: 16, op: 'read', pattern: 'random', sizeKiB: 1024, workingSetMiB: 131072, execname: 'etl-scan' },
          { kind: 'cpu', threads: 12, duty: 0.9, execname: 'etl' },
        ],
      },
      batch('globex-build0', 'globex', 4, 0.5),
      web('initech-www0', 'initech', 60, 800),
      files('initech-files0', 'initech', 4),
      vm('umbrella-vm0', 'umbrella', 2, 0.4),
      web('umbrella-web0', 'umbrella', 50, 1000),
      batch('umbrella-cron0', 'umbrella', 2, 0.2),
      logs('acme-logs0', 'acme'),
      web('globex-www0', 'globex', 40, 600),
    ]),
    node('cn2', [
      {
        // The burster: capped at 4 CPUs, entitled to about 1.4 when everyone is busy.
        name: 'initech-api',
        owner: 'initech',
        cpu_shares: 256,
        cpu_cap: 400,
        max_physical_memory: 2048,
        workloads: [
          { kind: 'cpu', threads: 6, duty: 0.8, execname: 'java' },
          { kind: 'web', rps: 80, threads: 8, cpuUsPerRequest: 2000, fileReadsPerRequest: 1, workingSetMiB: 32 },
        ],
      },
      web('acme-web2', 'acme', 120, 1500),
      db('globex-db0', 'globex', 50),
      web('globex-web0', 'globex', 100, 1000),
      vm('acme-vm0', 'acme', 4, 0.3),
      batch('initech-batch0', 'initech', 3, 0.6),
      files('umbrella-files0', 'umbrella', 3),
      web('umbrella-shop0', 'umbrella', 80, 900),
      batch('acme-ci0', 'acme', 2, 0.3),
      web('initech-www1', 'initech', 40, 700),
      vm('globex-vm0', 'globex', 2, 0.2),
      logs('initech-logs0', 'initech'),
    ]),
    node('cn3', [
      web('acme-web3', 'acme', 140, 1400),
      web('globex-web1', 'globex', 110, 1100),
      db('umbrella-db0', 'umbrella', 35),
      batch('globex-build1', 'globex', 6, 0.5),
      vm('initech-vm0', 'initech', 4, 0.5),
      files('acme-files1', 'acme', 4),
      web('umbrella-api0', 'umbrella', 90, 1300),
      { ...batch('initech-render0', 'initech', 8, 0.7), cpu_cap: 300 },
      web('acme-www4', 'acme', 40, 500),
      batch('umbrella-cron1', 'umbrella', 1, 0.2),
      vm('acme-vm1', 'acme', 2, 0.3),
      logs('globex-logs1', 'globex'),
    ]),
    node('cn4', [
      web('globex-web2', 'globex', 130, 1300),
      web('initech-web2', 'initech', 100, 1500),
      db('acme-db1', 'acme', 45),
      batch('umbrella-build2', 'umbrella', 4, 0.6),
      vm('globex-vm1', 'globex', 4, 0.4),
      files('umbrella-files2', 'umbrella', 3),
      web('acme-shop2', 'acme', 70, 1000),
      batch('globex-ci2', 'globex', 2, 0.4),
      web('umbrella-www2', 'umbrella', 50, 800),
      vm('initech-vm2', 'initech', 2, 0.2),
      logs('acme-logs2', 'acme'),
      db('initech-db2', 'initech', 20),
    ]),
  ],
};
