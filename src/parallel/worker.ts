// Piscina worker: instantiates the compiled WASM module it was handed once, then measures numeric features
// (default export, for compareParallel) or profiles numeric columns (`profile`, for profileParallel).
// Columns arrive as Float64Arrays over a SharedArrayBuffer, so a task carries no copy of the data.
import { workerData } from 'node:worker_threads';
import { createWasmKernelsSync } from '../engine/wasm.js';
import { compareNumericColumn, type FeatureDrift, type SampleArrays } from '../compare/compare.js';
import { numericProfile } from '../profile/build.js';
import type { NumericProfile } from '../profile/index.js';
import type { Bands, MethodName } from '../compare/policy.js';

export interface NumericTask {
  name: string;
  /** The feature's profile without its sample, which travels as typed arrays (cloned as one copy each). */
  profile: NumericProfile;
  sample: SampleArrays;
  values: Float64Array;
  method: MethodName;
  bands: Bands;
  eps: number;
}

const K = createWasmKernelsSync(workerData.module as WebAssembly.Module, Boolean(workerData.simd));

export default function measure(task: NumericTask): FeatureDrift {
  return compareNumericColumn(K, task.name, task.profile, task.values, task.method, task.bands, task.eps, task.sample);
}

export interface ProfileTask {
  values: Float64Array;
  edges: Float64Array | undefined;
  bins: number;
  probs: number[];
  capacity: number;
}

/** A numeric profile whose sample travels back as typed arrays (see toWire). */
export type WireProfile = Omit<NumericProfile, 'sample'> & { sample: Omit<NumericProfile['sample'], 'values' | 'counts'> & SampleArrays };

export function profile(task: ProfileTask): WireProfile {
  const p = numericProfile(K, task.values, task.edges, task.bins, task.probs, task.capacity);
  return { ...p, sample: { ...p.sample, values: Float64Array.from(p.sample.values), counts: Float64Array.from(p.sample.counts) } };
}
