// The pure pieces under CaService: the route table (every CA path, our additions, which
// are operator-only, body limits), the HTTP conventions (query/form/JSON parameters with
// the body winning, `k[]` lists, byte-counted limits, CORS and version headers, error
// bodies) and the token rules (401 / 403 matrix).

import { describe, expect, it } from 'vitest';
import { CaError } from '../../../src/ca/errors';
import {
  API_VERSION, MAX_BODY_BYTES, MAX_SCRIPT_BODY_BYTES, checkApiVersion, errorResponse, mergedParams, parseForm, parseParams, responseOfError, utf8Length,
  type ApiRequest,
} from '../../../src/ca/http';
import { matchRoute, pathScope } from '../../../src/ca/routes';
import { TokenTable, bearerToken } from '../../../src/ca/tokens';

function req(o: Partial<ApiRequest>): ApiRequest {
  return { method: 'GET', path: '/ca', query: '', headers: {}, body: '', ...o };
}

function caError(f: () => unknown): CaError {
  try {
    f();
  } catch (e) {
    if (e instanceof CaError) return e;
    throw e;
  }
  throw new Error('expected a CaError');
}

describe('route table', () => {
  const cases: [string, string, string[]][] = [
    ['/ca', 'root', ['GET']],
    ['/ca/', 'root', ['GET']],
    ['/ca/customers/acme', 'root', ['GET']],
    ['/ca/metrics', 'legacy', ['GET']],
    ['/ca/customers/acme/types', 'legacy', ['GET']],
    ['/ca/transformations', 'legacy', ['GET']],
    ['/ca/instrumentations', 'instns', ['GET', 'POST']],
    ['/ca/customers/acme/instrumentations/3', 'instn', ['GET', 'PUT', 'DELETE', 'POST']],
    ['/ca/instrumentations/3/clone', 'clone', ['POST']],
    ['/ca/instrumentations/3/value', 'value', ['GET']],
    ['/ca/instrumentations/3/value/raw', 'value', ['GET']],
    ['/ca/customers/acme/instrumentations/3/value/heatmap', 'value', ['GET']],
    ['/ca/instrumentations/3/value/heatmap/image', 'value', ['GET']],
    ['/ca/instrumentations/3/value/heatmap/details', 'value', ['GET']],
    ['/ca/instrumentations/3/value/heatmap/average', 'value', ['GET']],
    ['/ca/instrumentations/3/value/heatmap/percentile', 'value', ['GET']],
    ['/ca/instrumentations/3/value/heatmap/cells', 'value', ['GET']],
    ['/ca/scripts', 'scripts', ['GET', 'POST']],
    ['/ca/customers/acme/scripts/2', 'script', ['GET', 'DELETE']],
    ['/ca/customers/acme/scripts/2/value', 'scriptValue', ['GET']],
    ['/ca/admin/status', 'adminStatus', ['GET']],
    ['/ca/admin/scenario', 'adminScenario', ['GET']],
    ['/ca/admin/zones/web0', 'adminZone', ['PUT']],
    ['/ca/admin/zones/web0/workloads', 'adminWorkloads', ['POST']],
    ['/ca/admin/zones/web0/workloads/1', 'adminWorkload', ['DELETE']],
    ['/ca/admin/throttle', 'adminThrottle', ['PUT']],
  ];
  for (const [path, kind, methods] of cases) {
    it(`${path} -> ${kind} (${methods.join(', ')})`, () => {
      const m = matchRoute(path);
      expect(m?.route.kind).toBe(kind);
      expect(m?.methods).toEqual(methods);
      expect(m?.operatorOnly).toBe(path.startsWith('/ca/admin'));
    });
  }

  it('names the value view, the ids and the zone', () => {
    expect(matchRoute('/ca/instrumentations/7/value/heatmap/cells')?.route).toEqual({ kind: 'value', id: '7', view: 'cells' });
    expect(matchRoute('/ca/instrumentations/7/value')?.route).toEqual({ kind: 'value', id: '7', view: 'index' });
    expect(matchRoute('/ca/admin/zones/web%200/workloads/2')?.route).toEqual({ kind: 'adminWorkload', zonename: 'web 0', index: '2' });
    expect(matchRoute('/ca/customers/acme/instrumentations/1')?.scope).toEqual({ kind: 'customer', custid: 'acme' });
  });

  it('has no route for unknown paths, admin routes under a customer, or paths outside /ca', () => {
    for (const p of ['/ca/nope', '/ca/instrumentations/1/value/heatmap/bogus', '/ca/instrumentations/1/value/raw/x', '/ca/customers/acme/admin/status', '/api/ca', '/', '/ca/admin', '/ca/%E0%A4%A']) {
      expect(matchRoute(p), p).toBeUndefined();
    }
  });

  it('decides the namespace before the route, so another tenant\'s unknown path is still theirs', () => {
    expect(pathScope('/ca/customers/globex/no/such')?.scope).toEqual({ kind: 'customer', custid: 'globex' });
    expect(pathScope('/ca/whatever')?.scope).toEqual({ kind: 'global' });
    expect(pathScope('/elsewhere')).toBeUndefined();
  });

  it('allows 64 KB bodies on the scripts route and 4 KB elsewhere', () => {
    expect(matchRoute('/ca/customers/acme/scripts')?.bodyLimit).toBe(MAX_SCRIPT_BODY_BYTES);
    expect(matchRoute('/ca/customers/acme/instrumentations')?.bodyLimit).toBe(MAX_BODY_BYTES);
    expect(matchRoute('/ca/admin/zones/z/workloads')?.bodyLimit).toBe(MAX_BODY_BYTES);
  });
});

