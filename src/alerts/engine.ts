// The alert engine: after every evaluation the service hands it the current metric values; it moves each
// (rule, feature) through inactive → pending → firing → resolved, groups firings into incidents, applies the
// per-(rule, feature) notification cooldown and hands fired alerts to the notifier without waiting for it.
// All of it is plain data, so snapshot() / AlertEngine.restore() carry it across restarts.
import { fail } from '../errors.js';
import { describe } from '../input.js';
import {
  checkUrls, OPS, parseRules, SEVERITIES,
  type AlertAction, type AlertOp, type AlertRule, type AlertSeverity,
} from './rules.js';

/** One metric value of an evaluation. Global metrics (latency, error rate, drift share) carry no feature. */
export interface MetricSample {
  metric: string;
  feature?: string | null;
  value: number;
  /** What notifications need (top contributing bins, sample counts, window summary, model version). */
  context?: Record<string, unknown>;
}

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface Alert {
  /** Unique per episode (pending → resolved): a webhook receiver can deduplicate on it. */
  id: string;
  rule: string;
  metric: string;
  /** null for global metrics. */
  feature: string | null;
  /** The value that fired the alert (while pending: the latest). */
  value: number;
  /** The latest value seen. */
  lastValue: number;
  threshold: number;
  op: AlertOp;
  severity: AlertSeverity;
  action: AlertAction;
  state: AlertState;
  /** Times in milliseconds since the epoch (the `now` of the evaluations). */
  startsAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  incidentId: string | null;
  runbook: string | null;
  /** The sample's context when the alert fired (while pending: the latest). */
  context: Record<string, unknown> | null;
  /** Whether the firing was out of cooldown, i.e. the action was dispatched to the notifier. */
  notified: boolean;
}

export interface Incident {
  id: string;
  state: 'open' | 'resolved';
  /** The highest severity of its alerts. */
  severity: AlertSeverity;
  /** Every alert that joined, in order. */
  alertIds: string[];
  /** Those still firing. */
  activeAlertIds: string[];
  openedAt: number;
  lastFiredAt: number;
  resolvedAt: number | null;
}

export interface AlertNotifier {
  /**
   * Called once per fired alert out of cooldown, with where to deliver it: the rule's webhooks, else the
   * engine's global list. (Routing is not alert data: webhook URLs often hold secrets, and alerts are shown
   * and persisted.) A returned promise is not awaited; its rejection, like a throw, is caught.
   */
  notify(alert: Alert, incident: Incident, webhooks: readonly string[]): unknown;
}

export interface EvaluationResult {
  fired: Alert[];
  resolved: Alert[];
}

/** One (rule, feature) for a Prometheus gauge. */
export interface AlertStateEntry {
  rule: string;
  metric: string;
  /** The feature, or '*' for global metrics (a label value). */
  feature: string;
  action: AlertAction;
  severity: AlertSeverity;
  /** 0 inactive, 1 pending, 2 firing. */
  state: 0 | 1 | 2;
}

export interface AlertEngineOptions {
  /** The rule list from the config, or parseRules' result. */
  rules: unknown;
  /** Webhook URLs for rules that name none. */
  webhooks?: readonly string[];
  /** Alerts firing within this long of an open incident's last firing join it; default 300_000 (5 min). */
  groupWindowMs?: number;
  /** How many resolved alerts (and resolved incidents) are kept; default 1000. */
  historyLimit?: number;
  notifier?: AlertNotifier;
  /** The cooldown of rules that set none (a duration); default '30m'. Rules already parsed keep theirs. */
  defaultCooldown?: string;
  /** The clock for evaluate() without `now` and for restore; default Date.now. */
  now?: () => number;
  /** When given, rules on any other metric are rejected (validateRules). */
  knownMetrics?: readonly string[];
  /** Told about notifiers that throw or reject (the engine carries on either way). */
  onNotifyError?: (error: unknown, alert: Alert) => void;
}

