// The computation compared between Node and headless Chromium (test/browser/browser.test.ts). The same code
// runs on both sides: Node imports this file, the page gets it bundled by esbuild and is handed the driftkit
// namespace from dist/browser/driftkit.js. Browser-safe: no imports but types.
//
// The data come from a seed through integer arithmetic (a splitmix32-style hash) and only +, −, × and
// Math.round on doubles (normals by the Irwin–Hall sum of 12 uniforms), so they are bit-identical on every
// engine, with no dependence on how an engine computes Math.log or Math.cos.
import type * as Driftkit from '../../src/index.js';

type Dk = typeof Driftkit;
type Backend = 'wasm' | 'js';

export function uniforms(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

export function makeData(seed: number) {
  const u = uniforms(seed);
  const normal = () => { let s = 0; for (let i = 0; i < 12; i++) s += u(); return s - 6; };
  const sample = (n: number, shift: number, scale: number) => Float64Array.from({ length: n }, () => shift + scale * normal());
  const reference = sample(5000, 0, 1);
  const current = sample(4000, 0.25, 1.15);
  const referenceTied = reference.map((v) => Math.round(v * 4) / 4);
  const currentTied = current.map((v) => Math.round(v * 4) / 4);
  const currentNaN = current.map((v, i) => (i % 97 === 0 ? NaN : v));
  const xs = sample(18, 0, 1), ys = sample(15, 0.6, 1);
  const xw = Float64Array.from(xs, () => 0.5 + u()), yw = Float64Array.from(ys, () => 0.5 + u());
  return { reference, current, referenceTied, currentTied, currentNaN, xs, ys, xw, yw };
}

/** Every number in a result, in a fixed order: numbers, typed arrays, arrays and nested objects. */
function numbersOf(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (ArrayBuffer.isView(v)) out.push(...Array.from(v as Float64Array, Number));
  else if (Array.isArray(v)) for (const x of v) numbersOf(x, out);
  else if (v && typeof v === 'object') for (const k of Object.keys(v).sort()) numbersOf((v as Record<string, unknown>)[k], out);
  return out;
}

/** A double's exact bits as hex ('NaN' for any NaN, so payloads don't matter; −0 and +0 differ). */
export function bits(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0).toString(16).padStart(16, '0');
}

export function fromBits(h: string): number {
  if (h === 'NaN') return NaN;
  const b = new DataView(new ArrayBuffer(8));
  b.setBigUint64(0, BigInt(`0x${h}`));
  return b.getFloat64(0);
}

export type Results = Record<string, string[]>;

/** Runs every function on the seeded data with the given backend; each entry is the bits of all numbers of one result. */
export function run(dk: Dk, backend: Backend, seed = 20240611): Results {
  const d = makeData(seed);
  const { reference: ref, current: cur } = d;
  const b = { backend };
  const r: Record<string, unknown> = {};

  r['data'] = [ref, cur, d.currentNaN, d.xs, d.ys, d.xw, d.yw]; // the inputs themselves, to prove both sides saw the same
  r['psi'] = dk.psi(ref, cur, b); // value, contributions, edges, counts, proportions
  r['psi.tied.nan.20bins'] = dk.psi(d.referenceTied, d.currentNaN, { ...b, bins: 20 });
  r['psi.additive'] = dk.psi(ref, cur, { ...b, smoothing: 'additive', epsilon: 1 });
  r['klDivergence'] = dk.klDivergence(ref, cur, b);
  r['jsDivergence'] = dk.jsDivergence(ref, cur, b);
  r['hellinger'] = dk.hellinger(ref, cur, b);
  r['totalVariation'] = dk.totalVariation(ref, cur, b);
  const ks = (x: Driftkit.Ks2sampResult) => [x.statistic, x.pValue, x.statisticLocation, x.statisticSign];
  r['ks2samp'] = ks(dk.ks2samp(ref, cur, b));
  r['ks2samp.tied.less'] = ks(dk.ks2samp(d.referenceTied, d.currentTied, { ...b, alternative: 'less' }));
  r['ks2samp.nan.omit'] = ks(dk.ks2samp(ref, d.currentNaN, { ...b, nanPolicy: 'omit' }));
  r['ks2samp.exact'] = ks(dk.ks2samp(d.xs, d.ys, { ...b, method: 'exact' }));
  r['wassersteinDistance'] = dk.wassersteinDistance(ref, cur, undefined, undefined, b);
  r['wassersteinDistance.weighted'] = dk.wassersteinDistance(d.xs, d.ys, d.xw, d.yw, b);
  r['energyDistance'] = dk.energyDistance(ref, cur, undefined, undefined, b);
  r['energyDistance.weighted'] = dk.energyDistance(d.xs, d.ys, d.xw, d.yw, b);
  r['cramervonmises2samp'] = dk.cramervonmises2samp(ref.subarray(0, 1500), cur.subarray(0, 1200), b);
  r['cramervonmises2samp.exact'] = dk.cramervonmises2samp(d.xs, d.ys, b);
  const edges = dk.quantileEdges(ref, 10, b);
  r['quantileEdges'] = edges;
  r['quantileEdges.tied.20'] = dk.quantileEdges(d.referenceTied, 20, b);
  r['histogram.edges'] = dk.histogram(cur, edges, b);
  r['histogram.25bins'] = dk.histogram(cur, 25, b);
  r['histogram.range'] = dk.histogram(cur, 16, { ...b, range: [-3, 3] });
  r['histogramDetailed.nan'] = dk.histogramDetailed(d.currentNaN, edges, b);
  const rc = dk.histogram(ref, edges, b), cc = dk.histogram(cur, edges, b);
  r['binnedDivergences'] = dk.binnedDivergences(rc, cc, b);
  r['binnedDivergences.additive'] = dk.binnedDivergences(rc, cc, { ...b, smoothing: 'additive', epsilon: 0.5 });
  r['bootstrap.psi'] = dk.bootstrap(ref, cur, { ...b, seed: 12345, nResamples: 300 }); // distribution, CI, SE
  r['bootstrap.ks'] = dk.bootstrap(ref, cur, { ...b, statistic: 'ks', seed: 7, nResamples: 100 });
  r['bootstrap.wasserstein'] = dk.bootstrap(ref, cur, { ...b, statistic: 'wasserstein', seed: 8, nResamples: 100 });
  r['bootstrap.energy'] = dk.bootstrap(d.xs, d.ys, { ...b, statistic: 'energy', seed: 9, nResamples: 200 });
  r['permutationTest.psi'] = dk.permutationTest(ref, cur, { ...b, seed: 3, nResamples: 200 });
  r['permutationTest.ks'] = dk.permutationTest(ref, cur, { ...b, statistic: 'ks', seed: 4, nResamples: 100 });

  const out: Results = {};
  for (const [k, v] of Object.entries(r)) out[k] = numbersOf(v).map(bits);
  return out;
}
