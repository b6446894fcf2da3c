// The `cpu` workload: `threads` LWPs that each compute in user mode for a `duty` share
// of the time and otherwise sleep in nanosleep(2). Busy periods are CPU time, so under
// contention a thread's cycle stretches: the demand is fixed, what it gets is up to FSS
// and the cap. duty 1 is a pure spinner (no syscalls at all). Pure TypeScript.

import { SYS_NANOSLEEP } from '../probes';
import type { Continuation, Thread } from '../proc';
import type { WorkloadSpec } from '../scenario';
import type { RunningWorkload, WorkloadHost } from '../workload';

type CpuSpec = Extract<WorkloadSpec, { kind: 'cpu' }>;

/** A busy/idle cycle's mean length (ns) when duty < 1. */
const CYCLE_NS = 100_000_000;
/** A spinner's work is cut into bursts this long so that it can be stopped. */
const SPIN_NS = 100_000_000;
/** Kernel CPU of a nanosleep call. */
const NANOSLEEP_NS = 2_000;
/** Where the timespec lives in the process's memory (arg0 of nanosleep). */
const TIMESPEC_ADDR = 0x8047d30;

export function startCpu(host: WorkloadHost, spec: CpuSpec): RunningWorkload {
  const { kernel: k, rng } = host;
  const proc = host.spawn(spec.execname ?? 'cpuhog', `cpuhog -t ${spec.threads}`);
  let stopped = false;
  const duty = spec.duty;

  const run: Continuation = (t: Thread) => {
    if (stopped) return k.exit(t);
    if (duty >= 1) return k.compute(t, SPIN_NS, run);
    if (duty <= 0) return rest(t);
    k.compute(t, rng.around(CYCLE_NS * duty, 0.5), rest);
  };
  const rest: Continuation = (t: Thread) => {
    k.syscall(t, SYS_NANOSLEEP, NANOSLEEP_NS, nap, TIMESPEC_ADDR, 0);
  };
  const nap: Continuation = (t: Thread) => {
    k.sleepFor(t, rng.around(CYCLE_NS * (1 - duty), 0.5), woke);
  };
  const woke: Continuation = (t: Thread) => {
    k.ret(t, 0);
    run(t);
  };

  for (let i = 0; i < spec.threads; i++) host.thread(proc, run);
  return {
    stop() {
      stopped = true;
    },
  };
}
