// Reference profiles: what one pass over each reference column keeps, so that drift can later be measured
// without the reference rows. The JSON form of these types is documented in docs/profile-schema.md.
import type { Backend } from '../engine/types.js';
import type { OtherBucket } from './categories.js';

export const PROFILE_FORMAT = 'driftkit-profile';
/** Version 2 added category caps (options.categoryCapacity, CategoricalProfile.other) and roles; version 1 documents are read and upgraded. */
export const PROFILE_VERSION = 2;

/** Default number of quantile bins per numeric column. */
export const DEFAULT_PROFILE_BINS = 10;
/** Default number of distinct values the numeric sample sketch keeps. */
export const DEFAULT_SAMPLE_CAPACITY = 10_000;
/** Largest accepted sampleCapacity (the sketch needs ~50 bytes per kept value while it runs). */
export const MAX_SAMPLE_CAPACITY = 10_000_000;
/** Default probabilities of the recorded quantiles (numpy.quantile, 'linear'). */
export const DEFAULT_QUANTILE_PROBS: readonly number[] = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

/**
 * One column. Numeric: Float64Array / Float32Array / Int32Array / number[] (null, undefined and NaN are
 * missing). Categorical: string[] (null/undefined missing) or dictionary-encoded { codes, dictionary }
 * (a negative or null code is missing). Boolean: boolean[] (null/undefined missing).
 */
export type ColumnInput =
  | Float64Array
  | Float32Array
  | Int32Array
  | readonly (number | null | undefined)[]
  | readonly (string | null | undefined)[]
  | readonly (boolean | null | undefined)[]
  | { codes: Int32Array | readonly (number | null | undefined)[]; dictionary: readonly string[] };

export type Columns = Record<string, ColumnInput>;

export type FeatureKind = 'numeric' | 'categorical' | 'boolean';

export interface NumericProfile {
  kind: 'numeric';
  /** Rows, including missing ones. */
  count: number;
  /** Missing rows: NaN, null, undefined. */
  nullCount: number;
  posInfCount: number;
  negInfCount: number;
  /** Over finite values; NaN when there are none. */
  min: number;
  max: number;
  mean: number;
  /** Sum of squared deviations from the mean, finite values (NaN when there are none). */
  m2: number;
  /** m2 / (number of finite values), i.e. ddof 0 (NaN when there are none). */
  variance: number;
  /** Bin edges, strictly increasing, outer edges -Infinity and +Infinity. */
  edges: number[];
  /** Non-missing values per bin [e_i, e_{i+1}) (last closed); ±Infinity fall in the outer bins. */
  binCounts: number[];
  /**
   * numpy.quantile(finite values, probs) ('linear'). Exact at build time; after a merge exact only when the
   * merged sample holds every distinct value, otherwise estimated from the sample (quantilesExact false).
   */
  quantiles: { probs: number[]; values: number[] };
  quantilesExact: boolean;
  /** Bottom-k distinct-value sketch of the finite values with exact multiplicities (see docs). */
  sample: {
    /** Distinct finite values, ascending (-0 is stored as 0). */
    values: number[];
    /** How many rows hold each value. */
    counts: number[];
    /** k: the most distinct values kept. */
    capacity: number;
    /** True when values holds every distinct finite value of the column. */
    exact: boolean;
  };
}

export interface CategoricalProfile {
  kind: 'categorical' | 'boolean';
  count: number;
  nullCount: number;
  /**
   * Rows per tracked category (boolean: always both "true" and "false"). Without `other`, every category that
   * occurs; with `other`, every tracked category, 0 included.
   */
  categories: Record<string, number>;
  /** Rows whose value is not a tracked category (absent: none), with a bounded sample of those values (categorical only). */
  other?: OtherBucket;
}

export type FeatureProfile = NumericProfile | CategoricalProfile;

export interface ReferenceProfile {
  format: typeof PROFILE_FORMAT;
  version: typeof PROFILE_VERSION;
  /** ISO 8601 time the profile (or the merge) was made. */
  createdAt: string;
  rowCount: number;
  options: { bins: number; sampleCapacity: number; categoryCapacity: number };
  features: Record<string, FeatureProfile>;
  /** Columns of the profiled table that are not features (a time column, identifiers ...), when the caller said. */
  roles?: ProfileRoles;
}

/** Why a column is not compared: the table's time column, another datetime column, an identifier, or the caller said so. */
export type ExclusionReason = 'time' | 'datetime' | 'identifier' | 'excluded';

/** A column left out of the drift comparison, and why. */
export interface ExcludedColumn {
  /** The column's name. */
  column: string;
  /** Why it is not compared. */
  reason: ExclusionReason;
  /** What the detection saw, e.g. "100% distinct over 1,000 values". */
  detail?: string;
}

/** The columns a profile left out, and the table's time column. */
export interface ProfileRoles {
  /** The table's time column, with its span in the profiled rows when known. */
  time?: { column: string; min?: string; max?: string };
  /** Columns not profiled, and why. */
  excluded: ExcludedColumn[];
}

export interface ProfileOptions {
  /** Columns to profile, in this order (default: every column of the reference). */
  features?: readonly string[];
  /** Quantile bins per numeric column when its edges are not given (default 10). */
  bins?: number;
  /** Bin edges per numeric column (outer edges are opened to ±Infinity), instead of quantile edges. */
  edges?: Record<string, readonly number[]>;
  /** Kind per column, overriding detection from the input type. */
  types?: Record<string, FeatureKind>;
  /** Distinct values kept by each numeric column's sample sketch (default 10,000). */
  sampleCapacity?: number;
  /** Probabilities of the recorded quantiles (default 0, .01, .05, .1, .25, .5, .75, .9, .95, .99, 1). */
  probs?: readonly number[];
  /** Most categories tracked per categorical column (default 1,000): the most frequent; the rest count as "other". */
  categoryCapacity?: number;
  /**
   * Categorical columns: the categories to count (at most categoryCapacity), every other value in the "other"
   * bucket, instead of the most frequent. Parts of one table profiled with the same tracked categories (e.g. a
   * reference's: Object.keys(reference.features.f.categories)) merge exactly in any order.
   */
  tracked?: Record<string, readonly string[]>;
  /** Recorded in the profile: the columns left out and the time column (e.g. detectRoles()' result). */
  roles?: ProfileRoles;
  backend?: Backend;
}
