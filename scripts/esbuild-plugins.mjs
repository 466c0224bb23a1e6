// esbuild plugins shared by the browser builds (scripts/build-browser.mjs, scripts/build-page.mjs).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));

/** Fails the build when anything imports a Node built-in (node:* or a bare built-in name such as 'fs'). */
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      if (args.path.startsWith('node:') || builtins.has(bare) || builtins.has(bare.split('/')[0])) {
        return { errors: [{ text: `Node built-in "${args.path}" imported from ${args.importer || 'the entry'}; the browser bundle must not use Node built-ins` }] };
      }
      return undefined;
    });
  },
};

/** The default WASM loader's URL expression in src/engine/index.ts, right for the unbundled dist/engine/index.js only. */
export const LOADER_URL = 'new URL(`../../build/${buildFile(build)}`, import.meta.url)';

/**
 * Replaces the default loader's URL expression in src/engine/index.ts by `replacement` (an expression that
 * may use `build`, 'simd' | 'scalar'). It must match exactly once, or the build fails: `script` names the
 * build script to update.
 */
export function replaceLoaderUrl(replacement, script) {
  return {
    name: 'replace-wasm-loader-url',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]engine[\\/]index\.ts$/ }, (args) => {
        const src = readFileSync(args.path, 'utf8');
        const n = src.split(LOADER_URL).length - 1;
        if (n !== 1) {
          return { errors: [{ text: `expected the default loader's URL \`${LOADER_URL}\` exactly once in src/engine/index.ts, found it ${n} times; update ${script}` }] };
        }
        return { contents: src.replace(LOADER_URL, replacement), loader: 'ts' };
      });
    },
  };
}

/** The default loader's whole expression in src/engine/index.ts: fetch the build's .wasm by URL. */
export const LOADER_FETCH = `fetch(${LOADER_URL})`;

/**
 * Replaces the default loader's fetch in src/engine/index.ts by the bytes of the WASM builds, inlined as
 * base64 (`files`: { simd, scalar } paths of the .wasm files), so the bundle needs no second file, no URL and
 * no bundler recipe: `await init()` decodes the build the engine supports (Uint8Array.fromBase64 where the
 * engine has it, else atob). Only the chosen build is decoded. The fetch must match exactly once, or the build
 * fails: `script` names the build script to update.
 */
export function inlineWasmLoader(files, script) {
  const base64 = { simd: readFileSync(files.simd).toString('base64'), scalar: readFileSync(files.scalar).toString('base64') };
  const prelude = [
    '// The WASM builds, inlined by scripts/esbuild-plugins.mjs (inlineWasmLoader).',
    `const __driftkitWasmBase64 = { simd: ${JSON.stringify(base64.simd)}, scalar: ${JSON.stringify(base64.scalar)} };`,
    'function __driftkitInlineWasm(build) {',
    '  const s = __driftkitWasmBase64[build];',
    "  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(s);",
    '  const bin = atob(s), out = new Uint8Array(bin.length);',
    '  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);',
    '  return out;',
    '}',
    '',
  ].join('\n');
  return {
    name: 'inline-wasm-loader',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]engine[\\/]index\.ts$/ }, (args) => {
        const src = readFileSync(args.path, 'utf8');
        const n = src.split(LOADER_FETCH).length - 1;
        if (n !== 1) {
          return { errors: [{ text: `expected the default loader's \`${LOADER_FETCH}\` exactly once in src/engine/index.ts, found it ${n} times; update ${script}` }] };
        }
        return { contents: `${prelude}${src.replace(LOADER_FETCH, '__driftkitInlineWasm(build)')}`, loader: 'ts' };
      });
    },
  };
}
