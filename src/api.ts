/**
 * What `import … from 'algoagent'` gives a strategy file and a script: the engine plus data loading.
 * Bundled as dist/algoagent.js.
 */
export * from './engine';
export { CsvError, loadCsv, parseCsv } from './data/csv';
export { SAMPLE_LABEL, sampleBars } from './data/sample';
