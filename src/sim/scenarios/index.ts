// The built-in scenarios by name (`--scenario NAME`, `zonescope scenarios`), validated
// through the same schema as a scenario file. Pure TypeScript.

import { parseScenario, type Scenario, type ScenarioInput } from '../scenario';
import { cpuContention } from './cpu-contention';
import { demo } from './demo';
import { large } from './large';
import { noisyNeighbor } from './noisy-neighbor';

export const BUILTIN_SCENARIOS: Readonly<Record<string, ScenarioInput>> = {
  demo,
  'noisy-neighbor': noisyNeighbor,
  'cpu-contention': cpuContention,
  large,
};

export const DEFAULT_SCENARIO = 'demo';

/** A built-in scenario, parsed (defaults applied), or undefined for an unknown name. */
export function builtinScenario(name: string): Scenario | undefined {
  const s = Object.hasOwn(BUILTIN_SCENARIOS, name) ? BUILTIN_SCENARIOS[name] : undefined;
  return s === undefined ? undefined : parseScenario(s);
}
