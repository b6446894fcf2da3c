import { describe, expect, it } from 'vitest';
import {
  FOP_FSYNC, FOP_PROBES, FOP_READ, P_ARC_HIT, P_ARC_MISS, P_ZFS_READ, P_ZFS_WRITE, SYSCALL_BASE, SYS_FDSYNC, SYS_SEND,
} from '../../../../src/sim/probes';
import { cpusUsed } from '../helpers';
import { ioNode, listen, S, sdtId } from './harness';

const UIO_START = sdtId('zvol-uio-start');
const UIO_DONE = sdtId('zvol-uio-done');
const WAIT = sdtId('zfs-zone-wait');

describe('kvm', () => {
  it('runs the guest as qemu-system-x86_ in its zone: vCPUs burn CPU at duty, disk I/O goes to the zvol (zvol-uio-*, specfs, no zfs_read)', () => {
    const { n, port } = ioNode(
      [{ name: 'vm0', brand: 'kvm', ram: 1024, workloads: [{ kind: 'kvm', vcpus: 2, duty: 0.5, iops: 200, workingSetMiB: 1024 }] }],
      { ncpus: 8, pool: { kind: 'ssd', disks: 2 } },
    );
    const uio = { start: [0, 0], done: [0, 0] };
    let fopSpec = 0;
    let zfsFops = 0;
    const fop = FOP_PROBES[FOP_READ]!;
    listen(n, [UIO_START, UIO_DONE, fop, P_ZFS_READ, P_ZFS_WRITE], {
      sdt(p, cur, a) {
        expect(cur!.execname).toBe('qemu-system-x86_');
        expect(cur!.zonename).toBe('vm0');
        (p === UIO_START ? uio.start : uio.done)[a[2] === 1 ? 1 : 0]++;
      },
      fs(p, cur, vp) {
        if (p === fop) {
          expect(vp.v_op.vnop_name).toBe('specfs');
          expect(vp.v_path).toBe('/dev/zvol/rdsk/zones/vm0-disk0');
          expect(cur.execname).toBe('qemu-system-x86_');
          fopSpec++;
        } else zfsFops++;
      },
    });
    const procs = n.zone('vm0')!.processes;
    expect(procs.map((p) => p.execname)).toEqual(['qemu-system-x86_']);
    expect(procs[0]!.psargs).toMatch(/^\/smartdc\/bin\/qemu-system-x86_64 /);
    const used = cpusUsed(n, ['vm0'], 10 * S);
    // 2 vCPUs at duty 0.5, plus a little for exits and the I/O threads.
    expect(used.vm0).toBeGreaterThan(0.9);
    expect(used.vm0).toBeLessThan(1.2);
    // ~200 iops for 10 s, 70% reads.
    const ops = uio.done[0]! + uio.done[1]!;
    expect(ops).toBeGreaterThan(1700);
    expect(ops).toBeLessThan(2300);
    expect(uio.start[0]! + uio.start[1]!).toBeGreaterThanOrEqual(ops);
    expect(uio.done[0]! / ops).toBeGreaterThan(0.6);
    expect(uio.done[0]! / ops).toBeLessThan(0.8);
    expect(fopSpec).toBe(uio.start[0]);
    expect(zfsFops).toBe(0);
    // The zvol's zios carry the zone: they count in its zone_zfs kstat.
    const zid = n.zone('vm0')!.id;
    expect(port.zfs.throttle.zone(zid).zfs.reads).toBeGreaterThan(500);
  });

  it("a KVM guest's CPU is capped like any zone's, and its zvol I/O counts for the zone throttle", () => {
    const { n } = ioNode(
      [
        { name: 'vm0', brand: 'kvm', cpu_cap: 100, workloads: [{ kind: 'kvm', vcpus: 4, duty: 1, iops: 2000, workingSetMiB: 65536 }] },
        { name: 'light', workloads: [{ kind: 'fileio', threads: 1, sizeKiB: 8, workingSetMiB: 65536, thinkUs: 5000 }] },
      ],
      { ncpus: 8, pool: { kind: 'hdd', disks: 2 } },
    );
    const waits = new Map<number, number>();
    listen(n, [WAIT], { sdt: (_p, _c, a) => waits.set(a[0]!, (waits.get(a[0]!) ?? 0) + 1) });
    const used = cpusUsed(n, ['vm0'], 15 * S);
    expect(used.vm0).toBeGreaterThan(0.9);
    // Kernel work (I/O calls, the throttle's busy-wait) is charged but cannot be stopped mid-call.
    expect(used.vm0).toBeLessThan(1.1);
    expect(waits.get(n.zone('vm0')!.id) ?? 0).toBeGreaterThan(100);
    expect(waits.get(n.zone('light')!.id) ?? 0).toBe(0);
  });
});

