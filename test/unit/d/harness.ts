// Test harness for the D engine: a small probe catalog, a firing context, and a run()
// that compiles programs, fires BEGIN, a list of probe firings and END, and returns
// stdout, stderr and the exit status the way zdtrace would see them.
import { compile, CompileFailure, Consumer } from '../../../src/d/index';
import type { CompiledProgram, ProgramInput } from '../../../src/d/index';
import { formatCompileError } from '../../../src/d/errors';
import type { DInt, FiringContext, ProbeCatalog, ProbeInfo } from '../../../src/d/host';
import { DOptions } from '../../../src/d/options';

export const PROBES: ProbeInfo[] = [
  { id: 1, provider: 'dtrace', module: '', func: '', name: 'BEGIN', argTypes: [] },
  { id: 2, provider: 'dtrace', module: '', func: '', name: 'END', argTypes: [] },
  { id: 3, provider: 'dtrace', module: '', func: '', name: 'ERROR', argTypes: [] },
  { id: 10, provider: 'syscall', module: '', func: 'read', name: 'entry', argTypes: ['int', 'void *', 'size_t'] },
  { id: 11, provider: 'syscall', module: '', func: 'read', name: 'return', argTypes: ['ssize_t'] },
  { id: 12, provider: 'syscall', module: '', func: 'write', name: 'entry', argTypes: ['int', 'void *', 'size_t'] },
  { id: 13, provider: 'syscall', module: '', func: 'write', name: 'return', argTypes: ['ssize_t'] },
  { id: 20, provider: 'sched', module: 'unix', func: 'swtch', name: 'on-cpu', argTypes: [] },
  { id: 21, provider: 'sched', module: 'unix', func: 'resume', name: 'off-cpu', argTypes: ['lwpsinfo_t *', 'psinfo_t *'] },
  { id: 30, provider: 'io', module: 'genunix', func: 'biodone', name: 'done', argTypes: ['bufinfo_t *', 'devinfo_t *', 'fileinfo_t *'] },
  { id: 40, provider: 'profile', module: '', func: '', name: 'tick-1sec', argTypes: [] },
  { id: 50, provider: 'fbt', module: 'zfs', func: 'zfs_read', name: 'entry', argTypes: ['vnode_t *', 'uio_t *'] },
];

export const catalog: ProbeCatalog = { list: () => PROBES };

export function ctx(over: Partial<FiringContext> = {}): FiringContext {
  const arg: DInt[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  return {
    timestamp: 1000,
    vtimestamp: 500,
    walltimestamp: 1_313_366_400_000_000_000n,
    cpu: 0,
    pid: 100,
    ppid: 1,
    tid: 1,
    uid: 0,
    threadSlot: 0,
    execname: 'bash',
    zonename: 'global',
    errno: 0,
    arg,
    args: [...arg],
    ...over,
  };
}

export interface RunOptions {
  readonly kind?: ProgramInput['kind'];
  readonly x?: readonly string[];
  readonly macroArgs?: readonly string[];
  readonly testing?: boolean;
  /** Firings between BEGIN and END. */
  readonly fire?: readonly (readonly [number, FiringContext])[];
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly program?: CompiledProgram;
}

export function options(x: readonly string[] = []): DOptions {
  const o = new DOptions();
  for (const s of x) {
    const eq = s.indexOf('=');
    o.set(eq < 0 ? s : s.slice(0, eq), eq < 0 ? undefined : s.slice(eq + 1));
  }
  return o;
}

export function compileText(text: string, o: RunOptions = {}): CompiledProgram {
  const kind = o.kind ?? 's';
  return compile({
    inputs: [{ kind, text, name: kind === 's' ? 'test.d' : text }],
    macroArgs: o.macroArgs ?? [],
    argv0: 'dtrace',
    options: options(o.x),
    catalog,
  });
}

/** The compile error as dtrace prints it after `failed to compile script test.d: `. */
export function compileError(text: string, o: RunOptions = {}): string {
  try {
    compileText(text, o);
  } catch (e) {
    if (e instanceof CompileFailure) return formatCompileError(e.error, { errtags: true, fileInput: (o.kind ?? 's') === 's' });
    throw e;
  }
  return 'compiled';
}

export function run(text: string, o: RunOptions = {}): RunResult {
  let stdout = '';
  let stderr = '';
  const program = compileText(text, o);
  const c = new Consumer(program, { sink: { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, progname: 'dtrace', testing: o.testing });
  c.begin(ctx());
  for (const [id, cx] of o.fire ?? []) {
    if (c.exited) break;
    if (c.isEnabled(id)) c.fire(id, cx);
  }
  c.end(ctx());
  return { stdout, stderr, status: c.exitStatus, program };
}
