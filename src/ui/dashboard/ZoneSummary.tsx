// Under each panel: the zones (or other keys) reporting in the last second, busiest
// first, as toggle buttons that select them (browser main thread). Read from the raw
// value once every two seconds; a customer's answer holds only their own zones, since
// the API scopes it, which is what this list then shows.
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api-client';
import { formatCount, formatValue } from './format';

interface Row {
  readonly key: string;
  readonly count: number;
  /** Mean of the numeric field (bucket midpoints), when the value is a distribution. */
  readonly mean?: number;
}

type Dist = readonly (readonly [readonly [number, number], number])[];

function isDist(v: unknown): v is Dist {
  return Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number');
}

function rowOf(key: string, v: unknown): Row | undefined {
  if (typeof v === 'number') return { key, count: v };
  if (!isDist(v)) return undefined;
  let count = 0;
  let sum = 0;
  for (const [[lo, hi], n] of v) {
    count += n;
    sum += ((lo + hi) / 2) * n;
  }
  return count > 0 ? { key, count, mean: sum / count } : { key, count };
}

/** The rows of a raw value (CA's shapes), busiest first. */
export function rowsOf(value: unknown, totalLabel: string): Row[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number' || isDist(value)) {
    const r = rowOf(totalLabel, value);
    return r === undefined ? [] : [r];
  }
  if (typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>)
    .flatMap(([k, v]) => rowOf(k, v) ?? [])
    .sort((a, b) => b.count - a.count || (b.mean ?? 0) - (a.mean ?? 0) || a.key.localeCompare(b.key));
}

export function ZoneSummary(p: {
  readonly api: ApiClient;
  readonly uri: string;
  readonly title: string;
  readonly numericType: string | undefined;
  /** One count per key per second (cpu.zones): the mean is the value worth showing. */
  readonly meanOnly: boolean;
  readonly selected: readonly string[];
  readonly isolate: boolean;
  readonly onToggle: (key: string) => void;
}) {
  const { api, uri } = p;
  const [rows, setRows] = useState<Row[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        const r = (await api.json<{ value?: unknown }>('GET', `${uri}/value/raw`)) ?? {};
        if (!stop) {
          setRows(rowsOf(r.value, 'all'));
          setError(undefined);
        }
      } catch (e) {
        if (!stop) setError(e instanceof Error ? e.message : String(e));
      }
      if (!stop) timer = setTimeout(() => void tick(), 2000);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, uri]);

  if (error !== undefined) return <p role="alert">Latest values failed: {error}</p>;
  if (rows === undefined) return <p role="status">Reading the latest second…</p>;
  const shown = p.isolate && p.selected.length > 0 ? rows.filter((r) => p.selected.includes(r.key)) : rows;
  if (shown.length === 0) return <p className="empty">Nothing reported in the last second.</p>;
  return (
    <ul className="zone-summary" aria-label={`Reporting in the last second: ${p.title}`}>
      <li className="summary-label" aria-hidden="true">
        Last second, busiest first:
      </li>
      {shown.slice(0, 12).map((r) => {
        const mean = r.mean === undefined ? '' : formatValue(r.mean, p.numericType);
        const text = p.meanOnly && mean !== '' ? `${r.key} ${mean}` : `${r.key} ${formatCount(r.count)}${mean === '' ? '' : ` · mean ${mean}`}`;
        return (
          <li key={r.key}>
            <button type="button" className="zone" aria-pressed={p.selected.includes(r.key)} onClick={() => p.onToggle(r.key)} data-key={r.key} data-count={r.count}>
              {text}
            </button>
          </li>
        );
      })}
      {shown.length > 12 ? <li className="more">and {shown.length - 12} more</li> : undefined}
    </ul>
  );
}
