// The alert engine: confirmation by `for` and `windows`, resolution, cooldown, incident grouping, severity
// tiers, NaN handling, snapshot/restore (mid-cooldown, like the uninterrupted engine; corrupt snapshots), and
// fast-check properties (no throw on random sample sequences; firing ⊆ rules × features; incident and
// cooldown invariants).
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  AlertEngine, parseRules, type Alert, type AlertEngineOptions, type AlertNotifier, type Incident, type MetricSample,
} from '../../src/alerts/index.js';
import { DriftkitError } from '../../src/errors.js';
import { caught } from '../helpers/errors.js';

const S = 1000;
const MIN = 60 * S;
const T0 = Date.UTC(2025, 0, 1);

const example = [
  { metric: 'psi_score', threshold: 0.25, action: 'alert' },
  { metric: 'psi_score', threshold: 0.5, action: 'rollback' },
  { metric: 'latency_p99', threshold: 0.5, action: 'scale_down' },
  { metric: 'error_rate', threshold: 0.05, action: 'rollback' },
];
const psi = (feature: string, value: number, context?: Record<string, unknown>): MetricSample =>
  ({ metric: 'psi_score', feature, value, ...(context ? { context } : {}) });

function recorder() {
  const calls: { alert: Alert; incident: Incident }[] = [];
  const notifier: AlertNotifier = { notify: (alert, incident) => { calls.push({ alert, incident }); } };
  return { calls, notifier };
}

describe('severity tiers', () => {
  it('psi 0.3 fires the 0.25 alert but not the 0.5 rollback; 0.6 fires both', () => {
    const a = new AlertEngine({ rules: example });
    const r1 = a.evaluate([psi('age', 0.3)], T0);
    expect(r1.fired.map((x) => [x.rule, x.action, x.severity])).toEqual([['psi_score_alert_0.25', 'alert', 'warning']]);

    const b = new AlertEngine({ rules: example });
    const r2 = b.evaluate([psi('age', 0.6)], T0);
    expect(r2.fired.map((x) => [x.rule, x.action, x.severity])).toEqual([
      ['psi_score_alert_0.25', 'alert', 'warning'], ['psi_score_rollback_0.5', 'rollback', 'critical'],
    ]);
    // One cause, one incident, at the highest severity.
    expect(new Set(r2.fired.map((x) => x.incidentId)).size).toBe(1);
    expect(b.incidents()).toMatchObject([{ severity: 'critical', state: 'open', alertIds: r2.fired.map((x) => x.id) }]);

    // 0.3 → 0.6 escalates: the rollback fires, the warning keeps firing.
    const r3 = a.evaluate([psi('age', 0.6)], T0 + MIN);
    expect(r3.fired.map((x) => x.rule)).toEqual(['psi_score_rollback_0.5']);
    expect(a.firing().map((x) => x.rule)).toEqual(['psi_score_alert_0.25', 'psi_score_rollback_0.5']);
  });

  it('fills in the alert fields', () => {
    const e = new AlertEngine({ rules: [{ ...example[1], runbook: 'https://wiki.example.com/rollback' }] });
    const ctx = { top_bins: [{ bin: '[30, 40)', ref: 0.1, cur: 0.3 }], window: { rows: 5000 }, model_version: 'v7' };
    const [a] = e.evaluate([psi('age', 0.7, ctx)], T0).fired;
    expect(a).toEqual({
      id: expect.any(String), rule: 'psi_score_rollback_0.5', metric: 'psi_score', feature: 'age', value: 0.7, lastValue: 0.7,
      threshold: 0.5, op: '>', severity: 'critical', action: 'rollback', state: 'firing', startsAt: T0, firedAt: T0,
      resolvedAt: null, incidentId: expect.any(String), runbook: 'https://wiki.example.com/rollback', context: ctx,
      notified: true,
    });
    // Copies in, copies out.
    ctx.window.rows = 1;
    a.context!.model_version = 'changed';
    expect(e.firing()[0].context).toEqual({ ...ctx, window: { rows: 5000 } });
  });

  it('handles global metrics and the other comparison operators', () => {
    const e = new AlertEngine({ rules: [...example, { metric: 'accuracy', op: '<', threshold: 0.8, action: 'retrain' }] });
    const r = e.evaluate([
      { metric: 'latency_p99', value: 0.7 }, { metric: 'error_rate', value: 0.01 }, { metric: 'accuracy', value: 0.75 },
    ], T0);
    expect(r.fired.map((x) => [x.rule, x.feature])).toEqual([['latency_p99_scale_down_0.5', null], ['accuracy_retrain_0.8', null]]);
    expect(e.states()).toEqual([
      { rule: 'latency_p99_scale_down_0.5', metric: 'latency_p99', feature: '*', action: 'scale_down', severity: 'warning', state: 2 },
      { rule: 'error_rate_rollback_0.05', metric: 'error_rate', feature: '*', action: 'rollback', severity: 'critical', state: 0 },
      { rule: 'accuracy_retrain_0.8', metric: 'accuracy', feature: '*', action: 'retrain', severity: 'warning', state: 2 },
    ]);
    expect(new AlertEngine({ rules: [{ metric: 'm', op: '>=', threshold: 1, action: 'alert' }] }).evaluate([{ metric: 'm', value: 1 }], T0).fired).toHaveLength(1);
    expect(new AlertEngine({ rules: [{ metric: 'm', op: '<=', threshold: 1, action: 'alert' }] }).evaluate([{ metric: 'm', value: 1 }], T0).fired).toHaveLength(1);
    expect(new AlertEngine({ rules: [{ metric: 'm', op: '>', threshold: 1, action: 'alert' }] }).evaluate([{ metric: 'm', value: 1 }], T0).fired).toHaveLength(0);
  });

  it('watches only the listed features', () => {
    const e = new AlertEngine({ rules: [{ ...example[0], features: ['age'] }] });
    expect(e.evaluate([psi('plan', 0.9), psi('age', 0.9), { metric: 'psi_score', value: 0.9 }], T0).fired.map((a) => a.feature)).toEqual(['age']);
    expect(e.states().map((s) => s.feature)).toEqual(['age']);
  });
});

