// The two WASM builds as base64, inlined by scripts/build-page.mjs (which replaces this module's contents), so
// the page works from file:// with no fetch. Empty in the tsc output: only the bundled page holds the bytes.
export const WASM_SIMD_BASE64: string = '';
export const WASM_SCALAR_BASE64: string = '';
