// ContractAccumulator: violations over a window of batches without keeping rows. It adds the batches' tallies
// (counts, rows, the first offending row and its value per feature and rule) and judges the totals, so a
// window gives exactly what validate() of its batches concatenated gives (tested as a property).
import { fail } from '../errors.js';
import { describe } from '../input.js';
import { sub } from '../profile/columns.js';
import { VALUE_RULES, type DataContract, type RuleName, type ValueRule } from './contract.js';
import { addHit, addUnexpected, emptyTallies, newHit, tallyBatch, type CompiledContract, type Example, type Hit, type Tallies } from './tally.js';
import { judge, maxUnexpected, prepare, type ContractBatch, type ValidateOptions, type ValidationResult, type WindowValidation } from './validate.js';

/** JSON form of an accumulator's state (ContractAccumulator.toJSON / restore). */
export interface ContractWindowJSON {
  format: 'driftkit-contract-window';
  version: 1;
  rows: number;
  batches: number;
  /** Per feature: rows present and the non-zero hits per value rule. */
  features: Record<string, { present: number; hits: Partial<Record<ValueRule, HitJSON>> }>;
  missing: Record<string, HitJSON>;
  unexpected: Record<string, HitJSON>;
}
/** A Hit; a non-finite example number is written as the string "Infinity" or "-Infinity". */
export interface HitJSON { count: number; first: number; value: Example; valueType?: string }

/**
 * Violations over a window of batches, without keeping rows: add() validates a batch (its own result is
 * returned) and adds its tallies; result() judges the window's totals, equal to validate() of the batches
 * concatenated (firstRow counts from the window's first row). State: a few counters per feature and rule.
 */
export class ContractAccumulator {
  readonly contract: DataContract;
  private readonly cc: CompiledContract;
  private readonly maxUnexpected: number;
  private t: Tallies;
  private readonly scratch: Tallies;

  constructor(contract: DataContract, options?: ValidateOptions) {
    const fn = 'ContractAccumulator';
    this.cc = prepare(fn, contract);
    this.contract = this.cc.contract;
    this.maxUnexpected = maxUnexpected(fn, options);
    this.t = emptyTallies(this.cc);
    this.scratch = emptyTallies(this.cc);
  }

  get rows(): number { return this.t.rows; }
  get batches(): number { return this.t.batches; }

  /**
   * Validate a batch, count it in the window and return its own result (bad arguments throw and count
   * nothing). unlessBlocking: a batch with a blocking violation is not counted (a service rejects it).
   */
  add(batch: ContractBatch, options?: { unlessBlocking?: boolean }): ValidationResult {
    // the batch's tallies are absorbed (copied) into the window's, so one scratch serves every batch
    const b = tallyBatch('ContractAccumulator.add', batch, this.cc, this.maxUnexpected, this.scratch);
    const r = judge(b, this.cc);
    if (!(options?.unlessBlocking && r.blocking)) this.absorb(b);
    return r;
  }

  /** The window's verdict: rates on the window's totals, counts summed. */
  result(): WindowValidation {
    return { ...judge(this.t, this.cc), batches: this.t.batches };
  }

  /** Append another accumulator's window (same contract) after this one's rows. */
  merge(other: ContractAccumulator): this {
    if (!(other instanceof ContractAccumulator)) fail('ContractAccumulator.merge', 'other', `must be a ContractAccumulator; got ${describe(other)}`);
    if (other === this) fail('ContractAccumulator.merge', 'other', 'is this accumulator (merge a copy: ContractAccumulator.restore(contract, acc.toJSON()))');
    if (other.contract !== this.contract && JSON.stringify(other.contract) !== JSON.stringify(this.contract)) {
      fail('ContractAccumulator.merge', 'other', 'was made with a different contract');
    }
    this.absorb(other.t);
    return this;
  }

  /** Start a new window. */
  reset(): void {
    this.t = emptyTallies(this.cc);
  }

  private absorb(b: Tallies): void {
    const t = this.t, offset = t.rows;
    for (const [name, src] of b.features) {
      const dst = t.features.get(name)!;
      dst.present += src.present;
      for (const r of VALUE_RULES) addHit(dst.hits[r], src.hits[r], offset);
    }
    for (const [name, h] of b.missing) {
      let d = t.missing.get(name);
      if (!d) t.missing.set(name, (d = newHit()));
      addHit(d, h, offset);
    }
    for (const [name, h] of b.unexpected) addUnexpected(t.unexpected, name, h, offset, this.maxUnexpected);
    t.rows += b.rows;
    t.batches += b.batches;
  }

