// Simulator speed at scale: the `large` datacenter (40 nodes x 25 zones, the built-in
// workloads, the ZFS I/O layer) split over two worker_threads, each simulating every other
// node with the bundled src/sim, in simulated seconds per wall-clock second. Budget
// (DESIGN.md): it keeps up with real time on two cores (>= 1.0). Both workers run each
// step together; a step lasts as long as the slower one. The demo's one-core speed is
// sim.bench.mjs's.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKERS = 2;
const WARM_S = 2;
const STEP_S = 5;
const ROUNDS = 3;

function start(simPath, nodes) {
  const w = new Worker(new URL('./large.worker.mjs', import.meta.url), { workerData: { simPath, nodes, warmS: WARM_S } });
  const replies = [];
  const waiting = [];
  w.on('message', (m) => (waiting.length ? waiting.shift().resolve(m) : replies.push(m)));
  w.on('error', (e) => waiting.splice(0).forEach((p) => p.reject(e)));
  const next = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((resolve, reject) => waiting.push({ resolve, reject })));
  return { w, next };
}

export async function run({ bundleFile, median }) {
  const simPath = await bundleFile('src/sim/index.ts');
  const sim = await import(pathToFileURL(simPath).href);
  const scenario = sim.builtinScenario('large');
  const count = scenario.nodes.length;
  const workers = Array.from({ length: WORKERS }, (_, k) => start(simPath, Array.from({ length: count }, (_, i) => i).filter((i) => i % WORKERS === k)));
  try {
    const ready = await Promise.all(workers.map((x) => x.next()));
    const rates = [];
    let events = 0;
    for (let r = 1; r <= ROUNDS; r++) {
      const untilS = WARM_S + r * STEP_S;
      const t0 = performance.now();
      workers.forEach((x) => x.w.postMessage({ untilS }));
      const done = await Promise.all(workers.map((x) => x.next()));
      rates.push(STEP_S / ((performance.now() - t0) / 1000));
      events += done.reduce((s, d) => s + d.events, 0);
    }
    const v = Math.round(median(rates) * 100) / 100;
    const zones = ready.reduce((s, d) => s + d.zones, 0);
    return [
      {
        name: 'sim.large.realtime-factor',
        value: v,
        unit: 'x',
        budget: 1,
        budgetText: '>= 1.0x real time on 2 cores',
        ok: v >= 1,
        note:
          `large: ${count} nodes, ${zones} zones over ${WORKERS} worker_threads (${ready.map((d) => d.ready).join(' + ')} nodes); ` +
          `${ROUNDS} steps of ${STEP_S} simulated s after ${WARM_S} s warm-up, median; ${events} events; steps: ${rates.map((x) => x.toFixed(2)).join(', ')}x`,
      },
    ];
  } finally {
    await Promise.all(workers.map((x) => x.w.terminate()));
  }
}
