// MSW request handlers for the REST API in the tab (browser main thread; also msw/node in
// tests): every request to /ca or /ca/... becomes an ApiRequest for the service, whose
// ApiResponse becomes the Response. The service is passed in (a Comlink remote of the
// CaService in the "ca" Web Worker, or a CaService in-process in tests): the main thread
// only converts, the worker does the work (bucketizing, PNG encoding, merging).

import { http, HttpResponse, type HttpHandler } from 'msw';
import { isApiPath, MAX_READ_BYTES, type ApiHandler, type ApiRequest, type ApiResponse } from '../server/api';

/** Handlers for everything under /ca, on any origin the page talks to. */
export function createHandlers(service: ApiHandler): HttpHandler[] {
  return [
    http.all(
      ({ request }) => isApiPath(new URL(request.url).pathname),
      async ({ request }) => {
        try {
          return toResponse(await service.handle(await toApiRequest(request)));
        } catch (e) {
          // The service answers its own errors; this is the worker itself failing (as zonescope serve says it).
          return toResponse({
            status: 500,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ error: { code: 'ECA_UNKNOWN', message: `internal error: ${e instanceof Error ? e.message : String(e)}` } }),
          });
        }
      },
    ),
  ];
}

export async function toApiRequest(request: Request): Promise<ApiRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  // Fetch's Headers already lower-case their names and join repeated ones with ", ".
  request.headers.forEach((value, name) => (headers[name] = value));
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: url.search.slice(1),
    headers,
    body: await readBody(request, MAX_READ_BYTES),
  };
}

/** The body as UTF-8 text, at most `limit` bytes of it: a larger body is cut there, and the service answers 413. */
async function readBody(request: Request, limit: number): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - size));
      size = limit;
      // Not awaited: a cancelled body stream that MSW tees may never settle.
      reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function toResponse(r: ApiResponse): Response {
  // Fetch refuses a body (even an empty one) on 204 and its kind.
  const body = NULL_BODY_STATUSES.has(r.status) ? null : typeof r.body === 'string' ? r.body : new Uint8Array(r.body);
  return new HttpResponse(body, { status: r.status, headers: r.headers });
}
