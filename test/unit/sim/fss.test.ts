import { describe, expect, it } from 'vitest';
import { cpusUsed, oneNode, S } from './helpers';

describe('FSS', () => {
  it('splits the CPUs 1:3 between busy zones with 100 and 300 shares', () => {
    const node = oneNode(4, [
      { name: 'small', cpu_shares: 100, workloads: [{ kind: 'cpu', threads: 8 }] },
      { name: 'big', cpu_shares: 300, workloads: [{ kind: 'cpu', threads: 8 }] },
    ]);
    node.runUntil(5 * S);
    const u = cpusUsed(node, ['small', 'big'], 35 * S);
    expect(u.small! + u.big!).toBeGreaterThan(3.99);
    expect(u.small).toBeGreaterThan(1 * 0.95);
    expect(u.small).toBeLessThan(1 * 1.05);
    expect(u.big).toBeGreaterThan(3 * 0.95);
    expect(u.big).toBeLessThan(3 * 1.05);
  });

  it('gives an idle zone\'s share away: the busy zone bursts to every CPU', () => {
    const node = oneNode(4, [
      { name: 'small', cpu_shares: 100, workloads: [{ kind: 'cpu', threads: 8 }] },
      { name: 'big', cpu_shares: 300, workloads: [{ kind: 'cpu', threads: 8, until: 10 }] },
    ]);
    const busy = cpusUsed(node, ['small'], 10 * S);
    expect(busy.small).toBeLessThan(1.2);
    node.runUntil(12 * S);
    const alone = cpusUsed(node, ['small', 'big'], 30 * S);
    expect(alone.big).toBe(0);
    expect(alone.small).toBeGreaterThan(3.99);
  });

  it('bursts only up to the cap when that is lower than the idle CPUs', () => {
    const node = oneNode(4, [
      { name: 'small', cpu_shares: 100, cpu_cap: 250, workloads: [{ kind: 'cpu', threads: 8 }] },
      { name: 'big', cpu_shares: 300, workloads: [{ kind: 'cpu', threads: 8, until: 10 }] },
    ]);
    node.runUntil(15 * S);
    const u = cpusUsed(node, ['small'], 35 * S);
    expect(u.small).toBeGreaterThan(2.5 * 0.95);
    expect(u.small).toBeLessThan(2.5 * 1.05);
    const caps = node.capsKstat('small')!;
    expect(caps.above_base_sec).toBeGreaterThan(15);
  });

  it('a zone with fewer runnable threads than its share keeps them all running', () => {
    const node = oneNode(4, [
      { name: 'light', cpu_shares: 300, workloads: [{ kind: 'cpu', threads: 1 }] },
      { name: 'heavy', cpu_shares: 100, workloads: [{ kind: 'cpu', threads: 8 }] },
    ]);
    node.runUntil(5 * S);
    const u = cpusUsed(node, ['light', 'heavy'], 25 * S);
    expect(u.light).toBeGreaterThan(0.95);
    expect(u.heavy).toBeGreaterThan(2.95);
  });

  it('a zone with 0 shares runs only on CPUs nobody else wants', () => {
    const node = oneNode(4, [
      { name: 'zero', cpu_shares: 0, workloads: [{ kind: 'cpu', threads: 4 }] },
      { name: 'busy', cpu_shares: 10, workloads: [{ kind: 'cpu', threads: 8, until: 20 }] },
    ]);
    node.runUntil(2 * S);
    const contended = cpusUsed(node, ['zero', 'busy'], 18 * S);
    expect(contended.zero).toBeLessThan(0.05);
    expect(contended.busy).toBeGreaterThan(3.95);
    node.runUntil(21 * S);
    expect(cpusUsed(node, ['zero'], 30 * S).zero).toBeGreaterThan(3.99);
  });

  it('a live change of cpu_shares takes effect at the next once-a-second update', () => {
    const node = oneNode(4, [
      { name: 'a', workloads: [{ kind: 'cpu', threads: 8 }] },
      { name: 'b', workloads: [{ kind: 'cpu', threads: 8 }] },
    ]);
    node.runUntil(3 * S);
    const even = cpusUsed(node, ['a', 'b'], 20 * S);
    expect(even.a).toBeGreaterThan(1.9);
    expect(even.b).toBeGreaterThan(1.9);
    node.setCpuShares('b', 300);
    node.runUntil(30 * S);
    const uneven = cpusUsed(node, ['a', 'b'], 60 * S);
    expect(uneven.a).toBeGreaterThan(0.95);
    expect(uneven.a).toBeLessThan(1.05);
    expect(uneven.b).toBeGreaterThan(2.85);
  });

  it('with Joyent\'s later quantum-expiry rule, busy multi-threaded zones round-robin per thread', () => {
    const node = oneNode(
      4,
      [
        { name: 'small', cpu_shares: 100, workloads: [{ kind: 'cpu', threads: 8 }] },
        { name: 'big', cpu_shares: 300, workloads: [{ kind: 'cpu', threads: 8 }] },
      ],
      { fssQuantaUpRoundRobin: true },
    );
    node.runUntil(5 * S);
    const u = cpusUsed(node, ['small', 'big'], 35 * S);
    expect(u.small).toBeGreaterThan(1.8);
    expect(u.big).toBeLessThan(2.2);
  });
});
