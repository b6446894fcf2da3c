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
// The REST API (api helper): transport contract and HTTP conventions, tokens, routes, the service, persisted state.
export {
  API_VERSION, MAX_BODY_BYTES, MAX_SCRIPT_BODY_BYTES, errorResponse, jsonResponse, parseParams, responseOfError,
  type ApiRequest, type ApiResponse, type Params as RequestParams,
} from './http';
export { TokenTable, type Caller, type CustomerToken, type Scope } from './tokens';
export { matchRoute, pathScope, type Matched, type Route, type ValueView } from './routes';
export { CaService, MAX_INSTNS_PER_CUSTOMER, MAX_SCRIPTS_PER_CUSTOMER, type CaServiceOptions, type ServiceClock } from './service';
export {
  MemoryPersistence, emptyState, parsePersistedState, PersistedStateError,
  type PersistedInstn, type PersistedProps, type PersistedState, type Persistence,
} from './persist';
export type { PersistedPoint } from './persist';
// Data (ca-data helper): retained data per instrumentation, value requests, heatmaps, colours, PNG.
export { Dataset, datasetArity, type DatasetArity, type DatasetOptions, type Distribution, type HeatmapSource, type RawValue } from './dataset';
export {
  DEFAULT_DURATION, parseValueParams, rawResponse, requestReady, respond, transformationsOf,
  type PointFields, type RawValueFields, type ValueKind, type ValuePoint, type ValueRequest,
} from './values';
export {
  autoscale, averageValue, cellsValue, detailsValue, heatmapPng, imageValue, parseHeatmapParams, percentileValue, rasterize, renderHeatmap, supportsHeatmap,
  type AverageValue, type CellsValue, type DetailsValue, type HeatmapKind, type HeatmapParams, type ImageValue, type PercentileValue, type Scale, type SparseCells,
} from './heatmap';
export { cellColor, defaultHues, hsvToRgb, HSV_VALUE, HUE_STEP, REST_HUE, SATURATION_MAX, WHITE } from './color';
export { base64Encode, encodeIndexedPng, encodePng, type EncodedPng, type IndexedImage, type RgbaImage } from './png';
