// A profile built batch by batch: the state behind streaming windows. Columns arrive in batches against a
// fixed shape (the reference's features, kinds and bin edges); each numeric batch costs one fused kernel
// pass (bin counts + moments) and the running sample sketch, whose threshold carries over from batch to
// batch, so after the first few thousand rows almost no value reaches its table. profile() at any time gives
// what profile(concatenated batches, { edges, types }) gives for counts, bins, extremes and the sample, with
// mean / M2 combined by Chan's formula and quantiles from the sample (exact while it holds every distinct
// value, as after mergeProfiles).
import { fail } from '../errors.js';
import type { Kernels } from '../engine/types.js';
import { CategoryCounter, DEFAULT_CATEGORY_CAPACITY, orderedCategories } from './categories.js';
import { countCategories, readColumn, sub, type ColumnData } from './columns.js';
import { combineMoments, quantilesFromSample, type FiniteMoments } from './merge.js';
import { SampleSketch } from './sketch.js';
import { sealProfile } from './serialize.js';
import {
  PROFILE_FORMAT, PROFILE_VERSION, type Columns, type FeatureKind, type FeatureProfile, type ReferenceProfile,
} from './types.js';

/** What every batch is profiled against. */
export interface ProfileShape {
  features: readonly string[];
  kinds: Readonly<Record<string, FeatureKind>>;
  /** Numeric features: bin edges (outer edges ±Infinity). */
  edges: Readonly<Record<string, Float64Array>>;
  probs: Readonly<Record<string, readonly number[]>>;
  bins: number;
  sampleCapacity: number;
  /** Most categories tracked per categorical feature (default DEFAULT_CATEGORY_CAPACITY). */
  categoryCapacity?: number;
  /**
   * Categorical features: the categories counted exactly; any other value goes to the "other" bucket. Absent
   * for a feature: every category is counted (a reference read in parts), capped by frequency at profile().
   */
  tracked?: Readonly<Record<string, ReadonlySet<string>>>;
}

/** The shape of a reference profile (its features, kinds, edges, quantile probabilities and tracked categories). */
export function shapeOf(reference: ReferenceProfile, sampleCapacity = reference.options.sampleCapacity): ProfileShape {
  const kinds: Record<string, FeatureKind> = {};
  const edges: Record<string, Float64Array> = {};
  const probs: Record<string, readonly number[]> = {};
  const tracked: Record<string, ReadonlySet<string>> = {};
  for (const [name, f] of Object.entries(reference.features)) {
    kinds[name] = f.kind;
    if (f.kind === 'numeric') { edges[name] = Float64Array.from(f.edges); probs[name] = f.quantiles.probs.slice(); }
    else if (f.kind === 'categorical') tracked[name] = new Set(Object.keys(f.categories));
  }
  return {
    features: Object.keys(reference.features), kinds, edges, probs, bins: reference.options.bins, sampleCapacity,
    categoryCapacity: reference.options.categoryCapacity, tracked,
  };
}

interface NumericState {
  kind: 'numeric';
  count: number; nullCount: number; posInfCount: number; negInfCount: number;
  moments: FiniteMoments;
  binCounts: Float64Array;
  sketch: SampleSketch;
}
interface CategoricalState { kind: 'categorical' | 'boolean'; count: number; nullCount: number; counter: CategoryCounter }
type State = NumericState | CategoricalState;

/** A batch after prepare(): one checked column per feature of the shape. */
export type PreparedBatch = readonly ColumnData[];

/** Rows [a, b) of a checked column (typed arrays as views, arrays copied). */
function slice(d: ColumnData, a: number, b: number): ColumnData {
  if (a === 0 && b === d.length) return d;
  switch (d.type) {
    case 'numeric': return { type: 'numeric', length: b - a, values: d.values.subarray(a, b) };
    case 'string': case 'boolean': return { type: d.type, length: b - a, values: d.values.slice(a, b) };
    case 'dictionary': return { type: 'dictionary', length: b - a, codes: d.codes.subarray(a, b), dictionary: d.dictionary };
    case 'missing': return { type: 'missing', length: b - a };
  }
}

const NOUN: Record<ColumnData['type'], string> = { numeric: 'numbers', string: 'strings', boolean: 'booleans', dictionary: 'dictionary codes', missing: 'no values' };

export class ProfileAccumulator {
  private readonly state = new Map<string, State>();
  rows = 0;
  private readonly categoryCapacity: number;

  constructor(private readonly shape: ProfileShape, private readonly K: Kernels) {
    this.categoryCapacity = shape.categoryCapacity ?? DEFAULT_CATEGORY_CAPACITY;
    for (const f of shape.features) {
      const kind = shape.kinds[f];
      this.state.set(f, kind === 'numeric'
        ? {
          kind, count: 0, nullCount: 0, posInfCount: 0, negInfCount: 0,
          moments: { n: 0, min: NaN, max: NaN, mean: NaN, m2: NaN },
          binCounts: new Float64Array(shape.edges[f].length - 1),
          sketch: new SampleSketch(shape.sampleCapacity),
        }
        : { kind, count: 0, nullCount: 0, counter: new CategoryCounter(kind === 'boolean' ? 2 : this.categoryCapacity, kind === 'boolean' ? undefined : shape.tracked?.[f]) });
    }
  }

