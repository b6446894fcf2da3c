// The operator's default instrumentations (tab "ca" worker and zonescope serve's worker
// thread): the three heatmaps of the mission — syscall latency, CPU utilization and ZFS
// throttle delay, each by zone — created through the REST API with the operator's token
// exactly as the operator (or the dashboard, src/ui/core/catalog.ts DEFAULT_SPECS) would,
// so they are ordinary instrumentations: listed, deletable, with ids from the global
// counter. Pure TypeScript over an ApiHandler.

import type { ApiHandler, ApiResponse } from './api';

/** The bodies POSTed to /ca/instrumentations, in id order (the dashboard finds them by module, stat and decomposition). */
export const DEFAULT_INSTNS: readonly { readonly module: string; readonly stat: string; readonly decomposition: readonly string[] }[] = [
  { module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'latency'] },
  { module: 'cpu', stat: 'zones', decomposition: ['zonename', 'utilization'] },
  { module: 'zfs', stat: 'throttled_ops', decomposition: ['zonename', 'delay'] },
];

function bodyText(r: ApiResponse): string {
  return typeof r.body === 'string' ? r.body : `(${r.body.byteLength} bytes)`;
}

/**
 * Creates the defaults when the global namespace has no instrumentation at all (a fresh
 * tab, or a --data directory that never held one), so a restart never duplicates them
 * and an operator's own set is left alone. Returns the ids created (none when some existed).
 */
export async function createDefaultInstns(api: ApiHandler, operatorToken: string): Promise<string[]> {
  const headers = { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' };
  const list = await api.handle({ method: 'GET', path: '/ca/instrumentations', query: '', headers, body: '' });
  if (list.status !== 200) throw new Error(`listing the instrumentations failed: ${list.status} ${bodyText(list)}`);
  if ((JSON.parse(bodyText(list)) as unknown[]).length > 0) return [];
  const ids: string[] = [];
  for (const b of DEFAULT_INSTNS) {
    const r = await api.handle({ method: 'POST', path: '/ca/instrumentations', query: '', headers, body: JSON.stringify(b) });
    if (r.status !== 201) throw new Error(`creating the default instrumentation ${b.module}.${b.stat} by ${b.decomposition.join(', ')} failed: ${r.status} ${bodyText(r)}`);
    ids.push(String((JSON.parse(bodyText(r)) as { id: unknown }).id));
  }
  return ids;
}
