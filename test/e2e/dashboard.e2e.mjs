// Issue #5 as a person uses it, in headless Chromium against the built app: the operator
// dashboard's three live heatmaps fill; a customer sees only their zones; an
// instrumentation is built from the menus and kept across a reload; a D script runs and
// shows its output (and a broken one is marked where it is broken); a zone is isolated;
// a noisy neighbour's I/O makes the throttle heatmap respond; the scenario controls work.
// Every wait is for a state on the page, never a fixed sleep. Screenshots go to
// test-results/screenshots/dashboard-*.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';

const TITLES = ['Syscall latency by zone', 'CPU utilization per zone (cpu.zones)', 'ZFS throttle delay per zone (zfs.throttled_ops)'];

/** Opens the app with this browser's kept dashboards forgotten, signed in as the operator. */
async function openFresh(page, baseURL) {
  await page.goto(baseURL + '/');
  // Let the app (and MSW's service worker registration) finish starting before leaving the page.
  await page.getByRole('heading', { level: 1, name: 'zonescope' }).waitFor({ timeout: 20000 });
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        sessionStorage.clear();
        const r = indexedDB.deleteDatabase('zonescope');
        r.onsuccess = r.onerror = r.onblocked = () => resolve(undefined);
      }),
  );
  await page.goto(baseURL + '/');
  await page.getByRole('heading', { level: 1, name: 'zonescope' }).waitFor({ timeout: 20000 });
}

function panel(page, title) {
  return page.locator('article.panel').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

/** Whether any canvas in the panel shows coloured (heatmap) pixels, not only white, grey or transparent ones. */
async function heatmapPainted(locator) {
  return locator.evaluate((el) => {
    for (const c of el.querySelectorAll('canvas')) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 20 && Math.abs(d[i] - d[i + 1]) + Math.abs(d[i + 1] - d[i + 2]) > 60) return true;
      }
    }
    return false;
  });
}

/**
 * Console errors a person would notice. With the API served in the tab by a service worker,
 * a poll still in flight when the page reloads is answered by the new page's fresh API,
 * which may not have that instrumentation yet: the browser logs that 404, harmlessly. And
 * MSW's start-up calls registration.update() on the existing worker without catching it;
 * when Chromium refuses that background update check the rejection surfaces as a page
 * error though the registered worker keeps serving (msw 2.15.0, getWorkerInstance).
 */
function realErrors(consoleErrors, { reloaded = false } = {}) {
  return consoleErrors.filter(
    (e) => !(reloaded && /status of 404/.test(e)) && !/^TypeError: Failed to update a ServiceWorker for scope .*mockServiceWorker\.js'\): Not found$/.test(e),
  );
}

