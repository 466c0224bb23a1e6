// Config mistakes are errors when the config is loaded, not when the service first needs the value (or
// never: an alert rule on a misspelt metric would simply never fire). applyConfig / loadConfigFile reject
// rules on unknown metrics (naming the rule, the metric and the known metrics) and other rule mistakes,
// windows the drift monitor would refuse once a profile arrives, and compare options compare() would refuse
// at the first closed window; `driftkit serve --config bad.yml` exits 2 with that message.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { AlertEngine, KNOWN_METRICS } from '../../src/alerts/index.js';
import { DriftkitError } from '../../src/errors.js';
import { applyConfig, defaultConfig, loadConfigFile } from '../../src/service/config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'driftkit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BAD_YAML = `# a typo in the second rule's metric
alerts:
  rules:
    - metric: psi_score
      threshold: 0.25
      action: alert
    - metric: psi_scor
      threshold: 0.5
      action: rollback
`;
const UNKNOWN = `config: alerts.rules[1].metric is not a known metric: "psi_scor"; the known metrics are ${KNOWN_METRICS.join(', ')}`;

function error(f: () => unknown): DriftkitError {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(DriftkitError); return e as DriftkitError; }
  throw new Error('no error');
}

describe('alert rules are checked at load', () => {
  it('a rule on an unknown metric: rejected by loadConfigFile (YAML and JSON) and applyConfig, naming the rule, the metric and the known metrics', () => {
    writeFileSync(join(dir, 'bad.yml'), BAD_YAML);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(parseYaml(BAD_YAML)));
    for (const f of ['bad.yml', 'bad.json']) {
      const e = error(() => loadConfigFile(join(dir, f)));
      expect(e.message).toBe(UNKNOWN);
      expect(e.argument).toBe('alerts.rules[1].metric');
    }
    expect(error(() => applyConfig(parseYaml(BAD_YAML))).message).toBe(UNKNOWN);
    expect(KNOWN_METRICS).toContain('psi_score');
  });

  it('other rule mistakes the alert engine would refuse at start are config errors too', () => {
    const rule = { metric: 'psi_score', threshold: 0.25, action: 'alert' };
    const bad = (r: Record<string, unknown>, more: unknown[] = []) => error(() => applyConfig({ alerts: { rules: [...more, { ...rule, ...r }] } })).message;
    expect(bad({ threshold: '0.25' })).toBe('config: alerts.rules[0].threshold must be a finite number; got "0.25"');
    expect(bad({ severity: 'high' })).toMatch(/^config: alerts\.rules\[0\]\.severity must be one of 'info', 'warning', 'critical'; got "high"$/);
    expect(bad({ threshhold: 1 })).toMatch(/^config: alerts\.rules\[0\]\.threshhold is not a rule field/);
    expect(bad({ for: '2m', windows: 2 })).toMatch(/^config: alerts\.rules\[0\] sets both for and windows/);
    expect(bad({ metric: 'drift_share', features: ['a'] })).toMatch(/features applies only to feature-level metrics/);
    expect(bad({ name: 'x' }, [{ ...rule, name: 'x' }])).toMatch(/^config: alerts\.rules\[1\]\.name "x" is also the name of alerts\.rules\[0\]/);
    expect(bad({ for: '2 minutes' })).toMatch(/^config: alerts\.rules\[0\]\.for must be a duration like/);
  });

  it('the defaults, the demo\'s rules and every service config in README / docs still load', () => {
    expect(() => applyConfig({})).not.toThrow();
    expect(applyConfig({}).alerts.rules).toEqual(defaultConfig().alerts.rules);
    const demo = readFileSync(join(root, 'examples/serve-demo.js'), 'utf8');
    expect(demo).toMatch(/metric: 'psi_score'/); // the demo's rules use known metrics (its test runs them)
    let configs = 0;
    for (const f of ['README.md', 'docs/alerts.md', 'docs/slo.md']) {
      for (const m of readFileSync(join(root, f), 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
        const doc = parseYaml(m[1]) as Record<string, unknown> | null;
        if (!doc || typeof doc !== 'object' || !Object.keys(doc).some((k) => ['alerts', 'window', 'slo', 'compare'].includes(k))) continue;
        expect(() => applyConfig(doc), `${f}: ${m[1].slice(0, 60)}`).not.toThrow();
        configs++;
      }
    }
    expect(configs).toBeGreaterThanOrEqual(3);
  });

  it('alerts.cooldown / group_window given in milliseconds reach the alert engine as durations it accepts', () => {
    const c = applyConfig({ alerts: { cooldown: 60000, group_window: '2m' } });
    expect(c.alerts.cooldown).toBe('60000ms');
    expect(c.alerts.groupWindow).toBe('120000ms');
    expect(() => new AlertEngine({ rules: c.alerts.rules, defaultCooldown: c.alerts.cooldown! })).not.toThrow();
    expect(error(() => applyConfig({ alerts: { cooldown: 'soon' } })).message).toMatch(/^config: alerts\.cooldown must be a duration/);
  });
});

