// promtool (Debian package `prometheus`) checks the deploy/ Prometheus files:
//   promtool check rules deploy/prometheus_rules.yml
//   promtool test rules  deploy/prometheus_rules.test.yml
//   promtool check config <copy of deploy/prometheus.yml with the rule path pointing into the repo>
// Without promtool these are skipped (failed under CI=true; test/helpers/system.ts, `npm run setup:system`).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT, PROMTOOL_BIN, promtool } from '../helpers/prometheus.js';
import { describeWith } from '../helpers/system.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deploy = join(root, 'deploy');

describeWith('promtool', 'promtool', () => {
  const tmps: string[] = [];
  afterAll(async () => {
    for (const d of tmps) await rm(d, { recursive: true, force: true });
  });

  it('is installed', () => {
    expect(existsSync(PROMTOOL_BIN), `${PROMTOOL_BIN} is missing: ${INSTALL_HINT}`).toBe(true);
  });

  it('check rules deploy/prometheus_rules.yml', async () => {
    const r = await promtool(['check', 'rules', 'deploy/prometheus_rules.yml']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS: 9 rules found/);
  });

  it('test rules deploy/prometheus_rules.test.yml', async () => {
    const r = await promtool(['test', 'rules', 'deploy/prometheus_rules.test.yml']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS/);
    expect(r.out).not.toMatch(/FAILED/);
  });

  it('check config on deploy/prometheus.yml (rule path pointed at the repo copy)', async () => {
    const text = await readFile(join(deploy, 'prometheus.yml'), 'utf8');
    const config = parse(text) as { rule_files: string[]; scrape_configs: { job_name: string; scrape_interval?: string; static_configs: { targets: string[] }[] }[] };
    // The container paths of the rules (docker-compose.yml mounts deploy/*_rules.yml there).
    expect(config.rule_files).toEqual(['/etc/prometheus/prometheus_rules.yml', '/etc/prometheus/slo_rules.yml']);
    const job = config.scrape_configs.find((j) => j.job_name === 'driftkit');
    expect(job?.scrape_interval).toBe('15s');
    expect(job?.static_configs[0]?.targets).toEqual(['driftkit:8000']);

    const dir = await mkdtemp(join(tmpdir(), 'driftkit-promcfg-'));
    tmps.push(dir);
    const copy = join(dir, 'prometheus.yml');
    await writeFile(copy, text.replaceAll('/etc/prometheus/', `${deploy}/`));
    const r = await promtool(['check', 'config', copy]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS: 2 rule files found/);
    expect(r.out).toMatch(/SUCCESS: 9 rules found/);
  });

  it('check rules rejects a broken rule (the check is not vacuous)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftkit-promcfg-'));
    tmps.push(dir);
    const broken = join(dir, 'broken.yml');
    await writeFile(broken, 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: driftkit_feature_psi >\n');
    const r = await promtool(['check', 'rules', broken]);
    expect(r.code, r.out).not.toBe(0);
  });
});

// The rules file against its tests and the runbook: structure promtool does not check.
describe('deploy/prometheus_rules.yml', () => {
  interface Rule {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }
  interface AlertTest {
    alertname: string;
    eval_time: string;
    exp_alerts?: { exp_labels: Record<string, string> }[];
  }

  const load = async () => {
    const rules = (parse(await readFile(join(deploy, 'prometheus_rules.yml'), 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups;
    const tests = (parse(await readFile(join(deploy, 'prometheus_rules.test.yml'), 'utf8')) as { tests: { alert_rule_test?: AlertTest[] }[] }).tests;
    const runbook = await readFile(join(root, 'docs/runbook.md'), 'utf8');
    return { rules, tests, runbook };
  };

  it('has the expected alerts, thresholds, durations and severities', async () => {
    const { rules } = await load();
    expect(rules.map((g) => g.name)).toEqual(['driftkit']);
    const byName = Object.fromEntries(rules[0]!.rules.map((r) => [r.alert, [r.expr, r.for, r.labels.severity]]));
    expect(byName).toEqual({
      ModerateDataDrift: ['driftkit_feature_psi >= 0.1 < 0.2', '10m', 'warning'],
      SignificantDataDrift: ['driftkit_feature_psi >= 0.2 <= 0.25', '5m', 'warning'],
      CriticalDataDrift: ['driftkit_feature_psi > 0.25', '2m', 'critical'],
      DatasetDrift: ['driftkit_dataset_drift == 1', '10m', 'critical'],
      HighP95Latency: ['driftkit_latency_seconds{quantile="0.95"} > 0.1', '5m', 'warning'],
      CriticalP99Latency: ['driftkit_latency_seconds{quantile="0.99"} > 0.5', '2m', 'critical'],
      HighErrorRate: ['driftkit_error_rate > 0.05', '5m', 'warning'],
      DriftkitDown: ['up{job="driftkit"} == 0', '1m', 'critical'],
      NoTraffic: ['rate(driftkit_records_total[10m]) == 0', '15m', 'warning'],
    });
  });

  it('every alert has summary, description and a runbook_url whose anchor is a heading in docs/runbook.md', async () => {
    const { rules, runbook } = await load();
    // GitHub's anchor for "## CriticalDataDrift" is #criticaldatadrift.
    const anchors = new Set([...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
    for (const r of rules[0]!.rules) {
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(r.annotations.description, r.alert).toMatch(/\$value/);
      const url = r.annotations.runbook_url!;
      expect(url, r.alert).toBe(`https://github.com/driftkit/driftkit/blob/main/docs/runbook.md#${r.alert.toLowerCase()}`);
      expect(anchors.has(r.alert.toLowerCase()), `docs/runbook.md has no "## ${r.alert}" heading`).toBe(true);
    }
  });

  it('every alert has a promtool test where it fires and one where it does not', async () => {
    const { rules, tests } = await load();
    const cases = tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const r of rules[0]!.rules) {
      const mine = cases.filter((c) => c.alertname === r.alert);
      expect(mine.some((c) => (c.exp_alerts ?? []).length > 0), `${r.alert} never expected to fire`).toBe(true);
      expect(mine.some((c) => (c.exp_alerts ?? []).length === 0), `${r.alert} never expected to stay quiet`).toBe(true);
      for (const c of mine) for (const a of c.exp_alerts ?? []) expect(a.exp_labels.severity).toBe(r.labels.severity);
    }
  });
});
