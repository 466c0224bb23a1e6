// Change detectors for a metric series: one number per step — a feature's PSI per window, a model's error rate
// (or a 0/1 error per prediction), a latency, a null share. Three classic detectors behind one interface:
//
// | detector              | watches                          | decides when                                   | defaults from        |
// |-----------------------|----------------------------------|------------------------------------------------|----------------------|
// | createCusum           | mean vs a target mu0, in sigmas  | a one-sided cumulative sum exceeds h sigmas    | Montgomery (k=.5,h=5)|
// | createPageHinkley     | mean vs its own running mean     | the faded cumulative deviation exceeds lambda  | River's PageHinkley  |
// | createAdwin           | mean of an adaptive window       | two sub-windows' means differ beyond a bound   | River's ADWIN        |
//
// Every detector takes finite numbers, one at a time (`update(x)`), and answers with a DetectorResult. After a
// detection the detector restarts on the next update (as River's detectors do), so one change gives one alarm
// unless the series keeps moving. State is a few numbers (ADWIN: O(maxBuckets · log W) buckets), serialisable
// with `toJSON()` and restored by `restoreDetector(json)`, so a service can persist it between windows.
import { fail } from '../errors.js';

// ---------------------------------------------------------------------------------------------------------
// Common interface
// ---------------------------------------------------------------------------------------------------------

/** What every detector answers after each observation. */
export interface DetectorResult {
  /** True when this observation completes a detection. The detector restarts on the next update. */
  changeDetected: boolean;
  /** The detector's decision statistic after this observation (see each detector for its scale). */
  statistic: number;
  /**
   * The value `statistic` must exceed for a detection: every detection has `statistic > threshold`, and
   * every observation that could signal (CUSUM after its warm-up, Page–Hinkley from `minInstances` on, ADWIN
   * at a check) signals when it does.
   */
  threshold: number;
  /** Observations seen since the detector was created or `reset()` (automatic restarts do not zero it). */
  n: number;
  /** On a detection: the side of the change, 'up' (the mean rose) or 'down'. */
  direction?: 'up' | 'down';
  /**
   * On a detection: the estimated 0-based index (in the count `n` uses) of the first observation after the
   * change. CUSUM: start of the current run of positive sums (Montgomery); Page–Hinkley: the step after the
   * extremum of the cumulative sum (Hinkley 1971); ADWIN: the first observation of the newer sub-window W1.
   */
  changePoint?: number;
}

/** A change detector on a univariate metric series. */
export interface ChangeDetector<R extends DetectorResult = DetectorResult> {
  /** 'cusum', 'page-hinkley' or 'adwin'. */
  readonly name: DetectorKind;
  /** Detections since creation or `reset()`. */
  readonly detections: number;
  /**
   * Add one observation. `x` must be a finite number: NaN, ±Infinity and non-numbers throw a DriftkitError
   * naming `x` (a missing metric value is the caller's decision — skip it or impute it before updating).
   */
  update(x: number): R;
  /** Back to the state the detector was created in (same options; `n` and `detections` zeroed). */
  reset(): void;
  /** Options and state as plain JSON (finite numbers, booleans, strings, arrays): feed to `restoreDetector`. */
  toJSON(): DetectorJSON;
}

export type DetectorKind = 'cusum' | 'page-hinkley' | 'adwin';

/** The serialised form of a detector (`JSON.stringify`-safe: no NaN or ±Infinity inside). */
export type DetectorJSON = CusumJSON | PageHinkleyJSON | AdwinJSON;

const FORMAT_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------------------------

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint' || v === undefined) return typeof v === 'bigint' ? `${v}n` : String(v);
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}

function checkKeys(fn: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail(fn, 'options', `must be an object; got ${options === null ? 'null' : Array.isArray(options) ? 'array' : typeof options}`);
  }
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) fail(fn, 'options', `has unknown key '${k}'; allowed: ${allowed.join(', ')}`);
  }
  return options as Record<string, unknown>;
}

function finiteNumber(fn: string, name: string, v: unknown, dflt: number | undefined): number | undefined {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(fn, name, `must be a finite number; got ${show(v)}`);
  return v + 0; // −0 → +0: JSON has no −0, and restored state must behave identically
}

function positive(fn: string, name: string, v: unknown, dflt: number): number {
  const x = finiteNumber(fn, name, v, dflt) as number;
  if (!(x > 0)) fail(fn, name, `must be > 0; got ${x}`);
  return x;
}

function nonNegative(fn: string, name: string, v: unknown, dflt: number): number {
  const x = finiteNumber(fn, name, v, dflt) as number;
  if (!(x >= 0)) fail(fn, name, `must be >= 0; got ${x}`);
  return x;
}

function integerAtLeast(fn: string, name: string, v: unknown, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(fn, name, `must be an integer >= ${min}; got ${show(v)}`);
  return v + 0;
}

function checkX(fn: string, x: unknown): number {
  if (typeof x !== 'number') fail(fn, 'x', `must be a finite number; got ${show(x)}`);
  if (!Number.isFinite(x)) fail(fn, 'x', `must be a finite number; got ${x}`);
  return x + 0; // −0 → +0 (see finiteNumber)
}

// ---------------------------------------------------------------------------------------------------------
// CUSUM
// ---------------------------------------------------------------------------------------------------------

