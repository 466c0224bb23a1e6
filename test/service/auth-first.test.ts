// The bearer token is checked before the body is read (issue 13, defect 5): an unauthenticated POST /monitor or
// PUT /profile is a 401 whatever its body (malformed JSON, another content type, 8 MiB), and that body is never
// parsed — a preParsing counter stays at 0, and over a real socket the 401 arrives while the body is still
// unsent. The scheme name is case-insensitive (RFC 7235); GET /health and /ready stay open.
import { afterEach, describe, expect, it, vi } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { connect } from 'node:net';
import { buildApp, driftkitPlugin, DriftService, applyConfig, defaultConfig } from '../../src/service/index.js';
import { fraud } from './harness.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

vi.stubEnv('DRIFTKIT_TOKEN', ''); // no token unless a test configures one
const TOKEN = 's3cret';
const P = '/drift-monitor';
const now = () => Date.parse('2026-12-01T00:00:00Z');
const apps: FastifyInstance[] = [];
const services: DriftService[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const s of services.splice(0)) await s.close();
});

/** A user app counting the requests whose body reached parsing (preParsing runs right before the parser). */
async function embedded(): Promise<{ app: FastifyInstance; parsed: () => number }> {
  const app = Fastify({ logger: false });
  apps.push(app);
  let n = 0;
  app.addHook('preParsing', async (_req, _reply, payload) => { n++; return payload; });
  await app.register(driftkitPlugin, { prefix: P, profile: fraud, now, config: { token: TOKEN } });
  return { app, parsed: () => n };
}

/** The stand-alone app (buildApp) with a token. */
function standalone(): FastifyInstance {
  const config = applyConfig({ token: TOKEN }, { ...defaultConfig(), token: undefined });
  const service = new DriftService({ config, profile: fraud, now });
  services.push(service);
  const app = buildApp(service, { logger: false });
  apps.push(app);
  return app;
}

const send = (app: FastifyInstance, method: 'POST' | 'PUT', url: string, payload: string, headers: Record<string, string> = {}) =>
  app.inject({ method, url, payload, headers: { 'content-type': 'application/json', ...headers } });
const valid = () => JSON.stringify(records(1, 1));

function expectUnauthorized(r: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) {
  expect(r.statusCode).toBe(401);
  expect(r.headers['www-authenticate']).toBe('Bearer');
  expect(r.json()).toMatchObject({ error: 'Unauthorized', reason: 'unauthorized', field: null });
}

