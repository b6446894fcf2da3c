// The route table of the CA REST API: every path under /ca and /ca/customers/:custid
// (CA's configsvc httpRouter), our additions (heatmap cells, scripts, the operator's
// admin routes), which methods each accepts, whether it is operator-only and how big a
// body it takes. Pure TypeScript; CaService dispatches on the matched Route.

import { MAX_BODY_BYTES, MAX_SCRIPT_BODY_BYTES } from './http';
import type { Scope } from './tokens';

export type ValueView = 'index' | 'raw' | 'heatmap' | 'image' | 'details' | 'average' | 'percentile' | 'cells';

/** A matched path. Ids stay strings as CA's are; the service looks them up in the caller's namespace. */
export type Route =
  | { readonly kind: 'root' }
  | { readonly kind: 'legacy'; readonly what: 'metrics' | 'types' | 'transformations' }
  | { readonly kind: 'instns' }
  | { readonly kind: 'instn'; readonly id: string }
  | { readonly kind: 'clone'; readonly id: string }
  | { readonly kind: 'value'; readonly id: string; readonly view: ValueView }
  | { readonly kind: 'scripts' }
  | { readonly kind: 'script'; readonly id: string }
  | { readonly kind: 'scriptValue'; readonly id: string }
  | { readonly kind: 'adminStatus' }
  | { readonly kind: 'adminScenario' }
  | { readonly kind: 'adminZone'; readonly zonename: string }
  | { readonly kind: 'adminWorkloads'; readonly zonename: string }
  | { readonly kind: 'adminWorkload'; readonly zonename: string; readonly index: string }
  | { readonly kind: 'adminThrottle' }
  | { readonly kind: 'adminSpeed' };

export interface Matched {
  readonly scope: Scope;
  readonly route: Route;
  /** Methods the path accepts (a request with another method gets 405 and these in Allow). */
  readonly methods: readonly string[];
  readonly operatorOnly: boolean;
  /** Largest request body the route accepts, in bytes. */
  readonly bodyLimit: number;
}

/** The path's segments, decoded; undefined when it is not under /ca or a segment is not valid percent-encoding. */
function segments(path: string): string[] | undefined {
  const parts = path.split('/').filter((s) => s !== '');
  if (parts[0] !== 'ca') return undefined;
  const out: string[] = [];
  for (const p of parts.slice(1)) {
    try {
      out.push(decodeURIComponent(p));
    } catch {
      return undefined;
    }
  }
  return out;
}

/**
 * Whose namespace the path addresses, decided before the route itself so that another
 * tenant's path is refused (403) whatever follows it. Undefined: not a /ca path.
 */
export function pathScope(path: string): { scope: Scope; rest: string[] } | undefined {
  const segs = segments(path);
  if (segs === undefined) return undefined;
  if (segs[0] === 'customers' && segs.length >= 2) {
    return { scope: { kind: 'customer', custid: segs[1]! }, rest: segs.slice(2) };
  }
  return { scope: { kind: 'global' }, rest: segs };
}

const VIEWS: Readonly<Record<string, ValueView>> = {
  image: 'image', details: 'details', average: 'average', percentile: 'percentile', cells: 'cells',
};

/** The route within a namespace (segments after /ca or /ca/customers/:custid). */
function matchRest(scope: Scope, rest: readonly string[]): Omit<Matched, 'scope'> | undefined {
  const r = (route: Route, methods: readonly string[], o: { operatorOnly?: boolean; bodyLimit?: number } = {}) =>
    ({ route, methods, operatorOnly: o.operatorOnly ?? false, bodyLimit: o.bodyLimit ?? MAX_BODY_BYTES });
  const [a, b, c, d, e] = rest;
  const n = rest.length;
  if (n === 0) return r({ kind: 'root' }, ['GET']);
  if (n === 1 && (a === 'metrics' || a === 'types' || a === 'transformations')) return r({ kind: 'legacy', what: a }, ['GET']);
  if (a === 'instrumentations') {
    if (n === 1) return r({ kind: 'instns' }, ['GET', 'POST']);
    const id = b!;
    if (n === 2) return r({ kind: 'instn', id }, ['GET', 'PUT', 'DELETE', 'POST']);
    if (n === 3 && c === 'clone') return r({ kind: 'clone', id }, ['POST']);
    if (c === 'value') {
      if (n === 3) return r({ kind: 'value', id, view: 'index' }, ['GET']);
      if (n === 4 && d === 'raw') return r({ kind: 'value', id, view: 'raw' }, ['GET']);
      if (n === 4 && d === 'heatmap') return r({ kind: 'value', id, view: 'heatmap' }, ['GET']);
      if (n === 5 && d === 'heatmap' && e !== undefined && VIEWS[e] !== undefined) return r({ kind: 'value', id, view: VIEWS[e]! }, ['GET']);
    }
    return undefined;
  }
  if (a === 'scripts') {
    if (n === 1) return r({ kind: 'scripts' }, ['GET', 'POST'], { bodyLimit: MAX_SCRIPT_BODY_BYTES });
    if (n === 2) return r({ kind: 'script', id: b! }, ['GET', 'DELETE']);
    if (n === 3 && c === 'value') return r({ kind: 'scriptValue', id: b! }, ['GET']);
    return undefined;
  }
  if (a === 'admin' && scope.kind === 'global') {
    const op = { operatorOnly: true };
    if (n === 2 && b === 'status') return r({ kind: 'adminStatus' }, ['GET'], op);
    if (n === 2 && b === 'scenario') return r({ kind: 'adminScenario' }, ['GET'], op);
    if (n === 2 && b === 'throttle') return r({ kind: 'adminThrottle' }, ['PUT'], op);
    if (n === 2 && b === 'speed') return r({ kind: 'adminSpeed' }, ['GET', 'PUT'], op);
    if (b === 'zones' && c !== undefined) {
      if (n === 3) return r({ kind: 'adminZone', zonename: c }, ['PUT'], op);
      if (n === 4 && d === 'workloads') return r({ kind: 'adminWorkloads', zonename: c }, ['POST'], op);
      if (n === 5 && d === 'workloads') return r({ kind: 'adminWorkload', zonename: c, index: e! }, ['DELETE'], op);
    }
    return undefined;
  }
  return undefined;
}

/** The route a path names, or undefined (404). */
export function matchRoute(path: string): Matched | undefined {
  const ps = pathScope(path);
  if (ps === undefined) return undefined;
  const m = matchRest(ps.scope, ps.rest);
  return m === undefined ? undefined : { scope: ps.scope, ...m };
}
