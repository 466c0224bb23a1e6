// Alert rules: the `alerts.rules` section of the service's config (YAML or JSON), checked once so that the
// engine can trust every field. Every problem is a DriftkitError naming the path, e.g.
// `parseRules: alerts.rules[2].threshold must be a finite number; got "0.25"`.
import { fail, optionsObject } from '../errors.js';
import { describe } from '../input.js';

/** Metrics measured per feature (samples carry `feature`). */
export const FEATURE_METRICS = [
  'psi_score', 'ks_statistic', 'js_distance', 'wasserstein', 'null_share_delta', 'unseen_share', 'drift_score',
  'contract_violation_rate', 'contract_violations',
] as const;
/**
 * Metrics whose samples carry another name in `feature`: a freshness source (source_staleness: age / max_age,
 * source_missing: 1 while no record carries it) or an SLO (slo_*: see src/slo, burnAlertRules).
 */
export const LABELLED_METRICS = [
  'source_staleness', 'source_missing',
  'slo_burn_rate_fast', 'slo_burn_rate_slow', 'slo_burn_rate_ticket', 'slo_error_budget_remaining',
] as const;
/** Metrics of the whole model / window (samples carry no `feature`). */
export const GLOBAL_METRICS = [
  'drift_share', 'latency_p50', 'latency_p95', 'latency_p99', 'error_rate',
  'canary_prediction_psi', 'canary_error_rate_delta', 'canary_latency_p99_ratio', 'canary_verdict',
] as const;
/** The metrics the monitoring service emits: validateRules' default list. */
export const KNOWN_METRICS: readonly string[] = [...FEATURE_METRICS, ...GLOBAL_METRICS, ...LABELLED_METRICS];

export type AlertOp = '>' | '>=' | '<' | '<=';
export type AlertSeverity = 'info' | 'warning' | 'critical';
/** The built-in actions, or any other lower-case word the service knows how to carry out. */
export type AlertAction = 'alert' | 'rollback' | 'scale_down' | 'retrain' | (string & {});

/** A rule as written in the config. */
export interface AlertRuleConfig {
  name?: string;
  metric: string;
  threshold: number;
  op?: AlertOp;
  action: AlertAction;
  severity?: AlertSeverity;
  features?: string[];
  for?: string;
  windows?: number;
  cooldown?: string;
  resolve_after?: number;
  webhooks?: string[];
  runbook?: string;
}

/** A checked rule, defaults applied (durations in milliseconds). */
export interface AlertRule {
  readonly name: string;
  readonly metric: string;
  readonly threshold: number;
  readonly op: AlertOp;
  readonly action: AlertAction;
  readonly severity: AlertSeverity;
  /** Feature-level metrics: the features watched; null = every feature. */
  readonly features: readonly string[] | null;
  /** How long the condition must hold before firing (0: fire at once). */
  readonly forMs: number;
  /** Consecutive evaluations the condition must hold before firing (1: fire at once). */
  readonly windows: number;
  readonly cooldownMs: number;
  readonly resolveAfter: number;
  /** null = the engine's global list. */
  readonly webhooks: readonly string[] | null;
  readonly runbook: string | null;
}

export interface ParseRulesOptions {
  /** When given, a rule naming any other metric is an error. */
  knownMetrics?: readonly string[];
  /** How errors name the rule list; default 'alerts.rules'. */
  path?: string;
  /** The cooldown of rules that set none (a duration); default '30m'. */
  defaultCooldown?: string | 0;
}

export const OPS: readonly AlertOp[] = ['>', '>=', '<', '<='];
export const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];
export const DEFAULT_COOLDOWN = '30m';
const FIELDS = [
  'name', 'metric', 'threshold', 'op', 'action', 'severity', 'features', 'for', 'windows', 'cooldown',
  'resolve_after', 'webhooks', 'runbook',
];

/** Rules made by parseRules: the engine takes them as they are (they are frozen) instead of re-parsing. */
const parsed = new WeakSet<object>();
export const isParsedRule = (r: unknown): r is AlertRule => typeof r === 'object' && r !== null && parsed.has(r);

