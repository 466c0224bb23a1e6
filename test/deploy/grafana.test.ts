// deploy/grafana/drift_overview.json: parses, is laid out as a Grafana dashboard, covers what operators need,
// and every PromQL expression in it names only driftkit's metrics (the names the service exports, its
// histograms' _bucket/_sum/_count series, and prom-client's default process metrics with the driftkit_
// prefix). The expressions are also checked for syntax by promtool (a temporary recording-rules file; skipped
// without promtool, failed under CI=true: test/helpers/system.ts).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { INSTALL_HINT, PROMTOOL_BIN } from '../helpers/prometheus.js';
import { ServiceMetrics } from '../../src/service/metrics.js';
import { itWith } from '../helpers/system.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dashboardFile = join(root, 'deploy/grafana/drift_overview.json');

/** The service's metrics (src/service/metrics.ts; the contract with the rules and this dashboard). */
const SERVICE_METRICS = [
  'driftkit_feature_psi', 'driftkit_feature_ks_statistic', 'driftkit_feature_js_distance', 'driftkit_feature_wasserstein',
  'driftkit_feature_drift_score', 'driftkit_feature_drifted', 'driftkit_feature_severity', 'driftkit_feature_null_share',
  'driftkit_feature_samples', 'driftkit_dataset_drift', 'driftkit_drifted_features', 'driftkit_features_monitored',
  'driftkit_drift_share', 'driftkit_window_rows', 'driftkit_records_total', 'driftkit_windows_closed_total',
  'driftkit_invalid_requests_total', 'driftkit_prediction_errors_total', 'driftkit_error_rate', 'driftkit_latency_seconds',
  'driftkit_latency_slo_ok', 'driftkit_alert_state', 'driftkit_profile_loaded',
  'driftkit_contract_violation_rate', 'driftkit_contract_violations_total', 'driftkit_source_age_seconds', 'driftkit_source_max_age_seconds',
  'driftkit_source_status', 'driftkit_slo_objective', 'driftkit_slo_compliance', 'driftkit_slo_error_budget_remaining', 'driftkit_slo_burn_rate',
  'driftkit_sli_events_total', 'driftkit_sli_good_total', 'driftkit_canary_verdict', 'driftkit_canary_prediction_psi',
  'driftkit_canary_error_rate_delta', 'driftkit_canary_latency_ratio', 'driftkit_canary_rows',
];
const HISTOGRAMS = ['driftkit_prediction_score', 'driftkit_request_latency_seconds'];

describe('the metric list', () => {
  it('is the service\'s registry (no stale or missing names)', async () => {
    const m = new ServiceMetrics();
    const names = (await m.registry.getMetricsAsJSON()).map((x) => x.name).filter((n) => !n.startsWith('driftkit_process_') && !n.startsWith('driftkit_nodejs_'));
    expect([...SERVICE_METRICS, ...HISTOGRAMS].sort()).toEqual(names.sort());
  });
});

async function allowedMetrics(): Promise<Set<string>> {
  const allowed = new Set(SERVICE_METRICS);
  for (const h of HISTOGRAMS) for (const s of ['_bucket', '_sum', '_count']) allowed.add(h + s);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'driftkit_' });
  for (const m of await registry.getMetricsAsJSON()) {
    allowed.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) allowed.add(m.name + s);
    if (String(m.type) === 'summary') for (const s of ['_sum', '_count']) allowed.add(m.name + s);
  }
  return allowed;
}

/** Grafana's variables replaced by values that keep the expression valid PromQL. */
function substituteGrafanaVars(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, '5m')
    .replace(/\$\{(\w+)(:[^}]*)?\}/g, '.*')
    .replace(/\$(\w+)/g, '.*');
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

/** The metric names a PromQL expression selects (identifiers that are not functions, keywords or labels). */
function metricNames(expr: string): string[] {
  let s = substituteGrafanaVars(expr);
  s = s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""'); // string literals
  s = s.replace(/\{[^}]*\}/g, ' '); // label matchers
  s = s.replace(/\[[^\]]*\]/g, ' '); // ranges and subqueries
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names = new Set<string>();
  for (const m of s.matchAll(/(?<![\w.:])([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    const [, id, call] = m;
    if (call || KEYWORDS.has(id!.toLowerCase())) continue;
    names.add(id!);
  }
  return [...names];
}

interface Target {
  expr?: string;
  refId: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
  panels?: Panel[];
  fieldConfig?: { defaults?: { thresholds?: { steps: { value: number | null }[] }; custom?: { thresholdsStyle?: { mode: string } } } };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; definition?: string; current?: { value: unknown } }[] };
}

const load = (): Dashboard => JSON.parse(readFileSync(dashboardFile, 'utf8')) as Dashboard;
const flatPanels = (d: Dashboard): Panel[] => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
/** Every PromQL expression: panel targets and the templating queries' label_values(<selector>, label). */
function expressions(d: Dashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const p of flatPanels(d)) for (const t of p.targets ?? []) if (t.expr) out.push({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr });
  for (const v of d.templating.list) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'string' ? v.query : (v.query as { query: string }).query;
    const lv = /^label_values\((.*),\s*\w+\)$/.exec(q.trim());
    out.push({ where: `variable $${v.name}`, expr: lv ? lv[1]! : q });
  }
  return out;
}

