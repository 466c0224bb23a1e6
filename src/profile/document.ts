// A profile's JSON document and which profile objects this library made. Every profile the library returns
// carries a non-enumerable toJSON() giving its versioned document (non-finite numbers as the strings "NaN",
// "Infinity", "-Infinity"), so a plain JSON.stringify writes what serializeProfile writes and
// JSON.parse(JSON.stringify(p)) is a document that parseProfile / compare / mergeProfiles read back exactly.
// Being non-enumerable, toJSON is invisible to deep equality and skipped by structuredClone (a clone is a
// plain object: no toJSON, not trusted, so it is validated where it is accepted). toJSON and sealProfile live
// in serialize.ts (toJSON validates, as serializeProfile does).
import type { ReferenceProfile } from './types.js';

/** Profiles this library built or validated: accepted without re-validation (compare, merges). */
const built = new WeakSet<object>();

/** A JSON value with NaN and ±Infinity as strings (a deep copy of arrays and plain objects). */
export function encodeDocument(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = encodeDocument(v[i]);
    return out;
  }
  const entries: [string, unknown][] = [];
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined && typeof x !== 'function') entries.push([k, encodeDocument(x)]);
  }
  // Object.fromEntries, not assignment: a category may be called "__proto__"
  return Object.fromEntries(entries);
}

/** Mark a profile object as made (or validated) by this library. */
export function markBuilt<P extends ReferenceProfile>(p: P): P {
  built.add(p);
  return p;
}

/** Whether this object is a profile the library made (or validated) itself. */
export const isBuiltProfile = (x: unknown): x is ReferenceProfile => typeof x === 'object' && x !== null && built.has(x);
