// The monitoring service's state and logic, without HTTP: records in, windows, drift, latency, error rate,
// alerts, metrics and persistence. app.ts puts HTTP in front of it; serve.ts runs it as a process.
//
// Records are buffered (up to config.bufferRecords or flushIntervalMs) and reach the monitor in columnar
// batches: one kernel pass per feature per batch instead of per request. Windows are by arrival time.
// Acknowledged records survive a graceful restart: close() flushes the buffer and persists the state; a
// crash loses at most persistIntervalMs of acknowledged records (state is written that often).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fail } from '../errors.js';
import { createMonitor, type Monitor, type MonitorSnapshot, type WindowResult } from '../stream/monitor.js';
import { parseProfile, serializeProfile } from '../profile/serialize.js';
import type { ReferenceProfile } from '../profile/types.js';
import type { DataContract } from '../quality/index.js';
import { AlertEngine, createWebhookNotifier, type MetricSample } from '../alerts/index.js';
import { LatencyTracker } from './latency.js';
import { driftScoreValue, ServiceMetrics } from './metrics.js';
import { BadRequest, parseMonitorBody, recordShape, sanitize, type ParseOptions, type ParsedBatch, type RecordShape } from './records.js';
import { QualityWindow, serviceContract, violationView, type QualitySnapshot } from './quality.js';
import { FreshnessTracker } from './freshness.js';
import { CanaryTracker, splitByVersion } from './canary.js';
import { burnAlertRules, burnAlertSamples, parseSloConfig, SloTracker, type SloReport } from '../slo/index.js';
import type { Violation } from '../quality/index.js';
import { DataDir } from './state.js';
import { withRunbook } from './runbook.js';
import { dataQualityJson, driftView, topBins, type DriftViewJson } from './drift-view.js';
import type { AlertsStatus, CanaryResponse, FreshnessStatus, LatencyStatus, QualityStatus, ViolationView } from './status-types.js';
import { durationMs, type ServiceConfig } from './config.js';

const STATE_VERSION = 1;

/** How far ahead of the service's clock a record or source time may be (clock skew between hosts). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const YEAR_MS = 365.25 * 86_400_000;

/**
 * Source times and record timestamps ahead of now + MAX_CLOCK_SKEW_MS are refused (400) before anything is
 * counted: one time in 2100, or microseconds read as milliseconds (year ~55,000), would pin a source's age at 0
 * and its staleness alert would never fire. A number that is a plausible time once divided by 1,000 is named
 * as microseconds.
 */
function checkTimes(batch: ParsedBatch, now: number): void {
  const limit = now + MAX_CLOCK_SKEW_MS;
  const check = (field: string, times: readonly number[]) => {
    for (const x of times) {
      if (x <= limit) continue;
      const us = x / 1000 <= limit && x / 1000 > now - 50 * YEAR_MS;
      throw new BadRequest(field, us ? 'microseconds' : 'future_time', us
        ? `is ${x}, which as milliseconds is ${new Date(Math.min(x, 8.64e15)).toISOString().slice(0, 10)}; it looks like microseconds since the epoch: send milliseconds (or an ISO 8601 string)`
        : `is ${new Date(x).toISOString()}, more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes ahead of the service's clock (${new Date(now).toISOString()}); a future time would keep the source looking fresh`);
    }
  };
  for (const [source, times] of Object.entries(batch.sourceTimes)) check(`sources.${source}`, times);
  check('timestamp', batch.timestamps);
}

/** Errors over a sliding window of panes (the latency window): the error_rate SLI. */
class RateWindow {
  private panes: { t: number; n: number; e: number }[] = [];
  constructor(private readonly windowMs: number, private readonly paneMs: number) {}
  add(n: number, e: number, t: number): void {
    const start = t - (t % this.paneMs);
    const last = this.panes[this.panes.length - 1];
    if (last && last.t === start) { last.n += n; last.e += e; } else this.panes.push({ t: start, n, e });
    this.expire(t);
  }
  private expire(t: number): void { while (this.panes.length && this.panes[0].t + this.paneMs <= t - this.windowMs) this.panes.shift(); }
  rate(t: number): { records: number; errors: number; rate: number } {
    this.expire(t);
    let n = 0, e = 0;
    for (const p of this.panes) { n += p.n; e += p.e; }
    return { records: n, errors: e, rate: n > 0 ? e / n : 0 };
  }
  toJSON(): unknown { return this.panes; }
  restore(v: unknown): void {
    if (Array.isArray(v)) this.panes = v.filter((p) => p && Number.isFinite(p.t) && Number.isFinite(p.n) && Number.isFinite(p.e));
  }
}

