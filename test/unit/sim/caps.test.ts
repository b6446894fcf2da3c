import { describe, expect, it } from 'vitest';
import { P_CPUCAPS_SLEEP, P_CPUCAPS_WAKEUP } from '../../../src/sim/probes';
import { CAPWAIT } from '../../../src/sim/proc';
import { cpusUsed, listen, oneNode, S } from './helpers';

describe('CPU caps', () => {
  it('holds a zone capped at 150 to 1.5 CPUs on an otherwise idle node, with cpucaps-sleep/wakeup', () => {
    const node = oneNode(8, [{ name: 'capped', cpu_cap: 150, workloads: [{ kind: 'cpu', threads: 4 }] }]);
    let sleeps = 0;
    let wakeups = 0;
    listen(node, [P_CPUCAPS_SLEEP, P_CPUCAPS_WAKEUP], (e) => {
      expect(e.subject?.zonename).toBe('capped');
      if (e.probe === P_CPUCAPS_SLEEP) {
        expect(e.cur?.state).toBe(CAPWAIT);
        sleeps++;
      } else wakeups++;
    });
    node.runUntil(5 * S);
    const u = cpusUsed(node, ['capped'], 35 * S);
    expect(u.capped).toBeGreaterThan(1.5 * 0.95);
    expect(u.capped).toBeLessThan(1.5 * 1.05);
    expect(sleeps).toBeGreaterThan(100);
    expect(wakeups).toBeGreaterThan(100);
    expect(Math.abs(sleeps - wakeups)).toBeLessThanOrEqual(4);

    const k = node.capsKstat('capped')!;
    expect(k.value).toBe(150);
    expect(k.usage).toBeGreaterThan(140);
    expect(k.usage).toBeLessThan(160);
    // Seconds are whole ticks / hz, each rounded down.
    expect(k.above_sec + k.below_sec).toBeGreaterThanOrEqual(34);
    expect(k.above_sec + k.below_sec).toBeLessThanOrEqual(35);
    expect(k.above_sec).toBeGreaterThan(5);
    // About 2.5 of the 4 threads are parked at any time.
    let waiting = 0;
    for (let i = 1; i <= 200; i++) {
      node.runUntil(35 * S + i * 4.9e6);
      waiting += node.capsKstat('capped')!.nwait;
    }
    expect(waiting / 200).toBeGreaterThan(1.5);
    expect(waiting / 200).toBeLessThan(3.5);
    // Threads parked on the cap's wait queue are waiting for a CPU.
    expect(node.zoneKstat('capped').nsec_waitrq).toBeGreaterThan(35 * 2.5 * S * 0.8);
  });

  it('an uncapped zone has no caps kstat and never waits on one', () => {
    const node = oneNode(2, [{ name: 'free', workloads: [{ kind: 'cpu', threads: 1 }] }]);
    let sleeps = 0;
    listen(node, [P_CPUCAPS_SLEEP], () => sleeps++);
    const u = cpusUsed(node, ['free'], 10 * S);
    expect(node.capsKstat('free')).toBeUndefined();
    expect(sleeps).toBe(0);
    expect(u.free).toBeGreaterThan(0.99);
  });

  it('a cap set while running takes effect within a couple of seconds (usage EWMA ~1 s)', () => {
    const node = oneNode(4, [{ name: 'z', workloads: [{ kind: 'cpu', threads: 4 }] }]);
    expect(cpusUsed(node, ['z'], 5 * S).z).toBeGreaterThan(3.99);
    node.setCpuCap('z', 100);
    node.runUntil(8 * S);
    const u = cpusUsed(node, ['z'], 20 * S);
    expect(u.z).toBeGreaterThan(0.95);
    expect(u.z).toBeLessThan(1.05);
    node.setCpuCap('z', undefined);
    node.runUntil(21 * S);
    expect(cpusUsed(node, ['z'], 25 * S).z).toBeGreaterThan(3.99);
  });
});
