// renderTerminal: features by severity then score, the columns, a summary line; plain ASCII (but for the
// sparkline blocks) and no escape codes without colour, even when feature names carry them.
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/index.js';
import { orderedFeatures } from '../../src/report/format.js';
import { edgeCase, fraudCase, hostileCase, manyCase } from './fixtures.js';
import { compare } from '../../src/compare/compare.js';
import { driftReportJson } from '../../src/report/json.js';

const fraud = fraudCase();
const ESC = '\u001b';
const BLOCKS = '▁▂▃▄▅▆▇█';
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** The table's data lines: those between the two rules, without the indented "why" lines. */
function tableLines(out: string): string[] {
  const lines = out.split('\n');
  const a = lines.findIndex((l) => /^-{20,}$/.test(strip(l)));
  const b = lines.findIndex((l, i) => i > a && /^-{20,}$/.test(strip(l)));
  return lines.slice(a + 1, b).filter((l) => !l.startsWith('  ') && !strip(l).startsWith('  '));
}

describe('renderTerminal', () => {
  it('chi-square: the score column is the χ² statistic, the p-value column its p-value (and the JSON says the same)', () => {
    const rep = (k: string, n: number) => Array.from({ length: n }, () => k);
    // table [[30, 20, 10, 0], [10, 20, 25, 5]]: SciPy's chi2_contingency gives 21.428571… (150/7), p = 8.576e-05
    const report = compare({ c: [...rep('a', 30), ...rep('b', 20), ...rep('c', 10)] },
      { c: [...rep('a', 10), ...rep('b', 20), ...rep('c', 25), ...rep('d', 5)] }, { methods: { c: 'chisquare' } });
    const row = tableLines(renderTerminal(report))[0]!;
    expect(row).toMatch(/^c\s+chisquare\s+21\.4\s+8\.6e-5\s+<0\.05\/0\.001\s+critical\b/);
    const doc = driftReportJson(report).features.c;
    expect(doc.statistic).toBeCloseTo(150 / 7, 12);
    expect(doc.p_value).toBe(report.features.c.pValue);
    expect(doc.scores.chisquare_p_value).toBe(report.features.c.pValue);
    expect(doc.signals.find((g) => g.kind === 'distribution')).toEqual({ kind: 'distribution', value: report.features.c.pValue, severity: 'critical' });
  });

  it('lists features critical first, then by score, with the columns and a summary line', () => {
    const out = renderTerminal(fraud.report, { width: 120 });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^feature\s+method\s+score\s+p-value\s+threshold\s+severity\s+ref\|cur$/);
    const rows = tableLines(out);
    const order = orderedFeatures(fraud.report).map((f) => f.feature);
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(order);
    expect(order[0]).toBe('days_since_last_transaction');
    const days = rows[0]!;
    expect(days).toMatch(/^days_since_last_transaction\s+psi\s+12\.2\s+-\s+>=0\.1\/0\.25\s+critical\s+[▁▂▃▄▅▆▇█ ]+\|[▁▂▃▄▅▆▇█ ]+$/);
    // severity order: every critical before every non-critical
    const sev = rows.map((l) => (/\scritical\s/.test(l) ? 2 : /\smoderate\s/.test(l) ? 1 : 0));
    for (let i = 1; i < sev.length; i++) expect(sev[i]!).toBeLessThanOrEqual(sev[i - 1]!);
    // why distance_from_home is critical although its PSI is small
    expect(out).toContain('  why: null share 0% -> 30.6%');
    expect(out).toContain('  why: new category crypto (19.7% of rows)');
    expect(out).toContain('3 of 7 features drifted (42.9%): 3 critical, 0 moderate');
    expect(out).toMatch(/no dataset drift \(rule: drifted share >= 50%\)/);
    expect(out).toContain('prediction probability: no drift');
  });

  it('the sparkline shows the timestamps piling into the last bin', () => {
    const days = tableLines(renderTerminal(fraud.report))[0]!;
    const [ref, cur] = days.slice(days.lastIndexOf('  ') + 2).split('|');
    expect(cur!.trimEnd().endsWith('█')).toBe(true);
    expect(cur!.trimEnd().slice(0, -1)).toMatch(/^▁+$/);
    expect(ref!.trim()).not.toContain('█');
  });

  it('without colour: no escape codes and ASCII only, but for the sparkline blocks', () => {
    for (const c of [fraudCase(), hostileCase(), edgeCase()]) {
      const out = renderTerminal(c.report, { color: false });
      expect(out.includes(ESC)).toBe(false);
      for (const ch of out) expect(ch === '\n' || (ch >= ' ' && ch <= '~') || BLOCKS.includes(ch), `char ${JSON.stringify(ch)}`).toBe(true);
    }
    // colour is off by default
    expect(renderTerminal(fraud.report).includes(ESC)).toBe(false);
  });

  it('a feature name carrying escape codes cannot colour the terminal', () => {
    const r = structuredClone(fraud.report);
    const name = '\u001b[31mred\u001b[0m\u0007';
    r.features[name] = { ...r.features.transaction_amount!, feature: name };
    const out = renderTerminal(r, { color: false });
    expect(out.includes(ESC)).toBe(false);
    expect(out.includes('\u0007')).toBe(false);
    expect(out).toContain('?[31mred?[0m?');
  });

  it('with colour: severities coloured, same text once the codes are stripped', () => {
    const plain = renderTerminal(fraud.report, { color: false, width: 110 });
    const color = renderTerminal(fraud.report, { color: true, width: 110 });
    expect(color).toContain(`${ESC}[31m${ESC}[1mcritical`);
    expect(color).toContain(`${ESC}[32mnone`);
    expect(strip(color)).toBe(plain);
  });

  it('fits the width: feature names clipped, sparklines dropped when there is no room', () => {
    const long = structuredClone(fraud.report);
    const name = 'a_very_long_feature_name_that_goes_on_and_on_and_on_for_a_while';
    long.features[name] = { ...long.features.transaction_hour!, feature: name };
    for (const width of [60, 80, 100, 140]) {
      const out = renderTerminal(long, { width });
      for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
    }
    const narrow = renderTerminal(long, { width: 60 });
    expect(narrow).not.toContain('|'); // no room for sparklines
    expect(narrow).toMatch(/a_very_long\S*\.\.\./);
    expect(renderTerminal(long, { width: 200 })).toContain(name);
  });

  it('missing column and no data: a dash for the score and the status as the reason', () => {
    const { report } = edgeCase();
    const out = renderTerminal(report);
    const rows = tableLines(out);
    const gone = rows.find((l) => l.startsWith('gone '))!;
    expect(gone).toMatch(/^gone\s+\w+\s+-\s+-\s+\S+\s+critical/);
    expect(out).toContain('  why: column missing in current');
    expect(out).toContain('  why: no current data');
  });

  it('one feature, 200 features, none', () => {
    expect(tableLines(renderTerminal(manyCase(1).report))).toHaveLength(1);
    const many = manyCase(200).report;
    expect(tableLines(renderTerminal(many)).map((l) => l.split(/\s+/)[0])).toEqual(orderedFeatures(many).map((f) => f.feature));
    const empty = renderTerminal({
      timestamp: '2026-01-01T00:00:00.000Z', featuresMonitored: 0, driftDetected: false, driftedFeatures: [], driftShare: 0,
      datasetDriftThreshold: 0.5, correction: 'none', features: {},
    });
    expect(empty).toContain('(no features)');
    expect(empty).toContain('0 of 0 features drifted');
  });
});
