// Node-only: read the WASM builds from the package's build/ folder, and instantiate them synchronously on
// import, so that every Node entry (driftkit, driftkit/service, driftkit/io, the CLI) is ready to use with no
// top-level await: `require('driftkit')` works from CommonJS (Node >= 20.19 loads ESM synchronously).
import { readFileSync } from 'node:fs';
import { initSync, setDefaultWasmLoader, simdSupported } from './index.js';

const buildUrl = (build: 'simd' | 'scalar') => new URL(`../../build/${build === 'simd' ? 'driftkit.simd.wasm' : 'driftkit.wasm'}`, import.meta.url);

setDefaultWasmLoader(async (build) => readFileSync(buildUrl(build)));
initSync(readFileSync(buildUrl(simdSupported() ? 'simd' : 'scalar')));
