// Cloud Analytics' metric catalog for what the simulator produces: modules, stats, their
// fields and the fields' types, with CA's labels and units (CA:metadata/metric), plus
// DESIGN.md's two additions (cpu.zones, zfs.throttled_ops). Two profiles, as CA's
// metadata/profile: operators see every metric and the `hostname` field; customers see
// no operator-only metric and never `hostname`. caRoot() is the GET /ca body; the legacy
// shapes serve GET /ca/{metrics,types,transformations}. Pure TypeScript.

export type Profile = 'operator' | 'customer';

/** A field's type; `string` (the implicit type of an untyped field) is the one discrete type. */
export type FieldType = 'string' | 'number' | 'percent' | 'size' | 'time' | 'subsecond';
export type NumericType = Exclude<FieldType, 'string'>;

export interface TypeDef {
  readonly arity: 'discrete' | 'numeric';
  readonly unit?: string;
  readonly abbr?: string;
  readonly base?: number;
  readonly power?: number;
  readonly minmax?: number;
}

export const TYPES: Readonly<Record<FieldType, TypeDef>> = {
  string: { arity: 'discrete', unit: '' },
  number: { arity: 'numeric', unit: '' },
  percent: { arity: 'numeric', unit: 'percent', abbr: '%', minmax: 100 },
  size: { arity: 'numeric', unit: 'bytes', abbr: 'B', base: 2 },
  time: { arity: 'numeric', unit: 'seconds', abbr: 's', base: 10, power: -9 },
  subsecond: { arity: 'numeric', unit: 'seconds', abbr: 's', base: 10, power: -3 },
};

export interface FieldDef {
  readonly label: string;
  readonly type: FieldType;
}

/** Every field some metric here has, with CA's label. */
export const FIELDS: Readonly<Record<string, FieldDef>> = {
  hostname: { label: 'server hostname', type: 'string' },
  zonename: { label: 'zone name', type: 'string' },
  pid: { label: 'process identifier', type: 'string' },
  execname: { label: 'application name', type: 'string' },
  psargs: { label: 'process arguments', type: 'string' },
  ppid: { label: 'parent process identifier', type: 'string' },
  leavereason: { label: 'reason leaving CPU', type: 'string' },
  cpumode: { label: 'CPU mode', type: 'string' },
  disk: { label: 'device name', type: 'string' },
  optype: { label: 'operation type', type: 'string' },
  fstype: { label: 'filesystem type', type: 'string' },
  syscall: { label: 'syscall', type: 'string' },
  errno: { label: 'error number', type: 'string' },
  runtime: { label: 'time on CPU', type: 'time' },
  latency: { label: 'latency', type: 'time' },
  cputime: { label: 'CPU time', type: 'time' },
  walltime: { label: 'wall time', type: 'time' },
  delay: { label: 'throttle delay', type: 'time' },
  size: { label: 'size', type: 'size' },
  offset: { label: 'offset', type: 'size' },
  utilization: { label: 'utilization', type: 'percent' },
  subsecond: { label: 'subsecond offset', type: 'subsecond' },
};

export const MODULES: Readonly<Record<string, { readonly label: string }>> = {
  cpu: { label: 'CPU' },
  disk: { label: 'Disk' },
  fs: { label: 'Filesystem' },
  syscall: { label: 'System calls' },
  zfs: { label: 'ZFS' },
  unix: { label: 'Unix' },
  vm: { label: 'Virtual Machine' },
};

/** CA's transformations: both act on `raddr`, which no metric here has. */
export const TRANSFORMATIONS: Readonly<Record<string, { readonly label: string; readonly fields: readonly string[] }>> = {
  geolocate: { label: 'geolocate IP addresses', fields: ['raddr'] },
  reversedns: { label: 'reverse dns IP addresses lookup', fields: ['raddr'] },
};

