// System components some tests need (not npm packages): one registry, and a small API that gates tests on them.
//
//   import { component, describeWith, itWith } from '../helpers/system.js';
//
//   const chromium = component('chromium');          // { present, path, bin, message, ... }
//   describeWith('chromium', 'the page in Chromium', () => {
//     beforeAll(async () => { browser = await launch({ executablePath: chromium.path }); });
//     it('renders', ...);
//   });
//   itWith('promtool', 'every expression is valid PromQL', async () => { ... });
//   describeWith(['postgresql', 'redis'], 'the stores', () => { ... });   // needs both
//
// Components (present when every file listed is there and executable; detection is cached per process):
//   chromium      CHROMIUM_PATH, else /usr/bin/chromium, else `chromium` on PATH      (Debian: chromium)
//   promtool      /usr/bin/promtool, else on PATH                                    (Debian: prometheus)
//   prometheus    the server: /usr/bin/prometheus, else on PATH                      (Debian: prometheus)
//   redis         redis-server (and redis-cli when there) on PATH or in /usr/bin     (Debian: redis-server)
//   postgresql    a PostgreSQL 15 server (postgres, initdb, pg_ctl) in POSTGRESQL_BIN_DIR, else
//                 /usr/lib/postgresql/15/bin (Debian's place), else on PATH if `postgres --version` says 15;
//                 and the psql client                                               (Debian: postgresql)
//   npm-registry  the configured registry (`npm config get registry`) answers `npm ping` within 5 s
//
// When a component is missing:
//   - normally the gated tests are SKIPPED; test/helpers/system-reporter.ts then prints one line at the end
//     of the run naming each missing component, the number of tests it gated, and `npm run setup:system`;
//   - under CI (CI set and not "false"/"0"; .ci/run exports CI=true) they FAIL with a message naming the
//     component and `npm run setup:system`, so CI can never pass without them.
// The hooks (beforeAll, afterAll, beforeEach, afterEach) that start the component belong INSIDE the gated
// describe: they then never run when it is missing (skipped suites run no hooks; under CI describeWith drops
// the suite's own hooks and fails each test in a beforeEach). Hooks of a describe nested in a gated describe
// still run under CI, so keep component set-up in the outer one. Gated tests carry task meta `requires`
// (always) and `systemMissing` (when missing), which the reporter counts.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeEach, describe, it, TestRunner, type SuiteFactory, type SuiteOptions, type TestFunction } from 'vitest';

import { COMPONENTS, SETUP_COMMAND, type ComponentName } from './system-reporter.js';

export { COMPONENTS, SETUP_COMMAND, type ComponentName };

declare module 'vitest' {
  interface TaskMeta {
    /** System components this test needs (test/helpers/system.ts). */
    requires?: ComponentName[];
    /** Those of them missing in this run: the test was skipped (or failed, under CI) for want of them. */
    systemMissing?: ComponentName[];
  }
}

export interface Component {
  name: ComponentName;
  present: boolean;
  /** The main executable: where it was found, or (when missing) where it was looked for first. '' for npm-registry. */
  path: string;
  /** Every executable found, by name (postgresql: postgres, initdb, pg_ctl, psql, …; redis: redis-server, redis-cli). */
  bin: Record<string, string>;
  /** npm-registry: the registry URL. */
  url?: string;
  /** What was found, or what is missing. */
  detail: string;
  /** One sentence for a failure or a log: the component, what is missing, and how to install it. */
  message: string;
}

/** CI as vitest and ci-info read it: CI set to anything but "" / "false" / "0". */
export const isCI = ((v) => v !== '' && v !== 'false' && v !== '0')((process.env.CI ?? '').trim().toLowerCase());

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** An executable by name on PATH (first match), or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The first executable of `candidates` (absolute paths, or bare names looked up on PATH). */
function firstOf(...candidates: string[]): string | undefined {
  for (const c of candidates) {
    const p = c.includes('/') ? (executable(c) ? c : undefined) : onPath(c);
    if (p) return p;
  }
  return undefined;
}

interface Found {
  present: boolean;
  path: string;
  bin: Record<string, string>;
  detail: string;
  url?: string;
}

