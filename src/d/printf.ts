// DTrace's printf(): format strings parsed once into conversions (dt_printf.c semantics),
// the compile-time checks of a format against its arguments (the D_PRINTF_* and format
// D_SYNTAX errors, with illumos's exact texts), and the run-time formatter used by
// printf(), system(), freopen() and printa(). Pure: used by the checker and the consumer.
//
// Differences from C that users rely on: the argument's type implies the size, so `%d`
// takes any integer and prints it at its own width (`%x` of (int)-1 is ffffffff); `%d` of
// an unsigned type prints unsigned; `?` means 16 columns; a precision of 0 is ignored.
import type { Pos } from './ast';
import { DCompileError } from './errors';
import type { DInt } from './host';
import { asS64, asU64, wrap } from './int64';
import type { ValueType } from './valuetype';
import { formatWalltimeRfc822, formatWalltimeY } from './walltime';

/** How a conversion's argument type is checked (the pfcheck_* family). */
export type ConvCheck =
  | 'xint' | 'dint' | 'csi' | 'fp' | 'addr' | 'kaddr' | 'uaddr' | 'stack' | 'time'
  | 'str' | 'wstr' | 'xshort' | 'xlong' | 'xlonglong' | 'type';

/** How a conversion prints its value (the pfprint_* family). */
export type ConvPrint =
  | 'sint' | 'uint' | 'dint' | 'fp' | 'addr' | 'uaddr' | 'stack' | 'time' | 'time822'
  | 'port' | 'inetaddr' | 'cstr' | 'estr' | 'echr' | 'wstr' | 'pct';

/** One entry of DTrace's conversion dictionary. */
export interface ConversionInfo {
  /** The name as written after the flags: `d`, `lld`, `hx`, `Y`, `%`. */
  readonly name: string;
  /** printf(3C)'s conversion it finally uses: `d`, `x`, `s`, ... */
  readonly ofmt: string;
  /** The prototype text of D_PRINTF_ARG_TYPE, e.g. `char, short, int, long, or long long`. */
  readonly proto: string;
  readonly check: ConvCheck;
  readonly print: ConvPrint;
}

const P_XINT = 'char, short, int, long, or long long';
const P_CSI = 'char, short, or int';
const P_FP = 'float, double, or long double';
const P_ADDR = 'pointer or integer';
const P_UADDR = 'pointer or integer (with -p/-c) or _usymaddr (without -p/-c)';
const P_CSTR = 'char [] or string (or use stringof)';
const P_WSTR = 'wchar_t []';

const conv = (name: string, ofmt: string, proto: string, check: ConvCheck, print: ConvPrint): ConversionInfo =>
  ({ name, ofmt, proto, check, print });

