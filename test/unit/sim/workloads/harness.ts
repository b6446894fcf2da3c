// Shared helpers of the workload tests: a node with the ZFS I/O layer from a scenario,
// a probe sink that dispatches every kind of firing (plain, fbt, io, sdt) to handlers,
// and per-zone syscall latencies measured from entry to return.

import { createIoPort, type IoProbeSink, type ZfsIoPort } from '../../../../src/sim/io/index';
import { SimNode } from '../../../../src/sim/node';
import { SYSCALL_BASE, simProbeId, type FsProbeSink, type SimUio, type SimVnode } from '../../../../src/sim/probes';
import type { Thread } from '../../../../src/sim/proc';
import { parseScenario, type Scenario, type ScenarioInput } from '../../../../src/sim/scenario';

export const S = 1e9;

export type ZoneInput = ScenarioInput['nodes'][number]['zones'] extends (infer Z)[] | undefined ? Z : never;

export interface IoNode {
  readonly n: SimNode;
  readonly port: ZfsIoPort;
}

/** The first node of a parsed scenario, with the ZFS I/O layer. */
export function ioNodeOf(sc: Scenario, opts: { throttle?: Scenario['throttle']; seed?: number; node?: number } = {}): IoNode {
  let port: ZfsIoPort | undefined;
  const n = new SimNode(sc.nodes[opts.node ?? 0]!, {
    seed: opts.seed ?? sc.seed,
    hz: sc.hz,
    throttle: opts.throttle ?? sc.throttle,
    io: (h) => (port = createIoPort(h)),
  });
  return { n, port: port! };
}

/** A one-node scenario of `zones` with the ZFS I/O layer. */
export function ioNode(
  zones: ZoneInput[],
  node: { ncpus?: number; ramGiB?: number; pool?: { kind: 'hdd' | 'ssd'; disks: number } } = {},
  opts: { throttle?: Scenario['throttle']; seed?: number } = {},
): IoNode {
  const sc = parseScenario({ name: 't', seed: opts.seed ?? 1, throttle: opts.throttle ?? '2013', nodes: [{ hostname: 'cn1', ncpus: 8, ...node, zones }] });
  return ioNodeOf(sc);
}

export function sdtId(name: string): number {
  const i = simProbeId('sdt', 'zfs', sdtFunc(name), name);
  if (i < 0) throw new Error(`no sdt probe ${name}`);
  return i;
}

function sdtFunc(name: string): string {
  switch (name) {
    case 'zfs-zone-wait':
      return 'zfs_zone_io_throttle';
    case 'zfs-zone-throttle':
      return 'zfs_zone_wait_adjust_delay_cb';
    case 'zfs-zone-sched':
    case 'zfs-zone-sched-bump':
      return 'zfs_zone_schedule';
    case 'zfs-zone-stats':
      return 'zfs_zone_wait_adjust';
    case 'arc-hit':
    case 'arc-miss':
      return 'arc_read';
    default:
      return 'zvol_strategy';
  }
}

export interface Handlers {
  fire?(probe: number, cur: Thread | undefined, arg: number): void;
  fs?(probe: number, cur: Thread, vp: SimVnode, uio: SimUio | undefined, arg: number): void;
  sdt?(probe: number, cur: Thread | undefined, a: readonly number[]): void;
}

/** Attaches a sink sending every firing of `probes` (which it enables) to `h`. */
export function listen(n: SimNode, probes: readonly number[], h: Handlers): void {
  const sink: IoProbeSink & FsProbeSink = {
    fire: (p, cur, _cpu, _subject, arg) => h.fire?.(p, cur, arg),
    fireFs: (p, cur, _cpu, vp, uio, arg) => h.fs?.(p, cur, vp, uio, arg),
    fireSdt: (p, cur, _cpu, a0, a1, a2, a3, a4, a5) => h.sdt?.(p, cur, [a0, a1, a2, a3, a4, a5]),
    fireArc: (p, cur) => h.fire?.(p, cur, 0),
  };
  n.attachProbes(sink);
  for (const p of probes) n.enabled[p] = 1;
}

/** Syscall `num`'s latencies (entry to return, ns) per zone, with the time each returned. */
export function syscallLatency(n: SimNode, num: number, extra: readonly number[] = [], h: Handlers = {}): Map<string, [number, number][]> {
  const entry = SYSCALL_BASE + 2 * num;
  const out = new Map<string, [number, number][]>();
  listen(n, [entry, entry + 1, ...extra], {
    ...h,
    fire(p, cur, arg) {
      if (p === entry + 1 && cur !== undefined) {
        let xs = out.get(cur.zonename);
        if (xs === undefined) out.set(cur.zonename, (xs = []));
        xs.push([n.now / S, n.now - cur.sys.entryTime]);
      } else if (p !== entry) h.fire?.(p, cur, arg);
    },
  });
  return out;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Latencies of the calls that returned in [from, to) seconds. */
export function window(xs: readonly [number, number][] | undefined, from: number, to = Infinity): number[] {
  return (xs ?? []).filter(([t]) => t >= from && t < to).map(([, l]) => l);
}
