// The service embedded in a user's own fastify app (driftkitPlugin): its routes under a prefix, its error
// handler, JSON-only parser, body limit, validator and 404 scoped to those routes (the app's own routes keep
// fastify's defaults), the token on its write routes only, the service started and stopped with the app,
// two registrations, and bodies exactly as the service computes them (no schema-driven trimming).
import { afterEach, describe, expect, it, vi } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import driftkit, { buildApp, DriftService, driftkitPlugin, applyConfig, defaultConfig } from '../../src/service/index.js';
import { fraud } from './harness.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

vi.stubEnv('DRIFTKIT_TOKEN', ''); // the services here run without a token unless a test configures one
let clock = Date.parse('2026-12-01T00:00:00Z');
const now = () => clock;
const P = '/drift-monitor';
const apps: FastifyInstance[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A user's app: its own routes (one throws, one takes text, one coerces a query) and its own 1 MB body limit. */
function userApp(): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
  apps.push(app);
  app.get('/hello', async () => ({ hello: 'world' }));
  app.get('/boom', async () => { throw Object.assign(new Error('user route failed'), { statusCode: 418 }); });
  app.post('/echo', async (req) => ({ got: req.body }));
  app.get('/double', { schema: { querystring: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } }, async (req) => ({ n: (req.query as { n: number }).n * 2 }));
  return app;
}
const json = (app: FastifyInstance, method: 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('driftkitPlugin in a user app', () => {
  it('is the default export of driftkit/service; POST /monitor then GET /drift under the prefix; app.driftkit is the service', async () => {
    expect(driftkit).toBe(driftkitPlugin);
    const app = userApp();
    await app.register(driftkit, { prefix: P, profile: fraud, now, config: { window: { kind: 'sliding', ms: '10m', slide: '1m' } } });
    const r = await json(app, 'POST', `${P}/monitor`, records(500, 1));
    expect(r.statusCode).toBe(202);
    expect(r.json()).toEqual({ accepted: 500 });
    const d = await app.inject(`${P}/drift`);
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ status: 'ok', features_monitored: 7, window: { kind: 'sliding', size_ms: 600_000, rows: 500 } });
    expect(app.driftkit).toBeInstanceOf(DriftService);
    expect(app.driftkit.driftStatus().window.rows).toBe(500);
    // the index lists the prefixed routes; the service's routes are not at the root
    expect((await app.inject(`${P}/`)).json().endpoints).toContain(`GET ${P}/drift`);
    expect((await app.inject('/drift')).statusCode).toBe(404);
    expect((await app.inject('/hello')).json()).toEqual({ hello: 'world' });
  });

  it('takes a ServiceConfig as well as a config document; a bad config fails the registration naming the field', async () => {
    const app = userApp();
    await app.register(driftkit, { prefix: P, profile: fraud, now, config: { ...defaultConfig(), token: undefined, limits: { bodyBytes: 4096, maxRecords: 10 } } });
    expect((await json(app, 'POST', `${P}/monitor`, records(11, 1))).json()).toMatchObject({ reason: 'too_many_records' });
    const bad = userApp();
    bad.register(driftkit, { profile: fraud, config: { window: { kind: 'hopping' } } });
    await expect(bad.ready()).rejects.toThrow(/window\.kind/);
  });

  it('the service\'s error handler, JSON-only parser, validator, body limit and 404 stay inside its scope', async () => {
    const app = userApp();
    await app.register(driftkit, { prefix: P, profile: fraud, now, config: { limits: { body_bytes: 2048 } } });
    // ours: named 4xx with reason
    const big = await json(app, 'POST', `${P}/monitor`, records(100, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: 'Payload Too Large', reason: 'body_too_large', field: 'body' });
    const text = await app.inject({ method: 'POST', url: `${P}/monitor`, payload: 'x=1', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.json().reason).toBe('unsupported_media_type');
    const num = await json(app, 'POST', `${P}/monitor`, 42);
    expect(num.statusCode).toBe(400);
    expect(num.json()).toMatchObject({ reason: 'schema', field: 'body' });
    const missing = await app.inject(`${P}/nope`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'Not Found', message: `no route GET ${P}/nope; see GET ${P}` });

    // the user's: fastify's own error format, text bodies, the app's 1 MB limit, the app's coercing validator, fastify's 404
    const boom = await app.inject('/boom');
    expect(boom.statusCode).toBe(418);
    expect(boom.json()).toEqual({ statusCode: 418, error: "I'm a Teapot", message: 'user route failed' });
    const echo = await app.inject({ method: 'POST', url: '/echo', payload: 'plain text', headers: { 'content-type': 'text/plain' } });
    expect(echo.json()).toEqual({ got: 'plain text' });
    const large = await json(app, 'POST', '/echo', records(100, 1));
    expect(large.statusCode).toBe(200);
    expect((await app.inject('/double?n=21')).json()).toEqual({ n: 42 });
    const invalid = await app.inject('/double?n=x');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ statusCode: 400, code: 'FST_ERR_VALIDATION' });
    expect(invalid.json().reason).toBeUndefined();
    const nope = await app.inject('/nope');
    expect(nope.statusCode).toBe(404);
    expect(nope.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Route GET:/nope not found' });
  });

  it('the app\'s own hooks apply to the service\'s routes, and their errors keep their status', async () => {
    const app = userApp();
    app.addHook('onRequest', async (req) => {
      if (req.headers['x-tenant'] === undefined) throw Object.assign(new Error('x-tenant header required'), { statusCode: 403 });
    });
    await app.register(driftkit, { prefix: P, profile: fraud, now });
    const r = await app.inject(`${P}/drift`);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toEqual({ error: 'Forbidden', message: 'x-tenant header required' });
    expect((await app.inject({ url: `${P}/drift`, headers: { 'x-tenant': 'a' } })).statusCode).toBe(200);
  });

  it('without a prefix the app keeps its own 404 (the service sets none)', async () => {
    const plain = userApp();
    await plain.register(driftkit, { profile: fraud, now });
    expect((await plain.inject('/ready')).json()).toEqual({ status: 'ready', features: 7 });
    expect((await plain.inject('/nope')).json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Route GET:/nope not found' });
    // and may still set its own after registering the service (a second root 404 handler would throw)
    const own = userApp();
    await own.register(driftkit, { profile: fraud, now });
    own.setNotFoundHandler((_req, reply) => reply.code(404).send({ mine: true }));
    expect((await own.inject('/nope')).json()).toEqual({ mine: true });
    expect((await own.inject('/health')).json().status).toBe('ok');
  });

  it('the token guards the service\'s POST /monitor and PUT /profile only', async () => {
    const app = userApp();
    await app.register(driftkit, { prefix: P, profile: fraud, now, config: { token: 's3cret' } });
    const denied = await json(app, 'POST', `${P}/monitor`, records(1, 1));
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Bearer');
    expect(denied.json()).toMatchObject({ error: 'Unauthorized', reason: 'unauthorized' });
    expect((await json(app, 'PUT', `${P}/profile`, {})).statusCode).toBe(401);
    expect((await json(app, 'POST', `${P}/monitor`, records(1, 1), { authorization: 'Bearer s3cret' })).statusCode).toBe(202);
    expect((await app.inject(`${P}/drift`)).statusCode).toBe(200);
    expect((await json(app, 'POST', '/echo', { a: 1 })).json()).toEqual({ got: { a: 1 } });
  });

  it('the service the plugin makes starts with the app and stops with it: app.close() flushes, persists and leaves no timers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftkit-plugin-'));
    dirs.push(dir);
    const start = vi.spyOn(DriftService.prototype, 'start');
    const close = vi.spyOn(DriftService.prototype, 'close');
    const resources = () => process.getActiveResourcesInfo().sort();
    const before = resources();
    const app = Fastify({ logger: false });
    app.register(driftkit, { prefix: P, profile: fraud, now, config: { data_dir: dir, flush_interval: '50ms' } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    expect(start).toHaveBeenCalledTimes(1);
    const timers = () => (app.driftkit as unknown as { timers: unknown[] }).timers.length;
    expect(timers()).toBe(3); // flush, evaluation, persistence
    const { port } = app.server.address() as { port: number };
    const r = await fetch(`http://127.0.0.1:${port}${P}/monitor`, { method: 'POST', body: JSON.stringify(records(300, 2)), headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(202);
    await r.text();
    await app.close();
    expect(close).toHaveBeenCalledTimes(1);
    await close.mock.results[0].value;
    expect(timers()).toBe(0);
    expect(app.server.listening).toBe(false);
    // nothing of the app's or the service's is left holding the process (sockets finish closing on the next turns)
    const tcp = () => resources().filter((r) => r.startsWith('TCP'));
    const timeouts = (rs: string[]) => rs.filter((r) => r === 'Timeout').length;
    for (let i = 0; i < 40 && tcp().length > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(tcp()).toEqual([]);
    expect(timeouts(resources())).toBeLessThanOrEqual(timeouts(before));
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(state.latency).toBeTruthy();
    expect(JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')).profile.format).toBe('driftkit-profile');
  });

  it('a service passed in is served but neither started nor closed by the plugin (it stays the caller\'s)', async () => {
    const config = applyConfig({}, { ...defaultConfig(), token: undefined });
    const service = new DriftService({ config, profile: fraud, now });
    const start = vi.spyOn(service, 'start');
    const close = vi.spyOn(service, 'close');
    const app = userApp();
    await app.register(driftkit, { prefix: P, service });
    expect(app.driftkit).toBe(service);
    expect((await json(app, 'POST', `${P}/monitor`, records(10, 3))).statusCode).toBe(202);
    await app.close();
    apps.length = 0;
    expect(start).not.toHaveBeenCalled();
    expect(close).not.toHaveBeenCalled();
    expect(service.latencyStatus().records).toBe(10);
    await service.close();
  });

  it('twice under two prefixes: two independent services when the second names another decoration; the same name fails clearly', async () => {
    const app = userApp();
    await app.register(driftkit, { prefix: '/a', profile: fraud, now });
    await app.register(driftkit, { prefix: '/b', profile: fraud, now, decorate: 'driftkitB' });
    expect((await json(app, 'POST', '/a/monitor', records(20, 4))).statusCode).toBe(202);
    expect((await app.inject('/a/drift')).json().window.rows).toBe(20);
    expect((await app.inject('/b/drift')).json().window.rows).toBe(0);
    expect((app as unknown as { driftkitB: DriftService }).driftkitB).not.toBe(app.driftkit);
    expect((await app.inject('/b/openapi.json')).json().paths).toHaveProperty('/b/drift');
    expect((await app.inject('/b/openapi.json')).json().paths).not.toHaveProperty('/a/drift');

    const twice = userApp();
    twice.register(driftkit, { prefix: '/a', profile: fraud, now });
    twice.register(driftkit, { prefix: '/b', profile: fraud, now });
    await expect(twice.ready()).rejects.toThrow(/already has a decoration "driftkit".*decorate: 'anotherName'/);
  });

  it('buildApp: fastify with the service\'s limits plus the plugin at the root (its JSON 404 everywhere), the service left to the caller', async () => {
    const config = applyConfig({ limits: { body_bytes: 2048 } }, { ...defaultConfig(), token: undefined });
    const service = new DriftService({ config, profile: fraud, now });
    const app = buildApp(service, { logger: false });
    apps.push(app);
    expect(app.driftkit).toBeUndefined(); // decorated once the plugin has run
    await app.ready();
    expect(app.driftkit).toBe(service);
    expect((await app.inject('/nope')).json()).toEqual({ error: 'Not Found', message: 'no route GET /nope; see GET /' });
    expect((await app.inject('/health')).json().status).toBe('ok');
    await service.close();
  });
});

describe('bodies are what the service computes', () => {
  it('every GET body equals the status method\'s value (response schemas document, they never trim)', async () => {
    const app = userApp();
    await app.register(driftkit, { prefix: P, profile: fraud, now, config: { freshness: { sources: { user_features: '1h' } } } });
    const rs = (records(2000, 5, { timestamps: true, newCategory: true }) as Record<string, unknown>[]).map((r, i) => ({ ...r, model_version: i % 10 ? 'v1' : 'v2', sources: { user_features: clock - 60_000 } }));
    for (let i = 0; i < 3; i++) { clock += 30_000; expect((await json(app, 'POST', `${P}/monitor`, rs)).statusCode).toBe(202); }
    const s = app.driftkit;
    const body = async (url: string) => (await app.inject(`${P}${url}`)).json();
    expect(await body('/drift')).toEqual(JSON.parse(JSON.stringify(s.driftStatus())));
    expect(await body('/latency')).toEqual(JSON.parse(JSON.stringify(s.latencyStatus())));
    expect(await body('/quality')).toEqual(JSON.parse(JSON.stringify(s.qualityStatus())));
    expect(await body('/freshness')).toEqual(JSON.parse(JSON.stringify(s.freshnessStatus())));
    expect(await body('/slo')).toEqual(JSON.parse(JSON.stringify(s.sloStatus())));
    expect(await body('/canary')).toEqual(JSON.parse(JSON.stringify(s.canaryStatus())));
    const alerts = await body('/alerts');
    expect(alerts).toEqual(JSON.parse(JSON.stringify(s.alertsStatus())));
    expect(alerts.firing.length).toBeGreaterThan(0);

    // a field no schema knows reaches the client (fast-json-stringify would drop it)
    const latency = s.latencyStatus.bind(s);
    vi.spyOn(s, 'latencyStatus').mockImplementation(() => ({ ...latency(), undocumented: { kept: true } }));
    expect((await body('/latency')).undocumented).toEqual({ kept: true });
  });
});
