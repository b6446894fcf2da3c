import { describe, expect, it } from 'vitest';
import {
  FOP_CLOSE, FOP_LOOKUP, FOP_OPEN, FOP_PROBES, FOP_READ, P_ARC_HIT, P_ARC_MISS, P_PROC_EXIT, P_ZFS_READ, SYSCALL_BASE, SYS_PREAD, SYS_READ, sysnum,
} from '../../../../src/sim/probes';
import { ioNode, listen, percentile, S, syscallLatency, window } from './harness';

const SYS_PWRITE = sysnum('pwrite');

describe('fileio', () => {
  it('reads that hit the ARC and reads that miss form two separate latency bands (us vs ms on HDD)', () => {
    const { n } = ioNode([{ name: 'fio0', workloads: [{ kind: 'fileio', threads: 2, sizeKiB: 8, workingSetMiB: 64, thinkUs: 500 }] }], {
      pool: { kind: 'hdd', disks: 2 },
    });
    // Per thread: did this call hit or miss, and when did zfs_read start.
    const state = new Map<number, { t0: number; miss: boolean }>();
    const hits: number[] = [];
    const misses: number[] = [];
    let all = 0;
    listen(n, [P_ZFS_READ, P_ZFS_READ + 1, P_ARC_HIT, P_ARC_MISS], {
      fs(p, cur) {
        if (p === P_ZFS_READ) state.set(cur.tid, { t0: n.now, miss: false });
        else {
          const s = state.get(cur.tid)!;
          (s.miss ? misses : hits).push(n.now - s.t0);
          all++;
        }
      },
      fire(p, cur) {
        if (p === P_ARC_MISS && cur !== undefined) state.get(cur.tid)!.miss = true;
      },
    });
    n.runUntil(20 * S);
    expect(misses.length).toBeGreaterThan(300);
    expect(hits.length).toBeGreaterThan(3000);
    // 64 MiB is 512 records of 128 KiB: each is missed about once, then cached.
    expect(misses.length).toBeLessThan(600);
    expect(percentile(hits, 97)).toBeLessThan(100_000);
    expect(percentile(misses, 3)).toBeGreaterThan(1_000_000);
    const between = [...hits, ...misses].filter((l) => l > 200_000 && l < 1_000_000);
    expect(between.length).toBeLessThan(all * 0.02);
  });

  it('fires fop_read and zfs_read around each pread with the vnode and uio, nested inside the syscall', () => {
    const { n } = ioNode([{ name: 'fio0', workloads: [{ kind: 'fileio', threads: 1, sizeKiB: 16, workingSetMiB: 32, until: 2 }] }]);
    const pread = SYSCALL_BASE + 2 * SYS_PREAD;
    const fopRead = FOP_PROBES[FOP_READ]!;
    const trace: string[] = [];
    const uios: [number, number, number][] = [];
    listen(n, [pread, pread + 1, fopRead, fopRead + 1, P_ZFS_READ, P_ZFS_READ + 1, FOP_PROBES[FOP_OPEN]!, FOP_PROBES[FOP_LOOKUP]!, FOP_PROBES[FOP_CLOSE]!], {
      fire(p) {
        if (trace.length < 400) trace.push(p === pread ? 'pread' : p === pread + 1 ? 'pread-ret' : `?${p}`);
      },
      fs(p, cur, vp, uio, arg) {
        expect(vp.v_path).toBe('/data/fio/fio0.0.0');
        expect(vp.v_op.vnop_name).toBe('zfs');
        expect(cur.execname).toBe('fio');
        const name = p === fopRead ? 'fop_read' : p === fopRead + 1 ? 'fop_read-ret' : p === P_ZFS_READ ? 'zfs_read' : p === P_ZFS_READ + 1 ? 'zfs_read-ret'
          : p === FOP_PROBES[FOP_OPEN] ? 'fop_open' : p === FOP_PROBES[FOP_LOOKUP] ? 'fop_lookup' : 'fop_close';
        if (trace.length < 400 || name === 'fop_close') trace.push(name);
        if (p === P_ZFS_READ) uios.push([uio!.uio_resid, uio!.uio_loffset, cur.sys.args[3]!]);
        if (p === P_ZFS_READ + 1 || p === fopRead + 1) expect(arg).toBe(0);
      },
    });
    n.runUntil(3 * S);
    expect(trace.slice(0, 2)).toEqual(['fop_lookup', 'fop_open']);
    const call = ['pread', 'fop_read', 'zfs_read', 'zfs_read-ret', 'fop_read-ret', 'pread-ret'];
    expect(trace.slice(2, 2 + 66 * call.length)).toEqual(Array.from({ length: 66 }, () => call).flat());
    expect(trace[trace.length - 1]).toBe('fop_close');
    expect(uios.length).toBeGreaterThan(50);
    for (const [resid, off, arg3] of uios) {
      expect(resid).toBe(16384);
      expect(off).toBe(arg3);
      expect(off % 16384).toBe(0);
      expect(off).toBeLessThan(32 * 1024 * 1024);
    }
  });

  it('O_DSYNC writes wait for the log device; buffered writes return at memory speed', () => {
    const { n } = ioNode(
      [
        { name: 'dsync', workloads: [{ kind: 'fileio', threads: 1, op: 'write', sizeKiB: 128, workingSetMiB: 256, sync: true, thinkUs: 2000 }] },
        { name: 'buffered', workloads: [{ kind: 'fileio', threads: 1, op: 'write', sizeKiB: 128, workingSetMiB: 256, thinkUs: 2000 }] },
      ],
      { pool: { kind: 'hdd', disks: 4 } },
    );
    const lat = syscallLatency(n, SYS_PWRITE);
    n.runUntil(10 * S);
    const sync = window(lat.get('dsync'), 1);
    const buffered = window(lat.get('buffered'), 1);
    expect(sync.length).toBeGreaterThan(100);
    expect(buffered.length).toBeGreaterThan(1000);
    expect(percentile(sync, 50)).toBeGreaterThan(1_000_000);
    expect(percentile(buffered, 50)).toBeLessThan(200_000);
  });

  it('sequential readers use read(2) and are served from read-ahead; random readers of a large set miss', () => {
    const { n } = ioNode(
      [
        { name: 'seq', workloads: [{ kind: 'fileio', threads: 1, pattern: 'sequential', sizeKiB: 128, workingSetMiB: 8192 }] },
        { name: 'rnd', workloads: [{ kind: 'fileio', threads: 1, pattern: 'random', sizeKiB: 128, workingSetMiB: 8192 }] },
      ],
      { pool: { kind: 'hdd', disks: 4 } },
    );
    const counts = new Map<string, [number, number]>();
    const read = SYSCALL_BASE + 2 * SYS_READ;
    const pread = SYSCALL_BASE + 2 * SYS_PREAD;
    const calls = new Map<string, number>();
    listen(n, [P_ARC_HIT, P_ARC_MISS, read, pread], {
      fire(p, cur) {
        if (cur === undefined || cur.zone.id === 0) return;
        if (p === read || p === pread) {
          const k = `${cur.zonename}:${p === read ? 'read' : 'pread'}`;
          calls.set(k, (calls.get(k) ?? 0) + 1);
          return;
        }
        const c = counts.get(cur.zonename) ?? [0, 0];
        c[p === P_ARC_HIT ? 0 : 1]++;
        counts.set(cur.zonename, c);
      },
    });
    n.runUntil(10 * S);
    expect([...calls.keys()].sort()).toEqual(['rnd:pread', 'seq:read']);
    expect(calls.get('seq:read')!).toBeGreaterThan(5 * calls.get('rnd:pread')!);
    const [sh] = counts.get('seq')!;
    const [rh, rm] = counts.get('rnd')!;
    expect(sh / calls.get('seq:read')!).toBeGreaterThan(0.9);
    expect(rh / (rh + rm)).toBeLessThan(0.1);
  });

  it('runs only between its from and until: no I/O before, its process exits after', () => {
    const { n } = ioNode([{ name: 'late', workloads: [{ kind: 'fileio', threads: 4, sizeKiB: 8, workingSetMiB: 64, thinkUs: 1000, from: 2, until: 4 }] }]);
    const times: number[] = [];
    let exitAt = -1;
    const fop = FOP_PROBES[FOP_READ]!;
    listen(n, [fop, P_PROC_EXIT], {
      fs() {
        times.push(n.now / S);
      },
      fire(p) {
        if (p === P_PROC_EXIT) exitAt = n.now / S;
      },
    });
    n.runUntil(1.9 * S);
    expect(n.zone('late')!.processes.length).toBe(0);
    n.runUntil(6 * S);
    expect(times.length).toBeGreaterThan(500);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...times)).toBeLessThan(4.1);
    expect(exitAt).toBeGreaterThanOrEqual(4);
    expect(exitAt).toBeLessThan(4.1);
    expect(n.zone('late')!.processes.length).toBe(0);
  });
});
