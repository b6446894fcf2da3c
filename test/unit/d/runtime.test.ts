// RuntimeState: dynamic-variable accounting, thread-local storage, speculation buffers,
// fault messages and the deterministic rand().
import { describe, expect, test } from 'vitest';
import { DFault, RuntimeState, TlsInts, faultMessage } from '../../../src/d/runtime';

const PROBE = { id: 89, provider: 'syscall', module: '', func: 'read', name: 'entry', argTypes: [] };

function state(dynvarsize = 1000): RuntimeState {
  const s = new RuntimeState(256, dynvarsize, 2, 100);
  s.T[0] = new TlsInts();
  s.tlsCost[0] = 100;
  s.TO[1] = [];
  s.tlsCost[1] = 100;
  s.A[0] = new Map();
  s.assocCost[0] = 200;
  return s;
}

describe('thread-local integers', () => {
  test('store, overwrite and free by assigning zero', () => {
    const s = state();
    s.tset(0, 3, 42);
    s.tset(0, 3, 43);
    expect(s.T[0]!.vals[3]).toBe(43);
    expect(s.dynUsed).toBe(100);
    s.tset(0, 3, 0);
    expect(s.dynUsed).toBe(0);
  });
  test('slots beyond the initial size grow the storage', () => {
    const s = state(1e6);
    s.tset(0, 5000, 7);
    expect(s.T[0]!.vals[5000]).toBe(7);
  });
  test('values outside the safe range are kept exactly', () => {
    const s = state();
    s.tset(0, 1, 2n ** 63n);
    expect(Number.isNaN(s.T[0]!.vals[1])).toBe(true);
    expect(s.tbig(0, 1)).toBe(2n ** 63n);
    s.tset(0, 1, 5);
    expect(s.T[0]!.vals[1]).toBe(5);
    expect(s.T[0]!.big!.size).toBe(0);
  });
  test('allocations beyond dynvarsize are dropped and counted', () => {
    const s = state(250);
    s.tset(0, 0, 1);
    s.tset(0, 1, 1);
    s.tset(0, 2, 1);
    expect(s.drops.dynvar).toBe(1);
    expect(s.T[0]!.vals[2]).toBe(0);
  });
  test('threadExited frees every variable of the slot', () => {
    const s = state();
    s.tset(0, 4, 9);
    s.tsetO(1, 4, 'str', false);
    s.threadExited(4);
    expect(s.dynUsed).toBe(0);
    expect(s.TO[1]![4]).toBeUndefined();
  });
});

describe('associative arrays', () => {
  test('set, delete on zero, and the budget', () => {
    const s = state(300);
    s.aset(0, 'a', 1, false);
    s.aset(0, 'b', 1, false);
    expect(s.drops.dynvar).toBe(1);
    s.aset(0, 'a', 0, true);
    expect(s.dynUsed).toBe(0);
    s.aset(0, 'b', 2, false);
    expect(s.A[0].get('b')).toBe(2);
  });
});

describe('speculations', () => {
  test('ids are 1..nspec; a busy pool counts failures', () => {
    const s = state();
    expect([s.speculation(), s.speculation(), s.speculation()]).toEqual([1, 2, 0]);
    expect(s.drops.specBusy).toBe(1);
  });
  test('commit returns the text and frees the buffer; specsize limits it', () => {
    const s = state();
    const id = s.speculation();
    s.speculate(id, 'a', 60);
    s.speculate(id, 'b', 60);
    expect(s.drops.spec).toBe(1);
    expect(s.commitSpec(id)).toBe('a');
    expect(s.commitSpec(id)).toBe('');
    expect(s.speculation()).toBe(1);
  });
});

describe('faults', () => {
  test('messages as illumos prints them', () => {
    expect(faultMessage(new DFault(4, 12), 2, 7, PROBE)).toBe(
      'error on enabled probe ID 7 (ID 89: syscall::read:entry): divide-by-zero in action #2 at DIF offset 12',
    );
    expect(faultMessage(new DFault(1, 3, 0x10), 0, 7, PROBE)).toBe(
      'error on enabled probe ID 7 (ID 89: syscall::read:entry): invalid address (0x10) in predicate at DIF offset 3',
    );
  });
});

describe('misc', () => {
  test('rand() is deterministic', () => {
    const a = state();
    const b = state();
    const xs = [a.rand(), a.rand(), a.rand()];
    expect([b.rand(), b.rand(), b.rand()]).toEqual(xs);
  });
  test('exit keeps the low byte of the status', () => {
    const s = state();
    s.exit(-1);
    expect(s.exitStatus).toBe(255);
    expect(s.exited).toBe(true);
  });
});
