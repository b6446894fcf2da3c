// The probes a traced node has, in id order, and the providers that may create more on
// demand (DTrace's profile provider makes `tick-7s` when a description names it).
// Pure TypeScript; it implements the D engine's ProbeCatalog contract (src/d/host.ts).

import type { ProbeCatalog, ProbeInfo, ProbeSpec } from '../d/host';

export interface ProbeProvider {
  readonly name: string;
  /** Create the probes `spec` names that do not exist yet, if this provider makes them on demand. */
  provide?(spec: ProbeSpec, table: ProbeTable): void;
}

export class ProbeTable implements ProbeCatalog {
  private readonly probes: ProbeInfo[] = [];
  private readonly byName = new Map<string, ProbeInfo>();
  private readonly providers: ProbeProvider[] = [];

  addProvider(p: ProbeProvider): void {
    this.providers.push(p);
  }

  /** Creates a probe with the next id (the first is 1). */
  add(provider: string, module: string, func: string, name: string, argTypes: readonly string[] = []): ProbeInfo {
    const info: ProbeInfo = { id: this.probes.length + 1, provider, module, func, name, argTypes };
    this.probes.push(info);
    this.byName.set(fullName(provider, module, func, name), info);
    return info;
  }

  lookup(provider: string, module: string, func: string, name: string): ProbeInfo | undefined {
    return this.byName.get(fullName(provider, module, func, name));
  }

  get(id: number): ProbeInfo | undefined {
    return this.probes[id - 1];
  }

  list(): readonly ProbeInfo[] {
    return this.probes;
  }

  /** As DTrace does, every provider is asked, whatever provider the description names. */
  provide(spec: ProbeSpec): void {
    for (const p of this.providers) p.provide?.(spec, this);
  }
}

function fullName(provider: string, module: string, func: string, name: string): string {
  return `${provider}:${module}:${func}:${name}`;
}
