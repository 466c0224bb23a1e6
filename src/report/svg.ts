// Inline SVG charts for the HTML report: the two distributions overlaid over the reference's bins, grouped
// bars for categories, the ECDFs of both sides, the per-bin PSI contributions and the table's sparklines.
// Colours come from CSS classes of the page (so a dark theme or print style can restyle them). Every string
// from data goes through esc(). Browser-safe: no Node built-ins.
import { esc, fmt, fmtPct, tickLabels, type Bins } from './format.js';

export const r1 = (x: number): string => String(Math.round(x * 10) / 10);
export const CHAR_W = 6.1; // approximate width of a character of the 10.5px chart font

/** A chart's opening tag with its accessible name (<title>) and, when given, a longer description (<desc>). */
export function open(w: number, h: number, cls: string, label: string, desc?: string): string {
  return `<svg class="chart ${cls}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMinYMin meet"><title>${esc(label)}</title>${desc ? `<desc>${esc(desc)}</desc>` : ''}`;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/** "Nice" tick values covering [lo, hi] (1, 2, 5 × 10^k steps). */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  const start = Math.ceil(lo / step - 1e-9);
  for (let k = start; k * step <= hi + step * 1e-9 && out.length < 100; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** The largest "nice" value >= x, for a proportion axis (0.1, 0.2, 0.25, 0.5, 1, …). */
export function niceMax(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const t = linearTicks(0, x, 4);
  const step = t.length > 1 ? t[1]! - t[0]! : x;
  const top = t[t.length - 1]!;
  return top >= x - 1e-12 ? top : top + step;
}

/** Keeps every k-th label so that labels of about `chars` characters fit `width` pixels. */
export function thin(n: number, width: number, chars: number): number {
  const per = chars * CHAR_W + 10;
  return Math.max(1, Math.ceil((n * per) / Math.max(1, width)));
}

export function legend(x: number, y: number, items: { cls: string; text: string; line?: boolean }[]): string {
  let out = '';
  let cx = x;
  for (const it of items) {
    out += it.line
      ? `<line class="${it.cls}" x1="${r1(cx)}" y1="${r1(y)}" x2="${r1(cx + 14)}" y2="${r1(y)}"/>`
      : `<rect class="${it.cls}" x="${r1(cx)}" y="${r1(y - 5)}" width="12" height="10" rx="2"/>`;
    out += `<text class="lg" x="${r1(cx + 18)}" y="${r1(y + 3.5)}">${esc(it.text)}</text>`;
    cx += 18 + it.text.length * CHAR_W + 16;
  }
  return out;
}

/** Label of the bin boundaries of a numeric histogram: edges, with the open outer ends as −∞ / +∞. */
function edgeLabels(edges: number[]): string[] {
  const finite = edges.filter((e) => Number.isFinite(e));
  const labels = tickLabels(finite);
  let k = 0;
  return edges.map((e) => (Number.isFinite(e) ? labels[k++]! : e < 0 ? '−∞' : e > 0 ? '+∞' : '?'));
}

export function binRange(edges: number[], i: number): string {
  if (edges.length < i + 2) return `bin ${i + 1}`;
  const lab = edgeLabels(edges);
  const last = i === edges.length - 2;
  return `${Number.isFinite(edges[i]!) ? '[' : '('}${lab[i]}, ${lab[i + 1]}${last ? (Number.isFinite(edges[i + 1]!) ? ']' : ')') : ')'}`;
}

const pctAxis = (v: number, max: number): string => (max <= 0.05 ? `${Math.round(v * 1000) / 10}%` : `${Math.round(v * 100)}%`);

export interface Layout { w: number; h: number; ml: number; mr: number; mt: number; mb: number }

/** Shared x layout of the histogram and its contributions chart (bins by index, equal widths). */
function binLayout(n: number, w: number): { x0: number; bw: number; plotW: number } {
  const ml = 52, mr = 14;
  const plotW = w - ml - mr;
  return { x0: ml, bw: plotW / Math.max(1, n), plotW };
}

export function yAxis(L: Layout, max: number, fmtTick: (v: number) => string, count = 4): string {
  const y0 = L.mt, y1 = L.h - L.mb;
  let out = '';
  for (const t of linearTicks(0, max, count)) {
    const y = y1 - (t / max) * (y1 - y0);
    out += `<line class="grid" x1="${L.ml}" x2="${L.w - L.mr}" y1="${r1(y)}" y2="${r1(y)}"/>`;
    out += `<text class="ax" x="${L.ml - 6}" y="${r1(y + 3.5)}" text-anchor="end">${esc(fmtTick(t))}</text>`;
  }
  return out;
}

function binXAxis(bins: Bins, L: Layout, x0: number, bw: number): string {
  const n = bins.ref.length;
  const y = L.h - L.mb;
  let out = `<line class="axis" x1="${r1(x0)}" x2="${r1(x0 + n * bw)}" y1="${r1(y)}" y2="${r1(y)}"/>`;
  if (bins.edges.length === n + 1) {
    const labels = edgeLabels(bins.edges);
    const every = thin(n + 1, n * bw, Math.max(...labels.map((s) => s.length)));
    labels.forEach((s, i) => {
      const x = x0 + i * bw;
      out += `<line class="tick" x1="${r1(x)}" x2="${r1(x)}" y1="${r1(y)}" y2="${r1(y + 4)}"/>`;
      // every k-th boundary, always both ends, and no label crowding the last one
      if (i === 0 || i === n || (i % every === 0 && n - i >= Math.max(1, every * 0.6))) {
        const anchor = i === 0 ? 'start' : i === n ? 'end' : 'middle';
        out += `<text class="ax" x="${r1(x)}" y="${r1(y + 15)}" text-anchor="${anchor}">${esc(s)}</text>`;
      }
    });
  } else {
    const every = thin(n, n * bw, String(n).length + 4);
    for (let i = 0; i < n; i += every) out += `<text class="ax" x="${r1(x0 + (i + 0.5) * bw)}" y="${r1(y + 15)}" text-anchor="middle">bin ${i + 1}</text>`;
  }
  return out;
}

function binTip(bins: Bins, i: number): string {
  const where = bins.kind === 'categories' ? bins.categories[i]! : binRange(bins.edges, i);
  const c = bins.contrib[i];
  const cur = bins.cur.length ? ` · current ${fmtPct(bins.cur[i]!)}` : '';
  return `${where} · reference ${fmtPct(bins.ref[i]!)}${cur}${c !== undefined && Number.isFinite(c) ? ` · PSI +${fmt(c)}` : ''}`;
}

/**
 * Numeric feature: reference proportions (filled bars) and current proportions (outlined step) over the
 * reference's bins, one equal-width slot per bin, bin boundaries labelled with the edges.
 */
export function histogramChart(bins: Bins, opts: { width?: number; title: string; note?: string }): string {
  const n = bins.ref.length;
  const L: Layout = { w: opts.width ?? 600, h: 238, ml: 52, mr: 14, mt: 30, mb: 30 };
  const { x0, bw } = binLayout(n, L.w);
  const y1 = L.h - L.mb;
  const max = niceMax(Math.max(...bins.ref.filter(Number.isFinite), ...bins.cur.filter(Number.isFinite), 0));
  const Y = (p: number) => y1 - (Math.max(0, Math.min(p, max)) / max) * (y1 - L.mt);
  let out = open(L.w, L.h, 'hist', opts.title);
  const hasCur = bins.cur.length > 0;
  out += legend(L.ml, 12, hasCur ? [{ cls: 'ref-fill', text: 'reference' }, { cls: 'cur-swatch', text: 'current' }] : [{ cls: 'ref-fill', text: 'reference (no current data)' }]);
  out += yAxis(L, max, (v) => pctAxis(v, max));
  const pad = Math.min(3, bw * 0.08);
  bins.ref.forEach((p, i) => {
    if (!(p > 0)) return;
    out += `<rect class="ref-fill" x="${r1(x0 + i * bw + pad)}" y="${r1(Y(p))}" width="${r1(Math.max(0.5, bw - 2 * pad))}" height="${r1(y1 - Y(p))}"/>`;
  });
  // current: a step outline over the slots, lightly filled
  let d = `M${r1(x0)},${r1(y1)}`;
  bins.cur.forEach((p, i) => { d += `V${r1(Y(Number.isFinite(p) ? p : 0))}H${r1(x0 + (i + 1) * bw)}`; });
  d += `V${r1(y1)}`;
  if (hasCur) out += `<path class="cur-area" d="${d}Z"/><path class="cur-line" d="${d}"/>`;
  out += binXAxis(bins, L, x0, bw);
  bins.ref.forEach((_, i) => {
    out += `<rect class="hit" x="${r1(x0 + i * bw)}" y="${L.mt}" width="${r1(bw)}" height="${r1(y1 - L.mt)}"><title>${esc(binTip(bins, i))}</title></rect>`;
  });
  return out + '</svg>';
}

/** Per-bin PSI contributions (numeric; aligned with histogramChart): which part of the distribution moved. */
export function contributionsChart(bins: Bins, opts: { width?: number; title: string }): string {
  const n = bins.ref.length;
  const L: Layout = { w: opts.width ?? 600, h: 150, ml: 52, mr: 14, mt: 30, mb: 30 };
  const { x0, bw } = binLayout(n, L.w);
  const y1 = L.h - L.mb;
  const vals = bins.contrib.map((c) => (Number.isFinite(c) && c > 0 ? c : 0));
  const top = Math.max(...vals, 0);
  // a floor of 0.025 (a quarter of PSI's moderate band) keeps noise-sized contributions looking small
  const max = niceMax(Math.max(top, CONTRIB_FLOOR));
  const Y = (c: number) => y1 - (Math.min(c, max) / max) * (y1 - L.mt);
  let out = open(L.w, L.h, 'contrib', opts.title);
  out += legend(L.ml, 12, [{ cls: 'up', text: 'more in current' }, { cls: 'down', text: 'less in current' }]);
  out += yAxis(L, max, (v) => fmt(v, { sig: 2 }), 2);
  const pad = Math.min(4, bw * 0.12);
  const best = top > 0 ? vals.indexOf(top) : -1;
  vals.forEach((c, i) => {
    if (!(c > 0)) return;
    const cls = bins.cur[i]! >= bins.ref[i]! ? 'up' : 'down';
    out += `<rect class="${cls}" x="${r1(x0 + i * bw + pad)}" y="${r1(Y(c))}" width="${r1(Math.max(0.5, bw - 2 * pad))}" height="${r1(Math.max(0.6, y1 - Y(c)))}"/>`;
  });
  if (best >= 0) {
    const x = x0 + (best + 0.5) * bw;
    const anchor = best === 0 ? 'start' : best === n - 1 ? 'end' : 'middle';
    const xt = anchor === 'start' ? x0 + best * bw + pad : anchor === 'end' ? x0 + (best + 1) * bw - pad : x;
    out += `<text class="val" x="${r1(xt)}" y="${r1(Y(top) - 4)}" text-anchor="${anchor}">+${esc(fmt(top))}</text>`;
  }
  out += binXAxis(bins, L, x0, bw);
  vals.forEach((_, i) => {
    out += `<rect class="hit" x="${r1(x0 + i * bw)}" y="${L.mt}" width="${r1(bw)}" height="${r1(y1 - L.mt)}"><title>${esc(binTip(bins, i))}</title></rect>`;
  });
  return out + '</svg>';
}

/** The smallest top of a PSI contribution axis. */
const CONTRIB_FLOOR = 0.025;

/** How many categories the category chart draws before summarising the rest in one row. */
export const MAX_CATEGORY_ROWS = 30;

function truncate(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
}

/**
 * Categorical feature: per category, grouped horizontal bars of the reference and current shares, and on the
 * right the category's PSI contribution. New categories are tagged, missing ones (none in current) too.
 */
export function categoryChart(bins: Bins, opts: { width?: number; title: string; newCategories?: string[]; missingCategories?: string[] }): string {
  const n = bins.ref.length;
  const newSet = new Set(opts.newCategories ?? []);
  const missSet = new Set(opts.missingCategories ?? []);
  let rows = Array.from({ length: n }, (_, i) => i);
  let rest: number[] = [];
  if (n > MAX_CATEGORY_ROWS) {
    const byShare = rows.slice().sort((a, b) => Math.max(bins.ref[b]!, bins.cur[b]!) - Math.max(bins.ref[a]!, bins.cur[a]!));
    const keep = new Set(byShare.slice(0, MAX_CATEGORY_ROWS - 1));
    rest = rows.filter((i) => !keep.has(i));
    rows = rows.filter((i) => keep.has(i));
  }
  const W = opts.width ?? 600;
  const rowH = 30, mt = 38, mb = 8;
  const labelW = 150, gap = 26, contribW = 130;
  const px0 = labelW, px1 = W - contribW - gap - 10;
  const cx0 = W - contribW - 10, cx1 = W - 10;
  const nRows = rows.length + (rest.length ? 1 : 0);
  const H = mt + nRows * rowH + mb;
  const sum = (xs: number[], idx: number[]) => idx.reduce((s, i) => s + (Number.isFinite(xs[i]!) ? xs[i]! : 0), 0);
  const shares = [...rows.map((i) => [bins.ref[i]!, bins.cur[i]!]), ...(rest.length ? [[sum(bins.ref, rest), sum(bins.cur, rest)]] : [])];
  const pmax = niceMax(Math.max(0, ...shares.flat().filter(Number.isFinite)));
  const contribs = rows.map((i) => (Number.isFinite(bins.contrib[i]!) ? Math.max(0, bins.contrib[i]!) : 0));
  const restContrib = rest.reduce((s, i) => s + (Number.isFinite(bins.contrib[i]!) ? Math.max(0, bins.contrib[i]!) : 0), 0);
  const cmax = niceMax(Math.max(CONTRIB_FLOOR, ...contribs, restContrib));
  const PX = (p: number) => px0 + (Math.max(0, Math.min(p, pmax)) / pmax) * (px1 - px0 - 44);
  const CX = (c: number) => cx0 + (Math.min(c, cmax) / cmax) * (cx1 - cx0);
  let out = open(W, H, 'cats', opts.title);
  const hasCur = bins.cur.length > 0;
  out += legend(px0, 12, hasCur ? [{ cls: 'ref-fill', text: 'reference' }, { cls: 'cur-fill', text: 'current' }] : [{ cls: 'ref-fill', text: 'reference (no current data)' }]);
  if (hasCur) out += `<text class="ph" x="${cx0}" y="15">PSI contribution</text>`;
  // share grid
  for (const t of linearTicks(0, pmax, 4)) {
    const x = PX(t);
    out += `<line class="grid" x1="${r1(x)}" x2="${r1(x)}" y1="${mt - 6}" y2="${H - mb}"/><text class="ax" x="${r1(x)}" y="${mt - 10}" text-anchor="middle">${esc(pctAxis(t, pmax))}</text>`;
  }
  if (hasCur) out += `<line class="grid" x1="${cx0}" x2="${cx0}" y1="${mt - 6}" y2="${H - mb}"/><text class="ax" x="${cx1}" y="${mt - 10}" text-anchor="end">${esc(fmt(cmax, { sig: 2 }))}</text>`;
  const drawRow = (k: number, label: string, tag: string, r: number, c: number, contrib: number, tip: string, up: boolean) => {
    const y = mt + k * rowH;
    if (k % 2 === 1) out += `<rect class="band" x="0" y="${y}" width="${W}" height="${rowH}"/>`;
    const maxChars = tag ? 17 : 22;
    out += `<text class="cat" x="${labelW - 10}" y="${y + 19}" text-anchor="end">${esc(truncate(label, maxChars))}${tag ? ` <tspan class="tag-${tag}">${tag}</tspan>` : ''}</text>`;
    const bh = 9;
    if (r > 0) out += `<rect class="ref-fill" x="${px0}" y="${y + 5}" width="${r1(Math.max(1, PX(r) - px0))}" height="${bh}" rx="1.5"/>`;
    if (c > 0) out += `<rect class="cur-fill" x="${px0}" y="${y + 5 + bh + 2}" width="${r1(Math.max(1, PX(c) - px0))}" height="${bh}" rx="1.5"/>`;
    out += `<text class="bv" x="${r1(PX(r) + 4)}" y="${y + 13}">${esc(fmtPct(r))}</text>`;
    if (hasCur) out += `<text class="bv cur" x="${r1(PX(c) + 4)}" y="${y + 24}">${esc(fmtPct(c))}</text>`;
    if (contrib > 0) out += `<rect class="${up ? 'up' : 'down'}" x="${cx0}" y="${y + 8}" width="${r1(Math.max(1, CX(contrib) - cx0))}" height="14" rx="1.5"/>`;
    out += `<rect class="hit" x="0" y="${y}" width="${W}" height="${rowH}"><title>${esc(tip)}</title></rect>`;
  };
  rows.forEach((i, k) => {
    const name = bins.categories[i]!;
    const tag = newSet.has(name) ? 'new' : missSet.has(name) ? 'missing' : '';
    drawRow(k, name, tag, bins.ref[i]!, bins.cur[i]!, contribs[k]!, binTip(bins, i), bins.cur[i]! >= bins.ref[i]!);
  });
  if (rest.length) {
    const r = sum(bins.ref, rest), c = sum(bins.cur, rest);
    drawRow(rows.length, `${rest.length} more categories`, '', r, c, restContrib,
      `${rest.length} more categories · reference ${fmtPct(r)} · current ${fmtPct(c)} · PSI +${fmt(restContrib)}`, c >= r);
  }
  return out + '</svg>';
}

/** An empirical CDF as a step function: ascending distinct values and the cumulative share at each. */
export interface Steps { x: number[]; F: number[] }

export function stepsFromSample(values: readonly number[], counts: readonly number[]): Steps | undefined {
  const x: number[] = [], F: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && counts[i]! > 0) total += counts[i]!;
  if (!(total > 0)) return undefined;
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!, c = counts[i]!;
    if (!Number.isFinite(v) || !(c > 0)) continue;
    acc += c;
    if (x.length && x[x.length - 1] === v) F[F.length - 1] = acc / total;
    else { x.push(v); F.push(acc / total); }
  }
  return { x, F };
}