/**
 * Options of the two-sided tabular CUSUM. `k` and `h` are in units of `sigma`.
 *
 * Defaults follow Montgomery (Introduction to Statistical Quality Control, ch. 9, the tabular CUSUM), not
 * River: River's PageHinkley is what River offers as its CUSUM-type test.
 */
export interface CusumOptions {
  /**
   * Target (in-control) mean μ0. Default: estimated as the mean of the first `warmup` observations (and again
   * after each detection, the new level becoming the target).
   */
  mu0?: number;
  /**
   * In-control standard deviation σ (> 0). Default: estimated as the sample standard deviation (ddof = 1) of
   * the first `warmup` observations (and again after each detection). A warm-up with no variation is extended
   * until the observations vary.
   */
  sigma?: number;
  /**
   * Observations used to estimate `mu0` and/or `sigma` when either is not given (integer >= 2, default 30).
   * Those observations are not themselves tested. Short warm-ups give noisy σ estimates and so an ARL₀ that
   * varies from run to run; give `mu0` and `sigma` from a reference period when you have one.
   */
  warmup?: number;
  /**
   * Reference value (allowance, slack) k in σ (>= 0, default 0.5): each observation adds x − (μ0 + kσ) to the
   * upper sum and (μ0 − kσ) − x to the lower. k = δ/2 is optimal for a shift of δ σ; the default suits 1σ.
   */
  k?: number;
  /**
   * Decision interval h in σ (> 0, default 5). With k = 0.5, h = 5 the two-sided in-control average run length
   * (ARL₀) is about 465 and the ARL for a 1σ shift about 10.4 (Montgomery's ARL table for k = 1/2, h = 4 or 5).
   */
  h?: number;
}

export interface CusumResult extends DetectorResult {
  /** Upper cumulative sum C⁺ in σ units (0 during warm-up). */
  upper: number;
  /** Lower cumulative sum C⁻ in σ units (0 during warm-up). */
  lower: number;
  /** True while mu0/sigma are being estimated; nothing is tested then. */
  warmingUp: boolean;
  /** The target mean in use (absent during a warm-up). */
  mu0?: number;
  /** The σ in use (absent during a warm-up). */
  sigma?: number;
  /** On a detection: the mean before the change, i.e. `mu0`. */
  meanBefore?: number;
  /** On a detection: Montgomery's estimate of the new mean, μ0 + kσ + C⁺/N⁺ (or μ0 − kσ − C⁻/N⁻). */
  meanAfter?: number;
}

export interface CusumResolved {
  mu0: number | null;
  sigma: number | null;
  warmup: number;
  k: number;
  h: number;
}

export interface CusumState {
  n: number;
  detections: number;
  /** a detection happened on the last update: restart on the next one */
  pendingRestart: boolean;
  mu0: number | null;
  sigma: number | null;
  warmCount: number;
  warmMean: number;
  warmM2: number;
  upper: number;
  lower: number;
  /** consecutive observations with upper > 0 (Montgomery's N⁺) */
  runUpper: number;
  runLower: number;
}

export interface CusumJSON {
  kind: 'cusum';
  version: number;
  options: CusumResolved;
  state: CusumState;
}

export interface CusumDetector extends ChangeDetector<CusumResult> {
  readonly name: 'cusum';
  /** The options in force (null for a parameter estimated from the warm-up). */
  readonly options: Readonly<CusumResolved>;
  toJSON(): CusumJSON;
}

const CUSUM_KEYS = ['mu0', 'sigma', 'warmup', 'k', 'h'] as const;

function resolveCusum(fn: string, options: unknown): CusumResolved {
  const o = checkKeys(fn, options, CUSUM_KEYS);
  const mu0 = finiteNumber(fn, 'mu0', o.mu0, undefined);
  let sigma: number | undefined;
  if (o.sigma !== undefined) sigma = positive(fn, 'sigma', o.sigma, 1);
  return {
    mu0: mu0 ?? null,
    sigma: sigma ?? null,
    warmup: integerAtLeast(fn, 'warmup', o.warmup, 30, 2),
    k: nonNegative(fn, 'k', o.k, 0.5),
    h: positive(fn, 'h', o.h, 5),
  };
}

function cusumInitialState(opt: CusumResolved): CusumState {
  return {
    n: 0, detections: 0, pendingRestart: false, mu0: opt.mu0, sigma: opt.sigma,
    warmCount: 0, warmMean: 0, warmM2: 0, upper: 0, lower: 0, runUpper: 0, runLower: 0,
  };
}

/**
 * Two-sided tabular CUSUM (Page 1954; Montgomery, Introduction to Statistical Quality Control, ch. 9):
 *
 *     C⁺ᵢ = max(0, xᵢ − (μ0 + K) + C⁺ᵢ₋₁),   C⁻ᵢ = max(0, (μ0 − K) − xᵢ + C⁻ᵢ₋₁),   K = kσ, H = hσ,
 *
 * signalling when C⁺/σ > h ('up') or C⁻/σ > h ('down'). `statistic` is max(C⁺, C⁻)/σ and `threshold` is h.
 * After a detection both sums restart at zero on the next update, and any parameter that was estimated is
 * estimated again from a new warm-up (the new level becomes the target); given parameters are kept, so a
 * shift that persists alarms again about every h/(|δ| − k) observations.
 *
 * Average run lengths are approximated by Siegmund's formula (Siegmund 1985, Sequential Analysis; see
 * `cusumArlSiegmund`). Assumes roughly independent, roughly normal observations: for a skewed series (a 0/1
 * error per prediction) choose k and h for it (e.g. the Bernoulli log-likelihood-ratio CUSUM's reference value)
 * or feed per-window rates instead: with k = 0.5, h = 5 and μ0 = 0.01, σ = √(0.01·0.99), a single error adds
 * 9.45σ and alarms at once.
 *
 * Estimated parameters: a false alarm shortly before a real change starts a warm-up that may absorb the
 * change into the new target (it is then not signalled); give `mu0` and `sigma` from a reference period to
 * avoid this, and to make ARL₀ the textbook one.
 */
