// Where zdtrace's output goes (Node). Data is buffered and written in large chunks, on
// stdout or appended to the -o file; messages go to stderr prefixed with the command
// name, after any buffered data so that the two streams interleave as they were produced.

import { closeSync, openSync, writeSync } from 'node:fs';
import type { OutputSink } from '../d/host';

const FLUSH_AT = 1 << 16;

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Not owner',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Number of symbolic links encountered during path name traversal exceeds MAXSYMLINKS',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  EINVAL: 'Invalid argument',
};

/** strerror(3) of a Node fs error, in illumos's words. */
export function strerror(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && STRERROR[code] !== undefined) return STRERROR[code];
  return e instanceof Error ? e.message : String(e);
}

export class Output implements OutputSink {
  private parts: string[] = [];
  private size = 0;
  private fd: number | undefined;

  constructor(private readonly pname: string) {}

  /** Send data to `path` (opened for appending) instead of stdout. Throws the fs error. */
  openFile(path: string): void {
    this.fd = openSync(path, 'a');
  }

  stdout(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  stderr(text: string): void {
    this.flush();
    process.stderr.write(text);
  }

  /** `NAME: text\n` on stderr. */
  message(text: string): void {
    this.stderr(`${this.pname}: ${text}\n`);
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const s = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.fd !== undefined) writeSync(this.fd, s);
    else process.stdout.write(s);
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
