// validate(batch, contract) → one violation per (feature, rule) with counts. The verdict (judge) is a function
// of the batch's tallies only, which is what lets a window (window.ts) give exactly what validating its
// batches concatenated gives.
import { fail } from '../errors.js';
import { checkOptions } from '../input.js';
import {
  CONTRACT_DEFAULTS, isCanonical, OTHER_COLUMNS, VALUE_RULES,
  type DataContract, type RuleName, type ValueRule,
} from './contract.js';
import { checkContract } from './check.js';
import { compile, tallyBatch, type CompiledContract, type CompiledFeature, type Example, type FeatureCounts, type Hit, type Tallies } from './tally.js';

export type { Example } from './tally.js';

export interface Violation {
  /** The feature, or the column for missing_column / unexpected_column (OTHER_COLUMNS past the cap). */
  feature: string;
  rule: RuleName;
  /** Rows that broke the rule (cells of all the columns for OTHER_COLUMNS). */
  count: number;
  /**
   * Rows the rule looked at: the batch's rows for column rules, the rows holding the column for null_rate,
   * the non-missing values for the other value rules.
   */
  rows: number;
  /** count / rows. */
  rate: number;
  /** The first offending value (null_rate: the observed rate; column rules: null). */
  value: Example;
  /** type: what the first offending value was ("string", "number", "boolean", "object", "array", ...). */
  valueType?: string;
  /** The bound broken: the rate limit (null_rate, unseen_category), the range bound the example broke, the expected type; else null. */
  limit: number | string | null;
  /** Index of the first offending row in the batch (in the window, for an accumulator). */
  firstRow: number;
  /** The contract marks this rule blocking for this feature (or column). */
  blocking: boolean;
  message: string;
}

export interface ValidationResult {
  rows: number;
  violations: Violation[];
  /** No violation. */
  ok: boolean;
  /** Some violation is of a blocking rule. */
  blocking: boolean;
}

export interface WindowValidation extends ValidationResult {
  batches: number;
}

export interface ValidateOptions {
  /** Unexpected columns reported by name; the rest are counted together as OTHER_COLUMNS (default 20). */
  maxUnexpectedColumns?: number;
}

/** Row objects or an object of columns (Float64Array / Float32Array / Int32Array / arrays / { codes, dictionary }). */
export type ContractBatch = Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[];

// Canonical contracts (from deriveContract / parseContract: deep-frozen) keep their compiled form. Others
// (built in code, maybe edited later) are checked and compiled on every call.
const compiled = new WeakMap<object, CompiledContract>();

export function prepare(fn: string, contract: unknown): CompiledContract {
  if (isCanonical(contract)) {
    let cc = compiled.get(contract as object);
    if (!cc) compiled.set(contract as object, (cc = compile(contract as DataContract)));
    return cc;
  }
  return compile(checkContract(fn, 'contract', contract));
}

export function maxUnexpected(fn: string, options: unknown): number {
  if (options === undefined) return CONTRACT_DEFAULTS.maxUnexpectedColumns;
  checkOptions(fn, options, ['maxUnexpectedColumns']);
  const m = (options as ValidateOptions).maxUnexpectedColumns;
  if (m === undefined) return CONTRACT_DEFAULTS.maxUnexpectedColumns;
  if (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 0) fail(fn, 'maxUnexpectedColumns', `must be an integer >= 0; got ${JSON.stringify(m)}`);
  return m;
}

/**
 * Check a batch against a contract. Problems in the data are violations, never exceptions: one per
 * (feature, rule) with how many rows broke it. Row rules (type, not_finite, range, integer, and
 * unseen_category with maxUnseenRate 0) fire on any offending row; rate rules (null_rate, unseen_category)
 * fire when count / max(rows, contract.minRows) exceeds their limit. NaN, null and undefined are missing
 * values; ±Infinity is not_finite unless the feature allows infinities. A value breaks at most one rule.
 * Bad arguments (not a contract, not a batch, columns of unequal lengths) throw a DriftkitError.
 */
export function validate(batch: ContractBatch, contract: DataContract, options?: ValidateOptions): ValidationResult {
  const fn = 'validate';
  const cc = prepare(fn, contract);
  return judge(tallyBatch(fn, batch, cc, maxUnexpected(fn, options)), cc);
}

const pct = (r: number): string => `${Number((r * 100).toPrecision(3))}%`;
const show = (v: Example): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const at = (h: Hit) => `row ${h.first}`;