/** The conversion dictionary, keyed by name. */
export const CONVERSIONS: ReadonlyMap<string, ConversionInfo> = new Map(
  [
    conv('a', 's', P_ADDR, 'kaddr', 'addr'),
    conv('A', 's', P_UADDR, 'uaddr', 'uaddr'),
    conv('c', 'c', P_CSI, 'csi', 'sint'),
    conv('C', 's', P_CSI, 'csi', 'echr'),
    conv('d', 'd', P_XINT, 'dint', 'dint'),
    conv('e', 'e', P_FP, 'fp', 'fp'),
    conv('E', 'E', P_FP, 'fp', 'fp'),
    conv('f', 'f', P_FP, 'fp', 'fp'),
    conv('g', 'g', P_FP, 'fp', 'fp'),
    conv('G', 'G', P_FP, 'fp', 'fp'),
    conv('hd', 'd', 'short', 'type', 'sint'),
    conv('hi', 'i', 'short', 'type', 'sint'),
    conv('ho', 'o', 'unsigned short', 'type', 'uint'),
    conv('hu', 'u', 'unsigned short', 'type', 'uint'),
    conv('hx', 'x', 'short', 'xshort', 'uint'),
    conv('hX', 'X', 'short', 'xshort', 'uint'),
    conv('i', 'i', P_XINT, 'dint', 'dint'),
    conv('I', 's', P_CSTR, 'str', 'inetaddr'),
    conv('k', 's', 'stack', 'stack', 'stack'),
    conv('lc', 'lc', 'int', 'type', 'sint'),
    conv('ld', 'd', 'long', 'type', 'sint'),
    conv('li', 'i', 'long', 'type', 'sint'),
    conv('lo', 'o', 'unsigned long', 'type', 'uint'),
    conv('lu', 'u', 'unsigned long', 'type', 'uint'),
    conv('ls', 'ls', P_WSTR, 'wstr', 'wstr'),
    conv('lx', 'x', 'long', 'xlong', 'uint'),
    conv('lX', 'X', 'long', 'xlong', 'uint'),
    conv('lld', 'd', 'long long', 'type', 'sint'),
    conv('lli', 'i', 'long long', 'type', 'sint'),
    conv('llo', 'o', 'unsigned long long', 'type', 'uint'),
    conv('llu', 'u', 'unsigned long long', 'type', 'uint'),
    conv('llx', 'x', 'long long', 'xlonglong', 'uint'),
    conv('llX', 'X', 'long long', 'xlonglong', 'uint'),
    conv('Le', 'e', 'long double', 'type', 'fp'),
    conv('LE', 'E', 'long double', 'type', 'fp'),
    conv('Lf', 'f', 'long double', 'type', 'fp'),
    conv('Lg', 'g', 'long double', 'type', 'fp'),
    conv('LG', 'G', 'long double', 'type', 'fp'),
    conv('o', 'o', P_XINT, 'xint', 'uint'),
    conv('p', 'x', P_ADDR, 'addr', 'uint'),
    conv('P', 's', 'uint16_t', 'type', 'port'),
    conv('s', 's', P_CSTR, 'str', 'cstr'),
    conv('S', 's', P_CSTR, 'str', 'estr'),
    conv('T', 's', 'int64_t', 'time', 'time822'),
    conv('u', 'u', P_XINT, 'xint', 'uint'),
    conv('wc', 'wc', 'int', 'type', 'sint'),
    conv('ws', 'ws', P_WSTR, 'wstr', 'wstr'),
    conv('x', 'x', P_XINT, 'xint', 'uint'),
    conv('X', 'X', P_XINT, 'xint', 'uint'),
    conv('Y', 's', 'int64_t', 'time', 'time'),
    conv('%', '%', 'void', 'type', 'pct'),
  ].map((c) => [c.name, c]),
);

export interface ConversionFlags {
  /** `#` */
  readonly alt: boolean;
  /** `0` */
  readonly zpad: boolean;
  /** `-` */
  readonly left: boolean;
  /** `+` */
  readonly plus: boolean;
  /** `'` (thousands grouping: nothing in the C locale) */
  readonly group: boolean;
  /** ` ` */
  readonly space: boolean;
  /** `@`: the aggregation value (printa only) */
  readonly agg: boolean;
  /** `*`: the width comes from an int argument */
  readonly dynWidth: boolean;
  /** `.*`: the precision comes from an int argument */
  readonly dynPrec: boolean;
}

/** One `%...` of a format, with the literal text that precedes it. */
export interface FormatConversion {
  /** 1-based ordinal among the format's conversions (`%%` included): the #N of messages. */
  readonly index: number;
  readonly prefix: string;
  readonly conv: ConversionInfo;
  readonly flags: ConversionFlags;
  readonly width: number;
  readonly prec: number;
}

export interface ParsedFormat {
  readonly text: string;
  readonly conversions: readonly FormatConversion[];
  /** Literal text after the last conversion. */
  readonly suffix: string;
}

const NAME_MAX = 6;

/**
 * Parse a format string as dt_printf_create does. Malformed formats raise D_SYNTAX with
 * illumos's text (`format conversion #1 is undefined: %z`, ...) at `pos`.
 */