  toJSON(): ContractWindowJSON {
    const t = this.t;
    const hits = (m: Map<string, Hit>) => Object.fromEntries([...m].filter(([, h]) => h.count > 0).map(([k, h]) => [k, hitToJSON(h)]));
    return {
      format: 'driftkit-contract-window',
      version: 1,
      rows: t.rows,
      batches: t.batches,
      features: Object.fromEntries([...t.features].map(([name, c]) => [name, {
        present: c.present,
        hits: Object.fromEntries(VALUE_RULES.filter((r) => c.hits[r].count > 0).map((r) => [r, hitToJSON(c.hits[r])])),
      }])),
      missing: hits(t.missing),
      unexpected: hits(t.unexpected),
    };
  }

  /** An accumulator from toJSON() output (or its JSON text), for the same contract; every field is checked. */
  static restore(contract: DataContract, json: ContractWindowJSON | string, options?: ValidateOptions): ContractAccumulator {
    const acc = new ContractAccumulator(contract, options);
    acc.t = tallyFromJSON(acc.cc, acc.maxUnexpected, json);
    return acc;
  }
}

const NUMERIC_EXAMPLES: ReadonlySet<RuleName> = new Set(['not_finite', 'range', 'integer']);

function hitToJSON(h: Hit): HitJSON {
  const v = h.value;
  const out: HitJSON = { count: h.count, first: h.first, value: typeof v === 'number' && !Number.isFinite(v) ? String(v) : v };
  if (h.valueType !== undefined) out.valueType = h.valueType;
  return out;
}

function tallyFromJSON(cc: CompiledContract, max: number, input: unknown): Tallies {
  const fn = 'ContractAccumulator.restore';
  let json = input;
  if (typeof input === 'string') {
    try { json = JSON.parse(input); } catch (e) { fail(fn, 'json', `is not valid JSON (${(e as Error).message})`); }
  }
  const obj = (path: string, v: unknown): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(fn, path, `must be an object; got ${describe(v)}`);
    return v as Record<string, unknown>;
  };
  const count = (path: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) fail(fn, path, `must be an integer in [0, ${max}]; got ${JSON.stringify(v)}`);
    return v;
  };
  const j = obj('json', json);
  if (j.format !== 'driftkit-contract-window' || j.version !== 1) fail(fn, 'json', "must be an accumulator's toJSON() (format 'driftkit-contract-window', version 1)");
  const t = emptyTallies(cc);
  t.rows = count('json.rows', j.rows);
  t.batches = count('json.batches', j.batches);
  const hitOf = (path: string, v: unknown, rule: RuleName, rows: number): Hit => {
    const o = obj(path, v);
    const h: Hit = { count: count(`${path}.count`, o.count, rows), first: count(`${path}.first`, o.first, t.rows - 1), value: null };
    if (h.count === 0) fail(fn, `${path}.count`, 'must be positive (zero counts are left out)');
    let value = o.value;
    if (value !== null && !['number', 'string', 'boolean'].includes(typeof value)) fail(fn, `${path}.value`, `must be a number, string, boolean or null; got ${describe(value)}`);
    if (o.valueType !== undefined) {
      if (typeof o.valueType !== 'string' || rule !== 'type') fail(fn, `${path}.valueType`, 'is allowed on type hits only, as a string');
      h.valueType = o.valueType;
    }
    if ((NUMERIC_EXAMPLES.has(rule) || h.valueType === 'number') && (value === 'Infinity' || value === '-Infinity')) value = Number(value);
    h.value = value as Example;
    return h;
  };
  const fs = obj('json.features', j.features);
  for (const name of Object.keys(fs)) {
    const path = sub('json.features', name);
    const dst = t.features.get(name);
    if (!dst) fail(fn, path, 'is not a feature of the contract');
    const o = obj(path, fs[name]);
    dst.present = count(`${path}.present`, o.present, t.rows);
    const hs = obj(`${path}.hits`, o.hits);
    for (const r of Object.keys(hs)) {
      if (!(VALUE_RULES as readonly string[]).includes(r)) fail(fn, `${path}.hits`, `has unknown rule ${JSON.stringify(r)} (${VALUE_RULES.join(', ')})`);
      dst.hits[r as ValueRule] = hitOf(`${path}.hits.${r}`, hs[r], r as ValueRule, dst.present);
    }
  }
  const miss = obj('json.missing', j.missing);
  for (const name of Object.keys(miss)) {
    if (!cc.contract.columns.expected.includes(name)) fail(fn, sub('json.missing', name), 'is not an expected column of the contract');
    t.missing.set(name, hitOf(sub('json.missing', name), miss[name], 'missing_column', t.rows));
  }
  const unexp = obj('json.unexpected', j.unexpected);
  for (const name of Object.keys(unexp)) {
    if (cc.known.has(name)) fail(fn, sub('json.unexpected', name), 'is a column of the contract, not unexpected');
    addUnexpected(t.unexpected, name, hitOf(sub('json.unexpected', name), unexp[name], 'unexpected_column', Number.MAX_SAFE_INTEGER), 0, max);
  }
  return t;
}
