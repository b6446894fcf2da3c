// DTrace's options (d-language §5): every name illumos libdtrace knows, how its value is
// parsed, whether it is a compile-time, run-time or dynamic option, and the exact error
// texts. One DOptions object travels from the CLI (-x, -q, -b, ...) through `#pragma D
// option` lines into the consumer, where setopt() may change the dynamic ones. Pure.

/** How an option's value is written. */
export type OptionKind =
  /** Takes no value. */
  | 'flag'
  /** No value = set; empty = unset; yes/no, on/off, ...; or a non-negative integer. */
  | 'bool'
  /** An integer with an optional k/m/g/t suffix (each x1024). */
  | 'size'
  /** An integer with a time suffix or hz; a bare number is nanoseconds. */
  | 'rate'
  /** A plain integer. */
  | 'int'
  /** One of a fixed set of words. */
  | 'enum'
  /** Any text (a path, a name, a definition). */
  | 'text'
  /** A D version x.y[.z]. */
  | 'version';

/** When an option takes effect: at compile time, when tracing starts, or at any time. */
export type OptionClass = 'compile' | 'runtime' | 'dynamic';

/** Where a set() comes from: the command line, a `#pragma D option`, or setopt() while tracing. */
export type OptionSource = 'cli' | 'pragma' | 'setopt';

export type OptionValue = number | string;

interface OptionSpec {
  readonly kind: OptionKind;
  readonly cls: OptionClass;
  /** enum words. */
  readonly words?: readonly string[];
  /** Refused inside a D program (cpp, environment and link-editor options). */
  readonly noPragma?: boolean;
}

export const OPTION_ERRORS = {
  name: 'Invalid option name',
  value: 'Invalid value for specified option',
  context: 'Option cannot be used from within a D program',
  active: 'Operation illegal when tracing is active',
  versionFormat: 'Version is not properly formatted or is too large',
  versionUnknown: 'Requested version is not supported by compiler',
} as const;

/** A rejected option; `message` is DTrace's text (`Invalid option name`, ...). */
export class OptionError extends Error {
  constructor(
    readonly option: string,
    readonly value: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'OptionError';
  }
}

const c = (kind: OptionKind, extra: Partial<OptionSpec> = {}): OptionSpec => ({ kind, cls: 'compile', ...extra });
const r = (kind: OptionKind, extra: Partial<OptionSpec> = {}): OptionSpec => ({ kind, cls: 'runtime', ...extra });
const d = (kind: OptionKind, extra: Partial<OptionSpec> = {}): OptionSpec => ({ kind, cls: 'dynamic', ...extra });

const SPECS: Readonly<Record<string, OptionSpec>> = {
  // Compile-time options.
  aggpercpu: c('flag'),
  amin: c('text'),
  argref: c('flag'),
  core: c('text'),
  cpp: c('flag'),
  cpphdrs: c('flag', { noPragma: true }),
  cpppath: c('text', { noPragma: true }),
  ctypes: c('text'),
  debug: c('flag'),
  defaultargs: c('flag'),
  define: c('text', { noPragma: true }),
  droptags: c('flag'),
  dtypes: c('text'),
  empty: c('flag'),
  encoding: c('enum', { words: ['ascii', 'utf8'] }),
  errtags: c('flag'),
  evaltime: c('enum', { words: ['exec', 'preinit', 'postinit', 'main'] }),
  incdir: c('text', { noPragma: true }),
  iregs: c('int'),
  kdefs: c('flag'),
  knodefs: c('flag'),
  late: c('enum', { words: ['dynamic', 'static'] }),
  lazyload: c('flag'),
  ldpath: c('text', { noPragma: true }),
  libdir: c('text'),
  linkmode: c('enum', { words: ['kernel', 'primary', 'dynamic', 'static'] }),
  linktype: c('enum', { words: ['elf', 'dof'] }),
  nolibs: c('flag'),
  pgmax: c('int'),
  pspec: c('flag'),
  setenv: c('text', { noPragma: true }),
  stdc: c('enum', { words: ['a', 'c', 's', 't'] }),
  strip: c('flag'),
  syslibdir: c('text'),
  tree: c('int'),
  tregs: c('int'),
  udefs: c('flag'),
  undef: c('text', { noPragma: true }),
  unodefs: c('flag'),
  unsetenv: c('text', { noPragma: true }),
  verbose: c('flag'),
  version: c('version'),
  zdefs: c('flag'),
  // Run-time options: fixed once tracing starts.
  aggsize: r('size'),
  bufsize: r('size'),
  bufpolicy: r('enum', { words: ['ring', 'fill', 'switch'] }),
  bufresize: r('enum', { words: ['auto', 'manual'] }),
  cleanrate: r('rate'),
  cpu: r('bool'),
  destructive: r('bool'),
  dynvarsize: r('size'),
  grabanon: r('bool'),
  jstackframes: r('bool'),
  jstackstrsize: r('size'),
  nspec: r('bool'),
  specsize: r('size'),
  stackframes: r('bool'),
  statusrate: r('rate'),
  strsize: r('size'),
  ustackframes: r('bool'),
  temporal: r('bool'),
  zone: r('text'),
  // Dynamic options: setopt() may change them while tracing.
  aggrate: d('rate'),
  aggsortkey: d('bool'),
  aggsortkeypos: d('bool'),
  aggsortpos: d('bool'),
  aggsortrev: d('bool'),
  aggpack: d('bool'),
  aggzoom: d('bool'),
  agghist: d('bool'),
  flowindent: d('bool'),
  quiet: d('bool'),
  rawbytes: d('bool'),
  stackindent: d('bool'),
  switchrate: d('rate'),
};

