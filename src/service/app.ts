// HTTP in front of DriftService (fastify). Routes (plugin.ts declares them; under its prefix when embedded):
//   POST /monitor   records (one, an array, or a columnar batch) → 202 { accepted }
//   GET  /drift     current drift status        GET /latency   p50/p95/p99 and SLOs
//   GET  /alerts    firing, incidents, history, webhook deliveries
//   GET  /quality   data-contract violations over the window      GET /contract   the contract in force
//   GET  /freshness age and status per data source                GET /slo        SLOs, error budgets, burn rates
//   GET  /canary    candidate vs baseline model version, verdict (?baseline=&candidate= to name them)
//   GET  /metrics   Prometheus exposition       GET /health, /ready
//   GET  /profile   the reference profile       PUT /profile   replace it (validated)
//   GET  /openapi.json  the OpenAPI 3.1 document (501 without the optional peer @fastify/swagger)
//   GET  /          browsers (Accept prefers text/html): the drop-two-CSVs page (dist/page); others: the endpoints as JSON
// Every rejected request is a JSON { error, message, field, reason } with 400/401/413/415/503 and counts in
// driftkit_invalid_requests_total{reason}; no input reaches a crash.
import Fastify, { type FastifyInstance } from 'fastify';
import { driftkitPlugin } from './plugin.js';
import type { DriftService } from './service.js';

/**
 * A fastify app serving `service` and nothing else: fastify with the service's limits and logger, the driftkit
 * plugin at the root (its JSON 404 for every unknown URL). The service's timers and close() stay the caller's
 * (startServer runs both). To serve the routes from your own fastify app, register driftkitPlugin instead.
 */
export function buildApp(service: DriftService, opts: { logger?: boolean } = {}): FastifyInstance {
  const c = service.config;
  const app = Fastify({ logger: opts.logger ?? c.logger, bodyLimit: c.limits.bodyBytes, return503OnClosing: true });
  app.register(driftkitPlugin, { service, notFound: true });
  return app;
}
