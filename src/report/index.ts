// Drift report renderers: a self-contained HTML page and a terminal table. Browser-safe (no Node built-ins).
export { renderHtml, type HtmlReportOptions } from './html.js';
export { renderTerminal, type TerminalReportOptions } from './terminal.js';
