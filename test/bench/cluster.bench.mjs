// The engine under Cloud Analytics at demo scale: the demo datacenter (4 nodes, 48 zones)
// split over two worker_threads shards (Cluster + Comlink, as zonescope serve runs it),
// with the three default dashboard instrumentations enabled on every node (syscall
// latency by zonename, cpu.zones by zonename, zfs.throttled_ops delay by zonename, in
// the D CA's meta-D compiles them to), run flat out; every second each shard sends one
// merged delta per instrumentation. Figure: simulated seconds per wall second (it must
// keep up with real time: >= 1). Also checks that every (instrumentation, second) got
// its deltas from all four nodes.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';

const WORKERS = 2;
const WARM_S = 3;
const STEP_S = 5;
const ROUNDS = 3;

const INSTNS = [
  {
    id: 'syscall-latency',
    mode: 'instn',
    script: `syscall:::entry { self->ca_ts = timestamp; }
syscall:::return /self->ca_ts/ { @ca[zonename] = llquantize(timestamp - self->ca_ts, 10, 3, 11, 100); self->ca_ts = 0; }`,
  },
  { id: 'cpu-zones', mode: 'instn', script: 'sdt:genunix:zone_kstat:zone-misc { @ca[zonename] = sum((arg0 + arg1) * 100 / arg3); }' },
  { id: 'zfs-throttled', mode: 'instn', script: 'sdt:zfs::zfs-zone-wait { @ca[zonename] = llquantize(arg2 * 1000, 10, 3, 11, 100); }' },
];

/** Bundles the entry for Node (comlink resolves through its package fields, which the runner's neutral bundles ignore). */
async function bundleForNode(root) {
  const outfile = join(root, '.tmp', 'bench', 'cluster_entry.mjs');
  await build({ entryPoints: [join(root, 'test/bench/cluster.entry.ts')], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'warning' });
  return outfile;
}

const EFFECT_S = 5;
const EFFECT_ROUNDS = 5;

/** Wall ms to run the demo EFFECT_S seconds in this thread, with or without the instrumentations. */
async function once(m, scenario, traced) {
  const c = await m.Cluster.create({ scenario, speed: 0, localShards: 1 });
  if (traced) for (const s of INSTNS) await c.enable(s);
  const t0 = performance.now();
  await c.advanceTo(EFFECT_S);
  const ms = performance.now() - t0;
  await c.stop();
  return ms;
}

/** The cost of the three instrumentations on the simulation (ratio of medians over interleaved pairs). */
async function probeEffect(m, scenario, median) {
  await once(m, scenario, false);
  await once(m, scenario, true);
  const without = [];
  const withInstns = [];
  const ratios = [];
  for (let i = 0; i < EFFECT_ROUNDS; i++) {
    const a = await once(m, scenario, false);
    const b = await once(m, scenario, true);
    without.push(a);
    withInstns.push(b);
    ratios.push(b / a);
  }
  return { ratio: Math.round(median(ratios) * 100) / 100, without: Math.round(median(without)), with: Math.round(median(withInstns)) };
}

export async function run({ root, median }) {
  const entry = await bundleForNode(root);
  const m = await import(pathToFileURL(entry).href);
  const scenario = m.builtinScenario('demo');
  const threads = Array.from({ length: WORKERS }, () => new Worker(new URL('./cluster.worker.mjs', import.meta.url), { workerData: { entry } }));
  try {
    const cluster = await m.Cluster.create({ scenario, speed: 0, workers: threads.map((w) => m.nodeEndpoint(w)) });
    const merged = new Map();
    let messages = 0;
    cluster.onDelta((d) => {
      messages++;
      const k = `${d.id}@${d.second}`;
      const prev = merged.get(k);
      merged.set(k, prev === undefined ? d : m.mergeDeltas(prev, d));
    });
    for (const s of INSTNS) await cluster.enable(s);
    await cluster.advanceTo(WARM_S);
    const rates = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const t0 = performance.now();
      await cluster.advanceTo(WARM_S + r * STEP_S);
      rates.push(STEP_S / ((performance.now() - t0) / 1000));
    }
    const seconds = WARM_S + ROUNDS * STEP_S;
    // The last deltas are messages still in flight.
    for (let i = 0; i < 100 && messages < seconds * INSTNS.length * WORKERS; i++) await new Promise((r) => setTimeout(r, 10));
    const complete = [...merged.values()].filter((d) => d.sources.length === scenario.nodes.length).length;
    if (complete !== seconds * INSTNS.length) throw new Error(`expected ${seconds * INSTNS.length} complete deltas, got ${complete} (${messages} messages)`);
    await cluster.stop();
    const v = Math.round(median(rates) * 100) / 100;
    const effect = await probeEffect(m, scenario, median);
    return [
      {
        name: 'engine.cluster.demo-realtime-factor',
        value: v,
        unit: 'x',
        budget: 1,
        budgetText: '>= 1.0x real time on <= 2 worker_threads',
        ok: v >= 1,
        note:
          `demo: ${scenario.nodes.length} nodes over ${WORKERS} worker_threads shards, ${INSTNS.length} instrumentations (syscall latency, cpu.zones, zfs.throttled_ops, by zonename); ` +
          `${ROUNDS} runs of ${STEP_S} simulated s flat out after ${WARM_S} s, median; ${messages} delta messages; runs: ${rates.map((x) => x.toFixed(2)).join(', ')}x`,
      },
      {
        name: 'engine.cluster.instn-effect',
        value: effect.ratio,
        unit: 'x',
        note:
          `demo in one in-process shard, ${EFFECT_S} simulated s flat out, with the three instrumentations (one D consumer each per node, behind the node's hub) vs none; ` +
          `median of ${EFFECT_ROUNDS} interleaved pairs: ${effect.without} ms without, ${effect.with} ms with`,
      },
    ];
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
