// The service as a fastify plugin, for embedding in your own fastify app:
//
//   import Fastify from 'fastify';
//   import driftkit from 'driftkit/service';
//   const app = Fastify();
//   await app.register(driftkit, { prefix: '/drift-monitor', profile, config: { window: { kind: 'sliding', ms: '10m', slide: '1m' } } });
//   app.driftkit.driftStatus();      // the DriftService (decorate: 'driftkit', the default)
//   await app.listen({ port: 3000 }); // its timers start with the app (onReady) …
//   await app.close();                // … and stop with it (onClose: flushed, persisted, webhooks drained)
//
// Routes (under the prefix): POST /monitor, GET /drift /latency /alerts /quality /contract /freshness /slo
// /canary /metrics /health /ready /profile /openapi.json, PUT /profile, GET / (see app.ts).
//
// Encapsulation: everything that shapes requests and answers — the error handler (JSON { error, message, field,
// reason } counted in driftkit_invalid_requests_total), the JSON-only body parser, the validator (no type
// coercion), the serializer (JSON.stringify: bodies are never trimmed to their documented schemas) and the 404
// handler (only with a prefix: without one it would be the whole app's) — lives in a child scope and applies to
// the service's routes only; the app's own routes keep theirs. The body limit (config limits.body_bytes) is set
// per route, since the app keeps its own global limit, and the bearer token (config token) guards POST /monitor
// and PUT /profile only, checked in their onRequest hook, before the body is read.
//
// The DriftService: pass `service` to serve one you made (its start() and close() are then yours), or let the
// plugin make it from `config` and `profile` (started in onReady, closed in onClose). Either way it is
// decorated on the app that registers the plugin as `app.driftkit` (option `decorate`: another name, or false).
// That decoration is why the outer function skips fastify's encapsulation (Symbol.for('skip-override'), what
// fastify-plugin sets) and registers the routes in a child scope of its own. Registering the plugin twice (two
// prefixes, two services) works when the second registration names another decoration (or none); with the
// same name it fails at registration, saying so.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { readFileSync } from 'node:fs';
import { serializeProfile } from '../profile/serialize.js';
import type { ReferenceProfile } from '../profile/types.js';
import { serializeContract } from '../quality/index.js';
import { applyConfig, type ServiceConfig } from './config.js';
import { BEARER, loadSchemas, loadSwagger, OPENAPI_DECORATOR, registerOpenapi, SWAGGER_PACKAGE, type JsonSchema, type SchemaName } from './openapi.js';
import { BadRequest, type Reason } from './records.js';
import { DriftService, type ServiceOptions } from './service.js';
import type { HealthStatus, IndexStatus, MonitorAccepted, ProfileReplaced } from './status-types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The DriftService of the driftkit plugin registered on this app (option `decorate`, default 'driftkit'). */
    driftkit: DriftService;
  }
}

export interface DriftkitPluginOptions {
  /** Serve the routes under this prefix ('/drift-monitor'); default none. */
  prefix?: string;
  /** Serve this DriftService; you start() and close() it. Without it the plugin makes one from the options below and runs it with the app. */
  service?: DriftService;
  /**
   * The service's configuration: a ServiceConfig (defaultConfig(), loadConfigFile(), applyConfig()), or a config
   * document as in driftkit.yaml (snake_case: { window: { kind: 'sliding', ms: '10m' }, limits: { body_bytes: 1048576 } })
   * merged over the defaults. Default: the defaults (token from DRIFTKIT_TOKEN). Ignored with `service`.
   */
  config?: ServiceConfig | Record<string, unknown>;
  /** The reference profile (else config.profile, a file, else the data dir's; else PUT /profile). Ignored with `service`. */
  profile?: ReferenceProfile;
  /** Ignored with `service`. */
  now?: ServiceOptions['now'];
  fetch?: ServiceOptions['fetch'];
  log?: ServiceOptions['log'];
  /** Decorate the registering app with the service under this name (default 'driftkit'); false: no decoration. */
  decorate?: string | false;
  /** Serve GET /openapi.json (default true; 501 when @fastify/swagger is not installed). */
  openapi?: boolean;
  /** Answer unknown URLs under the prefix with the service's JSON 404 (default: with a prefix only). */
  notFound?: boolean;
}

/** A route schema with the OpenAPI fields @fastify/swagger reads (its types are not loaded: it is optional). */
type RouteSchema = FastifySchema & { summary?: string; security?: Record<string, string[]>[] };

