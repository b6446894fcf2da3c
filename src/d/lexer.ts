// The D lexer, as illumos dt_lex.l behaves: two main modes the parser switches between
// (OUTER for probe descriptions and the first word of a declaration, EXPR for predicates,
// bodies and declarations), comments, `#` control lines, macro variables ($1, $$1, $pid),
// C integer constants with their C type, character constants and strings, the slash
// rule that tells a predicate's closing `/` from division, and the IDENT/TNAME decision.
// Tokens are produced on demand so the parser can switch modes between them. Pure.
import type { IntConstType, Pos } from './ast';
import { DCompileError } from './errors';

export type LexMode = 'outer' | 'expr';

export type TokKind =
  | 'ident'
  | 'tname'
  | 'int'
  | 'str'
  | 'agg'
  | 'pspec'
  /** A keyword; `text` is the word. */
  | 'kw'
  /** Punctuation; `text` is the operator (`/` is division or the predicate opener). */
  | 'op'
  /** The `/` that closes a predicate. */
  | 'epred'
  | 'eof';

export interface Token {
  readonly kind: TokKind;
  /** The source text as lex saw it (yytext), used in `near "..."`; '' at end of input. */
  readonly text: string;
  readonly pos: Pos;
  /** Identifier, type, aggregation or description name; string value; keyword/operator. */
  readonly name: string;
  readonly value?: bigint;
  readonly ctype?: IntConstType;
  /** A `+` or `-` that came with a macro argument's integer text (`$1` = `-5`). */
  readonly prefix?: '+' | '-';
}

/** A `#pragma` line the compiler acts on, reported when the lexer reaches its newline. */
export type ControlItem =
  | { readonly k: 'option'; readonly pos: Pos; readonly name: string; readonly value?: string }
  | { readonly k: 'pragma'; readonly pos: Pos; readonly words: readonly string[] };

export interface LexerHost {
  /** $1..$N are argv[1..]; argv[0] is $0. */
  readonly argv: readonly string[];
  readonly macroVars: (name: string) => number | undefined;
  readonly defaultargs: boolean;
  /** PSPEC mode: an OUTER word is always a probe description, never a type name. */
  readonly pspec: boolean;
  isTypeName(name: string): boolean;
  isGlobal(name: string): boolean;
  /** A type specifier has been consumed in the declaration being parsed. */
  declHasType(): boolean;
  onControl(item: ControlItem): void;
}

const GRAMMAR_KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'counter', 'default', 'do', 'double',
  'else', 'enum', 'extern', 'float', 'for', 'goto', 'if', 'import', 'inline', 'int', 'long',
  'offsetof', 'probe', 'provider', 'register', 'restrict', 'return', 'self', 'short', 'signed',
  'sizeof', 'static', 'string', 'stringof', 'struct', 'switch', 'this', 'translator', 'typedef',
  'union', 'unsigned', 'userland', 'void', 'volatile', 'while', 'xlate',
]);

const OUTER_KEYWORDS = new Set([
  'auto', 'char', 'const', 'counter', 'double', 'enum', 'extern', 'float', 'import', 'inline',
  'int', 'long', 'provider', 'register', 'restrict', 'self', 'short', 'signed', 'static',
  'string', 'struct', 'this', 'translator', 'typedef', 'union', 'unsigned', 'void', 'volatile',
]);

/** Operators longest first within each leading character. */
const OPERATORS = [
  '...', '<<=', '>>=',
  '->', '++', '--', '&&', '||', '^^', '<<', '>>', '<=', '>=', '==', '!=',
  '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=',
  '(', ')', '[', ']', '{', '}', ';', ',', '.', '?', ':', '+', '-', '*', '/', '%', '~', '!',
  '&', '|', '^', '<', '>', '=',
];
const OPS_BY_CHAR = new Map<number, string[]>();
for (const op of OPERATORS) {
  const c = op.charCodeAt(0);
  const list = OPS_BY_CHAR.get(c) ?? [];
  list.push(op);
  OPS_BY_CHAR.set(c, list);
}

const UINT64_MAX = (1n << 64n) - 1n;

const INT_TYPES: readonly { readonly ctype: IntConstType; readonly limit: bigint }[] = [
  { ctype: 'int', limit: (1n << 31n) - 1n },
  { ctype: 'unsigned int', limit: (1n << 32n) - 1n },
  { ctype: 'long', limit: (1n << 63n) - 1n },
  { ctype: 'unsigned long', limit: UINT64_MAX },
  { ctype: 'long long', limit: (1n << 63n) - 1n },
  { ctype: 'unsigned long long', limit: UINT64_MAX },
];
const SUFFIX_START: Readonly<Record<string, number>> = { '': 0, u: 1, l: 2, ul: 3, ll: 4, ull: 5 };

