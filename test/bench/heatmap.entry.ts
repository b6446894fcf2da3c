// What the heatmap benchmark (heatmap.bench.mjs) needs from the pure core, in one bundle.
export { Dataset } from '../../src/ca/dataset';
export { cellsValue, imageValue, parseHeatmapParams } from '../../src/ca/heatmap';
export { parseValueParams } from '../../src/ca/values';
