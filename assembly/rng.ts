// xoshiro128** 1.1 (Blackman & Vigna), seeded through splitmix32. 32-bit operations only, so the plain-JS
// twin (Math.imul) produces the identical stream. Doubles take 53 bits from two outputs.

let s0: u32 = 0, s1: u32 = 0, s2: u32 = 0, s3: u32 = 0;

@inline function splitmix32(state: u32): u32 {
  let z = state;
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

export function seedRng(seed: u32): void {
  let st = seed;
  st += 0x9e3779b9; s0 = splitmix32(st);
  st += 0x9e3779b9; s1 = splitmix32(st);
  st += 0x9e3779b9; s2 = splitmix32(st);
  st += 0x9e3779b9; s3 = splitmix32(st);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
}

@inline export function nextU32(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** Uniform double in [0, 1) with 53 random bits. */
@inline export function nextF64(): f64 {
  const a = nextU32() >>> 5, b = nextU32() >>> 6;
  return (<f64>a * 67108864.0 + <f64>b) / 9007199254740992.0;
}

/** Uniform integer in [0, n). */
@inline export function nextIndex(n: i32): i32 {
  return <i32>(nextF64() * <f64>n);
}
