// deriveContract(profile): a contract for data like the reference. Each default is a margin around what the
// reference showed (docs/contracts.md): range = [min, max] ± k·IQR, null limit = max(floor, factor × share),
// the categories seen (the most frequent maxCategories; the rest become an allowed unseen rate).
import { profileArgument } from '../profile/serialize.js';
import { fail, optionsObject } from '../errors.js';
import { checkOptions } from '../input.js';
import { sampleQuantiles } from '../profile/sketch.js';
import type { CategoricalProfile, NumericProfile, ReferenceProfile } from '../profile/types.js';
import { checkContract } from './check.js';
import {
  applies, checkRuleList, COLUMN_RULES, CONTRACT_DEFAULTS, CONTRACT_FORMAT, CONTRACT_VERSION, RULES, VALUE_RULES,
  type DataContract, type DeriveContractOptions, type FeatureContract,
} from './contract.js';

const FN = 'deriveContract';

/** x rounded to a multiple of 10^e, outward (dir -1 down, +1 up); a product within 1e-9 of a step counts as on it. */
function roundTo(x: number, e: number, dir: -1 | 1): number {
  const scaled = e < 0 ? x * 10 ** -e : x / 10 ** e;
  const near = Math.round(scaled);
  const steps = Math.abs(scaled - near) <= 1e-9 * Math.max(1, Math.abs(scaled)) ? near : dir < 0 ? Math.floor(scaled) : Math.ceil(scaled);
  const r = e < 0 ? steps / 10 ** -e : steps * 10 ** e;
  return (dir < 0 ? r <= x : r >= x) ? r + 0 : x; // never tighter than x
}

/** x > 0 rounded up to 3 significant digits (a limit that reads well in an edited file and is never tighter). */
export function roundUp3(x: number): number {
  return x > 0 && Number.isFinite(x) ? roundTo(x, Math.floor(Math.log10(x)) - 2, 1) : x;
}

const rate = (fn: string, name: string, v: unknown, dflt: number): number => {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(fn, name, `must be a number in [0, 1]; got ${JSON.stringify(v)}`);
  return v;
};
const posInt = (fn: string, name: string, v: unknown, dflt: number): number => {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) fail(fn, name, `must be a positive integer; got ${JSON.stringify(v)}`);
  return v;
};
const bool = (fn: string, name: string, v: unknown, dflt: boolean): boolean => {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(fn, name, `must be true or false; got ${JSON.stringify(v)}`);
  return v;
};

/**
 * A contract for data like the reference: every profiled column expected, no other column allowed, and per
 * feature its type, a null-rate limit of max(rateFloor, rateFactor × reference null share), the reference range
 * widened by rangeMargin·IQR (rounded outward to 3 significant digits of the margin), whether ±Infinity occur,
 * whether values are integers, and the categories seen. See docs/contracts.md for every default.
 */
export function deriveContract(profile: ReferenceProfile, options: DeriveContractOptions = {}): DataContract {
  optionsObject('deriveContract', options);
  profile = profileArgument(FN, 'profile', profile);
  checkOptions(FN, options, ['rangeMargin', 'keepSign', 'rateFloor', 'rateFactor', 'maxCategories', 'integers', 'minRows', 'allowUnexpected', 'blocking']);
  const k = options.rangeMargin ?? CONTRACT_DEFAULTS.rangeMargin;
  if (typeof k !== 'number' || !(k >= 0 && k < Infinity)) fail(FN, 'rangeMargin', `must be a finite number >= 0; got ${JSON.stringify(k)}`);
  const floor = rate(FN, 'rateFloor', options.rateFloor, CONTRACT_DEFAULTS.rateFloor);
  const factor = options.rateFactor ?? CONTRACT_DEFAULTS.rateFactor;
  if (typeof factor !== 'number' || !(factor >= 0 && factor < Infinity)) fail(FN, 'rateFactor', `must be a finite number >= 0; got ${JSON.stringify(factor)}`);
  const o = {
    k, floor, factor,
    keepSign: bool(FN, 'keepSign', options.keepSign, true),
    integers: bool(FN, 'integers', options.integers, true),
    maxCategories: posInt(FN, 'maxCategories', options.maxCategories, CONTRACT_DEFAULTS.maxCategories),
  };
  const allowUnexpected = bool(FN, 'allowUnexpected', options.allowUnexpected, false);
  const blocking = new Set(options.blocking === undefined ? [] : checkRuleList(FN, 'blocking', options.blocking, RULES));
  const names = Object.keys(profile.features);
  const features = Object.fromEntries(names.map((name): [string, FeatureContract] => {
    const p = profile.features[name];
    const f = p.kind === 'numeric' ? deriveNumeric(p, o) : deriveCategorical(p, o);
    return [name, { ...f, blocking: VALUE_RULES.filter((r) => blocking.has(r) && applies(f, r)) }];
  }));
  return checkContract(FN, 'contract', {
    format: CONTRACT_FORMAT,
    version: CONTRACT_VERSION,
    createdAt: new Date().toISOString(),
    minRows: posInt(FN, 'minRows', options.minRows, CONTRACT_DEFAULTS.minRows),
    columns: {
      expected: names,
      optional: [],
      allowUnexpected,
      blocking: COLUMN_RULES.filter((r) => blocking.has(r) && !(r === 'unexpected_column' && allowUnexpected)),
    },
    features,
  });
}

