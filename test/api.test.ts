// The public surface: the entries resolve through package.json "exports" (Node's self-reference, and
// TypeScript's resolution per condition), the SciPy mirrors left in the root are the same functions and carry
// @deprecated, and the API reports under api/ match the declarations (scripts/api-report.mjs, as `npm run
// api:check`). Needs the build (`npm install` does it through `prepare`).
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { CategoricalBins, FeatureDrift, NumericBins } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

/** The names and functions of the moved SciPy mirrors (SciPy name → root alias: the same, by design). */
const SCIPY_FUNCTIONS = [
  'ks2samp', 'wassersteinDistance', 'energyDistance', 'cramervonmises2samp', 'andersonKsamp', 'mannwhitneyu', 'chisquare',
  'powerDivergence', 'chi2Contingency', 'expectedFreq', 'entropy', 'jensenshannon', 'relEntr', 'klDiv', 'entr',
];

function node(script: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('package entries', () => {
  it("driftkit/scipy and driftkit/io resolve through package.json exports with their functions", () => {
    const r = node(`
      const scipy = await import('driftkit/scipy');
      const io = await import('driftkit/io');
      const kinds = (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v]));
      const d = scipy.ks2samp([1, 2, 3, 4], [3, 4, 5, 6, 7]).statistic;
      console.log(JSON.stringify({ scipy: kinds(scipy), io: kinds(io), d }));
    `) as { scipy: Record<string, string>; io: Record<string, string>; d: number };
    for (const f of SCIPY_FUNCTIONS) expect(r.scipy[f], `driftkit/scipy ${f}`).toBe('function');
    expect(r.d).toBe(0.6); // scipy.stats.ks_2samp([1,2,3,4],[3,4,5,6,7]).statistic
    // drift-domain scores stay in the root only
    for (const f of ['psi', 'klDivergence', 'compare', 'profile']) expect(r.scipy[f], `driftkit/scipy ${f}`).toBeUndefined();
    for (const f of ['openTable', 'formatOf', 'createProgress', 'progressLine', 'textNumber', 'textBoolean', 'TableReadError']) {
      expect(r.io[f], `driftkit/io ${f}`).toBe('function');
    }
  });

  it('the root\'s deprecated SciPy names are the functions driftkit/scipy exports', () => {
    const r = node(`
      const rootM = await import('driftkit');
      const scipy = await import('driftkit/scipy');
      // the browser condition's bundles: driftkit.js and scipy.js share one chunk (one engine, one init())
      const rootB = await import('./dist/browser/driftkit.js');
      const scipyB = await import('./dist/browser/scipy.js');
      const differ = (a, b) => ${JSON.stringify(SCIPY_FUNCTIONS)}.filter((f) => typeof b[f] !== 'function' || a[f] !== b[f]);
      console.log(JSON.stringify({ node: differ(rootM, scipy), browser: differ(rootB, scipyB) }));
    `);
    expect(r).toEqual({ node: [], browser: [] });
  });

  it('driftkit/io imports apache-arrow (an optional peer) only lazily; driftkit/scipy imports no Node built-ins', () => {
    // the static import graph of a built entry: every bare or node: specifier it reaches, with the importing file
    const bare = (entry: string) => node(`
      import { readFileSync } from 'node:fs';
      const seen = new Set(); const out = [];
      const walk = (file) => {
        if (seen.has(file)) return; seen.add(file);
        const src = readFileSync(file, 'utf8');
        for (const m of src.matchAll(/^\\s*(?:import|export)\\s[^'"]*?from\\s*['"]([^'"]+)['"]|^\\s*import\\s*['"]([^'"]+)['"]/gm)) {
          const spec = m[1] ?? m[2];
          if (spec.startsWith('.')) walk(new URL(spec, 'file://' + file).pathname);
          else out.push(spec + ' <- ' + file.slice(${root.length}));
        }
      };
      walk(${JSON.stringify(root + entry)});
      console.log(JSON.stringify(out));
    `) as string[];
    const io = bare('dist/io/index.js');
    expect(io.filter((s) => s.startsWith('apache-arrow '))).toEqual([]);
    expect(io.some((s) => s.startsWith('csv-parse/sync '))).toBe(true); // the walk sees the readers' imports
    expect(bare('dist/scipy.js')).toEqual([]);
  });

  it('TypeScript resolves each entry to its declarations, per condition (the browser condition gets the browser face)', () => {
    const resolve = (spec: string, conditions: string[] = []) => {
      const options: ts.CompilerOptions = {
        module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, customConditions: conditions,
      };
      const r = ts.resolveModuleName(spec, `${root}test/consumer.ts`, options, ts.sys);
      return r.resolvedModule?.resolvedFileName.slice(root.length);
    };
    expect(resolve('driftkit')).toBe('dist/node.d.ts');
    expect(resolve('driftkit', ['browser'])).toBe('dist/index.d.ts');
    expect(resolve('driftkit/scipy')).toBe('dist/scipy.d.ts');
    expect(resolve('driftkit/scipy', ['browser'])).toBe('dist/scipy.d.ts');
    expect(resolve('driftkit/scipy', ['node'])).toBe('dist/scipy-node.d.ts');
    expect(resolve('driftkit/io')).toBe('dist/io/index.d.ts');
    expect(resolve('driftkit/service')).toBe('dist/service/index.d.ts');
    expect(resolve('driftkit/browser')).toBe('dist/index.d.ts');
    // browsers get the esbuild bundles (WASM inlined; driftkit.js and scipy.js share one engine chunk, so one init() serves both)
    expect(pkg.exports['.'].browser).toEqual({ types: './dist/index.d.ts', default: './dist/browser/driftkit.js' });
    expect(pkg.exports['./scipy'].browser).toEqual({ types: './dist/scipy.d.ts', default: './dist/browser/scipy.js' });
    expect(pkg.exports['./browser']).toEqual({ types: './dist/index.d.ts', default: './dist/browser/driftkit.js' });
  });

  it("every SciPy name the root still exports carries @deprecated pointing at 'driftkit/scipy'", () => {
    const file = `${root}src/index.ts`;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const scipy = ts.createSourceFile('scipy.ts', readFileSync(`${root}src/scipy.ts`, 'utf8'), ts.ScriptTarget.ES2022, true);
    const names = (s: ts.SourceFile, from?: string) => s.statements.flatMap((st) =>
      ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)
        && (from === undefined || (st.moduleSpecifier as ts.StringLiteral | undefined)?.text === from)
        ? st.exportClause.elements.map((e) => ({ name: e.name.text, deprecated: ts.getJSDocDeprecatedTag(e)?.comment }))
        : []);
    const fromScipy = names(sf, './scipy.js');
    for (const f of SCIPY_FUNCTIONS) expect(fromScipy.map((e) => e.name)).toContain(f);
    for (const e of fromScipy) expect(String(e.deprecated), e.name).toMatch(/import from 'driftkit\/scipy'; removed in 0\.3/);
    // nothing else in the root is a SciPy mirror: the root's names from other modules are not scipy.ts's
    const scipyNames = new Set(names(scipy).map((e) => e.name));
    const other = names(sf).filter((e) => !fromScipy.some((x) => x.name === e.name) && scipyNames.has(e.name)).map((e) => e.name);
    expect(other.sort()).toEqual(['Backend', 'DriftkitError', 'NanPolicy', 'NumericInput']);
  });

  it("driftkit/service's deprecated parsing helpers carry @deprecated on their re-export (the report does not show it)", () => {
    const file = `${root}src/service/index.ts`;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const fromRecords = sf.statements.flatMap((st) =>
      ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause) && (st.moduleSpecifier as ts.StringLiteral | undefined)?.text === './records.js'
        ? st.exportClause.elements.map((e) => ({ name: e.name.text, deprecated: ts.getJSDocDeprecatedTag(e)?.comment }))
        : []);
    const deprecated = fromRecords.filter((e) => e.name !== 'Reason');
    expect(deprecated.map((e) => e.name).sort()).toEqual(['BadRequest', 'ParseOptions', 'ParsedBatch', 'RecordShape', 'parseMonitorBody', 'recordShape']);
    for (const e of deprecated) expect(String(e.deprecated), e.name).toMatch(/will be removed in 0\.3/);
  });
});

