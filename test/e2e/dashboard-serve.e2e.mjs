// The dashboard served by `zonescope serve` (the API over HTTP, nothing simulated in the
// tab): signed out at first, the operator signs in with the token the server printed and
// gets the three live heatmaps; a customer signs in with id and token and sees only their
// zones. The token is typed, kept for the tab only, and never appears in the address.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OPERATOR = 'op-e2e-dashboard-serve';
const TITLES = ['Syscall latency by zone', 'CPU utilization per zone (cpu.zones)', 'ZFS throttle delay per zone (zfs.throttled_ops)'];

function startZonescope() {
  const child = spawn(process.execPath, [join(root, 'bin', 'zonescope'), 'serve', '--port', '0', '--operator-token', OPERATOR], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (out += d));
  const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM'))));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`zonescope serve did not start within 20 s\n${out}`));
    }, 20000);
    child.once('exit', (code) => reject(new Error(`zonescope serve exited (${code})\n${out}`)));
    child.stdout.on('data', () => {
      const url = /^listening on (\S+)$/m.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({ url, stop });
    });
  });
}

function panel(page, title) {
  return page.locator('article.panel').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function signIn(page, custid, token) {
  await page.getByLabel('Signed in as').selectOption('token');
  const form = page.getByRole('form', { name: 'Sign in with a token' });
  await form.getByLabel(/Customer id/).fill(custid);
  await form.getByLabel('Token').fill(token);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

export const tests = [
  {
    name: 'served by zonescope serve: sign in by token as the operator, then as a customer',
    async run({ page, consoleErrors, screenshotDir }) {
      const zs = await startZonescope();
      try {
        await page.goto(zs.url + '/');
        await page.getByRole('heading', { level: 1, name: 'zonescope' }).waitFor({ timeout: 20000 });
        await page.getByText(/Sign in above/).waitFor();
        await signIn(page, '', OPERATOR);
        for (const t of TITLES) await panel(page, t).locator('canvas').first().waitFor({ timeout: 20000 });
        await page.getByRole('button', { name: 'Scenario controls' }).waitFor();
        assert.doesNotMatch(page.url(), new RegExp(OPERATOR));
        await page.screenshot({ path: join(screenshotDir, 'dashboard-serve-operator.png'), fullPage: true });

        // The sign-in holds across a reload of the tab; the server kept the instrumentations.
        await page.reload();
        await panel(page, TITLES[2]).waitFor({ timeout: 20000 });
        assert.equal(await page.locator('article.panel').count(), 3);

        await signIn(page, 'acme', 'acme-7f3a91c2e4b6');
        const sys = panel(page, TITLES[0]);
        await sys.waitFor({ timeout: 20000 });
        const keys = await sys.locator('.zone-summary button[data-key]').first().waitFor({ timeout: 20000 }).then(() =>
          sys.locator('.zone-summary button[data-key]').evaluateAll((bs) => bs.map((b) => b.dataset.key)),
        );
        for (const k of keys) assert.match(k, /^acme-/, `acme sees only acme's zones (got ${k})`);
        assert.equal(await page.getByRole('button', { name: 'Scenario controls' }).count(), 0);
        // A reload may cut a poll short; the browser logs nothing else.
        assert.deepEqual(consoleErrors.filter((e) => !/status of 404/.test(e)), []);
      } finally {
        // Leave the page first, so its polls do not outlive the server.
        await page.goto('about:blank').catch(() => undefined);
        await zs.stop();
      }
    },
  },
];