describe('windows and compare options are checked at load', () => {
  it('a window the drift monitor would refuse once a profile arrives', () => {
    const bad = (w: unknown) => error(() => applyConfig({ window: w })).message;
    expect(bad({ kind: 'sliding', rows: 1000, ms: '10m' })).toBe('config: window must give exactly one of rows and ms; got both');
    expect(bad({ kind: 'sliding' })).toBe('config: window must give exactly one of rows and ms; got neither');
    expect(bad({ kind: 'tumbling', rows: 1000, slide: 100 })).toBe('config: window.slide applies to sliding windows only');
    expect(bad({ kind: 'sliding', rows: 1000, slide: 300 })).toBe('config: window.slide must divide the window (1000 rows); got 300');
    expect(bad({ kind: 'sliding', rows: 1001 })).toMatch(/^config: window\.slide is required when window\.rows \(1001\) is not divisible by 4/);
    expect(bad({ kind: 'slidng', rows: 1000 })).toMatch(/^config: window\.kind must be tumbling or sliding; got "slidng"/);
    expect(applyConfig({ window: { kind: 'sliding', ms: '10m', slide: '1m' } }).window).toEqual({ kind: 'sliding', ms: 600_000, slide: 60_000 });
    expect(applyConfig({ window: { kind: 'tumbling', rows: 1001 } }).window).toEqual({ kind: 'tumbling', rows: 1001 });
  });

  it('compare options compare() would refuse at the first closed window', () => {
    const bad = (o: unknown) => error(() => applyConfig({ compare: o })).message;
    expect(bad({ correction: 'bonferoni' })).toBe('config: compare.correction must be none, bonferroni or bh; got "bonferoni"');
    expect(bad({ drift_share: 50 })).toBe('config: compare.drift_share must be a share in (0, 1]; got 50');
    expect(bad({ methods: { amount: 'pis' } })).toMatch(/^config: compare\.methods\.amount must be one of .*psi.*; got "pis"$/);
    expect(bad({ thresholds: { psy: { moderate: 0.1 } } })).toMatch(/^config: compare\.thresholds\.psy is not a method/);
    expect(bad({ thresholds: { psi: { moderate: '0.1' } } })).toBe('config: compare.thresholds.psi.moderate must be a finite number; got "0.1"');
    expect(bad({ thresholds: { psi: { moderate: 0.3 } } })).toMatch(/^config: compare\.thresholds\.psi critical \(0\.25\) must be beyond moderate \(0\.3\)/);
    expect(bad({ null_share: { moderat: 0.1 } })).toMatch(/^config: compare\.null_share\.moderat is not a config field/);
    expect(bad({ epsilon: 2 })).toMatch(/^config: compare\.epsilon must be a number in \[0, 1\)/);
    const ok = applyConfig({ compare: { correction: 'bh', drift_share: 0.3, methods: { amount: 'ks' }, thresholds: { psi: { moderate: 0.2, critical: 0.4 } }, null_share: { moderate: 0.1, critical: 0.3 } } });
    expect(ok.compare).toMatchObject({ correction: 'bh', driftShare: 0.3, thresholds: { psi: { moderate: 0.2, critical: 0.4 } }, nullShare: { moderate: 0.1 } });
  });
});

describe('driftkit serve --config', () => {
  it('a bad config exits 2 with the message, before listening', () => {
    writeFileSync(join(dir, 'bad.yml'), BAD_YAML);
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/index.js'), 'serve', '--config', join(dir, 'bad.yml'), '--port', '0'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`driftkit: ${UNKNOWN}\n`);
  });
});
