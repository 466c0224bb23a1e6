// renderHtml: one self-contained page with a summary, a sortable table in severity order and a section per
// feature; every name from the data escaped; no network references; the awkward reports render.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/index.js';
import { orderedFeatures, fmt } from '../../src/report/format.js';
import { edgeCase, fraudCase, HOSTILE, hostileCase, manyCase } from './fixtures.js';
import { compare } from '../../src/compare/compare.js';

const fraud = fraudCase();

/** The table's rows in document order: data-feature (decoded) and the row's HTML. */
function rows(html: string): { feature: string; html: string }[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr data-order="\d+"[^>]*data-feature="([^"]*)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({ feature: decode(m[1]!), html: m[2]! }));
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Section ids in document order. */
function sections(html: string): string[] {
  return [...html.matchAll(/<section class="feature card sev-\w+" id="([^"]+)">/g)].map((m) => m[1]!);
}

/** Every src= / href= / … attribute of a tag, and every url( / @import of the page. */
function references(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.matchAll(/<[a-z][a-z0-9-]*\s[^<>]*>/gi)) {
    for (const m of tag[0].matchAll(/\s(?:src|srcset|href|xlink:href|action|formaction|poster|data|background)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)) out.push(m[1]!.replace(/^["']|["']$/g, ''));
  }
  for (const m of html.matchAll(/url\(([^)]*)\)|@import\s+([^;]+)/gi)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

/** Fails with the surrounding text (not the whole page) when `re` matches. */
function absent(html: string, re: RegExp): void {
  const m = re.exec(html);
  expect(m ? `${re}: …${html.slice(Math.max(0, m.index - 120), m.index + 80)}…` : null).toBeNull();
}

function expectSelfContained(html: string): void {
  absent(html, /https?:\/\//i);
  absent(html, /["'(]\/\/[a-z0-9.-]+/i); // protocol-relative
  for (const ref of references(html)) expect(ref.startsWith('#') || ref.startsWith('data:'), `reference ${ref}`).toBe(true);
  expect(html.match(/<script\b/gi)).toHaveLength(1); // the page's own inline script, nothing else
  absent(html, /<script[^>]*\bsrc=/i);
  absent(html, /<(?:link|iframe|object|embed|img|video|audio|source|base|form)\b(?![^>]*rel="icon" href="data:,")/i);
  expect(html).toContain("default-src 'none'");
}

const NO_NAN = /\bNaN\b|\bundefined\b/;

describe('renderHtml: the fraud example', () => {
  const { report, reference, current } = fraud;
  const html = renderHtml(report, {
    reference, current, title: 'Fraud <model> & "co"', generatedAt: '2026-11-22T10:00:00Z',
    source: { reference: 'examples/fraud.profile.json', current: 'serving window <5000>' },
  });

  it('is one HTML document with inline CSS, script and SVG and no network references', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toMatch(/<svg class="chart/);
    expectSelfContained(html);
  });

  it('has a summary: drifted features of monitored, the dataset rule and verdict, timestamps, sources', () => {
    const summary = html.slice(html.indexOf('<section class="summary">'), html.indexOf('id="features"'));
    expect(report.driftedFeatures).toHaveLength(3);
    expect(summary).toContain('<strong>3</strong> of <strong>7</strong> features drifted (42.9%)');
    expect(summary).toContain('at least 50% of the monitored features');
    expect(summary).toContain(report.driftDetected ? 'Dataset drift detected' : 'No dataset drift');
    expect(summary).toContain('threshold 50%');
    expect(summary).toContain(report.timestamp.slice(0, 10));
    expect(summary).toContain('2026-11-22 10:00:00 UTC');
    expect(summary).toContain('examples/fraud.profile.json');
    expect(summary).toContain('serving window &lt;5000&gt;');
    expect(summary).toContain('50,000 rows');
    expect(html).toContain('<title>Fraud &lt;model&gt; &amp; &quot;co&quot;</title>');
    // the prediction's drift has its own tile
    expect(summary).toMatch(/prediction <a class="mono" href="#f-\d+-probability">probability<\/a>/);
  });

  it('lists the features in the table by severity, then score, each linked to its section', () => {
    const r = rows(html);
    const expected = orderedFeatures(report).map((f) => f.feature);
    expect(r.map((x) => x.feature)).toEqual(expected);
    expect(expected[0]).toBe('days_since_last_transaction'); // PSI 12, the highest critical
    const rank = { none: 0, moderate: 1, critical: 2 };
    const sev = expected.map((f) => rank[report.features[f]!.severity]);
    for (let i = 1; i < sev.length; i++) expect(sev[i]!).toBeLessThanOrEqual(sev[i - 1]!);
    const ids = sections(html);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    for (const row of r) {
      const href = /href="#([^"]+)"/.exec(row.html)![1]!;
      expect(ids).toContain(href);
      expect(html).toContain(`id="${href}"`);
    }
    // sections follow the table's order
    expect(ids.map((id) => r.find((x) => x.html.includes(`href="#${id}"`))!.feature)).toEqual(expected);
  });

  it('chi-square: the statistic column is χ², the p-value column and the signal the p-value', () => {
    const rep = (k: string, n: number) => Array.from({ length: n }, () => k);
    const report = compare({ c: [...rep('a', 30), ...rep('b', 20), ...rep('c', 10)] },
      { c: [...rep('a', 10), ...rep('b', 20), ...rep('c', 25), ...rep('d', 5)] }, { methods: { c: 'chisquare' } });
    const html = renderHtml(report);
    const row = html.slice(html.indexOf('<tr data-order'), html.indexOf('</tr>', html.indexOf('<tr data-order')));
    expect(row).toContain(`title="χ²">21.4<`);
    expect(row).toContain('>8.6e-5<');
    expect(html).toContain('p = 8.6e-5');
    expect(html).toMatch(/<dt>χ²<\/dt><dd>21\.4<\/dd>/);
  });

  it('shows the numbers: statistics, thresholds, severities, null shares, new categories, sparklines', () => {
    const r = Object.fromEntries(rows(html).map((x) => [x.feature, x.html]));
    for (const [name, f] of Object.entries(report.features)) {
      const row = r[name]!;
      expect(row).toContain(`>${fmt(f.statistic)}<`);
      expect(row).toContain(`≥ ${fmt(f.threshold.moderate)} / ${fmt(f.threshold.critical)}`);
      expect(row).toContain(`sev-${f.severity}`);
      expect(row).toMatch(/<svg class="spark"/);
    }
    expect(r.days_since_last_transaction).toContain('12.2');
    expect(r.days_since_last_transaction).toContain('critical');
    expect(r.distance_from_home).toContain('0% → 30.6%');
    expect(r.distance_from_home).toContain('null share'); // why it is critical
    expect(r.merchant_category).toMatch(/<span class="chip new" title="crypto">1<\/span>/);
    expect(r.transaction_amount).toContain('no drift');
  });

  it('has per feature: the distributions overlaid, ECDFs, PSI contributions, null share, categories', () => {
    const ids = sections(html);
    const section = (name: string) => {
      const id = ids.find((i) => i.endsWith(`-${name}`))!;
      const start = html.indexOf(`id="${id}"`);
      return html.slice(start, html.indexOf('</section>', start));
    };
    const days = section('days_since_last_transaction');
    expect(days).toMatch(/<svg class="chart hist"/);
    expect(days).toMatch(/<svg class="chart ecdf"/);
    expect(days).toMatch(/<svg class="chart contrib"/);
    expect(days).toContain('ECDF, step functions');
    expect(days).toContain('symmetric log scale'); // day counts against Unix timestamps
    expect(days).toMatch(/>1e9</); // a readable tick for 1.76e9 …
    expect(days).toMatch(/>10</); // … on the same axis as the day counts
    expect(days).toContain('+∞'); // the open outer bin
    expect(days).toContain('[13, +∞)'); // the bin that gained everything
    expect(days).toContain('1.7637e9'); // current quantiles, told apart from 1.7636e9
    expect(days).toContain('1.7636e9');
    absent(days, /\bNaN\b|\bundefined\b|Infinity/);
    const cat = section('merchant_category');
    expect(cat).toMatch(/<svg class="chart cats"/);
    expect(cat).toContain('crypto');
    expect(cat).toContain('tag-new');
    expect(cat).toContain('New categories');
    expect(cat).toContain('Missing categories');
    const dist = section('distance_from_home');
    expect(dist).toContain('Null share change');
    expect(dist).toContain('Δ 30.6%');
    absent(html, NO_NAN);
  });

  it('without profiles, the ECDFs come from cumulative bin proportions and say so', () => {
    const plain = renderHtml(report);
    expect(plain).toContain('from cumulative bin proportions');
    expect(plain.includes('ECDF, step functions')).toBe(false);
    expect(sections(plain)).toHaveLength(7);
    expectSelfContained(plain);
  });

  it('renders a report that went through JSON (NaN as null, ±Infinity edges as null)', () => {
    const round = JSON.parse(JSON.stringify(report));
    const again = renderHtml(round, { reference, current });
    expect(rows(again).map((x) => x.feature)).toEqual(rows(html).map((x) => x.feature));
    expect(again).toContain('[13, +∞)');
    absent(again, NO_NAN);
  });
});

describe('renderHtml: escaping', () => {
  const { report, reference, current } = hostileCase();
  const html = renderHtml(report, { reference, current, title: HOSTILE[0], source: { reference: HOSTILE[2]!, current: HOSTILE[1]! } });

  it('escapes feature names, category names, title and sources everywhere', () => {
    expectSelfContained(html);
    absent(html, /<script>alert/);
    absent(html, /<img/);
    absent(html, /<b>x/);
    absent(html, /<\/td><\/tr><\/table><b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&amp;&#39;');
    // every feature got its row and its section
    expect(rows(html).map((r) => r.feature).sort()).toEqual(Object.keys(report.features).sort());
    expect(sections(html)).toHaveLength(3);
    for (const id of sections(html)) expect(id).toMatch(/^f-\d+(-[a-z0-9_-]+)?$/);
    // attribute values never contain a raw quote: every attribute is well formed
    for (const m of html.matchAll(/<[a-z][^<>]*>/gi)) expect(m[0]).not.toMatch(/="[^"]*<|='/);
  });

  it('the new category named like a script tag is listed, escaped', () => {
    expect(report.features[HOSTILE[1]!]!.newCategories).toContain(HOSTILE[0]);
    expect(html).toContain('<span class="chip new">&lt;script&gt;alert(1)&lt;/script&gt;</span>');
  });
});

describe('renderHtml: awkward reports', () => {
  it('missing column, no current data, constant columns, infinite values, narrow timestamps', () => {
    const { report, reference, current } = edgeCase();
    expect(report.features.gone!.status).toBe('missing-in-current');
    expect(report.features.empty!.status).toBe('no-current-data');
    expect(report.features.empty_cat!.status).toBe('no-current-data');
    expect(report.features.constant!.bins!.edges).toEqual([-Infinity, Infinity]);
    for (const opts of [{ reference, current }, {}]) {
      const html = renderHtml(report, opts);
      expectSelfContained(html);
      expect(sections(html)).toHaveLength(Object.keys(report.features).length);
      absent(html, /\bNaN\b|\bundefined\b|Infinity/);
      expect(html).toContain('Column missing in current data.');
      expect(html).toContain('No current data (all values missing).');
      expect(html).toContain('(−∞, +∞)');
    }
    // with the profile, the missing feature still shows the reference's distribution
    const html = renderHtml(report, { reference, current });
    expect(html).toContain('reference (no current data)');
    // the timestamp feature's ticks are distinct and readable (not all "1.76e9")
    const id = sections(html).find((i) => i.endsWith('-unix_time'))!;
    const sec = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
    const charts = sec.split('<svg class="chart ').slice(1);
    expect(charts.map((c) => c.slice(0, c.indexOf('"')))).toEqual(['hist', 'contrib', 'ecdf']);
    for (const chart of charts) {
      const ticks = [...chart.matchAll(/<text class="ax"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!).filter((t) => t.includes('e9'));
      expect(ticks.length).toBeGreaterThan(2);
      expect(new Set(ticks).size).toBe(ticks.length);
    }
  });

  it('one feature, and 200 features', () => {
    const one = manyCase(1);
    const h1 = renderHtml(one.report, { reference: one.reference, current: one.current });
    expect(rows(h1)).toHaveLength(1);
    expect(sections(h1)).toHaveLength(1);
    const many = manyCase(200);
    const h200 = renderHtml(many.report, { reference: many.reference, current: many.current });
    const r = rows(h200);
    expect(r).toHaveLength(200);
    expect(sections(h200)).toHaveLength(200);
    expect(new Set(sections(h200)).size).toBe(200);
    expect(r.map((x) => x.feature)).toEqual(orderedFeatures(many.report).map((f) => f.feature));
    expect(r[0]!.html).toContain('critical');
    expect(h200.length).toBeLessThan(8_000_000);
    expectSelfContained(h200);
  });

  it('an empty report', () => {
    const html = renderHtml({
      timestamp: '2026-01-01T00:00:00.000Z', featuresMonitored: 0, driftDetected: false, driftedFeatures: [], driftShare: 0,
      datasetDriftThreshold: 0.5, correction: 'none', features: {},
    });
    expect(html).toContain('The report has no features.');
    expectSelfContained(html);
  });
});
