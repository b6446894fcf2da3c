// Instrumentation -> D, CA's meta-D approach (CA:cmd/cainst/modules/dtrace/*.js,
// mdGenerateDScript): each metric is described once — the probes that aggregate, the D
// expression of every field there, the values some fields need gathered earlier (a start
// timestamp in a thread-local on the entry probe, or in a global array keyed by [arg0]
// for io:::start/done) — and compileInstn() emits only what an instrumentation uses:
// start clauses that gather the used values, one aggregating clause per variant with a
// single aggregation @ca keyed by the discrete field, and clean clauses that free the
// gathered variables. The user's predicate (fields replaced by their D expressions) and,
// for a customer, the zone list are ANDed into the predicate of every clause.
// Pure TypeScript; the script is compiled per node by the engine.

import { FIELDS, findMetric, isNumericField, type NumericType } from './catalog';
import { CaError } from './errors';
import type { InstnProps } from './instn';
import { dString, predicateFields, renderPredicate } from './predicate';

export interface CompiledInstn {
  /** The D program; exactly one aggregation, named @ca (key: the discrete field, if any). */
  readonly script: string;
  readonly arity: InstnProps['value-arity'];
  /** The discrete field (the aggregation's single key). */
  readonly discrete?: string;
  readonly numeric?: { readonly field: string; readonly type: NumericType };
  /** Point-in-time metric (cpu.usage, cpu.zones): the first report of an interval wins. */
  readonly point: boolean;
  /**
   * The script names the node's hostname (hostname decomposed or in the predicate): it
   * holds HOSTNAME_PLACEHOLDER, which scriptForHost() replaces before each node compiles it.
   */
  readonly perHost: boolean;
}

/**
 * Where a node's hostname goes in a script (CA's instrumenter wrote its own hostname as a
 * literal). A valid D string literal, so an unsubstituted script still compiles; no user
 * string renders to it (dString writes `@` as an octal escape).
 */
export const HOSTNAME_PLACEHOLDER = '"@@hostname@@"';

/** The script as node `hostname` runs it. */
export function scriptForHost(script: string, hostname: string): string {
  return script.split(HOSTNAME_PLACEHOLDER).join(dString(hostname));
}

/** A value stored at one probe and read at a later one. */
interface Gather {
  readonly name: string;
  /** The probes that store it, and an extra predicate there. */
  readonly at: string;
  readonly pred?: string;
  readonly expr: string;
  /** The probes that free it (default: the aggregating probes, after aggregating). */
  readonly cleanAt?: string;
}

interface FieldD {
  /** D expression at the aggregating probe; `$name` reads gathered value `name`. */
  readonly expr: string;
  readonly gathers?: readonly Gather[];
}

interface Variant {
  /** Fields whose expression in this clause is a constant (cpu.usage's cpumode). */
  readonly consts: Readonly<Record<string, string>>;
  /** What sum() adds in this clause, replacing the metric's value. */
  readonly value: string;
}

interface MetricD {
  /** The aggregating probes and their own predicate. */
  readonly probes: string;
  readonly pred?: string;
  /** Gathered values live in thread-locals (self->) or in a global array keyed by [arg0]. */
  readonly store: 'thread' | 'global';
  /** Gathered whenever anything is, and required (!= 0) at the aggregating probe. */
  readonly guard?: Gather;
  readonly fields: Readonly<Record<string, FieldD>>;
  /** Summed per event instead of count() (scalar and discrete instrumentations). */
  readonly value?: string;
  /** Separate aggregating clauses when any of these fields is used. */
  readonly variants?: { readonly when: string; readonly list: readonly Variant[] };
}

const SUBSECOND = '(timestamp % 1000000000) / 1000000';

/** The process fields as D built-ins. */
const PROC: Readonly<Record<string, FieldD>> = {
  zonename: { expr: 'zonename' },
  pid: { expr: 'lltostr(pid)' },
  execname: { expr: 'execname' },
  psargs: { expr: 'stringof(curpsinfo->pr_psargs)' },
  ppid: { expr: 'lltostr(ppid)' },
};

const HOSTNAME: FieldD = { expr: HOSTNAME_PLACEHOLDER };

