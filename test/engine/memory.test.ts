// WASM linear memory grows to the largest call's need and then stays flat: the arena is reset per call and
// nothing is retained between calls. (WASM memory never shrinks, so growth would be a leak.)
import { describe, expect, it } from 'vitest';
import { wasmKernels } from '../../src/engine/index.js';
import { histogram, quantileEdges } from '../../src/methods/binning.js';
import { psi } from '../../src/methods/divergences.js';
import { wassersteinDistance } from '../../src/methods/cdf-distance.js';
import { bootstrap } from '../../src/methods/resampling.js';

const n = 100_000;
const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) * 3 + (i % 7));
const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3) * 3 + (i % 5));

describe('WASM memory', () => {
  it('10,000 calls in a row on 1e5-element inputs leave memory at its size after the first few', () => {
    const W = wasmKernels();
    const edges = quantileEdges(a, 10);
    const run = () => {
      histogram(a, edges);
      psi(a, b);
      wassersteinDistance(a, b);
    };
    for (let i = 0; i < 5; i++) run();
    bootstrap(a, b, { statistic: 'wasserstein', nResamples: 2 });
    const after = W.memoryBytes();
    for (let i = 0; i < 10_000; i++) {
      histogram(a, edges);
      if (i % 10 === 0) { psi(a, b); wassersteinDistance(a, b); }
      if (i % 1000 === 0) bootstrap(a, b, { statistic: 'wasserstein', nResamples: 2 });
    }
    expect(W.memoryBytes()).toBe(after);
    // bounded by the inputs: two 1e5 f64 columns plus scratch, far below 64 MiB
    expect(after).toBeLessThan(64 * 1024 * 1024);
  });

  it('an input too large for WASM memory is a clear error, not a RangeError or trap, and the engine recovers', async () => {
    const { Arena } = await import('../../src/engine/arena.js');
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const A = new Arena(mem, 1024);
    expect(() => A.alloc(10 * 65536)).toThrow(/driftkit: the inputs need 1 MiB of WASM memory, more than the engine allows; split the data or pass \{ backend: 'js' \}/);
    A.reset();
    expect(A.alloc(1000)).toBe(1024);
  });

  it('results stay correct after memory.grow (views re-made, nothing stale)', () => {
    const W = wasmKernels();
    const small = Float64Array.of(3, 1, 2);
    const before = W.sort(small).sorted;
    const big = new Float64Array(3_000_000).map((_, i) => (i * 7919) % 1000);
    W.sort(big); // forces growth if memory was smaller
    expect(W.sort(small).sorted).toEqual(before);
    expect(Array.from(histogram([0.5, 1.5, 2.5], [0, 1, 2, 3]))).toEqual([1, 1, 1]);
  });
});
