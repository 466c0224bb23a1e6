// The package as the registry gets it, from `npm pack --dry-run --json --ignore-scripts` (the file list `npm
// publish` would upload; no build, no tarball written): a LICENSE, the metadata a registry page shows, no
// sources or fixtures, source maps that resolve, README links that work away from the repository, and —
// the precise one — nothing shipped that nothing loads: an import graph walked from the entry points in
// "exports" and "bin" must reach every shipped file (type declarations exempt). Also: apache-arrow, an
// optional peer, is loaded only when an Arrow file is read. Needs the build (`npm run build`), like
// test/package.test.ts.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface PackFile { path: string; size: number }
let packed: { files: PackFile[]; size: number; unpackedSize: number; entryCount: number } | undefined;
/** What `npm publish` would upload (computed once; a few seconds). */
function pack() {
  packed ??= JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' },
  }))[0];
  return packed!;
}
const shipped = () => new Set(pack().files.map((f) => f.path));

/** Package-root-relative POSIX path of `rel` resolved against the folder of the package file `from`. */
const resolveIn = (from: string, rel: string) => posix.normalize(posix.join(posix.dirname(from), rel));

describe('package hygiene: what npm publish uploads', () => {
  it('is built (the file list comes from dist/ and build/)', () => {
    for (const f of ['dist/node.js', 'dist/index.js', 'build/driftkit.simd.wasm']) {
      expect(existsSync(join(root, f)), `${f} missing: run npm run build`).toBe(true);
    }
  });

  it('ships a LICENSE matching package.json "license"', () => {
    expect(shipped().has('LICENSE')).toBe(true);
    expect(pkg.license).toBe('MIT');
    const text = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^MIT License/);
    expect(text).toMatch(/Copyright \(c\) \d{4} \S/);
  });

  it('ships no sources, tests, fixtures, WebAssembly text or declaration maps', () => {
    const bad = [...shipped()].filter((f) =>
      /^(src|test|bench|assembly|scripts|examples|deploy|docs)\//.test(f)
      || /(^|\/)(fixtures|__tests__)\//.test(f)
      || /\.(test|spec|bench)\.[cm]?[jt]s$/.test(f)
      || (/\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f))
      || /\.(wat|d\.ts\.map|tsbuildinfo)$/.test(f));
    expect(bad).toEqual([]);
  });

  it('every shipped source map resolves: each source is shipped or embedded (sourcesContent)', () => {
    const files = shipped();
    const dangling: string[] = [];
    for (const f of [...files].filter((x) => x.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(root, f), 'utf8')) as { sources: string[]; sourceRoot?: string; sourcesContent?: (string | null)[] };
      map.sources.forEach((s, i) => {
        if (typeof map.sourcesContent?.[i] === 'string') return;
        const target = resolveIn(f, posix.join(map.sourceRoot ?? '', s));
        if (!files.has(target)) dangling.push(`${f}: ${s}`);
      });
    }
    expect(dangling, 'maps whose sources are neither shipped nor embedded').toEqual([]);
    // and every sourceMappingURL comment in shipped JS names a shipped map
    const missing: string[] = [];
    for (const f of [...files].filter((x) => /\.[cm]?js$/.test(x))) {
      const m = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(root, f), 'utf8'));
      if (m && !m[1].startsWith('data:') && !files.has(resolveIn(f, m[1]))) missing.push(`${f} -> ${m[1]}`);
    }
    expect(missing, 'sourceMappingURL comments naming maps that do not ship').toEqual([]);
  });

  it('package.json carries what the registry page and installers read', () => {
    expect(pkg.repository?.url ?? pkg.repository).toMatch(/^git\+https:\/\/|^https:\/\/|^github:/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url ?? pkg.bugs).toMatch(/^https:\/\//);
    expect(Array.isArray(pkg.keywords) && pkg.keywords.length >= 5).toBe(true);
    expect(pkg.engines?.node).toBe('>=20.19');
    // sideEffects: a list of globs, each of which names a shipped file (a stale entry keeps nothing)
    expect(Array.isArray(pkg.sideEffects)).toBe(true);
    const files = [...shipped()];
    for (const glob of pkg.sideEffects as string[]) {
      expect(files.some((f) => globMatch(glob, f)), `sideEffects entry ${glob} matches no shipped file`).toBe(true);
    }
  });

  it('sideEffects lists every shipped module that imports for effect, and the entry scripts', () => {
    // A module that imports another only for its effect (`import './engine/load-node.js'`) must itself be
    // listed: otherwise bundlers (webpack's re-export skipping, esbuild, Rollup) may bypass it and drop the
    // effect. Entry scripts (CLI, worker) and the loader itself are listed by name below.
    const files = [...shipped()].filter((f) => f.endsWith('.js'));
    const withEffectImport = files.filter((f) => /^import\s*['"][^'"]+['"];?\s*$/m.test(readFileSync(join(root, f), 'utf8')));
    const listed = (f: string) => (pkg.sideEffects as string[]).some((g) => globMatch(g, f));
    expect(withEffectImport.filter((f) => !listed(f)), 'modules importing for effect, not in sideEffects').toEqual([]);
    const entryScripts = [...Object.values(binOf()), 'dist/engine/load-node.js', 'dist/parallel/worker.js'];
    expect(entryScripts.filter((f) => files.includes(f) && !listed(f)), 'entry scripts not in sideEffects').toEqual([]);
  });

  it('the README has no relative links (they break on the registry page, which has no docs/ or deploy/)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
    const targets = [
      ...[...readme.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]), // [text](target)
      // [ref]: target "title" (the whole line; "[0, 1]: rescale …" inside a paragraph is text)
      ...[...readme.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?\s*(?:"[^"]*"|'[^']*'|\([^)]*\))?\s*$/gm)].map((m) => m[1]),
      ...[...readme.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]), // HTML
    ];
    const relative = targets.filter((t) => !/^(https?:|mailto:|#)/.test(t));
    expect(relative).toEqual([]);
  });

  it('nothing ships that nothing loads: every shipped file is reached from an "exports" / "bin" entry', async () => {
    const files = shipped();
    const { reached, unresolved, loadedNotShipped } = await walkPackage(files);
    expect(unresolved, 'new URL(`…${x}…`, import.meta.url) with no shipped file to match').toEqual([]);
    expect(loadedNotShipped, 'files the entry points load that are not in the tarball').toEqual([]);
    const always = new Set(['package.json', 'README.md', 'LICENSE']);
    // exempt: declarations, and the empty JS tsc emits for a types-only module (`export {};`, nothing to load)
    const typesOnly = (f: string) => /\.js$/.test(f) && stripComments(readFileSync(join(root, f), 'utf8')).trim() === 'export {};';
    const unused = [...files].filter((f) => !reached.has(f) && !always.has(f) && !/\.d\.[cm]?ts$/.test(f) && !typesOnly(f)).sort();
    expect(unused, 'shipped, but no entry point loads them').toEqual([]);
    // declarations come with their module: a .d.ts whose .js does not ship describes nothing users can import
    const orphanTypes = [...files].filter((f) => /^dist\/.*\.d\.ts$/.test(f) && !files.has(f.replace(/\.d\.ts$/, '.js')));
    expect(orphanTypes).toEqual([]);
  });

  it('sideEffects lets a bundler tree-shake: one function bundles far smaller than the whole face', async () => {
    // "sideEffects" concerns the unbundled modules (dist/index.js, what driftkit's Node entry re-exports and a
    // bundler reaches through a deep import); ignoreAnnotations makes esbuild ignore it, the bundle a package
    // without the field gets (measured: psi alone 17 KiB with it, 51 KiB without, everything 322 KiB). Through
    // the exports map a bundler gets the browser condition, the prebuilt bundle with the WASM inlined: psi alone
    // is then ~51 KiB of ~630 (the inlined WASM, ~85 KiB of base64 for both builds, is in the engine chunk).
    const size = async (code: string, ignoreAnnotations = false) => (await build({
      stdin: { contents: code, resolveDir: root, sourcefile: 'consumer.js' }, bundle: true, write: false, format: 'esm',
      platform: 'browser', minify: true, logLevel: 'silent', absWorkingDir: root, ignoreAnnotations,
    })).outputFiles[0].contents.length;
    const one = await size("import { psi } from './dist/index.js'; console.log(psi);");
    const all = await size("import * as d from './dist/index.js'; console.log(d);");
    const oneWithoutField = await size("import { psi } from './dist/index.js'; console.log(psi);", true);
    expect(one).toBeLessThan(all / 10);
    expect(one).toBeLessThan(oneWithoutField / 2);
    const bundled = await size("import { psi } from 'driftkit'; console.log(psi);");
    const bundledAll = await size("import * as d from 'driftkit'; console.log(d);");
    expect(bundled).toBeLessThan(bundledAll / 3);
  });
});

