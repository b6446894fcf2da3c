// The built-in scenarios by name (`--scenario NAME`, `zonescope scenarios`), validated
// through the same schema as a scenario file. Pure TypeScript.

import { parseScenario, type Scenario } from '../scenario';
import { builtinScenarioInput } from './inputs';

export { BUILTIN_SCENARIOS, builtinScenarioInput, DEFAULT_SCENARIO } from './inputs';

/** A built-in scenario, parsed (defaults applied), or undefined for an unknown name. */
export function builtinScenario(name: string): Scenario | undefined {
  const s = builtinScenarioInput(name);
  return s === undefined ? undefined : parseScenario(s);
}
