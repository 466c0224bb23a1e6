// The SLO tracker: good/total event counts per SLO in bounded time buckets, never raw events.
//
// Per SLO: minute buckets for the burn-rate windows (as long as the longest window up to a day, at least an
// hour: 361 with the default pairs), hour buckets for the period and longer windows (673 for 28 days), and
// per label (feature / source) day buckets for the per-label compliance (29 for 28 days). A window of
// length W at time t sums the buckets from the one holding t − W to the one holding t, so it spans W to W
// plus one bucket; windows longer than the minute ring take their older part from the hour buckets.
import { fail } from '../errors.js';
import { describe } from '../input.js';
import { burnRate, errorBudget, type ErrorBudget } from './budget.js';
import { evaluateBurnAlerts, type BurnAlert } from './burn.js';
import { formatDuration, parseBurnAlerts, parseSlos, SLIS, type BurnAlertPair, type Sli, type Slo } from './config.js';
import { Ring, type RingJSON } from './buckets.js';

const FORMAT = 'driftkit-slo';
const VERSION = 1;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MINUTES_PER_HOUR = HOUR / MINUTE;
/** Windows up to a day get minute resolution throughout; longer ones (the 3-day ticket window) hour resolution at their old end. */
const FINE_LIMIT_MS = DAY;
/** Per-label breakdowns kept per SLO (features of a profile, freshness sources); more are counted but not broken down. */
export const DEFAULT_MAX_LABELS = 1000;

export interface SloTrackerOptions {
  /** SLOs as in the config's `slo.objectives` (or parseSlos' result); default DEFAULT_SLOS. */
  slos?: unknown;
  /** Burn-rate alert pairs as in `slo.burn_alerts` (or parseBurnAlerts' result); default DEFAULT_BURN_ALERTS. */
  burnAlerts?: unknown;
  /** Clock in ms (default Date.now). */
  now?: () => number;
  /** Labels broken down per SLO (default 1000). */
  maxLabels?: number;
}

export interface LabelStatus {
  good: number;
  total: number;
  compliance: number | null;
}

export interface SloStatus {
  name: string;
  sli: Sli;
  objective: number;
  period: string;
  period_ms: number;
  threshold: number | null;
  /** The feature (drift) or source (freshness) the SLO is restricted to. */
  label: string | null;
  /** Events over the period (hour buckets: the period up to one hour more). */
  good: number;
  total: number;
  /** good / total; null with no events. */
  compliance: number | null;
  error_budget: ErrorBudget;
  /** Per window of the burn alerts ('5m', '30m', '1h', '6h', '3d'); 0 with no events in the window. */
  burn_rates: Record<string, number>;
  /** The events behind each burn rate (a burn of 50 on 2 events is not one on 20,000). */
  windows: Record<string, { good: number; total: number }>;
  /** The burn-rate alert pairs whose condition holds now. */
  alerts: BurnAlert[];
  /** Per feature (drift) or source (freshness) over the period in whole days (the period up to a day more); labels with no events are left out. */
  labels: Record<string, LabelStatus>;
}

export interface SloReport {
  timestamp: number;
  slos: SloStatus[];
}

/** One SLO's lifetime event counts (SloTracker.counters()): what ServiceMetrics exports as the SLI counters. */
export interface SloCounter {
  slo: string;
  sli: Sli;
  /** Every event recorded since the tracker started (carried over by restore): Prometheus counters. */
  good: number;
  total: number;
}

export interface SloTrackerStats {
  /** Buckets held (constant for a given config and number of labels). */
  buckets: number;
  labels: number;
  /** Events older than the minute buckets when recorded: counted in the period (if within it), not in short windows. */
  late: number;
  /** Events whose label did not fit under maxLabels: counted in the SLO, not broken down. */
  dropped_labels: number;
}

export interface SloStateJSON {
  sli: Sli;
  threshold: number | null;
  label: string | null;
  good: number;
  total: number;
  late: number;
  dropped_labels: number;
  fine: RingJSON;
  coarse: RingJSON;
  labels: Record<string, RingJSON>;
}

export interface SloTrackerJSON {
  format: typeof FORMAT;
  version: typeof VERSION;
  saved_at: number;
  slos: Record<string, SloStateJSON>;
}