interface ScopeOptions {
  service: DriftService;
  owned: boolean;
  openapi: boolean;
  notFound: boolean;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable' };

// The drop-two-CSVs page (npm run build:page; ../../dist/page from both src/service and dist/service), read
// once; null when it was not built, and / then answers JSON to everyone.
let pageHtml: string | null | undefined;
function page(): string | null {
  if (pageHtml === undefined) {
    try { pageHtml = readFileSync(new URL('../../dist/page/index.html', import.meta.url), 'utf8'); } catch { pageHtml = null; }
  }
  return pageHtml;
}

/** Whether an Accept header ranks text/html above application/json (browsers do; curl's *\/* and JSON clients do not). */
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.toLowerCase().split(',').map((part) => {
    const [type, ...params] = part.split(';').map((x) => x.trim());
    const q = params.find((x) => x.startsWith('q='));
    const v = q === undefined ? 1 : Number(q.slice(2));
    return { type, q: Number.isFinite(v) ? v : 0 };
  });
  // the q of the most specific range that matches: type/subtype, then type/*, then */*
  const quality = (mime: string) => {
    let best = -1, q = 0;
    for (const r of ranges) {
      const spec = r.type === mime ? 2 : r.type === `${mime.split('/')[0]}/*` ? 1 : r.type === '*/*' ? 0 : -1;
      if (spec > best) { best = spec; q = r.q; }
    }
    return q;
  };
  return quality('text/html') > quality('application/json');
}

/**
 * The request validator of the service's scope: only the top-level `type` of a schema is checked (the bodies'
 * real checks are parseMonitorBody's and parseProfile's, which name the field); the rest of a schema is
 * documentation. No coercion (a number where a record belongs is an error, not a one-element array), and no
 * dependence on the app's own Ajv settings or type provider.
 */
