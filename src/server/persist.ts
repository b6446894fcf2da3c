// File persistence for zonescope serve (Node; runs in the CA worker thread beside the
// CaService): the service's state (instrumentations, ids, counters) as one JSON file in the
// --data directory. A save replaces the file atomically: write a temporary file in the same
// directory, fsync it, rename it over the old one, fsync the directory; a crash leaves
// either the old state or the new one, never half of one. Load validates: a file that is not
// a state this version wrote is an error naming the file, never silently dropped.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parsePersistedState, type PersistedState, type Persistence } from '../ca/persist';

export const STATE_FILE = 'ca-state.json';
/** Holds the pid of the server using the directory: two servers saving over each other would lose ids. */
export const LOCK_FILE = 'ca-state.lock';
const FORMAT = 'zonescope-ca-state';
const VERSION = 1;
const TMP_PREFIX = `.${STATE_FILE}.`;

/** The persisted file is unreadable, corrupt or from elsewhere: what and where. */
export class PersistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersistError';
  }
}

const envelopeSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  savedAt: z.string(),
  state: z.unknown(),
});

export interface FilePersistenceOptions {
  readonly dir: string;
  /** Validates the service's part of the file (throws with a message naming what is wrong); default: the service's schema. */
  readonly parseState?: (x: unknown) => PersistedState;
}

export class FilePersistence implements Persistence {
  readonly file: string;
  private readonly dir: string;
  private readonly parseState: (x: unknown) => PersistedState;
  /** Saves run one at a time, in order; the last one called is the last one written. */
  private queue: Promise<void> = Promise.resolve();
  private locked = false;

  constructor(o: FilePersistenceOptions) {
    this.dir = o.dir;
    this.file = join(o.dir, STATE_FILE);
    this.parseState = o.parseState ?? parsePersistedState;
  }

  /**
   * Creates the directory if needed, checks that it is writable and takes its lock (another
   * live process holding it is an error naming its pid); removes temporaries a crash left behind.
   */
  async open(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      await access(this.dir, constants.W_OK | constants.X_OK);
    } catch (e) {
      throw new PersistError(`data directory ${this.dir} is not usable: ${reason(e)}`);
    }
    await this.lock();
    for (const f of await readdir(this.dir)) {
      if (f.startsWith(TMP_PREFIX) && f.endsWith('.tmp')) await rm(join(this.dir, f), { force: true });
    }
  }

  /** Lets the last save finish and releases the directory. */
  async close(): Promise<void> {
    await this.queue;
    if (!this.locked) return;
    this.locked = false;
    await rm(join(this.dir, LOCK_FILE), { force: true });
  }

  private async lock(): Promise<void> {
    const file = join(this.dir, LOCK_FILE);
    // Two tries: the second after removing a lock whose process is gone (a kill -9 leaves one).
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fh = await open(file, 'wx', 0o600);
        try {
          await fh.writeFile(`${process.pid}\n`, 'utf8');
        } finally {
          await fh.close();
        }
        this.locked = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new PersistError(`cannot lock data directory ${this.dir}: ${reason(e)}`);
      }
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new PersistError(`data directory ${this.dir} is in use by another zonescope serve (pid ${pid}): stop it or choose another --data`);
      }
      await rm(file, { force: true });
    }
    throw new PersistError(`cannot lock data directory ${this.dir}: ${file} keeps coming back`);
  }

  async load(): Promise<PersistedState | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new PersistError(`cannot read state file ${this.file}: ${reason(e)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw corrupt(this.file, `not JSON (${reason(e)})`);
    }
    const env = envelopeSchema.safeParse(json);
    if (!env.success) {
      const issue = env.error.issues[0]!;
      throw corrupt(this.file, `${issue.path.join('.') || 'top level'}: ${issue.message} (expected a ${FORMAT} file, version ${VERSION})`);
    }
    try {
      return this.parseState(env.data.state);
    } catch (e) {
      throw corrupt(this.file, `state: ${reason(e)}`);
    }
  }

  save(s: PersistedState): Promise<void> {
    const text = `${JSON.stringify({ format: FORMAT, version: VERSION, savedAt: new Date().toISOString(), state: s }, null, 1)}\n`;
    const run = this.queue.then(() => this.write(text));
    // A failed save is reported to its caller; the next save still runs.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(text: string): Promise<void> {
    const tmp = join(this.dir, `${TMP_PREFIX}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(text, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw new PersistError(`cannot save state to ${this.file}: ${reason(e)}`);
    }
    await syncDir(this.dir);
  }
}

/** fsync a directory so a rename in it is durable. Some file systems refuse: the rename stands anyway. */
async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw new PersistError(`cannot sync directory ${dir}: ${reason(e)}`);
  } finally {
    await fh?.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function corrupt(file: string, what: string): PersistError {
  return new PersistError(`corrupt state file ${file}: ${what}; nothing was loaded (move the file away to start empty)`);
}

/** An error's message on one line (JSON.parse quotes the offending text, newlines included). */
function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ').trim();
}
