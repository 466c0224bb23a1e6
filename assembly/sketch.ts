// The hash filter of the profile's bottom-k sample sketch (src/profile/sketch.ts): which finite values have a
// first hash at or below the sketch's running threshold. Only those reach the (TypeScript) candidate table,
// about k·ln(n/k) of n values, so the per-row cost is this loop. Same hash, bit for bit, as sketch.ts.

const SEED1: u32 = 0x9e3779b9;

@inline function fmix32(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  h ^= h >>> 16;
  return h;
}

/**
 * Writes to out (i32) the indices i < n of finite values whose h1 = fmix32(hi ^ fmix32(lo ^ SEED1)) is <= thr
 * (lo/hi: the value's float64 bit halves, both 0 for ±0); returns how many. Branch-free append.
 */
export function sketchCandidates(values: usize, n: i32, thr: u32, out: usize): i32 {
  let c: i32 = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    const b = select<u64>(reinterpret<u64>(x), 0, x != 0);
    const h1 = fmix32(<u32>(b >> 32) ^ fmix32(<u32>b ^ SEED1));
    store<i32>(out + (<usize>c << 2), i);
    c += i32(h1 <= thr) & i32(x - x == 0);
  }
  return c;
}
