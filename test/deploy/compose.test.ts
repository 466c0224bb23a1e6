// Docker is not available to the test suite, so deploy/Dockerfile, deploy/docker-compose.yml and .dockerignore
// are checked statically: they parse, and the paths, hosts and ports they share with each other, with
// deploy/prometheus.yml and with the Grafana provisioning agree.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deploy = join(root, 'deploy');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

interface LongVolume {
  type: 'bind' | 'volume';
  source: string;
  target: string;
  read_only?: boolean;
}
interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  ports?: string[];
  volumes?: (string | LongVolume)[];
  depends_on?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** `${VAR:-default}` → default (what compose uses when VAR is unset). */
const withDefaults = (s: string) => s.replace(/\$\{\w+:-([^}]*)\}/g, '$1');

function mounts(svc: Service): { type: 'bind' | 'volume'; source: string; target: string; readOnly: boolean }[] {
  return (svc.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return { type: v.type, source: withDefaults(v.source), target: v.target, readOnly: !!v.read_only };
    const [source, target, mode] = v.split(':') as [string, string, string | undefined];
    return { type: /^[./]/.test(source) ? 'bind' : 'volume', source, target, readOnly: mode === 'ro' };
  });
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function dockerfile(): { op: string; args: string }[] {
  const text = read('deploy/Dockerfile').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\w+)\s+([\s\S]*)$/.exec(l)!;
      return { op: m[1]!.toUpperCase(), args: m[2]! };
    });
}

const compose = () => parse(read('deploy/docker-compose.yml')) as Compose;

