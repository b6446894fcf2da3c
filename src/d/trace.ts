// The text of one trace() record, as illumos dt_consume.c prints it: integers by size
// (" %16lld", " %8d", " %5d", " %3d"), strings as two spaces and 33 left-justified
// columns (or a hex dump when the bytes are not a printable string), stacks one frame a
// line, sym()/mod() results in 50 columns; quiet mode prints bare values. Pure.
import type { DInt } from './host';
import { asS64, wrap } from './int64';
import { addrText, formatStack, type StackValue } from './printf';
import type { ValueType } from './valuetype';

export interface TraceOptions {
  /** The record size of a string (strsize). */
  readonly strsize?: number;
  /** stackindent: spaces before each frame (14 when unset). */
  readonly stackindent?: number;
  /** rawbytes: always print a hex dump for byte records. */
  readonly rawbytes?: boolean;
}

function asDInt(v: unknown): DInt {
  return typeof v === 'number' || typeof v === 'bigint' ? v : 0;
}

/** isprint() || isspace() || \b || \a in the C locale. */
function printable(c: number): boolean {
  return (c >= 0x20 && c <= 0x7e) || (c >= 0x07 && c <= 0x0d);
}

/**
 * dt_print_bytes's hex dump: a header of column digits, then 16 bytes a line with their
 * offset, hex and printable characters.
 */
export function formatRawBytes(bytes: ArrayLike<number>): string {
  const margin = '     ';
  let out = `\n${margin}      `;
  for (let i = 0; i < 16; i++) out += `  ${'0123456789abcdef'[i]}`;
  out += '  0123456789abcdef\n';
  for (let i = 0; i < bytes.length; i += 16) {
    out += `${margin}${i.toString(16).padStart(5, ' ')}:`;
    let j = i;
    for (; j < i + 16 && j < bytes.length; j++) out += ` ${(bytes[j] & 0xff).toString(16).padStart(2, '0')}`;
    for (; j % 16 !== 0; j++) out += '   ';
    out += '  ';
    for (j = i; j < i + 16 && j < bytes.length; j++) {
      const c = bytes[j] & 0xff;
      out += c < 0x20 || c > 0x7e ? '.' : String.fromCharCode(c);
    }
    out += '\n';
  }
  return out;
}

/** The bytes of a string record: the characters, then NULs up to strsize. */
function stringBytes(s: string, strsize: number): number[] {
  const out = new Array<number>(strsize).fill(0);
  for (let i = 0; i < s.length && i < strsize; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/**
 * A byte record as dt_print_bytes prints it: printable characters followed only by NULs
 * print as a string (`  %-33s`, or bare when quiet); anything else, including an empty
 * string, prints as a hex dump.
 */
export function formatBytes(bytes: ArrayLike<number>, quiet: boolean, rawbytes = false, width = 33): string {
  if (bytes.length === 0) return '';
  if (!rawbytes) {
    let i = 0;
    for (; i < bytes.length; i++) {
      const c = bytes[i] & 0xff;
      if (printable(c)) continue;
      if (c === 0 && i > 0) {
        let j = i + 1;
        while (j < bytes.length && (bytes[j] & 0xff) === 0) j++;
        if (j !== bytes.length) break;
        const s = String.fromCharCode(...Array.from({ length: i }, (_, k) => bytes[k] & 0xff));
        return quiet ? s : `  ${s.padEnd(width, ' ')}`;
      }
      break;
    }
    if (i === bytes.length) {
      const s = String.fromCharCode(...Array.from({ length: i }, (_, k) => bytes[k] & 0xff));
      return `  ${s.padEnd(width, ' ')}`;
    }
  }
  return formatRawBytes(bytes);
}

/** One trace() record's text. `value` is a DInt, a string, a StackValue or raw bytes. */
export function formatTrace(value: unknown, type: ValueType, quiet: boolean, o: TraceOptions = {}): string {
  switch (type.kind) {
    case 'int': {
      const v = asDInt(value);
      switch (type.size) {
        case 8: {
          const s = asS64(v).toString();
          return quiet ? s : ` ${s.padStart(16, ' ')}`;
        }
        case 4: {
          const s = wrap(v, 32, true).toString();
          return quiet ? s : ` ${s.padStart(8, ' ')}`;
        }
        case 2: {
          const s = wrap(v, 16, false).toString();
          return quiet ? s : ` ${s.padStart(5, ' ')}`;
        }
        case 1: {
          const s = wrap(v, 8, false).toString();
          return quiet ? s : ` ${s.padStart(3, ' ')}`;
        }
      }
      break;
    }
    case 'pointer': {
      const s = asS64(asDInt(value)).toString();
      return quiet ? s : ` ${s.padStart(16, ' ')}`;
    }
    case 'string': {
      const strsize = o.strsize ?? 256;
      const s = typeof value === 'string' ? value : '';
      return formatBytes(stringBytes(s, strsize), quiet, o.rawbytes);
    }
    case 'stack':
    case 'ustack':
      return formatStack(Array.isArray(value) ? (value as StackValue) : [], o.stackindent ?? 14);
    case 'symaddr':
    case 'usymaddr': {
      const s = typeof value === 'string' ? value : addrText(asDInt(value));
      return `  ${s.padEnd(50, ' ')}`;
    }
    case 'other':
      break;
  }
  if (value instanceof Uint8Array || Array.isArray(value)) return formatBytes(value as ArrayLike<number>, quiet, o.rawbytes);
  return quiet ? String(value) : `  ${String(value).padEnd(33, ' ')}`;
}