class SloState {
  readonly fine: Ring;
  readonly coarse: Ring;
  readonly labelSize: number;
  readonly labels = new Map<string, Ring>();
  good = 0;
  total = 0;
  late = 0;
  droppedLabels = 0;

  constructor(readonly slo: Slo, fineSize: number, longestWindowMs: number) {
    this.fine = new Ring(MINUTE, fineSize);
    this.coarse = new Ring(HOUR, Math.ceil(Math.max(slo.periodMs, longestWindowMs) / HOUR) + 1);
    this.labelSize = Math.ceil(slo.periodMs / DAY) + 1;
  }

  get buckets(): number { return this.fine.size + this.coarse.size + this.labels.size * this.labelSize; }

  /** The label's ring, or undefined when maxLabels are taken by labels that still have events. */
  labelRing(label: string, day: number, max: number): Ring | undefined {
    let ring = this.labels.get(label);
    if (ring) return ring;
    if (this.labels.size >= max) {
      // Features of a replaced profile, sources that stopped: their rings are empty once the period has passed.
      for (const [l, r] of this.labels) if (r.sum(-Infinity, Infinity, day).total === 0) this.labels.delete(l);
      if (this.labels.size >= max) return undefined;
    }
    ring = new Ring(DAY, this.labelSize);
    this.labels.set(label, ring);
    return ring;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const count = (fn: string, path: string, v: unknown): number => {
  if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) fail(fn, path, `must be a finite count ≥ 0; got ${JSON.stringify(v) ?? describe(v)}`);
  return v;
};

/**
 * Tracks SLOs from events and reports compliance, error budget, burn rates and the burn-rate alerts that
 * hold. Two ways in, chosen per SLO by its config:
 *  - record(sli, good, total): events the caller has classified. Counted by the SLOs of `sli` without a
 *    threshold (error_rate always; drift and freshness by default: the monitor's verdict, the source's max age).
 *  - observe(sli, values): raw values. Counted by the SLOs of `sli` with a threshold, good = value ≤ threshold
 *    (latency always: two latency SLOs can hold different thresholds).
 */
export class SloTracker {
  readonly slos: readonly Slo[];
  readonly burnAlerts: readonly BurnAlertPair[];
  readonly #states: SloState[];
  readonly #now: () => number;
  readonly #maxLabels: number;
  /** Burn-rate windows of the alert pairs, shortest first: [key, ms]. */
  readonly #windows: readonly (readonly [string, number])[];

  constructor(options: SloTrackerOptions = {}) {
    const FN = 'SloTracker';
    if (options === null || typeof options !== 'object') fail(FN, 'options', `must be an object; got ${describe(options)}`);
    const { now = Date.now, maxLabels = DEFAULT_MAX_LABELS } = options;
    if (typeof now !== 'function') fail(FN, 'now', 'must be a function returning the time in milliseconds');
    if (!Number.isInteger(maxLabels) || maxLabels < 0) fail(FN, 'maxLabels', `must be an integer ≥ 0; got ${String(maxLabels)}`);
    this.slos = Object.freeze(parseSlos(options.slos, 'slos', FN));
    this.burnAlerts = Object.freeze(parseBurnAlerts(options.burnAlerts, 'burnAlerts', FN));
    const windows = new Map<number, string>();
    for (const p of this.burnAlerts) { windows.set(p.longMs, p.long); windows.set(p.shortMs, p.short); }
    this.#windows = [...windows].sort((a, b) => a[0] - b[0]).map(([ms, key]) => [key, ms] as const);
    const longest = Math.max(0, ...windows.keys());
    const fineMs = Math.max(HOUR, ...[...windows.keys()].filter((ms) => ms <= FINE_LIMIT_MS));
    // + 1: a window spans the buckets holding t − W … t, one more than W / bucket.
    this.#states = this.slos.map((s) => new SloState(s, fineMs / MINUTE + 1, longest));
    this.#now = now;
    this.#maxLabels = maxLabels;
  }

  #time(fn: string, t: number | undefined): number {
    const now = this.#now();
    if (t === undefined) return now;
    if (typeof t !== 'number' || !Number.isFinite(t)) fail(fn, 't', `must be a finite time in milliseconds; got ${String(t)}`);
    // A clock ahead of ours would move the rings past the present and clear buckets still in use.
    return Math.min(t, now);
  }