export function parseFormat(text: string, pos?: Pos): ParsedFormat {
  const conversions: FormatConversion[] = [];
  const fail = (msg: string): never => {
    throw new DCompileError('D_SYNTAX', `format conversion #${conversions.length + 1} ${msg}`, pos);
  };
  let q = 0;
  for (let p = text.indexOf('%', q); p >= 0; p = text.indexOf('%', q)) {
    const prefix = text.slice(q, p);
    let alt = false, zpad = false, left = false, plus = false, group = false, space = false;
    let agg = false, dynWidth = false, dynPrec = false;
    let width = 0, prec = 0, digits = 0, dot = 0;
    let name = '';
    let i = p + 1;
    for (;;) {
      const c = i < text.length ? text[i] : '';
      if (c >= '0' && c <= '9') {
        if (dot === 0 && digits === 0 && c === '0') {
          zpad = true;
          left = false;
          i++;
          continue;
        }
        let n = 0;
        while (i < text.length && text[i] >= '0' && text[i] <= '9') n = n * 10 + (text.charCodeAt(i++) - 48);
        if (dot) prec = n;
        else width = n;
        digits++;
        continue;
      }
      i++;
      if (c === '#') alt = true;
      else if (c === '*') {
        // illumos words this error "precision" whichever of the two is repeated.
        if (dot ? dynPrec : dynWidth) fail("has more than one '*' specified for the output precision");
        if (dot) dynPrec = true;
        else dynWidth = true;
      } else if (c === '+') plus = true;
      else if (c === '-') {
        left = true;
        zpad = false;
      } else if (c === '.') {
        if (dot++ !== 0) fail("has more than one '.' specified");
        digits = 0;
      } else if (c === '?') width = 16;
      else if (c === '@') agg = true;
      else if (c === "'") group = true;
      else if (c === ' ') space = true;
      else if (c === '$') fail('uses unsupported positional format (%n$)');
      else if (c === '%' && text[i - 2] !== '%') fail('cannot be combined with other format flags: %%');
      else if (c === '') fail('name expected before end of format string');
      else if (c === 'h' || c === 'l' || c === 'L' || c === 'w') {
        if (name.length < NAME_MAX) name += c;
      } else {
        name += c;
        break;
      }
    }
    const info = CONVERSIONS.get(name);
    if (!info) fail(`is undefined: %${name}`);
    conversions.push({
      index: conversions.length + 1,
      prefix,
      conv: info as ConversionInfo,
      flags: { alt, zpad, left, plus, group, space, agg, dynWidth, dynPrec },
      width,
      prec,
    });
    q = i;
  }
  return { text, conversions, suffix: text.slice(q) };
}

/** The number of value arguments a format consumes (`*` and `.*` included, `%@` and `%%` not). */
export function formatArgCount(fmt: ParsedFormat): number {
  let n = 0;
  for (const c of fmt.conversions) {
    if (c.conv.print === 'pct') continue;
    if (c.flags.dynWidth) n++;
    if (c.flags.dynPrec) n++;
    if (!c.flags.agg) n++;
  }
  return n;
}

/** Does the format contain a `%@` conversion? */
export function formatUsesAgg(fmt: ParsedFormat): boolean {
  return fmt.conversions.some((c) => c.flags.agg);
}

// ---------------------------------------------------------------------------------------
// Compile-time checking

/** What the checker knows about one argument's type, enough for every pfcheck_* rule. */
export interface PrintfArg {
  /** The type as messages name it (`int`, `uint64_t`, `char *`, `string`, `stack`). */
  readonly name: string;
  readonly cls: 'int' | 'float' | 'pointer' | 'string' | 'chararray' | 'wchararray' | 'stack' | 'symaddr' | 'usymaddr' | 'other';
  /** Size in bytes for integers, floats and pointers. */
  readonly size: number;
  /** Integers: signed? */
  readonly signed: boolean;
  /** Integers and floats: the C base type after resolving typedefs (`int`, `unsigned long`). */
  readonly base?: string;
  /** Integers: every typedef name from the declared type down to the base (`uint64_t`). */
  readonly typedefs?: readonly string[];
}

const C_BASE_INT: Readonly<Record<string, readonly [number, boolean]>> = {
  'char': [1, true], 'signed char': [1, true], 'unsigned char': [1, false],
  'short': [2, true], 'signed short': [2, true], 'unsigned short': [2, false],
  'int': [4, true], 'signed int': [4, true], 'unsigned int': [4, false], 'unsigned': [4, false], 'signed': [4, true],
  'long': [8, true], 'signed long': [8, true], 'unsigned long': [8, false],
  'long long': [8, true], 'signed long long': [8, true], 'unsigned long long': [8, false],
};

