// Data-quality contracts: what a batch of serving data must look like, per feature (type, null rate, range,
// integers, infinities, categories) and for the set of columns. Types and rule names here; deriveContract()
// (derive.ts) writes one from a reference profile, checkContract() (check.ts) validates one, parseContract() /
// serializeContract() (serialize.ts) read and write the editable JSON / YAML form documented in
// docs/contracts.md, and validate() (validate.ts) checks batches against one.
import { fail } from '../errors.js';
import type { FeatureKind } from '../profile/types.js';

export const CONTRACT_FORMAT = 'driftkit-contract';
export const CONTRACT_VERSION = 1;

/**
 * Rule names, in the order violations are reported. They are API: the service uses them as Prometheus label
 * values. Column rules concern the set of columns; value rules the values of one feature.
 */
export const RULES = ['missing_column', 'unexpected_column', 'type', 'null_rate', 'not_finite', 'range', 'integer', 'unseen_category'] as const;
export type RuleName = 'missing_column' | 'unexpected_column' | 'type' | 'null_rate' | 'not_finite' | 'range' | 'integer' | 'unseen_category';
export const COLUMN_RULES = ['missing_column', 'unexpected_column'] as const;
export type ColumnRule = 'missing_column' | 'unexpected_column';
// spelled out so the public declarations name no constant; kept equal to the lists at compile time
const sameRules: [[(typeof RULES)[number], (typeof COLUMN_RULES)[number]]] extends [[RuleName, ColumnRule]]
  ? [[RuleName, ColumnRule]] extends [[(typeof RULES)[number], (typeof COLUMN_RULES)[number]]] ? true : false : false = true;
void sameRules;
export type ValueRule = Exclude<RuleName, ColumnRule>;
export const VALUE_RULES: readonly ValueRule[] = ['type', 'null_rate', 'not_finite', 'range', 'integer', 'unseen_category'];

/** The `feature` under which unexpected columns beyond `maxUnexpectedColumns` are counted together. */
export const OTHER_COLUMNS = '(other columns)';

export const CONTRACT_DEFAULTS = {
  /** k of the range margin: reference [min, max] widened by k·IQR on each side. */
  rangeMargin: 1.5,
  /** Derived rate limits (maxNullRate, maxUnseenRate of capped categories): max(rateFloor, rateFactor × reference share). */
  rateFloor: 0.01,
  rateFactor: 2,
  /** Categories kept in allowedCategories (the most frequent); the rest become an allowed unseen rate. */
  maxCategories: 1000,
  /** Rate rules judge count / max(rows, minRows): small batches cannot break a rate on a handful of rows. */
  minRows: 100,
  /** Distinct unexpected columns reported by name; more are counted together as OTHER_COLUMNS. */
  maxUnexpectedColumns: 20,
} as const;

export interface FeatureContract {
  readonly type: FeatureKind;
  /** Largest share of rows that may be missing (null, undefined, NaN); 0 makes the feature required. */
  readonly maxNullRate: number;
  /** Numeric: allowed finite values, inclusive (absent: any finite value). */
  readonly range?: { readonly min: number; readonly max: number };
  /** Numeric: whether ±Infinity are allowed (otherwise each is a `not_finite` violation). */
  readonly allowInfinity?: boolean;
  /** Numeric: values must be integers. */
  readonly integer?: boolean;
  /** Categorical: the known categories (absent: any category). */
  readonly allowedCategories?: readonly string[];
  /** Categorical, with allowedCategories: largest share of non-missing rows outside them (0: none allowed). */
  readonly maxUnseenRate?: number;
  /** Value rules whose violation makes the batch `blocking` (the service rejects it); others are counted only. */
  readonly blocking?: readonly ValueRule[];
}

export interface ColumnsContract {
  /** Columns every batch must carry: an absent one is a `missing_column` violation. */
  readonly expected: readonly string[];
  /** Known columns that may be absent (an absent one's feature, if any, counts as all missing values). */
  readonly optional: readonly string[];
  /** false: a column that is neither expected nor optional is an `unexpected_column` violation. */
  readonly allowUnexpected: boolean;
  readonly blocking: readonly ColumnRule[];
}

export interface DataContract {
  readonly format: typeof CONTRACT_FORMAT;
  readonly version: typeof CONTRACT_VERSION;
  /** ISO 8601 time the contract was derived (absent in hand-written contracts that leave it out). */
  readonly createdAt?: string;
  /** Rate rules judge count / max(rows, minRows) against their limit. */
  readonly minRows: number;
  readonly columns: ColumnsContract;
  /** Feature contracts, keyed by column (each one expected or optional). */
  readonly features: Readonly<Record<string, FeatureContract>>;
}

export interface DeriveContractOptions {
  /** k: the range is the reference's [min, max] widened by k·IQR each side (default 1.5; 0: exactly [min, max]). */
  rangeMargin?: number;
  /** A reference that is ≥ 0 (≤ 0) keeps a range that is ≥ 0 (≤ 0) (default true). */
  keepSign?: boolean;
  /** Derived rate limits are max(rateFloor, rateFactor × reference share), at most 1 (defaults 0.01 and 2). */
  rateFloor?: number;
  rateFactor?: number;
  /** Most categories listed per categorical feature (default 1000; the most frequent are kept). */
  maxCategories?: number;
  /** Derive `integer: true` for numeric features whose reference values are all integers (default true). */
  integers?: boolean;
  /** The contract's minRows (default 100). */
  minRows?: number;
  /** Columns not in the reference are allowed (default false). */
  allowUnexpected?: boolean;
  /** Rules made blocking wherever they apply (default none). */
  blocking?: readonly RuleName[];
}

// Contracts that checkContract returned (or deriveContract, through it): canonical and deep-frozen, so they are
// not re-checked and validate() keeps their compiled form.
const canonical = new WeakSet<object>();

/** Deep-freeze a checked contract and remember it as canonical. */
export function markCanonical<T extends object>(c: T): T {
  const freeze = (x: unknown): void => {
    if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
      for (const v of Object.values(x)) freeze(v);
      Object.freeze(x);
    }
  };
  freeze(c);
  canonical.add(c);
  return c;
}

export const isCanonical = (c: unknown): boolean => c !== null && typeof c === 'object' && canonical.has(c);

/** Check a list of rule names (unique, known). */
export function checkRuleList<R extends RuleName>(fn: string, name: string, v: unknown, allowed: readonly R[]): R[] {
  if (!Array.isArray(v)) fail(fn, name, `must be an array of rule names; got ${v === null ? 'null' : typeof v}`);
  v.forEach((r, i) => {
    if (!allowed.includes(r as R)) {
      fail(fn, `${name}[${i}]`, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(r)}${(RULES as readonly unknown[]).includes(r) ? ' (a rule that does not apply here)' : ''}`);
    }
    if (v.indexOf(r) !== i) fail(fn, `${name}[${i}]`, `repeats ${JSON.stringify(r)}`);
  });
  return (v as R[]).slice();
}

/** Whether a value rule can fire for a feature contract (blocking may only name those). */
export function applies(f: FeatureContract, rule: ValueRule): boolean {
  switch (rule) {
    case 'type': case 'null_rate': return true;
    case 'not_finite': return f.type === 'numeric' && f.allowInfinity !== true;
    case 'range': return f.range !== undefined;
    case 'integer': return f.integer === true;
    case 'unseen_category': return f.allowedCategories !== undefined;
  }
}
