// The transport side of the REST API (Node and browser): what the HTTP server and the MSW
// handlers need from the Cloud Analytics service. The service itself (src/ca) lives in a
// worker; both transports only convert requests and responses to and from this shape.

import { MAX_SCRIPT_BODY_BYTES, type ApiRequest, type ApiResponse } from '../ca/http';

export type { ApiRequest, ApiResponse };

/** Anything that answers API requests: the CaService, or a Comlink remote of one. */
export interface ApiHandler {
  handle(req: ApiRequest): Promise<ApiResponse>;
}

/**
 * The most request body a transport reads: the largest body the API accepts (a 64 KB D
 * script) plus one byte, so the service still sees that a body was too large and answers
 * 413 itself, while nobody can make a transport buffer an unbounded body.
 */
export const MAX_READ_BYTES = MAX_SCRIPT_BODY_BYTES + 1;

/** Whether a URL path belongs to the REST API (everything else is the app). */
export function isApiPath(pathname: string): boolean {
  return pathname === '/ca' || pathname.startsWith('/ca/');
}

/** The name and value of the meta element that tells the app to use the API over HTTP. */
export const API_META_NAME = 'zonescope-api';
export const API_META_HTTP = 'http';

/** A binary body's buffer to transfer between threads, when the body is all of it (a view into a larger buffer is copied instead). */
export function transferable(body: Uint8Array): ArrayBuffer[] {
  const b = body.buffer;
  return b instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === b.byteLength ? [b] : [];
}
