// Bundles the Node commands (zdtrace, zonescope) once, at install time (npm's `prepare`),
// so bin/ runs plain JavaScript and starts fast: no run-time transpilation.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = ['zdtrace', 'zonescope']
  .map((name) => ({ name, file: join(root, 'src/cli', `${name}.ts`) }))
  .filter((e) => existsSync(e.file));

await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e.name, e.file])),
  outdir: join(root, 'dist-cli'),
  outExtension: { '.js': '.mjs' },
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
