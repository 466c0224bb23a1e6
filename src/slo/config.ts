// SLO configuration: the `slo` section of the service's config (YAML or JSON), checked once so the tracker can
// trust every field. Problems are DriftkitErrors naming the path, e.g.
// `parseSloConfig: slo.objectives[1].objective must be a number strictly between 0 and 1; got 99`.
// Browser-safe: no Node built-ins (the duration parser and URL check come from the alert rules).
import { fail } from '../errors.js';
import { describe } from '../input.js';
import { checkUrl, durationMs, SEVERITIES, type AlertSeverity } from '../alerts/rules.js';

/** What an SLO measures (see docs/slo.md for how the service feeds each). */
export type Sli = 'drift' | 'latency' | 'error_rate' | 'freshness';
/** Every Sli, in the order errors list them. */
export const SLIS = ['drift', 'latency', 'error_rate', 'freshness'] as const satisfies readonly Sli[];

/** An SLO as written in the config. */
export interface SloConfig {
  name: string;
  sli: Sli;
  /** Target share of good events, strictly between 0 and 1 (0.99 = 99%). */
  objective: number;
  /** The compliance period, a duration (default '28d'). */
  period?: string;
  /**
   * When set, the SLO classifies raw values itself (good = value ≤ threshold, see SloTracker#observe):
   * latency and freshness take a duration ('500ms') or milliseconds, drift a score (e.g. PSI 0.25).
   * When absent, the SLO counts events already classified by the caller (SloTracker#record).
   */
  threshold?: number | string;
  /** drift only: restrict the SLO to one feature. */
  feature?: string;
  /** freshness only: restrict the SLO to one source. */
  source?: string;
}

/** A checked SLO, defaults applied. */
export interface Slo {
  readonly name: string;
  readonly sli: Sli;
  readonly objective: number;
  readonly periodMs: number;
  /** ms for latency / freshness, a score for drift; null: events come classified (record). */
  readonly threshold: number | null;
  /** The feature (drift) or source (freshness) the SLO is restricted to; null: every label counts. */
  readonly label: string | null;
}

/** A multi-window burn-rate alert as written in the config (Google SRE workbook, "Alerting on SLOs"). */
export interface BurnAlertConfig {
  /** A lower-case word: the service's alert metric is `slo_burn_rate_<name>`. */
  name: string;
  /** Long and short windows (whole minutes); the alert holds while both burn faster than burn_rate. */
  long: string;
  short: string;
  burn_rate: number;
  severity?: AlertSeverity;
  /** How long the condition must hold before firing (default 0). */
  for?: string;
  runbook?: string;
}

/** A checked burn-rate alert. `long` / `short` are the canonical window keys of SloStatus.burn_rates. */
export interface BurnAlertPair {
  readonly name: string;
  readonly long: string;
  readonly longMs: number;
  readonly short: string;
  readonly shortMs: number;
  readonly burnRate: number;
  readonly severity: AlertSeverity;
  readonly forMs: number;
  readonly runbook: string;
}

export interface SloSettings {
  slos: Slo[];
  burnAlerts: BurnAlertPair[];
}

export const DEFAULT_PERIOD = '28d';
/** A latency SLO without a threshold uses the service's default p99 SLO: 99% under 500 ms ≡ p99 ≤ 500 ms. */
export const DEFAULT_LATENCY_THRESHOLD_MS = 500;

/**
 * One SLO per SLI (justified in docs/slo.md). drift is looser than the others: windows of several features
 * drift for benign reasons (seasonality), and the budget (5% of windows, ~1.4 days per 28) must absorb that.
 */
export const DEFAULT_SLOS: readonly SloConfig[] = [
  { name: 'drift', sli: 'drift', objective: 0.95 },
  { name: 'latency', sli: 'latency', objective: 0.99, threshold: '500ms' },
  { name: 'error_rate', sli: 'error_rate', objective: 0.99 },
  { name: 'freshness', sli: 'freshness', objective: 0.99 },
];

const RUNBOOK = 'https://github.com/driftkit/driftkit/blob/main/docs/slo-runbook.md';

/**
 * The workbook's recommended tiers: 2% of a 30-day budget in 1 h pages, 5% in 6 h pages, 10% in 3 days
 * opens a ticket. `for` matches deploy/slo_rules.yml.
 */
