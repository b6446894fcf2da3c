// Chooses the node zdtrace traces from its long options (Node: it may read a scenario
// file): `--scenario NAME|FILE.json` (default the built-in demo), `--node HOSTNAME`
// (default the scenario's first node), `--seed N` and `--zone ZONENAME`. A bad value is
// a HostArgError, which zdtrace reports like a usage error (exit 2); a scenario file the
// schema rejects gets one message per problem, each naming the field.

import { readFileSync } from 'node:fs';
import { NodeChoiceError, SimTracedNode, type DeferredScenario } from '../engine/simnode';
import type { Scenario } from '../sim/scenario';
import { BUILTIN_SCENARIOS, builtinScenarioInput, DEFAULT_SCENARIO } from '../sim/scenarios/inputs';
import type { HostArgs } from './command';
import { strerror } from './output';

/** A bad long option: zdtrace reports each message like a usage error (exit 2). */
export class HostArgError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(messages.join('\n'));
    this.name = 'HostArgError';
  }
}

export async function createNode(a: HostArgs): Promise<SimTracedNode> {
  if (a.seed !== undefined && !/^[0-9]+$/.test(a.seed)) {
    throw new HostArgError([`invalid --seed '${a.seed}': must be a non-negative integer`]);
  }
  if (a.node !== undefined && !/^[A-Za-z0-9][-A-Za-z0-9.]*$/.test(a.node)) {
    throw new HostArgError([`invalid --node '${a.node}': must be a hostname`]);
  }
  if (a.zone !== undefined && !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(a.zone)) {
    throw new HostArgError([`invalid --zone '${a.zone}': must be a zone name`]);
  }
  const name = a.scenario ?? DEFAULT_SCENARIO;
  const builtin = builtinScenarioInput(name);
  // A built-in scenario on its first node, as written, is parsed only if the run goes past
  // BEGIN: a program that exits in BEGIN never loads the schema. A node or zone to check,
  // or a file to validate, is parsed now, so its errors come before anything else.
  const scenario: Scenario | DeferredScenario =
    builtin !== undefined && a.node === undefined && a.zone === undefined && a.seed === undefined
      ? { epoch: builtin.epoch, load: async () => (await loadSchema()).parseScenario(builtin) }
      : await loadScenario(name);
  try {
    return new SimTracedNode({
      scenario,
      hostname: a.node,
      seed: a.seed === undefined ? undefined : Number(a.seed),
      zonename: a.zone,
    });
  } catch (e) {
    if (e instanceof NodeChoiceError) throw new HostArgError([e.message]);
    throw e;
  }
}

/** The scenario schema, loaded on first use: zod is most of zdtrace's code, and few runs need it. */
async function loadSchema(): Promise<typeof import('../sim/scenario')> {
  const [{ z }, schema] = await Promise.all([import('zod'), import('../sim/scenario')]);
  // zdtrace parses one scenario once: compiling zod's fast parsers would cost more than it saves.
  z.config({ jitless: true });
  return schema;
}

/** A built-in scenario by name, or a scenario file (a name ending in .json or with a /), parsed. */
async function loadScenario(s: string): Promise<Scenario> {
  const builtin = builtinScenarioInput(s);
  if (builtin !== undefined) return (await loadSchema()).parseScenario(builtin);
  if (!s.endsWith('.json') && !s.includes('/')) {
    throw new HostArgError([`unknown scenario '${s}': expected one of ${Object.keys(BUILTIN_SCENARIOS).join(', ')} or a FILE.json`]);
  }
  let text: string;
  try {
    text = readFileSync(s, 'utf8');
  } catch (e) {
    throw new HostArgError([`failed to open scenario ${s}: ${strerror(e)}`]);
  }
  const { parseScenarioText, ScenarioError } = await loadSchema();
  try {
    return parseScenarioText(text);
  } catch (e) {
    if (e instanceof ScenarioError) throw new HostArgError(e.issues.map((i) => `invalid scenario ${s}: ${i}`));
    throw e;
  }
}
