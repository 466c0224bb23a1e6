// Node-only: read the WASM builds from the package's build/ folder.
import { readFile } from 'node:fs/promises';
import { setDefaultWasmLoader } from './index.js';

setDefaultWasmLoader(async (build) =>
  readFile(new URL(`../../build/${build === 'simd' ? 'driftkit.simd.wasm' : 'driftkit.wasm'}`, import.meta.url)),
);