export interface ServiceOptions {
  config: ServiceConfig;
  /** The profile to serve (else config.profile, else the data dir's). */
  profile?: ReferenceProfile;
  now?: () => number;
  fetch?: typeof fetch;
  log?: (msg: string) => void;
}

function redact(url: string): string {
  try { return `${new URL(url).origin}/…`; } catch { return '…'; }
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** How an error names the first offending value of a violation: the record's feature, or the batch's column cell. */
function violationField(v: Violation, batch: ParsedBatch): string {
  if (batch.form === 'columnar') return v.rule === 'missing_column' ? `columns.${v.feature}` : `columns.${v.feature}[${v.firstRow}]`;
  return batch.form === 'record' ? `features.${v.feature}` : `[${v.firstRow}].features.${v.feature}`;
}

export class DriftService {
  readonly config: ServiceConfig;
  readonly metrics = new ServiceMetrics();
  private readonly latency: LatencyTracker;
  private readonly alerts: AlertEngine;
  private readonly notifier: ReturnType<typeof createWebhookNotifier>;
  profile: ReferenceProfile | undefined;
  private profileId = '';
  private fileSha: string | undefined;
  private monitor: Monitor | undefined;
  private shape: RecordShape | undefined;
  private readonly errors: RateWindow;
  private readonly data: DataDir | undefined;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;
  private pending: ParsedBatch[] = [];
  private pendingRows = 0;
  private current: { at: number; result: WindowResult | undefined } | undefined;
  private model: { version: string | null; since: number | null } = { version: null, since: null };
  private quality: QualityWindow | undefined;
  private canary: CanaryTracker | undefined;
  private readonly versionsSeen = new Set<string>();
  private parseOptions: ParseOptions | undefined;
  private readonly freshness: FreshnessTracker;
  private readonly slo: SloTracker;
  private timers: ReturnType<typeof setInterval>[] = [];
  private dirty = false;
  private closed = false;
  readonly startedAt: number;

  constructor(opts: ServiceOptions) {
    const c = (this.config = opts.config);
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => {});
    this.startedAt = this.now();
    this.data = c.dataDir ? new DataDir(c.dataDir) : undefined;
    this.latency = new LatencyTracker({ windowMs: c.latency.windowMs, panes: c.latency.panes, slos: c.latency.slo, now: this.now });
    this.errors = new RateWindow(c.latency.windowMs, c.latency.windowMs / c.latency.panes);
    this.notifier = createWebhookNotifier({ ...(opts.fetch ? { fetch: opts.fetch } : {}) });
    this.freshness = new FreshnessTracker(c.freshness, c.latency.windowMs, c.latency.windowMs / c.latency.panes);
    const sloSettings = parseSloConfig(c.slo, 'slo', 'serve');
    const sloOptions = { slos: sloSettings.slos, burnAlerts: sloSettings.burnAlerts, now: this.now };
    this.slo = new SloTracker(sloOptions);
    // the burn-rate alerts join the rules (a rule of the same name in the config wins)
    const named = new Set(c.alerts.rules.map((r) => (r as { name?: unknown }).name).filter((n) => typeof n === 'string'));
    const rules = [...c.alerts.rules, ...burnAlertRules(sloSettings.burnAlerts).filter((r) => !named.has(r.name ?? ''))].map(withRunbook);
    const alertOptions = {
      rules, webhooks: c.alerts.webhooks, notifier: this.notifier, now: this.now,
      ...(c.alerts.groupWindow ? { groupWindowMs: durationMs('alerts.group_window', c.alerts.groupWindow) } : {}),
      ...(c.alerts.cooldown ? { defaultCooldown: c.alerts.cooldown } : {}),
    };
    let alerts: AlertEngine | undefined;

    // the profile: explicit, else the config's file (unless the data dir holds one set from the same file or by PUT), else the data dir's
    const saved = this.data?.read('profile.json') as { file_sha256?: string; profile?: unknown } | undefined;
    let profile = opts.profile;
    if (!profile && c.profile) {
      let text: string;
      try { text = readFileSync(c.profile, 'utf8'); } catch (e) { fail('serve', 'profile', `${JSON.stringify(c.profile)} cannot be read (${(e as Error).message})`); }
      this.fileSha = sha256(text);
      profile = saved?.profile && saved.file_sha256 === this.fileSha ? parseProfile(saved.profile as object) : parseProfile(text);
    } else if (!profile && saved?.profile) profile = parseProfile(saved.profile as object);

    const state = this.data?.read('state.json') as Record<string, unknown> | undefined;
    // a state this build cannot read starts the windows empty: say so (it was discarded silently)
    if (state && state.version !== STATE_VERSION) this.log(`state.json has version ${JSON.stringify(state.version)}, not ${STATE_VERSION}: not restored; windows, alerts and counters start empty`);
    if (state && state.version === STATE_VERSION) {
      try { alerts = AlertEngine.restore(state.alerts, alertOptions); } catch (e) { this.log(`alert state not restored: ${(e as Error).message}`); }
      try { this.latency = LatencyTracker.restore(state.latency, { windowMs: c.latency.windowMs, panes: c.latency.panes, slos: c.latency.slo, now: this.now }); } catch (e) { this.log(`latency state not restored: ${(e as Error).message}`); }
      this.errors.restore(state.errors);
      if (state.freshness) try { this.freshness.restore(state.freshness); } catch (e) { this.log(`freshness state not restored: ${(e as Error).message}`); }
      if (state.slo) try { this.slo = SloTracker.restore(state.slo, sloOptions); } catch (e) { this.log(`SLO state not restored: ${(e as Error).message}`); }
      const m = state.model as typeof this.model | undefined;
      if (m && (m.version === null || typeof m.version === 'string')) this.model = m;
    }
    this.alerts = alerts ?? new AlertEngine(alertOptions);
    if (profile) this.useProfile(profile, state?.version === STATE_VERSION ? state : undefined);
    this.metrics.profileLoaded(!!profile);
  }

  /** Start the flush, evaluation and persistence timers (unref'd: they never keep the process alive). */
  start(): this {
    const every = (ms: number, fn: () => void) => { const t = setInterval(() => { try { fn(); } catch (e) { this.log(`background task failed: ${(e as Error).message}`); } }, ms); t.unref(); this.timers.push(t); };
    every(this.config.flushIntervalMs, () => this.flush());
    every(this.config.evaluationIntervalMs, () => this.evaluate());
    if (this.data) every(this.config.persistIntervalMs, () => { if (this.dirty) this.persist(); });
    return this;
  }

  get ready(): boolean { return !!this.profile; }

  /** Serve this profile from now on: the windows start over (they were measured against the old one). */
  private useProfile(profile: ReferenceProfile, state?: Record<string, unknown>): void {
    this.profile = profile;
    this.profileId = sha256(serializeProfile(profile));
    this.shape = recordShape(profile);
    const options = {
      window: this.config.window, compare: { ...this.config.compare, ...(this.shape.probabilityFeature ? { prediction: this.shape.probabilityFeature } : this.shape.predictionFeature ? { prediction: this.shape.predictionFeature } : {}) },
      now: this.now, timer: false,
    };
    this.monitor?.close();
    this.monitor = undefined;
    if (state && state.profile_id === this.profileId && state.monitor) {
      try { this.monitor = createMonitor(profile, { ...options, restore: state.monitor as MonitorSnapshot }); } catch (e) { this.log(`window state not restored: ${(e as Error).message}`); }
    }
    this.monitor ??= createMonitor(profile, options);
    this.monitor.on('window', (r) => this.windowClosed(r));
    this.useCanary(profile, state?.profile_id === this.profileId ? state?.canary : undefined);
    this.useContract(profile, state?.profile_id === this.profileId ? state?.quality as QualitySnapshot | undefined : undefined);
    this.current = undefined;
    this.pending = [];
    this.pendingRows = 0;
  }

  /** The contract for this profile (config `contract`), and its window (restored when the state is this profile's). */
  private useContract(profile: ReferenceProfile, saved?: QualitySnapshot): void {
    const { contract, source } = serviceContract(this.config.contract, profile);
    this.quality = undefined;
    this.parseOptions = undefined;
    if (!contract) return;
    // the drift window's panes (the monitor applies the default slide): time panes here, row panes by rotate()
    const { count, size } = this.monitor!.panes;
    this.quality = new QualityWindow(contract, source, count, this.config.window.ms !== undefined ? { t0: 0, paneMs: size } : undefined);
    if (saved) try { this.quality.restore(saved); } catch (e) { this.log(`data-quality window not restored: ${(e as Error).message}`); }
    // rules the contract does not block are counted, not rejected: unknown columns and wrong-typed values reach it
    const lenient = Object.entries(contract.features).filter(([, f]) => !(f.blocking ?? []).includes('type')).map(([name]) => name);
    this.parseOptions = {
      unknownFeatures: contract.columns.blocking.includes('unexpected_column') ? 'reject' : 'collect',
      lenientTypes: new Set(lenient),
    };
  }

  /** The canary comparison against this profile's shape (restored when the state is this profile's). */
  private useCanary(profile: ReferenceProfile, saved?: unknown): void {
    this.canary?.close();
    this.canary = undefined;
    const c = this.config.canary;
    if (!c.enabled) return;
    const options = {
      reference: profile, windowMs: c.windowMs, panes: c.panes, gates: c.gates, now: this.now,
      ...(c.baseline ? { baseline: c.baseline } : {}), ...(c.candidate ? { candidate: c.candidate } : {}),
    };
    if (saved) try { this.canary = CanaryTracker.restore(saved, options); } catch (e) { this.log(`canary state not restored: ${(e as Error).message}`); }
    this.canary ??= new CanaryTracker(options);
  }

  /** GET /canary: the candidate against the baseline, and the verdict (roles may be named per request). */
  canaryStatus(roles?: { baseline?: string; candidate?: string }): CanaryResponse {
    if (!this.canary) return { enabled: false };
    this.flush();
    return this.canary.status(this.now(), roles);
  }

  /** A window (or sliding pane) closed: counters, the data-quality panes of row windows, the drift SLI. */
  private windowClosed(r: WindowResult): void {
    this.metrics.windowsClosed.inc();
    this.quality?.rotate();
    const t = this.now();
    for (const [feature, f] of Object.entries(r.report.features)) {
      if (f.status === 'missing-in-current') continue;
      this.slo.record('drift', f.drifted ? 0 : 1, 1, t, feature);
      if (f.scores.psi !== undefined && Number.isFinite(f.scores.psi)) this.slo.observe('drift', [f.scores.psi], t, feature);
    }
  }

  /** PUT /profile: check it, serve it, persist it. */
  replaceProfile(json: unknown): ReferenceProfile {
    let p: ReferenceProfile;
    try { p = parseProfile(json as object); } catch (e) { throw new BadRequest('', 'invalid_profile', (e as Error).message.replace(/^parseProfile: /, '')); }
    this.flush();
    this.useProfile(p);
    this.metrics.profileLoaded(true);
    this.saveProfile();
    this.persist();
    return p;
  }

  /** POST /monitor: check the whole body, then buffer it. Returns the rows accepted. */
  ingest(body: unknown): number {
    if (!this.shape) throw new BadRequest('', 'not_ready', 'no reference profile is loaded yet (PUT /profile or start with --profile)', 503);
    const batch = parseMonitorBody(body, this.shape, this.config.limits.maxRecords, this.parseOptions);
    const t = this.now();
    checkTimes(batch, t);
    if (this.quality) this.checkContract(batch, t);
    this.observeSources(batch, t);
    this.slo.record('error_rate', batch.rows - batch.errors, batch.rows, t);
    this.slo.observe('latency', batch.latencyMs, t);
    for (const ms of batch.latencyMs) this.latency.record(ms, t);
    for (const ms of batch.latencyMs) this.metrics.latency.observe(ms / 1000);
    for (const p of batch.probability) if (p !== null) this.metrics.score.observe(p);
    this.errors.add(batch.rows, batch.errors, t);
    if (batch.errors) this.metrics.predictionErrors.inc(batch.errors);
    this.metrics.records.inc(batch.rows);
    this.seeVersions(batch.versions, t);
    this.pending.push(batch);
    this.pendingRows += batch.rows;
    this.dirty = true;
    if (this.pendingRows >= this.config.bufferRecords) this.flush();
    return batch.rows;
  }

  /**
   * The contract over what the request carried (present features and unknown columns): a blocking violation
   * rejects the request (nothing counted); others are counted in the window, and wrong-typed values become
   * missing values for the monitor.
   */
  private checkContract(batch: ParsedBatch, t: number): void {
    const q = this.quality!;
    const cols: Record<string, unknown[]> = { ...batch.extra };
    for (const f of batch.present) cols[f] = batch.columns[f];
    const r = q.add(cols, t);
    if (r.blocking) {
      const v = r.violations.find((x) => x.blocking)!;
      throw new BadRequest(violationField(v, batch), 'contract_violation', `breaks the data contract (${v.rule}, blocking): ${v.message}`);
    }
    if (!r.ok) sanitize(batch, this.shape!, this.parseOptions!.lenientTypes);
  }

  /** Source timestamps (and the records' own, as the source "record") into the freshness tracker and SLI. */
  private observeSources(batch: ParsedBatch, t: number): void {
    const fr = this.freshness;
    const one = (source: string, times: readonly number[]) => {
      if (!fr.has(source)) { for (const x of times) fr.record(source, x, t); return; }
      let good = 0;
      for (const x of times) if (fr.record(source, x, t)) good++;
      // one event per record carrying the source: SLOs without a threshold take the source's own max_age,
      // SLOs with one classify the ages themselves
      this.slo.record('freshness', good, times.length, t, source);
      this.slo.observe('freshness', times.map((x) => Math.max(0, t - x)), t, source);
    };
    for (const [source, times] of Object.entries(batch.sourceTimes)) one(source, times);
    if (batch.timestamps.length && fr.has('record')) one('record', batch.timestamps);
  }

  /**
   * A version not seen before is a deploy: it becomes the model version of alert contexts, from its first
   * record (the one seen most recently first, so canary traffic mixing two versions does not flip it).
   */
  private seeVersions(versions: readonly (string | undefined)[], t: number): void {
    let last: string | undefined;
    for (const v of versions) {
      if (v === undefined || v === last) continue;
      last = v;
      if (this.versionsSeen.has(v)) continue;
      this.versionsSeen.add(v);
      if (this.versionsSeen.size > 100) this.versionsSeen.delete(this.versionsSeen.values().next().value!);
      this.model = { version: v, since: t };
    }
  }

  /** Buffered records into the monitor (one columnar batch), and per model version into the canary comparison. */
  flush(): void {
    if (!this.monitor || this.pendingRows === 0) return;
    const batches = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    const rows = batches.reduce((n, b) => n + b.rows, 0);
    // one preallocated array per column (flatMap over thousands of one-record batches cost ~8% of ingest)
    const cat = <T>(pick: (b: ParsedBatch) => T[]): T[] => {
      if (batches.length === 1) return pick(batches[0]);
      const out = new Array<T>(rows);
      let k = 0;
      for (const b of batches) { const a = pick(b); for (let i = 0; i < a.length; i++) out[k++] = a[i]; }
      return out;
    };
    const columns: Record<string, unknown[]> = {};
    for (const f of Object.keys(batches[0].columns)) columns[f] = cat((b) => b.columns[f]);
    const closed = this.monitor.observe(columns as never);
    if (this.canary) {
      const t = this.now();
      const split = splitByVersion({ rows, columns: columns as never, latencyMs: cat((b) => b.latencyMs) }, cat((b) => b.versions), cat((b) => b.failed));
      for (const [v, b] of split) this.canary.observe(v, b, t);
    }
    this.current = undefined;
    if (closed.length > 0) this.evaluate();
  }

  /** The current window's result (cached for a second: scrapes and /drift do not recompute per request). */
  currentWindow(): WindowResult | undefined {
    this.flush();
    const t = this.now();
    if (!this.current || t - this.current.at > 1000) this.current = { at: t, result: this.monitor?.peek() };
    return this.current.result;
  }

  /** GET /drift: the current window's drift report (the shared JSON shape), with the contract's verdict beside it. */
  driftStatus(): DriftViewJson {
    const r = this.currentWindow();
    // the contract's verdict beside the drift verdict (details: GET /quality)
    const q = this.quality?.window(this.now());
    return driftView(r?.report, r?.window, this.config.window, this.profile ? Object.keys(this.profile.features) : [], this.model.version ?? undefined,
      { compare: this.config.compare, dataQuality: q ? dataQualityJson(q) : null });
  }

  /** GET /quality: the contract's violations over the window. */
  qualityStatus(): QualityStatus {
    const t = this.now();
    const q = this.quality;
    if (!q) return { timestamp: new Date(t).toISOString(), contract: null, ok: true, violations: [], note: 'no data contract is in force (config contract: off)' };
    const w = q.window(t);
    return {
      timestamp: new Date(t).toISOString(),
      contract: { source: q.source, features: Object.keys(q.contract.features).length, expected_columns: q.contract.columns.expected.length },
      window: { rows: w.rows, batches: w.batches },
      ok: w.ok,
      violations: w.violations.map(violationView) as unknown as ViolationView[], // violationView builds exactly this shape
      totals: [...q.totals.values()],
    };
  }

  /** GET /contract: the contract in force. */
  contract(): DataContract | undefined {
    return this.quality?.contract;
  }

  /** GET /freshness: age and status per data source. */
  freshnessStatus(): FreshnessStatus {
    return this.freshness.status(this.now());
  }

  /** GET /slo: SLOs, error budgets, burn rates. */
  sloStatus(): SloReport {
    return this.slo.status(this.now());
  }

  /** GET /latency: p50/p95/p99 and SLOs over the latency window, with the error rate. */
  latencyStatus(): LatencyStatus {
    const s = this.latency.snapshot();
    const e = this.errors.rate(this.now());
    return { ...s, error_rate: e.rate, records: e.records, errors: e.errors };
  }

  /** Metric samples for the alert engine, gauges updated on the way. */
  private samples(): MetricSample[] {
    const r = this.currentWindow();
    const rep = r?.report;
    this.metrics.drift(rep, r?.window.rows ?? 0, this.profile ? Object.keys(this.profile.features).length : 0);
    const lat = this.latencyStatus();
    this.metrics.latencyQuantiles({ p50: lat.p50_ms, p95: lat.p95_ms, p99: lat.p99_ms }, { p95: lat.slo.p95.ok, p99: lat.slo.p99.ok }, lat.error_rate);
    const out: MetricSample[] = [];
    const model = this.modelContext();
    const windowSummary = r && { start: new Date(r.window.startTime).toISOString(), end: new Date(r.window.endTime).toISOString(), rows: r.window.rows, drifted_features: rep!.driftedFeatures };
    if (rep) {
      for (const [feature, f] of Object.entries(rep.features)) {
        const context = { top_bins: topBins(f), sample_counts: { reference: f.referenceCount, current: f.currentCount }, method: f.method, window: windowSummary, ...model };
        const push = (metric: string, v: number | undefined) => { if (v !== undefined && Number.isFinite(v)) out.push({ metric, feature, value: v, context }); };
        push('psi_score', f.scores.psi);
        push('ks_statistic', f.scores.ks);
        push('js_distance', f.scores.jsDistance);
        push('wasserstein', f.scores.wassersteinNormalized);
        push('drift_score', driftScoreValue(f)); // chisquare: the p-value, as before (see metrics.ts)
        push('null_share_delta', Math.abs(f.currentNullShare - f.referenceNullShare));
        push('unseen_share', f.newCategoryShare);
      }
      out.push({ metric: 'drift_share', value: rep.driftShare, context: { window: windowSummary, ...model } });
    }
    const lctx = { latency: { count: lat.count, p50_ms: lat.p50_ms, p95_ms: lat.p95_ms, p99_ms: lat.p99_ms }, ...model };
    if (lat.p50_ms !== null) out.push({ metric: 'latency_p50', value: lat.p50_ms / 1000, context: lctx });
    if (lat.p95_ms !== null) out.push({ metric: 'latency_p95', value: lat.p95_ms / 1000, context: lctx });
    if (lat.p99_ms !== null) out.push({ metric: 'latency_p99', value: lat.p99_ms / 1000, context: lctx });
    if (lat.records > 0) out.push({ metric: 'error_rate', value: lat.error_rate, context: { records: lat.records, errors: lat.errors, ...model } });
    out.push(...this.qualitySamples(model));
    const fresh = this.freshnessStatus();
    this.metrics.freshness(fresh.sources);
    for (const [source, st] of Object.entries(fresh.sources)) {
      const context = { source: st, ...model };
      if (st.age_ms !== null) out.push({ metric: 'source_staleness', feature: source, value: st.age_ms / st.max_age_ms, context });
      out.push({ metric: 'source_missing', feature: source, value: st.status === 'missing' ? 1 : 0, context });
    }
    const slo = this.sloStatus();
    this.metrics.slo(slo, this.slo.counters());
    out.push(...burnAlertSamples(slo.slos, this.slo.burnAlerts));
    if (this.canary) {
      const st = this.canary.status(this.now());
      this.metrics.canary(st);
      out.push(...this.canary.metricSamples(undefined, st));
    }
    return out;
  }

  /** Per feature with violations in the window: the largest violation rate and the row count, with the violations. */
  private qualitySamples(model: Record<string, unknown>): MetricSample[] {
    const q = this.quality;
    if (!q) { this.metrics.quality([], []); return []; }
    const w = q.window(this.now());
    this.metrics.quality(w.violations, q.totals.values());
    // every feature of the contract reports (0 when clean, so a firing alert resolves), and unexpected columns too
    const by = new Map<string, Violation[]>(Object.keys(q.contract.features).map((f) => [f, []]));
    for (const v of w.violations) { const list = by.get(v.feature); if (list) list.push(v); else by.set(v.feature, [v]); }
    const out: MetricSample[] = [];
    for (const [feature, vs] of by) {
      const context = { violations: vs.map(violationView), window_rows: w.rows, ...model };
      out.push({ metric: 'contract_violation_rate', feature, value: vs.reduce((m, v) => Math.max(m, v.rate), 0), context });
      out.push({ metric: 'contract_violations', feature, value: vs.reduce((m, v) => m + v.count, 0), context });
    }
    return out;
  }

  /**
   * The model version in alert contexts, and whether it changed recently: within two drift windows (or, for
   * row windows, two latency windows) of now, drift is likely the deploy's doing, and the payload says so.
   */
  private modelContext(): Record<string, unknown> {
    const { version, since } = this.model;
    const t = this.now();
    const recentMs = 2 * (this.config.window.ms ?? this.config.latency.windowMs);
    return {
      model_version: version, model_version_since: since === null ? null : new Date(since).toISOString(),
      deploy: since === null ? null : { version, changed_at: new Date(since).toISOString(), seconds_since_change: (t - since) / 1000, recent: t - since <= recentMs },
    };
  }

  /** Evaluate the alert rules now (timer, closed windows, /alerts). */
  evaluate(): void {
    if (this.closed) return;
    this.alerts.evaluate(this.samples(), this.now());
    this.metrics.alertStates(this.alerts.states());
    this.dirty = true;
  }

  /** GET /alerts (without evaluating first: the route calls evaluate()). */
  alertsStatus(): AlertsStatus {
    return {
      firing: this.alerts.firing(),
      incidents: this.alerts.incidents(),
      history: this.alerts.history(),
      // webhook URLs often carry secrets (Slack puts its token in the path): show only their origin
      deliveries: this.notifier.deliveries().map((d) => ({ ...d, url: redact(d.url) })),
    };
  }

  /** The Prometheus exposition (gauges refreshed first). */
  async metricsText(): Promise<string> {
    this.samples();
    this.metrics.alertStates(this.alerts.states());
    return this.metrics.registry.metrics();
  }

  private saveProfile(): void {
    if (this.data && this.profile) this.data.write('profile.json', JSON.stringify({ file_sha256: this.fileSha ?? null, profile: JSON.parse(serializeProfile(this.profile)) }));
  }

  /** Write the state (monitor windows, alerts, latency, error rate) to the data dir. */
  persist(): void {
    if (!this.data) return;
    this.flush();
    this.dirty = false;
    this.data.write('state.json', JSON.stringify({
      version: STATE_VERSION, saved_at: new Date(this.now()).toISOString(), profile_id: this.profileId,
      monitor: this.monitor?.snapshot() ?? null, alerts: this.alerts.snapshot(), latency: this.latency.toJSON(),
      errors: this.errors.toJSON(), model: this.model, quality: this.quality?.snapshot() ?? null,
      freshness: this.freshness.toJSON(), slo: this.slo.toJSON(), canary: this.canary?.toJSON() ?? null,
    }));
  }

  /** Flush, persist, let webhook deliveries finish (up to drainMs), stop the timers. */
  async close(drainMs = 5000): Promise<void> {
    if (this.closed) return;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.flush();
    if (this.data) { if (this.profile && !this.data.read('profile.json')) this.saveProfile(); this.persist(); }
    this.closed = true;
    this.monitor?.close();
    this.canary?.close();
    await this.notifier.drain(drainMs);
  }
}
