import { describe, expect, it } from 'vitest';
import { SimNode } from '../../../../src/sim/node';
import { parseScenario, type WorkloadSpec } from '../../../../src/sim/scenario';
import { P_IO_START, SYS_PREAD, SIM_PROBES } from '../../../../src/sim/probes';
import type { Continuation, Thread } from '../../../../src/sim/proc';
import type { WorkloadHost, WorkloadRegistry } from '../../../../src/sim/workload';
import { createIoPort, IoRequest, type IoProbeSink, type ZfsIoPort } from '../../../../src/sim/io/index';
import { percentile } from './loadgen';

type FileioSpec = Extract<WorkloadSpec, { kind: 'fileio' }>;

interface Call {
  zone: string;
  latencyNs: number;
  cpuNs: number;
  spinUs: number;
  rv: number;
}

/** A test reader: each thread loops over pread(2) of random blocks of its working set. */
function reader(calls: Call[]) {
  return (host: WorkloadHost, spec: FileioSpec) => {
    const k = host.kernel;
    const proc = host.spawn('reader', 'reader');
    const size = spec.sizeKiB * 1024;
    const file = host.file(`/data/${host.zone.name}`, spec.workingSetMiB * 1024 * 1024);
    const blocks = Math.floor(file.sizeBytes / size);
    let stopped = false;
    const start = new Map<Thread, [number, number]>();
    const loop: Continuation = (t) => {
      if (stopped) return k.exit(t);
      const off = host.rng.below(blocks) * size;
      start.set(t, [host.sched.now, t.vtime(host.sched.now)]);
      k.syscall(t, SYS_PREAD, 3000, (t2) => k.read(t2, file, off, size, done), 6, 0, size, off);
    };
    const done: Continuation = (t) => {
      k.retIo(t);
      const [t0, v0] = start.get(t)!;
      const now = host.sched.now;
      calls.push({ zone: host.zone.name, latencyNs: now - t0, cpuNs: t.vtime(now) - v0, spinUs: (t.io as IoRequest).spinUs, rv: t.sys.rv });
      if (spec.thinkUs > 0) k.sleepFor(t, spec.thinkUs * 1000, loop);
      else k.compute(t, 2000, loop);
    };
    for (let i = 0; i < spec.threads; i++) host.thread(proc, loop);
    return { stop: () => (stopped = true) };
  };
}

function node(zones: object[], calls: Call[], disks = 2): { n: SimNode; port: ZfsIoPort } {
  const sc = parseScenario({
    name: 't',
    seed: 1,
    throttle: '2013',
    nodes: [{ hostname: 'cn1', ncpus: 8, ramGiB: 1, pool: { kind: 'hdd', disks }, zones }],
  });
  let port: ZfsIoPort | undefined;
  const workloads: WorkloadRegistry = { fileio: reader(calls) };
  const n = new SimNode(sc.nodes[0], {
    seed: 1,
    hz: 100,
    throttle: sc.throttle,
    workloads,
    io: (host) => (port = createIoPort(host)),
  });
  return { n, port: port! };
}

describe('the IoPort on a simulated node', () => {
  it('reads through the ARC: misses sleep for the disk, hits cost microseconds of CPU', () => {
    const calls: Call[] = [];
    const { n, port } = node([{ name: 'db0', workloads: [{ kind: 'fileio', threads: 2, sizeKiB: 8, workingSetMiB: 16, thinkUs: 1000 }] }], calls);
    n.runUntil(30e9);
    expect(calls.length).toBeGreaterThan(2000);
    expect(calls.every((c) => c.rv === 8192)).toBe(true);
    const hits = calls.filter((c) => c.latencyNs < 200_000);
    const misses = calls.filter((c) => c.latencyNs > 1_000_000);
    expect(hits.length + misses.length).toBeGreaterThan(calls.length * 0.98);
    expect(misses.length).toBeGreaterThan(100);
    expect(hits.length).toBeGreaterThan(1000);
    expect(percentile(hits.map((c) => c.latencyNs), 50)).toBeLessThan(100_000);
    // A miss sleeps: its on-CPU time is a small part of its latency.
    expect(percentile(misses.map((c) => c.cpuNs), 90)).toBeLessThan(200_000);
    // Files have the dataset's 128 KB recordsize: 16 MB is 128 records, each missed once,
    // then cached for good (a read that finds its record still in flight waits for it).
    const zone = n.zone('db0')!;
    expect(port.zfs.arc.zoneMisses[zone.id]).toBe(128);
    const lookups = port.zfs.arc.zoneHits[zone.id] + 128;
    expect(lookups).toBeGreaterThanOrEqual(calls.length);
    expect(lookups).toBeLessThanOrEqual(calls.length + 2);
    expect(port.zfs.throttle.zone(zone.id).vfs.reads).toBe(calls.length);
  });

  it("fires io:::start in the reading thread's context through the node's probe flags", () => {
    const calls: Call[] = [];
    const { n } = node([{ name: 'db0', workloads: [{ kind: 'fileio', threads: 1, workingSetMiB: 64 }] }], calls);
    const seen: { cur: Thread | undefined; flags: number; dev: string }[] = [];
    const sink: IoProbeSink = {
      fire() {},
      fireIo(probe, cur, _cpu, buf, dev) {
        expect(SIM_PROBES[probe].name).toBe('start');
        seen.push({ cur, flags: buf.b_flags, dev: dev.dev_statname });
      },
    };
    n.attachProbes(sink);
    n.runUntil(1e9);
    expect(seen.length).toBe(0);
    n.enabled[P_IO_START] = 1;
    n.runUntil(3e9);
    expect(seen.length).toBeGreaterThan(20);
    const reads = seen.filter((s) => s.cur !== undefined);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((s) => s.cur!.proc.zone.name === 'db0' && s.cur!.proc.execname === 'reader' && (s.flags & 0x40) !== 0)).toBe(true);
    expect(new Set(seen.map((s) => s.dev))).toEqual(new Set(['sd1', 'sd2']));
  });

  it('charges the throttle delay as on-CPU time of the throttled thread', () => {
    const calls: Call[] = [];
    const { n, port } = node(
      [
        { name: 'noisy', workloads: [{ kind: 'fileio', threads: 24, sizeKiB: 128, workingSetMiB: 4096 }] },
        { name: 'quiet', workloads: [{ kind: 'fileio', threads: 1, sizeKiB: 8, workingSetMiB: 1024 }] },
      ],
      calls,
      1,
    );
    n.runUntil(20e9);
    const noisy = n.zone('noisy')!;
    const spun = calls.filter((c) => c.zone === 'noisy' && c.spinUs > 0);
    expect(spun.length).toBeGreaterThan(50);
    expect(Math.max(...spun.map((c) => c.spinUs))).toBeGreaterThanOrEqual(50);
    // The spin is on CPU: every throttled call spent at least its delay on CPU.
    expect(spun.every((c) => c.cpuNs >= c.spinUs * 1000)).toBe(true);
    expect(port.zfs.throttle.zone(noisy.id).vfs.delayCnt).toBeGreaterThanOrEqual(spun.length);
    expect(calls.filter((c) => c.zone === 'quiet').every((c) => c.spinUs === 0)).toBe(true);
  });
});
