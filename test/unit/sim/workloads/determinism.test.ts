import { describe, expect, it } from 'vitest';
import { Datacenter } from '../../../../src/sim/datacenter';
import { createIoPort, type IoProbeSink } from '../../../../src/sim/io/index';
import type { SimNode } from '../../../../src/sim/node';
import { type FsProbeSink } from '../../../../src/sim/probes';
import { parseScenario, type Scenario } from '../../../../src/sim/scenario';
import { builtinScenario } from '../../../../src/sim/scenarios/index';
import { S } from './harness';

/** Every firing of every probe on a node, hashed (FNV-1a) with its arguments, counted by kind. */
function trace(node: SimNode) {
  let h = 0x811c9dc5;
  const kinds = { plain: 0, fs: 0, io: 0, arc: 0, sdt: 0 };
  const mix = (v: number) => {
    h = Math.imul(h ^ (v | 0), 16777619);
    h = Math.imul(h ^ Math.floor(v / 4294967296), 16777619);
  };
  const str = (s: string) => {
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
  };
  const sink: IoProbeSink & FsProbeSink = {
    fire(p, cur, cpu, subject, arg) {
      kinds.plain++;
      mix(p); mix(node.now); mix(cpu); mix(cur?.tid ?? -1); mix(cur?.pid ?? -1); mix(subject?.tid ?? -1); mix(arg);
    },
    fireFs(p, cur, cpu, vp, uio, arg) {
      kinds.fs++;
      mix(p); mix(node.now); mix(cpu); mix(cur.tid); mix(cur.pid); str(vp.v_path); mix(uio?.uio_resid ?? -1); mix(uio?.uio_loffset ?? -1); mix(arg);
    },
    fireIo(p, cur, cpu, buf) {
      kinds.io++;
      mix(p); mix(node.now); mix(cpu); mix(cur?.tid ?? -1); mix(buf.b_blkno); mix(buf.b_bcount); mix(buf.b_flags);
    },
    fireArc(p, cur, cpu, hdr) {
      kinds.arc++;
      mix(p); mix(node.now); mix(cpu); mix(cur?.tid ?? -1); mix(hdr.fileId); mix(hdr.block);
    },
    fireSdt(p, cur, cpu, a0, a1, a2, a3, a4, a5) {
      kinds.sdt++;
      mix(p); mix(node.now); mix(cpu); mix(cur?.tid ?? -1); mix(a0); mix(a1); mix(a2); mix(a3); mix(a4); mix(a5);
    },
  };
  node.attachProbes(sink);
  node.enabled.fill(1);
  return { hash: () => (h >>> 0).toString(16), kinds };
}

function run(sc: Scenario, seconds: number) {
  const dc = new Datacenter(sc, { io: createIoPort });
  const traces = dc.nodes.map(trace);
  dc.runUntil(seconds * S);
  return {
    hashes: traces.map((t) => t.hash()),
    kinds: traces.map((t) => t.kinds),
    counters: dc.nodes.map((n) => n.zones.map((z) => [n.zoneKstat(z.name), n.capsKstat(z.name), n.processes.length])),
  };
}

describe('determinism with every workload kind and the ZFS I/O layer', () => {
  // Two demo nodes: cn1 (web, db, fileio, cpu, kvm and the noisy neighbour), cn2 (the burster).
  const demo = builtinScenario('demo')!;
  const sc = parseScenario({ ...demo, nodes: demo.nodes.slice(0, 2) });
  const kinds = new Set(sc.nodes.flatMap((n) => n.zones.flatMap((z) => z.workloads.map((w) => w.kind))));

  it('the same seed gives the same probe trace (arguments included) and counters; another seed differs', () => {
    expect([...kinds].sort()).toEqual(['cpu', 'db', 'fileio', 'kvm', 'web']);
    const a = run(sc, 4);
    const b = run(sc, 4);
    for (const k of a.kinds) for (const v of Object.values(k)) expect(v).toBeGreaterThan(100);
    expect(b.hashes).toEqual(a.hashes);
    expect(b.kinds).toEqual(a.kinds);
    expect(b.counters).toEqual(a.counters);
    const c = run({ ...sc, seed: sc.seed + 1 }, 4);
    expect(c.hashes[0]).not.toBe(a.hashes[0]);
    expect(c.hashes[1]).not.toBe(a.hashes[1]);
    expect(c.counters).not.toEqual(a.counters);
  });
});