function quantileOf(s: Steps, p: number): number {
  for (let i = 0; i < s.x.length; i++) if (s.F[i]! >= p) return s.x[i]!;
  return s.x[s.x.length - 1]!;
}

function evalSteps(s: Steps, v: number): number {
  // F(v) = share <= v (binary search)
  let lo = 0, hi = s.x.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (s.x[m]! <= v) lo = m + 1; else hi = m; }
  return lo === 0 ? 0 : s.F[lo - 1]!;
}

/** The largest vertical gap between two step functions and where it is. */
export function maxGap(a: Steps, b: Steps): { d: number; at: number } {
  let best = { d: 0, at: NaN };
  const xs = [...a.x, ...b.x].sort((p, q) => p - q);
  for (const v of xs) {
    const d = Math.abs(evalSteps(a, v) - evalSteps(b, v));
    if (d > best.d + 1e-15) best = { d, at: v };
  }
  return best;
}

interface Scale { kind: 'linear' | 'symlog'; lo: number; hi: number; c: number; clipped: boolean }

const symT = (v: number, c: number) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c);

/**
 * The x scale of an ECDF pair: linear over both sides' 0.5–99.5th percentiles (or the full range when that
 * clips little); a symmetric log scale when one side would be squashed into a line by the other (day counts
 * next to Unix timestamps).
 */
