// The UI's client of the Cloud Analytics REST API (browser main thread): fetch with the
// caller's token in `Authorization: Bearer`, JSON in and out, CA's error bodies as ApiError.
// The same requests reach either the MSW handlers in this tab or `zonescope serve` over HTTP:
// the page served by zonescope serve carries <meta name="zonescope-api" content="http">.

import { API_META_HTTP, API_META_NAME } from '../server/api';

/** Where the API lives: in this tab (MSW + a Web Worker) or a real server (zonescope serve). */
export type ApiMode = 'tab' | 'http';

/** 'http' when the page came from zonescope serve. */
export function apiModeOf(doc: Document): ApiMode {
  return doc.querySelector(`meta[name="${API_META_NAME}"]`)?.getAttribute('content') === API_META_HTTP ? 'http' : 'tab';
}

/** A non-2xx answer: CA's `{"error":{"code","message"}}` when the body has one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra members of the error body (a D compile error's line and column). */
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;
  readonly signal?: AbortSignal;
}

export interface ApiClient {
  /** JSON answer (undefined for 204). */
  json<T>(method: string, path: string, o?: RequestOptions): Promise<T>;
  /** Binary answer (heatmap PNG). */
  bytes(method: string, path: string, o?: RequestOptions): Promise<Uint8Array>;
}

export interface ApiClientOptions {
  /** The caller's token (operator or customer); read on every request, so signing in as someone else needs no new client. */
  readonly token: () => string | undefined;
  /** Origin and prefix before /ca (default: this page's origin). */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
}

export function createApiClient(o: ApiClientOptions): ApiClient {
  const doFetch = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const send = async (method: string, path: string, r: RequestOptions = {}): Promise<Response> => {
    if (!path.startsWith('/ca')) throw new Error(`API paths start with /ca (got ${JSON.stringify(path)})`);
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(r.query ?? {})) {
      if (Array.isArray(v)) for (const x of v) qs.append(k, String(x));
      else qs.append(k, String(v));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = o.token();
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (r.body !== undefined) headers['content-type'] = 'application/json';
    const q = qs.toString();
    const res = await doFetch(`${o.baseUrl ?? ''}${path}${q === '' ? '' : `?${q}`}`, {
      method,
      headers,
      body: r.body === undefined ? undefined : JSON.stringify(r.body),
      signal: r.signal,
    });
    if (!res.ok) throw await errorOf(method, path, res);
    return res;
  };
  return {
    async json<T>(method: string, path: string, r?: RequestOptions): Promise<T> {
      const res = await send(method, path, r);
      const text = await res.text();
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    async bytes(method, path, r) {
      const res = await send(method, path, r);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

async function errorOf(method: string, path: string, res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const e = body.error;
    if (e !== undefined && typeof e.code === 'string' && typeof e.message === 'string') {
      const { code, message, ...detail } = e as Record<string, unknown>;
      return new ApiError(res.status, code as string, message as string, detail);
    }
  } catch {
    // Not CA's error body: report the status and what came back.
  }
  return new ApiError(res.status, `HTTP_${res.status}`, `${method} ${path}: ${res.status} ${res.statusText}${text === '' ? '' : `: ${text.slice(0, 200)}`}`);
}
