// Chooses the node zdtrace traces from its long options (Node: it may read a scenario
// file): `--scenario NAME|FILE.json` (default the built-in demo), `--node HOSTNAME`
// (default the scenario's first node), `--seed N` and `--zone ZONENAME`. A bad value is
// a HostArgError, which zdtrace reports like a usage error (exit 2); a scenario file the
// schema rejects gets one message per problem, each naming the field.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NodeChoiceError, SimTracedNode } from '../engine/simnode';
import { BUILTIN_SCENARIOS, builtinScenario, DEFAULT_SCENARIO } from '../sim/scenarios/index';
import { parseScenarioText, ScenarioError, type Scenario } from '../sim/scenario';
import type { HostArgs } from './command';
import { strerror } from './output';

/** A bad long option: zdtrace reports each message like a usage error (exit 2). */
export class HostArgError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(messages.join('\n'));
    this.name = 'HostArgError';
  }
}

export function createNode(a: HostArgs): SimTracedNode {
  if (a.seed !== undefined && !/^[0-9]+$/.test(a.seed)) {
    throw new HostArgError([`invalid --seed '${a.seed}': must be a non-negative integer`]);
  }
  if (a.node !== undefined && !/^[A-Za-z0-9][-A-Za-z0-9.]*$/.test(a.node)) {
    throw new HostArgError([`invalid --node '${a.node}': must be a hostname`]);
  }
  if (a.zone !== undefined && !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(a.zone)) {
    throw new HostArgError([`invalid --zone '${a.zone}': must be a zone name`]);
  }
  const scenario = loadScenario(a.scenario ?? DEFAULT_SCENARIO);
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

/** A built-in scenario by name, or a scenario file (a name ending in .json or with a /). */
function loadScenario(s: string): Scenario {
  // zdtrace parses one scenario once: compiling zod's fast parsers would cost more than it saves.
  z.config({ jitless: true });
  const builtin = builtinScenario(s);
  if (builtin !== undefined) return builtin;
  if (!s.endsWith('.json') && !s.includes('/')) {
    throw new HostArgError([`unknown scenario '${s}': expected one of ${Object.keys(BUILTIN_SCENARIOS).join(', ')} or a FILE.json`]);
  }
  let text: string;
  try {
    text = readFileSync(s, 'utf8');
  } catch (e) {
    throw new HostArgError([`failed to open scenario ${s}: ${strerror(e)}`]);
  }
  try {
    return parseScenarioText(text);
  } catch (e) {
    if (e instanceof ScenarioError) throw new HostArgError(e.issues.map((i) => `invalid scenario ${s}: ${i}`));
    throw e;
  }
}
