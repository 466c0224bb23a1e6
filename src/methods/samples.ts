// Shared preparation of two-sample inputs: conversion, NaN policy, emptiness, sorting through the kernels.
import { fail } from '../errors.js';
import { checkNanPolicy, toFloat64, type NanPolicy } from '../input.js';
import { kernels, type Kernels } from '../engine/index.js';

export interface SortedPair {
  K: Kernels;
  x: Float64Array; // sorted, NaN-free
  y: Float64Array;
  /** true when nanPolicy is 'propagate' and NaN was present: the caller returns NaN results. */
  propagateNaN: boolean;
}

/**
 * Validate and sort two samples. NaN handling follows SciPy's nan_policy: 'propagate' (the default) makes
 * every output NaN, 'omit' drops NaN from each sample, 'raise' throws. Empty samples (before or after
 * omitting NaN) are an error naming the argument — SciPy returns NaN with a warning there.
 */
export function sortedPair(
  fn: string, xIn: unknown, yIn: unknown, opts: { nanPolicy?: NanPolicy; backend?: unknown },
  names: [string, string] = ['x', 'y'],
): SortedPair {
  const x = toFloat64(fn, names[0], xIn);
  const y = toFloat64(fn, names[1], yIn);
  const policy = checkNanPolicy(fn, opts.nanPolicy);
  const K = kernels(fn, opts.backend);
  if (x.length === 0) fail(fn, names[0], 'must not be empty');
  if (y.length === 0) fail(fn, names[1], 'must not be empty');
  // The sort kernel drops NaN and counts it, so the policy is applied after sorting (NaN is the rare case).
  const { sorted: sx, nanCount: nx } = K.sort(x);
  const { sorted: sy, nanCount: ny } = K.sort(y);
  if (policy !== 'omit' && nx + ny > 0) {
    if (policy === 'raise') fail(fn, nx ? names[0] : names[1], `contains NaN (${nx ? nx : ny} values) and nanPolicy is 'raise'`);
    return { K, x, y, propagateNaN: true };
  }
  if (sx.length === 0) fail(fn, names[0], "has no values left after omitting NaN (nanPolicy 'omit')");
  if (sy.length === 0) fail(fn, names[1], "has no values left after omitting NaN (nanPolicy 'omit')");
  return { K, x: sx, y: sy, propagateNaN: false };
}
