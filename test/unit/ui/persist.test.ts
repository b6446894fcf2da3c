// Kept dashboards: a record round-trips, a record this build did not write is ignored,
// and without IndexedDB (a private window) the app still keeps them for the session.
import { describe, expect, it } from 'vitest';
import { dashboardKey, indexedDbDashboards, memoryDashboards, parseSaved } from '../../../src/ui/core/persist';
import { DEFAULT_SPECS } from '../../../src/ui/core/catalog';

describe('persisted dashboards', () => {
  it('keys records by scenario and identity', () => {
    expect(dashboardKey('demo', 'customer:acme')).toBe('demo/customer:acme');
    expect(dashboardKey('demo', 'operator')).not.toBe(dashboardKey('noisy-neighbor', 'operator'));
  });

  it('round-trips panels through the memory store, separately per key', async () => {
    const s = memoryDashboards();
    await s.save('demo/operator', DEFAULT_SPECS);
    await s.save('demo/customer:acme', DEFAULT_SPECS.slice(0, 1));
    expect(await s.load('demo/operator')).toEqual(DEFAULT_SPECS);
    expect(await s.load('demo/customer:acme')).toEqual(DEFAULT_SPECS.slice(0, 1));
    expect(await s.load('demo/customer:globex')).toBeUndefined();
  });

  it('falls back to memory when there is no IndexedDB', async () => {
    const s = indexedDbDashboards(undefined);
    await s.save('k', DEFAULT_SPECS);
    expect(await s.load('k')).toEqual(DEFAULT_SPECS);
  });

  it('ignores records of another shape or version', () => {
    expect(parseSaved({ version: 1, panels: DEFAULT_SPECS, savedAt: 1 })?.panels).toEqual(DEFAULT_SPECS);
    expect(parseSaved({ version: 2, panels: DEFAULT_SPECS, savedAt: 1 })).toBeUndefined();
    expect(parseSaved({ version: 1, panels: [{ module: 'cpu' }], savedAt: 1 })).toBeUndefined();
    expect(parseSaved('garbage')).toBeUndefined();
  });
});