export const DEFAULT_BURN_ALERTS: readonly BurnAlertConfig[] = [
  { name: 'fast', long: '1h', short: '5m', burn_rate: 14.4, severity: 'critical', for: '2m', runbook: `${RUNBOOK}#slofastburn` },
  { name: 'slow', long: '6h', short: '30m', burn_rate: 6, severity: 'warning', for: '15m', runbook: `${RUNBOOK}#sloslowburn` },
  { name: 'ticket', long: '3d', short: '6h', burn_rate: 1, severity: 'info', for: '1h', runbook: `${RUNBOOK}#sloticketburn` },
];

/** Burn windows are counted in minute buckets, so they are whole minutes from 1 minute to 90 days. */
const MINUTE = 60_000;
const MAX_WINDOW_MS = 90 * 86_400_000;
/** Periods from an hour (the coarse bucket) to ~13 months (9,600 hourly buckets). */
const MIN_PERIOD_MS = 3_600_000;
const MAX_PERIOD_MS = 400 * 86_400_000;

const SLO_FIELDS = ['name', 'sli', 'objective', 'period', 'threshold', 'feature', 'source'];
const ALERT_FIELDS = ['name', 'long', 'short', 'burn_rate', 'severity', 'for', 'runbook'];
/** Names end up as Prometheus label values and in alert names: keep them plain. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
const ALERT_NAME = /^[a-z][a-z0-9_]*$/;

const UNITS: readonly [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** The canonical spelling of a duration, as used for window keys: 300000 → '5m', 5400000 → '1h30m'. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    const k = Math.floor(rest / size);
    if (k > 0) { out += `${k}${unit}`; rest -= k * size; }
  }
  return out;
}

const show = (v: unknown): string => {
  let s: string | undefined;
  try { s = JSON.stringify(v); } catch { /* cyclic */ }
  return s ?? describe(v);
};
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Objects made here: the tracker takes them as they are instead of re-parsing (like parseRules). */
const parsed = new WeakSet<object>();
const mark = <T extends object>(o: T): T => { Object.freeze(o); parsed.add(o); return o; };

function fields(fn: string, path: string, r: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(r)) if (!allowed.includes(k)) fail(fn, `${path}.${k}`, `is not a field here; the fields are ${allowed.join(', ')}`);
}

function name(fn: string, path: string, v: unknown, re: RegExp, what: string): string {
  if (typeof v !== 'string' || !re.test(v)) fail(fn, path, `must be ${what}; got ${show(v)}`);
  return v;
}

function window(fn: string, path: string, v: unknown): number {
  const ms = durationMs(fn, path, v);
  if (ms < MINUTE || ms > MAX_WINDOW_MS || ms % MINUTE !== 0) fail(fn, path, `must be whole minutes from 1m to 90d; got ${show(v)}`);
  return ms;
}

function parseSlo(fn: string, r: unknown, path: string): Slo {
  if (!isRecord(r)) fail(fn, path, `must be an object (an SLO); got ${describe(r)}`);
  fields(fn, path, r, SLO_FIELDS);
  const at = (k: string) => `${path}.${k}`;
  const sloName = name(fn, at('name'), r.name, NAME, 'a name of letters, digits and _ . : - (not starting with . : -)');
  const sli = r.sli;
  if (!SLIS.includes(sli as Sli)) fail(fn, at('sli'), `must be one of ${SLIS.join(', ')}; got ${show(sli)}`);
  const objective = r.objective;
  if (typeof objective !== 'number' || !(objective > 0 && objective < 1)) {
    fail(fn, at('objective'), `must be a number strictly between 0 and 1 (0.99 for 99%); got ${show(objective)}`);
  }
  const periodMs = durationMs(fn, at('period'), r.period ?? DEFAULT_PERIOD);
  if (periodMs < MIN_PERIOD_MS || periodMs > MAX_PERIOD_MS) fail(fn, at('period'), `must be from 1h to 400d; got ${show(r.period)}`);

  let threshold: number | null = null;
  const t = r.threshold;
  if (sli === 'error_rate') {
    if (t !== undefined) fail(fn, at('threshold'), 'does not apply to error_rate: a record is good unless it is flagged error');
  } else if (sli === 'drift') {
    if (t !== undefined) {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) fail(fn, at('threshold'), `must be a drift score ≥ 0 (e.g. PSI 0.25); got ${show(t)}`);
      threshold = t;
    }
  } else if (t !== undefined || sli === 'latency') {
    // latency and freshness: a duration, or a number of milliseconds (the unit of latency_ms in records).
    const v = t ?? DEFAULT_LATENCY_THRESHOLD_MS;
    threshold = typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : durationMs(fn, at('threshold'), v);
    if (!(threshold > 0)) fail(fn, at('threshold'), `must be longer than 0; got ${show(v)}`);
  }

  let label: string | null = null;
  for (const [key, only] of [['feature', 'drift'], ['source', 'freshness']] as const) {
    if (r[key] === undefined) continue;
    if (sli !== only) fail(fn, at(key), `applies only to ${only} SLOs; this one is ${sli as string}`);
    const v = r[key];
    if (typeof v !== 'string' || v === '') fail(fn, at(key), `must be a non-empty string; got ${show(v)}`);
    label = v;
  }
  return mark({ name: sloName, sli: sli as Sli, objective, periodMs, threshold, label });
}