const INSTALL: Record<ComponentName, string> = {
  chromium: 'Debian package chromium',
  promtool: 'Debian package prometheus',
  prometheus: 'Debian package prometheus',
  redis: 'Debian package redis-server',
  postgresql: 'Debian package postgresql (PostgreSQL 15 on Debian 12)',
  'npm-registry': '',
};

function detectChromium(): Found {
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    return executable(env)
      ? { present: true, path: env, bin: { chromium: env }, detail: env }
      : { present: false, path: env, bin: {}, detail: `CHROMIUM_PATH=${env} is not an executable` };
  }
  const p = firstOf('/usr/bin/chromium', 'chromium');
  return p
    ? { present: true, path: p, bin: { chromium: p }, detail: p }
    : { present: false, path: '/usr/bin/chromium', bin: {}, detail: '/usr/bin/chromium not found (or set CHROMIUM_PATH)' };
}

function detectBinary(name: string): Found {
  const p = firstOf(`/usr/bin/${name}`, name);
  return p
    ? { present: true, path: p, bin: { [name]: p }, detail: p }
    : { present: false, path: `/usr/bin/${name}`, bin: {}, detail: `${name} not found in /usr/bin or on PATH` };
}

function detectRedis(): Found {
  const found = detectBinary('redis-server');
  const cli = firstOf('/usr/bin/redis-cli', 'redis-cli');
  if (cli) found.bin['redis-cli'] = cli;
  return found;
}

const PG_VERSION = '15';
const PG_SERVER_BINS = ['postgres', 'initdb', 'pg_ctl'];

function detectPostgresql(): Found {
  const envDir = process.env.POSTGRESQL_BIN_DIR;
  const debianDir = `/usr/lib/postgresql/${PG_VERSION}/bin`;
  let dir: string | undefined;
  if (envDir) {
    if (PG_SERVER_BINS.every((b) => executable(join(envDir, b)))) dir = envDir;
  } else if (PG_SERVER_BINS.every((b) => executable(join(debianDir, b)))) {
    dir = debianDir;
  } else {
    const postgres = onPath('postgres');
    if (postgres && PG_SERVER_BINS.every((b) => onPath(b))) {
      const v = spawnSync(postgres, ['--version'], { encoding: 'utf8', timeout: 5000 });
      if (new RegExp(`\\b${PG_VERSION}\\.\\d`).test(v.stdout ?? '')) dir = postgres.slice(0, postgres.lastIndexOf('/'));
    }
  }
  const where = envDir ? `POSTGRESQL_BIN_DIR=${envDir}` : debianDir;
  if (!dir) {
    return { present: false, path: join(envDir ?? debianDir, 'postgres'), bin: {}, detail: `no PostgreSQL ${PG_VERSION} server (${PG_SERVER_BINS.join(', ')}) in ${where}${envDir ? '' : ' or on PATH'}` };
  }
  const bin: Record<string, string> = {};
  for (const b of [...PG_SERVER_BINS, 'pg_isready', 'createdb']) if (executable(join(dir, b))) bin[b] = join(dir, b);
  const psql = firstOf(join(dir, 'psql'), '/usr/bin/psql', 'psql');
  if (!psql) return { present: false, path: bin.postgres!, bin, detail: `PostgreSQL ${PG_VERSION} server in ${dir}, but no psql client` };
  bin.psql = psql;
  return { present: true, path: bin.postgres!, bin, detail: dir };
}

function detectNpmRegistry(): Found {
  // npm's own view: its registry, proxy and auth settings. One try, 4 s fetch timeout, 5 s in all.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const start = Date.now();
  const registry = process.env.npm_config_registry || spawnSync(npm, ['config', 'get', 'registry'], { encoding: 'utf8', timeout: 2000 }).stdout?.trim() || 'https://registry.npmjs.org/';
  const left = Math.max(1000, 5000 - (Date.now() - start));
  const ping = spawnSync(npm, ['ping', '--registry', registry, `--fetch-timeout=${left - 500}`, '--fetch-retries=0', '--loglevel=error'], { encoding: 'utf8', timeout: left });
  const ok = ping.status === 0;
  const why = ping.error
    ? (ping.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `no answer within ${left} ms` : ping.error.message
    : (ping.stderr || ping.stdout || '').split('\n').map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim())
        .filter((l) => l && !/complete log of this run|^code\b/.test(l)).slice(0, 2).join('; ') || `exit code ${ping.status}`;
  return { present: ok, path: '', bin: {}, url: registry, detail: ok ? registry : `${registry} unreachable (npm ping: ${why})` };
}

