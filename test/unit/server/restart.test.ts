// zonescope serve end to end as a process: instrumentations created by the operator and by a
// customer survive a hard kill and a restart with the same --data (ids, properties and the
// id counters), a corrupt state file stops the start with a message naming it (exit 1),
// SIGTERM and SIGINT end it cleanly (exit 0), and the app's page is marked for the HTTP API.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, serveFails, startServe, type Served } from './serve-harness';

const SCENARIO = join(ROOT, 'test/unit/api/scenario.json');
const OP = 'op-restart-test-token';
const ACME = (JSON.parse(readFileSync(SCENARIO, 'utf8')) as { customers: { id: string; token: string }[] }).customers.find((c) => c.id === 'acme')!.token;

let data: string;
beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'zs-data-'));
});
afterAll(() => rmSync(data, { recursive: true, force: true }));

function call(s: Served, method: string, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(s.baseURL + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function created(r: Response): Promise<{ id: string; uri: string; module: string; stat: string; decomposition: string[]; predicate: unknown }> {
  expect(r.status, await r.clone().text()).toBe(201);
  return (await r.json()) as { id: string; uri: string; module: string; stat: string; decomposition: string[]; predicate: unknown };
}

const serveArgs = ['--scenario', SCENARIO, '--operator-token', OP, '--speed', '5'];

describe('zonescope serve --data', () => {
  it('keeps instrumentations, ids and counters across a kill and a restart', async () => {
    let s = await startServe([...serveArgs, '--data', data]);
    let op1, op2, acme1;
    try {
      expect(s.operatorToken).toBeUndefined();
      op1 = await created(await call(s, 'POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'zones', decomposition: ['zonename'] }));
      op2 = await created(await call(s, 'POST', '/ca/instrumentations', OP, { module: 'syscall', stat: 'syscalls', predicate: { eq: ['execname', 'nginx'] } }));
      acme1 = await created(await call(s, 'POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'zones' }));
      expect(acme1.id).toBe('1');
    } finally {
      // No goodbye: whatever was acknowledged must already be on disk.
      await s.stop('SIGKILL');
    }

    s = await startServe([...serveArgs, '--data', data]);
    try {
      for (const want of [op1, op2]) {
        const r = await call(s, 'GET', `/ca/instrumentations/${want.id}`, OP);
        expect(r.status).toBe(200);
        const got = (await r.json()) as typeof want;
        expect(got).toMatchObject({ id: want.id, module: want.module, stat: want.stat, decomposition: want.decomposition, predicate: want.predicate });
      }
      const mine = await call(s, 'GET', '/ca/customers/acme/instrumentations/1', ACME);
      expect(mine.status).toBe(200);
      expect(await mine.json()).toMatchObject({ id: '1', module: 'cpu', stat: 'zones' });

      const op3 = await created(await call(s, 'POST', '/ca/instrumentations', OP, { module: 'cpu', stat: 'zones' }));
      expect(Number(op3.id)).toBe(Number(op2.id) + 1);
      const acme2 = await created(await call(s, 'POST', '/ca/customers/acme/instrumentations', ACME, { module: 'cpu', stat: 'zones' }));
      expect(acme2.id).toBe('2');
      // The customer's namespace is still its own.
      expect((await call(s, 'GET', `/ca/instrumentations/${op1.id}`, ACME)).status).toBe(403);
    } finally {
      expect(await s.stop('SIGTERM')).toBe(0);
    }
  }, 60000);

  it('refuses a --data directory another running server uses (exit 1)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'zs-twice-'));
    const s = await startServe([...serveArgs, '--data', d]);
    try {
      const r = await serveFails([...serveArgs, '--data', d]);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`data directory ${d} is in use by another zonescope serve (pid ${s.child.pid})`);
      expect(r.stdout).not.toMatch(/listening on/);
    } finally {
      await s.stop();
      rmSync(d, { recursive: true, force: true });
    }
  }, 30000);

  it('refuses to start on a corrupt state file, naming it (exit 1), and leaves the file alone', async () => {
    const d = mkdtempSync(join(tmpdir(), 'zs-corrupt-'));
    try {
      const file = join(d, 'ca-state.json');
      writeFileSync(file, '{"format":"zonescope-ca-state","version":1,"savedAt":"x","state":{"version":1,"nextGlobalId":');
      const r = await serveFails([...serveArgs, '--data', d]);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/corrupt state file/);
      expect(r.stdout).not.toMatch(/listening on/);
      expect(readFileSync(file, 'utf8')).toContain('"nextGlobalId":');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  }, 30000);
});

describe('zonescope serve', () => {
  it('prints a generated operator token that opens the operator routes, and stops on SIGINT with exit 0', async () => {
    const s = await startServe(['--scenario', SCENARIO, '--speed', '5']);
    try {
      expect(s.operatorToken).toMatch(/^\S{16,}$/);
      expect(s.output().stdout.indexOf('operator token:')).toBeLessThan(s.output().stdout.indexOf('listening on'));
      expect((await call(s, 'GET', '/ca', s.operatorToken!)).status).toBe(200);
      expect((await fetch(`${s.baseURL}/ca`)).status).toBe(401);
      expect((await call(s, 'GET', '/ca', 'not-a-token')).status).toBe(401);
    } finally {
      expect(await s.stop('SIGINT')).toBe(0);
    }
  }, 30000);

  it('says when the port is taken (exit 1)', async () => {
    const s = await startServe(['--scenario', SCENARIO, '--speed', '5']);
    try {
      const port = new URL(s.baseURL).port;
      const r = await serveFails(['--scenario', SCENARIO, '--port', port]);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    } finally {
      await s.stop();
    }
  }, 30000);
});
