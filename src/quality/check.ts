// checkContract: every field of a contract validated against its path, the defaults a hand-written contract
// may leave out filled in, and the result in canonical form (fixed key order, deep-frozen, remembered), so
// that parse → serialize → parse is exact and validate() can cache the compiled contract.
import { FieldChecker, show, type Obj } from '../fields.js';
import { sub } from '../profile/columns.js';
import {
  applies, checkRuleList, COLUMN_RULES, CONTRACT_DEFAULTS, CONTRACT_FORMAT, CONTRACT_VERSION, isCanonical, markCanonical, VALUE_RULES,
  type ColumnRule, type DataContract, type FeatureContract, type RuleName, type ValueRule,
} from './contract.js';

/** The shared field checks, plus rule lists. */
class Fields extends FieldChecker {
  constructor(fn: string, root: string) { super(fn, root, 'contract'); }

  rules<R extends RuleName>(path: string, v: unknown, allowed: readonly R[]): R[] {
    return checkRuleList(this.fn, this.at(path), v, allowed);
  }
}

const TOP = ['format', 'version', 'features'] as const;
const TOP_OPTIONAL = ['createdAt', 'minRows', 'columns'] as const;
const FEATURE_OPTIONAL = ['range', 'allowInfinity', 'integer', 'allowedCategories', 'maxUnseenRate', 'blocking'] as const;

/**
 * Validate a contract (decoded JSON/YAML, or one in memory) and return it in canonical, frozen form. Left
 * out: createdAt stays absent, minRows is 100, columns expects every feature (none optional, none unexpected
 * allowed, no blocking), numeric allowInfinity and integer are false, maxUnseenRate is 0, blocking is [].
 */
export function checkContract(fn: string, root: string, value: unknown): DataContract {
  if (isCanonical(value)) return value as DataContract;
  const c = new Fields(fn, root);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) c.bad('', `must be an object; got ${show(value)}`);
  const v = value as Obj;
  if (v.format !== CONTRACT_FORMAT) c.bad('format', `must be "${CONTRACT_FORMAT}"; got ${show(v.format)} (not a driftkit contract)`);
  if (v.version !== CONTRACT_VERSION) c.bad('version', `is ${show(v.version)}, but this driftkit reads contract version ${CONTRACT_VERSION} only`);
  const o = c.obj('', v, TOP, TOP_OPTIONAL);
  if (o.createdAt !== undefined && (typeof o.createdAt !== 'string' || Number.isNaN(Date.parse(o.createdAt)))) {
    c.bad('createdAt', `must be an ISO 8601 date string; got ${show(o.createdAt)}`);
  }
  let minRows: number = CONTRACT_DEFAULTS.minRows;
  if (o.minRows !== undefined) {
    if (typeof o.minRows !== 'number' || !Number.isSafeInteger(o.minRows) || o.minRows < 1) c.bad('minRows', `must be an integer >= 1; got ${show(o.minRows)}`);
    minRows = o.minRows as number;
  }
  const fo = c.obj('features', o.features, [], Object.keys((o.features ?? {}) as Obj));
  const names = Object.keys(fo);
  const features = Object.fromEntries(names.map((name) => [name, checkFeature(c, sub('features', name), fo[name])]));

  const columns = o.columns === undefined
    ? { expected: names, optional: [], allowUnexpected: false, blocking: [] }
    : checkColumnsContract(c, o.columns);
  const known = new Set([...columns.expected, ...columns.optional]);
  for (const name of names) {
    if (!known.has(name)) c.bad(sub('features', name), 'is a feature of no column: list it in columns.expected or columns.optional');
  }
  return markCanonical({
    format: CONTRACT_FORMAT,
    version: CONTRACT_VERSION,
    ...(o.createdAt === undefined ? {} : { createdAt: o.createdAt as string }),
    minRows,
    columns,
    features,
  });
}

