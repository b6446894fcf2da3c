// Instrumentation -> D: every metric x every allowed decomposition x a predicate compiles
// with the real D compiler against the demo node's probe catalog, for operators and for a
// customer's zone list; the shape of what is emitted (one @ca aggregation, the zone list
// in every clause, thread-locals only for used fields and freed after, CA's aggregating
// functions); and one instrumentation run through bin/zdtrace on the demo scenario.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldType, isNumericField, METRICS, type MetricDef } from '../../../src/ca/catalog';
import { validateCreate, type InstnProps } from '../../../src/ca/instn';
import { compileInstn, HOSTNAME_PLACEHOLDER, scriptForHost } from '../../../src/ca/metad';
import type { Predicate } from '../../../src/ca/predicate';
import { compile, CompileFailure, DOptions } from '../../../src/d/index';
import { SimTracedNode } from '../../../src/engine/simnode';
import { builtinScenario } from '../../../src/sim/index';
import { SIM_PROBES } from '../../../src/sim/probes';
import { useZdtrace } from '../zdtrace-harness';

/**
 * The demo node's probe catalog, plus sdt:genunix:zone_kstat:zone-misc if the simulator
 * does not offer it yet (cpu.usage, cpu.waittime and cpu.zones compile to it).
 */
function realCatalog(): SimTracedNode['catalog'] {
  const catalog = new SimTracedNode({ scenario: builtinScenario('demo')! }).catalog;
  if (catalog.lookup('sdt', 'genunix', 'zone_kstat', 'zone-misc') === undefined) {
    catalog.add('sdt', 'genunix', 'zone_kstat', 'zone-misc', ['uint64_t', 'uint64_t', 'uint64_t', 'uint64_t', 'uint64_t']);
  }
  return catalog;
}
const catalog = realCatalog();

function dcompile(script: string): void {
  try {
    compile({ inputs: [{ kind: 's', text: script, name: 'ca.d' }], macroArgs: [], argv0: 'dtrace', options: new DOptions(), catalog });
  } catch (e) {
    if (e instanceof CompileFailure) throw new Error(`${e.message}\n${script}`);
    throw e;
  }
}

function props(module: string, stat: string, decomposition: readonly string[] = [], predicate: Predicate = {}): InstnProps {
  return validateCreate({ module, stat, decomposition, predicate }, 'operator', { customer: false, now: 0 });
}

/** [], each discrete field, each numeric field, and each discrete x numeric pair. */
function decompositions(m: MetricDef): string[][] {
  const discrete = m.fields.filter((f) => !isNumericField(f));
  const numeric = m.fields.filter(isNumericField);
  return [[], ...discrete.map((d) => [d]), ...numeric.map((n) => [n]), ...discrete.flatMap((d) => numeric.map((n) => [d, n]))];
}

/** A predicate that touches every field of the metric (so every gather is exercised). */
function everyField(m: MetricDef): Predicate {
  const leaves = m.fields.map((f) => (isNumericField(f) ? { ge: [f, 0] } : { ne: [f, 'x"y\\z'] })) as unknown as Predicate[];
  return leaves.length === 1 ? leaves[0]! : ({ or: [{ and: leaves }, { eq: [m.fields[1] ?? m.fields[0]!, 'a'] }] } as unknown as Predicate);
}

const ZONES = ['acme-web0', 'we"ird\\zone'];
const ZONE_PRED = '(zonename == "acme-web0" || zonename == "we\\"ird\\\\zone")';

/** The probe-description lines of a script (each opens a clause). */
function clauseHeads(script: string): string[] {
  return script.split('\n').filter((l) => /^[a-z]+:/.test(l));
}