/** The violations the tallies amount to. */
export function judge(t: Tallies, cc: CompiledContract): ValidationResult {
  const out: Violation[] = [];
  const minRows = cc.contract.minRows;
  const colBlocking = cc.contract.columns.blocking;
  const push = (feature: string, rule: RuleName, h: Hit, rows: number, value: Example, limit: Violation['limit'], blocking: boolean, message: string) => {
    const v: Violation = { feature, rule, count: h.count, rows, rate: rows > 0 ? h.count / rows : 0, value, limit, firstRow: h.first, blocking, message };
    if (h.valueType !== undefined) v.valueType = h.valueType;
    out.push(v);
  };
  for (const col of cc.contract.columns.expected) {
    const h = t.missing.get(col);
    if (h && h.count > 0) {
      push(col, 'missing_column', h, t.rows, null, null, colBlocking.includes('missing_column'),
        `${col}: expected column missing${h.count < t.rows ? ` from ${h.count} of ${t.rows} rows` : ''}`);
    }
  }
  const unexpected = [...t.unexpected].filter(([, h]) => h.count > 0).sort(([a], [b]) =>
    a === OTHER_COLUMNS ? 1 : b === OTHER_COLUMNS ? -1 : a < b ? -1 : a > b ? 1 : 0);
  for (const [col, h] of unexpected) {
    push(col, 'unexpected_column', h, t.rows, null, null, colBlocking.includes('unexpected_column'), col === OTHER_COLUMNS
      ? `${h.count} cells in further columns that are not in the contract`
      : `${col}: column not in the contract (${h.count} of ${t.rows} rows)`);
  }
  for (const f of cc.features) {
    const counts = t.features.get(f.name);
    if (counts && counts.present > 0) judgeFeature(f, counts, minRows, push);
  }
  const blocking = out.some((v) => v.blocking);
  return { rows: t.rows, violations: out, ok: out.length === 0, blocking };
}

type Push = (feature: string, rule: RuleName, h: Hit, rows: number, value: Example, limit: Violation['limit'], blocking: boolean, message: string) => void;

function judgeFeature(f: CompiledFeature, counts: FeatureCounts, minRows: number, push: Push): void {
  const c = f.contract;
  const h = counts.hits;
  const nonNull = counts.present - h.null_rate.count;
  const blocks = (r: ValueRule) => c.blocking?.includes(r) === true;
  const of = (x: Hit, rows: number) => `${x.count} of ${rows} values`;
  const name = f.name;
  for (const rule of VALUE_RULES) {
    const x = h[rule];
    if (x.count === 0) continue;
    switch (rule) {
      case 'type':
        push(name, rule, x, nonNull, x.value, f.type, blocks(rule),
          `${name}: ${of(x, nonNull)} not ${f.type === 'numeric' ? 'numbers' : f.type === 'boolean' ? 'booleans' : 'categories'} (e.g. ${x.valueType} ${show(x.value)} at ${at(x)})`);
        break;
      case 'null_rate': {
        const rate = x.count / counts.present;
        if (x.count / Math.max(counts.present, minRows) > c.maxNullRate) {
          push(name, rule, x, counts.present, rate, c.maxNullRate, blocks(rule),
            `${name}: ${pct(rate)} missing (${x.count} of ${counts.present} rows), above the maximum ${pct(c.maxNullRate)}`);
        }
        break;
      }
      case 'not_finite':
        push(name, rule, x, nonNull, x.value, null, blocks(rule), `${name}: ${of(x, nonNull)} infinite (e.g. ${show(x.value)} at ${at(x)}); the contract allows finite numbers only`);
        break;
      case 'range': {
        const v = x.value as number;
        const limit = v > f.hi ? f.hi : f.lo;
        push(name, rule, x, nonNull, v, limit, blocks(rule),
          `${name}: ${of(x, nonNull)} outside [${f.lo}, ${f.hi}] (e.g. ${v} ${v > f.hi ? '>' : '<'} ${limit} at ${at(x)})`);
        break;
      }
      case 'integer':
        push(name, rule, x, nonNull, x.value, null, blocks(rule), `${name}: ${of(x, nonNull)} not integers (e.g. ${show(x.value)} at ${at(x)})`);
        break;
      case 'unseen_category': {
        const limit = c.maxUnseenRate ?? 0;
        if (x.count / Math.max(nonNull, minRows) > limit) {
          push(name, rule, x, nonNull, x.value, limit, blocks(rule),
            `${name}: ${of(x, nonNull)} outside the ${f.allowed!.size} allowed categories (e.g. ${show(x.value)} at ${at(x)})`
            + (limit > 0 ? `: ${pct(x.count / nonNull)}, above the maximum ${pct(limit)}` : ''));
        }
        break;
      }
    }
  }
}
