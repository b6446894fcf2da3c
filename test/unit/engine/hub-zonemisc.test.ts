// sdt:genunix:zone_kstat:zone-misc through zdtrace, as a user sees it: listed by -l (not
// inside a zone, where sdt does not exist), firing once a simulated second per non-global
// zone in the zone's zsched with the zone's CPU time and cap, and nothing when unused.
import { describe, expect, it } from 'vitest';
import { useZdtrace } from '../zdtrace-harness';

const z = useZdtrace('zdtrace-zonemisc-');

describe('zdtrace: sdt:genunix:zone_kstat:zone-misc', () => {
  it('is listed by -l, and not inside a zone', () => {
    const r = z.run(['-l', '-n', 'sdt:genunix:zone_kstat:zone-misc']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.trim().split(/\s+/).slice(1)).toEqual(['sdt', 'genunix', 'zone_kstat', 'zone-misc']);
    const inZone = z.run(['--scenario', 'cpu-contention', '--zone', 'web', '-l', '-n', 'sdt:genunix:zone_kstat:zone-misc']);
    expect(inZone.stdout).not.toContain('zone-misc');
    const all = z.run(['--scenario', 'cpu-contention', '--zone', 'web', '-l']);
    expect(all.stdout).toContain('syscall');
    expect(all.stdout).not.toContain('zone-misc');
  });

  it('fires once a second per zone, in zsched, with the zone\'s CPU time, interval and cap', () => {
    const r = z.run([
      '--scenario', 'cpu-contention', '--fast', '-q', '-n',
      `sdt:genunix:zone_kstat:zone-misc { @n[zonename, execname, pid] = count(); @cap[zonename] = max(arg4); @ival[zonename] = min(arg3); @pct[zonename] = sum((arg0 + arg1) * 100 / arg3); }
       tick-2500ms { exit(0); }
       END { printa("%s %s %d %@d\\n", @n); printa("cap %s %@d\\n", @cap); printa("ival %s %@d\\n", @ival); printa("pct %s %@d\\n", @pct); }`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    for (const zn of ['hog', 'web', 'batch', 'burst']) {
      expect(lines).toContain(`${zn} zsched 0 2`);
      expect(lines).toContain(`ival ${zn} 1000000000`);
    }
    expect(lines).toContain('cap batch 200');
    expect(lines).toContain('cap burst 400');
    expect(lines).toContain('cap hog 0');
    // batch is capped at 200% of one CPU: over two seconds its % sum is at most about 2 x 200.
    const pct = Object.fromEntries(lines.filter((l) => l.startsWith('pct ')).map((l) => [l.split(' ')[1]!, Number(l.split(' ')[2])]));
    expect(pct.batch).toBeGreaterThan(200);
    expect(pct.batch).toBeLessThanOrEqual(420);
    // The node's 8 CPUs are all busy: the zones' shares add up to about 2 x 800%.
    expect(pct.hog! + pct.web! + pct.batch! + pct.burst!).toBeGreaterThan(1400);
    expect(pct.hog! + pct.web! + pct.batch! + pct.burst!).toBeLessThanOrEqual(1610);
  });
});
