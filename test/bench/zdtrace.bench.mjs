// zdtrace start-up: `bin/zdtrace -q -n 'BEGIN { exit(0); }'`, wall time of the whole process.
import { join } from 'node:path';

export async function run({ root, median, spawnSync }) {
  const bin = join(root, 'bin', 'zdtrace');
  const ms = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(bin, ['-q', '-n', 'BEGIN { exit(0); }'], { encoding: 'utf8' });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`zdtrace failed: ${r.stderr}`);
  }
  const v = Math.round(median(ms));
  return [{ name: 'zdtrace.startup.begin-exit', value: v, unit: 'ms', budget: 200, budgetText: '<= 200 ms', ok: v <= 200, note: 'median of 15 runs' }];
}
