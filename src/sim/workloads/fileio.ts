// The `fileio` workload: a fio-like benchmark. Each of `threads` jobs opens its own file
// in the zone's dataset (the working set split evenly between them, as fio's numjobs
// does), then loops: one pread/pwrite (random offsets) or read/write (sequential) of
// `sizeKiB`, reads and writes half and half for `mixed`, O_DSYNC writes when `sync`, a
// little user CPU of its own and `thinkUs` asleep between ops. Whether a read hits the
// ARC, waits for a disk or is throttled is the I/O layer's decision. Pure TypeScript.

import { FOP_CLOSE, FOP_LOOKUP, FOP_OPEN, SYS_CLOSE, SYS_NANOSLEEP, SYS_OPEN, SYS_PREAD, SYS_READ, SYS_WRITE, sysnum } from '../probes';
import type { SimFile } from '../ioport';
import type { Continuation, Thread } from '../proc';
import type { WorkloadSpec } from '../scenario';
import type { RunningWorkload, WorkloadHost } from '../workload';

type FileioSpec = Extract<WorkloadSpec, { kind: 'fileio' }>;

const SYS_PWRITE = sysnum('pwrite');
const BUF_ADDR = 0x8200000;
const PATH_ADDR = 0x8047e10;
const TIMESPEC_ADDR = 0x8047d30;
const O_RDWR = 2;
const O_DSYNC = 0x40;
const FIRST_FD = 3;
/** Kernel CPU of the calls themselves (ns), beside what the I/O layer charges. */
const RW_NS = 2_000;
const OPEN_NS = 12_000;
const LOOKUP_NS = 3_000;
const CLOSE_NS = 3_000;
const NANOSLEEP_NS = 2_000;
/** fio's own user CPU per op (ns). */
const USER_NS = 3_000;

class Job {
  offset = 0;
  write = false;
  constructor(
    readonly fd: number,
    readonly file: SimFile,
    /** Ops of `size` bytes that fit in the file. */
    readonly blocks: number,
  ) {}
}

export function startFileio(host: WorkloadHost, spec: FileioSpec): RunningWorkload {
  const { kernel: k, rng } = host;
  const size = spec.sizeKiB * 1024;
  const random = spec.pattern === 'random';
  const rw = spec.op === 'mixed' ? 'randrw' : spec.op === 'write' ? 'write' : 'read';
  const proc = host.spawn(spec.execname ?? 'fio', `fio --name=${host.zone.name} --rw=${random && rw !== 'randrw' ? 'rand' : ''}${rw} --bs=${spec.sizeKiB}k --numjobs=${spec.threads}`);
  const perJob = Math.max(size, Math.floor((spec.workingSetMiB * 1024 * 1024) / spec.threads / size) * size);
  const thinkNs = spec.thinkUs * 1000;
  const readSys = random ? SYS_PREAD : SYS_READ;
  const writeSys = random ? SYS_PWRITE : SYS_WRITE;
  let stopped = false;

  const open: Continuation = (t) => k.syscall(t, SYS_OPEN, OPEN_NS, lookup, PATH_ADDR, O_RDWR | (spec.sync ? O_DSYNC : 0), 0);
  const lookup: Continuation = (t) => k.vop(t, FOP_LOOKUP, (t.program as Job).file, LOOKUP_NS, opened);
  const opened: Continuation = (t) => k.vop(t, FOP_OPEN, (t.program as Job).file, LOOKUP_NS, ready);
  const ready: Continuation = (t) => {
    k.ret(t, (t.program as Job).fd);
    next(t);
  };
  const next: Continuation = (t) => {
    if (stopped) return k.syscall(t, SYS_CLOSE, CLOSE_NS, close, (t.program as Job).fd);
    const j = t.program as Job;
    j.write = spec.op === 'write' || (spec.op === 'mixed' && rng.float() < 0.5);
    if (random) j.offset = rng.below(j.blocks) * size;
    k.syscall(t, j.write ? writeSys : readSys, RW_NS, io, j.fd, BUF_ADDR, size, j.offset);
  };
  const io: Continuation = (t) => {
    const j = t.program as Job;
    if (j.write) k.write(t, j.file, j.offset, size, done, spec.sync);
    else k.read(t, j.file, j.offset, size, done);
  };
  const done: Continuation = (t) => {
    const j = t.program as Job;
    k.retIo(t);
    if (!random) j.offset = j.offset + size >= j.blocks * size ? 0 : j.offset + size;
    k.compute(t, USER_NS, thinkNs > 0 ? think : next);
  };
  const think: Continuation = (t) => k.syscall(t, SYS_NANOSLEEP, NANOSLEEP_NS, nap, TIMESPEC_ADDR, 0);
  const nap: Continuation = (t) => k.sleepFor(t, thinkNs, woke);
  const woke: Continuation = (t) => {
    k.ret(t, 0);
    next(t);
  };
  const close: Continuation = (t) => k.vop(t, FOP_CLOSE, (t.program as Job).file, CLOSE_NS, closed);
  const closed: Continuation = (t: Thread) => {
    k.ret(t, 0);
    k.exit(t);
  };

  for (let i = 0; i < spec.threads; i++) {
    const file = host.file(`/data/fio/${host.zone.name}.${i}.0`, perJob);
    const t = host.thread(proc, open);
    t.program = new Job(FIRST_FD + i, file, Math.max(1, Math.floor(perJob / size)));
  }
  return {
    stop() {
      stopped = true;
    },
  };
}
