// The service's configuration: driftkit.yaml (or .json) merged over the defaults, then command-line flags
// over that. Every field is checked; a mistake is a DriftkitError naming its path (`window.ms`).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DriftkitError, fail } from '../errors.js';
import { checkUrl, durationMs as ruleDuration, KNOWN_METRICS, validateRules } from '../alerts/rules.js';
import type { WindowSpec } from '../stream/monitor.js';
import type { CompareOptions } from '../compare/compare.js';
import { checkBands, DEFAULT_BANDS, NEW_CATEGORY_BANDS, NULL_SHARE_BANDS, type Bands, type MethodName } from '../compare/policy.js';
import { parseSloConfig } from '../slo/index.js';
import type { ContractSetting } from './quality.js';
import type { FreshnessConfig } from './freshness.js';
import { DEFAULT_CANARY_GATES, type CanaryGates } from './canary.js';

const FN = 'config';

export interface ServiceConfig {
  host: string;
  port: number;
  /** Reference profile file (JSON from `driftkit profile` / serializeProfile). */
  profile?: string;
  /** Where profile, window state and alert state persist (none: in memory only). */
  dataDir?: string;
  /** Drift windows by arrival time or rows (default: sliding 10 minutes in 1-minute panes). */
  window: WindowSpec;
  /** compare() options for every window (thresholds, methods, correction, driftShare). */
  compare: CompareOptions;
  latency: { windowMs: number; panes: number; slo: { p95: number; p99: number } };
  /** Alert rules and delivery (see docs/alerts.md); passed to the alert engine as given. */
  alerts: { rules: unknown[]; webhooks: string[]; cooldown?: string; groupWindow?: string };
  /** Seconds between alert evaluations (and gauge updates) when no window closes. */
  evaluationIntervalMs: number;
  /** Persist state at most this often (and on shutdown). */
  persistIntervalMs: number;
  /** Records buffered before they reach the monitor (also flushed every flushIntervalMs). */
  bufferRecords: number;
  flushIntervalMs: number;
  limits: { bodyBytes: number; maxRecords: number };
  /** Bearer token required on POST /monitor and PUT /profile (default: none; env DRIFTKIT_TOKEN). */
  token?: string;
  /** Log requests (pino through fastify). */
  logger: boolean;
  /** The data contract: derived from the profile ('auto', the default), none ('off'), or a JSON/YAML file. */
  contract: ContractSetting;
  /** Per-source maximum ages (records carry `sources: { name: time }`; `record` is the record's own timestamp). */
  freshness: FreshnessConfig;
  /** The `slo` section as written (checked here; parsed again by the service's SloTracker). */
  slo?: unknown;
  /** Canary comparison of model versions (docs/canary.md). */
  canary: { enabled: boolean; windowMs: number; panes: number; baseline?: string; candidate?: string; gates: Partial<CanaryGates> };
}

export const DEFAULT_RULES: unknown[] = [
  { metric: 'psi_score', threshold: 0.25, action: 'alert', severity: 'warning', windows: 2 },
  { metric: 'psi_score', threshold: 0.5, action: 'rollback', severity: 'critical', windows: 2 },
  { metric: 'latency_p99', threshold: 0.5, action: 'scale_down', severity: 'warning', for: '2m' },
  { metric: 'error_rate', threshold: 0.05, action: 'rollback', severity: 'critical', for: '1m' },
  // more than 1% of the window's rows break a data-contract rule (a timestamp in a day count: 100%)
  { metric: 'contract_violation_rate', threshold: 0.01, action: 'alert', severity: 'warning' },
  // a source's newest values are older than its max_age (staleness 1), or it stopped arriving
  { metric: 'source_staleness', threshold: 1, action: 'alert', severity: 'warning' },
  // the candidate model version must go: two evaluations in a row say rollback (docs/canary.md)
  { metric: 'canary_verdict', threshold: 2, op: '>=', action: 'rollback', severity: 'critical', windows: 2, cooldown: '5m' },
];

