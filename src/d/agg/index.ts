// DTrace aggregations: the store the engine updates on every aggregating statement, the
// quantization buckets and their compile-time checks, DTrace's sort order, and printing.
export {
  type AggDesc, type AggFunc, type AggSnapshot, type AggSpaceOptions, type KeyColumn,
  AggSpace, Aggregation, aggregationFromSnapshot, createAggregation, entryBytes, snapshotTransferables,
} from './aggregation';
export { QUANTIZE_NBUCKETS, QUANTIZE_ZERO, quantizeBucket, quantizeLabel } from './quantize';
export {
  type LquantCheck, type LquantParams, type QuantArg, type QuantDiag,
  checkLquantize, lquantizeBucket, lquantizeBucketCount, lquantizeLabel, lquantizeLevels, lquantParams, matchLquantize,
} from './lquantize';
export { type LlquantCheck, type LlquantParams, LlquantLayout, checkLlquantize, llquantLayout, matchLlquantize } from './llquantize';
export { type AggSortOptions, type Bundle, compareKeys, joinEntries, sortedEntries, sortValueFn, stddevOf, truncate } from './sort';
export {
  type AggPrintOptions, aggValue, distributionText, keyText, printa, printaDefault, printaFormatted, printPending, valueText,
} from './printa';
