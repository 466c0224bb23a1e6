// A real Prometheus (Debian's /usr/bin/prometheus; `npm run setup:system` installs it) for integration tests.
// Gate the tests that use it with test/helpers/system.ts: describeWith('prometheus' | 'promtool', ...).
//
//   const prom = await startPrometheus({ targets: ['127.0.0.1:43123'], ruleFiles: [rules] });
//   await prom.waitFor(async () => (await prom.alerts()).find((a) => a.state === 'firing'), 20_000);
//   await prom.stop();
//
// startPrometheus writes its own prometheus.yml into a fresh temp dir (one scrape job, `driftkit` by default,
// over `targets`, plus `ruleFiles` as given), starts Prometheus on 127.0.0.1 with a free port and its TSDB in
// the temp dir, and resolves once GET /-/ready answers 200. stop() kills the process by pid (SIGTERM, SIGKILL
// after 5 s) and removes the temp dir; a process-exit hook kills anything a crashed test left running.
//
// Short `for:` durations. Production rules wait minutes (`for: 10m`); a test cannot. writeShortRules(src, dir)
// copies a rules file with every rule's `for:` divided by 60 (so minutes become seconds: 10m -> 10s,
// 2m -> 2s, 1m -> 1s, 30s -> 500ms; pass another divisor to scale differently), keeping everything else
// (expressions, labels, annotations, comments) as it is. Use it with scrapeInterval/evaluationInterval of 1s
// (the defaults here), so that an alert with `for: 2m` goes pending at its first evaluation and fires ~2 s
// later. shortenForDurations(text) is the same rewrite on a YAML string.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parseDocument } from 'yaml';
import { component, SETUP_COMMAND } from './system.js';

/** Where test/helpers/system.ts found them (/usr/bin/… by default, else on PATH). */
export const PROMETHEUS_BIN = component('prometheus').path;
export const PROMTOOL_BIN = component('promtool').path;
export const INSTALL_HINT = `install it with \`${SETUP_COMMAND}\` (Debian package prometheus: /usr/bin/prometheus, /usr/bin/promtool)`;

/** Run promtool in the repo root; a missing promtool fails (never skips) with the install hint. */
export function promtool(args: string[], what = 'the Prometheus rules and config'): Promise<{ code: number; out: string }> {
  if (!existsSync(PROMTOOL_BIN)) throw new Error(`${PROMTOOL_BIN} is missing, so ${what} cannot be checked: ${INSTALL_HINT}`);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return new Promise((resolve) => {
    execFile(PROMTOOL_BIN, args, { cwd: root, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `$ promtool ${args.join(' ')}\n${stdout}${stderr}` });
    });
  });
}

