// The D string subroutines with illumos/SmartOS semantics (dtrace.c's DIF_SUBR_*):
// strlen, strjoin, substr, index, rindex, strchr, strrchr, strstr, strtok, lltostr,
// strtoll, toupper, tolower, basename, dirname, cleanpath, json, the byte-order
// functions and inet_ntoa/inet_ntoa6/inet_ntop. Pure functions called by generated code.
//
// Strings are JS strings of byte values (0..255), already bounded by strsize (at most
// strsize - 1 characters). A result of `undefined` is D's NULL string pointer: the caller
// decides what reading it means (recording it faults with an invalid address).
import type { DInt } from './host';
import { asU64, fromBig, toBig, wrap } from './int64';

/** DTrace fault codes a subroutine can raise (dtrace-semantics §4). */
export const FAULT_ILLOP = 3;
export const FAULT_NOSCRATCH = 5;

/** A fault inside a subroutine; the runtime aborts the clause and fires ERROR. */
export class SubrFault extends Error {
  constructor(
    /** 3 illegal operation, 5 out of scratch space. */
    readonly code: number,
    readonly addr: DInt = 0,
  ) {
    super(code === FAULT_NOSCRATCH ? 'out of scratch space' : 'illegal operation');
    this.name = 'SubrFault';
  }
}

/** A string cut to what a strsize-byte buffer holds (strsize - 1 characters). */
export function bound(s: string, strsize: number): string {
  return s.length >= strsize ? s.slice(0, Math.max(0, strsize - 1)) : s;
}

/** The C string: everything before the first NUL. */
function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

export function strlen(s: string, strsize: number): number {
  return bound(cstr(s), strsize).length;
}

/** strjoin(): a result that does not fit in strsize bytes is an out-of-scratch fault. */
export function strjoin(a: string, b: string, strsize: number): string {
  const r = bound(cstr(a), strsize) + bound(cstr(b), strsize);
  if (r.length >= strsize) throw new SubrFault(FAULT_NOSCRATCH);
  return r;
}

function num(v: DInt): number {
  if (typeof v === 'number') return v;
  return v > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
}

/**
 * substr(s, index[, length]) with Perl's rules: a negative index counts from the end
 * (clamped to 0 while index + length stays positive), an index past the end gives "",
 * a negative length drops that many characters from the end.
 */
export function substr(s: string, index: DInt, length: DInt | undefined, strsize: number): string {
  const str = bound(cstr(s), strsize);
  const len = str.length;
  let idx = num(index);
  let remaining = length === undefined ? strsize : num(length);
  if (idx < 0) {
    idx += len;
    if (idx < 0 && idx + remaining > 0) {
      remaining += idx;
      idx = 0;
    }
  }
  if (idx >= len || idx < 0) remaining = 0;
  else if (remaining < 0) remaining += len - idx;
  else if (idx + remaining > strsize) remaining = strsize - idx;
  if (remaining <= 0) return '';
  return str.slice(idx, idx + remaining);
}

/**
 * index(s, sub[, pos]): the first position >= pos (negative pos counts as 0) where sub
 * occurs, or -1. An empty sub is found at pos, or at the length when pos is past the end.
 */
export function index(s: string, sub: string, pos: DInt | undefined, strsize: number): number {
  const str = bound(cstr(s), strsize);
  const t = bound(cstr(sub), strsize);
  const len = str.length;
  if (t.length === 0 && len === 0) return 0;
  let start = 0;
  if (pos !== undefined) {
    const p = Math.max(0, num(pos));
    if (p >= len) return t.length === 0 ? len : -1;
    start = p;
  }
  for (let i = start; i < len; i++) if (str.startsWith(t, i)) return i;
  return -1;
}

/**
 * rindex(s, sub[, pos]): the last position <= pos (pos beyond the end counts as the
 * length) where sub occurs, or -1. A negative pos finds only the empty string (at 0).
 */
export function rindex(s: string, sub: string, pos: DInt | undefined, strsize: number): number {
  const str = bound(cstr(s), strsize);
  const t = bound(cstr(sub), strsize);
  const len = str.length;
  if (t.length === 0 && len === 0) return 0;
  let start = len;
  if (pos !== undefined) {
    const p = num(pos);
    if (p < 0) return t.length === 0 ? 0 : -1;
    start = Math.min(p, len);
  }
  for (let i = start; i >= 0; i--) if (str.startsWith(t, i)) return i;
  return -1;
}

