// Browser ESM build: bundles the browser-safe face (src/index.ts) into dist/browser/driftkit.js with esbuild
// (format esm, platform browser, target es2022) and copies both WASM builds next to it.
//
// The WASM URL: src/engine/index.ts's default loader fetches new URL(`../../build/<file>`, import.meta.url),
// right for the unbundled dist/engine/index.js but not for a bundle: esbuild leaves the expression as it is,
// so from dist/browser/driftkit.js it would point two folders up (the server root when dist/browser is
// served). The bundle swaps that one expression for static URLs of the files next to the bundle,
//   build === 'simd' ? new URL('./driftkit.simd.wasm', import.meta.url) : new URL('./driftkit.wasm', import.meta.url)
// which downstream bundlers (Vite, webpack, Rollup) recognise as assets, so `await init()` needs no argument.
// The swap must match exactly once, or the build fails.
//
// The build fails if anything imports a Node built-in (node:* or a bare built-in name such as 'fs'); both
// plugins live in scripts/esbuild-plugins.mjs, shared with scripts/build-page.mjs.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { noNodeBuiltins, replaceLoaderUrl } from './esbuild-plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/browser`;
const wasmFiles = ['driftkit.simd.wasm', 'driftkit.wasm'];

const BUNDLE_URL = "(build === 'simd' ? new URL('./driftkit.simd.wasm', import.meta.url) : new URL('./driftkit.wasm', import.meta.url))";
const wasmNextToBundle = replaceLoaderUrl(BUNDLE_URL, 'scripts/build-browser.mjs');

for (const f of wasmFiles) {
  if (!existsSync(`${root}build/${f}`)) {
    console.error(`build-browser: build/${f} is missing; run npm run build:wasm first`);
    process.exit(1);
  }
}
mkdirSync(outdir, { recursive: true });

const started = performance.now();
const result = await build({
  entryPoints: [`${root}src/index.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outfile: `${outdir}/driftkit.js`,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [noNodeBuiltins, wasmNextToBundle],
  banner: { js: `// driftkit ${JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version}: browser ESM bundle. \`await init()\` loads driftkit.simd.wasm (or driftkit.wasm) from this folder.` },
}).catch(() => process.exit(1)); // esbuild has already printed the errors

// Belt and braces: nothing Node-only may survive in the output, and no path out of dist/browser.
const out = readFileSync(`${outdir}/driftkit.js`, 'utf8');
if (out.includes('../build/') || !out.includes('new URL("./driftkit.simd.wasm", import.meta.url)')) {
  console.error('build-browser: the bundled default loader does not fetch ./driftkit.simd.wasm next to the bundle');
  process.exit(1);
}
const leaks = [...out.matchAll(/(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](node:[^"']+|[^"'./][^"']*)["']/g)].map((m) => m[1]);
if (leaks.length) {
  console.error(`build-browser: the bundle imports ${[...new Set(leaks)].join(', ')}; it must be self-contained and free of Node built-ins`);
  process.exit(1);
}

for (const f of wasmFiles) copyFileSync(`${root}build/${f}`, `${outdir}/${f}`);

const kb = (p) => `${(statSync(p).size / 1024).toFixed(1)} KiB`;
console.log(
  `build-browser: dist/browser/driftkit.js ${kb(`${outdir}/driftkit.js`)} from ${Object.keys(result.metafile.inputs).length} modules` +
    `, ${wasmFiles.map((f) => `${f} ${kb(`${outdir}/${f}`)}`).join(', ')} (${Math.round(performance.now() - started)} ms)`,
);
