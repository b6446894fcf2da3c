// Vitest global set-up: bundle the CLI once before any test file runs, as `npm ci` does.
// Test files that run bin/zdtrace then share one build instead of each rebuilding it
// (in parallel) while the others are running it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`node scripts/build-cli.mjs failed (status ${b.status}):\n${b.stdout}${b.stderr}`);
}
