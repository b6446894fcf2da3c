// zdtrace's main flow (Node), in dtrace(1M)'s order: parse the command line, pick a mode,
// set options, compile every program, report what matched, then trace on the node until
// exit(), a signal or nothing left to do. Returns the exit status: exit(n) & 0xff, 1 on
// failure, 2 on a usage error.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compile, CompileFailure, Consumer, type CompiledProgram, type CompileRequest, type ProgramInput } from '../d/index';
import { formatCompileError } from '../d/errors';
import type { ProbeCatalog, ProbeInfo, ProbeSpec } from '../d/host';
import { DOptions, OptionError } from '../d/options';
import { DEFAULT_EPOCH_NS, type SimTracedNode } from '../engine/simnode';
import { StopControl, type RunResult, type TracedNode, type WallClock } from '../engine/node';
import { descriptionName, parseCommand, UsageError, type Command, type ProgramArg } from './command';
import { createNode, HostArgError } from './host';
import {
  describe,
  listHeader,
  listRow,
  matchDescription,
  probeInfoText,
  programDescriptions,
  type ListDescription,
} from './listing';
import { Output, strerror } from './output';
import { helpText, usageText } from './usage';

const VERSION = 'Sun D 1.12.1';

/** Command-line options that set a DTrace option, and the option each sets. */
const SETTING_OPTION: Readonly<Record<string, string>> = {
  a: 'grabanon',
  b: 'bufsize',
  C: 'cpp',
  D: 'define',
  F: 'flowindent',
  H: 'cpphdrs',
  I: 'incdir',
  L: 'libdir',
  q: 'quiet',
  U: 'undef',
  w: 'destructive',
  X: 'stdc',
  Z: 'zdefs',
};

/** A fatal error: `NAME: message` on stderr and this exit status. */
class Fatal extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'Fatal';
  }
}

interface Stats {
  simulatedNs: number;
  events: number;
  firings: number;
}