export function ecdfScale(a: Steps, b: Steps): Scale {
  const lo0 = Math.min(a.x[0]!, b.x[0]!), hi0 = Math.max(a.x[a.x.length - 1]!, b.x[b.x.length - 1]!);
  const qa = [quantileOf(a, 0.005), quantileOf(a, 0.995)], qb = [quantileOf(b, 0.005), quantileOf(b, 0.995)];
  let lo = Math.min(qa[0]!, qb[0]!), hi = Math.max(qa[1]!, qb[1]!);
  let clipped = true;
  if (!(hi > lo) || hi - lo > 0.5 * (hi0 - lo0)) { lo = lo0; hi = hi0; clipped = false; }
  const spans = [qa[1]! - qa[0]!, qb[1]! - qb[0]!];
  const squashed = spans.some((s) => s < (hi - lo) / 100);
  // a log scale helps only when one side lives near zero next to the other's large values (day counts next
  // to Unix timestamps), not when both are narrow far from zero (5 vs 7, or two timestamp windows)
  const mag = [Math.max(Math.abs(qa[0]!), Math.abs(qa[1]!)), Math.max(Math.abs(qb[0]!), Math.abs(qb[1]!))];
  const apart = Math.max(...mag) >= 1e3 * Math.min(...mag);
  if (hi > lo && squashed && apart) {
    const pos = spans.filter((s) => s > 0);
    const base = pos.length ? Math.min(...pos) : Math.max(Math.abs(lo), Math.abs(hi)) / 1e3;
    const c = Math.max(1e-300, 10 ** Math.floor(Math.log10(base)) / 10);
    if (Math.max(Math.abs(lo), Math.abs(hi)) / c >= 1e3) {
      // pad 2% of the transformed range on both sides, so jumps at the ends stay visible
      const tlo = symT(lo, c), thi = symT(hi, c), tp = (thi - tlo) * 0.02;
      const inv = (t: number) => Math.sign(t) * c * (10 ** Math.abs(t) - 1);
      return { kind: 'symlog', lo: inv(tlo - tp), hi: inv(thi + tp), c, clipped };
    }
  }
  if (!(hi > lo)) {
    const pad = lo !== 0 ? Math.abs(lo) * 0.05 : 1;
    return { kind: 'linear', lo: lo - pad, hi: hi + pad, c: 1, clipped: false };
  }
  const pad = (hi - lo) * 0.02;
  return { kind: 'linear', lo: lo - pad, hi: hi + pad, c: 1, clipped };
}

