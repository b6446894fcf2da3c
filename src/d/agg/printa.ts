// How aggregations print (dt_consume.c, dt_printf.c): printa(@a[, @b...]) without a format
// (a "\n", then one line per entry: keys by type size, then the value or distribution
// block), printa(fmt, @a[, @b...]) with one application of the format per entry, and the
// aggregations printed when the run ends. Byte for byte as illumos. Pure; runs where the
// consumer runs.
import type { DInt } from '../host';
import { asS64, asU64, fromBig, toBig, wrap } from '../int64';
import { type AggValue, type ParsedFormat, formatPrinta, formatStack } from '../printf';
import { INT64, UINT64, type ValueType } from '../valuetype';
import type { AggDesc, Aggregation } from './aggregation';
import { llquantLayout } from './llquantize';
import { lquantizeLabel, lquantParams } from './lquantize';
import { QUANTIZE_NBUCKETS, QUANTIZE_ZERO, quantizeLabel } from './quantize';
import { type AggSortOptions, type Bundle, joinEntries, sortedEntries, stddevOf, zeroWords } from './sort';

export interface AggPrintOptions extends AggSortOptions {
  /** strsize: the bytes a string key occupies (a string key prints as a hex dump when empty or not printable). */
  readonly strsize?: number;
  /** stackindent: the indent of stack() key frames (14). */
  readonly stackindent?: number;
  /** rawbytes: string keys print as hex dumps. */
  readonly rawbytes?: boolean;
  /** encoding=utf8: all-positive distribution bars drawn with Unicode block elements. */
  readonly utf8?: boolean;
  /** aggzoom: bars scaled so the largest count fills 95% of the width. */
  readonly aggzoom?: boolean;
}

/** The height of the largest bar under aggzoom (DTRACE_AGGZOOM_MAX). */
const AGGZOOM_MAX = 0.95;

const DIST_HEADER = `\n${'value'.padStart(16)} ${'------------- Distribution -------------'.padStart(41)} ${'count'.padEnd(9)}\n`;
const ATS = '@'.repeat(40);
const SPACES = ' '.repeat(40);

const right = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
const left = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length));

/** `(long long)x / normal` with an unsigned 64-bit normal: C divides unsigned, then %lld reads it signed. */
function divNormal(x: DInt, normal: DInt): DInt {
  if (normal === 1) return x;
  return asS64(fromBig(toBig(asU64(x)) / toBig(asU64(normal))));
}

/** One row's bar and count (dt_print_quantline / dt_print_quantline_utf8). */
function quantline(val: DInt, normal: DInt, total: number, pos: boolean, neg: boolean, utf8: boolean): string {
  const shown = left(String(divNormal(val, normal)), 9);
  const mag = Math.abs(Number(val));
  if (!neg) {
    if (pos && utf8) {
      const f = (mag * 40) / total;
      const whole = Math.floor(f);
      const partial = Math.floor((f - whole) * 8);
      let bar = '\u2588'.repeat(whole);
      let n = whole;
      if (partial !== 0) {
        bar += String.fromCharCode(0x258f - (partial - 1));
        n++;
      }
      return `|${bar}${SPACES.slice(n)} ${shown}\n`;
    }
    const depth = pos ? Math.floor((mag * 40) / total + 0.5) : 0;
    return `|${ATS.slice(40 - depth)}${SPACES.slice(depth)} ${shown}\n`;
  }
  if (!pos) {
    const depth = Math.floor((mag * 40) / total + 0.5);
    return `${SPACES.slice(depth)}${ATS.slice(40 - depth)}| ${shown}\n`;
  }
  const depth = Math.floor((mag * 20) / total + 0.5);
  if (val <= 0) return `${SPACES.slice(20 + depth)}${ATS.slice(40 - depth)}|${SPACES.slice(20)} ${shown}\n`;
  return `${SPACES.slice(20)}|${ATS.slice(40 - depth)}${SPACES.slice(20 + depth)} ${shown}\n`;
}