export interface MetricDef {
  readonly module: string;
  readonly stat: string;
  readonly label: string;
  /** What one count is (operations, samples...), for counting metrics. */
  readonly unit?: string;
  /** The value's type, for metrics that sum a quantity instead of counting events. */
  readonly type?: NumericType;
  /** `point`: a value at an instant (the first report of an interval wins); `interval`: summed over it. */
  readonly interval: 'interval' | 'point';
  /** Field names in CA's order; `hostname` first, for operators only. */
  readonly fields: readonly string[];
  readonly operatorOnly: boolean;
}

/** The process fields (CA's P, without pexecname/ppsargs: the simulator has no parent pointer). */
const P = ['zonename', 'pid', 'execname', 'psargs', 'ppid'] as const;

function metric(module: string, stat: string, label: string, o: { unit?: string; type?: NumericType; point?: boolean; op?: boolean }, fields: readonly string[]): MetricDef {
  return {
    module,
    stat,
    label,
    ...(o.unit === undefined ? {} : { unit: o.unit }),
    ...(o.type === undefined ? {} : { type: o.type }),
    interval: o.point === true ? 'point' : 'interval',
    fields: ['hostname', ...fields],
    operatorOnly: o.op === true,
  };
}

/** The operator profile: every metric, with `hostname`. */
export const METRICS: readonly MetricDef[] = [
  metric('cpu', 'thread_samples', 'thread samples', { unit: 'samples' }, [...P, 'subsecond']),
  metric('cpu', 'thread_executions', 'thread executions', { unit: 'operations' }, [...P, 'leavereason', 'runtime', 'subsecond']),
  metric('cpu', 'usage', 'aggregated CPU usage', { unit: 'percent of 1 CPU', point: true }, ['zonename', 'cpumode']),
  metric('cpu', 'waittime', 'aggregated wait time', { type: 'time' }, ['zonename']),
  metric('cpu', 'zones', 'CPU usage per zone', { unit: 'percent of 1 CPU', point: true }, ['zonename', 'utilization']),
  metric('disk', 'physio_bytes', 'bytes read and written', { type: 'size', op: true }, ['disk', 'optype']),
  metric('disk', 'physio_ops', 'I/O operations', { unit: 'operations', op: true }, ['disk', 'optype', 'latency', 'size', 'offset']),
  metric('fs', 'logical_ops', 'logical filesystem operations', { unit: 'operations' }, [...P, 'fstype', 'optype', 'latency']),
  metric('fs', 'logical_rwops', 'logical read/write operations', { unit: 'operations' }, [...P, 'fstype', 'optype', 'size', 'offset', 'latency']),
  metric('syscall', 'syscalls', 'system calls', { unit: 'syscalls' }, [...P, 'syscall', 'subsecond', 'latency', 'cputime']),
  metric('zfs', 'arc_ops', 'ARC operations', { unit: 'operations' }, [...P, 'optype']),
  metric('zfs', 'throttled_ops', 'I/O operations delayed by the ZFS throttle', { unit: 'operations' }, ['zonename', 'optype', 'delay']),
  metric('unix', 'proc_execs', 'processes executed', { unit: 'processes' }, [...P, 'subsecond']),
  metric('unix', 'proc_exits', 'processes exited', { unit: 'processes' }, [...P, 'subsecond', 'walltime']),
  metric('vm', 'physio_ops', 'virtual machine I/O operations', { unit: 'operations' }, ['zonename', 'optype', 'errno', 'latency', 'size', 'offset']),
  metric('vm', 'thread_samples', 'virtual machine thread samples', { unit: 'samples' }, ['zonename', 'subsecond']),
];

/** A metric as `profile` sees it (customers: without `hostname`). */
function inProfile(m: MetricDef, profile: Profile): MetricDef | undefined {
  if (profile === 'operator') return m;
  if (m.operatorOnly) return undefined;
  return { ...m, fields: m.fields.filter((f) => f !== 'hostname') };
}

