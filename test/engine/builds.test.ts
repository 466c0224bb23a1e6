// The scalar build (for engines without fixed-width SIMD) must give the same results as the SIMD build.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { createWasmKernels } from '../../src/engine/wasm.js';
import { simdSupported, wasmKernels } from '../../src/engine/index.js';

const scalarBytes = readFileSync(new URL('../../build/driftkit.wasm', import.meta.url));

describe('WASM builds', () => {
  it('Node 20 supports SIMD and the default kernels use the SIMD build', () => {
    expect(simdSupported()).toBe(true);
    expect(wasmKernels().simd).toBe(true);
  });

  it('scalar build == SIMD build on histograms, sorts and sweeps', async () => {
    const S = await createWasmKernels(await WebAssembly.compile(scalarBytes), false);
    const W = wasmKernels();
    const arr = fc.array(fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 500 }).map((a) => Float64Array.from(a));
    fc.assert(fc.property(arr, arr, (a, b) => {
      const edges = Float64Array.of(-Infinity, -1, 0, 0.5, 2, Infinity);
      expect(S.histogram(a, edges)).toEqual(W.histogram(a, edges));
      const sa = S.sort(a), sb = S.sort(b);
      expect(sa).toEqual(W.sort(a));
      if (sa.sorted.length && sb.sorted.length) {
        expect(S.ksSweep(sa.sorted, sb.sorted)).toEqual(W.ksSweep(sa.sorted, sb.sorted));
      }
    }), { numRuns: 100 });
  });
});
