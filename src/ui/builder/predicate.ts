// Predicates as the builder edits them (browser main thread; pure TS): rows of field,
// operator and value, joined by `and` or `or`, to and from CA's JSON form
// ({eq: [field, value]}, {and: [...]}, {} for none).

export const OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type Op = (typeof OPS)[number];
export const OP_LABELS: Readonly<Record<Op, string>> = { eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥' };

export interface Condition {
  readonly field: string;
  readonly op: Op;
  readonly value: string;
}

export type Join = 'and' | 'or';

/** CA's predicate for the rows; numeric fields get numbers. Throws with what is wrong in which row. */
export function toPredicate(rows: readonly Condition[], join: Join, numeric: (field: string) => boolean): Record<string, unknown> {
  const clauses = rows.map((r, i) => {
    if (r.field === '') throw new Error(`condition ${i + 1}: choose a field`);
    if (r.value.trim() === '') throw new Error(`condition ${i + 1}: enter a value for ${r.field}`);
    if (numeric(r.field)) {
      const n = Number(r.value);
      if (!Number.isFinite(n)) throw new Error(`condition ${i + 1}: ${r.field} is numeric, so the value must be a number (got "${r.value}")`);
      return { [r.op]: [r.field, n] };
    }
    if (r.op !== 'eq' && r.op !== 'ne') throw new Error(`condition ${i + 1}: ${r.field} is a name, so only = and ≠ apply`);
    return { [r.op]: [r.field, r.value] };
  });
  if (clauses.length === 0) return {};
  if (clauses.length === 1) return clauses[0]!;
  return { [join]: clauses };
}

/** The rows of a predicate the builder can show (one level of and/or); undefined for deeper ones. */
export function fromPredicate(p: Readonly<Record<string, unknown>>): { rows: Condition[]; join: Join } | undefined {
  const [k] = Object.keys(p);
  if (k === undefined) return { rows: [], join: 'and' };
  const leaf = (x: unknown): Condition | undefined => {
    if (x === null || typeof x !== 'object') return undefined;
    const [op] = Object.keys(x);
    const v = (x as Record<string, unknown>)[op ?? ''];
    if (op === undefined || !(OPS as readonly string[]).includes(op) || !Array.isArray(v) || v.length !== 2) return undefined;
    return { field: String(v[0]), op: op as Op, value: String(v[1]) };
  };
  if (k === 'and' || k === 'or') {
    const list = p[k];
    if (!Array.isArray(list)) return undefined;
    const rows = list.map(leaf);
    return rows.every((r) => r !== undefined) ? { rows: rows as Condition[], join: k } : undefined;
  }
  const one = leaf(p);
  return one === undefined ? undefined : { rows: [one], join: 'and' };
}