const SYSCALL_TS: Gather = { name: 'ts', at: 'syscall:::entry', expr: 'timestamp' };
const ONCPU_TS: Gather = { name: 'ts', at: 'sched:::on-cpu', pred: 'curthread->t_pri != -1', expr: 'timestamp' };
const FOP = 'fbt:genunix:fop_read,fbt:genunix:fop_write,fbt:genunix:fop_lookup,fbt:genunix:fop_getattr,fbt:genunix:fop_open,fbt:genunix:fop_close,fbt:genunix:fop_fsync';
const FOP_RW = 'fbt:genunix:fop_read,fbt:genunix:fop_write';
const probesAt = (funcs: string, name: string): string => funcs.split(',').map((f) => `${f}:${name}`).join(',');
const IO_TS: Gather = { name: 'ts', at: 'io:::start', expr: 'timestamp' };
const ZVOL_TS: Gather = { name: 'ts', at: 'sdt:zfs::zvol-uio-start', expr: 'timestamp' };
const QEMU_RW_ENTRY = 'syscall::pread:entry,syscall::pwrite:entry';
const QEMU_RW_RETURN = 'syscall::pread:return,syscall::pwrite:return';
const ZONE_MISC = 'sdt:genunix:zone_kstat:zone-misc';
const ZONE_CPU_PCT = '(arg0 + arg1) * 100 / arg3';
/** Disks as CA counted them: sd and cmdk devices (not zvols or lofi). */
const DISK_PRED = 'args[1]->dev_name == "sd" || args[1]->dev_name == "cmdk"';

function fopFields(funcs: string): { ts: Gather; fields: Record<string, FieldD> } {
  const at = probesAt(funcs, 'entry');
  const ts: Gather = { name: 'ts', at, expr: 'timestamp' };
  const vp: Gather = { name: 'vp', at, expr: 'args[0]' };
  return {
    ts,
    fields: {
      fstype: { expr: 'stringof($vp->v_op->vnop_name)', gathers: [vp] },
      optype: { expr: 'substr(probefunc, 4)' },
      latency: { expr: 'timestamp - $ts', gathers: [ts] },
      size: { expr: '$size', gathers: [{ name: 'size', at, expr: 'args[1]->uio_resid' }] },
      offset: { expr: '$offset', gathers: [{ name: 'offset', at, expr: 'args[1]->uio_loffset' }] },
    },
  };
}

const FOP_ALL = fopFields(FOP);
const FOP_RWF = fopFields(FOP_RW);

