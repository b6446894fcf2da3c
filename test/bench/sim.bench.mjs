// Simulator speed: the demo datacenter (all its nodes, the built-in workloads, the ZFS
// I/O layer) run flat out on one core, in simulated seconds per wall-clock second.
// Budget (DESIGN.md): at least 20x real time. Also reported, not budgeted: the same with
// the placeholder I/O port, and with every simulator probe enabled into an empty sink.

const SIM_S = 20;
const ROUNDS = 5;

function rate(sim, scenario, opts, onNode) {
  const dc = new sim.Datacenter(scenario, opts);
  if (onNode) dc.nodes.forEach(onNode);
  const t0 = performance.now();
  const events = dc.runUntil(SIM_S * 1e9);
  return { x: SIM_S / ((performance.now() - t0) / 1000), events };
}

export async function run({ bundle, median }) {
  const sim = await bundle('src/sim/index.ts');
  const scenario = sim.builtinScenario('demo');
  const io = typeof sim.createIoPort === 'function' ? { io: sim.createIoPort } : {};
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(rate(sim, scenario, io));
  const placeholder = median(Array.from({ length: 3 }, () => rate(sim, scenario, {}).x));
  let firings = 0;
  const probed = rate(sim, scenario, io, (n) => {
    n.attachProbes({ fire() { firings++; } });
    n.enabled.fill(1);
  });
  const v = Math.round(median(rounds.map((r) => r.x)));
  return [
    {
      name: 'sim.demo.realtime-factor',
      value: v,
      unit: 'x',
      budget: 20,
      budgetText: '>= 20x real time',
      ok: v >= 20,
      note:
        `demo: ${scenario.nodes.length} nodes, ${SIM_S} simulated s, ${rounds[0].events} events, ${io.io ? 'ZFS I/O layer' : 'placeholder I/O'}; median of ${ROUNDS}. ` +
        `Placeholder I/O: ${Math.round(placeholder)}x; every probe enabled (${firings} firings into an empty sink): ${Math.round(probed.x)}x`,
    },
  ];
}
