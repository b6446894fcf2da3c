// The MSW handlers (src/mocks/handlers.ts) in Node with msw/node: a fetch to /ca or /ca/...
// reaches the service as the same ApiRequest zonescope serve would build, and the service's
// ApiResponse comes back as the Response; other URLs are not touched.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src/mocks/handlers';
import type { ApiRequest, ApiResponse } from '../../../src/server/api';

const seen: ApiRequest[] = [];
async function handle(req: ApiRequest): Promise<ApiResponse> {
  seen.push(req);
  if (req.path === '/ca/png') return { status: 200, headers: { 'content-type': 'image/png' }, body: new Uint8Array([0x89, 0x50, 0, 255]) };
  if (req.method === 'DELETE') return { status: 204, headers: { 'x-api-version': 'ca/0.1.8' }, body: '' };
  if (req.body.length > 64 * 1024) return { status: 413, headers: {}, body: '{"error":{"code":"ECA_TOOBIG","message":"too big"}}' };
  return { status: 201, headers: { 'content-type': 'application/json', location: '/ca/instrumentations/1' }, body: JSON.stringify({ ok: true }) };
}

const server = setupServer(...createHandlers({ handle }));
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

const base = 'http://127.0.0.1:9';

describe('MSW handlers', () => {
  it('convert a request into the ApiRequest the service expects', async () => {
    seen.length = 0;
    const r = await fetch(`${base}/ca/customers/acme/instrumentations?a=1&b=x%20y`, {
      method: 'post',
      headers: { Authorization: 'Bearer t0k', 'Content-Type': 'application/json' },
      body: '{"module":"cpu"}',
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe('/ca/instrumentations/1');
    expect(await r.json()).toEqual({ ok: true });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/ca/customers/acme/instrumentations',
      query: 'a=1&b=x%20y',
      body: '{"module":"cpu"}',
    });
    expect(seen[0]!.headers['authorization']).toBe('Bearer t0k');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('handle /ca and /ca/... only', async () => {
    seen.length = 0;
    await fetch(`${base}/ca`);
    await fetch(`${base}/ca/instrumentations`);
    // Not ours: nothing listens there, so the request fails instead of reaching the service.
    await fetch(`${base}/cat`).catch(() => undefined);
    expect(seen.map((s) => s.path)).toEqual(['/ca', '/ca/instrumentations']);
  });

  it('return binary bodies byte for byte and 204 without a body', async () => {
    const png = await fetch(`${base}/ca/png`);
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([0x89, 0x50, 0, 255]);
    const del = await fetch(`${base}/ca/instrumentations/1`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(del.headers.get('x-api-version')).toBe('ca/0.1.8');
    expect(await del.text()).toBe('');
  });

  it('hand the service at most 64 KB + 1 of a large body', async () => {
    seen.length = 0;
    const r = await fetch(`${base}/ca/scripts`, { method: 'POST', body: 'z'.repeat(300 * 1024) });
    expect(r.status).toBe(413);
    expect(seen[0]!.body.length).toBe(64 * 1024 + 1);
  });

  it('answer a CA error body (500) when the service itself fails', async () => {
    const failing = setupServer(...createHandlers({ handle: () => Promise.reject(new Error('worker gone')) }));
    server.close();
    failing.listen({ onUnhandledRequest: 'bypass' });
    try {
      const r = await fetch(`${base}/ca`);
      expect(r.status).toBe(500);
      expect(await r.json()).toEqual({ error: { code: 'ECA_UNKNOWN', message: 'internal error: worker gone' } });
    } finally {
      failing.close();
      server.listen({ onUnhandledRequest: 'bypass' });
    }
  });
});
