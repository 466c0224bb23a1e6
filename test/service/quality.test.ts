// Issue 6 in the service: the data contract (derived by default, or a file), freshness per source, and SLOs
// with error budgets and burn-rate alerts — over HTTP (fastify inject), with a fake clock.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveContract, parseContract, serializeContract } from '../../src/quality/index.js';
import { RUNBOOK_ANCHOR } from '../../src/service/runbook.js';
import { DEFAULT_RULES } from '../../src/service/config.js';
import { fraud, harness } from './harness.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

type Rec = { features: Record<string, unknown>; prediction: number; probability: number; latency_ms: number; error?: boolean; sources?: Record<string, unknown>; timestamp?: unknown };
const healthy = (n: number, seed: number): Rec[] => records(n, seed);
const withTimestamps = (n: number, seed: number): Rec[] => records(n, seed, { timestamps: true });

let clock = Date.parse('2026-12-01T00:00:00Z');
const { make, post, get, services, closeAll } = harness(() => clock);
const dirs: string[] = [];
afterEach(async () => {
  await closeAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'driftkit-quality-')); dirs.push(d); return d; };
type App = ReturnType<typeof make>['app'];
const firing = async (app: App) => (await get(app, '/alerts')).firing as { rule: string; metric: string; feature: string | null; value: number; context: Record<string, unknown>; runbook: string | null }[];

