// The `web` workload: a web server process whose `threads` workers each loop over
// accept(2), read(2) of the request from the socket, `fileReadsPerRequest` pread(2)s of
// 8 KiB from its working set through the node's I/O layer, `cpuUsPerRequest` of user
// CPU, write(2) of the response and close(2). Connections arrive as a Poisson process
// at `rps` into the listen backlog; the request bytes follow a network round trip
// later. Every wait — for a connection, for the request, for the disk, for a CPU after a
// wakeup — is the kernel's doing, so latency emerges from the node's load.
// Pure TypeScript.

import { SYS_ACCEPT, SYS_CLOSE, SYS_PREAD, SYS_READ, SYS_WRITE } from '../probes';
import type { Continuation, Thread } from '../proc';
import type { WorkloadSpec } from '../scenario';
import type { RunningWorkload, WorkloadHost } from '../workload';

type WebSpec = Extract<WorkloadSpec, { kind: 'web' }>;

const EINTR = 4;
const LISTEN_FD = 5;
const FILE_FD = 6;
const BUF_ADDR = 0x8062000;
/** The listen backlog; connections beyond it are refused (dropped). */
const BACKLOG = 1024;
const REQUEST_BYTES = 420;
const RESPONSE_BYTES = 16_384;
const FILE_READ_BYTES = 8_192;
/** Kernel CPU per call (ns); write also pays per byte. */
const ACCEPT_NS = 6_000;
const SOCK_READ_NS = 4_000;
const PREAD_NS = 3_000;
const WRITE_NS = 8_000;
const WRITE_PER_BYTE_NS = 0.5;
const CLOSE_NS = 5_000;
/** The client's request follows the connection by about one LAN round trip. */
const RTT_NS = 150_000;

class Worker {
  /** When the connection being served arrived / its request bytes arrive. */
  connAt = 0;
  dataAt = 0;
  readsLeft = 0;
  offset = 0;
  hasConn = false;

  constructor(readonly fd: number) {}
}

export function startWeb(host: WorkloadHost, spec: WebSpec): RunningWorkload {
  const { kernel: k, rng, sched } = host;
  const proc = host.spawn(spec.execname ?? 'nginx', 'nginx: worker process');
  const ws = spec.workingSetMiB * 1024 * 1024;
  const file = host.file(`/var/www/${host.zone.name}/content.db`, ws);
  const blocks = Math.max(1, Math.floor(ws / FILE_READ_BYTES));
  const meanGapNs = spec.rps > 0 ? 1e9 / spec.rps : Infinity;
  const cpuNs = spec.cpuUsPerRequest * 1000;

  const backlog = new Float64Array(BACKLOG);
  let bhead = 0;
  let bcount = 0;
  const idle: Thread[] = [];
  let stopped = false;

  const arrive = (): void => {
    if (stopped) return;
    const now = sched.now;
    const t = idle.pop();
    if (t !== undefined) {
      const w = t.program as Worker;
      w.connAt = now;
      w.hasConn = true;
      k.wakeup(t);
    } else if (bcount < BACKLOG) {
      backlog[(bhead + bcount++) % BACKLOG] = now;
    }
    sched.at(now + rng.exp(meanGapNs), arrive);
  };

  const accept: Continuation = (t) => {
    if (stopped) return k.exit(t);
    k.syscall(t, SYS_ACCEPT, ACCEPT_NS, take, LISTEN_FD, 0, 0);
  };
  const take: Continuation = (t) => {
    const w = t.program as Worker;
    if (bcount > 0) {
      w.connAt = backlog[bhead]!;
      bhead = (bhead + 1) % BACKLOG;
      bcount--;
      w.hasConn = true;
      return accepted(t);
    }
    w.hasConn = false;
    idle.push(t);
    k.sleep(t, accepted);
  };
  const accepted: Continuation = (t) => {
    const w = t.program as Worker;
    if (!w.hasConn) {
      k.ret(t, -1, EINTR);
      return k.exit(t);
    }
    k.ret(t, w.fd);
    w.dataAt = w.connAt + rng.around(RTT_NS, 0.5);
    w.readsLeft = spec.fileReadsPerRequest;
    k.syscall(t, SYS_READ, SOCK_READ_NS, request, w.fd, BUF_ADDR, 8192);
  };
  const request: Continuation = (t) => {
    const w = t.program as Worker;
    const now = sched.now;
    if (now < w.dataAt) return k.sleepFor(t, w.dataAt - now, requestRead);
    requestRead(t);
  };
  const requestRead: Continuation = (t) => {
    k.ret(t, REQUEST_BYTES);
    nextFile(t);
  };
  const nextFile: Continuation = (t) => {
    const w = t.program as Worker;
    if (w.readsLeft === 0) return k.compute(t, rng.around(cpuNs, 0.5), respond);
    w.readsLeft--;
    w.offset = rng.below(blocks) * FILE_READ_BYTES;
    k.syscall(t, SYS_PREAD, PREAD_NS, fileRead, FILE_FD, BUF_ADDR, FILE_READ_BYTES, w.offset);
  };
  const fileRead: Continuation = (t) => {
    k.read(t, file, (t.program as Worker).offset, FILE_READ_BYTES, fileDone);
  };
  const fileDone: Continuation = (t) => {
    k.retIo(t);
    nextFile(t);
  };
  const respond: Continuation = (t) => {
    const w = t.program as Worker;
    k.syscall(t, SYS_WRITE, WRITE_NS + RESPONSE_BYTES * WRITE_PER_BYTE_NS, responded, w.fd, BUF_ADDR, RESPONSE_BYTES);
  };
  const responded: Continuation = (t) => {
    k.ret(t, RESPONSE_BYTES);
    k.syscall(t, SYS_CLOSE, CLOSE_NS, closed, (t.program as Worker).fd);
  };
  const closed: Continuation = (t) => {
    k.ret(t, 0);
    accept(t);
  };

  for (let i = 0; i < spec.threads; i++) {
    const t = host.thread(proc, accept);
    t.program = new Worker(LISTEN_FD + 2 + i);
  }
  if (meanGapNs !== Infinity) sched.at(sched.now + rng.exp(meanGapNs), arrive);

  return {
    stop() {
      stopped = true;
      for (const t of idle.splice(0)) k.wakeup(t);
    },
  };
}
