// The D parser: recursive descent over the illumos grammar (d-language §2), driving the
// lexer's modes as dt_grammar.y does (OUTER between items, EXPR inside them), tracking
// the typedef names, globals and declaration state the IDENT/TNAME decision needs, and
// raising DTrace's syntax errors with their exact wording and line. Produces the AST of
// ast.ts; no type checking happens here. Pure.
import type {
  AssignOp, BinaryOp, DeclSpecs, Declarator, Enumerator, Expr, Item, MemberDecl, ParamDecl, Pos,
  ProbeSpecText, Program, Qualifier, Stmt, StorageClass, TypeName, TypeSpec, UnaryOp,
} from './ast';
import { DCompileError } from './errors';
import { Lexer } from './lexer';
import type { ControlItem, Token } from './lexer';
import { parseProbeSpec } from './pdesc';
import type { SpecKind } from './pdesc';

export interface ParseOptions {
  /** 's' = file input; others = string input in PSPEC mode. */
  readonly kind: SpecKind;
  /** $1..$N */
  readonly macroArgs: readonly string[];
  /** $0 */
  readonly dollar0: string;
  /** $pid, $target, ... (the eleven dtrace knows default to 0 when absent). */
  readonly macroVars?: Partial<Record<string, number>>;
  readonly defaultargs: boolean;
  /** -xempty */
  readonly empty: boolean;
  /** Built-in and host type names (int, uint64_t, psinfo_t, ...). */
  readonly isTypeName: (name: string) => boolean;
  /** Host globals (built-in variables, functions, inlines) that win over type names. */
  readonly isGlobal?: (name: string) => boolean;
  /** -xpspec: OUTER words are always probe descriptions, also in a script. */
  readonly pspec?: boolean;
  /**
   * Called as each `#pragma D option|attributes|binding|depends_on` line is reached, so the
   * compiler can reject it (D_PRAGMA_OPTSET, ...) before later syntax errors, as DTrace does.
   */
  readonly onPragma?: (item: ControlItem) => void;
}

export interface ParseResult {
  readonly program: Program;
  /** The $N (N from 0) the program referenced, in expressions or descriptions. */
  readonly referencedMacros: ReadonlySet<number>;
  /** Where `#line` set (or cleared) the file name used in messages, by offset. */
  readonly fileTags: readonly { readonly offset: number; readonly file: string | undefined }[];
  /** The end of input: where DTrace's post-parse nodes (if/else sugar) say they are. */
  readonly endPos: Pos;
}

/** The `#line` file name in force at `offset`, for messages about nodes parsed there. */
export function fileTagAt(result: ParseResult, offset: number): string | undefined {
  let file: string | undefined;
  for (const t of result.fileTags) {
    if (t.offset > offset) break;
    file = t.file;
  }
  return file;
}

const MACRO_VARS = ['egid', 'euid', 'gid', 'pid', 'pgid', 'ppid', 'projid', 'sid', 'taskid', 'target', 'uid'];

const TYPE_WORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned']);
/** Type specifiers that give a declaration its type name (dt_decl_spec), so later words are identifiers. */
const NAMING_WORDS = new Set(['void', 'char', 'int', 'float', 'double']);
const QUALIFIERS = new Set(['const', 'restrict', 'volatile']);
const STORAGE = new Set(['auto', 'register', 'static', 'extern', 'typedef']);

const ASSIGN_OPS = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=']);

