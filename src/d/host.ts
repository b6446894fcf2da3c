// What the D engine needs from whoever hosts it (the simulator of one compute node, the
// zdtrace CLI, a benchmark): the probes that exist, a per-firing context, and somewhere
// to write output. The engine never reaches for a clock, a thread or a console itself.

/** An integer as the engine carries it: a number while it is a safe integer, else a bigint. */
export type DInt = number | bigint;

/** One probe, as `dtrace -l` lists it. */
export interface ProbeInfo {
  /** Probe id: dtrace:::BEGIN is 1, END 2, ERROR 3; others are assigned by the host. */
  readonly id: number;
  readonly provider: string;
  readonly module: string;
  readonly func: string;
  readonly name: string;
  /**
   * D type names of `args[0..]` as `dtrace -lv` shows them (`int`, `lwpsinfo_t *`,
   * `bufinfo_t *`, ...). The engine resolves them in its type library.
   */
  readonly argTypes: readonly string[];
}

/** A probe description split into its four fields (globs allowed, empty matches all). */
export interface ProbeSpec {
  readonly provider: string;
  readonly module: string;
  readonly func: string;
  readonly name: string;
}

export interface ProbeCatalog {
  /** Every probe that exists now, in id order. */
  list(): readonly ProbeInfo[];
  /**
   * Create probes a description names that only exist on demand (profile-N, tick-N:
   * DTrace's profile provider makes them when asked). Called before matching; returns
   * nothing, or throws a DCompileError-like message for an invalid rate.
   */
  provide?(spec: ProbeSpec): void;
}

/**
 * Per-firing context. The host owns one object per thread (or reuses one) and sets its
 * fields before calling `fire`; the engine only reads it. Lazily computed structures
 * (curpsinfo, ...) are plain fields or getters: the engine reads them only if the script
 * refers to them.
 */
export interface FiringContext {
  /** ns since the node booted (the start of the run). */
  timestamp: number;
  /** ns this thread has been on CPU. */
  vtimestamp: number;
  /** ns since the Unix epoch; may exceed 2^53, hence DInt. */
  walltimestamp: DInt;
  cpu: number;
  pid: number;
  ppid: number;
  tid: number;
  uid: number;
  /**
   * A small dense index of the firing thread (0 <= slot < host's thread count),
   * used to address `self->` variables without a map lookup. The host must never give
   * two live threads the same slot; it calls `Consumer.threadExited(slot)` when a
   * thread dies so that its thread-locals are freed.
   */
  threadSlot: number;
  execname: string;
  zonename: string;
  errno: number;
  /** arg0..arg9 as raw 64-bit integers. Length >= 10. */
  readonly arg: DInt[];
  /** Typed args[]: integers as DInt, strings as string, struct pointers as host objects. */
  readonly args: unknown[];
  /** Optional host structures for curpsinfo, curlwpsinfo, curthread, curcpu. */
  curpsinfo?: object;
  curlwpsinfo?: object;
  curthread?: object;
  curcpu?: object;
  /**
   * The firing process's user memory, for copyinstr() and copyin(): the bytes at `addr`
   * (at most `size` of them; a string stops at its NUL), or undefined where nothing is
   * mapped (the read then faults with an invalid address).
   */
  readUser?(addr: DInt, size: number): string | undefined;
  /** Kernel and user stack frames for stack() / ustack(), innermost first (`genunix`fop_read+0x4d`). */
  kstack?: readonly string[];
  ustack?: readonly string[];
}

/** Where the consumer writes. Data goes to stdout; `NAME: ...` messages to stderr. */
export interface OutputSink {
  stdout(text: string): void;
  stderr(text: string): void;
}
