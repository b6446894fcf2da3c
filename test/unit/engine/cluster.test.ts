// The Cluster (src/engine/cluster.ts): the same deltas whatever the split of nodes over
// shards (one shard, two in-process shards, two real worker_threads), scripts merged over
// nodes with D's own merge and printa, D compile errors with line and column, customer
// enablings on the nodes hosting their zones, and pacing to a wall clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, EnableError, type EnableSpec, type ShardTransport } from '../../../src/engine/cluster';
import { deltaEntries, mergeDeltas, type Delta } from '../../../src/engine/delta';
import { exposeShard } from '../../../src/engine/remote';
import { hostWallClock } from '../../../src/engine/wallclock';
import { builtinScenario } from '../../../src/sim/index';
import { root } from '../zdtrace-harness';

const DEMO = builtinScenario('demo')!;

/** The three default dashboard instrumentations, as CA's meta-D compiles them. */
const INSTNS: readonly EnableSpec[] = [
  {
    id: 'syscall-latency',
    mode: 'instn',
    script: `syscall:::entry { self->ca_ts = timestamp; }
syscall:::return /self->ca_ts/ { @ca[zonename] = llquantize(timestamp - self->ca_ts, 10, 3, 11, 100); self->ca_ts = 0; }`,
  },
  { id: 'cpu-zones', mode: 'instn', script: 'sdt:genunix:zone_kstat:zone-misc { @ca[zonename] = sum((arg0 + arg1) * 100 / arg3); }' },
  { id: 'zfs-throttled', mode: 'instn', script: 'sdt:zfs::zfs-zone-wait { @ca[zonename] = llquantize(arg2 * 1000, 10, 3, 11, 100); }' },
];

/** Deltas merged across shards by (id, second), as CaService does, as plain data. */
function collect(c: Cluster): { readonly deltas: Map<string, Delta>; readonly messages: () => number; readonly off: () => void } {
  const deltas = new Map<string, Delta>();
  let n = 0;
  const off = c.onDelta((d) => {
    n++;
    const k = `${d.id}@${d.second}`;
    const prev = deltas.get(k);
    deltas.set(k, prev === undefined ? d : mergeDeltas(prev, d));
  });
  return { deltas, messages: () => n, off };
}

function plain(deltas: Map<string, Delta>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, d] of [...deltas].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[k] = { sources: [...d.sources].sort(), entries: Object.entries(deltaEntries(d)).sort(([a], [b]) => (a < b ? -1 : 1)) };
  }
  return out;
}

let workerFile = '';
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zs-cluster-'));
  workerFile = join(dir, 'shard.node.mjs');
  await build({ entryPoints: [join(root, 'workers/shard.node.ts')], bundle: true, format: 'esm', platform: 'node', outfile: workerFile, logLevel: 'warning' });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function run(o: { localShards?: number; workers?: number; ports?: number }, seconds: number): Promise<Record<string, unknown>> {
  const threads = Array.from({ length: o.workers ?? 0 }, () => new Worker(workerFile));
  // A shard behind a plain MessagePort (what a browser hands over), served in this thread.
  const channels = Array.from({ length: o.ports ?? 0 }, () => new globalThis.MessageChannel());
  for (const ch of channels) exposeShard(ch.port1 as unknown as ShardTransport, hostWallClock());
  try {
    const c = await Cluster.create({
      scenario: DEMO,
      speed: 0,
      localShards: o.localShards ?? 0,
      workers: [...threads.map((w) => nodeEndpoint(w) as unknown as ShardTransport), ...channels.map((ch) => ch.port2 as unknown as ShardTransport)],
    });
    const { deltas, messages, off } = collect(c);
    for (const s of INSTNS) await c.enable(s);
    expect(INSTNS.map((s) => c.nsources(s.id))).toEqual([4, 4, 4]);
    await c.advanceTo(seconds);
    // Remote deltas come on their own channel: let the last ones arrive (one per shard, instrumentation and second).
    const expected = INSTNS.length * seconds * ((o.localShards ?? 0) + threads.length + channels.length);
    for (let i = 0; i < 250 && messages() < expected; i++) await new Promise((r) => setTimeout(r, 20));
    expect(messages()).toBe(expected);
    off();
    await c.stop();
    return plain(deltas);
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
    for (const ch of channels) {
      ch.port1.close();
      ch.port2.close();
    }
  }
}

