// The consumer tests' shared set-up: driftkit as npm users get it. The project is packed (`npm pack
// --ignore-scripts`: dist/ and build/ as `npm install` built them, never rebuilt here) and the tarball is
// installed into a separate consumer project, outside the repo's module resolution, with `npm install
// --prefer-offline` (npm's cache, which the repo's own install filled, serves the tarballs).
//
// Cache: each consumer install lives in node_modules/.cache/driftkit-consumer/<kind>-<key>, where <key> hashes
// everything the tarball is made of (package.json, README.md, LICENSE, dist/**, build/**) and this file's install
// recipe; a later run with the same build finds it there and neither packs nor installs (an install is written to a
// temporary folder and renamed into place, and a lock folder makes concurrent test files wait for one install).
// Older installs of the same kind are removed when a new one is made.
//
// Kinds: 'lib' is the tarball alone (no optional peers), 'service' adds the service's optional peers (fastify,
// prom-client, @datadog/sketches-js, @fastify/swagger, at the versions the repo develops with).
//
// A stale build is refused: the tests must run what `npm install` / `npm run build` produced from the
// current sources (set DRIFTKIT_CONSUMER_ALLOW_STALE=1 to run anyway while sources are being edited).
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/consumer/fixtures');
export const CACHE = join(ROOT, 'node_modules/.cache/driftkit-consumer');
export const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string; devDependencies: Record<string, string>; peerDependencies?: Record<string, string>;
};
/** The service's optional peers, installed (at the repo's dev versions) by the 'service' consumer. */
export const SERVICE_PEERS = ['fastify', 'prom-client', '@datadog/sketches-js', '@fastify/swagger'];
/** Bump when the install below changes, so cached consumers are rebuilt. */
const RECIPE = 'consumer-install-v1';

export type Kind = 'lib' | 'service';

export interface Consumer {
  kind: Kind;
  dir: string;
  /** npm install's output (stdout + stderr) when this consumer was installed. */
  installLog: string;
  /** Found in the cache (no pack, no install in this run). */
  cached: boolean;
  /** Milliseconds spent packing and installing in this run (0 when cached). */
  ms: number;
}

const execFileP = promisify(execFile);

/**
 * The environment for child npm/node processes: npm's own npm_* variables (set when run through `npm test`),
 * vitest's, NODE_OPTIONS and the repo's DRIFTKIT_* settings (a token, say) removed: a consumer starts clean.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|VITEST|DRIFTKIT_)/i.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Everything the tarball is made of (a superset of what npm packs: all of dist/ and build/). */
function packedInputs(): string[] {
  const top = ['package.json', 'README.md', 'LICENSE'].map((f) => join(ROOT, f)).filter(existsSync);
  return [...top, ...walk(join(ROOT, 'dist')), ...walk(join(ROOT, 'build'))].sort();
}

let keyMemo: string | undefined;
/** The cache key: a hash of the packed inputs' paths and bytes and the install recipe (16 hex digits). */
export function contentKey(): string {
  if (keyMemo) return keyMemo;
  const h = createHash('sha256').update(`${RECIPE}\0${process.version}\0`);
  for (const f of packedInputs()) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return (keyMemo = h.digest('hex').slice(0, 16));
}

export const consumerDir = (kind: Kind): string => join(CACHE, `${kind}-${contentKey()}`);
export const isInstalled = (kind: Kind): boolean => existsSync(join(consumerDir(kind), '.installed.json'));

/**
 * Build products older than their sources: the .js tsc writes for each src/**\/*.ts, the browser bundle against
 * its module graph, the WASM against assembly/. Empty when the build is fresh.
 */
