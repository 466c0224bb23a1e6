// promtool (Debian package `prometheus`) checks the SLO rules in deploy/:
//   promtool check rules deploy/slo_rules.yml
//   promtool test rules  deploy/slo_rules.test.yml
//   promtool check config <prometheus.yml loading both rule files>
// Without promtool these are skipped (failed under CI=true; test/helpers/system.ts, `npm run setup:system`).
// The rules are also checked against the library's defaults (burn rates, windows, `for`) and the runbook.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT, PROMTOOL_BIN, promtool, parseDuration, shortenForDurations } from '../helpers/prometheus.js';
import { parseBurnAlerts } from '../../src/slo/index.js';
import { describeWith } from '../helpers/system.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deploy = join(root, 'deploy');

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface AlertTest {
  alertname: string;
  eval_time: string;
  exp_alerts?: { exp_labels: Record<string, string> }[];
}

const load = async () => {
  const text = await readFile(join(deploy, 'slo_rules.yml'), 'utf8');
  const groups = (parse(text) as { groups: { name: string; rules: Rule[] }[] }).groups;
  const tests = (parse(await readFile(join(deploy, 'slo_rules.test.yml'), 'utf8')) as { rule_files: string[]; tests: { alert_rule_test?: AlertTest[] }[] });
  const runbook = await readFile(join(root, 'docs/slo-runbook.md'), 'utf8');
  const rules = groups.flatMap((g) => g.rules);
  return { text, groups, rules, alerts: rules.filter((r) => r.alert), records: rules.filter((r) => r.record), tests, runbook };
};

describeWith('promtool', 'promtool on deploy/slo_rules.yml', () => {
  const tmps: string[] = [];
  afterAll(async () => {
    for (const d of tmps) await rm(d, { recursive: true, force: true });
  });

  it('is installed', () => {
    expect(existsSync(PROMTOOL_BIN), `${PROMTOOL_BIN} is missing: ${INSTALL_HINT}`).toBe(true);
  });

  it('check rules', async () => {
    const r = await promtool(['check', 'rules', 'deploy/slo_rules.yml']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS: 9 rules found/);
  });

  it('test rules deploy/slo_rules.test.yml (fast, slow and ticket burns; below-threshold burns and short spikes stay quiet)', async () => {
    const r = await promtool(['test', 'rules', 'deploy/slo_rules.test.yml']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS/);
    expect(r.out).not.toMatch(/FAILED/);
  });

  it('loads next to prometheus_rules.yml in one config (no clashing group names)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftkit-slocfg-'));
    tmps.push(dir);
    const text = await readFile(join(deploy, 'prometheus.yml'), 'utf8');
    const config = parse(text) as { rule_files: string[] };
    config.rule_files = [join(deploy, 'prometheus_rules.yml'), join(deploy, 'slo_rules.yml')];
    const copy = join(dir, 'prometheus.yml');
    await writeFile(copy, JSON.stringify(config));
    const r = await promtool(['check', 'config', copy]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS: 2 rule files found/);
    expect(r.out).toMatch(/SUCCESS: 9 rules found[\s\S]*SUCCESS: 9 rules found/);
  });
});

describe('deploy/slo_rules.yml', () => {
  it('records 1 − good/events over every burn window of the default alerts, per (slo, sli)', async () => {
    const { records } = await load();
    const windows = [...new Set(parseBurnAlerts(undefined).flatMap((p) => [p.short, p.long]))];
    const byName = Object.fromEntries(records.map((r) => [r.record, r.expr]));
    for (const w of windows) {
      expect(byName[`slo:sli_error:ratio_rate${w}`], w).toBe(
        `1 - sum by (slo, sli) (rate(driftkit_sli_good_total[${w}])) / sum by (slo, sli) (rate(driftkit_sli_events_total[${w}]))`,
      );
    }
    expect(byName['slo:error_budget:ratio']).toBe('1 - max by (slo) (driftkit_slo_objective)');
    expect(records).toHaveLength(windows.length + 1);
  });

  it('alerts on the library default pairs: same windows, burn rates, severities and for', async () => {
    const { alerts } = await load();
    const title = (name: string) => `SLO${name[0]!.toUpperCase()}${name.slice(1)}Burn`;
    const pairs = parseBurnAlerts(undefined);
    expect(alerts.map((a) => a.alert)).toEqual(pairs.map((p) => title(p.name)));
    for (const p of pairs) {
      const a = alerts.find((r) => r.alert === title(p.name))!;
      const side = (w: string) => `slo:sli_error:ratio_rate${w} / on (slo) group_left slo:error_budget:ratio > ${p.burnRate}`;
      expect(a.expr.trim().split('\n').map((l) => l.trim())).toEqual([side(p.long), 'and on (slo)', side(p.short)]);
      expect(a.labels?.severity).toBe(p.severity);
      expect(parseDuration(a.for ?? '0')).toBe(p.forMs);
      expect(a.annotations?.runbook_url).toBe(p.runbook);
    }
  });

  it('every alert has summary, description ($value) and a runbook_url whose anchor is a heading in docs/slo-runbook.md', async () => {
    const { alerts, runbook } = await load();
    const anchors = new Set([...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
    for (const r of alerts) {
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      expect(r.annotations?.description, r.alert).toMatch(/\$value/);
      expect(r.annotations?.runbook_url, r.alert).toBe(`https://github.com/driftkit/driftkit/blob/main/docs/slo-runbook.md#${r.alert!.toLowerCase()}`);
      expect(anchors.has(r.alert!.toLowerCase()), `docs/slo-runbook.md has no "## ${r.alert}" heading`).toBe(true);
    }
  });

  it('every alert has a promtool test where it fires and one where it does not', async () => {
    const { alerts, tests } = await load();
    expect(tests.rule_files).toEqual(['slo_rules.yml']);
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const r of alerts) {
      const mine = cases.filter((c) => c.alertname === r.alert);
      expect(mine.some((c) => (c.exp_alerts ?? []).length > 0), `${r.alert} never expected to fire`).toBe(true);
      expect(mine.some((c) => (c.exp_alerts ?? []).length === 0), `${r.alert} never expected to stay quiet`).toBe(true);
      for (const c of mine) for (const a of c.exp_alerts ?? []) expect(a.exp_labels.severity).toBe(r.labels?.severity);
    }
  });

  it('uses only the metric names of the service contract', async () => {
    const { text } = await load();
    const names = new Set([...text.replace(/^\s*#.*$/gm, '').matchAll(/\bdriftkit_[a-z_]+/g)].map((m) => m[0]));
    expect([...names].sort()).toEqual(['driftkit_sli_events_total', 'driftkit_sli_good_total', 'driftkit_slo_objective']);
  });

  it("shortens for the real-Prometheus integration test (writeShortRules: 2m → 2s, 15m → 15s, 1h → 1m)", async () => {
    const { text } = await load();
    const short = (parse(shortenForDurations(text)) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules).filter((r) => r.alert);
    expect(short.map((r) => r.for)).toEqual(['2s', '15s', '60s']);
  });
});