const BASE_FOR_SIZE: Readonly<Record<number, readonly [string, string]>> = {
  1: ['char', 'unsigned char'],
  2: ['short', 'unsigned short'],
  4: ['int', 'unsigned int'],
  8: ['long', 'unsigned long'],
};

/**
 * A PrintfArg from the output-side ValueType. An integer whose name is not a C base type
 * is taken to be a typedef of the LP64 base of its size (`uint64_t` -> `unsigned long`).
 */
export function printfArgOf(vt: ValueType): PrintfArg {
  switch (vt.kind) {
    case 'int': {
      const isBase = Object.hasOwn(C_BASE_INT, vt.name);
      const base = isBase ? vt.name : BASE_FOR_SIZE[vt.size][vt.signed ? 0 : 1];
      return { name: vt.name, cls: 'int', size: vt.size, signed: vt.signed, base, typedefs: isBase ? [] : [vt.name] };
    }
    case 'string': return { name: vt.name, cls: 'string', size: 0, signed: false };
    case 'pointer': return { name: vt.name, cls: 'pointer', size: 8, signed: false };
    case 'stack': case 'ustack': return { name: vt.name, cls: 'stack', size: 0, signed: false };
    case 'symaddr': return { name: vt.name, cls: 'symaddr', size: 8, signed: false };
    case 'usymaddr': return { name: vt.name, cls: 'usymaddr', size: 16, signed: false };
    case 'other': return { name: vt.name, cls: 'other', size: 0, signed: false };
  }
}

const EXPLICIT_TYPES: Readonly<Record<string, { readonly cls: 'int' | 'float'; readonly size: number; readonly signed: boolean }>> = {
  'short': { cls: 'int', size: 2, signed: true },
  'unsigned short': { cls: 'int', size: 2, signed: false },
  'int': { cls: 'int', size: 4, signed: true },
  'long': { cls: 'int', size: 8, signed: true },
  'unsigned long': { cls: 'int', size: 8, signed: false },
  'long long': { cls: 'int', size: 8, signed: true },
  'unsigned long long': { cls: 'int', size: 8, signed: false },
  'uint16_t': { cls: 'int', size: 2, signed: false },
  'long double': { cls: 'float', size: 16, signed: true },
};

const isInt = (a: PrintfArg): boolean => a.cls === 'int';

/** Does `arg` satisfy conversion `c` (pfcheck_*)? `hasTarget`: $target is set (-p/-c), for %A. */
export function conversionAccepts(c: ConversionInfo, arg: PrintfArg, hasTarget = false): boolean {
  switch (c.check) {
    case 'xint': case 'dint': return isInt(arg);
    case 'csi': return isInt(arg) && arg.size <= 4;
    case 'fp': return arg.cls === 'float';
    case 'addr': return arg.cls === 'pointer' || isInt(arg);
    case 'kaddr': return arg.cls === 'pointer' || isInt(arg) || arg.cls === 'symaddr';
    case 'uaddr': return arg.cls === 'usymaddr' || (hasTarget && (arg.cls === 'pointer' || isInt(arg)));
    case 'stack': return arg.cls === 'stack';
    case 'time': return isInt(arg) && arg.size === 8;
    case 'str': return arg.cls === 'string' || arg.cls === 'chararray';
    case 'wstr': return arg.cls === 'wchararray';
    case 'xshort': return isInt(arg) && ['short', 'signed short', 'unsigned short'].includes(arg.base ?? '');
    case 'xlong': return isInt(arg) && ['long', 'signed long', 'unsigned long'].includes(arg.base ?? '');
    case 'xlonglong':
      return isInt(arg) && (['long long', 'signed long long', 'unsigned long long'].includes(arg.base ?? '') ||
        (arg.typedefs ?? []).some((t) => t === 'int64_t' || t === 'uint64_t'));
    case 'type': {
      const want = EXPLICIT_TYPES[c.proto];
      return want !== undefined && arg.cls === want.cls && arg.size === want.size && arg.signed === want.signed;
    }
  }
}

