// driftkit's types as a TypeScript consumer gets them from the packed tarball (test/consumer/harness.ts): the
// consumer in fixtures/ts exports values whose types are inferred from driftkit's results (histogramDetailed,
// psi, compare's report and its per-feature results, profile, a monitor and its windows, a detector), and
// `tsc --declaration` must emit their .d.ts naming everything through 'driftkit' (no
// TS2742 "cannot be named without a reference to …/node_modules/driftkit/dist/…", no TS4023), under
// moduleResolution nodenext (an .mts and a CommonJS .cts consumer; skipLibCheck off, as tsc defaults, so driftkit's
// own .d.ts must check with no optional peer installed) and bundler. The TypeScript is the repo's
// (node_modules/typescript); @types/node comes from the repo too (typeRoots), the consumer installs only driftkit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWith } from '../helpers/system.js';
import { consumer, FIXTURES, installNeeds, requireFreshBuild, ROOT, runAsync, workDir, type Consumer } from './harness.js';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

interface TscRun {
  code: number | null;
  output: string;
  /** Error lines by source file (the consumer's own files; driftkit's .d.ts under node_modules too). */
  errors: Record<string, string[]>;
  declarations: Record<string, string>;
}

async function tsc(work: string, config: object): Promise<TscRun> {
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const r = await runAsync(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], work, 180_000);
  const output = `${r.stdout}${r.stderr}`;
  const errors: Record<string, string[]> = {};
  for (const line of output.split('\n')) {
    const m = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (m) (errors[m[1]!] ??= []).push(line);
    else if (/error TS\d+/.test(line)) (errors['(global)'] ??= []).push(line);
  }
  const out = join(work, 'out');
  const declarations: Record<string, string> = {};
  if (existsSync(out)) for (const f of readdirSync(out)) if (/\.d\.[cm]?ts$/.test(f)) declarations[f] = readFileSync(join(out, f), 'utf8');
  return { code: r.status, output, errors, declarations };
}

const base = {
  target: 'es2022',
  lib: ['es2022', 'dom'],
  strict: true,
  declaration: true,
  outDir: 'out',
  types: ['node'],
  typeRoots: [join(ROOT, 'node_modules/@types')],
};

describeWith(installNeeds('lib'), 'TypeScript consumer of the packed driftkit (tsc --declaration)', () => {
  const state: { c?: Consumer; nodenext?: TscRun; bundler?: TscRun; work: string[]; error?: unknown } = { work: [] };
  beforeAll(async () => {
    try {
      await requireFreshBuild();
      state.c = await consumer('lib');
      console.log(`consumer lib: ${state.c.cached ? 'cached' : `packed and installed in ${state.c.ms} ms`} (${state.c.dir})`);
      const t0 = performance.now();
      const nodenext = workDir(state.c, 'ts-nodenext');
      const bundler = workDir(state.c, 'ts-bundler');
      state.work.push(nodenext, bundler);
      for (const f of ['consumer.mts', 'narrowing.mts', 'consumer.cts']) copyFileSync(join(FIXTURES, 'ts', f), join(nodenext, f));
      for (const f of ['consumer', 'narrowing']) copyFileSync(join(FIXTURES, 'ts', `${f}.mts`), join(bundler, `${f}.ts`));
      // nodenext with tsc's default skipLibCheck false: driftkit's own .d.ts are checked too, with only driftkit
      // installed (no optional peer's types); that checks all of @types/node as well (~7 s of CPU), so the
      // bundler run skips the library check.
      [state.nodenext, state.bundler] = await Promise.all([
        tsc(nodenext, { compilerOptions: { ...base, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['consumer.mts', 'consumer.cts', 'narrowing.mts'] }),
        tsc(bundler, { compilerOptions: { ...base, skipLibCheck: true, module: 'preserve', moduleResolution: 'bundler' }, files: ['consumer.ts', 'narrowing.ts'] }),
      ]);
      console.log(`tsc nodenext + bundler (in parallel): ${Math.round(performance.now() - t0)} ms`);
    } catch (e) {
      state.error = e;
    }
  }, 300_000);
  afterAll(() => { for (const w of state.work) rmSync(w, { recursive: true, force: true }); });
  const get = (mode: 'nodenext' | 'bundler'): TscRun => {
    if (state.error !== undefined) throw state.error;
    return state[mode]!;
  };
  /** The errors outside narrowing.* (which its own test reads). */
  const apiErrors = (r: TscRun) => Object.entries(r.errors).filter(([f]) => !f.startsWith('narrowing.')).flatMap(([, lines]) => lines);

  for (const mode of ['nodenext', 'bundler'] as const) {
    it(`moduleResolution ${mode}: compiles with no error, and no TS2742/TS4023 anywhere`, () => {
      const r = get(mode);
      expect(r.output).not.toMatch(/TS2742|TS4023/);
      expect(apiErrors(r)).toEqual([]);
    });

    it(`moduleResolution ${mode}: the emitted declarations name driftkit's types through 'driftkit' only`, () => {
      const r = get(mode);
      const files = Object.keys(r.declarations).filter((f) => f.startsWith('consumer.'));
      expect(files.length).toBe(mode === 'nodenext' ? 2 : 1);
      for (const f of files) {
        const d = r.declarations[f]!;
        expect(d, f).toMatch(/from ["']driftkit["']|import\(["']driftkit["']\)|require\(["']driftkit["']\)/);
        expect(d, f).not.toMatch(/node_modules|driftkit\/dist|import\("\.\.?\//);
      }
    });

    it(`moduleResolution ${mode}: a per-feature drift result narrows on its method (discriminated union)`, () => {
      const r = get(mode);
      const file = mode === 'nodenext' ? 'narrowing.mts' : 'narrowing.ts';
      expect(r.errors[file] ?? []).toEqual([]);
    });
  }
});