/** The byte a D `char` argument stands for. */
function charOf(c: DInt): string {
  return String.fromCharCode(Number(wrap(c, 8, false)));
}

/** strchr(s, c): the rest of s from the first c, or NULL. strchr(s, 0) is "". */
export function strchr(s: string, c: DInt, strsize: number): string | undefined {
  const str = bound(cstr(s), strsize);
  const ch = charOf(c);
  if (ch === '\0') return '';
  const i = str.indexOf(ch);
  return i < 0 ? undefined : str.slice(i);
}

/** strrchr(s, c): the rest of s from the last c, or NULL. */
export function strrchr(s: string, c: DInt, strsize: number): string | undefined {
  const str = bound(cstr(s), strsize);
  const ch = charOf(c);
  if (ch === '\0') return '';
  const i = str.lastIndexOf(ch);
  return i < 0 ? undefined : str.slice(i);
}

/** strstr(s, sub): the rest of s from the first sub, or NULL. */
export function strstr(s: string, sub: string, strsize: number): string | undefined {
  const str = bound(cstr(s), strsize);
  const t = bound(cstr(sub), strsize);
  if (t.length === 0) return str;
  const i = str.indexOf(t);
  return i < 0 ? undefined : str.slice(i);
}

/**
 * strtok() state. DTrace keeps the saved position in the per-firing machine state, so
 * the runtime holds one of these per probe firing (it behaves like a clause-local).
 */
export class Strtok {
  private rest: string | undefined;

  /** strtok(s, delims); `s` undefined is strtok(NULL, delims). Returns NULL when no token remains. */
  next(s: string | undefined, delims: string, strsize: number): string | undefined {
    const src = s === undefined ? this.rest : bound(cstr(s), strsize);
    if (src === undefined) return undefined;
    const set = new Set(bound(cstr(delims), strsize));
    let i = 0;
    while (i < src.length && set.has(src[i])) i++;
    if (i >= src.length) {
      this.rest = undefined;
      return undefined;
    }
    let j = i;
    while (j < src.length && !set.has(src[j]) && j - i < strsize - 1) j++;
    this.rest = src.slice(j);
    return src.slice(i, j);
  }

  reset(): void {
    this.rest = undefined;
  }
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * lltostr(v[, base]): decimal with a sign, or the 64-bit pattern in `base` (2..36): base
 * 16 adds `0x`, base 8 a leading `0`. Another base is an illegal-operation fault.
 */
export function lltostr(v: DInt, base: DInt = 10): string {
  const b = typeof base === 'bigint' ? (base > 36n || base < 2n ? 0 : Number(base)) : base;
  if (b <= 1 || b > 36) throw new SubrFault(FAULT_ILLOP);
  const i = toBig(wrap(v, 64, true));
  let val = b === 10 && i < 0n ? -i : BigInt.asUintN(64, i);
  let out = '';
  const bb = BigInt(b);
  for (; val > 0n; val /= bb) out = DIGITS[Number(val % bb)] + out;
  if (i === 0n && b === 16) out = `0${out}`;
  if (b === 16) out = `x${out}`;
  if (i === 0n || b === 8 || b === 16) out = `0${out}`;
  if (i < 0n && b === 10) out = `-${out}`;
  return out;
}

/**
 * strtoll(s[, base]) as SmartOS defines it: blanks and tabs, a sign, for base 16 an
 * optional 0x, then digits of `base`; no digits gives 0; overflow wraps. A base outside
 * 2..36 is an illegal-operation fault.
 */
export function strtoll(s: string, base: DInt = 10, strsize = 256): DInt {
  const b = typeof base === 'bigint' ? (base > 36n || base < 2n ? 0 : Number(base)) : base;
  if (b <= 1 || b > 36) throw new SubrFault(FAULT_ILLOP);
  const str = bound(cstr(s), strsize);
  let i = 0;
  while (str[i] === ' ' || str[i] === '\t') i++;
  let negative = false;
  if (str[i] === '-' || str[i] === '+') negative = str[i++] === '-';
  if (b === 16 && str[i] === '0' && (str[i + 1] === 'x' || str[i + 1] === 'X') && /[0-9a-fA-F]/.test(str[i + 2] ?? '')) i += 2;
  let v = 0n;
  const bb = BigInt(b);
  for (; i < str.length; i++) {
    const ch = str[i];
    if (!/[0-9A-Za-z]/.test(ch)) break;
    const d = /[0-9]/.test(ch) ? ch.charCodeAt(0) - 48 : /[a-z]/.test(ch) ? ch.charCodeAt(0) - 87 : ch.charCodeAt(0) - 55;
    if (d >= b) break;
    v = BigInt.asIntN(64, v * bb + BigInt(d));
  }
  return fromBig(BigInt.asIntN(64, negative ? -v : v));
}

function mapCase(s: string, strsize: number, from: number, to: number): string {
  let out = '';
  const str = bound(cstr(s), strsize);
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    out += c >= from && c <= from + 25 ? String.fromCharCode(c - from + to) : str[i];
  }
  return out;
}

