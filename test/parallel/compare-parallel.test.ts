// compareParallel: numeric features measured on a Piscina pool (workers load the built dist/parallel/worker.js,
// so this test uses the built package, as users do) give exactly the single-thread report.
import { afterAll, describe, expect, it } from 'vitest';

// the built package (Node's self-reference): workers must be compiled JS
const dk = await import('driftkit');

function normals(n: number, mean: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  return Float64Array.from({ length: n }, () => mean + Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

afterAll(async () => { await dk.closePools(); });

describe('compareParallel', () => {
  const ref = { a: normals(20_000, 0, 1), b: normals(20_000, 0, 2), c: normals(20_000, 0, 3), k: Array.from({ length: 20_000 }, (_, i) => (i % 3 ? 'x' : 'y')) };
  const cur = { a: normals(30_000, 0.3, 4), b: normals(30_000, 0, 5), c: normals(30_000, 1, 6), k: Array.from({ length: 30_000 }, (_, i) => (i % 4 ? 'x' : 'z')) };
  const strip = (r: { timestamp: string }) => ({ ...r, timestamp: '' });

  it('gives exactly the single-thread report on 2 workers', async () => {
    const p = dk.profile(ref);
    const single = dk.compare(p, cur, { correction: 'bh' });
    const par = await dk.compareParallel(p, cur, { threads: 2, minParallelValues: 0, correction: 'bh' });
    expect(strip(par)).toEqual(strip(single));
    expect(par.driftedFeatures).toEqual(single.driftedFeatures);
  });

  it('a small reference (KS decides) gives the single-thread p-values: the worker counts the sample it receives', async () => {
    // regression: workers got the profile with its sample emptied and read the reference sample size from it
    // (n = 1), so KS p-values came out ~0.98 where they are ~1e-35
    const small = { a: normals(300, 0, 7), b: normals(300, 0, 8) };
    const now = { a: normals(300, 1.2, 9), b: normals(300, 0, 10) };
    const p = dk.profile(small);
    const single = dk.compare(p, now);
    expect(single.features.a.method).toBe('ks');
    expect(single.features.a.pValue).toBeLessThan(1e-20);
    const par = await dk.compareParallel(p, now, { threads: 2, minParallelValues: 1 });
    expect(strip(par)).toEqual(strip(single));
  });

  it('columns over SharedArrayBuffer are used as is; small inputs and threads: 1 stay in-thread with the same result', async () => {
    const sab = Object.fromEntries(Object.entries(cur).map(([k, v]) => {
      if (!(v instanceof Float64Array)) return [k, v];
      const s = new Float64Array(new SharedArrayBuffer(v.byteLength));
      s.set(v);
      return [k, s];
    }));
    const p = dk.profile(ref);
    const single = strip(dk.compare(p, cur));
    expect(strip(await dk.compareParallel(p, sab, { threads: 2, minParallelValues: 0 }))).toEqual(single);
    expect(strip(await dk.compareParallel(p, cur, { threads: 1 }))).toEqual(single);
    expect(strip(await dk.compareParallel(p, cur, { threads: 2 }))).toEqual(single); // below the default size threshold
  });

  it('bad options name the argument', async () => {
    await expect(dk.compareParallel(ref, cur, { threads: 0 })).rejects.toThrow(/compareParallel: threads must be an integer between 1 and 256/);
    await expect(dk.compareParallel(ref, cur, { threads: 2, features: ['nope'] })).rejects.toThrow(/features names 'nope'/);
  });
});

describe('profileParallel', () => {
  const ref = {
    a: normals(30_000, 0, 11), b: normals(30_000, 2, 12), c: Float64Array.from(normals(30_000, 0, 13), (x, i) => (i % 97 === 0 ? NaN : i % 501 === 0 ? Infinity : Math.round(x * 100) / 100)),
    k: Array.from({ length: 30_000 }, (_, i) => (i % 3 ? 'x' : 'y')),
  };
  const strip = (p: { createdAt: string }) => ({ ...p, createdAt: '' });

  it('equals profile() on 2 workers (quantile edges, given edges, NaN/Infinity, categorical in-thread)', async () => {
    for (const options of [{}, { edges: { b: [0, 1, 2, 3] }, sampleCapacity: 500, probs: [0.1, 0.5, 0.9] }]) {
      const single = dk.profile(ref, options);
      const par = await dk.profileParallel(ref, { ...options, threads: 2, minParallelValues: 0 });
      expect(strip(par)).toEqual(strip(single));
      expect(strip(await dk.profileParallel(ref, { ...options, threads: 1 }))).toEqual(strip(single));
    }
  });

  it('bad input names the argument, as profile() does', async () => {
    await expect(dk.profileParallel(ref, { threads: 1.5 })).rejects.toThrow(/profileParallel: threads must be an integer/);
    await expect(dk.profileParallel({ a: [1, 'x'] } as never, { threads: 2 })).rejects.toThrow(/profileParallel: reference\.a mixes numbers and strings/);
    await expect(dk.profileParallel(ref, { bins: 0 })).rejects.toThrow(/profileParallel: bins/);
  });
});