export function createCusum(options?: CusumOptions): CusumDetector {
  const opt = resolveCusum('createCusum', options);
  return new Cusum(opt, cusumInitialState(opt));
}

class Cusum implements CusumDetector {
  readonly name = 'cusum' as const;
  readonly options: Readonly<CusumResolved>;
  private s: CusumState;

  constructor(options: CusumResolved, state: CusumState) {
    this.options = Object.freeze({ ...options });
    this.s = state;
  }

  get detections(): number {
    return this.s.detections;
  }

  update(x: number): CusumResult {
    x = checkX('cusum.update', x);
    const s = this.s;
    const o = this.options;
    if (s.pendingRestart) {
      s.pendingRestart = false;
      s.upper = s.lower = 0;
      s.runUpper = s.runLower = 0;
      s.mu0 = o.mu0;
      s.sigma = o.sigma;
      s.warmCount = 0;
      s.warmMean = 0;
      s.warmM2 = 0;
    }
    s.n++;
    if (s.mu0 === null || s.sigma === null) {
      // Welford's running mean and sum of squares
      s.warmCount++;
      const d = x - s.warmMean;
      s.warmMean += d / s.warmCount;
      s.warmM2 += d * (x - s.warmMean);
      if (s.warmCount >= o.warmup) {
        const sd = Math.sqrt(s.warmM2 / (s.warmCount - 1));
        if (o.sigma !== null || sd > 0) {
          s.mu0 = o.mu0 ?? s.warmMean;
          s.sigma = o.sigma ?? sd;
        }
      }
      return { changeDetected: false, statistic: 0, threshold: o.h, n: s.n, upper: 0, lower: 0, warmingUp: true };
    }
    const mu0 = s.mu0;
    const sigma = s.sigma;
    const K = o.k * sigma;
    s.upper = Math.max(0, s.upper + x - (mu0 + K));
    s.lower = Math.max(0, s.lower + (mu0 - K) - x);
    s.runUpper = s.upper > 0 ? s.runUpper + 1 : 0;
    s.runLower = s.lower > 0 ? s.runLower + 1 : 0;
    const up = s.upper / sigma;
    const down = s.lower / sigma;
    const statistic = Math.max(up, down);
    const r: CusumResult = {
      changeDetected: false, statistic, threshold: o.h, n: s.n, upper: up, lower: down, warmingUp: false, mu0, sigma,
    };
    if (up > o.h || down > o.h) {
      r.changeDetected = true;
      s.pendingRestart = true;
      s.detections++;
      if (up >= down) {
        r.direction = 'up';
        r.changePoint = s.n - s.runUpper;
        r.meanAfter = mu0 + K + s.upper / s.runUpper;
      } else {
        r.direction = 'down';
        r.changePoint = s.n - s.runLower;
        r.meanAfter = mu0 - K - s.lower / s.runLower;
      }
      r.meanBefore = mu0;
    }
    return r;
  }

  reset(): void {
    this.s = cusumInitialState(this.options);
  }

  toJSON(): CusumJSON {
    return { kind: 'cusum', version: FORMAT_VERSION, options: { ...this.options }, state: { ...this.s } };
  }
}

/**
 * Siegmund's approximation of the average run length of a one-sided CUSUM with reference value k and decision
 * interval h (both in σ) when the mean is shifted by `shift` σ (Siegmund 1985, as given by Montgomery):
 * ARL = (exp(−2Δb) + 2Δb − 1) / (2Δ²), Δ = shift − k, b = h + 1.166 (ARL = b² when Δ = 0).
 * For the two-sided scheme, 1/ARL = 1/ARL⁺ + 1/ARL⁻ (ARL⁻ uses −shift).
 */
export function cusumArlSiegmund(k: number, h: number, shift = 0, sides: 1 | 2 = 1): number {
  const fn = 'cusumArlSiegmund';
  nonNegative(fn, 'k', k, 0.5);
  positive(fn, 'h', h, 5);
  finiteNumber(fn, 'shift', shift, 0);
  if (sides !== 1 && sides !== 2) fail(fn, 'sides', `must be 1 or 2; got ${show(sides)}`);
  const one = (d: number): number => {
    const b = h + 1.166;
    const D = d - k;
    if (D === 0) return b * b;
    return (Math.exp(-2 * D * b) + 2 * D * b - 1) / (2 * D * D);
  };
  return sides === 1 ? one(shift) : 1 / (1 / one(shift) + 1 / one(-shift));
}

// ---------------------------------------------------------------------------------------------------------
// Page–Hinkley
// ---------------------------------------------------------------------------------------------------------