function parseBurnAlert(fn: string, r: unknown, path: string): BurnAlertPair {
  if (!isRecord(r)) fail(fn, path, `must be an object (a burn-rate alert); got ${describe(r)}`);
  fields(fn, path, r, ALERT_FIELDS);
  const at = (k: string) => `${path}.${k}`;
  const alertName = name(fn, at('name'), r.name, ALERT_NAME, 'a lower-case word ([a-z][a-z0-9_]*)');
  const longMs = window(fn, at('long'), r.long);
  const shortMs = window(fn, at('short'), r.short);
  if (shortMs >= longMs) fail(fn, at('short'), `must be shorter than long (${formatDuration(longMs)}); got ${show(r.short)}`);
  const burnRate = r.burn_rate;
  if (typeof burnRate !== 'number' || !Number.isFinite(burnRate) || burnRate <= 0) {
    fail(fn, at('burn_rate'), `must be a positive number (14.4 = budget spent 14.4× faster than the period allows); got ${show(burnRate)}`);
  }
  const severity = r.severity ?? 'warning';
  if (!SEVERITIES.includes(severity as AlertSeverity)) fail(fn, at('severity'), `must be one of ${SEVERITIES.join(', ')}; got ${show(severity)}`);
  const forMs = r.for === undefined ? 0 : durationMs(fn, at('for'), r.for);
  const runbook = r.runbook === undefined ? RUNBOOK : checkUrl(fn, at('runbook'), r.runbook);
  return mark({
    name: alertName, long: formatDuration(longMs), longMs, short: formatDuration(shortMs), shortMs, burnRate,
    severity: severity as AlertSeverity, forMs, runbook,
  });
}

function list<T extends { name: string }>(fn: string, path: string, v: unknown, one: (fn: string, r: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) fail(fn, path, `must be a list; got ${describe(v)}`);
  const seen = new Map<string, number>();
  return v.map((r: unknown, i: number) => {
    const item = typeof r === 'object' && r !== null && parsed.has(r) ? (r as T) : one(fn, r, `${path}[${i}]`);
    const prev = seen.get(item.name);
    // State is kept (and restored) by name.
    if (prev !== undefined) fail(fn, `${path}[${i}].name`, `${show(item.name)} is also the name of ${path}[${prev}]`);
    seen.set(item.name, i);
    return item;
  });
}

/** An SLO list (the config's `slo.objectives`); absent: DEFAULT_SLOS. Parsed SLOs pass through. */
export function parseSlos(v: unknown, path = 'slo.objectives', fn = 'parseSlos'): Slo[] {
  return list(fn, path, v ?? DEFAULT_SLOS, parseSlo);
}

/** A burn-rate alert list (the config's `slo.burn_alerts`); absent: DEFAULT_BURN_ALERTS. */
export function parseBurnAlerts(v: unknown, path = 'slo.burn_alerts', fn = 'parseBurnAlerts'): BurnAlertPair[] {
  return list(fn, path, v ?? DEFAULT_BURN_ALERTS, parseBurnAlert);
}

/**
 * The `slo` section, `{ objectives?, burn_alerts? }` (absent: the defaults), as options for SloTracker:
 * `new SloTracker({ ...parseSloConfig(doc.slo), now })`. `fn` names the caller in errors (the service's
 * config loader passes 'config').
 */
export function parseSloConfig(doc: unknown, path = 'slo', fn = 'parseSloConfig'): SloSettings {
  const FN = fn;
  if (doc === undefined || doc === null) doc = {};
  if (!isRecord(doc)) fail(FN, path, `must be a mapping { objectives, burn_alerts }; got ${describe(doc)}`);
  fields(FN, path, doc, ['objectives', 'burn_alerts']);
  return {
    slos: parseSlos(doc.objectives, `${path}.objectives`, FN),
    burnAlerts: parseBurnAlerts(doc.burn_alerts, `${path}.burn_alerts`, FN),
  };
}