describe('data contract', () => {
  it('healthy traffic breaks no rule that alerts: the derived contract fits its own kind of data', async () => {
    const { app } = make();
    for (let i = 0; i < 5; i++) expect((await post(app, healthy(1000, 10 + i))).statusCode).toBe(202);
    const q = await get(app, '/quality');
    expect(q.contract).toMatchObject({ source: 'derived from the reference profile', features: 7 });
    expect(q.window.rows).toBe(5000);
    // a heavy tail may step past the derived range now and then, but far below the 1% the default rule alerts on
    for (const v of q.violations) expect(v.rate).toBeLessThan(0.01);
    expect((await firing(app)).filter((a) => a.metric.startsWith('contract'))).toEqual([]);
  });

  it('a days-since field receiving Unix timestamps: a range violation on every such row of the first batch, an alert at the first evaluation', async () => {
    const { app } = make();
    await post(app, healthy(500, 1));
    const broken = withTimestamps(200, 2);
    expect((await post(app, broken)).statusCode).toBe(202); // counted, not rejected: range is not blocking
    const q = await get(app, '/quality');
    const v = q.violations.find((x: { feature: string; rule: string }) => x.feature === 'days_since_last_transaction' && x.rule === 'range');
    expect(v).toMatchObject({ count: 200, rows: 700, blocking: false });
    expect(v.value).toBeGreaterThan(1.7e9);
    expect(v.limit).toBeLessThan(1000); // the derived upper bound, in days
    // the alert: contract_violation_rate (the window's share of rows in violation) > 1%, with what a responder needs
    const a = (await firing(app)).find((x) => x.metric === 'contract_violation_rate' && x.feature === 'days_since_last_transaction');
    expect(a).toBeDefined();
    expect(a!.value).toBeCloseTo(200 / 700, 12);
    expect(a!.runbook).toMatch(/docs\/runbook\.md#data-contract-violations$/);
    expect(a!.context.violations).toContainEqual(expect.objectContaining({ rule: 'range', count: 200 }));
    const m = (await app.inject('/metrics')).body;
    expect(m).toContain('driftkit_contract_violations_total{feature="days_since_last_transaction",rule="range"} 200');
    expect(m).toMatch(/driftkit_contract_violation_rate\{feature="days_since_last_transaction",rule="range"\} 0\.2857/);
    // /drift shows it too: the timestamps are far outside the reference bins (PSI), and the contract's verdict
    const d = await get(app, '/drift');
    expect(d.drifted_features).toContain('days_since_last_transaction');
    expect(d.data_quality).toMatchObject({ ok: false, rows: 700 });
    expect(d.data_quality.features).toContain('days_since_last_transaction');
  });

  it('a renamed column: missing_column for the old name, unexpected_column for the new one; the old feature counts as missing', async () => {
    const { app } = make();
    const renamed = healthy(300, 3).map((r) => {
      const { days_since_last_transaction: d, ...rest } = r.features;
      return { ...r, features: { ...rest, days_since_last_txn: d } };
    });
    expect((await post(app, renamed)).statusCode).toBe(202);
    const q = await get(app, '/quality');
    expect(q.violations).toContainEqual(expect.objectContaining({ feature: 'days_since_last_transaction', rule: 'missing_column', count: 300 }));
    expect(q.violations).toContainEqual(expect.objectContaining({ feature: 'days_since_last_txn', rule: 'unexpected_column', count: 300 }));
    const d = await get(app, '/drift');
    expect(d.features.days_since_last_transaction.null_share.current).toBe(1);
  });

  it('a contract file that makes range blocking: the request is a 400 naming the record and feature, and nothing of it is counted', async () => {
    const file = join(tmp(), 'contract.yaml');
    const c = JSON.parse(serializeContract(deriveContract(fraud)));
    c.features.days_since_last_transaction.blocking = ['range'];
    writeFileSync(file, serializeContract(parseContract(c), { format: 'yaml' }));
    const { app } = make({ contract: file });
    const batch = [...healthy(3, 4), ...withTimestamps(2, 5)];
    const r = await post(app, batch);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ reason: 'contract_violation', field: '[3].features.days_since_last_transaction' });
    expect(r.json().message).toMatch(/range, blocking/);
    const q = await get(app, '/quality');
    expect(q).toMatchObject({ ok: true, window: { rows: 0 } });
    expect((await app.inject('/metrics')).body).toMatch(/driftkit_records_total 0/);
    expect((await app.inject('/metrics')).body).toContain('driftkit_invalid_requests_total{reason="contract_violation"} 1');
    expect(await get(app, '/contract')).toMatchObject({ format: 'driftkit-contract', features: { days_since_last_transaction: { blocking: ['range'] } } });
  });

  it('a type rule that is not blocking: a string in a numeric feature is accepted, counted, and treated as missing', async () => {
    const c = JSON.parse(serializeContract(deriveContract(fraud, { blocking: ['type'] })));
    c.features.transaction_amount.blocking = [];
    const file = join(tmp(), 'contract.json');
    writeFileSync(file, JSON.stringify(c));
    const { app } = make({ contract: file });
    const rs = healthy(100, 6);
    for (let i = 0; i < 10; i++) rs[i].features.transaction_amount = '12.50 EUR';
    expect((await post(app, rs)).statusCode).toBe(202);
    const q = await get(app, '/quality');
    expect(q.violations).toContainEqual(expect.objectContaining({ feature: 'transaction_amount', rule: 'type', count: 10, value: '12.50 EUR', value_type: 'string' }));
    expect((await get(app, '/drift')).features.transaction_amount.null_share.current).toBeCloseTo(0.1, 12);
    // the derived default keeps type blocking: the same request is a 400, as without a contract
    const strict = make();
    expect((await post(strict.app, rs)).json()).toMatchObject({ reason: 'wrong_type', field: '[0].features.transaction_amount' });
  });

  it('the window slides: violations leave /quality once their panes are out of the window', async () => {
    const { app } = make();
    await post(app, withTimestamps(50, 7));
    expect((await get(app, '/quality')).violations.length).toBeGreaterThan(0);
    clock += 11 * 60_000;
    await post(app, healthy(50, 8));
    const q = await get(app, '/quality');
    expect(q.window.rows).toBe(50);
    expect(q.violations.filter((v: { rule: string }) => v.rule === 'range' && (v as unknown as { feature: string }).feature === 'days_since_last_transaction')).toEqual([]);
  });

  it('contract: off — no contract, /quality says so, /contract is a 404', async () => {
    const { app } = make({ contract: 'off' });
    expect(await get(app, '/quality')).toMatchObject({ contract: null, ok: true });
    expect((await app.inject('/contract')).statusCode).toBe(404);
  });
});