export interface ValidateOptions {
  /** The action's name for messages: `printf`, `printa`, `system`, `freopen`. */
  readonly func: string;
  /** printa(): `%@` is allowed and stands for the aggregation's value. */
  readonly aggregation?: boolean;
  /** Extra arguments are an error (printf, system, freopen; not printa's keys). */
  readonly exactLen?: boolean;
  /** How many arguments precede the first value (the format itself: 1). */
  readonly argOffset?: number;
  /** printa(): the aggregating function, which types `%@` (count is uint64_t, others int64_t). */
  readonly aggFunc?: string;
  /** $target is set (-p/-c), which lets %A take plain addresses. */
  readonly hasTarget?: boolean;
  readonly pos?: Pos;
}

/**
 * Check a parsed format against its argument types as dt_printf_validate does, throwing
 * DCompileError D_PRINTF_FMT_EMPTY / AGG_CONV / DYN_PROTO / DYN_TYPE / ARG_PROTO /
 * ARG_TYPE / ARG_EXTRA with illumos's exact message.
 */
export function validateFormat(fmt: ParsedFormat, args: readonly PrintfArg[], o: ValidateOptions): void {
  const func = o.func;
  const off = o.argOffset ?? 1;
  const err = (tag: string, msg: string): never => {
    throw new DCompileError(tag, msg, o.pos);
  };
  if (fmt.text === '') err('D_PRINTF_FMT_EMPTY', `${func}( ) format string is empty`);
  const aggType = o.aggFunc === 'count' ? 'uint64_t' : 'int64_t';
  const aggArg: PrintfArg = { name: aggType, cls: 'int', size: 8, signed: aggType === 'int64_t', base: aggType === 'int64_t' ? 'long' : 'unsigned long', typedefs: [aggType] };
  let j = 0;
  for (const c of fmt.conversions) {
    if (c.conv.print === 'pct') continue;
    const dyns: string[] = [];
    if (c.flags.dynWidth) dyns.push('*');
    if (c.flags.dynPrec) dyns.push('.*');
    for (const dyn of dyns) {
      const a = args[j];
      if (a === undefined) {
        err('D_PRINTF_DYN_PROTO', `${func}( ) prototype mismatch: conversion #${c.index} (%${c.conv.name}) is missing a corresponding "${dyn}" argument`);
      } else if (!isInt(a)) {
        err('D_PRINTF_DYN_TYPE', `${func}( ) argument #${j + off + 1} is incompatible with conversion #${c.index} prototype:\n\tconversion: % ${dyn} ${c.conv.name}\n\t prototype: int\n\t  argument: ${a.name}`);
      }
      j++;
    }
    let vname: string;
    let arg: PrintfArg;
    if (c.flags.agg) {
      if (!o.aggregation) err('D_PRINTF_AGG_CONV', `%@ conversion requires an aggregation and is not for use with ${func}( )`);
      vname = 'aggregating action';
      arg = aggArg;
    } else {
      const a = args[j];
      if (a === undefined) {
        err('D_PRINTF_ARG_PROTO', `${func}( ) prototype mismatch: conversion #${c.index} (%${c.conv.name}) is missing a corresponding value argument`);
      }
      vname = `argument #${j + off + 1}`;
      arg = a as PrintfArg;
      j++;
    }
    if (!conversionAccepts(c.conv, arg, o.hasTarget)) {
      err('D_PRINTF_ARG_TYPE', `${func}( ) ${vname} is incompatible with conversion #${c.index} prototype:\n\tconversion: %${c.conv.name}\n\t prototype: ${c.conv.proto}\n\t  argument: ${arg.name}`);
    }
  }
  if (o.exactLen && j < args.length) {
    err('D_PRINTF_ARG_EXTRA', `${func}( ) prototype mismatch: only ${j} arguments required by this format string`);
  }
}

// ---------------------------------------------------------------------------------------
// C printf(3C) on one value