/** D versions this compiler accepts for `-xversion`, oldest first. */
export const D_VERSIONS: readonly string[] = [
  '1.0', '1.1', '1.2', '1.2.1', '1.2.2', '1.3', '1.4', '1.4.1', '1.5', '1.6', '1.6.1', '1.6.2',
  '1.6.3', '1.7', '1.7.1', '1.8', '1.8.1', '1.9', '1.9.1', '1.10', '1.11', '1.12', '1.12.1',
];

const NS_PER_SEC = 1_000_000_000;

const RATE_UNITS: Readonly<Record<string, number>> = {
  ns: 1, nsec: 1,
  us: 1_000, usec: 1_000,
  ms: 1_000_000, msec: 1_000_000,
  s: NS_PER_SEC, sec: NS_PER_SEC,
  m: 60 * NS_PER_SEC, min: 60 * NS_PER_SEC,
  h: 3600 * NS_PER_SEC, hour: 3600 * NS_PER_SEC,
  d: 86400 * NS_PER_SEC, day: 86400 * NS_PER_SEC,
  hz: 0,
};

const BOOL_WORDS: readonly (readonly [string, string])[] = [
  ['yes', 'no'], ['enable', 'disable'], ['enabled', 'disabled'],
  ['true', 'false'], ['on', 'off'], ['set', 'unset'],
];

/**
 * C's strtoull(s, &end, 0) on the start of `s`: optional blanks and sign, then a
 * hex (0x), octal (0) or decimal number. The value is what C would store in an int64 (a
 * minus sign or a value >= 2^63 reads negative); `end` is where parsing stopped (0 when
 * there were no digits) and -1 on overflow (errno ERANGE).
 */
export function strtoull(s: string): { readonly value: bigint; readonly end: number } {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') negative = s[i++] === '-';
  let radix = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    radix = 16;
    i += 2;
  } else if (s[i] === '0') {
    radix = 8;
  }
  const start = i;
  let v = 0n;
  for (; i < s.length; i++) {
    const digit = parseInt(s[i], radix);
    if (Number.isNaN(digit)) break;
    v = v * BigInt(radix) + BigInt(digit);
  }
  if (i === start) return { value: 0n, end: 0 };
  if (v > 0xffffffffffffffffn) return { value: -1n, end: -1 };
  return { value: BigInt.asIntN(64, negative ? -v : v), end: i };
}

/** An integer that must be fully consumed and non-negative; undefined on failure. */
function parseWholeInt(s: string): bigint | undefined {
  const { value, end } = strtoull(s);
  if (end !== s.length || value < 0n) return undefined;
  return value;
}

function toOptNumber(v: bigint): number {
  // Option values beyond 2^53 are not meaningful in a simulation; keep them as large numbers.
  return Number(v);
}