function scaleTicks(s: Scale, plotW: number): { v: number; label: string }[] {
  if (s.kind === 'linear') {
    let ticks = linearTicks(s.lo, s.hi, Math.max(2, Math.min(7, Math.floor(plotW / 80))));
    let labels = tickLabels(ticks);
    const fits = () => ticks.length * (Math.max(...labels.map((l) => l.length)) * CHAR_W + 12) <= plotW;
    while (!fits() && ticks.length > 2) {
      ticks = ticks.filter((_, i) => i % 2 === 0);
      labels = tickLabels(ticks);
    }
    return ticks.map((v, i) => ({ v, label: labels[i]! }));
  }
  const out: number[] = [];
  if (s.lo <= 0 && s.hi >= 0) out.push(0);
  const kMin = Math.ceil(Math.log10(s.c));
  for (let k = kMin; k <= 308; k++) {
    const p = 10 ** k;
    if (p > Math.max(Math.abs(s.lo), Math.abs(s.hi))) break;
    if (p >= s.lo && p <= s.hi) out.push(p);
    if (-p >= s.lo && -p <= s.hi) out.push(-p);
  }
  out.sort((a, b) => a - b);
  const maxN = Math.max(2, Math.floor(plotW / 52));
  const every = Math.ceil(out.length / maxN);
  const kTop = Math.round(Math.log10(Math.max(...out.map((v) => Math.abs(v)), 1e-300)));
  const kept = every > 1 ? out.filter((v) => v === 0 || (kTop - Math.round(Math.log10(Math.abs(v)))) % every === 0) : out;
  return kept.map((v) => ({ v, label: fmt(v, { sig: 3 }) }));
}