export async function runDtrace(argv: readonly string[]): Promise<number> {
  const argv0 = argv[1] ?? 'zdtrace';
  const pname = basename(argv0);
  const out = new Output(pname);
  const stats: Stats = { simulatedNs: 0, events: 0, firings: 0 };
  let cmd: Command | undefined;
  let status: number;
  try {
    cmd = parseCommand(argv.slice(2));
    status = await execute(cmd, pname, argv0, out, stats);
  } catch (e) {
    if (e instanceof UsageError) {
      out.stderr(`${pname}: ${e.message}\n${e.showUsage ? usageText(pname) : ''}`);
      status = 2;
    } else if (e instanceof Fatal) {
      out.message(e.message);
      status = e.status;
    } else {
      throw e;
    }
  }
  out.close();
  if (cmd?.host.stats) {
    const line = {
      simulated_s: stats.simulatedNs / 1e9,
      wall_s: Math.round(performance.now()) / 1000,
      events: stats.events,
      firings: stats.firings,
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  }
  return status;
}

async function execute(cmd: Command, pname: string, argv0: string, out: Output, stats: Stats): Promise<number> {
  if (cmd.empty) {
    out.stderr(usageText(pname));
    return 2;
  }
  if (cmd.mode === 'version') {
    out.stdout(`${pname}: ${VERSION}\n`);
    return 0;
  }
  if (cmd.mode === 'help') {
    out.stdout(helpText(pname));
    return 0;
  }

  let node: SimTracedNode;
  try {
    node = await createNode(cmd.host);
  } catch (e) {
    if (e instanceof HostArgError) {
      for (const m of e.messages.slice(0, -1)) out.message(m);
      throw new Fatal(e.messages.at(-1) ?? e.message, 2);
    }
    throw e;
  }

  const options = new DOptions();
  for (const s of cmd.settings) applySetting(options, s.opt, s.arg);
  if (cmd.zdefs && !options.zdefs) options.set('zdefs');

  if (cmd.bufDebug && cmd.mode !== 'exec') throw new UsageError('-B not valid in combination with [-AGl] options', false);
  if (cmd.bufDebug && cmd.ofile !== undefined) throw new UsageError('-B not valid in combination with -o option', false);

  for (const p of cmd.pids) {
    if (!/^[ \t\n\v\f\r]*[-+]?[0-9]+$/.test(p)) throw new Fatal(`invalid pid: ${p}`, 1);
    throw new Fatal(`failed to grab pid ${Number.parseInt(p, 10)}: no such process`, 1);
  }
  for (const c of cmd.commands) {
    const file = c.trim().split(/[ \t\n\v\f\r]+/)[0] ?? c;
    throw new Fatal(`failed to execute ${file}: cannot find executable file`, 1);
  }

  if (cmd.mode === 'anon') throw new Fatal('anonymous tracing (-A) is not available on a simulated node', 1);
  if (cmd.mode === 'link') {
    if (cmd.programs.length === 0) throw new UsageError('-G requires one or more scripts or enabling options', false);
    throw new Fatal('ELF linking (-G) is not available on a simulated node', 1);
  }

  const { program, inputs, request } = compilePrograms(cmd, argv0, options, node);
  const quiet = program.options.quiet;
  const notice = (text: string): void => {
    if (!quiet) out.message(text);
  };

  if (cmd.mode === 'list') {
    openOutput(cmd, out);
    listProbes(cmd, node, out, (i) => scriptDescriptions(request, inputs[i]!, node));
    return 0;
  }

  openOutput(cmd, out);
  let total = 0;
  cmd.programs.forEach((p, i) => {
    const n = program.matched[i] ?? 0;
    total += n;
    if (!cmd.compileOnly) {
      const [desc, name] = p.kind === 's' ? ['script', p.arg] : ['description', descriptionName(p.arg)];
      notice(`${desc} '${name}' matched ${n} probe${n === 1 ? '' : 's'}`);
    }
  });
  if (cmd.compileOnly) return 0;
  if (total === 0 && !cmd.grabanon && !cmd.zdefs) {
    throw new Fatal(`no probes ${cmd.programs.length > 0 ? 'matched' : 'specified'}`, 1);
  }

  let consumer: Consumer;
  try {
    consumer = new Consumer(program, { sink: out, progname: pname, testing: process.env._DTRACE_TESTING !== undefined });
  } catch (e) {
    if (e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError)) {
      throw new Fatal(`could not enable tracing: ${e.message}`, 1);
    }
    throw e;
  }
  if (program.options.destructive) notice('allowing destructive actions');

  const result = await trace(node, consumer, program, cmd, out);
  stats.simulatedNs = result.simulatedNs;
  stats.events = result.events;
  stats.firings = result.firings;
  if (result.endedBy === 'impatient') out.stdout('\n');
  return consumer.exitStatus;
}

function applySetting(options: DOptions, opt: string, arg: string | undefined): void {
  let name: string;
  let value: string | undefined;
  let what: string;
  if (opt === 'x') {
    const s = arg ?? '';
    const eq = s.indexOf('=');
    name = eq < 0 ? s : s.slice(0, eq);
    value = eq < 0 ? undefined : s.slice(eq + 1);
    what = `-x ${name}`;
  } else {
    name = SETTING_OPTION[opt]!;
    value = arg;
    what = arg === undefined ? `-${opt}` : `-${opt} ${arg}`;
  }
  try {
    options.set(name, value, 'cli');
  } catch (e) {
    if (e instanceof OptionError) throw new Fatal(`failed to set ${what}: ${e.message}`, 1);
    throw e;
  }
}

/**
 * Compiles the programs in command-line order. A script that cannot be read fails when its
 * turn comes, so an earlier program's compile error is reported first.
 */
interface Compiled {
  readonly program: CompiledProgram;
  readonly inputs: readonly ProgramInput[];
  readonly request: CompileRequest;
}

function compilePrograms(cmd: Command, argv0: string, options: DOptions, node: TracedNode): Compiled {
  const inputs: ProgramInput[] = [];
  let openError: Fatal | undefined;
  for (const p of cmd.programs) {
    if (p.kind !== 's') {
      inputs.push({ kind: p.kind, text: p.arg, name: p.arg });
      continue;
    }
    try {
      inputs.push({ kind: 's', text: readFileSync(p.arg, 'utf8'), name: p.arg });
    } catch (e) {
      openError = new Fatal(`failed to open ${p.arg}: ${strerror(e)}`, 1);
      break;
    }
  }
  const id = node.consumerIdentity;
  const request: CompileRequest = {
    inputs,
    macroArgs: cmd.operands,
    argv0,
    options,
    catalog: node.catalog,
    macroVars: {
      pid: id.pid,
      ppid: id.ppid,
      uid: id.uid,
      gid: id.gid,
      euid: id.euid,
      egid: id.egid,
      pgid: id.pgid,
      projid: id.projid,
      sid: id.sid,
      taskid: id.taskid,
    },
  };
  let program: CompiledProgram;
  try {
    program = compile(request);
  } catch (e) {
    if (e instanceof CompileFailure) throw new Fatal(compileMessage(cmd.programs[e.inputIndex]!, e, options), 1);
    throw e;
  }
  if (openError) throw openError;
  return { program, inputs, request };
}