const DETECT: Record<ComponentName, () => Found> = {
  chromium: detectChromium,
  promtool: () => detectBinary('promtool'),
  prometheus: () => detectBinary('prometheus'),
  redis: detectRedis,
  postgresql: detectPostgresql,
  'npm-registry': detectNpmRegistry,
};

const cache = new Map<ComponentName, Component>();

/** The component, detected once per process. */
export function component(name: ComponentName): Component {
  let c = cache.get(name);
  if (c) return c;
  const detect = DETECT[name];
  if (!detect) throw new Error(`unknown system component ${JSON.stringify(name)}: one of ${COMPONENTS.join(', ')}`);
  const f = detect();
  const message = f.present
    ? `${name}: ${f.detail}`
    : name === 'npm-registry'
      ? `the npm registry is unreachable: ${f.detail}. The tests that install from it need the network (and npm's proxy settings, if any).`
      : `${name} is missing: ${f.detail}. Install it with \`${SETUP_COMMAND}\` (${INSTALL[name]}).`;
  c = { name, ...f, message };
  cache.set(name, c);
  return c;
}

/** The component, or an Error (naming it and `npm run setup:system`) when it is missing. For helpers and hooks. */
export function requireComponent(name: ComponentName): Component {
  const c = component(name);
  if (!c.present) throw new SystemComponentMissing([c]);
  return c;
}

export class SystemComponentMissing extends Error {
  constructor(readonly missing: Component[]) {
    super(
      missing.map((c) => c.message).join(' ') +
        (isCI ? ' Under CI (CI=true) a missing system component fails the tests that need it instead of skipping them.' : ''),
    );
    this.name = 'SystemComponentMissing';
  }
}

type Names = ComponentName | readonly ComponentName[];

function gate(names: Names): { requires: ComponentName[]; missing: Component[] } {
  const requires = typeof names === 'string' ? [names] : [...names];
  return { requires, missing: requires.map(component).filter((c) => !c.present) };
}

/**
 * `describe` that needs system components: runs when all are present; skipped when one is missing;
 * under CI a missing one fails every test of the suite (and the suite's own hooks do not run).
 */
export function describeWith(names: Names, title: string, fn: SuiteFactory): void;
export function describeWith(names: Names, title: string, options: SuiteOptions, fn: SuiteFactory): void;
export function describeWith(names: Names, title: string, a: SuiteOptions | SuiteFactory, b?: SuiteFactory): void {
  const [options, fn] = typeof a === 'function' ? [{}, a] : [a, b!];
  const { requires, missing } = gate(names);
  const meta = { ...options.meta, requires, ...(missing.length ? { systemMissing: missing.map((c) => c.name) } : {}) };
  if (missing.length === 0) {
    describe(title, { ...options, meta }, fn);
  } else if (!isCI) {
    describe.skip(title, { ...options, meta }, fn);
  } else {
    describe(title, { ...options, meta }, (ctx) => {
      const result = fn(ctx);
      if (result instanceof Promise) throw new Error('describeWith: the suite factory must be synchronous');
      // The suite's own hooks would start the missing component: drop them; every test fails instead.
      const suite = TestRunner.getCurrentSuite().suite;
      const hooks = suite && TestRunner.getSuiteHooks(suite);
      if (hooks) for (const list of Object.values(hooks)) list.length = 0;
      beforeEach(() => {
        throw new SystemComponentMissing(missing);
      });
    });
  }
}

/** `it` that needs system components: runs when all are present; skipped when one is missing; fails under CI then. */
export function itWith(names: Names, title: string, fn: TestFunction, timeout?: number): void {
  const { requires, missing } = gate(names);
  const meta = { requires, ...(missing.length ? { systemMissing: missing.map((c) => c.name) } : {}) };
  const options = { meta, ...(timeout !== undefined ? { timeout } : {}) };
  if (missing.length === 0) it(title, options, fn);
  else if (!isCI) it.skip(title, options, fn);
  else {
    it(title, options, () => {
      throw new SystemComponentMissing(missing);
    });
  }
}