export function defaultConfig(): ServiceConfig {
  return {
    host: '127.0.0.1',
    port: 8000,
    window: { kind: 'sliding', ms: 600_000, slide: 60_000 },
    compare: {},
    latency: { windowMs: 300_000, panes: 10, slo: { p95: 100, p99: 500 } },
    alerts: { rules: DEFAULT_RULES, webhooks: [] },
    evaluationIntervalMs: 10_000,
    persistIntervalMs: 5_000,
    bufferRecords: 2048,
    flushIntervalMs: 250,
    limits: { bodyBytes: 16 * 2 ** 20, maxRecords: 100_000 },
    token: process.env.DRIFTKIT_TOKEN || undefined,
    logger: false,
    contract: 'auto',
    freshness: { sources: {}, staleShare: 0.05 },
    canary: { enabled: true, windowMs: 600_000, panes: 10, gates: {} },
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function keys(path: string, o: Obj, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(FN, path ? `${path}.${k}` : k, `is not a config field (allowed here: ${allowed.join(', ')})`);
}
function int(path: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(FN, path, `must be an integer in [${min}, ${max}]; got ${JSON.stringify(v)}`);
  return v;
}
function num(path: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !(v > min) || !Number.isFinite(v)) fail(FN, path, `must be a finite number > ${min}; got ${JSON.stringify(v)}`);
  return v;
}
function str(path: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') fail(FN, path, `must be a non-empty string; got ${JSON.stringify(v)}`);
  return v;
}

/** A duration > 0: '500ms', '30s', '10m', '1h30m' (as in alert rules) or a number of milliseconds. */
export function durationMs(path: string, v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  const ms = ruleDuration(FN, path, v);
  if (!(ms > 0)) fail(FN, path, `must be longer than 0; got ${JSON.stringify(v)}`);
  return ms;
}

/**
 * The window as the drift monitor will take it (createMonitor's rules), checked here too: the monitor is made
 * only once a profile is loaded, which may be a PUT /profile long after start.
 */
function checkWindow(w: WindowSpec): void {
  if ((w.rows === undefined) === (w.ms === undefined)) fail(FN, 'window', `must give exactly one of rows and ms; got ${w.rows === undefined ? 'neither' : 'both'}`);
  const unit = w.rows !== undefined ? 'rows' : 'ms';
  const size = (w.rows ?? w.ms)!;
  if (!Number.isInteger(size)) fail(FN, `window.${unit}`, `must be a whole number of ${unit === 'ms' ? 'milliseconds' : 'rows'}; got ${size}`);
  if (w.kind === 'tumbling') {
    if (w.slide !== undefined) fail(FN, 'window.slide', 'applies to sliding windows only');
  } else if (w.slide === undefined) {
    if (size % 4 !== 0) fail(FN, 'window.slide', `is required when window.${unit} (${size}) is not divisible by 4 (the default slide is a quarter of the window)`);
  } else if (!Number.isInteger(w.slide) || w.slide > size || size % w.slide !== 0) {
    fail(FN, 'window.slide', `must divide the window (${size} ${unit === 'ms' ? 'ms' : 'rows'}); got ${w.slide}`);
  }
}

/** The compare section's values (compare() checks them again, but only when a window closes). */
function checkCompare(o: Obj): void {
  const methods = Object.keys(DEFAULT_BANDS);
  if (o.methods !== undefined) {
    if (!isObj(o.methods)) fail(FN, 'compare.methods', 'must be a mapping of feature names to methods');
    for (const [f, m] of Object.entries(o.methods)) {
      if (typeof m !== 'string' || !methods.includes(m)) fail(FN, `compare.methods.${f}`, `must be one of ${methods.join(', ')}; got ${JSON.stringify(m)}`);
    }
  }
  if (o.thresholds !== undefined) {
    if (!isObj(o.thresholds)) fail(FN, 'compare.thresholds', 'must be a mapping of methods to { moderate, critical }');
    for (const [m, b] of Object.entries(o.thresholds)) {
      if (!methods.includes(m)) fail(FN, `compare.thresholds.${m}`, `is not a method; the methods are ${methods.join(', ')}`);
      checkBandsAt(`compare.thresholds.${m}`, b, DEFAULT_BANDS[m as MethodName]);
    }
  }
  if (o.null_share !== undefined) checkBandsAt('compare.null_share', o.null_share, NULL_SHARE_BANDS);
  if (o.new_categories !== undefined) checkBandsAt('compare.new_categories', o.new_categories, NEW_CATEGORY_BANDS);
  if (o.correction !== undefined && !['none', 'bonferroni', 'bh'].includes(o.correction as string)) {
    fail(FN, 'compare.correction', `must be none, bonferroni or bh; got ${JSON.stringify(o.correction)}`);
  }
  if (o.drift_share !== undefined && !(typeof o.drift_share === 'number' && o.drift_share > 0 && o.drift_share <= 1)) {
    fail(FN, 'compare.drift_share', `must be a share in (0, 1]; got ${JSON.stringify(o.drift_share)}`);
  }
  if (o.bins !== undefined) int('compare.bins', o.bins, 1, 10_000);
  if (o.epsilon !== undefined && !(typeof o.epsilon === 'number' && o.epsilon >= 0 && o.epsilon < 1)) {
    fail(FN, 'compare.epsilon', `must be a number in [0, 1); got ${JSON.stringify(o.epsilon)}`);
  }
}

function checkBandsAt(path: string, b: unknown, base: Bands): void {
  if (!isObj(b)) fail(FN, path, 'must be a mapping { moderate, critical }');
  keys(path, b, ['moderate', 'critical', 'direction']);
  for (const k of ['moderate', 'critical'] as const) {
    if (b[k] !== undefined && (typeof b[k] !== 'number' || !Number.isFinite(b[k]))) fail(FN, `${path}.${k}`, `must be a finite number; got ${JSON.stringify(b[k])}`);
  }
  if (b.direction !== undefined && b.direction !== 'higher' && b.direction !== 'lower') fail(FN, `${path}.direction`, `must be higher or lower; got ${JSON.stringify(b.direction)}`);
  checkBands(FN, path, b as Partial<Bands>, base);
}

/**
 * The alert rules as the service will run them, checked at load: every field, unique names, and metrics the
 * service emits (a typo such as `psi_scor` would otherwise never fire). Errors name the rule by index:
 * `config: alerts.rules[0].metric is not a known metric: "psi_scor"; the known metrics are psi_score, ...`.
 * The rules stay as written (the service adds SLO burn-rate rules and runbook links before parsing them).
 */
function checkRules(rules: unknown[], cooldown: string | undefined): void {
  try {
    validateRules(rules, KNOWN_METRICS);
    if (cooldown !== undefined) ruleDuration(FN, 'alerts.cooldown', cooldown);
  } catch (e) {
    if (!(e instanceof DriftkitError)) throw e;
    // validateRules' errors read "validateRules: alerts.rules[i]... problem": report them as config errors
    fail(FN, e.argument, e.message.slice(e.message.indexOf(e.argument) + e.argument.length + 1));
  }
}

/** Read a YAML or JSON config file (YAML is a superset of JSON) and merge it over the defaults. */
export function loadConfigFile(path: string, base = defaultConfig()): ServiceConfig {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) { return fail(FN, 'file', `${JSON.stringify(path)} cannot be read (${(e as Error).message})`); }
  let doc: unknown;
  try { doc = parseYaml(text); } catch (e) { return fail(FN, 'file', `${JSON.stringify(path)} is not valid YAML/JSON (${(e as Error).message.split('\n')[0]})`); }
  return applyConfig(doc ?? {}, base);
}