interface Spec {
  readonly alt: boolean;
  readonly zpad: boolean;
  readonly left: boolean;
  readonly plus: boolean;
  readonly space: boolean;
  readonly width: number;
  /** -1: none. */
  readonly prec: number;
}

function pad(s: string, sp: Spec): string {
  if (s.length >= sp.width) return s;
  const fill = ' '.repeat(sp.width - s.length);
  return sp.left ? s + fill : fill + s;
}

/** %d %i %u %o %x %X of an exact integer (already in the domain to print). */
function cInt(v: DInt, ch: string, sp: Spec): string {
  const negative = v < 0;
  const mag = negative ? -v : v;
  const radix = ch === 'o' ? 8 : ch === 'x' || ch === 'X' ? 16 : 10;
  let digits = mag.toString(radix);
  if (ch === 'X') digits = digits.toUpperCase();
  if (sp.prec >= 0 && digits.length < sp.prec) digits = '0'.repeat(sp.prec - digits.length) + digits;
  let prefix = '';
  if (ch === 'd' || ch === 'i') prefix = negative ? '-' : sp.plus ? '+' : sp.space ? ' ' : '';
  if (sp.alt && ch === 'o' && digits[0] !== '0') digits = `0${digits}`;
  if (sp.alt && (ch === 'x' || ch === 'X') && mag !== 0 && mag !== 0n) prefix = ch === 'x' ? '0x' : '0X';
  if (sp.zpad && !sp.left && sp.prec < 0) {
    const room = sp.width - prefix.length - digits.length;
    if (room > 0) digits = '0'.repeat(room) + digits;
  }
  return pad(prefix + digits, sp);
}

function cStr(s: string, sp: Spec): string {
  return pad(sp.prec >= 0 && s.length > sp.prec ? s.slice(0, sp.prec) : s, sp);
}

function cChar(code: number, sp: Spec): string {
  return pad(String.fromCharCode(code & 0xff), sp);
}

/** %e %f %g (and upper-case forms) of a double. */
function cFloat(x: number, ch: string, sp: Spec): string {
  const prec = sp.prec < 0 ? 6 : sp.prec;
  const lower = ch.toLowerCase();
  let body: string;
  const a = Math.abs(x);
  if (!Number.isFinite(x)) body = Number.isNaN(x) ? 'nan' : 'inf';
  else if (lower === 'f') body = a.toFixed(prec);
  else if (lower === 'e') body = expo(a, prec);
  else {
    const p = prec === 0 ? 1 : prec;
    const e = Number(a.toExponential(p - 1).split('e')[1]);
    if (e < -4 || e >= p) body = expo(a, p - 1);
    else body = a.toFixed(Math.max(0, p - 1 - e));
    if (!sp.alt) body = stripZeros(body);
  }
  if (ch !== lower) body = body.toUpperCase();
  const sign = x < 0 || Object.is(x, -0) ? '-' : sp.plus ? '+' : sp.space ? ' ' : '';
  if (sp.zpad && !sp.left && Number.isFinite(x)) {
    const room = sp.width - sign.length - body.length;
    if (room > 0) body = '0'.repeat(room) + body;
  }
  return pad(sign + body, sp);
}