/**
 * C's type for an integer constant (d-language §1.4): the suffix picks the first
 * candidate; decimal constants and a lowercase `u` skip the other signedness.
 * undefined when no candidate holds the value (or the suffix is not one C knows).
 */
export function intConstType(value: bigint, suffix: string, decimal: boolean): IntConstType | undefined {
  const start = SUFFIX_START[suffix.toLowerCase()];
  if (start === undefined) return undefined;
  const step = decimal || suffix.includes('u') ? 2 : 1;
  for (let i = start; i < INT_TYPES.length; i += step) {
    const t = INT_TYPES[i]!;
    if (value <= t.limit) return t.ctype;
  }
  return undefined;
}

/** C strtoull(s, &end, 0) on the digits of an integer token: value, end index, overflow. */
export function strtoull(s: string, from = 0): { value: bigint; end: number; overflow: boolean } {
  let i = from;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isHex(s.charCodeAt(i + 2))) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') {
    base = 8;
  }
  const digitsStart = i;
  let value = 0n;
  let overflow = false;
  const b = BigInt(base);
  for (; i < s.length; i++) {
    const d = digitValue(s.charCodeAt(i));
    if (d < 0 || d >= base) break;
    value = value * b + BigInt(d);
    if (value > UINT64_MAX) overflow = true;
  }
  if (i === digitsStart) return { value: 0n, end: from, overflow: false };
  if (overflow) value = UINT64_MAX;
  else if (neg) value = BigInt.asUintN(64, -value);
  return { value, end: i, overflow };
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return digitValue(c) >= 0;
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isIdentStart(c: number): boolean {
  return isAlpha(c) || c === 95 || c === 96;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
/** RGX_PSPEC's first character: ``[-$:A-Za-z_.?*\\[\]!]``. */
function isPspecStart(c: number): boolean {
  return isAlpha(c) || c === 45 || c === 36 || c === 58 || c === 95 || c === 46 || c === 63 ||
    c === 42 || c === 92 || c === 91 || c === 93 || c === 33;
}
function isPspecChar(c: number): boolean {
  return isPspecStart(c) || isDigit(c) || c === 96;
}
/** RGX_WS and the blanks id_or_type and the slash rule skip. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}
/** The blanks allowed before `#` on a control line: `[\f\t\v ]`. */
function isCtlBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12;
}

/**
 * C escapes as stresc2chr applies them (d-language §1.5), giving bytes: `\a \b \f \n \r
 * \t \v \\ \"`, 1-3 octal digits, `\x` with any number of hex digits (truncated to 8
 * bits); any other escape stays as its two characters. Characters above 0x7f are their
 * UTF-8 bytes.
 */
export function unescapeBytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c !== 92 || i + 1 >= s.length) {
      pushChar(out, s, i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
      continue;
    }
    const e = s[i + 1]!;
    i += 2;
    switch (e) {
      case 'a': out.push(7); break;
      case 'b': out.push(8); break;
      case 'f': out.push(12); break;
      case 'n': out.push(10); break;
      case 'r': out.push(13); break;
      case 't': out.push(9); break;
      case 'v': out.push(11); break;
      case '\\': out.push(92); break;
      case '"': out.push(34); break;
      case 'x': {
        let v = 0;
        while (i < s.length && isHex(s.charCodeAt(i))) v = (v * 16 + digitValue(s.charCodeAt(i++))) & 0xff;
        out.push(v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          let v = e.charCodeAt(0) - 48;
          for (let n = 1; n < 3 && i < s.length && s[i]! >= '0' && s[i]! <= '7'; n++) v = v * 8 + s.charCodeAt(i++) - 48;
          out.push(v & 0xff);
        } else {
          out.push(92);
          pushChar(out, s, i - 1);
          if (e.charCodeAt(0) >= 0xd800 && e.charCodeAt(0) <= 0xdbff) i++;
        }
    }
  }
  return out;
}

function pushChar(out: number[], s: string, i: number): void {
  const cp = s.codePointAt(i)!;
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/**
 * A D string value from the text between the quotes: escapes applied; as a C string it
 * ends at the first NUL byte. Bytes that were written as characters above 0x7f come back
 * as those characters; escaped bytes become the code units 0-255.
 */
export function unescapeString(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes = unescapeBytes(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) break;
    if (b >= 0xc0 && b < 0xf8) {
      const n = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
      let ok = i + n < bytes.length;
      for (let k = 1; ok && k <= n; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
      if (ok) {
        let cp = b & (0x3f >> n);
        for (let k = 1; k <= n; k++) cp = (cp << 6) | (bytes[i + k]! & 63);
        out += String.fromCodePoint(cp);
        i += n;
        continue;
      }
    }
    out += String.fromCharCode(b);
  }
  return out;
}

/** strbadidnum: true unless `s` is a whole C integer or made of identifier characters. */
function badIdNum(s: string): boolean {
  if (s === '') return true;
  const r = strtoull(s);
  if (!r.overflow && r.end === s.length && r.end > 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isAlpha(c) || isDigit(c) || c === 95 || c === 96)) return true;
  }
  return false;
}

