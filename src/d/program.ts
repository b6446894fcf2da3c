// What compile() hands the consumer beyond the public CompiledProgram fields: the checked
// clauses and variables, and every enabling (clause x probe, with its EPID). Kept off the
// public interface so hosts only see matched counts, options and enabled probe ids. Pure.
import type { CheckedProgram } from './checker';
import type { ProbeInfo } from './host';

export interface Enabling {
  /** Index into checked.clauses. */
  readonly clause: number;
  readonly probe: ProbeInfo;
  /** Enabled probe id, numbered from 1 in program order. */
  readonly epid: number;
}

export interface ProgramInternals {
  readonly checked: CheckedProgram;
  readonly enablings: readonly Enabling[];
  /** Some clause uses a destructive action (needs -w). */
  readonly destructiveUsed: boolean;
}

const internals = new WeakMap<object, ProgramInternals>();

export function attachInternals(program: object, p: ProgramInternals): void {
  internals.set(program, p);
}

export function programInternals(program: object): ProgramInternals {
  const p = internals.get(program);
  if (!p) throw new TypeError('not a program returned by compile()');
  return p;
}