function typeValidator(byId: Map<string, JsonSchema>) {
  return ({ schema }: { schema: JsonSchema }) => {
    const s = typeof schema.$ref === 'string' ? byId.get(schema.$ref.replace(/#$/, '')) ?? {} : schema;
    const types = s.type === undefined ? undefined : ([] as string[]).concat(s.type as string | string[]);
    const validate = (data: unknown): boolean => {
      if (!types) return true;
      const t = data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data;
      if (types.includes(t) || (t === 'number' && types.includes('integer') && Number.isInteger(data))) return true;
      validate.errors = [{ instancePath: '', schemaPath: '#/type', keyword: 'type', params: { type: types.join(',') }, message: `must be ${types.join(',')}` }];
      return false;
    };
    validate.errors = null as unknown;
    return validate;
  };
}

const isServiceConfig = (c: object): c is ServiceConfig =>
  typeof (c as ServiceConfig).evaluationIntervalMs === 'number' && typeof (c as ServiceConfig).limits?.bodyBytes === 'number';

/** The routes, handlers and scoped settings (encapsulated: registered as a child of the app). */
const scope: FastifyPluginAsync<ScopeOptions> = async (app, { service, owned, openapi, notFound }) => {
  const c = service.config;
  const prefix = app.prefix;
  const schemas = loadSchemas();
  for (const s of schemas.values()) if (!app.getSchema(s.$id!)) app.addSchema(s); // (an app may have added one of them itself)
  /** A response schema by file (and fragment), when the file is present. */
  const ref = (name: SchemaName, fragment = ''): { $ref: string } | undefined => {
    const s = schemas.get(name);
    if (!s) return undefined;
    // the drift report's file defines the service's variant (definitions/drift_status) beside the CLI's report
    if (fragment && !(s.definitions as Record<string, unknown> | undefined)?.[fragment.split('/').pop()!]) fragment = '';
    return { $ref: `${s.$id}#${fragment}` };
  };
  const responses = (r: Record<number, unknown>): Record<number, unknown> =>
    Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));

  // JSON only (whatever parsers the app added): any other content type is a 415
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.setValidatorCompiler(typeValidator(new Map([...schemas.values()].map((x) => [x.$id!, x]))) as never);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  if (owned) {
    app.addHook('onReady', async () => { service.start(); });
    app.addHook('onClose', async () => { await service.close(); });
  }

  // compared as SHA-256 digests: equal-length buffers for timingSafeEqual, and the token's length is not leaked either
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const token = c.token ? digest(c.token) : undefined;
  function reject(reply: FastifyReply, status: number, reason: Reason, message: string, field = ''): FastifyReply {
    service.metrics.invalidRequest(reason);
    return reply.code(status).send({ error: STATUS_TEXT[status] ?? 'Error', message, field: field || null, reason });
  }
  // An onRequest hook of the write routes: it runs before the body is read, so an unauthenticated request is a
  // 401 whatever its body (never parsed, never a 400/413/415). The scheme name is case-insensitive (RFC 7235),
  // followed by one or more spaces (RFC 6750: "Bearer" 1*SP b64token).
  const authorize = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!token) return;
    const h = req.headers.authorization ?? '';
    const scheme = /^bearer +/i.exec(h);
    if (!scheme || !timingSafeEqual(digest(h.slice(scheme[0].length)), token)) {
      reply.header('www-authenticate', 'Bearer');
      return reject(reply, 401, 'unauthorized', 'a valid "Authorization: Bearer <token>" header is required for this endpoint');
    }
  };

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number; validation?: unknown }, req, reply) => {
    if (err instanceof BadRequest) return reject(reply, err.status, err.reason, err.message, err.field);
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY': case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reject(reply, 400, 'invalid_json', `the body is not valid JSON (${err.message})`, 'body');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reject(reply, 413, 'body_too_large', `the body is over the limit of ${c.limits.bodyBytes} bytes (limits.body_bytes); split the batch`, 'body');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reject(reply, 415, 'unsupported_media_type', `send Content-Type: application/json; got ${JSON.stringify(req.headers['content-type'] ?? '')}`);
      case 'FST_ERR_VALIDATION':
        return reject(reply, 400, 'schema', err.message, 'body');
    }
    if (err instanceof SyntaxError || err.statusCode === 400) return reject(reply, 400, 'invalid_json', `the body is not valid JSON (${err.message})`, 'body');
    // anything else keeps its status (an app's own onRequest hook may reject our routes with a 401 or 403)
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error(err);
    return reply.code(status).send({ error: STATUS_TEXT[status] ?? STATUS_CODES[status] ?? 'Error', message: err.message });
  });
  if (notFound) app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'Not Found', message: `no route ${req.method} ${req.url}; see GET ${prefix || '/'}` }));

  // OpenAPI first: @fastify/swagger sees the routes declared after it in this scope
  const swagger = openapi ? await loadSwagger() : null;
  if (swagger) await registerOpenapi(app, swagger, { bearer: !!token });
  const security: Pick<RouteSchema, 'security'> = token ? { security: [{ [BEARER]: [] }] } : {};

  const error = ref('error');
  const rejected = (...codes: number[]) => Object.fromEntries(codes.map((k) => [k, error]));
  const get = (url: string, summary: string, response: Record<number, unknown>, handler: (req: FastifyRequest, reply: FastifyReply) => unknown) =>
    app.get(url, { schema: { summary, response: responses(response) } satisfies RouteSchema }, handler as never);

  const endpoints = ['POST /monitor', 'GET /drift', 'GET /latency', 'GET /alerts', 'GET /quality', 'GET /contract', 'GET /freshness', 'GET /slo', 'GET /canary', 'GET /metrics', 'GET /health', 'GET /ready', 'GET /profile', 'PUT /profile', 'GET /openapi.json']
    .map((e) => (prefix ? e.replace(' /', ` ${prefix}/`) : e));
  const index = ref('service-index');
  get('/', 'The endpoints as JSON (browsers: the drop-two-CSVs page)', {
    200: { description: 'JSON clients: the endpoints; browsers (Accept prefers text/html): the page', content: { 'application/json': { schema: index ?? { type: 'object' } }, 'text/html': { schema: { type: 'string' } } } },
  }, async (req, reply) => {
    reply.header('vary', 'accept');
    const html = prefersHtml(req.headers.accept) ? page() : null;
    if (html) return reply.type('text/html; charset=utf-8').send(html);
    return { name: 'driftkit', ready: service.ready, endpoints } satisfies IndexStatus;
  });

  app.post('/monitor', {
    onRequest: authorize, bodyLimit: c.limits.bodyBytes,
    schema: {
      summary: 'Records in: one record, an array of records, or a columnar batch', ...security,
      body: ref('monitor-request') ?? { type: ['object', 'array'] },
      response: responses({ 202: ref('monitor-accepted'), ...rejected(400, 401, 413, 415, 503) }),
    } satisfies RouteSchema,
  }, async (req, reply) => {
    const accepted = service.ingest(req.body);
    return reply.code(202).send({ accepted } satisfies MonitorAccepted);
  });

  get('/drift', 'The current window\'s drift report', { 200: ref('drift-report', '/definitions/drift_status') }, async () => service.driftStatus());
  get('/latency', 'Latency quantiles and SLOs, and the error rate', { 200: ref('latency') }, async () => service.latencyStatus());
  get('/quality', 'The data contract\'s violations over the window', { 200: ref('quality') }, async () => service.qualityStatus());
  get('/contract', 'The data contract in force', { 200: ref('contract'), 404: error }, async (_req, reply) => {
    const k = service.contract();
    return k ? reply.header('content-type', 'application/json; charset=utf-8').send(serializeContract(k))
      : reply.code(404).send({ error: 'Not Found', message: service.ready ? 'no data contract is in force (config contract: off)' : 'no reference profile is loaded' });
  });
  get('/freshness', 'Age and status per data source', { 200: ref('freshness') }, async () => service.freshnessStatus());
  get('/slo', 'SLOs, error budgets, burn rates', { 200: ref('slo') }, async () => service.sloStatus());
  app.get('/canary', {
    schema: {
      summary: 'The candidate model version against the baseline, and the verdict',
      querystring: {
        type: 'object',
        properties: { baseline: { type: 'string', minLength: 1, maxLength: 200 }, candidate: { type: 'string', minLength: 1, maxLength: 200 } },
      },
      response: responses({ 200: ref('canary'), 400: error }),
    },
  }, async (req) => {
    const q = req.query as Record<string, unknown>;
    const roles: { baseline?: string; candidate?: string } = {};
    for (const k of ['baseline', 'candidate'] as const) {
      const v = q[k];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v === '' || v.length > 200) throw new BadRequest(k, 'schema', 'must be a model version (a string of 1 to 200 characters)');
      roles[k] = v;
    }
    return service.canaryStatus(roles);
  });
  get('/alerts', 'Firing alerts, incidents, history, webhook deliveries (rules evaluated first)', { 200: ref('alerts') }, async () => { service.evaluate(); return service.alertsStatus(); });
  get('/metrics', 'Prometheus exposition', {
    200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
  }, async (_req, reply) => {
    const text = await service.metricsText();
    return reply.header('content-type', service.metrics.registry.contentType).send(text);
  });
  get('/health', 'Liveness', { 200: ref('health') }, async () => ({ status: 'ok', uptime_s: (Date.now() - service.startedAt) / 1000 }) satisfies HealthStatus);
  get('/ready', 'Readiness: a reference profile is loaded', { 200: ref('ready'), 503: ref('ready') }, async (_req, reply) => (service.ready
    ? { status: 'ready', features: Object.keys(service.profile!.features).length }
    : reply.code(503).send({ status: 'not ready', message: 'no reference profile is loaded (PUT /profile)' })));
  get('/profile', 'The reference profile', { 200: ref('profile'), 404: error }, async (_req, reply) => (service.profile
    ? reply.header('content-type', 'application/json; charset=utf-8').send(serializeProfile(service.profile))
    : reply.code(404).send({ error: 'Not Found', message: 'no reference profile is loaded' })));
  app.put('/profile', {
    onRequest: authorize, bodyLimit: c.limits.bodyBytes,
    schema: {
      summary: 'Replace the reference profile (checked; the windows start over)', ...security,
      body: ref('profile') ?? { type: 'object' },
      response: responses({ 200: ref('profile-replaced'), ...rejected(400, 401, 413, 415) }),
    } satisfies RouteSchema,
  }, async (req) => {
    const p = service.replaceProfile(req.body);
    return { status: 'replaced', features: Object.keys(p.features), row_count: p.rowCount } satisfies ProfileReplaced;
  });
  get('/openapi.json', 'This OpenAPI document', { 200: { type: 'object' }, 501: error }, async (_req, reply) => {
    if (!swagger) {
      const message = openapi ? `the OpenAPI document needs the optional peer dependency ${SWAGGER_PACKAGE}: npm install ${SWAGGER_PACKAGE}` : 'the OpenAPI document is off (plugin option openapi: false)';
      return reply.code(501).send({ error: 'Not Implemented', message });
    }
    return (app as unknown as Record<string, () => unknown>)[OPENAPI_DECORATOR]();
  });
};

