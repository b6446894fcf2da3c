// The operator's controls of the live simulation as API calls (browser main thread):
// the live scenario (GET /ca/admin/scenario, parsed), one edit applied through PUT
// /ca/admin/zones/:zonename, POST/DELETE …/workloads and PUT /ca/admin/throttle, and a
// shared link's edits replayed in order.

import { z } from 'zod';
import type { ApiClient } from '../api-client';
import type { AdminEdit } from '../core/url-state';

const workloadSchema = z.object({ kind: z.string() }).loose();
const zoneSchema = z
  .object({
    name: z.string(),
    owner: z.string().optional(),
    brand: z.string().optional(),
    cpu_shares: z.number().optional(),
    cpu_cap: z.number().nullable().optional(),
    zfs_io_priority: z.number().optional(),
    workloads: z.array(workloadSchema).default([]),
  })
  .loose();
export const liveScenarioSchema = z
  .object({
    name: z.string(),
    throttle: z.enum(['off', '2011', '2013']).optional(),
    nodes: z.array(z.object({ hostname: z.string(), zones: z.array(zoneSchema) }).loose()),
  })
  .loose();
export type LiveScenario = z.infer<typeof liveScenarioSchema>;
export type LiveZone = z.infer<typeof zoneSchema>;

export async function fetchScenario(api: ApiClient): Promise<LiveScenario> {
  return liveScenarioSchema.parse(await api.json('GET', '/ca/admin/scenario'));
}

const zonePath = (zonename: string): string => `/ca/admin/zones/${encodeURIComponent(zonename)}`;

/** Applies one edit; resolves with what the API answered (a new workload's index for workload-add). */
export async function applyEdit(api: ApiClient, e: AdminEdit): Promise<number | undefined> {
  switch (e.kind) {
    case 'zone': {
      const body: Record<string, unknown> = {};
      if (e.cpu_shares !== undefined) body['cpu_shares'] = e.cpu_shares;
      if (e.cpu_cap !== undefined) body['cpu_cap'] = e.cpu_cap;
      if (e.zfs_io_priority !== undefined) body['zfs_io_priority'] = e.zfs_io_priority;
      await api.json('PUT', zonePath(e.zonename), { body });
      return undefined;
    }
    case 'workload-add': {
      const r = z.object({ index: z.number() }).loose().parse(await api.json('POST', `${zonePath(e.zonename)}/workloads`, { body: e.workload }));
      return r.index;
    }
    case 'workload-remove':
      await api.json('DELETE', `${zonePath(e.zonename)}/workloads/${e.index}`);
      return undefined;
    case 'throttle':
      await api.json('PUT', '/ca/admin/throttle', { body: { throttle: e.throttle } });
      return undefined;
  }
}

/** Replays a shared link's edits in order; resolves with a one-line account for the page. */
export async function replayEdits(api: ApiClient, edits: readonly AdminEdit[]): Promise<string> {
  const failed: string[] = [];
  for (const [i, e] of edits.entries()) {
    try {
      await applyEdit(api, e);
    } catch (err) {
      failed.push(`#${i + 1} (${e.kind}${'zonename' in e ? ` ${e.zonename}` : ''}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const ok = edits.length - failed.length;
  return `Replayed ${ok} of ${edits.length} live edit${edits.length === 1 ? '' : 's'} from the link.${failed.length > 0 ? ` Failed: ${failed.join('; ')}` : ''}`;
}

/** The noisy neighbour of the demo: random 1 MiB reads by 24 threads over a working set far beyond the ARC. */
export const NOISY_WORKLOAD: Readonly<Record<string, unknown>> = {
  kind: 'fileio',
  threads: 24,
  op: 'read',
  pattern: 'random',
  sizeKiB: 1024,
  workingSetMiB: 131072,
  execname: 'noisy-scan',
};

/** Where the one-click demo puts its noisy neighbour: a non-KVM zone on a node whose disks are quiet (the second node, if any). */
export function noisyTarget(s: LiveScenario): { zonename: string; hostname: string } | undefined {
  const nodes = s.nodes.length > 1 ? [s.nodes[1]!, ...s.nodes.filter((_, i) => i !== 1)] : s.nodes;
  for (const n of nodes) {
    const z = n.zones.find((zn) => zn.brand !== 'kvm' && zn.workloads.some((w) => w.kind === 'fileio'));
    if (z !== undefined) return { zonename: z.name, hostname: n.hostname };
  }
  const n = s.nodes[0];
  const z = n?.zones.find((zn) => zn.brand !== 'kvm');
  return n === undefined || z === undefined ? undefined : { zonename: z.name, hostname: n.hostname };
}
