// Runs the browser tests: `node test/e2e/run.mjs [filter]`. Expects a built app in dist/.
// Prints one line per test and, last, `N passed, N failed`; exits non-zero on any failure.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findChromium, launchBrowser, startPreview } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const filter = process.argv[2] ?? '';

const chromium = findChromium();
if (!chromium) {
  console.error('e2e: Chromium not found. Install it with: apt-get install -y chromium');
  process.exit(1);
}

const specs = readdirSync(here).filter((f) => f.endsWith('.e2e.mjs')).sort();
const tests = [];
for (const f of specs) {
  const mod = await import(pathToFileURL(join(here, f)).href);
  for (const t of mod.tests) if (`${f} ${t.name}`.includes(filter)) tests.push({ file: f, ...t });
}

const server = await startPreview(root);
const browser = await launchBrowser(chromium);
const shots = join(root, 'test-results', 'screenshots');
mkdirSync(shots, { recursive: true });
let passed = 0;
let failed = 0;
const results = [];
try {
  for (const t of tests) {
    const page = await browser.context.newPage();
    const consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const started = Date.now();
    try {
      await t.run({ page, baseURL: server.baseURL, consoleErrors, screenshotDir: shots });
      passed++;
      results.push({ name: `${t.file} ${t.name}`, ok: true, ms: Date.now() - started });
      console.log(`  ok    ${t.file} › ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      results.push({ name: `${t.file} ${t.name}`, ok: false, error: String(e?.stack ?? e) });
      console.log(`  FAIL  ${t.file} › ${t.name}\n${String(e?.stack ?? e).replace(/^/gm, '        ')}`);
      await page.screenshot({ path: join(shots, `FAILED-${t.file}-${t.name}.png`.replace(/[^\w.-]+/g, '_')) }).catch(() => {});
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.stop();
}
writeFileSync(join(root, 'test-results', 'e2e.json'), JSON.stringify({ passed, failed, results }, null, 2));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