/** Options of the Page–Hinkley test. All defaults are River's (`river.drift.PageHinkley`). */
export interface PageHinkleyOptions {
  /** Observations (since the last restart) before a detection may be signalled (integer >= 1, default 30). */
  minInstances?: number;
  /**
   * Magnitude δ of changes tolerated (>= 0, default 0.005), in the series' units: each observation adds
   * (x − x̄) − δ to the increase sum and (x − x̄) + δ to the decrease sum.
   */
  delta?: number;
  /**
   * Detection threshold λ (> 0, default 50), in the series' units times observations. River's default suits
   * a series whose shifts are of order 1 (e.g. class labels or counts); scale it to your series (a PSI per
   * window around 0.02–0.3 needs λ of order 1, a latency in ms far more), otherwise detections come late or
   * never — or, for a series with σ ≫ 1, constantly.
   */
  threshold?: number;
  /** Fading factor α in (0, 1] applied to the cumulative sums (default 1 − 0.0001); 1 means no fading. */
  alpha?: number;
  /** Which changes to signal: 'up' (increases), 'down' (decreases) or 'both' (default, as River). */
  mode?: 'up' | 'down' | 'both';
}

export interface PageHinkleyResult extends DetectorResult {
  /** Running mean x̄ since the last restart (not faded, as River). */
  mean: number;
  /** Increase statistic mₜ − minₛ mₛ (compare with λ). */
  increase: number;
  /** Decrease statistic maxₛ Mₛ − Mₜ (compare with λ). */
  decrease: number;
}

export interface PageHinkleyResolved {
  minInstances: number;
  delta: number;
  threshold: number;
  alpha: number;
  mode: 'up' | 'down' | 'both';
}

export interface PageHinkleyState {
  n: number;
  detections: number;
  pendingRestart: boolean;
  /** observations since the last restart */
  count: number;
  mean: number;
  sumIncrease: number;
  sumDecrease: number;
  minIncrease: number;
  maxDecrease: number;
  /** index (in n's count) where minIncrease / maxDecrease were attained */
  argMinIncrease: number;
  argMaxDecrease: number;
}

export interface PageHinkleyJSON {
  kind: 'page-hinkley';
  version: number;
  options: PageHinkleyResolved;
  state: PageHinkleyState;
}

export interface PageHinkleyDetector extends ChangeDetector<PageHinkleyResult> {
  readonly name: 'page-hinkley';
  readonly options: Readonly<PageHinkleyResolved>;
  toJSON(): PageHinkleyJSON;
}

const PH_KEYS = ['minInstances', 'delta', 'threshold', 'alpha', 'mode'] as const;
const PH_MODES = ['up', 'down', 'both'] as const;

function resolvePageHinkley(fn: string, options: unknown): PageHinkleyResolved {
  const o = checkKeys(fn, options, PH_KEYS);
  const alpha = finiteNumber(fn, 'alpha', o.alpha, 1 - 0.0001) as number;
  if (!(alpha > 0 && alpha <= 1)) fail(fn, 'alpha', `must be in (0, 1]; got ${alpha}`);
  const mode = o.mode === undefined ? 'both' : o.mode;
  if (!(PH_MODES as readonly unknown[]).includes(mode)) fail(fn, 'mode', `must be one of 'up', 'down', 'both'; got ${show(mode)}`);
  return {
    minInstances: integerAtLeast(fn, 'minInstances', o.minInstances, 30, 1),
    delta: nonNegative(fn, 'delta', o.delta, 0.005),
    threshold: positive(fn, 'threshold', o.threshold, 50),
    alpha,
    mode: mode as PageHinkleyResolved['mode'],
  };
}

function phInitialState(): PageHinkleyState {
  return {
    n: 0, detections: 0, pendingRestart: false, count: 0, mean: 0, sumIncrease: 0, sumDecrease: 0,
    minIncrease: 0, maxDecrease: 0, argMinIncrease: 0, argMaxDecrease: 0,
  };
}

/**
 * Page–Hinkley test (Page 1954; Hinkley 1971, "Inference about the change-point from cumulative sum tests",
 * Biometrika 58) in the form of River's `drift.PageHinkley` (with the fading factor of Gama, Sebastião &
 * Rodrigues 2013, "On evaluating stream learning algorithms", Machine Learning 90): with x̄ₜ the running mean
 * of the observations since the last restart,
 *
 *     mₜ = α·mₜ₋₁ + (xₜ − x̄ₜ − δ),   Mₜ = α·Mₜ₋₁ + (xₜ − x̄ₜ + δ),
 *     increase = mₜ − minₛ≤ₜ mₛ,     decrease = maxₛ≤ₜ Mₛ − Mₜ,
 *
 * signalling when the statistic of the watched side(s) exceeds λ, once at least `minInstances` observations
 * have been seen since the last restart. `statistic` is the watched side's value (the larger of the two for
 * 'both'); `threshold` is λ. On a detection the detector restarts on the next update, as River's does.
 *
 * Matches River's update step for step (River initialises max Mₛ at −1 and min mₛ at +∞; the first Mₜ is
 * always δ ≥ 0 and the first mₜ is −δ, so starting both at the first value, as here, is the same).
 */
export function createPageHinkley(options?: PageHinkleyOptions): PageHinkleyDetector {
  return new PageHinkley(resolvePageHinkley('createPageHinkley', options), phInitialState());
}

class PageHinkley implements PageHinkleyDetector {
  readonly name = 'page-hinkley' as const;
  readonly options: Readonly<PageHinkleyResolved>;
  private s: PageHinkleyState;

  constructor(options: PageHinkleyResolved, state: PageHinkleyState) {
    this.options = Object.freeze({ ...options });
    this.s = state;
  }

  get detections(): number {
    return this.s.detections;
  }

