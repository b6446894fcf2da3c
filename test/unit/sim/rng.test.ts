import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/sim/rng';

describe('Rng', () => {
  it('is a function of its path only', () => {
    const a = Rng.forNode(1, 'cn1').derive('web0');
    const b = new Rng('1/cn1/web0');
    const xs = Array.from({ length: 100 }, () => a.u32());
    expect(Array.from({ length: 100 }, () => b.u32())).toEqual(xs);
    const c = Rng.forNode(1, 'cn2').derive('web0');
    expect(Array.from({ length: 100 }, () => c.u32())).not.toEqual(xs);
  });

  it('draws uniform floats and exponential gaps with the asked mean', () => {
    const r = new Rng('stats');
    const n = 200_000;
    let sum = 0;
    let low = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const f = r.float();
      if (!(f >= 0 && f < 1)) outside++;
      sum += f;
      if (f < 0.1) low++;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(low / n).toBeCloseTo(0.1, 2);
    let e = 0;
    for (let i = 0; i < n; i++) e += r.exp(250);
    expect(e / n / 250).toBeCloseTo(1, 1);
    for (let i = 0; i < 1000; i++) {
      const k = r.below(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });
});
