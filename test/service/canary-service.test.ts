// The canary comparison inside the service: records carry model_version (per record, or per row of a columnar
// batch), GET /canary compares the candidate's live traffic with the baseline's, the verdict reaches /metrics
// and the alert rules, and a version that appears is the deploy alert contexts name (without flip-flopping).
import { afterEach, describe, expect, it } from 'vitest';
import { applyConfig } from '../../src/service/config.js';
import { harness } from './harness.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

type Rec = { features: Record<string, unknown>; prediction: number; probability: number; latency_ms: number; error?: boolean; model_version?: string };
let clock = Date.parse('2026-12-01T00:00:00Z');
const { make, post, get, closeAll } = harness(() => clock);
afterEach(closeAll);

/** 90% of the traffic on v1 and 10% on v2, interleaved in each request; `bad` makes v2 fail and shift its scores. */
function traffic(n: number, seed: number, bad: boolean): Rec[] {
  return (records(n, seed) as Rec[]).map((r, i) => {
    if (i % 10 !== 0) return { ...r, model_version: 'v1' };
    if (!bad) return { ...r, model_version: 'v2' };
    const p = Math.min(1, r.probability + 0.3);
    return { ...r, probability: p, prediction: p > 0.5 ? 1 : 0, error: i % 50 === 0, model_version: 'v2' };
  });
}

describe('canary in the service', () => {
  it('a healthy canary is promoted once both versions have enough rows; before that: insufficient_data', async () => {
    const { app } = make();
    await post(app, traffic(2000, 1, false));
    expect(await get(app, '/canary')).toMatchObject({ verdict: 'insufficient_data', baseline: { version: 'v1', rows: 1800 }, candidate: { version: 'v2', rows: 200 } });
    for (let i = 0; i < 5; i++) { clock += 30_000; await post(app, traffic(2000, 2 + i, false)); }
    const s = await get(app, '/canary');
    expect(s).toMatchObject({ verdict: 'promote', baseline: { version: 'v1', rows: 10_800 }, candidate: { version: 'v2', rows: 1200 } });
    expect(s.comparison.drifted_features).toEqual([]);
    expect((await app.inject('/metrics')).body).toContain('driftkit_canary_verdict{baseline="v1",candidate="v2"} 0');
  });

  it('a bad canary (shifted scores, 20% errors): rollback with reasons, the gauge, and the default rule fires after two evaluations', async () => {
    const { app, service } = make();
    for (let i = 0; i < 6; i++) { clock += 30_000; await post(app, traffic(2000, 10 + i, true)); }
    const s = await get(app, '/canary');
    expect(s.verdict).toBe('rollback');
    expect(s.reasons.join(' ')).toMatch(/prediction probability PSI [\d.]+ ≥ 0\.25/);
    expect(s.comparison.prediction.psi).toBeGreaterThan(0.25);
    expect(s.comparison.error_rate.delta).toBeCloseTo(0.2, 12); // every 5th v2 row fails
    const m = (await app.inject('/metrics')).body;
    expect(m).toContain('driftkit_canary_verdict{baseline="v1",candidate="v2"} 2');
    expect(m).toMatch(/driftkit_canary_rows\{role="candidate"\} 1200/);
    service.evaluate();
    clock += 10_000;
    service.evaluate();
    const firing = (await get(app, '/alerts')).firing as { metric: string; action: string; runbook: string; context: Record<string, unknown> }[];
    const a = firing.find((x) => x.metric === 'canary_verdict');
    expect(a).toMatchObject({ action: 'rollback', runbook: expect.stringMatching(/runbook\.md#canary$/) });
    expect(a!.context).toMatchObject({ baseline: 'v1', candidate: 'v2', verdict: 'rollback' });
  });

  it('columnar batches carry one model_version per row; roles can be named per request', async () => {
    const { app } = make();
    const rs = traffic(1000, 20, false);
    const cols: Record<string, unknown[]> = {};
    for (const r of rs) for (const [k, v] of Object.entries(r.features)) (cols[k] ??= []).push(v);
    const body = { columns: cols, prediction: rs.map((r) => r.prediction), probability: rs.map((r) => r.probability), latency_ms: rs.map((r) => r.latency_ms), model_version: rs.map((r) => r.model_version) };
    expect((await post(app, body)).statusCode).toBe(202);
    expect(await get(app, '/canary')).toMatchObject({ baseline: { version: 'v1', rows: 900 }, candidate: { version: 'v2', rows: 100 } });
    expect(await get(app, '/canary?baseline=v2&candidate=v1')).toMatchObject({ baseline: { version: 'v2' }, candidate: { version: 'v1' } });
    expect((await app.inject('/canary?candidate=')).json()).toMatchObject({ reason: 'schema', field: 'candidate' });
  });

  it('alert contexts name the version that appeared last and since when, even as both versions keep serving', async () => {
    const { app, service } = make();
    await post(app, (records(10, 30) as Rec[]).map((r) => ({ ...r, model_version: 'v1' })));
    clock += 60_000;
    const v2At = clock;
    await post(app, traffic(100, 31, false));
    clock += 60_000;
    await post(app, traffic(100, 32, false)); // v1 rows come last in this request: no flip back
    expect((await get(app, '/drift')).model_version).toBe('v2');
    const ctx = (service as unknown as { modelContext(): { deploy: { version: string; changed_at: string } } }).modelContext();
    expect(ctx.deploy).toMatchObject({ version: 'v2', changed_at: new Date(v2At).toISOString() });
  });

  it('canary: { enabled: false } turns it off; bad gates are a config error naming them', async () => {
    const { app } = make({ canary: { enabled: false } });
    expect(await get(app, '/canary')).toEqual({ enabled: false });
    expect(() => applyConfig({ canary: { gates: { min_rowz: 3 } } })).toThrow(/canary\.gates\.min_rowz is not a config field/);
  });
});
