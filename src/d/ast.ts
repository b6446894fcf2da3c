// The D abstract syntax tree, as the parser (parser.ts) produces it and the checker
// (checker.ts) consumes it. Pure data: no methods, no types resolved yet.
// Every node carries the position of its first token so diagnostics can point at it.

import type { ProbeSpec } from './host';

/** 1-based line and column, 0-based character offset into the source text. */
export interface Pos {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

/** C's integer constant types, chosen by the lexer from the value and suffix (d-language §1.4). */
export type IntConstType =
  | 'int'
  | 'unsigned int'
  | 'long'
  | 'unsigned long'
  | 'long long'
  | 'unsigned long long';

export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>'
  | '<' | '<=' | '>' | '>=' | '==' | '!='
  | '&' | '^' | '|' | '&&' | '^^' | '||';

export type AssignOp = '=' | '*=' | '/=' | '%=' | '+=' | '-=' | '<<=' | '>>=' | '&=' | '^=' | '|=';

export type UnaryOp = '-' | '+' | '!' | '~' | '*' | '&' | '++' | '--';

export type Expr =
  /** Integer or character constant; `value` is exact, `ctype` per C's rules. */
  | { readonly k: 'int'; readonly pos: Pos; readonly value: bigint; readonly ctype: IntConstType; readonly text: string }
  /** String literal, escapes already applied. */
  | { readonly k: 'str'; readonly pos: Pos; readonly value: string }
  /** A plain identifier: global, built-in variable, inline, enumerator or function name. */
  | { readonly k: 'ident'; readonly pos: Pos; readonly name: string }
  /** An aggregation name, `@` included (`@` alone is `@_`). */
  | { readonly k: 'agg'; readonly pos: Pos; readonly name: string }
  /** `self->name` (thread-local) or `this->name` (clause-local). */
  | { readonly k: 'self' | 'this'; readonly pos: Pos; readonly name: string }
  /** `base[args]`: associative array, args[], aggregation key, or C indexing. */
  | { readonly k: 'index'; readonly pos: Pos; readonly base: Expr; readonly args: readonly Expr[] }
  /** `fn(args)`: subroutine, action or aggregating function. */
  | { readonly k: 'call'; readonly pos: Pos; readonly fn: Expr; readonly args: readonly Expr[] }
  /** `obj.name` or `obj->name`. */
  | { readonly k: 'member'; readonly pos: Pos; readonly obj: Expr; readonly name: string; readonly arrow: boolean }
  /** Prefix operators, `++x` and `--x` included. */
  | { readonly k: 'unary'; readonly pos: Pos; readonly op: UnaryOp; readonly operand: Expr }
  /** Postfix `x++` / `x--`. */
  | { readonly k: 'postfix'; readonly pos: Pos; readonly op: '++' | '--'; readonly operand: Expr }
  | { readonly k: 'binary'; readonly pos: Pos; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'assign'; readonly pos: Pos; readonly op: AssignOp; readonly target: Expr; readonly value: Expr }
  | { readonly k: 'cond'; readonly pos: Pos; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly k: 'comma'; readonly pos: Pos; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'cast'; readonly pos: Pos; readonly type: TypeName; readonly expr: Expr }
  /** `sizeof expr` or `sizeof (type)`: exactly one of `type` and `expr` is set. */
  | { readonly k: 'sizeof'; readonly pos: Pos; readonly type?: TypeName; readonly expr?: Expr }
  | { readonly k: 'stringof'; readonly pos: Pos; readonly expr: Expr }
  | { readonly k: 'offsetof'; readonly pos: Pos; readonly type: TypeName; readonly member: string }
  | { readonly k: 'xlate'; readonly pos: Pos; readonly type: TypeName; readonly expr: Expr };

export type Stmt =
  | { readonly k: 'expr'; readonly pos: Pos; readonly expr: Expr }
  | { readonly k: 'empty'; readonly pos: Pos }
  | { readonly k: 'if'; readonly pos: Pos; readonly test: Expr; readonly then: readonly Stmt[]; readonly else?: readonly Stmt[] };

// ---- types and declarations -------------------------------------------------------

export type StorageClass = 'auto' | 'register' | 'static' | 'extern' | 'typedef' | 'self' | 'this';
export type Qualifier = 'const' | 'restrict' | 'volatile';

export type TypeSpec =
  /** Keyword types: the words in source order, e.g. ['unsigned', 'long', 'long'] or ['void']. */
  | { readonly k: 'words'; readonly pos: Pos; readonly words: readonly string[] }
  | { readonly k: 'string'; readonly pos: Pos }
  /** A typedef name, possibly scoped (`` mod`name ``). */
  | { readonly k: 'tname'; readonly pos: Pos; readonly name: string }
  | {
      readonly k: 'struct' | 'union';
      readonly pos: Pos;
      readonly tag?: string;
      /** undefined: a reference `struct tag`; defined: a definition. */
      readonly members?: readonly MemberDecl[];
    }
  | { readonly k: 'enum'; readonly pos: Pos; readonly tag?: string; readonly enumerators?: readonly Enumerator[] };

export interface DeclSpecs {
  readonly pos: Pos;
  readonly storage: readonly StorageClass[];
  readonly quals: readonly Qualifier[];
  /** Type specifiers in source order (`unsigned` `long` may be split by qualifiers). */
  readonly types: readonly TypeSpec[];
  /** `userland` attribute. */
  readonly userland: boolean;
}

export interface Enumerator {
  readonly pos: Pos;
  readonly name: string;
  readonly value?: Expr;
}

export interface MemberDecl {
  readonly pos: Pos;
  readonly specs: DeclSpecs;
  readonly declarators: readonly { readonly decl?: Declarator; readonly bits?: Expr }[];
}

/** C declarators, inside out: `int *a[4]` is array(ptr(name a))... as written by C's rules. */
export type Declarator =
  | { readonly k: 'name'; readonly pos: Pos; readonly name?: string }
  | { readonly k: 'ptr'; readonly pos: Pos; readonly quals: readonly Qualifier[]; readonly inner: Declarator }
  | {
      readonly k: 'array';
      readonly pos: Pos;
      readonly inner: Declarator;
      /** `a[5]` */
      readonly dim?: Expr;
      /** `a[string, int]`: an associative array's key signature. */
      readonly tuple?: readonly ParamDecl[];
    }
  | { readonly k: 'func'; readonly pos: Pos; readonly inner: Declarator; readonly params: readonly ParamDecl[]; readonly varargs: boolean };

export interface ParamDecl {
  readonly pos: Pos;
  readonly specs: DeclSpecs;
  readonly decl?: Declarator;
}

export interface TypeName {
  readonly pos: Pos;
  readonly specs: DeclSpecs;
  /** Abstract declarator (no name), e.g. the `*` of `(char *)`. */
  readonly decl?: Declarator;
}

// ---- program items ------------------------------------------------------------------

/** One probe description as written (macros substituted), split later by pdesc.ts. */
export interface ProbeSpecText {
  readonly pos: Pos;
  readonly text: string;
  /** Set when the description is a bare integer probe id. */
  readonly id?: bigint;
  /**
   * The four fields as DTrace split them (pdesc.ts), set by the parser for every
   * non-id description. Splitting happens before macro substitution, so a `$1` whose
   * value contains `:` stays in one field: use this, not a re-split of `text`.
   */
  readonly spec?: ProbeSpec;
}

export type Item =
  | {
      readonly k: 'clause';
      readonly pos: Pos;
      readonly probes: readonly ProbeSpecText[];
      readonly predicate?: Expr;
      /** undefined only for a bare description (string input: `-n BEGIN`). */
      readonly body?: readonly Stmt[];
    }
  | { readonly k: 'decl'; readonly pos: Pos; readonly specs: DeclSpecs; readonly declarators: readonly Declarator[] }
  | { readonly k: 'inline'; readonly pos: Pos; readonly specs: DeclSpecs; readonly decl: Declarator; readonly value: Expr }
  | {
      readonly k: 'translator';
      readonly pos: Pos;
      readonly out: TypeName;
      readonly input: TypeName;
      readonly inputName: string;
      readonly members: readonly { readonly pos: Pos; readonly name: string; readonly value: Expr }[];
    }
  | {
      readonly k: 'provider';
      readonly pos: Pos;
      readonly name: string;
      readonly probes: readonly {
        readonly pos: Pos;
        readonly name: string;
        readonly params: readonly ParamDecl[];
        readonly xparams?: readonly ParamDecl[];
      }[];
    }
  /** `#pragma D option name[=value]` (in source order among the items). */
  | { readonly k: 'option'; readonly pos: Pos; readonly name: string; readonly value?: string }
  /** Other `#pragma D` lines the checker must validate (attributes, binding, depends_on). */
  | { readonly k: 'pragma'; readonly pos: Pos; readonly words: readonly string[] };

export interface Program {
  readonly items: readonly Item[];
}
