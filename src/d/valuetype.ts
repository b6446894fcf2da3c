// The small description of a value's D type that the output side needs (printf
// conversions, trace() widths, aggregation keys). The checker's full type system
// (types.ts) maps each of its types onto one of these.

export type ValueType =
  /** char 1, short 2, int 4, long/long long 8 bytes. `name` is the D spelling for messages. */
  | { readonly kind: 'int'; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean; readonly name: string }
  /** `string`, `char [N]` and `char *` when used as a string. */
  | { readonly kind: 'string'; readonly name: string }
  | { readonly kind: 'pointer'; readonly name: string }
  /** stack(), ustack(), sym()/mod() (_symaddr) and usym()/umod()/uaddr() (_usymaddr) results. */
  | { readonly kind: 'stack' | 'ustack' | 'symaddr' | 'usymaddr'; readonly name: string }
  /** Structs, unions, void and anything else: printable by name only. */
  | { readonly kind: 'other'; readonly name: string };

export const INT: ValueType = { kind: 'int', size: 4, signed: true, name: 'int' };
export const INT64: ValueType = { kind: 'int', size: 8, signed: true, name: 'int64_t' };
export const UINT64: ValueType = { kind: 'int', size: 8, signed: false, name: 'uint64_t' };
export const STRING: ValueType = { kind: 'string', name: 'string' };