const BY_PROFILE: Readonly<Record<Profile, readonly MetricDef[]>> = {
  operator: METRICS,
  customer: METRICS.flatMap((m) => inProfile(m, 'customer') ?? []),
};

/** The metrics of a profile, in catalog order. */
export function metricsFor(profile: Profile): readonly MetricDef[] {
  return BY_PROFILE[profile];
}

/** The metric `module`.`stat` as `profile` sees it, or undefined when it has no such metric. */
export function findMetric(profile: Profile, module: string, stat: string): MetricDef | undefined {
  return BY_PROFILE[profile].find((m) => m.module === module && m.stat === stat);
}

/** A field's type (`string` for a name the catalog does not know). */
export function fieldType(field: string): FieldType {
  return Object.hasOwn(FIELDS, field) ? FIELDS[field]!.type : 'string';
}

export function isNumericField(field: string): boolean {
  return TYPES[fieldType(field)].arity === 'numeric';
}

/** The fields a profile's metrics use, with labels and types. */
function profileFields(profile: Profile): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const m of BY_PROFILE[profile]) for (const f of m.fields) out[f] ??= { label: FIELDS[f]!.label, type: FIELDS[f]!.type };
  return out;
}

/** The modules that have a metric in the profile. */
function profileModules(profile: Profile): Record<string, { label: string }> {
  const out: Record<string, { label: string }> = {};
  for (const m of BY_PROFILE[profile]) out[m.module] ??= { label: MODULES[m.module]!.label };
  return out;
}

export interface CaRootMetric {
  readonly module: string;
  readonly stat: string;
  readonly label: string;
  readonly interval: 'interval' | 'point';
  readonly fields: readonly string[];
  readonly unit?: string;
  readonly type?: NumericType;
}

export interface CaRoot {
  readonly modules: Readonly<Record<string, { readonly label: string }>>;
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly types: Readonly<Record<FieldType, TypeDef>>;
  readonly metrics: readonly CaRootMetric[];
  readonly transformations: typeof TRANSFORMATIONS;
}

/** GET /ca: {modules, fields, types, metrics, transformations} for a profile. */
export function caRoot(profile: Profile): CaRoot {
  return {
    modules: profileModules(profile),
    fields: profileFields(profile),
    types: TYPES,
    metrics: BY_PROFILE[profile].map((m) => ({
      module: m.module,
      stat: m.stat,
      label: m.label,
      interval: m.interval,
      fields: [...m.fields],
      ...(m.unit === undefined ? {} : { unit: m.unit }),
      ...(m.type === undefined ? {} : { type: m.type }),
    })),
    transformations: TRANSFORMATIONS,
  };
}

/**
 * GET /ca/metrics, CA's older shape: module -> {label, stats: stat -> {label, type,
 * fields: field -> {label, type}}}, where a stat's type is its value type (`number` for
 * counts).
 */
export function caLegacyMetrics(profile: Profile): Record<string, { label: string; stats: Record<string, { label: string; type: string; unit?: string; fields: Record<string, FieldDef> }> }> {
  const out: Record<string, { label: string; stats: Record<string, { label: string; type: string; unit?: string; fields: Record<string, FieldDef> }> }> = {};
  for (const m of BY_PROFILE[profile]) {
    const mod = (out[m.module] ??= { label: MODULES[m.module]!.label, stats: {} });
    const fields: Record<string, FieldDef> = {};
    for (const f of m.fields) fields[f] = { label: FIELDS[f]!.label, type: FIELDS[f]!.type };
    mod.stats[m.stat] = { label: m.label, type: m.type ?? 'number', ...(m.unit === undefined ? {} : { unit: m.unit }), fields };
  }
  return out;
}

/** GET /ca/types: the type table. */
export function caLegacyTypes(): Readonly<Record<FieldType, TypeDef>> {
  return TYPES;
}

/** GET /ca/transformations. */
export function caLegacyTransformations(): typeof TRANSFORMATIONS {
  return TRANSFORMATIONS;
}
