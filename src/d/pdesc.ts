// Probe descriptions: splitting `provider:module:function:name` the way
// dtrace_xstr2desc does (fields from the right, the last one in the slot of the spec kind,
// macro variables substituted per field, length limits), and matching descriptions
// against probes with gmatch-style globs compiled once. Pure.
import type { Pos } from './ast';
import { DCompileError } from './errors';
import type { ProbeInfo, ProbeSpec } from './host';

/** How a description was given: `s` (a script) and `n`/`i` put the last field in the name. */
export type SpecKind = 's' | 'n' | 'P' | 'm' | 'f' | 'i';

/** What `$N` and `$name` mean inside a description. */
export interface PdescMacros {
  /** argv[0] is $0; argv[N] is $N. */
  readonly argv: readonly string[];
  readonly vars: (name: string) => number | undefined;
  /** Told which $N were used (they count as referenced for D_MACRO_UNUSED). */
  readonly onRef?: (n: number) => void;
}

const SLOT_OF: Readonly<Record<SpecKind, number>> = { P: 0, m: 1, f: 2, n: 3, i: 3, s: 3 };
/** DTRACE_PROVNAMELEN, DTRACE_MODNAMELEN, DTRACE_FUNCNAMELEN, DTRACE_NAMELEN (illumos). */
const FIELD_LIMIT = [64, 64, 128, 64] as const;
const NO_MACROS: PdescMacros = { argv: [], vars: () => undefined };

class PdescError extends Error {}

function invalid(text: string, why: string, pos: Pos | undefined): DCompileError {
  return new DCompileError('D_PDESC_INVAL', `invalid probe description "${text}": ${why}`, pos);
}

/** One field with its first `$` reference substituted; the limit counts text before it and the value. */
function substitute(field: string, m: PdescMacros): { readonly text: string; readonly counted: number } {
  const dollar = field.indexOf('$');
  if (dollar < 0) return { text: field, counted: field.length };
  const before = field.slice(0, dollar);
  let ref = field.slice(dollar);
  if (ref.length > 2 && ref[1] === '$') ref = ref.slice(1);
  const c = ref.charCodeAt(1);
  if (c >= 48 && c <= 57) {
    let j = 1;
    while (j < ref.length && ref.charCodeAt(j) >= 48 && ref.charCodeAt(j) <= 57) j++;
    const n = Number(ref.slice(1, j));
    if (!(n < m.argv.length)) throw new PdescError('Undefined macro variable in probe description');
    const v = m.argv[n]!;
    m.onRef?.(n);
    return { text: before + v + ref.slice(j), counted: before.length + v.length };
  }
  if (ref.length > 1) {
    const id = m.vars(ref.slice(1));
    if (id === undefined) throw new PdescError('Undefined macro variable in probe description');
    const v = String(id | 0);
    return { text: before + v, counted: before.length + v.length };
  }
  throw new PdescError('Undefined macro variable in probe description');
}

/**
 * Split a probe description into its four fields (d-language §1.9). Throws
 * D_PDESC_INVAL `invalid probe description "TEXT": ...` for five fields, an over-long
 * field or an undefined macro reference.
 */
export function parseProbeSpec(text: string, kind: SpecKind, pos?: Pos, macros: PdescMacros = NO_MACROS): ProbeSpec {
  const fields = ['', '', '', ''];
  const parts = text.split(':');
  // dtrace_xstr2desc walks back to the first character: a leading ':' ends the walk,
  // so the empty field before it is never counted.
  if (parts.length > 1 && parts[0] === '') parts.shift();
  let slot = SLOT_OF[kind];
  try {
    for (let k = parts.length - 1; k >= 0; k--, slot--) {
      const f = substitute(parts[k]!, macros);
      if (slot < 0) throw new PdescError('Overspecified probe description');
      if (f.counted >= FIELD_LIMIT[slot]!) throw new PdescError('File name too long');
      fields[slot] = f.text;
    }
  } catch (e) {
    if (e instanceof PdescError) throw invalid(text, e.message, pos);
    throw e;
  }
  return { provider: fields[0]!, module: fields[1]!, func: fields[2]!, name: fields[3]! };
}