/** ECDFs of reference and current drawn on a real x axis (from the profiles' samples). */
export function ecdfChart(ref: Steps, cur: Steps, opts: { width?: number; title: string }): { svg: string; scale: Scale; gap: { d: number; at: number } } {
  const L: Layout = { w: opts.width ?? 600, h: 250, ml: 52, mr: 18, mt: 30, mb: 32 };
  const s = ecdfScale(ref, cur);
  const x0 = L.ml, x1 = L.w - L.mr, y0 = L.mt, y1 = L.h - L.mb;
  const T = (v: number) => (s.kind === 'symlog' ? symT(v, s.c) : v);
  const tlo = T(s.lo), thi = T(s.hi);
  const X = (v: number) => {
    const t = (T(v) - tlo) / (thi - tlo || 1);
    return x0 + Math.max(0, Math.min(1, t)) * (x1 - x0);
  };
  const Y = (F: number) => y1 - F * (y1 - y0);
  let out = open(L.w, L.h, 'ecdf', opts.title);
  out += legend(L.ml, 12, [{ cls: 'ref-line', text: 'reference', line: true }, { cls: 'cur-line', text: 'current', line: true }]);
  out += yAxis(L, 1, (v) => `${Math.round(v * 100)}%`, 4);
  out += `<line class="axis" x1="${x0}" x2="${x1}" y1="${y1}" y2="${y1}"/>`;
  for (const t of scaleTicks(s, x1 - x0)) {
    const x = X(t.v);
    out += `<line class="tick" x1="${r1(x)}" x2="${r1(x)}" y1="${y1}" y2="${y1 + 4}"/><text class="ax" x="${r1(x)}" y="${y1 + 16}" text-anchor="middle">${esc(t.label)}</text>`;
  }
  const path = (st: Steps): string => {
    // relative moves on a grid of tenths, at most one vertical step per pixel column: a 2,000-value sample
    // stays a few kB (positions are rounded once, so the relative moves do not accumulate error)
    const tx = (x: number) => Math.round(x) * 10, ty = (y: number) => Math.round(y * 10);
    const rel = (d: number) => String(d / 10);
    let cx = tx(x0), cy = ty(Y(0));
    let d = `M${rel(cx)},${rel(cy)}`;
    let lastX = NaN, pendF = 0;
    const flushV = () => { const y = ty(Y(pendF)); if (y !== cy) { d += `v${rel(y - cy)}`; cy = y; } };
    for (let i = 0; i < st.x.length; i++) {
      const px = tx(X(st.x[i]!));
      if (px !== lastX) {
        if (!Number.isNaN(lastX)) flushV();
        if (px !== cx) { d += `h${rel(px - cx)}`; cx = px; }
        lastX = px;
      }
      pendF = st.F[i]!;
    }
    flushV();
    const end = tx(x1);
    return end !== cx ? `${d}h${rel(end - cx)}` : d;
  };
  out += `<path class="ref-line" d="${path(ref)}"/><path class="cur-line" d="${path(cur)}"/>`;
  const gap = maxGap(ref, cur);
  if (gap.d > 0 && Number.isFinite(gap.at)) {
    const x = X(gap.at);
    const fa = evalSteps(ref, gap.at), fb = evalSteps(cur, gap.at);
    out += `<line class="gap" x1="${r1(x)}" x2="${r1(x)}" y1="${r1(Y(fa))}" y2="${r1(Y(fb))}"/>`;
    const anchor = x > (x0 + x1) / 2 ? 'end' : 'start';
    const yt = Math.max(y0 + 10, Math.min(y1 - 6, (Y(fa) + Y(fb)) / 2));
    out += `<text class="val" x="${r1(anchor === 'end' ? x - 6 : x + 6)}" y="${r1(yt)}" text-anchor="${anchor}">max gap ${esc(fmt(gap.d))}</text>`;
  }
  return { svg: out + '</svg>', scale: s, gap };
}