const show = (v: unknown): string => {
  let s: string | undefined;
  try { s = JSON.stringify(v); } catch { /* cyclic */ }
  if (s === undefined) s = describe(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

export function durationMs(fn: string, path: string, v: unknown): number {
  // A bare number is ambiguous (seconds? milliseconds?) except 0, which YAML users write for "none".
  if (v === 0 || v === '0') return 0;
  if (typeof v !== 'string' || !DURATION.test(v)) {
    fail(fn, path, `must be a duration like '30s', '5m', '1h' or '1h30m' (units ms, s, m, h, d, w); got ${show(v)}`);
  }
  let ms = 0;
  for (const [, n, unit] of v.matchAll(PART)) ms += Number(n) * UNIT_MS[unit];
  if (!Number.isFinite(ms)) fail(fn, path, `is too long; got ${show(v)}`);
  return ms;
}

/** A duration such as '250ms', '30s', '5m', '1h', '1d', '1w' or '1h30m' (or 0), in milliseconds. */
export function parseDuration(value: unknown, path = 'duration'): number {
  return durationMs('parseDuration', path, value);
}

/** An http(s) URL, as given. */
export function checkUrl(fn: string, path: string, v: unknown): string {
  if (typeof v !== 'string') fail(fn, path, `must be an http(s) URL string; got ${describe(v)}`);
  let u: URL;
  try { u = new URL(v); } catch { return fail(fn, path, `must be an http(s) URL; got ${show(v)}`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') fail(fn, path, `must be an http(s) URL; got ${show(v)}`);
  return v;
}

export function checkUrls(fn: string, path: string, v: unknown): string[] {
  if (!Array.isArray(v)) fail(fn, path, `must be a list of http(s) URLs; got ${describe(v)}`);
  return v.map((u, i) => checkUrl(fn, `${path}[${i}]`, u));
}

function posInt(fn: string, path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(fn, path, `must be a positive integer; got ${show(v)}`);
  return v;
}

function parseRule(fn: string, r: unknown, path: string, known: ReadonlySet<string> | null, defaultCooldownMs: number): AlertRule {
  if (!isRecord(r)) fail(fn, path, `must be an object (a rule); got ${describe(r)}`);
  for (const k of Object.keys(r)) {
    if (!FIELDS.includes(k)) fail(fn, `${path}.${k}`, `is not a rule field; the fields are ${FIELDS.join(', ')}`);
  }
  const at = (k: string) => `${path}.${k}`;

  const metric = r.metric;
  if (typeof metric !== 'string' || metric === '') fail(fn, at('metric'), `must be a non-empty string; got ${show(metric)}`);
  if (known !== null && !known.has(metric)) {
    fail(fn, at('metric'), `is not a known metric: ${show(metric)}; the known metrics are ${[...known].join(', ')}`);
  }

  const threshold = r.threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    fail(fn, at('threshold'), `must be a finite number; got ${show(threshold)}`);
  }

  const op = r.op === undefined ? '>' : r.op;
  if (!OPS.includes(op as AlertOp)) fail(fn, at('op'), `must be one of '>', '>=', '<', '<='; got ${show(op)}`);

  const action = r.action;
  if (typeof action !== 'string' || !/^[a-z_]+$/.test(action)) {
    fail(fn, at('action'), `must be a lower-case word such as alert, rollback, scale_down or retrain; got ${show(action)}`);
  }

  const severity = r.severity === undefined ? (action === 'rollback' ? 'critical' : 'warning') : r.severity;
  if (!SEVERITIES.includes(severity as AlertSeverity)) {
    fail(fn, at('severity'), `must be one of 'info', 'warning', 'critical'; got ${show(severity)}`);
  }

  let features: string[] | null = null;
  if (r.features !== undefined) {
    if ((GLOBAL_METRICS as readonly string[]).includes(metric)) {
      fail(fn, at('features'), `applies only to feature-level metrics; ${metric} is a global metric`);
    }
    if (!Array.isArray(r.features) || r.features.length === 0) {
      fail(fn, at('features'), `must be a non-empty list of feature names; got ${show(r.features)}`);
    }
    features = [];
    for (let i = 0; i < r.features.length; i++) {
      const f: unknown = r.features[i];
      if (typeof f !== 'string' || f === '') fail(fn, `${at('features')}[${i}]`, `must be a non-empty string; got ${show(f)}`);
      if (features.includes(f)) fail(fn, `${at('features')}[${i}]`, `repeats ${show(f)}`);
      features.push(f);
    }
  }

  if (r.for !== undefined && r.windows !== undefined) {
    fail(fn, path, 'sets both for and windows; confirm by duration (for) or by consecutive evaluations (windows), not both');
  }
  const forMs = r.for === undefined ? 0 : durationMs(fn, at('for'), r.for);
  const windows = r.windows === undefined ? 1 : posInt(fn, at('windows'), r.windows);
  const cooldownMs = r.cooldown === undefined ? defaultCooldownMs : durationMs(fn, at('cooldown'), r.cooldown);
  const resolveAfter = r.resolve_after === undefined ? 1 : posInt(fn, at('resolve_after'), r.resolve_after);
  const webhooks = r.webhooks === undefined ? null : checkUrls(fn, at('webhooks'), r.webhooks);
  const runbook = r.runbook === undefined ? null : checkUrl(fn, at('runbook'), r.runbook);

  const name = r.name === undefined ? `${metric}_${action}_${threshold}` : r.name;
  if (typeof name !== 'string' || name === '') fail(fn, at('name'), `must be a non-empty string; got ${show(name)}`);

  const rule: AlertRule = {
    name, metric, threshold, op: op as AlertOp, action, severity: severity as AlertSeverity,
    features: features && Object.freeze(features), forMs, windows, cooldownMs, resolveAfter,
    webhooks: webhooks && Object.freeze(webhooks), runbook,
  };
  return rule;
}

function checkKnown(fn: string, knownMetrics: unknown): ReadonlySet<string> {
  if (!Array.isArray(knownMetrics) || knownMetrics.some((m) => typeof m !== 'string')) {
    fail(fn, 'knownMetrics', `must be a list of metric names; got ${show(knownMetrics)}`);
  }
  return new Set(knownMetrics as string[]);
}

/**
 * Check a rule list (the parsed YAML/JSON array) and apply the defaults. Rules already returned by parseRules
 * pass through unchanged, so the engine accepts either form.
 */
export function parseRules(config: unknown, options: ParseRulesOptions = {}): AlertRule[] {
  optionsObject('parseRules', options);
  return ruleList('parseRules', config, options);
}

function ruleList(fn: string, config: unknown, options: ParseRulesOptions): AlertRule[] {
  if (!isRecord(options)) fail(fn, 'options', `must be an object; got ${describe(options)}`);
  const base = options.path ?? 'alerts.rules';
  if (typeof base !== 'string') fail(fn, 'options.path', `must be a string; got ${describe(base)}`);
  const known = options.knownMetrics === undefined ? null : checkKnown(fn, options.knownMetrics);
  const defaultCooldownMs = durationMs(fn, 'options.defaultCooldown', options.defaultCooldown ?? DEFAULT_COOLDOWN);
  if (!Array.isArray(config)) fail(fn, base, `must be a list of rules; got ${describe(config)}`);
  const names = new Map<string, number>();
  return config.map((r: unknown, i: number) => {
    const path = `${base}[${i}]`;
    let rule: AlertRule;
    if (isParsedRule(r)) {
      if (known !== null && !known.has(r.metric)) {
        fail(fn, `${path}.metric`, `is not a known metric: ${show(r.metric)}; the known metrics are ${[...known].join(', ')}`);
      }
      rule = r;
    } else {
      rule = Object.freeze(parseRule(fn, r, path, known, defaultCooldownMs));
      parsed.add(rule);
    }
    // Alert state is keyed by rule name (and survives restarts by it), so names must be unique.
    const prev = names.get(rule.name);
    if (prev !== undefined) {
      fail(fn, `${path}.name`, `${show(rule.name)} is also the name of ${base}[${prev}]; give one of them another name`);
    }
    names.set(rule.name, i);
    return rule;
  });
}

/** parseRules, rejecting rules on metrics outside `knownMetrics` (default: the metrics the service emits). */
export function validateRules(config: unknown, knownMetrics: readonly string[] = KNOWN_METRICS): AlertRule[] {
  return ruleList('validateRules', config, { knownMetrics });
}
