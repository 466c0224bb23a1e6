// The service's JSON Schemas (schemas/*.schema.json at the package root, read once) and its OpenAPI document,
// built by @fastify/swagger from the routes' schemas. @fastify/swagger is an optional peer: without it the
// service runs and GET /openapi.json answers 501 naming the package.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';

/** The schema files of the HTTP bodies (schemas/<name>.schema.json). drift-report is the JSON drift report's. */
export const SCHEMA_NAMES = [
  'error', 'service-index', 'health', 'ready', 'latency', 'quality', 'freshness', 'slo', 'canary', 'alerts',
  'profile', 'contract', 'monitor-request', 'monitor-accepted', 'profile-replaced', 'drift-report',
] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

export type JsonSchema = Record<string, unknown> & { $id?: string };

let cache: Map<SchemaName, JsonSchema> | undefined;

/**
 * The schemas that are present, by name, with `$schema` left out (OpenAPI documents do not take it). A file
 * that is missing or unreadable is skipped: its routes are served without a response schema.
 */
export function loadSchemas(): Map<SchemaName, JsonSchema> {
  if (cache) return cache;
  cache = new Map();
  for (const name of SCHEMA_NAMES) {
    let text: string;
    try { text = readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8'); } catch { continue; }
    const { $schema: _, ...schema } = JSON.parse(text) as JsonSchema;
    if (typeof schema.$id === 'string') cache.set(name, schema);
  }
  return cache;
}

/** The package's version, for the document's info (../../package.json from both src/service and dist/service). */
function packageVersion(): string {
  try { return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version; } catch { return '0.0.0'; }
}

export const SWAGGER_PACKAGE = '@fastify/swagger';
/** The security scheme of the write routes in the document (when the service has a token). */
export const BEARER = 'bearer';
/** Where the plugin scope keeps the document function (a decorator name that cannot clash with an app's own `swagger`). */
export const OPENAPI_DECORATOR = 'driftkitOpenapi';

/** The @fastify/swagger plugin, or null when it is not installed (any other failure to load it is thrown). */
export async function loadSwagger(): Promise<FastifyPluginCallback<Record<string, unknown>> | null> {
  try {
    const mod = (await import(SWAGGER_PACKAGE)) as { default?: unknown };
    return (mod.default ?? mod) as FastifyPluginCallback<Record<string, unknown>>;
  } catch (e) {
    if (notInstalled(e)) return null;
    throw e;
  }
}

function notInstalled(e: unknown): boolean {
  for (let x = e as { code?: unknown; message?: unknown; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if ((x.code === 'ERR_MODULE_NOT_FOUND' || x.code === 'MODULE_NOT_FOUND') && String(x.message).includes(SWAGGER_PACKAGE)) return true;
  }
  return false;
}

/**
 * Register @fastify/swagger in the plugin's scope (it sees only the routes declared after it there): the
 * OpenAPI 3.1 document of the service's routes, their schemas as components.
 */
export async function registerOpenapi(scope: FastifyInstance, swagger: FastifyPluginCallback<Record<string, unknown>>, opts: { bearer: boolean }): Promise<void> {
  const names = new Map([...loadSchemas()].map(([name, s]) => [s.$id!, name]));
  await scope.register(swagger, {
    decorator: OPENAPI_DECORATOR,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'driftkit service', version: packageVersion(),
        description: 'Data-drift, latency, data-quality, freshness, SLO and canary monitoring of a model in production. JSON Schemas: schemas/*.schema.json.',
      },
      // the service's token (config token / DRIFTKIT_TOKEN) guards POST /monitor and PUT /profile
      ...(opts.bearer ? { components: { securitySchemes: { [BEARER]: { type: 'http', scheme: 'bearer' } } } } : {}),
    },
    // components named after the schema files (latency, drift-report, …) rather than def-0, def-1, …
    refResolver: {
      buildLocalReference(json: JsonSchema, _base: unknown, _fragment: unknown, i: number): string {
        return (json.$id && names.get(json.$id)) ?? `def-${i}`;
      },
    },
  });
}
