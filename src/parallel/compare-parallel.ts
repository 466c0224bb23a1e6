// compare() over a Piscina worker pool (Node only): numeric features are measured in parallel, one task per
// feature; categorical features, the plan and the report are done in this thread. Results are identical to
// compare(): the same kernels run on the same data (each worker instantiates the same compiled module once).
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { fail, optionsObject } from '../errors.js';
import { kernels, wasmKernels, wasmModule } from '../engine/index.js';
import { compareFeature, currentNumbers, finishReport, planCompare, sampleArrays, type CompareOptions, type DriftReport, type FeatureDrift } from '../compare/compare.js';
import type { Columns, NumericProfile, ReferenceProfile } from '../profile/index.js';
import type { NumericTask } from './worker.js';

export interface ParallelCompareOptions extends CompareOptions {
  /** Worker threads (default: the machine's available parallelism). 1 runs in this thread. */
  threads?: number;
  /** Below this many current numeric values in total, work stays in this thread (default 200,000). */
  minParallelValues?: number;
}

const pools = new Map<number, Piscina>();

export function poolFor(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    const module = wasmModule();
    if (!module) throw new Error('driftkit: WASM kernels are not initialised; await init() first');
    pool = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      // idle workers exit so that the process can end without an explicit closePools()
      idleTimeout: 2_000,
      workerData: { module, simd: wasmKernels().simd },
    });
    pools.set(threads, pool);
  }
  return pool;
}

/** Stop every worker pool (optional: idle workers also exit on their own after 2 s). */
export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}

/** A Float64Array over a SharedArrayBuffer: one copy per column if needed, none per task. */
export function shared(values: Float64Array): Float64Array {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const out = new Float64Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}

/** The threads option: an integer in [1, 256], default the machine's available parallelism. */
export function checkThreads(fn: string, threads: unknown): number {
  const t = threads ?? availableParallelism();
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 256) fail(fn, 'threads', `must be an integer between 1 and 256; got ${JSON.stringify(threads)}`);
  return t;
}

export async function compareParallel(reference: ReferenceProfile | Columns, current: Columns | ReferenceProfile, options: ParallelCompareOptions = {}): Promise<DriftReport> {
  optionsObject('compareParallel', options);
  const fn = 'compareParallel';
  const threads = checkThreads(fn, options.threads);
  const K = kernels(fn, options.backend);
  const plan = planCompare(reference, current, options);
  const numeric = plan.curProfile ? [] : plan.tasks.filter((t) => t.present && plan.ref.features[t.name].kind === 'numeric');
  const columns = new Map(numeric.map((t) => [t.name, currentNumbers(plan, t.name)]));
  let total = 0;
  for (const v of columns.values()) total += v.length;
  const parallel = threads > 1 && K.backend === 'wasm' && numeric.length > 1 && total >= (options.minParallelValues ?? 200_000);

  const features: Record<string, FeatureDrift> = Object.create(null); // a feature may be called "__proto__"
  const pending: Promise<void>[] = [];
  if (parallel) {
    const pool = poolFor(threads);
    for (const t of numeric) {
      const p = plan.ref.features[t.name] as NumericProfile;
      // a number[] sample clones element by element in this thread (~1.5 ms per 10,000): send typed arrays
      const task: NumericTask = {
        name: t.name, profile: { ...p, sample: { ...p.sample, values: [], counts: [] } }, sample: sampleArrays(p),
        values: shared(columns.get(t.name)!), method: t.method, bands: t.bands, eps: plan.eps,
      };
      pending.push(pool.run(task).then((r: FeatureDrift) => { features[t.name] = r; }));
    }
  }
  for (const t of plan.tasks) {
    if (parallel && columns.has(t.name)) continue;
    features[t.name] = compareFeature(K, plan, t);
  }
  await Promise.all(pending);
  // keep the plan's feature order
  const ordered: Record<string, FeatureDrift> = {};
  for (const n of plan.names) ordered[n] = features[n];
  return finishReport(plan, ordered);
}