describe('confirmation', () => {
  it('for: the condition must hold that long before firing', () => {
    const e = new AlertEngine({ rules: [{ ...example[0], for: '5m' }] });
    expect(e.evaluate([psi('age', 0.4)], T0).fired).toEqual([]);
    expect(e.pending()).toMatchObject([{ feature: 'age', state: 'pending', startsAt: T0, firedAt: null }]);
    expect(e.states()[0].state).toBe(1);
    expect(e.evaluate([psi('age', 0.5)], T0 + 2 * MIN).fired).toEqual([]);
    // No data (NaN) neither fires nor resets.
    expect(e.evaluate([psi('age', NaN)], T0 + 5 * MIN).fired).toEqual([]);
    expect(e.evaluate([psi('age', 0.45)], T0 + 5 * MIN - 1).fired).toEqual([]);
    const [a] = e.evaluate([psi('age', 0.3)], T0 + 5 * MIN).fired;
    expect(a).toMatchObject({ state: 'firing', startsAt: T0, firedAt: T0 + 5 * MIN, value: 0.3 });
    expect(e.states()[0].state).toBe(2);
  });

  it('for: a lapse restarts the clock', () => {
    const e = new AlertEngine({ rules: [{ ...example[0], for: '5m' }] });
    e.evaluate([psi('age', 0.4)], T0);
    e.evaluate([psi('age', 0.1)], T0 + 2 * MIN);
    expect(e.pending()).toEqual([]);
    expect(e.states()[0].state).toBe(0);
    e.evaluate([psi('age', 0.4)], T0 + 4 * MIN);
    expect(e.evaluate([psi('age', 0.4)], T0 + 6 * MIN).fired).toEqual([]);
    expect(e.evaluate([psi('age', 0.4)], T0 + 9 * MIN).fired).toMatchObject([{ startsAt: T0 + 4 * MIN }]);
  });

  it('windows: N consecutive evaluations', () => {
    const e = new AlertEngine({ rules: [{ ...example[0], windows: 3 }] });
    expect(e.evaluate([psi('age', 0.4)], T0).fired).toEqual([]);
    expect(e.evaluate([psi('age', 0.4)], T0 + 1).fired).toEqual([]);
    expect(e.evaluate([psi('age', 0.1)], T0 + 2).fired).toEqual([]); // broken: start again
    expect(e.evaluate([psi('age', 0.4)], T0 + 3).fired).toEqual([]);
    expect(e.evaluate([psi('age', 0.4)], T0 + 4).fired).toEqual([]);
    expect(e.evaluate([psi('age', NaN)], T0 + 5).fired).toEqual([]); // no data: not counted either way
    expect(e.evaluate([psi('age', 0.4)], T0 + 6).fired).toMatchObject([{ startsAt: T0 + 3, firedAt: T0 + 6 }]);
  });
});

