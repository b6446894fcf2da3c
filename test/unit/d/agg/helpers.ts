// Small builders for the aggregation tests: key types and a store for one aggregation.
import { AggSpace, createAggregation, type AggDesc, type AggFunc, type Aggregation } from '../../../../src/d/agg';
import type { ValueType } from '../../../../src/d/valuetype';

export const CHAR: ValueType = { kind: 'int', size: 1, signed: true, name: 'char' };
export const SHORT: ValueType = { kind: 'int', size: 2, signed: true, name: 'short' };
export const INT: ValueType = { kind: 'int', size: 4, signed: true, name: 'int' };
export const UINT: ValueType = { kind: 'int', size: 4, signed: false, name: 'uint32_t' };
export const LONG: ValueType = { kind: 'int', size: 8, signed: true, name: 'long' };
export const STRING: ValueType = { kind: 'string', name: 'string' };
export const STACK: ValueType = { kind: 'stack', name: 'stack' };

let nextId = 1;

export function agg(
  func: AggFunc,
  keyTypes: readonly ValueType[] = [],
  extra: Partial<Pick<AggDesc, 'lquant' | 'llquant' | 'id' | 'name'>> = {},
  space: AggSpace = new AggSpace(),
): Aggregation {
  const id = extra.id ?? nextId++;
  return createAggregation({ id, name: extra.name ?? `a${id}`, func, keyTypes, lquant: extra.lquant, llquant: extra.llquant }, space);
}
