import { describe, expect, it } from 'vitest';
import {
  CLD_EXITED, P_DEQUEUE, P_ENQUEUE, P_LWP_EXIT, P_OFF_CPU, P_ON_CPU, P_PROC_CREATE, P_PROC_EXEC_SUCCESS, P_PROC_EXIT,
  P_SLEEP, P_WAKEUP, SYSCALL_BASE, SYS_ACCEPT, SYS_CLOSE, SYS_NANOSLEEP, SYS_PREAD, SYS_READ, SYS_WRITE,
} from '../../../src/sim/probes';
import { ONPROC, RUN, SLEEP, type Thread } from '../../../src/sim/proc';
import { listen, oneNode, S, type Firing } from './helpers';

const entry = (sys: number) => SYSCALL_BASE + 2 * sys;
const ret = (sys: number) => SYSCALL_BASE + 2 * sys + 1;

describe('dispatcher and probes', () => {
  it('on-cpu and off-cpu alternate per CPU; off-cpu names the next thread; a thread is on one CPU at a time', () => {
    const node = oneNode(2, [
      { name: 'a', workloads: [{ kind: 'cpu', threads: 3, duty: 0.6 }] },
      { name: 'w', workloads: [{ kind: 'web', rps: 300, threads: 4 }] },
    ]);
    const on = new Map<number, Thread | undefined>();
    const where = new Map<Thread, number>();
    let switches = 0;
    listen(node, [P_ON_CPU, P_OFF_CPU], (e) => {
      if (e.probe === P_OFF_CPU) {
        expect(on.get(e.cpu)).toBe(e.cur);
        if (e.cur !== undefined) where.delete(e.cur);
        on.set(e.cpu, e.subject);
        switches++;
      } else {
        expect(e.cur).toBe(on.get(e.cpu) ?? e.cur);
        if (e.cur !== undefined) {
          expect(where.has(e.cur)).toBe(false);
          expect(e.cur.state).toBe(ONPROC);
          where.set(e.cur, e.cpu);
        }
        expect(node.curthread(e.cpu)).toBe(e.cur);
      }
    });
    node.runUntil(3 * S);
    expect(switches).toBeGreaterThan(1000);
  });

  it('sleep, wakeup, enqueue and dequeue describe the thread they are about', () => {
    const node = oneNode(1, [{ name: 'w', workloads: [{ kind: 'web', rps: 200, threads: 4 }] }]);
    const events: (Firing & { state: number })[] = [];
    listen(node, [P_SLEEP, P_WAKEUP, P_ENQUEUE, P_DEQUEUE], (e) => events.push({ ...e, state: e.subject!.state }));
    node.runUntil(2 * S);
    const by = (p: number) => events.filter((e) => e.probe === p);
    expect(by(P_SLEEP).length).toBeGreaterThan(300);
    for (const e of by(P_SLEEP)) {
      expect(e.cur).toBe(e.subject);
      expect(e.state).toBe(SLEEP);
    }
    for (const e of by(P_WAKEUP)) expect(e.state).toBe(SLEEP);
    for (const e of by(P_ENQUEUE)) expect(e.state).toBe(RUN);
    expect(by(P_WAKEUP).length).toBeGreaterThan(300);
    // The four workers were queued at boot, before anything listened.
    expect(by(P_DEQUEUE).length).toBe(by(P_ENQUEUE).length + 4 - node.dispatcher.runQueueLength);
  });

  it('syscalls fire entry with their arguments and return with the result; their latency includes blocking', () => {
    const node = oneNode(4, [{ name: 'w', workloads: [{ kind: 'web', rps: 100, threads: 2, fileReadsPerRequest: 2 }] }]);
    const seen: { probe: number; args: number[]; rv: number; errno: number; lat: number }[] = [];
    const probes = [SYS_ACCEPT, SYS_READ, SYS_PREAD, SYS_WRITE, SYS_CLOSE].flatMap((s) => [entry(s), ret(s)]);
    listen(node, probes, (e) => {
      const s = e.cur!.sys;
      seen.push({ probe: e.probe, args: [...s.args], rv: s.rv, errno: s.errno, lat: e.time - s.entryTime });
    });
    node.runUntil(3 * S);
    const of = (p: number) => seen.filter((s) => s.probe === p);
    const reqs = of(ret(SYS_CLOSE)).length;
    expect(reqs).toBeGreaterThan(200);
    expect(of(ret(SYS_PREAD)).length).toBeGreaterThanOrEqual(2 * reqs);
    for (const s of of(entry(SYS_PREAD))) {
      expect(s.args[2]).toBe(8192);
      expect(s.args[3] % 8192).toBe(0);
    }
    for (const s of of(ret(SYS_PREAD))) expect(s.rv).toBe(8192);
    for (const s of of(ret(SYS_WRITE))) expect(s.rv).toBe(16384);
    // accept returns the connection's descriptor; the request read waits for the client.
    for (const s of of(ret(SYS_ACCEPT))) expect(s.rv).toBeGreaterThan(5);
    const reads = of(ret(SYS_READ));
    const mean = reads.reduce((a, s) => a + s.lat, 0) / reads.length;
    expect(mean).toBeGreaterThan(50_000);
    expect(mean).toBeLessThan(400_000);
    for (const s of of(ret(SYS_CLOSE))) expect(s.lat).toBeGreaterThanOrEqual(5_000);
  });

  it('processes are created, exec and exit with their workload, and their threads\' slots are reused', () => {
    const node = oneNode(2, [{ name: 'z', workloads: [{ kind: 'cpu', threads: 3, duty: 0.5, from: 1, until: 2 }, { kind: 'cpu', threads: 2, from: 3 }] }]);
    const events: Firing[] = [];
    const exited: Thread[] = [];
    node.attachProbes({
      fire(probe, cur, cpu, subject, arg) {
        events.push({ probe, time: node.now, cpu, cur, subject, arg });
      },
      threadExited(t) {
        exited.push(t);
      },
    });
    for (const p of [P_PROC_CREATE, P_PROC_EXEC_SUCCESS, P_PROC_EXIT, P_LWP_EXIT, entry(SYS_NANOSLEEP), ret(SYS_NANOSLEEP)]) node.enabled[p] = 1;
    node.runUntil(4 * S);
    const creates = events.filter((e) => e.probe === P_PROC_CREATE);
    expect(creates.map((e) => e.time)).toEqual([1 * S, 3 * S]);
    expect(creates[0]!.subject?.execname).toBe('cpuhog');
    expect(creates[0]!.subject?.zonename).toBe('z');
    expect(events.filter((e) => e.probe === P_PROC_EXEC_SUCCESS).length).toBe(2);
    const exits = events.filter((e) => e.probe === P_PROC_EXIT);
    expect(exits.length).toBe(1);
    expect(exits[0]!.arg).toBe(CLD_EXITED);
    expect(exits[0]!.time).toBeGreaterThan(2 * S);
    expect(exits[0]!.time).toBeLessThan(2.2 * S);
    expect(exited.length).toBe(3);
    expect(events.filter((e) => e.probe === P_LWP_EXIT).length).toBe(3);
    const later = node.zone('z')!.threads;
    expect(later.length).toBe(2);
    expect(later.map((t) => t.slot).sort()).toEqual(exited.map((t) => t.slot).sort().slice(0, 2));
    const sleeps = events.filter((e) => e.probe === entry(SYS_NANOSLEEP));
    expect(sleeps.length).toBeGreaterThan(10);
    expect(sleeps[0]!.cur?.sys.args[0]).toBe(0x8047d30);
  });

  it('a probe nothing enabled never reaches the sink', () => {
    const node = oneNode(2, [{ name: 'w', workloads: [{ kind: 'web', rps: 500 }, { kind: 'cpu', threads: 4, duty: 0.5 }] }]);
    let calls = 0;
    node.attachProbes({
      fire() {
        calls++;
      },
    });
    node.runUntil(2 * S);
    expect(calls).toBe(0);
  });

  it('accounts every CPU nanosecond: zone CPU time plus idle is ncpus × elapsed; vtime sums to the zone\'s', () => {
    const node = oneNode(3, [
      { name: 'a', workloads: [{ kind: 'cpu', threads: 2, duty: 0.7 }] },
      { name: 'b', workloads: [{ kind: 'web', rps: 400, threads: 8 }] },
    ]);
    let idle = 0;
    const idleSince = new Array<number>(3).fill(0);
    listen(node, [P_OFF_CPU], (e) => {
      if (e.cur === undefined) idle += e.time - idleSince[e.cpu]!;
      if (e.subject === undefined) idleSince[e.cpu] = e.time;
    });
    const end = 5 * S;
    node.runUntil(end);
    for (let c = 0; c < 3; c++) if (node.curthread(c) === undefined) idle += end - idleSince[c]!;
    let busy = 0;
    for (const z of ['a', 'b']) {
      const k = node.zoneKstat(z);
      busy += k.nsec_user + k.nsec_sys;
      const v = node.zone(z)!.threads.reduce((a, t) => a + t.vtime(end), 0);
      expect(v).toBeCloseTo(k.nsec_user + k.nsec_sys, -3);
    }
    expect(busy + idle).toBeCloseTo(3 * end, -3);
    expect(node.zoneKstat('b').nsec_sys).toBeGreaterThan(0);
  });
});