describe('resolution', () => {
  it('resolves after resolve_after consecutive OK evaluations; NaN does not resolve', () => {
    const e = new AlertEngine({ rules: [{ ...example[0], resolve_after: 2 }] });
    const [a] = e.evaluate([psi('age', 0.4)], T0).fired;
    expect(e.evaluate([psi('age', 0.1)], T0 + MIN).resolved).toEqual([]);
    expect(e.evaluate([psi('age', 0.3)], T0 + 2 * MIN).resolved).toEqual([]); // bad again: the OK count restarts
    expect(e.evaluate([psi('age', 0.1)], T0 + 3 * MIN).resolved).toEqual([]);
    expect(e.evaluate([psi('age', NaN)], T0 + 4 * MIN).resolved).toEqual([]);
    expect(e.firing()).toMatchObject([{ id: a.id, lastValue: 0.1, value: 0.4 }]);
    const r = e.evaluate([psi('age', 0.05)], T0 + 5 * MIN);
    expect(r.fired).toEqual([]);
    expect(r.resolved).toMatchObject([{ id: a.id, state: 'resolved', resolvedAt: T0 + 5 * MIN, firedAt: T0, lastValue: 0.05 }]);
    expect(e.firing()).toEqual([]);
    expect(e.history()).toEqual(r.resolved);
    expect(e.incidents()).toMatchObject([{ id: a.incidentId, state: 'resolved', resolvedAt: T0 + 5 * MIN, activeAlertIds: [] }]);
    expect(e.states()[0].state).toBe(0);
  });

  it('bounds history and resolved incidents by historyLimit', () => {
    const e = new AlertEngine({ rules: [example[0]], historyLimit: 3, groupWindowMs: 0 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(e.evaluate([psi('age', 0.4)], T0 + 2 * i * MIN).fired[0].id);
      e.evaluate([psi('age', 0.1)], T0 + (2 * i + 1) * MIN);
    }
    expect(e.history().map((a) => a.id)).toEqual(ids.slice(3));
    expect(e.incidents()).toHaveLength(3);
    expect(e.incidents().map((i) => i.alertIds[0])).toEqual(ids.slice(3));
  });
});

describe('cooldown', () => {
  it('a flapping metric fires every time but notifies once per cooldown', () => {
    const { calls, notifier } = recorder();
    const e = new AlertEngine({ rules: [example[0]], notifier });
    let fired = 0;
    let resolved = 0;
    for (let m = 0; m < 120; m++) {
      const r = e.evaluate([psi('age', m % 2 === 0 ? 0.4 : 0.1)], T0 + m * MIN);
      fired += r.fired.length;
      resolved += r.resolved.length;
      for (const a of r.fired) expect(a.notified).toBe(calls.at(-1)?.alert.id === a.id);
    }
    expect(fired).toBe(60);
    expect(resolved).toBe(60);
    // Cooldown 30m: notified at minutes 0, 30, 60 and 90 only.
    expect(calls.map((c) => (c.alert.firedAt! - T0) / MIN)).toEqual([0, 30, 60, 90]);
    expect(e.history()).toHaveLength(60);
  });

  it('is per (rule, feature)', () => {
    const { calls, notifier } = recorder();
    const e = new AlertEngine({ rules: [{ ...example[0], cooldown: '10m' }], notifier });
    e.evaluate([psi('age', 0.4)], T0);
    e.evaluate([psi('age', 0.1)], T0 + MIN);
    e.evaluate([psi('age', 0.4), psi('plan', 0.4)], T0 + 2 * MIN);
    expect(calls.map((c) => c.alert.feature)).toEqual(['age', 'plan']);
    e.evaluate([psi('age', 0.1)], T0 + 9 * MIN);
    e.evaluate([psi('age', 0.4)], T0 + 10 * MIN);
    expect(calls.map((c) => c.alert.feature)).toEqual(['age', 'plan', 'age']);
  });

  it('cooldown 0 notifies every firing; no notifier still tracks notified', () => {
    const { calls, notifier } = recorder();
    const e = new AlertEngine({ rules: [{ ...example[0], cooldown: '0s' }], notifier });
    const quiet = new AlertEngine({ rules: [example[0]] });
    for (let m = 0; m < 6; m++) {
      e.evaluate([psi('age', m % 2 ? 0.1 : 0.4)], T0 + m * MIN);
      quiet.evaluate([psi('age', m % 2 ? 0.1 : 0.4)], T0 + m * MIN);
    }
    expect(calls).toHaveLength(3);
    expect(quiet.history().map((a) => a.notified)).toEqual([true, false, false]);
  });
});

describe('incidents', () => {
  it('5 features drifting in one evaluation are one incident; later unrelated firings open a new one', () => {
    const { calls, notifier } = recorder();
    const e = new AlertEngine({ rules: example, notifier });
    const features = ['f1', 'f2', 'f3', 'f4', 'f5'];
    const r = e.evaluate(features.map((f) => psi(f, 0.3, { window: { rows: 1000 } })), T0);
    expect(r.fired).toHaveLength(5);
    const [inc] = e.incidents();
    expect(e.incidents()).toHaveLength(1);
    expect(inc).toMatchObject({ state: 'open', severity: 'warning', openedAt: T0, lastFiredAt: T0, alertIds: r.fired.map((a) => a.id) });
    // Every notification carries the whole incident of its evaluation.
    expect(calls).toHaveLength(5);
    for (const c of calls) expect(c.incident).toEqual(inc);

    // Within groupWindowMs of the last firing: joins (and raises the severity).
    const r2 = e.evaluate([{ metric: 'error_rate', value: 0.2 }], T0 + 3 * MIN);
    expect(r2.fired[0].incidentId).toBe(inc.id);
    expect(e.incidents()).toMatchObject([{ id: inc.id, severity: 'critical', lastFiredAt: T0 + 3 * MIN }]);
    expect(e.incidents()[0].alertIds).toHaveLength(6);

    // More than groupWindowMs (5 min) after the last firing: a new incident, though the first is still open.
    const r3 = e.evaluate([{ metric: 'latency_p99', value: 0.9 }], T0 + 8 * MIN + 1);
    expect(r3.fired[0].incidentId).not.toBe(inc.id);
    const incs = e.incidents();
    expect(incs.map((i) => [i.state, i.severity, i.alertIds.length])).toEqual([['open', 'critical', 6], ['open', 'warning', 1]]);

    // An incident resolves when all its alerts have.
    e.evaluate([...features.slice(0, 4).map((f) => psi(f, 0.1))], T0 + 9 * MIN);
    expect(e.incidents()[0]).toMatchObject({ state: 'open', activeAlertIds: [r.fired[4].id, r2.fired[0].id] });
    e.evaluate([psi('f5', 0.1), { metric: 'error_rate', value: 0.01 }], T0 + 10 * MIN);
    expect(e.incidents().map((i) => [i.state, i.resolvedAt])).toEqual([['resolved', T0 + 10 * MIN], ['open', null]]);

    // A resolved incident takes no new alerts, even within the window.
    const r4 = e.evaluate([psi('f1', 0.4)], T0 + 10 * MIN + 1);
    expect(r4.fired[0].incidentId).toBe(r3.fired[0].incidentId); // joins the open one (fired at 8m, within 5m)
    const r5 = e.evaluate([{ metric: 'latency_p99', value: 0.1 }, psi('f1', 0.1), psi('f2', 0.4)], T0 + 11 * MIN);
    expect(r5.resolved).toHaveLength(2);
    expect(e.incidents()).toHaveLength(3);
    expect(r5.fired[0].incidentId).toBe(e.incidents()[2].id);
  });

  it('groupWindowMs 0 groups one evaluation only', () => {
    const e = new AlertEngine({ rules: [example[0]], groupWindowMs: 0 });
    e.evaluate([psi('a', 1), psi('b', 1)], T0);
    e.evaluate([psi('c', 1)], T0 + 1);
    expect(e.incidents().map((i) => i.alertIds.length)).toEqual([2, 1]);
  });
});

describe('notifier', () => {
  it('is not awaited, and its failures never reach evaluate()', async () => {
    const errors: unknown[] = [];
    let resolveSlow!: () => void;
    const notifier: AlertNotifier = {
      notify: (a) => {
        if (a.feature === 'sync') throw new Error('sync boom');
        if (a.feature === 'async') return Promise.reject(new Error('async boom'));
        return new Promise<void>((r) => { resolveSlow = r; });
      },
    };
    const e = new AlertEngine({ rules: [example[0]], notifier, onNotifyError: (err) => { errors.push(err); throw new Error('handler boom'); } });
    const r = e.evaluate([psi('sync', 1), psi('async', 1), psi('slow', 1)], T0);
    expect(r.fired).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors.map((x) => (x as Error).message)).toEqual(['sync boom', 'async boom']);
    resolveSlow();
  });
});

