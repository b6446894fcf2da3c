// The simulator's public surface: scenarios (schema and built-ins), datacenters and
// nodes, the probe catalog and sink, the kernel services and the I/O seam. What the
// engine, the workers, the CLI and the benchmarks import. Pure TypeScript.

export { Datacenter } from './datacenter';
export { SimNode, type NodeOptions } from './node';
export {
  parseScenario, parseScenarioText, parseWorkload, ScenarioError, WORKLOAD_KINDS,
  type NodeSpec, type Scenario, type ScenarioInput, type WorkloadKind, type WorkloadSpec, type ZoneSpec,
} from './scenario';
export { BUILTIN_SCENARIOS, DEFAULT_SCENARIO, builtinScenario } from './scenarios/index';
export * from './probes';
export {
  CAPWAIT, CLASS_FSS, CLASS_SYS, IDL, KERNEL, ONPROC, Process, RUN, SLEEP, SyscallState, Thread, USER, ZOMB,
  type Continuation, type ThreadState,
} from './proc';
export { Zone } from './zone';
export { Kernel } from './syscall';
export { Rng } from './rng';
export { EventQueue, type Scheduler, type Timer } from './scheduler';
export {
  PLACEHOLDER_COSTS, PlaceholderIoPort,
  type IoCompletion, type IoHost, type IoKernel, type IoPort, type IoPortFactory, type PlaceholderCosts, type SimFile,
} from './ioport';
export { createIoPort } from './io/index';
export type { RunningWorkload, WorkloadHost, WorkloadRegistry, WorkloadStarter } from './workload';
export { WORKLOADS } from './workloads/index';
export { FSS_QUANTUM, FSS_MAXUMDPRI, FssPset } from './cpu/fss';
export type { CapsKstat } from './cpu/caps';
export type { ZoneMiscKstat } from './cpu/counters';
