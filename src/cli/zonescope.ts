// The zonescope command (Node): `zonescope serve` (the REST API and the built app over
// HTTP, the simulator in worker threads) and `zonescope scenarios` (the built-in
// scenarios with their customer tokens). bin/zonescope imports the bundle of this file
// and calls main(process.argv, root) with the package's root directory.

export const USAGE = `Usage: zonescope serve [--port 8080] [--host 127.0.0.1] [--scenario NAME|FILE.json]
                       [--data DIR] [--operator-token TOKEN] [--speed X] [--no-defaults]
       zonescope scenarios
       zonescope -h | --help
`;

export const HELP = `${USAGE}
zonescope serve: the Cloud Analytics REST API (under /ca) and the built app over HTTP.
  --port N                 TCP port (default 8080; 0 picks a free one)
  --host ADDR              address to listen on (default 127.0.0.1)
  --scenario NAME|FILE     a built-in scenario (see zonescope scenarios; default demo) or a scenario file
  --data DIR               keep instrumentations, ids and counters in DIR/ca-state.json across restarts
                           (default: nothing is kept)
  --operator-token TOKEN   the operator's API token (default: a random one, printed at start)
  --speed X                simulated seconds per wall second (default 1); PUT /ca/admin/speed changes it
                           live, up to 1000 (or X when higher)
  --no-defaults            do not create the operator's three default instrumentations (syscall latency,
                           cpu.zones utilization, zfs.throttled_ops delay, by zone); without it they are
                           created when the global namespace has none, and the last 60 simulated seconds
                           are pre-rolled so their heatmaps open filled
  It prints "operator token: TOKEN" (when generated), then "listening on http://HOST:PORT".
  Send tokens as "Authorization: Bearer TOKEN". SIGINT or SIGTERM stops it.

zonescope scenarios: the built-in scenarios, one a line, with their customers' tokens.
`;

/** What a command line asks for; `usage` carries the message for exit 2. */
export type ZonescopeCommand =
  | { readonly k: 'help' }
  | { readonly k: 'scenarios' }
  | {
      readonly k: 'serve'; readonly port: number; readonly host: string; readonly scenario: string; readonly dataDir?: string; readonly operatorToken?: string;
      readonly speed: number; readonly defaults: boolean;
    }
  | { readonly k: 'usage'; readonly message: string };

const SERVE_OPTIONS = ['port', 'host', 'scenario', 'data', 'operator-token', 'speed'] as const;
type ServeOption = (typeof SERVE_OPTIONS)[number];
/** Options that take no value. */
const SERVE_FLAGS = ['no-defaults'] as const;
type ServeFlag = (typeof SERVE_FLAGS)[number];

/** Parses argv without the interpreter and the command path. Pure. */
export function parseArgs(args: readonly string[]): ZonescopeCommand {
  if (args.length === 0) return { k: 'usage', message: 'missing subcommand: expected serve or scenarios' };
  if (args.some((a) => a === '-h' || a === '--help')) return { k: 'help' };
  const [sub, ...rest] = args;
  switch (sub) {
    case 'scenarios':
      return rest.length === 0 ? { k: 'scenarios' } : { k: 'usage', message: `scenarios takes no arguments (got '${rest[0]}')` };
    case 'serve':
      return parseServe(rest);
    default:
      return { k: 'usage', message: `unknown subcommand '${sub}': expected serve or scenarios` };
  }
}

function parseServe(args: readonly string[]): ZonescopeCommand {
  const given = new Map<ServeOption, string>();
  const flags = new Set<ServeFlag>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) return { k: 'usage', message: `unexpected argument '${a}': serve takes only options` };
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if ((SERVE_FLAGS as readonly string[]).includes(name)) {
      if (eq >= 0) return { k: 'usage', message: `option '--${name}' takes no value` };
      if (flags.has(name as ServeFlag)) return { k: 'usage', message: `option '--${name}' given twice` };
      flags.add(name as ServeFlag);
      continue;
    }
    if (!(SERVE_OPTIONS as readonly string[]).includes(name)) {
      return { k: 'usage', message: `unknown option '--${name}': serve accepts ${[...SERVE_OPTIONS, ...SERVE_FLAGS].map((o) => `--${o}`).join(', ')}` };
    }
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i]!;
    else return { k: 'usage', message: `option '--${name}' needs a value` };
    if (given.has(name as ServeOption)) return { k: 'usage', message: `option '--${name}' given twice` };
    given.set(name as ServeOption, value);
  }

  const portText = given.get('port') ?? '8080';
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) return { k: 'usage', message: `invalid --port '${portText}': must be an integer from 0 to 65535` };

  const host = given.get('host') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:_-]+$/.test(host)) return { k: 'usage', message: `invalid --host '${host}': must be an IP address or a host name` };

  const speedText = given.get('speed') ?? '1';
  const speed = /^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$/.test(speedText) ? Number(speedText) : NaN;
  if (!(speed > 0 && speed <= 10000)) {
    return { k: 'usage', message: `invalid --speed '${speedText}': must be a number of simulated seconds per wall second, above 0 and at most 10000` };
  }

  const scenario = given.get('scenario') ?? 'demo';
  if (scenario === '') return { k: 'usage', message: "invalid --scenario '': expected a built-in scenario name or a FILE.json" };

  const dataDir = given.get('data');
  if (dataDir === '') return { k: 'usage', message: "invalid --data '': expected a directory" };

  const operatorToken = given.get('operator-token');
  if (operatorToken !== undefined && !/^[\x21-\x7e]{8,256}$/.test(operatorToken)) {
    return { k: 'usage', message: 'invalid --operator-token: must be 8 to 256 printable ASCII characters without spaces' };
  }
  return { k: 'serve', port, host, scenario, dataDir, operatorToken, speed, defaults: !flags.has('no-defaults') };
}

export function main(argv: readonly string[], root: URL): void {
  const name = argv[1]?.split('/').pop() ?? 'zonescope';
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const err = (line: string): void => void process.stderr.write(`${name}: ${line}\n`);
  const cmd = parseArgs(argv.slice(2));
  run(cmd, root, out, err).then(
    (status) => {
      process.exitCode = status;
      // Pending timers of the simulation must not keep a finished command alive.
      if (cmd.k === 'serve') setImmediate(() => process.exit(status));
    },
    (e: unknown) => {
      err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    },
  );
}

async function run(cmd: ZonescopeCommand, root: URL, out: (l: string) => void, err: (l: string) => void): Promise<number> {
  switch (cmd.k) {
    case 'help':
      process.stdout.write(HELP);
      return 0;
    case 'usage':
      err(cmd.message);
      process.stderr.write(USAGE);
      return 2;
    case 'scenarios': {
      const { scenarioLines } = await import('../server/scenario');
      for (const l of scenarioLines()) out(l);
      return 0;
    }
    case 'serve': {
      const [{ runServe }, { ServeArgError }, { fileURLToPath }] = await Promise.all([
        import('../server/serve'),
        import('../server/scenario'),
        import('node:url'),
      ]);
      try {
        return await runServe(cmd, {
          workerFile: new URL('dist-cli/ca.node.mjs', root),
          shardWorkerFile: new URL('dist-cli/shard.node.mjs', root),
          distDir: fileURLToPath(new URL('dist/', root)),
          out,
          err,
        });
      } catch (e) {
        if (e instanceof ServeArgError) {
          for (const m of e.messages) err(m);
          return 2;
        }
        throw e;
      }
    }
  }
}
