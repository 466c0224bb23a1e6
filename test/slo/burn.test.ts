// Burn-rate math and the bridge to the service's alert engine: samples, generated rules, and an AlertEngine
// that pages on a fast burn and resolves after it.
import { describe, expect, it } from 'vitest';
import { AlertEngine, KNOWN_METRICS, validateRules } from '../../src/alerts/index.js';
import {
  budgetShare, burnAlertRules, burnAlertSamples, burnRate, errorBudget, evaluateBurnAlerts, sloMetricNames, type SloStatus,
} from '../../src/slo/index.js';
import { caught } from '../helpers/errors.js';
import { MIN, T0, stream, tracker } from './helpers.js';

describe('burnRate and errorBudget', () => {
  it('match the definitions', () => {
    expect(burnRate(980, 1000, 0.99)).toBe(2); // budgetShare(0.99) is 0.01, not 1 − 0.99 = 0.010000000000000009
    expect(budgetShare(0.99)).toBe(0.01);
    expect(budgetShare(0.9999)).toBe(0.0001);
    expect(budgetShare(0.95)).toBe(0.05);
    expect(burnRate(1000, 1000, 0.99)).toBe(0);
    expect(burnRate(0, 1000, 0.999)).toBeCloseTo(1000, 9);
    expect(burnRate(0, 0, 0.99)).toBe(0);
    const b = errorBudget(99_950, 100_000, 0.999);
    expect(b.total).toBeCloseTo(100, 9);
    expect(b.consumed).toBe(50);
    expect(b.remaining).toBeCloseTo(0.5, 12);
    expect(errorBudget(0, 0, 0.99)).toEqual({ total: 0, consumed: 0, remaining: 1 });
  });
});

describe('evaluateBurnAlerts', () => {
  const status = (rates: Record<string, number>): SloStatus => ({
    name: 's', sli: 'latency', objective: 0.99, period: '28d', period_ms: 0, threshold: 500, label: null, good: 0, total: 0,
    compliance: null, error_budget: { total: 0, consumed: 0, remaining: 0.25 }, burn_rates: rates, windows: {}, alerts: [], labels: {},
  });

  it('needs both windows strictly over the rate', () => {
    const base = { '5m': 0, '30m': 0, '1h': 0, '6h': 0, '3d': 0 };
    expect(evaluateBurnAlerts(status({ ...base, '1h': 20, '5m': 14.4 }))).toEqual([]);
    expect(evaluateBurnAlerts(status({ ...base, '1h': 20, '5m': 15 }))).toEqual([
      { slo: 's', sli: 'latency', alert: 'fast', severity: 'critical', threshold: 14.4, long: { window: '1h', burn_rate: 20 }, short: { window: '5m', burn_rate: 15 } },
    ]);
    expect(evaluateBurnAlerts([status({ ...base, '6h': 7, '30m': 100, '3d': 2 })]).map((a) => a.alert)).toEqual(['slow', 'ticket']);
  });

  it('names a status that lacks a window of the pairs', () => {
    const e = caught(() => evaluateBurnAlerts(status({ '5m': 1 })));
    expect(e.argument).toBe('status.burn_rates');
    expect(e.message).toMatch(/no 1h \/ 5m window/);
  });

  it('samples carry min(long, short) so that `value > rate` is the two-window condition', () => {
    const samples = burnAlertSamples([status({ '5m': 30, '30m': 2, '1h': 16, '6h': 7, '3d': 0.5 })]);
    expect(samples.map((s) => [s.metric, s.feature, s.value])).toEqual([
      ['slo_burn_rate_fast', 's', 16], ['slo_burn_rate_slow', 's', 2], ['slo_burn_rate_ticket', 's', 0.5],
      ['slo_error_budget_remaining', 's', 0.25],
    ]);
    expect(samples[0]!.context).toMatchObject({ long_window: '1h', long_burn_rate: 16, short_window: '5m', short_burn_rate: 30 });
  });
});

describe('the service alert engine on SLO burn', () => {
  it('generated rules validate against the SLO metric names', () => {
    expect(sloMetricNames()).toEqual(['slo_burn_rate_fast', 'slo_burn_rate_slow', 'slo_burn_rate_ticket', 'slo_error_budget_remaining']);
    const rules = validateRules(burnAlertRules(), [...KNOWN_METRICS, ...sloMetricNames()]);
    expect(rules.map((r) => [r.name, r.metric, r.threshold, r.severity, r.forMs])).toEqual([
      ['slo_fast_burn', 'slo_burn_rate_fast', 14.4, 'critical', 120_000],
      ['slo_slow_burn', 'slo_burn_rate_slow', 6, 'warning', 900_000],
      ['slo_ticket_burn', 'slo_burn_rate_ticket', 1, 'info', 3_600_000],
    ]);
    expect(rules[0]!.runbook).toBe('https://github.com/driftkit/driftkit/blob/main/docs/slo-runbook.md#slofastburn');
  });

  it('pages on a total outage 2 minutes after the pair holds and resolves when the short window clears', () => {
    const { tr, clock } = tracker({ slos: [{ name: 'api', sli: 'error_rate', objective: 0.999 }] });
    const engine = new AlertEngine({ rules: burnAlertRules(), now: clock.now });
    const evaluate = () => engine.evaluate(burnAlertSamples(tr.status().slos));
    stream(tr, clock, 'error_rate', 0, 6 * 60, 1000, 0, () => { evaluate(); });
    const fired: number[] = [];
    const resolved: number[] = [];
    const step = (m: number) => {
      const r = evaluate();
      if (r.fired.some((a) => a.rule === 'slo_fast_burn')) fired.push(m);
      if (r.resolved.some((a) => a.rule === 'slo_fast_burn')) resolved.push(m);
    };
    stream(tr, clock, 'error_rate', 6 * 60, 10, 1000, 1000, step);
    // 1000x burn: the pair holds from the first bad minute, the rule's for: 2m fires it 2 minutes later.
    expect(fired).toEqual([2]);
    const alert = engine.firing().find((a) => a.rule === 'slo_fast_burn')!;
    expect(alert).toMatchObject({ feature: 'api', severity: 'critical', startsAt: T0 + 6 * 60 * MIN });
    expect(alert.context).toMatchObject({ slo: 'api', sli: 'error_rate', long_window: '1h', short_window: '5m' });
    stream(tr, clock, 'error_rate', 6 * 60 + 10, 10, 1000, 0, (m) => step(10 + m));
    // Back to good at minute 10: the 5m window (6 buckets) is clear of bad minutes at minute 15.
    expect(resolved).toEqual([15]);
  });
});
