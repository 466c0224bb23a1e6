// driftkit serve: the monitoring service (src/service) as a process; SIGTERM / SIGINT drain and save.
// The service is imported only here, when the command runs: its packages (fastify, prom-client, ...) are
// optional peer dependencies, so `driftkit profile` / `compare` work without them and `serve` says what to install.
import { int, parse, str } from './args.js';
import { missingPeersMessage, resolves } from './conventions.js';

export const SERVE_USAGE = `usage: driftkit serve [--profile FILE] [--port N] [--host H] [--config driftkit.yaml] [--data-dir DIR] [--token T] [--log]

  --profile   reference profile (JSON from profile()/serializeProfile); else the data dir's, else PUT /profile
  --config    YAML or JSON settings: window, compare, latency SLOs, alert rules, webhooks, limits (see README)
  --data-dir  keep profile, windows and alert state here across restarts
  --token     require "Authorization: Bearer T" on POST /monitor and PUT /profile (or env DRIFTKIT_TOKEN)
  needs the service's packages (optional peer dependencies): npm install fastify prom-client @datadog/sketches-js @fastify/swagger`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    profile: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' },
    'data-dir': { type: 'string' }, token: { type: 'string' }, log: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { console.log(SERVE_USAGE); return 0; }
  let service: [typeof import('../service/config.js'), typeof import('../service/serve.js')];
  try {
    service = await Promise.all([import('../service/config.js'), import('../service/serve.js')]);
  } catch (e) {
    const message = missingPeersMessage(e, resolves);
    if (!message) throw e;
    console.error(message);
    return 2;
  }
  const [{ applyConfig, defaultConfig, loadConfigFile }, { startServer }] = service;
  const configPath = str(values.config);
  let config = configPath ? loadConfigFile(configPath) : defaultConfig();
  const flags: Record<string, unknown> = {};
  if (values.profile !== undefined) flags.profile = values.profile;
  if (values.port !== undefined) flags.port = int('--port', values.port, 0, 65535);
  if (values.host !== undefined) flags.host = values.host;
  if (values['data-dir'] !== undefined) flags.data_dir = values['data-dir'];
  if (values.token !== undefined) flags.token = values.token;
  if (values.log) flags.logger = true;
  config = applyConfig(flags, config);
  const server = await startServer({ config, log: (m) => console.error(`driftkit: ${m}`) });
  console.log(`driftkit: serving ${server.service.profile ? Object.keys(server.service.profile.features).length + ' features' : 'no profile yet (PUT /profile)'} on ${server.url}` +
    (config.dataDir ? `, state in ${config.dataDir}` : ''));
  const stop = (signal: string) => {
    console.log(`driftkit: ${signal}: draining requests and saving state`);
    server.close().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return 0;
}

