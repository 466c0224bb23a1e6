// Browser ESM build: bundles the browser-safe faces with esbuild (format esm, platform browser, target es2022,
// code splitting), with BOTH WASM builds inlined as base64:
//   dist/browser/driftkit.js        src/index.ts   (driftkit/browser; the "." export's browser condition should be it too)
//   dist/browser/scipy.js           src/scipy.ts   (for the "./scipy" export's browser condition)
//   dist/browser/driftkit-shared-<hash>.js   what both share: the engine (one WASM instance, one init()) and methods
// Two separately bundled entries would each carry their own engine, and `init()` from one would leave the
// other on the JS twins (`backend: 'wasm'` throwing "not initialised").
//
// Why inline: src/engine/index.ts's default loader fetches new URL(`../../build/<file>`, import.meta.url),
// right for the unbundled dist/engine/index.js only. A bundle that fetched a .wasm next to itself would need
// every downstream bundler to find and copy that file: Vite build handles `new URL('./x.wasm', import.meta.url)`,
// but Vite dev pre-bundles dependencies into node_modules/.vite/deps (the URL then points there, a 404) and
// esbuild leaves the URL as it is (it points next to the app's bundle, where nothing copied the file). With the
// bytes inside the bundle, `import { init } from 'driftkit/browser'; await init()` works after any bundler, from
// any URL, with no recipe and no extra request; init() decodes only the build the engine supports (SIMD or
// scalar, WebAssembly.validate). The bundle holds no import.meta at all, so no bundler tries to resolve assets.
// Cost: ~86 KiB of base64 (~45 KiB gzipped): the bundle went from 552 to 636 KiB (146 to 191 KiB gzipped;
// after a consumer's minifier, Vite's build of a one-import app is ~405 KiB). `init(urlOrBytesOrModule)` still
// takes a .wasm from elsewhere (the package exports both as driftkit/wasm/driftkit.simd.wasm and
// driftkit/wasm/driftkit.wasm). test/consumer/bundlers.test.ts checks esbuild, vite build and vite dev.
//
// The two .wasm files are still copied next to the bundle, for callers (and test/browser) that hand init()
// the file themselves.
//
// The build fails if anything imports a Node built-in (node:* or a bare built-in name such as 'fs'), if the
// loader's fetch is not found exactly once, or if the output keeps any import.meta; the plugins live in
// scripts/esbuild-plugins.mjs, shared with scripts/build-page.mjs.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inlineWasmLoader, noNodeBuiltins } from './esbuild-plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/browser`;
const wasmFiles = ['driftkit.simd.wasm', 'driftkit.wasm'];

for (const f of wasmFiles) {
  if (!existsSync(`${root}build/${f}`)) {
    console.error(`build-browser: build/${f} is missing; run npm run build:wasm first`);
    process.exit(1);
  }
}
mkdirSync(outdir, { recursive: true });
const wasmInline = inlineWasmLoader({ simd: `${root}build/driftkit.simd.wasm`, scalar: `${root}build/driftkit.wasm` }, 'scripts/build-browser.mjs');

// Stale shared chunks of earlier builds (their names carry a content hash) would be packed too.
for (const f of readdirSync(outdir)) if (/^driftkit-shared-.*\.js(\.map)?$/.test(f)) rmSync(`${outdir}/${f}`);

const started = performance.now();
const result = await build({
  // Two entry points sharing ONE engine (and its WASM) in a shared chunk: `init()` from driftkit/browser also
  // serves driftkit/scipy (the browser condition of the "./scipy" export should be ./dist/browser/scipy.js).
  entryPoints: { driftkit: `${root}src/index.ts`, scipy: `${root}src/scipy.ts` },
  bundle: true,
  splitting: true,
  chunkNames: 'driftkit-shared-[hash]',
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outdir,
  // No map: the bundle is unminified ES2022 (readable as it is) and a consumer's bundler maps its own output;
  // a map with sources embedded (the inlined WASM among them) was a third of the tarball.
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [noNodeBuiltins, wasmInline],
  banner: { js: `// driftkit ${JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version}: browser ESM bundle with both WASM builds inlined: \`await init()\` needs no URL and fetches nothing.` },
}).catch(() => process.exit(1)); // esbuild has already printed the errors

// Belt and braces: nothing Node-only may survive in the output, nothing a bundler would resolve as an asset
// (import.meta), both builds inlined once, and the engine in one module both entries share.
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).map((f) => `${root}${f}`);
const texts = Object.fromEntries(outputs.map((f) => [f.slice(outdir.length + 1), readFileSync(f, 'utf8')]));
const all = Object.values(texts).join('\n');
const fail = (msg) => { console.error(`build-browser: ${msg}`); process.exit(1); };
if (/\bimport\.meta\b/.test(all) || all.includes('../build/')) fail('the bundle must hold no import.meta (nor a path out of dist/browser)');
if (all.split('function __driftkitInlineWasm(').length !== 2 || all.split('__driftkitInlineWasm(build)').length !== 3) {
  fail('the inlined default loader (__driftkitInlineWasm) must be in the output exactly once');
}
for (const f of wasmFiles) {
  if (all.split(readFileSync(`${root}build/${f}`).toString('base64')).length !== 2) fail(`build/${f} must be inlined exactly once`);
}
for (const entry of ['driftkit.js', 'scipy.js']) if (!texts[entry]) fail(`dist/browser/${entry} was not written`);
const leaks = [...all.matchAll(/(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](node:[^"']+|[^"'./][^"']*)["']/g)].map((m) => m[1]);
if (leaks.length) fail(`the bundle imports ${[...new Set(leaks)].join(', ')}; it must be self-contained and free of Node built-ins`);

for (const f of wasmFiles) copyFileSync(`${root}build/${f}`, `${outdir}/${f}`);

const kb = (p) => `${(statSync(p).size / 1024).toFixed(1)} KiB`;
console.log(
  `build-browser: dist/browser/${Object.keys(texts).map((f) => `${f} ${kb(`${outdir}/${f}`)}`).join(', ')} from ${Object.keys(result.metafile.inputs).length} modules` +
    `; ${wasmFiles.map((f) => `${f} ${kb(`${outdir}/${f}`)}`).join(', ')} (${Math.round(performance.now() - started)} ms)`,
);
