// @fastify/swagger is an optional peer: without it the service runs and GET /openapi.json answers 501 naming
// the package. (The module is mocked away: loading it fails as Node fails for a package that is not installed.)
import { afterEach, expect, it, vi } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import driftkit from '../../src/service/index.js';
import { fraud } from './harness.js';

vi.mock('@fastify/swagger', () => {
  throw Object.assign(new Error("Cannot find package '@fastify/swagger' imported from /app/node_modules/driftkit/dist/service/openapi.js"), { code: 'ERR_MODULE_NOT_FOUND' });
});

vi.stubEnv('DRIFTKIT_TOKEN', ''); // the services here run without a token unless a test configures one
const apps: FastifyInstance[] = [];
afterEach(async () => { for (const a of apps.splice(0)) await a.close(); });

it('without @fastify/swagger: the routes work, GET /openapi.json is a 501 naming the package', async () => {
  const app = Fastify({ logger: false });
  apps.push(app);
  await app.register(driftkit, { prefix: '/dk', profile: fraud });
  const r = await app.inject('/dk/openapi.json');
  expect(r.statusCode).toBe(501);
  expect(r.json()).toEqual({ error: 'Not Implemented', message: expect.stringContaining('npm install @fastify/swagger') });
  expect((await app.inject('/dk/ready')).json()).toEqual({ status: 'ready', features: 7 });
  const d = await app.inject('/dk/drift');
  expect(d.statusCode).toBe(200);
  expect(d.json().status).toBe('no-data');
});
