// The built-in scenarios by name, as written: unparsed, so naming one costs no schema
// (index.ts parses them). Pure data.

import type { ScenarioInput } from '../scenario';
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

/** A built-in scenario as written, or undefined for an unknown name. */
export function builtinScenarioInput(name: string): ScenarioInput | undefined {
  return Object.hasOwn(BUILTIN_SCENARIOS, name) ? BUILTIN_SCENARIOS[name] : undefined;
}
