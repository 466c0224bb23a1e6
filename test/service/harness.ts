// The service under test over HTTP (fastify inject, no socket) with a fake clock: the bundled fraud profile,
// a 10-minute sliding window, and no token. close() every service a test made with closeAll().
import { readFileSync } from 'node:fs';
import { buildApp } from '../../src/service/app.js';
import { DriftService } from '../../src/service/service.js';
import { applyConfig, defaultConfig } from '../../src/service/config.js';
import { parseProfile } from '../../src/profile/serialize.js';

export const fraud = parseProfile(readFileSync(new URL('../../examples/fraud.profile.json', import.meta.url), 'utf8'));

export function harness(now: () => number) {
  const services: DriftService[] = [];
  function make(over: Record<string, unknown> = {}, dataDir?: string) {
    const config = applyConfig({ window: { kind: 'sliding', ms: 600_000, slide: 60_000 }, ...(dataDir ? { data_dir: dataDir } : {}), ...over }, { ...defaultConfig(), token: undefined });
    const service = new DriftService({ config, profile: fraud, now });
    services.push(service);
    return { service, app: buildApp(service, { logger: false }) };
  }
  type App = ReturnType<typeof make>['app'];
  return {
    make,
    services,
    async closeAll() { for (const s of services.splice(0)) await s.close(); },
    post: (app: App, body: unknown) => app.inject({ method: 'POST', url: '/monitor', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    get: async (app: App, url: string) => (await app.inject(url)).json(),
  };
}
