// `npm run bench`: the performance budgets of DESIGN.md, measured and written to
// test/bench/results.json. The pure core is bundled once with esbuild (as the CLI is), so
// what is timed is the JavaScript users run. Figures are medians of several rounds on a
// shared, noisy machine; budgets are checked on those medians.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, '.tmp', 'bench');
mkdirSync(out, { recursive: true });

const only = process.argv[2] ?? '';
const all = readdirSync(here).filter((f) => f.endsWith('.bench.mjs'));
// A filter naming a suite exactly (`heatmap`) runs that one; otherwise every suite containing it.
const suites = (all.includes(`${only}.bench.mjs`) ? [`${only}.bench.mjs`] : all.filter((f) => f.includes(only))).sort();

/** Bundles a TypeScript entry of the pure core for the benchmarks; returns its module. */
async function bundle(entry) {
  return await import(pathToFileURL(await bundleFile(entry)).href + `?t=${Date.now()}`);
}

/** Bundles an entry and returns the file's path (for worker threads that import it themselves). */
async function bundleFile(entry) {
  const outfile = join(out, `${entry.replace(/[^\w]+/g, '_')}.mjs`);
  await build({ entryPoints: [join(root, entry)], bundle: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'warning' });
  return outfile;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const results = {};
const ctx = { root, bundle, bundleFile, median, spawnSync };
for (const f of suites) {
  const mod = await import(pathToFileURL(join(here, f)).href);
  console.log(`\n== ${f}`);
  const rs = await mod.run(ctx);
  for (const r of rs) {
    results[r.name] = r;
    const verdict = r.budget === undefined ? '' : r.ok ? '  ok' : '  OVER BUDGET';
    console.log(`  ${r.name.padEnd(44)} ${String(r.value).padStart(12)} ${r.unit.padEnd(10)}${r.budget === undefined ? '' : `(budget ${r.budgetText})`}${verdict}`);
    if (r.note) console.log(`      ${r.note}`);
  }
}

const file = join(here, 'results.json');
const doc = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  results,
};
if (!only) writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
const over = Object.values(results).filter((r) => r.budget !== undefined && !r.ok);
console.log(`\n${Object.keys(results).length} figures, ${over.length} over budget${only ? ' (filtered run: results.json not written)' : ''}`);
process.exit(over.length === 0 ? 0 : 1);
