#!/usr/bin/env node
// The driftkit command. `driftkit serve --profile ref.profile.json [--port 8000] [--host 127.0.0.1]
// [--config driftkit.yaml] [--data-dir DIR] [--token T]`. Exit status 2 on bad usage or input.
import { parseArgs } from 'node:util';
import '../engine/load-node.js';
import { init } from '../engine/index.js';
import { DriftkitError } from '../errors.js';
import { applyConfig, defaultConfig, loadConfigFile } from '../service/config.js';
import { startServer } from '../service/serve.js';

const USAGE = `usage: driftkit serve [--profile FILE] [--port N] [--host H] [--config driftkit.yaml] [--data-dir DIR] [--token T] [--log]

  --profile   reference profile (JSON from profile()/serializeProfile); else the data dir's, else PUT /profile
  --config    YAML or JSON settings: window, compare, latency SLOs, alert rules, webhooks, limits (see README)
  --data-dir  keep profile, windows and alert state here across restarts
  --token     require "Authorization: Bearer T" on POST /monitor and PUT /profile (or env DRIFTKIT_TOKEN)`;

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: {
      profile: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' },
      'data-dir': { type: 'string' }, token: { type: 'string' }, log: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { console.log(USAGE); return; }
  let config = values.config ? loadConfigFile(values.config) : defaultConfig();
  const flags: Record<string, unknown> = {};
  if (values.profile !== undefined) flags.profile = values.profile;
  if (values.port !== undefined) flags.port = Number(values.port);
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
}

async function main(): Promise<void> {
  await init();
  const [cmd, ...rest] = process.argv.slice(2);
  switch (cmd) {
    case 'serve': return serve(rest);
    case undefined: case '-h': case '--help': case 'help':
      console.log(USAGE);
      return;
    default:
      console.error(`driftkit: unknown command ${JSON.stringify(cmd)}\n${USAGE}`);
      process.exitCode = 2;
  }
}

main().catch((e: unknown) => {
  const usage = e instanceof DriftkitError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`driftkit: ${(e as Error).message}`);
  process.exitCode = usage ? 2 : 1;
});
