import { describe, expect, it } from 'vitest';
import { WorkerCalls } from '../../../src/engine/worker-calls';

describe('WorkerCalls', () => {
  it('passes results and errors through while the worker lives', async () => {
    const c = new WorkerCalls();
    await expect(c.call(async () => 42)).resolves.toBe(42);
    await expect(c.call(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
  });

  it('fails a call left waiting when the worker dies, and every later call at once', async () => {
    const c = new WorkerCalls();
    const never = c.call(() => new Promise<number>(() => {}));
    expect(c.fail(new Error('the CA worker exited (code 1)'))).toBe(true);
    await expect(never).rejects.toThrow('exited (code 1)');
    let ran = false;
    await expect(c.call(async () => (ran = true))).rejects.toThrow('exited (code 1)');
    expect(ran).toBe(false);
    // The first death is the one reported.
    expect(c.fail(new Error('again'))).toBe(false);
    await expect(c.call(async () => 1)).rejects.toThrow('exited (code 1)');
  });
});
