import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../../src/sim/scheduler';

describe('EventQueue', () => {
  it('runs events in time order, equal times in scheduling order, and advances now', () => {
    const q = new EventQueue();
    const seen: string[] = [];
    q.at(30, () => seen.push(`c@${q.now}`));
    q.at(10, () => seen.push(`a@${q.now}`));
    q.at(10, () => seen.push(`b@${q.now}`));
    q.at(20, () => q.after(5, () => seen.push(`d@${q.now}`)));
    expect(q.runUntil(100)).toBe(5);
    expect(seen).toEqual(['a@10', 'b@10', 'd@25', 'c@30']);
    expect(q.now).toBe(100);
    expect(q.processed).toBe(5);
  });

  it('leaves later events pending and clamps past times to now', () => {
    const q = new EventQueue();
    const seen: number[] = [];
    q.at(50, () => seen.push(q.now));
    q.runUntil(40);
    expect(seen).toEqual([]);
    q.at(10, () => seen.push(q.now));
    q.runUntil(60);
    expect(seen).toEqual([40, 50]);
  });

  it('cancelled timers never run; stop() ends a run early', () => {
    const q = new EventQueue();
    const seen: number[] = [];
    const t = q.timer(10, () => seen.push(1));
    q.at(20, () => seen.push(2));
    q.at(30, () => seen.push(3));
    t.cancel();
    q.runUntil(100, () => seen.length === 1);
    expect(seen).toEqual([2]);
    expect(q.now).toBe(20);
  });

  it('pops any schedule in (time, order) order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3000 }), (times) => {
        const q = new EventQueue();
        const out: [number, number][] = [];
        times.forEach((t, i) => q.at(t, () => out.push([t, i])));
        q.runUntil(Infinity);
        const want = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(want);
      }),
    );
  });
});
