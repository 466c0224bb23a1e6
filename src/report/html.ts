// renderHtml(report): one self-contained HTML page for a DriftReport: no network (a Content-Security-Policy
// forbids it), inline CSS, a small inline script (table sorting and filtering) and inline SVG charts.
// Everything taken from the data (feature and category names, sources, titles) is escaped.
// Browser-safe: no Node built-ins.
import { optionsObject } from '../errors.js';
import type { DriftReport, FeatureDrift, Signal } from '../compare/compare.js';
import { REASON_LABEL, type TimeSpan } from '../compare/roles.js';
import type { FeatureProfile, NumericProfile, ReferenceProfile } from '../profile/types.js';
import {
  binsOf, edgesOf, esc, fmt, fmtP, fmtPct, METHOD_LABEL, num, orderedFeatures, squeeze, tickLabels, STATISTIC_LABEL, STATUS_TEXT, type Bins,
} from './format.js';
import {
  binEcdfChart, binRange, categoryChart, contributionsChart, ecdfChart, histogramChart, MAX_CATEGORY_ROWS, sparkline, stepsFromSample,
} from './svg.js';

export interface HtmlReportOptions {
  /** The reference profile the report was computed from: exact ECDFs from its sample, quantiles, ranges. */
  reference?: ReferenceProfile;
  /** The current window as a profile (same edges): its ECDFs and quantiles. */
  current?: ReferenceProfile;
  /** Page title (default "Data drift report"). */
  title?: string;
  /** When the page was rendered (shown next to the report's own timestamp). */
  generatedAt?: string | Date;
  /** Where the two sides came from (file names, windows, …), shown in the header. */
  source?: { reference: string; current: string };
}

const METHOD_SHORT: Record<string, string> = { psi: 'PSI', ks: 'KS', wasserstein: 'Wasserstein', jensenshannon: 'JS', chisquare: 'χ²' };

const SEV_TEXT: Record<string, string> = { none: 'no drift', moderate: 'moderate', critical: 'critical' };

export function badge(sev: string, extra = ''): string {
  const s = SEV_TEXT[sev] ? sev : 'none';
  return `<span class="badge sev-${s}"${extra}><i></i>${esc(SEV_TEXT[s])}</span>`;
}

export function when(t: string | Date | undefined): string {
  if (t === undefined || t === null || t === '') return '';
  const d = t instanceof Date ? t : new Date(String(t));
  if (Number.isNaN(d.getTime())) return String(t);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);

function thresholdText(f: FeatureDrift, ascii = false): string {
  const t = f.threshold;
  if (!t) return '—';
  const op = t.direction === 'lower' ? '<' : ascii ? '>=' : '≥';
  return `${op} ${fmt(num(t.moderate))} / ${fmt(num(t.critical))}`;
}

function signalName(s: Signal, f: FeatureDrift): string {
  switch (s.kind) {
    case 'distribution': return f.threshold?.direction === 'lower'
      ? `Distribution · ${METHOD_LABEL[f.method] ?? f.method}, ${f.adjustedPValue !== undefined ? 'adjusted p-value' : 'p-value'}`
      : `Distribution · ${STATISTIC_LABEL[f.method] ?? f.method}`;
    case 'nullShare': return 'Null share change';
    case 'newCategories': return 'New categories (share of current rows)';
    case 'missingColumn': return 'Column missing in current data';
    case 'noData': return STATUS_TEXT[f.status] ?? 'No data';
    default: return String(s.kind);
  }
}

function signalValue(s: Signal, f: FeatureDrift): string {
  const v = num(s.value);
  switch (s.kind) {
    case 'distribution': return f.threshold?.direction === 'lower' ? `p = ${fmtP(v)}` : fmt(v);
    case 'nullShare': return `Δ ${fmtPct(v)}`;
    case 'newCategories': return fmtPct(v);
    default: return '';
  }
}

function signalDetail(s: Signal, f: FeatureDrift): string {
  if (s.kind === 'distribution' && f.threshold) {
    const op = f.threshold.direction === 'lower' ? '<' : '≥';
    return `moderate ${op} ${fmt(num(f.threshold.moderate))} · critical ${op} ${fmt(num(f.threshold.critical))}`;
  }
  if (s.kind === 'nullShare') return `${fmtPct(num(f.referenceNullShare))} → ${fmtPct(num(f.currentNullShare))}`;
  if (s.kind === 'newCategories') return `${(f.newCategories ?? []).length} unseen ${(f.newCategories ?? []).length === 1 ? 'category' : 'categories'}`;
  return '';
}

/** Which signal made the feature's severity, when it is not the distribution itself. */
function drivers(f: FeatureDrift): string {
  const worst = (f.signals ?? []).filter((s) => s.severity === f.severity && s.severity !== 'none');
  if (!worst.length || worst.some((s) => s.kind === 'distribution')) return '';
  const name: Record<string, string> = { nullShare: 'null share', newCategories: 'new categories', missingColumn: 'missing column', noData: 'no data' };
  return worst.map((s) => name[s.kind] ?? s.kind).join(', ');
}

function refBins(p: FeatureProfile | undefined): Bins | undefined {
  if (!p) return undefined;
  if (p.kind === 'numeric') {
    const total = p.binCounts.reduce((s, c) => s + c, 0);
    if (!(total > 0)) return undefined;
    return { kind: 'edges', edges: edgesOf(p.edges), categories: [], ref: p.binCounts.map((c) => c / total), cur: [], contrib: [] };
  }
  const entries = Object.entries(p.categories ?? {});
  const total = entries.reduce((s, [, c]) => s + c, 0);
  if (!(total > 0)) return undefined;
  return { kind: 'categories', edges: [], categories: entries.map(([k]) => k), ref: entries.map(([, c]) => c / total), cur: [], contrib: [] };
}

function numericProfile(p: ReferenceProfile | undefined, name: string): NumericProfile | undefined {
  const f = p?.features?.[name];
  return f && f.kind === 'numeric' ? f : undefined;
}

function chipList(items: string[], cls: string, max = 60): string {
  if (!items.length) return '<span class="muted">none</span>';
  const shown = items.slice(0, max).map((c) => `<span class="chip ${cls}">${esc(c)}</span>`).join('');
  return shown + (items.length > max ? `<span class="muted"> +${items.length - max} more</span>` : '');
}