export function toupper(s: string, strsize: number): string {
  return mapCase(s, strsize, 97, 65);
}

export function tolower(s: string, strsize: number): string {
  return mapCase(s, strsize, 65, 97);
}

/** Split a path as dtrace.c does for basename()/dirname(): [start, end] of each part. */
function pathParts(src: string, dirname: boolean): string {
  let s = src.length === 0 ? '.' : src;
  const len = s.length;
  let lastbase = -1, firstbase = -1, lastdir = -1;
  let i = len - 1;
  while (i >= 0 && s[i] === '/') i--;
  if (i >= 0) lastbase = i;
  while (i >= 0 && s[i] !== '/') i--;
  if (i >= 0) firstbase = i + 1;
  while (i >= 0 && s[i] === '/') i--;
  if (i >= 0) lastdir = i;
  if (lastbase === -1) firstbase = lastbase = lastdir = 0;
  if (firstbase === -1) {
    if (dirname) {
      s = '.';
      lastdir = 0;
    } else {
      firstbase = 0;
    }
  }
  if (dirname) return s.slice(0, (lastdir === -1 ? 0 : lastdir) + 1);
  return s.slice(firstbase, lastbase + 1);
}

/** basename(): the last component ("/" for all slashes, "." for ""). */
export function basename(s: string, strsize: number): string {
  return bound(pathParts(bound(cstr(s), strsize), false), strsize);
}

/** dirname(): everything before the last component ("." when there is none). */
export function dirname(s: string, strsize: number): string {
  return bound(pathParts(bound(cstr(s), strsize), true), strsize);
}

/**
 * cleanpath(): drops `//`, `/./` and `/../` (with the component before it) lexically;
 * the result is cut short when it reaches strsize - 5 bytes, as in dtrace.c.
 */
export function cleanpath(s: string, strsize: number): string {
  const src = bound(cstr(s), strsize);
  const dest: string[] = [];
  let i = 0;
  const load = (): string => (i < src.length ? src[i++] : (i++, '\0'));
  let c: string;
  let j = 0;
  const put = (ch: string): void => {
    dest[j++] = ch;
  };
  outer: do {
    c = load();
    for (;;) {
      if (j + 5 >= strsize) break outer;
      if (c !== '/') {
        put(c);
        continue outer;
      }
      c = load();
      if (c === '/') continue;
      if (c !== '.') {
        put('/');
        put(c);
        continue outer;
      }
      c = load();
      if (c === '/') continue;
      if (c !== '.') {
        put('/');
        put('.');
        put(c);
        continue outer;
      }
      c = load();
      if (c !== '/' && c !== '\0') {
        put('/');
        put('.');
        put('.');
        put(c);
        continue outer;
      }
      i--;
      while (j !== 0 && dest[--j] !== '/') continue;
      if (c === '\0') dest[++j] = '/';
      continue outer;
    }
  } while (c !== '\0');
  dest.length = j;
  return cstr(dest.join(''));
}

/**
 * json(doc, selector) as SmartOS defines it: the selector is keys and array indices
 * (`a.b[2].c`); the result is the selected value's text (a string without its quotes,
 * its escapes left as written; a number, true, false or null as written; an object or
 * array in full), or NULL when the document is malformed or nothing is selected.
 */
export function json(doc: string, selector: string, strsize: number): string | undefined {
  const src = bound(cstr(doc), strsize);
  const sel = bound(cstr(selector), strsize);
  const elems: string[] = [''];
  for (let k = 0; k < sel.length; k++) {
    const ch = sel[k];
    if (k === 0 && ch === '[') continue;
    if (ch === ']') continue;
    if (ch === '.' || ch === '[') elems.push('');
    else elems[elems.length - 1] += ch;
  }
  return jsonSelect(src, elems, strsize);
}

type JsonState =
  | 'rest' | 'object' | 'string' | 'escape' | 'unicode' | 'colon' | 'comma'
  | 'ident' | 'number' | 'frac' | 'exp' | 'value' | 'collect';

