// profile() over the Piscina worker pool (Node only): numeric columns are profiled in parallel, one task per
// column (selection for the quantiles, the fused histogram + moments pass and the sample sketch run in a
// worker on a SharedArrayBuffer view of the column); categorical columns and the checks stay in this thread.
// The result equals profile()'s (createdAt aside): the same kernels on the same data.
import { optionsObject } from '../errors.js';
import { finishProfile, planProfile, profileFeature } from '../profile/build.js';
import type { Columns, FeatureProfile, NumericProfile, ProfileOptions, ReferenceProfile } from '../profile/types.js';
import { checkThreads, poolFor, shared } from './compare-parallel.js';
import type { ProfileTask, WireProfile } from './worker.js';
import { toArray } from '../profile/sketch.js';

export interface ParallelProfileOptions extends ProfileOptions {
  /** Worker threads (default: the machine's available parallelism). 1 runs in this thread. */
  threads?: number;
  /** Below this many numeric values in total, work stays in this thread (default 200,000). */
  minParallelValues?: number;
}

export async function profileParallel(reference: Columns, options: ParallelProfileOptions = {}): Promise<ReferenceProfile> {
  optionsObject('profileParallel', options);
  const fn = 'profileParallel';
  const threads = checkThreads(fn, options.threads);
  const plan = planProfile(fn, reference, options);
  let total = 0;
  for (const j of plan.jobs) if (j.kind === 'numeric') total += j.values.length;
  const numeric = plan.jobs.filter((j) => j.kind === 'numeric').length;
  const parallel = threads > 1 && plan.K.backend === 'wasm' && numeric > 1 && total >= (options.minParallelValues ?? 200_000);
  if (!parallel) return finishProfile(plan, plan.jobs.map((j) => profileFeature(plan, j)));
  const pool = poolFor(threads);
  const features: (FeatureProfile | Promise<NumericProfile>)[] = plan.jobs.map((j) => {
    if (j.kind !== 'numeric') return profileFeature(plan, j);
    const task: ProfileTask = { values: shared(j.values), edges: j.edges, bins: plan.bins, probs: plan.probs, capacity: plan.capacity };
    return (pool.run(task, { name: 'profile' }) as Promise<WireProfile>).then(fromWire);
  });
  return finishProfile(plan, await Promise.all(features));
}

/** The worker's profile with its sample as the number[] of a NumericProfile. */
const fromWire = (w: WireProfile): NumericProfile => ({ ...w, sample: { ...w.sample, values: toArray(w.sample.values), counts: toArray(w.sample.counts) } });
