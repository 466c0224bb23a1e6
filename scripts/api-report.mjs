#!/usr/bin/env node
// The public surface, checked: API Extractor reads the declarations of each package entry and compares its
// report with the one committed under api/. A change to what `driftkit`, `driftkit/scipy`, `driftkit/io` or
// `driftkit/service` exports (names or signatures) fails the check until the reports are regenerated, so the
// change is always a deliberate one, reviewed in the diff of api/*.api.md.
//
//   node scripts/api-report.mjs             check (npm run api:check): exit 1 when a report is stale or an
//                                           exported signature uses a type the entry does not export
//   node scripts/api-report.mjs --update    rewrite api/*.api.md (npm run api:update)
//   --dts <dir>                             read the declarations from <dir> (e.g. dist)
//   --fresh                                 emit fresh declarations from src/ (tsc --incremental, into a cache
//                                           folder under the OS temp dir) and read those
//   --json                                  also print a summary line `API-REPORT-JSON [...]` (test/api.test.ts)
// Without --dts / --fresh: dist/ when every src/**/*.ts has a dist/**/*.d.ts at least as new (npm install and
// npm run build:ts leave it so; ~5 s of CPU), else fresh declarations (~15 s of CPU more the first time, a few
// seconds on later runs thanks to the incremental cache).
//
// Every entry must have zero "forgotten exports" (ae-forgotten-export is an error): a type that appears in a
// public signature but is not exported makes consumers that emit declarations fail with TS2742.
import { Extractor, ExtractorConfig, CompilerState } from '@microsoft/api-extractor';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Report name → declaration file (relative to the declarations folder) and the package specifier it serves. */
export const ENTRIES = [
  { report: 'driftkit', dts: 'node.d.ts', spec: "driftkit (Node: the 'default'/'node' condition)" },
  { report: 'driftkit-browser', dts: 'index.d.ts', spec: "driftkit (the 'browser' condition) and driftkit/browser" },
  { report: 'driftkit-scipy', dts: 'scipy.d.ts', spec: 'driftkit/scipy' },
  { report: 'driftkit-io', dts: 'io/index.d.ts', spec: 'driftkit/io' },
  { report: 'driftkit-service', dts: 'service/index.d.ts', spec: 'driftkit/service' },
];

const args = process.argv.slice(2);
const update = args.includes('--update');
const dtsArg = args.includes('--dts') ? args[args.indexOf('--dts') + 1] : undefined;

/** dist/ holds declarations at least as new as every source file (so they describe the working tree). */
function distIsFresh() {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
  for (const src of walk(join(root, 'src'))) {
    if (!src.endsWith('.ts') || src.endsWith('.d.ts')) continue;
    const dts = join(root, 'dist', src.slice(join(root, 'src').length).replace(/\.ts$/, '.d.ts'));
    if (!existsSync(dts) || statSync(dts).mtimeMs < statSync(src).mtimeMs) return false;
  }
  return true;
}

