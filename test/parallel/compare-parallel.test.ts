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
