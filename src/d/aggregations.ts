// Glue between the consumer and the aggregation library (src/d/agg): builds one store per
// @variable from the checker's AggInfo, and prints them (printa and the run-out at END)
// with the library's formatting and the current sort options. Pure.
import { AggSpace, createAggregation, printa, printPending, truncate } from './agg/index';
import type { AggDesc, AggPrintOptions, Aggregation } from './agg/index';
export type { AggSpace } from './agg/index';
import type { DInt } from './host';
import type { DOptions } from './options';
import type { ParsedFormat } from './printf';
import type { AggInfo } from './tir';
import { toValueType } from './types';

export type AggTable = Aggregation;

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

export function createAggTables(infos: readonly AggInfo[], o: DOptions): { readonly tables: AggTable[]; readonly space: AggSpace } {
  const space = new AggSpace({ aggsize: o.aggsize, strsize: o.strsize, stackframes: o.stackframes, ustackframes: o.ustackframes });
  return { tables: infos.map((a) => createAggregation(aggDesc(a), space)), space };
}

/** The print options as they are now (setopt() may have changed the sort options). */
function printOptions(o: DOptions): AggPrintOptions {
  return {
    aggsortkey: o.aggsortkey,
    aggsortrev: o.aggsortrev,
    aggsortkeypos: o.aggsortkeypos,
    aggsortpos: o.aggsortpos,
    strsize: o.strsize,
    stackindent: o.stackindent,
    rawbytes: o.rawbytes,
    utf8: o.get('encoding') === 'utf8',
  };
}

export function printaText(aggs: readonly AggTable[], ids: readonly number[], fmt: ParsedFormat | undefined, o: DOptions): string {
  return printa(fmt, ids.map((i) => aggs[i]), printOptions(o));
}

export function printAggregations(aggs: readonly AggTable[], o: DOptions): string {
  return printPending(aggs, printOptions(o));
}

export function truncAgg(a: AggTable, n: DInt | undefined): void {
  truncate(a, n);
}
