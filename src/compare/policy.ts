// Which method judges each feature, and where its bands lie. Defaults follow what Evidently and NannyML
// do, adjusted so that large samples do not make every feature "drift" on a p-value alone:
//
// | feature      | reference rows | method                 | statistic                 | moderate | critical |
// |--------------|----------------|------------------------|---------------------------|----------|----------|
// | numeric      | <= 1000        | ks (two-sample KS)     | p-value                   | p < 0.05 | p < 0.001|
// | numeric      | > 1000         | psi (10 quantile bins) | PSI                       | >= 0.1   | >= 0.25  |
// | categorical  | <= 1000        | chisquare (2×k table)  | p-value                   | p < 0.05 | p < 0.001|
// | categorical  | > 1000         | jensenshannon          | JS distance (base e)      | >= 0.1   | >= 0.2   |
// | any          | any            | null share             | |Δ share of missing|      | >= 0.05  | >= 0.2   |
// | categorical  | any            | unseen categories      | share of current rows     | >= 0.01  | >= 0.1   |
//
// Every numeric feature also reports KS, Wasserstein (divided by the reference standard deviation, the
// scale-free form Evidently thresholds at 0.1), JS distance and PSI as secondary scores, whatever decides.
import { fail } from '../errors.js';

export type MethodName = 'ks' | 'psi' | 'wasserstein' | 'jensenshannon' | 'chisquare';
export type Severity = 'none' | 'moderate' | 'critical';

export interface Bands {
  /** 'higher' for distances (drift when statistic >= moderate); 'lower' for p-values (drift when < moderate). */
  direction: 'higher' | 'lower';
  moderate: number;
  critical: number;
}

export const DEFAULT_BANDS: Record<MethodName, Bands> = {
  ks: { direction: 'lower', moderate: 0.05, critical: 0.001 },
  chisquare: { direction: 'lower', moderate: 0.05, critical: 0.001 },
  psi: { direction: 'higher', moderate: 0.1, critical: 0.25 },
  wasserstein: { direction: 'higher', moderate: 0.1, critical: 0.2 },
  jensenshannon: { direction: 'higher', moderate: 0.1, critical: 0.2 },
};

export const NULL_SHARE_BANDS: Bands = { direction: 'higher', moderate: 0.05, critical: 0.2 };
export const NEW_CATEGORY_BANDS: Bands = { direction: 'higher', moderate: 0.01, critical: 0.1 };

/** Reference size at or below which p-value tests decide (Evidently's rule). */
export const SMALL_REFERENCE = 1000;

export function defaultMethod(kind: 'numeric' | 'categorical' | 'boolean', referenceRows: number): MethodName {
  if (kind === 'numeric') return referenceRows <= SMALL_REFERENCE ? 'ks' : 'psi';
  return referenceRows <= SMALL_REFERENCE ? 'chisquare' : 'jensenshannon';
}

export function severityOf(value: number, b: Bands): Severity {
  if (Number.isNaN(value)) return 'none';
  if (b.direction === 'higher') return value >= b.critical ? 'critical' : value >= b.moderate ? 'moderate' : 'none';
  return value < b.critical ? 'critical' : value < b.moderate ? 'moderate' : 'none';
}

const RANK: Record<Severity, number> = { none: 0, moderate: 1, critical: 2 };
export const worst = (a: Severity, b: Severity): Severity => (RANK[a] >= RANK[b] ? a : b);

export function checkBands(fn: string, name: string, b: Partial<Bands> | undefined, base: Bands): Bands {
  if (b === undefined) return base;
  const out = { ...base, ...b };
  if (!Number.isFinite(out.moderate) || !Number.isFinite(out.critical)) fail(fn, name, 'must have finite moderate and critical thresholds');
  if (out.direction === 'higher' ? out.critical < out.moderate : out.critical > out.moderate) {
    fail(fn, name, `critical (${out.critical}) must be beyond moderate (${out.moderate}) in the direction '${out.direction}'`);
  }
  return out;
}

export type Correction = 'none' | 'bonferroni' | 'bh';

/** Adjusted p-values: Bonferroni (min(1, m·p)) or Benjamini–Hochberg step-up (monotone, as scipy.stats.false_discovery_control). */
export function adjustPValues(p: number[], method: Correction): number[] {
  const m = p.length;
  if (method === 'none' || m === 0) return p.slice();
  if (method === 'bonferroni') return p.map((v) => Math.min(1, v * m));
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [v, i] = order[r];
    running = Math.min(running, v * (m / (r + 1))); // p·(m/i), the order scipy.stats.false_discovery_control uses
    out[i] = Math.min(1, running);
  }
  return out;
}
