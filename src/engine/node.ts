// The seam between a D consumer and the compute node it traces. zdtrace (and later the
// server) talks to a TracedNode: it compiles against the node's probe catalog, then hands
// the consumer to `run`, which fires the enabled probes in simulated time until the
// consumer exits or the run is stopped. The standalone host (standalone.ts) is one
// implementation; the simulated SmartOS node replaces it. Pure TypeScript.

import type { FiringContext, ProbeCatalog } from '../d/host';
import type { ProviderAttributes } from './stability';

/** What a node needs from the D consumer (src/d Consumer satisfies it). */
export interface ConsumerPort {
  isEnabled(probeId: number): boolean;
  begin(ctx: FiringContext): void;
  fire(probeId: number, ctx: FiringContext): void;
  /** What fire(probeId, ·) calls, for a host that resolves it once per probe (undefined: not enabled). */
  handler?(probeId: number): ((ctx: FiringContext) => void) | undefined;
  /** false: no enabling reads arg0..arg9 or args[], so the host need not record them. */
  readonly readsArgs?: boolean;
  readonly exited: boolean;
  poll(nowNs: number): void;
  end(ctx: FiringContext): void;
  /** Frees a dead thread's self-> variables (the slot may then be reused). */
  threadExited?(slot: number): void;
}

/** The real clock, supplied by the host program; pure code never reads one itself. */
export interface WallClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds, or as soon as `stop` gets a request. */
  sleep(ms: number, stop: StopControl): Promise<void>;
}

/**
 * Stop requests (SIGINT, SIGTERM, a DELETE): the first ends the run like exit(0) (END
 * runs, aggregations print); a second one means "quit without printing".
 */
export class StopControl {
  private n = 0;
  private readonly listeners = new Set<() => void>();

  get count(): number {
    return this.n;
  }

  request(): void {
    this.n++;
    for (const f of [...this.listeners]) f();
  }

  /** Calls `f` at every request until the returned function is called. */
  subscribe(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  /** Resolves at the first request (at once if one has already been made). */
  wait(): Promise<void> {
    if (this.n > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.subscribe(() => {
        off();
        resolve();
      });
    });
  }
}

export interface RunOptions {
  /**
   * Pace simulated time to this clock (live mode). Without it the run is flat out
   * (`--fast`) and never reads a real clock.
   */
  readonly wallClock?: WallClock;
  /** Lets the host process signals and flush output during a flat-out run. */
  readonly yieldToHost: () => Promise<void>;
  readonly stop: StopControl;
  /** consumer.poll() is called every this many simulated ns (the switchrate). */
  readonly switchrateNs: number;
  /** walltimestamp at timestamp 0, in ns since the Unix epoch. */
  readonly epochNs: bigint;
  /** Called after each poll, e.g. to flush buffered output. */
  readonly onPoll?: () => void;
  /** Called when a first stop request ends the run, before END fires (dtrace prints "\n"). */
  readonly onInterrupt?: () => void;
}

export interface RunResult {
  /** Simulated ns elapsed from BEGIN to the end of the run. */
  readonly simulatedNs: number;
  /** Simulator events processed. */
  readonly events: number;
  /** Probe firings delivered to an enabling (BEGIN and END included). */
  readonly firings: number;
  /** How the run ended: the consumer called exit(), or one or more stop requests. */
  readonly endedBy: 'exit' | 'stop' | 'impatient';
}

/** The identity of the process running the consumer: $pid, $uid, ... and BEGIN's context. */
export interface ConsumerIdentity {
  readonly pid: number;
  readonly ppid: number;
  readonly uid: number;
  readonly gid: number;
  readonly euid: number;
  readonly egid: number;
  readonly pgid: number;
  readonly sid: number;
  readonly projid: number;
  readonly taskid: number;
}

export interface TracedNode {
  readonly hostname: string;
  readonly ncpus: number;
  readonly catalog: ProbeCatalog;
  readonly consumerIdentity: ConsumerIdentity;
  /** The stability attributes a provider registered (for `dtrace -lv`). */
  providerAttributes(provider: string): ProviderAttributes | undefined;
  run(consumer: ConsumerPort, options: RunOptions): Promise<RunResult>;
}
