// Issue 13, defect 4: past 2 GiB of WASM memory the arena's pointers went negative (`(top + 15) & ~15` is signed
// 32-bit arithmetic), so callers got "memory access out of bounds" or "Start offset -2134955760 is outside the
// bounds of the buffer" instead of a result or the documented message. A memory stand-in of 4 GiB (nothing is
// allocated) drives the pointer arithmetic; the real path runs with DRIFTKIT_BIG=1 where the machine has the memory
// (quantileEdges on 1.5e8 values: its input and scratch reach past 2 GiB; on 2.7e8 the two exceed 4 GiB).
import { describe, expect, it } from 'vitest';
import { freemem } from 'node:os';
import { Arena } from '../../src/engine/arena.js';
import { quantileEdges } from '../../src/methods/binning.js';

const GiB = 2 ** 30;
const memoryOf = (bytes: number) => ({ buffer: { byteLength: bytes }, grow() { throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'); } }) as unknown as WebAssembly.Memory;

describe('Arena past 2 GiB', () => {
  it('hands out positive, 16-byte aligned pointers above 2^31', () => {
    const a = new Arena(memoryOf(4 * GiB), 1024);
    const p1 = a.alloc(2 * GiB + 3);
    const p2 = a.alloc(1000);
    expect(p1).toBe(1024);
    expect(p2).toBe(Math.ceil((1024 + 2 * GiB + 3) / 16) * 16);
    expect(p2).toBeGreaterThan(2 ** 31);
    expect(p2 % 16).toBe(0);
    a.reset();
    const q = a.pin(2 * GiB + 1);
    expect(q).toBe(1024);
    expect(a.alloc(16)).toBe(Math.ceil((1024 + 2 * GiB + 1) / 16) * 16);
  });

  it('past what the engine allows: the documented message with the size and backend: \'js\'', () => {
    const a = new Arena(memoryOf(3 * GiB), 1024);
    a.alloc(2 * GiB);
    expect(() => a.alloc(2 * GiB)).toThrow(/the inputs need 4097 MiB of WASM memory, more than the engine allows; split the data or pass \{ backend: 'js' \}/);
  });
});

const big = process.env.DRIFTKIT_BIG === '1' && freemem() > 12 * GiB;
describe.skipIf(!big)('the real path (DRIFTKIT_BIG=1, needs ~12 GiB free)', () => {
  const fill = (n: number) => { const x = new Float64Array(n); for (let i = 0; i < n; i++) x[i] = (i * 2654435761) % 1000003; return x; };
  it('quantileEdges on 1.5e8 values (input and scratch reach past 2 GiB of WASM memory): WASM == JS', () => {
    const x = fill(150_000_000);
    expect(Array.from(quantileEdges(x, 10))).toEqual(Array.from(quantileEdges(x, 10, { backend: 'js' })));
  }, 600_000);
  it('quantileEdges on 2.7e8 values (input + scratch > 4 GiB): the documented message, not a trap', () => {
    expect(() => quantileEdges(fill(270_000_000), 10)).toThrow(/the inputs need \d+ MiB of WASM memory, more than the engine allows; split the data or pass \{ backend: 'js' \}/);
  }, 600_000);
});
