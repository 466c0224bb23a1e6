// The timeline's reports: timelineJson() (snake_case, schema_version "1.1", docs/json-output.md § timeline) and
// renderTimeline(), a terminal heat map (feature × chunk, one character per chunk); timelineHtml() is in html.ts.
// Browser-safe.
import type { Severity } from '../compare/policy.js';
import { jsonNumber, type JsonNumber } from '../report/json.js';
import type { Timeline } from './timeline.js';

/** The timeline JSON shape's version (docs/json-output.md § timeline). */
export const TIMELINE_SCHEMA_VERSION = '1.1';

/** One feature in one chunk, as JSON. */
export interface TimelineCellJson {
  method: string;
  /** null: not measured (see status); ±Infinity as strings, as in the drift report (docs/json-output.md). */
  statistic: JsonNumber | null;
  p_value: JsonNumber | null;
  drifted: boolean;
  severity: Severity;
  status: string;
}

/** One chunk, as JSON. */
export interface TimelineChunkJson {
  label: string;
  period: 'reference' | 'analysis';
  start: string | null;
  end: string | null;
  rows: number;
  drifted_features: string[];
  drift_share: number;
  dataset_drift: boolean;
  features: Record<string, TimelineCellJson>;
}

/** The timeline as JSON: snake_case, schema_version "1.1" (docs/json-output.md § timeline). */
export interface TimelineJson {
  schema_version: string;
  time_column: string | null;
  every: string | number;
  /** The calendar periods' IANA time zone ("UTC" by default; 1.1). */
  time_zone: string;
  thresholds: 'fixed' | 'reference';
  features: string[];
  reference_rows: number;
  rows_without_time: number;
  dataset_drift_threshold: number;
  /** 'reference' thresholds per feature, else null. */
  limits: Record<string, { method: string; mean: JsonNumber | null; std: JsonNumber | null; lower: JsonNumber | null; upper: JsonNumber | null; chunks: number }> | null;
  excluded: { column: string; reason: string }[];
  chunks: TimelineChunkJson[];
}

// the drift report's number rule: finite numbers as they are, ±Infinity as "Infinity" / "-Infinity", NaN null
const num = (x: number | undefined): JsonNumber | null => jsonNumber(x);

/** The timeline as JSON (snake_case; numbers by the drift report's rule: ±Infinity as strings, NaN null). */
export function timelineJson(t: Timeline): TimelineJson {
  return {
    schema_version: TIMELINE_SCHEMA_VERSION, time_column: t.time ?? null, every: t.every, time_zone: t.tz ?? 'UTC', thresholds: t.thresholds, features: t.features,
    reference_rows: t.referenceRows, rows_without_time: t.rowsWithoutTime, dataset_drift_threshold: t.datasetDriftThreshold,
    limits: t.limits
      ? Object.fromEntries(Object.entries(t.limits).map(([f, l]) => [f, { method: l.method, mean: num(l.mean), std: num(l.std), lower: num(l.lower), upper: num(l.upper), chunks: l.chunks }]))
      : null,
    excluded: t.excluded.map((e) => ({ column: e.column, reason: e.reason })),
    chunks: t.chunks.map((c) => ({
      label: c.label, period: c.period, start: c.start ?? null, end: c.end ?? null, rows: c.rows,
      drifted_features: c.driftedFeatures, drift_share: c.driftShare, dataset_drift: c.datasetDrift,
      features: Object.fromEntries(Object.entries(c.features).map(([f, x]) => [f, {
        method: x.method, statistic: num(x.statistic), p_value: num(x.pValue), drifted: x.drifted, severity: x.severity, status: x.status,
      }])),
    })),
  };
}

const ANSI = { reset: '\u001b[0m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', bold: '\u001b[1m' };

/** One heat-map cell: '.' no drift, 'm' moderate, 'C' critical, ' ' no data (not measured, or no rows in the chunk). */
export function cellChar(severity: Severity, measured: boolean): string {
  if (!measured) return ' ';
  return severity === 'critical' ? 'C' : severity === 'moderate' ? 'm' : '.';
}

/**
 * The timeline as a terminal heat map: a row per feature and a 'dataset' row ('D' dataset drift), a character
 * per chunk, reference chunks left of the '|'; then the chunks with their labels, rows and drifted features.
 */
export function renderTimeline(t: Timeline, o: { color?: boolean } = {}): string {
  const paint = (s: string, c: string) => (o.color && s.trim() ? `${c}${s}${ANSI.reset}` : s);
  const colour = (ch: string) => (ch === 'C' || ch === 'D' ? paint(ch, ANSI.red) : ch === 'm' ? paint(ch, ANSI.yellow) : ch === '.' ? paint(ch, ANSI.dim) : ch);
  const refN = t.chunks.filter((c) => c.period === 'reference').length;
  const w = Math.max(7, ...t.features.map((f) => f.length));
  const row = (name: string, chars: string[]) => `${name.padEnd(w)}  ${chars.slice(0, refN).map(colour).join('')}|${chars.slice(refN).map(colour).join('')}`;
  const lines: string[] = [];
  const first = (p: string) => t.chunks.find((c) => c.period === p)?.label, last = (p: string) => t.chunks.filter((c) => c.period === p).at(-1)?.label;
  const n = (x: number, one: string) => `${x.toLocaleString('en-US')} ${one}${x === 1 ? '' : 's'}`;
  lines.push(`driftkit timeline: ${n(t.chunks.length - refN, 'analysed chunk')} (every ${t.every}${t.tz ? `, ${t.tz}` : ''}) against a reference of ${n(t.referenceRows, 'row')}` +
    ` in ${n(refN, 'chunk')}; thresholds ${t.thresholds}`);
  lines.push(`${''.padEnd(w)}  ${(refN >= 3 ? 'ref' : refN === 0 ? '' : 'r').padEnd(refN)}|${first('analysis') ?? ''}${last('analysis') && last('analysis') !== first('analysis') ? ` .. ${last('analysis')}` : ''}`);
  for (const f of t.features) lines.push(row(f, t.chunks.map((c) => cellChar(c.features[f].severity, c.features[f].status === 'ok'))));
  lines.push(row('dataset', t.chunks.map((c) => (c.rows === 0 ? ' ' : c.datasetDrift ? 'D' : '.'))));
  lines.push(`legend: . no drift  m moderate  C critical  (blank) no data  D dataset drift (>= ${Math.round(t.datasetDriftThreshold * 100)}% of features)`);
  lines.push('');
  const lw = Math.max(12, ...t.chunks.map((c) => c.label.length));
  for (const c of t.chunks) {
    lines.push(`${c.label.padEnd(lw)} ${c.period === 'reference' ? 'reference' : 'analysis '} ${c.rows.toLocaleString('en-US').padStart(10)} rows  ` +
      (c.rows === 0 ? 'no data' : c.driftedFeatures.length ? `${c.datasetDrift ? paint('dataset drift', ANSI.red) + ': ' : ''}${c.driftedFeatures.join(', ')}` : 'no drift'));
  }
  if (t.limits) {
    lines.push('');
    for (const f of t.features) { const l = t.limits[f]; lines.push(`${f.padEnd(w)}  ${l.method} statistic upper limit ${l.upper.toPrecision(4)} (mean ${l.mean.toPrecision(4)} + 3 × σ ${l.std.toPrecision(4)}, over ${n(l.chunks, 'reference chunk')})`); }
  }
  return lines.join('\n') + '\n';
}