// One run of scripts/api-report.mjs for every entry (a TypeScript program over dist/'s declarations when they are
// as new as src/, else over declarations emitted from src/ first), then one verdict per entry.
describe('API reports (npm run api:check)', () => {
  type EntryResult = { report: string; entry: string; ok: boolean; changed: boolean; errors: number; forgotten: string[]; diff: string };
  let run: { results: EntryResult[]; output: string } | undefined;
  beforeAll(() => {
    const r = spawnSync(process.execPath, [`${root}scripts/api-report.mjs`, '--json'], { cwd: root, encoding: 'utf8' });
    const line = r.stdout.split('\n').find((l) => l.startsWith('API-REPORT-JSON '));
    run = { results: line ? JSON.parse(line.slice('API-REPORT-JSON '.length)) : [], output: `${r.stdout}\n${r.stderr}` };
  }, 180_000);

  for (const report of ['driftkit', 'driftkit-browser', 'driftkit-scipy', 'driftkit-io', 'driftkit-service']) {
    it(`api/${report}.api.md matches the declarations, and the entry exports every type its signatures use`, () => {
      const r = run!.results.find((x) => x.report === `api/${report}.api.md`);
      expect(r, run!.output).toBeDefined();
      expect(r!.forgotten, 'types used in public signatures but not exported by this entry (export them from it)').toEqual([]);
      expect(r!.changed, `the surface changed: run \`npm run api:update\` if intended, and commit the report\n${r!.diff}`).toBe(false);
      expect(r!.ok, run!.output).toBe(true);
    });
  }
});