describe('deploy/docker-compose.yml', () => {
  it('runs driftkit (built from the repo root with deploy/Dockerfile), prometheus and grafana', () => {
    const c = compose();
    expect(Object.keys(c.services).sort()).toEqual(['driftkit', 'grafana', 'prometheus']);
    const build = c.services.driftkit!.build!;
    const context = resolve(deploy, build.context);
    expect(context).toBe(resolve(root));
    expect(existsSync(join(context, build.dockerfile))).toBe(true);
    expect(c.services.driftkit!.ports).toContain('8000:8000');
    expect(c.services.prometheus!.ports).toContain('9090:9090');
    expect(c.services.grafana!.ports).toContain('3000:3000');
    expect(c.services.prometheus!.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(c.services.grafana!.image).toMatch(/^grafana\/grafana(-oss)?:\d+\.\d+\.\d+$/);
  });

  it('every bind mount exists on the host (relative to deploy/) and every named volume is declared', () => {
    const c = compose();
    for (const [name, svc] of Object.entries(c.services)) {
      for (const m of mounts(svc)) {
        if (m.type === 'bind') expect(existsSync(resolve(deploy, m.source)), `${name}: ${m.source}`).toBe(true);
        else expect(c.volumes, `${name}: volume ${m.source}`).toHaveProperty(m.source);
      }
    }
  });

  it('driftkit: state volume on /data and the profile read-only at the path the image serves', () => {
    const ms = mounts(compose().services.driftkit!);
    expect(ms.find((m) => m.target === '/data')?.type).toBe('volume');
    const profile = ms.find((m) => m.target === '/data/ref.profile.json')!;
    expect(profile).toMatchObject({ type: 'bind', readOnly: true });
    const json = JSON.parse(readFileSync(resolve(deploy, profile.source), 'utf8')) as { format: string };
    expect(json.format).toBe('driftkit-profile');
  });

  it('prometheus: the config and rules are mounted where the config says, and it scrapes the driftkit service', () => {
    const c = compose();
    const prom = c.services.prometheus!;
    const configPath = prom.command!.find((a) => a.startsWith('--config.file='))!.split('=')[1]!;
    const ms = mounts(prom);
    const byTarget = Object.fromEntries(ms.map((m) => [m.target, m]));
    expect(resolve(deploy, byTarget[configPath]!.source)).toBe(join(deploy, 'prometheus.yml'));
    const config = parse(read('deploy/prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    for (const rf of config.rule_files) {
      const target = posix.isAbsolute(rf) ? rf : posix.join(posix.dirname(configPath), rf);
      expect(byTarget[target], `rule file ${rf} is not mounted`).toBeDefined();
      expect(resolve(deploy, byTarget[target]!.source)).toBe(join(deploy, posix.basename(rf)));
    }
    const storage = prom.command!.find((a) => a.startsWith('--storage.tsdb.path='))!.split('=')[1]!;
    expect(ms.find((m) => m.target === storage)?.type).toBe('volume');
    const [host, port] = config.scrape_configs.find((j) => j.job_name === 'driftkit')!.static_configs[0]!.targets[0]!.split(':');
    expect(c.services).toHaveProperty(host!);
    expect(c.services.driftkit!.ports!.map((p) => p.split(':').at(-1))).toContain(port);
  });

  it('grafana: provisioning mounted, the dashboard where the provider looks, the data source URL is the prometheus service', () => {
    const c = compose();
    const ms = mounts(c.services.grafana!);
    const prov = ms.find((m) => m.target === '/etc/grafana/provisioning')!;
    expect(resolve(deploy, prov.source)).toBe(join(deploy, 'grafana/provisioning'));
    const provider = parse(read('deploy/grafana/provisioning/dashboards/driftkit.yml')) as { apiVersion: number; providers: { type: string; options: { path: string } }[] };
    expect(provider.apiVersion).toBe(1);
    const dash = ms.find((m) => resolve(deploy, m.source) === join(deploy, 'grafana/drift_overview.json'))!;
    expect(dash).toBeDefined();
    expect(posix.dirname(dash.target)).toBe(provider.providers[0]!.options.path);
    const ds = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { apiVersion: number; datasources: { type: string; url: string; access: string }[] };
    expect(ds.apiVersion).toBe(1);
    const url = new URL(ds.datasources[0]!.url);
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', access: 'proxy' });
    expect(c.services).toHaveProperty(url.hostname);
    expect(c.services[url.hostname]!.ports!.map((p) => p.split(':').at(-1))).toContain(url.port);
  });
});

describe('deploy/Dockerfile', () => {
  const cmdOf = (args: string) => JSON.parse(args) as string[];

  it('is multi-stage: npm ci + npm run build in a build stage, a separate runtime stage', () => {
    const ins = dockerfile();
    const froms = ins.filter((i) => i.op === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const runs = ins.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build\b/);
    // The runtime stage copies the build output from the build stage, not from the context.
    expect(ins.some((i) => i.op === 'COPY' && /--from=build\b.*\/app\/dist/.test(i.args))).toBe(true);
  });

  it('runs `node dist/cli/index.js serve ...` on port 8000 as a non-root user, with a HEALTHCHECK on /health', () => {
    const ins = dockerfile();
    const last = (op: string) => ins.filter((i) => i.op === op).at(-1);
    const cmd = cmdOf(last('CMD')!.args);
    expect(cmd.slice(0, 3)).toEqual(['node', 'dist/cli/index.js', 'serve']);
    const flag = (name: string) => cmd[cmd.indexOf(name) + 1];
    expect(flag('--profile')).toBe('/data/ref.profile.json');
    expect(flag('--port')).toBe('8000');
    expect(flag('--data-dir')).toBe('/data');
    expect(flag('--host')).toBe('0.0.0.0'); // the service's default host, 127.0.0.1, is unreachable from outside the container
    expect(last('USER')!.args).not.toMatch(/^(root|0)(:|$)/);
    expect(last('EXPOSE')!.args).toBe('8000');
    const hc = last('HEALTHCHECK')!.args;
    expect(hc).toMatch(/CMD/);
    expect(hc).toContain('http://127.0.0.1:8000/health');
    // The CLI entry point the image runs is in the sources (compiled to dist/cli/index.js).
    expect(existsSync(join(root, 'src/cli/index.ts'))).toBe(true);
  });

  it('copies only context paths that exist and that .dockerignore lets through', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const must of ['.git', '**/node_modules', 'dist', 'build']) expect(ignore).toContain(must);
    const ignored = (p: string) => ignore.some((pat) => {
      const re = new RegExp('^' + pat.replace(/\./g, '\\.').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*') + '(/|$)');
      return re.test(p);
    });
    const sources = dockerfile()
      .filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      expect(existsSync(join(root, s)), `COPY ${s}: missing in the repo`).toBe(true);
      expect(ignored(s), `COPY ${s}: excluded by .dockerignore`).toBe(false);
    }
    // ...and what the build needs besides: the WASM sources and the build scripts the package.json scripts name.
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    for (const f of (pkg.scripts['build:browser'] ?? '').match(/scripts\/[\w.-]+/g) ?? []) {
      expect(sources.some((s) => f === s || f.startsWith(s.replace(/\/?$/, '/'))), `${f} is not copied`).toBe(true);
    }
  });
});
