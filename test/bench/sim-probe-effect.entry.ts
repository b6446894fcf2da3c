// What the probe-effect benchmark (sim-probe-effect.bench.mjs) needs from the pure core,
// in one bundle so the simulator, the engine and the D consumer share their modules.
export { compile, Consumer, DOptions } from '../../src/d/index';
export { DEFAULT_EPOCH_NS, SimTracedNode } from '../../src/engine/simnode';
export { Datacenter, builtinScenario, createIoPort } from '../../src/sim/index';
