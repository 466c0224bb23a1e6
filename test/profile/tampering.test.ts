// Issue 13, defect 3: every entry point that takes a profile refuses a tampered one with a DriftkitError naming
// the field, instead of computing with it (reported: negative counts gave PSI 0.756, a removed edge 1.217,
// version 999 was accepted, an unknown kind threw a raw TypeError). Profiles decoded from JSON, structured
// clones and hand-built objects are validated; objects this library built are trusted (re-checking them on
// every window would cost more than the comparison).
import { describe, expect, it } from 'vitest';
import { profile, mergeProfiles, type ReferenceProfile } from '../../src/profile/index.js';
import { summarizeChunked } from '../../src/profile/chunked.js';
import { compare } from '../../src/compare/compare.js';
import { createMonitor } from '../../src/stream/monitor.js';
import { deriveContract } from '../../src/quality/derive.js';
import { CanaryTracker } from '../../src/service/canary.js';
import { timeline } from '../../src/timeline/timeline.js';
import { timelineChunked } from '../../src/timeline/chunked.js';
import { DriftkitError } from '../../src/errors.js';

const good = profile({ x: Float64Array.from({ length: 500 }, (_, i) => (i * 7919) % 101), c: Array.from({ length: 500 }, (_, i) => 'abc'[i % 3]) });
const copy = (): any => JSON.parse(JSON.stringify(good));
const tampered: [string, (d: any) => void, RegExp][] = [
  ['a negative bin count', (d) => { d.features.x.binCounts[0] = -5; }, /features\.x\.binCounts\[0\] must be an integer >= 0; got -5/],
  ['a removed edge', (d) => { d.features.x.edges.splice(3, 1); }, /features\.x\.binCounts must have edges\.length - 1/],
  ['version 999', (d) => { d.version = 999; }, /version is 999, but this driftkit reads profile versions 1 and 2/],
  ['an unknown kind', (d) => { d.features.c.kind = 'text'; }, /features\.c\.kind must be "numeric", "categorical" or "boolean"; got "text"/],
  ['a category count that does not add up', (d) => { d.features.c.categories.a += 10; }, /features\.c\.count must equal nullCount plus the category counts/],
];
const cur = { x: Float64Array.from({ length: 100 }, (_, i) => i % 50), c: Array.from({ length: 100 }, () => 'a') };
const source = async function* () { yield { rows: 100, columns: cur }; };

const entries: [string, (p: ReferenceProfile) => unknown, string][] = [
  ['compare (reference)', (p) => compare(p, cur), 'compare: reference'],
  ['compare (current)', (p) => compare(good, p), 'compare: current'],
  ['mergeProfiles', (p) => mergeProfiles(good, p), 'mergeProfiles: b'],
  ['createMonitor', (p) => createMonitor(p, { window: { kind: 'tumbling', rows: 100 } } as never), 'createMonitor: reference'],
  ['summarizeChunked', (p) => summarizeChunked(p, source), 'summarizeChunked: reference'],
  ['deriveContract', (p) => deriveContract(p), 'deriveContract: profile'],
  ['CanaryTracker', (p) => new CanaryTracker({ reference: p }), 'CanaryTracker: reference'],
  ['timeline', (p) => timeline({ t: [1.7e12, 1.8e12], x: [1, 2] }, { time: 't', reference: { profile: p }, every: 'week' }), 'timeline: reference.profile'],
  ['timelineChunked', (p) => timelineChunked(async function* () { yield { rows: 2, columns: { t: [1.7e12, 1.8e12], x: [1, 2] } }; }, { time: 't', reference: { profile: p }, every: 'week' }), 'timelineChunked: reference.profile'],
];

describe.each(entries)('%s refuses a tampered profile', (_name, call, prefix) => {
  it.each(tampered)('%s', async (_what, tamper, message) => {
    const d = copy();
    tamper(d);
    let error: unknown;
    try { await call(d); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(DriftkitError);
    expect((error as Error).message.startsWith(prefix)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
  it('and accepts the untouched JSON copy', async () => {
    await call(copy());
  });
});
