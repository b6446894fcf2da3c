// The `db` workload: a PostgreSQL-like server. `threads` backend processes (execname
// "postgres", one LWP each) wait in recv(2) for transactions, which arrive from clients
// as a Poisson process at `tps`. A transaction reads a few 8 KiB pages of the database
// file (most of them from a hot tenth of the `workingSetMiB`, so the ARC serves nearly
// all once warm), computes, dirties a couple of pages (buffered writes), appends its
// commit record to the WAL and makes it durable with `fsyncPerTxn` fdatasync(2)s, then
// sends the reply. Disk waits, log writes and queueing for a free backend come from the
// kernel model. Pure TypeScript.

import { FOP_GETATTR, SYS_FDSYNC, SYS_PREAD, SYS_RECV, SYS_SEND, SYS_WRITE, sysnum } from '../probes';
import type { Continuation, Thread } from '../proc';
import type { WorkloadSpec } from '../scenario';
import type { RunningWorkload, WorkloadHost } from '../workload';

type DbSpec = Extract<WorkloadSpec, { kind: 'db' }>;

const SYS_PWRITE = sysnum('pwrite');
const SYS_FSTAT = sysnum('fstat');
const EINTR = 4;
const PAGE = 8192;
const READS_PER_TXN = 4;
const WRITES_PER_TXN = 2;
const WAL_RECORD = 8192;
const WAL_BYTES = 16 * 1024 * 1024;
/** A read goes to the hot tenth of the pages this often. */
const HOT_FRACTION = 0.1;
const HOT_P = 0.8;
/** User CPU per transaction (parse, plan, execute), ns. */
const TXN_CPU_NS = 400_000;
/** Kernel CPU per call, ns. */
const SOCK_NS = 5_000;
const RW_NS = 2_500;
const FSTAT_NS = 1_500;
const DATA_FD = 7;
const WAL_FD = 8;
const SOCK_FD = 9;
const BUF_ADDR = 0x8400000;
const STAT_ADDR = 0x8047c40;
/** Transactions waiting for a backend beyond this are turned away. */
const MAX_PENDING = 10_000;

class Backend {
  left = 0;
  offset = 0;
  fsyncs = 0;
  woken = false;
}

export function startDb(host: WorkloadHost, spec: DbSpec): RunningWorkload {
  const { kernel: k, rng, sched } = host;
  const data = host.file('/var/pgsql/data/base/16384/16385', spec.workingSetMiB * 1024 * 1024);
  const wal = host.file('/var/pgsql/data/pg_xlog/000000010000000000000001', WAL_BYTES);
  const pages = Math.max(1, Math.floor(data.sizeBytes / PAGE));
  const hot = Math.max(1, Math.floor(pages * HOT_FRACTION));
  const meanGapNs = spec.tps > 0 ? 1e9 / spec.tps : Infinity;
  const idle: Thread[] = [];
  let pending = 0;
  let walOffset = 0;
  let stopped = false;

  const arrive = (): void => {
    if (stopped) return;
    const t = idle.pop();
    if (t !== undefined) {
      (t.program as Backend).woken = true;
      k.wakeup(t);
    } else if (pending < MAX_PENDING) pending++;
    sched.at(sched.now + rng.exp(meanGapNs), arrive);
  };

  const page = (): number => (rng.float() < HOT_P ? rng.below(hot) : rng.below(pages)) * PAGE;

  const wait: Continuation = (t) => {
    if (stopped) return k.exit(t);
    k.syscall(t, SYS_RECV, SOCK_NS, take, SOCK_FD, BUF_ADDR, 8192, 0);
  };
  const take: Continuation = (t) => {
    const b = t.program as Backend;
    if (pending > 0) {
      pending--;
      return begin(t);
    }
    b.woken = false;
    idle.push(t);
    k.sleep(t, woke);
  };
  const woke: Continuation = (t) => {
    if (!(t.program as Backend).woken) {
      k.ret(t, -1, EINTR);
      return k.exit(t);
    }
    begin(t);
  };
  const begin: Continuation = (t) => {
    k.ret(t, 256);
    (t.program as Backend).left = READS_PER_TXN;
    k.syscall(t, SYS_FSTAT, FSTAT_NS, stat, DATA_FD, STAT_ADDR);
  };
  const stat: Continuation = (t) => k.vop(t, FOP_GETATTR, data, FSTAT_NS, statted);
  const statted: Continuation = (t) => {
    k.ret(t, 0);
    read(t);
  };
  const read: Continuation = (t) => {
    const b = t.program as Backend;
    if (b.left === 0) {
      b.left = WRITES_PER_TXN;
      return k.compute(t, rng.around(TXN_CPU_NS, 0.5), write);
    }
    b.left--;
    b.offset = page();
    k.syscall(t, SYS_PREAD, RW_NS, readIo, DATA_FD, BUF_ADDR, PAGE, b.offset);
  };
  const readIo: Continuation = (t) => k.read(t, data, (t.program as Backend).offset, PAGE, readDone);
  const readDone: Continuation = (t) => {
    k.retIo(t);
    read(t);
  };
  const write: Continuation = (t) => {
    const b = t.program as Backend;
    if (b.left === 0) return walAppend(t);
    b.left--;
    b.offset = page();
    k.syscall(t, SYS_PWRITE, RW_NS, writeIo, DATA_FD, BUF_ADDR, PAGE, b.offset);
  };
  const writeIo: Continuation = (t) => k.write(t, data, (t.program as Backend).offset, PAGE, writeDone);
  const writeDone: Continuation = (t) => {
    k.retIo(t);
    write(t);
  };
  const walAppend: Continuation = (t) => {
    const b = t.program as Backend;
    b.offset = walOffset;
    walOffset = walOffset + WAL_RECORD >= WAL_BYTES ? 0 : walOffset + WAL_RECORD;
    b.fsyncs = spec.fsyncPerTxn;
    k.syscall(t, SYS_WRITE, RW_NS, walIo, WAL_FD, BUF_ADDR, WAL_RECORD);
  };
  const walIo: Continuation = (t) => k.write(t, wal, (t.program as Backend).offset, WAL_RECORD, walDone);
  const walDone: Continuation = (t) => {
    k.retIo(t);
    sync(t);
  };
  const sync: Continuation = (t) => {
    const b = t.program as Backend;
    if (b.fsyncs === 0) return k.syscall(t, SYS_SEND, SOCK_NS, sent, SOCK_FD, BUF_ADDR, 512, 0);
    b.fsyncs--;
    k.syscall(t, SYS_FDSYNC, RW_NS, syncIo, WAL_FD, 0x10);
  };
  const syncIo: Continuation = (t) => k.fsync(t, wal, syncDone);
  const syncDone: Continuation = (t) => {
    k.retIo(t);
    sync(t);
  };
  const sent: Continuation = (t) => {
    k.ret(t, 512);
    wait(t);
  };

  for (let i = 0; i < spec.threads; i++) {
    const proc = host.spawn(spec.execname ?? 'postgres', `postgres: app app 10.0.0.${10 + i} idle`);
    const t = host.thread(proc, wait);
    t.program = new Backend();
  }
  if (meanGapNs !== Infinity) sched.at(sched.now + rng.exp(meanGapNs), arrive);

  return {
    stop() {
      stopped = true;
      for (const t of idle.splice(0)) k.wakeup(t);
    },
  };
}
