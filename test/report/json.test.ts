// driftReportJson: the documented JSON shape of a drift report (the CLI's --format json, the service's GET /drift),
// checked against schemas/drift-report.schema.json with ajv: real compare() reports (the fraud example, the awkward
// cases with ±Infinity and unmeasured features), the number rule, the schema catching renamed / missing / extra
// fields, the service's /drift built from the same function, and the schema through fastify's serializer and
// @fastify/swagger.
import { afterEach, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import type { DriftReport, FeatureDrift } from '../../src/compare/compare.js';
import { DRIFT_REPORT_SCHEMA_VERSION, driftReportJson, fromJsonNumber, jsonNumber, type DriftReportJson } from '../../src/report/json.js';
import { driftView } from '../../src/service/drift-view.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';
import { edgeCase, fraudCase } from './fixtures.js';
import { driftStatusErrors, reportErrors, schema } from './drift-schema.js';
import { harness } from '../service/harness.js';

const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Every object key of a document outside the maps keyed by feature (and category) names. */
function fieldNames(x: unknown, out = new Set<string>(), mapKeyed = false): Set<string> {
  if (Array.isArray(x)) { for (const v of x) fieldNames(v, out); return out; }
  if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (!mapKeyed) out.add(k);
      const isMap = !mapKeyed && ['psi_scores', 'ks_statistics', 'js_distances', 'wasserstein_distances', 'sample_counts', 'features'].includes(k) && v && typeof v === 'object' && !('reference' in v);
      fieldNames(v, out, isMap);
    }
  }
  return out;
}

/** A library number and its JSON form obey the rule (undefined and NaN are null, ±Infinity strings). */
function sameNumber(json: unknown, lib: number | undefined): boolean {
  if (lib === undefined || Number.isNaN(lib)) return json === null;
  return Object.is(fromJsonNumber(json as number), lib) && (Number.isFinite(lib) ? json === lib : json === (lib > 0 ? 'Infinity' : '-Infinity'));
}

function checkFeature(doc: DriftReportJson['features'][string], f: FeatureDrift): void {
  expect(doc.feature).toBe(f.feature);
  expect(doc.status).toBe(f.status);
  expect(sameNumber(doc.statistic, f.statistic), `${f.feature}.statistic`).toBe(true);
  expect(sameNumber(doc.p_value, f.pValue)).toBe(true);
  const pairs: [keyof typeof doc.scores, keyof FeatureDrift['scores']][] = [
    ['psi', 'psi'], ['ks', 'ks'], ['js_distance', 'jsDistance'], ['wasserstein', 'wasserstein'], ['wasserstein_normalized', 'wassersteinNormalized'], ['chisquare_p_value', 'chisquarePValue'],
  ];
  for (const [j, l] of pairs) expect(sameNumber(doc.scores[j], f.scores[l]), `${f.feature}.scores.${j}`).toBe(true);
  expect(doc.sample_counts).toEqual({ reference: f.referenceCount, current: f.currentCount });
  expect(sameNumber(doc.null_share.current, f.currentNullShare)).toBe(true);
  expect(doc.signals.map((s) => s.severity)).toEqual(f.signals.map((s) => s.severity));
  if (!f.bins) { expect(doc.bins).toBeNull(); return; }
  expect(doc.bins!.contributions).toEqual(f.bins.contributions);
  if (f.bins.edges) f.bins.edges.forEach((e, i) => expect(sameNumber(doc.bins!.edges![i], e)).toBe(true));
  else expect(doc.bins!.categories).toEqual(f.bins.categories);
}

