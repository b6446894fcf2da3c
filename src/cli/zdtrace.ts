// The zdtrace command (Node): DTrace's dtrace(1M) on one simulated compute node.
// bin/zdtrace imports the bundle of this file and calls main(process.argv).

import { runDtrace } from './run';

export function main(argv: string[]): void {
  // A reader that goes away (`zdtrace ... | head`) ends dtrace quietly, as SIGPIPE would.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(1);
    throw e;
  });
  runDtrace(argv).then(
    (status) => {
      // Let pending output drain; exit status as dtrace: exit(n) & 0xff.
      process.exitCode = status & 0xff;
    },
    (e: unknown) => {
      const name = argv[1]?.split('/').pop() ?? 'zdtrace';
      process.stderr.write(`${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
