// Webhook delivery of fired alerts: one JSON POST per URL, retried with exponential backoff on network errors,
// timeouts, 5xx and 429 (another 4xx means the receiver rejects the payload: retrying would not help). Every
// attempt is recorded; nothing is ever thrown back into the engine.
import { fail, optionsObject } from '../errors.js';
import { describe } from '../input.js';
import type { Alert, AlertNotifier, Incident } from './engine.js';
import { checkUrls } from './rules.js';

export interface WebhookNotifierOptions {
  /** Per attempt, headers and body included; default 5000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 3. */
  retries?: number;
  /** Delay before the first retry, doubled for each next one, with jitter (×0.5 to ×1); default 500. */
  backoffMs?: number;
  /** Delivery records kept (the oldest go first); default 500. */
  maxRecords?: number;
  /** Default: the global fetch. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Where to deliver when notify() is given no list (the engine always gives one); default none. */
  webhooks?: readonly string[];
  /** Extra request headers (e.g. an Authorization token). */
  headers?: Record<string, string>;
  /** Called with each delivery record (e.g. for a Prometheus counter); its errors are ignored. */
  onDelivery?: (record: DeliveryRecord) => void;
  /** Random numbers in [0, 1) for the jitter; default Math.random. */
  random?: () => number;
}

/** One delivery attempt. */
export interface DeliveryRecord {
  id: string;
  alert_id: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The HTTP status, or null when no response came (network error, timeout). */
  status: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
  /** When the attempt started (ISO 8601). */
  at: string;
}

/** The JSON body of a webhook. */
export interface WebhookPayload {
  version: 1;
  alert: {
    id: string; rule: string; metric: string; feature: string | null; value: number | null; last_value: number | null;
    threshold: number; op: string; severity: string; action: string; state: string; starts_at: string | null;
    fired_at: string | null; resolved_at: string | null; incident_id: string | null; runbook_url: string | null;
  };
  incident: {
    id: string; state: string; severity: string; alert_ids: string[]; active_alert_ids: string[];
    opened_at: string | null; last_fired_at: string | null; resolved_at: string | null;
  } | null;
  rule: string;
  metric: string;
  action: string;
  feature: string | null;
  value: number | null;
  threshold: number;
  severity: string;
  runbook_url: string | null;
  /** One line for people (chat notifications): what, how much, and when it follows a model deploy, that too. */
  summary: string;
  context: Record<string, unknown> | null;
}

export interface WebhookNotifier extends AlertNotifier {
  /**
   * POST the alert to each URL of `webhooks` (default: options.webhooks); resolves when every delivery is
   * done (never rejects).
   */
  notify(alert: Alert, incident: Incident | null, webhooks?: readonly string[]): Promise<void>;
  /** Delivery attempts, oldest first (at most maxRecords). */
  deliveries(): DeliveryRecord[];
  /** Deliveries not finished yet (retries pending included). */
  inFlight(): number;
  /**
   * Resolves when the in-flight deliveries are done (true) or after timeoutMs (false), whichever comes
   * first: for SIGTERM, before exiting.
   */
  drain(timeoutMs?: number): Promise<boolean>;
}

const FN = 'createWebhookNotifier';
const OPTION_KEYS = ['timeoutMs', 'retries', 'backoffMs', 'maxRecords', 'webhooks', 'fetch', 'headers', 'onDelivery', 'random'];

const iso = (ms: number | null): string | null => {
  if (ms === null) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};
// JSON has no Infinity: a receiver gets null rather than a string where it expects a number.
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The webhook body of an alert (and its incident). */
export function webhookPayload(alert: Alert, incident: Incident | null): WebhookPayload {
  return {
    version: 1,
    alert: {
      id: alert.id, rule: alert.rule, metric: alert.metric, feature: alert.feature, value: finite(alert.value),
      last_value: finite(alert.lastValue), threshold: alert.threshold, op: alert.op, severity: alert.severity,
      action: alert.action, state: alert.state, starts_at: iso(alert.startsAt), fired_at: iso(alert.firedAt),
      resolved_at: iso(alert.resolvedAt), incident_id: alert.incidentId, runbook_url: alert.runbook,
    },
    incident: incident && {
      id: incident.id, state: incident.state, severity: incident.severity, alert_ids: incident.alertIds.slice(),
      active_alert_ids: incident.activeAlertIds.slice(), opened_at: iso(incident.openedAt),
      last_fired_at: iso(incident.lastFiredAt), resolved_at: iso(incident.resolvedAt),
    },
    rule: alert.rule,
    metric: alert.metric,
    action: alert.action,
    feature: alert.feature,
    value: finite(alert.value),
    threshold: alert.threshold,
    severity: alert.severity,
    runbook_url: alert.runbook,
    summary: summary(alert),
    context: alert.context,
  };
}

const short = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x));

function summary(a: Alert): string {
  const what = `${a.feature ? `${a.feature}: ` : ''}${a.metric} ${short(a.value)} ${a.op} ${a.threshold}`;
  let s = `${a.state === 'resolved' ? 'resolved' : a.severity} ${a.action}: ${what}`;
  const d = (a.context as { deploy?: { recent?: unknown; version?: unknown; seconds_since_change?: unknown } } | null)?.deploy;
  if (d && d.recent === true && typeof d.seconds_since_change === 'number') {
    s += `; began ${Math.max(1, Math.round(d.seconds_since_change / 60))} min after model version ${String(d.version)} was deployed`;
  }
  return s;
}