describe('the bearer token is checked before the body is read', () => {
  it('no token and a malformed JSON body: 401, not 400 (POST /monitor and PUT /profile, embedded and stand-alone)', async () => {
    const { app, parsed } = await embedded();
    expectUnauthorized(await send(app, 'POST', `${P}/monitor`, '{"features":'));
    expectUnauthorized(await send(app, 'PUT', `${P}/profile`, '{"features":'));
    expectUnauthorized(await send(app, 'POST', `${P}/monitor`, ''));
    expect(parsed()).toBe(0);
    const solo = standalone();
    expectUnauthorized(await send(solo, 'POST', '/monitor', '{"features":'));
    expectUnauthorized(await send(solo, 'PUT', '/profile', '[[['));
    // with the token the same body is still the 400 it was
    const bad = await send(app, 'POST', `${P}/monitor`, '{"features":', { authorization: `Bearer ${TOKEN}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ reason: 'invalid_json', field: 'body' });
  });

  it('no token and a wrong content type: 401, not 415', async () => {
    const { app, parsed } = await embedded();
    expectUnauthorized(await send(app, 'POST', `${P}/monitor`, 'a,b\n1,2', { 'content-type': 'text/csv' }));
    expectUnauthorized(await send(app, 'PUT', `${P}/profile`, '<profile/>', { 'content-type': 'application/xml' }));
    expect(parsed()).toBe(0);
    expectUnauthorized(await send(standalone(), 'POST', '/monitor', 'hello', { 'content-type': 'text/plain' }));
    // with the token it is still the 415 it was
    const wrong = await send(app, 'POST', `${P}/monitor`, 'hello', { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` });
    expect(wrong.statusCode).toBe(415);
  });

  it('an 8 MiB JSON body without a token is refused unparsed; with the token a body does reach the parser', async () => {
    const { app, parsed } = await embedded();
    const big = `[${'{"features":{"transaction_amount":1},"prediction":0,"latency_ms":1},'.repeat(Math.ceil((8 << 20) / 67))}{}]`;
    expect(big.length).toBeGreaterThan(8 << 20);
    expectUnauthorized(await send(app, 'POST', `${P}/monitor`, big));
    expectUnauthorized(await send(app, 'POST', `${P}/monitor`, big, { authorization: 'Bearer wrong!' }));
    expect(parsed()).toBe(0);
    // the counter does count: an authorised request is parsed
    expect((await send(app, 'POST', `${P}/monitor`, valid(), { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(202);
    expect(parsed()).toBe(1);
  });

  it('over a real socket the 401 arrives while the declared 8 MiB body is still unsent', async () => {
    const app = standalone();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let got = '';
      const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer within 3 s while the body stalls (got ${JSON.stringify(got)})`)); }, 3000);
      socket.on('error', (e) => { clearTimeout(timer); reject(e); });
      socket.on('data', (d) => {
        got += d.toString('latin1');
        if (/\r\n\r\n[\s\S]*\}/.test(got)) { clearTimeout(timer); socket.destroy(); resolve(got); }
      });
      // headers announcing 8 MiB, then one byte of it, then nothing
      socket.write(`POST /monitor HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${8 << 20}\r\n\r\n[`);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer.toLowerCase()).toContain('www-authenticate: bearer');
    expect(answer).toContain('"reason":"unauthorized"');
  });
});

describe('the Authorization header', () => {
  it('the scheme name is case-insensitive: bearer, BEARER, Bearer (RFC 7235)', async () => {
    const { app } = await embedded();
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const r = await send(app, 'POST', `${P}/monitor`, valid(), { authorization: `${scheme} ${TOKEN}` });
      expect(r.statusCode, scheme).toBe(202);
    }
    expect((await send(app, 'PUT', `${P}/profile`, JSON.stringify({}), { authorization: `bearer ${TOKEN}` })).statusCode).toBe(400); // past auth: the profile does not validate
  });

  it('one or more spaces between the scheme and the token (RFC 6750: "Bearer" 1*SP b64token)', async () => {
    const { app } = await embedded();
    expect((await send(app, 'POST', `${P}/monitor`, valid(), { authorization: `Bearer  ${TOKEN}` })).statusCode).toBe(202);
    expect((await send(app, 'POST', `${P}/monitor`, valid(), { authorization: `bearer   ${TOKEN}` })).statusCode).toBe(202);
  });

  it('a wrong or malformed credential is a 401 with WWW-Authenticate: Bearer', async () => {
    const { app, parsed } = await embedded();
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer wrong!', 'Bearer', 'Bearer ', `Basic ${TOKEN}`, TOKEN, `Bearer${TOKEN}`, `Bearer ${TOKEN} ${TOKEN}`, `Token ${TOKEN}`]) {
      const r = await send(app, 'POST', `${P}/monitor`, valid(), { authorization });
      expect(r.statusCode, authorization).toBe(401);
      expectUnauthorized(r);
    }
    expect(parsed()).toBe(0);
  });

  it('GET /health and /ready (and the read routes) stay open without a token', async () => {
    const { app } = await embedded();
    for (const url of ['/health', '/ready', '/drift']) expect((await app.inject(`${P}${url}`)).statusCode, url).toBe(200);
    const solo = standalone();
    expect((await solo.inject('/health')).json().status).toBe('ok');
    expect((await solo.inject('/ready')).json()).toEqual({ status: 'ready', features: 7 });
  });
});