function expo(a: number, prec: number): string {
  const [m, e] = a.toExponential(prec).split('e');
  const n = Number(e);
  return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

function stripZeros(s: string): string {
  const [m, e] = s.split('e');
  const t = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
  return e === undefined ? t : `${t}e${e}`;
}

// ---------------------------------------------------------------------------------------
// Run time

/** A stack() / ustack() value: one text per frame (`genunix`cv_wait+0x61`, `0x401a2c`). */
export type StackValue = readonly string[];

export interface FormatContext {
  /** strsize: %S shows the terminating NUL as `\0` when the string is shorter than this. */
  readonly strsize?: number;
}

function intSize(t: ValueType | undefined): 1 | 2 | 4 | 8 {
  if (t && t.kind === 'int') return t.size;
  return 8;
}

function asDInt(v: unknown): DInt {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

const BITS = { 1: 8, 2: 16, 4: 32, 8: 64 } as const;

/** pfprint_sint: the value at its size, read signed (1..4 bytes widen to int). */
function signedAt(v: DInt, size: 1 | 2 | 4 | 8): DInt {
  return size === 8 ? asS64(v) : wrap(v, BITS[size], true);
}

/** pfprint_uint: the value at its size, read unsigned. */
function unsignedAt(v: DInt, size: 1 | 2 | 4 | 8): DInt {
  return size === 8 ? asU64(v) : wrap(v, BITS[size], false);
}

/** The text of an address with no symbol table: dtrace_addr2str's `0x%llx`. */
export function addrText(v: DInt): string {
  return `0x${asU64(v).toString(16)}`;
}

/** strchr2esc: C escapes for the specials, `\ooo` for other non-printables; stops after a NUL. */
export function escapeChars(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) & 0xff;
    switch (c) {
      case 0: return `${out}\\0`;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      case 12: out += '\\f'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 11: out += '\\v'; break;
      case 34: out += '\\"'; break;
      case 92: out += '\\\\'; break;
      default:
        if (c !== 32 && (c < 33 || c > 126)) out += `\\${(c >> 6) & 3}${(c >> 3) & 7}${c & 7}`;
        else out += String.fromCharCode(c);
    }
  }
  return out;
}

/** Well-known service names getservbyport(3SOCKET) finds for %P (illumos /etc/services). */
const SERVICES: Readonly<Record<number, string>> = {
  7: 'echo', 9: 'discard', 13: 'daytime', 19: 'chargen', 20: 'ftp-data', 21: 'ftp', 22: 'ssh',
  23: 'telnet', 25: 'smtp', 37: 'time', 53: 'domain', 69: 'tftp', 79: 'finger', 80: 'http',
  110: 'pop3', 111: 'sunrpc', 119: 'nntp', 123: 'ntp', 143: 'imap', 161: 'snmp', 389: 'ldap', 443: 'https',
};

/**
 * Format a stack as dt_print_stack does: a newline, then per frame `indent` spaces, the
 * frame text through `fmt` (plain `%s` when undefined), and a newline.
 */
export function formatStack(frames: StackValue, indent: number, fmt?: (s: string) => string): string {
  let out = '\n';
  for (const f of frames) out += `${' '.repeat(indent)}${fmt ? fmt(f) : f}\n`;
  return out;
}

/** The value of one `%@` conversion in printa(). */
export type AggValue =
  /** count/sum/min/max/avg/stddev: the (normalized) value and its type (uint64_t for count, int64_t else). */
  | { readonly kind: 'scalar'; readonly value: DInt; readonly type: ValueType }
  /** quantize/lquantize/llquantize: the whole distribution block, printed as is (width ignored). */
  | { readonly kind: 'block'; readonly text: string };

interface Source {
  next(): { readonly value: unknown; readonly type: ValueType | undefined };
}

function intArg(src: Source): number {
  const { value, type } = src.next();
  // dt_printf_getint: the record read at its size, then converted to int.
  return Number(wrap(signedAt(asDInt(value), intSize(type)), 32, true));
}

