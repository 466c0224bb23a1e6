// The service's data-quality state: the contract in force (derived from the profile, read from a file, or
// none) and its violations over the drift window. Every accepted batch is validated at ingest (a blocking
// violation rejects the request before anything is counted); the window is a ring of ContractAccumulator
// panes that turns with the monitor's panes, so /quality describes the same rows as /drift.
import { readFileSync } from 'node:fs';
import { fail } from '../errors.js';
import type { ReferenceProfile } from '../profile/types.js';
import {
  ContractAccumulator, deriveContract, parseContract,
  type ContractBatch, type ContractWindowJSON, type DataContract, type ValidationResult, type Violation,
} from '../quality/index.js';

/** The service's data contract (config `contract`): derived from the profile ('auto'), none ('off'), or a JSON/YAML file. */
export type ContractSetting = 'auto' | 'off' | { file: string };

/** Where a service contract comes from: derived rules that make a string in a numeric feature a 400 (as without a contract). */
export function serviceContract(setting: ContractSetting, profile: ReferenceProfile): { contract: DataContract | undefined; source: string } {
  if (setting === 'off') return { contract: undefined, source: 'off' };
  if (setting === 'auto') return { contract: deriveContract(profile, { blocking: ['type'] }), source: 'derived from the reference profile' };
  let text: string;
  try { text = readFileSync(setting.file, 'utf8'); } catch (e) { return fail('serve', 'contract', `${JSON.stringify(setting.file)} cannot be read (${(e as Error).message})`); }
  const contract = parseContract(text);
  for (const f of Object.keys(contract.features)) {
    if (!profile.features[f]) fail('serve', 'contract', `${JSON.stringify(setting.file)} has a feature ${JSON.stringify(f)} that the reference profile does not have`);
  }
  return { contract, source: setting.file };
}

/** A violation as the service shows it (snake_case; ±Infinity as strings, since JSON has none). */
export function violationView(v: Violation): Record<string, unknown> {
  const num = (x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x);
  return {
    feature: v.feature, rule: v.rule, count: v.count, rows: v.rows, rate: v.rate, value: num(v.value), ...(v.valueType ? { value_type: v.valueType } : {}),
    limit: num(v.limit), blocking: v.blocking, message: v.message,
  };
}

interface Pane { index: number; acc: ContractAccumulator }
export interface QualitySnapshot { panes: { index: number; window: ContractWindowJSON }[] }

/**
 * Violations over the drift window: panes of ContractAccumulator. Time windows: pane i holds the rows that
 * arrived in [t0 + i·paneMs, t0 + (i+1)·paneMs), as the monitor's panes do, and the window is the last
 * `panes` of them. Row windows: the owner calls rotate() whenever the monitor closes a pane.
 */
export class QualityWindow {
  private list: Pane[] = [];
  private rowPane = 0;
  /** Rows per (feature, rule) since start: driftkit_contract_violations_total. */
  readonly totals = new Map<string, { feature: string; rule: string; count: number }>();

  constructor(readonly contract: DataContract, readonly source: string, private readonly panes: number,
    private readonly time?: { t0: number; paneMs: number }) {}

  private index(t: number): number {
    return this.time ? Math.floor((t - this.time.t0) / this.time.paneMs) : this.rowPane;
  }

  private expire(current: number): void {
    while (this.list.length && this.list[0].index <= current - this.panes) this.list.shift();
  }

  /**
   * Validate a batch and count it into its pane and the lifetime totals, unless a violation is blocking: then
   * nothing is counted (the caller rejects the request).
   */
  add(batch: ContractBatch, t: number): ValidationResult {
    const i = this.index(t);
    this.expire(i);
    let last = this.list[this.list.length - 1];
    if (!last || last.index !== i) this.list.push((last = { index: i, acc: new ContractAccumulator(this.contract) }));
    const r = last.acc.add(batch, { unlessBlocking: true });
    if (r.blocking) return r;
    for (const v of r.violations) {
      const k = `${v.feature}\u0000${v.rule}`;
      const tot = this.totals.get(k);
      if (tot) tot.count += v.count; else this.totals.set(k, { feature: v.feature, rule: v.rule, count: v.count });
    }
    return r;
  }

  /** Row windows: the monitor closed a pane. */
  rotate(): void {
    if (!this.time) this.rowPane++;
  }

  /** Violations over the window at time t (the panes that a window ending now holds). */
  window(t: number): ValidationResult & { batches: number } {
    this.expire(this.index(t));
    const all = new ContractAccumulator(this.contract);
    for (const p of this.list) all.merge(p.acc);
    return all.result();
  }

  snapshot(): QualitySnapshot {
    return { panes: this.list.map((p) => ({ index: p.index, window: p.acc.toJSON() })) };
  }

  restore(s: QualitySnapshot): void {
    if (!s || typeof s !== 'object' || !Array.isArray(s.panes)) fail('restore', 'quality', 'must be { panes: [...] }');
    this.list = s.panes.map((p) => ({ index: Number(p.index), acc: ContractAccumulator.restore(this.contract, p.window) }));
    if (!this.time && this.list.length) this.rowPane = this.list[this.list.length - 1].index;
  }
}