const isSpace = (c: string): boolean => c === ' ' || (c >= '\t' && c <= '\r');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLower = (c: string): boolean => c >= 'a' && c <= 'z';
const isXDigit = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

function selectorIndex(e: string, strsize: number): DInt {
  return strtoll(e, 10, strsize);
}

function jsonSelect(src: string, elems: readonly string[], strsize: number): string | undefined {
  let state: JsonState = 'rest';
  let arrayElem: DInt = -1;
  let arrayPos = 0;
  let unicount = 0;
  let stringIsKey = false;
  let collectObject = false;
  let foundKey = false;
  let inArray = false;
  let braces = 0, brackets = 0;
  let e = 0;
  let dd = '';
  const found = (): string | undefined => (elems.length - e > 1 ? undefined : dd);
  for (let cur = 0; cur < strsize; cur++) {
    const cc = cur < src.length ? src[cur] : '\0';
    if (cc === '\0') return undefined;
    switch (state) {
      case 'rest':
        if (isSpace(cc)) break;
        if (cc === '{') {
          state = 'object';
          break;
        }
        if (cc === '[') {
          inArray = true;
          arrayPos = 0;
          arrayElem = selectorIndex(elems[e], strsize);
          foundKey = arrayElem === 0;
          state = 'value';
          break;
        }
        return undefined;
      case 'object':
        if (isSpace(cc)) break;
        if (cc === '"') {
          state = 'string';
          stringIsKey = true;
          break;
        }
        return undefined;
      case 'string':
        if (cc === '\\') {
          dd += '\\';
          state = 'escape';
          break;
        }
        if (cc === '"') {
          if (collectObject) {
            dd += cc;
            collectObject = false;
            state = 'collect';
            break;
          }
          if (stringIsKey) {
            if (dd === elems[e]) foundKey = true;
          } else if (foundKey) {
            return found();
          }
          dd = '';
          state = stringIsKey ? 'colon' : 'comma';
          stringIsKey = false;
          break;
        }
        dd += cc;
        break;
      case 'escape':
        dd += cc;
        if (cc === 'u') {
          unicount = 0;
          state = 'unicode';
        } else {
          state = 'string';
        }
        break;
      case 'unicode':
        if (!isXDigit(cc)) return undefined;
        dd += cc;
        if (++unicount === 4) state = 'string';
        break;
      case 'colon':
        if (isSpace(cc)) break;
        if (cc === ':') {
          state = 'value';
          break;
        }
        return undefined;
      case 'comma':
        if (isSpace(cc)) break;
        if (cc === ',') {
          if (inArray) {
            state = 'value';
            if (++arrayPos === Number(arrayElem)) foundKey = true;
          } else {
            state = 'object';
          }
          break;
        }
        return undefined;
      case 'ident':
        if (isLower(cc)) {
          dd += cc;
          break;
        }
        if (dd === 'true' || dd === 'false' || dd === 'null') {
          if (foundKey) return found();
          dd = '';
          cur--;
          state = 'comma';
          break;
        }
        return undefined;
      case 'number':
      case 'frac':
      case 'exp':
        if (state === 'number') {
          if (cc === '.') {
            dd += cc;
            state = 'frac';
            break;
          }
          if (cc === 'x' || cc === 'X') return undefined;
        }
        if (state !== 'exp') {
          if (cc === 'e' || cc === 'E') {
            dd += cc;
            state = 'exp';
            break;
          }
          if (cc === '+' || cc === '-') return undefined;
        }
        if (isDigit(cc) || cc === '+' || cc === '-') {
          dd += cc;
          break;
        }
        if (foundKey) return found();
        dd = '';
        cur--;
        state = 'comma';
        break;
      case 'value':
        if (isSpace(cc)) break;
        if (cc === '{' || cc === '[') {
          if (elems.length - e > 1 && foundKey) {
            inArray = cc === '[';
            e++;
            dd = '';
            if (inArray) {
              state = 'value';
              arrayPos = 0;
              arrayElem = selectorIndex(elems[e], strsize);
              foundKey = arrayElem === 0;
            } else {
              foundKey = false;
              state = 'object';
            }
            break;
          }
          if (cc === '[') brackets = 1;
          else braces = 1;
          dd += cc;
          state = 'collect';
          break;
        }
        if (cc === '"') {
          state = 'string';
          break;
        }
        if (isLower(cc)) {
          dd += cc;
          state = 'ident';
          break;
        }
        if (cc === '-' || isDigit(cc)) {
          dd += cc;
          state = 'number';
          break;
        }
        return undefined;
      case 'collect':
        dd += cc;
        if (cc === '"') {
          collectObject = true;
          state = 'string';
          break;
        }
        if (cc === ']') {
          if (brackets-- === 0) return undefined;
        } else if (cc === '}') {
          if (braces-- === 0) return undefined;
        } else if (cc === '{') {
          braces++;
        } else if (cc === '[') {
          brackets++;
        }
        if (brackets === 0 && braces === 0) {
          if (foundKey) return dd;
          dd = '';
          state = 'comma';
        }
        break;
    }
  }
  return undefined;
}