/** Every metric's meta-D, by module.stat (the catalog's METRICS, all of them). */
const METAD: Readonly<Record<string, MetricD>> = {
  'cpu.thread_samples': {
    probes: 'profile:::profile-99hz',
    pred: 'curthread->t_pri != -1',
    store: 'thread',
    fields: { ...PROC, subsecond: { expr: SUBSECOND } },
  },
  'cpu.thread_executions': {
    probes: 'sched:::off-cpu',
    pred: 'curthread->t_pri != -1',
    store: 'thread',
    fields: {
      ...PROC,
      leavereason: {
        expr:
          '(curlwpsinfo->pr_state == SRUN ? "runnable" : curlwpsinfo->pr_state == SZOMB ? "exited" : ' +
          'curlwpsinfo->pr_state == SSTOP ? "stopped" : curlwpsinfo->pr_state == SIDL ? "in proc creation" : ' +
          'curlwpsinfo->pr_state == SONPROC ? "on-cpu" : curlwpsinfo->pr_state == SWAIT ? "waiting to be runnable" : "sleeping")',
      },
      runtime: { expr: 'timestamp - $ts', gathers: [ONCPU_TS] },
      subsecond: { expr: '($ts % 1000000000) / 1000000', gathers: [ONCPU_TS] },
    },
  },
  'cpu.usage': {
    probes: ZONE_MISC,
    store: 'thread',
    value: ZONE_CPU_PCT,
    // cpumode always goes through the variants below; its expression here is never used.
    fields: { zonename: { expr: 'zonename' }, cpumode: { expr: '"user"' } },
    variants: {
      when: 'cpumode',
      list: [
        { consts: { cpumode: '"user"' }, value: 'arg0 * 100 / arg3' },
        { consts: { cpumode: '"kernel"' }, value: 'arg1 * 100 / arg3' },
      ],
    },
  },
  'cpu.waittime': { probes: ZONE_MISC, store: 'thread', value: 'arg2', fields: { zonename: { expr: 'zonename' } } },
  'cpu.zones': {
    probes: ZONE_MISC,
    store: 'thread',
    value: ZONE_CPU_PCT,
    fields: { zonename: { expr: 'zonename' }, utilization: { expr: ZONE_CPU_PCT } },
  },
  'disk.physio_bytes': {
    probes: 'io:::done',
    pred: DISK_PRED,
    store: 'global',
    value: 'args[0]->b_bcount',
    fields: { disk: { expr: 'args[1]->dev_statname' }, optype: { expr: '(args[0]->b_flags & B_READ ? "read" : "write")' } },
  },
  'disk.physio_ops': {
    probes: 'io:::done',
    pred: DISK_PRED,
    store: 'global',
    fields: {
      disk: { expr: 'args[1]->dev_statname' },
      optype: { expr: '(args[0]->b_flags & B_READ ? "read" : "write")' },
      latency: { expr: 'timestamp - $ts', gathers: [IO_TS] },
      size: { expr: 'args[0]->b_bcount' },
      // b_blkno counts 512-byte blocks; the field's type is size, in bytes.
      offset: { expr: 'args[0]->b_blkno * 512' },
    },
  },
  'fs.logical_ops': {
    probes: probesAt(FOP, 'return'),
    store: 'thread',
    guard: FOP_ALL.ts,
    fields: { ...PROC, fstype: FOP_ALL.fields.fstype!, optype: FOP_ALL.fields.optype!, latency: FOP_ALL.fields.latency! },
  },
  'fs.logical_rwops': {
    probes: probesAt(FOP_RW, 'return'),
    store: 'thread',
    guard: FOP_RWF.ts,
    fields: { ...PROC, ...FOP_RWF.fields },
  },
  'syscall.syscalls': {
    probes: 'syscall:::return',
    store: 'thread',
    guard: SYSCALL_TS,
    fields: {
      ...PROC,
      syscall: { expr: 'probefunc' },
      subsecond: { expr: SUBSECOND },
      latency: { expr: 'timestamp - $ts', gathers: [SYSCALL_TS] },
      cputime: { expr: 'vtimestamp - $vts', gathers: [{ name: 'vts', at: 'syscall:::entry', expr: 'vtimestamp' }] },
    },
  },
  'zfs.arc_ops': {
    probes: 'sdt:zfs::arc-hit,sdt:zfs::arc-miss',
    store: 'thread',
    fields: { ...PROC, optype: { expr: '(probename == "arc-hit" ? "hit" : "miss")' } },
  },
  'zfs.throttled_ops': {
    probes: 'sdt:zfs::zfs-zone-wait',
    store: 'thread',
    fields: {
      zonename: { expr: 'zonename' },
      optype: { expr: '(arg1 == 0 ? "read" : "write")' },
      // The kernel's delay is in microseconds; CA's time fields are nanoseconds.
      delay: { expr: 'arg2 * 1000' },
    },
  },
  'unix.proc_execs': {
    probes: 'proc:::exec-success',
    store: 'thread',
    fields: { ...PROC, subsecond: { expr: SUBSECOND } },
  },
  'unix.proc_exits': {
    probes: 'proc:::exit',
    store: 'thread',
    fields: {
      ...PROC,
      subsecond: { expr: SUBSECOND },
      walltime: { expr: '(walltimestamp - (curpsinfo->pr_start.tv_sec * 1000000000 + curpsinfo->pr_start.tv_nsec))' },
    },
  },
  'vm.physio_ops': {
    probes: 'sdt:zfs::zvol-uio-done',
    store: 'thread',
    guard: ZVOL_TS,
    fields: {
      zonename: { expr: 'zonename' },
      optype: { expr: '(arg2 == 0 ? "read" : "write")' },
      errno: { expr: 'lltostr(arg3)' },
      latency: { expr: 'timestamp - $ts', gathers: [ZVOL_TS] },
      // qemu serves a guest's disk I/O as pread/pwrite(fd, buf, size, offset) on the zvol.
      size: { expr: '$size', gathers: [{ name: 'size', at: QEMU_RW_ENTRY, expr: 'arg2', cleanAt: QEMU_RW_RETURN }] },
      offset: { expr: '$offset', gathers: [{ name: 'offset', at: QEMU_RW_ENTRY, expr: 'arg3', cleanAt: QEMU_RW_RETURN }] },
    },
  },
  'vm.thread_samples': {
    probes: 'profile:::profile-99hz',
    // A KVM guest runs as the zone's qemu process (execname truncated to 16 characters).
    pred: 'curthread->t_pri != -1 && execname == "qemu-system-x86_"',
    store: 'thread',
    fields: { zonename: { expr: 'zonename' }, subsecond: { expr: SUBSECOND } },
  },
};

/**
 * The aggregating function of a numeric decomposition. Sizes and offsets take the same
 * log-linear buckets as times rather than quantize()'s powers of two: a heatmap's y axis
 * is linear, and 4 KB and 6 KB I/Os (or nearby offsets) must not share one bucket.
 */
function distribution(type: NumericType, e: string): string {
  switch (type) {
    case 'time':
    case 'size':
    case 'number':
      // Two significant digits per decade from 10^3 to 10^12 (CA's buckets for latency):
      // 1 us..1000 s, 1 KB..1 TB; below 1000 one bucket. One decoder downstream serves all.
      return `llquantize(${e}, 10, 3, 11, 100)`;
    case 'subsecond':
      return `lquantize(${e}, 0, 1000, 10)`;
    case 'percent':
      return `lquantize(${e}, 0, 6400, 1)`;
  }
}

/** Whether a metric here has D for it (every metric of the catalog does). */
export function hasMetaD(module: string, stat: string): boolean {
  return Object.hasOwn(METAD, `${module}.${stat}`);
}