/** The current null share; none when the column is missing from the current data. */
const curNulls = (f: FeatureDrift): number => (f.status === 'missing-in-current' ? NaN : num(f.currentNullShare));

function metricsOf(f: FeatureDrift): [string, string, string?][] {
  const m: [string, string, string?][] = [];
  m.push(['Reference rows', fmt(num(f.referenceCount), { sig: 9 })]);
  m.push(['Current rows', fmt(num(f.currentCount), { sig: 9 })]);
  m.push(['Null share', `${fmtPct(num(f.referenceNullShare))} → ${fmtPct(curNulls(f))}`]);
  const s = f.scores ?? {};
  if (s.psi !== undefined) m.push(['PSI', fmt(num(s.psi)), 'Population stability index over the bins']);
  if (s.ks !== undefined) m.push(['KS D', fmt(num(s.ks)), 'Largest gap between the two ECDFs']);
  if (f.method === 'chisquare' && f.status === 'ok') m.push(['χ²', fmt(num(f.statistic)), 'Chi-square statistic of the reference × current contingency table']);
  if (f.pValue !== undefined) m.push([f.adjustedPValue !== undefined ? 'p-value (raw)' : 'p-value', fmtP(num(f.pValue))]);
  if (f.adjustedPValue !== undefined) m.push(['p-value (adjusted)', fmtP(num(f.adjustedPValue))]);
  if (s.wasserstein !== undefined) m.push(['Wasserstein', fmt(num(s.wasserstein)), 'Earth mover’s distance, in the feature’s units']);
  if (s.wassersteinNormalized !== undefined) m.push(['Wasserstein / σ', fmt(num(s.wassersteinNormalized)), 'Divided by the reference standard deviation']);
  if (s.jsDistance !== undefined) m.push(['JS distance', fmt(num(s.jsDistance)), 'Jensen–Shannon distance (base e)']);
  if (s.chisquarePValue !== undefined && f.method !== 'chisquare') m.push(['χ² p-value', fmtP(num(s.chisquarePValue))]);
  if (f.newCategoryShare !== undefined) m.push(['New-category rows', fmtPct(num(f.newCategoryShare))]);
  return m;
}

function topMoves(bins: Bins, k = 3): string {
  const idx = bins.contrib.map((c, i) => [Number.isFinite(c) ? c : 0, i] as const).filter(([c]) => c > 0).sort((a, b) => b[0] - a[0]).slice(0, k);
  if (!idx.length) return '';
  const total = bins.contrib.reduce((s, c) => s + (Number.isFinite(c) && c > 0 ? c : 0), 0);
  const li = idx.map(([c, i]) => {
    const where = bins.kind === 'categories' ? `<span class="mono">${esc(bins.categories[i])}</span>` : `<span class="mono">${esc(binRange(bins.edges, i))}</span>`;
    const dir = bins.cur[i]! >= bins.ref[i]! ? 'up' : 'down';
    return `<li>${where}<span class="mv"><span class="ref-t">${esc(fmtPct(bins.ref[i]!))}</span> → <span class="cur-t">${esc(fmtPct(bins.cur[i]!))}</span></span><span class="contrib-t ${dir}">+${esc(fmt(c))}${total > 0 ? ` <small>(${esc(fmtPct(c / total, { digits: 0 }))} of PSI)</small>` : ''}</span></li>`;
  }).join('');
  return `<ol class="moves">${li}</ol>`;
}

function quantileTable(r: NumericProfile | undefined, c: NumericProfile | undefined): string {
  if (!r && !c) return '';
  const probs = [...new Set([...(r?.quantiles?.probs ?? []), ...(c?.quantiles?.probs ?? [])].map(num))].filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: NumericProfile | undefined, pr: number) => {
    const i = p?.quantiles?.probs?.findIndex((x) => num(x) === pr) ?? -1;
    return i < 0 ? NaN : num(p!.quantiles.values[i]);
  };
  const name = (pr: number) => (pr === 0 ? 'min' : pr === 1 ? 'max' : pr === 0.5 ? 'median' : `p${fmt(pr * 100, { sig: 4 })}`);
  const rows: [string, number, number][] = probs.map((pr) => [name(pr), q(r, pr), q(c, pr)]);
  rows.push(['mean', num(r?.mean), num(c?.mean)]);
  rows.push(['std', Math.sqrt(num(r?.variance)), Math.sqrt(num(c?.variance))]);
  // labels per column with enough digits to tell neighbouring quantiles apart (1.7637e9 vs 1.7638e9)
  const col = (k: 1 | 2) => {
    const qs = rows.slice(0, probs.length).map((row) => row[k]);
    return [...tickLabels(qs, { minSig: 4 }), ...rows.slice(probs.length).map((row) => fmt(row[k], { sig: 4 }))];
  };
  const ca = col(1), cb = col(2);
  const body = rows.map(([n], i) => `<tr><th>${esc(n)}</th><td>${esc(ca[i])}</td><td>${esc(cb[i])}</td></tr>`).join('');
  const exact = [r, c].every((p) => !p || p.quantilesExact);
  return `<table class="qt"><thead><tr><th></th><th><i class="sw ref"></i>reference</th><th><i class="sw cur"></i>current</th></tr></thead><tbody>${body}</tbody></table>`
    + (exact ? '' : '<p class="note">Some quantiles are estimated from merged samples.</p>');
}

function categoryTable(bins: Bins, newCats: Set<string>, missing: Set<string>): string {
  const n = bins.ref.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (bins.contrib[b] ?? 0) - (bins.contrib[a] ?? 0));
  const rows = order.slice(0, 12).map((i) => {
    const name = bins.categories[i]!;
    const tag = newCats.has(name) ? ' <span class="chip new">new</span>' : missing.has(name) ? ' <span class="chip missing">missing</span>' : '';
    return `<tr><th class="mono">${esc(name)}${tag}</th><td>${esc(fmtPct(bins.ref[i]!))}</td><td>${esc(fmtPct(bins.cur[i]!))}</td><td>${esc(fmt(bins.contrib[i]!))}</td></tr>`;
  }).join('');
  return `<table class="qt"><thead><tr><th>category</th><th><i class="sw ref"></i>ref</th><th><i class="sw cur"></i>cur</th><th>PSI</th></tr></thead><tbody>${rows}</tbody></table>`
    + (n > 12 ? `<p class="note">The 12 categories with the largest PSI contributions of ${n}.</p>` : '');
}