  update(x: number): PageHinkleyResult {
    x = checkX('pageHinkley.update', x);
    const s = this.s;
    const o = this.options;
    if (s.pendingRestart) {
      const { n, detections } = s;
      this.s = { ...phInitialState(), n, detections };
      return this.update(x);
    }
    s.n++;
    s.count++;
    s.mean += (x - s.mean) / s.count;
    const dev = x - s.mean;
    s.sumIncrease = o.alpha * s.sumIncrease + dev - o.delta;
    s.sumDecrease = o.alpha * s.sumDecrease + dev + o.delta;
    // <= and >=: the same extremum values as River's strict comparisons; the index is the latest attaining
    // one, so that the change point (the step after it) is Hinkley's estimate on ties too
    if (s.count === 1 || s.sumIncrease <= s.minIncrease) {
      s.minIncrease = s.sumIncrease;
      s.argMinIncrease = s.n - 1;
    }
    if (s.count === 1 || s.sumDecrease >= s.maxDecrease) {
      s.maxDecrease = s.sumDecrease;
      s.argMaxDecrease = s.n - 1;
    }
    const increase = s.sumIncrease - s.minIncrease;
    const decrease = s.maxDecrease - s.sumDecrease;
    const statistic = o.mode === 'up' ? increase : o.mode === 'down' ? decrease : Math.max(increase, decrease);
    const r: PageHinkleyResult = {
      changeDetected: false, statistic, threshold: o.threshold, n: s.n, mean: s.mean, increase, decrease,
    };
    if (s.count >= o.minInstances) {
      const up = o.mode !== 'down' && increase > o.threshold;
      const down = o.mode !== 'up' && decrease > o.threshold;
      if (up || down) {
        r.changeDetected = true;
        s.pendingRestart = true;
        s.detections++;
        if (up && (!down || increase >= decrease)) {
          r.direction = 'up';
          r.changePoint = s.argMinIncrease + 1;
        } else {
          r.direction = 'down';
          r.changePoint = s.argMaxDecrease + 1;
        }
      }
    }
    return r;
  }

  reset(): void {
    this.s = phInitialState();
  }

  toJSON(): PageHinkleyJSON {
    return { kind: 'page-hinkley', version: FORMAT_VERSION, options: { ...this.options }, state: { ...this.s } };
  }
}

// ---------------------------------------------------------------------------------------------------------
// ADWIN
// ---------------------------------------------------------------------------------------------------------

/** Options of ADWIN. All defaults are River's (`river.drift.ADWIN`), which are MOA's. */
export interface AdwinOptions {
  /**
   * Confidence δ in (0, 1) (default 0.002): a cut is declared when two sub-windows' means differ by more than
   * ε_cut, which bounds the false-alarm probability of a check by about δ (Bifet & Gavaldà 2007, Theorem 3).
   * Smaller is more conservative.
   */
  delta?: number;
  /** Check for a change every `clock` observations (integer >= 1, default 32). 1 checks at every observation:
   *  shorter delays (use it for short series such as a metric per window), more work. */
  clock?: number;
  /** Buckets of each size kept before two are merged, the exponential histogram's M (integer >= 2, default 5).
   *  More buckets: finer cut points, more memory (M · log₂(W/M) buckets for a window of W). */
  maxBuckets?: number;
  /** Minimum length of each sub-window for a cut to be tested (integer >= 1, default 5). */
  minWindowLength?: number;
  /** No check before the window holds more than this many observations (integer >= 0, default 10). */
  gracePeriod?: number;
}

export interface AdwinResult extends DetectorResult {
  /** Observations in the adaptive window W (after any cut made by this update). */
  width: number;
  /** Mean of the window (0 when empty, as River's `estimation`). */
  mean: number;
  /** Population variance of the window, Σ(x − mean)²/W (River's `variance` is the unnormalised sum). */
  variance: number;
  /** True when this update ran a check (every `clock` observations once the grace period is over). */
  checked: boolean;
  /** On a detection: the mean of the older sub-window W0 at the cut. */
  meanBefore?: number;
  /** On a detection: the mean of the newer sub-window W1 at the cut. */
  meanAfter?: number;
}

export interface AdwinResolved {
  delta: number;
  clock: number;
  maxBuckets: number;
  minWindowLength: number;
  gracePeriod: number;
}

export interface AdwinRow {
  /** sums of the buckets in this row (each of 2^row observations), oldest first */
  totals: number[];
  /** Σ(x − bucket mean)² of the buckets, oldest first */
  variances: number[];
}

export interface AdwinState {
  n: number;
  detections: number;
  pendingRestart: boolean;
  tick: number;
  width: number;
  total: number;
  /** Σ(x − mean)² over the window */
  variance: number;
  rows: AdwinRow[];
  /** max over the cuts of the last check of |μ0 − μ1| / ε_cut */
  lastStatistic: number;
}

export interface AdwinJSON {
  kind: 'adwin';
  version: number;
  options: AdwinResolved;
  state: AdwinState;
}

export interface AdwinDetector extends ChangeDetector<AdwinResult> {
  readonly name: 'adwin';
  readonly options: Readonly<AdwinResolved>;
  /** Observations in the adaptive window. */
  readonly width: number;
  /** Mean of the window (0 when empty). */
  readonly mean: number;
  /** Population variance of the window (0 when empty). */
  readonly variance: number;
  /** Buckets held (bounded by maxBuckets · (log₂ W + 1)). */
  readonly buckets: number;
  toJSON(): AdwinJSON;
}

