// Cloud Analytics predicates (CA:lib/ca/ca-pred.js): JSON filters such as
// {"and": [{"eq": ["zonename", "web0"]}, {"gt": ["latency", 1000000]}]} that restrict
// what an instrumentation counts. validatePredicate() checks one against a metric's
// fields with CA's rules (plus the one CA documented but never enforced: lt/le/gt/ge
// only on numeric fields); renderPredicate() turns one into a D expression, each field
// replaced by its D expression and each string constant written as a D string literal
// that no value can break out of. Pure TypeScript.

import { fieldError } from './errors';
import { isNumericField, type MetricDef } from './catalog';

export const LEAF_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type LeafOp = (typeof LEAF_OPS)[number];
export const LOGICAL_OPS = ['and', 'or'] as const;
export type LogicalOp = (typeof LOGICAL_OPS)[number];

export type Leaf = { readonly [K in LeafOp]: { readonly [P in K]: readonly [string, string | number] } }[LeafOp];
export type Logical = { readonly [K in LogicalOp]: { readonly [P in K]: readonly Predicate[] } }[LogicalOp];
/** `{}` is "true". */
export type EmptyPredicate = { readonly [k: string]: never };
export type Predicate = EmptyPredicate | Leaf | Logical;

const D_OPS: Readonly<Record<LeafOp | LogicalOp, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', and: '&&', or: '||' };
const ORDERING: ReadonlySet<string> = new Set(['lt', 'le', 'gt', 'ge']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks `pred` (parsed JSON) against the metric's fields; returns it typed, or throws a
 * CaError (ECA_INVAL) `value <pred> for field "predicate" is invalid: <reason>`.
 */
export function validatePredicate(pred: unknown, metric: MetricDef): Predicate {
  const bad = (reason: string) => fieldError('predicate', pred, reason);
  const where = `${metric.module}.${metric.stat}`;
  const walk = (p: unknown, top: boolean): void => {
    if (!isObject(p)) throw bad(`a predicate must be an object, got ${JSON.stringify(p) ?? String(p)}`);
    const keys = Object.keys(p);
    if (keys.length === 0 && top) return;
    if (keys.length !== 1) throw bad(`a predicate has exactly one key (one of ${[...LEAF_OPS, ...LOGICAL_OPS].join(', ')}), found ${keys.length} in ${JSON.stringify(p)}`);
    const key = keys[0]!;
    const arg = p[key];
    if ((LOGICAL_OPS as readonly string[]).includes(key)) {
      if (!Array.isArray(arg) || arg.length < 2) {
        const n = Array.isArray(arg) ? `${arg.length}` : 'none';
        throw bad(`"${key}" takes an array of at least two predicates, got ${n} in ${JSON.stringify(p)}`);
      }
      for (const sub of arg) walk(sub, false);
      return;
    }
    if (!(LEAF_OPS as readonly string[]).includes(key)) {
      throw bad(`invalid key "${key}": expected one of ${[...LEAF_OPS, ...LOGICAL_OPS].join(', ')}`);
    }
    if (!Array.isArray(arg) || arg.length !== 2) throw bad(`"${key}" takes [field, constant], got ${JSON.stringify(arg) ?? 'nothing'}`);
    const [field, value] = arg as unknown[];
    if (typeof field !== 'string') throw bad(`the field in ${JSON.stringify(p)} must be a string`);
    if (!metric.fields.includes(field)) throw bad(`"${field}" is not a field of ${where}: expected one of ${metric.fields.join(', ')}`);
    if (isNumericField(field)) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw bad(`field "${field}" is numeric: its constant must be an integer, got ${JSON.stringify(value)}`);
      }
    } else {
      if (typeof value !== 'string') throw bad(`field "${field}" is discrete: its constant must be a string, got ${JSON.stringify(value)}`);
      if (ORDERING.has(key)) throw bad(`"${key}" compares numbers: field "${field}" is discrete (use eq or ne)`);
    }
  };
  walk(pred, true);
  return pred as Predicate;
}

/** True for `{}`. */
export function isTrivial(p: Predicate): boolean {
  return Object.keys(p).length === 0;
}

/** The fields a predicate mentions, each once, in order of appearance. */
export function predicateFields(p: Predicate): string[] {
  const out: string[] = [];
  const walk = (q: Predicate): void => {
    for (const [k, v] of Object.entries(q) as [string, unknown][]) {
      if ((LOGICAL_OPS as readonly string[]).includes(k)) for (const sub of v as Predicate[]) walk(sub);
      else {
        const f = (v as readonly [string, unknown])[0];
        if (!out.includes(f)) out.push(f);
      }
    }
  };
  walk(p);
  return out;
}

/**
 * A D string literal for `s`: backslash, double quote and every control character are
 * escaped (control characters and `@` as octal, so that no user string can contain a
 * placeholder metad substitutes), so the literal ends exactly where it should.
 */
export function dString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (c < 0x20 || c === 0x7f || ch === '@') out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A validated predicate as a D expression, each field replaced by `expr(field)`;
 * undefined for `{}`. Sub-predicates of and/or are parenthesized: `(a) && (b)`.
 */
export function renderPredicate(p: Predicate, expr: (field: string) => string): string | undefined {
  if (isTrivial(p)) return undefined;
  const render = (q: Predicate): string => {
    const [key, v] = Object.entries(q)[0] as [LeafOp | LogicalOp, unknown];
    if (key === 'and' || key === 'or') return (v as Predicate[]).map((sub) => `(${render(sub)})`).join(` ${D_OPS[key]} `);
    const [field, value] = v as readonly [string, string | number];
    const rhs = typeof value === 'number' ? String(value) : dString(value);
    return `${expr(field)} ${D_OPS[key]} ${rhs}`;
  };
  return render(p);
}