function parseVersion(s: string): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m || Number(m[1]) > 0xff || Number(m[2]) > 0xfff || Number(m[3] ?? 0) > 0xfff) {
    throw new OptionError('version', s, OPTION_ERRORS.versionFormat);
  }
  const canon = `${Number(m[1])}.${Number(m[2])}${m[3] !== undefined && Number(m[3]) !== 0 ? `.${Number(m[3])}` : ''}`;
  if (!D_VERSIONS.includes(canon)) throw new OptionError('version', s, OPTION_ERRORS.versionUnknown);
  return canon;
}

/** Parse one option value; undefined means "unset". Throws OptionError for a bad value. */
function parseValue(name: string, spec: OptionSpec, value: string | undefined): OptionValue | undefined {
  const bad = (): never => {
    throw new OptionError(name, value, OPTION_ERRORS.value);
  };
  switch (spec.kind) {
    case 'flag':
      if (value !== undefined) bad();
      return 1;
    case 'bool': {
      if (value === undefined) return 0;
      if (value === '') return undefined;
      const lower = value.toLowerCase();
      for (const [yes, no] of BOOL_WORDS) {
        if (lower === yes) return 1;
        if (lower === no) return undefined;
      }
      const v = parseWholeInt(value);
      return v === undefined ? bad() : toOptNumber(v);
    }
    case 'size': {
      if (value === undefined) return 0;
      const last = value.slice(-1).toLowerCase();
      const shift = { k: 10n, m: 20n, g: 30n, t: 40n }[last];
      const digits = shift === undefined ? value : value.slice(0, -1);
      const { value: n, end } = strtoull(digits);
      if (end !== digits.length || n < 0n) bad();
      const v = BigInt.asIntN(64, n << (shift ?? 0n));
      if (v < 0n) bad();
      return toOptNumber(v);
    }
    case 'rate': {
      if (value === undefined) return 0;
      const { value: n, end } = strtoull(value);
      const unit = value.slice(Math.max(end, 0)).toLowerCase();
      if (end < 0 || n < 0n) bad();
      if (unit === '') return toOptNumber(n);
      const mul = RATE_UNITS[unit];
      if (mul === undefined) bad();
      if (mul === 0) return n === 0n ? 0 : Math.trunc(NS_PER_SEC / Number(n));
      return toOptNumber(n * BigInt(mul));
    }
    case 'int': {
      if (value === undefined) bad();
      const { value: n, end } = strtoull(value as string);
      if (end !== (value as string).length || (value as string) === '') bad();
      return toOptNumber(n);
    }
    case 'enum':
      if (value === undefined || !spec.words?.includes(value)) bad();
      return value as string;
    case 'text':
      if (value === undefined) bad();
      return value as string;
    case 'version':
      if (value === undefined) bad();
      return parseVersion(value as string);
  }
}

/** Is `name` an option DTrace knows? */
export function isOption(name: string): boolean {
  return Object.hasOwn(SPECS, name);
}

/** The class of a known option, or undefined. */
export function optionClass(name: string): OptionClass | undefined {
  return Object.hasOwn(SPECS, name) ? SPECS[name].cls : undefined;
}

export function optionKind(name: string): OptionKind | undefined {
  return Object.hasOwn(SPECS, name) ? SPECS[name].kind : undefined;
}

/** Every option name, sorted. */
export const OPTION_NAMES: readonly string[] = Object.keys(SPECS).sort();

const KB = 1024;
const MB = 1024 * KB;

/**
 * The option values of one dtrace invocation. The constructor applies what dtrace(1M)
 * sets before anything else (bufsize=4m, aggsize=4m, temporal=yes); unset options read
 * as undefined from get() and as their documented default from the typed getters.
 */
export class DOptions {
  private readonly values: Map<string, OptionValue>;

  constructor(values?: ReadonlyMap<string, OptionValue>) {
    if (values) {
      this.values = new Map(values);
    } else {
      this.values = new Map<string, OptionValue>([
        ['bufsize', 4 * MB],
        ['aggsize', 4 * MB],
        ['temporal', 1],
      ]);
    }
  }

