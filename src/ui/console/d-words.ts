// The words the D console completes and highlights (browser main thread; pure data): the
// probes the simulator provides (DESIGN.md's table), D's built-in variables and its
// subroutines, actions and aggregating functions (as src/d/functions.ts resolves them).
// Kept here as data so the editor does not pull the compiler into the page.

const SYSCALLS = [
  'read', 'write', 'pread', 'pwrite', 'readv', 'writev', 'open', 'close', 'stat', 'fstat', 'lseek', 'fsync', 'fdsync',
  'mmap', 'munmap', 'brk', 'ioctl', 'fcntl', 'pollsys', 'lwp_park', 'nanosleep', 'accept', 'connect', 'send', 'recv',
  'sendmsg', 'recvmsg', 'getpid', 'forksys', 'exece', 'exit',
];

const ZFS_ZONE = ['wait', 'throttle', 'utilization', 'stats', 'latency', 'io-cnt', 'sys-avg-lat', 'sched', 'sched-bump', 'calc-wt-avg'];

export const PROBES: readonly { readonly name: string; readonly info: string }[] = [
  { name: 'dtrace:::BEGIN', info: 'once, before anything else' },
  { name: 'dtrace:::END', info: 'once, when the script stops' },
  { name: 'dtrace:::ERROR', info: 'a fault in another clause' },
  { name: 'profile:::profile-97', info: 'every CPU, 97 times a second (arg0 kernel pc, arg1 user pc)' },
  { name: 'profile:::tick-1s', info: 'one CPU, once a second' },
  { name: 'profile:::profile-997', info: 'every CPU, 997 times a second (any rate: profile-N, profile-Nms, ...)' },
  { name: 'profile:::tick-100', info: 'one CPU, 100 times a second (any rate: tick-N, tick-Ns, ...)' },
  { name: 'syscall:::entry', info: 'every system call, on entry' },
  { name: 'syscall:::return', info: 'every system call, on return (arg0 the return value, errno)' },
  ...SYSCALLS.flatMap((s) => [
    { name: `syscall::${s}:entry`, info: `${s}(2) on entry: arg0..5 its arguments` },
    { name: `syscall::${s}:return`, info: `${s}(2) on return: arg0 the return value` },
  ]),
  ...['create', 'exec-success', 'exit', 'lwp-create', 'lwp-exit'].map((n) => ({ name: `proc:::${n}`, info: 'process and thread lifecycle' })),
  ...['on-cpu', 'off-cpu', 'enqueue', 'dequeue', 'sleep', 'wakeup', 'cpucaps-sleep', 'cpucaps-wakeup', 'change-pri', 'preempt', 'remain-cpu', 'surrender'].map((n) => ({
    name: `sched:::${n}`,
    info: 'scheduler (args[0] lwpsinfo_t, args[1] psinfo_t)',
  })),
  { name: 'sched:::tick', info: 'a clock tick charged to the thread on a CPU' },
  ...['start', 'done', 'wait-start', 'wait-done'].map((n) => ({ name: `io:::${n}`, info: 'disk I/O (args[0] bufinfo_t, args[1] devinfo_t, args[2] fileinfo_t); global zone only' })),
  ...['zfs_read', 'zfs_write'].flatMap((f) => ['entry', 'return'].map((w) => ({ name: `fbt:zfs:${f}:${w}`, info: 'ZFS read/write (args[0] vnode_t, args[1] uio_t); global zone only' }))),
  ...['fop_read', 'fop_write', 'fop_lookup', 'fop_getattr', 'fop_open', 'fop_close', 'fop_fsync'].flatMap((f) => ['entry', 'return'].map((w) => ({ name: `fbt:genunix:${f}:${w}`, info: 'VFS operation (args[0] vnode_t); global zone only' }))),
  { name: 'sdt:zfs::arc-hit', info: 'ARC hit (arg0 the buffer header); global zone only' },
  { name: 'sdt:zfs::arc-miss', info: 'ARC miss; global zone only' },
  { name: 'sdt:zfs::zvol-uio-start', info: 'KVM zvol I/O start; global zone only' },
  { name: 'sdt:zfs::zvol-uio-done', info: 'KVM zvol I/O done; global zone only' },
  ...ZFS_ZONE.map((n) => ({ name: `sdt:zfs::zfs-zone-${n}`, info: 'ZFS I/O throttle (microseconds); global zone only' })),
  { name: 'sdt:genunix:zone_kstat:zone-misc', info: 'once a second per zone: arg0 user ns, arg1 sys ns, arg2 wait ns, arg3 interval ns, arg4 cpu_cap' },
];

export const VARIABLES: readonly string[] = [
  'zonename', 'execname', 'pid', 'ppid', 'tid', 'uid', 'cpu', 'curthread', 'timestamp', 'vtimestamp', 'walltimestamp',
  'errno', 'arg0', 'arg1', 'arg2', 'arg3', 'arg4', 'arg5', 'arg6', 'arg7', 'arg8', 'arg9', 'args', 'curpsinfo',
  'curlwpsinfo', 'curcpu', 'probeprov', 'probemod', 'probefunc', 'probename', 'epid', 'id', 'self', 'this', 'caller',
  'ucaller', 'gid', 'projid', 'cwd', 'root', 'ipl', 'stackdepth', 'ustackdepth', 'pset', 'chip', 'lgrp',
];

export const AGGREGATING: readonly string[] = ['count', 'sum', 'avg', 'min', 'max', 'stddev', 'quantize', 'lquantize', 'llquantize'];

export const FUNCTIONS: readonly string[] = [
  ...AGGREGATING,
  'strlen', 'strjoin', 'substr', 'index', 'rindex', 'strchr', 'strrchr', 'strstr', 'strtok', 'lltostr', 'strtoll', 'toupper',
  'tolower', 'basename', 'dirname', 'cleanpath', 'json', 'rand', 'speculation', 'progenyof', 'htons', 'ntohs', 'htonl',
  'ntohl', 'htonll', 'ntohll', 'inet_ntoa', 'inet_ntoa6', 'inet_ntop', 'copyin', 'copyinstr', 'copyinto', 'alloca', 'bcopy', 'copyout',
  'copyoutstr', 'getmajor', 'getminor', 'ddi_pathname', 'mutex_owned', 'mutex_owner', 'mutex_type_adaptive',
  'mutex_type_spin', 'rw_read_held', 'rw_write_held', 'rw_iswriter', 'msgsize', 'msgdsize', 'getf', 'trace', 'print',
  'printf', 'printa', 'tracemem', 'stack', 'ustack', 'jstack', 'sym', 'func', 'mod', 'usym', 'ufunc', 'umod', 'uaddr',
  'exit', 'setopt', 'speculate', 'commit', 'discard', 'ftruncate', 'clear', 'denormalize', 'normalize', 'trunc', 'system',
  'freopen', 'stop', 'raise', 'panic', 'breakpoint', 'chill',
];

export const KEYWORDS: readonly string[] = [
  'if', 'else', 'return', 'sizeof', 'offsetof', 'stringof', 'typeof', 'inline', 'translator', 'xlate', 'provider', 'probe',
  'self', 'this', 'struct', 'union', 'enum', 'typedef', 'const', 'static', 'extern', 'register', 'signed', 'unsigned',
  'int', 'char', 'short', 'long', 'float', 'double', 'void', 'string',
];