const STABILITY = ['internal', 'private', 'obsolete', 'external', 'unstable', 'evolving', 'stable', 'standard'];
const CLASSES = ['unknown', 'cpu', 'platform', 'group', 'isa', 'common'];

/** dtrace_str2attr: `Name[/Data[/Class]]`, case-insensitive; an empty string is allowed. */
export function validAttributes(s: string): boolean {
  if (s === '') return true;
  const parts = s.split('/');
  if (parts.length > 3) return false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!.toLowerCase();
    if (p === '' && i === parts.length - 1) return true;
    if (!(i < 2 ? STABILITY : CLASSES).includes(p)) return false;
  }
  return true;
}

/** dt_version_str2num: up to three dot-separated decimal parts within 255.4095.4095. */
export function validVersion(s: string): boolean {
  const n = [0, 0, 0];
  let i = 0;
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') n[i] = n[i]! * 10 + (ch.charCodeAt(0) - 48);
    else if (ch !== '.' || i++ >= 2) return false;
  }
  return n[0]! <= 0xff && n[1]! <= 0xfff && n[2]! <= 0xfff;
}

interface CtlTok {
  readonly kind: 'int' | 'str' | 'word';
  readonly text: string;
  readonly value?: bigint;
}

export class Lexer {
  mode: LexMode = 'outer';
  /** yylineno: the line the lexer is on, as `#line` may have reset it. */
  line = 1;
  /** Offset where the current physical line starts (for columns). */
  private lineStart = 0;
  private i = 0;
  private parens = 0;
  private brackets = 0;
  private braces = 0;
  /** Words already decided to be identifiers by lookahead (pcb_idents). */
  private readonly idents = new Set<string>();
  /** $N arguments referenced, N from 0. */
  readonly referenced = new Set<number>();
  /** The `#line` file tag in force, if any. */
  file: string | undefined;
  /** Where `#line` changed the file tag: offset and new tag, in order. */
  readonly fileTags: { readonly offset: number; readonly file: string | undefined }[] = [];
  private readonly n: number;

  constructor(
    private readonly src: string,
    private readonly host: LexerHost,
  ) {
    this.n = src.length;
  }

  /** Position of the lexer cursor (what `line N:` refers to at this moment). */
  here(): Pos {
    return { line: this.line, col: this.i - this.lineStart + 1, offset: this.i };
  }

  /** A position for `offset`, which must be on the line the lexer is on or earlier on it. */
  posAt(offset: number): Pos {
    return { line: this.line, col: offset - this.lineStart + 1, offset };
  }

  /** The error a token provokes in yacc: `syntax error near "X"` at the current line. */
  syntaxError(t: Token): DCompileError {
    const near = t.kind === 'eof' ? ' near end of input' : ` near "${t.text.split('\n')[0]}"`;
    const pos = t.pos.line === this.line ? t.pos : this.here();
    return new DCompileError('D_SYNTAX', `syntax error${near}`, pos, undefined, this.file);
  }

