// The service's response schemas (schemas/*.schema.json) against its real responses, with Ajv in strict
// mode, in every state worth a schema branch (no data, drift and firing alerts, no profile, canary off,
// contract off, rejected requests); and GET /openapi.json: every route, each with its response schemas,
// every $ref resolving to a component.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import driftkit, { type DriftkitPluginOptions } from '../../src/service/index.js';
import { fraud } from './harness.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

vi.stubEnv('DRIFTKIT_TOKEN', ''); // the services here run without a token unless a test configures one
type Schema = Record<string, unknown>;
const schemaDir = new URL('../../schemas/', import.meta.url);
const files = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'));
const ajv = new Ajv({
  strict: true, allErrors: true, allowUnionTypes: true,
  formats: { 'date-time': (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)) },
});
beforeAll(() => {
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(new URL(f, schemaDir), 'utf8')) as Schema);
});

let clock = Date.parse('2026-12-01T00:00:00Z');
const now = () => clock;
const P = '/dk';
const apps: FastifyInstance[] = [];
afterEach(async () => { for (const a of apps.splice(0)) await a.close(); });

/** A user app with the plugin under P, and the routes it declared (with their schemas) as fastify saw them. */
async function embed(opts: Partial<DriftkitPluginOptions>) {
  const app = Fastify({ logger: false });
  apps.push(app);
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (r) => { if (r.method !== 'HEAD' && r.url.startsWith(P)) routes.push(r); });
  await app.register(driftkit, { prefix: P, now, ...opts });
  await app.ready();
  return { app, routes };
}

/** The schema a route declares for a status code (the application/json one when it lists content types). */
function responseSchema(route: RouteOptions, status: number): Schema | undefined {
  const r = (route.schema?.response as Record<string, Schema> | undefined)?.[status];
  if (!r) return undefined;
  const content = r.content as Record<string, { schema: Schema }> | undefined;
  return content ? content['application/json']?.schema : r;
}

function check(route: RouteOptions, status: number, body: unknown): void {
  const schema = responseSchema(route, status);
  expect(schema, `${route.method} ${route.url} declares no schema for ${status}`).toBeDefined();
  const validate = typeof schema!.$ref === 'string' ? ajv.getSchema(schema!.$ref) : ajv.compile(schema!);
  expect(validate, `${String(schema!.$ref)} is not a known schema`).toBeDefined();
  const ok = validate!(body);
  expect(ok, `${route.method} ${route.url} ${status}: ${ajv.errorsText(validate!.errors)}`).toBe(true);
}

/** Every GET route's real answer, validated against its schema for the status it answered. */
async function checkGets(app: FastifyInstance, routes: RouteOptions[]): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (const route of routes) {
    if (route.method !== 'GET') continue;
    const r = await app.inject(route.url);
    seen[route.url] = r.statusCode;
    if (route.url === `${P}/metrics`) { expect(r.headers['content-type']).toMatch(/^text\/plain/); continue; }
    check(route, r.statusCode, r.json());
  }
  return seen;
}

