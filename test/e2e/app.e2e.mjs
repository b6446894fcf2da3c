// The app loads in a real browser: the built bundle runs, renders, and logs no errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';

export const tests = [
  {
    name: 'the built app loads and renders its heading without console errors, and simulates the seed a link names',
    async run({ page, baseURL, consoleErrors, screenshotDir }) {
      const response = await page.goto(baseURL + '/');
      assert.equal(response.status(), 200);
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor({ timeout: 10000 });
      assert.equal(await heading.textContent(), 'zonescope');
      await page.screenshot({ path: join(screenshotDir, 'app-home.png') });
      // A shared link's seed is the one simulated, and shown beside the scenario.
      await page.goto(baseURL + '/?seed=7');
      await page.getByText('scenario: demo (seed 7)').waitFor({ timeout: 15000 });
      assert.deepEqual(consoleErrors, []);
    },
  },
];
