// Loads the scenario zonescope serve simulates (Node, main thread): a built-in name or a
// FILE.json, validated with the scenario schema. A bad choice is a ServeArgError: one
// message per problem, each naming the file and the field, reported as a usage error.

import { readFile } from 'node:fs/promises';
import { parseScenarioText, ScenarioError, type Scenario } from '../sim/scenario';
import { BUILTIN_SCENARIOS, builtinScenario } from '../sim/scenarios/index';

/** A bad command-line value: zonescope prints each message and exits 2. */
export class ServeArgError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(messages.join('\n'));
    this.name = 'ServeArgError';
  }
}

export async function loadScenario(s: string): Promise<Scenario> {
  const builtin = builtinScenario(s);
  if (builtin !== undefined) return builtin;
  if (!s.endsWith('.json') && !s.includes('/')) {
    throw new ServeArgError([`unknown scenario '${s}': expected one of ${Object.keys(BUILTIN_SCENARIOS).join(', ')} or a FILE.json`]);
  }
  let text: string;
  try {
    text = await readFile(s, 'utf8');
  } catch (e) {
    throw new ServeArgError([`failed to open scenario ${s}: ${e instanceof Error ? e.message : String(e)}`]);
  }
  try {
    return parseScenarioText(text);
  } catch (e) {
    if (e instanceof ScenarioError) throw new ServeArgError(e.issues.map((i) => `invalid scenario ${s}: ${i}`));
    throw e;
  }
}

/** `zonescope scenarios`: one line per built-in scenario with its size and its customers' tokens. */
export function scenarioLines(): string[] {
  return Object.keys(BUILTIN_SCENARIOS).map((name) => {
    const s = builtinScenario(name)!;
    const zones = s.nodes.reduce((n, node) => n + node.zones.length, 0);
    const customers = s.customers.length === 0 ? 'none' : s.customers.map((c) => `${c.id}=${c.token}`).join(' ');
    return `${name}: ${s.nodes.length} node${s.nodes.length === 1 ? '' : 's'}, ${zones} zone${zones === 1 ? '' : 's'}; customer tokens: ${customers}`;
  });
}