/** Cumulative bin proportions at the bin boundaries (when no samples are at hand), on the bins' index axis. */
export function binEcdfChart(bins: Bins, opts: { width?: number; title: string }): string {
  const n = bins.ref.length;
  const L: Layout = { w: opts.width ?? 600, h: 250, ml: 52, mr: 14, mt: 30, mb: 30 };
  const { x0, bw } = binLayout(n, L.w);
  const y1 = L.h - L.mb;
  const Y = (F: number) => y1 - Math.max(0, Math.min(1, F)) * (y1 - L.mt);
  const cum = (p: number[]) => { let a = 0; const t = p.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0) || 1; return [0, ...p.map((v) => (a += (Number.isFinite(v) ? v : 0) / t))]; };
  const R = cum(bins.ref), C = cum(bins.cur);
  let out = open(L.w, L.h, 'ecdf', opts.title);
  out += legend(L.ml, 12, [{ cls: 'ref-line', text: 'reference', line: true }, { cls: 'cur-line', text: 'current', line: true }]);
  out += yAxis(L, 1, (v) => `${Math.round(v * 100)}%`, 4);
  const pts = (F: number[]) => F.map((f, i) => `${r1(x0 + i * bw)},${r1(Y(f))}`).join(' ');
  out += `<polyline class="ref-line" points="${pts(R)}"/><polyline class="cur-line" points="${pts(C)}"/>`;
  for (let i = 0; i <= n; i++) {
    out += `<circle class="ref-dot" cx="${r1(x0 + i * bw)}" cy="${r1(Y(R[i]!))}" r="2.4"/><circle class="cur-dot" cx="${r1(x0 + i * bw)}" cy="${r1(Y(C[i]!))}" r="2.4"/>`;
  }
  let gi = -1, gd = 0;
  for (let i = 0; i <= n; i++) { const d = Math.abs(R[i]! - C[i]!); if (d > gd + 1e-12) { gd = d; gi = i; } }
  if (gi >= 0) {
    const x = x0 + gi * bw;
    out += `<line class="gap" x1="${r1(x)}" x2="${r1(x)}" y1="${r1(Y(R[gi]!))}" y2="${r1(Y(C[gi]!))}"/>`;
    const anchor = gi > n / 2 ? 'end' : 'start';
    out += `<text class="val" x="${r1(anchor === 'end' ? x - 6 : x + 6)}" y="${r1(Math.max(L.mt + 10, (Y(R[gi]!) + Y(C[gi]!)) / 2))}" text-anchor="${anchor}">max gap ${esc(fmt(gd))}</text>`;
  }
  out += binXAxis(bins, L, x0, bw);
  return out + '</svg>';
}