/** htons()/ntohs(): the low 16 bits byte-swapped (x86 is little-endian). */
export function htons(v: DInt): number {
  const x = Number(wrap(v, 16, false));
  return ((x & 0xff) << 8) | (x >> 8);
}

/** htonl()/ntohl(): the low 32 bits byte-swapped. */
export function htonl(v: DInt): number {
  const x = Number(wrap(v, 32, false));
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** htonll()/ntohll(): all 64 bits byte-swapped (the result is a uint64_t). */
export function htonll(v: DInt): DInt {
  let x = toBig(asU64(v));
  let r = 0n;
  for (let k = 0; k < 8; k++) {
    r = (r << 8n) | (x & 0xffn);
    x >>= 8n;
  }
  return fromBig(r);
}

export const ntohs = htons;
export const ntohl = htonl;
export const ntohll = htonll;

/** inet_ntoa(): the four bytes of an ipaddr_t, in memory order, as a dotted quad. */
export function inetNtoa(bytes: ArrayLike<number>): string {
  return [0, 1, 2, 3].map((k) => String(bytes[k] & 0xff)).join('.');
}

/**
 * IPv6 text as dtrace.c builds it: 16-bit groups in lower-case hex with the longest
 * run of zero groups compressed to `::`; an IPv4-mapped or -compatible address ends in
 * its dotted quad (inet_ntoa6 returns just the quad for those).
 */
function ipv6(b: ArrayLike<number>, quadOnly: boolean): string {
  const u8 = (k: number): number => b[k] & 0xff;
  let firstzero = -1, tryzero = -1, numzero = 1;
  for (let k = 0; k < 16; k++) {
    if (u8(k) === 0 && tryzero === -1 && k % 2 === 0) {
      tryzero = k;
      continue;
    }
    if (tryzero !== -1 && (u8(k) !== 0 || k === 15)) {
      if (k - tryzero <= numzero) {
        tryzero = -1;
        continue;
      }
      firstzero = tryzero;
      numzero = k - (k % 2) - tryzero;
      tryzero = -1;
      if (u8(k) === 0 && k === 15) numzero += 2;
    }
  }
  let out = '';
  let v6end = 14;
  const zeros10 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].every((k) => u8(k) === 0);
  const mapped = zeros10 && u8(10) === 0xff && u8(11) === 0xff;
  const compat = zeros10 && u8(10) === 0 && u8(11) === 0 &&
    !(u8(12) === 0 && u8(13) === 0 && u8(14) === 0 && (u8(15) === 0 || u8(15) === 1));
  if (mapped || compat) {
    out = [12, 13, 14, 15].map((k) => String(u8(k))).join('.');
    if (quadOnly) return out;
    v6end = 10;
  }
  for (let k = v6end; k >= 0; k -= 2) {
    if (k === firstzero + numzero - 2) {
      out = `::${out}`;
      k -= numzero - 2;
      continue;
    }
    if (k < 14 && k !== firstzero - 2) out = `:${out}`;
    out = ((u8(k) << 8) + u8(k + 1)).toString(16) + out;
  }
  return out;
}

/** inet_ntoa6(): an in6_addr_t's 16 bytes as IPv6 text. */
export function inetNtoa6(bytes: ArrayLike<number>): string {
  return ipv6(bytes, true);
}

export const AF_INET = 2;
export const AF_INET6 = 26;

/** inet_ntop(af, addr): AF_INET (2) or AF_INET6 (26, illumos); another family is an illegal-operation fault. */
export function inetNtop(af: DInt, bytes: ArrayLike<number>): string {
  const f = Number(af);
  if (f === AF_INET) return inetNtoa(bytes);
  if (f === AF_INET6) return ipv6(bytes, false);
  throw new SubrFault(FAULT_ILLOP);
}
