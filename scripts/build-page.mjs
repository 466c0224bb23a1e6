// The drop-two-CSVs page: bundles src/page/main.ts (esbuild, iife, platform browser, minified) and inlines it,
// with both WASM builds as base64, into ONE file dist/page/index.html (template src/page/page.html). No fetch,
// no other file: it works from file:// and is what `driftkit serve` answers at / to browsers.
//
// The WASM: src/page/wasm-inline.ts is replaced by the two builds' base64; the page hands them to the engine
// through setDefaultWasmLoader(), and init() picks SIMD or scalar as it does everywhere (WebAssembly.validate).
// The engine's default loader URL (import.meta.url, which a classic script lacks) becomes a throw, so a
// page that forgot its loader fails loudly instead of fetching.
//
// The build fails if anything imports a Node built-in (scripts/esbuild-plugins.mjs, shared with
// scripts/build-browser.mjs), or if the output could load anything from elsewhere.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { noNodeBuiltins, replaceLoaderUrl } from './esbuild-plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/page`;
const wasm = { simd: `${root}build/driftkit.simd.wasm`, scalar: `${root}build/driftkit.wasm` };
const fail = (msg) => { console.error(`build-page: ${msg}`); process.exit(1); };

for (const f of Object.values(wasm)) if (!existsSync(f)) fail(`${f.slice(root.length)} is missing; run npm run build:wasm first`);

const wasmInline = {
  name: 'wasm-inline',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]page[\\/]wasm-inline\.ts$/ }, () => ({
      contents: `export const WASM_SIMD_BASE64 = ${JSON.stringify(readFileSync(wasm.simd).toString('base64'))};\n`
        + `export const WASM_SCALAR_BASE64 = ${JSON.stringify(readFileSync(wasm.scalar).toString('base64'))};\n`,
      loader: 'js',
    }));
  },
};
const NO_DEFAULT_LOADER = "(() => { throw new Error('driftkit page: the WASM is inlined; setDefaultWasmLoader() must run before init()'); })()";

const started = performance.now();
const result = await build({
  entryPoints: [`${root}src/page/main.ts`],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [noNodeBuiltins, replaceLoaderUrl(NO_DEFAULT_LOADER, 'scripts/build-page.mjs'), wasmInline],
}).catch(() => process.exit(1)); // esbuild has already printed the errors

let js = result.outputFiles[0].text;
// Nothing may load from elsewhere: no module syntax, no import.meta, no require.
const leaks = [/\bimport\.meta\b/, /\bimport\s*\(/, /\brequire\s*\(\s*["']/, /\bimportScripts\s*\(/].filter((re) => re.test(js));
if (leaks.length) fail(`the bundle still uses ${leaks.map(String).join(', ')}; it must be self-contained`);
// Inline in <script>: only "</script" and "<!--" could end or confuse the element; both occur only inside
// strings, templates and regexes here, where "<\/" and "<\!--" read the same.
js = js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

const version = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
const template = readFileSync(`${root}src/page/page.html`, 'utf8');
if (template.split('__SCRIPT__').length !== 2) fail('src/page/page.html must hold __SCRIPT__ exactly once');
// function replacers: `$` in the script must stay as it is
const html = template.replace(/__VERSION__/g, () => version).replace('__SCRIPT__', () => js);

mkdirSync(outdir, { recursive: true });
writeFileSync(`${outdir}/index.html`, html);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `build-page: dist/page/index.html ${kb(statSync(`${outdir}/index.html`).size)} (script ${kb(js.length)} from ${Object.keys(result.metafile.inputs).length} modules,`
    + ` WASM ${kb(statSync(wasm.simd).size)} + ${kb(statSync(wasm.scalar).size)} as base64) in ${Math.round(performance.now() - started)} ms`,
);