interface Derive { k: number; floor: number; factor: number; keepSign: boolean; integers: boolean; maxCategories: number }

const limitOf = (share: number, o: Derive): number => Math.min(1, roundUp3(Math.max(o.floor, o.factor * share)));

function deriveNumeric(p: NumericProfile, o: Derive): FeatureContract {
  const base = {
    type: 'numeric' as const,
    maxNullRate: limitOf(p.count > 0 ? p.nullCount / p.count : 0, o),
  };
  const allowInfinity = p.posInfCount + p.negInfCount > 0;
  if (!(p.min <= p.max)) return { ...base, allowInfinity, integer: false }; // no finite reference value
  const integer = o.integers && p.sample.values.length > 0 && p.sample.values.every(Number.isInteger);
  return { ...base, range: widen(p, o), allowInfinity, integer };
}

/** [min, max] ± k·IQR (IQR 0, as for a mostly-constant column: the full range instead), rounded outward. */
function widen(p: NumericProfile, o: Derive): { min: number; max: number } {
  const at = (q: number) => p.quantiles.probs.indexOf(q);
  const [q1, q3] = at(0.25) >= 0 && at(0.75) >= 0
    ? [p.quantiles.values[at(0.25)], p.quantiles.values[at(0.75)]]
    : sampleQuantiles(p.sample.values, p.sample.counts, [0.25, 0.75]);
  const spread = q3 - q1 > 0 ? q3 - q1 : p.max - p.min;
  const margin = o.k * spread;
  let min = p.min, max = p.max;
  if (margin > 0 && Number.isFinite(margin)) {
    const e = Math.floor(Math.log10(margin)) - 2;
    min = Math.max(-Number.MAX_VALUE, roundTo(p.min - margin, e, -1));
    max = Math.min(Number.MAX_VALUE, roundTo(p.max + margin, e, 1));
  } else if (margin > 0) {
    min = -Number.MAX_VALUE;
    max = Number.MAX_VALUE;
  }
  if (o.keepSign && p.min >= 0) min = Math.max(min, 0);
  if (o.keepSign && p.max <= 0) max = Math.min(max, 0);
  return { min: min + 0, max: max + 0 };
}

function deriveCategorical(p: CategoricalProfile, o: Derive): FeatureContract {
  const maxNullRate = limitOf(p.count > 0 ? p.nullCount / p.count : 0, o);
  if (p.kind === 'boolean') return { type: 'boolean', maxNullRate };
  // profiles list categories by count, descending: keep the most frequent
  const entries = Object.entries(p.categories);
  const nonNull = p.count - p.nullCount;
  if (entries.length === 0 || nonNull === 0) return { type: 'categorical', maxNullRate };
  let tail = 0;
  for (let i = o.maxCategories; i < entries.length; i++) tail += entries[i][1];
  const maxUnseenRate = tail === 0 ? 0 : limitOf(tail / nonNull, o);
  if (tail > 0 && o.factor * tail / nonNull >= 1) return { type: 'categorical', maxNullRate }; // an open set (ids): no list
  const allowedCategories = entries.slice(0, o.maxCategories).map((e) => e[0]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { type: 'categorical', maxNullRate, allowedCategories, maxUnseenRate };
}
