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
 * Other errors on the streams are reported and exit 1.
 */
export function quietOnBrokenPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const s of streams) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return; // later writes to the closed pipe: dropped
      process.exitCode = 1;
      try { process.stderr.write(`driftkit: ${e.message}\n`); } catch { /* stderr is gone as well */ }
    });
  }
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