/** The rows a distribution shows: from the bucket before the first non-zero one to the bucket after the last. */
function shownRange(w: readonly DInt[], lastScan: number, empty: readonly [number, number]): [number, number] {
  const nb = w.length;
  let first = 0;
  while (first < lastScan && w[first] === 0) first++;
  if (first === lastScan) return [empty[0], empty[1]];
  if (first > 0) first--;
  let last = nb - 1;
  while (last > 0 && w[last] === 0) last--;
  if (last < nb - 1) last++;
  return [first, last];
}

/**
 * The block of a quantize(), lquantize() or llquantize() value: the header (whose leading
 * newline ends the key line), then one row per shown bucket.
 */
export function distributionText(desc: AggDesc, w: readonly DInt[], normal: DInt = 1, o: AggPrintOptions = {}): string {
  let range: [number, number];
  let label: (i: number) => string;
  switch (desc.func) {
    case 'quantize':
      // dt_print_quantize never looks at the last bucket for the first non-zero one.
      range = shownRange(w, QUANTIZE_NBUCKETS - 1, [QUANTIZE_ZERO - 1, QUANTIZE_ZERO + 1]);
      label = (i) => right(String(quantizeLabel(i)), 16);
      break;
    case 'lquantize': {
      const p = lquantParams(desc.lquant as { base: number; limit: number; step: number });
      range = shownRange(w, p.levels + 2, [0, 2]);
      label = (i) => right(String(lquantizeLabel(p, i)), 16);
      break;
    }
    case 'llquantize': {
      const l = llquantLayout(desc.llquant as { factor: number; low: number; high: number; nsteps: number });
      range = shownRange(w, l.nbins, [0, 1]);
      label = (i) => right(String(l.label(i)), 16);
      break;
    }
    default:
      throw new Error(`${desc.func}() is not a distribution`);
  }
  const [first, last] = range;
  let pos = false;
  let neg = false;
  let total = 0;
  for (let i = first; i <= last; i++) {
    const c = w[i];
    if (c > 0) pos = true;
    if (c < 0) neg = true;
    const mag = Math.abs(Number(c));
    if (!o.aggzoom) total += mag;
    else if (mag * (1 / AGGZOOM_MAX) > total) total = mag * (1 / AGGZOOM_MAX);
  }
  let out = DIST_HEADER;
  for (let i = first; i <= last; i++) out += `${label(i)} ${quantline(w[i], normal, total, pos, neg, !!o.utf8)}`;
  return out;
}

/** avg()'s printed value: sum / (int64)normal / count, signed, truncating toward zero. */
function avgValue(w: readonly DInt[], normal: DInt): DInt {
  if (w[0] === 0) return 0;
  const s = BigInt.asIntN(64, toBig(w[1]));
  return fromBig(s / BigInt.asIntN(64, toBig(normal)) / BigInt.asIntN(64, toBig(w[0])));
}

/** The value column of an entry (dt_print_datum on the aggregation record). */
export function valueText(desc: AggDesc, w: readonly DInt[], normal: DInt, o: AggPrintOptions = {}): string {
  switch (desc.func) {
    case 'count': case 'sum': case 'min': case 'max':
      return ` ${right(String(divNormal(w[0], normal)), 16)}`;
    case 'avg':
      return ` ${right(String(avgValue(w, normal)), 16)}`;
    case 'stddev':
      return ` ${right(String(w[0] === 0 ? 0 : stddevOf(w, normal)), 16)}`;
    default:
      return distributionText(desc, w, normal, o);
  }
}

/** The bytes a string key record holds: the characters (Latin-1 as is, others as UTF-8), NUL-padded to strsize. */
function stringBytes(s: string, strsize: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length && out.length < strsize; i++) {
    const c = s.codePointAt(i) as number;
    if (c > 0xffff) i++;
    if (c < 0x100) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  out.length = Math.min(out.length, strsize);
  while (out.length < strsize) out.push(0);
  return out;
}

/** isprint() || isspace() || '\b' || '\a' in the C locale (a char is signed: bytes >= 0x80 fail). */
const printable = (c: number): boolean => (c >= 0x20 && c <= 0x7e) || (c >= 9 && c <= 13) || c === 8 || c === 7;