describe('routing and defaults', () => {
  it("hands the notifier the rule's webhooks, else the global list (not part of the alert)", () => {
    const got: [string, readonly string[]][] = [];
    const e = new AlertEngine({
      rules: [{ ...example[0], webhooks: ['https://own.example/hook'] }, example[2]],
      webhooks: ['https://global.example/a', 'https://global.example/b'],
      notifier: { notify: (a, _i, urls) => { got.push([a.rule, urls]); } },
    });
    e.evaluate([psi('age', 1), { metric: 'latency_p99', value: 1 }], T0);
    expect(got).toEqual([
      ['psi_score_alert_0.25', ['https://own.example/hook']],
      ['latency_p99_scale_down_0.5', ['https://global.example/a', 'https://global.example/b']],
    ]);
    expect(JSON.stringify([e.firing(), e.snapshot()])).not.toContain('example/');
  });

  it('defaultCooldown applies to rules that set no cooldown', () => {
    const e = new AlertEngine({ rules: [example[0], { ...example[1], cooldown: '1h' }], defaultCooldown: '5m' });
    expect(e.rules.map((r) => r.cooldownMs)).toEqual([5 * MIN, 60 * MIN]);
    expect(caught(() => new AlertEngine({ rules: example, defaultCooldown: '5 min' })).argument).toBe('options.defaultCooldown');
  });
});