const ADWIN_KEYS = ['delta', 'clock', 'maxBuckets', 'minWindowLength', 'gracePeriod'] as const;

function resolveAdwin(fn: string, options: unknown): AdwinResolved {
  const o = checkKeys(fn, options, ADWIN_KEYS);
  const delta = finiteNumber(fn, 'delta', o.delta, 0.002) as number;
  if (!(delta > 0 && delta < 1)) fail(fn, 'delta', `must be in (0, 1); got ${delta}`);
  return {
    delta,
    clock: integerAtLeast(fn, 'clock', o.clock, 32, 1),
    maxBuckets: integerAtLeast(fn, 'maxBuckets', o.maxBuckets, 5, 2),
    minWindowLength: integerAtLeast(fn, 'minWindowLength', o.minWindowLength, 5, 1),
    gracePeriod: integerAtLeast(fn, 'gracePeriod', o.gracePeriod, 10, 0),
  };
}

function adwinInitialState(): AdwinState {
  return {
    n: 0, detections: 0, pendingRestart: false, tick: 0, width: 0, total: 0, variance: 0,
    rows: [{ totals: [], variances: [] }], lastStatistic: 0,
  };
}

/**
 * ADWIN, adaptive windowing (Bifet & Gavaldà 2007, "Learning from time-changing data with adaptive
 * windowing", SIAM SDM), in its ADWIN2 form: the window is an exponential histogram (Datar, Gionis, Indyk &
 * Motwani 2002) of buckets of 1, 2, 4, … observations, at most `maxBuckets` of each size, holding each bucket's
 * sum and sum of squared deviations (merged exactly as in Babcock, Datar, Motwani & O'Callaghan 2003), so a
 * window of W observations takes O(maxBuckets · log W) numbers. Every `clock` observations every bucket
 * boundary splits the window into an older W0 and a newer W1; a change is declared at the first cut where
 *
 *     |μ̂0 − μ̂1| > ε_cut = sqrt(2 m σ̂²_W δ') + (2/3) m δ',   m = 1/(n0 − L + 1) + 1/(n1 − L + 1),
 *     δ' = ln(2 ln W / δ),  L = minWindowLength,  σ̂²_W the window's variance,
 *
 * and the oldest bucket is dropped (and the check repeated) until no cut is significant. This is River's
 * implementation (`river.drift.ADWIN` / `adwin_c.AdaptiveWindowing`) step for step, including: every bucket of
 * every row is a candidate cut (River ≥ 2024, as MOA; older River skipped the newest bucket of each row), and
 * on the update after a detection the whole window is discarded and the detector restarts (River; the paper
 * keeps W1). `statistic` is the largest |μ̂0 − μ̂1| / ε_cut over the cuts of the latest check (0 before
 * any), `threshold` is 1.
 *
 * Scale: ε_cut's second term, (2/3)·m·δ', is in the series' units and assumes observations in [0, 1] (the
 * paper's setting: error indicators, accuracies). A series on a much smaller scale is detected late (a PSI per
 * window jumping from 0.02 to 0.3 takes ~33 windows even with clock 1) and one on a much larger scale
 * (latencies in ms) is tested almost on its variance term alone; rescale such a series to roughly [0, 1].
 */
export function createAdwin(options?: AdwinOptions): AdwinDetector {
  return new Adwin(resolveAdwin('createAdwin', options), adwinInitialState());
}

class Adwin implements AdwinDetector {
  readonly name = 'adwin' as const;
  readonly options: Readonly<AdwinResolved>;
  private s: AdwinState;

  constructor(options: AdwinResolved, state: AdwinState) {
    this.options = Object.freeze({ ...options });
    this.s = state;
  }

  get detections(): number {
    return this.s.detections;
  }
  get width(): number {
    return this.s.width;
  }
  get mean(): number {
    return this.s.width === 0 ? 0 : this.s.total / this.s.width;
  }
  get variance(): number {
    return this.s.width === 0 ? 0 : this.s.variance / this.s.width;
  }
  get buckets(): number {
    let b = 0;
    for (const r of this.s.rows) b += r.totals.length;
    return b;
  }

  update(x: number): AdwinResult {
    x = checkX('adwin.update', x);
    if (this.s.pendingRestart) {
      const { n, detections } = this.s;
      this.s = { ...adwinInitialState(), n, detections };
    }
    const s = this.s;
    s.n++;
    this.insert(x);
    const r = this.detect();
    r.width = s.width;
    r.mean = this.mean;
    r.variance = this.variance;
    if (r.changeDetected) {
      s.pendingRestart = true;
      s.detections++;
    }
    return r;
  }

  private insert(value: number): void {
    const s = this.s;
    const row0 = s.rows[0];
    row0.totals.push(value);
    row0.variances.push(0);
    s.width += 1;
    if (s.width > 1) {
      const d = value - s.total / (s.width - 1);
      s.variance += ((s.width - 1) * d * d) / s.width;
    }
    s.total += value;
    this.compress();
  }

  private compress(): void {
    const s = this.s;
    const M = this.options.maxBuckets;
    for (let idx = 0; idx < s.rows.length; idx++) {
      const row = s.rows[idx];
      if (row.totals.length !== M + 1) break;
      if (idx + 1 === s.rows.length) s.rows.push({ totals: [], variances: [] });
      const next = s.rows[idx + 1];
      const n1 = 2 ** idx;
      const mu1 = row.totals[0] / n1;
      const mu2 = row.totals[1] / n1;
      const d = mu1 - mu2;
      next.totals.push(row.totals[0] + row.totals[1]);
      next.variances.push(row.variances[0] + row.variances[1] + n1 * 0.5 * d * d);
      row.totals.splice(0, 2);
      row.variances.splice(0, 2);
      if (next.totals.length <= M) break;
    }
  }