/** The description as `provider:module:function:name`. */
export function probeSpecString(s: ProbeSpec): string {
  return `${s.provider}:${s.module}:${s.func}:${s.name}`;
}

// ---- globs ---------------------------------------------------------------------------

type Matcher = (s: string) => boolean;

const MATCH_ALL: Matcher = () => true;
const MATCH_NONE: Matcher = () => false;

function classEscape(c: number): string {
  return '\\u' + c.toString(16).padStart(4, '0');
}

/**
 * A glob as gmatch(3GEN) reads it, compiled to a function: `*` any run, `?` one
 * character, `[...]` a class with ranges and `!` negation, `\` quoting the next
 * character. A class left open matches nothing.
 */
export function compileGlob(pattern: string): Matcher {
  if (!/[*?[\\]/.test(pattern)) return (s) => s === pattern;
  let re = '^';
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    if (ch === '*') {
      re += '[\\s\\S]*';
      i++;
    } else if (ch === '?') {
      re += '[\\s\\S]';
      i++;
    } else if (ch === '\\') {
      i++;
      if (i >= pattern.length) return MATCH_NONE;
      re += classEscape(pattern.charCodeAt(i++));
    } else if (ch === '[') {
      i++;
      let negate = false;
      if (pattern[i] === '!') {
        negate = true;
        i++;
      }
      const ranges: string[] = [];
      let lc = -1;
      let closed = false;
      for (let first = true; i < pattern.length; first = false) {
        let c = pattern.charCodeAt(i++);
        if (c === 93 && !first) {
          closed = true;
          break;
        }
        if (c === 45 && lc >= 0 && i < pattern.length && pattern[i] !== ']') {
          let hi = pattern.charCodeAt(i++);
          if (hi === 92 && i < pattern.length) hi = pattern.charCodeAt(i++);
          if (lc <= hi) ranges.push(classEscape(lc) + '-' + classEscape(hi));
          lc = -1;
          continue;
        }
        if (c === 92 && i < pattern.length) c = pattern.charCodeAt(i++);
        lc = c;
        ranges.push(classEscape(c));
      }
      if (!closed) return MATCH_NONE;
      if (ranges.length === 0) re += negate ? '[\\s\\S]' : '(?!)';
      else re += (negate ? '[^' : '[') + ranges.join('') + ']';
    } else {
      re += classEscape(pattern.charCodeAt(i++));
    }
  }
  const rx = new RegExp(re + '$');
  return (s) => rx.test(s);
}

/** gmatch(s, pattern): does `s` match the glob? */
export function gmatch(pattern: string, s: string): boolean {
  return compileGlob(pattern)(s);
}

interface CompiledSpec {
  readonly provider: Matcher;
  readonly module: Matcher;
  readonly func: Matcher;
  readonly name: Matcher;
}

const compiled = new WeakMap<ProbeSpec, CompiledSpec>();

function fieldMatcher(pattern: string): Matcher {
  return pattern === '' ? MATCH_ALL : compileGlob(pattern);
}

/** A description compiled once, to test against many probes. An empty field matches all. */
export function compileProbeSpec(spec: ProbeSpec): (p: ProbeInfo) => boolean {
  const c = compiledOf(spec);
  return (p) => c.provider(p.provider) && c.module(p.module) && c.func(p.func) && c.name(p.name);
}

function compiledOf(spec: ProbeSpec): CompiledSpec {
  let c = compiled.get(spec);
  if (c === undefined) {
    c = {
      provider: fieldMatcher(spec.provider),
      module: fieldMatcher(spec.module),
      func: fieldMatcher(spec.func),
      name: fieldMatcher(spec.name),
    };
    compiled.set(spec, c);
  }
  return c;
}

/** Does the description match the probe? (Globs are compiled once per spec object.) */
export function matchesProbe(spec: ProbeSpec, p: ProbeInfo): boolean {
  const c = compiledOf(spec);
  return c.provider(p.provider) && c.module(p.module) && c.func(p.func) && c.name(p.name);
}