describe('freshness', () => {
  const config = { freshness: { sources: { user_features: { max_age: '6h' }, stream_features: '5m', record: '1m' } } };
  const at = (ms: number) => new Date(ms).toISOString();

  it('per source: fresh, stale and missing; the age gauge; an alert on staleness and on a missing source', async () => {
    const { app } = make(config);
    const rs = healthy(20, 9).map((r) => ({ ...r, timestamp: clock - 5_000, sources: { user_features: at(clock - 3_600_000), stream_features: clock - 20 * 60_000 } }));
    expect((await post(app, rs)).statusCode).toBe(202);
    const f = await get(app, '/freshness');
    expect(f.all_fresh).toBe(false);
    expect(f.sources.user_features).toMatchObject({ status: 'fresh', age_ms: 3_600_000, max_age_ms: 21_600_000, window: { records: 20, stale_records: 0 } });
    expect(f.sources.stream_features).toMatchObject({ status: 'stale', age_ms: 1_200_000, window: { records: 20, stale_records: 20, stale_share: 1 } });
    expect(f.sources.record).toMatchObject({ status: 'fresh', age_ms: 5_000 });
    const m = (await app.inject('/metrics')).body;
    expect(m).toContain('driftkit_source_age_seconds{source="stream_features"} 1200');
    expect(m).toContain('driftkit_source_status{source="stream_features"} 1');
    const a = (await firing(app)).find((x) => x.metric === 'source_staleness');
    expect(a).toMatchObject({ feature: 'stream_features', value: 4 });
    // 7 hours later with no record: every source is missing (and user_features, 7h old, stale by age too)
    clock += 7 * 3_600_000;
    const later = await get(app, '/freshness');
    expect(Object.values(later.sources).map((s) => (s as { status: string }).status)).toEqual(['missing', 'missing', 'missing']);
  });

  it('freshness SLOs: by each source\'s max_age, or by their own threshold', async () => {
    const { app } = make({ ...config, slo: { objectives: [
      { name: 'fresh', sli: 'freshness', objective: 0.99 },
      { name: 'stream_10m', sli: 'freshness', objective: 0.9, threshold: '10m', source: 'stream_features' },
    ] } });
    const rs = healthy(10, 12).map((r, i) => ({ ...r, sources: { user_features: clock - 60_000, stream_features: clock - (i < 4 ? 8 * 60_000 : 12 * 60_000) } }));
    await post(app, rs);
    const [fresh, s10] = (await get(app, '/slo')).slos;
    // max_age: user_features (6h) 10 of 10 good; stream_features (5m) 0 of 10
    expect(fresh).toMatchObject({ good: 10, total: 20 });
    expect(fresh.labels).toMatchObject({ user_features: { good: 10, total: 10 }, stream_features: { good: 0, total: 10 } });
    // its own 10-minute threshold, stream_features only: the 4 records served 8 minutes old are good
    expect(s10).toMatchObject({ good: 4, total: 10, label: 'stream_features' });
  });

  it('unknown source names are counted, not tracked; a bad source timestamp is a 400 naming it', async () => {
    const { app } = make(config);
    await post(app, { ...healthy(1, 10)[0], sources: { other: clock } });
    expect((await get(app, '/freshness')).unknown_sources).toEqual({ other: 1 });
    const r = await post(app, { ...healthy(1, 11)[0], sources: { user_features: 'yesterday' } });
    expect(r.json()).toMatchObject({ reason: 'wrong_type', field: 'sources.user_features' });
  });
});