/** JSON of the payload; a context that cannot be serialised (cycles) is replaced by a note, not dropped silently. */
function body(p: WebhookPayload): string {
  const replacer = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
  try {
    return JSON.stringify(p, replacer);
  } catch (e) {
    return JSON.stringify({ ...p, context: { error: `context not serialisable: ${(e as Error).message}` } }, replacer);
  }
}

function errorText(e: unknown, timeoutMs: number): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
    // undici reports network errors as TypeError('fetch failed') with the system error as its cause.
    const c = (e as { cause?: unknown }).cause;
    if (c instanceof Error) return `${e.message}: ${(c as { code?: string }).code ?? c.message}`;
    return e.message || e.name;
  }
  return String(e);
}

export function createWebhookNotifier(options: WebhookNotifierOptions = {}): WebhookNotifier {
  optionsObject('createWebhookNotifier', options);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail(FN, 'options', `must be an object; got ${describe(options)}`);
  }
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.includes(k)) fail(FN, `options.${k}`, `is not an option; the options are ${OPTION_KEYS.join(', ')}`);
  }
  const num = (name: string, v: unknown, dflt: number, min: number, integer: boolean): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      fail(FN, `options.${name}`, `must be ${integer ? 'an integer' : 'a finite number'} >= ${min}; got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const timeoutMs = num('timeoutMs', options.timeoutMs, 5000, 1, false);
  const retries = num('retries', options.retries, 3, 0, true);
  const backoffMs = num('backoffMs', options.backoffMs, 500, 0, false);
  const maxRecords = num('maxRecords', options.maxRecords, 500, 0, true);
  for (const k of ['fetch', 'onDelivery', 'random'] as const) {
    if (options[k] !== undefined && typeof options[k] !== 'function') fail(FN, `options.${k}`, `must be a function; got ${describe(options[k])}`);
  }
  const extra = options.headers ?? {};
  if (extra === null || typeof extra !== 'object' || Object.values(extra).some((v) => typeof v !== 'string')) {
    fail(FN, 'options.headers', 'must be an object of header names to string values');
  }
  const defaultUrls = options.webhooks === undefined ? [] : checkUrls(FN, 'options.webhooks', options.webhooks);
  const doFetch = options.fetch ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
  const random = options.random ?? Math.random;
  const onDelivery = options.onDelivery;

  const records: DeliveryRecord[] = [];
  const inflight = new Set<Promise<void>>();

  function record(r: DeliveryRecord): void {
    records.push(r);
    if (records.length > maxRecords) records.splice(0, records.length - maxRecords);
    try { onDelivery?.({ ...r }); } catch { /* a metrics hook must not break delivery */ }
  }

  async function attempt(url: string, alertId: string, payload: string, n: number): Promise<boolean> {
    const at = new Date().toISOString();
    const t0 = performance.now();
    let status: number | null = null;
    let ok = false;
    let error: string | null = null;
    let retry = true;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', 'user-agent': 'driftkit-alerts', 'x-driftkit-alert-id': alertId, ...extra,
        },
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      ok = res.ok;
      retry = status >= 500 || status === 429;
      if (ok) {
        await res.body?.cancel().catch(() => {});
      } else {
        // The start of the receiver's answer says why it refused.
        let text = '';
        try { text = (await res.text()).slice(0, 200); } catch { /* body lost: the status says enough */ }
        error = `HTTP ${status}${res.statusText ? ` ${res.statusText}` : ''}${text ? `: ${text}` : ''}`;
      }
    } catch (e) {
      error = errorText(e, timeoutMs);
    }
    record({
      id: globalThis.crypto.randomUUID(), alert_id: alertId, url, attempt: n, status, ok, error,
      duration_ms: Math.round((performance.now() - t0) * 1000) / 1000, at,
    });
    return ok || !retry;
  }

  async function deliver(url: string, alertId: string, payload: string): Promise<void> {
    for (let n = 1; ; n++) {
      if (await attempt(url, alertId, payload, n) || n > retries) return;
      const d = backoffMs * 2 ** (n - 1);
      await new Promise((r) => setTimeout(r, d * (0.5 + 0.5 * random())));
    }
  }

  function notify(alert: Alert, incident: Incident | null, webhooks?: readonly string[]): Promise<void> {
    let p: Promise<void>;
    try {
      const urls = Array.isArray(webhooks) ? webhooks : defaultUrls;
      if (urls.length === 0) return Promise.resolve();
      const payload = body(webhookPayload(alert, incident ?? null));
      p = Promise.all(urls.map((u) => deliver(u, alert.id, payload).catch(() => {}))).then(() => {});
    } catch (e) {
      // A malformed alert (a custom caller): recorded like a failed delivery rather than thrown.
      record({
        id: globalThis.crypto.randomUUID(), alert_id: String(alert?.id), url: '', attempt: 0, status: null, ok: false,
        error: `not delivered: ${errorText(e, timeoutMs)}`, duration_ms: 0, at: new Date().toISOString(),
      });
      return Promise.resolve();
    }
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  }

  async function drain(ms = 10_000): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<false>((r) => { timer = setTimeout(() => r(false), ms); });
    try {
      // Loop: deliveries started while draining are waited for too.
      while (inflight.size > 0) {
        const done = await Promise.race([Promise.all([...inflight]).then(() => true), expired]);
        if (!done) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    notify,
    deliveries: () => records.map((r) => ({ ...r })),
    inFlight: () => inflight.size,
    drain,
  };
}
