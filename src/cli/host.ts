// Chooses the node zdtrace traces from its long options (Node: it may read a scenario
// file). Until the datacenter simulator exists the node is the standalone host, one
// compute node with 8 CPUs named after --node; the options are validated all the same.

import { readFileSync } from 'node:fs';
import type { TracedNode } from '../engine/node';
import { StandaloneNode } from '../engine/standalone';
import type { HostArgs } from './command';
import { strerror } from './output';

/** Built-in scenarios (`--scenario NAME`). */
export const BUILTIN_SCENARIOS: readonly string[] = ['demo', 'large'];

/** A bad long option: zdtrace reports it like a usage error (exit 2). */
export class HostArgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostArgError';
  }
}

export function createNode(a: HostArgs): TracedNode {
  let hostnames: readonly string[] | undefined;
  if (a.scenario !== undefined) hostnames = scenarioHostnames(a.scenario);
  if (a.seed !== undefined && !/^[0-9]+$/.test(a.seed)) {
    throw new HostArgError(`invalid --seed '${a.seed}': must be a non-negative integer`);
  }
  if (a.node !== undefined && !/^[A-Za-z0-9][-A-Za-z0-9.]*$/.test(a.node)) {
    throw new HostArgError(`invalid --node '${a.node}': must be a hostname`);
  }
  if (a.node !== undefined && hostnames !== undefined && !hostnames.includes(a.node)) {
    throw new HostArgError(`unknown node '${a.node}' in scenario ${a.scenario}: expected one of ${hostnames.join(', ')}`);
  }
  if (a.zone !== undefined && !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(a.zone)) {
    throw new HostArgError(`invalid --zone '${a.zone}': must be a zone name`);
  }
  return new StandaloneNode({ hostname: a.node ?? hostnames?.[0] ?? 'cn1', ncpus: 8, zonename: a.zone });
}

/** The hostnames a scenario defines (undefined when it does not say), or a HostArgError. */
function scenarioHostnames(s: string): readonly string[] | undefined {
  if (BUILTIN_SCENARIOS.includes(s)) return undefined;
  if (!s.endsWith('.json') && !s.includes('/')) {
    throw new HostArgError(`unknown scenario '${s}': expected one of ${BUILTIN_SCENARIOS.join(', ')} or a FILE.json`);
  }
  let text: string;
  try {
    text = readFileSync(s, 'utf8');
  } catch (e) {
    throw new HostArgError(`failed to open scenario ${s}: ${strerror(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HostArgError(`invalid scenario ${s}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new HostArgError(`invalid scenario ${s}: must be a JSON object`);
  }
  const nodes = (json as { nodes?: unknown }).nodes;
  if (nodes === undefined) return undefined;
  if (!Array.isArray(nodes)) throw new HostArgError(`invalid scenario ${s}: nodes: must be an array`);
  return nodes.map((n, i) => {
    const h = (n as { hostname?: unknown } | null)?.hostname;
    if (typeof h !== 'string') throw new HostArgError(`invalid scenario ${s}: nodes[${i}].hostname: must be a string`);
    return h;
  });
}
