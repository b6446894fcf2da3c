// The shared REST API cases (cases.ts) over real HTTP: a `bin/zonescope serve` child process
// (the CLI bundle, its CA worker thread and shard workers) on a free port with the test
// scenario, paced fast; every case runs through fetch. Simulated time passes on its own,
// so advance() waits until the server's clock has moved on far enough.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fetchClient } from '../server/fetch-client';
import { ROOT, startServe, type Served } from '../server/serve-harness';
import { cases, type ApiClient } from './cases';

const SCENARIO = join(ROOT, 'test/unit/api/scenario.json');
const OPERATOR = 'op-http-test-0123456789';
/** Simulated seconds per wall second: fast enough to keep the run short, slow enough for the simulation to keep up. */
const SPEED = 20;
/** Seconds of simulated time past the target before the data counts as all reported (the service waits 2 s for late shards). */
const SETTLE_S = 2;

let served: Served;
let data: string;
let client: ApiClient;

async function simulatedNow(): Promise<number> {
  const r = await fetch(`${served.baseURL}/ca/admin/status`, { headers: { authorization: `Bearer ${OPERATOR}` } });
  if (r.status !== 200) throw new Error(`GET /ca/admin/status: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { simulated_s: number }).simulated_s;
}

async function advance(seconds: number): Promise<void> {
  const target = (await simulatedNow()) + seconds + SETTLE_S;
  const deadline = Date.now() + ((seconds + SETTLE_S) / SPEED) * 1000 * 4 + 5000;
  for (;;) {
    const now = await simulatedNow();
    if (now >= target) return;
    if (Date.now() > deadline) throw new Error(`advance(${seconds}): the server's simulated clock is at ${now}, short of ${target}`);
    await new Promise((r) => setTimeout(r, Math.max(20, Math.min(500, ((target - now) / SPEED) * 1000))));
  }
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'zs-http-'));
  // The cases start from an empty registry (ids from 1): no default instrumentations.
  served = await startServe(['--scenario', SCENARIO, '--data', data, '--operator-token', OPERATOR, '--speed', String(SPEED), '--no-defaults']);
  const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8')) as { customers: { id: string; token: string }[] };
  client = fetchClient({ baseURL: served.baseURL, operatorToken: OPERATOR, customers: scenario.customers, advance });
}, 30000);

afterAll(async () => {
  const code = await served?.stop('SIGTERM');
  rmSync(data, { recursive: true, force: true });
  if (code !== 0) throw new Error(`zonescope serve exited ${code} on SIGTERM\n${served.output().stderr}`);
});

describe('REST API over HTTP (zonescope serve)', () => {
  for (const c of cases) it(c.name, () => c.run(client), 60000);
});
