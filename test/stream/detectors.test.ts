// Change detectors (CUSUM, Page–Hinkley, ADWIN) on seeded synthetic streams: River conformance (its documented
// detection indices, reproduced with CPython's Mersenne Twister), false alarms on a stable stream against
// theory (Siegmund's CUSUM ARL), detection delays for a 1σ shift, a PSI-per-window series, an error-rate
// stream, and properties (reset, toJSON/restore round trip, errors naming the argument).
// A table of the measured false alarms and delays is printed at the end.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createAdwin, createCusum, createDetector, createPageHinkley, cusumArlSiegmund, restoreDetector,
  type ChangeDetector, type DetectorConfig, type DetectorResult,
} from '../../src/stream/detectors.js';
import { DriftkitError } from '../../src/errors.js';

// ---------------------------------------------------------------------------------------------------------
// Seeded generators
// ---------------------------------------------------------------------------------------------------------

/** Marsaglia's xorshift32: uniform on (0, 1) with 32-bit resolution. */
function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
}

/** Standard normal deviates by Box–Muller on xorshift32 (both deviates of each pair are used). */
function normals(seed: number): () => number {
  const u = xorshift32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

/** CPython's random.Random(seed) for a non-negative 32-bit seed: MT19937 seeded by init_by_array([seed]). */
class PyRandom {
  private readonly mt = new Uint32Array(624);
  private i = 624;
  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = 19650218;
    for (let i = 1; i < 624; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
    const key = [seed >>> 0];
    let i = 1;
    let j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= 624) {
        mt[0] = mt[623];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }
  private next(): number {
    const mt = this.mt;
    if (this.i >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.i = 0;
    }
    let y = mt[this.i++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
  /** random.random(): 53-bit float from two draws */
  random(): number {
    const a = this.next() >>> 5;
    const b = this.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
  /** random.choices(population, k=k) without weights */
  choices(population: number[], k: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < k; i++) out.push(population[Math.floor(this.random() * population.length)]);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Measurement helpers and the printed table
// ---------------------------------------------------------------------------------------------------------

function detectionIndices(det: ChangeDetector, data: readonly number[]): number[] {
  const out: number[] = [];
  data.forEach((v, i) => {
    if (det.update(v).changeDetected) out.push(i);
  });
  return out;
}

interface ShiftStats {
  reps: number;
  /** detections before the change, summed over replications */
  falseAlarms: number;
  /** observations before the change, summed over replications */
  preObservations: number;
  /** per replication, first detection index − change index (0 = alarm on the first shifted observation) */
  delays: number[];
  misses: number;
  mean: number;
  median: number;
  p90: number;
  max: number;
}

/** Run `reps` replications of a stream with a change at `change`; `value(i)` draws observation i. */
function shiftExperiment(
  make: () => ChangeDetector,
  stream: (rep: number) => (i: number) => number,
  length: number,
  change: number,
  reps: number,
): ShiftStats {
  const delays: number[] = [];
  let falseAlarms = 0;
  let misses = 0;
  for (let rep = 0; rep < reps; rep++) {
    const value = stream(rep);
    const det = make();
    let delay = -1;
    for (let i = 0; i < length; i++) {
      const x = value(i);
      if (det.update(x).changeDetected) {
        if (i < change) falseAlarms++;
        else {
          delay = i - change;
          break;
        }
      }
    }
    if (delay < 0) misses++;
    else delays.push(delay);
  }
  const sorted = delays.slice().sort((a, b) => a - b);
  const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);
  return {
    reps, falseAlarms, preObservations: reps * change, delays, misses,
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN,
    median: q(0.5), p90: q(0.9), max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

interface Row {
  scenario: string;
  detector: string;
  falseAlarms: string;
  delay: string;
}
const rows: Row[] = [];
const fmt = (v: number, d = 1) => (Number.isNaN(v) ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(d));
function record(scenario: string, detector: string, s: ShiftStats): void {
  rows.push({
    scenario,
    detector,
    falseAlarms: `${s.falseAlarms} in ${s.preObservations.toLocaleString('en')} obs`,
    delay: s.delays.length
      ? `mean ${fmt(s.mean)}, median ${fmt(s.median)}, p90 ${fmt(s.p90)}, max ${fmt(s.max)}${s.misses ? `; missed ${s.misses}/${s.reps}` : ''}`
      : `not detected (${s.misses}/${s.reps})`,
  });
}

afterAll(() => {
  if (!rows.length) return;
  const w = [8, 8, 5, 5].map((m, c) => Math.max(m, ...rows.map((r) => Object.values(r)[c].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  console.log(
    [
      'Change detectors: measured false alarms and detection delays (delay = alarm index − change index)',
      line(['scenario', 'detector', 'false alarms', 'delay']),
      line(w.map((n) => '-'.repeat(n))),
      ...rows.map((r) => line([r.scenario, r.detector, r.falseAlarms, r.delay])),
    ].join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------------------
// River conformance
// ---------------------------------------------------------------------------------------------------------

describe("River's documented behaviour", () => {
  it('reproduces CPython random.Random', () => {
    expect(new PyRandom(42).random()).toBe(0.6394267984578837); // python3 -c "import random; print(random.Random(42).random())"
  });

  it("ADWIN and Page–Hinkley detect where River's docstrings say (Random(12345): 0/1 then 4..7)", () => {
    const rng = new PyRandom(12345);
    const data = [...rng.choices([0, 1], 1000), ...rng.choices([4, 5, 6, 7], 1000)];
    // river/drift/adwin.py: "Change detected at index 1023, input value: 4"
    expect(detectionIndices(createAdwin(), data)).toEqual([1023]);
    expect(data[1023]).toBe(4);
    // river/drift/page_hinkley.py: "Change detected at index 1006, input value: 5"
    expect(detectionIndices(createPageHinkley(), data)).toEqual([1006]);
    expect(data[1006]).toBe(5);
  });

  it("ADWIN matches River's regression test with several drifts (Random(42))", () => {
    const rng = new PyRandom(42);
    const a = () => rng.choices([0, 1], 1000);
    const b = () => rng.choices([4, 5, 6, 7], 1000);
    const data = [...a(), ...b(), ...a(), ...b()];
    // river/drift/test_adwin_regression.py::test_multiple_drifts
    expect(detectionIndices(createAdwin(), data)).toEqual([1023, 2015, 3007]);
  });

  it("ADWIN's window statistics and restart follow River's regression tests", () => {
    const grow = createAdwin();
    for (let i = 1; i <= 100; i++) expect(grow.update(1).width).toBe(i);
    const constant = createAdwin();
    for (let i = 0; i < 5000; i++) expect(constant.update(1).changeDetected).toBe(false);
    const five = createAdwin();
    for (const v of [1, 2, 3, 4, 5]) five.update(v);
    expect([five.width, five.mean]).toEqual([5, 3]);
    expect(createAdwin().mean).toBe(0);
    // grace period: no detection while the window holds <= 100 observations
    const grace = createAdwin({ gracePeriod: 100, clock: 1 });
    expect(detectionIndices(grace, [...Array(50).fill(0), ...Array(50).fill(1000)])).toEqual([]);
    // the update after a detection starts a fresh window
    const restart = createAdwin({ clock: 1 });
    for (let i = 0; i < 500; i++) restart.update(0);
    let found = false;
    for (let i = 0; i < 500 && !found; i++) found = restart.update(100).changeDetected;
    expect(found).toBe(true);
    expect(restart.update(50).width).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------------------
// ADWIN's exponential histogram: exact window statistics, bounded memory
// ---------------------------------------------------------------------------------------------------------

describe('ADWIN window', () => {
  it('mean and variance equal those of the last `width` observations; buckets stay O(log W)', () => {
    const g = normals(2024);
    const det = createAdwin({ clock: 1 });
    const data: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = 3 + 2 * g() + (i >= 12000 ? 1 : 0);
      data.push(x);
      const r = det.update(x);
      if (i % 997 === 0 || r.changeDetected) {
        const win = data.slice(data.length - r.width);
        const mean = win.reduce((a, b) => a + b, 0) / win.length;
        const variance = win.reduce((a, b) => a + (b - mean) ** 2, 0) / win.length;
        expect(Math.abs(r.mean - mean)).toBeLessThan(1e-9 * Math.max(1, Math.abs(mean)));
        expect(Math.abs(r.variance - variance)).toBeLessThanOrEqual(1e-9 * variance + 1e-15);
      }
    }
    // memory: with no checks the window grows to every observation, in at most M per power of two
    const big = createAdwin({ clock: 2 ** 40 });
    for (let i = 0; i < 200000; i++) big.update(g());
    expect(big.width).toBe(200000);
    const M = big.options.maxBuckets;
    expect(big.buckets).toBeLessThanOrEqual(M * (Math.floor(Math.log2(big.width)) + 1));
    expect(JSON.stringify(big.toJSON()).length).toBeLessThan(4000);
  });
});

// ---------------------------------------------------------------------------------------------------------
// (1) Stable N(0, 1), 100k observations: false alarms
// ---------------------------------------------------------------------------------------------------------

describe('stable N(0, 1) stream of 100,000 observations', () => {
  const N = 100_000;
  const count = (det: ChangeDetector, seed: number) => {
    const g = normals(seed);
    let c = 0;
    for (let i = 0; i < N; i++) if (det.update(g()).changeDetected) c++;
    return c;
  };

  it('CUSUM (μ0 = 0, σ = 1, k = 0.5, h = 5) alarms about N / ARL₀ times, ARL₀ from Siegmund', () => {
    const arl0 = cusumArlSiegmund(0.5, 5, 0, 2); // 469.1 (Montgomery's ARL table: 465)
    expect(arl0).toBeCloseTo(469.11, 1);
    expect(cusumArlSiegmund(0.5, 5, 1, 1)).toBeCloseTo(10.34, 2); // Montgomery: 10.4
    const expected = N / arl0; // 213.2; a restart after each alarm makes the alarm count a renewal process
    const c = count(createCusum({ mu0: 0, sigma: 1 }), 7919);
    // run lengths are close to exponential (sd ≈ mean), so Var(count) ≈ N/ARL₀: allow 4 sd plus 3% for the
    // approximation (Siegmund 469 vs the exact ~465)
    expect(Math.abs(c - expected)).toBeLessThan(4 * Math.sqrt(expected) + 0.03 * expected);
    // the average run length itself, over 30 more streams (~6,400 alarms): within 4% of the theory
    let alarms = 0;
    for (let seed = 1; seed <= 30; seed++) alarms += count(createCusum({ mu0: 0, sigma: 1 }), seed * 104729 + 3);
    const meanRunLength = (30 * N) / alarms; // measured 462-464
    expect(Math.abs(meanRunLength - arl0) / arl0).toBeLessThan(0.04);
    rows.push({ scenario: 'N(0,1) stable, 100k', detector: 'CUSUM μ0=0 σ=1 k=.5 h=5', falseAlarms: `${c} (theory N/ARL₀ = ${expected.toFixed(0)}); mean run length ${meanRunLength.toFixed(0)} over 30×100k (ARL₀ 469)`, delay: '' });
  });

  it('CUSUM estimating μ0 and σ from a 30-observation warm-up', () => {
    const c = count(createCusum(), 7919);
    // measured 115-198 over five seeds: an estimated σ moves ARL₀ both ways, each restart re-estimates
    expect(c).toBeGreaterThan(60);
    expect(c).toBeLessThan(260);
    rows.push({ scenario: 'N(0,1) stable, 100k', detector: 'CUSUM warm-up 30', falseAlarms: String(c), delay: '' });
  });

  it("Page–Hinkley with River's defaults alarms every ~1,600 observations on a σ = 1 series", () => {
    const c = count(createPageHinkley(), 7919);
    // measured 52-76 over 20 seeds: with α = 1 − 1e-4 the faded sum has a stationary sd of about
    // σ / sqrt(1 − α²) ≈ 71 > λ = 50, so λ must be scaled to the series (see PageHinkleyOptions.threshold)
    expect(c).toBeGreaterThan(30);
    expect(c).toBeLessThan(100);
    rows.push({ scenario: 'N(0,1) stable, 100k', detector: 'Page–Hinkley defaults (λ=50)', falseAlarms: String(c), delay: '' });
  });

  it('ADWIN with δ = 0.002 gives (almost) no false alarm', () => {
    const c = count(createAdwin(), 7919);
    expect(c).toBeLessThanOrEqual(2); // measured 0 on 24 of 25 seeds, 1 on the other
    rows.push({ scenario: 'N(0,1) stable, 100k', detector: 'ADWIN defaults (δ=.002)', falseAlarms: String(c), delay: '' });
  });
});

// ---------------------------------------------------------------------------------------------------------
// (2) Mean shift of +1σ at t = 5000: detection delay
// ---------------------------------------------------------------------------------------------------------

describe('mean shift of +1σ at t = 5000 (200 replications)', () => {
  const stream = (rep: number) => {
    const g = normals(1000 + rep);
    return (i: number) => g() + (i >= 5000 ? 1 : 0);
  };
  const run = (make: () => ChangeDetector) => shiftExperiment(make, stream, 7000, 5000, 200);
  const scenario = '+1σ shift at 5000';

  it('CUSUM (k = 0.5, h = 5, known μ0, σ): delay ≈ ARL₁ − 1 ≈ 9.3 (Siegmund)', () => {
    const s = run(() => createCusum({ mu0: 0, sigma: 1 }));
    record(scenario, 'CUSUM μ0=0 σ=1 k=.5 h=5', s);
    expect(s.misses).toBe(0);
    // zero-start theory: ARL₁ = 10.3 so delay 9.3; at the change the sums are usually already > 0 (steady
    // state), a little shorter. Measured mean 8.7, median 7.
    expect(s.mean).toBeGreaterThan(6);
    expect(s.mean).toBeLessThan(12);
    expect(s.median).toBeLessThanOrEqual(10);
    // ~10.7 false alarms per replication before the change (5000 / 465)
    expect(s.falseAlarms / 200).toBeGreaterThan(7);
    expect(s.falseAlarms / 200).toBeLessThan(15);
  });

  it('CUSUM with a 30-observation warm-up', () => {
    const s = run(() => createCusum());
    record(scenario, 'CUSUM warm-up 30', s);
    // measured median 11; the mean is pulled up by replications whose re-warm-up after a false alarm
    // straddled the change (the change is then absorbed into the target and only found by a later alarm)
    expect(s.median).toBeLessThanOrEqual(15);
    expect(s.misses).toBeLessThanOrEqual(2);
  });

  it("Page–Hinkley (River's defaults)", () => {
    const s = run(() => createPageHinkley());
    record(scenario, 'Page–Hinkley defaults', s);
    expect(s.misses).toBe(0);
    expect(s.median).toBeLessThanOrEqual(45); // measured 37 (the sum must climb λ = 50 at ~1 per step)
  });

  it('ADWIN (δ = 0.002, clock 32)', () => {
    const s = run(() => createAdwin());
    record(scenario, 'ADWIN defaults', s);
    expect(s.misses).toBe(0);
    expect(s.falseAlarms).toBeLessThanOrEqual(2); // measured 0
    expect(s.median).toBeLessThanOrEqual(64); // measured 55: checks come every 32 observations
    expect(s.max).toBeLessThanOrEqual(96); // measured 87
  });
});

// ---------------------------------------------------------------------------------------------------------
// (3) A PSI-per-window series: ~0.02, then ~0.3
// ---------------------------------------------------------------------------------------------------------

describe('PSI per window: ~0.02 for 300 windows, then ~0.3 (200 series of 400 windows)', () => {
  // a PSI is positive and right-skewed: lognormal around its level, 25% multiplicative noise
  const stream = (rep: number) => {
    const g = normals(50_000 + rep);
    return (i: number) => (i < 300 ? 0.02 : 0.3) * Math.exp(0.25 * g());
  };
  const run = (make: () => ChangeDetector) => shiftExperiment(make, stream, 400, 300, 200);
  const scenario = 'PSI/window .02→.3 at 300';

  it('CUSUM with a 30-window warm-up signals at once', () => {
    const s = run(() => createCusum());
    record(scenario, 'CUSUM warm-up 30', s);
    expect(s.median).toBe(0); // the jump is ~56 warm-up σ
    // measured 2-6 misses per 300: a false alarm in the last 30 windows before the change starts a warm-up
    // that absorbs the change into the new target
    expect(s.misses).toBeLessThanOrEqual(10);
    // lognormal skew gives more upper-side alarms than the normal ARL₀ ≈ 465 (measured 1 per ~350 windows)
    expect(s.falseAlarms / s.preObservations).toBeLessThan(1 / 150);
  });

  it('Page–Hinkley needs λ on the series scale: λ = 1 detects in a few windows, River’s λ = 50 never', () => {
    const tuned = run(() => createPageHinkley({ threshold: 1 }));
    record(scenario, 'Page–Hinkley λ=1', tuned);
    expect(tuned.falseAlarms).toBe(0);
    expect(tuned.misses).toBe(0);
    expect(tuned.max).toBeLessThanOrEqual(6); // measured max 5: ~0.28 per window against λ = 1
    const dflt = run(() => createPageHinkley());
    record(scenario, 'Page–Hinkley defaults (λ=50)', dflt);
    expect(dflt.misses).toBe(200); // 100 windows × 0.28 < 50
  });

  it('ADWIN detects, late on this scale (its ε has a term that assumes values in [0, 1])', () => {
    const s = run(() => createAdwin());
    record(scenario, 'ADWIN defaults', s);
    expect(s.falseAlarms).toBe(0);
    expect(s.misses).toBe(0);
    expect(s.max).toBeLessThanOrEqual(64); // measured 51 in every series (the check at tick 352)
    const c1 = run(() => createAdwin({ clock: 1 }));
    record(scenario, 'ADWIN clock 1', c1);
    expect(c1.falseAlarms).toBe(0);
    expect(c1.max).toBeLessThanOrEqual(40); // measured 33-37
  });
});

// ---------------------------------------------------------------------------------------------------------
// (4) Error rate: a 0/1 error per prediction, p = 0.01 then 0.05
// ---------------------------------------------------------------------------------------------------------

describe('error indicator stream: Bernoulli(0.01) for 20,000 predictions, then Bernoulli(0.05) (50 replications)', () => {
  const p0 = 0.01;
  const p1 = 0.05;
  const stream = (rep: number) => {
    const u = xorshift32(31 * rep + 7);
    return (i: number) => (u() < (i < 20000 ? p0 : p1) ? 1 : 0);
  };
  const run = (make: () => ChangeDetector) => shiftExperiment(make, stream, 40000, 20000, 50);
  const scenario = 'errors p .01→.05 at 20k';
  const sigma0 = Math.sqrt(p0 * (1 - p0));

  it('ADWIN (River defaults, the setting it was designed for)', () => {
    const s = run(() => createAdwin());
    record(scenario, 'ADWIN defaults', s);
    expect(s.falseAlarms).toBeLessThanOrEqual(1); // measured 0
    expect(s.misses).toBe(0);
    expect(s.median).toBeLessThanOrEqual(500); // measured 383
    expect(s.max).toBeLessThanOrEqual(1000); // measured 767
  });

  it("Page–Hinkley (River's defaults): no false alarm, slow (λ = 50 at ~0.035 per error-rate step)", () => {
    const s = run(() => createPageHinkley());
    record(scenario, 'Page–Hinkley defaults', s);
    expect(s.falseAlarms).toBe(0);
    expect(s.misses).toBe(0);
    expect(s.median).toBeLessThanOrEqual(1600); // measured 1290
  });

  it('CUSUM tuned as the Bernoulli likelihood-ratio CUSUM', () => {
    // The optimal CUSUM for p0 → p1 adds ln(p1/p0) per error and ln((1−p1)/(1−p0)) per success; a tabular
    // CUSUM is the same test up to scale when μ0 + kσ = ln((1−p0)/(1−p1)) / ln(p1(1−p0)/(p0(1−p1))) ≈ 0.025,
    // i.e. k ≈ 0.15. h = 40σ is ≈ 6.6 on the log-likelihood scale.
    const ref = Math.log((1 - p0) / (1 - p1)) / Math.log((p1 * (1 - p0)) / (p0 * (1 - p1)));
    const k = (ref - p0) / sigma0;
    expect(k).toBeCloseTo(0.15, 2);
    const s = run(() => createCusum({ mu0: p0, sigma: sigma0, k: 0.15, h: 40 }));
    record(scenario, 'CUSUM μ0=.01 k=.15 h=40', s);
    expect(s.falseAlarms).toBeLessThanOrEqual(30); // measured 15 in 1,000,000 observations
    expect(s.misses).toBe(0);
    expect(s.median).toBeLessThanOrEqual(200); // measured 151 (≈ 6.6 / 0.041 nats per step)
  });

  it('CUSUM with the normal-theory defaults (k = 0.5, h = 5) alarms on every single error', () => {
    const det = createCusum({ mu0: p0, sigma: sigma0 });
    const u = xorshift32(99);
    let errors = 0;
    let alarms = 0;
    for (let i = 0; i < 20000; i++) {
      const x = u() < p0 ? 1 : 0;
      errors += x;
      if (det.update(x).changeDetected) alarms++;
    }
    expect(alarms).toBe(errors); // one error adds (1 − 0.01)/σ − 0.5 ≈ 9.45 > 5
  });
});

// ---------------------------------------------------------------------------------------------------------
// Results in detail
// ---------------------------------------------------------------------------------------------------------

describe('detector results', () => {
  it('CUSUM reports side, change point and Montgomery’s new-mean estimate', () => {
    const det = createCusum({ mu0: 10, sigma: 2 });
    const data = [10, 10, 10, 10, 14, 14, 14, 14, 14];
    const results = data.map((x) => det.update(x));
    const hit = results.findIndex((r) => r.changeDetected);
    // each 14 adds (14 − 11)/2 = 1.5σ: 1.5, 3, 4.5, 6 > 5 at the fourth
    expect(hit).toBe(7);
    const r = results[hit];
    expect(r).toMatchObject({ direction: 'up', changePoint: 4, meanBefore: 10, meanAfter: 14, statistic: 6, threshold: 5, n: 8 });
    expect(results[hit + 1]).toMatchObject({ changeDetected: false, upper: 1.5 }); // restarted
    const down = createCusum({ mu0: 0, sigma: 1 });
    const rd = [0, -3, -3, -3].map((x) => down.update(x));
    expect(rd[3]).toMatchObject({ changeDetected: true, direction: 'down', changePoint: 1, meanAfter: -3 });
  });

  it('CUSUM warm-up: estimates, reports warmingUp, extends a constant warm-up, re-estimates after a detection', () => {
    const det = createCusum({ warmup: 4 });
    const rs = [1, 2, 3, 4].map((x) => det.update(x));
    expect(rs.every((r) => r.warmingUp && r.statistic === 0 && r.mu0 === undefined)).toBe(true);
    const r = det.update(2.5);
    expect(r.warmingUp).toBe(false);
    expect(r.mu0).toBe(2.5);
    expect(r.sigma).toBeCloseTo(Math.sqrt(5 / 3), 14);
    const flat = createCusum({ warmup: 3 });
    expect([5, 5, 5, 5, 5].map((x) => flat.update(x).warmingUp)).toEqual([true, true, true, true, true]);
    expect(flat.update(6).warmingUp).toBe(true); // completes the warm-up with some variation
    expect(flat.update(5).warmingUp).toBe(false);
    const re = createCusum({ warmup: 3 });
    [0, 1, -1].forEach((x) => re.update(x));
    let hit = false;
    while (!hit) hit = re.update(100).changeDetected;
    expect(re.update(100).warmingUp).toBe(true); // the new level is estimated afresh
  });

  it('Page–Hinkley reports direction, change point, mean; mode limits the side', () => {
    const data = [...Array(40).fill(0), ...Array(20).fill(1)];
    const up = createPageHinkley({ threshold: 5, delta: 0 });
    const i = detectionIndices(up, data)[0];
    const r = createPageHinkley({ threshold: 5, delta: 0 });
    const res = data.slice(0, i + 1).map((x) => r.update(x));
    expect(res[i]).toMatchObject({ changeDetected: true, direction: 'up', changePoint: 40 });
    expect(res[i].increase).toBeGreaterThan(5);
    const mirrored = data.map((x) => -x);
    expect(detectionIndices(createPageHinkley({ threshold: 5, delta: 0, mode: 'up' }), mirrored)).toEqual([]);
    const down = createPageHinkley({ threshold: 5, delta: 0, mode: 'down' });
    const dres = mirrored.map((x) => down.update(x));
    const j = dres.findIndex((x) => x.changeDetected);
    expect(j).toBe(i);
    expect(dres[j]).toMatchObject({ direction: 'down', changePoint: 40 });
    expect(detectionIndices(createPageHinkley({ threshold: 5, minInstances: 100 }), data)).toEqual([]);
  });

  it('ADWIN reports the sub-window means, the cut and a normalised statistic', () => {
    const det = createAdwin({ clock: 1 });
    const data = [...Array(200).fill(0.1), ...Array(200).fill(0.9)];
    const res = data.map((x) => det.update(x));
    const i = res.findIndex((r) => r.changeDetected);
    expect(i).toBeGreaterThan(200);
    const r = res[i];
    expect(r.direction).toBe('up');
    expect(r.statistic).toBeGreaterThan(1);
    expect(r.threshold).toBe(1);
    expect(r.meanAfter!).toBeGreaterThan(r.meanBefore!);
    expect(r.changePoint!).toBeGreaterThanOrEqual(200 - 8); // a bucket boundary at or near 200
    expect(r.changePoint!).toBeLessThanOrEqual(i);
    expect(res[i - 1].statistic).toBeLessThanOrEqual(1);
    expect(res.slice(0, 200).every((x) => !x.changeDetected && x.statistic <= 1)).toBe(true);
  });

  it('createDetector builds each kind from a config', () => {
    expect(createDetector({ kind: 'cusum', h: 4 }).toJSON().options.h).toBe(4);
    expect(createDetector({ kind: 'page-hinkley', mode: 'up' }).toJSON().options.mode).toBe('up');
    expect(createDetector({ kind: 'adwin', delta: 0.01 }).toJSON().options.delta).toBe(0.01);
  });
});

// ---------------------------------------------------------------------------------------------------------
// (5) Properties: reset, toJSON/restore round trip, errors
// ---------------------------------------------------------------------------------------------------------

// options that make detections (and so restarts) frequent in short streams
const configArb: fc.Arbitrary<DetectorConfig> = fc.oneof(
  fc.record({
    kind: fc.constant('cusum' as const),
    mu0: fc.option(fc.double({ min: -2, max: 2, noNaN: true }), { nil: undefined }),
    sigma: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: undefined }),
    warmup: fc.integer({ min: 2, max: 8 }),
    k: fc.double({ min: 0, max: 1, noNaN: true }),
    h: fc.double({ min: 0.5, max: 6, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('page-hinkley' as const),
    minInstances: fc.integer({ min: 1, max: 10 }),
    delta: fc.double({ min: 0, max: 0.1, noNaN: true }),
    threshold: fc.double({ min: 0.5, max: 10, noNaN: true }),
    alpha: fc.double({ min: 0.9, max: 1, noNaN: true }),
    mode: fc.constantFrom('up' as const, 'down' as const, 'both' as const),
  }),
  fc.record({
    kind: fc.constant('adwin' as const),
    delta: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
    clock: fc.integer({ min: 1, max: 8 }),
    maxBuckets: fc.integer({ min: 2, max: 6 }),
    minWindowLength: fc.integer({ min: 1, max: 6 }),
    gracePeriod: fc.integer({ min: 0, max: 12 }),
  }),
);
// segments at different levels with noise (and the odd exact value), so that detections and restarts happen
const seriesArb = fc
  .array(
    fc.tuple(
      fc.constantFrom(0, 0.5, 1, 3, -3, 10, -10),
      fc.array(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(0, -0, 1)), { maxLength: 80 }),
    ),
    { maxLength: 5 },
  )
  .map((segments) => segments.flatMap(([level, noise]) => noise.map((e) => (level === 0 ? e : level + e))));

describe('properties', () => {
  it('reset() restores the initial state: same JSON and same outputs as a new detector', () => {
    fc.assert(
      fc.property(configArb, seriesArb, seriesArb, (config, xs, ys) => {
        const det = createDetector(config);
        xs.forEach((x) => det.update(x));
        det.reset();
        const fresh = createDetector(config);
        expect(det.toJSON()).toEqual(fresh.toJSON());
        expect(det.detections).toBe(0);
        expect(ys.map((y) => det.update(y))).toEqual(ys.map((y) => fresh.update(y)));
      }),
      { numRuns: 300 },
    );
  });

  it('toJSON → JSON text → restoreDetector continues with identical outputs', () => {
    fc.assert(
      fc.property(configArb, seriesArb, seriesArb, fc.boolean(), (config, xs, ys, asString) => {
        const det = createDetector(config);
        xs.forEach((x) => det.update(x));
        const text = JSON.stringify(det.toJSON());
        const restored = restoreDetector(asString ? text : JSON.parse(text));
        expect(restored.name).toBe(det.name);
        expect(restored.detections).toBe(det.detections);
        expect(restored.toJSON()).toEqual(det.toJSON());
        const a: DetectorResult[] = ys.map((y) => det.update(y));
        const b: DetectorResult[] = ys.map((y) => restored.update(y));
        expect(b).toEqual(a);
        expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(det.toJSON()));
      }),
      { numRuns: 300 },
    );
  });

  it('a snapshot taken at any step around a detection restores exactly (warm-up, pending restart, rows)', () => {
    const g = normals(77);
    const data = Array.from({ length: 400 }, (_, i) => 0.2 * g() + (i >= 150 ? 1 : 0) + (i >= 300 ? -1 : 0));
    const configs: DetectorConfig[] = [
      { kind: 'cusum', warmup: 20 },
      { kind: 'page-hinkley', threshold: 3 },
      { kind: 'adwin', clock: 4 },
    ];
    for (const config of configs) {
      const det = createDetector(config);
      let detections = 0;
      for (let i = 0; i < data.length; i++) {
        if (det.update(data[i]).changeDetected) detections++;
        if (i % 7 === 0 || i >= 140) {
          const copy = restoreDetector(JSON.parse(JSON.stringify(det.toJSON())));
          const next = data.slice(i + 1, i + 40);
          const ref = createDetector(config);
          data.slice(0, i + 1).forEach((x) => ref.update(x));
          expect(next.map((x) => copy.update(x))).toEqual(next.map((x) => ref.update(x)));
        }
      }
      expect(detections, config.kind).toBeGreaterThanOrEqual(2);
    }
  });

  it('restarts, counts detections, and n keeps counting across restarts', () => {
    fc.assert(
      fc.property(configArb, seriesArb, (config, xs) => {
        const det = createDetector(config);
        const res = xs.map((x) => det.update(x));
        expect(res.map((r) => r.n)).toEqual(xs.map((_, i) => i + 1));
        expect(det.detections).toBe(res.filter((r) => r.changeDetected).length);
        for (const r of res) {
          if (r.changeDetected) {
            expect(r.statistic).toBeGreaterThan(r.threshold);
            expect(r.changePoint).toBeGreaterThanOrEqual(0);
            expect(r.changePoint).toBeLessThan(r.n);
            expect(['up', 'down']).toContain(r.direction);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

function expectError(thunk: () => unknown, argument: string, message: RegExp): void {
  let caught: unknown;
  try {
    thunk();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a DriftkitError naming ${argument}`).toBeInstanceOf(DriftkitError);
  expect((caught as DriftkitError).argument).toBe(argument);
  expect((caught as DriftkitError).message).toMatch(message);
}

describe('errors name the argument', () => {
  it('bad options', () => {
    const bad = (o: unknown) => o as never;
    expectError(() => createCusum(bad({ k: -1 })), 'k', /createCusum: k must be >= 0; got -1/);
    expectError(() => createCusum(bad({ h: 0 })), 'h', /h must be > 0/);
    expectError(() => createCusum(bad({ h: Infinity })), 'h', /h must be a finite number; got Infinity/);
    expectError(() => createCusum(bad({ sigma: 0 })), 'sigma', /sigma must be > 0; got 0/);
    expectError(() => createCusum(bad({ sigma: NaN })), 'sigma', /finite number; got NaN/);
    expectError(() => createCusum(bad({ mu0: '1' })), 'mu0', /mu0 must be a finite number; got "1"/);
    expectError(() => createCusum(bad({ warmup: 1 })), 'warmup', /integer >= 2; got 1/);
    expectError(() => createCusum(bad({ warmup: 10.5 })), 'warmup', /integer >= 2/);
    expectError(() => createCusum(bad({ treshold: 3 })), 'options', /unknown key 'treshold'/);
    expectError(() => createCusum(bad(5)), 'options', /must be an object; got number/);
    expectError(() => createPageHinkley(bad({ alpha: 0 })), 'alpha', /alpha must be in \(0, 1\]; got 0/);
    expectError(() => createPageHinkley(bad({ alpha: 1.01 })), 'alpha', /in \(0, 1\]/);
    expectError(() => createPageHinkley(bad({ delta: -0.1 })), 'delta', /delta must be >= 0/);
    expectError(() => createPageHinkley(bad({ threshold: -5 })), 'threshold', /threshold must be > 0/);
    expectError(() => createPageHinkley(bad({ minInstances: 0 })), 'minInstances', /integer >= 1; got 0/);
    expectError(() => createPageHinkley(bad({ mode: 'sideways' })), 'mode', /'up', 'down', 'both'; got "sideways"/);
    expectError(() => createAdwin(bad({ delta: 0 })), 'delta', /createAdwin: delta must be in \(0, 1\); got 0/);
    expectError(() => createAdwin(bad({ delta: 1 })), 'delta', /in \(0, 1\)/);
    expectError(() => createAdwin(bad({ clock: 0 })), 'clock', /integer >= 1/);
    expectError(() => createAdwin(bad({ maxBuckets: 1 })), 'maxBuckets', /integer >= 2; got 1/);
    expectError(() => createAdwin(bad({ minWindowLength: 0 })), 'minWindowLength', /integer >= 1/);
    expectError(() => createAdwin(bad({ gracePeriod: -1 })), 'gracePeriod', /integer >= 0/);
    expectError(() => cusumArlSiegmund(0.5, 0), 'h', /cusumArlSiegmund: h must be > 0/);
    expectError(() => cusumArlSiegmund(0.5, 5, 0, bad(3)), 'sides', /must be 1 or 2; got 3/);
    expectError(() => createDetector(bad({ kind: 'ewma' })), 'kind', /'cusum', 'page-hinkley' or 'adwin'; got "ewma"/);
    expectError(() => createDetector(bad({ kind: 'adwin', clock: 0 })), 'clock', /createDetector: clock/);
  });

  it('bad observations: NaN, ±Infinity and non-numbers throw naming x, and leave the state untouched', () => {
    for (const make of [() => createCusum(), () => createPageHinkley(), () => createAdwin()]) {
      const det = make();
      [1, 2, 3].forEach((x) => det.update(x));
      const before = JSON.stringify(det.toJSON());
      expectError(() => det.update(NaN), 'x', /update: x must be a finite number; got NaN/);
      expectError(() => det.update(Infinity), 'x', /got Infinity/);
      expectError(() => det.update(-Infinity), 'x', /got -Infinity/);
      expectError(() => det.update('3' as unknown as number), 'x', /got "3"/);
      expectError(() => det.update(undefined as unknown as number), 'x', /got undefined/);
      expect(JSON.stringify(det.toJSON())).toBe(before);
    }
  });

  it('restoreDetector rejects what toJSON did not produce', () => {
    const good = createAdwin();
    for (let i = 0; i < 100; i++) good.update(i % 3);
    const json = good.toJSON();
    const tamper = (f: (j: Record<string, any>) => void) => {
      const j = JSON.parse(JSON.stringify(json));
      f(j);
      return j;
    };
    expectError(() => restoreDetector(null), 'json', /must be the object returned by a detector's toJSON\(\)/);
    expectError(() => restoreDetector('{not json'), 'json', /not valid JSON/);
    expectError(() => restoreDetector(tamper((j) => (j.version = 2))), 'json', /version 2/);
    expectError(() => restoreDetector(tamper((j) => (j.kind = 'kswin'))), 'json', /kind "kswin"/);
    expectError(() => restoreDetector(tamper((j) => (j.state.width = 7))), 'json', /state.width = 7 but its buckets hold 100/);
    expectError(() => restoreDetector(tamper((j) => (j.state.total = null))), 'json', /state.total = null; expected a finite number/);
    expectError(() => restoreDetector(tamper((j) => j.state.rows[0].totals.push(1))), 'json', /malformed state.rows\[0\]/);
    expectError(() => restoreDetector(tamper((j) => (j.options.delta = 3))), 'delta', /restoreDetector: delta must be in \(0, 1\)/);
    const cusum = createCusum().toJSON();
    expectError(() => restoreDetector({ ...cusum, state: { ...cusum.state, sigma: 0 } }), 'json', /state.sigma = 0; expected a number > 0 or null/);
    const ph = createPageHinkley().toJSON();
    expectError(() => restoreDetector({ ...ph, state: { ...ph.state, count: -1 } }), 'json', /state.count = -1; expected an integer >= 0/);
  });
});
