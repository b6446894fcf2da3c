// The transport contract of the CA REST API and its HTTP conventions (CA's ca-http.js):
// parameters from the query string, a form body or a JSON body (the body wins), request
// bodies capped at 4 KB (scripts: 64 KB), CORS for every origin, the X-API-Version
// header, and errors as {"error":{"code","message"}} with CaError's status. Pure
// TypeScript: the Node server and the MSW handlers only convert to and from these types;
// everything else runs in CaService, wherever that lives (a worker, a test).

import { CA_HTTP_STATUS, CaError, type CaErrorCode } from './errors';

/** One HTTP request as the service sees it. Header names are lower-case. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  /** Raw query string, without the '?'. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One HTTP response. A Uint8Array body is binary (a PNG); a string is sent as UTF-8. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array;
}

/** CA's entity limit (ca_http_maxentity). */
export const MAX_BODY_BYTES = 4096;
/** The scripts route takes a D program, so it allows more. */
export const MAX_SCRIPT_BODY_BYTES = 64 * 1024;
/** The version this service speaks (CA's last API revision). */
export const API_VERSION = 'ca/0.1.8';
export const ALLOWED_METHODS = 'POST, GET, DELETE, PUT, OPTIONS';

/** A parameter's value as it arrived: strings from a form or query (repeated keys give arrays), anything from JSON. */
export type ParamValue = unknown;

/** A request's parameters: query and form fields merged (body wins), plus the JSON body when there is one. */
export interface Params {
  /** Query-string and form fields, body over query; a key given twice (or as `k[]`) holds an array. */
  readonly fields: Readonly<Record<string, ParamValue>>;
  /** The parsed JSON body (an object), when the body was JSON. */
  readonly json?: Readonly<Record<string, unknown>>;
}

/** Every field as one record: JSON body over form body over query string. */
export function mergedParams(p: Params): Record<string, unknown> {
  return { ...p.fields, ...(p.json ?? {}) };
}

/** Bytes the string takes in UTF-8 (what the wire carries), without TextEncoder (absent from the pure core's lib). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function decode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    // A stray '%' is taken literally rather than failing the whole request.
    return plus;
  }
}

/**
 * application/x-www-form-urlencoded (and query strings) into fields. `k[]` is the same
 * field as `k` (CA's clients send `selected[]=a&selected[]=b`); a repeated key is an array.
 */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (text === '') return out;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const bracket = key.endsWith('[]');
    if (bracket) key = key.slice(0, -2);
    if (key === '' || key === '__proto__') continue;
    const prev = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    if (prev === undefined) out[key] = bracket ? [value] : value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** The media type of a Content-Type header, without parameters, lower-case. */
export function mediaType(headers: Readonly<Record<string, string>>): string {
  const ct = headers['content-type'];
  if (ct === undefined || ct.trim() === '') return '';
  const semi = ct.indexOf(';');
  return (semi < 0 ? ct : ct.slice(0, semi)).trim().toLowerCase();
}

/**
 * Parse a request's parameters. The body must fit in `limit` bytes (413 otherwise).
 * A JSON body must be an object; a body that is not valid JSON is rejected with the
 * parser's complaint (409, like every bad input). A body with no Content-Type that
 * looks like JSON is read as JSON, as clients such as curl -d often omit the type.
 */
export function parseParams(req: ApiRequest, limit: number = MAX_BODY_BYTES): Params {
  const bytes = utf8Length(req.body);
  if (bytes > limit) {
    throw new CaError('ECA_TOOBIG', `request body is ${bytes} bytes; at most ${limit} bytes are accepted on ${req.method} ${req.path}`);
  }
  const fields: Record<string, ParamValue> = { ...parseForm(req.query) };
  const type = mediaType(req.headers);
  const body = req.body;
  if (type === 'multipart/form-data') {
    throw new CaError('ECA_INVAL', 'multipart form data is not supported; send application/json or application/x-www-form-urlencoded');
  }
  const trimmed = body.trim();
  const json = type === 'application/json' || type.endsWith('+json') || (type === '' && (trimmed.startsWith('{') || trimmed.startsWith('[')));
  if (json) {
    if (trimmed === '') return { fields };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new CaError('ECA_INVAL', `failed to parse JSON body: ${why}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CaError('ECA_INVAL', `JSON body must be an object, got ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`);
    }
    return { fields, json: parsed as Record<string, unknown> };
  }
  if (type === 'application/x-www-form-urlencoded' || (type === '' && trimmed !== '')) {
    Object.assign(fields, parseForm(trimmed));
  }
  return { fields };
}

/** Headers every response carries: CORS for any origin (CA's clients are other sites' pages) and the API version. */
export function baseHeaders(): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': 'Authorization, Content-Type, X-API-Version',
    'access-control-expose-headers': 'Location, X-API-Version',
    'x-api-version': API_VERSION,
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { ...baseHeaders(), 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body) + '\n',
  };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...baseHeaders(), ...headers }, body: '' };
}

export function binaryResponse(status: number, contentType: string, body: Uint8Array): ApiResponse {
  return { status, headers: { ...baseHeaders(), 'content-type': contentType }, body };
}

/** HTTP status of each CaError code (CA: ECA_INVAL 409, NORESOURCE 503, others by meaning). */
export function statusOf(code: CaErrorCode): number {
  return CA_HTTP_STATUS[code];
}

/** Extra members an error body may carry (a D compile error's line and column). */
export type ErrorExtra = Readonly<Record<string, unknown>>;

/** `{"error":{"code","message",...extra}}` with the code's status (or `status`, for 405 and the like). */
export function errorResponse(code: CaErrorCode, message: string, o: { status?: number; extra?: ErrorExtra; headers?: Record<string, string> } = {}): ApiResponse {
  const status = o.status ?? statusOf(code);
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="ca"';
  return jsonResponse(status, { error: { code, message, ...(o.extra ?? {}) } }, headers);
}

/**
 * Any thrown value as a response: a CaError keeps its code; anything else is a bug in
 * the service, reported as a 500 with the message (never a stack) so a client can quote it.
 */
export function responseOfError(e: unknown): ApiResponse {
  if (e instanceof CaError) {
    const extra = (e as { extra?: ErrorExtra }).extra;
    return errorResponse(e.code, e.message, extra === undefined ? {} : { extra });
  }
  const message = e instanceof Error ? e.message : String(e);
  return jsonResponse(500, { error: { code: 'ECA_UNKNOWN', message: `internal error: ${message}` } });
}

/** The CORS preflight answer: CA always says OK to OPTIONS, even for unknown paths (Firefox requires it). */
export function optionsResponse(): ApiResponse {
  return emptyResponse(204, { 'access-control-max-age': '600' });
}

/** A client's X-API-Version must look like `ca/MAJOR.MINOR.MICRO` (CA rejects anything else with 409). */
export function checkApiVersion(headers: Readonly<Record<string, string>>): void {
  const v = headers['x-api-version'];
  if (v === undefined) return;
  if (!/^ca\/\d+\.\d+\.\d+$/.test(v.trim())) {
    throw new CaError('ECA_INVAL', `invalid API version string: ${JSON.stringify(v)} (expected "ca/MAJOR.MINOR.MICRO", e.g. "${API_VERSION}")`);
  }
}
