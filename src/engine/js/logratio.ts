// Plain-TS twin of assembly/logratio.ts.
import type { DivergenceSums, SmoothingMode } from '../types.js';

/** scipy.special.rel_entr(x, y), xsf's branches. */
export function relEntr(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  if (x > 0 && y > 0) {
    const r = x / y;
    if (0.5 < r && r < 2) return x * Math.log1p((x - y) / y);
    if (2.2250738585072014e-308 < r && r < Infinity) return x * Math.log(r);
    return x * (Math.log(x) - Math.log(y));
  }
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

export function proportions(counts: Float64Array, eps: number, mode: SmoothingMode, out = new Float64Array(counts.length)): Float64Array {
  const k = counts.length;
  let n = 0;
  for (let i = 0; i < k; i++) n += counts[i];
  if (mode === 1) {
    const den = n + k * eps;
    for (let i = 0; i < k; i++) out[i] = (counts[i] + eps) / den;
    return out;
  }
  let s = 0;
  for (let i = 0; i < k; i++) {
    let p = counts[i] / n;
    if (eps > 0 && p < eps) p = eps;
    out[i] = p;
    s += p;
  }
  if (eps > 0) for (let i = 0; i < k; i++) out[i] = out[i] / s;
  return out;
}

/** out: [psi, klRC, klCR, jsDiv, jsDist, hellinger, tv]; contrib optional. */
export function divergencesFromProportions(p: Float64Array, q: Float64Array, out: Float64Array, contrib?: Float64Array): void {
  const k = p.length;
  let sp = 0, sq = 0;
  for (let i = 0; i < k; i++) { sp += p[i]; sq += q[i]; }
  let psi = 0, klpq = 0, klqp = 0, jl = 0, jr = 0, h = 0, tv = 0;
  for (let i = 0; i < k; i++) {
    const a = p[i], b = q[i];
    const t = (b - a) * Math.log(b / a);
    if (contrib) contrib[i] = t;
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
  out[0] = psi; out[1] = klpq; out[2] = klqp; out[3] = js; out[4] = Math.sqrt(js);
  out[5] = Math.sqrt(h / 2); out[6] = tv / 2;
}

export function packDivergences(out: Float64Array, p: Float64Array, q: Float64Array, contrib: Float64Array): DivergenceSums {
  return {
    psi: out[0], klReferenceCurrent: out[1], klCurrentReference: out[2], jsDivergence: out[3], jsDistance: out[4],
    hellinger: out[5], totalVariation: out[6], referenceProportions: p, currentProportions: q, psiContributions: contrib,
  };
}

export function binnedDivergences(ref: Float64Array, cur: Float64Array, eps: number, mode: SmoothingMode): DivergenceSums {
  const p = proportions(ref, eps, mode), q = proportions(cur, eps, mode);
  const out = new Float64Array(8), contrib = new Float64Array(ref.length);
  divergencesFromProportions(p, q, out, contrib);
  return packDivergences(out, p, q, contrib);
}
