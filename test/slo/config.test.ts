// SLO config: defaults, durations, and errors that name the path of the offending field.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BURN_ALERTS, formatDuration, parseSloConfig, SloTracker } from '../../src/slo/index.js';
import { caught } from '../helpers/errors.js';

const one = (slo: Record<string, unknown>) => parseSloConfig({ objectives: [slo] }).slos[0];

describe('parseSloConfig', () => {
  it('defaults to one SLO per SLI and the SRE workbook pairs', () => {
    const { slos, burnAlerts } = parseSloConfig(undefined);
    expect(slos).toEqual([
      { name: 'drift', sli: 'drift', objective: 0.95, periodMs: 28 * 86_400_000, threshold: null, label: null },
      { name: 'latency', sli: 'latency', objective: 0.99, periodMs: 28 * 86_400_000, threshold: 500, label: null },
      { name: 'error_rate', sli: 'error_rate', objective: 0.99, periodMs: 28 * 86_400_000, threshold: null, label: null },
      { name: 'freshness', sli: 'freshness', objective: 0.99, periodMs: 28 * 86_400_000, threshold: null, label: null },
    ]);
    expect(burnAlerts.map((p) => [p.name, p.long, p.short, p.burnRate, p.severity, p.forMs])).toEqual([
      ['fast', '1h', '5m', 14.4, 'critical', 120_000],
      ['slow', '6h', '30m', 6, 'warning', 900_000],
      ['ticket', '3d', '6h', 1, 'info', 3_600_000],
    ]);
    expect(parseSloConfig({ objectives: [] }).slos).toEqual([]);
    expect(parseSloConfig(null)).toEqual(parseSloConfig({}));
  });

  it('reads thresholds as durations or milliseconds, periods, feature and source', () => {
    expect(one({ name: 'l', sli: 'latency', objective: 0.999, threshold: '250ms', period: '7d' })).toMatchObject({ threshold: 250, periodMs: 7 * 86_400_000 });
    expect(one({ name: 'l', sli: 'latency', objective: 0.9, threshold: 1200 }).threshold).toBe(1200);
    expect(one({ name: 'l', sli: 'latency', objective: 0.9 }).threshold).toBe(500);
    expect(one({ name: 'f', sli: 'freshness', objective: 0.99, threshold: '5m', source: 'user_features' })).toMatchObject({ threshold: 300_000, label: 'user_features' });
    expect(one({ name: 'd', sli: 'drift', objective: 0.95, threshold: 0.25, feature: 'amount' })).toMatchObject({ threshold: 0.25, label: 'amount' });
    expect(one({ name: 'd', sli: 'drift', objective: 0.95, threshold: 0 }).threshold).toBe(0);
    const [p] = parseSloConfig({ burn_alerts: [{ name: 'page', long: '2h', short: '10m', burn_rate: 10 }] }).burnAlerts;
    expect(p).toMatchObject({ long: '2h', longMs: 7_200_000, short: '10m', shortMs: 600_000, severity: 'warning', forMs: 0 });
  });

  it('passes parsed settings through (the tracker takes either form)', () => {
    const parsed = parseSloConfig({ objectives: [{ name: 'a', sli: 'error_rate', objective: 0.9 }] });
    const again = parseSloConfig({ objectives: parsed.slos, burn_alerts: parsed.burnAlerts });
    expect(again.slos[0]).toBe(parsed.slos[0]);
    expect(again.burnAlerts[0]).toBe(parsed.burnAlerts[0]);
    expect(new SloTracker({ ...parsed }).slos[0]).toBe(parsed.slos[0]);
  });

  it.each([
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 99 }] }, 'slo.objectives[0].objective', /strictly between 0 and 1/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 1 }] }, 'slo.objectives[0].objective', /strictly between 0 and 1/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: '0.99' }] }, 'slo.objectives[0].objective', /got "0.99"/],
    [{ objectives: [{ name: 'a', sli: 'latncy', objective: 0.99 }] }, 'slo.objectives[0].sli', /drift, latency, error_rate, freshness/],
    [{ objectives: [{ sli: 'latency', objective: 0.99 }] }, 'slo.objectives[0].name', /must be a name/],
    [{ objectives: [{ name: 'a b', sli: 'latency', objective: 0.99 }] }, 'slo.objectives[0].name', /must be a name/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 0.99, objetive: 1 }] }, 'slo.objectives[0].objetive', /is not a field/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 0.99, period: 28 }] }, 'slo.objectives[0].period', /duration/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 0.99, period: '30m' }] }, 'slo.objectives[0].period', /from 1h to 400d/],
    [{ objectives: [{ name: 'a', sli: 'error_rate', objective: 0.99, threshold: 0.05 }] }, 'slo.objectives[0].threshold', /does not apply to error_rate/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 0.99, threshold: '0ms' }] }, 'slo.objectives[0].threshold', /longer than 0/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 0.99, threshold: -5 }] }, 'slo.objectives[0].threshold', /duration/],
    [{ objectives: [{ name: 'a', sli: 'drift', objective: 0.99, threshold: 'high' }] }, 'slo.objectives[0].threshold', /drift score/],
    [{ objectives: [{ name: 'a', sli: 'latency', objective: 0.99, feature: 'x' }] }, 'slo.objectives[0].feature', /only to drift/],
    [{ objectives: [{ name: 'a', sli: 'drift', objective: 0.99, source: 'x' }] }, 'slo.objectives[0].source', /only to freshness/],
    [{ objectives: [{ name: 'a', sli: 'drift', objective: 0.99, feature: '' }] }, 'slo.objectives[0].feature', /non-empty/],
    [{ objectives: [{ name: 'a', sli: 'drift', objective: 0.9 }, { name: 'a', sli: 'latency', objective: 0.9 }] }, 'slo.objectives[1].name', /also the name of slo.objectives\[0\]/],
    [{ objectives: { name: 'a' } }, 'slo.objectives', /must be a list/],
    [{ objectives: [7] }, 'slo.objectives[0]', /must be an object/],
    [{ objective: [] }, 'slo.objective', /is not a field/],
    [[], 'slo', /must be a mapping/],
    [{ burn_alerts: [{ name: 'fast', long: '5m', short: '1h', burn_rate: 14.4 }] }, 'slo.burn_alerts[0].short', /shorter than long \(5m\)/],
    [{ burn_alerts: [{ name: 'fast', long: '1h', short: '90s', burn_rate: 14.4 }] }, 'slo.burn_alerts[0].short', /whole minutes/],
    [{ burn_alerts: [{ name: 'fast', long: '1h', short: '5m', burn_rate: 0 }] }, 'slo.burn_alerts[0].burn_rate', /positive/],
    [{ burn_alerts: [{ name: 'Fast', long: '1h', short: '5m', burn_rate: 2 }] }, 'slo.burn_alerts[0].name', /lower-case/],
    [{ burn_alerts: [{ name: 'fast', long: '1h', short: '5m', burn_rate: 2, severity: 'page' }] }, 'slo.burn_alerts[0].severity', /info, warning, critical/],
    [{ burn_alerts: [{ name: 'fast', long: '1h', short: '5m', burn_rate: 2, runbook: 'wiki' }] }, 'slo.burn_alerts[0].runbook', /URL/],
    [{ burn_alerts: [{ name: 'fast', long: '1h', short: '5m', burn_rate: 2, for: 'soon' }] }, 'slo.burn_alerts[0].for', /duration/],
  ])('%j → %s', (doc, path, problem) => {
    const e = caught(() => parseSloConfig(doc));
    expect(e.argument).toBe(path);
    expect(e.message).toMatch(new RegExp(`^parseSloConfig: ${path.replace(/[[\].]/g, '\\$&')} `));
    expect(e.message).toMatch(problem);
  });

  it('the tracker names its own options in errors', () => {
    expect(caught(() => new SloTracker({ slos: [{ name: 'a', sli: 'x', objective: 0.9 }] })).message).toMatch(/^SloTracker: slos\[0\]\.sli /);
    expect(caught(() => new SloTracker({ burnAlerts: [{ name: 'a' }] })).argument).toBe('burnAlerts[0].long');
    expect(caught(() => new SloTracker({ now: 5 as unknown as () => number })).argument).toBe('now');
  });

  it('formats window keys canonically', () => {
    expect([300_000, 1_800_000, 3_600_000, 21_600_000, 259_200_000, 5_400_000, 0, 1500].map(formatDuration))
      .toEqual(['5m', '30m', '1h', '6h', '3d', '1h30m', '0', '1s500ms']);
    expect(DEFAULT_BURN_ALERTS.map((p) => p.long)).toEqual(['1h', '6h', '3d']);
  });
});
