// The `kvm` workload (brand kvm zones): the guest as the host sees it, one
// qemu-system-x86_64 process (execname truncated to 16 characters, "qemu-system-x86_",
// as illumos does). Its `vcpus` vCPU LWPs run guest code for a `duty` share of the time
// and otherwise sit in ioctl(KVM_RUN) with the guest halted until its next timer tick;
// FSS and the zone's cap act on them like on any LWP. Guest disk requests arrive at
// `iops` (Poisson; 70% reads, 8 KiB, random over the used `workingSetMiB` of the disk)
// and are served by qemu's I/O threads as pread/pwrite on the zone's zvol: through the
// ARC and the vdev queues, with zvol-uio-start/done, zios tagged with the zone (so they
// count for the I/O throttle). Pure TypeScript.

import { SYS_PREAD, sysnum } from '../probes';
import type { Continuation, Thread } from '../proc';
import type { WorkloadSpec } from '../scenario';
import type { RunningWorkload, WorkloadHost } from '../workload';

type KvmSpec = Extract<WorkloadSpec, { kind: 'kvm' }>;

const SYS_IOCTL = sysnum('ioctl');
const SYS_PWRITE = sysnum('pwrite');
const SYS_LWP_PARK = sysnum('lwp_park');
const EINTR = 4;
/** A vCPU's run/halt cycle: the guest's 100 Hz timer wakes it (ns, mean). */
const CYCLE_NS = 10_000_000;
/** Kernel CPU of a KVM_RUN exit and re-entry, of an I/O call, of a park (ns). */
const VMEXIT_NS = 4_000;
const RW_NS = 3_000;
const PARK_NS = 1_500;
const KVM_RUN = 0x2000ae80;
const VCPU_FD = 12;
const ZVOL_FD = 11;
const BUF_ADDR = 0x9000000;
const IO_SIZE = 8192;
const READ_SHARE = 0.7;
const IO_THREADS = 4;
/** Requests queued beyond this are dropped (the guest's queue is full). */
const MAX_QUEUED = 1024;

class IoWorker {
  offset = 0;
  write = false;
  woken = false;
}

export function startKvm(host: WorkloadHost, spec: KvmSpec): RunningWorkload {
  const { kernel: k, rng, sched } = host;
  const zone = host.zone.name;
  const proc = host.spawn(
    spec.execname ?? 'qemu-system-x86_64',
    `/smartdc/bin/qemu-system-x86_64 -name ${zone} -smp ${spec.vcpus} -m ${host.zone.maxPhysicalMemoryMiB}`,
  );
  const disk = host.file(`/dev/zvol/rdsk/zones/${zone}-disk0`, spec.workingSetMiB * 1024 * 1024);
  const blocks = Math.max(1, Math.floor(disk.sizeBytes / IO_SIZE));
  const duty = spec.duty;
  const meanGapNs = spec.iops > 0 ? 1e9 / spec.iops : Infinity;
  const idle: Thread[] = [];
  let queued = 0;
  let stopped = false;

  // vCPUs
  const run: Continuation = (t) => {
    if (stopped) return k.exit(t);
    if (duty >= 1) return k.compute(t, CYCLE_NS, run);
    if (duty <= 0) return halt(t);
    k.compute(t, rng.around(CYCLE_NS * duty, 0.5), halt);
  };
  const halt: Continuation = (t) => k.syscall(t, SYS_IOCTL, VMEXIT_NS, halted, VCPU_FD, KVM_RUN, 0);
  const halted: Continuation = (t) => k.sleepFor(t, rng.around(CYCLE_NS * (1 - duty), 0.5), resumed);
  const resumed: Continuation = (t) => {
    k.ret(t, 0);
    run(t);
  };

  // Guest disk requests and qemu's I/O threads
  const arrive = (): void => {
    if (stopped) return;
    const t = idle.pop();
    if (t !== undefined) {
      (t.program as IoWorker).woken = true;
      k.wakeup(t);
    } else if (queued < MAX_QUEUED) queued++;
    sched.at(sched.now + rng.exp(meanGapNs), arrive);
  };
  const wait: Continuation = (t) => {
    if (stopped) return k.exit(t);
    if (queued > 0) {
      queued--;
      return serve(t);
    }
    k.syscall(t, SYS_LWP_PARK, PARK_NS, park, 0, 0);
  };
  const park: Continuation = (t) => {
    (t.program as IoWorker).woken = false;
    idle.push(t);
    k.sleep(t, unparked);
  };
  const unparked: Continuation = (t) => {
    if (!(t.program as IoWorker).woken) {
      k.ret(t, -1, EINTR);
      return k.exit(t);
    }
    k.ret(t, 0);
    serve(t);
  };
  const serve: Continuation = (t) => {
    const w = t.program as IoWorker;
    w.write = rng.float() >= READ_SHARE;
    w.offset = rng.below(blocks) * IO_SIZE;
    k.syscall(t, w.write ? SYS_PWRITE : SYS_PREAD, RW_NS, io, ZVOL_FD, BUF_ADDR, IO_SIZE, w.offset);
  };
  const io: Continuation = (t) => {
    const w = t.program as IoWorker;
    if (w.write) k.write(t, disk, w.offset, IO_SIZE, done);
    else k.read(t, disk, w.offset, IO_SIZE, done);
  };
  const done: Continuation = (t) => {
    k.retIo(t);
    wait(t);
  };

  for (let i = 0; i < spec.vcpus; i++) host.thread(proc, run);
  if (meanGapNs !== Infinity) {
    for (let i = 0; i < IO_THREADS; i++) host.thread(proc, wait).program = new IoWorker();
    sched.at(sched.now + rng.exp(meanGapNs), arrive);
  }
  return {
    stop() {
      stopped = true;
      for (const t of idle.splice(0)) k.wakeup(t);
    },
  };
}