describe('driftReportJson', () => {
  it('the fraud example: valid against the schema, snake_case, every number the library\'s', () => {
    const { report } = fraudCase();
    const doc = driftReportJson(report);
    expect(reportErrors(doc)).toBe('');
    expect(roundTrip(doc)).toEqual(doc); // plain JSON: nothing undefined, nothing non-finite
    expect(doc.schema_version).toBe(DRIFT_REPORT_SCHEMA_VERSION);
    expect(doc.schema_version).toBe(schema.definitions.drift_report.properties.schema_version.const);
    // the seed-compatible summary first
    expect(Object.keys(doc).slice(0, 7)).toEqual(['schema_version', 'timestamp', 'status', 'features_monitored', 'drift_detected', 'psi_scores', 'drifted_features']);
    for (const k of fieldNames(doc)) expect(k).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
    expect(doc).toMatchObject({ timestamp: report.timestamp, status: 'ok', features_monitored: 7, drift_detected: report.driftDetected, drift_share: report.driftShare, correction: 'none' });
    expect(doc.drifted_features).toEqual(report.driftedFeatures);
    expect(doc.drifted_features).toEqual(expect.arrayContaining(['days_since_last_transaction', 'merchant_category', 'distance_from_home']));
    // golden-ish: the camelCase values, renamed
    expect(doc.psi_scores.days_since_last_transaction).toBe(report.features.days_since_last_transaction.scores.psi);
    expect(doc.psi_scores.days_since_last_transaction).toBeGreaterThan(5);
    expect(doc.ks_statistics.transaction_amount).toBe(report.features.transaction_amount.scores.ks);
    expect(doc.ks_statistics.merchant_category).toBeNull(); // no KS for a categorical
    expect(doc.js_distances.merchant_category).toBe(report.features.merchant_category.scores.jsDistance);
    expect(doc.wasserstein_distances.transaction_amount).toBe(report.features.transaction_amount.scores.wassersteinNormalized);
    for (const [name, f] of Object.entries(report.features)) checkFeature(doc.features[name], f);
    expect(Object.keys(doc.features)).toEqual(Object.keys(report.features));
    const mc = doc.features.merchant_category;
    expect(mc.new_categories).toEqual(['crypto']);
    expect(mc.signals.map((s) => s.kind)).toEqual(['distribution', 'null_share', 'new_categories']);
    expect(mc.bins!.edges).toBeNull();
    expect(doc.features.distance_from_home.null_share.current).toBeGreaterThan(0.2);
    const edges = doc.features.days_since_last_transaction.bins!.edges!;
    expect([edges[0], edges[edges.length - 1]]).toEqual(['-Infinity', 'Infinity']);
    expect(doc.prediction_drift).toEqual(doc.features.probability);
    expect(driftReportJson({ ...report, predictionDrift: undefined }).prediction_drift).toBeNull();
  });

  it('non-finite numbers and unmeasured features follow the documented rule', () => {
    const { report } = edgeCase();
    const doc = driftReportJson(report);
    expect(reportErrors(doc)).toBe('');
    expect(roundTrip(doc)).toEqual(doc);
    for (const [name, f] of Object.entries(report.features)) checkFeature(doc.features[name], f);
    // a constant reference and a moved current: an infinite normalized Wasserstein distance, kept
    expect(report.features.constant_moved.scores.wassersteinNormalized).toBe(Infinity);
    expect(doc.features.constant_moved.scores.wasserstein_normalized).toBe('Infinity');
    expect(doc.wasserstein_distances.constant_moved).toBe('Infinity');
    // not measured: null statistics, the status says why
    expect(doc.features.gone).toMatchObject({ status: 'missing-in-current', statistic: null, p_value: null, bins: null, sample_counts: { current: 0 } });
    expect(doc.features.gone.signals.map((s) => s.kind)).toEqual(['missing_column']);
    expect(doc.features.empty).toMatchObject({ status: 'no-current-data', statistic: null });
    expect(doc.features.empty.signals.map((s) => s.kind)).toEqual(['no_data', 'null_share']);
    expect(doc.psi_scores.gone).toBeNull();
    expect(doc.features.empty_cat.status).toBe('no-current-data');
  });

  it('jsonNumber / fromJsonNumber', () => {
    expect([1.5, 0, -0, Infinity, -Infinity, NaN, undefined, null].map(jsonNumber)).toEqual([1.5, 0, -0, 'Infinity', '-Infinity', null, null, null]);
    expect((['Infinity', '-Infinity', 2, null] as const).map(fromJsonNumber)).toEqual([Infinity, -Infinity, 2, NaN]);
  });

  it('refuses an extra field that would replace one of the shape', () => {
    const { report } = edgeCase();
    expect(() => driftReportJson(report, { status: 'x' })).toThrow('driftReportJson: extra.status would replace a field of the shape');
    expect(() => driftReportJson(report, { features: {} })).toThrow(/extra\.features would replace/);
    expect(Object.keys(driftReportJson(report, { window: 1 })).slice(-3)).toEqual(['window', 'prediction_drift', 'features']);
  });
});

describe('schemas/drift-report.schema.json', () => {
  const base = roundTrip(driftReportJson(fraudCase().report));
  // free edits of a parsed copy
  const broken = (edit: (d: any) => void): unknown => { const d = structuredClone(base); edit(d); return d; };

  it('catches a renamed, missing, extra or retyped field', () => {
    expect(reportErrors(base)).toBe('');
    expect(reportErrors(broken((d) => { delete d.psi_scores; }))).toMatch(/must have required property 'psi_scores'/);
    expect(reportErrors(broken((d) => { d.driftedFeatures = d.drifted_features; delete d.drifted_features; }))).toMatch(/drifted_features/);
    expect(reportErrors(broken((d) => { d.extra = 1; }))).toMatch(/must NOT have additional properties/);
    expect(reportErrors(broken((d) => { d.schema_version = '2.0'; }))).toMatch(/schema_version/);
    expect(reportErrors(broken((d) => { d.features.transaction_amount.pValue = d.features.transaction_amount.p_value; delete d.features.transaction_amount.p_value; }))).toMatch(/\/features\/transaction_amount .*p_value/);
    expect(reportErrors(broken((d) => { delete d.features.merchant_category.scores.js_distance; }))).toMatch(/js_distance/);
    expect(reportErrors(broken((d) => { d.features.transaction_amount.bins.referenceProportions = []; }))).toMatch(/additional properties/);
    expect(reportErrors(broken((d) => { d.features.transaction_amount.statistic = 'NaN'; }))).toMatch(/statistic/);
    expect(reportErrors(broken((d) => { d.features.transaction_amount.bins.edges[0] = null; }))).toMatch(/edges\/0/);
    expect(reportErrors(broken((d) => { d.features.merchant_category.signals[2].kind = 'newCategories'; }))).toMatch(/signals\/2\/kind/);
    expect(reportErrors(broken((d) => { d.timestamp = 'yesterday'; }))).toMatch(/timestamp/);
    // the service's fields are optional in the shared shape and required in drift_status, which repeats its properties
    expect(driftStatusErrors(base)).toMatch(/'window'/);
    const { drift_report: shared, drift_status: service } = schema.definitions;
    expect(service.properties).toEqual(shared.properties);
    expect(service.required).toEqual([...shared.required, 'window', 'model_version', 'data_quality']);
    expect(service.additionalProperties).toBe(false);
  });
});

