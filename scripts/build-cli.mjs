// Bundles the Node commands (zdtrace, zonescope) and zonescope's worker entries once, at install time (npm's `prepare`),
// so bin/ runs plain JavaScript and starts fast: no run-time transpilation. Code split:
// what a command loads only on demand (the simulator, zod and the scenario schema) sits
// in dist-cli/chunks and is neither read nor compiled by a run that never needs it.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The commands, and the worker_threads entries zonescope serve starts (Node cannot load a
// .ts file in a worker thread, so they are bundled beside the commands).
const entries = [
  ...['zdtrace', 'zonescope'].map((name) => ({ name, file: join(root, 'src/cli', `${name}.ts`) })),
  ...['ca.node', 'shard.node'].map((name) => ({ name, file: join(root, 'workers', `${name}.ts`) })),
].filter((e) => existsSync(e.file));

const outdir = join(root, 'dist-cli');
const chunks = join(outdir, 'chunks');
const result = await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e.name, e.file])),
  outdir,
  outExtension: { '.js': '.mjs' },
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  metafile: true,
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  // Start-up is budgeted (zdtrace BEGIN-exit in <= 200 ms): a smaller bundle parses faster.
  minify: true,
  logLevel: 'warning',
  // Bundled CommonJS dependencies may call require(); give ESM output one.
  banner: { js: "import { createRequire as __zsCreateRequire } from 'node:module'; const require = __zsCreateRequire(import.meta.url);" },
});

// Chunk names carry a content hash: remove the ones an earlier build left behind.
const current = new Set(Object.keys(result.metafile.outputs).map((f) => f.slice('dist-cli/'.length)));
for (const f of existsSync(chunks) ? readdirSync(chunks) : []) {
  if (!current.has(`chunks/${f}`)) rmSync(join(chunks, f), { force: true });
}
