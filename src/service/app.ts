// HTTP in front of DriftService (fastify). Routes:
//   POST /monitor   records (one, an array, or a columnar batch) → 202 { accepted }
//   GET  /drift     current drift status        GET /latency   p50/p95/p99 and SLOs
//   GET  /alerts    firing, incidents, history, webhook deliveries
//   GET  /quality   data-contract violations over the window      GET /contract   the contract in force
//   GET  /freshness age and status per data source                GET /slo        SLOs, error budgets, burn rates
//   GET  /canary    candidate vs baseline model version, verdict (?baseline=&candidate= to name them)
//   GET  /metrics   Prometheus exposition       GET /health, /ready
//   GET  /profile   the reference profile       PUT /profile   replace it (validated)
//   GET  /          browsers (Accept prefers text/html): the drop-two-CSVs page (dist/page); others: the endpoints as JSON
// Every rejected request is a JSON { error, message, field, reason } with 400/401/413/415/503 and counts in
// driftkit_invalid_requests_total{reason}; no input reaches a crash.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serializeProfile } from '../profile/serialize.js';
import { serializeContract } from '../quality/index.js';
import { BadRequest, type Reason } from './records.js';
import type { DriftService } from './service.js';

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error', 503: 'Service Unavailable' };

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

export function buildApp(service: DriftService, opts: { logger?: boolean } = {}): FastifyInstance {
  const c = service.config;
  const app = Fastify({
    logger: opts.logger ?? c.logger, bodyLimit: c.limits.bodyBytes, return503OnClosing: true,
    // no type coercion: a number sent where a record belongs is an error, not a one-element array
    ajv: { customOptions: { coerceTypes: false, allowUnionTypes: true } },
  });
  app.removeContentTypeParser('text/plain'); // JSON only: anything else is 415
  const token = c.token ? Buffer.from(c.token) : undefined;

  function reject(reply: FastifyReply, status: number, reason: Reason, message: string, field = ''): FastifyReply {
    service.metrics.invalidRequest(reason);
    return reply.code(status).send({ error: STATUS_TEXT[status] ?? 'Error', message, field: field || null, reason });
  }

  const authorize = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!token) return;
    const h = req.headers.authorization ?? '';
    const given = Buffer.from(h.startsWith('Bearer ') ? h.slice(7) : '');
    if (given.length !== token.length || !timingSafeEqual(given, token)) {
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
    req.log.error(err);
    return reply.code(500).send({ error: 'Internal Server Error', message: err.message });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'Not Found', message: `no route ${req.method} ${req.url}; see GET /` }));

  app.get('/', async (req, reply) => {
    reply.header('vary', 'accept');
    const html = prefersHtml(req.headers.accept) ? page() : null;
    if (html) return reply.type('text/html; charset=utf-8').send(html);
    return {
      name: 'driftkit', ready: service.ready,
      endpoints: ['POST /monitor', 'GET /drift', 'GET /latency', 'GET /alerts', 'GET /quality', 'GET /contract', 'GET /freshness', 'GET /slo', 'GET /canary', 'GET /metrics', 'GET /health', 'GET /ready', 'GET /profile', 'PUT /profile'],
    };
  });

  app.post('/monitor', {
    preHandler: authorize,
    schema: { body: { type: ['object', 'array'] } },
  }, async (req, reply) => {
    const accepted = service.ingest(req.body);
    return reply.code(202).send({ accepted });
  });

  app.get('/drift', async () => service.driftStatus());
  app.get('/latency', async () => service.latencyStatus());
  app.get('/quality', async () => service.qualityStatus());
  app.get('/contract', async (_req, reply) => {
    const c = service.contract();
    return c ? reply.header('content-type', 'application/json; charset=utf-8').send(serializeContract(c))
      : reply.code(404).send({ error: 'Not Found', message: service.ready ? 'no data contract is in force (config contract: off)' : 'no reference profile is loaded' });
  });
  app.get('/freshness', async () => service.freshnessStatus());
  app.get('/slo', async () => service.sloStatus());
  app.get('/canary', async (req) => {
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
  app.get('/alerts', async () => { service.evaluate(); return service.alertsStatus(); });
  app.get('/metrics', async (_req, reply) => {
    const text = await service.metricsText();
    return reply.header('content-type', service.metrics.registry.contentType).send(text);
  });
  app.get('/health', async () => ({ status: 'ok', uptime_s: (Date.now() - service.startedAt) / 1000 }));
  app.get('/ready', async (_req, reply) => (service.ready
    ? { status: 'ready', features: Object.keys(service.profile!.features).length }
    : reply.code(503).send({ status: 'not ready', message: 'no reference profile is loaded (PUT /profile)' })));
  app.get('/profile', async (_req, reply) => (service.profile
    ? reply.header('content-type', 'application/json; charset=utf-8').send(serializeProfile(service.profile))
    : reply.code(404).send({ error: 'Not Found', message: 'no reference profile is loaded' })));
  app.put('/profile', { preHandler: authorize, schema: { body: { type: 'object' } } }, async (req) => {
    const p = service.replaceProfile(req.body);
    return { status: 'replaced', features: Object.keys(p.features), row_count: p.rowCount };
  });
  return app;
}
