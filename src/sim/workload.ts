// The contract between a node and the workloads that run in its zones. A workload decides
// what its processes do (syscalls, CPU work, think times); the kernel model decides how
// long that takes. The node starts a workload at its `from` second and stops it at its
// `until`; a stopped workload's threads exit the next time they run. Pure TypeScript.

import type { SimFile } from './ioport';
import type { Continuation, Process, Thread } from './proc';
import type { Rng } from './rng';
import type { WorkloadKind, WorkloadSpec } from './scenario';
import type { EventQueue } from './scheduler';
import type { Kernel } from './syscall';
import type { Zone } from './zone';

/** What a workload may use: its zone, the kernel, time, a random stream of its own. */
export interface WorkloadHost {
  readonly hostname: string;
  readonly ncpus: number;
  readonly zone: Zone;
  readonly kernel: Kernel;
  readonly sched: EventQueue;
  readonly rng: Rng;
  /** A new process in the zone (fires proc:::create when its first thread is made). */
  spawn(execname: string, psargs: string): Process;
  /** A new LWP of `proc` that starts by running `start`. */
  thread(proc: Process, start: Continuation): Thread;
  /** A file of the zone's dataset (the workload's working set). */
  file(path: string, sizeBytes: number): SimFile;
}

export interface RunningWorkload {
  /** Ends the workload: its threads exit when they next run. */
  stop(): void;
}

export type WorkloadStarter<S extends WorkloadSpec = WorkloadSpec> = (host: WorkloadHost, spec: S) => RunningWorkload;

/** Starters by kind; a kind without one is accepted by the schema but not simulated yet. */
export type WorkloadRegistry = { readonly [K in WorkloadKind]?: WorkloadStarter<Extract<WorkloadSpec, { kind: K }>> };
