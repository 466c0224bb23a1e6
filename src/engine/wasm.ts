// The WASM backend: kernels compiled from assembly/ and called through the compiler's raw bindings with
// pointer + length signatures (no per-call typed-array marshalling by the bindings; the arena copies once).
import { instantiate } from '../../build/driftkit.simd.js';
import { Arena } from './arena.js';
import { foldEdgeSlots, foldUniformSlots, linspaceEdges, unpackMoments } from './slots.js';
import { fail } from '../errors.js';
import { checkSketchCapacity, checkSketchValues } from './js/sketch.js';
import type { DivergenceSums, Kernels, SketchTable, SmoothingMode } from './types.js';

type Exports = Awaited<ReturnType<typeof instantiate>>;

/** assembly/sort.ts SORT_HIST_BYTES: the top-16-bit table plus six 256-entry digit tables. */
const SORT_HIST_BYTES = 65536 * 4 + 6 * 1024;

export interface WasmKernels extends Kernels {
  readonly simd: boolean;
  /** Bytes of linear memory in use (grows to the largest call, then stays flat). */
  memoryBytes(): number;
  /** Bytes of the pinned region (sketch tables, live and free) below the per-call arena. */
  pinnedBytes(): number;
}

/** Entries of a new sketch table's block; it grows 4x at a time (up to 2k) as distinct values arrive. */
const SKETCH_FIRST_ENTRIES = 512;
/** Values per sketchAdd call: a slice and the table's index stay in cache together. */
const SKETCH_SLICE = 16384;
/**
 * A call reserves, ahead of its values in the arena, room for the blocks its table may still grow into, so
 * that growing mid-call leaves the values in place; past this (huge capacities) the values are copied in
 * again after a growth instead.
 */
const SKETCH_GAP_BYTES = 8 * 2 ** 20;
/** Smallest column added in rounds (a round's bookkeeping pays off only when it skips many values). */
const SKETCH_ROUNDS_MIN = 4096;

/**
 * Pinned bytes of resident sketch tables per instance. Past it the least recently used tables are copied
 * out to the JS heap (and back on their next use). A sketch dropped without sketchFree holds its block until
 * its finaliser runs, which needs a garbage collection and a turn of the event loop (never, in a synchronous
 * loop), and WASM memory never shrinks: the budget bounds what dropped tables can hold meanwhile.
 */
const SKETCH_RESIDENT_BYTES = 64 * 2 ** 20;

/** Where a table's state is pinned (ptr 0: not resident). Small, so the finaliser can hold it. */
interface Block { ptr: number; bytes: number }

/** A sample-sketch table of one instance (see assembly/sketch.ts for the block layout). */
class WasmSketchTable implements SketchTable {
  entries = 0;
  /** The block's bytes while evicted (the block holds no pointers, so it may come back anywhere). */
  saved: Uint8Array | undefined;
  freed = false;
  constructor(readonly capacity: number, readonly arena: Arena, readonly block: Block) {}
}

export async function createWasmKernels(module: WebAssembly.Module, simd: boolean): Promise<WasmKernels> {
  return kernelsFromExports(await instantiate(module, { env: {} } as never), simd);
}

/**
 * The same, instantiated synchronously: Node's entry uses it so that no module in its graph has a top-level
 * await (require(esm) in Node >= 20.19 refuses those). Browsers keep the async path (Chromium limits
 * synchronous compilation on the main thread). The adaptation mirrors the raw bindings' instantiate().
 */
export function createWasmKernelsSync(module: WebAssembly.Module, simd: boolean): WasmKernels {
  const { exports } = new WebAssembly.Instance(module, { env: {} });
  const raw = exports as unknown as Exports;
  const ex = Object.setPrototypeOf({ heapBase: () => raw.heapBase() >>> 0 }, raw) as Exports;
  return kernelsFromExports(ex, simd);
}

