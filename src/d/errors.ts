// Compile-time diagnostics. Every rejection of a D program is a DCompileError carrying
// DTrace's tag (D_SYNTAX, D_IDENT_UNDEF, ...), its message text exactly as illumos words
// it, and the position it points at. How the location prints (`line N: `, `in action
// list: `, nothing) depends on how the program was given, so formatting lives here too.
import type { Pos } from './ast';

/** Which part of a clause was being checked: string input names it in the message. */
export type ErrorContext = 'predicate' | 'action' | undefined;

export class DCompileError extends Error {
  constructor(
    /** The errtag without brackets, e.g. `D_SYNTAX`. */
    readonly tag: string,
    /** The template filled in, without location or tag (may contain `\n\t` lines). */
    readonly detail: string,
    /** Where the error points; undefined when there is no sensible place (e.g. D_EMPTY). */
    readonly pos?: Pos,
    /** Set while a clause's predicate or action list is checked. */
    readonly context?: ErrorContext,
    /** A `#line` file name in force at the error, if any. */
    readonly file?: string,
  ) {
    super(detail);
    this.name = 'DCompileError';
  }
}

export interface FormatErrorOptions {
  /** -xerrtags: prefix `[TAG] `. */
  readonly errtags: boolean;
  /** true for `-s` scripts (file input): `line N: `; false for -n/-P/... (string input). */
  readonly fileInput: boolean;
}

/** The message as dtrace(1M) prints it after `failed to compile script F: ` (or `invalid probe specifier S: `). */
export function formatCompileError(e: DCompileError, o: FormatErrorOptions): string {
  let s = o.errtags ? `[${e.tag}] ` : '';
  if (e.file !== undefined && e.pos) s += `"${e.file}", line ${e.pos.line}: `;
  else if (o.fileInput && e.pos) s += `line ${e.pos.line}: `;
  else if (!o.fileInput && e.context === 'predicate') s += 'in predicate: ';
  else if (!o.fileInput && e.context === 'action') s += 'in action list: ';
  return s + e.detail;
}
