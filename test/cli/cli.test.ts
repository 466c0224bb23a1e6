// The driftkit command on files (the built CLI, as users run it): profile, compare in every format, the
// streamed path for files over the in-memory limit, exit statuses 0 / 1 / 2, and errors naming line and column.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProfile } from '../../src/profile/serialize.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'driftkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli/index.js'), ...args], { cwd: dir, encoding: 'utf8' });

type Rec = { features: Record<string, unknown>; probability: number };
function csv(recs: Rec[]): string {
  const cols = Object.keys(recs[0].features);
  return [[...cols, 'probability'].join(','), ...recs.map((r) => [...cols.map((c) => r.features[c] ?? ''), r.probability].join(','))].join('\n') + '\n';
}
writeFileSync(join(dir, 'ref.csv'), csv(records(20_000, 1)));
writeFileSync(join(dir, 'ok.csv'), csv(records(5000, 2)));
writeFileSync(join(dir, 'broken.csv'), csv(records(5000, 3, { timestamps: true, newCategory: true, nullDistance: true })));
const jsonl = (recs: Rec[]) => recs.map((r) => JSON.stringify({ ...r.features, probability: r.probability })).join('\n') + '\n';
writeFileSync(join(dir, 'broken.jsonl'), jsonl(records(5000, 3, { timestamps: true, newCategory: true, nullDistance: true })));

describe('driftkit profile', () => {
  it('writes a profile equal in content to the library profile of the same rows', () => {
    const r = run('profile', 'ref.csv', '-o', 'ref.profile.json', '--no-progress');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/profiled 20,000 rows × 7 columns → ref.profile.json/);
    const p = parseProfile(readFileSync(join(dir, 'ref.profile.json'), 'utf8'));
    expect(Object.keys(p.features)).toEqual(['transaction_amount', 'transaction_hour', 'days_since_last_transaction', 'transaction_count_24h', 'distance_from_home', 'merchant_category', 'probability']);
    expect(p.features.merchant_category.kind).toBe('categorical');
    expect(p.rowCount).toBe(20_000);
    // streamed in two passes (over the memory limit): same counts and categories; edges exact here (few distinct values)
    const s = run('profile', 'ref.csv', '-o', 'streamed.json', '--in-memory-limit', '1k', '--no-progress');
    expect(s.stderr).toMatch(/streamed in two passes/);
    const q = parseProfile(readFileSync(join(dir, 'streamed.json'), 'utf8'));
    expect(q.features.transaction_hour).toMatchObject({ ...p.features.transaction_hour, mean: expect.any(Number), m2: expect.any(Number), variance: expect.any(Number) });
    expect(q.features.merchant_category).toEqual(p.features.merchant_category);
  });
});

describe('driftkit compare', () => {
  it('healthy traffic: exit 0 with --fail-on drift; a broken pipeline: exit 1, the broken features on top', () => {
    const ok = run('compare', 'ref.csv', 'ok.csv', '--fail-on', 'drift', '--no-progress');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/0 of 7 features drifted/);
    const bad = run('compare', 'ref.csv', 'broken.csv', '--fail-on', 'critical', '--no-progress');
    expect(bad.status).toBe(1);
    const lines = bad.stdout.split('\n');
    expect(lines[2]).toMatch(/^days_since_last_transaction\s+psi/);
    expect(bad.stdout).toMatch(/new category crypto/);
    expect(bad.stdout).toMatch(/null share 0% -> [23]\d\.\d%/);
    expect(run('compare', 'ref.csv', 'broken.csv', '--fail-on', 'dataset', '--no-progress').status).toBe(0); // 3 of 7 < 50%
  });

  it('JSON and HTML formats, a profile as reference, JSONL current, and the streamed path agree on what drifted', () => {
    run('profile', 'ref.csv', '-o', 'ref.profile.json', '--no-progress');
    const a = JSON.parse(run('compare', 'ref.csv', 'broken.csv', '--format', 'json', '--no-progress').stdout);
    const b = JSON.parse(run('compare', '--profile', 'ref.profile.json', 'broken.jsonl', '--format', 'json', '--no-progress').stdout);
    const c = JSON.parse(run('compare', '--profile', 'ref.profile.json', 'broken.csv', '--format', 'json', '--in-memory-limit', '1k', '--no-progress').stdout);
    expect(a.schema_version).toBe('1.0'); // the documented snake_case shape (docs/json-output.md; test/cli/json.test.ts)
    expect(a.drifted_features.sort()).toEqual(['days_since_last_transaction', 'distance_from_home', 'merchant_category']);
    expect(b.drifted_features.sort()).toEqual(a.drifted_features);
    expect(c.drifted_features.sort()).toEqual(a.drifted_features);
    expect(b.features.transaction_amount.statistic).toBe(a.features.transaction_amount.statistic);
    expect(c.features.transaction_amount.statistic).toBe(a.features.transaction_amount.statistic); // PSI: bin counts are exact either way
    const h = run('compare', '--profile', 'ref.profile.json', 'broken.csv', '--format', 'html', '-o', 'report.html', '--no-progress');
    expect(h.status).toBe(0);
    expect(h.stderr).toMatch(/3 of 7 features drifted → report.html/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('days_since_last_transaction');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('--method / --threshold / --features override the defaults', () => {
    const r = JSON.parse(run('compare', 'ref.csv', 'ok.csv', '--method', 'ks', '--threshold', '0.5', '--features', 'transaction_amount,merchant_category', '--format', 'json', '--no-progress').stdout);
    expect(Object.keys(r.features)).toEqual(['transaction_amount', 'merchant_category']);
    expect(r.features.transaction_amount.method).toBe('ks');
    expect(r.features.transaction_amount.threshold.moderate).toBe(0.5);
    expect(r.features.merchant_category.method).toBe('jensenshannon'); // ks does not apply to categoricals
  });

  it('bad usage and bad input exit 2 with the problem named', () => {
    let r = run('compare', 'ref.csv');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/takes a reference and a current file/);
    r = run('compare', 'ref.csv', 'ok.csv', '--format', 'pdf');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of table, json, html/);
    r = run('compare', 'ref.csv', 'ok.csv', '--threshold', '0.2');
    expect(r.stderr).toMatch(/--threshold needs a single --method/);
    r = run('compare', 'ref.csv', 'nope.csv');
    expect(r.status).toBe(2);
    writeFileSync(join(dir, 'bad.csv'), readFileSync(join(dir, 'ok.csv'), 'utf8').replace(/\n([^,\n]*),/, (_m, _a) => '\nabc,'));
    r = run('compare', 'ref.csv', 'bad.csv', '--no-progress');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv: line 2, column "transaction_amount": "abc" is not a number/);
    r = run('compare', 'ref.csv', 'bad.csv', '--skip-bad-rows', '--format', 'json', '--no-progress');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).features.transaction_amount.sample_counts.current).toBe(4999);
  });
});
