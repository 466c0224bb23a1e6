// Profiles of tables that arrive in chunks (files larger than memory, streams): a reference in two passes
// over the source, a current table in one pass against the reference's edges.
//
// Reference, pass 1: a ProfileAccumulator with one open bin per numeric column gives counts, nulls,
// ±Infinity, moments, category counts and the bottom-k sample; the bin edges are the sample's quantiles at
// 0, 1/bins, ..., 1 (as profile(): duplicates removed, outer edges opened). Pass 2 counts every value into
// those edges, and counts exactly the most frequent categories of a categorical column with too many distinct
// values for pass 1 to count exactly (found there by Misra-Gries). When a column has at most sampleCapacity
// distinct finite values the sample is exact and the result equals profile() of the whole table (quantiles, edges, counts; tested); otherwise the quantiles and
// edges are estimated from the sample (quantilesExact false) while the bin counts stay exact for those edges.
import { kernels } from '../engine/index.js';
import type { Backend } from '../engine/types.js';
import { fail, optionsObject } from '../errors.js';
import { binProbs, checkBins, profileEdges } from '../methods/binning.js';
import { ProfileAccumulator, shapeOf, type ProfileShape } from './accumulate.js';
import { checkCategoryCapacity, checkProbs, checkSampleCapacity } from './build.js';
import { readColumn, sub } from './columns.js';
import { profileArgument } from './serialize.js';
import { sampleQuantiles } from './sketch.js';
import type { Columns, FeatureKind, NumericProfile, ReferenceProfile } from './types.js';

export interface Chunk { columns: Columns; rows: number }
/** Yields the table's chunks; called once per pass, so it must be able to start over (re-open the file). */
export type ChunkSource = () => AsyncIterable<Chunk>;

export interface ChunkedProfileOptions {
  /** Columns to profile, in order, with their kinds (a file reader's schema). */
  kinds: Record<string, FeatureKind>;
  bins?: number;
  sampleCapacity?: number;
  /** Most categories tracked per categorical column (default 1,000). */
  categoryCapacity?: number;
  probs?: readonly number[];
  backend?: Backend;
}

const FN = 'profileChunked';

/** The profile of a chunked table (two passes over `source`). */
export async function profileChunked(source: ChunkSource, options: ChunkedProfileOptions): Promise<ReferenceProfile> {
  const features = Object.keys(options.kinds ?? {});
  if (features.length === 0) fail(FN, 'kinds', 'must name at least one column');
  const bins = checkBins(FN, options.bins);
  const sampleCapacity = checkSampleCapacity(FN, 'sampleCapacity', options.sampleCapacity);
  const probs = checkProbs(FN, 'probs', options.probs);
  const categoryCapacity = checkCategoryCapacity(FN, 'categoryCapacity', options.categoryCapacity);
  const K = kernels(FN, options.backend);
  const open = Float64Array.of(-Infinity, Infinity);
  const shape: ProfileShape = {
    features, kinds: options.kinds, bins, sampleCapacity, categoryCapacity,
    edges: Object.fromEntries(features.filter((f) => options.kinds[f] === 'numeric').map((f) => [f, open])),
    probs: Object.fromEntries(features.filter((f) => options.kinds[f] === 'numeric').map((f) => [f, probs])),
  };
  const acc = new ProfileAccumulator(shape, K);
  let first: ReferenceProfile | undefined;
  // categorical columns with too many distinct values to count exactly in one pass: their most frequent
  // categories by a Misra-Gries summary, counted exactly in pass 2
  let recount: Record<string, Set<string>> = {};
  try {
    for await (const c of source()) if (c.rows > 0) acc.add(acc.prepare(c.columns, c.rows, FN, 'chunk'), 0, c.rows);
    recount = acc.approximateCategories();
    first = acc.profile(new Set(Object.keys(recount)));
  } finally {
    acc.dispose();
  }
  if (!first) fail(FN, 'source', 'yielded no rows');

  // bin edges from each numeric column's sample quantiles, then pass 2: counts over those edges
  const numeric = features.filter((f) => options.kinds[f] === 'numeric');
  const edges = new Map<string, Float64Array>();
  for (const f of numeric) {
    const p = first.features[f] as NumericProfile;
    const finite = p.count - p.nullCount - p.posInfCount - p.negInfCount;
    edges.set(f, finite > 0
      ? profileEdges(Float64Array.from(sampleQuantiles(p.sample.values, p.sample.counts, Array.from(binProbs(bins))))).map((x) => x + 0)
      : Float64Array.of(-Infinity, Infinity));
  }
  const counts = new Map(numeric.map((f) => [f, new Float64Array(edges.get(f)!.length - 1)]));
  let rows = 0;
  const recounted = Object.keys(recount);
  const again = recounted.length > 0 ? new ProfileAccumulator({
    features: recounted, kinds: Object.fromEntries(recounted.map((f) => [f, 'categorical' as const])), edges: {}, probs: {},
    bins, sampleCapacity, categoryCapacity, tracked: recount,
  }, K) : undefined;
  if (numeric.length > 0 || again) {
    for await (const c of source()) {
      rows += c.rows;
      if (again && c.rows > 0) again.add(again.prepare(c.columns, c.rows, FN, 'chunk'), 0, c.rows);
      for (const f of numeric) {
        const d = readColumn(FN, sub('chunk', f), c.columns[f]);
        if (d.type !== 'numeric') continue;
        const h = K.histogram(d.values, edges.get(f)!);
        const dst = counts.get(f)!;
        for (let i = 0; i < dst.length; i++) dst[i] += h.counts[i];
      }
    }
    if (rows !== first.rowCount) fail(FN, 'source', `yielded ${rows} rows on the second pass but ${first.rowCount} on the first; it must yield the same table each time`);
  }
  for (const f of numeric) {
    const p = first.features[f] as NumericProfile;
    p.edges = Array.from(edges.get(f)!);
    p.binCounts = Array.from(counts.get(f)!);
  }
  if (again) {
    const exact = again.profile()!;
    first.features = Object.fromEntries(features.map((f) => [f, first!.features[f] ?? exact.features[f]]));
  }
  return first;
}

/**
 * The profile of a chunked current table against a reference profile's kinds and edges (one pass). Only the
 * reference's features present in the first chunk are summarised: compare() then reports the others as
 * missing in current. Undefined when the source yields no rows.
 */
export async function summarizeChunked(reference: ReferenceProfile, source: ChunkSource, options: { sampleCapacity?: number; backend?: Backend } = {}): Promise<ReferenceProfile | undefined> {
  optionsObject('summarizeChunked', options);
  const fn = 'summarizeChunked';
  reference = profileArgument(fn, 'reference', reference);
  const K = kernels(fn, options.backend);
  const full = shapeOf(reference, options.sampleCapacity === undefined ? reference.options.sampleCapacity : checkSampleCapacity(fn, 'sampleCapacity', options.sampleCapacity));
  let acc: ProfileAccumulator | undefined;
  try {
    for await (const c of source()) {
      acc ??= new ProfileAccumulator({ ...full, features: full.features.filter((f) => Object.prototype.hasOwnProperty.call(c.columns, f)) }, K);
      if (c.rows > 0) acc.add(acc.prepare(c.columns, c.rows, fn, 'chunk'), 0, c.rows);
    }
    return acc?.profile();
  } finally {
    acc?.dispose();
  }
}
