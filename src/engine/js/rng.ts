// Plain-TS twin of assembly/rng.ts: xoshiro128** 1.1 seeded through splitmix32, 32-bit arithmetic only.
export class Xoshiro128 {
  private s0 = 0; private s1 = 0; private s2 = 0; private s3 = 0;

  constructor(seed: number) {
    const mix = (z: number) => {
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    let st = seed >>> 0;
    st = (st + 0x9e3779b9) >>> 0; this.s0 = mix(st);
    st = (st + 0x9e3779b9) >>> 0; this.s1 = mix(st);
    st = (st + 0x9e3779b9) >>> 0; this.s2 = mix(st);
    st = (st + 0x9e3779b9) >>> 0; this.s3 = mix(st);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextU32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0; this.s3 ^= this.s1; this.s1 ^= this.s2; this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextF64(): number {
    const a = this.nextU32() >>> 5, b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  nextIndex(n: number): number {
    return Math.trunc(this.nextF64() * n);
  }
}
