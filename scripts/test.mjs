// `npm test`: every test the project has, in one run. Type-checks (whole project and the
// pure core on its own), unit + conformance tests (vitest), the production build, and the
// browser tests in Debian's Chromium. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../test/e2e/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;

function ensureChromium() {
  if (findChromium()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('zonescope: installing Debian chromium for the browser tests (apt-get install -y chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const up = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const inst = up.status === 0 && spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
    if (inst && inst.status === 0 && findChromium()) return;
  }
  console.error('zonescope: the browser tests need Debian\'s Chromium. Install it with:\n  sudo apt-get install -y chromium');
  process.exit(1);
}

function step(name, cmd, args, opts = {}) {
  console.log(`\n== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status === 0;
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) passed++;
  else {
    failed++;
    console.log(`FAILED: ${name}`);
  }
}

ensureChromium();
check('bundle the CLI', process.execPath, [join(root, 'scripts/build-cli.mjs')]);
check('type-check the project', bin('tsc'), ['-p', 'tsconfig.json']);
check('type-check the pure core (no DOM, no Node)', bin('tsc'), ['-p', 'tsconfig.core.json']);

const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
step('unit and conformance tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests + suitesThatFailedToRun(v);
} else {
  failed++;
  console.log('FAILED: vitest wrote no results');
}

check('build the app', bin('vite'), ['build', '--logLevel', 'warn']);
const e2eJson = join(results, 'e2e.json');
rmSync(e2eJson, { force: true });
step('browser tests (Chromium)', process.execPath, [join(root, 'test/e2e/run.mjs')]);
if (existsSync(e2eJson)) {
  const e = JSON.parse(readFileSync(e2eJson, 'utf8'));
  passed += e.passed;
  failed += e.failed;
} else {
  failed++;
  console.log('FAILED: the browser tests wrote no results');
}

// A test file that fails to load or run has no failed tests of its own: count it once.
function suitesThatFailedToRun(v) {
  return v.testResults.filter((s) => s.status === 'failed' && !s.assertionResults.some((a) => a.status === 'failed')).length;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
