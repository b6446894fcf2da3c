// The ApiClient of test/unit/api/cases.ts over fetch: used against a real `zonescope serve`
// (http.test.ts) and against the MSW handlers (msw.test.ts, where msw/node intercepts the
// same fetch). Only the way simulated time passes differs between the two.
import type { ApiClient, ApiClientResponse } from '../api/cases';

export interface FetchClientOptions {
  readonly baseURL: string;
  readonly operatorToken: string;
  readonly customers: { id: string; token: string }[];
  readonly advance: (seconds: number) => Promise<void>;
}

export function fetchClient(o: FetchClientOptions): ApiClient {
  return {
    operatorToken: o.operatorToken,
    customers: o.customers,
    advance: o.advance,
    async request(method, path, r = {}) {
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
      if (r.token !== undefined && !has('authorization')) headers['authorization'] = `Bearer ${r.token}`;
      let body: string | undefined;
      if (typeof r.body === 'string') body = r.body;
      else if (r.body !== undefined) {
        body = JSON.stringify(r.body);
        if (!has('content-type')) headers['content-type'] = 'application/json';
      }
      const url = `${o.baseURL}${path}${r.query === undefined || r.query === '' ? '' : `?${r.query}`}`;
      const res = await fetch(url, { method, headers, body });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      const h: Record<string, string> = {};
      res.headers.forEach((v, k) => (h[k] = v));
      const out: ApiClientResponse = {
        status: res.status,
        headers: h,
        text: () => text,
        bytes: () => bytes,
        json: () => {
          try {
            return JSON.parse(text);
          } catch (e) {
            throw new Error(`${method} ${path} -> ${res.status}: body is not JSON (${(e as Error).message}): ${text.slice(0, 200)}`);
          }
        },
      };
      return out;
    },
  };
}
