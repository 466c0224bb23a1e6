// The driftkit command behaves as a Unix tool (the built CLI, spawned with pipes as users and scripts run it):
// --version / -v, a quiet end when the reader of its output goes away (`| head -1`: no EPIPE trace, the
// command's own status), colour by NO_COLOR / FORCE_COLOR / TTY, the service imported only by `serve` with a
// one-line message naming the missing optional peers, and profile / compare without the service's packages
// or apache-arrow installed (simulated with a resolve hook that hides them).
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colorEnabled, missingPackageOf, missingPeersMessage, SERVICE_PEERS } from '../../src/cli/conventions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/cli/index.js');
const dir = mkdtempSync(join(tmpdir(), 'driftkit-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without any colour settings inherited from the test runner. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.NO_COLOR; delete e.FORCE_COLOR; delete e.NODE_DISABLE_COLORS;
  return { ...e, ...extra };
}
const run = (args: string[], extra: Record<string, string> = {}, nodeArgs: string[] = []) =>
  spawnSync(process.execPath, [...nodeArgs, cli, ...args], { cwd: dir, encoding: 'utf8', env: env(extra) });

// numeric columns whose second half shifts in the current file; every value distinct per column
function table(cols: number, rows: number, shift: number): string {
  const head = Array.from({ length: cols }, (_, j) => `feature_with_a_longish_name_${j}`).join(',');
  const body = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => ((((i * 7919 + j * 104729) % 1000) / 1000) + (j % 2 ? shift : 0)).toFixed(3)).join(','));
  return [head, ...body].join('\n') + '\n';
}
writeFileSync(join(dir, 'small.csv'), table(4, 300, 0));
writeFileSync(join(dir, 'small2.csv'), table(4, 300, 0.5));
// ~1,000 table lines: far more than a pipe buffer (64 KiB) plus what head reads before it exits
writeFileSync(join(dir, 'big.csv'), table(1000, 120, 0));
writeFileSync(join(dir, 'big2.csv'), table(1000, 120, 0.5));

const ESC = '\u001b[';

describe('driftkit --version', () => {
  it('--version and -v print the version of package.json and exit 0', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = run([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    }
    expect(run(['--help']).stdout).toMatch(/driftkit --version \| -v/);
  });
});

