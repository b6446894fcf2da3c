// The conformance runner (Node, vitest): every test/conformance/**/*.d is one case. Its
// header names the rule it checks and how to run it; the expected stdout (.out), stderr
// (.err) and exit status were written by hand from the reference documents. Each case runs
// `dtrace --fast ...` through a symlink named `dtrace` to bin/zdtrace, so messages carry
// the `dtrace: ` prefix exactly as illumos prints them. The format is in README.md here.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const CASE_TIMEOUT_MS = 20_000;
const POOL_SIZE = 4;

export interface CaseHeader {
  readonly rule: string;
  readonly args: readonly string[];
  readonly operands: readonly string[];
  readonly cmd: readonly string[] | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface Case {
  readonly file: string; // absolute path of the .d
  readonly name: string; // path relative to test/conformance, e.g. lex/octal-digit.d
}

interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | undefined;
  readonly signal: string | undefined;
  readonly timedOut: boolean;
}

/** Splits a command line as a POSIX shell would for plain words, '...' and "..." (with \ escapes). */
export function shellSplit(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated " in: ${line}`);
        const d = line[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          cur += line[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const KNOWN_TAGS = new Set(['args', 'operands', 'cmd', 'env', 'status']);

/** Reads the header comment (the first /* ... *\/ block) of a test file. */
export function parseHeader(text: string, name: string): CaseHeader {
  const m = /^\s*\/\*([\s\S]*?)\*\//.exec(text);
  if (!m) throw new Error(`${name}: no header comment`);
  const lines = m[1].split('\n').map((l) => l.replace(/^\s*\*?\s?/, ''));
  let rule = '';
  let inRule = false;
  let args: string[] = [];
  let operands: string[] = [];
  let cmd: string[] | undefined;
  const env: Record<string, string> = {};
  let status = 0;
  for (const l of lines) {
    const tag = /^@@(\w+):\s?(.*)$/.exec(l.trim());
    if (tag) {
      inRule = false;
      const [, key, value] = tag;
      if (!KNOWN_TAGS.has(key)) throw new Error(`${name}: unknown header tag @@${key}`);
      if (key === 'args') args = shellSplit(value);
      else if (key === 'operands') operands = shellSplit(value);
      else if (key === 'cmd') cmd = shellSplit(value);
      else if (key === 'status') {
        if (!/^\d+$/.test(value.trim())) throw new Error(`${name}: bad @@status: ${value}`);
        status = Number(value.trim());
      } else {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new Error(`${name}: bad @@env: ${value}`);
        env[value.slice(0, eq).trim()] = value.slice(eq + 1).trim();
      }
      continue;
    }
    const r = /^Rule:\s*(.*)$/.exec(l.trim());
    if (r) {
      rule = r[1];
      inRule = true;
    } else if (inRule && l.trim() !== '') {
      rule += ' ' + l.trim();
    } else {
      inRule = false;
    }
  }
  if (rule === '') throw new Error(`${name}: header has no Rule:`);
  if (cmd && (args.length > 0 || operands.length > 0)) {
    throw new Error(`${name}: @@cmd excludes @@args and @@operands`);
  }
  return { rule, args, operands, cmd, env, status };
}

/** Every .d under dir, sorted so the report order is stable. */
export function discover(dir: string): Case[] {
  const out: Case[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.d')) out.push({ file: p, name: relative(dir, p) });
    }
  };
  walk(dir);
  return out;
}

/** The simulated host every case runs on: one quiet 8-CPU node (README.md, "The simulated host"). */
export const SCENARIO = join(here, 'node8.json');

/** The argument vector after the command name. */
export function argvFor(c: Case, h: CaseHeader): string[] {
  if (h.cmd) return ['--fast', '--scenario', SCENARIO, ...h.cmd];
  return ['--fast', '--scenario', SCENARIO, ...h.args, '-s', basename(c.file), ...h.operands];
}

/** A minimal unified diff (LCS on lines), enough to see what differs. */
export function unifiedDiff(label: string, expected: string, actual: string): string {
  const split = (s: string): string[] => {
    const parts = s.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    else parts[parts.length - 1] += '\n\\ No newline at end of file';
    return parts;
  };
  const a = split(expected);
  const b = split(actual);
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: string[] = [`--- expected ${label}`, `+++ actual ${label}`];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      lines.push(` ${a[i]}`);
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      lines.push(`-${a[i]}`);
      i++;
    } else {
      lines.push(`+${b[j]}`);
      j++;
    }
  }
  return lines.join('\n');
}

/** A counting semaphore: at most `size` cases spawn node at once. */
class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function execute(command: string, argv: readonly string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CASE_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout: '', stderr: String(e), status: undefined, signal: undefined, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        status: code ?? undefined,
        signal: signal ?? undefined,
        timedOut,
      });
    });
  });
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && k !== '_DTRACE_TESTING' && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
  }
  return env;
}

const cases = discover(here);
const pool = new Pool(POOL_SIZE);
let work = '';
let dtrace = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'zs-conformance-'));
  dtrace = join(work, 'dtrace');
  symlinkSync(join(root, 'bin', 'zdtrace'), dtrace);
});

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe.concurrent('conformance', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const text = readFileSync(c.file, 'utf8');
      const h = parseHeader(text, c.name);
      const stem = c.file.slice(0, -2);
      if (!existsSync(`${stem}.out`)) throw new Error(`${c.name}: missing ${basename(stem)}.out`);
      const expOut = readFileSync(`${stem}.out`, 'utf8');
      const expErr = existsSync(`${stem}.err`) ? readFileSync(`${stem}.err`, 'utf8') : '';
      const argv = argvFor(c, h);
      const r = await pool.run(() => execute(dtrace, argv, dirname(c.file), { ...baseEnv(), ...h.env }));
      const problems: string[] = [];
      if (r.timedOut) problems.push(`timed out after ${CASE_TIMEOUT_MS / 1000} s`);
      if (r.status !== h.status) {
        problems.push(`exit status: expected ${h.status}, got ${r.status ?? `signal ${r.signal}`}`);
      }
      if (r.stdout !== expOut) problems.push(unifiedDiff('stdout', expOut, r.stdout));
      const actErr = normalizeDifOffsets(r.stderr);
      if (actErr !== expErr) problems.push(unifiedDiff('stderr', expErr, actErr));
      if (problems.length > 0) {
        const envText = Object.entries(h.env).map(([k, v]) => `${k}=${v} `).join('');
        throw new Error(
          `${c.name}\nRule: ${h.rule}\n$ (cd ${relative(root, dirname(c.file))} && ${envText}dtrace ${argv.map(quote).join(' ')})\n` +
            problems.join('\n'),
        );
      }
    }, CASE_TIMEOUT_MS * 3);
  }
});

/**
 * The DIF offset in a fault message (`... in action #1 at DIF offset 12`) is where the fault
 * happened in illumos's own DIF code, which no other implementation reproduces. Like
 * dtrace-utils' runtest.sh (which rewrites `BPF pc N` to `BPF pc NNN`), expected .err files
 * write it as `DIF offset N` and the actual output is rewritten the same way.
 */
function normalizeDifOffsets(text: string): string {
  return text.replace(/ at DIF offset \d+/g, ' at DIF offset N');
}

function quote(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