type Num = number | 'Infinity' | '-Infinity';
export interface AlertSnapshot extends Omit<Alert, 'value' | 'lastValue'> { value: Num; lastValue: Num }
export interface TrackerSnapshot {
  rule: string;
  feature: string | null;
  state: 'inactive' | 'pending' | 'firing';
  /** Consecutive evaluations with the condition true (pending) / false (firing). */
  hits: number;
  oks: number;
  lastNotifiedAt: number | null;
  alert: AlertSnapshot | null;
}
export type IncidentSnapshot = Omit<Incident, 'activeAlertIds'>;
/** The engine's state as JSON: restore with AlertEngine.restore(snapshot, options). */
export interface AlertEngineSnapshot {
  format: 'driftkit-alerts';
  version: 1;
  savedAt: number;
  trackers: TrackerSnapshot[];
  history: AlertSnapshot[];
  incidents: IncidentSnapshot[];
}

interface Tracker {
  rule: AlertRule;
  feature: string | null;
  state: 'inactive' | 'pending' | 'firing';
  hits: number;
  oks: number;
  lastNotifiedAt: number | null;
  alert: Alert | null;
}
interface IncidentRec { incident: Omit<Incident, 'activeAlertIds'>; active: Set<string> }

const FN = 'AlertEngine';
const OPTION_KEYS = [
  'rules', 'webhooks', 'groupWindowMs', 'historyLimit', 'notifier', 'defaultCooldown', 'now', 'knownMetrics', 'onNotifyError',
];
const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const GAUGE = { inactive: 0, pending: 1, firing: 2 } as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
const show = (v: unknown): string => {
  let s: string | undefined;
  try { s = JSON.stringify(v); } catch { /* cyclic */ }
  if (s === undefined) s = describe(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};
const newId = (): string => globalThis.crypto.randomUUID();

function holds(op: AlertOp, v: number, t: number): boolean {
  switch (op) {
    case '>': return v > t;
    case '>=': return v >= t;
    case '<': return v < t;
    case '<=': return v <= t;
  }
}

/** Deep copy of a context; one that cannot be cloned (functions, ...) is copied one level deep. */
function cloneContext(c: Record<string, unknown> | null): Record<string, unknown> | null {
  if (c === null) return null;
  try { return structuredClone(c); } catch { return { ...c }; }
}
const copyAlert = (a: Alert): Alert => ({ ...a, context: cloneContext(a.context) });
const copyIncident = (r: IncidentRec): Incident => ({
  ...r.incident, alertIds: r.incident.alertIds.slice(), activeAlertIds: [...r.active],
});
// ±Infinity are legitimate values (PSI of an empty bin) but JSON would turn them into null.
const enc = (x: number): Num => (Number.isFinite(x) ? x : x > 0 ? 'Infinity' : '-Infinity');
const encAlert = (a: Alert): AlertSnapshot =>
  ({ ...copyAlert(a), value: enc(a.value), lastValue: enc(a.lastValue) });

export class AlertEngine {
  readonly rules: readonly AlertRule[];
  readonly #webhooks: readonly string[];
  readonly #groupWindowMs: number;
  readonly #historyLimit: number;
  readonly #notifier: AlertNotifier | null;
  readonly #now: () => number;
  readonly #onNotifyError: ((error: unknown, alert: Alert) => void) | null;
  /** By rule name, then feature (null for global metrics), in rule order then first-seen order. */
  readonly #trackers = new Map<string, Map<string | null, Tracker>>();
  readonly #rulesByMetric = new Map<string, AlertRule[]>();
  #history: Alert[] = [];
  /** Insertion-ordered: the oldest resolved incidents go first when over historyLimit. */
  readonly #incidents = new Map<string, IncidentRec>();
  readonly #open = new Set<IncidentRec>();

  constructor(options: AlertEngineOptions) {
    if (!isRecord(options)) fail(FN, 'options', `must be an object; got ${describe(options)}`);
    for (const k of Object.keys(options)) {
      if (!OPTION_KEYS.includes(k)) fail(FN, `options.${k}`, `is not an option; the options are ${OPTION_KEYS.join(', ')}`);
    }
    const o = options;
    this.rules = Object.freeze(parseRules(o.rules, {
      ...(o.knownMetrics === undefined ? {} : { knownMetrics: o.knownMetrics }),
      ...(o.defaultCooldown === undefined ? {} : { defaultCooldown: o.defaultCooldown }),
    }));
    this.#webhooks = Object.freeze(o.webhooks === undefined ? [] : checkUrls(FN, 'options.webhooks', o.webhooks));
    const g = o.groupWindowMs ?? 300_000;
    if (typeof g !== 'number' || !(g >= 0) || !Number.isFinite(g)) {
      fail(FN, 'options.groupWindowMs', `must be a finite number >= 0; got ${show(g)}`);
    }
    this.#groupWindowMs = g;
    const h = o.historyLimit ?? 1000;
    if (typeof h !== 'number' || !Number.isInteger(h) || h < 0) {
      fail(FN, 'options.historyLimit', `must be an integer >= 0; got ${show(h)}`);
    }
    this.#historyLimit = h;
    if (o.notifier !== undefined && (!isRecord(o.notifier) || typeof o.notifier.notify !== 'function')) {
      fail(FN, 'options.notifier', 'must be an object with a notify(alert, incident) method');
    }
    this.#notifier = o.notifier ?? null;
    if (o.now !== undefined && typeof o.now !== 'function') fail(FN, 'options.now', `must be a function; got ${describe(o.now)}`);
    this.#now = o.now ?? Date.now;
    if (o.onNotifyError !== undefined && typeof o.onNotifyError !== 'function') {
      fail(FN, 'options.onNotifyError', `must be a function; got ${describe(o.onNotifyError)}`);
    }
    this.#onNotifyError = o.onNotifyError ?? null;
    for (const r of this.rules) {
      this.#trackers.set(r.name, new Map());
      const list = this.#rulesByMetric.get(r.metric);
      if (list) list.push(r); else this.#rulesByMetric.set(r.metric, [r]);
    }
  }

  /**
   * Evaluate the rules on this evaluation's samples (at time `now`, ms). Samples with a NaN value are ignored,
   * as are (rule, feature) pairs with no sample: their state stays as it is. When a (metric, feature) appears
   * more than once, the last sample counts.
   */
  evaluate(samples: readonly MetricSample[], now?: number): EvaluationResult {
    const E = 'AlertEngine.evaluate';
    const t = now === undefined ? this.#now() : now;
    if (typeof t !== 'number' || !Number.isFinite(t)) fail(E, 'now', `must be a finite number (ms); got ${show(t)}`);
    if (!Array.isArray(samples)) fail(E, 'samples', `must be a list of metric samples; got ${describe(samples)}`);

    const latest = new Map<string, Map<string | null, MetricSample>>();
    for (let i = 0; i < samples.length; i++) {
      const s: unknown = samples[i];
      const at = `samples[${i}]`;
      if (!isRecord(s)) fail(E, at, `must be an object { metric, feature?, value, context? }; got ${describe(s)}`);
      if (typeof s.metric !== 'string' || s.metric === '') fail(E, `${at}.metric`, `must be a non-empty string; got ${show(s.metric)}`);
      if (s.feature !== undefined && s.feature !== null && typeof s.feature !== 'string') {
        fail(E, `${at}.feature`, `must be a string; got ${show(s.feature)}`);
      }
      if (typeof s.value !== 'number') fail(E, `${at}.value`, `must be a number; got ${show(s.value)}`);
      if (s.context !== undefined && s.context !== null && !isRecord(s.context)) {
        fail(E, `${at}.context`, `must be an object; got ${describe(s.context)}`);
      }
      if (s.value !== s.value || !this.#rulesByMetric.has(s.metric)) continue;
      let m = latest.get(s.metric);
      if (!m) latest.set(s.metric, (m = new Map()));
      m.set((s.feature as string | null | undefined) ?? null, s as unknown as MetricSample);
    }

    const fired: Tracker[] = [];
    const resolved: Alert[] = [];
    for (const rule of this.rules) {
      const byFeature = latest.get(rule.metric);
      if (!byFeature) continue;
      for (const [feature, s] of byFeature) {
        if (rule.features !== null && (feature === null || !rule.features.includes(feature))) continue;
        const tr = this.#tracker(rule, feature);
        const ctx = s.context ? cloneContext(s.context) : null;
        const step = this.#step(tr, s.value, ctx, t);
        if (step === 'fired') fired.push(tr);
        else if (step !== null) resolved.push(step);
      }
    }

    // Incidents first, notifications after: each notification then carries the incident with every alert
    // that joined it in this evaluation (5 drifting features: one incident listing 5 alerts).
    const joined = fired.map((tr) => this.#join(tr.alert!, t));
    for (let i = 0; i < fired.length; i++) if (fired[i].alert!.notified) this.#notify(fired[i], joined[i]);
    return { fired: fired.map((tr) => copyAlert(tr.alert!)), resolved: resolved.map(copyAlert) };
  }

  #tracker(rule: AlertRule, feature: string | null): Tracker {
    const m = this.#trackers.get(rule.name)!;
    let tr = m.get(feature);
    if (!tr) m.set(feature, (tr = { rule, feature, state: 'inactive', hits: 0, oks: 0, lastNotifiedAt: null, alert: null }));
    return tr;
  }

  /** One (rule, feature) step: 'fired', the resolved alert, or null (no transition reported). */
  #step(tr: Tracker, v: number, ctx: Record<string, unknown> | null, t: number): 'fired' | Alert | null {
    const rule = tr.rule;
    const cond = holds(rule.op, v, rule.threshold);
    if (tr.state === 'firing') {
      const a = tr.alert!;
      a.lastValue = v;
      if (cond) { tr.oks = 0; return null; }
      if (++tr.oks < rule.resolveAfter) return null;
      a.state = 'resolved';
      a.resolvedAt = t;
      this.#resolve(a, t);
      tr.state = 'inactive';
      tr.alert = null;
      tr.hits = tr.oks = 0;
      return a;
    }
    if (!cond) {
      // A pending condition that lapses is dropped: it never fired, so there is nothing to resolve.
      if (tr.state === 'pending') { tr.state = 'inactive'; tr.alert = null; tr.hits = 0; }
      return null;
    }
    if (tr.state === 'inactive') {
      tr.state = 'pending';
      tr.hits = 0;
      tr.alert = {
        id: newId(), rule: rule.name, metric: rule.metric, feature: tr.feature, value: v, lastValue: v,
        threshold: rule.threshold, op: rule.op, severity: rule.severity, action: rule.action, state: 'pending',
        startsAt: t, firedAt: null, resolvedAt: null, incidentId: null, runbook: rule.runbook, context: ctx,
        notified: false,
      };
    }
    const a = tr.alert!;
    tr.hits++;
    a.value = a.lastValue = v;
    a.context = ctx;
    if (tr.hits < rule.windows || t - a.startsAt < rule.forMs) return null;
    tr.state = 'firing';
    tr.oks = 0;
    a.state = 'firing';
    a.firedAt = t;
    // The cooldown outlives the alert: a flapping metric re-fires (tracked, reported) but is not re-notified.
    a.notified = tr.lastNotifiedAt === null || t - tr.lastNotifiedAt >= rule.cooldownMs;
    if (a.notified) tr.lastNotifiedAt = t;
    return 'fired';
  }

  #join(a: Alert, t: number): IncidentRec {
    let rec: IncidentRec | null = null;
    for (const r of this.#open) {
      if (t - r.incident.lastFiredAt <= this.#groupWindowMs && (rec === null || r.incident.lastFiredAt >= rec.incident.lastFiredAt)) rec = r;
    }
    if (rec === null) {
      rec = {
        incident: { id: newId(), state: 'open', severity: a.severity, alertIds: [], openedAt: t, lastFiredAt: t, resolvedAt: null },
        active: new Set(),
      };
      this.#incidents.set(rec.incident.id, rec);
      this.#open.add(rec);
    }
    const inc = rec.incident;
    inc.alertIds.push(a.id);
    rec.active.add(a.id);
    inc.lastFiredAt = Math.max(inc.lastFiredAt, t);
    if (RANK[a.severity] > RANK[inc.severity]) inc.severity = a.severity;
    a.incidentId = inc.id;
    return rec;
  }

  /** A firing alert has resolved (at t): history, and its incident when it was the last one firing. */
  #resolve(a: Alert, t: number): void {
    this.#history.push(a);
    if (this.#history.length > this.#historyLimit) this.#history.splice(0, this.#history.length - this.#historyLimit);
    const rec = a.incidentId === null ? undefined : this.#incidents.get(a.incidentId);
    if (!rec) return;
    rec.active.delete(a.id);
    if (rec.active.size > 0) return;
    rec.incident.state = 'resolved';
    rec.incident.resolvedAt = t;
    this.#open.delete(rec);
    this.#trimIncidents();
  }

  /** Keep at most historyLimit resolved incidents, dropping the oldest. */
  #trimIncidents(): void {
    let excess = this.#incidents.size - this.#open.size - this.#historyLimit;
    for (const [id, r] of this.#incidents) {
      if (excess <= 0) break;
      if (r.incident.state === 'resolved') { this.#incidents.delete(id); excess--; }
    }
  }

  #notify(tr: Tracker, rec: IncidentRec): void {
    if (this.#notifier === null) return;
    const alert = copyAlert(tr.alert!);
    try {
      const r = this.#notifier.notify(alert, copyIncident(rec), (tr.rule.webhooks ?? this.#webhooks).slice());
      if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') {
        (r as PromiseLike<unknown>).then(undefined, (e: unknown) => this.#notifyFailed(e, alert));
      }
    } catch (e) {
      this.#notifyFailed(e, alert);
    }
  }

  #notifyFailed(e: unknown, a: Alert): void {
    try { this.#onNotifyError?.(e, a); } catch { /* a failing error handler must not reach evaluate() either */ }
  }

  /** The alerts firing now. */
  firing(): Alert[] {
    const out: Alert[] = [];
    for (const m of this.#trackers.values()) for (const tr of m.values()) if (tr.state === 'firing') out.push(copyAlert(tr.alert!));
    return out;
  }

  /** The alerts pending confirmation (`for` / `windows` not yet met). */
  pending(): Alert[] {
    const out: Alert[] = [];
    for (const m of this.#trackers.values()) for (const tr of m.values()) if (tr.state === 'pending') out.push(copyAlert(tr.alert!));
    return out;
  }

  /** Resolved alerts, oldest first (at most historyLimit). */
  history(): Alert[] {
    return this.#history.map(copyAlert);
  }

  /** Open incidents and the most recent resolved ones (at most historyLimit), oldest first. */
  incidents(): Incident[] {
    return [...this.#incidents.values()].map(copyIncident);
  }

  /** One entry per (rule, feature) seen so far, for a gauge (0 inactive, 1 pending, 2 firing). */
  states(): AlertStateEntry[] {
    const out: AlertStateEntry[] = [];
    for (const m of this.#trackers.values()) {
      for (const tr of m.values()) {
        out.push({
          rule: tr.rule.name, metric: tr.rule.metric, feature: tr.feature ?? '*', action: tr.rule.action,
          severity: tr.alert?.severity ?? tr.rule.severity, state: GAUGE[tr.state],
        });
      }
    }
    return out;
  }

  /** Alert states, cooldowns, history and incidents as JSON. */
  snapshot(): AlertEngineSnapshot {
    const trackers: TrackerSnapshot[] = [];
    for (const m of this.#trackers.values()) {
      for (const tr of m.values()) {
        trackers.push({
          rule: tr.rule.name, feature: tr.feature, state: tr.state, hits: tr.hits, oks: tr.oks,
          lastNotifiedAt: tr.lastNotifiedAt, alert: tr.alert && encAlert(tr.alert),
        });
      }
    }
    return {
      format: 'driftkit-alerts', version: 1, savedAt: this.#now(), trackers,
      history: this.#history.map(encAlert),
      incidents: [...this.#incidents.values()].map((r) => ({ ...r.incident, alertIds: r.incident.alertIds.slice() })),
    };
  }

  /**
   * An engine with `options` (the current rules) and the state of `snapshot` (an object or its JSON text).
   * State of rules that are gone (matched by name; or whose metric or features no longer cover it) is
   * dropped, its firing alerts resolved now. A snapshot that does not hold together is a DriftkitError.
   */
  static restore(snapshot: unknown, options: AlertEngineOptions): AlertEngine {
    const engine = new AlertEngine(options);
    engine.#load(snapshot);
    return engine;
  }

  #load(input: unknown): void {
    const R = 'AlertEngine.restore';
    let snap = input;
    if (typeof snap === 'string') {
      try { snap = JSON.parse(snap); } catch (e) { fail(R, 'snapshot', `is not valid JSON (${(e as Error).message})`); }
    }
    const rd = new SnapshotReader(R);
    const s = rd.obj(snap, 'snapshot');
    if (s.format !== 'driftkit-alerts' || s.version !== 1) {
      fail(R, 'snapshot', "must be an alert engine snapshot (format 'driftkit-alerts', version 1)");
    }
    const incidents = rd.arr(s.incidents, 'snapshot.incidents').map((v, i) => rd.incident(v, `snapshot.incidents[${i}]`));
    const byId = new Map<string, IncidentRec>();
    for (let i = 0; i < incidents.length; i++) {
      if (byId.has(incidents[i].id)) fail(R, `snapshot.incidents[${i}].id`, 'repeats an earlier incident id');
      byId.set(incidents[i].id, { incident: incidents[i], active: new Set() });
    }
    const history = rd.arr(s.history, 'snapshot.history').map((v, i) => rd.alert(v, `snapshot.history[${i}]`, 'resolved'));

    const restoredAt = this.#now();
    const rules = new Map(this.rules.map((r) => [r.name, r]));
    const seen = new Set<string>();
    const alertIds = new Set<string>();
    const loaded: Tracker[] = [];
    const orphans: Alert[] = [];
    rd.arr(s.trackers, 'snapshot.trackers').forEach((v, i) => {
      const at = `snapshot.trackers[${i}]`;
      const t = rd.obj(v, at);
      const ruleName = rd.str(t.rule, `${at}.rule`);
      const feature = rd.strOrNull(t.feature, `${at}.feature`);
      const state = rd.oneOf(t.state, `${at}.state`, ['inactive', 'pending', 'firing'] as const);
      const hits = rd.count(t.hits, `${at}.hits`);
      const oks = rd.count(t.oks, `${at}.oks`);
      const lastNotifiedAt = rd.numOrNull(t.lastNotifiedAt, `${at}.lastNotifiedAt`);
      const alert = state === 'inactive' ? rd.nullish(t.alert, `${at}.alert`) : rd.alert(t.alert, `${at}.alert`, state);
      const key = JSON.stringify([ruleName, feature]);
      if (seen.has(key)) fail(R, at, `repeats the state of rule ${show(ruleName)}, feature ${show(feature)}`);
      seen.add(key);
      if (alert !== null && (alert.rule !== ruleName || alert.feature !== feature)) {
        fail(R, `${at}.alert`, 'belongs to another rule or feature than its tracker');
      }
      if (alert !== null) {
        if (alertIds.has(alert.id)) fail(R, `${at}.alert.id`, 'repeats the id of another active alert');
        alertIds.add(alert.id);
      }
      let rec: IncidentRec | undefined;
      if (alert?.state === 'firing') {
        rec = byId.get(alert.incidentId ?? '');
        if (!rec) fail(R, `${at}.alert.incidentId`, `names no incident of the snapshot; got ${show(alert.incidentId)}`);
        rec.active.add(alert.id);
      }
      const rule = rules.get(ruleName);
      const applies = rule !== undefined && (alert === null || alert.metric === rule.metric) &&
        (rule.features === null || (feature !== null && rule.features.includes(feature)));
      if (!applies) {
        if (alert?.state === 'firing') orphans.push(alert);
        return;
      }
      loaded.push({ rule, feature, state, hits, oks, lastNotifiedAt, alert });
    });

    // Checks passed: install the state, keeping the rules' order in the tracker maps.
    for (const tr of loaded) this.#trackers.get(tr.rule.name)!.set(tr.feature, tr);
    for (const [id, rec] of byId) {
      this.#incidents.set(id, rec);
      // Incidents are open exactly while one of their alerts fires, whatever the snapshot says.
      if (rec.active.size > 0) {
        rec.incident.state = 'open';
        rec.incident.resolvedAt = null;
        this.#open.add(rec);
      } else if (rec.incident.state === 'open') {
        rec.incident.state = 'resolved';
        rec.incident.resolvedAt = restoredAt;
      }
    }
    this.#history = history.slice(Math.max(0, history.length - this.#historyLimit));
    for (const a of orphans) {
      a.state = 'resolved';
      a.resolvedAt = restoredAt;
      this.#resolve(a, restoredAt);
    }
    this.#trimIncidents();
  }
}

/** Reads a snapshot field by field: anything off is a DriftkitError naming the path. */
class SnapshotReader {
  constructor(readonly fn: string) {}
  bad(path: string, what: string, v: unknown): never {
    return fail(this.fn, path, `must be ${what}; got ${show(v)}`);
  }
  obj(v: unknown, path: string): Record<string, unknown> {
    return isRecord(v) ? v : this.bad(path, 'an object', v);
  }
  arr(v: unknown, path: string): unknown[] {
    // Array.from: holes become undefined (and fail their check) instead of being skipped by map().
    return Array.isArray(v) ? Array.from(v) : this.bad(path, 'a list', v);
  }
  str(v: unknown, path: string): string {
    return typeof v === 'string' && v !== '' ? v : this.bad(path, 'a non-empty string', v);
  }
  strOrNull(v: unknown, path: string): string | null {
    return v === null ? null : this.str(v, path);
  }
  num(v: unknown, path: string): number {
    return typeof v === 'number' && Number.isFinite(v) ? v : this.bad(path, 'a finite number', v);
  }
  numOrNull(v: unknown, path: string): number | null {
    return v === null ? null : this.num(v, path);
  }
  value(v: unknown, path: string): number {
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    return this.num(v, path);
  }
  count(v: unknown, path: string): number {
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.bad(path, 'an integer >= 0', v);
  }
  bool(v: unknown, path: string): boolean {
    return typeof v === 'boolean' ? v : this.bad(path, 'true or false', v);
  }
  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
    return (allowed as readonly unknown[]).includes(v) ? (v as T) : this.bad(path, `one of ${allowed.join(', ')}`, v);
  }
  nullish(v: unknown, path: string): null {
    return v === null || v === undefined ? null : this.bad(path, 'null (the tracker is inactive)', v);
  }
  alert(v: unknown, path: string, state: AlertState): Alert {
    const o = this.obj(v, path);
    const at = (k: string) => `${path}.${k}`;
    const a: Alert = {
      id: this.str(o.id, at('id')),
      rule: this.str(o.rule, at('rule')),
      metric: this.str(o.metric, at('metric')),
      feature: this.strOrNull(o.feature, at('feature')),
      value: this.value(o.value, at('value')),
      lastValue: this.value(o.lastValue, at('lastValue')),
      threshold: this.num(o.threshold, at('threshold')),
      op: this.oneOf(o.op, at('op'), OPS),
      severity: this.oneOf(o.severity, at('severity'), SEVERITIES),
      action: this.str(o.action, at('action')),
      state: this.oneOf(o.state, at('state'), [state]),
      startsAt: this.num(o.startsAt, at('startsAt')),
      firedAt: state === 'pending' ? this.nullish(o.firedAt, at('firedAt')) : this.num(o.firedAt, at('firedAt')),
      resolvedAt: state === 'resolved' ? this.num(o.resolvedAt, at('resolvedAt')) : this.nullish(o.resolvedAt, at('resolvedAt')),
      incidentId: state === 'pending' ? this.nullish(o.incidentId, at('incidentId')) : this.strOrNull(o.incidentId, at('incidentId')),
      runbook: o.runbook === null ? null : this.str(o.runbook, at('runbook')),
      context: o.context === null ? null : this.obj(o.context, at('context')),
      notified: this.bool(o.notified, at('notified')),
    };
    return a;
  }
  incident(v: unknown, path: string): IncidentRec['incident'] {
    const o = this.obj(v, path);
    const at = (k: string) => `${path}.${k}`;
    const state = this.oneOf(o.state, at('state'), ['open', 'resolved'] as const);
    return {
      id: this.str(o.id, at('id')),
      state,
      severity: this.oneOf(o.severity, at('severity'), SEVERITIES),
      alertIds: this.arr(o.alertIds, at('alertIds')).map((x, i) => this.str(x, `${at('alertIds')}[${i}]`)),
      openedAt: this.num(o.openedAt, at('openedAt')),
      lastFiredAt: this.num(o.lastFiredAt, at('lastFiredAt')),
      resolvedAt: state === 'resolved' ? this.num(o.resolvedAt, at('resolvedAt')) : this.nullish(o.resolvedAt, at('resolvedAt')),
    };
  }
}
