// Bundles the Node commands (zdtrace, zonescope) once, at install time (npm's `prepare`),
// so bin/ runs plain JavaScript and starts fast: no run-time transpilation. Code split:
// what a command loads only on demand (the simulator, zod and the scenario schema) sits
// in dist-cli/chunks and is neither read nor compiled by a run that never needs it.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = ['zdtrace', 'zonescope']
  .map((name) => ({ name, file: join(root, 'src/cli', `${name}.ts`) }))
  .filter((e) => existsSync(e.file));

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
  write: false,
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

// Commands run while builds run (the tests build and spawn in parallel): every file is
// replaced whole (a rename), chunks before the entries that import them.
function replace(file, contents) {
  if (existsSync(file) && Buffer.compare(readFileSync(file), contents) === 0) return;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}
const isEntry = (f) => dirname(f.path) === outdir;
for (const f of [...result.outputFiles].sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)))) replace(f.path, f.contents);

// Chunks no build needs any more: their names carry a content hash, so only an entry of an
// earlier build imports them. The previous build's are kept one build longer, for a command
// started just before this build that has yet to load them, and any written in the last
// minute, for a build running alongside this one.
mkdirSync(chunks, { recursive: true });
const manifest = join(chunks, 'manifest.json');
const previous = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : [];
const current = Object.keys(result.metafile.outputs)
  .filter((f) => f.startsWith('dist-cli/chunks/'))
  .map((f) => f.slice('dist-cli/chunks/'.length));
const keep = new Set([...current, ...previous, 'manifest.json']);
for (const f of readdirSync(chunks)) {
  const file = join(chunks, f);
  const age = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  if (f.endsWith('.mjs') && !keep.has(f) && age > 60_000) rmSync(file, { force: true });
}
replace(manifest, Buffer.from(JSON.stringify(current) + '\n'));