describe('input errors', () => {
  it('names the argument', () => {
    const e = new AlertEngine({ rules: example });
    const cases: [() => unknown, string][] = [
      [() => e.evaluate('psi' as never, T0), 'samples'],
      [() => e.evaluate([psi('a', 1), { metric: 'psi_score', value: '0.3' } as never], T0), 'samples[1].value'],
      [() => e.evaluate([{ metric: 'psi_score', feature: 3, value: 1 } as never], T0), 'samples[0].feature'],
      [() => e.evaluate([{ value: 1 } as never], T0), 'samples[0].metric'],
      [() => e.evaluate([null as never], T0), 'samples[0]'],
      [() => e.evaluate([{ metric: 'psi_score', value: 1, context: 'x' } as never], T0), 'samples[0].context'],
      [() => e.evaluate([], NaN), 'now'],
      [() => new AlertEngine({ rules: [{ metric: 'psi_score', threshold: '1', action: 'alert' }] }), 'alerts.rules[0].threshold'],
      [() => new AlertEngine({ rules: [{ metric: 'psi_scor', threshold: 1, action: 'alert' }], knownMetrics: ['psi_score'] }), 'alerts.rules[0].metric'],
      [() => new AlertEngine({ rules: example, webhooks: ['ftp://x'] }), 'options.webhooks[0]'],
      [() => new AlertEngine({ rules: example, groupWindowMs: -1 }), 'options.groupWindowMs'],
      [() => new AlertEngine({ rules: example, historyLimit: 1.5 }), 'options.historyLimit'],
      [() => new AlertEngine({ rules: example, notifier: {} as never }), 'options.notifier'],
      [() => new AlertEngine({ rules: example, grouping: 1 } as never), 'options.grouping'],
    ];
    for (const [fn, arg] of cases) expect(caught(fn).argument).toBe(arg);
  });

  it('uses options.now when evaluate gets no time, and takes parsed rules', () => {
    let t = T0;
    const e = new AlertEngine({ rules: parseRules(example), now: () => t });
    t += 7;
    expect(e.evaluate([psi('a', 1)]).fired[0].firedAt).toBe(T0 + 7);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Snapshot / restore
// ---------------------------------------------------------------------------------------------------------

/** Alerts and incidents without their random ids, to compare two engines. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (/^(id|incidentId|alertIds|activeAlertIds)$/.test(k) ? undefined : v)));

describe('snapshot / restore', () => {
  it('round trip mid-cooldown continues like the uninterrupted engine', () => {
    const rules = [{ ...example[0], resolve_after: 2 }, { ...example[1], for: '5m' }, example[2]];
    const steps: [number, MetricSample[]][] = [
      [0, [psi('age', 0.4, { top_bins: [1, 2] }), psi('plan', 0.6), { metric: 'latency_p99', value: Infinity }]],
      [1, [psi('age', 0.1)]],
      [2, [psi('age', 0.1), psi('plan', 0.7)]], // age resolves (2 OKs); plan's rollback pending since 0
      // --- restart here ---
      [4, [psi('age', 0.4), psi('plan', 0.7)]], // age re-fires within its 30m cooldown: not notified
      [5, [psi('plan', 0.8)]], // plan's rollback confirmed (5m): notified
      [6, [psi('age', 0.1), { metric: 'latency_p99', value: 0.1 }]],
      [7, [psi('age', 0.1)]],
      [31, [psi('age', 0.4)]], // out of cooldown: notified
    ];
    const a = recorder();
    const b = recorder();
    const one = new AlertEngine({ rules, notifier: a.notifier });
    let two = new AlertEngine({ rules, notifier: b.notifier });
    for (const [i, [m, samples]] of steps.entries()) {
      if (i === 3) {
        const snap = JSON.parse(JSON.stringify(two.snapshot()));
        const restored = AlertEngine.restore(snap, { rules, notifier: b.notifier });
        expect(restored.firing()).toEqual(two.firing());
        expect(restored.pending()).toEqual(two.pending());
        expect(restored.history()).toEqual(two.history());
        expect(restored.incidents()).toEqual(two.incidents());
        expect(restored.states()).toEqual(two.states());
        expect(restored.firing().find((x) => x.rule === 'latency_p99_scale_down_0.5')!.value).toBe(Infinity);
        two = restored;
      }
      const r1 = one.evaluate(samples, T0 + m * MIN);
      const r2 = two.evaluate(samples, T0 + m * MIN);
      expect(plain(r2)).toEqual(plain(r1));
    }
    expect(plain(two.history())).toEqual(plain(one.history()));
    expect(plain(two.incidents())).toEqual(plain(one.incidents()));
    expect(plain(b.calls)).toEqual(plain(a.calls));
    expect(b.calls.map((c) => [c.alert.rule, c.alert.feature, (c.alert.firedAt! - T0) / MIN])).toEqual([
      ['psi_score_alert_0.25', 'age', 0], ['psi_score_alert_0.25', 'plan', 0], ['latency_p99_scale_down_0.5', null, 0],
      ['psi_score_rollback_0.5', 'plan', 5], ['psi_score_alert_0.25', 'age', 31],
    ]);
  });

  it('accepts the JSON text, and resolves alerts of rules that are gone', () => {
    const e = new AlertEngine({ rules: example });
    e.evaluate([psi('age', 0.6), psi('plan', 0.3)], T0);
    const text = JSON.stringify(e.snapshot());
    const same = AlertEngine.restore(text, { rules: example });
    expect(same.firing()).toEqual(e.firing());

    const fewer = AlertEngine.restore(text, { rules: [example[0], { ...example[1], features: ['plan'] }], now: () => T0 + MIN });
    expect(fewer.firing().map((a) => [a.rule, a.feature])).toEqual([['psi_score_alert_0.25', 'age'], ['psi_score_alert_0.25', 'plan']]);
    expect(fewer.history()).toMatchObject([{ rule: 'psi_score_rollback_0.5', feature: 'age', state: 'resolved', resolvedAt: T0 + MIN }]);
    expect(fewer.incidents()[0].activeAlertIds).toHaveLength(2);

    const none = AlertEngine.restore(text, { rules: [example[3]], now: () => T0 + MIN });
    expect(none.firing()).toEqual([]);
    expect(none.history()).toHaveLength(3);
    expect(none.incidents()).toMatchObject([{ state: 'resolved', resolvedAt: T0 + MIN }]);
  });

  it('rejects a corrupt snapshot with a DriftkitError naming the field', () => {
    const e = new AlertEngine({ rules: example });
    e.evaluate([psi('age', 0.6), psi('plan', 0.3)], T0);
    e.evaluate([psi('plan', 0.1)], T0 + MIN);
    const good = () => JSON.parse(JSON.stringify(e.snapshot()));
    const edit = (f: (s: any) => void) => { const s = good(); f(s); return s; };
    const cases: [unknown, string, RegExp][] = [
      [null, 'snapshot', /must be an object; got null/],
      ['{"format":', 'snapshot', /is not valid JSON/],
      [{ ...good(), format: 'driftkit-monitor' }, 'snapshot', /format 'driftkit-alerts', version 1/],
      [{ ...good(), version: 2 }, 'snapshot', /version 1/],
      [edit((s) => { s.trackers = {}; }), 'snapshot.trackers', /must be a list/],
      [edit((s) => { s.trackers[0].state = 'burning'; }), 'snapshot.trackers[0].state', /must be one of inactive, pending, firing/],
      [edit((s) => { s.trackers[0].alert.value = 'high'; }), 'snapshot.trackers[0].alert.value', /finite number; got "high"/],
      [edit((s) => { s.trackers[0].alert.incidentId = 'nope'; }), 'snapshot.trackers[0].alert.incidentId', /names no incident/],
      [edit((s) => { s.trackers[0].alert.state = 'pending'; }), 'snapshot.trackers[0].alert.state', /must be one of firing/],
      [edit((s) => { s.trackers[1].hits = -1; }), 'snapshot.trackers[1].hits', /integer >= 0/],
      [edit((s) => { s.trackers.push(s.trackers[0]); }), `snapshot.trackers[${good().trackers.length}]`, /repeats the state of rule/],
      [edit((s) => { s.trackers[0].alert.feature = 'other'; }), 'snapshot.trackers[0].alert', /another rule or feature/],
      [edit((s) => { s.history[0].resolvedAt = null; }), 'snapshot.history[0].resolvedAt', /finite number; got null/],
      [edit((s) => { s.incidents[0].severity = 'fatal'; }), 'snapshot.incidents[0].severity', /one of info, warning, critical/],
      [edit((s) => { s.incidents.push(s.incidents[0]); }), 'snapshot.incidents[1].id', /repeats/],
    ];
    for (const [snap, path, problem] of cases) {
      const err = caught(() => AlertEngine.restore(snap, { rules: example }));
      expect(err.argument).toBe(path);
      expect(err.message).toMatch(/^AlertEngine\.restore: /);
      expect(err.message).toMatch(problem);
    }
  });

  it('property: any damage to a snapshot restores or throws a DriftkitError, never anything else', () => {
    const e = new AlertEngine({ rules: [...example, { ...example[0], name: 'slow', for: '5m' }] });
    e.evaluate([psi('age', 0.6), psi('plan', 0.3), { metric: 'error_rate', value: 0.1 }], T0);
    e.evaluate([psi('plan', 0.1), psi('zip', 0.4)], T0 + MIN);
    const base = JSON.parse(JSON.stringify(e.snapshot()));
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, Array.isArray(v) ? Number(k) : k]);
    };
    walk(base, []);
    fc.assert(fc.property(fc.nat(paths.length - 1), fc.oneof(fc.anything(), fc.constant(undefined)), (i, v) => {
      const snap = structuredClone(base);
      const p = paths[i];
      if (p.length === 0) return;
      let o = snap;
      for (const k of p.slice(0, -1)) o = o[k];
      if (v === undefined) delete o[p.at(-1)!]; else o[p.at(-1)!] = v;
      try {
        const r = AlertEngine.restore(snap, { rules: example });
        r.evaluate([psi('age', 0.1), psi('plan', 0.9)], T0 + 2 * MIN);
        r.snapshot();
      } catch (err) {
        expect(err).toBeInstanceOf(DriftkitError);
      }
    }), { numRuns: 500 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties on random sample sequences
// ---------------------------------------------------------------------------------------------------------

describe('properties', () => {
  const rules = parseRules([
    ...example,
    { name: 'ks_slow', metric: 'ks_statistic', threshold: 0.1, op: '>=', action: 'retrain', for: '3m', cooldown: '10m', resolve_after: 2 },
    { name: 'psi_ab', metric: 'psi_score', threshold: 0.1, action: 'alert', features: ['a', 'b'], windows: 2, severity: 'info', cooldown: '0' },
    { name: 'low_acc', metric: 'accuracy', threshold: 0.8, op: '<', action: 'rollback' },
  ]);
  const FEATURES = ['a', 'b', 'c'];
  const sample = fc.record({
    metric: fc.constantFrom('psi_score', 'ks_statistic', 'latency_p99', 'error_rate', 'accuracy', 'unknown_metric'),
    feature: fc.constantFrom<string | undefined>(...FEATURES, undefined),
    value: fc.oneof(fc.double(), fc.constantFrom(0, 0.05, 0.1, 0.2, 0.3, 0.6, 1, NaN, Infinity, -Infinity)),
  }).map(({ feature, ...s }): MetricSample => (feature === undefined ? s : { ...s, feature }));
  const evaluation = fc.record({
    dt: fc.integer({ min: 0, max: 10 * MIN }),
    samples: fc.array(sample, { maxLength: 12 }),
    restart: fc.boolean(),
  });

  function check(e: AlertEngine, notifications: Map<string, number[]>) {
    const firing = e.firing();
    const incidents = new Map(e.incidents().map((i) => [i.id, i]));
    for (const a of firing) {
      const rule = rules.find((r) => r.name === a.rule);
      expect(rule).toBeDefined();
      expect(a.metric).toBe(rule!.metric);
      if (rule!.features !== null) expect(rule!.features).toContain(a.feature);
      if (a.feature !== null) expect(FEATURES).toContain(a.feature);
      const inc = incidents.get(a.incidentId!);
      expect(inc?.state).toBe('open');
      expect(inc!.activeAlertIds).toContain(a.id);
      expect({ info: 0, warning: 1, critical: 2 }[inc!.severity]).toBeGreaterThanOrEqual({ info: 0, warning: 1, critical: 2 }[a.severity]);
    }
    for (const inc of incidents.values()) {
      if (inc.state === 'open') {
        expect(inc.activeAlertIds.length).toBeGreaterThan(0);
        expect(inc.activeAlertIds.every((id) => firing.some((a) => a.id === id && a.incidentId === inc.id))).toBe(true);
      } else {
        expect(inc.activeAlertIds).toEqual([]);
      }
    }
    expect(e.states().filter((s) => s.state === 2)).toHaveLength(firing.length);
    expect(e.states().filter((s) => s.state === 1)).toHaveLength(e.pending().length);
    expect(e.history().length).toBeLessThanOrEqual(50);
    // Notifications of one (rule, feature) are at least its cooldown apart, restarts included.
    for (const [key, times] of notifications) {
      const rule = rules.find((r) => r.name === JSON.parse(key)[0])!;
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(rule.cooldownMs);
    }
  }

  it('never throws; firing ⊆ rules × features; incidents and cooldowns hold (restarts included)', () => {
    fc.assert(fc.property(fc.array(evaluation, { maxLength: 40 }), (evals) => {
      const notifications = new Map<string, number[]>();
      const notifier: AlertNotifier = {
        notify: (a) => {
          const k = JSON.stringify([a.rule, a.feature]);
          notifications.set(k, [...(notifications.get(k) ?? []), a.firedAt!]);
        },
      };
      const options: AlertEngineOptions = { rules, notifier, historyLimit: 50, groupWindowMs: 2 * MIN };
      let e = new AlertEngine(options);
      let t = T0;
      for (const ev of evals) {
        t += ev.dt;
        if (ev.restart) e = AlertEngine.restore(JSON.parse(JSON.stringify(e.snapshot())), options);
        const r = e.evaluate(ev.samples, t);
        for (const a of r.fired) expect(a.state).toBe('firing');
        for (const a of r.resolved) expect(a.state).toBe('resolved');
        check(e, notifications);
      }
    }), { numRuns: 300 });
  });

  it('never throws when the clock jumps around', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: -1e12, max: 1e13 }), fc.array(sample, { maxLength: 8 })), { maxLength: 30 }), (evals) => {
      const e = new AlertEngine({ rules, notifier: { notify: vi.fn() } });
      for (const [t, samples] of evals) e.evaluate(samples, t);
      AlertEngine.restore(JSON.stringify(e.snapshot()), { rules });
    }), { numRuns: 200 });
  });
});
