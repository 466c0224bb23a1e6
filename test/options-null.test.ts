// Issue 13, item 11: options given as null threw a raw TypeError (Cannot read properties of null) in psi,
// klDivergence, jsDivergence, quantileEdges, histogram, compare, detectRoles, binnedDivergences, timeSpan …, and a
// string was silently ignored. Every public function with an options argument now says what is wrong.
import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { DriftkitError } from '../src/errors.js';

const x = Float64Array.from({ length: 50 }, (_, i) => i), y = Float64Array.from({ length: 50 }, (_, i) => i + 3);
const ref = d.profile({ x });
const calls: Record<string, (o: unknown) => unknown> = {
  psi: (o) => d.psi(x, y, o as never), klDivergence: (o) => d.klDivergence(x, y, o as never), jsDivergence: (o) => d.jsDivergence(x, y, o as never),
  hellinger: (o) => d.hellinger(x, y, o as never), totalVariation: (o) => d.totalVariation(x, y, o as never),
  quantileEdges: (o) => d.quantileEdges(x, 10, o as never), histogram: (o) => d.histogram(x, [0, 10, 50], o as never),
  binnedDivergences: (o) => d.binnedDivergences([1, 2], [2, 1], o as never), profile: (o) => d.profile({ x }, o as never),
  compare: (o) => d.compare(ref, { x: y }, o as never), detectRoles: (o) => d.detectRoles({ x: [1, 2] }, o as never),
  timeSpan: (o) => d.timeSpan(['2024-01-01'], o as never), serializeProfile: (o) => d.serializeProfile(ref, o as never),
  ks2samp: (o) => d.ks2samp(x, y, o as never), mannwhitneyu: (o) => d.mannwhitneyu(x, y, o as never),
  cramervonmises2samp: (o) => d.cramervonmises2samp(x, y, o as never), chisquare: (o) => d.chisquare([1, 2, 3], undefined, o as never),
  chi2Contingency: (o) => d.chi2Contingency([[1, 2], [3, 4]], o as never), entropy: (o) => d.entropy([1, 2], null, o as never),
  jensenshannon: (o) => d.jensenshannon([1, 2], [2, 1], o as never), andersonKsamp: (o) => d.andersonKsamp([x, y], o as never),
  deriveContract: (o) => d.deriveContract(ref, o as never), renderTerminal: (o) => d.renderTerminal(d.compare(ref, { x: y }), o as never),
};

describe.each(Object.entries(calls))('%s', (name, call) => {
  it.each([[null, 'null'], ['fast', 'string'], [[1], 'an array']])('options %j: a DriftkitError naming options', (o, what) => {
    let e: unknown;
    try { call(o); } catch (err) { e = err; }
    expect(e).toBeInstanceOf(DriftkitError);
    expect((e as DriftkitError).argument).toBe('options');
    expect((e as Error).message).toMatch(new RegExp(`^${name}: options must be an object.*${what}`));
  });
  it('left out or {}: works', () => {
    call(undefined);
    call({});
  });
});