/** The table's sparkline: reference bars, current as a step line, over (at most 24 groups of) the bins. */
export function sparkline(ref: number[], cur: number[] | undefined, label: string): string {
  const w = 104, h = 26, pad = 2;
  const n = ref.length;
  if (n === 0) return `<svg class="spark" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title><line class="axis" x1="${pad}" x2="${w - pad}" y1="${h - pad}" y2="${h - pad}"/></svg>`;
  const max = Math.max(1e-12, ...ref.filter(Number.isFinite), ...(cur ?? []).filter(Number.isFinite));
  const bw = (w - 2 * pad) / n;
  const Y = (p: number) => h - pad - (Math.max(0, Number.isFinite(p) ? p : 0) / max) * (h - 2 * pad);
  let out = `<svg class="spark" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>`;
  ref.forEach((p, i) => {
    const y = Y(p);
    if (h - pad - y > 0.2) out += `<rect class="ref-fill" x="${r1(pad + i * bw + 0.4)}" y="${r1(y)}" width="${r1(Math.max(0.6, bw - 0.8))}" height="${r1(h - pad - y)}"/>`;
  });
  if (cur) {
    let d = `M${pad},${r1(h - pad)}`;
    cur.forEach((p, i) => { d += `V${r1(Y(p))}H${r1(pad + (i + 1) * bw)}`; });
    out += `<path class="cur-line" d="${d}V${r1(h - pad)}"/>`;
  }
  out += `<line class="axis" x1="${pad}" x2="${w - pad}" y1="${h - pad}" y2="${h - pad}"/>`;
  return out + '</svg>';
}
