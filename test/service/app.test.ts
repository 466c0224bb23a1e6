// The service over HTTP (fastify inject, no socket): every endpoint, drift that shows in /drift, /metrics
// and /alerts, bad input answered 400/401/413/415 with the field named and counted, persistence across a
// restart, PUT /profile, and a fast-check fuzz that no body crashes it.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/service/app.js';
import { DriftService } from '../../src/service/service.js';
import { applyConfig, defaultConfig, type ServiceConfig } from '../../src/service/config.js';
import { parseProfile } from '../../src/profile/serialize.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

type Rec = { features: Record<string, unknown>; prediction: number; probability: number; latency_ms: number };
const fraud = parseProfile(readFileSync(new URL('../../examples/fraud.profile.json', import.meta.url), 'utf8'));
const healthy = (n: number, seed: number): Rec[] => records(n, seed);
const broken = (n: number, seed: number): Rec[] => records(n, seed, { timestamps: true, newCategory: true, nullDistance: true });

let clock = Date.parse('2026-11-22T00:00:00Z');
const now = () => clock;
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function make(over: Record<string, unknown> = {}, dataDir?: string) {
  const config: ServiceConfig = applyConfig({ window: { kind: 'sliding', ms: 600_000, slide: 60_000 }, alerts: { rules: [
    { metric: 'psi_score', threshold: 0.25, action: 'alert', severity: 'warning' },
    { metric: 'psi_score', threshold: 0.5, action: 'rollback', severity: 'critical' },
    { metric: 'latency_p99', threshold: 0.5, action: 'scale_down' },
    { metric: 'error_rate', threshold: 0.05, action: 'rollback' },
  ] }, ...(dataDir ? { data_dir: dataDir } : {}), ...over }, { ...defaultConfig(), token: undefined });
  const service = new DriftService({ config, profile: dataDir ? undefined : fraud, now });
  return { service, app: buildApp(service, { logger: false }) };
}
const post = (app: ReturnType<typeof make>['app'], body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/monitor', payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('endpoints', () => {
  it('health, ready, profile, and an empty /drift before any record', async () => {
    const { app, service } = make();
    expect((await app.inject('/health')).json().status).toBe('ok');
    expect((await app.inject('/ready')).json()).toEqual({ status: 'ready', features: 7 });
    const prof = await app.inject('/profile');
    expect(parseProfile(prof.body)).toEqual(fraud);
    const d = (await app.inject('/drift')).json();
    expect(d).toMatchObject({ status: 'no-data', features_monitored: 7, drift_detected: false, drifted_features: [] });
    expect(Object.keys(d.psi_scores)).toHaveLength(7);
    await service.close();
  });

  it('healthy traffic: no drift; broken pipeline: days_since_last_transaction and merchant_category drift, alerts fire', async () => {
    const { app, service } = make();
    for (let i = 0; i < 20; i++) expect((await post(app, healthy(100, 10 + i))).statusCode).toBe(202);
    let d = (await app.inject('/drift')).json();
    expect(d.status).toBe('ok');
    expect(d.window.rows).toBe(2000);
    expect(d.drift_detected).toBe(false);
    expect(d.psi_scores.days_since_last_transaction).toBeLessThan(0.1);
    expect(d.features.transaction_amount.sample_counts).toEqual({ reference: 50_000, current: 2000 });

    clock += 11 * 60_000; // the healthy rows leave the 10-minute window
    for (let i = 0; i < 20; i++) await post(app, broken(100, 100 + i));
    clock += 1500;
    d = (await app.inject('/drift')).json();
    expect(d.window.rows).toBe(2000);
    expect(d.drifted_features).toEqual(expect.arrayContaining(['days_since_last_transaction', 'merchant_category', 'distance_from_home']));
    expect(d.psi_scores.days_since_last_transaction).toBeGreaterThan(5);
    expect(d.features.merchant_category.new_categories).toEqual(['crypto']);
    expect(d.features.distance_from_home.null_share.current).toBeGreaterThan(0.2);
    expect(d.features.transaction_hour.drifted).toBe(false);
    expect(d.features.days_since_last_transaction.bins.contributions.length).toBe(d.features.days_since_last_transaction.bins.reference_proportions.length);

    const alerts = (await app.inject('/alerts')).json();
    const firing = alerts.firing.map((a: { feature?: string; action: string }) => `${a.feature}:${a.action}`);
    expect(firing).toEqual(expect.arrayContaining(['days_since_last_transaction:alert', 'days_since_last_transaction:rollback']));
    expect(alerts.incidents.length).toBeGreaterThanOrEqual(1);

    const m = (await app.inject('/metrics')).body;
    expect(m).toMatch(/driftkit_feature_psi\{feature="days_since_last_transaction"\} \d/);
    expect(m).toMatch(/driftkit_records_total 4000/);
    expect(m).toMatch(/driftkit_feature_drifted\{feature="days_since_last_transaction"\} 1/);
    expect(m).toMatch(/driftkit_alert_state\{rule="[^"]+",feature="days_since_last_transaction",severity="critical"\} 2/);
    expect(m).toMatch(/driftkit_latency_seconds\{quantile="0.99"\}/);
    expect(m).toMatch(/driftkit_process_cpu_seconds_total/);
    await service.close();
  });

  it('/latency: p50/p95/p99 from the records with the SLOs; error_rate from error flags', async () => {
    const { app, service } = make();
    const recs = healthy(1000, 5).map((r, i) => ({ ...r, latency_ms: i + 1, ...(i % 10 === 0 ? { error: true } : {}) }));
    expect((await post(app, recs)).json()).toEqual({ accepted: 1000 });
    const l = (await app.inject('/latency')).json();
    expect(l.count).toBe(1000);
    expect(Math.abs(l.p50_ms - 500) / 500).toBeLessThan(0.02);
    expect(Math.abs(l.p99_ms - 990) / 990).toBeLessThan(0.02);
    expect(l.slo.p95).toMatchObject({ threshold_ms: 100, ok: false });
    expect(l.slo.p99).toMatchObject({ threshold_ms: 500, ok: false });
    expect(l.error_rate).toBeCloseTo(0.1, 12);
    await service.close();
  });

  it('columnar batches equal the same rows sent as records', async () => {
    const a = make(), b = make();
    const recs = healthy(500, 77);
    await post(a.app, recs);
    const cols: Record<string, unknown[]> = {};
    for (const r of recs) for (const [k, v] of Object.entries(r.features)) (cols[k] ??= []).push(v);
    expect((await post(b.app, { columns: cols, prediction: recs.map((r) => r.prediction), probability: recs.map((r) => r.probability), latency_ms: recs.map((r) => r.latency_ms) })).json()).toEqual({ accepted: 500 });
    const strip = (d: Record<string, unknown>) => ({ ...d, timestamp: '' });
    expect(strip((await b.app.inject('/drift')).json())).toEqual(strip((await a.app.inject('/drift')).json()));
    await a.service.close(); await b.service.close();
  });
});