/**
 * The probe descriptions of a script, clause by clause, as the compiler meets them: it
 * asks the catalog to provide each one before matching it, so a recording catalog sees them.
 */
function scriptDescriptions(request: CompileRequest, input: ProgramInput, node: TracedNode): ListDescription[] {
  const seen: ProbeSpec[] = [];
  const catalog: ProbeCatalog = {
    list: () => node.catalog.list(),
    provide: (spec) => {
      seen.push(spec);
      node.catalog.provide?.(spec);
    },
  };
  try {
    compile({ ...request, inputs: [input], catalog });
  } catch (e) {
    if (!(e instanceof CompileFailure)) throw e;
  }
  return seen;
}

function compileMessage(p: ProgramArg, e: CompileFailure, options: DOptions): string {
  const fileInput = p.kind === 's';
  const msg = formatCompileError(e.error, { errtags: options.errtags, fileInput });
  return fileInput ? `failed to compile script ${p.arg}: ${msg}` : `invalid probe specifier ${p.arg}: ${msg}`;
}

function openOutput(cmd: Command, out: Output): void {
  if (cmd.ofile === undefined) return;
  try {
    out.openFile(cmd.ofile);
  } catch (e) {
    throw new Fatal(`failed to open output file '${cmd.ofile}': ${strerror(e)}`, 1);
  }
}

function listProbes(cmd: Command, node: TracedNode, out: Output, scriptDescs: (i: number) => ListDescription[]): void {
  const list = (p: ProbeInfo): void => {
    out.stdout(listRow(p));
    const attrs = cmd.verbose ? node.providerAttributes(p.provider) : undefined;
    if (attrs) out.stdout(probeInfoText(attrs, p.argTypes));
  };
  out.stdout(listHeader());
  if (cmd.programs.length === 0) {
    for (const p of node.catalog.list()) list(p);
    return;
  }
  cmd.programs.forEach((p, i) => {
    const descs: ListDescription[] = p.kind === 's' ? scriptDescs(i) : programDescriptions(p.kind, p.arg);
    for (const d of descs) {
      const probes = matchDescription(node.catalog, d);
      if (probes.length === 0) {
        const text = 'id' in d ? `${d.id}` : describe(d);
        out.message(`failed to match ${text}: No probe matches description`);
      }
      for (const probe of probes) list(probe);
    }
  });
}

/** Runs the node until exit(), a signal or (with nothing else to do) forever, like dtrace. */
async function trace(node: SimTracedNode, consumer: Consumer, program: CompiledProgram, cmd: Command, out: Output): Promise<RunResult> {
  const stop = new StopControl();
  const onSignal = (): void => stop.request();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const wallClock: WallClock | undefined = cmd.host.fast ? undefined : realClock(out);
  // A run waiting only for a signal has no other handle to keep Node's event loop alive.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    return await node.run(consumer, {
      wallClock,
      stop,
      switchrateNs: program.options.switchrate,
      epochNs: node.epochNs ?? (wallClock ? BigInt(Date.now()) * 1_000_000n : DEFAULT_EPOCH_NS),
      yieldToHost: () => {
        out.flush();
        return new Promise((resolve) => setImmediate(resolve));
      },
      onPoll: () => out.flush(),
      onInterrupt: () => out.stdout('\n'),
    });
  } finally {
    clearInterval(keepAlive);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The real clock for live runs; output is flushed before every sleep so it shows when produced. */
function realClock(out: Output): WallClock {
  return {
    now: () => performance.now(),
    sleep: (ms, stop) =>
      new Promise((resolve) => {
        out.flush();
        const off = stop.subscribe(() => {
          clearTimeout(t);
          off();
          resolve();
        });
        const t = setTimeout(() => {
          off();
          resolve();
        }, ms);
      }),
  };
}
