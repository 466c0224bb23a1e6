// timelineHtml(t): drift over time as one self-contained HTML page in the compare report's style (its CSS,
// escaping and SVG helpers from src/report): a header, the dataset's drift share per chunk, then a chart per
// feature of what its verdict is judged on, chunk by chunk, against its thresholds. No script and no network:
// the charts are inline SVG, each with <title> and <desc>; drift is shown by shape and text, not colour alone.
// Browser-safe.
import { optionsObject } from '../errors.js';
import { REASON_LABEL } from '../compare/roles.js';
import { DEFAULT_BANDS, type Severity } from '../compare/policy.js';
import { badge, figure, htmlPage, slug, when } from '../report/html.js';
import { esc, fmt, fmtP, fmtPct, METHOD_LABEL, STATISTIC_LABEL } from '../report/format.js';
import { legend, linearTicks, niceMax, open, r1, thin, type Layout } from '../report/svg.js';
import type { Timeline, TimelineCell, TimelineChunk } from './timeline.js';

/** Options of timelineHtml(). */
export interface TimelineHtmlOptions {
  /** Page title (default "Drift over time"). */
  title?: string;
  /** Where the data came from (a file name), shown in the header. */
  source?: string;
  /** When the page was rendered. */
  generatedAt?: string | Date;
}

const W = 760;
/** The row bars' share of the dataset chart's height (light, below most of the drift share line). */
const ROWS_H = 0.35;
const SEV_RANK: Record<Severity, number> = { none: 0, moderate: 1, critical: 2 };

/** A y scale: position of a value and the ticks to label. */
interface Scale { Y(v: number): number; ticks: { v: number; label: string }[] }

function linearScale(L: Layout, max: number): Scale {
  const y1 = L.h - L.mb;
  return {
    Y: (v) => y1 - (Math.max(0, Math.min(v, max)) / max) * (y1 - L.mt),
    ticks: linearTicks(0, max, 4).map((v) => ({ v, label: fmt(v, { sig: 3 }) })),
  };
}

/** p-values on a log axis turned so that smaller (more drift) is higher, as the distances are. */
function pValueScale(L: Layout, ps: number[]): Scale {
  const positive = ps.filter((p) => p > 0 && Number.isFinite(p));
  const k = Math.min(-4, Math.max(-300, Math.floor(Math.log10(Math.min(1, ...positive)))));
  const y1 = L.h - L.mb;
  const Y = (p: number) => y1 - (Math.min(-k, Math.max(0, -Math.log10(p > 0 ? p : 10 ** k))) / -k) * (y1 - L.mt);
  const step = Math.ceil(-k / 5);
  const ticks: { v: number; label: string }[] = [];
  for (let e = 0; e >= k; e -= step) ticks.push({ v: 10 ** e, label: fmtP(10 ** e) });
  return { Y, ticks };
}

/** The x positions of the chunks: equal slots in timeline order. */
function slots(n: number, L: Layout) {
  const bw = (L.w - L.ml - L.mr) / Math.max(1, n);
  return { bw, X: (i: number) => L.ml + (i + 0.5) * bw, size: Math.max(2.5, Math.min(5, bw * 0.4)) };
}

/** What every chart of the page shares: the reference zone, columns of chunks without rows, grid, x axis. */
function frame(t: Timeline, L: Layout, scale: Scale): string {
  const n = t.chunks.length, { bw } = slots(n, L), y0 = L.mt, y1 = L.h - L.mb;
  const refN = t.chunks.filter((c) => c.period === 'reference').length;
  let out = '';
  if (refN) {
    out += `<rect class="refzone" x="${r1(L.ml)}" y="${y0}" width="${r1(refN * bw)}" height="${y1 - y0}"/>`;
    out += `<text class="ph" x="${r1(L.ml + 4)}" y="${y0 + 12}">reference</text>`;
    if (refN < n) out += `<line class="refedge" x1="${r1(L.ml + refN * bw)}" x2="${r1(L.ml + refN * bw)}" y1="${y0}" y2="${y1}"/>`;
  }
  t.chunks.forEach((c, i) => {
    if (c.rows === 0) out += `<rect class="nodata" x="${r1(L.ml + i * bw)}" y="${y0}" width="${r1(bw)}" height="${y1 - y0}"><title>${esc(`${c.label}: no rows`)}</title></rect>`;
  });
  for (const tk of scale.ticks) {
    const y = scale.Y(tk.v);
    out += `<line class="grid" x1="${L.ml}" x2="${L.w - L.mr}" y1="${r1(y)}" y2="${r1(y)}"/><text class="ax" x="${L.ml - 6}" y="${r1(y + 3.5)}" text-anchor="end">${esc(tk.label)}</text>`;
  }
  out += `<line class="axis" x1="${L.ml}" x2="${L.w - L.mr}" y1="${y1}" y2="${y1}"/>`;
  // labels of every k-th chunk, so that up to a few hundred chunks stay readable
  const every = thin(n, L.w - L.ml - L.mr, Math.max(1, ...t.chunks.map((c) => c.label.length)));
  t.chunks.forEach((c, i) => {
    const x = L.ml + (i + 0.5) * bw;
    if (n <= 60 || i % every === 0) out += `<line class="tick" x1="${r1(x)}" x2="${r1(x)}" y1="${y1}" y2="${y1 + 3}"/>`;
    if (i % every === 0) out += `<text class="ax" x="${r1(x)}" y="${y1 + 15}" text-anchor="middle">${esc(c.label)}</text>`;
  });
  return out;
}

