// GET / of the service (fastify inject, no socket): a browser (Accept preferring text/html) gets the
// drop-two-CSVs page, byte for byte dist/page/index.html; curl (*/*), JSON clients and no Accept keep the JSON
// list of endpoints. Needs the page built (npm run build:page).
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { buildApp } from '../../src/service/app.js';
import { DriftService } from '../../src/service/service.js';
import { applyConfig, defaultConfig } from '../../src/service/config.js';
import { parseProfile } from '../../src/profile/serialize.js';

const PAGE = new URL('../../dist/page/index.html', import.meta.url);
const fraud = parseProfile(readFileSync(new URL('../../examples/fraud.profile.json', import.meta.url), 'utf8'));
const service = new DriftService({ config: applyConfig({}, { ...defaultConfig(), token: undefined }), profile: fraud });
const app = buildApp(service, { logger: false });
afterAll(async () => { await app.close(); await service.close(); });

const get = (accept?: string) => app.inject({ method: 'GET', url: '/', headers: accept === undefined ? {} : { accept } });

describe('GET /', () => {
  it('answers a browser with the page (dist/page/index.html)', async () => {
    expect(existsSync(PAGE), 'dist/page/index.html is missing: run npm run build:page').toBe(true);
    const page = readFileSync(PAGE, 'utf8');
    // Chromium's and Firefox's navigation Accept headers
    for (const accept of [
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'text/html',
      'application/json;q=0.5, text/*',
    ]) {
      const r = await get(accept);
      expect(r.statusCode, accept).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers.vary).toBe('accept');
      expect(r.body).toBe(page);
    }
    expect(page).toContain('<title>driftkit · compare two CSV files</title>');
  });

  it('keeps the JSON answer for other clients', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.9', 'text/html;q=0.5, application/json', 'text/html;q=0, */*', 'text/plain']) {
      const r = await get(accept);
      expect(r.statusCode, String(accept)).toBe(200);
      expect(r.headers['content-type'], String(accept)).toMatch(/^application\/json/);
      expect(r.headers.vary).toBe('accept');
      expect(r.json()).toMatchObject({ name: 'driftkit', ready: true });
      expect(r.json().endpoints).toContain('POST /monitor');
    }
  });
});
