// DTrace's stability attributes: what `dtrace -lv` reports for a probe. Each provider
// declares five attribute triples (provider, module, function, name, arguments); a listed
// probe's description attributes are the minimum of the first four. Pure TypeScript.

export const STABILITY = ['Internal', 'Private', 'Obsolete', 'External', 'Unstable', 'Evolving', 'Stable', 'Standard'] as const;
export const DEPENDENCY_CLASS = ['Unknown', 'CPU', 'Platform', 'Group', 'ISA', 'Common'] as const;

export type Stability = (typeof STABILITY)[number];
export type DependencyClass = (typeof DEPENDENCY_CLASS)[number];

export interface Attribute {
  readonly name: Stability;
  readonly data: Stability;
  readonly dependency: DependencyClass;
}

export interface ProviderAttributes {
  readonly provider: Attribute;
  readonly module: Attribute;
  readonly func: Attribute;
  readonly name: Attribute;
  readonly args: Attribute;
}

const a = (name: Stability, data: Stability, dependency: DependencyClass): Attribute => ({ name, data, dependency });

/** Each component independently at its lowest. */
export function minAttribute(x: Attribute, y: Attribute): Attribute {
  const s = (p: Stability, q: Stability): Stability => (STABILITY.indexOf(p) <= STABILITY.indexOf(q) ? p : q);
  const c = (p: DependencyClass, q: DependencyClass): DependencyClass =>
    DEPENDENCY_CLASS.indexOf(p) <= DEPENDENCY_CLASS.indexOf(q) ? p : q;
  return { name: s(x.name, y.name), data: s(x.data, y.data), dependency: c(x.dependency, y.dependency) };
}

/** A fully specified probe's description attributes (`Probe Description Attributes` of -lv). */
export function probeAttributes(p: ProviderAttributes): Attribute {
  return [p.module, p.func, p.name].reduce(minAttribute, p.provider);
}

/** sdt_subr.c's stab_attr: the documented SDT-based providers (sched, proc, io). */
const STABLE_SDT: ProviderAttributes = {
  provider: a('Evolving', 'Evolving', 'ISA'),
  module: a('Private', 'Private', 'Unknown'),
  func: a('Private', 'Private', 'Unknown'),
  name: a('Evolving', 'Evolving', 'ISA'),
  args: a('Evolving', 'Evolving', 'ISA'),
};

/** The attributes illumos's providers register (dtrace.c, profile.c, systrace.c, fbt.c, sdt_subr.c). */
export const PROVIDER_ATTRIBUTES: Readonly<Record<string, ProviderAttributes>> = {
  dtrace: {
    provider: a('Stable', 'Stable', 'Common'),
    module: a('Private', 'Private', 'Unknown'),
    func: a('Private', 'Private', 'Unknown'),
    name: a('Stable', 'Stable', 'Common'),
    args: a('Stable', 'Stable', 'Common'),
  },
  profile: {
    provider: a('Evolving', 'Evolving', 'Common'),
    module: a('Unstable', 'Unstable', 'Unknown'),
    func: a('Private', 'Private', 'Unknown'),
    name: a('Evolving', 'Evolving', 'Common'),
    args: a('Evolving', 'Evolving', 'Common'),
  },
  syscall: {
    provider: a('Evolving', 'Evolving', 'Common'),
    module: a('Private', 'Private', 'Unknown'),
    func: a('Private', 'Private', 'ISA'),
    name: a('Evolving', 'Evolving', 'Common'),
    args: a('Private', 'Private', 'ISA'),
  },
  fbt: {
    provider: a('Evolving', 'Evolving', 'Common'),
    module: a('Private', 'Private', 'Unknown'),
    func: a('Private', 'Private', 'ISA'),
    name: a('Evolving', 'Evolving', 'Common'),
    args: a('Private', 'Private', 'ISA'),
  },
  sched: STABLE_SDT,
  proc: STABLE_SDT,
  io: STABLE_SDT,
  sdt: {
    provider: a('Evolving', 'Evolving', 'ISA'),
    module: a('Private', 'Private', 'Unknown'),
    func: a('Private', 'Private', 'Unknown'),
    name: a('Private', 'Private', 'ISA'),
    args: a('Private', 'Private', 'ISA'),
  },
};