/** dt_print_bytes's hex dump. */
function hexDump(b: readonly number[]): string {
  let out = `\n${' '.repeat(11)}`;
  for (let i = 0; i < 16; i++) out += `  ${'0123456789abcdef'[i]}`;
  out += '  0123456789abcdef\n';
  for (let i = 0; i < b.length; i += 16) {
    out += `     ${right(i.toString(16), 5)}:`;
    let j = i;
    for (; j < i + 16 && j < b.length; j++) out += ` ${b[j].toString(16).padStart(2, '0')}`;
    while (j++ % 16) out += '   ';
    out += '  ';
    for (j = i; j < i + 16 && j < b.length; j++) out += b[j] < 0x20 || b[j] > 0x7e ? '.' : String.fromCharCode(b[j]);
    out += '\n';
  }
  return out;
}

/** A string key (dt_print_bytes with width -50): `  %-50s`, or a hex dump when it is empty or not printable. */
function stringKeyText(s: string, o: AggPrintOptions): string {
  const b = stringBytes(s, o.strsize ?? 256);
  if (o.rawbytes) return hexDump(b);
  let i = 0;
  for (; i < b.length; i++) {
    if (printable(b[i])) continue;
    if (b[i] === 0 && i > 0) {
      let j = i + 1;
      while (j < b.length && b[j] === 0) j++;
      if (j !== b.length) break;
      return `  ${left(String.fromCharCode(...b.slice(0, i)), 50)}`;
    }
    break;
  }
  if (i === b.length) return `  ${left(String.fromCharCode(...b), 50)}`;
  return hexDump(b);
}

const KEY_WIDTH = { 1: 3, 2: 5, 4: 8, 8: 16 } as const;

/** One key column (dt_print_datum with normal 1). */
export function keyText(t: ValueType, v: unknown, o: AggPrintOptions = {}): string {
  switch (t.kind) {
    case 'int': {
      // 8 and 4 bytes print signed, 2 and 1 bytes unsigned (they widen to int).
      const x = t.size === 8 ? asS64(v as DInt) : wrap(v as DInt, (t.size * 8) as 8 | 16 | 32, t.size === 4);
      return ` ${right(String(x), KEY_WIDTH[t.size])}`;
    }
    case 'string':
      return stringKeyText(String(v), o);
    case 'stack':
    case 'ustack':
      return formatStack(stackFrames(v), o.stackindent ?? 14);
    case 'symaddr':
    case 'usymaddr':
      return `  ${left(typeof v === 'string' ? v : `0x${asU64(v as DInt).toString(16)}`, 50)}`;
    case 'pointer':
    case 'other':
      return ` ${right(String(asS64(v as DInt)), 16)}`;
  }
}

function stackFrames(v: unknown): readonly string[] {
  if (Array.isArray(v)) return v as string[];
  return typeof v === 'string' && v !== '' ? v.split('\n') : [];
}

function keysText(desc: AggDesc, keys: readonly unknown[], o: AggPrintOptions): string {
  let s = '';
  for (let k = 0; k < keys.length; k++) s += keyText(desc.keyTypes[k], keys[k], o);
  return s;
}

/** printa(@a) or printa(@a, @b, ...): a "\n", then a line per entry (or per joined key). */
export function printaDefault(aggs: readonly Aggregation[], o: AggPrintOptions = {}): string {
  let out = '\n';
  if (aggs.length === 1) {
    const a = aggs[0];
    for (const i of sortedEntries(a, o)) out += `${keysText(a.desc, a.keysOf(i), o)}${valueText(a.desc, a.words(i), a.normal, o)}\n`;
    if (a.size > 0) a.printed = true;
    return out;
  }
  const rows = joinEntries(aggs, o);
  for (const r of rows) {
    out += keysText(aggs[0].desc, r.keys, o);
    r.entries.forEach((e, j) => {
      const a = aggs[j];
      out += valueText(a.desc, e < 0 ? zeroWords(a) : a.words(e), a.normal, o);
    });
    out += '\n';
  }
  if (rows.length > 0) for (const a of aggs) a.printed = true;
  return out;
}

