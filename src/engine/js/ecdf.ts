// Plain-TS twins of assembly/ecdf.ts (same sweep order and arithmetic).
import type { EcdfCountsResult, KsSweepResult } from '../types.js';

/**
 * The KS extremes over the tie groups of a sweep, with numpy's location rule (the group's own first values: equal
 * to v, but -0 and +0 keep their sign); shared by ksSweep and ecdfCounts.
 */
class Extremes {
  private maxD = -Infinity; private maxX = NaN; private maxY = NaN; private hasMaxX = false; private hasMaxY = false;
  private minD = Infinity; private minX = NaN; private minY = NaN; private hasMinX = false; private hasMinY = false;

  add(d: number, inX: boolean, inY: boolean, vx: number, vy: number): void {
    if (d > this.maxD) {
      this.maxD = d; this.hasMaxX = inX; this.hasMaxY = inY; this.maxX = vx; this.maxY = vy;
    } else if (d === this.maxD) {
      if (!this.hasMaxX && inX) { this.hasMaxX = true; this.maxX = vx; }
      if (!this.hasMaxY && inY) { this.hasMaxY = true; this.maxY = vy; }
    }
    if (d < this.minD) {
      this.minD = d; this.hasMinX = inX; this.hasMinY = inY; this.minX = vx; this.minY = vy;
    } else if (d === this.minD) {
      if (!this.hasMinX && inX) { this.hasMinX = true; this.minX = vx; }
      if (!this.hasMinY && inY) { this.hasMinY = true; this.minY = vy; }
    }
  }

  result(): KsSweepResult {
    return { maxDiff: this.maxD, maxLocation: this.hasMaxX ? this.maxX : this.maxY, minDiff: this.minD, minLocation: this.hasMinX ? this.minX : this.minY };
  }
}

export function ksSweep(x: Float64Array, y: Float64Array): KsSweepResult {
  const n1 = x.length, n2 = y.length;
  const e = new Extremes();
  let i = 0, j = 0;
  while (i < n1 || j < n2) {
    const v = j === n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    const i0 = i, j0 = j;
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
    const inX = i > i0, inY = j > j0;
    e.add(i / n1 - j / n2, inX, inY, inX ? x[i0] : v, inY ? y[j0] : v);
  }
  return e.result();
}

/** Twin of ecdfCounts: counts undefined = 1 for every value (a plain sorted sample). */
export function ecdfCounts(x: Float64Array, xc: Float64Array | undefined, y: Float64Array, yc: Float64Array | undefined): EcdfCountsResult {
  const n1 = x.length, n2 = y.length;
  let t1 = 0, t2 = 0;
  for (let k = 0; k < n1; k++) t1 += xc ? xc[k] : 1;
  for (let k = 0; k < n2; k++) t2 += yc ? yc[k] : 1;
  const e = new Extremes();
  let i = 0, j = 0, I = 0, J = 0, prev = 0, acc = 0;
  while (i < n1 || j < n2) {
    const v = j === n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    if (i + j > 0) acc += Math.abs(I * t2 - J * t1) * (v - prev);
    prev = v;
    const i0 = i, j0 = j;
    while (i < n1 && x[i] === v) { I += xc ? xc[i] : 1; i++; }
    while (j < n2 && y[j] === v) { J += yc ? yc[j] : 1; j++; }
    // the kernel adds a zero-gap term per further element of a tie group: (v - v) is NaN for ±Infinity
    if (i - i0 + j - j0 > 1 && !Number.isFinite(v)) acc = NaN;
    const inX = i > i0, inY = j > j0;
    e.add(I / t1 - J / t2, inX, inY, inX ? x[i0] : v, inY ? y[j0] : v);
  }
  return { ...e.result(), wasserstein: acc / (t1 * t2) };
}

export function cdfDistance(x: Float64Array, y: Float64Array, p: 1 | 2): number {
  const n1 = x.length, n2 = y.length;
  let i = 0, j = 0, prev: number;
  if (j === n2 || (i < n1 && x[0] <= y[0])) { prev = x[0]; i = 1; } else { prev = y[0]; j = 1; }
  let acc = 0;
  const total = n1 + n2;
  for (let k = 1; k < total; k++) {
    const takeX = j === n2 || (i < n1 && x[i] <= y[j]);
    const cur = takeX ? x[i] : y[j];
    const delta = cur - prev;
    const num = i * n2 - j * n1;
    acc += p === 1 ? Math.abs(num) * delta : num * num * delta;
    if (takeX) i++; else j++;
    prev = cur;
  }
  return p === 1 ? acc / (n1 * n2) : acc / (n1 * n2) / (n1 * n2);
}

export function cdfDistanceWeighted(x: Float64Array, xw: Float64Array, y: Float64Array, yw: Float64Array, p: 1 | 2): number {
  const n1 = x.length, n2 = y.length;
  let tx = 0, ty = 0;
  for (let k = 0; k < n1; k++) tx += xw[k];
  for (let k = 0; k < n2; k++) ty += yw[k];
  let i = 0, j = 0, cx = 0, cy = 0, prev: number;
  if (j === n2 || (i < n1 && x[0] <= y[0])) { prev = x[0]; cx = xw[0]; i = 1; } else { prev = y[0]; cy = yw[0]; j = 1; }
  let acc = 0;
  const total = n1 + n2;
  for (let k = 1; k < total; k++) {
    const takeX = j === n2 || (i < n1 && x[i] <= y[j]);
    const cur = takeX ? x[i] : y[j];
    const delta = cur - prev;
    const d = cx / tx - cy / ty;
    acc += p === 1 ? Math.abs(d) * delta : d * d * delta;
    if (takeX) { cx += xw[i]; i++; } else { cy += yw[j]; j++; }
    prev = cur;
  }
  return acc;
}

export function cvmU(x: Float64Array, y: Float64Array): number {
  const n1 = x.length, n2 = y.length;
  let i = 0, j = 0, sx = 0, sy = 0;
  while (i < n1 || j < n2) {
    const v = j === n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    const i0 = i, j0 = j;
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
    const r = i0 + j0 + (i - i0 + (j - j0) + 1) * 0.5;
    for (let k = i0 + 1; k <= i; k++) { const d = r - k; sx += d * d; }
    for (let k = j0 + 1; k <= j; k++) { const d = r - k; sy += d * d; }
  }
  return n1 * sx + n2 * sy;
}

export function quantilesLinear(sorted: Float64Array, probs: Float64Array): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(probs.length);
  for (let q = 0; q < probs.length; q++) {
    const h = (n - 1) * probs[q];
    const lo = Math.floor(h);
    const g = h - lo;
    const a = sorted[lo];
    const b = h >= n - 1 ? sorted[n - 1] : sorted[lo + 1];
    const diff = b - a;
    out[q] = g < 0.5 ? a + diff * g : b - diff * (1 - g);
  }
  return out;
}