describe('metricNames (the checker itself)', () => {
  it('finds metric names and ignores functions, keywords, labels, strings and durations', () => {
    expect(metricNames('sum by (reason) (rate(driftkit_invalid_requests_total{instance=~"$instance"}[$__rate_interval]))')).toEqual([
      'driftkit_invalid_requests_total',
    ]);
    expect(metricNames('histogram_quantile(0.95, sum by (le) (rate(driftkit_request_latency_seconds_bucket[5m])))')).toEqual([
      'driftkit_request_latency_seconds_bucket',
    ]);
    expect(metricNames('driftkit_drifted_features / on (instance) group_left driftkit_features_monitored > bool 0.5')).toEqual([
      'driftkit_drifted_features',
      'driftkit_features_monitored',
    ]);
    expect(metricNames('max(driftkit_latency_seconds{quantile="0.99"}) offset 5m or vector(1e-9)')).toEqual(['driftkit_latency_seconds']);
    expect(metricNames('{__name__="driftkit_feature_psi"} * on() up')).toEqual(['up']);
  });
});

describe('deploy/grafana/drift_overview.json', () => {
  it('parses as a Grafana dashboard with unique panel ids and a sane 24-column layout', () => {
    const d = load();
    expect(d.uid).toBe('driftkit-drift-overview');
    expect(d.title).toBeTruthy();
    expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
    const panels = flatPanels(d);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    // No two panels overlap; all fit in 24 columns.
    const cells = new Map<string, string>();
    for (const p of panels) {
      const g = p.gridPos;
      expect(g.x >= 0 && g.w > 0 && g.x + g.w <= 24 && g.h > 0 && g.y >= 0, `${p.title} gridPos ${JSON.stringify(g)}`).toBe(true);
      for (let y = g.y; y < g.y + g.h; y++)
        for (let x = g.x; x < g.x + g.w; x++) {
          const k = `${x},${y}`;
          expect(cells.get(k), `"${p.title}" overlaps "${cells.get(k)}"`).toBeUndefined();
          cells.set(k, p.title);
        }
    }
  });

  it('queries Prometheus through the $datasource variable, which defaults to the provisioned data source', () => {
    const d = load();
    const dsVar = d.templating.list.find((v) => v.name === 'datasource');
    expect(dsVar).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const provisioned = parse(readFileSync(join(root, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: { uid: string; type: string }[];
    };
    expect(dsVar!.current?.value).toBe(provisioned.datasources[0]!.uid);
    for (const p of flatPanels(d)) {
      if (p.type === 'row') continue;
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets ?? []) expect(t.datasource, `${p.title} ${t.refId}`).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  it('every PromQL expression names only driftkit metrics', async () => {
    const allowed = await allowedMetrics();
    const exprs = expressions(load());
    expect(exprs.length).toBeGreaterThan(20);
    const unknown = exprs.flatMap(({ where, expr }) => metricNames(expr).filter((m) => !allowed.has(m)).map((m) => `${where}: ${m} in ${expr}`));
    expect(unknown).toEqual([]);
    // Each expression selects at least one metric (no constant-only panels).
    for (const { where, expr } of exprs) expect(metricNames(expr).length, `${where}: ${expr}`).toBeGreaterThan(0);
  });

  it('covers drift, samples, latency with SLO lines, errors, alert states and invalid requests', () => {
    const d = load();
    const panels = flatPanels(d);
    const using = (metric: string) => panels.filter((p) => (p.targets ?? []).some((t) => t.expr && metricNames(t.expr).includes(metric)));
    for (const m of [
      'driftkit_feature_psi', 'driftkit_feature_drifted', 'driftkit_dataset_drift', 'driftkit_feature_samples', 'driftkit_latency_seconds',
      'driftkit_error_rate', 'driftkit_alert_state', 'driftkit_invalid_requests_total',
    ]) {
      expect(using(m).length, `no panel shows ${m}`).toBeGreaterThan(0);
    }
    const thresholdLines = (p: Panel) => ({
      style: p.fieldConfig?.defaults?.custom?.thresholdsStyle?.mode,
      values: (p.fieldConfig?.defaults?.thresholds?.steps ?? []).map((s) => s.value).filter((v) => v !== null),
    });
    const psi = using('driftkit_feature_psi').find((p) => p.type === 'timeseries')!;
    expect(psi.targets![0]!.expr).toContain('driftkit_feature_psi{');
    expect(thresholdLines(psi).style).not.toBe('off');
    expect(thresholdLines(psi).values).toEqual(expect.arrayContaining([0.1, 0.25]));
    const latency = using('driftkit_latency_seconds').find((p) => p.type === 'timeseries')!;
    expect(latency.targets!.map((t) => t.expr).join('\n')).toMatch(/quantile="0\.5"[\s\S]*quantile="0\.95"[\s\S]*quantile="0\.99"/);
    expect(thresholdLines(latency).style).not.toBe('off');
    expect(thresholdLines(latency).values).toEqual(expect.arrayContaining([0.1, 0.5]));
    const invalid = using('driftkit_invalid_requests_total')[0]!;
    expect(invalid.targets![0]!.expr).toMatch(/by \(reason\)/);
  });

  itWith('promtool', 'every expression is valid PromQL (promtool check rules on a recording rule per expression)', async () => {
    expect(existsSync(PROMTOOL_BIN), `${PROMTOOL_BIN} is missing: ${INSTALL_HINT}`).toBe(true);
    const exprs = expressions(load());
    const rules = {
      groups: [{ name: 'dashboard', rules: exprs.map(({ expr }, i) => ({ record: `dashboard:expr_${i}`, expr: substituteGrafanaVars(expr) })) }],
    };
    const dir = await mkdtemp(join(tmpdir(), 'driftkit-grafana-'));
    try {
      const file = join(dir, 'dashboard_rules.yml');
      await writeFile(file, JSON.stringify(rules, null, 2));
      const out = await new Promise<{ code: number; text: string }>((resolve) =>
        execFile(PROMTOOL_BIN, ['check', 'rules', file], { timeout: 30_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? 1 : 0, text: stdout + stderr }),
        ),
      );
      expect(out.code, out.text).toBe(0);
      expect(out.text).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