export interface PrometheusOptions {
  /** Scrape targets as host:port. */
  targets: string[];
  /** Rule files (absolute, or relative to the working directory). */
  ruleFiles?: string[];
  /** Prometheus duration strings; scrape_timeout is set to the scrape interval. */
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** job label of the targets (the rules' DriftkitDown selects job="driftkit"). */
  jobName?: string;
  /** How long to wait for /-/ready. */
  readyTimeoutMs?: number;
  binary?: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'inactive' | 'pending' | 'firing';
  activeAt?: string;
  value: string;
}

export interface PromRule {
  name: string;
  query: string;
  type: 'alerting' | 'recording';
  health: string;
  lastError?: string;
  state?: 'inactive' | 'pending' | 'firing';
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  alerts?: PromAlert[];
}

export interface PromRuleGroup {
  name: string;
  file: string;
  interval: number;
  rules: PromRule[];
}

export interface PrometheusHandle {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** The temp dir holding prometheus.yml and the TSDB (removed by stop()). */
  dir: string;
  /** Instant query (GET /api/v1/query); the result of a vector query. */
  query(promql: string): Promise<PromSample[]>;
  /** GET /api/v1/alerts: pending and firing alerts. */
  alerts(): Promise<PromAlert[]>;
  /** GET /api/v1/rules: rule groups with each rule's health, state and alerts. */
  rules(): Promise<PromRuleGroup[]>;
  /** Polls `predicate` every `intervalMs` until it returns a truthy value (returned) or `timeoutMs` passes
   *  (rejects with the last value or error). Errors thrown by the predicate count as "not yet". */
  waitFor<T>(predicate: () => T | Promise<T>, timeoutMs?: number, intervalMs?: number): Promise<NonNullable<T>>;
  /** The process's output so far (Prometheus logs to stderr), for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// `for:` rewriting

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** Milliseconds of a Prometheus duration such as `10m`, `1h30m`, `90s`, `500ms`. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /(\d+)(ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length) throw new Error(`not a Prometheus duration: ${JSON.stringify(text)}`);
  return total;
}

/** A Prometheus duration for `ms` (whole seconds as `Ns`, otherwise `Nms`). */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Rewrites every rule's `for:` in a Prometheus rules file (YAML text): the duration divided by `divisor`
 * (default 60: minutes become seconds), rounded to whole milliseconds and at least 1 ms. Other content and
 * comments are kept. Throws if the text has no `groups:` list.
 */
export function shortenForDurations(yamlText: string, divisor = 60): string {
  if (!(divisor > 0)) throw new Error(`divisor must be positive, got ${divisor}`);
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) throw new Error(`rules file is not valid YAML: ${doc.errors[0]!.message}`);
  const groups = doc.get('groups');
  if (!isSeq(groups)) throw new Error('rules file has no `groups:` list');
  for (const group of groups.items) {
    if (!isMap(group)) continue;
    const rules = group.get('rules');
    if (!isSeq(rules)) continue;
    for (const rule of rules.items) {
      if (!isMap(rule) || !rule.has('for')) continue;
      const ms = parseDuration(String(rule.get('for')));
      rule.set('for', formatDuration(Math.max(1, Math.round(ms / divisor))));
    }
  }
  return doc.toString();
}

/** Writes `src` with shortened `for:` durations (see shortenForDurations) to `destDir`; returns the new path. */
export async function writeShortRules(src: string, destDir: string, divisor = 60): Promise<string> {
  const out = join(destDir, basename(src).replace(/\.ya?ml$/, '') + `.for-div${divisor}.yml`);
  await writeFile(out, shortenForDurations(await readFile(src, 'utf8'), divisor));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// the process

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { status: string; data: T; error?: string; errorType?: string };
  if (!res.ok || body.status !== 'success') {
    throw new Error(`GET ${url}: HTTP ${res.status} ${body.errorType ?? ''} ${body.error ?? ''}`.trim());
  }
  return body.data;
}

function configYaml(opts: Required<Pick<PrometheusOptions, 'targets' | 'scrapeInterval' | 'evaluationInterval' | 'jobName'>>, ruleFiles: string[]): string {
  // JSON is YAML: no serializer needed, and every string is quoted.
  const config = {
    global: {
      scrape_interval: opts.scrapeInterval,
      scrape_timeout: opts.scrapeInterval,
      evaluation_interval: opts.evaluationInterval,
    },
    rule_files: ruleFiles,
    scrape_configs: [{ job_name: opts.jobName, static_configs: [{ targets: opts.targets }] }],
  };
  return JSON.stringify(config, null, 2) + '\n';
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusHandle> {
  const binary = options.binary ?? PROMETHEUS_BIN;
  if (!existsSync(binary)) throw new Error(`${binary} not found: ${INSTALL_HINT}`);
  const scrapeInterval = options.scrapeInterval ?? '1s';
  const evaluationInterval = options.evaluationInterval ?? '1s';
  const jobName = options.jobName ?? 'driftkit';
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const ruleFiles = (options.ruleFiles ?? []).map((f) => resolve(f));
  for (const f of ruleFiles) if (!existsSync(f)) throw new Error(`rule file not found: ${f}`);

  const dir = await mkdtemp(join(tmpdir(), 'driftkit-prom-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, configYaml({ targets: options.targets, scrapeInterval, evaluationInterval, jobName }, ruleFiles));

  installExitHook();
  let lastError: unknown;
  // The free port can be taken between freePort() and Prometheus binding it: retry on an early exit.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = '';
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=1h',
        '--log.level=info',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let hasExited = false;
    void exited.then(() => {
      hasExited = true;
      running.delete(child);
    });

    const deadline = Date.now() + readyTimeoutMs;
    let ready = false;
    while (!hasExited && Date.now() < deadline) {
      try {
        const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) {
          ready = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }

    const stopChild = async () => {
      if (hasExited) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    };

    if (!ready) {
      await stopChild();
      lastError = new Error(
        `Prometheus did not become ready on ${url} within ${readyTimeoutMs} ms` +
          (hasExited ? ` (exited with code ${child.exitCode})` : '') +
          `\n--- prometheus output ---\n${output.slice(-4000)}`,
      );
      if (hasExited && /address already in use/i.test(output)) continue;
      break;
    }

    let stopped = false;
    const handle: PrometheusHandle = {
      url,
      pid: child.pid!,
      dir,
      async query(promql) {
        const data = await getJson<{ resultType: string; result: PromSample[] }>(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
        if (data.resultType !== 'vector') throw new Error(`query ${promql}: expected a vector, got ${data.resultType}`);
        return data.result;
      },
      async alerts() {
        return (await getJson<{ alerts: PromAlert[] }>(`${url}/api/v1/alerts`)).alerts;
      },
      async rules() {
        return (await getJson<{ groups: PromRuleGroup[] }>(`${url}/api/v1/rules`)).groups;
      },
      async waitFor(predicate, timeoutMs = 20_000, intervalMs = 100) {
        const end = Date.now() + timeoutMs;
        let last: unknown;
        for (;;) {
          try {
            const v = await predicate();
            if (v) return v as NonNullable<typeof v>;
            last = v;
          } catch (err) {
            last = err;
          }
          if (Date.now() >= end) {
            const detail = last instanceof Error ? last.message : JSON.stringify(last);
            throw new Error(`waitFor: condition not met within ${timeoutMs} ms (last: ${detail})\n--- prometheus output ---\n${output.slice(-3000)}`);
          }
          await sleep(intervalMs);
        }
      },
      logs: () => output,
      async stop() {
        if (stopped) return;
        stopped = true;
        await stopChild();
        await rm(dir, { recursive: true, force: true });
      },
    };
    return handle;
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}