describe('FeatureDrift (checked by tsc -p tsconfig.test.json)', () => {
  it('narrows on status and method: a measured KS or chi-square result has a number pValue, every measured one its bins', () => {
    const narrow = (f: FeatureDrift) => {
      if (f.status === 'ok' && f.method === 'ks') {
        expectTypeOf(f.pValue).toEqualTypeOf<number>();
        expectTypeOf(f.kind).toEqualTypeOf<'numeric'>();
        expectTypeOf(f.bins).toEqualTypeOf<NumericBins>();
        expectTypeOf(f.scores.ks).toEqualTypeOf<number>();
      }
      if (f.status === 'ok' && f.method === 'chisquare') {
        expectTypeOf(f.pValue).toEqualTypeOf<number>();
        expectTypeOf(f.newCategories).toEqualTypeOf<string[]>();
        expectTypeOf(f.bins).toEqualTypeOf<CategoricalBins>();
      }
      if (f.status === 'ok' && f.method === 'psi') {
        expectTypeOf(f.pValue).toEqualTypeOf<undefined>();
        expectTypeOf(f.bins).toEqualTypeOf<NumericBins | CategoricalBins>();
        if (f.kind === 'numeric') expectTypeOf(f.bins.edges).toEqualTypeOf<number[]>();
      }
      if (f.status !== 'ok') {
        expectTypeOf(f.pValue).toEqualTypeOf<undefined>();
        expectTypeOf(f.bins).toEqualTypeOf<undefined>();
      }
      // the fields every member has read as before
      expectTypeOf(f.pValue).toEqualTypeOf<number | undefined>();
      expectTypeOf(f.scores.psi).toEqualTypeOf<number | undefined>();
      expectTypeOf(f.newCategoryShare).toEqualTypeOf<number | undefined>();
    };
    expect(typeof narrow).toBe('function');
  });
});

describe('package.json entries', () => {
  it('lists the four entries (plus the prebuilt browser bundle and the WASM files)', () => {
    expect(Object.keys(pkg.exports)).toEqual(['.', './scipy', './io', './browser', './service', './wasm/*', './package.json']);
  });
});