export function figure(caption: string, body: string, note = '', cls = ''): string {
  return `<figure class="fig ${cls}"><figcaption>${caption}</figcaption><div class="chart-wrap">${body}</div>${note ? `<p class="note">${note}</p>` : ''}</figure>`;
}

function sampleNote(label: string, p: NumericProfile): string {
  const distinct = p.sample.values.length;
  return p.sample.exact ? `${label}: every value` : `${label}: a sample of ${fmt(distinct, { sig: 9 })} distinct values`;
}

function featureSection(f: FeatureDrift, id: string, opts: HtmlReportOptions, prediction: boolean): string {
  const name = f.feature;
  const rp = opts.reference?.features?.[name];
  const sev = SEV_TEXT[f.severity] ? f.severity : 'none';
  const bins = binsOf(f);
  let charts = '';
  if (f.status !== 'ok' || !bins) {
    const rb = refBins(rp);
    const msg = f.status !== 'ok' ? STATUS_TEXT[f.status] ?? f.status : 'no binned distributions in the report';
    charts += `<div class="alert sev-${sev === 'none' ? 'moderate' : sev}"><strong>${esc(msg.charAt(0).toUpperCase() + msg.slice(1))}.</strong> ${f.status === 'missing-in-current'
      ? 'The current data has no column of this name: check the pipeline or the feature mapping.'
      : f.status === 'no-current-data' ? 'Every current value of this feature is missing.' : f.status === 'no-reference-data' ? 'The reference holds no values of this feature.' : ''}</div>`;
    if (rb) {
      const t = `Reference distribution of ${name}`;
      charts += `<div class="grid2">${figure('Reference distribution', rb.kind === 'categories' ? categoryChart(rb, { title: t }) : histogramChart(rb, { title: t }))}</div>`;
    }
  } else if (bins.kind === 'categories') {
    const newCats = f.newCategories ?? [], miss = f.missingCategories ?? [];
    const chart = categoryChart(bins, { title: `Category shares of ${name}, reference vs current`, newCategories: newCats, missingCategories: miss });
    const more = bins.ref.length > MAX_CATEGORY_ROWS ? `The ${MAX_CATEGORY_ROWS - 1} largest categories of ${bins.ref.length}; the rest are summed in the last row.` : '';
    charts += `<div class="grid2 wide-left">`
      + figure('Category shares <span class="muted">· and each category’s PSI contribution</span>', chart, more)
      + `<div class="side">`
      + `<div class="panel"><h4>New categories <span class="muted">(not in the reference)</span></h4><div class="chips">${chipList(newCats, 'new')}</div>`
      + (f.newCategoryShare !== undefined ? `<p class="note">${esc(fmtPct(num(f.newCategoryShare)))} of current rows.</p>` : '') + `</div>`
      + `<div class="panel"><h4>Missing categories <span class="muted">(none in current)</span></h4><div class="chips">${chipList(miss, 'missing')}</div></div>`
      + `<div class="panel"><h4>Largest moves</h4>${categoryTable(bins, new Set(newCats), new Set(miss))}</div>`
      + `</div></div>`;
  } else {
    const r = numericProfile(opts.reference, name), c = numericProfile(opts.current, name);
    let rangeNote = '';
    const openEnds = bins.edges.length > 1 && (!Number.isFinite(bins.edges[0]!) || !Number.isFinite(bins.edges[bins.edges.length - 1]!));
    if (r || c) {
      const range = (p: NumericProfile | undefined, label: string) => {
        if (!p || !Number.isFinite(num(p.min))) return '';
        const [lo, hi] = tickLabels([num(p.min), num(p.max)], { minSig: 4 });
        return `${label} ${esc(lo)} to ${esc(hi)}`;
      };
      rangeNote = [range(r, 'reference'), range(c, 'current')].filter(Boolean).join(' · ');
      if (rangeNote) rangeNote = `Range: ${rangeNote}.`;
    }
    const histNote = `${openEnds ? 'Outer bins are open-ended. ' : ''}${rangeNote}`;
    const hist = figure('Distribution <span class="muted">· share of rows per reference bin</span>', histogramChart(bins, { title: `Distribution of ${name} over the reference bins, reference vs current` }), histNote);
    const contrib = figure('PSI contribution per bin <span class="muted">· where the distribution moved</span>', contributionsChart(bins, { title: `PSI contribution per bin of ${name}` }), '', 'contrib-fig') + topMoves(bins);
    let ecdf: string;
    const rs = r?.sample ? stepsFromSample(r.sample.values.map(num), r.sample.counts.map(num)) : undefined;
    const cs = c?.sample ? stepsFromSample(c.sample.values.map(num), c.sample.counts.map(num)) : undefined;
    if (rs && cs) {
      const e = ecdfChart(rs, cs, { title: `Empirical CDFs of ${name}, reference vs current` });
      const notes = [`From the profiles’ samples (${esc(sampleNote('reference', r!))}; ${esc(sampleNote('current', c!))}).`];
      if (e.scale.kind === 'symlog') notes.push('<strong>x axis: symmetric log scale</strong>: the two sides differ by orders of magnitude.');
      else if (e.scale.clipped) notes.push('x axis shows the 0.5th–99.5th percentiles of both sides.');
      ecdf = figure('Cumulative distribution <span class="muted">· ECDF, step functions</span>', e.svg, notes.join(' '));
    } else {
      ecdf = figure('Cumulative distribution <span class="muted">· from cumulative bin proportions</span>', binEcdfChart(bins, { title: `Cumulative bin proportions of ${name}, reference vs current` }),
        'Approximation: cumulative bin proportions at the reference’s bin edges (render with the reference and current profiles for exact ECDFs).');
    }
    const qt = quantileTable(r, c);
    charts += `<div class="grid2"><div class="col">${hist}${contrib}</div><div class="col">${ecdf}${qt ? `<div class="panel"><h4>Quantiles</h4>${qt}</div>` : ''}</div></div>`;
  }
  const signals = (f.signals ?? []).map((s) => {
    const ss = SEV_TEXT[s.severity] ? s.severity : 'none';
    return `<div class="signal sev-${ss}"><div class="sig-top"><span class="sig-name">${esc(signalName(s, f))}</span>${badge(ss)}</div>`
      + `<div class="sig-val">${esc(signalValue(s, f))}</div><div class="sig-detail">${esc(signalDetail(s, f))}</div></div>`;
  }).join('');
  const metrics = metricsOf(f).map(([k, v, t]) => `<div class="metric"${t ? ` title="${esc(t)}"` : ''}><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('');
  return `<section class="feature card sev-${sev}" id="${id}">`
    + `<header class="fhead"><div class="ftitle"><a class="anchor" href="#${id}" aria-label="Link to this feature">#</a><h3 class="mono">${esc(name)}</h3>`
    + `<span class="chip kind">${esc(f.kind)}</span><span class="chip">${esc(METHOD_LABEL[f.method] ?? f.method)}</span>${prediction ? '<span class="chip pred">model prediction</span>' : ''}${f.status !== 'ok' ? `<span class="chip warn">${esc(f.status)}</span>` : ''}</div>`
    + `<div class="fright">${badge(sev)}<a class="totop" href="#features">↑ table</a></div></header>`
    + `<div class="signals">${signals}</div><dl class="metrics">${metrics}</dl>${charts}</section>`;
}

function tableRow(f: FeatureDrift, id: string, order: number, n: number, opts: HtmlReportOptions, prediction: boolean): string {
  const p = num(f.adjustedPValue ?? f.pValue);
  const stat = num(f.statistic);
  const nulls = `${fmtPct(num(f.referenceNullShare))} → ${fmtPct(curNulls(f))}`;
  const dn = Math.abs(curNulls(f) - num(f.referenceNullShare));
  const newCats = f.newCategories ?? [];
  const bins = binsOf(f);
  let spark: string;
  if (bins && f.status === 'ok') {
    const sq = squeeze(bins, 24, bins.kind === 'categories');
    spark = sparkline(sq.ref, sq.cur, `${f.feature}: reference (bars) vs current (line)`);
  } else {
    const rb = refBins(opts.reference?.features?.[f.feature]);
    spark = rb ? sparkline(squeeze(rb, 24, rb.kind === 'categories').ref, undefined, `${f.feature}: reference only`) : sparkline([], undefined, 'no distribution');
  }
  const why = drivers(f);
  const sevSort = n - order;
  const newCell = newCats.length
    ? `<span class="chip new" title="${esc(newCats.slice(0, 20).join(', ') + (newCats.length > 20 ? ', …' : ''))}">${newCats.length}</span>${f.newCategoryShare !== undefined ? `<small class="muted" title="share of current rows"> ${esc(fmtPct(num(f.newCategoryShare)))}</small>` : ''}`
    : f.kind === 'numeric' ? '<span class="muted">—</span>' : '<span class="muted">0</span>';
  return `<tr data-order="${order}" data-name="${esc(f.feature.toLowerCase())}" data-drifted="${f.drifted ? 1 : 0}" data-feature="${esc(f.feature)}" class="sev-${SEV_TEXT[f.severity] ? f.severity : 'none'}">`
    + `<td class="fcell" data-v="${esc(f.feature.toLowerCase())}"><a class="mono" href="#${id}">${esc(f.feature)}</a>${prediction ? ' <span class="chip pred">prediction</span>' : ''}</td>`
    + `<td data-v="${esc(f.kind)}"><span class="muted">${esc(f.kind)}</span></td>`
    + `<td data-v="${esc(f.method)}" title="${esc(METHOD_LABEL[f.method] ?? f.method)}">${esc(METHOD_SHORT[f.method] ?? f.method)}</td>`
    + `<td class="num" data-v="${Number.isFinite(stat) ? stat : ''}" title="${esc(STATISTIC_LABEL[f.method] ?? '')}">${esc(fmt(stat))}</td>`
    + `<td class="num" data-v="${Number.isFinite(p) ? p : ''}">${f.pValue !== undefined ? esc(fmtP(p)) : '<span class="muted">—</span>'}</td>`
    + `<td class="num thr" data-v="${esc(num(f.threshold?.moderate))}" title="moderate · critical">${esc(thresholdText(f))}</td>`
    + `<td data-v="${sevSort}">${badge(f.severity)}${why ? `<div class="why">${esc(why)}</div>` : ''}</td>`
    + `<td class="num" data-v="${Number.isFinite(dn) ? dn : ''}">${dn > 0 ? `<span class="${dn >= 0.05 ? 'hl' : ''}">${esc(nulls)}</span>` : `<span class="muted">${esc(nulls)}</span>`}</td>`
    + `<td class="num" data-v="${newCats.length}">${newCell}</td>`
    + `<td class="spark-cell">${spark}</td></tr>`;
}

/** Render a drift report as one self-contained HTML page (no network access; inline CSS, JS and SVG). */
export function renderHtml(report: DriftReport, options: HtmlReportOptions = {}): string {
  optionsObject('renderHtml', options);
  const title = options.title ?? 'Data drift report';
  const feats = orderedFeatures(report);
  // anchors: the feature's position in the report plus a slug of its name (only [a-z0-9_-], so never hostile)
  const ids = new Map<string, string>();
  Object.entries(report.features ?? {}).forEach(([k, f], i) => {
    const name = f?.feature ?? k;
    if (!ids.has(name)) ids.set(name, `f-${i}${slug(name) ? `-${slug(name)}` : ''}`);
  });
  const n = feats.length;
  const monitored = num(report.featuresMonitored) || n;
  const drifted = (report.driftedFeatures ?? feats.filter((f) => f.drifted).map((f) => f.feature)).length;
  const crit = feats.filter((f) => f.severity === 'critical').length;
  const mod = feats.filter((f) => f.severity === 'moderate').length;
  const share = num(report.driftShare);
  const thr = num(report.datasetDriftThreshold);
  const verdict = !!report.driftDetected;

  const meta: [string, string][] = [];
  meta.push(['Compared', esc(when(report.timestamp))]);
  if (options.generatedAt !== undefined) meta.push(['Rendered', esc(when(options.generatedAt))]);
  const side = (label: string, src: string | undefined, p: ReferenceProfile | undefined) => {
    const bits: string[] = [];
    if (src) bits.push(`<span class="mono">${esc(src)}</span>`);
    if (p) bits.push(`${esc(fmt(num(p.rowCount), { sig: 12 }))} rows${p.createdAt ? ` · profiled ${esc(when(p.createdAt))}` : ''}`);
    if (bits.length) meta.push([label, bits.join(' <span class="muted">·</span> ')]);
  };
  side('Reference', options.source?.reference, options.reference);
  side('Current', options.source?.current, options.current);
  if (report.excluded?.length) {
    meta.push(['Excluded', report.excluded.map((e) => `<span class="mono">${esc(e.column)}</span> (${esc(REASON_LABEL[e.reason] ?? e.reason)}${e.detail ? `: ${esc(e.detail)}` : ''})`).join(', ')]);
  }
  const tc = report.timeColumn;
  if (tc) {
    const span = (label: string, s: TimeSpan) => `${label} ${esc(s.min)} – ${esc(s.max)}, ${esc(fmt(num(s.rows), { sig: 12 }))} rows over ${esc(String(s.days))} day${s.days === 1 ? '' : 's'} (${esc(fmt(num(s.rowsPerDay)))}/day)`;
    const sides = [tc.reference ? span('reference', tc.reference) : '', tc.current ? span('current', tc.current) : ''].filter(Boolean);
    meta.push(['Time column', `<span class="mono">${esc(tc.column)}</span>${sides.length ? ` <span class="muted">·</span> ${sides.join(' <span class="muted">·</span> ')}` : ''}`]);
  }
  meta.push(['Multiple testing', esc(report.correction === 'bh' ? 'Benjamini–Hochberg' : report.correction === 'bonferroni' ? 'Bonferroni' : 'none')]);

  const pred = report.predictionDrift;
  const critFeats = feats.filter((f) => f.severity === 'critical');
  const critLinks = critFeats.slice(0, 4).map((f) => `<a class="mono" href="#${ids.get(f.feature)}">${esc(f.feature)}</a>`).join(', ')
    + (critFeats.length > 4 ? ` and ${critFeats.length - 4} more` : '');
  const rule = `The dataset counts as drifted when at least ${esc(fmtPct(thr, { digits: 1 }))} of the monitored features drift.`;
  const sharePct = Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0));
  const thrPct = Math.max(0, Math.min(1, Number.isFinite(thr) ? thr : 0));

  const summary = `<section class="summary">`
    + `<div class="verdict card ${verdict ? 'sev-critical' : 'sev-none'}">`
    + `<div class="v-icon" aria-hidden="true">${verdict ? '!' : '✓'}</div><div class="v-body">`
    + `<div class="v-title">${verdict ? 'Dataset drift detected' : 'No dataset drift'}</div>`
    + `<div class="v-text"><strong>${drifted}</strong> of <strong>${monitored}</strong> features drifted (${esc(fmtPct(share))}). ${rule}</div>`
    + `<div class="meter" role="img" aria-label="${esc(`${fmtPct(share)} of features drifted; threshold ${fmtPct(thr)}`)}"><div class="meter-fill" style="width:${(sharePct * 100).toFixed(2)}%"></div>`
    + `<div class="meter-mark" style="left:${(thrPct * 100).toFixed(2)}%"><span>threshold ${esc(fmtPct(thr))}</span></div></div>`
    + (!verdict && crit > 0 ? `<div class="v-warn">Below the dataset rule, but ${crit === 1 ? 'one feature shows' : `${crit} features show`} critical drift: see ${critLinks}.</div>` : '')
    + `</div></div>`
    + `<div class="kpis">`
    + `<div class="kpi card"><div class="k-val">${monitored}</div><div class="k-lab">features monitored</div></div>`
    + `<div class="kpi card"><div class="k-val">${drifted}</div><div class="k-lab">drifted</div></div>`
    + `<div class="kpi card sev-none"><div class="k-val">${n - crit - mod}</div><div class="k-lab">without drift</div></div>`
    + `<div class="kpi card sev-critical"><div class="k-val">${crit}</div><div class="k-lab">critical</div></div>`
    + `<div class="kpi card sev-moderate"><div class="k-val">${mod}</div><div class="k-lab">moderate</div></div>`
    + (pred ? `<div class="kpi card pred"><div class="k-val">${badge(pred.severity)}</div><div class="k-lab">prediction <a class="mono" href="#${ids.get(pred.feature) ?? ''}">${esc(pred.feature)}</a></div></div>`
      : `<div class="kpi card"><div class="k-val">${esc(fmtPct(share))}</div><div class="k-lab">drift share</div></div>`)
    + `</div>`
    + `<dl class="meta">${meta.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`
    + `</section>`;

  const heads: [string, string, string, string][] = [
    // label, type, first direction, extra class
    ['Feature', 'text', 'ascending', ''],
    ['Kind', 'text', 'ascending', ''],
    ['Method', 'text', 'ascending', ''],
    ['Statistic', 'num', 'descending', 'num'],
    ['p-value', 'num', 'ascending', 'num'],
    ['Threshold<small>moderate / critical</small>', 'num', 'descending', 'num'],
    ['Severity', 'num', 'descending', ''],
    ['Null share<small>ref → cur</small>', 'num', 'descending', 'num'],
    ['New<small>categories</small>', 'num', 'descending', 'num'],
  ];
  const thead = heads.map(([label, type, first, cls], i) => `<th class="${cls}" data-type="${type}" data-first="${first}"${i === 6 ? ' aria-sort="descending"' : ''}><button type="button"><span class="lab">${label}</span><span class="arrow" aria-hidden="true"></span></button></th>`).join('')
    + '<th class="dist"><span class="lab">Distribution<small><i class="sw ref"></i>ref <i class="sw cur line"></i>cur</small></span></th>';
  const rows = feats.map((f, i) => tableRow(f, ids.get(f.feature)!, i, n, options, pred?.feature === f.feature)).join('');
  const table = `<section class="card overview" id="features"><div class="ov-head"><h2>Features</h2>`
    + `<div class="controls"><input type="search" id="dk-filter" placeholder="Filter features…" aria-label="Filter features"><label class="toggle"><input type="checkbox" id="dk-drifted"> drifted only</label><span class="muted" id="dk-count">${n} features</span></div></div>`
    + `<div class="table-wrap"><table id="dk-table"><thead><tr>${thead}</tr></thead><tbody>${rows}</tbody></table></div>`
    + (n === 0 ? '<p class="empty">The report has no features.</p>' : '')
    + `<p class="note">Sorted by severity, then by how far the deciding statistic is past its moderate threshold. Click a column to sort; click again to reverse.</p></section>`;

  const sections = feats.map((f) => featureSection(f, ids.get(f.feature)!, options, pred?.feature === f.feature)).join('');

  return htmlPage({
    title, script: SCRIPT,
    body: `${summary}
${table}
<h2 class="sec-title">Feature details</h2>
${sections}
<footer class="foot">Generated by driftkit · self-contained report, no network access · severities: <span class="badge sev-critical"><i></i>critical</span> <span class="badge sev-moderate"><i></i>moderate</span> <span class="badge sev-none"><i></i>no drift</span></footer>`,
  });
}

