// The shared REST API cases (cases.ts) through the MSW handlers the tab uses
// (src/mocks/handlers.ts), in Node with msw/node: fetch -> MSW -> handlers -> Comlink over a
// MessageChannel (as between the tab's main thread and its "ca" worker) -> CaService over an
// in-process Cluster. Simulated time is stepped: advance() runs the cluster flat out.
import { ManualClock } from '../manual-clock';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { setupServer, type SetupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MemoryPersistence } from '../../../src/ca/persist';
import { CaService } from '../../../src/ca/service';
import { Cluster } from '../../../src/engine/cluster';
import { createHandlers } from '../../../src/mocks/handlers';
import type { ApiHandler, ApiRequest } from '../../../src/server/api';
import { transferable } from '../../../src/server/api';
import { parseScenarioText } from '../../../src/sim/scenario';
import { fetchClient } from '../server/fetch-client';
import { ROOT } from '../server/serve-harness';
import { cases, type ApiClient } from './cases';

const OPERATOR = 'op-msw-test-0123456789';
const scenario = parseScenarioText(readFileSync(join(ROOT, 'test/unit/api/scenario.json'), 'utf8'));

let cluster: Cluster;
let service: CaService;
let server: SetupServer;
let channel: MessageChannel;
let client: ApiClient;

beforeAll(async () => {
  cluster = await Cluster.create({ scenario, speed: 0 });
  const clock = new ManualClock();
  service = new CaService({ cluster, operatorToken: OPERATOR, persistence: new MemoryPersistence(), clock });
  await service.start();
  // The service's side of the thread boundary, as workers/ca.worker.ts exposes it.
  channel = new MessageChannel();
  Comlink.expose(
    {
      async handle(req: ApiRequest) {
        const r = await service.handle(req);
        return typeof r.body === 'string' ? r : Comlink.transfer(r, transferable(r.body));
      },
    },
    nodeEndpoint(channel.port1),
  );
  const remote = Comlink.wrap<ApiHandler>(nodeEndpoint(channel.port2));
  server = setupServer(...createHandlers({ handle: (req) => remote.handle(req) }));
  server.listen({ onUnhandledRequest: 'error' });
  client = fetchClient({
    baseURL: 'http://zonescope.test',
    operatorToken: OPERATOR,
    customers: scenario.customers.map((c) => ({ id: c.id, token: c.token })),
    advance: async (seconds) => {
      await cluster.advanceTo(cluster.now() + seconds);
      clock.ms += seconds * 1000;
    },
  });
  await client.advance(3);
});

afterAll(async () => {
  server?.close();
  channel?.port1.close();
  channel?.port2.close();
  await service?.close();
  await cluster?.stop();
});

describe('REST API through the MSW handlers', () => {
  for (const c of cases) it(c.name, () => c.run(client), 60000);
});