describe('GET /drift: the shared shape and the service\'s fields', () => {
  let clock = Date.parse('2026-11-22T00:00:00Z');
  const h = harness(() => clock);
  afterEach(() => h.closeAll());

  it('before any row (no-data) and with rows: valid; the shared part is driftReportJson of the window\'s report', async () => {
    const { app, service } = h.make({ compare: { drift_share: 0.3, correction: 'bh' } });
    const empty = await h.get(app, '/drift');
    expect(driftStatusErrors(empty)).toBe('');
    expect(empty).toMatchObject({ schema_version: '1.0', status: 'no-data', features_monitored: 7, features: {}, prediction_drift: null, window: { rows: 0, start: null } });
    expect(Object.values(empty.psi_scores)).toEqual(Array(7).fill(null));

    for (let i = 0; i < 5; i++) expect((await h.post(app, records(200, 50 + i, i > 2 ? { newCategory: true } : {}))).statusCode).toBe(202);
    clock += 500;
    const body = await h.get(app, '/drift');
    expect(driftStatusErrors(body)).toBe('');
    expect(reportErrors(body)).toBe(''); // a superset: also valid against the shared shape
    expect(body).toMatchObject({ status: 'ok', window: { kind: 'sliding', size_ms: 600_000, slide: 60_000, rows: 1000 }, model_version: null, dataset_drift_threshold: 0.3, correction: 'bh' });
    expect(body.data_quality).toMatchObject({ ok: expect.any(Boolean), rows: 1000 });
    const report = service.currentWindow()!.report as DriftReport; // the same cached window result
    const { window: _w, model_version: _m, data_quality: _q, ...shared } = body;
    expect(shared).toEqual(roundTrip(driftReportJson(report)));
    expect(body.prediction_drift.feature).toBe('probability');
    expect(body.features.merchant_category.new_categories).toEqual(['crypto']);
  });

  it('driftView keeps its signature; the options add the compare settings and the data-quality verdict', () => {
    const spec = { kind: 'tumbling' as const, rows: 500 };
    const v = driftView(undefined, undefined, spec, ['a', 'b'], 'v3', { compare: { driftShare: 0.4 }, dataQuality: null });
    expect(driftStatusErrors(roundTrip(v))).toBe('');
    expect(v).toMatchObject({ model_version: 'v3', dataset_drift_threshold: 0.4, correction: 'none', data_quality: null, window: { kind: 'tumbling', size_rows: 500, rows: 0 } });
    const { report } = edgeCase();
    const w = driftView(report, { index: 0, startRow: 0, endRow: 300, startTime: 0, endTime: 1000, rows: 300 } as never, spec, [], undefined);
    expect('data_quality' in w).toBe(false);
    expect(reportErrors(roundTrip(w))).toBe('');
    expect(w.window).toEqual({ kind: 'tumbling', size_rows: 500, start: '1970-01-01T00:00:00.000Z', end: '1970-01-01T00:00:01.000Z', rows: 300 });
  });
});

describe('the schema in fastify', () => {
  it('as a route\'s response schema: the serializer keeps every field; @fastify/swagger turns it into OpenAPI 3.0 and 3.1', async () => {
    const { report } = fraudCase();
    const view = { ...driftView(report, undefined, { kind: 'sliding', ms: 600_000, slide: 60_000 }, [], 'v1'), data_quality: null };
    for (const openapi of ['3.0.3', '3.1.0']) {
      const app = Fastify({ logger: false });
      app.addSchema(schema);
      await app.register(swagger, { openapi: { openapi, info: { title: 'driftkit', version: '0' } } });
      app.get('/drift', { schema: { response: { 200: { $ref: `${schema.$id}#/definitions/drift_status` } } } }, async () => view);
      await app.ready();
      const res = await app.inject('/drift');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(roundTrip(view));
      const doc = app.swagger() as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toBe(openapi);
      const text = JSON.stringify(doc);
      expect(doc.paths['/drift']).toBeDefined();
      for (const field of ['psi_scores', 'schema_version', 'wasserstein_normalized', 'reference_proportions']) expect(text).toContain(field);
      await app.close();
    }
  });
});
