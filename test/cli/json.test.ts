// `driftkit compare --format json` (the command's code, in this process) prints the documented JSON shape: valid
// against schemas/drift-report.schema.json, numbers equal to compare()'s, and, for the same reference profile and
// current rows, the same shared fields as the service's GET /drift.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCommand } from '../../src/cli/compare.js';
import { compare } from '../../src/compare/compare.js';
import type { Columns } from '../../src/profile/index.js';
import { driftReportJson, type DriftReportJson } from '../../src/report/json.js';
// @ts-expect-error plain JS example module
import { records as untypedRecords } from '../../examples/fraud-data.js';
import { driftStatusErrors, reportErrors } from '../report/drift-schema.js';
import { fraud, harness } from '../service/harness.js';

type Rec = { features: Record<string, number | string | null>; prediction: number; probability: number; latency_ms: number };
const records = untypedRecords as (n: number, seed: number, drift?: Record<string, boolean>) => Rec[];

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'driftkit-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 1,000 rows of broken traffic (timestamps for day counts, an unseen category, missing distances): what the
// service receives as records and the CLI reads as JSON Lines
const rows = [...records(500, 21), ...records(500, 22, { timestamps: true, newCategory: true, nullDistance: true })];
writeFileSync(join(dir, 'current.jsonl'), rows.map((r) => JSON.stringify({ ...r.features, probability: r.probability })).join('\n') + '\n');
const columns: Record<string, (number | string | null)[]> = {};
for (const r of rows) {
  for (const [k, v] of Object.entries(r.features)) (columns[k] ??= []).push(v);
  (columns.probability ??= []).push(r.probability);
}

async function cliJson(...flags: string[]): Promise<DriftReportJson> {
  const out = join(dir, `report-${flags.length}.json`);
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const status = await compareCommand(['--profile', join(root, 'examples/fraud.profile.json'), join(dir, 'current.jsonl'), '--format', 'json', '-o', out, '--no-progress', ...flags]);
    expect(status).toBe(0);
  } finally { err.mockRestore(); }
  const text = readFileSync(out, 'utf8');
  expect(text.endsWith('}\n')).toBe(true);
  return JSON.parse(text);
}

describe('driftkit compare --format json', () => {
  let clock = Date.parse('2026-11-22T00:00:00Z');
  const h = harness(() => clock);
  afterEach(() => h.closeAll());

  it('is the documented shape, with compare()\'s numbers', async () => {
    const doc = await cliJson('--prediction', 'probability');
    expect(reportErrors(doc)).toBe('');
    expect(doc).toMatchObject({ schema_version: '1.0', status: 'ok', features_monitored: 7, correction: 'none', dataset_drift_threshold: 0.5 });
    expect('driftedFeatures' in doc || 'featuresMonitored' in doc).toBe(false);
    const lib = compare(fraud, columns as Columns, { prediction: 'probability' });
    expect({ ...doc, timestamp: '' }).toEqual(JSON.parse(JSON.stringify({ ...driftReportJson(lib), timestamp: '' })));
    expect(doc.psi_scores.days_since_last_transaction).toBe(lib.features.days_since_last_transaction.scores.psi);
    expect(doc.features.transaction_amount.method).toBe('psi');
    expect(doc.features.transaction_amount.p_value).toBeNull(); // PSI has no p-value
    expect(doc.ks_statistics.transaction_amount).toBe(lib.features.transaction_amount.scores.ks);
    expect(doc.features.merchant_category.scores.chisquare_p_value).toBe(lib.features.merchant_category.scores.chisquarePValue);
    expect(doc.features.distance_from_home.null_share.current).toBeCloseTo(lib.features.distance_from_home.currentNullShare, 15);
    expect(doc.drifted_features).toEqual(expect.arrayContaining(['days_since_last_transaction', 'merchant_category']));
    expect(doc.features.merchant_category.new_categories).toEqual(['crypto']);
    expect(doc.prediction_drift!.feature).toBe('probability');
    expect(doc.features.days_since_last_transaction.bins!.edges!.at(-1)).toBe('Infinity');
  });

  it('equals the service\'s GET /drift for the same profile and rows, but for the service\'s own fields', async () => {
    const cli = await cliJson('--prediction', 'probability');
    const { app } = h.make(); // the bundled fraud profile; the service compares its probability as the prediction
    for (let i = 0; i < rows.length; i += 250) expect((await h.post(app, rows.slice(i, i + 250))).statusCode).toBe(202);
    clock += 500;
    const body = await h.get(app, '/drift');
    expect(driftStatusErrors(body)).toBe('');
    const { window, model_version: _m, data_quality: _q, ...shared } = body;
    expect(window.rows).toBe(1000);
    expect(Object.keys(shared)).toEqual(Object.keys(cli));
    // the service measures its window as a profile (the reference's edges, an exact sample at this size): the
    // same counts, shares and statistics; the Wasserstein sums may differ in the last bits
    const close = (a: unknown, b: unknown, path: string): void => {
      if (typeof a === 'number' && typeof b === 'number') { expect(a, path).toBeCloseTo(b, 12); return; }
      if (a && b && typeof a === 'object' && typeof b === 'object') {
        expect(Object.keys(a), path).toEqual(Object.keys(b));
        for (const k of Object.keys(a)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
        return;
      }
      expect(a, path).toEqual(b);
    };
    close({ ...shared, timestamp: '' }, { ...cli, timestamp: '' }, '');
    expect(shared.psi_scores).toEqual(cli.psi_scores);
    expect(shared.drifted_features).toEqual(cli.drifted_features);
  });
});
