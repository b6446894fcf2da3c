// The D engine's public API: compile() takes the programs of one dtrace invocation
// through parser -> if/else sugar -> checker (matching probe descriptions against the
// host's catalog), and Consumer runs the result. Everything else in src/d is internal.
import type { Pos, ProbeSpecText } from './ast';
import { Checker } from './checker';
import type { CheckerHost } from './checker';
import { DCompileError } from './errors';
import type { ProbeCatalog, ProbeInfo } from './host';
import { DOptions, OptionError } from './options';
import { fileTagAt, parseProgram } from './parser';
import type { ParseResult } from './parser';
import { compileProbeSpec, parseProbeSpec } from './pdesc';
import type { SpecKind } from './pdesc';
import { parseFormat, printfArgOf, validateFormat } from './printf';
import { attachInternals } from './program';
import type { Enabling } from './program';
import { desugar } from './sugar';
import type { TNode } from './tir';
import { toValueType } from './types';
import { ACTIONS } from './functions';

export interface ProgramInput {
  readonly kind: 's' | 'n' | 'P' | 'm' | 'f' | 'i';
  readonly text: string;
  readonly name: string;
}

export interface CompileRequest {
  readonly inputs: readonly ProgramInput[];
  readonly macroArgs: readonly string[];
  readonly argv0: string;
  readonly options: DOptions;
  readonly catalog: ProbeCatalog;
  readonly macroVars?: Partial<Record<'pid' | 'ppid' | 'uid' | 'gid' | 'euid' | 'egid' | 'pgid' | 'projid' | 'sid' | 'taskid' | 'target', number>>;
}

export class CompileFailure extends Error {
  constructor(
    readonly inputIndex: number,
    readonly error: DCompileError,
  ) {
    super(error.message);
    this.name = 'CompileFailure';
  }
}

export interface CompiledProgram {
  readonly matched: readonly number[];
  readonly options: DOptions;
  readonly enabledProbeIds: readonly number[];
}

const MAX_PROBE_ID = 4294967295n;

function pragmaOption(options: DOptions, name: string, value: string | undefined, pos: Pos): void {
  try {
    options.set(name, value, 'pragma');
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    const what = value === undefined ? `'${name}'` : `'${name}' to '${value}'`;
    throw new DCompileError('D_PRAGMA_OPTSET', `failed to set option ${what}: ${e.message}`, pos);
  }
}

function withFile(e: DCompileError, parsed: ParseResult | undefined): DCompileError {
  if (e.file !== undefined || !e.pos || !parsed) return e;
  const file = fileTagAt(parsed, e.pos.offset);
  return file === undefined ? e : new DCompileError(e.tag, e.detail, e.pos, e.context, file);
}

