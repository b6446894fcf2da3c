import { describe, expect, it } from 'vitest';
import { SYSCALL_BASE, SYSCALLS, SYS_ACCEPT } from '../../../src/sim/probes';
import { listen, oneNode, S } from './helpers';

/**
 * A web zone on a 4-CPU node serving 900 requests/s of 2.5 ms CPU each (about 2.3 CPUs),
 * alone or beside a zone spinning 8 threads. Returns the web zone's syscall latency
 * (entry to return, every syscall but accept, whose wait for a connection is idle time)
 * summed over several seeds, and the time its threads spent waiting for a CPU.
 */
function webLatency(webShares: number, hog: boolean): { meanUs: number; waitrqS: number } {
  let total = 0;
  let count = 0;
  let waitrq = 0;
  for (const seed of [1, 2, 3, 4]) {
    const node = oneNode(
      4,
      [
        { name: 'web', cpu_shares: webShares, workloads: [{ kind: 'web', rps: 900, threads: 16, cpuUsPerRequest: 2500 }] },
        ...(hog ? [{ name: 'hog', cpu_shares: 100, workloads: [{ kind: 'cpu' as const, threads: 8 }] }] : []),
      ],
      { seed },
    );
    const returns = SYSCALLS.map((_, i) => SYSCALL_BASE + 2 * i + 1).filter((p) => p !== SYSCALL_BASE + 2 * SYS_ACCEPT + 1);
    node.runUntil(5 * S);
    listen(node, returns, (e) => {
      if (e.cur?.zonename !== 'web') return;
      total += e.time - e.cur.sys.entryTime;
      count++;
    });
    const w0 = node.zoneKstat('web').nsec_waitrq;
    node.runUntil(65 * S);
    waitrq += (node.zoneKstat('web').nsec_waitrq - w0) / S;
  }
  expect(count).toBeGreaterThan(4 * 60 * 900 * 3);
  return { meanUs: total / count / 1000, waitrqS: waitrq };
}

describe('run-queue latency', () => {
  it('a CPU hog that outnumbers the CPUs lengthens a web zone\'s syscalls; more shares shorten them again', () => {
    const alone = webLatency(100, false);
    const crowded = webLatency(100, true);
    const favoured = webLatency(400, true);
    // The hog makes the web zone's threads wait for CPUs, and some of those waits fall
    // inside syscalls (after a wakeup, at a priority below the hog's).
    expect(crowded.waitrqS).toBeGreaterThan(3 * alone.waitrqS);
    expect(crowded.meanUs).toBeGreaterThan(1.3 * alone.meanUs);
    // Four times the shares: the web zone's threads outrank the hog's again.
    expect(favoured.waitrqS).toBeLessThan(0.5 * crowded.waitrqS);
    expect(favoured.meanUs).toBeLessThan(0.8 * crowded.meanUs);
  });
});
