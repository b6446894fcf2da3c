// Heatmap and graph axes (browser main thread; pure TS over d3-scale): the y scale
// (linear, or log10 as the server bucketized it with scale=log), the time axis, and
// values formatted in the unit of CA's field types: time fields are nanoseconds shown as
// ns, µs, ms or s; size fields bytes in powers of 2 (KiB, MiB, ...); percent fields %;
// subsecond fields milliseconds within the second; plain numbers with SI prefixes.

import { format, scaleLinear, scaleLog, scaleUtc, utcFormat, type ScaleContinuousNumeric, type ScaleTime } from 'd3';
import { fieldType, findMetric, TYPES, type FieldType } from '../../ca/catalog';

export type Unit = 'time' | 'size' | 'percent' | 'subsecond' | 'number' | 'count';

/** The unit of an instrumentation's values: its numeric decomposition's type (heatmap y), else its metric's type (graph y). */
export function unitOf(module: string, stat: string, decomposition: readonly string[]): { heatmap: Unit; graph: Unit; graphLabel: string } {
  const numeric = decomposition.find((f) => TYPES[fieldType(f)].arity === 'numeric');
  const metric = findMetric('operator', module, stat);
  const graph: Unit = metric?.type ?? 'count';
  return {
    heatmap: numeric === undefined ? 'number' : unitOfType(fieldType(numeric)),
    graph,
    graphLabel: metric?.type !== undefined ? (TYPES[metric.type].unit ?? '') : (metric?.unit ?? 'count'),
  };
}

function unitOfType(t: FieldType): Unit {
  return t === 'string' ? 'number' : t;
}

const TIME_UNITS = [
  { div: 1e9, name: 's' },
  { div: 1e6, name: 'ms' },
  { div: 1e3, name: 'µs' },
  { div: 1, name: 'ns' },
] as const;
const SIZE_UNITS = [
  { div: 2 ** 40, name: 'TiB' },
  { div: 2 ** 30, name: 'GiB' },
  { div: 2 ** 20, name: 'MiB' },
  { div: 2 ** 10, name: 'KiB' },
  { div: 1, name: 'B' },
] as const;

const short = format('.3~r');
const si = format('.3~s');

/** A display unit for values up to `max`: the largest unit that keeps max at or above 1. */
export function displayUnit(unit: Unit, max: number): { readonly div: number; readonly name: string } {
  const pick = (list: readonly { div: number; name: string }[]) => list.find((u) => Math.abs(max) >= u.div) ?? list[list.length - 1]!;
  switch (unit) {
    case 'time':
      return pick(TIME_UNITS);
    case 'size':
      return pick(SIZE_UNITS);
    case 'percent':
      return { div: 1, name: '%' };
    case 'subsecond':
      return { div: 1, name: 'ms' };
    case 'number':
    case 'count':
      return { div: 1, name: '' };
  }
}

/** One value with its unit, scaled to its own magnitude: 1500 ns -> "1.5 µs", 3145728 B -> "3 MiB". */
export function formatValue(v: number, unit: Unit): string {
  if (!Number.isFinite(v)) return '—';
  if (unit === 'number' || unit === 'count') return Math.abs(v) < 1000 ? short(v) : si(v);
  const u = displayUnit(unit, v);
  return `${short(v / u.div)}${u.name === '%' ? '%' : ` ${u.name}`}`;
}

/** Ticks of a y axis in one display unit chosen from the axis' top (so labels read "0 ms, 2 ms, 4 ms"). */
export function tickFormatter(unit: Unit, max: number): (v: number) => string {
  if (unit === 'number' || unit === 'count') return (v) => (Math.abs(max) < 1000 ? short(v) : si(v));
  const u = displayUnit(unit, max);
  return (v) => `${short(v / u.div)}${u.name === '%' ? '%' : ` ${u.name}`}`;
}

/** The y scale of a heatmap: [ymin, ymax] onto [height, 0]; log10 when the server bucketized on a log axis. */
export function yScale(frame: { readonly ymin: number; readonly ymax: number; readonly scale: 'linear' | 'log' }, height: number): ScaleContinuousNumeric<number, number> {
  if (frame.scale === 'log') return scaleLog().domain([Math.max(frame.ymin, Number.MIN_VALUE), frame.ymax]).range([height, 0]);
  return scaleLinear().domain([frame.ymin, frame.ymax]).range([height, 0]);
}

/** The time scale of a window [startTime, startTime + duration) (CA time: Unix seconds) onto [0, width]. */
export function xScale(startTime: number, duration: number, width: number): ScaleTime<number, number> {
  return scaleUtc()
    .domain([new Date(startTime * 1000), new Date((startTime + duration) * 1000)])
    .range([0, width]);
}

/**
 * Y ticks (value, label) for an axis of about `count` ticks: on a linear axis all in the
 * unit of its top; on a log axis the powers of ten, each in its own unit (1 µs ... 1 s).
 */
export function yTicks(scale: ScaleContinuousNumeric<number, number>, unit: Unit, count: number): { value: number; label: string }[] {
  const [, max] = scale.domain() as [number, number];
  if ('base' in scale) {
    const decades = scale.ticks(count).filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
    return decades.map((value) => ({ value, label: formatValue(value, unit) }));
  }
  const fmt = tickFormatter(unit, max);
  return scale.ticks(count).map((value) => ({ value, label: fmt(value) }));
}

export const timeOfDay = utcFormat('%H:%M:%S');

/** "12:00:01–12:00:02" for an interval of CA time (Unix seconds, UTC). */
export function formatInterval(t0: number, t1: number): string {
  return `${timeOfDay(new Date(t0 * 1000))}–${timeOfDay(new Date(t1 * 1000))} UTC`;
}