const scratch = mkdtempSync(join(tmpdir(), 'driftkit-api-'));
let failed = false;
const summary = [];
try {
  const useDist = !dtsArg && !args.includes('--fresh') && distIsFresh();
  // fresh declarations go to an incremental cache, so a re-run after an edit re-emits only what the edit affects
  // (not under node_modules/: API Extractor takes anything there for another package's declarations)
  const cache = join(tmpdir(), `driftkit-api-${createHash('sha1').update(root).digest('hex').slice(0, 12)}`);
  const dts = dtsArg ? join(process.cwd(), dtsArg) : useDist ? join(root, 'dist') : join(cache, 'dts');
  console.log(`declarations: ${dtsArg ? dts : useDist ? 'dist/ (up to date with src/)' : 'emitted from src/ (dist/ is older than src/, or --fresh)'}`);
  if (!dtsArg && !useDist) {
    // declarations only, straight from src/ (dist/ may be older than the working tree); a build info without
    // its outputs would make tsc emit nothing
    if (ENTRIES.some((e) => !existsSync(join(dts, e.dts)))) rmSync(cache, { recursive: true, force: true });
    const tsc = spawnSync(process.execPath, [
      require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--emitDeclarationOnly', '--declaration',
      '--sourceMap', 'false', '--declarationMap', 'false', '--outDir', dts,
      '--incremental', '--tsBuildInfoFile', join(cache, 'tsbuildinfo'),
    ], { cwd: root, encoding: 'utf8' });
    // type errors are the typecheck's to report; the declarations are emitted regardless and checked here
    if (tsc.status !== 0) console.log(`tsc reported errors (npm run typecheck shows them); checking the declarations it emitted:\n${tsc.stdout.split('\n').slice(0, 10).join('\n')}`);
  }
  const configs = ENTRIES.map((e) => {
    const entry = join(dts, e.dts);
    if (!existsSync(entry)) throw new Error(`${entry} is missing (entry ${e.spec})`);
    return {
      entry: e,
      config: ExtractorConfig.prepare({
        configObjectFullPath: join(root, 'scripts', 'api-extractor.json'), // nominal: the config lives here, in code
        packageJsonFullPath: join(root, 'package.json'),
        configObject: {
          projectFolder: root,
          mainEntryPointFilePath: entry,
          compiler: {
            overrideTsconfig: {
              compilerOptions: {
                target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'],
                types: ['node'], strict: true, skipLibCheck: true, esModuleInterop: true,
              },
              files: [entry],
            },
          },
          apiReport: {
            enabled: true, reportFileName: e.report, reportFolder: join(root, 'api'), reportTempFolder: join(scratch, 'api'),
            includeForgottenExports: false,
          },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          newlineKind: 'lf',
          messages: {
            compilerMessageReporting: { default: { logLevel: 'warning' } },
            extractorMessageReporting: {
              default: { logLevel: 'warning', addToApiReportFile: false },
              'ae-forgotten-export': { logLevel: 'error', addToApiReportFile: false },
              'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
              'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
              'ae-internal-missing-underscore': { logLevel: 'none', addToApiReportFile: false },
              'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
              // a dependency's own declarations importing its package.json (piscina): not ours to fix
              'ae-wrong-input-file-type': { logLevel: 'none', addToApiReportFile: false },
            },
            // the comments are JSDoc for editors, not TSDoc: no TSDoc lint here
            tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
          },
        },
      }),
    };
  });
  if (update) mkdirSync(join(root, 'api'), { recursive: true });
  // one TypeScript program for every entry (the analysis is the slow part)
  const compilerState = CompilerState.create(configs[0].config, { additionalEntryPoints: configs.map((c) => c.config.mainEntryPointFilePath) });
  for (const { entry, config } of configs) {
    const messages = [];
    const forgotten = [];
    const result = Extractor.invoke(config, {
      localBuild: update, compilerState, showVerboseMessages: false,
      messageCallback: (m) => {
        m.handled = true;
        if (m.logLevel === 'none' || m.logLevel === 'verbose' || m.logLevel === 'info') return;
        if (/^console-api-report-(created|copied|not-copied)$/.test(m.messageId)) return; // said below
        if (m.messageId === 'ae-forgotten-export') forgotten.push(/"([^"]+)"/.exec(m.text)?.[1] ?? m.text);
        const where = m.sourceFilePath ? `${m.sourceFilePath.replace(dts + '/', '')}:${m.sourceFileLine ?? ''} ` : '';
        messages.push(`  ${m.logLevel} ${m.messageId}: ${where}${m.text}`);
      },
    });
    const stale = !update && result.apiReportChanged;
    const ok = result.succeeded && !stale && result.errorCount === 0;
    if (!ok) failed = true;
    const state = (update ? (result.apiReportChanged ? 'updated' : 'unchanged') : stale ? 'CHANGED' : 'matches')
      + (result.errorCount ? `, ${result.errorCount} error(s)` : '');
    console.log(`${ok ? '✓' : '✗'} api/${entry.report}.api.md  ${entry.spec}: ${state}`);
    for (const m of messages) console.log(m);
    let diff = '';
    if (stale) {
      const fresh = join(scratch, 'api', `${entry.report}.api.md`);
      const committed = join(root, 'api', `${entry.report}.api.md`);
      console.log(`  the surface of ${entry.spec} differs from api/${entry.report}.api.md; if that is intended, run \`npm run api:update\` and commit the report`);
      if (existsSync(committed)) {
        try {
          execFileSync('git', ['diff', '--no-index', '--no-color', '-U1', committed, fresh], { encoding: 'utf8' });
        } catch (e) {
          diff = String(e.stdout ?? '').split('\n').slice(4, 64).join('\n'); // git exits 1 when the files differ
        }
        if (diff) console.log(diff.replace(/^/gm, '  '));
      } else {
        console.log('  (no committed report)');
      }
    }
    summary.push({ report: `api/${entry.report}.api.md`, entry: entry.spec, ok, changed: stale, errors: result.errorCount, forgotten, diff });
  }
  if (args.includes('--json')) console.log(`API-REPORT-JSON ${JSON.stringify(summary)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true }); // the diff of a changed report is printed above
}
process.exit(failed ? 1 : 0);
