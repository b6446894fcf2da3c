// What the Chromium benches share: a Vite build into a folder of their own (never dist/),
// and a static server over it for the page (index.html for unknown paths: the app is a
// single page; with `api`, /ca/... is answered by `api(url)`, JSON text). Not a bench.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm' };

export async function serveDir(dir, api) {
  const srv = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (api !== undefined && url.pathname.startsWith('/ca/')) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(api(url));
      return;
    }
    const path = decodeURIComponent(url.pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => srv.close(r)) };
}

/** `vite build` with these arguments, from the project root; throws with Vite's output on failure. */
export function viteBuild(root, args) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build ${args.join(' ')} failed (status ${r.status}):\n${r.stdout}${r.stderr}`);
}
