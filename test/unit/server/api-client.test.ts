// The UI's API client (src/ui/api-client.ts): the caller's token on every request (read
// each time, so signing in as someone else needs no new client), JSON in and out, query
// parameters, binary bodies, and CA's error bodies as ApiError with status, code and detail.
import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '../../../src/ui/api-client';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function fakeFetch(respond: (s: Seen) => Response): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const f = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const s: Seen = { url: String(input), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) }, body: init?.body as string | undefined };
    seen.push(s);
    return respond(s);
  };
  return { fetch: f as typeof fetch, seen };
}

describe('createApiClient', () => {
  it('sends the current token, JSON bodies and query parameters', async () => {
    let token: string | undefined = 'acme-1';
    const { fetch, seen } = fakeFetch(() => Response.json({ id: '1' }, { status: 201 }));
    const api = createApiClient({ token: () => token, baseUrl: 'http://h', fetch });
    const r = await api.json<{ id: string }>('POST', '/ca/customers/acme/instrumentations', { body: { module: 'cpu' }, query: { all: true, selected: ['a b', 'c'] } });
    expect(r).toEqual({ id: '1' });
    expect(seen[0]).toMatchObject({
      url: 'http://h/ca/customers/acme/instrumentations?all=true&selected=a+b&selected=c',
      method: 'POST',
      body: '{"module":"cpu"}',
    });
    expect(seen[0]!.headers['authorization']).toBe('Bearer acme-1');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    token = undefined;
    await api.json('GET', '/ca');
    expect(seen[1]!.headers['authorization']).toBeUndefined();
  });

  it('gives undefined for 204 and bytes for binary answers', async () => {
    const { fetch } = fakeFetch((s) => (s.method === 'DELETE' ? new Response(null, { status: 204 }) : new Response(new Uint8Array([137, 80, 78, 71]), { status: 200 })));
    const api = createApiClient({ token: () => 'op', fetch });
    expect(await api.json('DELETE', '/ca/instrumentations/1')).toBeUndefined();
    expect([...(await api.bytes('GET', '/ca/instrumentations/1/value/heatmap/image'))]).toEqual([137, 80, 78, 71]);
  });

  it('turns CA error bodies into ApiError (status, code, message, extra members)', async () => {
    const { fetch } = fakeFetch(() => Response.json({ error: { code: 'ECA_INVAL', message: 'syntax error', line: 2, column: 7 } }, { status: 409 }));
    const api = createApiClient({ token: () => 'op', fetch });
    const e = await api.json('POST', '/ca/scripts', { body: { script: 'x' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'ECA_INVAL', message: 'syntax error', detail: { line: 2, column: 7 } });
  });

  it('reports a non-CA error body with its status and text', async () => {
    const { fetch } = fakeFetch(() => new Response('upstream down', { status: 502, statusText: 'Bad Gateway' }));
    const e = await createApiClient({ token: () => 'op', fetch }).json('GET', '/ca').catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 502, code: 'HTTP_502' });
    expect((e as Error).message).toContain('upstream down');
  });

  it('refuses paths outside the API', async () => {
    const { fetch } = fakeFetch(() => Response.json({}));
    await expect(createApiClient({ token: () => 'op', fetch }).json('GET', '/etc/passwd')).rejects.toThrow(/start with \/ca/);
  });
});
