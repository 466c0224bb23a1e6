// Backend selection and WASM initialisation. Browser-safe: no Node built-ins here; the Node face installs a
// file loader with setDefaultWasmLoader().
import { fail } from '../errors.js';
import { jsKernels } from './js/index.js';
import { createWasmKernels, createWasmKernelsSync, type WasmKernels } from './wasm.js';
import type { Backend, Kernels } from './types.js';

export type { Backend, Kernels } from './types.js';
export type { WasmKernels } from './wasm.js';

/** Where the WASM comes from: a compiled module, its bytes, a fetch Response, or a URL to fetch. */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | URL | string;
/** Loads the module bytes for one build ('simd' or 'scalar'). */
export type WasmLoader = (build: 'simd' | 'scalar') => Promise<ArrayBuffer | ArrayBufferView | Response>;

// The smallest module using a v128 instruction (from wasm-feature-detect): validates only where SIMD works.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
export const simdSupported = (): boolean => typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);

const buildFile = (build: 'simd' | 'scalar') => (build === 'simd' ? 'driftkit.simd.wasm' : 'driftkit.wasm');

let defaultLoader: WasmLoader = async (build) => fetch(new URL(`../../build/${buildFile(build)}`, import.meta.url));
export function setDefaultWasmLoader(loader: WasmLoader): void {
  defaultLoader = loader;
}

let wasm: WasmKernels | undefined;
let compiled: WebAssembly.Module | undefined;
let pending: Promise<void> | undefined;

type Bytes = ArrayBuffer | ArrayBufferView | Response | URL | string;

async function compile(input: Bytes): Promise<WebAssembly.Module> {
  let src: ArrayBuffer | ArrayBufferView | Response = typeof input === 'string' || input instanceof URL ? await fetch(input) : input;
  if (typeof Response !== 'undefined' && src instanceof Response) {
    if (!src.ok) throw new Error(`driftkit: could not load WASM (${src.status} ${src.statusText} for ${src.url})`);
    return WebAssembly.compile(await src.arrayBuffer());
  }
  return WebAssembly.compile(src as BufferSource);
}

/**
 * Load and instantiate the WASM kernels. Idempotent: later calls return the first call's promise. With no
 * argument the SIMD build is used where the engine supports fixed-width SIMD, else the scalar build.
 */
export function init(source?: WasmSource): Promise<void> {
  if (pending) return pending;
  pending = (async () => {
    if (source !== undefined) {
      // A caller-supplied build: `simd` is informational, reporting what the engine supports.
      const module = source instanceof WebAssembly.Module ? source : await compile(source as Bytes);
      wasm = await createWasmKernels(module, simdSupported());
      compiled = module;
      return;
    }
    const build = simdSupported() ? 'simd' : 'scalar';
    const module = await compile(await defaultLoader(build));
    wasm = await createWasmKernels(module, build === 'simd');
    compiled = module;
  })();
  pending.catch(() => { pending = undefined; });
  return pending;
}

/**
 * Instantiate the WASM kernels synchronously from a compiled module or its bytes (the build that matches
 * `simdSupported()`). Node's entry does this on import. After it, init() resolves at once; once the kernels
 * are in place (by either path) later calls do nothing.
 */
export function initSync(source: WebAssembly.Module | ArrayBuffer | ArrayBufferView): void {
  if (wasm) return;
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source as BufferSource);
  wasm = createWasmKernelsSync(module, simdSupported());
  compiled = module;
  pending = Promise.resolve();
}

/** The compiled module behind the WASM kernels (structured-cloneable: worker threads instantiate it). */
export function wasmModule(): WebAssembly.Module | undefined {
  return compiled;
}

export function wasmReady(): boolean {
  return wasm !== undefined;
}

/** The WASM kernels (throws if init() has not completed). */
export function wasmKernels(): WasmKernels {
  if (!wasm) throw new Error('driftkit: WASM kernels are not initialised; await init() first (Node does this on import)');
  return wasm;
}

/**
 * The kernels for a call's `backend` option. Default 'wasm', falling back to the JS twin when WASM has not
 * been initialised (e.g. a browser that has not awaited init()); an explicit 'wasm' without init is an error.
 */
export function kernels(fn: string, backend: unknown): Kernels {
  if (backend === undefined) return wasm ?? jsKernels;
  if (backend === 'js') return jsKernels;
  if (backend === 'wasm') {
    if (!wasm) fail(fn, 'backend', "is 'wasm' but the WASM kernels are not initialised; await init() first");
    return wasm;
  }
  return fail(fn, 'backend', `must be 'wasm' or 'js'; got ${JSON.stringify(backend)}`);
}

export { jsKernels };
export type { Backend as KernelBackend };
