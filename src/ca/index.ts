// Cloud Analytics: the catalog, predicates, instrumentation properties and their D, and
// CA's errors (ca-core); other parts of src/ca add their exports below. Pure TypeScript.
export { CaError, CA_HTTP_STATUS, fieldError, type CaErrorCode } from './errors';
export {
  caLegacyMetrics, caLegacyTransformations, caLegacyTypes, caRoot, FIELDS, fieldType, findMetric, isNumericField, METRICS,
  metricsFor, MODULES, TRANSFORMATIONS, TYPES,
  type CaRoot, type CaRootMetric, type FieldDef, type FieldType, type MetricDef, type NumericType, type Profile, type TypeDef,
} from './catalog';
export { dString, isTrivial, predicateFields, renderPredicate, validatePredicate, type Predicate } from './predicate';
export {
  instnArity, MUTABLE_FIELDS, validateClone, validateCreate, validateUpdate, type InstnProps, type ValidateOptions, type ValueArity,
} from './instn';
export { compileInstn, hasMetaD, HOSTNAME_PLACEHOLDER, scriptForHost, type CompiledInstn } from './metad';