describe('every metric x decomposition x predicate compiles with the D compiler', () => {
  for (const m of METRICS) {
    it(`${m.module}.${m.stat}`, () => {
      for (const d of decompositions(m)) {
        for (const pred of [{}, everyField(m)] as Predicate[]) {
          const p = props(m.module, m.stat, d, pred);
          for (const zones of [undefined, ZONES, []]) {
            const c = compileInstn(p, zones);
            dcompile(c.script);
            // Exactly one aggregation, @ca, keyed by the discrete field when there is one.
            expect(new Set(c.script.match(/@\w*(?=\[| =)/g))).toEqual(new Set(['@ca']));
            const discrete = d.find((f) => !isNumericField(f));
            expect(c.discrete).toBe(discrete);
            expect(c.script.includes('@ca[')).toBe(discrete !== undefined);
            expect(c.arity).toBe(p['value-arity']);
            expect(c.point).toBe(m.interval === 'point');
            if (zones !== undefined) {
              for (const head of clauseHeads(c.script)) expect(head).toContain(zones.length === 0 ? '(0)' : ZONE_PRED);
            }
            if (zones === ZONES && m.module === 'disk') dcompile(scriptForHost(c.script, 'cn"1'));
          }
        }
      }
    });
  }
});

describe('what an instrumentation compiles to', () => {
  it('syscall.syscalls by zonename and latency: CA\'s example, with the entry timestamp freed after', () => {
    const c = compileInstn(props('syscall', 'syscalls', ['zonename', 'latency'], { eq: ['zonename', 'z1'] }), undefined);
    expect(c.script).toContain('syscall:::entry\n{\n\tself->ca_ts = timestamp;\n}');
    expect(c.script).toContain('syscall:::return /(self->ca_ts != 0) && (zonename == "z1")/\n{\n\t@ca[zonename] = llquantize(timestamp - self->ca_ts, 10, 3, 11, 100);\n}');
    expect(c.script.trimEnd().endsWith('syscall:::return\n{\n\tself->ca_ts = 0;\n}')).toBe(true);
    expect(c.numeric).toEqual({ field: 'latency', type: 'time' });
    expect(c.arity).toBe('numeric-decomposition');
  });

  it('gathers thread-locals only for the fields used', () => {
    expect(compileInstn(props('syscall', 'syscalls'), undefined).script).not.toContain('self->');
    expect(compileInstn(props('syscall', 'syscalls', ['execname']), undefined).script).not.toContain('self->');
    const cpu = compileInstn(props('syscall', 'syscalls', [], { gt: ['cputime', 1000] }), undefined).script;
    expect(cpu).toContain('self->ca_vts = vtimestamp;');
    expect(cpu).toContain('vtimestamp - self->ca_vts > 1000');
    expect(cpu).toContain('self->ca_vts = 0;');
    expect(cpu).toMatch(/@ca = count\(\);/);
  });

  it('disk.physio_ops keys its start time by [arg0] in a global array, as CA does', () => {
    const s = compileInstn(props('disk', 'physio_ops', ['disk', 'latency']), undefined).script;
    expect(s).toContain('io:::start\n{\n\tca_ts[arg0] = timestamp;\n}');
    expect(s).toContain('@ca[args[1]->dev_statname] = llquantize(timestamp - ca_ts[arg0], 10, 3, 11, 100);');
    expect(s).toContain('ca_ts[arg0] = 0;');
    expect(s).not.toContain('self->');
  });

  it("uses CA's aggregating function per field type", () => {
    const agg = (module: string, stat: string, d: string[]): string => compileInstn(props(module, stat, d), undefined).script.match(/@ca[^=]*= (.*);/)![1]!;
    expect(agg('cpu', 'thread_samples', ['subsecond'])).toBe('lquantize((timestamp % 1000000000) / 1000000, 0, 1000, 10)');
    expect(agg('cpu', 'zones', ['utilization'])).toBe('lquantize((arg0 + arg1) * 100 / arg3, 0, 6400, 1)');
    expect(agg('cpu', 'zones', ['zonename'])).toBe('sum((arg0 + arg1) * 100 / arg3)');
    expect(agg('cpu', 'zones', [])).toBe('sum((arg0 + arg1) * 100 / arg3)');
    expect(agg('cpu', 'waittime', ['zonename'])).toBe('sum(arg2)');
    expect(agg('zfs', 'throttled_ops', ['delay'])).toBe('llquantize(arg2 * 1000, 10, 3, 11, 100)');
    expect(agg('fs', 'logical_rwops', ['size'])).toBe('llquantize(self->ca_size, 10, 3, 11, 100)');
    expect(agg('disk', 'physio_bytes', ['disk'])).toBe('sum(args[0]->b_bcount)');
    expect(agg('unix', 'proc_exits', [])).toBe('count()');
    for (const m of METRICS) for (const f of m.fields) if (isNumericField(f)) expect(['time', 'size', 'subsecond', 'percent']).toContain(fieldType(f));
  });

  it('cpu.usage by cpumode splits into a user and a kernel clause on zone-misc', () => {
    const s = compileInstn(props('cpu', 'usage', ['cpumode'], { eq: ['cpumode', 'user'] }), ['z']).script;
    expect(s).toContain('sdt:genunix:zone_kstat:zone-misc /(zonename == "z") && ("user" == "user")/\n{\n\t@ca["user"] = sum(arg0 * 100 / arg3);\n}');
    expect(s).toContain('@ca["kernel"] = sum(arg1 * 100 / arg3);');
  });

  it("a customer's zone list is ANDed into every clause, even when its predicate names another tenant's zone", () => {
    const c = compileInstn(props('syscall', 'syscalls', ['zonename', 'latency'], { eq: ['zonename', 'globex-etl0'] }), ['acme-web0', 'acme-db0']);
    const heads = clauseHeads(c.script);
    expect(heads).toHaveLength(3);
    for (const h of heads) expect(h).toContain('(zonename == "acme-web0" || zonename == "acme-db0")');
  });

  it('hostname is a per-node literal: scriptForHost writes it as a D string', () => {
    const c = compileInstn(props('syscall', 'syscalls', ['hostname']), undefined);
    expect(c.perHost).toBe(true);
    expect(c.script).toContain(`@ca[${HOSTNAME_PLACEHOLDER}] = count();`);
    expect(scriptForHost(c.script, 'cn1')).toContain('@ca["cn1"] = count();');
    expect(compileInstn(props('syscall', 'syscalls', ['zonename'], { eq: ['zonename', '@@hostname@@'] }), undefined).perHost).toBe(false);
    const q = compileInstn(props('syscall', 'syscalls', ['zonename'], { eq: ['zonename', '@@hostname@@'] }), undefined).script;
    expect(scriptForHost(q, 'cn1')).toBe(q);
  });
});

describe('an instrumentation through bin/zdtrace on the demo scenario', () => {
  const z = useZdtrace('ca-metad-');

  function runScript(script: string, node = 'cn1'): string {
    const file = join(z.dir, `ca${Math.random().toString(36).slice(2)}.d`);
    writeFileSync(file, script);
    const r = z.run(['--fast', '-q', '--node', node, '-s', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  }

  it('syscall.syscalls by zonename, and by zonename and latency: the same counts per zone, latencies in range', () => {
    const byZone = compileInstn(props('syscall', 'syscalls', ['zonename']), undefined).script;
    const counts = new Map<string, number>();
    for (const line of runScript(`${byZone}\ntick-2s\n{\n\tprinta("%s %@d\\n", @ca);\n\texit(0);\n}\n`).split('\n')) {
      const m = /^(\S+) (\d+)$/.exec(line);
      if (m) counts.set(m[1]!, Number(m[2]));
    }
    const cn1 = builtinScenario('demo')!.nodes[0]!.zones.map((zz) => zz.name);
    expect(counts.size).toBeGreaterThanOrEqual(8);
    for (const k of counts.keys()) expect([...cn1, 'global']).toContain(k);
    expect(counts.get('acme-web0')).toBeGreaterThan(500);

    const byLatency = compileInstn(props('syscall', 'syscalls', ['zonename', 'latency']), undefined).script;
    const dist = distributions(runScript(`${byLatency}\ntick-2s\n{\n\texit(0);\n}\n`));
    expect(new Set(dist.keys())).toEqual(new Set(counts.keys()));
    for (const [zone, buckets] of dist) {
      const n = [...buckets.values()].reduce((a, b) => a + b, 0);
      // Same seed, same 2 s: the latency run drops only calls whose entry it did not see
      // with a non-zero timestamp (those already in flight at time 0, one per thread at most).
      expect(n).toBeLessThanOrEqual(counts.get(zone)!);
      expect(counts.get(zone)! - n).toBeLessThanOrEqual(Math.max(64, 0.02 * n));
      for (const v of buckets.keys()) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(2e9);
      }
    }
    // Web zones' calls take microseconds to milliseconds: most land in 1 us..10 ms buckets.
    const web = dist.get('acme-web0')!;
    const inRange = [...web].filter(([v]) => v >= 1000 && v < 1e7).reduce((a, [, c]) => a + c, 0);
    expect(inRange / [...web.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
  });

  // zone-misc comes from the engine's simulator (src/sim/probes.ts); without it there is nothing to run.
  const zoneMisc = SIM_PROBES.some((p) => p.name === 'zone-misc');

  it.skipIf(!zoneMisc)('cpu.zones: per zone per second, a percent of one CPU; by utilization, one count per zone per second', () => {
    const node = builtinScenario('demo')!.nodes[1]!;
    const perSecond = (script: string): string[][] =>
      runScript(`${script}\ntick-1s\n{\n\tprinta("%s %@d\\n", @ca);\n\tprintf("--\\n");\n\ttrunc(@ca);\n}\ntick-3s\n{\n\texit(0);\n}\n`, node.hostname)
        .split('--\n')
        .slice(0, 3)
        .map((block) => block.split('\n').filter((l) => l !== ''));
    const byZone = perSecond(compileInstn(props('cpu', 'zones', ['zonename']), undefined).script);
    expect(byZone).toHaveLength(3);
    for (const sec of byZone) {
      const pct = new Map(sec.map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])]));
      expect(new Set(pct.keys())).toEqual(new Set(node.zones.map((zz) => zz.name)));
      const total = [...pct.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(100);
      expect(total).toBeLessThanOrEqual(node.ncpus * 100);
    }
    // A customer's view: only its zones, whatever the rest of the node does.
    const acme = node.zones.filter((zz) => zz.owner === 'acme').map((zz) => zz.name);
    for (const sec of perSecond(compileInstn(props('cpu', 'zones', ['zonename']), acme).script)) {
      expect(new Set(sec.map((l) => l.split(' ')[0]))).toEqual(new Set(acme));
    }
    const scalar = compileInstn(props('cpu', 'zones', ['utilization']), undefined).script;
    const out = runScript(`${scalar}\ntick-1s\n{\n\tprinta(@ca);\n\ttrunc(@ca);\n}\ntick-2s\n{\n\texit(0);\n}\n`, node.hostname);
    const counts = [...out.matchAll(/^\s+\d+ \|[@ ]*(\d+)\s*$/gm)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2 * node.zones.length);
  });

  /** key -> (bucket -> count) from printa's default output of a keyed distribution. */
  function distributions(out: string): Map<string, Map<number, number>> {
    const dist = new Map<string, Map<number, number>>();
    let cur: Map<number, number> | undefined;
    for (const line of out.split('\n')) {
      const row = /^\s+(-?\d+) \|[@ ]*(\d+)\s*$/.exec(line);
      if (row && cur) {
        if (Number(row[2]) > 0) cur.set(Number(row[1]), Number(row[2]));
      } else if (/^ {2}\S/.test(line)) {
        dist.set(line.trim(), (cur = new Map()));
      }
    }
    return dist;
  }

  it('zfs.throttled_ops by zonename and delay: the ETL zone on cn1 is delayed, in 5 us steps up to 100 us, reported in ns', () => {
    const s = compileInstn(props('zfs', 'throttled_ops', ['zonename', 'delay']), undefined).script;
    const dist = distributions(runScript(`${s}\ntick-5s\n{\n\texit(0);\n}\n`));
    const etl = dist.get('globex-etl0')!;
    expect(etl).toBeDefined();
    for (const buckets of dist.values()) {
      for (const v of buckets.keys()) {
        expect(v).toBeGreaterThanOrEqual(1000);
        expect(v).toBeLessThanOrEqual(1_000_000);
      }
    }
    expect(Math.max(...etl.keys())).toBeGreaterThanOrEqual(50_000);
  });

  it("a customer's instrumentation naming another tenant's zone in its predicate sees nothing (behaviour 19)", () => {
    const acme = builtinScenario('demo')!.nodes[0]!.zones.filter((zz) => zz.owner === 'acme').map((zz) => zz.name);
    const spy = compileInstn(props('syscall', 'syscalls', ['zonename'], { eq: ['zonename', 'globex-etl0'] }), acme).script;
    expect(runScript(`${spy}\ntick-2s\n{\n\tprinta("%s %@d\\n", @ca);\n\texit(0);\n}\n`).trim()).toBe('');
    const own = compileInstn(props('syscall', 'syscalls', ['zonename']), acme).script;
    const keys = runScript(`${own}\ntick-2s\n{\n\tprinta("%s %@d\\n", @ca);\n\texit(0);\n}\n`).trim().split('\n').map((l) => l.split(' ')[0]);
    expect(new Set(keys)).toEqual(new Set(acme));
  });
});
