// Serves the built app (vite build's dist/) for zonescope serve (Node, main thread): files
// with their content types, index.html for app routes (paths without a file extension),
// never a file outside the app directory. index.html carries a meta element that tells the
// app to talk to this server's REST API instead of starting its own engine in the tab.

import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { API_META_HTTP, API_META_NAME } from './api';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** index.html with the meta element that switches the app to the HTTP API. */
export function injectApiMeta(html: string): string {
  const meta = `<meta name="${API_META_NAME}" content="${API_META_HTTP}" />`;
  const at = html.search(/<head(\s[^>]*)?>/i);
  if (at < 0) return meta + html;
  const end = html.indexOf('>', at) + 1;
  return html.slice(0, end) + meta + html.slice(end);
}

export interface StaticOptions {
  /** vite build's output directory. */
  readonly distDir: string;
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

export function createStaticHandler(o: StaticOptions): StaticHandler {
  /** dist/ (real path) and its index.html with the marker, re-read when a rebuild replaces it. */
  let app: { root: string; index: Buffer; mtimeMs: number } | undefined;
  const appRoot = async (): Promise<typeof app> => {
    try {
      const root = app?.root ?? (await realpath(o.distDir));
      const file = join(root, 'index.html');
      const { mtimeMs } = await stat(file);
      if (app === undefined || app.mtimeMs !== mtimeMs) {
        app = { root, index: Buffer.from(injectApiMeta(await readFile(file, 'utf8')), 'utf8'), mtimeMs };
      }
      return app;
    } catch {
      app = undefined;
      return undefined;
    }
  };

  return async (req, res, pathname) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      return plain(res, 405, `${req.method} is not allowed on ${pathname}: the app answers GET and HEAD\n`, { allow: 'GET, HEAD' });
    }
    const built = await appRoot();
    if (built === undefined) {
      return plain(res, 503, `the app is not built (no ${join(o.distDir, 'index.html')}): run npm run build; the REST API is under /ca\n`);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return plain(res, 400, `bad path ${JSON.stringify(pathname)}: invalid percent-encoding\n`);
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return plain(res, 400, `bad path ${JSON.stringify(pathname)}\n`);
    const { root: dir, index: indexHtml } = built;
    const file = await resolveFile(dir, decoded);
    if (file === 'outside') return plain(res, 404, 'not found\n');
    if (file === undefined || file === join(dir, 'index.html')) {
      // A path with a file extension names a file; the rest are the app's own routes.
      if (file === undefined && extname(decoded) !== '') return plain(res, 404, 'not found\n');
      return send(res, 200, indexHtml, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' }, head);
    }
    const st = await stat(file);
    // vite puts content-hashed files under assets/: they never change under that name.
    const cache = decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, {
      'content-type': contentType(file),
      'content-length': String(st.size),
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
    });
    if (head) {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const s = createReadStream(file);
      s.on('error', () => {
        res.destroy();
        resolve();
      });
      s.on('end', resolve);
      s.pipe(res);
    });
  };
}

/** The regular file a URL path names inside `root` (symlinks resolved), 'outside' if it escapes, undefined if none. */
async function resolveFile(root: string, decoded: string): Promise<string | 'outside' | undefined> {
  const candidate = join(root, decoded);
  if (candidate !== root && !candidate.startsWith(root + sep)) return 'outside';
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return undefined;
  }
  if (real !== root && !real.startsWith(root + sep)) return 'outside';
  try {
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  send(res, status, Buffer.from(text, 'utf8'), { 'content-type': CONTENT_TYPES['.txt']!, ...extra }, false);
}

function send(res: ServerResponse, status: number, body: Buffer, headers: Record<string, string>, head: boolean): void {
  res.writeHead(status, { ...headers, 'content-length': String(body.length), 'x-content-type-options': 'nosniff' });
  res.end(head ? undefined : body);
}