/** Binary levels, lowest precedence first (d-language §2). */
const BINARY_LEVELS: readonly (readonly BinaryOp[])[] = [
  ['||'], ['^^'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];
const BINARY_LEVEL_OF = new Map<string, number>();
BINARY_LEVELS.forEach((ops, level) => ops.forEach((op) => BINARY_LEVEL_OF.set(op, level)));

/** Nesting (parentheses, prefix operators, if bodies, declarators) beyond which parsing gives up. */
const MAX_DEPTH = 1000;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** One C declaration in progress: whether it already has a type name (dd_name). */
interface DeclScope {
  named: boolean;
}

class Parser {
  private readonly lx: Lexer;
  private cur: Token | undefined;
  private readonly items: Item[] = [];
  private readonly typedefs = new Set<string>();
  private readonly globals = new Set<string>();
  private readonly scopes: (DeclScope | undefined)[] = [undefined];
  /** Whether the expression just parsed is a unary-expression (so may be assigned to). */
  private unaryResult = true;
  private depth = 0;
  private readonly argv: readonly string[];
  private readonly vars: (name: string) => number | undefined;

  constructor(
    private readonly text: string,
    private readonly opts: ParseOptions,
  ) {
    this.argv = [opts.dollar0, ...opts.macroArgs];
    const mv = opts.macroVars ?? {};
    this.vars = (name) => (Object.prototype.hasOwnProperty.call(mv, name) ? mv[name] : MACRO_VARS.includes(name) ? 0 : undefined);
    this.lx = new Lexer(text, {
      argv: this.argv,
      macroVars: this.vars,
      defaultargs: opts.defaultargs,
      pspec: opts.kind !== 's' || opts.pspec === true,
      isTypeName: (n) => this.isTypeName(n),
      isGlobal: (n) => this.globals.has(n) || (opts.isGlobal?.(n) ?? false),
      declHasType: () => this.scopes[this.scopes.length - 1]?.named ?? false,
      onControl: (item) => {
        opts.onPragma?.(item);
        this.items.push(item);
      },
    });
  }

  private isTypeName(n: string): boolean {
    return this.typedefs.has(n) || TYPE_WORDS.has(n) || this.opts.isTypeName(n);
  }

  // ---- tokens ---------------------------------------------------------------------

  private peek(): Token {
    if (this.cur === undefined) this.cur = this.lx.next();
    return this.cur;
  }

  private take(): Token {
    const t = this.peek();
    this.cur = undefined;
    return t;
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === 'op' && t.name === op;
  }

  private isKw(t: Token, kw: string): boolean {
    return t.kind === 'kw' && t.name === kw;
  }

  private expectOp(op: string): Token {
    const t = this.peek();
    if (!this.isOp(t, op)) throw this.lx.syntaxError(t);
    return this.take();
  }

  private fail(t: Token): never {
    throw this.lx.syntaxError(t);
  }

  private setMode(mode: 'outer' | 'expr'): void {
    this.lx.mode = mode;
  }

  // ---- program --------------------------------------------------------------------

  parse(): ParseResult {
    this.setMode('outer');
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      this.item(t);
      this.setMode('outer');
    }
    const endPos = this.lx.here();
    if (!this.opts.empty && !this.items.some((i) => i.k !== 'option' && i.k !== 'pragma')) {
      throw new DCompileError('D_EMPTY', 'empty D program translation unit', endPos, undefined, this.lx.file);
    }
    return {
      program: { items: this.items },
      referencedMacros: this.lx.referenced,
      fileTags: this.lx.fileTags,
      endPos,
    };
  }

  private item(t: Token): void {
    switch (t.kind) {
      case 'pspec':
      case 'int':
        this.clause();
        return;
      case 'tname':
        this.declaration();
        return;
      case 'kw':
        switch (t.name) {
          case 'inline':
            this.inline();
            return;
          case 'translator':
            this.translator();
            return;
          case 'provider':
            this.provider();
            return;
          case 'counter':
          case 'import':
            this.fail(t);
            break;
          default:
            this.declaration();
            return;
        }
        break;
      default:
        this.fail(t);
    }
  }

  private probeSpec(t: Token): ProbeSpecText {
    const kind = this.opts.kind;
    if (t.kind === 'int') {
      const id = t.value!;
      if (id > 0xffffffffn) {
        throw new DCompileError('D_PDESC_INVAL', `identifier ${id} exceeds maximum probe id`, t.pos, undefined, this.lx.file);
      }
      if (kind === 'P' || kind === 'm' || kind === 'f') {
        const what = kind === 'P' ? 'providers' : kind === 'm' ? 'modules' : 'functions';
        throw new DCompileError('D_PDESC_INVAL', `probe identifier ${id} not permitted when specifying ${what}`, t.pos, undefined, this.lx.file);
      }
      return { pos: t.pos, text: t.text, id };
    }
    let spec;
    try {
      spec = parseProbeSpec(t.name, kind, t.pos, {
        argv: this.argv,
        vars: this.vars,
        onRef: (n) => this.lx.referenced.add(n),
      });
    } catch (e) {
      if (e instanceof DCompileError) throw new DCompileError(e.tag, e.detail, this.lx.posAt(t.pos.offset), undefined, this.lx.file);
      throw e;
    }
    const text = t.name.includes('$') ? `${spec.provider}:${spec.module}:${spec.func}:${spec.name}` : t.name;
    return { pos: t.pos, text, spec };
  }

  private clause(): void {
    const first = this.take();
    const probes = [this.probeSpec(first)];
    while (this.isOp(this.peek(), ',')) {
      this.take();
      const t = this.peek();
      if (t.kind !== 'pspec' && t.kind !== 'int') this.fail(t);
      probes.push(this.probeSpec(this.take()));
    }
    this.setMode('expr');
    const t = this.peek();
    const pos = first.pos;
    if (this.isOp(t, '{')) {
      this.take();
      const body = this.statements();
      this.expectOp('}');
      this.items.push({ k: 'clause', pos, probes, body });
      return;
    }
    if (this.isOp(t, '/')) {
      this.take();
      const predicate = this.expression();
      const end = this.peek();
      if (end.kind !== 'epred') this.fail(end);
      this.take();
      const predLine = isLeaf(predicate) ? predicate.pos.line : this.lx.line;
      if (!this.isOp(this.peek(), '{')) {
        throw new DCompileError(
          'D_SYNTAX',
          'expected actions { } following probe description and predicate',
          { ...predicate.pos, line: predLine },
          undefined,
          this.lx.file,
        );
      }
      this.take();
      const body = this.statements();
      this.expectOp('}');
      this.items.push({ k: 'clause', pos, probes, predicate, body });
      return;
    }
    if (this.opts.kind === 's') {
      throw new DCompileError('D_SYNTAX', 'expected predicate and/or actions following probe description', pos, undefined, this.lx.file);
    }
    this.items.push({ k: 'clause', pos, probes });
  }

  // ---- statements -----------------------------------------------------------------

  /** `{ stmt } [ expr ]` up to (not including) the closing `}`. */
  private statements(): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '}')) return out;
      if (this.isOp(t, ';')) {
        this.take();
        out.push({ k: 'empty', pos: t.pos });
        continue;
      }
      if (this.isKw(t, 'if')) {
        out.push(this.ifStatement());
        continue;
      }
      const expr = this.expression();
      const end = this.peek();
      if (this.isOp(end, ';')) {
        this.take();
        out.push({ k: 'expr', pos: expr.pos, expr });
        continue;
      }
      if (this.isOp(end, '}')) {
        out.push({ k: 'expr', pos: expr.pos, expr });
        return out;
      }
      this.fail(end);
    }
  }

  private ifStatement(): Stmt {
    const ifTok = this.take();
    this.expectOp('(');
    const test = this.expression();
    this.expectOp(')');
    const then = this.statementOrBlock();
    if (this.isKw(this.peek(), 'else')) {
      this.take();
      const els = this.statementOrBlock();
      return { k: 'if', pos: ifTok.pos, test, then, else: els };
    }
    return { k: 'if', pos: ifTok.pos, test, then };
  }

  private statementOrBlock(): Stmt[] {
    this.enter();
    const body = this.statementOrBlockInner();
    this.depth--;
    return body;
  }

  private statementOrBlockInner(): Stmt[] {
    const t = this.peek();
    if (this.isOp(t, '{')) {
      this.take();
      const body = this.statements();
      this.expectOp('}');
      return body;
    }
    if (this.isOp(t, ';')) {
      this.take();
      return [{ k: 'empty', pos: t.pos }];
    }
    if (this.isKw(t, 'if')) return [this.ifStatement()];
    const expr = this.expression();
    this.expectOp(';');
    return [{ k: 'expr', pos: expr.pos, expr }];
  }

  // ---- expressions ----------------------------------------------------------------

  /**
   * Guards recursion so pathological nesting fails as a syntax error instead of
   * exhausting the JavaScript stack (yacc reports its own stack overflow the same way).
   */
  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      const t = this.peek();
      const near = t.kind === 'eof' ? ' near end of input' : ` near "${t.text}"`;
      throw new DCompileError('D_SYNTAX', `yacc stack overflow${near}`, t.pos, undefined, this.lx.file);
    }
  }

  expression(): Expr {
    this.enter();
    let left = this.assignment();
    while (this.isOp(this.peek(), ',')) {
      this.take();
      const right = this.assignment();
      left = { k: 'comma', pos: left.pos, left, right };
      this.unaryResult = false;
    }
    this.depth--;
    return left;
  }

  private assignment(): Expr {
    this.enter();
    const e = this.assignmentInner();
    this.depth--;
    return e;
  }

  private assignmentInner(): Expr {
    const target = this.conditional();
    const t = this.peek();
    if (t.kind === 'op' && ASSIGN_OPS.has(t.name)) {
      if (!this.unaryResult) this.fail(t);
      this.take();
      const value = this.assignment();
      this.unaryResult = false;
      return { k: 'assign', pos: target.pos, op: t.name as AssignOp, target, value };
    }
    return target;
  }

  private conditional(): Expr {
    const test = this.binary(0);
    if (!this.isOp(this.peek(), '?')) return test;
    this.take();
    const then = this.expression();
    this.expectOp(':');
    this.enter();
    const els = this.conditional();
    this.depth--;
    this.unaryResult = false;
    return { k: 'cond', pos: test.pos, test, then, else: els };
  }

  /** Binary operators at `minLevel` or tighter, left-associative (precedence climbing). */
  private binary(minLevel: number): Expr {
    let left = this.cast();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return left;
      const level = BINARY_LEVEL_OF.get(t.name);
      if (level === undefined || level < minLevel) return left;
      this.take();
      const right = this.binary(level + 1);
      left = { k: 'binary', pos: left.pos, op: t.name as BinaryOp, left, right };
      this.unaryResult = false;
    }
  }

  private isTypeStart(t: Token): boolean {
    if (t.kind === 'tname') return true;
    if (t.kind !== 'kw') return false;
    return TYPE_WORDS.has(t.name) || QUALIFIERS.has(t.name) || t.name === 'string' || t.name === 'struct' ||
      t.name === 'union' || t.name === 'enum' || t.name === 'userland';
  }

  private cast(): Expr {
    const t = this.peek();
    if (!this.isOp(t, '(')) return this.unary();
    this.take();
    if (this.isTypeStart(this.peek())) {
      const type = this.typeName();
      this.expectOp(')');
      const expr = this.cast();
      this.unaryResult = false;
      return { k: 'cast', pos: t.pos, type, expr };
    }
    const e = this.postfixTail(this.parenthesized());
    this.unaryResult = true;
    return e;
  }

  /** After `(` (not a type): the expression and its `)`. */
  private parenthesized(): Expr {
    const e = this.expression();
    this.expectOp(')');
    this.unaryResult = true;
    return e;
  }

  private unary(): Expr {
    this.enter();
    const e = this.unaryInner();
    this.depth--;
    this.unaryResult = true;
    return e;
  }

  private unaryInner(): Expr {
    const t = this.peek();
    if (t.kind === 'op') {
      switch (t.name) {
        case '++':
        case '--':
          this.take();
          return { k: 'unary', pos: t.pos, op: t.name, operand: this.unary() };
        case '&':
        case '*':
        case '+':
        case '-':
        case '~':
        case '!':
          this.take();
          return { k: 'unary', pos: t.pos, op: t.name as UnaryOp, operand: this.cast() };
        default:
          break;
      }
    } else if (this.isKw(t, 'sizeof')) {
      this.take();
      const p = this.peek();
      if (this.isOp(p, '(')) {
        this.take();
        if (this.isTypeStart(this.peek())) {
          const type = this.typeName();
          this.expectOp(')');
          return { k: 'sizeof', pos: t.pos, type };
        }
        return { k: 'sizeof', pos: t.pos, expr: this.postfixTail(this.parenthesized()) };
      }
      return { k: 'sizeof', pos: t.pos, expr: this.unary() };
    } else if (this.isKw(t, 'stringof')) {
      this.take();
      return { k: 'stringof', pos: t.pos, expr: this.unary() };
    }
    return this.postfixTail(this.primary());
  }

  private primary(): Expr {
    const t = this.take();
    switch (t.kind) {
      case 'ident':
        return { k: 'ident', pos: t.pos, name: t.name };
      case 'agg':
        return { k: 'agg', pos: t.pos, name: t.name };
      case 'str':
        return { k: 'str', pos: t.pos, value: t.name };
      case 'int': {
        const e: Expr = { k: 'int', pos: t.pos, value: t.value!, ctype: t.ctype!, text: t.name };
        return t.prefix === undefined ? e : { k: 'unary', pos: t.pos, op: t.prefix, operand: e };
      }
      case 'kw':
        switch (t.name) {
          case 'self':
          case 'this':
            return { k: 'ident', pos: t.pos, name: t.name };
          case 'offsetof': {
            this.expectOp('(');
            const type = this.typeName();
            this.expectOp(',');
            const m = this.peek();
            if (m.kind !== 'ident' && m.kind !== 'tname') this.fail(m);
            this.take();
            this.expectOp(')');
            return { k: 'offsetof', pos: t.pos, type, member: m.name };
          }
          case 'xlate': {
            this.expectOp('<');
            const type = this.typeName();
            this.expectOp('>');
            this.expectOp('(');
            const expr = this.expression();
            this.expectOp(')');
            return { k: 'xlate', pos: t.pos, type, expr };
          }
          default:
            this.fail(t);
        }
        break;
      case 'op':
        if (t.name === '(') {
          if (this.isTypeStart(this.peek())) this.fail(this.peek());
          return this.parenthesized();
        }
        break;
      default:
        break;
    }
    return this.fail(t);
  }

  private postfixTail(base: Expr): Expr {
    let e = base;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return e;
      switch (t.name) {
        case '[': {
          this.take();
          const args = this.argumentList(']');
          this.expectOp(']');
          e = { k: 'index', pos: e.pos, base: e, args };
          break;
        }
        case '(': {
          this.take();
          const args = this.isOp(this.peek(), ')') ? [] : this.argumentList(')');
          this.expectOp(')');
          e = { k: 'call', pos: e.pos, fn: e, args };
          break;
        }
        case '.':
        case '->': {
          this.take();
          const m = this.peek();
          if (m.kind !== 'ident' && m.kind !== 'tname') this.fail(m);
          this.take();
          const arrow = t.name === '->';
          if (arrow && e.k === 'ident' && (e.name === 'self' || e.name === 'this')) {
            e = { k: e.name, pos: e.pos, name: m.name };
          } else {
            e = { k: 'member', pos: e.pos, obj: e, name: m.name, arrow };
          }
          break;
        }
        case '++':
        case '--':
          this.take();
          e = { k: 'postfix', pos: e.pos, op: t.name, operand: e };
          break;
        default:
          return e;
      }
    }
  }

  private argumentList(close: string): Expr[] {
    const args = [this.assignment()];
    while (this.isOp(this.peek(), ',')) {
      this.take();
      args.push(this.assignment());
    }
    if (!this.isOp(this.peek(), close)) this.fail(this.peek());
    return args;
  }

  // ---- declarations ---------------------------------------------------------------

  private pushScope(): DeclScope {
    const s: DeclScope = { named: false };
    this.scopes.push(s);
    return s;
  }

  private popScope(): void {
    this.scopes.pop();
  }

  /** Isolates what follows (array dimensions, parameters, initialisers) from the declaration around it. */
  private withoutDecl<T>(f: () => T): T {
    this.scopes.push(undefined);
    try {
      return f();
    } finally {
      this.scopes.pop();
    }
  }

  /**
   * declaration_specifiers / specifier_qualifier_list. `storage` allows storage classes
   * (and `self`/`this` when `dStorage`).
   */
  private declSpecs(storage: boolean, dStorage: boolean): DeclSpecs {
    const scope = this.scopes[this.scopes.length - 1]!;
    const pos = this.peek().pos;
    const st: StorageClass[] = [];
    const quals: Qualifier[] = [];
    const types: TypeSpec[] = [];
    let userland = false;
    let words: { pos: Pos; words: string[] } | undefined;
    const flush = (): void => {
      if (words !== undefined) types.push({ k: 'words', pos: words.pos, words: words.words });
      words = undefined;
    };
    for (;;) {
      const t = this.peek();
      if (t.kind === 'tname') {
        if (scope.named) break;
        this.take();
        flush();
        scope.named = true;
        if (TYPE_WORDS.has(t.name)) types.push({ k: 'words', pos: t.pos, words: [t.name] });
        else types.push({ k: 'tname', pos: t.pos, name: t.name });
        continue;
      }
      if (t.kind !== 'kw') break;
      const w = t.name;
      if (TYPE_WORDS.has(w)) {
        this.take();
        if (NAMING_WORDS.has(w)) scope.named = true;
        if (words === undefined) words = { pos: t.pos, words: [] };
        words.words.push(w);
        continue;
      }
      if (QUALIFIERS.has(w)) {
        this.take();
        flush();
        quals.push(w as Qualifier);
        continue;
      }
      if (w === 'userland') {
        this.take();
        userland = true;
        continue;
      }
      if (storage && (STORAGE.has(w) || (dStorage && (w === 'self' || w === 'this')))) {
        this.take();
        flush();
        st.push(w as StorageClass);
        continue;
      }
      if (w === 'string') {
        this.take();
        flush();
        scope.named = true;
        types.push({ k: 'string', pos: t.pos });
        continue;
      }
      if (w === 'struct' || w === 'union') {
        flush();
        types.push(this.structSpec());
        scope.named = true;
        continue;
      }
      if (w === 'enum') {
        flush();
        types.push(this.enumSpec());
        scope.named = true;
        continue;
      }
      break;
    }
    flush();
    return { pos, storage: st, quals, types, userland };
  }

  private tag(): string | undefined {
    const t = this.peek();
    if (t.kind === 'ident' || t.kind === 'tname') {
      this.take();
      return t.name;
    }
    return undefined;
  }

  private structSpec(): TypeSpec {
    const kw = this.take();
    const k = kw.name as 'struct' | 'union';
    const tag = this.tag();
    if (!this.isOp(this.peek(), '{')) {
      if (tag === undefined) this.fail(this.peek());
      return { k, pos: kw.pos, tag };
    }
    this.take();
    const members: MemberDecl[] = this.withoutDecl(() => {
      const list: MemberDecl[] = [];
      do list.push(this.memberDecl());
      while (!this.isOp(this.peek(), '}'));
      return list;
    });
    this.expectOp('}');
    return tag === undefined ? { k, pos: kw.pos, members } : { k, pos: kw.pos, tag, members };
  }

  private memberDecl(): MemberDecl {
    this.pushScope();
    try {
      const t = this.peek();
      if (!this.isTypeStart(t)) this.fail(t);
      const specs = this.declSpecs(false, false);
      const declarators: { decl?: Declarator; bits?: Expr }[] = [];
      for (;;) {
        const d: Writable<{ decl?: Declarator; bits?: Expr }> = {};
        if (!this.isOp(this.peek(), ':')) d.decl = this.declarator('concrete');
        if (this.isOp(this.peek(), ':')) {
          this.take();
          d.bits = this.withoutDecl(() => this.conditional());
        }
        declarators.push(d);
        if (!this.isOp(this.peek(), ',')) break;
        this.take();
      }
      this.expectOp(';');
      return { pos: t.pos, specs, declarators };
    } finally {
      this.popScope();
    }
  }

  private enumSpec(): TypeSpec {
    const kw = this.take();
    const tag = this.tag();
    if (!this.isOp(this.peek(), '{')) {
      if (tag === undefined) this.fail(this.peek());
      return { k: 'enum', pos: kw.pos, tag };
    }
    this.take();
    const enumerators: Enumerator[] = this.withoutDecl(() => {
      const list: Enumerator[] = [];
      for (;;) {
        const t = this.peek();
        if (t.kind !== 'ident') this.fail(t);
        this.take();
        let value: Expr | undefined;
        if (this.isOp(this.peek(), '=')) {
          this.take();
          value = this.assignment();
        }
        this.globals.add(t.name);
        list.push(value === undefined ? { pos: t.pos, name: t.name } : { pos: t.pos, name: t.name, value });
        if (!this.isOp(this.peek(), ',')) break;
        this.take();
        if (this.isOp(this.peek(), '}')) break;
      }
      return list;
    });
    this.expectOp('}');
    return tag === undefined ? { k: 'enum', pos: kw.pos, enumerators } : { k: 'enum', pos: kw.pos, tag, enumerators };
  }

  /**
   * A declarator. Built outside-in by type: `int *a[4]` is array(ptr(name a)), the
   * outermost node being the declared object's own type constructor.
   * 'concrete' requires a name, 'abstract' forbids one, 'either' allows both (parameters).
   */
  private declarator(mode: 'concrete' | 'abstract' | 'either'): Declarator {
    const parts = this.declaratorParts(mode);
    let d: Declarator = parts.name;
    for (let k = parts.ops.length - 1; k >= 0; k--) d = parts.ops[k]!(d);
    return d;
  }

  private declaratorParts(mode: 'concrete' | 'abstract' | 'either'): {
    name: Declarator;
    ops: ((inner: Declarator) => Declarator)[];
  } {
    this.enter();
    const prefix: ((inner: Declarator) => Declarator)[] = [];
    while (this.isOp(this.peek(), '*')) {
      const star = this.take();
      const quals: Qualifier[] = [];
      for (let q = this.peek(); q.kind === 'kw' && QUALIFIERS.has(q.name); q = this.peek()) {
        this.take();
        quals.push(q.name as Qualifier);
      }
      prefix.push((inner) => ({ k: 'ptr', pos: star.pos, quals, inner }));
    }
    let name: Declarator | undefined;
    let ops: ((inner: Declarator) => Declarator)[] = [];
    const t = this.peek();
    if (this.isOp(t, '(')) {
      this.take();
      const next = this.peek();
      const grouping = mode === 'concrete' || this.isOp(next, '*') || this.isOp(next, '(') || this.isOp(next, '[') ||
        (mode === 'either' && next.kind === 'ident');
      if (grouping) {
        const inner = this.declaratorParts(mode);
        this.expectOp(')');
        name = inner.name;
        ops = inner.ops;
      } else {
        name = { k: 'name', pos: t.pos };
        ops.push(this.funcSuffix(t.pos));
      }
    } else if (t.kind === 'ident' && mode !== 'abstract') {
      this.take();
      name = { k: 'name', pos: t.pos, name: t.name };
    } else if (mode === 'concrete') {
      this.fail(t);
    } else {
      name = { k: 'name', pos: t.pos };
    }
    for (;;) {
      const s = this.peek();
      if (this.isOp(s, '[')) {
        this.take();
        const op = this.arraySuffix(s.pos);
        ops.push(op);
      } else if (this.isOp(s, '(')) {
        this.take();
        ops.push(this.funcSuffix(s.pos));
      } else {
        break;
      }
    }
    for (let k = prefix.length - 1; k >= 0; k--) ops.push(prefix[k]!);
    this.depth--;
    return { name: name!, ops };
  }

  /** Parameters after a consumed `(`, and the `)`. */
  private funcSuffix(pos: Pos): (inner: Declarator) => Declarator {
    const { params, varargs } = this.withoutDecl(() => this.paramList(')'));
    this.expectOp(')');
    return (inner) => ({ k: 'func', pos, inner, params, varargs });
  }

  private arraySuffix(pos: Pos): (inner: Declarator) => Declarator {
    return this.withoutDecl(() => {
      const t = this.peek();
      if (this.isOp(t, ']')) {
        this.take();
        return (inner: Declarator): Declarator => ({ k: 'array', pos, inner });
      }
      if (this.isTypeStart(t) || this.isOp(t, '...') || (t.kind === 'kw' && STORAGE.has(t.name))) {
        const { params } = this.paramList(']');
        this.expectOp(']');
        return (inner: Declarator): Declarator => ({ k: 'array', pos, inner, tuple: params });
      }
      const dim = this.conditional();
      this.expectOp(']');
      return (inner: Declarator): Declarator => ({ k: 'array', pos, inner, dim });
    });
  }

  /** parameter_type_list (possibly empty), up to the closing token. */
  private paramList(close: string): { params: ParamDecl[]; varargs: boolean } {
    const params: ParamDecl[] = [];
    if (this.isOp(this.peek(), close)) return { params, varargs: false };
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '...')) {
        this.take();
        return { params, varargs: true };
      }
      params.push(this.param());
      if (!this.isOp(this.peek(), ',')) return { params, varargs: false };
      this.take();
    }
  }

  private param(): ParamDecl {
    this.pushScope();
    try {
      const t = this.peek();
      if (!this.isTypeStart(t) && !(t.kind === 'kw' && STORAGE.has(t.name))) this.fail(t);
      const specs = this.declSpecs(true, false);
      const n = this.peek();
      if (this.isOp(n, ',') || this.isOp(n, ')') || this.isOp(n, ']')) return { pos: t.pos, specs };
      return { pos: t.pos, specs, decl: this.declarator('either') };
    } finally {
      this.popScope();
    }
  }

  typeName(): TypeName {
    this.pushScope();
    try {
      const pos = this.peek().pos;
      const specs = this.declSpecs(false, false);
      const n = this.peek();
      if (this.isOp(n, '*') || this.isOp(n, '(') || this.isOp(n, '[')) {
        return { pos, specs, decl: this.declarator('abstract') };
      }
      return { pos, specs };
    } finally {
      this.popScope();
    }
  }

  private declaration(): void {
    this.pushScope();
    try {
      const start = this.peek();
      const specs = this.declSpecs(true, true);
      if (specs.storage.length === 0 && specs.quals.length === 0 && specs.types.length === 0 && !specs.userland) {
        this.fail(this.peek());
      }
      const declarators: Declarator[] = [];
      if (!this.isOp(this.peek(), ';')) {
        for (;;) {
          const d = this.declarator('concrete');
          declarators.push(d);
          this.declare(specs, d);
          if (!this.isOp(this.peek(), ',')) break;
          this.take();
        }
      }
      this.expectOp(';');
      this.items.push({ k: 'decl', pos: start.pos, specs, declarators });
    } finally {
      this.popScope();
    }
  }

  /** Record what a declarator introduces, for later IDENT/TNAME decisions. */
  private declare(specs: DeclSpecs, d: Declarator): void {
    const name = declaratorName(d);
    if (name === undefined) return;
    if (specs.storage.includes('typedef')) this.typedefs.add(name);
    else if (!specs.storage.includes('self') && !specs.storage.includes('this')) this.globals.add(name);
  }

  private inline(): void {
    const kw = this.take();
    this.pushScope();
    try {
      const specs = this.declSpecs(true, true);
      const decl = this.declarator('concrete');
      this.expectOp('=');
      const value = this.withoutDecl(() => this.assignment());
      this.expectOp(';');
      const name = declaratorName(decl);
      if (name !== undefined) this.globals.add(name);
      this.items.push({ k: 'inline', pos: kw.pos, specs, decl, value });
    } finally {
      this.popScope();
    }
  }

  private translator(): void {
    const kw = this.take();
    const out = this.typeName();
    this.expectOp('<');
    const input = this.typeName();
    const nameTok = this.peek();
    if (nameTok.kind !== 'ident') this.fail(nameTok);
    this.take();
    this.expectOp('>');
    this.expectOp('{');
    const members: { pos: Pos; name: string; value: Expr }[] = [];
    while (!this.isOp(this.peek(), '}')) {
      const m = this.peek();
      if (m.kind !== 'ident' && m.kind !== 'tname') this.fail(m);
      this.take();
      this.expectOp('=');
      const value = this.assignment();
      this.expectOp(';');
      members.push({ pos: m.pos, name: m.name, value });
    }
    this.expectOp('}');
    this.expectOp(';');
    this.items.push({ k: 'translator', pos: kw.pos, out, input, inputName: nameTok.name, members });
  }

  private provider(): void {
    const kw = this.take();
    const nameTok = this.peek();
    if (nameTok.kind !== 'ident') this.fail(nameTok);
    this.take();
    this.expectOp('{');
    const probes: { pos: Pos; name: string; params: readonly ParamDecl[]; xparams?: readonly ParamDecl[] }[] = [];
    while (!this.isOp(this.peek(), '}')) {
      const p = this.peek();
      if (!this.isKw(p, 'probe')) this.fail(p);
      this.take();
      const n = this.peek();
      if (n.kind !== 'ident') this.fail(n);
      this.take();
      const params = this.probeParams();
      if (this.isOp(this.peek(), ':')) {
        this.take();
        const xparams = this.probeParams();
        probes.push({ pos: p.pos, name: n.name, params, xparams });
      } else {
        probes.push({ pos: p.pos, name: n.name, params });
      }
      this.expectOp(';');
    }
    this.expectOp('}');
    this.expectOp(';');
    this.items.push({ k: 'provider', pos: kw.pos, name: nameTok.name, probes });
  }

  private probeParams(): ParamDecl[] {
    this.expectOp('(');
    const { params } = this.withoutDecl(() => this.paramList(')'));
    this.expectOp(')');
    return params;
  }
}

function isLeaf(e: Expr): boolean {
  return e.k === 'ident' || e.k === 'int' || e.k === 'str' || e.k === 'agg';
}

/** The name a declarator declares, if any. */
export function declaratorName(d: Declarator): string | undefined {
  let x: Declarator = d;
  while (x.k !== 'name') x = x.inner;
  return x.name;
}

/** Parse a D program (a script, or a -n/-P/-m/-f/-i argument). Throws DCompileError. */
export function parseProgram(text: string, opts: ParseOptions): ParseResult {
  return new Parser(text, opts).parse();
}