describe('parameters', () => {
  it('parses forms: + and %-escapes, k[] lists, repeated keys, no prototype keys', () => {
    expect(parseForm('a=1&b=x+y&c=%7B%7D&selected[]=p&selected[]=q&r=1&r=2&__proto__=x&flag')).toEqual({
      a: '1', b: 'x y', c: '{}', selected: ['p', 'q'], r: ['1', '2'], flag: '',
    });
    expect(parseForm('bad=%E0%A4')).toEqual({ bad: '%E0%A4' });
  });

  it('merges query, form body and JSON body; the body wins', () => {
    const form = parseParams(req({ query: 'module=cpu&stat=waittime&x=1', body: 'stat=usage', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } }));
    expect(mergedParams(form)).toEqual({ module: 'cpu', stat: 'usage', x: '1' });
    const json = parseParams(req({ query: 'stat=waittime', body: '{"stat":"usage","decomposition":["zonename"]}', headers: { 'content-type': 'application/json' } }));
    expect(mergedParams(json)).toEqual({ stat: 'usage', decomposition: ['zonename'] });
    // curl -d '{...}' without a content type is JSON too
    expect(mergedParams(parseParams(req({ body: '{"module":"cpu"}' })))).toEqual({ module: 'cpu' });
    expect(mergedParams(parseParams(req({ body: '', headers: { 'content-type': 'application/json' } })))).toEqual({});
  });

  it('rejects bad JSON and non-object JSON with 409 saying what was wrong', () => {
    const e = caError(() => parseParams(req({ body: '{"a":', headers: { 'content-type': 'application/json' } })));
    expect(e.code).toBe('ECA_INVAL');
    expect(e.message).toMatch(/^failed to parse JSON body: /);
    expect(caError(() => parseParams(req({ body: '[1]', headers: { 'content-type': 'application/json' } }))).message).toMatch(/must be an object/);
    expect(caError(() => parseParams(req({ body: '"x"', headers: { 'content-type': 'application/json' } }))).message).toMatch(/must be an object/);
    expect(caError(() => parseParams(req({ body: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x' } }))).message).toMatch(/multipart/);
  });

  it('counts the body limit in UTF-8 bytes', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    const ok = 'x'.repeat(MAX_BODY_BYTES);
    expect(() => parseParams(req({ body: ok }))).not.toThrow();
    expect(caError(() => parseParams(req({ body: `${ok}x` }))).code).toBe('ECA_TOOBIG');
    // 2048 two-byte characters are 4096 bytes; one more is over
    expect(() => parseParams(req({ body: 'é'.repeat(2048) }))).not.toThrow();
    expect(caError(() => parseParams(req({ body: 'é'.repeat(2049) }))).message).toMatch(/4098 bytes; at most 4096/);
    expect(() => parseParams(req({ body: 'x'.repeat(60_000) }), MAX_SCRIPT_BODY_BYTES)).not.toThrow();
  });

  it('accepts ca/X.Y.Z API versions and refuses others', () => {
    expect(() => checkApiVersion({})).not.toThrow();
    expect(() => checkApiVersion({ 'x-api-version': 'ca/0.1.0' })).not.toThrow();
    expect(caError(() => checkApiVersion({ 'x-api-version': '0.1.8' })).message).toMatch(/invalid API version string/);
  });
});

describe('responses', () => {
  it('errors carry CA\'s body, the code\'s status, CORS and the API version', () => {
    for (const [code, status] of [['ECA_INVAL', 409], ['ECA_NOENT', 404], ['ECA_TOOBIG', 413], ['ECA_NORESOURCE', 503], ['ECA_UNAUTH', 401], ['ECA_FORBIDDEN', 403], ['ECA_EXISTS', 409]] as const) {
      const r = responseOfError(new CaError(code, 'why'));
      expect(r.status).toBe(status);
      expect(JSON.parse(r.body as string)).toEqual({ error: { code, message: 'why' } });
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(r.headers['x-api-version']).toBe(API_VERSION);
    }
    expect(responseOfError(new CaError('ECA_UNAUTH', 'x')).headers['www-authenticate']).toMatch(/^Bearer/);
    expect(errorResponse('ECA_INVAL', 'bad D', { extra: { line: 3, column: 7 } }).body).toContain('"line":3');
  });

  it('an unexpected exception is a 500 with its message and no stack', () => {
    const r = responseOfError(new TypeError('boom'));
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body as string).error.message).toBe('internal error: boom');
  });
});

describe('tokens', () => {
  const table = new TokenTable('op-secret', [
    { id: 'acme', token: 'acme-secret' },
    { id: 'globex', token: 'globex-secret' },
  ]);
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  it('reads Authorization: Bearer, case-insensitively, and refuses other schemes', () => {
    expect(bearerToken({ authorization: 'bearer abc' })).toBe('abc');
    expect(bearerToken({})).toBeUndefined();
    expect(caError(() => bearerToken({ authorization: 'Basic abc' })).code).toBe('ECA_UNAUTH');
  });

  it('proves who calls: 401 for no token or an unknown one', () => {
    expect(table.authenticate(bearer('op-secret'))).toEqual({ kind: 'operator' });
    expect(table.authenticate(bearer('acme-secret'))).toEqual({ kind: 'customer', id: 'acme' });
    expect(caError(() => table.authenticate({})).code).toBe('ECA_UNAUTH');
    expect(caError(() => table.authenticate(bearer('acme-secre'))).code).toBe('ECA_UNAUTH');
    expect(caError(() => table.authenticate(bearer('op-secret2'))).code).toBe('ECA_UNAUTH');
  });

  it('the operator opens everything; a customer only its own namespace (403 otherwise)', () => {
    const op = { kind: 'operator' } as const;
    const acme = { kind: 'customer', id: 'acme' } as const;
    expect(() => table.authorize(op, { kind: 'global' }, true)).not.toThrow();
    expect(() => table.authorize(op, { kind: 'customer', custid: 'globex' }, false)).not.toThrow();
    expect(() => table.authorize(acme, { kind: 'customer', custid: 'acme' }, false)).not.toThrow();
    expect(caError(() => table.authorize(acme, { kind: 'customer', custid: 'globex' }, false)).code).toBe('ECA_FORBIDDEN');
    expect(caError(() => table.authorize(acme, { kind: 'global' }, false)).code).toBe('ECA_FORBIDDEN');
    expect(caError(() => table.authorize(acme, { kind: 'global' }, true)).code).toBe('ECA_FORBIDDEN');
  });

  it('refuses a table where a customer holds the operator token', () => {
    expect(() => new TokenTable('same', [{ id: 'a', token: 'same' }])).toThrow(/operator's token/);
    expect(() => new TokenTable('', [])).toThrow(/must not be empty/);
  });
});
