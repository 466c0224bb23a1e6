// Drift report renderers: a self-contained HTML page and a terminal table. Browser-safe (no Node built-ins).
export { renderHtml, type HtmlReportOptions } from './html.js';
export { renderTerminal, type TerminalReportOptions } from './terminal.js';
export {
  driftReportJson, featureDriftJson, jsonNumber, fromJsonNumber, DRIFT_REPORT_SCHEMA_VERSION,
  type DriftReportJson, type FeatureDriftJson, type SignalJson, type SignalKindJson, type BinsJson, type SampleCountsJson, type JsonNumber,
  type ExcludedColumnJson, type TimeColumnJson, type TimeSpanJson,
} from './json.js';
