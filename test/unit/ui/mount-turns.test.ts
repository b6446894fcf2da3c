// Staggered mounting: the first heavy panel mounts at once, the others one per frame in
// the order they asked, and a panel that unmounted while waiting gives its turn away.
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
  vi.resetModules();
});

describe('mount turns', () => {
  it('one panel per frame, in order, skipping cancelled waiters', async () => {
    vi.useFakeTimers();
    const { awaitTurn, claimTurn } = await import('../../../src/ui/core/mount-turns');
    expect(claimTurn()).toBe(true);
    expect(claimTurn()).toBe(false);
    const went: string[] = [];
    awaitTurn(() => went.push('b'));
    const cancelC = awaitTurn(() => went.push('c'));
    awaitTurn(() => went.push('d'));
    expect(went).toEqual([]);
    cancelC();
    vi.advanceTimersByTime(17);
    expect(went).toEqual(['b']);
    vi.advanceTimersByTime(17);
    expect(went).toEqual(['b', 'd']);
    vi.advanceTimersByTime(17);
    expect(claimTurn()).toBe(true);
  });
});
