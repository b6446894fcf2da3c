// Tenancy through the whole stack (CaService -> metad -> Cluster -> simulated nodes): for
// every metric of the customer profile that has a zonename field, a customer's
// instrumentation decomposed by zonename reports only the customer's zones, with no
// predicate, with a predicate naming another tenant's zone, and with one OR-ing it in;
// the operator's copy sees every zone (so the test would notice). And customer scripts:
// every probe they can name fires only in their zones.

import { ManualClock } from '../manual-clock';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsFor } from '../../../src/ca/catalog';
import { CaService } from '../../../src/ca/service';
import { Cluster } from '../../../src/engine/cluster';
import { parseScenarioText } from '../../../src/sim/index';

const SCENARIO = parseScenarioText(readFileSync(new URL('../api/scenario.json', import.meta.url), 'utf8'));
const OP = 'op-token-tenancy-test';
const ACME = SCENARIO.customers.find((c) => c.id === 'acme')!.token;
const ACME_ZONES = ['acme-db', 'acme-web'];
const OTHER_ZONES = ['globex-app', 'globex-batch', 'initech-web'];

let cluster: Cluster;
let service: CaService;

async function call(method: string, path: string, token: string, body?: object, query = ''): Promise<{ status: number; json: any }> {
  const r = await service.handle({
    method,
    path,
    query,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  return { status: r.status, json: typeof r.body === 'string' && r.body !== '' ? JSON.parse(r.body) : undefined };
}

beforeAll(async () => {
  cluster = await Cluster.create({ scenario: SCENARIO, speed: 0 });
  service = new CaService({ cluster, operatorToken: OP, clock: new ManualClock(0) });
  await service.start();
  await cluster.advanceTo(3);
});

afterAll(async () => {
  await service?.close();
  await cluster?.stop();
});

/** Keys of a raw value: discrete keys, or [] for a scalar or a plain distribution. */
function keysOf(v: unknown): string[] {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

const zoneMetrics = metricsFor('customer').filter((m) => m.fields.includes('zonename'));
/** Metrics whose operator copy saw other tenants' zones: the control that the customer's emptiness is tenancy, not a lack of data. */
const operatorSawOthers: string[] = [];

describe('customer instrumentations see only their zones', () => {
  it('the customer profile has zone metrics to test', () => {
    expect(zoneMetrics.map((m) => `${m.module}.${m.stat}`)).toEqual(expect.arrayContaining(['cpu.usage', 'cpu.zones', 'syscall.syscalls', 'zfs.throttled_ops']));
  });

  for (const m of zoneMetrics) {
    it(`${m.module}.${m.stat} by zonename`, async () => {
      const base = { module: m.module, stat: m.stat, decomposition: ['zonename'] };
      const variants = [
        base,
        { ...base, predicate: { eq: ['zonename', 'globex-app'] } },
        { ...base, predicate: { or: [{ eq: ['zonename', 'globex-batch'] }, { ne: ['zonename', 'acme-db'] }] } },
      ];
      const uris: string[] = [];
      let opUri: string | undefined;
      try {
        for (const body of variants) {
          const r = await call('POST', '/ca/customers/acme/instrumentations', ACME, body);
          expect(r.status, JSON.stringify(r.json)).toBe(201);
          uris.push(r.json.uri);
          // the zone list ANDed in names only acme's zones (a predicate may name others: it then matches nothing)
          if (body === base) for (const z of OTHER_ZONES) expect(r.json.script).not.toContain(z);
        }
        const op = await call('POST', '/ca/instrumentations', OP, base);
        expect(op.status).toBe(201);
        opUri = op.json.uri;
        await cluster.advanceTo(cluster.now() + 4);
        // seconds after the instrumentations began (a point metric reads its window's first interval)
        const q = `start_time=${cluster.epochSec + cluster.now() - 3}&duration=2`;
        const [all, named, ored] = await Promise.all(uris.map(async (u) => (await call('GET', `${u}/value/raw`, ACME, undefined, q)).json));
        for (const v of [all, named, ored]) for (const k of keysOf(v.value)) expect(ACME_ZONES).toContain(k);
        expect(keysOf(named.value)).toEqual([]);
        expect(keysOf(ored.value).filter((k) => k === 'acme-db')).toEqual([]);
        const ov = (await call('GET', `${opUri}/value/raw`, OP, undefined, q)).json;
        if (keysOf(ov.value).some((k) => OTHER_ZONES.includes(k))) operatorSawOthers.push(`${m.module}.${m.stat}`);
      } finally {
        for (const u of uris) await call('DELETE', u, ACME);
        if (opUri !== undefined) await call('DELETE', opUri, OP);
      }
    });
  }

  it('(control) the operator copies saw other tenants\' zones for most of those metrics', () => {
    expect(operatorSawOthers, operatorSawOthers.join(', ')).toEqual(expect.arrayContaining(['cpu.usage', 'cpu.zones', 'syscall.syscalls', 'cpu.thread_samples']));
    expect(operatorSawOthers.length).toBeGreaterThanOrEqual(6);
  });
});

describe('customer scripts run inside their zones', () => {
  const scripts = [
    'syscall:::entry { @[zonename] = count(); }',
    'profile-997 { @[zonename] = count(); }',
    'sched:::on-cpu { @[zonename] = count(); }',
    'proc:::exec-success, proc:::exit { @[zonename] = count(); }',
    'sched:::off-cpu { @[zonename, args[1]->pr_fname] = count(); }',
  ];
  for (const script of scripts) {
    it(script, async () => {
      const r = await call('POST', '/ca/customers/acme/scripts', ACME, { script });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      try {
        await cluster.advanceTo(cluster.now() + 3);
        const v = (await call('GET', `${r.json.uri}/value`, ACME)).json;
        for (const z of OTHER_ZONES) expect(JSON.stringify(v)).not.toContain(z);
        for (const name of ['java', 'batch', 'reader', 'writer', 'httpd']) expect(v.printa).not.toMatch(new RegExp(`\\b${name}\\b`));
      } finally {
        await call('DELETE', r.json.uri, ACME);
      }
    });
  }

  it('probes a zone cannot see are refused with dtrace\'s message', async () => {
    for (const script of ['io:::start { @ = count(); }', 'fbt:zfs:zfs_read:entry { @ = count(); }', 'sdt:zfs::zfs-zone-wait { @ = count(); }']) {
      const r = await call('POST', '/ca/customers/acme/scripts', ACME, { script });
      expect(r.status, script).toBe(409);
      expect(r.json.error.message).toMatch(/does not match any probes/);
    }
  });
});
