// zonescope serve's HTTP layer in-process (no worker): the built app's files with their
// content types, index.html (marked for the HTTP API) for app routes, no file outside dist/
// whatever the path says, and /ca requests converted for the service and back.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse } from '../../../src/server/api';
import { createZonescopeServer } from '../../../src/server/server';

let dir: string;
let dist: string;
let server: Server;
let base: string;
const seen: ApiRequest[] = [];

const INDEX = '<!doctype html><html><head><title>zs</title></head><body><div id="root"></div></body></html>';

async function service(req: ApiRequest): Promise<ApiResponse> {
  seen.push(req);
  if (req.path === '/ca/png') return { status: 200, headers: { 'content-type': 'image/png' }, body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]) };
  if (req.path === '/ca/gone') return { status: 204, headers: {}, body: '' };
  if (req.body.length > 64 * 1024) return { status: 413, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { code: 'ECA_TOOBIG', message: `body ${req.body.length}` } }) };
  return { status: 200, headers: { 'content-type': 'application/json', 'x-api-version': 'ca/0.1.8' }, body: JSON.stringify({ echo: req }) };
}

/** A raw request, so that paths reach the server exactly as written (fetch would normalise `..`). */
function raw(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const r = httpRequest({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    r.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zs-server-'));
  dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dist, 'mockServiceWorker.js'), '// sw');
  writeFileSync(join(dist, 'logo.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'top secret');
  symlinkSync(join(dir, 'secret.txt'), join(dist, 'link-out.txt'));
  server = createZonescopeServer({ api: { handle: service }, distDir: dist, onError: () => {} });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('the built app', () => {
  it('serves index.html at / with the meta element that switches the app to the HTTP API', async () => {
    const r = await fetch(`${base}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await r.text();
    expect(html).toContain('<meta name="zonescope-api" content="http" />');
    expect(html.indexOf('zonescope-api')).toBeGreaterThan(html.indexOf('<head>'));
    expect(html.indexOf('zonescope-api')).toBeLessThan(html.indexOf('</head>'));
  });

  it('answers app routes (no file extension) with index.html, and a missing file with 404', async () => {
    for (const p of ['/instrumentations/3', '/customers/acme', '/index.html']) {
      const r = await fetch(base + p);
      expect(r.status, p).toBe(200);
      expect(await r.text(), p).toContain('zonescope-api');
    }
    const missing = await fetch(`${base}/assets/index-gone.js`);
    expect(missing.status).toBe(404);
  });

  it('serves files with their content types', async () => {
    const cases: [string, string, string][] = [
      ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'body{}'],
      ['/mockServiceWorker.js', 'text/javascript; charset=utf-8', '// sw'],
      ['/logo.svg', 'image/svg+xml', '<svg/>'],
    ];
    for (const [p, type, body] of cases) {
      const r = await fetch(base + p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toBe(type);
      expect(await r.text(), p).toBe(body);
    }
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers HEAD without a body and refuses other methods on the app', async () => {
    const head = await raw('/assets/index-abc123.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('14');
    expect(head.body.length).toBe(0);
    const post = await fetch(`${base}/index.html`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('never serves a file outside dist/, however the path is spelled', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%00/../secret.txt',
      '/link-out.txt',
      `/${'../'.repeat(12)}etc/passwd`,
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    ];
    for (const p of attempts) {
      const r = await raw(p);
      expect(r.body.toString(), p).not.toContain('top secret');
      expect(r.body.toString(), p).not.toContain('root:');
      expect([400, 404], `${p} -> ${r.status}`).toContain(r.status);
    }
  });

  it('serves the new index.html after a rebuild replaced it', async () => {
    const before = await (await fetch(`${base}/`)).text();
    const html = INDEX.replace('<title>zs</title>', '<title>rebuilt</title>');
    writeFileSync(join(dist, 'index.html'), html);
    utimesSync(join(dist, 'index.html'), new Date(), new Date(Date.now() + 5000));
    const after = await (await fetch(`${base}/`)).text();
    expect(before).toContain('<title>zs</title>');
    expect(after).toContain('<title>rebuilt</title>');
    expect(after).toContain('zonescope-api');
  });

  it('says how to build the app when dist/ is missing, and still serves the API', async () => {
    const s = createZonescopeServer({ api: { handle: service }, distDir: join(dir, 'nowhere'), onError: () => {} });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const b = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    try {
      const r = await fetch(`${b}/`);
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('npm run build');
      expect((await fetch(`${b}/ca`)).status).toBe(200);
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});

describe('the REST API transport', () => {
  it('hands the service method, raw path, raw query, lower-case headers and the body', async () => {
    const r = await fetch(`${base}/ca/customers/acme/instrumentations?ndatapoints=3&x=a%20b`, {
      method: 'POST',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json', 'X-Extra': 'yes' },
      body: JSON.stringify({ module: 'cpu', stat: 'zones' }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-api-version')).toBe('ca/0.1.8');
    const { echo } = (await r.json()) as { echo: ApiRequest };
    expect(echo.method).toBe('POST');
    expect(echo.path).toBe('/ca/customers/acme/instrumentations');
    expect(echo.query).toBe('ndatapoints=3&x=a%20b');
    expect(echo.headers['authorization']).toBe('Bearer tok');
    expect(echo.headers['x-extra']).toBe('yes');
    expect(echo.body).toBe('{"module":"cpu","stat":"zones"}');
  });

  it('routes /ca and /ca/... to the service and nothing else', async () => {
    seen.length = 0;
    await fetch(`${base}/ca`);
    await fetch(`${base}/ca/`);
    await fetch(`${base}/cat`);
    await fetch(`${base}/cax/ca`);
    expect(seen.map((s) => s.path)).toEqual(['/ca', '/ca/']);
  });

  it('passes binary bodies through byte for byte, and 204 without a body', async () => {
    const png = await fetch(`${base}/ca/png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const gone = await fetch(`${base}/ca/gone`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe('');
  });

  it('reads at most 64 KB + 1 of a body: the service sees it is too large and answers 413', async () => {
    seen.length = 0;
    const big = 'x'.repeat(1024 * 1024);
    const r = await fetch(`${base}/ca/scripts`, { method: 'POST', body: big, headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(413);
    expect(seen[0]!.body.length).toBe(64 * 1024 + 1);
    // A body of exactly 64 KB arrives whole.
    const ok = await fetch(`${base}/ca/scripts`, { method: 'POST', body: 'y'.repeat(64 * 1024) });
    expect(ok.status).toBe(200);
    expect(seen[1]!.body.length).toBe(64 * 1024);
  });

  it('answers 500 with a CA error body when the service fails', async () => {
    const s = createZonescopeServer({ api: { handle: () => Promise.reject(new Error('boom')) }, distDir: dist, onError: () => {} });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const r = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/ca`);
      expect(r.status).toBe(500);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('ECA_UNKNOWN');
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});