async function waitFor(what, f, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The keys (zones) a panel lists as reporting in the last second, with their counts. */
async function reporting(locator) {
  return locator.locator('.zone-summary button[data-key]').evaluateAll((bs) => bs.map((b) => ({ key: b.dataset.key, count: Number(b.dataset.count) })));
}

/** Controls on the page without an accessible name (label, aria-label(ledby), title or text). */
async function unnamedControls(page) {
  return page.evaluate(() => {
    const named = (el) => {
      if (el.getAttribute('aria-label')?.trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(/\s+/).some((id) => document.getElementById(id)?.textContent?.trim())) return true;
      if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
      if (el.getAttribute('title')?.trim()) return true;
      if ((el.tagName === 'BUTTON' || el.getAttribute('role') === 'button') && el.textContent.trim()) return true;
      return false;
    };
    return [...document.querySelectorAll('button, input, select, textarea, [role="button"], [contenteditable="true"]')]
      .filter((el) => el.type !== 'hidden' && el.getClientRects().length > 0 && !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

/** How many panels the operator's kept dashboard (IndexedDB) holds. */
async function keptPanels(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('zonescope');
        open.onerror = () => resolve(-1);
        open.onsuccess = () => {
          const get = open.result.transaction('dashboards').objectStore('dashboards').get('demo/operator');
          get.onsuccess = () => {
            resolve(get.result?.panels?.length ?? 0);
            open.result.close();
          };
          get.onerror = () => resolve(-1);
        };
      }),
  );
}

async function setEditor(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

export const tests = [
  {
    name: 'first look: the operator sees three explained live heatmaps fill',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      await openFresh(page, baseURL);
      assert.equal(await page.getByLabel('Signed in as').inputValue(), 'operator');
      for (const t of TITLES) {
        const p = panel(page, t);
        await p.waitFor({ timeout: 20000 });
        const explanation = await p.locator('p.explain').textContent();
        assert.ok(explanation.length > 40, `${t} has a one-line explanation (got ${JSON.stringify(explanation)})`);
      }
      for (const t of TITLES) await waitFor(`the ${t} heatmap to fill`, () => heatmapPainted(panel(page, t)));
      // Live: the CPU panel lists zones from every customer, and the list keeps updating.
      const cpu = panel(page, TITLES[1]);
      const zones = await waitFor('zones reporting CPU', async () => {
        const r = await reporting(cpu);
        return r.length > 0 ? r : undefined;
      });
      const owners = new Set(zones.map((z) => z.key.split('-')[0]));
      assert.ok(owners.size >= 3, `the operator sees zones of several customers (got ${[...owners]})`);
      assert.doesNotMatch(page.url(), /token|Bearer/i, 'no token in the address');
      await page.screenshot({ path: join(screenshotDir, 'dashboard-operator.png'), fullPage: true });
      // Exports: the heatmap as PNG, its data as CSV and JSON.
      const sysTitle = TITLES[0];
      for (const [label, check] of [
        [`Export ${sysTitle} as PNG`, (buf, name) => {
          assert.match(name, /\.png$/);
          assert.deepEqual([...buf.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
        }],
        [`Export ${sysTitle} data as CSV`, (buf, name) => {
          assert.match(name, /\.csv$/);
          const lines = buf.toString('utf8').trim().split('\n');
          assert.equal(lines[0], 'time,key,bucket_low,bucket_high,count');
          assert.ok(lines.length > 1, 'CSV has rows');
        }],
        [`Export ${sysTitle} data as JSON`, (buf, name) => {
          assert.match(name, /\.json$/);
          const j = JSON.parse(buf.toString('utf8'));
          assert.ok(Array.isArray(j.bounds) && j.total.i.length > 0, 'JSON has the cells');
        }],
      ]) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
        const chunks = [];
        for await (const c of await download.createReadStream()) chunks.push(c);
        check(Buffer.concat(chunks), download.suggestedFilename());
      }

      // Scrolled back, the address holds the time shown; a reload (or a shared link) opens there; Now follows now again.
      const sys = panel(page, sysTitle);
      await sys.getByRole('button', { name: `Scroll ${sysTitle} back 15 seconds` }).click();
      const time = await waitFor('the time in the address', () => new URL(page.url()).searchParams.get('time') ?? undefined);
      await sys.getByText(/^Scrolled back: /).waitFor();
      await page.reload();
      await panel(page, sysTitle).getByText(/^Scrolled back: /).waitFor({ timeout: 20000 });
      await waitFor('the same three panels after the reload', async () => (await page.locator('article.panel').count()) === 3);
      assert.equal(new URL(page.url()).searchParams.get('time'), time, 'the reload kept the time');
      // The link opened every panel at its time: the address drops it once all are live again.
      for (const t of TITLES) await panel(page, t).getByRole('button', { name: `Jump ${t} to now` }).click();
      await waitFor('no time in the address once live', () => new URL(page.url()).searchParams.get('time') === null);

      // Every control of every view has an accessible name, and the views are reachable from the keyboard.
      assert.deepEqual(await unnamedControls(page), [], 'dashboard controls without a name');
      for (const [view, ready] of [
        ['Build an instrumentation', () => page.getByRole('button', { name: 'Create instrumentation' }).waitFor()],
        ['D console', () => page.locator('.cm-content').waitFor()],
        ['Scenario controls', () => page.getByRole('button', { name: 'Apply controls of acme-web0' }).waitFor()],
      ]) {
        await page.getByRole('button', { name: view }).focus();
        await page.keyboard.press('Enter');
        await ready();
        assert.deepEqual(await unnamedControls(page), [], `${view}: controls without a name`);
      }
      // After the reload the new simulation pre-rolls up to the link's time: the panels wait
      // for it (asking where it is) rather than for a window CA would refuse.
      assert.deepEqual(realErrors(consoleErrors, { reloaded: true }), []);
    },
  },
  {
    name: 'a customer signs in by token and sees only their own zones',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      await openFresh(page, baseURL);
      await page.getByRole('group', { name: 'Views' }).or(page.getByRole('navigation', { name: 'Views' })).waitFor();
      await page.getByLabel('Signed in as').selectOption('customer:acme');
      for (const t of TITLES) await panel(page, t).waitFor({ timeout: 20000 });
      const syscalls = panel(page, TITLES[0]);
      const keys = await waitFor('acme zones reporting syscalls', async () => {
        const r = await reporting(syscalls);
        return r.length > 0 ? r.map((z) => z.key) : undefined;
      });
      for (const k of keys) assert.match(k, /^acme-/, `acme sees only acme's zones (got ${k})`);
      const cpuKeys = await waitFor('acme zones reporting CPU', async () => {
        const r = await reporting(panel(page, TITLES[1]));
        return r.length > 0 ? r.map((z) => z.key) : undefined;
      });
      for (const k of cpuKeys) assert.match(k, /^acme-/, `acme's CPU panel lists only acme's zones (got ${k})`);
      await waitFor('acme syscall heatmap to fill', () => heatmapPainted(syscalls));
      assert.equal(await page.getByRole('button', { name: 'Scenario controls' }).count(), 0, 'a customer has no scenario controls');
      assert.equal(await page.getByRole('button', { name: 'Make a noisy neighbour' }).count(), 0);
      // The builder offers the customer profile's metrics: no operator-only disk metrics, never hostname.
      await page.getByRole('button', { name: 'Build an instrumentation' }).click();
      await page.getByRole('button', { name: 'Create instrumentation' }).waitFor();
      const modules = await page.getByLabel('Module').locator('option').evaluateAll((os) => os.map((o) => o.value));
      assert.ok(modules.includes('syscall') && !modules.includes('disk'), `customer modules: ${modules}`);
      await page.getByLabel('Module').selectOption('syscall');
      const fields = await page.getByLabel('Decompose by').locator('option').evaluateAll((os) => os.map((o) => o.value));
      assert.ok(fields.includes('zonename') && !fields.includes('hostname'), `customer fields: ${fields}`);

      // The customer's D runs inside their own zones only.
      await page.getByRole('button', { name: 'D console' }).click();
      await setEditor(page, 'syscall:::entry { @calls[zonename] = count(); }\n');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const out = page.getByLabel('printa output');
      const text = await waitFor('the customer script output', async () => {
        const t = (await out.textContent().catch(() => '')) ?? '';
        return /acme-/.test(t) ? t : undefined;
      });
      const zonesSeen = [...text.matchAll(/^\s+(\S+)\s+\d+$/gm)].map((m) => m[1]);
      assert.ok(zonesSeen.length > 0, `printa lists zones (got ${JSON.stringify(text)})`);
      for (const z of zonesSeen) assert.match(z, /^acme-/, `acme's script sees only acme's zones (got ${z})`);
      await page.screenshot({ path: join(screenshotDir, 'dashboard-customer-console.png'), fullPage: true });
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('button', { name: 'Dashboard', exact: true }).click();

      // The customer's token is in no address, and the sign-in survives a reload of this tab.
      assert.doesNotMatch(page.url(), /acme-7f3a91c2e4b6/);
      await page.screenshot({ path: join(screenshotDir, 'dashboard-customer.png'), fullPage: true });
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'zonescope' }).waitFor({ timeout: 20000 });
      assert.equal(await page.getByLabel('Signed in as').inputValue(), 'customer:acme');

      // Back to the operator: the whole datacenter again, not the customer's view.
      await page.getByLabel('Signed in as').selectOption('operator');
      const opKeys = await waitFor('every customer in the operator CPU panel', async () => {
        const r = await reporting(panel(page, TITLES[1]));
        return r.some((z) => !z.key.startsWith('acme-')) ? r.map((z) => z.key) : undefined;
      });
      assert.ok(opKeys.length > 0);
      await page.getByRole('button', { name: 'Scenario controls' }).waitFor();
      assert.deepEqual(realErrors(consoleErrors, { reloaded: true }), []);
    },
  },
  {
    name: 'an instrumentation built from the menus joins the dashboard and is kept across a reload',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      await openFresh(page, baseURL);
      await panel(page, TITLES[0]).waitFor({ timeout: 20000 });
      await page.getByRole('button', { name: 'Build an instrumentation' }).click();
      await page.getByLabel('Module').selectOption('syscall');
      await page.getByLabel('Metric').selectOption('syscalls');
      await page.getByLabel('Decompose by').selectOption('execname');
      await page.getByLabel('and by (heatmap axis)').selectOption('latency');
      await page.getByRole('button', { name: 'Add a condition' }).click();
      await page.getByLabel('Field of condition 1').selectOption('zonename');
      await page.getByLabel('Operator of condition 1').selectOption('eq');
      await page.getByLabel('Value of condition 1').fill('acme-web0');
      await page.screenshot({ path: join(screenshotDir, 'dashboard-builder.png'), fullPage: true });
      await page.getByRole('button', { name: 'Create instrumentation' }).click();
      await page.getByRole('status').filter({ hasText: 'added it to the dashboard' }).waitFor({ timeout: 15000 });
      const title = 'system calls by application name and latency where zonename == "acme-web0"';
      await page.getByRole('region', { name: 'Your instrumentations' }).getByText(title).waitFor();
      await page.getByRole('button', { name: 'Go to the dashboard' }).click();
      const built = panel(page, title);
      await built.waitFor();
      await waitFor('the new heatmap to fill', () => heatmapPainted(built));
      const keys = await waitFor('execnames of acme-web0', async () => {
        const r = await reporting(built);
        return r.length > 0 ? r.map((z) => z.key) : undefined;
      });
      assert.ok(!keys.some((k) => k.includes('-')), `the panel is decomposed by application name, not zone (got ${keys})`);
      assert.deepEqual(realErrors(consoleErrors), []);

      // Clone a panel with a different decomposition (CA's clone): by zone only, drawn as a graph.
      await panel(page, TITLES[1]).getByRole('button', { name: `Clone ${TITLES[1]} into the builder` }).click();
      await page.getByRole('heading', { name: `Clone “${TITLES[1]}”` }).waitFor();
      assert.equal(await page.getByLabel('Metric').isDisabled(), true, 'a clone keeps its metric');
      await page.getByLabel('and by (heatmap axis)').selectOption('');
      await page.getByRole('button', { name: 'Create the clone' }).click();
      await page.getByRole('status').filter({ hasText: 'added it to the dashboard' }).waitFor({ timeout: 15000 });
      const cloneTitle = 'CPU usage per zone by zone name';
      const list = page.getByRole('region', { name: 'Your instrumentations' });
      await list.getByText(cloneTitle).waitFor();
      await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
      await panel(page, cloneTitle).locator('canvas, svg').first().waitFor({ timeout: 15000 });
      await page.getByRole('button', { name: 'Build an instrumentation' }).click();
      await list.getByRole('button', { name: new RegExp(`^Delete ${cloneTitle} \\(#\\d+\\)$`) }).click();
      await list.getByText(cloneTitle).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
      await panel(page, title).waitFor();
      assert.equal(await panel(page, cloneTitle).count(), 0, 'the deleted clone left the dashboard');

      // A fresh visit (no address state) finds the dashboard as it was left: kept in IndexedDB.
      await page.goto(baseURL + '/');
      await page.getByRole('heading', { level: 1, name: 'zonescope' }).waitFor({ timeout: 20000 });
      for (const t of [...TITLES, title]) await panel(page, t).waitFor({ timeout: 20000 });
      await waitFor('the kept heatmap to fill again', () => heatmapPainted(panel(page, title)));
      await page.screenshot({ path: join(screenshotDir, 'dashboard-kept.png'), fullPage: true });
      // Deleting the clone may have cut a poll short (a 404 the browser logs); nothing else went wrong.
      assert.deepEqual(realErrors(consoleErrors, { reloaded: true }), []);

      // Deleting it removes it from the dashboard and from what is kept.
      await panel(page, title).getByRole('button', { name: `Delete ${title}` }).click();
      await panel(page, title).waitFor({ state: 'detached' });
      await waitFor('the dashboard kept without it', async () => (await keptPanels(page)) === 3);
      await page.goto(baseURL + '/');
      await panel(page, TITLES[2]).waitFor({ timeout: 20000 });
      assert.equal(await page.locator('article.panel').count(), 3);
      // A poll already in flight when the instrumentation went may come back 404 too.
      assert.deepEqual(realErrors(consoleErrors, { reloaded: true }), []);
    },
  },
  {
    name: 'the D console completes, marks a compile error where it is, and runs a script with live output',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      await openFresh(page, baseURL);
      await page.getByRole('button', { name: 'D console' }).click();
      await page.locator('.cm-content').waitFor();

      await setEditor(page, 'sysc');
      await page.locator('.cm-tooltip-autocomplete').getByText('syscall::read:entry', { exact: true }).first().waitFor({ timeout: 5000 });
      await page.keyboard.press('Escape');

      await setEditor(page, 'syscall::read:entry\n{\n\t@n[zonename] = count(;\n}\n');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const alert = page.locator('.console [role="alert"]');
      await alert.waitFor({ timeout: 15000 });
      assert.match(await alert.textContent(), /line 3/, 'the error names its line');
      await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 5000 });
      const marked = await page.locator('.cm-line').filter({ has: page.locator('.cm-lintRange-error') }).first().textContent();
      assert.match(marked, /count\(/, `the mark is on line 3 (got ${JSON.stringify(marked)})`);
      await page.screenshot({ path: join(screenshotDir, 'dashboard-console-error.png'), fullPage: true });

      await setEditor(page, 'syscall::read:entry { self->ts = timestamp; }\nsyscall::read:return /self->ts/ { @latency["read"] = quantize(timestamp - self->ts); self->ts = 0; }\n');
      await page.getByLabel('Run on').selectOption('cn2');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const out = page.getByLabel('printa output');
      await waitFor('printa output with a distribution', async () => /Distribution[\s\S]*count/.test((await out.textContent().catch(() => '')) ?? ''));
      assert.match(await out.textContent(), /read/);
      await waitFor('the script heatmap to fill', () => heatmapPainted(page.locator('.script-output')));
      await page.screenshot({ path: join(screenshotDir, 'dashboard-console.png'), fullPage: true });
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('status').filter({ hasText: /Stopped after/ }).waitFor();
      // The browser logs the compile error's 409 as a failed load; nothing else may go wrong.
      assert.deepEqual(realErrors(consoleErrors).filter((e) => !/status of 409/.test(e)), []);
    },
  },
  {
    name: 'isolating a zone, then a noisy neighbour makes the throttle heatmap respond',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      await openFresh(page, baseURL);
      // Isolate: select one zone of the syscall heatmap and show only it.
      const sys = panel(page, TITLES[0]);
      await waitFor('zones reporting syscalls', async () => (await reporting(sys)).length > 3);
      const zone = (await reporting(sys))[0].key;
      await sys.locator(`.zone-summary button[data-key="${zone}"]`).click();
      await sys.getByLabel(/Show only selected/).check();
      await waitFor('only the selected zone listed', async () => {
        const r = await reporting(sys);
        return r.length === 1 && r[0].key === zone;
      });
      assert.match(page.url(), new RegExp(`sel=${zone}`), 'the selection is in the address');
      await waitFor('the isolated heatmap drawn', () => heatmapPainted(sys));
      await page.screenshot({ path: join(screenshotDir, 'dashboard-isolated.png'), fullPage: true });

      // The noisy neighbour: one click, then the throttle heatmap shows that zone being held back.
      const throttle = panel(page, TITLES[2]);
      await throttle.waitFor();
      await page.getByRole('button', { name: 'Make a noisy neighbour' }).click();
      const status = page.getByRole('status').filter({ hasText: /now reads/ });
      await status.waitFor({ timeout: 15000 });
      const noisy = (await status.textContent()).split(' ')[0];
      assert.match(page.url(), /edits=/, 'the live edit is in the address');
      const found = await waitFor(
        `${noisy} throttled`,
        async () => (await reporting(throttle)).find((r) => r.key === noisy && r.count >= 20),
        45000,
      );
      assert.ok(found.count >= 20, `${noisy} has throttled operations (${found.count})`);
      await page.screenshot({ path: join(screenshotDir, 'dashboard-noisy.png'), fullPage: true });
      assert.deepEqual(realErrors(consoleErrors), []);
    },
  },
  {
    name: 'scenario controls: change a zone live, stop and start workloads, switch the throttle',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      await openFresh(page, baseURL);
      await page.getByRole('button', { name: 'Scenario controls' }).click();
      await page.getByRole('heading', { name: 'Scenario controls' }).waitFor({ timeout: 15000 });
      const shares = await page.getByLabel('cpu_shares of acme-web0').inputValue();
      await page.getByLabel('cpu_cap of acme-web0').fill('150');
      await page.getByLabel('zfs_io_priority of acme-web0').fill('300');
      await page.getByRole('button', { name: 'Apply controls of acme-web0' }).click();
      await page.getByRole('status').filter({ hasText: `acme-web0: cpu_shares ${shares}, cpu_cap 150, zfs_io_priority 300.` }).waitFor({ timeout: 15000 });
      await page.getByLabel('cpu_shares of acme-web0').fill('many');
      await page.getByRole('button', { name: 'Apply controls of acme-web0' }).click();
      await page.getByRole('alert').filter({ hasText: 'cpu_shares must be a whole number' }).waitFor();
      await page.getByLabel('cpu_shares of acme-web0').fill(shares);

      await page.getByRole('button', { name: 'Start a noisy I/O workload in acme-web0' }).click();
      const stopNoisy = page.getByRole('button', { name: /^Stop workload \d+ \(noisy-scan\) of acme-web0$/ });
      await stopNoisy.waitFor({ timeout: 15000 });
      await stopNoisy.click();
      await page.getByRole('status').filter({ hasText: /acme-web0: workload \d+ stopped\./ }).waitFor({ timeout: 15000 });
      await stopNoisy.waitFor({ state: 'detached', timeout: 15000 });
      await page.getByRole('row', { name: /acme-web0/ }).getByText(/noisy-scan.*\(fileio\)\s*stopped at \d+ s/).waitFor();

      await page.getByRole('radio', { name: 'off' }).check();
      await page.getByRole('status').filter({ hasText: 'Throttle switched to off.' }).waitFor({ timeout: 15000 });
      assert.equal(await page.getByRole('radio', { name: 'off' }).isChecked(), true);
      const edits = JSON.parse(new URL(page.url()).searchParams.get('edits'));
      assert.deepEqual(
        edits.map((e) => e.kind),
        ['zone', 'workload-add', 'workload-remove', 'throttle'],
      );
      await page.screenshot({ path: join(screenshotDir, 'dashboard-admin.png'), fullPage: true });

      // A shared link replays its edits on a fresh simulation.
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
      await page.getByRole('button', { name: 'Copy link to this view' }).click();
      await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
      const link = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(link, page.url());
      assert.doesNotMatch(link, /op-[0-9a-f]{8}|Bearer/);
      await page.goto(link);
      await page.getByRole('status').filter({ hasText: 'Replayed 4 of 4 live edits' }).waitFor({ timeout: 20000 });
      await page.getByRole('heading', { name: 'Scenario controls' }).waitFor({ timeout: 15000 });
      await waitFor('the replayed throttle setting', () => page.getByRole('radio', { name: 'off' }).isChecked());
      assert.equal(await page.getByLabel('cpu_cap of acme-web0').inputValue(), '150');
      assert.deepEqual(realErrors(consoleErrors, { reloaded: true }), []);
    },
  },
  {
    name: 'speed and scenario: the simulation runs faster live, or restarts on another scenario',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      await openFresh(page, baseURL);
      await panel(page, TITLES[0]).waitFor({ timeout: 20000 });
      // Live: PUT /ca/admin/speed, no restart; the address keeps it for a reload or a shared link.
      await waitFor('the current speed', async () => (await page.getByLabel('Speed').inputValue()) === '1');
      await page.getByLabel('Speed').selectOption('10');
      await waitFor('the address to hold the speed', async () => /[?&]speed=10\b/.test(page.url()));
      assert.equal(await page.getByLabel('Speed').inputValue(), '10');
      await waitFor('heatmaps at 10x', () => heatmapPainted(panel(page, TITLES[1])));
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'zonescope' }).waitFor({ timeout: 20000 });
      await waitFor('the speed after a reload', async () => (await page.getByLabel('Speed').inputValue()) === '10');

      await page.getByRole('button', { name: 'Scenario controls' }).click();
      await page.getByLabel('Scenario', { exact: true }).selectOption('noisy-neighbor');
      await page.getByRole('button', { name: 'Restart on this scenario' }).click();
      await page.getByText('scenario: noisy-neighbor').waitFor({ timeout: 20000 });
      await page.getByRole('button', { name: 'Apply controls of noisy' }).waitFor({ timeout: 15000 });
      await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
      const throttle = panel(page, TITLES[2]);
      await waitFor('the noisy zone throttled', async () => (await reporting(throttle)).some((r) => r.key === 'noisy'), 30000);
      await page.screenshot({ path: join(screenshotDir, 'dashboard-noisy-scenario.png'), fullPage: true });
      assert.deepEqual(realErrors(consoleErrors, { reloaded: true }), []);
    },
  },
];