/**
 * The value `%@` converts (dt_printf.c's pfprint_*): count divides unsigned, sum/min/max
 * signed; avg divides its sum unsigned (so a negative mean prints garbage, as in illumos);
 * distributions print their whole block.
 */
export function aggValue(a: Aggregation, w: readonly DInt[], o: AggPrintOptions = {}): AggValue {
  const n = a.normal;
  switch (a.desc.func) {
    case 'count':
      return { kind: 'scalar', value: n === 1 ? w[0] : fromBig(toBig(asU64(w[0])) / toBig(asU64(n))), type: UINT64 };
    case 'sum': case 'min': case 'max':
      return { kind: 'scalar', value: n === 1 ? w[0] : fromBig(BigInt.asIntN(64, toBig(w[0])) / BigInt.asIntN(64, toBig(n))), type: INT64 };
    case 'avg': {
      const v = w[0] === 0 ? 0n : toBig(asU64(w[1])) / toBig(asU64(n)) / toBig(asU64(w[0]));
      return { kind: 'scalar', value: fromBig(v), type: INT64 };
    }
    case 'stddev':
      return { kind: 'scalar', value: stddevOf(w, n), type: INT64 };
    default:
      return { kind: 'block', text: distributionText(a.desc, w, n, o) };
  }
}

/** A key as printf's formatter takes it: stacks as frame arrays. */
function formatKey(t: ValueType, v: unknown): unknown {
  return t.kind === 'stack' || t.kind === 'ustack' ? stackFrames(v) : v;
}

/** One application of a printa() format: the single call into printf's formatter. */
function formatEntry(fmt: ParsedFormat, desc: AggDesc, keys: readonly unknown[], values: readonly AggValue[], o: AggPrintOptions): string {
  return formatPrinta(fmt, keys.map((k, i) => formatKey(desc.keyTypes[i], k)), desc.keyTypes, values, { strsize: o.strsize });
}

/** printa(fmt, @a[, @b...]): the format applied once per entry, with no leading newline. */
export function printaFormatted(fmt: ParsedFormat, aggs: readonly Aggregation[], o: AggPrintOptions = {}): string {
  let out = '';
  if (aggs.length === 1) {
    const a = aggs[0];
    for (const i of sortedEntries(a, o)) out += formatEntry(fmt, a.desc, a.keysOf(i), [aggValue(a, a.words(i), o)], o);
    if (a.size > 0) a.printed = true;
    return out;
  }
  const rows: Bundle[] = joinEntries(aggs, o);
  for (const r of rows) {
    const values = r.entries.map((e, j) => aggValue(aggs[j], e < 0 ? zeroWords(aggs[j]) : aggs[j].words(e), o));
    out += formatEntry(fmt, aggs[0].desc, r.keys, values, o);
  }
  if (rows.length > 0) for (const a of aggs) a.printed = true;
  return out;
}

/** printa() with or without a format. */
export function printa(fmt: ParsedFormat | undefined, aggs: readonly Aggregation[], o: AggPrintOptions = {}): string {
  return fmt === undefined ? printaDefault(aggs, o) : printaFormatted(fmt, aggs, o);
}

/**
 * What the end of the run prints after its "\n": every aggregation with entries that
 * printa() never printed, in variable-id order (reversed with aggsortrev), each in its
 * sorted order.
 */
export function printPending(aggs: readonly Aggregation[], o: AggPrintOptions = {}): string {
  const list = aggs.filter((a) => !a.printed && a.size > 0).sort((a, b) => a.desc.id - b.desc.id);
  if (o.aggsortrev) list.reverse();
  let out = '';
  for (const a of list) {
    for (const i of sortedEntries(a, o)) out += `${keysText(a.desc, a.keysOf(i), o)}${valueText(a.desc, a.words(i), a.normal, o)}\n`;
  }
  return out;
}