/** A line through the measured chunks, broken where a chunk has no value (not drawn through zero). */
function brokenLine(values: number[], X: (i: number) => number, Y: (v: number) => number, cls: string): string {
  let d = '', pen = false;
  values.forEach((v, i) => {
    if (Number.isNaN(v)) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${r1(X(i))},${r1(Y(v))}`;
    pen = true;
  });
  return d ? `<path class="${cls}" d="${d}"/>` : '';
}

/**
 * A point: a circle, or for drift a diamond (the shape says it, not only the colour), with its tooltip; `s` is
 * the diamond's half-width (smaller when the chunks are packed).
 */
function point(x: number, y: number, sev: Severity, tip: string, s = 5): string {
  if (sev === 'none') return `<circle class="pt" cx="${r1(x)}" cy="${r1(y)}" r="${r1(s * 0.56)}"><title>${esc(tip)}</title></circle>`;
  return `<path class="pt drift sev-${sev}" d="M${r1(x)},${r1(y - s)}L${r1(x + s)},${r1(y)}L${r1(x)},${r1(y + s)}L${r1(x - s)},${r1(y)}Z"><title>${esc(tip)}</title></path>`;
}

const SEV_WORD: Record<Severity, string> = { none: 'no drift', moderate: 'moderate drift', critical: 'critical drift' };
const partOf = (c: TimelineChunk) => (c.period === 'reference' ? 'reference' : 'analysis');

function labelList(labels: string[], max = 12): string {
  return labels.length <= max ? labels.join(', ') : `${labels.slice(0, max).join(', ')} and ${labels.length - max} more`;
}

/** The dataset's chart: share of drifted features per chunk against the dataset rule, rows per chunk as bars. */
function datasetChart(t: Timeline): string {
  const L: Layout = { w: W, h: 250, ml: 52, mr: 72, mt: 30, mb: 34 };
  const n = t.chunks.length, { bw, X, size } = slots(n, L), y1 = L.h - L.mb;
  const scale = linearScale(L, 1);
  scale.ticks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ v, label: `${v * 100}%` }));
  const maxRows = niceMax(Math.max(1, ...t.chunks.map((c) => c.rows)));
  const drifted = t.chunks.filter((c) => c.datasetDrift).map((c) => c.label);
  const empty = t.chunks.filter((c) => c.rows === 0).length;
  const desc = `Share of the ${t.features.length} features that drifted in each of ${n} chunks (${t.chunks.filter((c) => c.period === 'reference').length} reference),`
    + ` against the dataset drift threshold ${fmtPct(t.datasetDriftThreshold)}; bars: rows per chunk (up to ${fmt(maxRows, { sig: 12 })}).`
    + ` Dataset drift in ${drifted.length} chunk${drifted.length === 1 ? '' : 's'}${drifted.length ? `: ${labelList(drifted)}` : ''}.`
    + (empty ? ` ${empty} chunk${empty === 1 ? '' : 's'} without rows.` : '');
  let out = open(L.w, L.h, 'tl-dataset', 'Dataset drift over time: share of drifted features per chunk', desc);
  out += legend(L.ml, 12, [
    { cls: 'tl-line', text: 'drifted features', line: true }, { cls: 'tl-lim', text: `dataset drift ≥ ${fmtPct(t.datasetDriftThreshold)}`, line: true },
    { cls: 'rowbar', text: 'rows per chunk (right axis)' },
  ]);
  const padX = Math.min(2, bw * 0.15);
  t.chunks.forEach((c, i) => {
    if (c.rows > 0) {
      const h = (c.rows / maxRows) * ROWS_H * (y1 - L.mt);
      out += `<rect class="rowbar" x="${r1(L.ml + i * bw + padX)}" y="${r1(y1 - h)}" width="${r1(Math.max(0.5, bw - 2 * padX))}" height="${r1(h)}"/>`;
    }
  });
  out += frame(t, L, scale);
  const yTop = y1 - ROWS_H * (y1 - L.mt);
  out += `<line class="tick" x1="${L.w - L.mr}" x2="${L.w - L.mr}" y1="${r1(yTop)}" y2="${y1}"/>`;
  out += `<text class="ax" x="${L.w - L.mr + 6}" y="${y1 + 3.5}">0</text><text class="ax" x="${L.w - L.mr + 6}" y="${r1(yTop + 3.5)}">${esc(fmt(maxRows, { sig: 3 }))} rows</text>`;
  const ty = scale.Y(t.datasetDriftThreshold);
  out += `<line class="tl-lim" x1="${L.ml}" x2="${L.w - L.mr}" y1="${r1(ty)}" y2="${r1(ty)}"/>`;
  out += brokenLine(t.chunks.map((c) => (c.rows > 0 ? c.driftShare : NaN)), X, scale.Y, 'tl-line');
  t.chunks.forEach((c, i) => {
    if (c.rows === 0) return;
    const tip = `${c.label} (${partOf(c)}): ${c.driftedFeatures.length} of ${t.features.length} features drifted (${fmtPct(c.driftShare)}), ${fmt(c.rows, { sig: 12 })} rows`
      + (c.datasetDrift ? ' · dataset drift' : '') + (c.driftedFeatures.length ? ` · ${labelList(c.driftedFeatures, 8)}` : '');
    out += point(X(i), scale.Y(c.driftShare), c.datasetDrift ? 'critical' : 'none', tip, size);
  });
  return out + '</svg>';
}

/** What a feature's verdict is judged on, per chunk, and how to draw and describe it. */
function judged(t: Timeline, f: string) {
  const method = t.chunks[0].features[f].method;
  const byP = t.thresholds === 'fixed' && (method === 'ks' || method === 'chisquare');
  const stat = STATISTIC_LABEL[method] ?? method;
  const value = (x: TimelineCell) => (x.status !== 'ok' ? NaN : byP ? x.pValue ?? NaN : x.statistic);
  return { method, byP, what: byP ? `p-value of the ${METHOD_LABEL[method] ?? method}` : stat, stat, value };
}

function featureChart(t: Timeline, f: string): { svg: string; caption: string; note: string; drifted: string[]; worst: Severity } {
  const L: Layout = { w: W, h: 240, ml: 52, mr: 72, mt: 30, mb: 34 };
  const n = t.chunks.length, { X, size } = slots(n, L);
  const j = judged(t, f);
  const values = t.chunks.map((c) => j.value(c.features[f]));
  const lim = t.limits?.[f];
  const bands = DEFAULT_BANDS[j.method];
  const finite = values.filter(Number.isFinite);
  let scale: Scale;
  if (j.byP) scale = pValueScale(L, values);
  else {
    const refs = lim ? [lim.upper] : [bands.critical * 1.2];
    scale = linearScale(L, niceMax(Math.max(...finite, ...refs.filter(Number.isFinite), 1e-9)));
  }
  const top = L.mt, x0 = L.ml, x1 = L.w - L.mr;
  const drifted = t.chunks.filter((c) => c.features[f].drifted).map((c) => c.label);
  const worst = t.chunks.filter((c) => c.period === 'analysis').reduce<Severity>((s, c) => (SEV_RANK[c.features[f].severity] > SEV_RANK[s] ? c.features[f].severity : s), 'none');
  const gaps = t.chunks.filter((c) => c.features[f].status !== 'ok').length;
  let bandSvg = '', caption: string, rule: string;
  const band = (cls: string, ya: number, yb: number, tip: string) =>
    `<rect class="${cls}" x="${x0}" y="${r1(Math.min(ya, yb))}" width="${x1 - x0}" height="${r1(Math.max(0.5, Math.abs(yb - ya)))}"><title>${esc(tip)}</title></rect>`;
  // a threshold line labelled in the right margin; dy moves the label off a neighbouring line's (moderate below, critical above)
  const hline = (cls: string, v: number, text: string, dy = 3.5) => {
    const y = scale.Y(v);
    return `<line class="${cls}" x1="${x0}" x2="${x1}" y1="${r1(y)}" y2="${r1(y)}"/><text class="val" x="${x1 + 4}" y="${r1(y + dy)}">${esc(text)}</text>`;
  };
  if (lim) {
    // 'reference' thresholds: mean ± 3σ of the reference chunks; drift above the upper limit only
    rule = `above ${fmt(lim.upper)} (mean ${fmt(lim.mean)} + 3σ ${fmt(lim.std)} of ${lim.chunks} reference chunks)`;
    bandSvg += band('tband', scale.Y(Math.max(0, lim.lower)), scale.Y(lim.upper), `mean ± 3σ of the reference chunks: ${fmt(lim.lower)} to ${fmt(lim.upper)}`);
    bandSvg += `<line class="tmean" x1="${x0}" x2="${x1}" y1="${r1(scale.Y(lim.mean))}" y2="${r1(scale.Y(lim.mean))}"/>`;
    bandSvg += hline('tl-lim', lim.upper, `limit ${fmt(lim.upper)}`);
    caption = `${esc(j.stat)} per chunk <span class="muted">· band: mean ± 3σ of the reference chunks; a chunk drifts above the upper limit</span>`;
  } else if (bands.direction === 'lower') {
    rule = `p-value below ${fmtP(bands.moderate)} (moderate) or ${fmtP(bands.critical)} (critical)`;
    bandSvg += band('bmod', scale.Y(bands.moderate), scale.Y(bands.critical), `moderate: p < ${fmtP(bands.moderate)}`);
    bandSvg += band('bcrit', scale.Y(bands.critical), top, `critical: p < ${fmtP(bands.critical)}`);
    bandSvg += hline('tl-lim', bands.moderate, `p = ${fmtP(bands.moderate)}`, 8) + hline('tl-lim crit', bands.critical, `p = ${fmtP(bands.critical)}`, -1);
    caption = `${esc(j.what)} per chunk <span class="muted">· log scale, smaller p higher · the fixed verdict follows the p-value, so the p-value is plotted (${esc(j.stat)} in the tooltips)</span>`;
  } else {
    rule = `${j.stat} at or above ${fmt(bands.moderate)} (moderate) or ${fmt(bands.critical)} (critical)`;
    bandSvg += band('bmod', scale.Y(bands.moderate), scale.Y(bands.critical), `moderate: ≥ ${fmt(bands.moderate)}`);
    bandSvg += band('bcrit', scale.Y(bands.critical), top, `critical: ≥ ${fmt(bands.critical)}`);
    bandSvg += hline('tl-lim', bands.moderate, `mod. ${fmt(bands.moderate)}`, 8) + hline('tl-lim crit', bands.critical, `crit. ${fmt(bands.critical)}`, -1);
    caption = `${esc(j.stat)} per chunk <span class="muted">· compare()’s bands: moderate ≥ ${esc(fmt(bands.moderate))}, critical ≥ ${esc(fmt(bands.critical))}</span>`;
  }
  const desc = `${f}: ${j.what} in each of ${n} chunks; drift when ${rule}. `
    + `Drifted in ${drifted.length} chunk${drifted.length === 1 ? '' : 's'}${drifted.length ? `: ${labelList(drifted)}` : ''}.`
    + (gaps ? ` Not measured in ${gaps} chunk${gaps === 1 ? '' : 's'} (gaps in the line).` : '');
  let out = open(L.w, L.h, 'tl-feature', `${f}: ${j.what} per chunk`, desc);
  out += legend(L.ml, 12, [
    { cls: 'tl-line', text: j.byP ? 'p-value' : j.stat, line: true },
    { cls: lim ? 'tband' : 'bmod', text: lim ? 'mean ± 3σ (reference)' : 'moderate' },
    ...(lim ? [] : [{ cls: 'bcrit', text: 'critical' }]),
    { cls: 'tl-drift', text: '◆ drifted' },
  ]);
  out += frame(t, L, scale);
  out += bandSvg;
  out += brokenLine(values, X, scale.Y, 'tl-line');
  t.chunks.forEach((c, i) => {
    const x = c.features[f], v = values[i];
    const measured = j.byP ? `p = ${fmtP(v)}, ${j.stat} ${fmt(x.statistic)}` : `${j.stat} ${fmt(v)}${x.pValue !== undefined ? `, p = ${fmtP(x.pValue)}` : ''}`;
    if (Number.isFinite(v) || (!Number.isNaN(v) && x.status === 'ok')) {
      out += point(X(i), scale.Y(v), x.drifted ? x.severity : 'none', `${c.label} (${partOf(c)}): ${measured} · ${x.drifted ? SEV_WORD[x.severity] : 'no drift'}`, size);
    } else if (x.drifted) {
      // not measured yet drifted (compare() counts a chunk without values of the feature as drift): marked at the axis
      out += point(X(i), L.h - L.mb, x.severity, `${c.label} (${partOf(c)}): not measured (${x.status}) · ${SEV_WORD[x.severity]}`, size);
    }
  });
  out += '</svg>';
  const nd = t.chunks.filter((c) => c.features[f].drifted && !(c.features[f].status === 'ok')).length;
  const note = [
    drifted.length ? `Drifted: ${esc(labelList(drifted, 30))}.` : 'No chunk drifted.',
    gaps ? `${gaps} chunk${gaps === 1 ? '' : 's'} not measured: the line breaks there.` : '',
    nd ? `${nd} drifted chunk${nd === 1 ? '' : 's'} without values of the feature, marked on the axis.` : '',
    !lim ? 'A chunk can also drift on its null share or new categories (compare()’s other signals), with its statistic inside the bands.' : '',
  ].filter(Boolean).join(' ');
  return { svg: out, caption, note, drifted, worst };
}

function periodText(t: Timeline): string {
  if (typeof t.every === 'number') return `${fmt(t.every, { sig: 12 })} rows`;
  const what = t.every === 'week' ? 'ISO week (Monday–Sunday)' : t.every;
  return `${what}, ${t.tz ?? 'UTC'}`;
}

/** The timeline as one self-contained HTML page (no script, no network access; inline CSS and SVG). */
export function timelineHtml(t: Timeline, options: TimelineHtmlOptions = {}): string {
  optionsObject('timelineHtml', options);
  const title = options.title ?? 'Drift over time';
  const ref = t.chunks.filter((c) => c.period === 'reference'), ana = t.chunks.filter((c) => c.period === 'analysis');
  const ids = new Map(t.features.map((f, i) => [f, `f-${i}${slug(f) ? `-${slug(f)}` : ''}`]));
  const meta: [string, string][] = [];
  if (options.source !== undefined) meta.push(['Data', `<span class="mono">${esc(options.source)}</span>`]);
  meta.push(['Time column', t.time !== undefined ? `<span class="mono">${esc(t.time)}</span>` : '<span class="muted">none</span>']);
  meta.push(['Every', esc(periodText(t))]);
  meta.push(['Thresholds', t.thresholds === 'reference'
    ? `reference: a feature drifts when its statistic is above mean + 3σ of its ${ref.length} reference chunks`
    : 'fixed: compare()’s bands; each chunk gets the verdict compare() gives it']);
  meta.push(['Reference', `${esc(fmt(t.referenceRows, { sig: 12 }))} rows in ${ref.length} chunk${ref.length === 1 ? '' : 's'}${ref.length ? ` (${esc(ref[0].label)}${ref.length > 1 ? ` – ${esc(ref[ref.length - 1].label)}` : ''})` : ''}`]);
  meta.push(['Rows without time', esc(fmt(t.rowsWithoutTime, { sig: 12 }))]);
  meta.push(['Excluded', t.excluded.length
    ? t.excluded.map((e) => `<span class="mono">${esc(e.column)}</span> (${esc(REASON_LABEL[e.reason] ?? e.reason)}${e.detail ? `: ${esc(e.detail)}` : ''})`).join(', ')
    : '<span class="muted">none</span>']);
  if (options.generatedAt !== undefined) meta.push(['Rendered', esc(when(options.generatedAt))]);

  const charts = t.features.map((f) => ({ f, ...featureChart(t, f) }));
  const anyDrift = charts.filter((c) => c.worst !== 'none');
  const dsDrift = ana.filter((c) => c.datasetDrift);
  const empty = t.chunks.filter((c) => c.rows === 0).length;
  const kpi = (v: string | number, lab: string, cls = '') => `<div class="kpi card ${cls}"><div class="k-val">${esc(v)}</div><div class="k-lab">${esc(lab)}</div></div>`;
  const summary = `<section class="tl-summary">`
    + `<div class="kpis">${kpi(ana.length, 'analysed chunks')}${kpi(dsDrift.length, 'with dataset drift', dsDrift.length ? 'sev-critical' : 'sev-none')}`
    + `${kpi(t.features.length, 'features')}${kpi(anyDrift.length, 'features that drifted', anyDrift.length ? 'sev-critical' : 'sev-none')}`
    + `${kpi(empty, 'chunks without rows')}</div>`
    + `<dl class="meta">${meta.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`).join('')}</dl></section>`;

  const dataset = `<section class="card tl-card"><h2>Dataset drift over time</h2>`
    + figure(`Share of drifted features per chunk <span class="muted">· dataset drift at ≥ ${esc(fmtPct(t.datasetDriftThreshold))} of the features; bars: rows per chunk</span>`,
      datasetChart(t), dsDrift.length ? `Dataset drift in ${esc(labelList(dsDrift.map((c) => c.label), 30))}.` : 'No analysed chunk shows dataset drift.')
    + `</section>`;

  const rows = charts.map(({ f, drifted, worst }) => {
    const m = t.chunks[0].features[f].method;
    const n = ana.filter((c) => c.features[f].drifted).length;
    return `<tr><td><a class="mono" href="#${ids.get(f)}">${esc(f)}</a></td><td>${esc(METHOD_LABEL[m] ?? m)}</td><td class="num">${n} of ${ana.length}</td><td>${badge(worst)}</td>`
      + `<td class="muted">${esc(labelList(drifted, 6))}</td></tr>`;
  }).join('');
  const table = `<section class="card tl-card"><h2>Features</h2><div class="table-wrap"><table class="qt tl-table"><thead><tr><th>feature</th><th>method</th><th>drifted analysed chunks</th><th>worst</th><th>drifted chunks</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;

  const sections = charts.map(({ f, svg, caption, note, worst }) => {
    const m = t.chunks[0].features[f].method;
    return `<section class="feature card sev-${worst}" id="${ids.get(f)}"><header class="fhead"><div class="ftitle"><h3 class="mono">${esc(f)}</h3><span class="chip">${esc(METHOD_LABEL[m] ?? m)}</span></div>`
      + `<div class="fright">${badge(worst)}</div></header>${figure(caption, svg, note)}</section>`;
  }).join('\n');

  return htmlPage({
    title, css: CSS,
    body: `${summary}\n${dataset}\n${table}\n<h2 class="sec-title">Features over time</h2>\n${sections}\n`
      + `<footer class="foot">Generated by driftkit · self-contained report, no network access · ◆ drifted chunk · shaded: reference chunks · grey columns: chunks without rows</footer>`,
  });
}

// additions to the report CSS for the timeline's charts
const CSS = `
.tl-summary{display:flex;flex-direction:column;gap:12px;margin-bottom:18px}
.tl-summary .kpis{grid-template-columns:repeat(5,minmax(0,1fr))}
.tl-card{padding:18px 20px;margin-bottom:18px}.tl-card h2{margin-bottom:10px}
.tl-table td,.tl-table th{text-align:left}
.chart .refzone{fill:var(--ref);fill-opacity:.12}
.chart .refedge{stroke:var(--ref-strong);stroke-width:1;stroke-dasharray:4 3}
.chart .nodata{fill:var(--faint);fill-opacity:.14}
.chart .rowbar,.rowbar{fill:var(--ref);fill-opacity:.25}
.tl-line{fill:none;stroke:var(--accent);stroke-width:1.8;stroke-linejoin:round}
.tl-lim{stroke:var(--crit);stroke-width:1.2;stroke-dasharray:5 3;fill:none}
.tl-lim.crit{stroke-width:1.6}
.tmean{stroke:var(--ref-strong);stroke-width:1;stroke-dasharray:2 2}
.tband{fill:var(--ok-dot);fill-opacity:.12}
.bmod{fill:var(--mod-dot);fill-opacity:.12}
.bcrit{fill:var(--crit);fill-opacity:.1}
.tl-drift{fill:var(--crit)}
.chart .pt{fill:var(--accent)}
.chart .pt.drift{fill:var(--crit);stroke:var(--card);stroke-width:1}
.chart .pt.drift.sev-moderate{fill:var(--mod-dot)}
@media (max-width:980px){.tl-summary .kpis{grid-template-columns:repeat(2,minmax(0,1fr))}}
`;
