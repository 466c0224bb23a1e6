// Piscina worker: instantiates the compiled WASM module it was handed once, then measures numeric features.
// Columns arrive as Float64Arrays over a SharedArrayBuffer, so a task carries no copy of the data.
import { workerData } from 'node:worker_threads';
import { createWasmKernels } from '../engine/wasm.js';
import { compareNumericColumn, type FeatureDrift } from '../compare/compare.js';
import type { NumericProfile } from '../profile/index.js';
import type { Bands, MethodName } from '../compare/policy.js';

export interface NumericTask {
  name: string;
  profile: NumericProfile;
  values: Float64Array;
  method: MethodName;
  bands: Bands;
  eps: number;
}

const K = await createWasmKernels(workerData.module as WebAssembly.Module, Boolean(workerData.simd));

export default function measure(task: NumericTask): FeatureDrift {
  return compareNumericColumn(K, task.name, task.profile, task.values, task.method, task.bands, task.eps);
}