describe('db', () => {
  it('serves tps transactions with postgres backends: ARC-heavy reads, WAL writes and fsyncPerTxn fdatasyncs each', () => {
    const { n } = ioNode(
      [{ name: 'pg0', workloads: [{ kind: 'db', threads: 6, tps: 100, workingSetMiB: 256, fsyncPerTxn: 2 }] }],
      { pool: { kind: 'ssd', disks: 2 } },
    );
    const send = SYSCALL_BASE + 2 * SYS_SEND;
    const fdsync = SYSCALL_BASE + 2 * SYS_FDSYNC;
    const fopFsync = FOP_PROBES[FOP_FSYNC]!;
    let txns = 0;
    let syncs = 0;
    const fsyncPaths = new Set<string>();
    let hits = 0;
    let misses = 0;
    listen(n, [send + 1, fdsync + 1, fopFsync, P_ARC_HIT, P_ARC_MISS], {
      fire(p, cur) {
        if (cur === undefined) return;
        if (n.now < 10 * S) return;
        if (p === send + 1) txns++;
        else if (p === fdsync + 1) syncs++;
        else if (p === P_ARC_HIT) hits++;
        else if (p === P_ARC_MISS) misses++;
      },
      fs(_p, cur, vp) {
        expect(cur.execname).toBe('postgres');
        fsyncPaths.add(vp.v_path);
      },
    });
    const procs = n.zone('pg0')!.processes;
    expect(procs.length).toBe(6);
    expect(procs.every((p) => p.execname === 'postgres' && p.threads.length === 1)).toBe(true);
    n.runUntil(30 * S);
    // 20 s at 100 tps (Poisson): about 2000.
    expect(txns).toBeGreaterThan(1800);
    expect(txns).toBeLessThan(2200);
    expect(Math.abs(syncs - 2 * txns)).toBeLessThanOrEqual(12);
    expect([...fsyncPaths]).toEqual(['/var/pgsql/data/pg_xlog/000000010000000000000001']);
    expect(hits / (hits + misses)).toBeGreaterThan(0.9);
  });
});

describe('workload lifetimes', () => {
  it('db and kvm start at their from and their processes are gone shortly after their until', () => {
    const { n } = ioNode(
      [
        { name: 'pg', workloads: [{ kind: 'db', threads: 3, tps: 50, workingSetMiB: 64, from: 1, until: 3 }] },
        { name: 'vm', brand: 'kvm', workloads: [{ kind: 'kvm', vcpus: 2, duty: 0.3, iops: 100, workingSetMiB: 64, from: 1, until: 3 }] },
      ],
      { pool: { kind: 'ssd', disks: 1 } },
    );
    const zones = ['pg', 'vm'].map((z) => n.zone(z)!);
    n.runUntil(0.9 * S);
    expect(zones.map((z) => z.processes.length)).toEqual([0, 0]);
    n.runUntil(2 * S);
    expect(zones.map((z) => z.threads.length)).toEqual([3, 2 + 4]);
    const used = cpusUsed(n, ['pg', 'vm'], 2.9 * S);
    expect(used.pg).toBeGreaterThan(0.005);
    expect(used.vm).toBeGreaterThan(0.4);
    n.runUntil(3.5 * S);
    expect(zones.map((z) => z.processes.length)).toEqual([0, 0]);
    expect(zones.map((z) => z.threads.length)).toEqual([0, 0]);
  });
});