describe('SLOs and error budgets', () => {
  it('GET /slo: the default SLOs; an error-rate burn spends the budget and the fast burn alert fires', async () => {
    const { app } = make({ slo: { objectives: [{ name: 'errors', sli: 'error_rate', objective: 0.99 }, { name: 'latency', sli: 'latency', objective: 0.99, threshold: '500ms' }] } });
    // 10 minutes of 1,000 records a minute, 20% errors: a burn rate of 20 over 5m (and 1h: the only traffic)
    for (let m = 0; m < 10; m++) {
      const rs = healthy(1000, 100 + m).map((r, i) => ({ ...r, error: i % 5 === 0 }));
      expect((await post(app, rs)).statusCode).toBe(202);
      clock += 60_000;
    }
    const s = await get(app, '/slo');
    const e = s.slos.find((x: { name: string }) => x.name === 'errors');
    expect(e).toMatchObject({ sli: 'error_rate', objective: 0.99, good: 8000, total: 10000 });
    expect(e.compliance).toBeCloseTo(0.8, 12);
    expect(e.burn_rates['5m']).toBeCloseTo(20, 9);
    expect(e.error_budget.remaining).toBeCloseTo(1 - 2000 / 100, 9);
    expect(e.alerts.map((a: { alert: string }) => a.alert)).toEqual(['fast', 'slow', 'ticket']); // a burn of 20 beats 14.4, 6 and 1 over every window
    const a = (await firing(app)).find((x) => x.metric === 'slo_burn_rate_fast');
    expect(a).toMatchObject({ feature: 'errors' });
    const m = (await app.inject('/metrics')).body;
    expect(m).toContain('driftkit_sli_events_total{slo="errors",sli="error_rate"} 10000');
    expect(m).toContain('driftkit_sli_good_total{slo="errors",sli="error_rate"} 8000');
    expect(m).toContain('driftkit_slo_objective{slo="errors"} 0.99');
    expect(m).toMatch(/driftkit_slo_burn_rate\{slo="errors",window="5m"\} 20/);
  });

  it('drift SLI: every closed window counts, per feature', async () => {
    const { app } = make({ window: { kind: 'tumbling', rows: 500 }, slo: { objectives: [{ name: 'drift', sli: 'drift', objective: 0.95 }] } });
    await post(app, healthy(500, 20));
    await post(app, withTimestamps(500, 21));
    await get(app, '/drift'); // flushes the buffer into the monitor
    const s = (await get(app, '/slo')).slos[0];
    expect(s.total).toBe(2 * 7);
    expect(s.labels.days_since_last_transaction).toMatchObject({ good: 1, total: 2 });
    expect(s.labels.transaction_amount).toMatchObject({ good: 2, total: 2 });
  });

  it('a restart with the same data dir keeps the contract window, freshness and SLO state', async () => {
    const dir = tmp();
    const cfg = { freshness: { sources: { user_features: '6h' } }, slo: { objectives: [{ name: 'errors', sli: 'error_rate', objective: 0.99 }] } };
    const a = make(cfg, dir);
    await post(a.app, withTimestamps(40, 30).map((r, i) => ({ ...r, error: i < 4, sources: { user_features: clock - 60_000 } })));
    const before = { q: await get(a.app, '/quality'), f: await get(a.app, '/freshness'), s: await get(a.app, '/slo') };
    await a.service.close();
    services.splice(services.indexOf(a.service), 1);
    const b = make(cfg, dir);
    expect((await get(b.app, '/quality')).violations).toEqual(before.q.violations);
    expect(await get(b.app, '/freshness')).toEqual(before.f);
    expect(await get(b.app, '/slo')).toEqual(before.s);
  });
});

describe('runbook links', () => {
  it('every alert metric\'s runbook anchor is a heading of docs/runbook.md, and every default rule has one', () => {
    const doc = readFileSync(new URL('../../docs/runbook.md', import.meta.url), 'utf8');
    const anchors = new Set([...doc.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-')));
    for (const a of Object.values(RUNBOOK_ANCHOR)) expect(anchors, a).toContain(a);
    for (const r of DEFAULT_RULES) expect(RUNBOOK_ANCHOR).toHaveProperty((r as { metric: string }).metric);
  });
});