/**
 * An instrumentation's D program. `zones`: undefined for an operator's instrumentation
 * (every zone); a customer's zone list otherwise, ANDed into every clause (an empty list
 * matches nothing).
 */
export function compileInstn(p: InstnProps, zones: readonly string[] | undefined): CompiledInstn {
  const key = `${p.module}.${p.stat}`;
  const md = Object.hasOwn(METAD, key) ? METAD[key] : undefined;
  const metric = findMetric('operator', p.module, p.stat);
  if (md === undefined || metric === undefined) throw new CaError('ECA_INVAL', `no D for metric ${key}`);

  const used = [...new Set([...p.decomposition, ...predicateFields(p.predicate)])];
  for (const f of used) {
    if (f !== 'hostname' && !Object.hasOwn(md.fields, f)) throw new CaError('ECA_INVAL', `metric ${key} has no field "${f}"`);
  }
  const discrete = p.decomposition.find((f) => !isNumericField(f));
  const numericField = p.decomposition.find((f) => isNumericField(f));
  const numericType = numericField === undefined ? undefined : (FIELDS[numericField]!.type as NumericType);
  const fieldD = (f: string): FieldD => (f === 'hostname' ? HOSTNAME : md.fields[f]!);

  // The gathered values the used fields need (by name), plus the guard when any is needed.
  const gathers = new Map<string, Gather>();
  for (const f of used) for (const g of fieldD(f).gathers ?? []) gathers.set(g.name, g);
  const guard = md.guard ?? (gathers.has('ts') ? gathers.get('ts') : undefined);
  if (gathers.size > 0 && guard !== undefined) gathers.set(guard.name, guard);
  const verify = gathers.size > 0 ? guard : undefined;

  const slot = (name: string): string => (md.store === 'thread' ? `self->ca_${name}` : `ca_${name}[arg0]`);
  const subst = (e: string): string => e.replace(/\$([a-z]+)/g, (_, n: string) => slot(n));
  const zonePred = zones === undefined ? undefined : zones.length === 0 ? '0' : zones.map((z) => `zonename == ${dString(z)}`).join(' || ');
  const pred = (...parts: (string | undefined)[]): string => {
    const ps = parts.filter((x): x is string => x !== undefined);
    return ps.length === 0 ? '' : ` /${ps.map((x) => `(${x})`).join(' && ')}/`;
  };

  const lines: string[] = [`/* Cloud Analytics: ${key}${p.decomposition.length > 0 ? ` by ${p.decomposition.join(', ')}` : ''} */`];

  // Start clauses: one per (probes, predicate), in the order the gathers were needed.
  const starts = new Map<string, { at: string; pred?: string; stores: string[] }>();
  for (const g of gathers.values()) {
    const k = `${g.at}/${g.pred ?? ''}`;
    let s = starts.get(k);
    if (s === undefined) starts.set(k, (s = { at: g.at, pred: g.pred, stores: [] }));
    s.stores.push(`${slot(g.name)} = ${g.expr};`);
  }
  for (const s of starts.values()) lines.push(`${s.at}${pred(zonePred, s.pred)}\n{\n\t${s.stores.join('\n\t')}\n}`);

  // Aggregating clauses.
  const variants = md.variants !== undefined && used.includes(md.variants.when) ? md.variants.list : [undefined];
  for (const v of variants) {
    const exprOf = (f: string): string => subst(v?.consts[f] ?? fieldD(f).expr);
    const user = renderPredicate(p.predicate, exprOf);
    const value = v?.value ?? md.value;
    const fn = numericField !== undefined ? distribution(numericType!, exprOf(numericField)) : value !== undefined ? `sum(${subst(value)})` : 'count()';
    const lhs = discrete === undefined ? '@ca' : `@ca[${exprOf(discrete)}]`;
    lines.push(`${md.probes}${pred(verify === undefined ? undefined : `${slot(verify.name)} != 0`, zonePred, md.pred, user)}\n{\n\t${lhs} = ${fn};\n}`);
  }

  // Clean clauses: free every gathered variable where its lifetime ends.
  const cleans = new Map<string, string[]>();
  for (const g of gathers.values()) {
    const at = g.cleanAt ?? md.probes;
    const list = cleans.get(at) ?? [];
    list.push(`${slot(g.name)} = 0;`);
    cleans.set(at, list);
  }
  for (const [at, list] of cleans) lines.push(`${at}${pred(zonePred)}\n{\n\t${list.join('\n\t')}\n}`);

  return {
    script: `${lines.join('\n\n')}\n`,
    arity: p['value-arity'],
    ...(discrete === undefined ? {} : { discrete }),
    ...(numericField === undefined ? {} : { numeric: { field: numericField, type: numericType! } }),
    point: p['value-scope'] === 'point',
    perHost: used.includes('hostname'),
  };
}
