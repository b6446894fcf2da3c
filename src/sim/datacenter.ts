// A whole simulated datacenter: one SimNode per scenario node. Nodes share nothing (each
// has its own clock, event queue and random stream), so running them one after another
// here gives the same results as spreading them over workers. Pure TypeScript.

import { SimNode, type NodeOptions } from './node';
import type { Scenario } from './scenario';

export class Datacenter {
  readonly nodes: readonly SimNode[];

  constructor(
    readonly scenario: Scenario,
    opts: Partial<Pick<NodeOptions, 'io' | 'workloads'>> & { readonly seed?: number } = {},
  ) {
    const seed = opts.seed ?? scenario.seed;
    this.nodes = scenario.nodes.map(
      (n) => new SimNode(n, { seed, hz: scenario.hz, throttle: scenario.throttle, io: opts.io, workloads: opts.workloads }),
    );
  }

  node(hostname: string): SimNode | undefined {
    return this.nodes.find((n) => n.hostname === hostname);
  }

  /** Runs every node up to simulated time `ns`; returns the events run. */
  runUntil(ns: number): number {
    let n = 0;
    for (const node of this.nodes) n += node.runUntil(ns);
    return n;
  }
}