/**
 * The driftkit service as a fastify plugin: `app.register(driftkitPlugin, { prefix, profile, config })`. See the
 * comment at the top of this file for what is scoped, and for the service's lifecycle and decoration.
 */
export const driftkitPlugin: FastifyPluginAsync<DriftkitPluginOptions> = async function driftkit(app: FastifyInstance, opts: DriftkitPluginOptions) {
  const name = opts.decorate ?? 'driftkit';
  if (name !== false && app.hasDecorator(name)) {
    throw new Error(`driftkit: this app already has a decoration ${JSON.stringify(name)} (is driftkit registered twice?); register the second one with { decorate: 'anotherName' } or { decorate: false }`);
  }
  let service = opts.service;
  if (!service) {
    const config = opts.config === undefined ? applyConfig({}) : isServiceConfig(opts.config) ? opts.config : applyConfig(opts.config);
    service = new DriftService({
      config, ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.now ? { now: opts.now } : {}), ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(opts.log ? { log: opts.log } : {}),
    });
  }
  if (name !== false) app.decorate(name, service);
  // fastify applies `prefix` only to encapsulated plugins: this one passes it to its scope itself
  await app.register(scope, {
    ...(opts.prefix ? { prefix: opts.prefix } : {}),
    service, owned: !opts.service, openapi: opts.openapi ?? true, notFound: opts.notFound ?? !!opts.prefix,
  });
};
Object.assign(driftkitPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'driftkit',
});