export function compile(req: CompileRequest): CompiledProgram {
  const options = req.options.clone();
  const catalog = req.catalog;
  let kind: SpecKind = 's';
  let allProbes: readonly ProbeInfo[] | undefined;
  const probeList = (): readonly ProbeInfo[] => (allProbes ??= catalog.list());
  const host: CheckerHost = {
    get strsize() {
      return options.strsize;
    },
    get zdefs() {
      return options.zdefs;
    },
    get destructive() {
      return options.destructive;
    },
    matchProbes(pd: ProbeSpecText) {
      const { pos, id } = pd;
      if (id !== undefined) {
        if (id > MAX_PROBE_ID) throw new DCompileError('D_PDESC_INVAL', `identifier ${id} exceeds maximum probe id`, pos);
        if (kind === 'P' || kind === 'm' || kind === 'f') {
          const what = kind === 'P' ? 'providers' : kind === 'm' ? 'modules' : 'functions';
          throw new DCompileError('D_PDESC_INVAL', `probe identifier ${id} not permitted when specifying ${what}`, pos);
        }
        const p = probeList().find((x) => BigInt(x.id) === id);
        if (!p) throw new DCompileError('D_PDESC_INVAL', `invalid probe identifier ${id}: Unknown probe identifier`, pos);
        return { probes: [p], fields: [p.provider, p.module, p.func, p.name] as [string, string, string, string] };
      }
      const spec = pd.spec ?? parseProbeSpec(pd.text, kind, pos);
      if (catalog.provide) {
        try {
          catalog.provide(spec);
        } catch (e) {
          if (e instanceof DCompileError) throw e.pos ? e : new DCompileError(e.tag, e.detail, pos);
          throw new DCompileError('D_PDESC_INVAL', `invalid probe description "${pd.text}": ${e instanceof Error ? e.message : String(e)}`, pos);
        }
        allProbes = undefined;
      }
      const m = compileProbeSpec(spec);
      return { probes: probeList().filter(m), fields: [spec.provider, spec.module, spec.func, spec.name] as [string, string, string, string] };
    },
    checkFormat(fn: string, fmt: string, args: readonly TNode[], pos: Pos, aggs) {
      const parsed = parseFormat(fmt, pos);
      if (aggs) {
        const keys = aggs[0].keys ?? [];
        validateFormat(parsed, keys.map((t) => printfArgOf(toValueType(t))), { func: fn, aggregation: true, exactLen: false, argOffset: 1, aggFunc: aggs[0].fn, pos, hasTarget: req.macroVars?.target !== undefined && req.macroVars.target !== 0 });
      } else {
        validateFormat(parsed, args.map((a) => printfArgOf(toValueType(a.t))), { func: fn, exactLen: true, argOffset: 1, pos, hasTarget: req.macroVars?.target !== undefined && req.macroVars.target !== 0 });
      }
      return parsed;
    },
    providerExists(name: string) {
      return probeList().some((p) => p.provider === name);
    },
  };
  const checker = new Checker(host);
  const sugarState = { hasSugar: false };
  const builtinNames = new Set(['args', ...ACTIONS.keys()]);
  req.inputs.forEach((input, i) => {
    kind = input.kind;
    let parsed: ParseResult | undefined;
    try {
      parsed = parseProgram(input.text, {
        kind: input.kind,
        macroArgs: req.macroArgs,
        dollar0: input.kind === 's' ? input.name : req.argv0,
        macroVars: req.macroVars,
        defaultargs: options.defaultargs,
        empty: options.empty,
        isTypeName: (n) => checker.isTypeName(n),
        isGlobal: (n) => checker.isGlobalName(n) || builtinNames.has(n),
        pspec: options.pspec,
        onPragma: (item) => {
          if (item.k === 'option') pragmaOption(options, item.name, item.value, item.pos);
        },
      });
      const n = req.macroArgs.length;
      if (n > 0 && !options.argref && !parsed.referencedMacros.has(n)) {
        throw new DCompileError('D_MACRO_UNUSED', `extraneous argument '${req.macroArgs[n - 1]}' ($${n} is not referenced)`);
      }
      checker.checkProgram(desugar(parsed.program, { endPos: parsed.endPos, state: sugarState }), i);
    } catch (e) {
      if (e instanceof DCompileError) throw new CompileFailure(i, withFile(e, parsed));
      throw e;
    }
  });
  const checked = checker.out;
  const enablings: Enabling[] = [];
  const enabled: number[] = [];
  const seen = new Set<number>();
  let epid = 1;
  let destructiveUsed = false;
  checked.clauses.forEach((c, ci) => {
    for (const probe of c.probes) {
      enablings.push({ clause: ci, probe, epid: epid++ });
      if (!seen.has(probe.id)) {
        seen.add(probe.id);
        enabled.push(probe.id);
      }
    }
    for (const s of c.stmts) if (s.k === 'action' && ACTIONS.get(s.name)?.destructive) destructiveUsed = true;
  });
  const program: CompiledProgram = { matched: checked.matched, options, enabledProbeIds: enabled };
  attachInternals(program, { checked, enablings, destructiveUsed });
  return program;
}

export { Consumer } from './consumer';
export type { ConsumerEnv } from './consumer';
export { DCompileError } from './errors';
export { DOptions, OptionError } from './options';
