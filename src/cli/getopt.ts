// POSIX getopt(3) as dtrace(1M) drives it, plus zdtrace's `--long` options. Runs in Node
// (the CLI) but is pure: it turns an argument vector into an ordered list of options,
// long options and operands, or the first usage error exactly as libc getopt words it.
//
// dtrace(1M) restarts getopt after every operand, so options and operands interleave
// (`dtrace -n BEGIN foo -q` is legal and `foo` is $1). A lone `-` is an operand, and `--`
// only makes the single argument after it an operand: option parsing resumes after that.

export type ArgItem =
  | { readonly k: 'opt'; readonly opt: string; readonly arg?: string }
  | { readonly k: 'long'; readonly name: string; readonly arg?: string }
  | { readonly k: 'operand'; readonly value: string }
  /** The first bad argument; parsing stops there. `message` has no command-name prefix. */
  | { readonly k: 'error'; readonly message: string };

/** Long options: name -> whether it takes a value (`--name VALUE` or `--name=VALUE`). */
export type LongOptions = Readonly<Record<string, boolean>>;

/** Which short options take an argument, from a getopt string like `ab:c`. */
function argumentOptions(optstring: string): Map<string, boolean> {
  const m = new Map<string, boolean>();
  for (let i = 0; i < optstring.length; i++) {
    const c = optstring[i]!;
    if (c === ':') continue;
    m.set(c, optstring[i + 1] === ':');
  }
  return m;
}

class GetoptError extends Error {}

/**
 * Parses `args` (argv without the interpreter and the command path) in order. A usage
 * error ends the list as an `error` item with getopt's words (`illegal option -- x`,
 * `option requires an argument -- x`), so that callers can act on what came before it.
 */
export function getopt(args: readonly string[], optstring: string, longOptions: LongOptions = {}): ArgItem[] {
  const items: ArgItem[] = [];
  try {
    scan(args, optstring, longOptions, items);
  } catch (e) {
    if (!(e instanceof GetoptError)) throw e;
    items.push({ k: 'error', message: e.message });
  }
  return items;
}

function scan(args: readonly string[], optstring: string, longOptions: LongOptions, items: ArgItem[]): void {
  const spec = argumentOptions(optstring);
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') {
      // getopt consumes `--` and stops; dtrace's loop then takes the next argument as an operand.
      if (i + 1 < args.length) items.push({ k: 'operand', value: args[i + 1]! });
      i += 2;
      continue;
    }
    if (a.startsWith('--')) {
      i = parseLong(args, i, longOptions, items);
      continue;
    }
    if (a.length < 2 || a[0] !== '-') {
      items.push({ k: 'operand', value: a });
      i++;
      continue;
    }
    // A cluster of short options: -qn BEGIN, -nBEGIN, -x errtags.
    i++;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const takesArg = spec.get(c);
      if (takesArg === undefined) throw new GetoptError(`illegal option -- ${c}`);
      if (!takesArg) {
        items.push({ k: 'opt', opt: c });
        continue;
      }
      if (j + 1 < a.length) {
        items.push({ k: 'opt', opt: c, arg: a.slice(j + 1) });
      } else if (i < args.length) {
        items.push({ k: 'opt', opt: c, arg: args[i]! });
        i++;
      } else {
        throw new GetoptError(`option requires an argument -- ${c}`);
      }
      break;
    }
  }
}

function parseLong(args: readonly string[], i: number, longOptions: LongOptions, items: ArgItem[]): number {
  const a = args[i]!;
  const eq = a.indexOf('=');
  const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
  const takesArg = Object.prototype.hasOwnProperty.call(longOptions, name) ? longOptions[name] : undefined;
  if (takesArg === undefined) throw new GetoptError(`unrecognized option '--${name}'`);
  if (!takesArg) {
    if (eq >= 0) throw new GetoptError(`option '--${name}' doesn't allow an argument`);
    items.push({ k: 'long', name });
    return i + 1;
  }
  if (eq >= 0) {
    items.push({ k: 'long', name, arg: a.slice(eq + 1) });
    return i + 1;
  }
  if (i + 1 >= args.length) throw new GetoptError(`option '--${name}' requires an argument`);
  items.push({ k: 'long', name, arg: args[i + 1]! });
  return i + 2;
}
