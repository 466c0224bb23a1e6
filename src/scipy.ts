// driftkit/scipy: the SciPy mirrors under SciPy's names (scipy.stats.ks_2samp → ks2samp, scipy.special.kl_div →
// klDiv, ...), each reproducing SciPy's result for the same inputs. Browser-safe and pure: no Node built-ins.
// package.json "exports": Node's "node" condition loads scipy-node.ts (this, plus the WASM instantiated on
// import); the "browser" condition loads dist/browser/scipy.js, this file bundled by scripts/build-browser.mjs
// with the engine shared with driftkit/browser (and the root's browser condition), so one `await init()` from
// 'driftkit' serves both; until then, and elsewhere, the plain-JS twins serve every call.
// The drift-domain scores (psi, klDivergence, jsDivergence, hellinger, totalVariation, histograms, compare,
// bootstrap / permutationTest of drift scores) live in 'driftkit'.
export { DriftkitError } from './errors.js';
export type { Backend } from './engine/types.js';
export type { NumericInput, NanPolicy } from './input.js';

// scipy.stats: two-sample tests and distances
export { ks2samp, type Ks2sampOptions, type Ks2sampResult } from './methods/ks2samp.js';
export type { KsAlternative, KsMethod } from './stats/ks2samp-pvalue.js';
export { wassersteinDistance, energyDistance, type CdfDistanceOptions } from './methods/cdf-distance.js';
export { cramervonmises2samp, type Cvm2sampOptions, type Cvm2sampResult } from './methods/cramervonmises.js';
export {
  andersonKsamp, ANDERSON_KSAMP_LEVELS, type AndersonKsampOptions, type AndersonKsampResult, type AndersonKsampVariant,
} from './methods/anderson.js';
export {
  mannwhitneyu, type MannWhitneyUOptions, type MannWhitneyUResult, type MannWhitneyUAlternative,
} from './methods/mannwhitneyu.js';
// scipy.stats: chi-square family (and scipy.stats.contingency.expected_freq)
export {
  chisquare, powerDivergence, chi2Contingency, expectedFreq, LAMBDA_NAMES,
  type ChisquareOptions, type ChisquareResult, type PowerDivergenceOptions, type Chi2ContingencyOptions, type Chi2ContingencyResult,
  type ExpectedInput, type Lambda, type LambdaName, type Nested, type NestedInput,
} from './methods/chisquare.js';
// scipy.stats.entropy, scipy.spatial.distance.jensenshannon; scipy.special.rel_entr / kl_div / entr (elementwise)
export {
  entropy, jensenshannon, relEntrArray as relEntr, klDivArray as klDiv, entrArray as entr, type EntropyOptions,
} from './methods/entropy.js';