function checkColumnsContract(c: Fields, v: unknown): DataContract['columns'] {
  const o = c.obj('columns', v, ['expected'], ['optional', 'allowUnexpected', 'blocking']);
  const expected = c.names('columns.expected', o.expected, 'column names');
  const optional = o.optional === undefined ? [] : c.names('columns.optional', o.optional, 'column names');
  const inExpected = new Set(expected);
  optional.forEach((n, i) => { if (inExpected.has(n)) c.bad(`columns.optional[${i}]`, `names ${JSON.stringify(n)}, which columns.expected lists too`); });
  const allowUnexpected = o.allowUnexpected === undefined ? false : c.bool('columns.allowUnexpected', o.allowUnexpected);
  const blocking = o.blocking === undefined ? [] : c.rules<ColumnRule>('columns.blocking', o.blocking, COLUMN_RULES);
  if (allowUnexpected && blocking.includes('unexpected_column')) c.bad('columns.blocking', 'names unexpected_column, but columns.allowUnexpected is true');
  return { expected, optional, allowUnexpected, blocking: COLUMN_RULES.filter((r) => blocking.includes(r)) };
}

function checkFeature(c: Fields, p: string, v: unknown): FeatureContract {
  const o = c.obj(p, v, ['type', 'maxNullRate'], FEATURE_OPTIONAL);
  const type = o.type;
  if (type !== 'numeric' && type !== 'categorical' && type !== 'boolean') c.bad(`${p}.type`, `must be "numeric", "categorical" or "boolean"; got ${show(type)}`);
  const only = (key: string, kind: string) => { if (o[key] !== undefined && type !== kind) c.bad(`${p}.${key}`, `applies to ${kind} features only; this one is ${type as string}`); };
  for (const k of ['range', 'allowInfinity', 'integer']) only(k, 'numeric');
  for (const k of ['allowedCategories', 'maxUnseenRate']) only(k, 'categorical');
  const maxNullRate = c.rate(`${p}.maxNullRate`, o.maxNullRate);
  let f: FeatureContract;
  if (type === 'numeric') {
    let range: { min: number; max: number } | undefined;
    if (o.range !== undefined) {
      const r = c.obj(`${p}.range`, o.range, ['min', 'max']);
      const min = c.finite(`${p}.range.min`, r.min), max = c.finite(`${p}.range.max`, r.max);
      if (min > max) c.bad(`${p}.range`, `has min ${min} > max ${max}`);
      range = { min, max };
    }
    const allowInfinity = o.allowInfinity === undefined ? false : c.bool(`${p}.allowInfinity`, o.allowInfinity);
    const integer = o.integer === undefined ? false : c.bool(`${p}.integer`, o.integer);
    if (range && integer && Math.ceil(range.min) > range.max) c.bad(`${p}.range`, `holds no integer, but integer is true ([${range.min}, ${range.max}])`);
    f = range ? { type, maxNullRate, range, allowInfinity, integer } : { type, maxNullRate, allowInfinity, integer };
  } else if (type === 'categorical' && o.allowedCategories !== undefined) {
    const allowedCategories = c.names(`${p}.allowedCategories`, o.allowedCategories, 'category names');
    const maxUnseenRate = o.maxUnseenRate === undefined ? 0 : c.rate(`${p}.maxUnseenRate`, o.maxUnseenRate);
    f = { type, maxNullRate, allowedCategories, maxUnseenRate };
  } else {
    if (o.maxUnseenRate !== undefined) c.bad(`${p}.maxUnseenRate`, 'needs allowedCategories (unseen means: outside them)');
    f = { type: type as 'categorical' | 'boolean', maxNullRate };
  }
  const blocking = o.blocking === undefined ? [] : c.rules<ValueRule>(`${p}.blocking`, o.blocking, VALUE_RULES);
  blocking.forEach((r, i) => { if (!applies(f, r)) c.bad(`${p}.blocking[${i}]`, `names ${r}, which cannot fire for this feature (${notApplicable(f, r)})`); });
  return { ...f, blocking: VALUE_RULES.filter((r) => blocking.includes(r)) };
}

function notApplicable(f: FeatureContract, r: ValueRule): string {
  switch (r) {
    case 'range': return 'it has no range';
    case 'integer': return 'integer is not true';
    case 'unseen_category': return 'it has no allowedCategories';
    default: return f.type === 'numeric' ? 'allowInfinity is true' : `it is ${f.type}`;
  }
}
