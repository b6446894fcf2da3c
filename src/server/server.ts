// The HTTP server of zonescope serve (Node, main thread): /ca and /ca/... go to the REST
// API (the CaService in a worker thread, through an ApiHandler), everything else is the
// built app. The main thread only converts and copies; the service does the work.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isApiPath, type ApiHandler } from './api';
import { readApiRequest, writeApiResponse } from './request';
import { createStaticHandler } from './static';

export interface ServerOptions {
  readonly api: ApiHandler;
  readonly distDir: string;
  /** Told about failures the client only sees as a 500 (default: stderr). */
  readonly onError?: (e: unknown) => void;
}

export function createZonescopeServer(o: ServerOptions): Server {
  const serveStatic = createStaticHandler({ distDir: o.distDir });
  const onError =
    o.onError ?? ((e: unknown) => process.stderr.write(`zonescope: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`));

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (!pathname.startsWith('/')) {
      // An absolute-form or asterisk-form request target: not something this server serves.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(`bad request target ${JSON.stringify(url)}\n`);
      return;
    }
    if (!isApiPath(pathname)) return serveStatic(req, res, pathname);
    const { request, truncated } = await readApiRequest(req);
    const response = await o.api.handle(request);
    writeApiResponse(res, response, truncated, request.method === 'HEAD');
  };

  return createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      // A client that went away mid-request is not the server's failure.
      if (req.socket.destroyed) {
        res.destroy();
        return;
      }
      onError(e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = JSON.stringify({ error: { code: 'ECA_UNKNOWN', message: 'internal error' } });
      res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
      res.end(body);
    });
  });
}
