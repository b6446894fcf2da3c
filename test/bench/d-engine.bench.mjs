// D engine micro-benchmarks: the cost of one probe firing for typical scripts, on a
// synthetic stream with thousands of threads and dozens of zones (never one constant key),
// and the compile time of a large script.

const SCRIPTS = {
  // The typical latency script of DESIGN.md: self->ts on entry, llquantize by zonename on return.
  latency: `
syscall::read:entry { self->ts = timestamp; }
syscall::read:return /self->ts/ { @[zonename] = llquantize(timestamp - self->ts, 10, 3, 11, 100); self->ts = 0; }`,
  count: `syscall::read:entry, syscall::read:return { @[execname] = count(); }`,
  'quantize-2keys': `
syscall::read:entry { self->ts = timestamp; }
syscall::read:return /self->ts/ { @[zonename, probefunc] = quantize(timestamp - self->ts); self->ts = 0; }`,
};

const THREADS = 4096;
const ZONES = 48;
const FIRINGS = 4_000_000;
const ROUNDS = 5;

function catalog() {
  const probes = [
    { id: 1, provider: 'dtrace', module: '', func: '', name: 'BEGIN', argTypes: [] },
    { id: 2, provider: 'dtrace', module: '', func: '', name: 'END', argTypes: [] },
    { id: 3, provider: 'dtrace', module: '', func: '', name: 'ERROR', argTypes: [] },
    { id: 4, provider: 'syscall', module: '', func: 'read', name: 'entry', argTypes: ['int', 'void *', 'size_t'] },
    { id: 5, provider: 'syscall', module: '', func: 'read', name: 'return', argTypes: ['int', 'int'] },
  ];
  return { list: () => probes };
}

function makeCtx() {
  return {
    timestamp: 0, vtimestamp: 0, walltimestamp: 0, cpu: 0, pid: 1, ppid: 0, tid: 1, uid: 0,
    threadSlot: 0, execname: 'bench', zonename: 'global', errno: 0,
    arg: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], args: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  };
}

function consumerFor(d, text) {
  const options = new d.DOptions();
  options.set('quiet');
  const program = d.compile({ inputs: [{ kind: 's', text, name: 'bench.d' }], macroArgs: [], argv0: 'bench', options, catalog: catalog() });
  let bytes = 0;
  const sink = { stdout: (s) => (bytes += s.length), stderr: (s) => (bytes += s.length) };
  const consumer = new d.Consumer(program, { sink, progname: 'bench' });
  return { consumer, bytes: () => bytes };
}

/** Fires entry then return for blocks of threads: latencies vary, keys vary, slots vary. */
function stream(consumer, ctx, firings, zones) {
  let t = 1_000_000;
  let x = 12345;
  const block = 64;
  let fired = 0;
  let base = 0;
  while (fired < firings) {
    for (let i = 0; i < block; i++) {
      const slot = (base + i) % THREADS;
      ctx.threadSlot = slot;
      ctx.tid = slot + 1;
      ctx.zonename = zones[slot % ZONES];
      ctx.execname = zones[(slot >> 3) % ZONES];
      ctx.timestamp = t += 97;
      consumer.fire(4, ctx);
    }
    for (let i = 0; i < block; i++) {
      const slot = (base + i) % THREADS;
      ctx.threadSlot = slot;
      ctx.tid = slot + 1;
      ctx.zonename = zones[slot % ZONES];
      ctx.execname = zones[(slot >> 3) % ZONES];
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      ctx.timestamp = t += 1000 + (x % 5_000_000);
      consumer.fire(5, ctx);
    }
    fired += 2 * block;
    base = (base + block * 7) % THREADS;
  }
  return fired;
}

function bigScript(clauses) {
  const parts = [];
  for (let i = 0; i < clauses; i++) {
    parts.push(`syscall::read:entry /pid == ${i} && arg0 > ${i % 7}/ {
  self->t${i % 50} = timestamp;
  this->x = arg0 * ${i} + (arg1 >> 3);
  @c${i % 20}[execname, zonename] = count();
  @s${i % 20}[probefunc] = sum(this->x);
  v${i % 30}[pid, execname] = strjoin(execname, "-x");
}`);
  }
  return parts.join('\n');
}

export async function run({ bundle, median }) {
  const d = await bundle('src/d/index.ts');
  const zones = Array.from({ length: ZONES }, (_, i) => `zone-${String(i).padStart(2, '0')}-${'abcdefgh'[i % 8]}`);
  const out = [];
  for (const [name, text] of Object.entries(SCRIPTS)) {
    const ns = [];
    for (let r = 0; r < ROUNDS; r++) {
      const { consumer } = consumerFor(d, text);
      const ctx = makeCtx();
      consumer.begin(ctx);
      stream(consumer, ctx, 200_000, zones); // warm-up: JIT and entries
      const t0 = process.hrtime.bigint();
      const n = stream(consumer, ctx, FIRINGS, zones);
      const t1 = process.hrtime.bigint();
      ns.push(Number(t1 - t0) / n);
    }
    const v = Math.round(median(ns) * 10) / 10;
    const budget = name === 'latency' ? 50 : undefined;
    out.push({ name: `d.firing.${name}`, value: v, unit: 'ns/firing', budget, budgetText: '<= 50 ns', ok: budget === undefined || v <= budget,
      note: `${FIRINGS.toLocaleString('en')} firings x ${ROUNDS} rounds, ${THREADS} threads, ${ZONES} zones; median of rounds, harness included` });
  }
  {
    const text = bigScript(2000);
    const ms = [];
    for (let r = 0; r < ROUNDS; r++) {
      const options = new d.DOptions();
      const t0 = process.hrtime.bigint();
      d.compile({ inputs: [{ kind: 's', text, name: 'big.d' }], macroArgs: [], argv0: 'bench', options, catalog: catalog() });
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    out.push({ name: 'd.compile.2000-clauses', value: Math.round(median(ms) * 10) / 10, unit: 'ms', note: `${text.split('\n').length} lines` });
  }
  return out;
}
