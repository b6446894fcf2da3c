// Worker entry of large.bench.mjs: simulates its share of the `large` datacenter's nodes
// with the bundled simulator, in steps the main thread starts, and reports each step's
// wall time and events. Only wiring; the simulator is src/sim.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { simPath, nodes, warmS } = workerData;
const sim = await import(pathToFileURL(simPath).href);
const all = sim.builtinScenario('large');
const scenario = { ...all, nodes: all.nodes.filter((_, i) => nodes.includes(i)) };
const dc = new sim.Datacenter(scenario, { io: sim.createIoPort });
dc.runUntil(warmS * 1e9);
parentPort.on('message', ({ untilS }) => {
  const t0 = performance.now();
  const events = dc.runUntil(untilS * 1e9);
  parentPort.postMessage({ wallMs: performance.now() - t0, events });
});
parentPort.postMessage({ ready: dc.nodes.length, zones: scenario.nodes.reduce((s, n) => s + n.zones.length, 0) });