  #check(fn: string, sli: unknown, label: unknown): void {
    if (!SLIS.includes(sli as Sli)) fail(fn, 'sli', `must be one of ${SLIS.join(', ')}; got ${JSON.stringify(sli) ?? describe(sli)}`);
    if (label !== undefined && typeof label !== 'string') fail(fn, 'label', `must be a string (a feature or source name); got ${describe(label)}`);
  }

  #add(s: SloState, t: number, good: number, total: number, label: string | undefined): void {
    if (total === 0 || (s.slo.label !== null && label !== s.slo.label)) return;
    s.good += good;
    s.total += total;
    if (!s.fine.add(Math.floor(t / MINUTE), good, total)) s.late += total;
    s.coarse.add(Math.floor(t / HOUR), good, total);
    if (label === undefined || s.slo.label !== null) return;
    const day = Math.floor(t / DAY);
    const ring = s.labelRing(label, day, this.#maxLabels);
    if (ring) ring.add(day, good, total);
    else s.droppedLabels += total;
  }

  /** Counts `good` of `total` classified events at t (default now; later than now counts as now). */
  record(sli: Sli, good: number, total: number, t?: number, label?: string): void {
    const FN = 'record';
    this.#check(FN, sli, label);
    count(FN, 'total', total);
    count(FN, 'good', good);
    if (good > total) fail(FN, 'good', `must not exceed total (${total}); got ${good}`);
    const at = this.#time(FN, t);
    for (const s of this.#states) if (s.slo.sli === sli && s.slo.threshold === null) this.#add(s, at, good, total, label);
  }

  /** Counts raw values (latency ms, drift score, age ms) against each threshold SLO of `sli`; NaN is no event. */
  observe(sli: Sli, values: ArrayLike<number>, t?: number, label?: string): void {
    const FN = 'observe';
    this.#check(FN, sli, label);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      fail(FN, 'values', `must be an array of numbers; got ${describe(values)}`);
    }
    const at = this.#time(FN, t);
    for (const s of this.#states) {
      const th = s.slo.threshold;
      if (s.slo.sli !== sli || th === null) continue;
      let good = 0;
      let total = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'number') fail(FN, `values[${i}]`, `must be a number; got ${describe(v)}`);
        if (Number.isNaN(v)) continue;
        total++;
        if (v <= th) good++;
      }
      this.#add(s, at, good, total, label);
    }
  }

  /** Good and total events of `s` over the window of `w` ms ending at `at`. */
  #window(s: SloState, at: number, w: number): { good: number; total: number } {
    const i = Math.floor(at / MINUTE);
    const lo = Math.floor((at - w) / MINUTE);
    const from = s.fine.oldest(i);
    if (lo >= from) return s.fine.sum(lo, i, i);
    // The part before the first whole hour the minute ring still holds comes from the hour buckets.
    const hour = Math.ceil(from / MINUTES_PER_HOUR);
    const old = s.coarse.sum(Math.floor((at - w) / HOUR), hour - 1, Math.floor(at / HOUR));
    const recent = s.fine.sum(hour * MINUTES_PER_HOUR, i, i);
    return { good: old.good + recent.good, total: old.total + recent.total };
  }

  /** Every SLO's compliance, budget, burn rates, holding alerts and per-label compliance at t (default now). */
  status(t?: number): SloReport {
    const at = this.#time('status', t);
    const slos = this.#states.map((s): SloStatus => {
      const { slo } = s;
      const h = Math.floor(at / HOUR);
      const { good, total } = s.coarse.sum(Math.floor((at - slo.periodMs) / HOUR), h, h);
      const burn_rates: Record<string, number> = {};
      const windows: Record<string, { good: number; total: number }> = {};
      for (const [key, ms] of this.#windows) {
        const w = (windows[key] = this.#window(s, at, ms));
        burn_rates[key] = burnRate(w.good, w.total, slo.objective);
      }
      const labels: Record<string, LabelStatus> = {};
      const d = Math.floor(at / DAY);
      for (const [label, ring] of s.labels) {
        const c = ring.sum(Math.floor((at - slo.periodMs) / DAY), d, d);
        if (c.total > 0) labels[label] = { good: c.good, total: c.total, compliance: c.good / c.total };
        // A feature of a replaced profile, a source that stopped: forgotten once its events left the ring.
        else if (ring.sum(-Infinity, Infinity, d).total === 0) s.labels.delete(label);
      }
      const status: SloStatus = {
        name: slo.name, sli: slo.sli, objective: slo.objective, period: formatDuration(slo.periodMs), period_ms: slo.periodMs,
        threshold: slo.threshold, label: slo.label, good, total, compliance: total > 0 ? good / total : null,
        error_budget: errorBudget(good, total, slo.objective), burn_rates, windows, alerts: [], labels,
      };
      status.alerts = evaluateBurnAlerts(status, this.burnAlerts);
      return status;
    });
    return { timestamp: at, slos };
  }

  /** Lifetime event counts per SLO, for the driftkit_sli_events_total / driftkit_sli_good_total counters. */
  counters(): SloCounter[] {
    return this.#states.map((s) => ({ slo: s.slo.name, sli: s.slo.sli, good: s.good, total: s.total }));
  }

  get stats(): SloTrackerStats {
    let buckets = 0, labels = 0, late = 0, dropped = 0;
    for (const s of this.#states) { buckets += s.buckets; labels += s.labels.size; late += s.late; dropped += s.droppedLabels; }
    return { buckets, labels, late, dropped_labels: dropped };
  }

  toJSON(): SloTrackerJSON {
    const slos: Record<string, SloStateJSON> = {};
    for (const s of this.#states) {
      const labels: Record<string, RingJSON> = {};
      for (const [l, r] of s.labels) { const j = r.toJSON(); if (j.total.length > 0) labels[l] = j; }
      slos[s.slo.name] = {
        sli: s.slo.sli, threshold: s.slo.threshold, label: s.slo.label, good: s.good, total: s.total, late: s.late,
        dropped_labels: s.droppedLabels, fine: s.fine.toJSON(), coarse: s.coarse.toJSON(), labels,
      };
    }
    return { format: FORMAT, version: VERSION, saved_at: this.#now(), slos };
  }

  /**
   * A tracker for `options` (the current config) carrying over the history of toJSON() output (object or
   * JSON text). SLOs are matched by name; one whose sli, threshold or label changed starts afresh (its
   * counts meant something else); objective, period and burn windows may change (buckets are re-laid by time).
   */
  static restore(json: unknown, options: SloTrackerOptions = {}): SloTracker {
    const FN = 'SloTracker.restore';
    let doc = json;
    if (typeof json === 'string') {
      try { doc = JSON.parse(json); } catch (e) { fail(FN, 'json', `is not valid JSON: ${(e as Error).message}`); }
    }
    if (!isRecord(doc) || doc.format !== FORMAT || doc.version !== VERSION || !isRecord(doc.slos)) {
      fail(FN, 'json', `must be an SLO tracker document (format '${FORMAT}', version ${VERSION}) from SloTracker#toJSON`);
    }
    const tracker = new SloTracker(options);
    for (const s of tracker.#states) {
      const saved = doc.slos[s.slo.name];
      if (saved === undefined) continue;
      const path = `json.slos.${s.slo.name}`;
      if (!isRecord(saved)) fail(FN, path, `must be an object; got ${describe(saved)}`);
      if (saved.sli !== s.slo.sli || saved.threshold !== s.slo.threshold || saved.label !== s.slo.label) continue;
      s.good = count(FN, `${path}.good`, saved.good);
      s.total = count(FN, `${path}.total`, saved.total);
      s.late = count(FN, `${path}.late`, saved.late);
      s.droppedLabels = count(FN, `${path}.dropped_labels`, saved.dropped_labels);
      s.fine.load(FN, `${path}.fine`, saved.fine);
      s.coarse.load(FN, `${path}.coarse`, saved.coarse);
      if (!isRecord(saved.labels)) fail(FN, `${path}.labels`, `must be an object of bucket rings by label; got ${describe(saved.labels)}`);
      for (const [label, ring] of Object.entries(saved.labels)) {
        if (s.labels.size >= tracker.#maxLabels) break;
        const r = new Ring(DAY, s.labelSize);
        r.load(FN, `${path}.labels.${label}`, ring);
        s.labels.set(label, r);
      }
    }
    return tracker;
  }
}
