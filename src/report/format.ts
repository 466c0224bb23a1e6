// Shared by the HTML and terminal renderers: tolerant number reading (a report may have been through JSON,
// where NaN is null and ±Infinity are strings), number formatting, escaping and the default feature order.
// Browser-safe: no Node built-ins.
import type { DriftReport, FeatureDrift } from '../compare/compare.js';
import type { Severity } from '../compare/policy.js';

/** A number from a report field that may have been through JSON: null → NaN, "Infinity" → Infinity. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'Infinity' || v === '+Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const x = Number(v);
    return v.trim() === '' ? NaN : x;
  }
  return NaN;
}

/** Bin edges as numbers; a null outer edge (JSON of ±Infinity through JSON.stringify) is read as ±Infinity. */
export function edgesOf(edges: readonly unknown[]): number[] {
  return edges.map((e, i) => {
    const x = num(e);
    if (Number.isNaN(x) && (e === null || e === undefined)) {
      if (i === 0) return -Infinity;
      if (i === edges.length - 1) return Infinity;
    }
    return x;
  });
}

const trimZeros = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface FormatOptions {
  /** Significant digits (default 3). */
  sig?: number;
  /** ASCII only: "inf" instead of "∞", "-" instead of "−" and "—". */
  ascii?: boolean;
}

/**
 * Compact, readable numbers: 0.0123, 4.2, 33.1, 4,083, 1.76e9, 3.2e-7. Thousands are grouped up to a million;
 * beyond that, and below 0.001, scientific notation with a plain exponent (1.76e9, not 1.76e+9).
 */
export function fmt(x: number, opts: FormatOptions = {}): string {
  const sig = opts.sig ?? 3;
  const minus = opts.ascii ? '-' : '−';
  if (Number.isNaN(x)) return opts.ascii ? '-' : '—';
  if (x === Infinity) return opts.ascii ? 'inf' : '+∞';
  if (x === -Infinity) return opts.ascii ? '-inf' : '−∞';
  if (x === 0) return '0';
  const sign = x < 0 ? minus : '';
  const a = Math.abs(x);
  let body: string;
  if (a >= 1e6 || a < 1e-3) {
    const [m, e] = a.toExponential(Math.max(0, sig - 1)).split('e');
    body = `${trimZeros(m!)}e${e!.replace('+', '')}`;
  } else if (a >= 10 ** sig) {
    body = group(String(Math.round(a)));
  } else {
    const s = trimZeros(a.toPrecision(sig));
    if (s.includes('e')) { // toPrecision chose exponent form (cannot happen for a < 10^sig, but be safe)
      body = trimZeros(a.toFixed(Math.max(0, sig - 1 - Math.floor(Math.log10(a)))));
    } else {
      const [i, f] = s.split('.');
      body = f === undefined ? group(i!) : `${group(i!)}.${f}`;
    }
  }
  return sign + body;
}

/**
 * Labels for a set of tick or edge values: the fewest significant digits (at least 3) that tell every pair of
 * different neighbouring values apart, so 1763700000 and 1763786400 do not both read "1.76e9".
 */
export function tickLabels(values: readonly number[], opts: { ascii?: boolean; minSig?: number } = {}): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  for (let sig = opts.minSig ?? 3; sig <= 15; sig++) {
    const labels = values.map((v) => fmt(v, { sig, ascii: opts.ascii }));
    let ok = true;
    for (let i = 1; i < values.length && ok; i++) {
      const x = values[i]!, y = values[i - 1]!;
      if (Number.isFinite(x) && Number.isFinite(y) && x !== y && labels[i] === labels[i - 1]) ok = false;
    }
    if (ok || finite.length < 2) return labels;
  }
  return values.map((v) => fmt(v, { sig: 17, ascii: opts.ascii }));
}

/** A p-value: 0.043, 0.5, 2.1e-12 (and 0 when it underflowed). */
export function fmtP(p: number, opts: { ascii?: boolean } = {}): string {
  if (Number.isNaN(p)) return opts.ascii ? '-' : '—';
  if (p === 0) return '0';
  if (p >= 0.1) return trimZeros(p.toFixed(2));
  if (p >= 0.001) return trimZeros(p.toPrecision(2));
  return fmt(p, { sig: 2, ascii: opts.ascii });
}

/** A share as a percentage: 12.3%, 0.04% → "<0.1%", 1 → 100%. */
export function fmtPct(x: number, opts: { ascii?: boolean; digits?: number } = {}): string {
  if (!Number.isFinite(x)) return opts.ascii ? '-' : '—';
  const d = opts.digits ?? 1;
  if (x === 0) return '0%';
  const min = 10 ** -d / 100;
  if (x > 0 && x < min) return `<${min * 100}%`;
  if (x < 1 && x > 1 - min) return `>${trimZeros((100 - min * 100).toFixed(d))}%`;
  return `${trimZeros((x * 100).toFixed(d))}%`;
}

/** HTML text and attribute escaping (both quote kinds, so it is safe in either attribute style). */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

export const SEVERITY_RANK: Record<Severity, number> = { none: 0, moderate: 1, critical: 2 };

export const METHOD_LABEL: Record<string, string> = {
  psi: 'PSI',
  ks: 'KS test',
  wasserstein: 'Wasserstein',
  jensenshannon: 'Jensen–Shannon',
  chisquare: 'χ² test',
};

