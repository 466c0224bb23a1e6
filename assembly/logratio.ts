// Log-ratio sums over two count vectors (k bins): PSI with per-bin contributions, KL both ways,
// Jensen–Shannon, Hellinger and total variation. Proportions are smoothed first:
//   mode 0 (clip, the drift-tool convention): p = max(c/n, eps), then renormalised to sum 1;
//   mode 1 (additive / Laplace): p = (c + eps) / (n + k·eps).
// eps = 0 with mode 0 leaves raw proportions (a zero bin then gives an infinite PSI/KL, as SciPy does).

// out layout (f64[8])
export const OUT_PSI = 0;
export const OUT_KL_RC = 1;
export const OUT_KL_CR = 2;
export const OUT_JS_DIV = 3;
export const OUT_JS_DIST = 4;
export const OUT_HELLINGER = 5;
export const OUT_TV = 6;

@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** scipy.special.rel_entr(x, y) with xsf's branches (log1p near 1 keeps tiny divergences accurate). */
@inline export function relEntr(x: f64, y: f64): f64 {
  if (x != x || y != y) return NaN;
  if (x > 0 && y > 0) {
    const r = x / y;
    if (0.5 < r && r < 2) return x * Math.log1p((x - y) / y);
    if (2.2250738585072014e-308 < r && r < Infinity) return x * Math.log(r);
    return x * (Math.log(x) - Math.log(y));
  }
  if (x == 0 && y >= 0) return 0;
  return Infinity;
}

export function proportions(counts: usize, k: i32, eps: f64, mode: i32, out: usize): void {
  let n: f64 = 0;
  for (let i = 0; i < k; i++) n += at(counts, i);
  if (mode == 1) {
    const den = n + <f64>k * eps;
    for (let i = 0; i < k; i++) put(out, i, (at(counts, i) + eps) / den);
    return;
  }
  let s: f64 = 0;
  for (let i = 0; i < k; i++) {
    let p = at(counts, i) / n;
    if (eps > 0 && p < eps) p = eps;
    put(out, i, p);
    s += p;
  }
  if (eps > 0) for (let i = 0; i < k; i++) put(out, i, at(out, i) / s);
}

/** Sums over proportions p (reference) and q (current), both summing to ~1. contrib: f64[k] (PSI terms). */
export function divergencesFromProportions(p: usize, q: usize, k: i32, out: usize, contrib: usize): void {
  // scipy.stats.entropy / jensenshannon renormalise their inputs; do the same so results match bit-closely.
  let sp: f64 = 0, sq: f64 = 0;
  for (let i = 0; i < k; i++) { sp += at(p, i); sq += at(q, i); }
  let psi: f64 = 0, klpq: f64 = 0, klqp: f64 = 0, jl: f64 = 0, jr: f64 = 0, h: f64 = 0, tv: f64 = 0;
  for (let i = 0; i < k; i++) {
    const a = at(p, i), b = at(q, i);
    const t = (b - a) * Math.log(b / a);
    if (contrib) put(contrib, i, t);
    psi += t;
    const an = a / sp, bn = b / sq;
    klpq += relEntr(an, bn);
    klqp += relEntr(bn, an);
    const m = (an + bn) / 2;
    jl += relEntr(an, m);
    jr += relEntr(bn, m);
    const d = Math.sqrt(a) - Math.sqrt(b);
    h += d * d;
    tv += Math.abs(a - b);
  }
  const js = (jl + jr) / 2;
  put(out, OUT_PSI, psi);
  put(out, OUT_KL_RC, klpq);
  put(out, OUT_KL_CR, klqp);
  put(out, OUT_JS_DIV, js);
  put(out, OUT_JS_DIST, Math.sqrt(js));
  put(out, OUT_HELLINGER, Math.sqrt(h / 2));
  put(out, OUT_TV, tv / 2);
}

/** Counts → proportions (into pOut, qOut: f64[k]) → all divergences (out: f64[8], contrib: f64[k]). */
export function binnedDivergences(ref: usize, cur: usize, k: i32, eps: f64, mode: i32, pOut: usize, qOut: usize, out: usize, contrib: usize): void {
  proportions(ref, k, eps, mode, pOut);
  proportions(cur, k, eps, mode, qOut);
  divergencesFromProportions(pOut, qOut, k, out, contrib);
}