function formatOne(c: FormatConversion, src: Source, agg: (() => AggValue) | undefined, ctx: FormatContext): string {
  const info = c.conv;
  if (info.print === 'pct') return '%';
  let width = c.flags.dynWidth ? intArg(src) : c.width;
  const prec = c.flags.dynPrec ? intArg(src) : c.prec;
  let value: unknown;
  let type: ValueType | undefined;
  if (c.flags.agg && agg) {
    const a = agg();
    if (a.kind === 'block') return a.text;
    value = a.value;
    type = a.type;
  } else {
    ({ value, type } = src.next());
  }
  const left = c.flags.left || width < 0;
  if (info.print === 'stack') {
    // pfprint_stack: a left-justified width becomes the indent; otherwise no indent. Only
    // the `-` flag (not a negative `*` width) also drops the width from each frame.
    const indent = left ? Math.abs(width) : 0;
    if (c.flags.left) width = 0;
    const sp: Spec = { alt: false, zpad: c.flags.zpad, left, plus: c.flags.plus, space: c.flags.space, width: Math.abs(width), prec: prec > 0 ? prec : -1 };
    return formatStack(Array.isArray(value) ? (value as StackValue) : [], indent, (f) => cStr(f, sp));
  }
  const sp: Spec = {
    alt: c.flags.alt, zpad: c.flags.zpad, left, plus: c.flags.plus, space: c.flags.space,
    width: Math.abs(width), prec: prec > 0 ? prec : -1,
  };
  const size = intSize(type);
  switch (info.print) {
    case 'sint':
    case 'uint':
    case 'dint': {
      const v = asDInt(value);
      const signed = info.print === 'sint' || (info.print === 'dint' && type?.kind === 'int' && type.signed);
      const ch = info.print === 'dint' && !signed ? 'u' : info.ofmt;
      if (ch === 'c' || ch === 'lc' || ch === 'wc') return cChar(Number(wrap(signedAt(v, size), 32, true)), sp);
      // Sizes below 8 reach printf(3C) as an int: a signed 32-bit view for %d and %i.
      if (signed) return cInt(signedAt(v, size), ch, sp);
      const u = unsignedAt(v, size);
      return cInt(size < 8 && (ch === 'd' || ch === 'i') ? wrap(u, 32, true) : u, ch, sp);
    }
    case 'fp':
      return cFloat(typeof value === 'number' ? value : Number(asDInt(value)), info.ofmt, sp);
    case 'addr':
    case 'uaddr':
      return cStr(addrText(unsignedAt(asDInt(value), size)), sp);
    case 'time':
      return cStr(formatWalltimeY(asDInt(value)), sp);
    case 'time822':
      return cStr(formatWalltimeRfc822(asDInt(value)), sp);
    case 'port': {
      const port = Number(wrap(asDInt(value), 16, false));
      return cStr(SERVICES[port] ?? String(port), sp);
    }
    case 'cstr':
    case 'inetaddr':
    case 'wstr':
      return cStr(cString(value), sp);
    case 'estr': {
      const s = cString(value);
      const strsize = ctx.strsize ?? 256;
      return cStr(escapeChars(s.length < strsize ? `${s}\0` : s.slice(0, strsize)), sp);
    }
    case 'echr': {
      const code = Number(wrap(asDInt(value), 8, false));
      return cStr(escapeChars(String.fromCharCode(code)), sp);
    }
  }
}

/** A string argument up to its first NUL, as C's %s sees it. */
function cString(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v ?? '');
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

function run(fmt: ParsedFormat, src: Source, agg: (() => AggValue) | undefined, ctx: FormatContext): string {
  let out = '';
  for (const c of fmt.conversions) out += c.prefix + formatOne(c, src, agg, ctx);
  return out + fmt.suffix;
}

function sourceOf(values: readonly unknown[], types: readonly ValueType[]): Source {
  let k = 0;
  return {
    next() {
      if (k >= values.length) throw new RangeError('printf: more conversions than values');
      const i = k++;
      return { value: values[i], type: types[i] };
    },
  };
}

/**
 * printf(): format `values` (every argument after the format, `*`/`.*` ints included,
 * in order) whose static types are `types`. Integers are DInt, strings string, stacks
 * StackValue.
 */
export function formatPrintf(fmt: ParsedFormat, values: readonly unknown[], types: readonly ValueType[], ctx: FormatContext = {}): string {
  return run(fmt, sourceOf(values, types), undefined, ctx);
}

/**
 * printa(fmt, @a[, @b...]) for one entry: the conversions consume `keys` in order (extra
 * keys are ignored); each `%@` takes the next aggregation's value, and `%@` beyond the
 * last aggregation repeats the last one.
 */
export function formatPrinta(
  fmt: ParsedFormat,
  keys: readonly unknown[],
  keyTypes: readonly ValueType[],
  aggs: readonly AggValue[],
  ctx: FormatContext = {},
): string {
  let cur = 0;
  const agg = (): AggValue => {
    const a = aggs[cur];
    if (cur < aggs.length - 1) cur++;
    return a;
  };
  return run(fmt, sourceOf(keys, keyTypes), agg, ctx);
}