/** Merge a parsed config document (snake_case keys) over `base`. */
export function applyConfig(doc: unknown, base = defaultConfig()): ServiceConfig {
  if (!isObj(doc)) fail(FN, 'config', 'must be a mapping of settings');
  keys('', doc, ['host', 'port', 'profile', 'data_dir', 'window', 'compare', 'latency', 'alerts', 'evaluation_interval', 'persist_interval', 'buffer_records', 'flush_interval', 'limits', 'token', 'logger', 'contract', 'freshness', 'slo', 'canary']);
  const c: ServiceConfig = structuredClone({ ...base, token: undefined });
  c.token = base.token;
  if (doc.host !== undefined) c.host = str('host', doc.host);
  if (doc.port !== undefined) c.port = int('port', doc.port, 0, 65535);
  if (doc.profile !== undefined) c.profile = str('profile', doc.profile);
  if (doc.data_dir !== undefined) c.dataDir = str('data_dir', doc.data_dir);
  if (doc.token !== undefined) c.token = str('token', doc.token);
  if (doc.logger !== undefined) { if (typeof doc.logger !== 'boolean') fail(FN, 'logger', 'must be true or false'); c.logger = doc.logger; }
  if (doc.window !== undefined) {
    const w = doc.window;
    if (!isObj(w)) fail(FN, 'window', 'must be a mapping { kind, rows | ms, slide? }');
    keys('window', w, ['kind', 'rows', 'ms', 'slide']);
    if (w.kind !== 'tumbling' && w.kind !== 'sliding') fail(FN, 'window.kind', `must be tumbling or sliding; got ${JSON.stringify(w.kind)}`);
    c.window = { kind: w.kind };
    if (w.rows !== undefined) c.window.rows = int('window.rows', w.rows, 1);
    if (w.ms !== undefined) c.window.ms = durationMs('window.ms', w.ms);
    if (w.slide !== undefined) c.window.slide = c.window.ms !== undefined ? durationMs('window.slide', w.slide) : int('window.slide', w.slide, 1);
    checkWindow(c.window);
  }
  if (doc.compare !== undefined) {
    const o = doc.compare;
    if (!isObj(o)) fail(FN, 'compare', 'must be a mapping of compare() options');
    keys('compare', o, ['methods', 'thresholds', 'null_share', 'new_categories', 'correction', 'drift_share', 'bins', 'epsilon']);
    const map: Record<string, keyof CompareOptions> = { null_share: 'nullShare', new_categories: 'newCategories', drift_share: 'driftShare' };
    c.compare = Object.fromEntries(Object.entries(o).map(([k, v]) => [map[k] ?? k, v])) as CompareOptions;
    checkCompare(o);
  }
  if (doc.latency !== undefined) {
    const l = doc.latency;
    if (!isObj(l)) fail(FN, 'latency', 'must be a mapping { window, panes, slo: { p95, p99 } }');
    keys('latency', l, ['window', 'panes', 'slo']);
    if (l.window !== undefined) c.latency.windowMs = durationMs('latency.window', l.window);
    if (l.panes !== undefined) c.latency.panes = int('latency.panes', l.panes, 1, 1000);
    if (l.slo !== undefined) {
      if (!isObj(l.slo)) fail(FN, 'latency.slo', 'must be a mapping { p95: ms, p99: ms }');
      keys('latency.slo', l.slo, ['p95', 'p99']);
      if (l.slo.p95 !== undefined) c.latency.slo.p95 = num('latency.slo.p95', l.slo.p95, 0);
      if (l.slo.p99 !== undefined) c.latency.slo.p99 = num('latency.slo.p99', l.slo.p99, 0);
    }
  }
  if (doc.alerts !== undefined) {
    const a = doc.alerts;
    if (!isObj(a)) fail(FN, 'alerts', 'must be a mapping { rules, webhooks, cooldown, group_window }');
    keys('alerts', a, ['rules', 'webhooks', 'cooldown', 'group_window']);
    if (a.rules !== undefined) { if (!Array.isArray(a.rules)) fail(FN, 'alerts.rules', 'must be a list of rules'); c.alerts.rules = a.rules; }
    if (a.webhooks !== undefined) {
      if (!Array.isArray(a.webhooks)) fail(FN, 'alerts.webhooks', 'must be a list of URLs');
      c.alerts.webhooks = a.webhooks.map((u, i) => checkUrl(FN, `alerts.webhooks[${i}]`, u));
    }
    // kept as duration text for the alert engine, which reads a bare number only as 0: 60000 (ms) → '60000ms'
    if (a.cooldown !== undefined) c.alerts.cooldown = `${durationMs('alerts.cooldown', a.cooldown)}ms`;
    if (a.group_window !== undefined) c.alerts.groupWindow = `${durationMs('alerts.group_window', a.group_window)}ms`;
  }
  checkRules(c.alerts.rules, c.alerts.cooldown);
  if (doc.evaluation_interval !== undefined) c.evaluationIntervalMs = durationMs('evaluation_interval', doc.evaluation_interval);
  if (doc.persist_interval !== undefined) c.persistIntervalMs = durationMs('persist_interval', doc.persist_interval);
  if (doc.flush_interval !== undefined) c.flushIntervalMs = durationMs('flush_interval', doc.flush_interval);
  if (doc.buffer_records !== undefined) c.bufferRecords = int('buffer_records', doc.buffer_records, 1, 1_000_000);
  if (doc.limits !== undefined) {
    const l = doc.limits;
    if (!isObj(l)) fail(FN, 'limits', 'must be a mapping { body_bytes, max_records }');
    keys('limits', l, ['body_bytes', 'max_records']);
    if (l.body_bytes !== undefined) c.limits.bodyBytes = int('limits.body_bytes', l.body_bytes, 1024, 2 ** 30);
    if (l.max_records !== undefined) c.limits.maxRecords = int('limits.max_records', l.max_records, 1, 10_000_000);
  }
  if (doc.contract !== undefined) {
    const v = doc.contract;
    c.contract = v === 'auto' || v === 'off' ? v : { file: str('contract', v) };
  }
  if (doc.freshness !== undefined) {
    const f = doc.freshness;
    if (!isObj(f)) fail(FN, 'freshness', 'must be a mapping { sources: { name: { max_age } }, stale_share? }');
    keys('freshness', f, ['sources', 'stale_share']);
    if (f.sources !== undefined) {
      if (!isObj(f.sources)) fail(FN, 'freshness.sources', 'must be a mapping of source names to { max_age: 6h } (or just the duration)');
      c.freshness.sources = Object.fromEntries(Object.entries(f.sources).map(([name, v]) => {
        const path = `freshness.sources.${name}`;
        if (isObj(v)) { keys(path, v, ['max_age']); return [name, { maxAgeMs: durationMs(`${path}.max_age`, v.max_age) }]; }
        return [name, { maxAgeMs: durationMs(path, v) }];
      }));
    }
    if (f.stale_share !== undefined) {
      if (typeof f.stale_share !== 'number' || !(f.stale_share >= 0 && f.stale_share <= 1)) fail(FN, 'freshness.stale_share', `must be a share in [0, 1]; got ${JSON.stringify(f.stale_share)}`);
      c.freshness.staleShare = f.stale_share;
    }
  }
  if (doc.canary !== undefined) {
    const k = doc.canary;
    if (!isObj(k)) fail(FN, 'canary', 'must be a mapping { enabled, window, panes, baseline, candidate, gates }');
    keys('canary', k, ['enabled', 'window', 'panes', 'baseline', 'candidate', 'gates']);
    if (k.enabled !== undefined) { if (typeof k.enabled !== 'boolean') fail(FN, 'canary.enabled', 'must be true or false'); c.canary.enabled = k.enabled; }
    if (k.window !== undefined) c.canary.windowMs = durationMs('canary.window', k.window);
    if (k.panes !== undefined) c.canary.panes = int('canary.panes', k.panes, 1, 1000);
    if (k.baseline !== undefined) c.canary.baseline = str('canary.baseline', k.baseline);
    if (k.candidate !== undefined) c.canary.candidate = str('canary.candidate', k.candidate);
    if (k.gates !== undefined) {
      if (!isObj(k.gates)) fail(FN, 'canary.gates', 'must be a mapping of gate settings (docs/canary.md)');
      const names = Object.keys(DEFAULT_CANARY_GATES) as (keyof CanaryGates)[];
      const snake = (n: string) => n.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
      keys('canary.gates', k.gates, names.map(snake));
      const g = k.gates as Obj;
      c.canary.gates = Object.fromEntries(names.filter((n) => g[snake(n)] !== undefined).map((n) => [n, g[snake(n)]]));
    }
  }
  if (doc.slo !== undefined) {
    parseSloConfig(doc.slo, 'slo', FN); // errors name the path; the tracker parses it again (its objects are not cloneable)
    c.slo = doc.slo;
  }
  return c;
}