function kernelsFromExports(ex: Exports, simd: boolean): WasmKernels {
  const A = new Arena(ex.memory, ex.heapBase());

  const sortInPlace = (p: number, n: number): number => {
    const scratch = A.alloc(n * 8), hist = A.alloc(SORT_HIST_BYTES);
    return ex.sortF64(p, n, scratch, hist);
  };

  /** A count of 1.0 that a stride-0 sample reads for every value. */
  const unitCount = (): number => {
    const p = A.alloc(8);
    A.f64(p, 1)[0] = 1;
    return p;
  };
  const sweepCounts = (x: number, xc: number, sx: number, n1: number, y: number, yc: number, sy: number, n2: number) => {
    const out = A.alloc(40);
    ex.ecdfCounts(x, xc, sx, n1, y, yc, sy, n2, out);
    const o = A.f64(out, 5);
    return { maxDiff: o[0], maxLocation: o[1], minDiff: o[2], minLocation: o[3], wasserstein: o[4] };
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

  // Resident tables, least recently used first (Map order), and their pinned bytes. Only resident tables
  // are referenced from here: an evicted one (with its saved bytes) is garbage as soon as its owner is.
  const resident = new Map<Block, WasmSketchTable>();
  let residentBytes = 0;

  const release = (b: Block): void => {
    if (b.ptr === 0) return;
    A.unpin(b.ptr);
    resident.delete(b);
    residentBytes -= b.bytes;
    b.ptr = 0;
  };
  // Runs after a table's owner was collected without sketchFree (finalisers run between tasks, never
  // between a call's alloc() and its kernel).
  const finaliser = new FinalizationRegistry<Block>(release);

  const evict = (t: WasmSketchTable): void => {
    t.saved = A.u8(t.block.ptr, t.block.bytes).slice();
    release(t.block);
  };

  /** A block of `bytes` for t, evicting least recently used tables (never t) to stay within the budget. */
  const pinFor = (t: WasmSketchTable, bytes: number): number => {
    for (const u of resident.values()) {
      if (residentBytes + bytes <= SKETCH_RESIDENT_BYTES) break;
      if (u !== t) evict(u);
    }
    const p = A.pin(bytes);
    residentBytes += bytes;
    return p;
  };

  /** Check t and make it resident and the most recently used. */
  const table = (fn: string, t: SketchTable): WasmSketchTable => {
    if (!(t instanceof WasmSketchTable) || t.arena !== A) {
      fail(fn, 'table', 'was not created by these WASM kernels (a sketch table lives in the memory of the instance that created it)');
    }
    if (t.freed) fail(fn, 'table', 'has been freed');
    const b = t.block;
    if (b.ptr === 0) {
      const p = pinFor(t, b.bytes);
      A.u8(p, b.bytes).set(t.saved!);
      t.saved = undefined;
      b.ptr = p;
    } else {
      resident.delete(b);
    }
    resident.set(b, t);
    return t;
  };

  /** Move t (resident) to a block of `entries` entries. */
  const moveTable = (t: WasmSketchTable, entries: number): void => {
    const b = t.block, bytes = ex.sketchBlockBytes(entries);
    const p = pinFor(t, bytes);
    ex.sketchGrow(b.ptr, p, entries);
    A.unpin(b.ptr);
    residentBytes -= b.bytes;
    b.ptr = p;
    b.bytes = bytes;
    t.entries = entries;
  };

  /** Blocks t may still grow into (its 4x steps up to 2k entries), in bytes. */
  const growthBytes = (t: WasmSketchTable): number => {
    let bytes = 0;
    for (let e = t.entries; e < 2 * t.capacity;) {
      e = Math.min(2 * t.capacity, 4 * e);
      bytes += ex.sketchBlockBytes(e);
    }
    return bytes;
  };

  /** One sketchAdd call over values, moving t to a larger block whenever it fills. */
  const addCall = (t: WasmSketchTable, values: Float64Array): void => {
    const n = values.length;
    let from = 0;
    while (from < n) {
      A.reset();
      // room for t's growth first, so a block pinned at the bump base lands there, not on the values
      const g = growthBytes(t), gap = g <= SKETCH_GAP_BYTES;
      if (gap) A.alloc(g);
      const v = A.putF64(from === 0 ? values : values.subarray(from));
      const scratch = A.alloc(ex.sketchAddScratchBytes(gap ? 2 * t.capacity : t.entries));
      for (let i = 0; ;) {
        const done = ex.sketchAdd(t.block.ptr, v, i, n - from, scratch);
        if (done >= n - from) return;
        moveTable(t, Math.min(2 * t.capacity, 4 * t.entries));
        if (!gap) { from += done; break; } // the new block may have landed on the values: copy them in again
        i = done;
      }
    }
  };

  const addSlices = (t: WasmSketchTable, values: Float64Array): void => {
    for (let p = 0; p < values.length; p += SKETCH_SLICE) addCall(t, values.subarray(p, p + SKETCH_SLICE));
  };

  /**
   * A column large enough to lower the threshold a lot (every first add, and later adds of many rows): rather
   * than inserting its candidates until the table fills and cutting most of them, add in rounds the values
   * whose h1 falls in a growing window, the first being where the table's entries and the column's values,
   * if distinct, would put about k + k/8 keys (keys are uniform: the table's up to its threshold, the
   * column's over all keys). Once more than k entries are in the windows so far, the threshold drops to the
   * window's end and the rest of the column is skipped. Duplicates make later rounds necessary; each round
   * takes other values, so nothing is counted twice. Most columns take one round.
   */
  const addColumn = (t: WasmSketchTable, values: Float64Array): void => {
    const n = values.length, k = t.capacity;
    const size = ex.sketchSize(t.block.ptr), top = Math.min(ex.sketchThreshold(t.block.ptr), 2 ** 53);
    let x = (k + Math.max(k / 8, 4 * Math.sqrt(k) + 4)) / (size / top + n / 2 ** 53);
    // A round ends with a compaction of the table: on an empty table that replaces a cut, so rounds pay as
    // soon as they skip values; on a full one it replaces inserts, so only when the threshold drops a lot.
    if (n < SKETCH_ROUNDS_MIN || x >= (size === 0 ? 0.75 : 0.25) * top) { addSlices(t, values); return; }
    let lo = 0;
    try {
      for (;;) {
        const whi = x >= top ? 0xffffffff : Math.max(lo, Math.floor(x / 2 ** 21)); // windows never overlap
        ex.sketchSetWindow(t.block.ptr, lo, whi);
        addSlices(t, values);
        if (whi === 0xffffffff) break;
        const c = ex.sketchSettle(t.block.ptr, whi);
        if (c < 0) break;
        x *= Math.max(4, (1.5 * k) / Math.max(c, 1)); // widen by the shortfall, at least 4x
        lo = whi + 1;
      }
    } finally {
      ex.sketchSetWindow(t.block.ptr, 0, 0xffffffff); // also after an error: a window left set would skip values
    }
  };

  return {
    backend: 'wasm',
    simd,
    memoryBytes: () => A.byteLength,
    pinnedBytes: () => A.pinnedBytes,
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
      const v = A.putF64(values), e = A.putF64(edges), s = A.zeroI32(E + 3), m = A.alloc(64), t = A.alloc(4 * (E + 3) * 4);
      ex.histogramMoments(v, values.length, e, E, s, m, t);
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
    ecdfCounts(x, xc, y, yc) {
      A.reset();
      const px = A.putF64(x), pxc = xc ? A.putF64(xc) : unitCount(), py = A.putF64(y), pyc = yc ? A.putF64(yc) : unitCount();
      return sweepCounts(px, pxc, xc ? 1 : 0, x.length, py, pyc, yc ? 1 : 0, y.length);
    },
    columnVsSample(values, edges, refValues, refCounts) {
      // one copy in: histogram, sort in place, sweep; nothing of the column is copied out
      A.reset();
      const n = values.length, E = edges.length, k = refValues.length;
      const v = A.putF64(values), e = A.putF64(edges), s = A.zeroI32(E + 3), t = A.alloc(4 * (E + 3) * 4);
      ex.histogramEdges(v, n, e, E, s, t);
      const histogram = foldEdgeSlots(A.i32(s, E + 3), E);
      const m = sortInPlace(v, n);
      if (m === 0 || k === 0) return { histogram, sorted: m, sweep: undefined };
      const pr = A.putF64(refValues), pc = A.putF64(refCounts);
      return { histogram, sorted: m, sweep: sweepCounts(pr, pc, 1, k, v, unitCount(), 0, m) };
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
    sketchCreate(capacity, owner) {
      const k = checkSketchCapacity('sketchCreate', capacity);
      const entries = Math.min(2 * k, SKETCH_FIRST_ENTRIES);
      const t = new WasmSketchTable(k, A, { ptr: 0, bytes: ex.sketchBlockBytes(entries) });
      t.entries = entries;
      t.block.ptr = pinFor(t, t.block.bytes);
      resident.set(t.block, t);
      ex.sketchInit(t.block.ptr, k, entries);
      finaliser.register(owner ?? t, t.block, t);
      return t;
    },
    sketchAdd(tbl, values) {
      checkSketchValues('sketchAdd', values);
      addColumn(table('sketchAdd', tbl), values);
    },
    sketchSample(tbl) {
      const t = table('sketchSample', tbl);
      A.reset();
      const p = t.block.ptr, size = ex.sketchSize(p), m = Math.min(size, t.capacity);
      const vals = A.alloc(m * 8), cnts = A.alloc(m * 8), scratch = A.alloc(ex.sketchSampleScratchBytes(size));
      const r = ex.sketchSample(p, vals, cnts, scratch);
      const c = r < 0 ? -r - 1 : r;
      return { values: A.f64(vals, c).slice(), counts: A.f64(cnts, c).slice(), exact: r >= 0 };
    },
    sketchFree(tbl) {
      if (!(tbl instanceof WasmSketchTable) || tbl.arena !== A) {
        fail('sketchFree', 'table', 'was not created by these WASM kernels (a sketch table lives in the memory of the instance that created it)');
      }
      if (tbl.freed) return;
      tbl.freed = true;
      finaliser.unregister(tbl);
      release(tbl.block);
      tbl.saved = undefined;
    },
    rng(seed, n) {
      A.reset();
      const out = A.alloc(n * 4);
      ex.rngFill(seed >>> 0, n, out);
      return A.u32(out, n).slice();
    },
  };
}