describe('bad input', () => {
  const cases: [string, unknown, number, string, string | null][] = [
    ['malformed JSON', '{"features": {', 400, 'invalid_json', 'body'],
    ['a number', 42, 400, 'schema', 'body'],
    ['missing features', { prediction: 1, latency_ms: 3 }, 400, 'missing_field', 'features'],
    ['missing latency', { features: {}, prediction: 1 }, 400, 'missing_field', 'latency_ms'],
    ['string in a numeric feature', { features: { transaction_amount: '12.5' }, prediction: 1, latency_ms: 3 }, 400, 'wrong_type', 'features.transaction_amount'],
    ['"NaN" in a numeric feature', { features: { transaction_amount: 'NaN' }, prediction: 1, latency_ms: 3 }, 400, 'wrong_type', 'features.transaction_amount'],

    ['unknown field', { features: {}, prediction: 1, latency_ms: 3, latency: 4 }, 400, 'unknown_field', 'latency'],
    ['negative latency', { features: {}, prediction: 1, latency_ms: -1 }, 400, 'not_finite', 'latency_ms'],
    ['latency 1e400 (Infinity after JSON.parse)', '{"features": {}, "prediction": 1, "latency_ms": 1e400}', 400, 'not_finite', 'latency_ms'],
    ['probability out of range', { features: {}, prediction: 1, probability: 1.5, latency_ms: 1 }, 400, 'not_finite', 'probability'],
    ['bad record in an array', [{ features: {}, prediction: 1, latency_ms: 1 }, { features: { merchant_category: [1] }, prediction: 1, latency_ms: 1 }], 400, 'wrong_type', '[1].features.merchant_category'],
    ['columnar lengths differ', { columns: { transaction_amount: [1, 2] }, prediction: [1], latency_ms: [1] }, 400, 'schema', 'columns.transaction_amount'],
    ['empty array', [], 400, 'schema', 'body'],
  ];
  it.each(cases)('%s → %i %s naming %s; nothing counted', async (_, body, status, reason, field) => {
    const { app, service } = make();
    const r = await post(app, body);
    expect(r.statusCode).toBe(status);
    expect(r.json()).toMatchObject({ reason, field });
    expect(r.json().message).toContain(field === 'body' ? '' : field!);
    const m = (await app.inject('/metrics')).body;
    expect(m).toContain(`driftkit_invalid_requests_total{reason="${reason}"} 1`);
    expect(m).toMatch(/driftkit_records_total 0/);
    await service.close();
  });

  it('without a data contract (contract: off) an unknown feature is a 400 unknown_feature; with the default contract it is counted (GET /quality)', async () => {
    const strict = make({ contract: 'off' });
    const r = await post(strict.app, { features: { amount: 3 }, prediction: 1, latency_ms: 3 });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ reason: 'unknown_feature', field: 'features.amount' });
    expect((await strict.app.inject('/metrics')).body).toContain('driftkit_invalid_requests_total{reason="unknown_feature"} 1');
    await strict.service.close();
    const { app, service } = make();
    expect((await post(app, { features: { amount: 3 }, prediction: 1, latency_ms: 3 })).statusCode).toBe(202);
    const q = (await app.inject('/quality')).json();
    expect(q.violations).toContainEqual(expect.objectContaining({ feature: 'amount', rule: 'unexpected_column', count: 1 }));
    await service.close();
  });

  it('413 over the body limit, 415 for another content type, 404 unknown route', async () => {
    const { app, service } = make({ limits: { body_bytes: 2048 } });
    const big = await post(app, healthy(100, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().reason).toBe('body_too_large');
    const text = await app.inject({ method: 'POST', url: '/monitor', payload: 'x=1', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect((await app.inject('/nope')).statusCode).toBe(404);
    await service.close();
  });

  it('bearer token on write endpoints when configured', async () => {
    const { app, service } = make({ token: 's3cret' });
    expect((await post(app, healthy(1, 1))).statusCode).toBe(401);
    expect((await post(app, healthy(1, 1), { authorization: 'Bearer wrong!' })).statusCode).toBe(401);
    expect((await post(app, healthy(1, 1), { authorization: 'Bearer s3cret' })).statusCode).toBe(202);
    expect((await app.inject({ method: 'PUT', url: '/profile', payload: {} })).statusCode).toBe(401);
    expect((await app.inject('/drift')).statusCode).toBe(200); // reads stay open
    await service.close();
  });

  it('fuzz: random bodies never crash the service and always get a 2xx or a named 4xx', async () => {
    const { app, service } = make();
    const value = fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));
    const names = fc.constantFrom('transaction_amount', 'merchant_category', 'distance_from_home', 'probability', 'bogus', '__proto__', 'constructor');
    const record = fc.record({ features: fc.oneof(fc.dictionary(names, value), value), prediction: value, probability: value, latency_ms: value, error: value }, { requiredKeys: [] });
    const body = fc.oneof(record, fc.array(record, { maxLength: 5 }), value, fc.record({ columns: fc.dictionary(names, fc.array(value, { maxLength: 3 })), latency_ms: fc.array(value, { maxLength: 3 }), prediction: fc.array(value, { maxLength: 3 }) }));
    await fc.assert(fc.asyncProperty(fc.oneof(body.map((b) => JSON.stringify(b) ?? 'null'), fc.string()), async (payload) => {
      const r = await post(app, payload);
      expect([202, 400, 413]).toContain(r.statusCode);
      if (r.statusCode !== 202) expect(r.json().reason).toEqual(expect.any(String));
    }), { numRuns: 400 });
    expect((await app.inject('/drift')).statusCode).toBe(200);
    expect((await app.inject('/metrics')).statusCode).toBe(200);
    // keys such as "__proto__" and "constructor" index null-prototype maps: nothing leaks onto Object
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object).filter((k) => /^\d+$/.test(k))).toEqual([]);
    await service.close();
  });
});

