import { describe, expect, it } from 'vitest';
import { Datacenter } from '../../../src/sim/datacenter';
import { builtinScenario } from '../../../src/sim/scenarios/index';
import { S } from './helpers';

describe('the demo datacenter', () => {
  it('has a capped zone bursting to its cap above its entitlement, and a noisy neighbour', () => {
    const dc = new Datacenter(builtinScenario('demo')!);
    dc.runUntil(20 * S);
    const cn2 = dc.node('cn2')!;
    const api = cn2.capsKstat('initech-api')!;
    expect(api.value).toBe(400);
    expect(api.baseline).toBeLessThan(100);
    expect(api.usage).toBeGreaterThan(380);
    expect(api.usage).toBeLessThan(420);
    expect(api.above_base_sec).toBeGreaterThanOrEqual(18);
    const k = cn2.zoneKstat('initech-api');
    expect((k.nsec_user + k.nsec_sys) / (20 * S)).toBeGreaterThan(3.8);
    // On cn1 one zone takes far more CPU than any of its eleven neighbours.
    const cn1 = dc.node('cn1')!;
    const use = cn1.zones.slice(1).map((z) => {
      const m = cn1.zoneKstat(z.name);
      return { name: z.name, cpus: (m.nsec_user + m.nsec_sys) / (20 * S) };
    });
    use.sort((a, b) => b.cpus - a.cpus);
    expect(use[0]!.name).toBe('globex-etl0');
    expect(use[0]!.cpus).toBeGreaterThan(3 * use[1]!.cpus);
  });
});
