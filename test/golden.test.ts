// Golden cases generated with NumPy/SciPy by scripts/gen_golden.py (test/fixtures/golden.json), run through
// driftkit's public functions on both backends. Tolerances are the generator's (tighter than SciPy's tests).
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cases, expectClose, tolFor, type OracleCase } from './helpers/oracle.js';
import * as dk from '../src/index.js';
import { DriftkitError } from '../src/errors.js';
import { jsKernels, wasmKernels } from '../src/engine/index.js';

const file = fileURLToPath(new URL('./fixtures/golden.json', import.meta.url));
const have = existsSync(file);
const backends = ['wasm', 'js'] as const;

type Runner = (c: OracleCase, backend: (typeof backends)[number]) => Record<string, unknown>;

const P = (c: OracleCase) => c.params ?? {};
const runners: Record<string, Runner> = {
  ks_2samp: (c, backend) => {
    const r = dk.ks2samp(c.inputs.x, c.inputs.y, { alternative: P(c).alternative, method: P(c).method, nanPolicy: P(c).nan_policy, backend });
    return { statistic: r.statistic, pvalue: r.pValue, statistic_location: r.statisticLocation, statistic_sign: r.statisticSign };
  },
  wasserstein_distance: (c, backend) => ({ distance: dk.wassersteinDistance(c.inputs.u_values, c.inputs.v_values, c.inputs.u_weights, c.inputs.v_weights, { backend }) }),
  energy_distance: (c, backend) => ({ distance: dk.energyDistance(c.inputs.u_values, c.inputs.v_values, c.inputs.u_weights, c.inputs.v_weights, { backend }) }),
  cramervonmises_2samp: (c, backend) => {
    const r = dk.cramervonmises2samp(c.inputs.x, c.inputs.y, { method: P(c).method, nanPolicy: P(c).nan_policy, backend });
    return { statistic: r.statistic, pvalue: r.pValue };
  },
  quantile_edges: (c, backend) => ({ edges: dk.quantileEdges(c.inputs.x ?? c.inputs.reference ?? c.inputs.values, P(c).bins, { backend }) }),
  histogram: (c, backend) => ({ counts: dk.histogram(c.inputs.values ?? c.inputs.x, c.inputs.edges ?? c.inputs.bins, { backend }) }),
  histogram_divergences: (c, backend) => {
    const ref = c.inputs.ref ?? c.inputs.reference ?? c.inputs.x, cur = c.inputs.cur ?? c.inputs.current ?? c.inputs.y;
    const o = { bins: P(c).bins, epsilon: P(c).epsilon, backend };
    const b = dk.psi(ref, cur, o);
    const d = dk.binnedDivergences(b.referenceCounts, b.currentCounts, { epsilon: P(c).epsilon, backend });
    const raw = dk.binnedDivergences(b.referenceCounts, b.currentCounts, { epsilon: 0, backend });
    const nr = b.referenceCounts.reduce((s, v) => s + v, 0), nc = b.currentCounts.reduce((s, v) => s + v, 0);
    return {
      edges: b.edges, counts_ref: b.referenceCounts, counts_cur: b.currentCounts,
      p_ref_raw: b.referenceCounts.map((v) => v / nr), p_cur_raw: b.currentCounts.map((v) => v / nc),
      p_ref: d.referenceProportions, p_cur: d.currentProportions, psi: d.psi, psi_terms: d.psiContributions,
      kl_ref_cur: d.klReferenceCurrent, kl_cur_ref: d.klCurrentReference, js_distance: d.jsDistance,
      js_distance_base2: Math.sqrt(d.jsDivergence / Math.LN2), hellinger: d.hellinger, total_variation: d.totalVariation,
      psi_raw: raw.psi, kl_ref_cur_raw: raw.klReferenceCurrent, kl_cur_ref_raw: raw.klCurrentReference,
      js_distance_raw: raw.jsDistance, js_distance_base2_raw: Math.sqrt(raw.jsDivergence / Math.LN2),
      hellinger_raw: raw.hellinger, total_variation_raw: raw.totalVariation,
    };
  },
  categorical_divergences: (c, backend) => {
    // codes → counts per category of the union (the countCodes kernel), then the binned divergences
    const ref = Int32Array.from(c.inputs.ref), cur = Int32Array.from(c.inputs.cur);
    const k = Math.max(...ref, ...cur) + 1;
    const K = backend === 'wasm' ? wasmKernels() : jsKernels;
    const rc = K.countCodes(ref, k).subarray(0, k), cc = K.countCodes(cur, k).subarray(0, k);
    const keep = Array.from({ length: k }, (_, i) => i).filter((i) => rc[i] + cc[i] > 0);
    const r = Float64Array.from(keep, (i) => rc[i]), q = Float64Array.from(keep, (i) => cc[i]);
    const d = dk.binnedDivergences(r, q, { epsilon: P(c).epsilon, backend });
    const raw = dk.binnedDivergences(r, q, { epsilon: 0, backend });
    return {
      categories: keep, counts_ref: r, counts_cur: q, p_ref: d.referenceProportions, p_cur: d.currentProportions,
      psi: d.psi, psi_terms: d.psiContributions, kl_ref_cur: d.klReferenceCurrent, kl_cur_ref: d.klCurrentReference,
      js_distance: d.jsDistance, js_distance_base2: Math.sqrt(d.jsDivergence / Math.LN2), hellinger: d.hellinger,
      total_variation: d.totalVariation, kl_ref_cur_raw: raw.klReferenceCurrent, kl_cur_ref_raw: raw.klCurrentReference,
      js_distance_raw: raw.jsDistance, hellinger_raw: raw.hellinger, total_variation_raw: raw.totalVariation,
    };
  },
  chisquare: (c) => {
    const r = dk.chisquare(c.inputs.f_obs, c.inputs.f_exp, { ddof: P(c).ddof });
    return { statistic: r.statistic, pvalue: r.pValue };
  },
  chi2_contingency: (c) => {
    const r = dk.chi2Contingency(c.inputs.observed, { correction: P(c).correction, lambda: P(c).lambda_ });
    return { statistic: r.statistic, pvalue: r.pValue, dof: r.dof, expected_freq: r.expectedFreq };
  },
  entropy: (c) => ({ entropy: dk.entropy(c.inputs.pk, c.inputs.qk, { base: P(c).base }) }),
  jensenshannon: (c) => ({ distance: dk.jensenshannon(c.inputs.p, c.inputs.q, { base: P(c).base }) }),
  mannwhitneyu: (c) => {
    const r = dk.mannwhitneyu(c.inputs.x, c.inputs.y, { alternative: P(c).alternative, method: P(c).method, useContinuity: P(c).use_continuity, nanPolicy: P(c).nan_policy });
    return { statistic: r.statistic, pvalue: r.pValue };
  },
  anderson_ksamp: (c) => {
    const r = dk.andersonKsamp(c.inputs.samples, { variant: P(c).variant });
    return { statistic: r.statistic, pvalue: r.pValue, critical_values: r.criticalValues };
  },
};