describe('optional peers: apache-arrow loads only when an Arrow file is read', () => {
  // A resolve hook (module.register) that resolves apache-arrow from an empty folder, so Node itself throws
  // its real "Cannot find package 'apache-arrow'" (as on a machine without it), and logs each attempt.
  const run = (script: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'driftkit-noarrow-'));
    try {
      const log = join(dir, 'arrow-resolutions.log');
      const hooks = `import { appendFileSync } from 'node:fs';
        export async function resolve(spec, ctx, next) {
          if (spec === 'apache-arrow' || spec.startsWith('apache-arrow/')) {
            appendFileSync(${JSON.stringify(log)}, spec + ' from ' + ctx.parentURL + '\\n');
            return next(spec, { ...ctx, parentURL: ${JSON.stringify(pathToFileURL(join(dir, 'nowhere.js')).href)} });
          }
          return next(spec, ctx);
        }`;
      const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
      const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script], {
        cwd: root, encoding: 'utf8', timeout: 60_000,
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr, resolutions: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const fixture = (f: string) => join(root, 'test/fixtures/io', f);

  it("import 'driftkit', driftkit/scipy, driftkit/service, driftkit/io and reading CSV / JSONL / Parquet never resolve apache-arrow", () => {
    const r = run(`
      await import('driftkit');
      await import('driftkit/scipy');
      await import('driftkit/service');
      const { openTable } = await import('driftkit/io');
      for (const f of ${JSON.stringify(['table.csv', 'table.jsonl', 'table.parquet'].map(fixture))}) {
        const t = await openTable(f);
        let rows = 0;
        for await (const c of t.chunks()) rows += c.rows;
        await t.close();
        console.log(f, rows);
      }
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    expect(r.resolutions).toEqual([]);
  });

  it('the CLI compares CSV and Parquet files without apache-arrow', () => {
    const cli = join(root, pkg.bin.driftkit);
    for (const f of ['table.csv', 'table.parquet']) {
      const r = run(`process.argv = [process.argv[0], ${JSON.stringify(cli)}, 'compare', ${JSON.stringify(fixture(f))}, ${JSON.stringify(fixture(f))}, '--format', 'json'];
        await import(${JSON.stringify(pathToFileURL(cli).href)});`);
      expect(r.stderr, f).toBe('');
      expect(r.status, f).toBe(0);
      expect(JSON.parse(r.stdout).features, f).toBeTypeOf('object');
      expect(r.resolutions, f).toEqual([]);
    }
  });

  it('reading an Arrow file without apache-arrow fails with the package to install', () => {
    const r = run(`
      const { openTable } = await import('driftkit/io');
      try { await openTable(${JSON.stringify(fixture('table.arrow'))}); console.log('opened'); }
      catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }
    `);
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.name).toBe('DriftkitError');
    expect(e.message).toContain('table.arrow');
    expect(e.message).toContain('apache-arrow');
    expect(e.message).toContain('npm install apache-arrow');
    expect(r.resolutions).toHaveLength(1); // the hook saw the one attempt: it is the lazy import that failed
  });
});

// ---------------------------------------------------------------------------------------------------------
// The import graph of the tarball.

/** bin as a name → path map, paths package-relative without "./". */
function binOf(): Record<string, string> {
  const bin = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  return Object.fromEntries(Object.entries(bin as Record<string, string>).map(([k, v]) => [k, posix.normalize(v)]));
}

/**
 * The entry points: every concrete target of "exports" (all conditions; "types" targets are declarations,
 * exempt like all .d.ts), "main", and "bin". Subpath patterns ("./wasm/*": "./build/*") are not entries: they
 * make files importable but load none, so counting them would pass any file they match.
 */
function entries(): string[] {
  const out = new Set<string>();
  const visit = (x: unknown) => {
    if (typeof x === 'string') { if (!x.includes('*')) out.add(posix.normalize(x)); }
    else if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') for (const v of Object.values(x)) visit(v);
  };
  visit(pkg.exports);
  if (pkg.main) out.add(posix.normalize(pkg.main));
  for (const v of Object.values(binOf())) out.add(v);
  return [...out].filter((f) => !/\.d\.[cm]?ts$/.test(f));
}

/**
 * Walk from the entries. JS modules: esbuild resolves the static and dynamic import() graph (bare packages
 * external) and lists every module it reached. In each reached module, `new URL('…', import.meta.url)` names
 * a file loaded at run time (WASM, the page, a worker: a .js target is walked as a further entry); a template
 * `new URL(`pre${x}post`, import.meta.url)` counts the shipped files pre + L + post for the string literals L
 * of the same module (the builds a ternary or helper picks between), and fails the test when none ships.
 * A reached JS file's sourceMappingURL reaches its map.
 */
async function walkPackage(files: Set<string>) {
  const reached = new Set<string>();
  const unresolved: string[] = [];
  const loadedNotShipped = new Set<string>();
  const queue = entries();
  const walked = new Set<string>();
  while (queue.length) {
    const entry = queue.shift()!;
    if (walked.has(entry)) continue;
    walked.add(entry);
    reached.add(entry);
    if (!/\.[cm]?js$/.test(entry)) { if (!files.has(entry)) loadedNotShipped.add(entry); continue; }
    const result = await build({
      entryPoints: [join(root, entry)], absWorkingDir: root, bundle: true, write: false, metafile: true,
      format: 'esm', platform: 'node', packages: 'external', logLevel: 'silent', outdir: join(tmpdir(), 'driftkit-walk'),
    });
    for (const input of Object.keys(result.metafile!.inputs)) {
      const file = posix.normalize(input.replace(/\\/g, '/'));
      reached.add(file);
      if (!files.has(file)) loadedNotShipped.add(file);
      const code = readFileSync(join(root, file), 'utf8');
      const map = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code);
      if (map && !map[1].startsWith('data:')) reached.add(resolveIn(file, map[1]));
      for (const target of urlTargets(file, code, files, unresolved)) {
        if (/\.[cm]?js$/.test(target)) queue.push(target);
        else { reached.add(target); if (!files.has(target)) loadedNotShipped.add(target); }
      }
    }
  }
  return { reached, unresolved, loadedNotShipped: [...loadedNotShipped].sort() };
}

function urlTargets(file: string, code: string, files: Set<string>, unresolved: string[]): string[] {
  const out: string[] = [];
  const literals = [...code.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"/g)].map((m) => m[1] ?? m[2]);
  for (const m of code.matchAll(/new URL\(\s*(?:'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`)\s*,\s*import\.meta\.url\s*\)/g)) {
    const plain = m[1] ?? m[2] ?? (m[3] !== undefined && !m[3].includes('${') ? m[3] : undefined);
    if (plain !== undefined) { out.push(resolveIn(file, plain)); continue; }
    const parts = m[3]!.split(/\$\{[^}]*\}/);
    if (parts.length !== 2) { unresolved.push(`${file}: ${m[0]}`); continue; }
    const matches = literals.map((l) => resolveIn(file, parts[0] + l + parts[1])).filter((f) => files.has(f));
    if (matches.length === 0) unresolved.push(`${file}: ${m[0]}`);
    out.push(...matches);
  }
  return out;
}

/** package.json "sideEffects" glob semantics (webpack / esbuild): "./x" from the package root, a bare name anywhere. */
function globMatch(glob: string, file: string): boolean {
  const g = glob.startsWith('./') ? glob.slice(2) : glob.includes('/') ? glob : `**/${glob}`;
  const re = g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '(?:.*/)?');
  return new RegExp(`^${re}$`).test(file);
}

const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
