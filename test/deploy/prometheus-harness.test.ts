// A real Prometheus scrapes a fake driftkit /metrics (PSI 0.4 for feature x) with deploy/prometheus_rules.yml
// loaded (for: durations shortened to seconds) and CriticalDataDrift goes pending, then firing.
// Needs a Prometheus server (test/helpers/system.ts, `npm run setup:system`): skipped without one, failed under
// CI=true.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatDuration,
  parseDuration,
  shortenForDurations,
  startPrometheus,
  writeShortRules,
  type PromAlert,
  type PrometheusHandle,
} from '../helpers/prometheus.js';
import { describeWith } from '../helpers/system.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rulesFile = join(root, 'deploy/prometheus_rules.yml');

interface RulesFile {
  groups: { name: string; rules: { alert?: string; expr: string; for?: string; labels?: Record<string, string> }[] }[];
}

describe('shortenForDurations', () => {
  it('parses and formats Prometheus durations', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('0')).toBe(0);
    expect(() => parseDuration('10 minutes')).toThrow(/not a Prometheus duration/);
    expect(() => parseDuration('5m3')).toThrow(/not a Prometheus duration/);
    expect(formatDuration(2000)).toBe('2s');
    expect(formatDuration(500)).toBe('500ms');
  });

  it('turns the production rules’ minutes into seconds and leaves everything else alone', async () => {
    const text = await readFile(rulesFile, 'utf8');
    const short = shortenForDurations(text);
    const before = parse(text) as RulesFile;
    const after = parse(short) as RulesFile;
    const fors = Object.fromEntries(after.groups[0]!.rules.map((r) => [r.alert, r.for]));
    expect(fors).toEqual({
      ModerateDataDrift: '10s',
      SignificantDataDrift: '5s',
      CriticalDataDrift: '2s',
      DatasetDrift: '10s',
      HighP95Latency: '5s',
      CriticalP99Latency: '2s',
      HighErrorRate: '5s',
      DriftkitDown: '1s',
      NoTraffic: '15s',
    });
    // Only `for` changed.
    const strip = (f: RulesFile) => f.groups.map((g) => ({ ...g, rules: g.rules.map(({ for: _for, ...rest }) => rest) }));
    expect(strip(after)).toEqual(strip(before));
    expect(short).toContain('# PSI bands'); // comments kept
    expect(shortenForDurations('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        for: 30s\n', 60)).toContain(
      'for: 500ms',
    );
    expect(shortenForDurations('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        for: 10m\n', 30)).toContain(
      'for: 20s',
    );
    expect(() => shortenForDurations('foo: 1\n')).toThrow(/groups/);
  });
});

describeWith('prometheus', 'Prometheus with the driftkit rules against a fake /metrics', () => {
  let server: Server | undefined;
  let prom: PrometheusHandle | undefined;
  let tmp: string | undefined;
  let target = '';
  let scrapes = 0;

  // A start-up failure is rethrown by every test, so each one fails, none skips.
  let startError: unknown;
  const need = (): PrometheusHandle => {
    if (startError !== undefined) throw startError;
    return prom!;
  };

  beforeAll(async () => {
    try {
      await start();
    } catch (e) {
      startError = e;
    }
  }, 30_000);

  async function start(): Promise<void> {
    server = createServer((req, res) => {
      if (req.url === '/metrics') {
        scrapes++;
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(
          [
            '# HELP driftkit_feature_psi Population stability index of the feature, current window vs reference.',
            '# TYPE driftkit_feature_psi gauge',
            'driftkit_feature_psi{feature="x"} 0.4',
            '# HELP driftkit_profile_loaded 1 when a reference profile is loaded.',
            '# TYPE driftkit_profile_loaded gauge',
            'driftkit_profile_loaded 1',
            '',
          ].join('\n'),
        );
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const addr = server.address();
    target = `127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
    tmp = await mkdtemp(join(tmpdir(), 'driftkit-rules-'));
    const shortRules = await writeShortRules(rulesFile, tmp);
    prom = await startPrometheus({ targets: [target], ruleFiles: [shortRules] });
  }

  afterAll(async () => {
    await prom?.stop();
    if (server) await new Promise<void>((r) => server!.close(() => r()));
    if (tmp) await rm(tmp, { recursive: true, force: true });
    if (prom) {
      // stop() killed the process (by pid) and removed its temp dir.
      expect(() => process.kill(prom!.pid, 0)).toThrow(/ESRCH/);
      expect(existsSync(prom.dir)).toBe(false);
    }
  });

  const critical = async (state: PromAlert['state']) =>
    (await need().alerts()).find((a) => a.labels.alertname === 'CriticalDataDrift' && a.state === state);

  it('loads all nine rules with the shortened for: durations', async () => {
    const groups = await need().rules();
    expect(groups.map((g) => g.name)).toEqual(['driftkit']);
    const rules = groups[0]!.rules;
    expect(rules.map((r) => r.name)).toEqual([
      'ModerateDataDrift',
      'SignificantDataDrift',
      'CriticalDataDrift',
      'DatasetDrift',
      'HighP95Latency',
      'CriticalP99Latency',
      'HighErrorRate',
      'DriftkitDown',
      'NoTraffic',
    ]);
    expect(rules.find((r) => r.name === 'CriticalDataDrift')!.duration).toBe(2);
    // Every rule evaluates without error once the group has run.
    await need().waitFor(async () => (await need().rules())[0]!.rules.every((r) => r.health === 'ok'), 10_000);
  });

  it('scrapes the target', async () => {
    const up = await need().waitFor(async () => (await need().query('up{job="driftkit"}')).find((s) => s.value[1] === '1'), 10_000);
    expect(up.metric.instance).toBe(target);
    const psi = await need().query('driftkit_feature_psi');
    expect(psi).toHaveLength(1);
    expect(psi[0]!.metric).toMatchObject({ feature: 'x', job: 'driftkit', instance: target });
    expect(Number(psi[0]!.value[1])).toBe(0.4);
    expect(scrapes).toBeGreaterThan(0);
  });

  it('CriticalDataDrift goes pending, then firing after its for: (2 s), with the right labels', async () => {
    const pending = await need().waitFor(() => critical('pending'), 10_000, 50);
    const labels = { alertname: 'CriticalDataDrift', severity: 'critical', feature: 'x', job: 'driftkit', instance: target };
    expect(pending.labels).toEqual(labels);
    const firing = await need().waitFor(() => critical('firing'), 10_000, 50);
    expect(firing.labels).toEqual(labels);
    expect(firing.activeAt).toBe(pending.activeAt);
    // It went firing no earlier than `for` after it became active (a little slack for clock rounding).
    expect(Date.now() - Date.parse(firing.activeAt!)).toBeGreaterThanOrEqual(1900);
    expect(Number(firing.value)).toBe(0.4);
    expect(firing.annotations).toEqual({
      summary: 'Critical data drift on feature x',
      description: `PSI of feature x is 0.400 (critical: PSI > 0.25) on ${target} for more than 2 minutes.`,
      runbook_url: 'https://github.com/driftkit/driftkit/blob/main/docs/runbook.md#criticaldatadrift',
    });
    // Also visible as the ALERTS series.
    const series = await need().waitFor(() => need().query('ALERTS{alertname="CriticalDataDrift", alertstate="firing"}'), 5000);
    expect(series[0]!.metric.feature).toBe('x');
  });

  it('no other alert is pending or firing: the PSI bands do not overlap, and the target is up', async () => {
    const others = (await need().alerts()).filter((a) => a.labels.alertname !== 'CriticalDataDrift');
    expect(others).toEqual([]);
  });
});
