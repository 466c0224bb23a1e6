// What a command-line tool is expected to do beyond its own work: --version, colour only where wanted
// (NO_COLOR, FORCE_COLOR, a TTY), a quiet end when the reader of a pipe goes away (`| head`), and a clear
// message when `driftkit serve` runs without the service's optional peer dependencies.
import { readFileSync } from 'node:fs';

/** The package's version, from the package.json two levels up (dist/cli/index.js or src/cli/index.ts). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/**
 * Whether to colour output written to `stream`. In order: --no-color (or output to a file) never;
 * FORCE_COLOR=0 or false never, any other FORCE_COLOR value (also empty) always, even on a pipe; NO_COLOR with a
 * non-empty value never (no-color.org); otherwise only on a TTY whose TERM is not "dumb". FORCE_COLOR wins over
 * NO_COLOR as in Node's own tty.getColorDepth() and in chalk/supports-color.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, flags: { noColor?: boolean; toFile?: boolean } = {}): boolean {
  if (flags.noColor || flags.toFile) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  if (env.NO_COLOR) return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Writing to a pipe whose reader has gone (`driftkit compare a b | head -1`) fails with EPIPE. That is the
 * reader's choice, not an error: the output stops without a stack trace or a message and the process ends
 * with the status the command itself decides (0, or 1 when --fail-on holds), so `set -o pipefail` scripts
 * still see the --fail-on verdict. (A C tool would die of SIGPIPE, status 141; Node ignores SIGPIPE.)
 * Other errors on the streams (a full disk under `> file`) are reported and exit 2, whatever the command decides.
 */
export function quietOnBrokenPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const s of streams) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return; // later writes to the closed pipe: dropped
      setExitStatus(EXIT_ERROR);
      const name = s === process.stdout ? 'standard output' : s === process.stderr ? 'standard error' : 'output';
      try { process.stderr.write(`driftkit: cannot write ${name}: ${problemOf(e)}\n`); } catch { /* stderr is gone as well */ }
    });
  }
}

/**
 * The status of every error: bad usage, unreadable or binary input, an output that cannot be written, a failure
 * inside driftkit. 1 is compare's --fail-on condition alone, so a CI gate never reads a crash as drift; 0 is fine.
 */
export const EXIT_ERROR = 2;

/** Sets the process's exit status unless a higher one is set: an error (2) is never turned into drift (1) or 0. */
export function setExitStatus(code: number): void {
  const now = Number(process.exitCode ?? 0) || 0;
  if (code > now) process.exitCode = code;
}

/** The value of -o / --output in a command's arguments, if any (so a failed write can say it was the output). */
export function outputArg(argv: readonly string[]): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '-o' || a === '--output') out = argv[++i];
    else if (a.startsWith('--output=')) out = a.slice('--output='.length);
    else if (/^-o./.test(a)) out = a.slice(2);
  }
  return out;
}

/** A system error's problem without its code prefix and call: `no such file or directory (ENOENT)`. */
function problemOf(err: Partial<NodeJS.ErrnoException>): string {
  const m = typeof err.message === 'string' ? /^[A-Z0-9_]+: (.*?)(?:, \w+(?: '.*)?)?$/s.exec(err.message) : null;
  return m ? `${m[1]} (${err.code})` : `${err.message ?? err.code}`;
}

/**
 * The one line (starting "driftkit: ") for an error that ended a command: a DriftkitError's message as it is; a
 * system error on a path as the path, the problem and its code (`cannot write -o /x/y.json: no such file or
 * directory (ENOENT)` when the path is the output); anything else thrown by its message or its text.
 */
export function errorMessage(e: unknown, output?: string): string {
  const err = (e !== null && typeof e === 'object' ? e : {}) as Partial<NodeJS.ErrnoException>;
  let msg: string;
  if (typeof err.code === 'string' && typeof err.syscall === 'string' && err.path !== undefined) {
    const problem = problemOf(err);
    const path = String(err.path);
    msg = path === output ? `cannot write -o ${path}: ${problem}` : `${path}: ${problem} on ${err.syscall}`;
  } else if (typeof err.message === 'string') {
    msg = err.message;
  } else {
    try { msg = String(e); } catch { msg = ''; }
  }
  if (msg === '') msg = `failed: ${e instanceof Error ? e.name : typeof e}`;
  return msg.startsWith('driftkit:') ? msg : `driftkit: ${msg}`;
}

/** The packages `driftkit serve` needs that a library-only install may not have (optional peer dependencies). */
export const SERVICE_PEERS = ['fastify', 'prom-client', '@datadog/sketches-js', '@fastify/swagger'] as const;

/** The package a module-not-found error names ("Cannot find package 'fastify' imported from ..."), if any. */
export function missingPackageOf(e: unknown): string | undefined {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (!err || err.code !== 'ERR_MODULE_NOT_FOUND' || typeof err.message !== 'string') return undefined;
  return /Cannot find package '([^']+)'/.exec(err.message)?.[1];
}

/**
 * The one-line message for an import of the service that failed because a peer package is missing, or
 * undefined when `e` is some other error. `installed` says whether a package resolves, so that the message
 * names every missing peer, not just the first one the import chain reached.
 */
export function missingPeersMessage(e: unknown, installed: (pkg: string) => boolean): string | undefined {
  const first = missingPackageOf(e);
  if (!first || !(SERVICE_PEERS as readonly string[]).includes(first)) return undefined;
  const missing = SERVICE_PEERS.filter((p) => p === first || !installed(p));
  return `driftkit serve needs the service's packages (optional peer dependencies of driftkit); missing: ${missing.join(', ')}. ` +
    `Install them with: npm install ${SERVICE_PEERS.join(' ')}`;
}

/** Whether a package resolves from here (where the service would import it from). */
export function resolves(pkg: string): boolean {
  try { import.meta.resolve(pkg); return true; } catch { return false; }
}
