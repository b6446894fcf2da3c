// Node side of the REST API transport (zonescope serve, main thread): turns a node:http
// request into the service's ApiRequest and writes its ApiResponse back. The body is read
// up to MAX_READ_BYTES only; the service judges size limits (413) on what it is given.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_READ_BYTES, type ApiRequest, type ApiResponse } from './api';

export interface ReadRequest {
  readonly request: ApiRequest;
  /** The client sent more than MAX_READ_BYTES: the rest was not read and the connection must close. */
  readonly truncated: boolean;
}

/** Reads a request's head and at most MAX_READ_BYTES of its body. */
export async function readApiRequest(req: IncomingMessage, limit = MAX_READ_BYTES): Promise<ReadRequest> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const { body, truncated } = await readBody(req, limit);
  return {
    request: {
      method: (req.method ?? 'GET').toUpperCase(),
      path: q < 0 ? raw : raw.slice(0, q),
      query: q < 0 ? '' : raw.slice(q + 1),
      headers,
      body,
    },
    truncated,
  };
}

/** The body as UTF-8 text, cut at `limit` bytes: reading stops there. */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve({ body: Buffer.concat(chunks, size).toString('utf8'), truncated });
    };
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - size));
        size = limit;
        // Stop pulling from the socket: the rest of this body is never read.
        req.pause();
        finish(true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = (): void => finish(false);
    const onError = (e: Error): void => {
      if (done) return;
      done = true;
      reject(e);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Writes an ApiResponse; `close` asks the client to open a new connection (an unread body is pending). */
export function writeApiResponse(res: ServerResponse, r: ApiResponse, close = false, head = false): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
  for (const [name, value] of Object.entries(r.headers)) res.setHeader(name, value);
  res.setHeader('content-length', String(body.length));
  if (close) res.setHeader('connection', 'close');
  res.writeHead(r.status);
  res.end(head ? undefined : body);
}