// Where SciPy returns a number for a meaningless argument, driftkit raises (documented in the README):
// a logarithm base <= 0 or == 1 (SciPy: -0.0, NaN or inf), NaN given to anderson_ksamp (a finite number).
const deliberateError = (c: OracleCase) =>
  // SciPy returns NaN for an empty sample; driftkit raises (the generator already records ks/cvm this way)
  (c.function === 'mannwhitneyu' && (c.inputs.x.length === 0 || c.inputs.y.length === 0)) ||
  (c.params?.base !== undefined && c.params.base !== null && (c.params.base <= 0 || c.params.base === 1)) ||
  (c.function === 'anderson_ksamp' && c.inputs.samples.some((s: number[]) => s.some((v) => Number.isNaN(v))));

describe.skipIf(!have)('golden cases (NumPy/SciPy generated)', () => {
  if (!have) return;
  for (const [fn, run] of Object.entries(runners)) {
    const cs = cases(fn, 'golden.json');
    describe(fn, () => {
      for (const backend of backends) {
        for (const c of cs) {
          it(`${c.id} [${backend}]`, () => {
            if (c.expected.error || deliberateError(c)) {
              expect(() => run(c, backend)).toThrow(DriftkitError);
              return;
            }
            const out = run(c, backend);
            for (const [k, e] of Object.entries(c.expected)) {
              if (!(k in out)) continue;
              expectClose(out[k] instanceof Float64Array ? Array.from(out[k] as Float64Array) : out[k], e, tolFor(c, k), `${c.id} ${k}`);
            }
          });
        }
      }
    });
  }
});