  /**
   * Set an option as `-x name[=value]`, `#pragma D option name[=value]` or
   * `setopt("name"[, "value"])` would. Throws OptionError with DTrace's message.
   */
  set(name: string, value?: string, from: OptionSource = 'cli'): void {
    if (!Object.hasOwn(SPECS, name)) throw new OptionError(name, value, OPTION_ERRORS.name);
    const spec = SPECS[name];
    if (from === 'pragma' && spec.noPragma) throw new OptionError(name, value, OPTION_ERRORS.context);
    if (from === 'setopt' && spec.cls === 'runtime') throw new OptionError(name, value, OPTION_ERRORS.active);
    const v = parseValue(name, spec, value);
    if (v === undefined) this.values.delete(name);
    else this.values.set(name, v);
  }

  /** The raw value: a number (sizes in bytes, rates in ns, flags 1), a word, or undefined when unset. */
  get(name: string): OptionValue | undefined {
    return this.values.get(name);
  }

  /** Is the option set (not unset)? */
  has(name: string): boolean {
    return this.values.has(name);
  }

  clone(): DOptions {
    return new DOptions(this.values);
  }

  /** Names of the options that are set, in the order they were first set. */
  names(): readonly string[] {
    return [...this.values.keys()];
  }

  private num(name: string, dflt: number): number {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : dflt;
  }

  get quiet(): boolean { return this.has('quiet'); }
  get flowindent(): boolean { return this.has('flowindent'); }
  get rawbytes(): boolean { return this.has('rawbytes'); }
  get destructive(): boolean { return this.has('destructive'); }
  get errtags(): boolean { return this.has('errtags'); }
  get droptags(): boolean { return this.has('droptags'); }
  get zdefs(): boolean { return this.has('zdefs'); }
  get defaultargs(): boolean { return this.has('defaultargs'); }
  get argref(): boolean { return this.has('argref'); }
  get empty(): boolean { return this.has('empty'); }
  get pspec(): boolean { return this.has('pspec'); }
  get verbose(): boolean { return this.has('verbose'); }
  get temporal(): boolean { return this.has('temporal'); }
  get aggsortkey(): boolean { return this.has('aggsortkey'); }
  get aggsortrev(): boolean { return this.has('aggsortrev'); }
  get aggpack(): boolean { return this.has('aggpack'); }
  get aggzoom(): boolean { return this.has('aggzoom'); }
  get agghist(): boolean { return this.has('agghist'); }
  /** Key position the key comparison starts at (0 when unset). */
  get aggsortkeypos(): number { return this.num('aggsortkeypos', 0); }
  /** Which aggregation of a joined printa() is compared first (0 when unset). */
  get aggsortpos(): number { return this.num('aggsortpos', 0); }
  /** String size in bytes, NUL included (strings hold at most strsize - 1 characters). */
  get strsize(): number { return this.num('strsize', 256); }
  get bufsize(): number { return this.num('bufsize', 4 * MB); }
  get aggsize(): number { return this.num('aggsize', 4 * MB); }
  get dynvarsize(): number { return this.num('dynvarsize', MB); }
  get nspec(): number { return this.num('nspec', 1); }
  get specsize(): number { return this.num('specsize', 32 * KB); }
  get stackframes(): number { return this.num('stackframes', 20); }
  get ustackframes(): number { return this.num('ustackframes', 20); }
  get jstackframes(): number { return this.num('jstackframes', 50); }
  get jstackstrsize(): number { return this.num('jstackstrsize', 512); }
  get stackindent(): number { return this.num('stackindent', 14); }
  /** ns between buffer switches (1hz when unset). */
  get switchrate(): number { return this.num('switchrate', NS_PER_SEC); }
  get aggrate(): number { return this.num('aggrate', NS_PER_SEC); }
  get statusrate(): number { return this.num('statusrate', NS_PER_SEC); }
  get cleanrate(): number { return this.num('cleanrate', Math.trunc(NS_PER_SEC / 101)); }
  get bufpolicy(): string { const v = this.values.get('bufpolicy'); return typeof v === 'string' ? v : 'switch'; }
  get bufresize(): string { const v = this.values.get('bufresize'); return typeof v === 'string' ? v : 'auto'; }
  get zone(): string | undefined { const v = this.values.get('zone'); return typeof v === 'string' ? v : undefined; }
}