/**
 * The page around a report: head (a Content-Security-Policy that forbids the network; scripts only when
 * `script` is given), the report CSS plus `css`, the driftkit header with `title`, then `body`.
 */
export function htmlPage(o: { title: string; body: string; css?: string; script?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';${o.script !== undefined ? " script-src 'unsafe-inline';" : ''} img-src data:">
<meta name="generator" content="driftkit">
<link rel="icon" href="data:,">
<title>${esc(o.title)}</title>
<style>${CSS}${o.css ?? ''}</style>
</head>
<body>
<div class="page">
<header class="top"><div class="brand"><svg class="logo" viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><rect width="24" height="24" rx="6" class="logo-bg"/><path d="M4 16 C 8 16, 8 7, 12 7 S 16 13, 20 13" class="logo-l1"/><path d="M4 18 C 9 18, 10 11, 14 11 S 18 16, 20 16" class="logo-l2"/></svg><span>driftkit</span></div>`
    + `<h1>${esc(o.title)}</h1></header>
${o.body}
</div>
${o.script !== undefined ? `<script>${o.script}</script>\n` : ''}</body>
</html>
`;
}

const SCRIPT = `(function () {
  'use strict';
  var table = document.getElementById('dk-table');
  if (!table) return;
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.querySelectorAll('thead th[data-type]'));
  function key(row, i, type) {
    var v = row.cells[i].getAttribute('data-v');
    if (type === 'num') { var x = parseFloat(v); return x === x ? x : null; }
    return v === null ? '' : v;
  }
  function sortBy(th, dir) {
    var i = th.cellIndex, type = th.getAttribute('data-type');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i, type), y = key(b, i, type), c;
      if (x === null || y === null) c = x === y ? 0 : (x === null ? 1 : -1) * (dir === 'ascending' ? 1 : -1);
      else c = type === 'num' ? x - y : x.localeCompare(y);
      if (c === 0) return Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
  }
  heads.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var cur = th.getAttribute('aria-sort');
      sortBy(th, cur ? (cur === 'ascending' ? 'descending' : 'ascending') : th.getAttribute('data-first'));
    });
  });
  var input = document.getElementById('dk-filter'), only = document.getElementById('dk-drifted'), count = document.getElementById('dk-count');
  function filter() {
    var q = input.value.trim().toLowerCase(), shown = 0, rows = body.rows;
    for (var i = 0; i < rows.length; i++) {
      var ok = (!q || rows[i].getAttribute('data-name').indexOf(q) >= 0) && (!only.checked || rows[i].getAttribute('data-drifted') === '1');
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown === rows.length ? rows.length + ' features' : shown + ' of ' + rows.length + ' features';
  }
  input.addEventListener('input', filter);
  only.addEventListener('change', filter);
})();`;

const CSS = `
:root{--bg:#f4f5f7;--card:#fff;--text:#101828;--text2:#344054;--muted:#667085;--faint:#98a2b3;--border:#e4e7ec;--band:#f9fafb;
--ref:#7c93bd;--ref-strong:#3d5a8c;--cur:#f28a2e;--cur-strong:#cf5f0a;--accent:#3d5a8c;
--crit:#d92d20;--crit-bg:#fef3f2;--crit-bd:#fecdca;--mod:#b54708;--mod-dot:#f79009;--mod-bg:#fffaeb;--mod-bd:#fedf89;--ok:#067647;--ok-dot:#17b26a;--ok-bg:#ecfdf3;--ok-bd:#abefc6;
--up:#f28a2e;--down:#7c93bd;--shadow:0 1px 2px rgba(16,24,40,.05),0 1px 3px rgba(16,24,40,.06);
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
@media (prefers-color-scheme:dark){:root{--bg:#0f1420;--card:#171d2b;--text:#e6e9f0;--text2:#c4cad6;--muted:#8d96a8;--faint:#667085;--border:#283042;--band:#1b2232;
--ref:#7f98c8;--ref-strong:#a9bde4;--cur:#f59a4a;--cur-strong:#f7b27a;--accent:#a9bde4;--crit:#f97066;--crit-bg:#2a1718;--crit-bd:#5c2a27;--mod:#fdb022;--mod-bg:#2a2213;--mod-bd:#5c4716;
--ok:#47cd89;--ok-bg:#11261c;--ok-bd:#1d4a33;--shadow:none}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;font-variant-numeric:tabular-nums}
.page{max-width:1240px;margin:0 auto;padding:28px 28px 48px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.mono{font-family:var(--mono);font-size:.93em}
.muted{color:var(--muted)}
small{font-size:.8em}
.card{background:var(--card);border:1px solid var(--border);border-radius:12px;box-shadow:var(--shadow)}
.top{display:flex;align-items:center;gap:16px;margin-bottom:18px}
.brand{display:flex;align-items:center;gap:8px;font-weight:600;color:var(--muted);font-size:13px;letter-spacing:.02em;padding-right:16px;border-right:1px solid var(--border)}
.logo-bg{fill:var(--accent)}.logo-l1{fill:none;stroke:#fff;stroke-width:1.8;stroke-linecap:round;opacity:.55}.logo-l2{fill:none;stroke:var(--cur);stroke-width:2;stroke-linecap:round}
h1{font-size:24px;line-height:1.25;margin:0;font-weight:650;letter-spacing:-.01em;overflow-wrap:anywhere}
h2{font-size:17px;margin:0;font-weight:620}
h3{font-size:16px;margin:0;font-weight:620;overflow-wrap:anywhere}
h4{font-size:13px;margin:0 0 8px;font-weight:600;color:var(--text2)}
.summary{display:grid;grid-template-columns:minmax(0,1.35fr) minmax(0,1fr);gap:14px;margin-bottom:18px}
.verdict{display:flex;gap:16px;padding:20px 22px;border-left:5px solid var(--ok-dot)}
.verdict.sev-critical{border-left-color:var(--crit)}
.v-icon{flex:none;width:40px;height:40px;border-radius:50%;display:grid;place-items:center;font-weight:700;font-size:20px;color:#fff;background:var(--ok-dot)}
.verdict.sev-critical .v-icon{background:var(--crit)}
.v-body{flex:1;min-width:0}
.v-title{font-size:20px;font-weight:650;margin-bottom:4px}
.verdict.sev-critical .v-title{color:var(--crit)}.verdict.sev-none .v-title{color:var(--ok)}
.v-text{color:var(--text2)}
.meter{position:relative;height:10px;border-radius:5px;background:var(--band);border:1px solid var(--border);margin:16px 0 22px}
.meter-fill{position:absolute;left:0;top:0;bottom:0;border-radius:5px;background:linear-gradient(90deg,var(--mod-dot),var(--crit))}
.verdict.sev-none .meter-fill{background:var(--mod-dot)}
.meter-mark{position:absolute;top:-5px;bottom:-5px;width:2px;margin-left:-1px;background:var(--text)}
.meter-mark span{position:absolute;top:19px;left:50%;transform:translateX(-50%);white-space:nowrap;font-size:11px;color:var(--muted)}
.kpis{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:10px;align-content:stretch}
.kpi.sev-none .k-val{color:var(--ok)}
.v-warn{margin-top:2px;padding:8px 12px;border-radius:8px;background:var(--mod-bg);border:1px solid var(--mod-bd);color:var(--mod);font-size:13px}
.v-warn a{color:inherit;font-weight:600}
.kpi{padding:12px 14px}
.k-val{font-size:26px;font-weight:650;line-height:1.2}
.k-lab{font-size:12px;color:var(--muted);overflow-wrap:anywhere}
.kpi.sev-critical .k-val{color:var(--crit)}.kpi.sev-moderate .k-val{color:var(--mod)}
.kpi.pred .k-val{font-size:14px;padding:6px 0 4px}
.meta{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:6px 26px;margin:0;padding:0 4px;font-size:13px}
.meta div{display:flex;gap:6px;min-width:0}.meta dt{color:var(--muted)}.meta dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-flex;align-items:center;gap:6px;padding:2px 9px 2px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid}
.badge i{width:7px;height:7px;border-radius:50%;background:currentColor}
.badge.sev-critical{color:var(--crit);background:var(--crit-bg);border-color:var(--crit-bd)}
.badge.sev-moderate{color:var(--mod);background:var(--mod-bg);border-color:var(--mod-bd)}.badge.sev-moderate i{background:var(--mod-dot)}
.badge.sev-none{color:var(--ok);background:var(--ok-bg);border-color:var(--ok-bd)}.badge.sev-none i{background:var(--ok-dot)}
.chip{display:inline-block;padding:1px 8px;border-radius:6px;background:var(--band);border:1px solid var(--border);font-size:12px;color:var(--text2);white-space:nowrap;max-width:100%;overflow:hidden;text-overflow:ellipsis;vertical-align:middle}
.chip.new{background:var(--crit-bg);border-color:var(--crit-bd);color:var(--crit);font-family:var(--mono)}
.chip.missing{background:var(--band);color:var(--muted);font-family:var(--mono);text-decoration:line-through}
.chip.pred{font-size:10.5px;padding:0 6px;color:var(--accent);border-color:var(--border)}
.chip.warn{background:var(--mod-bg);border-color:var(--mod-bd);color:var(--mod)}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.overview{padding:18px 0 6px;margin-bottom:26px}
.ov-head{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:0 20px 12px;flex-wrap:wrap}
.controls{display:flex;align-items:center;gap:14px;font-size:13px}
.controls input[type=search]{font:inherit;padding:6px 10px;border:1px solid var(--border);border-radius:8px;background:var(--card);color:var(--text);width:220px}
.toggle{display:flex;align-items:center;gap:6px;color:var(--text2);cursor:pointer}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
#dk-table{font-size:13px}
#dk-table th,#dk-table td{padding:7px 10px;border-top:1px solid var(--border);text-align:left;vertical-align:middle;white-space:nowrap}
#dk-table thead th{border-top:none;background:var(--band);font-size:12px;font-weight:600;color:var(--muted);position:sticky;top:0;z-index:1}
#dk-table thead th button{all:unset;cursor:pointer;display:inline-flex;align-items:center;gap:4px}
#dk-table thead th button:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:3px}
#dk-table thead th small{display:block;font-weight:400;color:var(--faint);font-size:10.5px;line-height:1.2}
#dk-table thead th .lab{display:inline-block;line-height:1.25}
#dk-table th.num .lab{text-align:right}
#dk-table th .arrow{display:inline-block;width:8px;color:var(--faint)}
#dk-table th[aria-sort=ascending] .arrow::after{content:"▲";font-size:8px;color:var(--accent)}
#dk-table th[aria-sort=descending] .arrow::after{content:"▼";font-size:8px;color:var(--accent)}
#dk-table th[aria-sort] button{color:var(--text)}
#dk-table .num{text-align:right}
#dk-table th.num button{flex-direction:row-reverse}
#dk-table tbody tr:hover{background:var(--band)}
#dk-table td.fcell{max-width:240px;overflow:hidden;text-overflow:ellipsis}
#dk-table td.fcell a{font-weight:600}
#dk-table td.fcell,#dk-table thead th:first-child{position:sticky;left:0;background:var(--card);z-index:1}
#dk-table thead th:first-child{background:var(--band);z-index:2}
#dk-table tbody tr:hover td.fcell{background:var(--band)}
#dk-table tr.sev-critical td.fcell{box-shadow:inset 3px 0 0 var(--crit)}
#dk-table tr.sev-moderate td.fcell{box-shadow:inset 3px 0 0 var(--mod-dot)}
#dk-table .thr{color:var(--muted);font-size:12.5px}
#dk-table .why{font-size:11px;color:var(--muted);margin-top:2px}
#dk-table .hl{color:var(--crit);font-weight:600}
.spark-cell{padding-top:4px!important;padding-bottom:4px!important}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;vertical-align:-1px;margin:0 4px 0 6px}
.sw.ref{background:var(--ref);opacity:.75}.sw.cur{background:var(--cur)}.sw.cur.line{height:3px;vertical-align:2px}
th.dist{font-weight:600}
.overview .note{padding:0 20px}
.note{font-size:12px;color:var(--muted);margin:6px 0 0}
.empty{padding:20px;color:var(--muted)}
.sec-title{margin:0 0 12px 2px}
.feature{padding:18px 20px 20px;margin-bottom:18px;scroll-margin-top:12px;border-top:4px solid var(--ok-dot)}
.feature.sev-critical{border-top-color:var(--crit)}.feature.sev-moderate{border-top-color:var(--mod-dot)}
.fhead{display:flex;align-items:center;justify-content:space-between;gap:12px;flex-wrap:wrap;margin-bottom:14px}
.ftitle{display:flex;align-items:center;gap:8px;flex-wrap:wrap;min-width:0}
.anchor{color:var(--faint);font-weight:600;font-size:16px}
.fright{display:flex;align-items:center;gap:14px}
.totop{font-size:12px;color:var(--muted)}
.signals{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:10px;margin-bottom:12px}
.signal{border:1px solid var(--border);border-radius:10px;padding:10px 12px;background:var(--card)}
.signal.sev-critical{background:var(--crit-bg);border-color:var(--crit-bd)}.signal.sev-moderate{background:var(--mod-bg);border-color:var(--mod-bd)}
.sig-top{display:flex;justify-content:space-between;align-items:flex-start;gap:8px}
.sig-name{font-size:12px;color:var(--text2);font-weight:550}
.sig-val{font-size:20px;font-weight:650;margin-top:2px}
.sig-detail{font-size:12px;color:var(--muted)}
.metrics{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:1px;margin:0 0 16px;border:1px solid var(--border);border-radius:10px;overflow:hidden;background:var(--border)}
.metric{padding:8px 14px;background:var(--card);min-width:0}
.metric dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.metric dd{margin:0;font-weight:600;font-size:14px}
.alert{border-radius:10px;padding:12px 14px;margin-bottom:12px;border:1px solid}
.alert.sev-critical{background:var(--crit-bg);border-color:var(--crit-bd);color:var(--crit)}
.alert.sev-moderate{background:var(--mod-bg);border-color:var(--mod-bd);color:var(--mod)}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}
.grid2.wide-left{grid-template-columns:minmax(0,1.45fr) minmax(0,1fr)}
.col,.side{display:flex;flex-direction:column;gap:14px;min-width:0}
.fig{margin:0;min-width:0}
figcaption{font-size:13px;font-weight:600;color:var(--text2);margin-bottom:4px}
figcaption .muted{font-weight:400}
.chart-wrap{border:1px solid var(--border);border-radius:10px;padding:6px 4px 2px;background:var(--card)}
svg.chart{display:block;width:100%;max-width:760px;height:auto;margin:0 auto;overflow:visible}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.chart .ax{font-size:10.5px;fill:var(--muted)}
.chart .lg{font-size:11px;fill:var(--text2)}
.chart .ph{font-size:11px;fill:var(--text2)}
.chart .val{font-size:10.5px;fill:var(--text);font-weight:600}
.chart .cat{font-size:11.5px;fill:var(--text);font-family:var(--mono)}
.chart .bv{font-size:9.5px;fill:var(--muted)}
.chart .tag-new{fill:var(--crit);font-size:9.5px;font-weight:700;font-family:system-ui,sans-serif}
.chart .tag-missing{fill:var(--muted);font-size:9.5px;font-weight:700;font-family:system-ui,sans-serif}
.chart .grid{stroke:var(--border);stroke-width:1}
.chart .axis,.spark .axis{stroke:var(--faint);stroke-width:1}
.chart .tick{stroke:var(--faint)}
.chart .band{fill:var(--band)}
.ref-fill{fill:var(--ref);fill-opacity:.72}
.cur-fill{fill:var(--cur);fill-opacity:.9}
.cur-swatch{fill:var(--cur);fill-opacity:.25;stroke:var(--cur-strong);stroke-width:1.5}
.cur-area{fill:var(--cur);fill-opacity:.08}
.cur-line{fill:none;stroke:var(--cur-strong);stroke-width:2;stroke-linejoin:round}
.ref-line{fill:none;stroke:var(--ref);stroke-width:4;stroke-opacity:.6;stroke-linejoin:round}
.cur-line{stroke-width:1.8}
.ref-dot{fill:var(--ref-strong)}.cur-dot{fill:var(--cur-strong)}
.chart .gap{stroke:var(--text);stroke-width:1.2;stroke-dasharray:3 2}
.chart .up{fill:var(--up)}.chart .down{fill:var(--down)}
.chart .hit{fill:transparent}
.chart .hit:hover{fill:var(--text);fill-opacity:.04}
.spark .cur-line{stroke-width:1.5}
.spark{display:block}
.panel{border:1px solid var(--border);border-radius:10px;padding:12px 14px}
.qt{font-size:12.5px}
.qt th,.qt td{padding:2px 8px;border-bottom:1px solid var(--border);text-align:right;white-space:nowrap}
.qt tbody th{text-align:left;font-weight:500;color:var(--text2);white-space:normal;overflow-wrap:anywhere}
.qt thead th{font-weight:600;color:var(--muted);font-size:11.5px}
.qt tr:last-child th,.qt tr:last-child td{border-bottom:none}
.moves{margin:8px 0 0;padding:0;list-style:none;font-size:12.5px;display:flex;flex-direction:column;gap:4px}
.moves li{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.moves .mv{color:var(--text2)}.ref-t{color:var(--ref-strong);font-weight:600}.cur-t{color:var(--cur-strong);font-weight:600}
.contrib-t{margin-left:auto;font-weight:600}.contrib-t.up{color:var(--cur-strong)}.contrib-t.down{color:var(--ref-strong)}
.contrib-t small{color:var(--muted);font-weight:400}
.foot{margin-top:28px;color:var(--muted);font-size:12px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
@media (max-width:980px){.summary,.grid2,.grid2.wide-left{grid-template-columns:minmax(0,1fr)}.page{padding:16px}}
@media print{body{background:#fff}.controls,.totop,.anchor{display:none}.card{box-shadow:none}.feature{break-inside:avoid}#dk-table thead th{position:static}}
`;
