// The shared API cases (cases.ts) run in-process: the client calls CaService.handle()
// directly, over a real Cluster with zero workers (every node simulated in this thread)
// on test/unit/api/scenario.json. Simulated time moves only when a case advances it
// (flat out), and the service's wall clock is a manual one moved along with it, so the
// run is deterministic.

import { ManualClock } from '../manual-clock';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CaService } from '../../../src/ca/service';
import type { ApiResponse } from '../../../src/ca/http';
import { Cluster } from '../../../src/engine/cluster';
import { parseScenarioText } from '../../../src/sim/index';
import { cases, type ApiClient, type ApiClientResponse } from './cases';

export const SCENARIO = parseScenarioText(readFileSync(new URL('./scenario.json', import.meta.url), 'utf8'));
export const OPERATOR_TOKEN = 'operator-token-test-0001';

function toClientResponse(r: ApiResponse): ApiClientResponse {
  const bytes = typeof r.body === 'string' ? new TextEncoder().encode(r.body) : r.body;
  const text = typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body);
  return {
    status: r.status,
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
    json: () => JSON.parse(text),
    text: () => text,
    bytes: () => bytes,
  };
}

/** An ApiClient that calls service.handle() directly, advancing the cluster flat out. */
export function inProcessClient(service: CaService, cluster: Cluster, clock: ManualClock): ApiClient {
  return {
    operatorToken: OPERATOR_TOKEN,
    customers: SCENARIO.customers.map((c) => ({ id: c.id, token: c.token })),
    async request(method, path, o = {}) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
      if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`;
      let body = '';
      if (typeof o.body === 'string') body = o.body;
      else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const r = await service.handle({ method, path, query: o.query ?? '', headers, body });
      return toClientResponse(r);
    },
    async advance(seconds) {
      await cluster.advanceTo(cluster.now() + seconds);
      clock.ms += seconds * 1000;
    },
  };
}

describe('REST API cases, in-process', () => {
  let cluster: Cluster;
  let service: CaService;
  let client: ApiClient;

  beforeAll(async () => {
    cluster = await Cluster.create({ scenario: SCENARIO, speed: 0 });
    const clock = new ManualClock();
    service = new CaService({ cluster, operatorToken: OPERATOR_TOKEN, clock });
    await service.start();
    client = inProcessClient(service, cluster, clock);
    await client.advance(3);
  });

  afterAll(async () => {
    await service?.close();
    await cluster?.stop();
  });

  for (const c of cases) it(c.name, () => c.run(client), 60_000);
});