  /** An error at the lexer's current line (yylineno), pointing at `offset`. */
  error(tag: string, detail: string, offset: number = this.i): DCompileError {
    const pos = offset >= this.lineStart ? this.posAt(offset) : this.here();
    return new DCompileError(tag, detail, pos, undefined, this.file);
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  private tok(kind: TokKind, start: number, startLine: number, startCol: number, name: string, value?: bigint, ctype?: IntConstType): Token {
    const pos = { line: startLine, col: startCol, offset: start };
    const text = this.src.slice(start, this.i);
    return value === undefined ? { kind, text, pos, name } : { kind, text, pos, name, value, ctype };
  }

  next(): Token {
    const src = this.src;
    for (;;) {
      if (this.i >= this.n) {
        return { kind: 'eof', text: '', pos: this.here(), name: '' };
      }
      const c = src.charCodeAt(this.i);
      if (isBlank(c)) {
        if (c === 10) this.newline(this.i);
        this.i++;
        continue;
      }
      if (c === 92 && this.mode === 'expr' && src.charCodeAt(this.i + 1) === 10) {
        this.i += 2;
        this.newline(this.i - 1);
        continue;
      }
      if (c === 47 && src.charCodeAt(this.i + 1) === 42) {
        this.comment();
        continue;
      }
      if (c === 35 && this.atLineStart(this.i)) {
        if (src.charCodeAt(this.i + 1) === 33) {
          while (this.i < this.n && src.charCodeAt(this.i) !== 10) this.i++;
        } else {
          this.controlLine();
        }
        continue;
      }
      break;
    }
    return this.mode === 'outer' ? this.outerToken() : this.exprToken();
  }

  private atLineStart(at: number): boolean {
    let j = at - 1;
    while (j >= 0 && isCtlBlank(this.src.charCodeAt(j))) j--;
    return j < 0 || this.src.charCodeAt(j) === 10;
  }

  private comment(): void {
    const src = this.src;
    this.i += 2;
    for (;;) {
      if (this.i >= this.n) throw this.error('D_SYNTAX', 'end-of-file encountered before matching */');
      const c = src.charCodeAt(this.i);
      if (c === 42 && src.charCodeAt(this.i + 1) === 47) {
        this.i += 2;
        return;
      }
      if (c === 47 && src.charCodeAt(this.i + 1) === 42) {
        throw this.error('D_SYNTAX', '/* encountered inside a comment');
      }
      if (c === 10) this.newline(this.i);
      this.i++;
    }
  }

  // ---- OUTER --------------------------------------------------------------------

  private outerToken(): Token {
    const src = this.src;
    const start = this.i;
    const line = this.line;
    const col = start - this.lineStart + 1;
    const c = src.charCodeAt(start);
    if (isDigit(c)) {
      const r = this.scanInt();
      return this.tok('int', start, line, col, r.text, r.value);
    }
    if (isPspecStart(c)) {
      let j = start + 1;
      while (j < this.n && isPspecChar(src.charCodeAt(j))) j++;
      const word = src.slice(start, j);
      this.i = j;
      if (OUTER_KEYWORDS.has(word)) {
        this.mode = 'expr';
        return this.tok('kw', start, line, col, word);
      }
      if (!this.host.pspec && !word.includes(':')) {
        const star = word.indexOf('*');
        const typeName = star > 0 ? word.slice(0, star) : word;
        if (this.host.isTypeName(typeName)) {
          this.i = start + typeName.length;
          this.mode = 'expr';
          return this.tok('tname', start, line, col, typeName);
        }
      }
      return this.tok('pspec', start, line, col, word);
    }
    this.i++;
    if (c === 47) return this.tok('op', start, line, col, '/');
    if (c === 44) return this.tok('op', start, line, col, ',');
    if (c === 123) {
      this.braces++;
      return this.tok('op', start, line, col, '{');
    }
    throw this.error('D_SYNTAX', `syntax error near "${String.fromCodePoint(src.codePointAt(start)!)}"`, start);
  }

  // ---- EXPR ---------------------------------------------------------------------

  private exprToken(): Token {
    const src = this.src;
    const start = this.i;
    const line = this.line;
    const col = start - this.lineStart + 1;
    const c = src.charCodeAt(start);

    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(start + 1)))) {
      const fpEnd = this.fpEnd(start);
      const intEnd = isDigit(c) ? this.intEnd(start) : start;
      if (fpEnd > intEnd) {
        this.i = fpEnd;
        throw this.error('D_SYNTAX', 'floating-point constants are not permitted', start);
      }
      const r = this.scanInt();
      const ctype = intConstType(r.value, r.suffix, r.text[0] !== '0');
      if (ctype === undefined) {
        throw this.error('D_INT_OFLOW', `integer constant 0x${r.value.toString(16)} cannot be represented in any built-in integral type`, start);
      }
      return this.tok('int', start, line, col, r.text, r.value, ctype);
    }
    if (isIdentStart(c)) {
      const end = this.identEnd(start);
      this.i = end;
      const word = src.slice(start, end);
      const pos: Pos = { line, col, offset: start };
      if (GRAMMAR_KEYWORDS.has(word)) return { kind: 'kw', text: word, pos, name: word };
      return { kind: this.idOrType(word), text: word, pos, name: word };
    }
    switch (c) {
      case 64: {
        let j = start + 1;
        if (isAlpha(src.charCodeAt(j)) || src.charCodeAt(j) === 95) {
          while (j < this.n && (isAlpha(src.charCodeAt(j)) || isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 95)) j++;
        }
        this.i = j;
        return this.tok('agg', start, line, col, j === start + 1 ? '@_' : src.slice(start, j));
      }
      case 36:
        return this.macro(start, line, col);
      case 39:
        return this.charConst(start, line, col);
      case 34: {
        const body = this.quoted(start, 34);
        if (body === undefined) throw this.error('D_SYNTAX', 'syntax error near """', start);
        if (body === '\n') throw this.error('D_STR_NL', 'newline encountered in string literal', start);
        return this.tok('str', start, line, col, unescapeString(src.slice(start + 1, this.i - 1)));
      }
      case 47:
        if (src.charCodeAt(start + 1) !== 61) return this.slash(start, line, col);
        break;
      default:
        break;
    }
    const ops = OPS_BY_CHAR.get(c);
    if (ops !== undefined) {
      for (const op of ops) {
        if (src.startsWith(op, start)) {
          this.i = start + op.length;
          this.countBrackets(op, start);
          return this.tok('op', start, line, col, op);
        }
      }
    }
    this.i = start + 1;
    throw this.error('D_SYNTAX', `syntax error near "${String.fromCodePoint(src.codePointAt(start)!)}"`, start);
  }

  private countBrackets(op: string, start: number): void {
    switch (op) {
      case '(': this.parens++; break;
      case '[': this.brackets++; break;
      case '{': this.braces++; break;
      case ')':
        if (--this.parens < 0) throw this.error('D_SYNTAX', 'extra ) in input stream', start);
        break;
      case ']':
        if (--this.brackets < 0) throw this.error('D_SYNTAX', 'extra ] in input stream', start);
        break;
      case '}':
        if (--this.braces < 0) throw this.error('D_SYNTAX', 'extra } in input stream', start);
        break;
      default:
        break;
    }
  }

  /** The slash rule (d-language §1.6): `/` before EOF, `;`, `{` or `/` closes a predicate. */
  private slash(start: number, line: number, col: number): Token {
    const src = this.src;
    this.i = start + 1;
    while (this.i < this.n && isBlank(src.charCodeAt(this.i))) {
      if (src.charCodeAt(this.i) === 10) this.newline(this.i);
      this.i++;
    }
    const c = this.i < this.n ? src.charCodeAt(this.i) : -1;
    const tok: Token = { kind: 'op', text: '/', pos: { line, col, offset: start }, name: '/' };
    if (c === -1 || c === 59 || c === 123 || c === 47) {
      if (this.parens !== 0) throw this.error('D_SYNTAX', 'closing ) expected in predicate before /');
      if (this.brackets !== 0) throw this.error('D_SYNTAX', 'closing ] expected in predicate before /');
      return { ...tok, kind: 'epred' };
    }
    return tok;
  }

  /**
   * End of RGX_IDENT, or of RGX_MOD_IDENT{RGX_IDENT} (`` libc.so.1`malloc ``) when that
   * is longer: dots are allowed only where a backquote follows them.
   */
  private identEnd(start: number): number {
    const src = this.src;
    let j = start + 1;
    while (j < this.n && isIdentChar(src.charCodeAt(j))) j++;
    if (src.charCodeAt(j) !== 46) return j;
    let best = j;
    let lastDot = -1;
    let lastBq = -1;
    for (let k = start; k < this.n; k++) {
      const ch = src.charCodeAt(k);
      if (ch === 46) lastDot = k;
      else if (ch === 96) lastBq = k;
      else if (!isIdentChar(ch)) break;
      if (lastDot < lastBq) best = k + 1;
    }
    return best;
  }

  /** id_or_type: IDENT or TNAME for a word in EXPR (d-language §1.3). */
  private idOrType(word: string): 'ident' | 'tname' {
    const h = this.host;
    if (h.isGlobal(word) || this.idents.has(word) || !h.isTypeName(word)) return 'ident';
    if (h.declHasType()) return 'ident';
    const src = this.src;
    let j = this.i;
    while (j < this.n && isBlank(src.charCodeAt(j))) {
      if (src.charCodeAt(j) === 10) this.newline(j);
      j++;
    }
    this.i = j;
    const c0 = src.charCodeAt(j);
    const c1 = src.charCodeAt(j + 1);
    let ident = false;
    if (c0 === 43 || c0 === 45) ident = c1 === c0;
    else if (c0 === 61) ident = c1 !== 61;
    else if (c0 === 91) ident = true;
    if (ident) {
      this.idents.add(word);
      return 'ident';
    }
    return 'tname';
  }

  /** End of RGX_INT at `start`: digits (or 0x + hex digits) and `[uU]?[lL]?[lL]?`. */
  private intEnd(start: number): number {
    const src = this.src;
    let j = start;
    if (src.charCodeAt(j) === 48 && (src.charCodeAt(j + 1) | 32) === 120 && isHex(src.charCodeAt(j + 2))) {
      j += 2;
      while (j < this.n && isHex(src.charCodeAt(j))) j++;
    } else {
      while (j < this.n && isDigit(src.charCodeAt(j))) j++;
    }
    if ((src.charCodeAt(j) | 32) === 117) j++;
    if ((src.charCodeAt(j) | 32) === 108) j++;
    if ((src.charCodeAt(j) | 32) === 108) j++;
    return j;
  }

  /** End of RGX_FP at `start`, or `start` when it does not match. */
  private fpEnd(start: number): number {
    const src = this.src;
    let j = start;
    if (isDigit(src.charCodeAt(j))) {
      while (isDigit(src.charCodeAt(j))) j++;
      if (src.charCodeAt(j) === 46) j++;
      while (isDigit(src.charCodeAt(j))) j++;
    } else if (src.charCodeAt(j) === 46 && isDigit(src.charCodeAt(j + 1))) {
      j++;
      while (isDigit(src.charCodeAt(j))) j++;
    } else {
      return start;
    }
    if ((src.charCodeAt(j) | 32) === 101) {
      let k = j + 1;
      if (src.charCodeAt(k) === 43 || src.charCodeAt(k) === 45) k++;
      if (isDigit(src.charCodeAt(k))) {
        while (isDigit(src.charCodeAt(k))) k++;
        j = k;
      }
    }
    const s = src.charCodeAt(j) | 32;
    if (s === 102 || s === 108) j++;
    return j;
  }

  /** An RGX_INT token at the cursor with strtoull's checks (D_INT_OFLOW, D_INT_DIGIT). */
  private scanInt(): { text: string; value: bigint; suffix: string } {
    const start = this.i;
    const end = this.intEnd(start);
    this.i = end;
    const text = this.src.slice(start, end);
    const r = strtoull(text);
    if (r.overflow) throw this.error('D_INT_OFLOW', `constant ${text} results in integer overflow`, start);
    const rest = text.slice(r.end);
    if (rest !== '' && !'uUlL'.includes(rest[0]!)) {
      throw this.error('D_INT_DIGIT', `constant ${text} contains invalid digit ${rest[0]}`, start);
    }
    return { text, value: r.value, suffix: rest };
  }

  /**
   * Scans RGX_STR / RGX_CHR after an opening quote. Leaves the cursor after the closing
   * quote and returns the body, or returns '\n' when a raw newline comes first, or
   * undefined when neither a quote nor a newline ends it (lex then matches the bare quote).
   */
  private quoted(start: number, quote: number): string | undefined {
    const src = this.src;
    let j = start + 1;
    while (j < this.n) {
      const ch = src.charCodeAt(j);
      if (ch === 92) {
        if (j + 1 < this.n && src.charCodeAt(j + 1) !== 10) {
          j += 2;
          continue;
        }
        break;
      }
      if (ch === quote || ch === 10) break;
      j++;
    }
    if (j < this.n && src.charCodeAt(j) === quote) {
      this.i = j + 1;
      return src.slice(start + 1, j);
    }
    if (j < this.n && src.charCodeAt(j) === 10) {
      this.i = j;
      return '\n';
    }
    this.i = start + 1;
    return undefined;
  }

  private charConst(start: number, line: number, col: number): Token {
    const body = this.quoted(start, 39);
    if (body === undefined) throw this.error('D_SYNTAX', `syntax error near "'"`, start);
    if (body === '\n') throw this.error('D_CHR_NL', 'newline encountered in character constant', start);
    if (body === '') throw this.error('D_CHR_NULL', 'empty character constant', start);
    const bytes = unescapeBytes(body);
    if (bytes.length > 8) throw this.error('D_CHR_OFLOW', 'character constant is too long', start);
    let value = 0n;
    for (const b of bytes) value = (value << 8n) | BigInt(b);
    const ctype = intConstType(value, '', true);
    if (ctype === undefined) {
      throw this.error('D_INT_OFLOW', `integer constant 0x${value.toString(16)} cannot be represented in any built-in integral type`, start);
    }
    return this.tok('int', start, line, col, this.src.slice(start, this.i), value, ctype);
  }

  /** `$N`, `$$N`, `$name`, `$$name` (d-language §1.7). */
  private macro(start: number, line: number, col: number): Token {
    const src = this.src;
    const dd = src.charCodeAt(start + 1) === 36;
    let j = start + (dd ? 2 : 1);
    const c = src.charCodeAt(j);
    if (isDigit(c)) {
      while (isDigit(src.charCodeAt(j))) j++;
      this.i = j;
      const text = src.slice(start, j);
      const n = Number(src.slice(start + (dd ? 2 : 1), j));
      const argv = this.host.argv;
      if (n >= argv.length && !this.host.defaultargs) {
        throw this.error('D_MACRO_UNDEF', `macro argument ${text} is not defined`, start);
      }
      let v = dd ? '' : '0';
      if (n < argv.length) {
        v = argv[n]!;
        this.referenced.add(n);
      }
      if (dd) return this.tok('str', start, line, col, unescapeString(v));
      return this.macroValue(v, text, start, line, col);
    }
    if (isIdentStart(c)) {
      while (j < this.n && isIdentChar(src.charCodeAt(j))) j++;
      this.i = j;
      const text = src.slice(start, j);
      const name = src.slice(start + (dd ? 2 : 1), j);
      const id = this.host.macroVars(name);
      if (id === undefined) throw this.error('D_MACRO_UNDEF', `macro variable ${text} is not defined`, start);
      if (dd) return this.tok('str', start, line, col, String(id >>> 0));
      const value = BigInt.asUintN(64, BigInt(id | 0));
      const ctype = intConstType(value, '', true);
      if (ctype === undefined) {
        throw this.error('D_INT_OFLOW', `integer constant 0x${value.toString(16)} cannot be represented in any built-in integral type`, start);
      }
      return this.tok('int', start, line, col, text, value, ctype);
    }
    this.i = start + 1;
    throw this.error('D_SYNTAX', 'syntax error near "$"', start);
  }

  /** A `$N` argument's text re-lexed by shape: integer, identifier or string. */
  private macroValue(v: string, text: string, start: number, line: number, col: number): Token {
    if (badIdNum(v)) {
      const body = v.length !== 1 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
      return this.tok('str', start, line, col, unescapeString(body));
    }
    const c0 = v.charCodeAt(0);
    if (isDigit(c0) || c0 === 43 || c0 === 45) {
      const prefix = isDigit(c0) ? undefined : (v[0] as '+' | '-');
      const digits = prefix ? v.slice(1) : v;
      const r = strtoull(digits);
      if (r.overflow) {
        throw this.error('D_MACRO_OFLOW', `macro argument ${text} constant ${digits} results in integer overflow`, start);
      }
      const suffix = digits.slice(r.end);
      const ctype = intConstType(r.value, suffix, digits[0] !== '0');
      if (ctype === undefined) {
        throw this.error('D_INT_OFLOW', `integer constant 0x${r.value.toString(16)} cannot be represented in any built-in integral type`, start);
      }
      const t = this.tok('int', start, line, col, digits, r.value, ctype);
      return prefix === undefined ? t : { ...t, prefix };
    }
    const yytext = this.src.slice(start, this.i);
    return { kind: this.idOrType(v), text: yytext, pos: { line, col, offset: start }, name: v };
  }

  // ---- CONTROL ------------------------------------------------------------------

  /** A `#` control line, processed at its newline as dt_pragma does (d-language §1.8). */
  private controlLine(): void {
    const src = this.src;
    const ctlLine = this.line;
    const lineOffset = this.lineStart;
    const toks: CtlTok[] = [];
    this.i++;
    for (;;) {
      if (this.i >= this.n) throw this.error('D_SYNTAX', 'end-of-file encountered before end of control line');
      const c = src.charCodeAt(this.i);
      if (c === 10) break;
      if (isCtlBlank(c)) {
        this.i++;
        continue;
      }
      const start = this.i;
      if (c === 34) {
        const body = this.quoted(start, 34);
        if (body === '\n') throw this.error('D_STR_NL', 'newline encountered in string literal', start);
        if (body === undefined) {
          if (src.indexOf('\n', start) < 0) throw this.error('D_SYNTAX', 'end-of-file encountered before end of control line');
          throw this.error('D_SYNTAX', 'syntax error near """', start);
        }
        toks.push({ kind: 'str', text: unescapeString(body) });
        continue;
      }
      let j = start;
      while (j < this.n) {
        const ch = src.charCodeAt(j);
        if (ch === 10 || ch === 34 || isCtlBlank(ch)) break;
        j++;
      }
      if (isDigit(c) && this.intEnd(start) === j) {
        const r = this.scanInt();
        toks.push({ kind: 'int', text: r.text, value: r.value });
        continue;
      }
      this.i = j;
      toks.push({ kind: 'word', text: src.slice(start, j) });
    }
    this.i++;
    this.newline(this.i - 1);
    this.pragma(toks, ctlLine, lineOffset);
  }

  private ctlError(tag: string, detail: string, line: number, offset: number): DCompileError {
    return new DCompileError(tag, detail, { line, col: 1, offset }, undefined, this.file);
  }

  private pragma(toks: readonly CtlTok[], ctlLine: number, offset: number): void {
    const after = this.line;
    let kind: 0 | 1 | 2 = 0;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      if (t.kind === 'int') {
        this.lineDirective('line', toks.slice(k), after, offset);
        return;
      }
      if (t.kind !== 'word') throw this.ctlError('D_PRAGCTL_INVAL', 'invalid control directive', after, offset);
      if (kind === 0 && t.text === 'pragma') {
        kind = 1;
        continue;
      }
      if (kind === 1 && t.text === 'D') {
        kind = 2;
        continue;
      }
      const args = toks.slice(k + 1);
      const pos: Pos = { line: ctlLine, col: 1, offset };
      switch (t.text) {
        case 'error':
          this.pragmaError(args, ctlLine, offset);
          return;
        case 'ident':
          return;
        case 'line':
          this.lineDirective('line', args, ctlLine, offset);
          this.line++;
          return;
        default:
          break;
      }
      if (kind === 2) {
        switch (t.text) {
          case 'option':
            this.pragmaOption(args, pos);
            return;
          case 'attributes':
          case 'binding':
          case 'depends_on':
            this.pragmaMeta(t.text, args, pos);
            return;
          default:
            throw this.ctlError('D_PRAGMA_INVAL', `invalid D pragma: ${t.text}`, ctlLine, offset);
        }
      }
      if (kind === 0) throw this.ctlError('D_PRAGCTL_INVAL', `invalid control directive: #${t.text}`, ctlLine, offset);
      return;
    }
  }

  private pragmaError(args: readonly CtlTok[], line: number, offset: number): void {
    let s = '';
    for (const a of args) if (a.kind !== 'int') s += a.text + ' ';
    throw this.ctlError('D_PRAGERR', `#error: ${s}`, line, offset);
  }

  private lineDirective(name: string, args: readonly CtlTok[], errLine: number, offset: number): void {
    const [n, f, st] = args;
    if (n === undefined || n.kind !== 'int' || (f !== undefined && f.kind !== 'str') || (st !== undefined && st.kind !== 'int')) {
      throw this.ctlError('D_PRAGMA_MALFORM', `malformed #${name} <line> [ ["file"] state ]`, errLine, offset);
    }
    if (f !== undefined) {
      this.file = f.text.startsWith('/dev/fd/') ? undefined : f.text;
      this.fileTags.push({ offset: this.i, file: this.file });
    }
    this.line = Number(BigInt.asIntN(32, n.value!));
  }

  private pragmaOption(args: readonly CtlTok[], pos: Pos): void {
    const a = args[0];
    if (a === undefined || a.kind !== 'word') {
      throw this.ctlError('D_PRAGMA_MALFORM', 'malformed #pragma option <option>=<val>', pos.line, pos.offset);
    }
    if (args.length > 1) {
      throw this.ctlError('D_PRAGMA_MALFORM', 'superfluous arguments specified for #pragma option', pos.line, pos.offset);
    }
    const eq = a.text.indexOf('=');
    this.host.onControl(
      eq < 0
        ? { k: 'option', pos, name: a.text }
        : { k: 'option', pos, name: a.text.slice(0, eq), value: a.text.slice(eq + 1) },
    );
  }

  private pragmaMeta(name: string, args: readonly CtlTok[], pos: Pos): void {
    const [a, b] = args;
    const fail = (tag: string, detail: string): DCompileError => this.ctlError(tag, detail, pos.line, pos.offset);
    if (name === 'attributes') {
      if (a?.kind !== 'word' || b?.kind !== 'word') throw fail('D_PRAGMA_MALFORM', 'malformed #pragma attributes <attributes> <ident>');
      if (!validAttributes(a.text)) throw fail('D_PRAGMA_INVAL', 'invalid attributes specified by #pragma attributes');
    } else if (name === 'binding') {
      if (a?.kind !== 'str' || b?.kind !== 'word') throw fail('D_PRAGMA_MALFORM', 'malformed #pragma binding "version" <ident>');
      if (!validVersion(a.text)) throw fail('D_PRAGMA_INVAL', 'invalid version string specified by #pragma binding');
    } else {
      if (a?.kind !== 'word' || b?.kind !== 'word') throw fail('D_PRAGMA_MALFORM', 'malformed #pragma depends_on <class> <name>');
      if (a.text === 'library') throw fail('D_PRAGMA_DEPEND', 'main program may not explicitly depend on a library');
      if (a.text !== 'provider' && a.text !== 'module') {
        throw fail('D_PRAGMA_INVAL', `invalid class ${a.text} specified by #pragma depends_on`);
      }
    }
    this.host.onControl({ k: 'pragma', pos, words: [name, ...args.map((t) => t.text)] });
  }
}