  /**
   * Read and check a batch before anything is counted: one column per feature of the shape (the caller fills
   * absent features with missing values), each of `rows` rows and of the feature's kind; dictionary codes
   * inside their dictionary. Errors are from `fn`, naming `${name}.feature`. add() of the result cannot fail,
   * so a bad batch leaves the state unchanged.
   */
  prepare(cols: Columns, rows: number, fn: string, name: string): PreparedBatch {
    return this.shape.features.map((f) => {
      const arg = sub(name, f);
      const d = readColumn(fn, arg, cols[f]);
      if (d.length !== rows) fail(fn, arg, `has ${d.length} rows, expected ${rows}`);
      const kind = this.shape.kinds[f];
      const ok = d.type === 'missing' || (kind === 'numeric' ? d.type === 'numeric' : kind === 'boolean' ? d.type === 'boolean' : true);
      if (!ok) fail(fn, arg, `holds ${NOUN[d.type]}, but the reference profile has it as ${kind}`);
      if (d.type === 'dictionary') {
        const k = d.dictionary.length;
        for (let i = 0; i < d.codes.length; i++) {
          if (d.codes[i] >= k) fail(fn, `${arg}.codes`, `element ${i} is ${d.codes[i]}, outside the dictionary of ${k} entries (negative codes are missing)`);
        }
      }
      return d;
    });
  }

  /** Count rows [a, b) of a prepared batch. */
  add(batch: PreparedBatch, a: number, b: number): void {
    const rows = b - a;
    this.shape.features.forEach((f, j) => {
      const d = slice(batch[j], a, b);
      const s = this.state.get(f)!;
      s.count += rows;
      if (s.kind !== 'numeric') {
        const { counts, nullCount } = countCategories('observe', f, d, this.K);
        s.nullCount += nullCount;
        s.counter.add(counts);
        return;
      }
      if (d.type !== 'numeric') { s.nullCount += rows; return; }
      const { histogram: h, moments: m } = this.K.histogramMoments(d.values, this.shape.edges[f]);
      for (let i = 0; i < s.binCounts.length; i++) s.binCounts[i] += h.counts[i];
      s.nullCount += m.nanCount;
      s.posInfCount += m.posInfCount;
      s.negInfCount += m.negInfCount;
      if (m.count > 0) s.moments = combineMoments(s.moments, { n: m.count, min: m.min + 0, max: m.max + 0, mean: m.mean + 0, m2: m.m2 + 0 });
      s.sketch.add(d.values, this.K);
    });
    this.rows += rows;
  }

  /** Free the numeric samples' WASM tables (idempotent); profile() afterwards is an error. */
  dispose(): void {
    for (const s of this.state.values()) if (s.kind === 'numeric') s.sketch.dispose();
  }

  /**
   * Categorical features whose counts outgrew the exact limit (no tracked set, too many distinct values): their
   * most frequent categories by the summary. Non-empty means profile() cannot be exact: recount with these as
   * `tracked` (profileChunked's second pass does).
   */
  approximateCategories(): Record<string, Set<string>> {
    const out: Record<string, Set<string>> = {};
    for (const [f, s] of this.state) if (s.kind === 'categorical' && !s.counter.exact) out[f] = s.counter.candidates();
    return out;
  }

  /** The profile of the rows added so far (undefined before the first row), without the features in `omit`. */
  profile(omit?: ReadonlySet<string>): ReferenceProfile | undefined {
    if (this.rows === 0) return undefined;
    const features = this.shape.features.filter((f) => !omit?.has(f)).map((f): [string, FeatureProfile] => {
      const s = this.state.get(f)!;
      if (s.kind !== 'numeric') {
        if (s.kind === 'boolean') {
          const counts = new Map(s.counter.counts);
          for (const k of ['true', 'false']) if (!counts.has(k)) counts.set(k, 0);
          return [f, { kind: s.kind, count: s.count, nullCount: s.nullCount, categories: orderedCategories(counts, true) }];
        }
        const { categories, other } = s.counter.result();
        return [f, { kind: s.kind, count: s.count, nullCount: s.nullCount, categories, ...(other ? { other } : {}) }];
      }
      const { n, min, max, mean, m2 } = s.moments;
      const sample = s.sketch.sample();
      const probs = this.shape.probs[f];
      const q = n > 0 ? quantilesFromSample(sample, probs, min, max) : { values: probs.map(() => NaN), exact: true };
      return [f, {
        kind: 'numeric',
        count: s.count,
        nullCount: s.nullCount,
        posInfCount: s.posInfCount,
        negInfCount: s.negInfCount,
        min, max, mean, m2,
        variance: n > 0 ? m2 / n + 0 : NaN,
        edges: Array.from(this.shape.edges[f]),
        binCounts: Array.from(s.binCounts),
        quantiles: { probs: probs.slice(), values: q.values },
        quantilesExact: q.exact,
        sample: { ...sample, capacity: this.shape.sampleCapacity },
      }];
    });
    return sealProfile({
      format: PROFILE_FORMAT,
      version: PROFILE_VERSION,
      createdAt: new Date().toISOString(),
      rowCount: this.rows,
      options: { bins: this.shape.bins, sampleCapacity: this.shape.sampleCapacity, categoryCapacity: this.categoryCapacity },
      features: Object.fromEntries(features),
    });
  }
}
