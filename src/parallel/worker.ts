// Piscina worker: instantiates the compiled WASM module it was handed once, then measures numeric features
// (default export, for compareParallel) or profiles numeric columns (`profile`, for profileParallel).
// Columns arrive as Float64Arrays over a SharedArrayBuffer, so a task carries no copy of the data.
import { workerData } from 'node:worker_threads';
import { createWasmKernels } from '../engine/wasm.js';
import { compareNumericColumn, type FeatureDrift } from '../compare/compare.js';
import { numericProfile } from '../profile/build.js';
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

export interface ProfileTask {
  values: Float64Array;
  edges: Float64Array | undefined;
  bins: number;
  probs: number[];
  capacity: number;
}

export function profile(task: ProfileTask): NumericProfile {
  return numericProfile(K, task.values, task.edges, task.bins, task.probs, task.capacity);
}