describe('webhooks', () => {
  it('a drift alert is delivered once (cooldown) to the configured receiver with feature, value, threshold, top bins and window summary', async () => {
    const { createServer } = await import('node:http');
    const got: { body: Record<string, unknown>; headers: Record<string, unknown> }[] = [];
    const rx = createServer((req, res) => {
      let b = '';
      req.on('data', (d) => { b += d; });
      req.on('end', () => { got.push({ body: JSON.parse(b), headers: req.headers }); res.end('ok'); });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(rx.address() as { port: number }).port}/hook?token=secret`;
    const { app, service } = make({ alerts: { webhooks: [hook], rules: [{ metric: 'psi_score', threshold: 0.5, action: 'rollback', features: ['days_since_last_transaction'], runbook: 'https://runbooks.example/drift' }] } });
    // v1 served healthy traffic; v2, deployed 3 minutes before the pipeline broke, did not
    await post(app, healthy(100, 400).map((r) => ({ ...r, model_version: 'v1' })));
    clock += 60_000;
    await post(app, healthy(1, 401).map((r) => ({ ...r, model_version: 'v2' })));
    clock += 3 * 60_000;
    for (let i = 0; i < 10; i++) await post(app, broken(200, 500 + i));
    for (let i = 0; i < 3; i++) { clock += 2000; service.evaluate(); }
    await (service as any).notifier.drain(5000); // the webhook deliveries (the notifier is internal)
    expect(got).toHaveLength(1);
    const b = got[0].body as Record<string, any>;
    expect(b).toMatchObject({ action: 'rollback', feature: 'days_since_last_transaction', threshold: 0.5, severity: 'critical', runbook_url: 'https://runbooks.example/drift' });
    expect(b.value).toBeGreaterThan(0.5);
    expect(b.context.top_bins.length).toBeGreaterThan(0);
    expect(b.context.top_bins[0]).toMatchObject({ contribution: expect.any(Number), reference_share: expect.any(Number), current_share: expect.any(Number) });
    expect(b.context.sample_counts).toEqual({ reference: 50_000, current: 2101 });
    expect(b.context.window.rows).toBe(2101);
    expect(b.context.deploy).toMatchObject({ version: 'v2', recent: true, seconds_since_change: 182 }); // fired at the first evaluation, 2 s after the last post
    expect(b.summary).toMatch(/^critical rollback: days_since_last_transaction: psi_score [\d.]+ > 0\.5; began 3 min after model version v2 was deployed$/);
    const alerts = (await app.inject('/alerts')).json();
    expect(alerts.deliveries[0]).toMatchObject({ ok: true, status: 200, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…$/) });
    expect(JSON.stringify(alerts)).not.toContain('secret');
    await service.close();
    rx.close();
  });
});

describe('bounded memory', () => {
  it('300 batches of 1,000 records over 2.5 hours: the persisted state stops growing once the windows are full', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftkit-mem-'));
    dirs.push(dir);
    const { service: persisted } = make({ profile: undefined }, dir);
    persisted.replaceProfile(JSON.parse(readFileSync(new URL('../../examples/fraud.profile.json', import.meta.url), 'utf8')));
    const sizes: number[] = [];
    const recs = healthy(1000, 3);
    for (let i = 0; i < 300; i++) {
      clock += 30_000;
      persisted.ingest(recs.map((r, j) => ({ ...r, features: { ...r.features, transaction_amount: (r.features.transaction_amount as number) + i + j * 1e-3 } })));
      if (i % 30 === 29) { persisted.persist(); sizes.push(readFileSync(join(dir, 'state.json')).length); }
    }
    console.log('state.json bytes every 30 batches:', sizes.join(' '));
    expect(Math.max(...sizes.slice(-4))).toBeLessThan(Math.max(...sizes.slice(0, 3)) * 1.15);
    await persisted.close();
  }, 120_000);
});

describe('chi-square features', () => {
  it('/drift: statistic is χ², p_value the p-value; drift_score{method="chisquare"} and the drift_score alert metric carry the p-value', async () => {
    const { profile: buildProfile } = await import('../../src/profile/index.js');
    const { chi2Contingency } = await import('../../src/methods/chisquare.js');
    const rep = (k: string, n: number) => Array.from({ length: n }, () => k);
    const ref = buildProfile({ c: [...rep('a', 30), ...rep('b', 20), ...rep('c', 10)] });
    const config: ServiceConfig = applyConfig({ window: { kind: 'sliding', ms: 600_000, slide: 60_000 }, alerts: { rules: [
      { metric: 'drift_score', threshold: 0.05, op: '<', action: 'alert', severity: 'warning' },
    ] } }, { ...defaultConfig(), token: undefined });
    const service = new DriftService({ config, profile: ref, now });
    const app = buildApp(service, { logger: false });
    const cur = [...rep('a', 10), ...rep('b', 20), ...rep('c', 25), ...rep('d', 5)];
    expect((await post(app, cur.map((c) => ({ features: { c }, prediction: 0, probability: 0.5, latency_ms: 10 })))).statusCode).toBe(202);
    const f = (await app.inject('/drift')).json().features.c;
    const chi = chi2Contingency([[30, 20, 10, 0], [10, 20, 25, 5]]);
    expect(f).toMatchObject({ method: 'chisquare', statistic: chi.statistic, p_value: chi.pValue, severity: 'critical' });
    expect(f.statistic).toBeCloseTo(150 / 7, 12);
    const m = (await app.inject('/metrics')).body;
    expect(m).toMatch(/# HELP driftkit_feature_drift_score .*chisquare: the chi-square p-value/);
    const line = m.split('\n').find((l) => l.startsWith('driftkit_feature_drift_score{feature="c",method="chisquare"}'))!;
    expect(Number(line.split(' ').pop())).toBe(chi.pValue);
    // an existing rule "drift_score < 0.05" on a chi-square feature still reads the p-value, and fires
    const alerts = (await app.inject('/alerts')).json();
    expect(alerts.firing.map((a: { metric: string; feature?: string }) => `${a.metric}:${a.feature}`)).toContain('drift_score:c');
    await service.close();
  });
});

describe('persistence', () => {
  it('a state.json of another version is not restored, and the log says so (issue 13: it was discarded silently)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftkit-svc-'));
    dirs.push(dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 99, saved_at: 0 }));
    const lines: string[] = [];
    const config = applyConfig({ data_dir: dir }, { ...defaultConfig(), token: undefined });
    const service = new DriftService({ config, profile: fraud, now, log: (m) => lines.push(m) });
    expect(lines).toEqual(['state.json has version 99, not 1: not restored; windows, alerts and counters start empty']);
    await service.close();
  });

  it('a restart with the same data dir keeps the window, alert and latency state; PUT /profile survives it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftkit-svc-'));
    dirs.push(dir);
    const { writeFileSync } = await import('node:fs');
    const file = join(dir, 'ref.profile.json');
    writeFileSync(file, readFileSync(new URL('../../examples/fraud.profile.json', import.meta.url)));
    let s = make({ profile: file }, join(dir, 'data'));
    for (let i = 0; i < 10; i++) await post(s.app, broken(100, 300 + i));
    const before = (await s.app.inject('/drift')).json();
    const alertsBefore = (await s.app.inject('/alerts')).json();
    const latBefore = (await s.app.inject('/latency')).json();
    await s.service.close();

    s = make({ profile: file }, join(dir, 'data'));
    const after = (await s.app.inject('/drift')).json();
    expect({ ...after, timestamp: '' }).toEqual({ ...before, timestamp: '' });
    expect((await s.app.inject('/alerts')).json().firing).toEqual(alertsBefore.firing);
    expect((await s.app.inject('/latency')).json()).toEqual(latBefore);

    // replace the profile: windows restart; the replacement survives a restart with the same --profile file
    const small = { ...fraud, features: { transaction_amount: fraud.features.transaction_amount } };
    const put = await s.app.inject({ method: 'PUT', url: '/profile', payload: JSON.parse(JSON.stringify(small, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? (v > 0 ? 'Infinity' : '-Infinity') : v))) });
    expect(put.statusCode).toBe(200);
    expect((await s.app.inject('/drift')).json().features_monitored).toBe(1);
    await s.service.close();
    s = make({ profile: file }, join(dir, 'data'));
    expect((await s.app.inject('/ready')).json().features).toBe(1);
    await s.service.close();
  });

  it('PUT /profile with an invalid profile is a 400 naming the field; the old profile stays', async () => {
    const { app, service } = make();
    const r = await app.inject({ method: 'PUT', url: '/profile', payload: { format: 'driftkit-profile', version: 99 } });
    expect(r.statusCode).toBe(400);
    expect(r.json().reason).toBe('invalid_profile');
    expect(r.json().message).toMatch(/version/);
    expect((await app.inject('/ready')).json().features).toBe(7);
    await service.close();
  });
});

describe('times that would blind freshness (issue 13, defect 7)', () => {
  const freshness = { freshness: { sources: { user_features: { max_age: '1h' } } } };
  it('a source time in 2100 is refused (400 future_time) and counts nothing: the source does not look fresh', async () => {
    const { app } = make(freshness);
    const rec = { ...healthy(1, 1)[0], sources: { user_features: '2100-01-01T00:00:00Z' } };
    const r = await post(app, rec);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: 'sources.user_features', reason: 'future_time' });
    expect(r.json().message).toMatch(/2100-01-01T00:00:00.000Z, more than 5 minutes ahead of the service's clock/);
    const f = (await app.inject('/freshness')).json();
    expect(f.sources.user_features.status).toBe('missing');
    expect(f.sources.user_features.records_total).toBe(0);
  });
  it('microseconds are named as such; a record timestamp too; a time within the skew is accepted', async () => {
    const { app } = make(freshness);
    const us = clock * 1000;
    const r = await post(app, { ...healthy(1, 1)[0], sources: { user_features: us } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: 'sources.user_features', reason: 'microseconds' });
    expect(r.json().message).toMatch(/looks like microseconds since the epoch: send milliseconds/);
    const ts = await post(app, { ...healthy(1, 1)[0], timestamp: '2100-01-01T00:00:00Z' });
    expect(ts.json()).toMatchObject({ field: 'timestamp', reason: 'future_time' });
    const ok = await post(app, { ...healthy(1, 1)[0], sources: { user_features: clock + 60_000 } });
    expect(ok.statusCode).toBeLessThan(300);
    expect((await app.inject('/freshness')).json().sources.user_features.status).toBe('fresh');
  });
});
