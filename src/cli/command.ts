// What a zdtrace command line asks for: dtrace(1M)'s options in order, its programs and
// macro operands, and zdtrace's long options for the simulated host. Pure (Node-free) so
// it can be tested directly; the usage errors carry dtrace(1M)'s words without the
// command-name prefix.

import { getopt, type ArgItem } from './getopt';

export const DTRACE_OPTSTR = '3:6:aAb:Bc:CD:ef:FGhHi:I:lL:m:n:o:p:P:qs:SU:vVwx:X:Z';

const LONG_OPTIONS = {
  scenario: true,
  node: true,
  seed: true,
  zone: true,
  fast: false,
  stats: false,
  help: false,
} as const;

export type Mode = 'exec' | 'list' | 'version' | 'help' | 'anon' | 'link';

export type ProgramKind = 's' | 'n' | 'P' | 'm' | 'f' | 'i';

export interface ProgramArg {
  readonly kind: ProgramKind;
  /** -s: the script path; otherwise the argument with leading white space skipped. */
  readonly arg: string;
}

/** A command-line option that changes a DTrace option, in command-line order. */
export interface Setting {
  readonly opt: string;
  readonly arg?: string;
}

export interface HostArgs {
  readonly scenario?: string;
  readonly node?: string;
  readonly seed?: string;
  readonly zone?: string;
  readonly fast: boolean;
  readonly stats: boolean;
}

export interface Command {
  readonly mode: Mode;
  /** No dtrace(1M) argument at all (long options aside): print the usage. */
  readonly empty: boolean;
  /** -e: compile, report, stop before enabling. */
  readonly compileOnly: boolean;
  readonly programs: readonly ProgramArg[];
  /** Operands: $1, $2, ... */
  readonly operands: readonly string[];
  readonly settings: readonly Setting[];
  readonly verbose: boolean;
  readonly ofile?: string;
  /** -B: buffer-handler debugging (output goes nowhere). */
  readonly bufDebug: boolean;
  /** -Z (or a mode that implies it): zero-match descriptions are fine. */
  readonly zdefs: boolean;
  /** -a: claim anonymous state. */
  readonly grabanon: boolean;
  readonly commands: readonly string[];
  readonly pids: readonly string[];
  readonly host: HostArgs;
}

export class UsageError extends Error {
  constructor(
    message: string,
    /** getopt errors print the usage text after the message; other usage errors do not. */
    readonly showUsage: boolean,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const SETTING_OPTS = new Set(['a', 'b', 'C', 'D', 'F', 'H', 'I', 'L', 'q', 'U', 'w', 'x', 'X', 'Z']);
const PROGRAM_OPTS = new Set<string>(['s', 'n', 'P', 'm', 'f', 'i']);

/** Parses argv (without node and the script path); throws UsageError. */
export function parseCommand(args: readonly string[]): Command {
  const items = getopt(args, DTRACE_OPTSTR, LONG_OPTIONS);
  let mode: Mode = 'exec';
  let modes = 0;
  let empty = true;
  let compileOnly = false;
  let verbose = false;
  let ofile: string | undefined;
  let bufDebug = false;
  let zdefs = false;
  let grabanon = false;
  const programs: ProgramArg[] = [];
  const operands: string[] = [];
  const settings: Setting[] = [];
  const commands: string[] = [];
  const pids: string[] = [];
  const host: { -readonly [K in keyof HostArgs]: HostArgs[K] } = { fast: false, stats: false };

  for (const it of items) {
    if (it.k !== 'long') empty = false;
    switch (it.k) {
      case 'error':
        throw new UsageError(it.message, true);
      case 'operand':
        operands.push(it.value);
        break;
      case 'long':
        applyLong(it, host, () => {
          mode = 'help';
          modes++;
          empty = false;
        });
        break;
      case 'opt': {
        const { opt, arg } = it;
        if ((opt === '3' && arg !== '2') || (opt === '6' && arg !== '4')) {
          throw new UsageError(`illegal option -- ${opt}${arg ?? ''}`, true);
        }
        if (PROGRAM_OPTS.has(opt)) {
          programs.push({ kind: opt as ProgramKind, arg: opt === 's' ? arg! : skipLeadingSpaces(arg!) });
        }
        if (SETTING_OPTS.has(opt)) settings.push(arg === undefined ? { opt } : { opt, arg });
        switch (opt) {
          case 'A':
            mode = 'anon';
            modes++;
            break;
          case 'G':
            mode = 'link';
            zdefs = true;
            modes++;
            break;
          case 'h':
            mode = 'help';
            modes++;
            break;
          case 'l':
            mode = 'list';
            zdefs = true;
            modes++;
            break;
          case 'V':
            mode = 'version';
            modes++;
            break;
          case 'e':
            compileOnly = true;
            break;
          case 'v':
            verbose = true;
            break;
          case 'o':
            ofile = arg;
            break;
          case 'B':
            bufDebug = true;
            break;
          case 'Z':
            zdefs = true;
            break;
          case 'a':
            grabanon = true;
            break;
          case 'c':
            commands.push(arg!);
            break;
          case 'p':
            pids.push(arg!);
            break;
        }
        break;
      }
    }
  }
  if (modes > 1) throw new UsageError('only one of the [-AGhlV] options can be specified at a time', false);
  return {
    mode,
    empty,
    compileOnly,
    programs,
    operands,
    settings,
    verbose,
    ofile,
    bufDebug,
    zdefs,
    grabanon,
    commands,
    pids,
    host,
  };
}

function applyLong(
  it: Extract<ArgItem, { k: 'long' }>,
  host: { -readonly [K in keyof HostArgs]: HostArgs[K] },
  help: () => void,
): void {
  switch (it.name) {
    case 'scenario':
      host.scenario = it.arg;
      break;
    case 'node':
      host.node = it.arg;
      break;
    case 'seed':
      host.seed = it.arg;
      break;
    case 'zone':
      host.zone = it.arg;
      break;
    case 'fast':
      host.fast = true;
      break;
    case 'stats':
      host.stats = true;
      break;
    case 'help':
      help();
      break;
  }
}

function skipLeadingSpaces(s: string): string {
  return s.replace(/^[ \t\n\v\f\r]+/, '');
}

/** The name a -n/-P/... program goes by in notices: the argument cut at its first `{`, `/` or `;`. */
export function descriptionName(arg: string): string {
  const i = arg.search(/[{/;]/);
  return i < 0 ? arg : arg.slice(0, i);
}