  /** Drop the oldest bucket; returns its size. */
  private deleteOldest(): number {
    const s = this.s;
    const last = s.rows.length - 1;
    const row = s.rows[last];
    const n = 2 ** last;
    const u = row.totals[0];
    const mu = u / n;
    const v = row.variances[0];
    s.width -= n;
    s.total -= u;
    const muWindow = s.total / s.width;
    s.variance -= v + (n * s.width * (mu - muWindow) * (mu - muWindow)) / (n + s.width);
    row.totals.shift();
    row.variances.shift();
    if (row.totals.length === 0) s.rows.pop();
    return n;
  }

  private detect(): AdwinResult {
    const s = this.s;
    const o = this.options;
    const r: AdwinResult = {
      changeDetected: false, statistic: s.lastStatistic, threshold: 1, n: s.n, width: 0, mean: 0, variance: 0, checked: false,
    };
    s.tick++;
    if (s.tick % o.clock !== 0 || !(s.width > o.gracePeriod)) return r;
    r.checked = true;
    const L = o.minWindowLength;
    let first = true;
    let best = 0;
    let reduce = true;
    while (reduce) {
      reduce = false;
      let exit = false;
      let n0 = 0;
      let n1 = s.width;
      let u0 = 0;
      let u1 = s.total;
      // constant over the scan: the window's width and variance only change when a bucket is dropped
      const deltaPrime = Math.log((2 * Math.log(s.width)) / o.delta);
      const varianceInWindow = s.variance / s.width;
      for (let idx = s.rows.length - 1; idx >= 0 && !exit; idx--) {
        const row = s.rows[idx];
        const size = 2 ** idx;
        for (let k = 0; k < row.totals.length; k++) {
          n0 += size;
          n1 -= size;
          u0 += row.totals[k];
          u1 -= row.totals[k];
          if (idx === 0 && k === row.totals.length - 1) {
            exit = true;
            break;
          }
          if (n1 >= L && n0 >= L) {
            const deltaMean = u0 / n0 - u1 / n1;
            const mRecip = 1 / (n0 - L + 1) + 1 / (n1 - L + 1);
            const epsilon = Math.sqrt(2 * mRecip * varianceInWindow * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
            const ratio = Math.abs(deltaMean) / epsilon;
            if (first && ratio > best && ratio !== Infinity) best = ratio;
            if (Math.abs(deltaMean) > epsilon) {
              reduce = true;
              if (!r.changeDetected) {
                r.changeDetected = true;
                r.meanBefore = u0 / n0;
                r.meanAfter = u1 / n1;
                r.direction = r.meanAfter > r.meanBefore ? 'up' : 'down';
                r.changePoint = s.n - n1;
              }
              n0 -= this.deleteOldest();
              exit = true;
              break;
            }
          }
        }
      }
      first = false;
    }
    s.lastStatistic = best;
    r.statistic = best;
    return r;
  }

  reset(): void {
    this.s = adwinInitialState();
  }

  toJSON(): AdwinJSON {
    const s = this.s;
    return {
      kind: 'adwin',
      version: FORMAT_VERSION,
      options: { ...this.options },
      state: { ...s, rows: s.rows.map((r) => ({ totals: r.totals.slice(), variances: r.variances.slice() })) },
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Factory and restore
// ---------------------------------------------------------------------------------------------------------

export type DetectorConfig =
  | ({ kind: 'cusum' } & CusumOptions)
  | ({ kind: 'page-hinkley' } & PageHinkleyOptions)
  | ({ kind: 'adwin' } & AdwinOptions);

/** Create a detector from a configuration object, e.g. `{ kind: 'adwin', delta: 0.002 }`. */
export function createDetector(config: { kind: 'cusum' } & CusumOptions): CusumDetector;
export function createDetector(config: { kind: 'page-hinkley' } & PageHinkleyOptions): PageHinkleyDetector;
export function createDetector(config: { kind: 'adwin' } & AdwinOptions): AdwinDetector;
export function createDetector(config: DetectorConfig): ChangeDetector;
export function createDetector(config: DetectorConfig): ChangeDetector {
  const fn = 'createDetector';
  if (config === null || typeof config !== 'object') fail(fn, 'config', `must be an object with a kind; got ${show(config)}`);
  const { kind, ...rest } = config as { kind: unknown } & Record<string, unknown>;
  if (kind === 'cusum') {
    const options = resolveCusum(fn, rest);
    return new Cusum(options, cusumInitialState(options));
  }
  if (kind === 'page-hinkley') return new PageHinkley(resolvePageHinkley(fn, rest), phInitialState());
  if (kind === 'adwin') return new Adwin(resolveAdwin(fn, rest), adwinInitialState());
  return fail(fn, 'kind', `must be 'cusum', 'page-hinkley' or 'adwin'; got ${show(kind)}`);
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function stateNumber(o: Obj, key: string, check: (v: number) => boolean = () => true, what = 'a finite number'): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) fail('restoreDetector', 'json', `has state.${key} = ${show(v)}; expected ${what}`);
  return v;
}
const count = (o: Obj, key: string): number => stateNumber(o, key, (v) => Number.isSafeInteger(v) && v >= 0, 'an integer >= 0');
function stateBool(o: Obj, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') fail('restoreDetector', 'json', `has state.${key} = ${show(v)}; expected true or false`);
  return v;
}
function stateNullable(o: Obj, key: string, check: (v: number) => boolean, what: string): number | null {
  return o[key] === null ? null : stateNumber(o, key, check, `${what} or null`);
}

/**
 * Rebuild a detector from `toJSON()` output (the object, or its JSON string), e.g. after persisting it. The
 * restored detector continues exactly where the original stopped: the same inputs give the same results.
 * A malformed or foreign object throws a DriftkitError naming `json`.
 */
export function restoreDetector(json: CusumJSON): CusumDetector;
export function restoreDetector(json: PageHinkleyJSON): PageHinkleyDetector;
export function restoreDetector(json: AdwinJSON): AdwinDetector;
export function restoreDetector(json: unknown): ChangeDetector;
export function restoreDetector(json: unknown): ChangeDetector {
  const fn = 'restoreDetector';
  let j = json;
  if (typeof j === 'string') {
    try {
      j = JSON.parse(j);
    } catch (e) {
      fail(fn, 'json', `is a string but not valid JSON (${(e as Error).message})`);
    }
  }
  if (!isObj(j)) fail(fn, 'json', `must be the object returned by a detector's toJSON(); got ${show(j)}`);
  if (j.version !== FORMAT_VERSION) fail(fn, 'json', `has version ${show(j.version)}; this driftkit reads version ${FORMAT_VERSION}`);
  if (!isObj(j.options)) fail(fn, 'json', 'has no options object');
  if (!isObj(j.state)) fail(fn, 'json', 'has no state object');
  const st = j.state;
  const common = { n: count(st, 'n'), detections: count(st, 'detections'), pendingRestart: stateBool(st, 'pendingRestart') };
  if (j.kind === 'cusum') {
    const raw = { ...j.options };
    for (const key of ['mu0', 'sigma'] as const) if (raw[key] === null) delete raw[key];
    const options = resolveCusum(fn, raw);
    const state: CusumState = {
      ...common,
      mu0: stateNullable(st, 'mu0', () => true, 'a finite number'),
      sigma: stateNullable(st, 'sigma', (v) => v > 0, 'a number > 0'),
      warmCount: count(st, 'warmCount'),
      warmMean: stateNumber(st, 'warmMean'),
      warmM2: stateNumber(st, 'warmM2', (v) => v >= 0, 'a number >= 0'),
      upper: stateNumber(st, 'upper', (v) => v >= 0, 'a number >= 0'),
      lower: stateNumber(st, 'lower', (v) => v >= 0, 'a number >= 0'),
      runUpper: count(st, 'runUpper'),
      runLower: count(st, 'runLower'),
    };
    return new Cusum(options, state);
  }
  if (j.kind === 'page-hinkley') {
    const options = resolvePageHinkley(fn, j.options);
    const state: PageHinkleyState = {
      ...common,
      count: count(st, 'count'),
      mean: stateNumber(st, 'mean'),
      sumIncrease: stateNumber(st, 'sumIncrease'),
      sumDecrease: stateNumber(st, 'sumDecrease'),
      minIncrease: stateNumber(st, 'minIncrease'),
      maxDecrease: stateNumber(st, 'maxDecrease'),
      argMinIncrease: count(st, 'argMinIncrease'),
      argMaxDecrease: count(st, 'argMaxDecrease'),
    };
    return new PageHinkley(options, state);
  }
  if (j.kind === 'adwin') {
    const options = resolveAdwin(fn, j.options);
    const rowsRaw = st.rows;
    if (!Array.isArray(rowsRaw) || rowsRaw.length === 0 || rowsRaw.length > 64) fail(fn, 'json', 'has state.rows that is not an array of 1 to 64 bucket rows');
    const rows: AdwinRow[] = rowsRaw.map((row: unknown, i: number) => {
      const ok =
        isObj(row) && Array.isArray(row.totals) && Array.isArray(row.variances) &&
        row.totals.length === row.variances.length && row.totals.length <= options.maxBuckets &&
        row.totals.every((v: unknown) => typeof v === 'number' && Number.isFinite(v)) &&
        row.variances.every((v: unknown) => typeof v === 'number' && Number.isFinite(v));
      if (!ok) fail(fn, 'json', `has a malformed state.rows[${i}] (expected { totals, variances }: equal-length arrays of at most maxBuckets finite numbers)`);
      const r = row as { totals: number[]; variances: number[] };
      return { totals: r.totals.slice(), variances: r.variances.slice() };
    });
    const state: AdwinState = {
      ...common,
      tick: count(st, 'tick'),
      width: count(st, 'width'),
      total: stateNumber(st, 'total'),
      variance: stateNumber(st, 'variance'),
      rows,
      lastStatistic: stateNumber(st, 'lastStatistic', (v) => v >= 0, 'a number >= 0'),
    };
    let w = 0;
    rows.forEach((r, i) => (w += r.totals.length * 2 ** i));
    if (w !== state.width) fail(fn, 'json', `has state.width = ${state.width} but its buckets hold ${w} observations`);
    return new Adwin(options, state);
  }
  return fail(fn, 'json', `has kind ${show(j.kind)}; expected 'cusum', 'page-hinkley' or 'adwin'`);
}
