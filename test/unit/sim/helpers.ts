// Shared helpers of the simulator tests: a one-node scenario from a few zones, CPU use of
// a zone over an interval read from its zone_misc kstat, and a probe sink that records.

import { parseScenario, type ScenarioInput } from '../../../src/sim/scenario';
import { SimNode, type NodeOptions } from '../../../src/sim/node';
import type { ProbeSink } from '../../../src/sim/probes';
import type { Thread } from '../../../src/sim/proc';

export const S = 1e9;

type ZoneInput = ScenarioInput['nodes'][number]['zones'] extends (infer Z)[] | undefined ? Z : never;

export function oneNode(ncpus: number, zones: ZoneInput[], opts: Partial<NodeOptions> & { seed?: number } = {}): SimNode {
  const sc = parseScenario({ name: 'test', seed: opts.seed ?? 1, nodes: [{ hostname: 'cn1', ncpus, zones }] });
  return new SimNode(sc.nodes[0]!, { seed: sc.seed, hz: sc.hz, throttle: sc.throttle, ...opts });
}

/** CPUs a zone used on average between now and `untilNs` (runs the node there). */
export function cpusUsed(node: SimNode, zones: readonly string[], untilNs: number): Record<string, number> {
  const t0 = node.now;
  const before = zones.map((z) => node.zoneKstat(z));
  node.runUntil(untilNs);
  const out: Record<string, number> = {};
  zones.forEach((z, i) => {
    const k = node.zoneKstat(z);
    const b = before[i]!;
    out[z] = (k.nsec_user + k.nsec_sys - b.nsec_user - b.nsec_sys) / (untilNs - t0);
  });
  return out;
}

export interface Firing {
  readonly probe: number;
  readonly time: number;
  readonly cpu: number;
  readonly cur: Thread | undefined;
  readonly subject: Thread | undefined;
  readonly arg: number;
}

/** A sink that calls `f` for every firing of the probes it is given (and enables them). */
export function listen(node: SimNode, probes: readonly number[], f: (e: Firing) => void): void {
  const sink: ProbeSink = {
    fire(probe, cur, cpu, subject, arg) {
      f({ probe, time: node.now, cpu, cur, subject, arg });
    },
  };
  node.attachProbes(sink);
  for (const p of probes) node.enabled[p] = 1;
}
