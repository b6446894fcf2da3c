// The probe switchboard of one simulated node traced by any number of consumers (CA
// instrumentations, scripts, zdtrace): each enabling has its own tracer (tracer.ts: its
// own D consumer, zone scope and catalog), and the hub delivers every firing only to the
// tracers whose consumer enabled that probe; each tracer then applies its zone scope. The
// node's enabled flags are the union of the tracers', so a probe no enabling uses still
// costs one typed-array read. With a single tracer the hub steps aside and installs that
// tracer as the node's sink: one consumer costs what it costs without a hub.
// Pure TypeScript; runs wherever the node is simulated (a shard, in a worker or not).

import type { BufInfo, DevInfo, FileInfo, IoProbeSink } from '../sim/io/index';
import type { ArcBuf } from '../sim/io/arc';
import type { Zio } from '../sim/io/zio';
import type { SimNode } from '../sim/node';
import type { Thread } from '../sim/proc';
import { SIM_PROBES, type FsProbeSink, type SimUio, type SimVnode } from '../sim/probes';
import type { Zone } from '../sim/zone';
import type { NodeTracer } from './tracer';

const NONE: readonly NodeTracer[] = [];

export class NodeHub implements IoProbeSink, FsProbeSink {
  private readonly tracers: NodeTracer[] = [];
  /** Per simulator probe: the tracers whose consumer enabled it. */
  private byProbe: (readonly NodeTracer[])[] = SIM_PROBES.map(() => NONE);

  constructor(readonly node: SimNode) {}

  /** The tracers attached, in the order they were added. */
  get attached(): readonly NodeTracer[] {
    return this.tracers;
  }

  /** Adds a tracer (its consumer begins receiving the probes it enabled). */
  add(t: NodeTracer): void {
    this.tracers.push(t);
    this.rewire();
  }

  /** Removes a tracer: its probes stop firing to it, its timers stop. */
  remove(t: NodeTracer): void {
    const i = this.tracers.indexOf(t);
    if (i < 0) return;
    this.tracers.splice(i, 1);
    t.stopTimers();
    this.rewire();
  }

  /** Recomputes who gets what, the node's enabled flags, and the sink installed. */
  private rewire(): void {
    const node = this.node;
    const ts = this.tracers;
    const lists: NodeTracer[][] = SIM_PROBES.map(() => []);
    for (const t of ts) {
      for (let p = 0; p < lists.length; p++) if (t.enables(p)) lists[p]!.push(t);
    }
    this.byProbe = lists.map((l) => (l.length === 0 ? NONE : l));
    // attachProbes clears the flags: set them after.
    node.attachProbes(ts.length === 0 ? undefined : ts.length === 1 ? ts[0] : this);
    const enabled = node.enabled;
    for (let p = 0; p < lists.length; p++) enabled[p] = lists[p]!.length > 0 ? 1 : 0;
    node.probesChanged();
  }

  fire(probe: number, cur: Thread | undefined, cpu: number, subject: Thread | undefined, arg: number): void {
    const l = this.byProbe[probe]!;
    for (let i = 0; i < l.length; i++) l[i]!.fire(probe, cur, cpu, subject, arg);
  }

  fireIo(probe: number, cur: Thread | undefined, cpu: number, buf: BufInfo, dev: DevInfo, file: FileInfo, zio: Zio): void {
    const l = this.byProbe[probe]!;
    for (let i = 0; i < l.length; i++) l[i]!.fireIo(probe, cur, cpu, buf, dev, file, zio);
  }

  fireArc(probe: number, cur: Thread | undefined, cpu: number, hdr: ArcBuf): void {
    const l = this.byProbe[probe]!;
    for (let i = 0; i < l.length; i++) l[i]!.fireArc(probe, cur, cpu, hdr);
  }

  fireSdt(probe: number, cur: Thread | undefined, cpu: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void {
    const l = this.byProbe[probe]!;
    for (let i = 0; i < l.length; i++) l[i]!.fireSdt(probe, cur, cpu, a0, a1, a2, a3, a4, a5);
  }

  fireZone(probe: number, zone: Zone, a0: number, a1: number, a2: number, a3: number, a4: number): void {
    const l = this.byProbe[probe]!;
    for (let i = 0; i < l.length; i++) l[i]!.fireZone(probe, zone, a0, a1, a2, a3, a4);
  }

  fireFs(probe: number, cur: Thread, cpu: number, vp: SimVnode, uio: SimUio | undefined, arg: number): void {
    const l = this.byProbe[probe]!;
    // Every tracer sees the same uio: a tracer's consumer reads it during its own firing only.
    for (let i = 0; i < l.length; i++) l[i]!.fireFs(probe, cur, cpu, vp, uio, arg);
  }

  threadExited(t: Thread): void {
    const ts = this.tracers;
    for (let i = 0; i < ts.length; i++) ts[i]!.threadExited(t);
  }
}
