// Plain-TS twin of assembly/sketch.ts: the sample sketch's hash pre-filter.
/** The sketch hash's first seed and the murmur3 finaliser (shared with src/profile/sketch.ts). */
export const SEED1 = 0x9e3779b9 | 0;

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Indices of a float64's low and high 32-bit halves in a Uint32Array view. */
export const LO = LITTLE ? 0 : 1;
export const HI = 1 - LO;

export function sketchCandidates(values: Float64Array, thr: number): Int32Array {
  const n = values.length;
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const out = new Int32Array(n);
  const t = thr >>> 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x - x !== 0) continue;
    const lo = x === 0 ? 0 : bits[2 * i + LO], hi = x === 0 ? 0 : bits[2 * i + HI];
    if (fmix32(hi ^ fmix32(lo ^ SEED1)) <= t) out[c++] = i;
  }
  return out.slice(0, c);
}