export const METHOD_ASCII: Record<string, string> = {
  psi: 'psi', ks: 'ks', wasserstein: 'wasserstein', jensenshannon: 'jensenshannon', chisquare: 'chisquare',
};

/** What the method's statistic is. */
export const STATISTIC_LABEL: Record<string, string> = {
  psi: 'PSI',
  ks: 'KS D',
  wasserstein: 'W / σ',
  jensenshannon: 'JS distance',
  chisquare: 'χ²',
};

/** The value the distribution signal thresholds: the (adjusted) p-value for tests, else the statistic. */
export function decidingValue(f: FeatureDrift): number {
  if (f.threshold?.direction === 'lower') return num(f.adjustedPValue ?? f.pValue ?? f.statistic);
  return num(f.statistic);
}

/**
 * A scale-free drift score for ordering features of different methods: the deciding value relative to the
 * moderate threshold (statistic / moderate for distances; log p / log moderate for p-values), so 1 is the
 * moderate line for every method. A feature without a measurement (missing column, no data) scores Infinity.
 */
export function driftScore(f: FeatureDrift): number {
  if (f.status && f.status !== 'ok') return Infinity;
  const v = decidingValue(f);
  if (Number.isNaN(v)) return -1;
  const m = num(f.threshold?.moderate);
  if (f.threshold?.direction === 'lower') {
    if (v <= 0) return Infinity;
    if (!(m > 0 && m < 1)) return -Math.log10(Math.min(1, v));
    return Math.log(Math.min(1, v)) / Math.log(m);
  }
  return m > 0 ? v / m : v;
}

/** Features in the default order: severity (critical first), then drift score, then name. */
export function orderedFeatures(report: DriftReport): FeatureDrift[] {
  const all = Object.entries(report.features ?? {}).map(([k, f]) => (typeof f.feature === 'string' ? f : { ...f, feature: k }));
  return all.sort((a, b) => {
    const s = (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0);
    if (s) return s;
    const da = driftScore(a), db = driftScore(b);
    if (da !== db) return db > da ? 1 : -1;
    return a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0;
  });
}

/** The bins of a feature as (label-able) groups: a numeric histogram over edges, or categories. */
export interface Bins {
  kind: 'edges' | 'categories';
  edges: number[];
  categories: string[];
  ref: number[];
  cur: number[];
  contrib: number[];
}

export function binsOf(f: FeatureDrift): Bins | undefined {
  const b = f.bins;
  if (!b || !Array.isArray(b.referenceProportions) || !Array.isArray(b.currentProportions)) return undefined;
  const n = Math.min(b.referenceProportions.length, b.currentProportions.length);
  if (n === 0) return undefined;
  const ref = b.referenceProportions.slice(0, n).map(num);
  const cur = b.currentProportions.slice(0, n).map(num);
  const contrib = Array.from({ length: n }, (_, i) => num(b.contributions?.[i]));
  if (Array.isArray(b.categories) && b.categories.length >= n) {
    return { kind: 'categories', edges: [], categories: b.categories.slice(0, n).map(String), ref, cur, contrib };
  }
  if (Array.isArray(b.edges) && b.edges.length >= n + 1) {
    return { kind: 'edges', edges: edgesOf(b.edges).slice(0, n + 1), categories: [], ref, cur, contrib };
  }
  return { kind: 'edges', edges: [], categories: [], ref, cur, contrib };
}

/**
 * A long bin list in at most `max` groups, for sparklines. Numeric bins: neighbours averaged (so equal-mass
 * quantile bins stay level); categories: the largest kept, the rest summed into one last group.
 */
export function squeeze(bins: { ref: number[]; cur: number[] }, max: number, categorical: boolean): { ref: number[]; cur: number[] } {
  const n = bins.ref.length;
  const val = (xs: number[], i: number) => (Number.isFinite(xs[i]!) ? xs[i]! : 0);
  if (n <= max) return { ref: bins.ref.slice(), cur: bins.cur.slice() };
  if (categorical) {
    const order = bins.ref.map((_, i) => i).sort((a, b) => Math.max(val(bins.ref, b), val(bins.cur, b)) - Math.max(val(bins.ref, a), val(bins.cur, a)));
    const keep = order.slice(0, max - 1).sort((a, b) => a - b);
    const rest = order.slice(max - 1);
    const sum = (xs: number[], idx: number[]) => idx.reduce((s, i) => s + val(xs, i), 0);
    return {
      ref: [...keep.map((i) => val(bins.ref, i)), sum(bins.ref, rest)],
      cur: bins.cur.length ? [...keep.map((i) => val(bins.cur, i)), sum(bins.cur, rest)] : [],
    };
  }
  const ref: number[] = [], cur: number[] = [];
  for (let g = 0; g < max; g++) {
    const lo = Math.floor((g * n) / max), hi = Math.floor(((g + 1) * n) / max);
    let r = 0, c = 0;
    for (let i = lo; i < hi; i++) { r += val(bins.ref, i); c += val(bins.cur, i); }
    ref.push(r / (hi - lo));
    if (bins.cur.length) cur.push(c / (hi - lo));
  }
  return { ref, cur };
}

export const STATUS_TEXT: Record<FeatureDrift['status'], string> = {
  'ok': 'ok',
  'missing-in-current': 'column missing in current data',
  'no-current-data': 'no current data (all values missing)',
  'no-reference-data': 'no reference data',
};
