#!/usr/bin/env node
// The driftkit command: serve | profile | compare | timeline. Exit status 0 = fine (compare: nothing met --fail-on),
// 1 = compare's --fail-on condition met (or an unexpected failure), 2 = bad usage or bad input.
// `driftkit --version` (-v) prints the package version. Output into a pipe whose reader has gone (`| head`)
// ends quietly with the command's own status (conventions.ts).
import '../engine/load-node.js';
import { init } from '../engine/index.js';
import { DriftkitError } from '../errors.js';
import { closePools } from '../parallel/compare-parallel.js';
import { COMPARE_USAGE, compareCommand } from './compare.js';
import { PROFILE_USAGE, profileCommand } from './profile.js';
import { packageVersion, quietOnBrokenPipe } from './conventions.js';
import { SERVE_USAGE, serveCommand } from './serve.js';
import { TIMELINE_USAGE, timelineCommand } from './timeline.js';

const USAGE = `driftkit: data drift for ML systems\n\n${SERVE_USAGE}\n\n${PROFILE_USAGE}\n\n${COMPARE_USAGE}\n\n${TIMELINE_USAGE}\n\n` +
  'driftkit --version | -v    print the version';

quietOnBrokenPipe();

async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd === '--version' || cmd === '-v') { console.log(packageVersion()); return 0; }
  await init();
  switch (cmd) {
    case 'serve': return serveCommand(rest);
    case 'profile': try { return await profileCommand(rest); } finally { await closePools(); }
    case 'compare': try { return await compareCommand(rest); } finally { await closePools(); }
    case 'timeline': return timelineCommand(rest);
    case undefined: case '-h': case '--help': case 'help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`driftkit: unknown command ${JSON.stringify(cmd)}\n\n${USAGE}`);
      return 2;
  }
}

main().then((code) => { if (code) process.exitCode = code; }, (e: unknown) => {
  const usage = e instanceof DriftkitError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const msg = (e as Error).message;
  console.error(msg.startsWith('driftkit:') ? msg : `driftkit: ${msg}`);
  process.exitCode = usage ? 2 : 1;
});
