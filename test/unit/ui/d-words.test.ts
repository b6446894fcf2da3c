// The D console's completions are kept as data (the editor does not load the compiler), so
// they are checked here against the engine's own tables and the simulator's probes: the
// console offers nothing the engine would refuse and leaves out nothing it knows.
import { describe, expect, it } from 'vitest';
import { ACTIONS, AGG_FUNCS, SUBROUTINES } from '../../../src/d/functions';
import { baseTypes, builtinVariables } from '../../../src/d/types';
import { SimTracedNode } from '../../../src/engine/simnode';
import { builtinScenario } from '../../../src/sim/index';
import { AGGREGATING, FUNCTIONS, KEYWORDS, PROBES, VARIABLES } from '../../../src/ui/console/d-words';

const engineFunctions = new Set([...SUBROUTINES.keys(), ...ACTIONS.keys(), ...AGG_FUNCS]);
const { types, inlines } = baseTypes();
/** Built-in variables, the translated ones (curpsinfo, ...), args[], and self/this. */
const engineVariables = new Set([...builtinVariables(types).keys(), ...[...inlines].filter(([, i]) => typeof i.value === 'object').map(([n]) => n), 'args', 'self', 'this']);

/** Whether description `d` (provider:module:function:name, empty parts match anything, a trailing * globs) matches probe `p`. */
function matches(d: string, p: { provider: string; module: string; func: string; name: string }): boolean {
  const parts = d.split(':');
  const fields = [p.provider, p.module, p.func, p.name];
  return parts.every((x, i) => x === '' || x === fields[i] || (x.endsWith('*') && fields[i]!.startsWith(x.slice(0, -1))));
}

describe('the D console words', () => {
  it('offers every subroutine, action and aggregating function the engine has, and no other', () => {
    expect(new Set(FUNCTIONS)).toEqual(engineFunctions);
    expect(new Set(AGGREGATING)).toEqual(new Set(AGG_FUNCS));
  });

  it('offers every built-in variable the engine has, and no other', () => {
    expect(new Set(VARIABLES)).toEqual(engineVariables);
  });

  it('keywords are not offered as functions or variables', () => {
    for (const k of KEYWORDS) if (k !== 'self' && k !== 'this') expect(engineFunctions.has(k) || engineVariables.has(k), k).toBe(false);
  });

  it('every probe it offers exists on a simulated node, and every probe of a node is offered', () => {
    const table = new SimTracedNode({ scenario: builtinScenario('demo')!, hostname: 'cn1' }).catalog;
    const offered = PROBES.map((p) => p.name);
    // The profile provider's rates are offered by example (profile-N, tick-N), not each one.
    const example = (p: { provider: string; name: string }) => p.provider === 'profile' && offered.some((d) => d.startsWith(`profile:::${p.name.split('-')[0]}-`));
    const missing = table.list().filter((p) => !offered.some((d) => matches(d, p)) && !example(p)).map((p) => `${p.provider}:${p.module}:${p.func}:${p.name}`);
    expect(missing).toEqual([]);
    // Some probes exist once a description names them (profile's tick-N), as in DTrace.
    for (const d of offered) {
      const [provider = '', module = '', func = '', name = ''] = d.split(':');
      table.provide({ provider, module, func, name });
    }
    expect(offered.filter((d) => !table.list().some((p) => matches(d, p)))).toEqual([]);
  });
});
