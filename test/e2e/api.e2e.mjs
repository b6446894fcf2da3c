// The REST API in the tab: the built app starts MSW and the "ca" Web Worker (CaService over
// the simulated demo datacenter, shard workers beside it), and a fetch from the page to /ca
// is answered by them, with CA's tokens, bodies and live data; nothing goes to the network.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The demo scenario's customer acme (src/sim/scenarios/demo.ts). */
const ACME = 'acme-7f3a91c2e4b6';

async function pageFetch(page, path, init = {}) {
  return page.evaluate(
    async ({ path, init }) => {
      const r = await fetch(path, init);
      return { status: r.status, type: r.headers.get('content-type'), version: r.headers.get('x-api-version'), text: await r.text() };
    },
    { path, init },
  );
}

/**
 * Waits until the in-tab API answers: the shell may paint before MSW and the CA worker are up,
 * and until then /ca goes to the static server. MSW's answer is CA's 401 JSON.
 */
async function tabApiReady(page) {
  const deadline = Date.now() + 20000;
  for (;;) {
    const r = await pageFetch(page, '/ca');
    if (r.status === 401 && r.version !== null) return;
    if (Date.now() > deadline) throw new Error(`the in-tab API did not answer /ca within 20 s (last: ${r.status} ${r.type})`);
    await page.waitForTimeout(250);
  }
}

/** Console errors other than Chromium's note on the 401 and 403 answers these tests ask for. */
function unexpected(consoleErrors) {
  return consoleErrors.filter((m) => !/Failed to load resource: the server responded with a status of 40[13]/.test(m));
}

/** `bin/zonescope serve` on a free port (the built app from dist/); resolves with its URL, operator token and a stop function. */
function startZonescope() {
  const child = spawn(process.execPath, [join(root, 'bin', 'zonescope'), 'serve', '--port', '0', '--scenario', join(root, 'test/unit/api/scenario.json'), '--speed', '2'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM'))));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`zonescope serve did not start within 20 s\n${out}${err}`));
    }, 20000);
    child.once('exit', (code) => reject(new Error(`zonescope serve exited (${code})\n${out}${err}`)));
    child.stdout.on('data', () => {
      const url = /^listening on (\S+)$/m.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({ url, operatorToken: /^operator token: (\S+)$/m.exec(out)?.[1], stop });
    });
  });
}

export const tests = [
  {
    name: 'fetch /ca from the page is answered in the tab by MSW and the CA worker',
    async run({ page, baseURL, consoleErrors }) {
      await page.goto(baseURL + '/');
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 15000 });
      await tabApiReady(page);
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true, 'the MSW service worker controls the page');

      const anon = await pageFetch(page, '/ca');
      assert.equal(anon.status, 401, anon.text);
      assert.equal(JSON.parse(anon.text).error.code, 'ECA_UNAUTH');
      assert.equal(anon.version, 'ca/0.1.8');

      // Answered by the service worker, never by the static server behind it.
      const viaWorker = [];
      page.on('response', (r) => new URL(r.url()).pathname.startsWith('/ca') && viaWorker.push(r.fromServiceWorker()));
      const root = await pageFetch(page, '/ca/customers/acme', { headers: { authorization: `Bearer ${ACME}` } });
      assert.equal(root.status, 200, root.text);
      assert.match(root.type, /application\/json/);
      const body = JSON.parse(root.text);
      for (const k of ['modules', 'fields', 'types', 'metrics', 'transformations']) assert.ok(k in body, `GET /ca/customers/acme has ${k}`);

      const forbidden = await pageFetch(page, '/ca', { headers: { authorization: `Bearer ${ACME}` } });
      assert.equal(forbidden.status, 403, forbidden.text);
      assert.ok(viaWorker.length >= 2 && viaWorker.every(Boolean), `every /ca response came from the service worker (${viaWorker})`);
      assert.deepEqual(unexpected(consoleErrors), []);
    },
  },
  {
    name: 'an instrumentation created from the page reports live data from the simulated zones',
    async run({ page, baseURL, consoleErrors }) {
      await page.goto(baseURL + '/');
      await tabApiReady(page);
      const auth = { authorization: `Bearer ${ACME}`, 'content-type': 'application/json' };
      const created = await pageFetch(page, '/ca/customers/acme/instrumentations', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ module: 'cpu', stat: 'zones', decomposition: ['zonename'] }),
      });
      assert.equal(created.status, 201, created.text);
      const inst = JSON.parse(created.text);
      assert.equal(inst.id, '1');
      // Live pacing: one simulated second per wall second; a few seconds of data.
      let zones = [];
      const deadline = Date.now() + 15000;
      while (zones.length === 0 && Date.now() < deadline) {
        await page.waitForTimeout(1000);
        const raw = await pageFetch(page, `${inst.uri}/value/raw`, { headers: auth });
        assert.equal(raw.status, 200, raw.text);
        zones = Object.keys(JSON.parse(raw.text).value ?? {});
      }
      assert.ok(zones.length > 0, 'cpu.zones by zonename reports zones within 15 s');
      for (const z of zones) assert.match(z, /^acme-/, `a customer sees only its own zones (got ${z})`);
      const del = await pageFetch(page, inst.uri, { method: 'DELETE', headers: auth });
      assert.equal(del.status, 204);
      assert.deepEqual(unexpected(consoleErrors), []);
    },
  },
  {
    name: 'the app served by zonescope serve talks to it over HTTP: no MSW, /ca answered by the server',
    async run({ page, consoleErrors }) {
      const zs = await startZonescope();
      try {
        const fromWorker = [];
        page.on('response', (r) => {
          if (new URL(r.url()).pathname.startsWith('/ca') && r.fromServiceWorker()) fromWorker.push(r.url());
        });
        const response = await page.goto(zs.url + '/');
        assert.equal(response.status(), 200);
        assert.equal(await page.locator('meta[name="zonescope-api"]').getAttribute('content'), 'http');
        await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 15000 });
        // Give a wrongly started MSW time to register before checking that none did.
        await page.waitForTimeout(1000);
        assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, 'no service worker controls the page');
        const anon = await pageFetch(page, '/ca');
        assert.equal(anon.status, 401, anon.text);
        assert.equal(anon.version, 'ca/0.1.8');
        const op = await pageFetch(page, '/ca', { headers: { authorization: `Bearer ${zs.operatorToken}` } });
        assert.equal(op.status, 200, op.text);
        assert.ok('metrics' in JSON.parse(op.text));
        assert.deepEqual(fromWorker, []);
        assert.deepEqual(unexpected(consoleErrors), []);
      } finally {
        await zs.stop();
      }
    },
  },
];
