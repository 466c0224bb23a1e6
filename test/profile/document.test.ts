// "Profiles that cannot lie": JSON.stringify(profile) is the versioned profile document (serializeProfile's),
// so a plain JSON round trip compares bit for bit like the original; an object that is not a valid profile is
// refused by compare() and mergeProfiles() with a DriftkitError naming the argument and the field.
import { describe, expect, it } from 'vitest';
import { mergeProfiles, parseProfile, profile, serializeProfile, type NumericProfile, type ReferenceProfile } from '../../src/profile/index.js';
import { compare, type DriftReport } from '../../src/compare/compare.js';
import { caught } from '../helpers/errors.js';
import { rng } from '../helpers/rng.js';

function normals(n: number, seed: number, mu = 0): Float64Array {
  const r = rng(seed), out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mu + Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

const ref = { x: normals(2000, 1), y: normals(2000, 2), c: Array.from({ length: 2000 }, (_, i) => ['a', 'b', 'c', 'd'][i % 4 === 3 ? 3 : i % 3]), b: Array.from({ length: 2000 }, (_, i) => i % 5 === 0) };
const cur = { x: normals(1500, 3, 0.7), y: normals(1500, 4, 0.1), c: Array.from({ length: 1500 }, (_, i) => ['a', 'b', 'e'][i % 3]), b: Array.from({ length: 1500 }, (_, i) => i % 2 === 0) };
const methods = { x: 'psi', y: 'ks', c: 'chisquare', b: 'psi' } as const;
const withoutTime = (r: DriftReport) => ({ ...r, timestamp: '' });
const jsonCopy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('JSON.stringify(profile) is the profile document', () => {
  const p = profile(ref);

  it('JSON.stringify gives serializeProfile\'s text, and the ±Infinity edges survive as strings', () => {
    expect(JSON.stringify(p)).toBe(serializeProfile(p));
    expect(JSON.stringify(p, null, 2)).toBe(serializeProfile(p, { space: 2 }));
    const doc = jsonCopy(p) as unknown as { features: { x: { edges: unknown[] } } };
    expect(doc.features.x.edges[0]).toBe('-Infinity');
    expect(doc.features.x.edges.at(-1)).toBe('Infinity');
    expect(parseProfile(doc)).toEqual(p);
  });

  it('toJSON is invisible: own enumerable keys, deep equality and structuredClone are unchanged', () => {
    expect(Object.keys(p)).toEqual(['format', 'version', 'createdAt', 'rowCount', 'options', 'features']);
    const clone = structuredClone(p);
    expect(clone).toStrictEqual(p);
    expect(Object.prototype.hasOwnProperty.call(clone, 'toJSON')).toBe(false);
    expect(parseProfile(serializeProfile(p))).toStrictEqual(p);
  });

  it('profiles from parseProfile and mergeProfiles also stringify as documents', () => {
    const q = parseProfile(serializeProfile(p));
    expect(JSON.stringify(q)).toBe(serializeProfile(q));
    const m = mergeProfiles(p, q);
    expect(JSON.stringify(m)).toBe(serializeProfile(m));
  });

  it('compare(JSON.parse(JSON.stringify(p)), current) equals compare(p, current) bit for bit', () => {
    const direct = compare(p, cur, { methods });
    expect(withoutTime(compare(jsonCopy(p), cur, { methods }))).toEqual(withoutTime(direct));
    // a structured clone (as sent to a worker) is validated and compares the same
    expect(withoutTime(compare(structuredClone(p), cur, { methods }))).toEqual(withoutTime(direct));
    // a current profile round-tripped the same way
    const edges = { x: (p.features.x as NumericProfile).edges, y: (p.features.y as NumericProfile).edges };
    const cp = profile(cur, { edges });
    const viaProfiles = compare(p, cp, { methods });
    expect(withoutTime(compare(jsonCopy(p), jsonCopy(cp), { methods }))).toEqual(withoutTime(viaProfiles));
  });

  it('mergeProfiles of JSON copies equals the merge of the originals (createdAt aside)', () => {
    const edges = { x: (p.features.x as NumericProfile).edges, y: (p.features.y as NumericProfile).edges };
    const q = profile({ x: normals(500, 9), y: normals(500, 10), c: Array(500).fill('z'), b: Array(500).fill(true) }, { edges });
    const m1 = mergeProfiles(p, q), m2 = mergeProfiles(jsonCopy(p), jsonCopy(q));
    expect({ ...m2, createdAt: '' }).toEqual({ ...m1, createdAt: '' });
  });
});

describe('an object that is not a valid profile is refused, naming the argument and field', () => {
  const p = profile(ref);
  /** What JSON.stringify made of a profile before toJSON: ±Infinity as null (a spread copy has no toJSON). */
  const plainJson = (x: ReferenceProfile): Record<string, any> => JSON.parse(JSON.stringify({ ...x }));

  it('±Infinity edges turned to null (the silent PSI change of the issue)', () => {
    const bad = plainJson(p);
    expect(bad.features.x.edges[0]).toBe(null);
    let e = caught(() => compare(bad as ReferenceProfile, cur, { methods }));
    expect(e.message).toBe('compare: reference.features.x.edges[0] must be a number (or "NaN", "Infinity", "-Infinity"); got null');
    expect(e.argument).toBe('reference.features.x.edges[0]');
    const cp = profile(cur, { edges: { x: (p.features.x as NumericProfile).edges, y: (p.features.y as NumericProfile).edges } });
    e = caught(() => compare(p, plainJson(cp) as ReferenceProfile, { methods }));
    expect(e.argument).toBe('current.features.x.edges[0]');
    e = caught(() => mergeProfiles(p, bad as ReferenceProfile));
    expect(e.message).toMatch(/^mergeProfiles: b\.features\.x\.edges\[0\] must be a number/);
    e = caught(() => mergeProfiles(bad as ReferenceProfile, p));
    expect(e.argument).toBe('a.features.x.edges[0]');
  });

  it('missing and wrong fields', () => {
    const noCounts = jsonCopy(p) as any;
    delete noCounts.features.x.binCounts;
    let e = caught(() => compare(noCounts, cur));
    expect(e.message).toBe('compare: reference.features.x lacks the field "binCounts"');
    e = caught(() => mergeProfiles(p, noCounts));
    expect(e.message).toBe('mergeProfiles: b.features.x lacks the field "binCounts"');

    const noFeatures = jsonCopy(p) as any;
    delete noFeatures.features;
    expect(caught(() => compare(noFeatures, cur)).message).toBe('compare: reference lacks the field "features"');

    const badCount = jsonCopy(p) as any;
    badCount.features.c.categories.a = -1;
    expect(caught(() => compare(badCount, cur)).message).toBe('compare: reference.features.c.categories.a must be an integer >= 1; got -1');

    const badVersion = { ...jsonCopy(p), version: 3 };
    expect(caught(() => compare(badVersion as any, cur)).argument).toBe('reference.version');

    const sampleNulls = jsonCopy(p) as any;
    sampleNulls.features.y.sample.values[3] = null;
    expect(caught(() => compare(p, sampleNulls)).argument).toBe('current.features.y.sample.values[3]');
  });

  it('a profile the library made is not re-validated by compare (same result, same objects)', () => {
    expect(withoutTime(compare(p, cur, { methods }))).toEqual(withoutTime(compare(parseProfile(serializeProfile(p)), cur, { methods })));
  });
});
