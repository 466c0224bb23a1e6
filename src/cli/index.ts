#!/usr/bin/env node
// The driftkit command: serve | profile | compare | timeline. Exit status 0 = fine (compare: nothing met --fail-on),
// 1 = compare's --fail-on condition met and nothing else, 2 = every error: bad usage, bad or binary input, an
// output that cannot be written, a failure inside driftkit (conventions.ts).
// `driftkit --version` (-v) prints the package version. Output into a pipe whose reader has gone (`| head`)
// ends quietly with the command's own status (conventions.ts).
import '../engine/load-node.js';
import { init } from '../engine/index.js';
import { closePools } from '../parallel/compare-parallel.js';
import { COMPARE_USAGE, compareCommand } from './compare.js';
import { PROFILE_USAGE, profileCommand } from './profile.js';
import { errorMessage, EXIT_ERROR, outputArg, packageVersion, quietOnBrokenPipe, setExitStatus } from './conventions.js';
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

/** Any error ends the command with status 2 and one line naming the problem (1 is compare's --fail-on alone). */
function failed(e: unknown): void {
  setExitStatus(EXIT_ERROR);
  try { process.stderr.write(`${errorMessage(e, outputArg(process.argv.slice(3)))}\n`); } catch { /* stderr is gone */ }
}

// errors outside main's promise chain (an event emitter's 'error', a callback) would otherwise exit 1 with a trace
process.on('uncaughtException', (e) => { failed(e); process.exit(); });
process.on('unhandledRejection', (e) => { failed(e); process.exit(); });

main().then((code) => setExitStatus(code), failed);
