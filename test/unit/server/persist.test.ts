// zonescope serve's state file: what a save writes comes back from a load (and from a new
// FilePersistence, as after a restart), a save replaces the file whole, and a file that is
// not a valid state is an error naming the file, never an empty start.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersistedState } from '../../../src/ca/persist';
import { FilePersistence, LOCK_FILE, PersistError, STATE_FILE } from '../../../src/server/persist';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zs-persist-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function state(n: number): PersistedState {
  return {
    version: 1,
    nextGlobalId: n + 1,
    nextCustomerId: { acme: 3 },
    instrumentations: [
      { id: String(n), props: { module: 'cpu', stat: 'zones', decomposition: ['zonename'], crtime: 1313366400000 } },
      { custid: 'acme', id: '2', props: { module: 'syscall', stat: 'syscalls', crtime: 1313366401000, predicate: { eq: ['execname', 'nginx'] } } },
    ],
  };
}

async function opened(d = dir): Promise<FilePersistence> {
  const p = new FilePersistence({ dir: d });
  await p.open();
  return p;
}

describe('FilePersistence', () => {
  it('loads nothing from a directory it has never written', async () => {
    expect(await (await opened()).load()).toBeUndefined();
  });

  it('creates a missing data directory', async () => {
    const d = join(dir, 'a', 'b');
    const p = await opened(d);
    await p.save(state(1));
    expect(existsSync(join(d, STATE_FILE))).toBe(true);
  });

  it('gives back what it saved, also to a new instance (a restarted server)', async () => {
    const p = await opened();
    await p.save(state(4));
    expect(await p.load()).toEqual(state(4));
    expect(await (await opened()).load()).toEqual(state(4));
  });

  it('keeps the last of several saves in a row, and leaves no temporary file', async () => {
    const p = await opened();
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => p.save(state(n))));
    expect(await p.load()).toEqual(state(8));
    await p.close();
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
  });

  it('removes temporaries an interrupted save left behind, and the old state stands', async () => {
    const p = await opened();
    await p.save(state(2));
    writeFileSync(join(dir, `.${STATE_FILE}.123.abcdef.tmp`), '{"half": ');
    const q = await opened();
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, STATE_FILE].sort());
    expect(await q.load()).toEqual(state(2));
  });

  const corrupt: [string, string, RegExp][] = [
    ['truncated JSON', '{"format":"zonescope-ca-state","version":1,', /not JSON/],
    ['someone else\'s JSON', '{"hello": "world"}', /format/],
    ['a newer version', JSON.stringify({ format: 'zonescope-ca-state', version: 2, savedAt: 'x', state: {} }), /version/],
    ['a bad state', JSON.stringify({ format: 'zonescope-ca-state', version: 1, savedAt: 'x', state: { ...state(1), nextGlobalId: 0 } }), /nextGlobalId/],
    ['an id the counter has not reached', JSON.stringify({ format: 'zonescope-ca-state', version: 1, savedAt: 'x', state: { ...state(1), nextGlobalId: 1 } }), /instrumentations\[0\]\.id/],
  ];
  for (const [what, text, why] of corrupt) {
    it(`refuses ${what}, naming the file and the problem`, async () => {
      writeFileSync(join(dir, STATE_FILE), text);
      const p = await opened();
      const e = await p.load().then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(PersistError);
      expect((e as Error).message).toContain(join(dir, STATE_FILE));
      expect((e as Error).message).toMatch(why);
      // The file is left as it was for the operator to look at.
      expect(readFileSync(join(dir, STATE_FILE), 'utf8')).toBe(text);
    });
  }

  it('refuses a directory another live process holds, naming its pid', async () => {
    // The test runner's parent process is alive and is not this one.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    await expect(new FilePersistence({ dir }).open()).rejects.toThrow(`data directory ${dir} is in use by another zonescope serve (pid ${process.ppid})`);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over the lock of a process that is gone, and releases it on close', async () => {
    writeFileSync(join(dir, LOCK_FILE), '2147483646\n');
    const p = await opened();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await p.save(state(1));
    await p.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dir, STATE_FILE))).toBe(true);
  });

  it('says which directory is unusable', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    await expect(new FilePersistence({ dir: join(file, 'sub') }).open()).rejects.toThrow(/data directory .*plain-file\/sub is not usable/);
  });
});
