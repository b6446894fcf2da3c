// The scenario file (DESIGN.md "Scenario file"): a zod schema with vmadm's defaults for
// the resource controls, the cross-field rules (unique names, owners are customers, kvm
// workloads in kvm zones), and errors that name the offending path
// (`nodes[1].zones[3].cpu_cap: must be a positive integer`). Unknown fields are rejected.
// Pure TypeScript; the boundary every scenario (built-in, file, API) passes through.

import { z } from 'zod';

/** A rejected scenario: one message per problem, each naming its path. */
export class ScenarioError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(issues.join('\n'));
    this.name = 'ScenarioError';
  }
}

type Check = (v: number) => boolean;

/** A number field: `msg` names what would be accepted; a missing required field says so. */
function num(msg: string, ...checks: Check[]) {
  const base = z.number({ error: (iss) => (iss.input === undefined ? 'is required' : msg) });
  return checks.length === 0 ? base : base.refine((v) => checks.every((c) => c(v)), { error: msg });
}
const isInt: Check = (v) => Number.isSafeInteger(v);
const positive: Check = (v) => v > 0;
const nonNegative: Check = (v) => v >= 0;
const fraction: Check = (v) => v >= 0 && v <= 1;

function str(msg = 'must be a non-empty string') {
  return z.string({ error: (iss) => (iss.input === undefined ? 'is required' : msg) }).min(1, { error: msg });
}
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const msg = `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return z.enum(values, { error: (iss) => (iss.input === undefined ? 'is required' : msg) });
}
function bool() {
  return z.boolean({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be true or false') });
}
function list<T extends z.ZodType>(item: T) {
  return z.array(item, { error: (iss) => (iss.input === undefined ? 'is required' : 'must be an array') });
}

const POS_INT = 'must be a positive integer';
const NONNEG_INT = 'must be a non-negative integer';

/** Fields every workload may carry: its process name and its active interval (simulated s). */
const common = {
  execname: str().optional(),
  from: num('must be a non-negative number of seconds', nonNegative).default(0),
  until: num('must be a positive number of seconds', positive).optional(),
};

const cpuWorkload = z.strictObject({
  kind: z.literal('cpu'),
  threads: num(POS_INT, isInt, positive).default(1),
  duty: num('must be a number from 0 to 1', fraction).default(1),
  ...common,
});
const fileioWorkload = z.strictObject({
  kind: z.literal('fileio'),
  threads: num(POS_INT, isInt, positive).default(1),
  op: oneOf(['read', 'write', 'mixed']).default('read'),
  pattern: oneOf(['random', 'sequential']).default('random'),
  sizeKiB: num(POS_INT, isInt, positive).default(8),
  workingSetMiB: num(POS_INT, isInt, positive).default(1024),
  sync: bool().default(false),
  thinkUs: num('must be a non-negative number', nonNegative).default(0),
  ...common,
});
const webWorkload = z.strictObject({
  kind: z.literal('web'),
  rps: num('must be a non-negative number', nonNegative).default(100),
  threads: num(POS_INT, isInt, positive).default(8),
  cpuUsPerRequest: num('must be a non-negative number', nonNegative).default(500),
  fileReadsPerRequest: num(NONNEG_INT, isInt, nonNegative).default(1),
  workingSetMiB: num(POS_INT, isInt, positive).default(256),
  ...common,
});
const dbWorkload = z.strictObject({
  kind: z.literal('db'),
  threads: num(POS_INT, isInt, positive).default(4),
  tps: num('must be a non-negative number', nonNegative).default(50),
  workingSetMiB: num(POS_INT, isInt, positive).default(2048),
  fsyncPerTxn: num(NONNEG_INT, isInt, nonNegative).default(1),
  ...common,
});
const kvmWorkload = z.strictObject({
  kind: z.literal('kvm'),
  vcpus: num(POS_INT, isInt, positive).default(1),
  duty: num('must be a number from 0 to 1', fraction).default(0.5),
  iops: num('must be a non-negative number', nonNegative).default(50),
  workingSetMiB: num(POS_INT, isInt, positive).default(1024),
  ...common,
});

export const WORKLOAD_KINDS = ['cpu', 'fileio', 'web', 'db', 'kvm'] as const;
const workload = z.discriminatedUnion('kind', [cpuWorkload, fileioWorkload, webWorkload, dbWorkload, kvmWorkload], {
  error: (iss) => (iss.code === 'invalid_union' ? `must be one of ${WORKLOAD_KINDS.map((k) => JSON.stringify(k)).join(', ')}` : undefined),
});

/** vmadm's zone properties (only those the simulator models, plus the rctls vmadm derives). */
const zone = z
  .strictObject({
    name: str(),
    owner: str().optional(),
    brand: oneOf(['joyent', 'kvm']).default('joyent'),
    // vmadm clamps cpu_shares to the rctl's maximum.
    cpu_shares: num(NONNEG_INT, isInt, nonNegative).default(100).transform((v) => Math.min(v, 65535)),
    // 0 is vmadm's "no cap".
    cpu_cap: num(POS_INT, isInt, nonNegative).optional(),
    zfs_io_priority: num(NONNEG_INT, isInt, nonNegative).default(100),
    max_physical_memory: num(POS_INT, isInt, positive).optional(),
    max_swap: num(POS_INT, isInt, positive).optional(),
    max_locked_memory: num(POS_INT, isInt, positive).optional(),
    max_lwps: num(POS_INT, isInt, positive).default(2000),
    quota: num(NONNEG_INT, isInt, nonNegative).optional(),
    ram: num(POS_INT, isInt, positive).optional(),
    workloads: list(workload).default([]),
  })
  .transform((zn) => {
    const kvm = zn.brand === 'kvm';
    const ram = zn.ram ?? 256;
    const maxPhys = zn.max_physical_memory ?? (kvm ? ram + 1024 : 256);
    return {
      ...zn,
      cpu_cap: zn.cpu_cap === 0 ? undefined : zn.cpu_cap,
      ram: kvm ? ram : undefined,
      max_physical_memory: maxPhys,
      max_swap: zn.max_swap ?? Math.max(maxPhys, 256),
      max_locked_memory: zn.max_locked_memory ?? maxPhys,
      quota: zn.quota ?? (kvm ? 1 : 10),
    };
  });

const node = z.strictObject({
  hostname: str(),
  ncpus: num(POS_INT, isInt, positive, (v) => v <= 1024).default(24),
  ramGiB: num('must be a positive number', positive).default(128),
  pool: z
    .strictObject({
      kind: oneOf(['hdd', 'ssd']).default('hdd'),
      disks: num(POS_INT, isInt, positive).default(8),
    })
    .default({ kind: 'hdd', disks: 8 }),
  zones: list(zone).default([]),
});

const customer = z.strictObject({ id: str(), token: str() });

const scenarioSchema = z
  .strictObject({
    name: str(),
    seed: num('must be an integer', isInt).default(1),
    hz: num('must be 100 or 1000', (v) => v === 100 || v === 1000).default(100),
    throttle: oneOf(['2013', '2011', 'off']).default('2013'),
    epoch: str('must be an ISO 8601 date and time').refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO 8601 date and time' }).optional(),
    customers: list(customer).default([]),
    nodes: list(node).min(1, { error: 'must list at least one node' }),
  })
  .superRefine((s, ctx) => {
    const customers = new Set<string>();
    s.customers.forEach((c, i) => {
      if (customers.has(c.id)) ctx.addIssue({ code: 'custom', path: ['customers', i, 'id'], message: `duplicate customer id "${c.id}"` });
      customers.add(c.id);
    });
    const hosts = new Set<string>();
    const zones = new Set<string>();
    s.nodes.forEach((n, i) => {
      if (hosts.has(n.hostname)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'hostname'], message: `duplicate hostname "${n.hostname}"` });
      hosts.add(n.hostname);
      n.zones.forEach((zn, j) => {
        const at = ['nodes', i, 'zones', j];
        if (zn.name === 'global') ctx.addIssue({ code: 'custom', path: [...at, 'name'], message: '"global" is the global zone\'s name' });
        if (zones.has(zn.name)) ctx.addIssue({ code: 'custom', path: [...at, 'name'], message: `duplicate zone name "${zn.name}" (zone names are unique in a scenario)` });
        zones.add(zn.name);
        if (zn.owner !== undefined && !customers.has(zn.owner)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'owner'], message: `"${zn.owner}" is not a listed customer` });
        }
        zn.workloads.forEach((w, k) => {
          if (w.kind === 'kvm' && zn.brand !== 'kvm') {
            ctx.addIssue({ code: 'custom', path: [...at, 'workloads', k, 'kind'], message: 'kvm workloads run only in brand "kvm" zones' });
          }
          if (w.until !== undefined && w.until <= w.from) {
            ctx.addIssue({ code: 'custom', path: [...at, 'workloads', k, 'until'], message: 'must be later than from' });
          }
        });
      });
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type NodeSpec = Scenario['nodes'][number];
export type ZoneSpec = NodeSpec['zones'][number];
export type WorkloadSpec = ZoneSpec['workloads'][number];
export type WorkloadKind = WorkloadSpec['kind'];
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** `nodes[1].zones[3].cpu_cap` from zod's path. */
function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s === '' ? '(scenario)' : s;
}

function issueText(iss: z.core.$ZodIssue): string[] {
  if (iss.code === 'unrecognized_keys') {
    return iss.keys.map((k) => `${pathText([...iss.path, k])}: unknown field`);
  }
  if (iss.code === 'invalid_union' && iss.discriminator !== undefined && iss.path[iss.path.length - 1] !== iss.discriminator) {
    return [`${pathText([...iss.path, iss.discriminator])}: ${iss.message}`];
  }
  if (iss.code === 'invalid_type' && iss.expected === 'object') {
    return [`${pathText(iss.path)}: must be an object`];
  }
  return [`${pathText(iss.path)}: ${iss.message}`];
}

/** Validates a scenario (parsed JSON) and applies the defaults; throws ScenarioError. */
export function parseScenario(input: unknown): Scenario {
  const r = scenarioSchema.safeParse(input);
  if (r.success) return r.data;
  throw new ScenarioError(r.error.issues.flatMap(issueText));
}

/**
 * Validates one workload (a live addition: POST /ca/admin/zones/:zonename/workloads) and
 * applies its defaults; `brand` is its zone's (kvm workloads need a kvm zone). Throws
 * ScenarioError naming the field (`workload.threads: must be a positive integer`).
 */
export function parseWorkload(input: unknown, brand: 'joyent' | 'kvm' = 'joyent'): WorkloadSpec {
  const r = workload.safeParse(input);
  if (!r.success) throw new ScenarioError(r.error.issues.flatMap((iss) => issueText({ ...iss, path: ['workload', ...iss.path] } as z.core.$ZodIssue)));
  const w = r.data;
  if (w.kind === 'kvm' && brand !== 'kvm') throw new ScenarioError(['workload.kind: kvm workloads run only in brand "kvm" zones']);
  if (w.until !== undefined && w.until <= w.from) throw new ScenarioError(['workload.until: must be later than from']);
  return w;
}

/** Parses scenario JSON text; a syntax error is reported as such. */
export function parseScenarioText(text: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([`(scenario): not valid JSON: ${(e as Error).message}`]);
  }
  return parseScenario(json);
}
