// Alert rules: defaults, durations, and validation errors that name the path of the offending field.
import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS, parseDuration, parseRules, validateRules } from '../../src/alerts/index.js';
import { caught } from '../helpers/errors.js';

const example = [
  { metric: 'psi_score', threshold: 0.25, action: 'alert' },
  { metric: 'psi_score', threshold: 0.5, action: 'rollback' },
  { metric: 'latency_p99', threshold: 0.5, action: 'scale_down' },
  { metric: 'error_rate', threshold: 0.05, action: 'rollback' },
];

describe('parseRules', () => {
  it('applies the defaults', () => {
    const rules = parseRules(example);
    expect(rules.map((r) => r.name)).toEqual(['psi_score_alert_0.25', 'psi_score_rollback_0.5', 'latency_p99_scale_down_0.5', 'error_rate_rollback_0.05']);
    expect(rules.map((r) => r.severity)).toEqual(['warning', 'critical', 'warning', 'critical']);
    expect(rules[0]).toEqual({
      name: 'psi_score_alert_0.25', metric: 'psi_score', threshold: 0.25, op: '>', action: 'alert', severity: 'warning',
      features: null, forMs: 0, windows: 1, cooldownMs: 30 * 60_000, resolveAfter: 1, webhooks: null, runbook: null,
    });
    expect(parseRules([{ metric: 'drift_score', threshold: 1, action: 'retrain' }])[0].severity).toBe('warning');
    expect(parseRules([{ metric: 'drift_score', threshold: 1, action: 'page_oncall' }])[0].severity).toBe('warning');
  });

  it('reads every field', () => {
    const [r] = parseRules([{
      name: 'age drift', metric: 'psi_score', threshold: 0.2, op: '>=', action: 'retrain', severity: 'info',
      features: ['age', 'plan'], for: '1h30m', cooldown: '2h', resolve_after: 3,
      webhooks: ['https://hooks.example.com/a', 'http://127.0.0.1:9000/b'], runbook: 'https://wiki.example.com/drift',
    }]);
    expect(r).toEqual({
      name: 'age drift', metric: 'psi_score', threshold: 0.2, op: '>=', action: 'retrain', severity: 'info',
      features: ['age', 'plan'], forMs: 5_400_000, windows: 1, cooldownMs: 7_200_000, resolveAfter: 3,
      webhooks: ['https://hooks.example.com/a', 'http://127.0.0.1:9000/b'], runbook: 'https://wiki.example.com/drift',
    });
    expect(parseRules([{ metric: 'psi_score', threshold: 0.2, action: 'alert', windows: 3, cooldown: 0 }])[0])
      .toMatchObject({ windows: 3, forMs: 0, cooldownMs: 0 });
  });

  it('returns frozen rules and takes its own output back unchanged', () => {
    const rules = parseRules(example);
    expect(Object.isFrozen(rules[0])).toBe(true);
    const again = parseRules(rules);
    expect(again[1]).toBe(rules[1]);
    // A look-alike object is not trusted: it is parsed as config (and fails on the unknown field forMs).
    expect(caught(() => parseRules([{ ...rules[0] }])).argument).toBe('alerts.rules[0].forMs');
  });

  it('accepts metrics it does not know; validateRules rejects them', () => {
    expect(parseRules([{ metric: 'queue_depth', threshold: 100, action: 'scale_up' }])[0].metric).toBe('queue_depth');
    const e = caught(() => validateRules([...example, { metric: 'psi_scor', threshold: 0.1, action: 'alert' }]));
    expect(e.argument).toBe('alerts.rules[4].metric');
    expect(e.message).toMatch(/^validateRules: alerts\.rules\[4\]\.metric is not a known metric: "psi_scor"; the known metrics are psi_score, /);
    expect(validateRules(example)).toHaveLength(4);
    expect(validateRules([{ metric: 'queue_depth', threshold: 1, action: 'alert' }], [...KNOWN_METRICS, 'queue_depth'])).toHaveLength(1);
    expect(caught(() => validateRules(parseRules([{ metric: 'queue_depth', threshold: 1, action: 'alert' }]))).argument)
      .toBe('alerts.rules[0].metric');
    expect(caught(() => validateRules(example, 'psi_score' as never)).argument).toBe('knownMetrics');
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['not a list', { rules: example }, 'alerts.rules', /must be a list of rules; got object/],
    ['a rule that is not an object', [example[0], 'psi_score > 0.3'], 'alerts.rules[1]', /must be an object/],
    ['an unknown field', [example[0], example[1], { ...example[2], treshold: 0.3 }], 'alerts.rules[2].treshold', /is not a rule field; the fields are name, metric, threshold/],
    ['a string threshold', [example[0], example[1], { ...example[2], threshold: '0.5' }], 'alerts.rules[2].threshold', /must be a finite number; got "0.5"/],
    ['a missing threshold', [{ metric: 'psi_score', action: 'alert' }], 'alerts.rules[0].threshold', /must be a finite number; got undefined/],
    ['an infinite threshold', [{ metric: 'psi_score', threshold: Infinity, action: 'alert' }], 'alerts.rules[0].threshold', /finite/],
    ['a missing metric', [{ threshold: 1, action: 'alert' }], 'alerts.rules[0].metric', /must be a non-empty string/],
    ['a bad op', [{ ...example[0], op: '=>' }], 'alerts.rules[0].op', /must be one of '>', '>=', '<', '<='; got "=>"/],
    ['a bad action', [{ ...example[0], action: 'Roll back' }], 'alerts.rules[0].action', /lower-case word/],
    ['a missing action', [{ metric: 'psi_score', threshold: 1 }], 'alerts.rules[0].action', /lower-case word/],
    ['a bad severity', [{ ...example[0], severity: 'high' }], 'alerts.rules[0].severity', /must be one of 'info', 'warning', 'critical'; got "high"/],
    ['features on a global metric', [{ ...example[2], features: ['age'] }], 'alerts.rules[0].features', /only to feature-level metrics; latency_p99 is a global metric/],
    ['features not a list', [{ ...example[0], features: 'age' }], 'alerts.rules[0].features', /non-empty list of feature names/],
    ['an empty features list', [{ ...example[0], features: [] }], 'alerts.rules[0].features', /non-empty list/],
    ['a non-string feature', [{ ...example[0], features: ['age', 3] }], 'alerts.rules[0].features[1]', /non-empty string; got 3/],
    ['a repeated feature', [{ ...example[0], features: ['age', 'age'] }], 'alerts.rules[0].features[1]', /repeats "age"/],
    ['a bad for', [example[0], { ...example[1], for: '5 minutes' }], 'alerts.rules[1].for', /must be a duration like '30s', '5m', '1h'.*got "5 minutes"/],
    ['a numeric for', [{ ...example[1], for: 300 }], 'alerts.rules[0].for', /must be a duration.*got 300/],
    ['for and windows together', [{ ...example[1], for: '5m', windows: 3 }], 'alerts.rules[0]', /sets both for and windows/],
    ['zero windows', [{ ...example[1], windows: 0 }], 'alerts.rules[0].windows', /positive integer; got 0/],
    ['fractional windows', [{ ...example[1], windows: 2.5 }], 'alerts.rules[0].windows', /positive integer; got 2.5/],
    ['a bad cooldown', [{ ...example[1], cooldown: '-5m' }], 'alerts.rules[0].cooldown', /must be a duration/],
    ['a bad resolve_after', [{ ...example[1], resolve_after: '2' }], 'alerts.rules[0].resolve_after', /positive integer; got "2"/],
    ['webhooks not a list', [{ ...example[1], webhooks: 'https://x.example' }], 'alerts.rules[0].webhooks', /list of http\(s\) URLs; got string/],
    ['a webhook that is no URL', [{ ...example[1], webhooks: ['https://ok.example', 'not a url'] }], 'alerts.rules[0].webhooks[1]', /http\(s\) URL; got "not a url"/],
    ['a runbook that is not http', [{ ...example[1], runbook: 'ftp://wiki/drift' }], 'alerts.rules[0].runbook', /http\(s\) URL/],
    ['an empty name', [{ ...example[1], name: '' }], 'alerts.rules[0].name', /non-empty string/],
    ['a repeated name', [example[0], example[1], example[0]], 'alerts.rules[2].name', /"psi_score_alert_0.25" is also the name of alerts.rules\[0\]/],
  ];
  it.each(bad)('rejects %s, naming the path', (_, config, path, problem) => {
    const e = caught(() => parseRules(config));
    expect(e.argument).toBe(path);
    expect(e.message.startsWith(`parseRules: ${path} `)).toBe(true);
    expect(e.message).toMatch(problem);
  });

  it('takes a default cooldown', () => {
    expect(parseRules([example[0], { ...example[1], cooldown: '2h' }], { defaultCooldown: '10m' }).map((r) => r.cooldownMs)).toEqual([600_000, 7_200_000]);
    expect(parseRules([example[0]], { defaultCooldown: 0 })[0].cooldownMs).toBe(0);
    expect(caught(() => parseRules(example, { defaultCooldown: 'soon' })).argument).toBe('options.defaultCooldown');
  });

  it('names paths from options.path', () => {
    expect(caught(() => parseRules([{ metric: 'x', threshold: 'a', action: 'alert' }], { path: 'rules' })).argument).toBe('rules[0].threshold');
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250], ['30s', 30_000], ['5m', 300_000], ['1h', 3_600_000], ['1d', 86_400_000], ['1w', 604_800_000],
    ['1h30m', 5_400_000], ['1.5h', 5_400_000], ['2m30s', 150_000], ['0s', 0], ['0', 0], [0, 0],
  ])('%s → %d ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });
  it.each([['5'], [300], ['5 m'], ['5M'], ['m'], [''], ['-1s'], ['1h 30m'], [null], [{}]])('rejects %j', (s) => {
    const e = caught(() => parseDuration(s, 'cooldown'));
    expect(e.argument).toBe('cooldown');
    expect(e.message).toMatch(/^parseDuration: cooldown must be a duration like/);
  });
});
