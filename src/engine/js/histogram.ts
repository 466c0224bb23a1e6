// Plain-TS twin of assembly/histogram.ts (same slot layout and arithmetic).
const LINEAR_MAX = 32;

export function slotOf(x: number, edges: Float64Array, E: number): number {
  let s = 0;
  if (E <= LINEAR_MAX) {
    for (let j = 0; j < E; j++) s += +(x >= edges[j]);
  } else {
    let lo = 0, hi = E;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= x) lo = mid + 1; else hi = mid;
    }
    s = lo;
  }
  s += +(x > edges[E - 1]);
  return x !== x ? E + 2 : s;
}

export function histogramEdges(values: Float64Array, edges: Float64Array): Int32Array {
  const E = edges.length;
  const slots = new Int32Array(E + 3);
  for (let i = 0; i < values.length; i++) slots[slotOf(values[i], edges, E)]++;
  return slots;
}

export function histogramUniform(values: Float64Array, lo: number, hi: number, nb: number, edges: Float64Array): Int32Array {
  const slots = new Int32Array(nb + 3);
  const norm = nb / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    let s: number;
    if (x !== x) s = nb + 2;
    else if (x < lo) s = 0;
    else if (x > hi) s = nb + 1;
    else {
      let b = Math.trunc((x - lo) * norm);
      if (b >= nb) b = nb - 1;
      if (x < edges[b]) b--;
      else if (b !== nb - 1 && x >= edges[b + 1]) b++;
      s = b + 1;
    }
    slots[s]++;
  }
  return slots;
}

export function countCodes(codes: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k + 1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    counts[c >= 0 && c < k ? c : k]++;
  }
  return counts;
}

/** f64[8]: finite count, NaN, +Inf, -Inf, min, max, mean, M2 (shifted one-pass sums, as the kernel). */
export function moments(values: Float64Array, edges?: Float64Array, slots?: Int32Array): Float64Array {
  const n = values.length;
  let shift = 0, found = false;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x - x === 0) { shift = x; found = true; break; }
  }
  let cnt = 0, nan = 0, pinf = 0, ninf = 0, mn = Infinity, mx = -Infinity, s1 = 0, s2 = 0;
  const E = edges ? edges.length : 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (slots) slots[slotOf(x, edges!, E)]++;
    if (x - x === 0) {
      cnt += 1;
      const d = x - shift;
      s1 += d; s2 += d * d;
      if (x < mn) mn = x;
      if (x > mx) mx = x;
    } else if (x !== x) nan += 1;
    else if (x > 0) pinf += 1;
    else ninf += 1;
  }
  return Float64Array.of(cnt, nan, pinf, ninf, found ? mn : NaN, found ? mx : NaN,
    cnt > 0 ? shift + s1 / cnt : NaN, cnt > 0 ? Math.max(s2 - (s1 * s1) / cnt, 0) : NaN);
}
