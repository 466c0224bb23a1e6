// The WASM backend: kernels compiled from assembly/ and called through the compiler's raw bindings with
// pointer + length signatures (no per-call typed-array marshalling by the bindings; the arena copies once).
import { instantiate } from '../../build/driftkit.simd.js';
import { Arena } from './arena.js';
import { foldEdgeSlots, foldUniformSlots, linspaceEdges, unpackMoments } from './slots.js';
import type { DivergenceSums, Kernels, SmoothingMode } from './types.js';

type Exports = Awaited<ReturnType<typeof instantiate>>;

/** assembly/sort.ts SORT_HIST_BYTES: the top-16-bit table plus six 256-entry digit tables. */
const SORT_HIST_BYTES = 65536 * 4 + 6 * 1024;

export interface WasmKernels extends Kernels {
  readonly simd: boolean;
  /** Bytes of linear memory in use (grows to the largest call, then stays flat). */
  memoryBytes(): number;
}

export async function createWasmKernels(module: WebAssembly.Module, simd: boolean): Promise<WasmKernels> {
  const ex: Exports = await instantiate(module, { env: {} } as never);
  const A = new Arena(ex.memory, ex.heapBase());

  const sortInPlace = (p: number, n: number): number => {
    const scratch = A.alloc(n * 8), hist = A.alloc(SORT_HIST_BYTES);
    return ex.sortF64(p, n, scratch, hist);
  };

  const divergences = (ref: Float64Array, cur: Float64Array, eps: number, mode: SmoothingMode): DivergenceSums => {
    A.reset();
    const k = ref.length;
    const r = A.putF64(ref), c = A.putF64(cur);
    const p = A.alloc(k * 8), q = A.alloc(k * 8), out = A.alloc(64), contrib = A.alloc(k * 8);
    ex.binnedDivergences(r, c, k, eps, mode, p, q, out, contrib);
    const o = A.f64(out, 8);
    return {
      psi: o[0], klReferenceCurrent: o[1], klCurrentReference: o[2], jsDivergence: o[3], jsDistance: o[4],
      hellinger: o[5], totalVariation: o[6], referenceProportions: A.f64(p, k).slice(),
      currentProportions: A.f64(q, k).slice(), psiContributions: A.f64(contrib, k).slice(),
    };
  };

  return {
    backend: 'wasm',
    simd,
    memoryBytes: () => A.byteLength,
    histogram(values, edges) {
      A.reset();
      const E = edges.length;
      const v = A.putF64(values), e = A.putF64(edges), s = A.zeroI32(E + 3), t = A.alloc(4 * (E + 3) * 4);
      ex.histogramEdges(v, values.length, e, E, s, t);
      return foldEdgeSlots(A.i32(s, E + 3), E);
    },
    histogramUniform(values, lo, hi, bins) {
      A.reset();
      const v = A.putF64(values), e = A.putF64(linspaceEdges(lo, hi, bins)), s = A.zeroI32(bins + 3);
      ex.histogramUniform(v, values.length, lo, hi, bins, e, s);
      return foldUniformSlots(A.i32(s, bins + 3), bins);
    },
    histogramMoments(values, edges) {
      A.reset();
      const E = edges.length;
      const v = A.putF64(values), e = A.putF64(edges), s = A.zeroI32(E + 3), m = A.alloc(64);
      ex.histogramMoments(v, values.length, e, E, s, m);
      return { histogram: foldEdgeSlots(A.i32(s, E + 3), E), moments: unpackMoments(A.f64(m, 8)) };
    },
    moments(values) {
      A.reset();
      const v = A.putF64(values), m = A.alloc(64);
      ex.moments(v, values.length, m);
      return unpackMoments(A.f64(m, 8));
    },
    countCodes(codes, k) {
      A.reset();
      const c = A.putI32(codes), s = A.zeroI32(k + 1);
      ex.countCodes(c, codes.length, k, s);
      return Float64Array.from(A.i32(s, k + 1));
    },
    sort(values) {
      A.reset();
      const n = values.length;
      const p = A.putF64(values);
      const m = sortInPlace(p, n);
      return { sorted: A.f64(p, m).slice(), nanCount: n - m };
    },
    argsort(values) {
      A.reset();
      const n = values.length;
      const v = A.putF64(values), idx = A.alloc(n * 4), k1 = A.alloc(n * 8), k2 = A.alloc(n * 8), i2 = A.alloc(n * 4);
      const hist = A.alloc(8 * 256 * 4);
      ex.argsortF64(v, n, idx, k1, k2, i2, hist);
      return A.u32(idx, n).slice();
    },
    ksSweep(x, y) {
      A.reset();
      const px = A.putF64(x), py = A.putF64(y), out = A.alloc(32);
      ex.ksSweep(px, x.length, py, y.length, out);
      const o = A.f64(out, 4);
      return { maxDiff: o[0], maxLocation: o[1], minDiff: o[2], minLocation: o[3] };
    },
    cdfDistance(x, y, p) {
      A.reset();
      const px = A.putF64(x), py = A.putF64(y);
      return ex.cdfDistance(px, x.length, py, y.length, p);
    },
    cdfDistanceWeighted(x, xw, y, yw, p) {
      A.reset();
      const px = A.putF64(x), pxw = A.putF64(xw), py = A.putF64(y), pyw = A.putF64(yw);
      return ex.cdfDistanceWeighted(px, pxw, x.length, py, pyw, y.length, p);
    },
    cvmU(x, y) {
      A.reset();
      const px = A.putF64(x), py = A.putF64(y);
      return ex.cvmU(px, x.length, py, y.length);
    },
    quantiles(sorted, probs) {
      A.reset();
      const s = A.putF64(sorted), pr = A.putF64(probs), out = A.alloc(probs.length * 8);
      ex.quantilesLinear(s, sorted.length, pr, probs.length, out);
      return A.f64(out, probs.length).slice();
    },
    quantileSummary(values, probs) {
      A.reset();
      const n = values.length, k = probs.length;
      const v = A.putF64(values), pr = A.putF64(probs), out = A.alloc((k + 2) * 8);
      const scratch = A.alloc(n * 8), hist = A.alloc(ex.quantilesSelectBytes(k));
      const m = ex.quantilesSelect(v, n, pr, k, out, scratch, hist);
      if (m === 0) return { quantiles: new Float64Array(k).fill(NaN), count: 0, min: NaN, max: NaN };
      const o = A.f64(out, k + 2);
      return { quantiles: o.slice(0, k), count: m, min: o[k], max: o[k + 1] };
    },
    binnedDivergences: divergences,
    bootstrapBinned(ref, cur, B, seed, stat, eps, mode) {
      A.reset();
      const k = ref.length;
      const r = A.putF64(ref), c = A.putF64(cur), scratch = A.alloc((6 * k + 8) * 8), out = A.alloc(B * 8);
      ex.bootstrapBinned(r, c, k, B, seed >>> 0, stat, eps, mode, scratch, out);
      return A.f64(out, B).slice();
    },
    bootstrapSorted(x, y, B, seed, stat) {
      A.reset();
      const n1 = x.length, n2 = y.length;
      const px = A.putF64(x), py = A.putF64(y);
      const scratch = A.alloc((n1 + n2 + 8) * 8 + Math.max(n1, n2) * 4), out = A.alloc(B * 8);
      ex.bootstrapSorted(px, n1, py, n2, B, seed >>> 0, stat, scratch, out);
      return A.f64(out, B).slice();
    },
    permutationSorted(pooled, n1, B, seed, stat) {
      A.reset();
      const N = pooled.length;
      const pp = A.putF64(pooled), scratch = A.alloc((N + 8) * 8 + N), out = A.alloc(B * 8);
      ex.permutationSorted(pp, N, n1, B, seed >>> 0, stat, scratch, out);
      return A.f64(out, B).slice();
    },
    permutationBinned(pooledCounts, nRef, B, seed, stat, eps, mode) {
      A.reset();
      const k = pooledCounts.length;
      let N = 0;
      for (let i = 0; i < k; i++) N += pooledCounts[i];
      const pc = A.putF64(pooledCounts), scratch = A.alloc((6 * k + 8) * 8 + N), out = A.alloc(B * 8);
      ex.permutationBinned(pc, k, nRef, B, seed >>> 0, stat, eps, mode, scratch, out);
      return A.f64(out, B).slice();
    },
    sketchCandidates(values, thr) {
      A.reset();
      const n = values.length;
      const v = A.putF64(values), out = A.alloc(n * 4 + 4);
      const c = ex.sketchCandidates(v, n, thr >>> 0, out);
      return A.i32(out, c).slice();
    },
    rng(seed, n) {
      A.reset();
      const out = A.alloc(n * 4);
      ex.rngFill(seed >>> 0, n, out);
      return A.u32(out, n).slice();
    },
  };
}