const json = (app: FastifyInstance, method: 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const route = (routes: RouteOptions[], method: string, url: string) => routes.find((r) => r.method === method && r.url === `${P}${url}`)!;

describe('response schemas (Ajv strict) against real responses', () => {
  it('the schema files compile in strict mode and have distinct $ids', () => {
    expect(files).toEqual(expect.arrayContaining(['error.schema.json', 'latency.schema.json', 'alerts.schema.json', 'drift-report.schema.json']));
    const ids = files.map((f) => (JSON.parse(readFileSync(new URL(f, schemaDir), 'utf8')) as Schema).$id);
    expect(new Set(ids).size).toBe(files.length);
    for (const id of ids) expect(ajv.getSchema(id as string)).toBeTypeOf('function');
  });

  it('every GET route: before any record, then with drift, firing alerts, a canary and stale sources', async () => {
    const { app, routes } = await embed({
      profile: fraud,
      config: { freshness: { sources: { user_features: '1h', record: '10m' } }, alerts: { rules: [{ metric: 'psi_score', threshold: 0.25, action: 'alert' }] } },
    });
    expect(routes.filter((r) => r.method === 'GET').length).toBe(14);
    const empty = await checkGets(app, routes);
    expect(empty).toMatchObject({ [`${P}/drift`]: 200, [`${P}/contract`]: 200, [`${P}/ready`]: 200, [`${P}/openapi.json`]: 200 });

    const rs = (records(2000, 1, { timestamps: true, newCategory: true, nullDistance: true }) as Record<string, unknown>[])
      .map((r, i) => ({ ...r, model_version: i % 10 ? 'v1' : 'v2', sources: { user_features: clock - 7_200_000 }, timestamp: clock - 1000 }));
    for (let i = 0; i < 6; i++) { clock += 30_000; expect((await json(app, 'POST', `${P}/monitor`, rs)).statusCode).toBe(202); }
    clock += 2000;
    app.driftkit.evaluate();
    const alerts = (await app.inject(`${P}/alerts`)).json();
    expect(alerts.firing.length).toBeGreaterThan(0);
    expect((await app.inject(`${P}/canary`)).json().comparison).not.toBeNull();
    expect((await app.inject(`${P}/drift`)).json().drifted_features.length).toBeGreaterThan(0);
    await checkGets(app, routes);
  });

  it('no profile (503, 404s), canary off ({ enabled: false }), contract off (a note)', async () => {
    const bare = await embed({ config: { canary: { enabled: false } } });
    const seen = await checkGets(bare.app, bare.routes);
    expect(seen).toMatchObject({ [`${P}/ready`]: 503, [`${P}/profile`]: 404, [`${P}/contract`]: 404 });
    expect((await bare.app.inject(`${P}/canary`)).json()).toEqual({ enabled: false });
    const off = await embed({ profile: fraud, config: { contract: 'off' } });
    expect((await off.app.inject(`${P}/quality`)).json().note).toMatch(/no data contract/);
    await checkGets(off.app, off.routes);
  });

  it('POST /monitor and PUT /profile: 202 / 200 and every rejection', async () => {
    const { app, routes } = await embed({ profile: fraud, config: { token: 's3cret', limits: { body_bytes: 200_000 } } });
    const auth = { authorization: 'Bearer s3cret' };
    const monitor = route(routes, 'POST', '/monitor');
    const cases: [unknown, Record<string, string>, number][] = [
      [records(1, 1), auth, 202], [records(1, 1), {}, 401], [records(2000, 1), auth, 413], ['{"features":', auth, 400], [42, auth, 400],
      [{ features: {}, prediction: 1 }, auth, 400],
    ];
    for (const [body, headers, status] of cases) {
      const r = await json(app, 'POST', `${P}/monitor`, body, headers);
      expect(r.statusCode).toBe(status);
      check(monitor, status, r.json());
    }
    const text = await app.inject({ method: 'POST', url: `${P}/monitor`, payload: 'x', headers: { 'content-type': 'text/plain', ...auth } });
    check(monitor, 415, text.json());
    const put = route(routes, 'PUT', '/profile');
    const replaced = await json(app, 'PUT', `${P}/profile`, (await app.inject(`${P}/profile`)).body, auth);
    expect(replaced.statusCode).toBe(200);
    check(put, 200, replaced.json());
    const invalid = await json(app, 'PUT', `${P}/profile`, { format: 'nope' }, auth);
    expect(invalid.statusCode).toBe(400);
    check(put, 400, invalid.json());
    const canary = await app.inject(`${P}/canary?baseline=`);
    expect(canary.statusCode).toBe(400);
    check(route(routes, 'GET', '/canary'), 400, canary.json());
  });
});

describe('request schemas against bodies the service accepts', () => {
  it('POST /monitor: one record, an array, a columnar batch; PUT /profile: a serialized profile', async () => {
    const { app, routes } = await embed({ profile: fraud });
    const body = (method: string, url: string) => ajv.getSchema((route(routes, method, url).schema!.body as { $ref: string }).$ref)!;
    const rs = records(50, 7) as Record<string, unknown>[];
    const cols = Object.fromEntries(Object.keys(rs[0].features as object).map((k) => [k, rs.map((r) => (r.features as Record<string, unknown>)[k])]));
    const columnar = { columns: cols, prediction: rs.map((r) => r.prediction), probability: rs.map((r) => r.probability), latency_ms: rs.map((r) => r.latency_ms), model_version: 'v1' };
    for (const b of [rs[0], rs, columnar]) {
      expect((await json(app, 'POST', `${P}/monitor`, b)).statusCode).toBe(202);
      const validate = body('POST', '/monitor');
      expect(validate(b), ajv.errorsText(validate.errors)).toBe(true);
    }
    const validate = body('PUT', '/profile');
    expect(validate(JSON.parse((await app.inject(`${P}/profile`)).body)), ajv.errorsText(validate.errors)).toBe(true);
  });
});

describe('GET /openapi.json', () => {
  it('an OpenAPI 3.1 document listing every route of the plugin (prefixed) with its response schemas, every $ref a component', async () => {
    const { app, routes } = await embed({ profile: fraud });
    const r = await app.inject(`${P}/openapi.json`);
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'driftkit service', version: expect.any(String) });
    const declared = routes.map((x) => `${x.method} ${x.url}`).sort();
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(listed).toEqual(declared);
    expect(listed).toHaveLength(16);
    for (const x of routes) {
      const op = doc.paths[x.url][String(x.method).toLowerCase()];
      const codes = Object.keys((x.schema?.response ?? {}) as object);
      expect(codes.length, `${x.method} ${x.url}`).toBeGreaterThan(0);
      expect(Object.keys(op.responses).sort()).toEqual(codes.sort());
      for (const code of codes) expect(Object.keys(op.responses[code].content ?? {}).length, `${x.method} ${x.url} ${code}`).toBeGreaterThan(0);
    }
    // the bodies' schemas are components named after their files, and nothing points elsewhere
    const components = doc.components.schemas as Record<string, unknown>;
    expect(Object.keys(components)).toEqual(expect.arrayContaining(['latency', 'alerts', 'error', 'monitor-request', 'drift-report']));
    expect(doc.paths[`${P}/latency`].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/latency' });
    expect(doc.paths[`${P}/drift`].get.responses['200'].content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/drift-report/);
    expect(doc.paths[`${P}/monitor`].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/monitor-request' });
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k === '$ref') refs.push(x as string); else walk(x); }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(components[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
  });

  it('with a token, the write routes name the bearer scheme (and only they)', async () => {
    const { app } = await embed({ profile: fraud, config: { token: 's3cret' } });
    const doc = (await app.inject(`${P}/openapi.json`)).json();
    expect(doc.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(doc.paths[`${P}/monitor`].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths[`${P}/profile`].put.security).toEqual([{ bearer: [] }]);
    expect(doc.paths[`${P}/profile`].get.security).toBeUndefined();
    const open = await embed({ profile: fraud, config: { token: undefined } });
    const plain = (await open.app.inject(`${P}/openapi.json`)).json();
    expect(plain.components.securitySchemes).toBeUndefined();
    expect(plain.paths[`${P}/monitor`].post.security).toBeUndefined();
  });

  it('openapi: false turns the document off (501), the routes stay', async () => {
    const { app } = await embed({ profile: fraud, openapi: false });
    const r = await app.inject(`${P}/openapi.json`);
    expect(r.statusCode).toBe(501);
    expect(r.json().message).toMatch(/openapi: false/);
    expect((await app.inject(`${P}/health`)).statusCode).toBe(200);
  });
});