describe('output into a pipe whose reader exits early', () => {
  it('compare | head -1: one line, nothing on stderr, status 0; the command\'s own status (--fail-on) survives', () => {
    const full = run(['compare', 'big.csv', 'big2.csv', '--no-progress', '--method', 'psi']);
    expect(full.status).toBe(0);
    expect(full.stdout.length).toBeGreaterThan(96 * 1024); // more than the pipe (64 KiB) and head's read (8 KiB) take: EPIPE is certain
    for (const [flags, own] of [['', 0], ['--fail-on drift', 1]] as const) {
      // the status driftkit itself exits with goes to a file (sh has no PIPESTATUS)
      const status = join(dir, 'status');
      const r = spawnSync('sh', ['-c', `("$0" "$1" compare big.csv big2.csv --no-progress --method psi ${flags}; echo $? > "$2") | head -1`, process.execPath, cli, status],
        { cwd: dir, encoding: 'utf8', env: env() });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^feature\s+method\s+score/);
      expect(r.stdout.split('\n')).toHaveLength(2);
      expect(readFileSync(status, 'utf8').trim()).toBe(String(own));
    }
  });

  it('profile | head -c 100 and compare --format json | head -c 100 end quietly too', () => {
    for (const cmd of ['profile big.csv --no-progress', 'compare big.csv big2.csv --no-progress --format json']) {
      const r = spawnSync('sh', ['-c', `"$0" "$1" ${cmd} | head -c 100 >/dev/null`, process.execPath, cli],
        { cwd: dir, encoding: 'utf8', env: env() });
      expect(r.stderr.replace(/^driftkit: profiled .*\n/m, '')).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

describe('colour', () => {
  const hasAnsi = (extra: Record<string, string>, ...flags: string[]) => {
    const r = run(['compare', 'small.csv', 'small2.csv', '--no-progress', ...flags], extra);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/DATASET DRIFT DETECTED/);
    return r.stdout.includes(ESC);
  };

  it('a pipe gets no colour unless FORCE_COLOR asks; FORCE_COLOR=0, --no-color and -o turn it off', () => {
    expect(hasAnsi({})).toBe(false);
    expect(hasAnsi({ NO_COLOR: '1' })).toBe(false);
    expect(hasAnsi({ FORCE_COLOR: '1' })).toBe(true);
    expect(hasAnsi({ FORCE_COLOR: '0' })).toBe(false);
    expect(hasAnsi({ FORCE_COLOR: '1' }, '--no-color')).toBe(false);
    const r = run(['compare', 'small.csv', 'small2.csv', '--no-progress', '-o', 'report.txt'], { FORCE_COLOR: '1' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).not.toContain(ESC);
  });

  it('the decision: TTY by default, NO_COLOR (non-empty) off, FORCE_COLOR over both, TERM=dumb off', () => {
    const tty = { isTTY: true }, pipe = { isTTY: false };
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: 'anything' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true); // no-color.org: only a non-empty value counts
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '3' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true); // as Node's tty.getColorDepth()
    expect(colorEnabled(tty, { FORCE_COLOR: '1' }, { noColor: true })).toBe(false);
    expect(colorEnabled(tty, {}, { toFile: true })).toBe(false);
  });
});

// A resolve hook that makes the named packages unresolvable, as if not installed (nothing is uninstalled).
const hide = join(dir, 'hide.mjs');
writeFileSync(hide, `import { register } from 'node:module';
const hidden = (process.env.HIDE_PACKAGES ?? '').split(',').filter(Boolean);
register('data:text/javascript,' + encodeURIComponent(\`
const hidden = new Set(\${JSON.stringify(hidden)});
export async function resolve(specifier, context, next) {
  const parts = specifier.split('/');
  const pkg = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (hidden.has(pkg)) {
    const e = new Error("Cannot find package '" + pkg + "' imported from " + (context.parentURL ?? ''));
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return next(specifier, context);
}\`));
`);
const without = (packages: string[], args: string[]) => run(args, { HIDE_PACKAGES: packages.join(',') }, ['--import', hide]);
const INSTALL = 'npm install fastify prom-client @datadog/sketches-js @fastify/swagger';

describe('the service\'s packages are optional', () => {
  it('maps a missing peer to one line naming every missing peer and the install command; other errors pass', () => {
    const err = (pkg: string) => Object.assign(new Error(`Cannot find package '${pkg}' imported from /x/node_modules/driftkit/dist/service/app.js`), { code: 'ERR_MODULE_NOT_FOUND' });
    const installed = (missing: string[]) => (p: string) => !missing.includes(p);
    expect(missingPeersMessage(err('fastify'), installed(['fastify']))).toBe(
      `driftkit serve needs the service's packages (optional peer dependencies of driftkit); missing: fastify. Install them with: ${INSTALL}`);
    const all = missingPeersMessage(err('prom-client'), installed([...SERVICE_PEERS]))!;
    expect(all).toContain('missing: fastify, prom-client, @datadog/sketches-js, @fastify/swagger.');
    expect(all.split('\n')).toHaveLength(1);
    expect(missingPeersMessage(err('@datadog/sketches-js'), installed([]))).toContain('missing: @datadog/sketches-js.');
    // not a peer, not a missing package, not an error
    expect(missingPeersMessage(err('left-pad'), installed([]))).toBeUndefined();
    expect(missingPeersMessage(Object.assign(new Error("Cannot find module '/x/dist/service/app.js'"), { code: 'ERR_MODULE_NOT_FOUND' }), installed([]))).toBeUndefined();
    expect(missingPeersMessage(new TypeError('boom'), installed([]))).toBeUndefined();
    expect(missingPeersMessage(undefined, installed([]))).toBeUndefined();
  });

  it('reads the package name from Node\'s own ERR_MODULE_NOT_FOUND message', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', "import('no-such-package-driftkit-test/sub').catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message })))"], { encoding: 'utf8' });
    const e = JSON.parse(r.stdout) as { code: string; message: string };
    expect(missingPackageOf(e)).toBe('no-such-package-driftkit-test');
  });

  it('driftkit serve without fastify and prom-client: that one line, exit 2', () => {
    const r = without(['fastify', 'prom-client'], ['serve', '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`driftkit serve needs the service's packages (optional peer dependencies of driftkit); missing: fastify, prom-client. Install them with: ${INSTALL}\n`);
    // --help needs none of them, and says what to install
    const help = without(['fastify', 'prom-client'], ['serve', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(INSTALL);
  });

  it('profile and compare of CSV and Parquet run without the service\'s packages and without apache-arrow', () => {
    const gone = [...SERVICE_PEERS, 'apache-arrow'];
    let r = without(gone, ['compare', 'small.csv', 'small2.csv', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2 of 4 features drifted/);
    const parquet = join(root, 'test/fixtures/io/table.parquet');
    r = without(gone, ['profile', parquet, '-o', 'p.json', '--no-progress']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/profiled \d+ rows/);
    r = without(gone, ['compare', parquet, parquet, '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(without(gone, ['--version']).status).toBe(0);
  });
});
