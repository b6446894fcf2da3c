// zonescope serve (Node, main thread): starts the CA worker (CaService + Cluster, state in
// --data), then the HTTP server for the REST API and the built app; prints the operator
// token when it made one up and `listening on http://HOST:PORT` once it serves. SIGINT and
// SIGTERM close the server, stop the simulation and let the last save finish.

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { startCaBackend, type CaBackend } from './backend';
import { createZonescopeServer } from './server';
import { loadScenario, ServeArgError } from './scenario';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly scenario: string;
  readonly dataDir?: string;
  readonly operatorToken?: string;
  readonly speed: number;
  /** Create the operator's default instrumentations (and pre-roll their history) when the state has none. */
  readonly defaults: boolean;
}

/** Simulated seconds of history pre-rolled at start when any instrumentation exists (one heatmap width). */
export const SERVE_PREROLL_S = 60;
/** PUT /ca/admin/speed accepts up to this, or up to --speed when that is higher. */
export const SERVE_MAX_SPEED = 1000;

export interface ServeEnv {
  /** dist-cli/ca.node.mjs */
  readonly workerFile: URL;
  /** dist-cli/shard.node.mjs */
  readonly shardWorkerFile: URL;
  /** vite build's output */
  readonly distDir: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** How long a stopping server waits for requests under way. */
const DRAIN_MS = 2000;

/** A fresh operator token: 128 random bits, URL- and header-safe. */
export function generateToken(): string {
  return `op-${randomBytes(16).toString('hex')}`;
}

/** Runs the server until a signal; resolves with the exit status. ServeArgError: a usage problem (exit 2). */
export async function runServe(o: ServeOptions, env: ServeEnv): Promise<number> {
  const scenario = await loadScenario(o.scenario);
  if (o.operatorToken !== undefined) {
    const c = scenario.customers.find((x) => x.token === o.operatorToken);
    if (c !== undefined) throw new ServeArgError([`invalid --operator-token: it is customer ${c.id}'s token in scenario ${scenario.name}`]);
  }
  const operatorToken = o.operatorToken ?? generateToken();
  if (o.operatorToken === undefined) env.out(`operator token: ${operatorToken}`);

  let fatal: ((e: Error) => void) | undefined;
  const crashed = new Promise<Error>((resolve) => (fatal = resolve));
  // Bind first, so a taken port fails at once; requests wait until the worker is ready,
  // and "listening on" is printed only then.
  let ready: (b: CaBackend) => void = () => undefined;
  const backendReady = new Promise<CaBackend>((resolve) => (ready = resolve));
  const server = createZonescopeServer({
    api: { handle: async (req) => (await backendReady).handle(req) },
    distDir: env.distDir,
    onError: (e) => env.err(`request failed: ${message(e)}`),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    env.err(`cannot listen on ${o.host}:${o.port}: ${message(e)}`);
    return 1;
  }

  let backend: CaBackend;
  try {
    backend = await startCaBackend({
      workerFile: env.workerFile,
      data: {
        scenario,
        speed: o.speed,
        operatorToken,
        dataDir: o.dataDir === undefined ? undefined : resolvePath(o.dataDir),
        shardWorkerFile: env.shardWorkerFile.href,
        defaults: o.defaults,
        prerollS: SERVE_PREROLL_S,
        speedRange: { min: Math.min(1, o.speed), max: Math.max(SERVE_MAX_SPEED, o.speed) },
      },
      onCrash: (e) => fatal?.(e),
    });
  } catch (e) {
    server.close();
    server.closeAllConnections();
    env.err(`cannot start: ${message(e)}`);
    return 1;
  }
  ready(backend);
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  env.out(`listening on http://${host}:${addr.port}`);

  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const ended = await Promise.race([signalled.then(() => undefined), crashed]);
  // No new connections; requests under way get up to DRAIN_MS to finish (a second signal ends it at once).
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (ended === undefined) await Promise.race([drained, new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
  server.closeAllConnections();
  if (ended !== undefined) {
    // A crash is a bug: say where.
    env.err(`the CA worker failed: ${ended.stack ?? message(ended)}`);
    return 1;
  }
  await backend.stop();
  return 0;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
