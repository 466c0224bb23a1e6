// renderTerminal(report): the drift report as a fixed-width table for a terminal or a log: features sorted by
// severity (critical first) then drift score, the deciding method and statistic, p-value, thresholds, the
// severity (ANSI-coloured when asked) and a sparkline of both distributions, then a summary line.
// Without colour the output is plain ASCII apart from the sparkline blocks. Browser-safe.
import { optionsObject } from '../errors.js';
import type { DriftReport, FeatureDrift } from '../compare/compare.js';
import { excludedText } from '../compare/roles.js';
import { binsOf, fmt, fmtP, fmtPct, METHOD_ASCII, num, orderedFeatures, squeeze } from './format.js';

export interface TerminalReportOptions {
  /** ANSI colours (default false). */
  color?: boolean;
  /** Line width in columns (default 120; at least 60). */
  width?: number;
}

const BLOCKS = '▁▂▃▄▅▆▇█';

const ANSI = {
  reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', green: '\u001b[32m',
  blue: '\u001b[34m', orange: '\u001b[38;5;208m', cyan: '\u001b[36m',
};

/** Unicode block sparklines of reference and current over the same scale. */
export function sparkPair(ref: number[], cur: number[]): [string, string] {
  const max = Math.max(1e-12, ...ref.filter(Number.isFinite), ...cur.filter(Number.isFinite));
  const line = (xs: number[]) => xs.map((p) => {
    if (!(p > 0)) return ' ';
    const k = Math.min(7, Math.max(0, Math.ceil((p / max) * 8) - 1));
    return BLOCKS[k]!;
  }).join('');
  return [line(ref), line(cur)];
}

/** Replace anything outside printable ASCII (names are data) so the table stays aligned and plain. */
function ascii(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

function clip(s: string, w: number): string {
  return s.length <= w ? s : w <= 3 ? s.slice(0, w) : `${s.slice(0, w - 3)}...`;
}

const pad = (s: string, w: number, right = false): string => (right ? s.padStart(w) : s.padEnd(w));

function thresholdText(f: FeatureDrift): string {
  const t = f.threshold;
  if (!t) return '-';
  const op = t.direction === 'lower' ? '<' : '>=';
  return `${op}${fmt(num(t.moderate), { ascii: true })}/${fmt(num(t.critical), { ascii: true })}`;
}

/** Why a feature is flagged beyond its distribution: null share, unseen categories, missing column. */
function noteOf(f: FeatureDrift): string {
  if (f.status === 'missing-in-current') return 'column missing in current';
  if (f.status === 'no-current-data') return 'no current data';
  if (f.status === 'no-reference-data') return 'no reference data';
  const bits: string[] = [];
  for (const s of f.signals ?? []) {
    if (s.severity === 'none') continue;
    if (s.kind === 'nullShare') bits.push(`null share ${fmtPct(num(f.referenceNullShare), { ascii: true })} -> ${fmtPct(num(f.currentNullShare), { ascii: true })}`);
    if (s.kind === 'newCategories') {
      const names = (f.newCategories ?? []).map(ascii);
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` +${names.length - 3} more` : '');
      bits.push(`new ${names.length === 1 ? 'category' : 'categories'} ${shown} (${fmtPct(num(f.newCategoryShare), { ascii: true })} of rows)`);
    }
  }
  return bits.join('; ');
}

/** Render a drift report as a terminal table with a summary line. */
export function renderTerminal(report: DriftReport, options: TerminalReportOptions = {}): string {
  optionsObject('renderTerminal', options);
  const color = options.color ?? false;
  const width = Math.max(60, Math.floor(num(options.width ?? 120)) || 120);
  const feats = orderedFeatures(report);
  const paint = (s: string, ...codes: string[]) => (color && codes.length ? `${codes.join('')}${s}${ANSI.reset}` : s);

  const rows = feats.map((f) => {
    const p = num(f.adjustedPValue ?? f.pValue);
    return {
      f,
      feature: ascii(f.feature),
      method: METHOD_ASCII[f.method] ?? ascii(String(f.method)),
      score: f.status && f.status !== 'ok' ? '-' : fmt(num(f.statistic), { ascii: true }),
      p: f.pValue !== undefined ? fmtP(p, { ascii: true }) : '-',
      thr: thresholdText(f),
      sev: f.severity === 'critical' || f.severity === 'moderate' ? f.severity : 'none',
      note: noteOf(f),
    };
  });

  // The fixed columns first (on a narrow line the threshold, then the p-value, give way); the feature name
  // and the sparklines share the rest.
  const GAP = 2;
  type Col = { head: string; w: number; right: boolean; get: (r: (typeof rows)[number]) => string };
  const col = (head: string, right: boolean, get: Col['get'], min: number): Col =>
    ({ head, right, get, w: Math.max(min, head.length, ...rows.map((r) => get(r).length)) });
  const method = col('method', false, (r) => r.method, 6);
  const score = col('score', true, (r) => r.score, 5);
  const pval = col('p-value', true, (r) => r.p, 7);
  const thr = col('threshold', false, (r) => r.thr, 9);
  const sev = col('severity', false, (r) => r.sev, 8);
  let fixed = [method, score, pval, thr, sev];
  const room = () => width - fixed.reduce((s, c) => s + c.w + GAP, 0);
  if (room() < 12) fixed = fixed.filter((c) => c !== thr);
  if (room() < 12) fixed = fixed.filter((c) => c !== pval);
  const avail = room();
  const longest = Math.max(7, ...rows.map((r) => r.feature.length));
  const maxBins = Math.max(0, ...feats.map((f) => binsOf(f)?.ref.length ?? 0));
  // the sparklines get up to 10 bins a side as long as at least 12 columns remain for the feature name
  let sparkBins = Math.min(10, maxBins, Math.floor((avail - Math.min(longest, 12) - GAP - 1) / 2));
  if (sparkBins < 3) sparkBins = 0;
  const wSpark = sparkBins ? 2 * sparkBins + 1 : 0;
  const wFeature = Math.max(4, Math.min(longest, avail - (wSpark ? wSpark + GAP : 0)));

  const join = (c: string[]) => c.join(' '.repeat(GAP)).replace(/\s+$/, '');
  const header = join([pad('feature', wFeature), ...fixed.map((c) => pad(c.head, c.w, c.right)), ...(wSpark ? [pad('ref|cur', wSpark)] : [])]);
  const rule = '-'.repeat(Math.min(width, wFeature + fixed.reduce((s, c) => s + c.w + GAP, 0) + (wSpark ? wSpark + GAP : 0)));
  const lines: string[] = [paint(header, ANSI.bold), rule];
  for (const r of rows) {
    const sevColor = r.f.severity === 'critical' ? [ANSI.red, ANSI.bold] : r.f.severity === 'moderate' ? [ANSI.yellow] : [ANSI.green];
    let spark = '';
    if (wSpark) {
      const b = binsOf(r.f);
      if (b && r.f.status === 'ok') {
        const sq = squeeze(b, sparkBins, b.kind === 'categories');
        const [a, c] = sparkPair(sq.ref, sq.cur);
        const fill = (x: string) => ' '.repeat(Math.max(0, sparkBins - x.length));
        spark = `${paint(a, ANSI.blue)}${fill(a)}|${paint(c, ANSI.orange)}${fill(c)}`;
      } else {
        spark = `${' '.repeat(sparkBins)}|${' '.repeat(sparkBins)}`;
      }
    }
    lines.push(join([
      pad(clip(r.feature, wFeature), wFeature),
      ...fixed.map((c) => (c === sev ? paint(pad(r.sev, c.w), ...sevColor) : pad(c.get(r), c.w, c.right))),
      ...(wSpark ? [spark] : []),
    ]));
    // why a feature is flagged beyond its distribution, on an indented line of its own
    if (r.note) lines.push(paint(clip(`  why: ${r.note}`, width), ANSI.dim));
  }
  if (!rows.length) lines.push('(no features)');
  lines.push(rule);

  const n = feats.length;
  const monitored = num(report.featuresMonitored) || n;
  const drifted = (report.driftedFeatures ?? feats.filter((f) => f.drifted).map((f) => f.feature)).length;
  const crit = feats.filter((f) => f.severity === 'critical').length;
  const mod = feats.filter((f) => f.severity === 'moderate').length;
  lines.push(clip(`${drifted} of ${monitored} features drifted (${fmtPct(num(report.driftShare), { ascii: true })}): ${crit} critical, ${mod} moderate`, width));
  const verdict = report.driftDetected ? paint('DATASET DRIFT DETECTED', ANSI.red, ANSI.bold) : paint('no dataset drift', ANSI.green);
  lines.push(`${verdict} (rule: drifted share >= ${fmtPct(num(report.datasetDriftThreshold), { ascii: true })})`);
  // columns that are not features: why they are not in the table
  if (report.excluded?.length) lines.push(clip(`excluded: ${ascii(excludedText(report.excluded))}`, width));
  const tc = report.timeColumn;
  if (tc) {
    const span = (label: string, s: NonNullable<typeof tc.current>) => clip(
      `  ${label.padEnd(9)}  ${s.min} .. ${s.max}  ${s.rows.toLocaleString('en-US')} rows over ${s.days} day${s.days === 1 ? '' : 's'} (${fmt(s.rowsPerDay, { ascii: true })}/day)`, width);
    lines.push(clip(`time column ${ascii(tc.column)}${tc.reference || tc.current ? '' : ': no values'}`, width));
    if (tc.reference) lines.push(span('reference', tc.reference));
    if (tc.current) lines.push(span('current', tc.current));
  }
  if (report.predictionDrift) {
    const pf = report.predictionDrift;
    lines.push(clip(`prediction ${ascii(pf.feature)}: ${pf.severity === 'critical' || pf.severity === 'moderate' ? pf.severity : 'no drift'}`, width));
  }
  return lines.join('\n') + '\n';
}
