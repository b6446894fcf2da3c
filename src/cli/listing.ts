// `dtrace -l`: the probe listing, its header and rows exactly as dtrace(1M) prints them,
// and the matching of the descriptions it is given (globs as gmatch(3GEN) has them).
// Pure apart from its inputs.

import type { ProbeCatalog, ProbeInfo, ProbeSpec } from '../d/host';
import { probeAttributes, type Attribute, type ProviderAttributes } from '../engine/stability';
import type { ProgramKind } from './command';

const pad = (s: string | number, w: number): string => String(s).padStart(w);

export function listHeader(): string {
  return `${pad('ID', 5)} ${pad('PROVIDER', 10)} ${pad('MODULE', 17)} ${pad('FUNCTION', 33)} NAME\n`;
}

export function listRow(p: ProbeInfo): string {
  return `${pad(p.id, 5)} ${pad(p.provider, 10)} ${pad(p.module, 17)} ${pad(p.func, 33)} ${p.name}\n`;
}

/** What `-lv` prints after a probe's row: its attributes and argument types. */
export function probeInfoText(attrs: ProviderAttributes, argTypes: readonly string[]): string {
  const block = (title: string, x: Attribute): string =>
    `\n\t${title}\n\t\tIdentifier Names: ${x.name}\n\t\tData Semantics:   ${x.data}\n\t\tDependency Class: ${x.dependency}\n`;
  let s = block('Probe Description Attributes', probeAttributes(attrs)) + block('Argument Attributes', attrs.args);
  s += '\n\tArgument Types\n';
  s += argTypes.length === 0 ? '\t\tNone\n' : argTypes.map((t, i) => `\t\targs[${i}]: ${t}\n`).join('');
  return `${s}\n`;
}

/** A description to list: its four fields, or a probe id (`-i 5`, `-n 5`). */
export type ListDescription = ProbeSpec | { readonly id: number };

/**
 * The descriptions of a probe-spec program (-n, -P, -m, -f, -i) in order: the text before
 * the predicate or action, split at commas, each split on `:` from the right with its last
 * field in the slot the option names.
 */
export function programDescriptions(kind: Exclude<ProgramKind, 's'>, arg: string): ListDescription[] {
  const cut = arg.search(/[{/]/);
  const head = cut < 0 ? arg : arg.slice(0, cut);
  const out: ListDescription[] = [];
  for (const raw of head.split(',')) {
    const text = raw.trim();
    if (text === '') continue;
    if ((kind === 'n' || kind === 'i') && /^[0-9]+$/.test(text)) {
      out.push({ id: Number(text) });
      continue;
    }
    out.push(placeFields(kind, text.split(':')));
  }
  return out;
}

function placeFields(kind: Exclude<ProgramKind, 's'>, fields: readonly string[]): ProbeSpec {
  const slot = { P: 0, m: 1, f: 2, n: 3, i: 3 }[kind];
  const f = ['', '', '', ''];
  for (let i = fields.length - 1, j = slot; i >= 0 && j >= 0; i--, j--) f[j] = fields[i]!;
  return { provider: f[0]!, module: f[1]!, func: f[2]!, name: f[3]! };
}

/** The probes a description matches, in id order (after letting providers create it). */
export function matchDescription(catalog: ProbeCatalog, d: ListDescription): ProbeInfo[] {
  if ('id' in d) return catalog.list().filter((p) => p.id === d.id);
  catalog.provide?.(d);
  const m = [fieldMatcher(d.provider), fieldMatcher(d.module), fieldMatcher(d.func), fieldMatcher(d.name)];
  return catalog.list().filter((p) => m[0]!(p.provider) && m[1]!(p.module) && m[2]!(p.func) && m[3]!(p.name));
}

export function describe(d: ProbeSpec): string {
  return `${d.provider}:${d.module}:${d.func}:${d.name}`;
}

function fieldMatcher(pattern: string): (s: string) => boolean {
  if (pattern === '') return () => true;
  if (!/[*?[\\]/.test(pattern)) return (s) => s === pattern;
  const re = globToRegExp(pattern);
  return (s) => re.test(s);
}

/** gmatch(3GEN): `*`, `?`, `[...]` with `!` negation and ranges, `\` quoting the next character. */
export function globToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (x) => `\\${x}`)}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`${re}$`);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, (x) => `\\${x}`);
}