export async function staleBuild(): Promise<string[]> {
  const problems: string[] = [];
  const mtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : -1);
  for (const src of walk(join(ROOT, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const out = join(ROOT, 'dist', relative(join(ROOT, 'src'), src)).replace(/\.ts$/, '.js');
    const t = mtime(out);
    if (t < 0) problems.push(`${relative(ROOT, out)} is missing (from ${relative(ROOT, src)})`);
    else if (t < statSync(src).mtimeMs) problems.push(`${relative(ROOT, out)} is older than ${relative(ROOT, src)}`);
  }
  const wasm = ['build/driftkit.simd.wasm', 'build/driftkit.wasm'].map((f) => join(ROOT, f));
  const newestAssembly = Math.max(...walk(join(ROOT, 'assembly')).map(mtime));
  for (const w of wasm) if (mtime(w) < newestAssembly) problems.push(`${relative(ROOT, w)} is older than assembly/ (npm run build:wasm)`);
  const bundle = join(ROOT, 'dist/browser/driftkit.js');
  const graph = await build({ entryPoints: [join(ROOT, 'src/index.ts'), join(ROOT, 'src/scipy.ts')].filter(existsSync), outdir: join(tmpdir(), 'unused'), bundle: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
  const inputs = [...Object.keys(graph.metafile.inputs).map((f) => join(ROOT, f)), ...wasm, join(ROOT, 'scripts/build-browser.mjs'), join(ROOT, 'scripts/esbuild-plugins.mjs')];
  const newest = inputs.reduce((a, f) => (mtime(f) > mtime(a) ? f : a));
  if (mtime(bundle) < mtime(newest)) problems.push(`dist/browser/driftkit.js is older than ${relative(ROOT, newest)} (npm run build:browser)`);
  return problems;
}

/** Throws when the build is stale (unless DRIFTKIT_CONSUMER_ALLOW_STALE=1). */
export async function requireFreshBuild(): Promise<void> {
  if (process.env.DRIFTKIT_CONSUMER_ALLOW_STALE === '1') return;
  const problems = await staleBuild();
  if (problems.length) {
    const shown = problems.slice(0, 8).join('; ') + (problems.length > 8 ? `; and ${problems.length - 8} more` : '');
    throw new Error(`the consumer tests pack what the build produced, and it is stale: ${shown}. Run npm run build (npm install does).`);
  }
}

/** `npm pack --ignore-scripts` of the repo into a fresh temporary folder: the tarball's path and npm's file list. */
export async function pack(): Promise<{ tarball: string; files: string[]; size: number; unpackedSize: number }> {
  const dest = mkdtempSync(join(tmpdir(), 'driftkit-pack-'));
  const { stdout } = await execFileP('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: ROOT, env: cleanEnv(), maxBuffer: 64 << 20 });
  const info = JSON.parse(stdout.slice(stdout.indexOf('[')))[0] as { filename: string; files: { path: string }[]; size: number; unpackedSize: number };
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path), size: info.size, unpackedSize: info.unpackedSize };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The consumer of this kind: from the cache, or packed and installed now (needs the npm registry for the
 * dependencies' metadata; the tarballs come from npm's cache where it has them).
 */
export async function consumer(kind: Kind): Promise<Consumer> {
  const dir = consumerDir(kind);
  const marker = join(dir, '.installed.json');
  const read = (cached: boolean, ms = 0): Consumer => ({ kind, dir, installLog: (JSON.parse(readFileSync(marker, 'utf8')) as { log: string }).log, cached, ms });
  if (existsSync(marker)) return read(true);
  mkdirSync(CACHE, { recursive: true });
  // One installer per key; others wait for its marker (a lock older than 5 minutes is a crashed run's).
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(marker)) return read(true);
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (existsSync(marker)) return read(true);
    const started = performance.now();
    const packed = await pack();
    const tmp = mkdtempSync(join(CACHE, `${kind}-tmp-`));
    copyFileSync(packed.tarball, join(tmp, 'driftkit.tgz'));
    rmSync(join(packed.tarball, '..'), { recursive: true, force: true });
    const dependencies: Record<string, string> = { driftkit: 'file:driftkit.tgz' };
    if (kind === 'service') for (const name of SERVICE_PEERS) dependencies[name] = PKG.devDependencies[name] ?? PKG.peerDependencies?.[name] ?? 'latest';
    writeFileSync(join(tmp, 'package.json'), `${JSON.stringify({
      name: `driftkit-consumer-${kind}`,
      private: true,
      dependencies,
      // From the registry npm never runs a dependency's `prepare`; from a file: tarball npm 11 asks whether it
      // may (allowScripts, keyed by the absolute spec), so say no, as a registry install would.
      allowScripts: { [`file:${join(tmp, 'driftkit.tgz')}`]: false },
    }, null, 2)}\n`);
    const r = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: tmp, env: cleanEnv(), encoding: 'utf8', timeout: 240_000 });
    const log = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`npm install of the packed driftkit (${kind}) failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${log}`);
    }
    const ms = Math.round(performance.now() - started);
    writeFileSync(join(tmp, '.installed.json'), JSON.stringify({ kind, key: contentKey(), node: process.version, ms, files: packed.files, size: packed.size, unpackedSize: packed.unpackedSize, log }, null, 2));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    // Older installs of this kind (other keys) go.
    for (const e of readdirSync(CACHE)) {
      if (e.startsWith(`${kind}-`) && join(CACHE, e) !== dir && !e.endsWith('.lock') && !e.includes('-tmp-')) rmSync(join(CACHE, e), { recursive: true, force: true });
    }
    return read(false, ms);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The npm file list of the packed tarball this consumer installed. */
export function packedFiles(c: Consumer): string[] {
  return (JSON.parse(readFileSync(join(c.dir, '.installed.json'), 'utf8')) as { files: string[] }).files;
}

/** A fresh working folder inside the consumer (so node_modules resolution finds its packages), removed by the caller. */
export function workDir(c: Consumer, name: string): string {
  const base = join(c.dir, 'work');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${name}-`));
}

/** Runs a command synchronously in `cwd` with the clean environment; never throws. */
export function run(cmd: string, args: string[], cwd: string, timeout = 60_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout });
}

/** run(), asynchronously (so independent steps overlap): exit status and the output. Never rejects. */
export function runAsync(cmd: string, args: string[], cwd: string, timeout = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
      resolve({ status, stdout, stderr: stderr + (err && status === null ? `\n${err.message}` : '') });
    });
  });
}

/** Like run() but throws with stdout and stderr when the exit status is not 0. Returns stdout. */
export function runOk(cmd: string, args: string[], cwd: string, timeout = 60_000): string {
  const r = run(cmd, args, cwd, timeout);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}${r.error ? ` (${r.error.message})` : ''}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The components a consumer of this kind needs in this run: the npm registry unless the install is cached. */
export const installNeeds = (...kinds: Kind[]): ('npm-registry')[] => (kinds.every(isInstalled) ? [] : ['npm-registry']);