describe('Cluster', () => {
  it('gives the same deltas with one shard, two in-process shards, two worker_threads and shards behind MessagePorts', async () => {
    const seconds = 4;
    const one = await run({ localShards: 1 }, seconds);
    expect(Object.keys(one)).toHaveLength(INSTNS.length * seconds);
    // Every second of every instrumentation covers the four nodes.
    for (const v of Object.values(one)) expect((v as { sources: string[] }).sources).toEqual(['cn1', 'cn2', 'cn3', 'cn4']);
    const cpu = one['cpu-zones@2'] as { entries: [string, number][] };
    expect(cpu.entries.length).toBeGreaterThan(10);
    expect(cpu.entries.some(([, v]) => v > 0)).toBe(true);
    const lat = one['syscall-latency@3'] as { entries: [string, [[number, number], number][]][] };
    expect(lat.entries.length).toBeGreaterThan(5);
    expect(await run({ localShards: 2 }, seconds)).toEqual(one);
    expect(await run({ workers: 2 }, seconds)).toEqual(one);
    expect(await run({ localShards: 1, ports: 2 }, seconds)).toEqual(one);
  }, 120_000);

  it('rejects a D program that does not compile with dtrace\'s message, its line and column', async () => {
    const c = await Cluster.create({ scenario: DEMO, speed: 0, localShards: 2 });
    const bad = c.enable({ id: 'bad', mode: 'script', script: 'syscall:::entry\n{\n  @ = count(;\n}' });
    await expect(bad).rejects.toBeInstanceOf(EnableError);
    const e = (await bad.catch((x: unknown) => x)) as EnableError;
    expect(e.message).toMatch(/^failed to compile script: line 3: syntax error near/);
    expect(e.line).toBe(3);
    expect(e.column).toBeGreaterThan(0);
    expect(c.nsources('bad')).toBe(0);
    // The failed id is free again, and unknown probes are reported as dtrace does.
    await expect(c.enable({ id: 'bad', mode: 'script', script: 'nosuch:::probe { }' })).rejects.toThrow(/probe description nosuch:::probe does not match any probes/);
    await c.stop();
  });

  it('a script runs over every node, merged with D\'s merge and printed as printa', async () => {
    const c = await Cluster.create({ scenario: DEMO, speed: 0, localShards: 2 });
    await c.enable({ id: 's', mode: 'script', script: '#pragma D option quiet\nsyscall::read:entry { @reads[zonename] = count(); } tick-1s { printf("tick %d\\n", 1); }' });
    await c.advanceTo(2);
    const v = await c.scriptValue('s');
    const agg = v.aggregations[0]!;
    expect(agg.name).toBe('reads');
    expect(agg.func).toBe('count');
    expect(agg.keys.length).toBeGreaterThan(10);
    // Each node's tick-1s printed twice.
    expect(v.output).toBe('tick 1\n'.repeat(8));
    const lines = v.printa.trim().split('\n');
    expect(lines).toHaveLength(agg.keys.length);
    // printa sorts by value, ascending: the last line is the largest count.
    const max = Math.max(...(agg.values as number[]));
    expect(lines[lines.length - 1]!.trim().split(/\s+/)).toEqual([String(agg.keys[(agg.values as number[]).indexOf(max)]![0]), String(max)]);
    expect(v.errors).toEqual([]);
    // The program's options decide how it prints: sorted by key with aggsortkey.
    await c.enable({ id: 'k', mode: 'script', script: '#pragma D option aggsortkey\nsyscall::read:entry { @[zonename] = count(); }' });
    await c.advanceTo(3);
    const byKey = (await c.scriptValue('k')).printa.trim().split('\n').map((l) => l.trim().split(/\s+/)[0]!);
    expect(byKey.length).toBeGreaterThan(10);
    expect(byKey).toEqual([...byKey].sort());
    await c.stop();
  });

  it('across a worker_thread: compile errors keep their line and column, scripts merge with the local shard\'s nodes, controls apply', async () => {
    const w = new Worker(workerFile);
    try {
      const c = await Cluster.create({ scenario: DEMO, speed: 0, localShards: 1, workers: [nodeEndpoint(w) as unknown as ShardTransport] });
      const e = (await c.enable({ id: 'bad', mode: 'script', script: 'BEGIN\n{\n  x = ;\n}' }).catch((x: unknown) => x)) as EnableError;
      expect(e).toBeInstanceOf(EnableError);
      expect([e.line, e.tag]).toEqual([3, 'D_SYNTAX']);
      await c.enable({ id: 's', mode: 'script', script: 'sdt:genunix:zone_kstat:zone-misc { @zm[zonename] = count(); }' });
      await c.advanceTo(2);
      const v = await c.scriptValue('s');
      // Four nodes' zones, every one of them twice.
      const zm = v.aggregations[0]!;
      expect(zm.keys).toHaveLength(DEMO.nodes.reduce((n, x) => n + x.zones.length, 0));
      expect(new Set(zm.values)).toEqual(new Set([2]));
      await c.setThrottle('off');
      expect(c.scenarioState().throttle).toBe('off');
      await expect(c.removeWorkload(DEMO.nodes[3]!.zones[0]!.name, 99)).rejects.toThrow(/has no workload 99/);
      await c.stop();
    } finally {
      await w.terminate();
    }
  });

  it('a customer\'s enabling runs only on the nodes hosting its zones and sees only them', async () => {
    const c = await Cluster.create({ scenario: DEMO, speed: 0, localShards: 2 });
    const zones = DEMO.nodes.flatMap((n) => n.zones).filter((z) => z.owner === 'globex').map((z) => z.name);
    const hosts = DEMO.nodes.filter((n) => n.zones.some((z) => z.owner === 'globex')).map((n) => n.hostname);
    await c.enable({ id: 'g', mode: 'script', script: 'syscall:::entry { @[zonename] = count(); }', zones, zoneProviders: true });
    expect(c.nsources('g')).toBe(hosts.length);
    expect([...c.sources('g')].sort()).toEqual(hosts.sort());
    await c.advanceTo(2);
    const seen = (await c.scriptValue('g')).aggregations[0]!.keys.map((k) => k[0]);
    expect(seen.length).toBeGreaterThan(0);
    for (const z of seen) expect(zones).toContain(z);
    // Inside a zone there is no io, fbt or sdt provider.
    await expect(c.enable({ id: 'g2', mode: 'script', script: 'io:::start { }', zones, zoneProviders: true })).rejects.toThrow(/does not match any probes/);
    await c.stop();
  });

  it('paces simulated time to the wall clock: now() is the target, pause freezes it, setSpeed changes it', async () => {
    const clock = hostWallClock();
    const c = await Cluster.create({ scenario: DEMO, speed: 10, localShards: 1, clock });
    const { deltas, off } = collect(c);
    await c.enable(INSTNS[1]!);
    const before = clock.now();
    c.start({ prerollS: 3 });
    await c.settled();
    const started = clock.now();
    // Paced from the end of the preroll: second 3 at `started` or a little before.
    expect(c.now()).toBeGreaterThanOrEqual(3);
    expect(c.now()).toBeLessThanOrEqual(3 + Math.floor((started - before) / 100) + 1);
    await new Promise((r) => setTimeout(r, 450));
    const n = c.now();
    const after = clock.now();
    // 10 simulated s per wall s: at least 4.5 s more, at most what the wall time since start() allows.
    expect(n).toBeGreaterThanOrEqual(3 + 4);
    expect(n).toBeLessThanOrEqual(3 + Math.floor((after - before) / 100));
    c.pause();
    await c.settled();
    const frozen = c.now();
    await new Promise((r) => setTimeout(r, 200));
    expect(c.now()).toBe(frozen);
    // One delta per second reached, in order.
    const secs = [...deltas.values()].map((d) => d.second).sort((a, b) => a - b);
    expect(secs).toEqual(Array.from({ length: secs.length }, (_, i) => i));
    expect(secs.length).toBe(frozen);
    c.setSpeed(40);
    c.resume();
    await c.settled();
    await new Promise((r) => setTimeout(r, 250));
    expect(c.now()).toBeGreaterThanOrEqual(frozen + 6);
    off();
    await c.stop();
  });
});
