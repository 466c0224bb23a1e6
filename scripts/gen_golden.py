"""Golden cases for driftkit, computed with the installed NumPy/SciPy on seeded data.

Writes test/fixtures/golden.json in the `driftkit-oracle/1` format (see test/fixtures/README.md and the
project's oracle README). Run from anywhere:  python3 scripts/gen_golden.py
The output is deterministic: the same NumPy/SciPy versions give byte-identical files.

Conventions
- Every dataset has its own generator, numpy.random.default_rng(SeedSequence(BASE_SEED,
  spawn_key=(crc32(name),))), so adding a dataset never changes another one.
- Arrays live once in the top-level `datasets`; cases point at them with {"$ref": "<dataset>.<key>"}.
  Inputs over 5000 values are `null` in `inputs` and given in `inputs_spec` as a linspace recipe.
- Finite floats are shortest round-trip reprs (-0.0 kept); non-finite values are "NaN", "Infinity",
  "-Infinity". Counts and dof are integers.
- `params` hold SciPy keyword names; a keyword that is absent takes SciPy's default.
- expected_origin: `local_scipy` (scipy 1.17.1 called directly), `numpy_scipy_pipeline` (the binning
  pipeline below, built from numpy.quantile / numpy.histogram / scipy entropy and jensenshannon),
  `driftkit_convention` (where driftkit deliberately differs from the raw numpy pipeline: NaN dropped before
  binning, non-finite or empty references rejected).
"""
import hashlib
import json
import math
import os
import platform
import sys
import warnings
import zlib

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from oracle_json import enc as enc_float  # noqa: E402

BASE_SEED = 20260521
EPS = 1e-6
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "golden.json")
MAX_STORED = 5000
INT32_MAX = 2147483647

# ---------------------------------------------------------------------------------------------------------
# Tolerances (the recommended table: tighter than SciPy's own tests)
EXACT = {"rtol": 0.0, "atol": 0.0, "assert": "exact"}
SHORT = {"rtol": 1e-12, "atol": 1e-15, "assert": "short sum"}
LONG = {"rtol": 1e-10, "atol": 1e-14, "assert": "long sum"}
PVAL = {"rtol": 1e-8, "atol": 1e-15, "assert": "p-value"}
BINNED = {"rtol": 1e-10, "atol": 1e-15, "assert": "binned divergence"}


# ---------------------------------------------------------------------------------------------------------
# Encoding
def enc(v):
    """numpy/python value -> JSON-able value (non-finite floats as strings, integers kept integral)."""
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, np.ndarray):
        return enc(v.tolist())
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return enc_float(v)
    if v is None or isinstance(v, str):
        return v
    raise TypeError(f"cannot encode {type(v)}")


def enc_floats(a):
    """An input array: always floats (so integer-valued data still reads as doubles)."""
    return [enc(float(x)) for x in np.asarray(a, dtype=np.float64).tolist()]


def f64_sha256(a):
    return hashlib.sha256(np.ascontiguousarray(a, dtype="<f8").tobytes()).hexdigest()


# ---------------------------------------------------------------------------------------------------------
# Datasets
DATASETS = {}  # name -> {key: np.ndarray}
KIND = {}  # name -> "gen" | "edge"
SPECS = {}  # (name, key) -> linspace recipe for inputs over the cap


def rng_for(name):
    return np.random.default_rng(np.random.SeedSequence(BASE_SEED, spawn_key=(zlib.crc32(name.encode()),)))


def add_ds(name, kind, **arrays):
    assert name not in DATASETS, name
    DATASETS[name] = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}
    KIND[name] = kind
    for k, v in DATASETS[name].items():
        assert v.ndim == 1
        if v.size > MAX_STORED:
            assert (name, k) in SPECS, f"{name}.{k} has {v.size} values; give a linspace recipe"


LINSPACE_FORMULA = ("y[i] = start + i*((stop-start)/(num-1)) for i<num-1; y[num-1] = stop; "
                    "then y[i] = y[i] - subtract when subtract is not null")


def linspace_recipe(name, key, start, stop, num, subtract=None):
    y = np.linspace(start, stop, num)
    step = (stop - start) / (num - 1)
    z = start + np.arange(num, dtype=np.float64) * step
    z[num - 1] = stop
    assert np.array_equal(y.view(np.uint64), z.view(np.uint64)), "linspace recipe is not bit-exact"
    if subtract is not None:
        y = y - subtract
    SPECS[(name, key)] = {"kind": "linspace", "start": float(start), "stop": float(stop), "num": int(num),
                          "subtract": subtract, "formula": LINSPACE_FORMULA, "sha256_f64le": f64_sha256(y)}
    return y


def data(name, key):
    return DATASETS[name][key]


def ref(name, key):
    """An input: a $ref into `datasets`, or None when the array is a recipe (see inputs_spec)."""
    if (name, key) in SPECS:
        return None
    return {"$ref": f"{name}.{key}"}


def spec_of(name, keys):
    out = {}
    for inp, key in keys.items():
        if (name, key) in SPECS:
            out[inp] = SPECS[(name, key)]
    return out or None


def build_datasets():
    def normal_pair(name, n1, n2, loc2=0.0, scale2=1.0):
        r = rng_for(name)
        add_ds(name, "gen", x=r.standard_normal(n1), y=loc2 + scale2 * r.standard_normal(n2))

    # normal, same distribution: small and medium
    normal_pair("normal_5_8", 5, 8)
    normal_pair("normal_8_8", 8, 8)
    normal_pair("normal_13_20", 13, 20)
    normal_pair("normal_20_20", 20, 20)
    normal_pair("normal_200_200", 200, 200)
    normal_pair("normal_1000_1000", 1000, 1000)
    normal_pair("normal_3000_3000", 3000, 3000)
    # shifted and scaled
    normal_pair("shift_20_20", 20, 20, loc2=1.0)
    normal_pair("shift_500_500", 500, 500, loc2=0.3)
    normal_pair("shift_2000_2500", 2000, 2500, loc2=0.1)
    normal_pair("scale_800_800", 800, 800, scale2=1.5)
    # same distribution, different sizes
    normal_pair("sizes_300_450", 300, 450)
    normal_pair("sizes_1000_1500", 1000, 1500)
    normal_pair("sizes_2999_3001", 2999, 3001)
    # integers with many ties
    r = rng_for("poisson_400_500")
    add_ds("poisson_400_500", "gen", x=r.poisson(3.0, 400), y=r.poisson(3.4, 500))
    r = rng_for("rounded_600_700")
    add_ds("rounded_600_700", "gen", x=np.round(r.standard_normal(600), 1), y=np.round(0.1 + r.standard_normal(700), 1))
    r = rng_for("ties_small_12_15")
    add_ds("ties_small_12_15", "gen", x=r.integers(0, 5, 12), y=r.integers(1, 6, 15))
    # heavy tails
    r = rng_for("student_t_1000_1000")
    add_ds("student_t_1000_1000", "gen", x=r.standard_t(1.5, 1000), y=0.1 + r.standard_t(1.5, 1000))
    r = rng_for("lognormal_800_900")
    add_ds("lognormal_800_900", "gen", x=r.lognormal(0.0, 2.0, 800), y=r.lognormal(0.2, 2.0, 900))
    r = rng_for("pareto_500_600")
    add_ds("pareto_500_600", "gen", x=1.0 + r.pareto(1.5, 500), y=1.0 + r.pareto(1.3, 600))
    # large scale: reference in day counts (~2e4), current mistakenly in Unix seconds (~1.7e9)
    r = rng_for("timestamps_vs_days_1000_1000")
    add_ds("timestamps_vs_days_1000_1000", "gen",
           x=19000 + r.integers(0, 730, 1000),
           y=(19000 + r.integers(0, 760, 1000)) * 86400 + r.integers(0, 86400, 1000))
    # both in Unix seconds with milliseconds, a one-week drift: big magnitudes, small gaps
    r = rng_for("timestamps_drift_2000_2000")
    add_ds("timestamps_drift_2000_2000", "gen",
           x=np.round(1.7e9 + r.uniform(0, 3.15e7, 2000), 3),
           y=np.round(1.7e9 + 604800 + r.uniform(0, 3.15e7, 2000), 3))
    # binary 0/1
    r = rng_for("binary_200_250")
    add_ds("binary_200_250", "gen", x=(r.random(200) < 0.3), y=(r.random(250) < 0.4))

    # edge cases
    r = rng_for("identical_100")
    add_ds("identical_100", "edge", x=r.standard_normal(100))
    r = rng_for("disjoint_50_60")
    add_ds("disjoint_50_60", "edge", x=r.uniform(0, 1, 50), y=r.uniform(2, 3, 60))
    r = rng_for("single_1_20")
    add_ds("single_1_20", "edge", x=[0.5], y=r.standard_normal(20))
    add_ds("single_1_1", "edge", x=[0.3], y=[1.7])
    add_ds("constant_same", "edge", x=np.full(30, 5.0), y=np.full(40, 5.0))
    add_ds("constant_diff", "edge", x=np.full(30, 5.0), y=np.full(40, 7.0))
    r = rng_for("with_nan")
    x = r.standard_normal(50)
    y = 0.5 + r.standard_normal(60)
    x[[3, 17, 40]] = np.nan
    y[[0, 33]] = np.nan
    add_ds("with_nan", "edge", x=x, y=y)
    r = rng_for("with_posinf")
    x = r.standard_normal(50)
    x[7] = np.inf
    add_ds("with_posinf", "edge", x=x, y=r.standard_normal(60))
    r = rng_for("with_inf_both")
    x = r.standard_normal(30)
    y = r.standard_normal(35)
    x[4] = np.inf
    y[10] = np.inf
    y[20] = -np.inf
    add_ds("with_inf_both", "edge", x=x, y=y)
    add_ds("signed_zero", "edge", x=[-0.0, 0.0, 0.0, 1.0, -1.0, 2.0], y=[0.0, -0.0, 0.5, -0.5, 3.0])
    r = rng_for("empty")
    add_ds("empty", "edge", x=np.zeros(0), y=r.standard_normal(20))

    # ks_2samp around the exact/asymp size threshold (recipes; over the 5000 cap)
    linspace_recipe("ks_threshold", "x", 0.0, 1.0, 10000)
    linspace_recipe("ks_threshold", "y", 0.02, 1.02, 10001)
    linspace_recipe("ks_threshold", "z", 0.02, 1.02, 10000)
    add_ds("ks_threshold", "edge", x=np.linspace(0.0, 1.0, 10000), y=np.linspace(0.02, 1.02, 10001),
           z=np.linspace(0.02, 1.02, 10000))
    linspace_recipe("ks_lcm_overflow", "x", 0.0, 1.0, 50000)
    linspace_recipe("ks_lcm_overflow", "y", 0.01, 1.01, 50001)
    add_ds("ks_lcm_overflow", "edge", x=np.linspace(0.0, 1.0, 50000), y=np.linspace(0.01, 1.01, 50001))

    # k-sample sets for anderson_ksamp
    r = rng_for("three_normal_100_120_140")
    add_ds("three_normal_100_120_140", "gen", a=r.standard_normal(100), b=r.standard_normal(120),
           c=r.standard_normal(140))
    r = rng_for("three_shift_40_50_60")
    add_ds("three_shift_40_50_60", "gen", a=r.standard_normal(40), b=0.5 + r.standard_normal(50),
           c=1.0 + r.standard_normal(60))
    r = rng_for("three_poisson_80_90_100")
    add_ds("three_poisson_80_90_100", "gen", a=r.poisson(2.0, 80), b=r.poisson(2.0, 90), c=r.poisson(2.5, 100))

    # categorical codes (reference `ref`, current `cur`)
    r = rng_for("cat3_500_600")
    add_ds("cat3_500_600", "gen", ref=r.choice(3, 500, p=[0.5, 0.3, 0.2]), cur=r.choice(3, 600, p=[0.45, 0.3, 0.25]))
    r = rng_for("cat5_1000_1000")
    add_ds("cat5_1000_1000", "gen", ref=r.choice(5, 1000, p=[0.1, 0.2, 0.3, 0.25, 0.15]),
           cur=r.choice(5, 1000, p=[0.15, 0.2, 0.25, 0.25, 0.15]))
    # 12 categories: code 11 never appears in the reference, code 3 never in the current
    r = rng_for("cat12_2000_1800")
    p_ref = np.array([8, 7, 6, 5, 5, 4, 4, 3, 3, 2, 1, 0], dtype=float)
    p_cur = np.array([8, 7, 6, 0, 5, 4, 4, 3, 3, 2, 1, 2], dtype=float)
    add_ds("cat12_2000_1800", "gen", ref=r.choice(12, 2000, p=p_ref / p_ref.sum()),
           cur=r.choice(12, 1800, p=p_cur / p_cur.sum()))

    # weights for wasserstein_distance / energy_distance
    r = rng_for("weighted_40_50")
    uw = r.uniform(0.1, 3.0, 40)
    uw[[2, 11, 19, 30, 39]] = 0.0
    vw = r.uniform(0.1, 3.0, 50)
    vw[[0, 25, 49]] = 0.0
    add_ds("weighted_40_50", "gen", u=r.standard_normal(40), v=0.5 + r.standard_normal(50), uw=uw, vw=vw)
    r = rng_for("weighted_ties_30_30")
    add_ds("weighted_ties_30_30", "gen", u=r.integers(0, 6, 30), v=r.integers(1, 7, 30),
           uw=r.integers(0, 5, 30), vw=r.integers(0, 5, 30))
    r = rng_for("weighted_500_700")
    add_ds("weighted_500_700", "gen", u=r.standard_normal(500), v=r.normal(0.2, 1.2, 700),
           uw=r.lognormal(0, 1, 500), vw=r.lognormal(0, 1, 700))
    r = rng_for("weighted_timestamps_300_300")
    add_ds("weighted_timestamps_300_300", "gen", u=np.round(1.7e9 + r.uniform(0, 3.15e7, 300), 3),
           v=np.round(1.7e9 + 86400 + r.uniform(0, 3.15e7, 300), 3), uw=r.uniform(0, 1, 300), vw=r.uniform(0, 1, 300))
    r = rng_for("weighted_errors")
    add_ds("weighted_errors", "edge", u=r.standard_normal(10), v=r.standard_normal(12), uw=r.uniform(0.5, 1, 10),
           vw=r.uniform(0.5, 1, 12), uw_negative=np.array([1, 1, 1, -0.5, 1, 1, 1, 1, 1, 1.0]),
           uw_zero=np.zeros(10), uw_short=np.ones(9))

    # histogram() inputs: values with points outside the edges and exactly on the edges
    r = rng_for("histogram_values")
    on_edges = np.concatenate([np.arange(0.0, 10.5, 0.5), np.arange(0.0, 11.0, 1.0), [-0.0, -1.0, 11.0, 10.0]])
    add_ds("histogram_values", "edge", normal=r.standard_normal(500), integers=on_edges,
           special=np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, 2.0, 2.0, 3.0, np.nan, 5e-324, -5e-324]))


# ---------------------------------------------------------------------------------------------------------
# Cases
CASES = []
IDS = set()


def call(f, *args, **kw):
    """(result, exception, warnings) with every warning recorded as 'Category: message'."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            res = f(*args, **kw)
            err = None
        except Exception as e:  # noqa: BLE001 - recorded as the expected error
            res, err = None, e
    msgs = []
    for m in w:
        s = f"{m.category.__name__}: {str(m.message).splitlines()[0]}"
        if s not in msgs:
            msgs.append(s)
    return res, err, msgs


# driftkit rejects an empty sample in these functions, where SciPy returns NaN with a SmallSampleWarning.
# Such cases expect {"error": "ValueError"} (origin driftkit_convention) and keep SciPy's output in `local_scipy`.
DRIFTKIT_REJECTS_EMPTY = {"ks_2samp", "cramervonmises_2samp"}


def add_case(cid, fn, params, inputs, expected, tolerance, origin, spec=None, warns=None, err=None, **extra):
    assert cid not in IDS, cid
    IDS.add(cid)
    c = {"id": cid, "function": fn, "params": params, "inputs": inputs}
    if spec:
        c["inputs_spec"] = spec
    empty = [k for k, v in inputs.items() if isinstance(v, dict) and "$ref" in v
             and DATASETS[v["$ref"].split(".")[0]][v["$ref"].split(".")[1]].size == 0]
    if fn in DRIFTKIT_REJECTS_EMPTY and empty and err is None:
        extra["local_scipy"] = expected
        extra["notes"] = ((extra.get("notes") or "") + f" SciPy returns NaN with a SmallSampleWarning for an empty "
                          f"sample ({', '.join(empty)}); driftkit rejects it.").strip()
        err, origin = ValueError(f"{empty[0]} must not be empty"), "driftkit_convention"
    if err is not None:
        c["expected"] = {"error": type(err).__name__}
        c["error_message"] = str(err).splitlines()[0] if str(err) else ""
        c["tolerance"] = {}
    else:
        c["expected"] = expected
        c["tolerance"] = tolerance
    c["expected_origin"] = origin
    for k, v in extra.items():
        if v is not None:
            c[k] = v
    if warns:
        c["scipy_warnings"] = warns
    CASES.append(enc(c))


def cid_of(ds, fn, variant):
    return f"{KIND[ds]}/{ds}/{fn}/{variant}"


# ---- ks_2samp --------------------------------------------------------------------------------------------
KS_TOL = {"statistic": SHORT, "pvalue": PVAL, "statistic_location": EXACT, "statistic_sign": EXACT}


def ks_method_used(x, y, method, nan_policy, warns, err):
    if err is not None:
        return None
    if nan_policy == "omit":
        x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    elif np.isnan(x).any() or np.isnan(y).any():
        return None  # propagate: no p-value path
    n1, n2 = x.size, y.size
    if n1 == 0 or n2 == 0:
        return None
    if any("Exact calculation unsuccessful" in w for w in warns):
        return "asymp (exact failed)"
    if any("calculation not possible" in w for w in warns):
        return "asymp"
    if method == "auto":
        return "exact" if max(n1, n2) <= 10000 else "asymp"
    g = math.gcd(n1, n2)
    if method == "exact" and (n1 // g) >= INT32_MAX / (n2 // g):
        raise AssertionError("expected the 'not possible' warning")
    return method


def ks_case(ds, xk, yk, alternative, method, nan_policy=None, tag=""):
    x, y = data(ds, xk), data(ds, yk)
    params = {"alternative": alternative, "method": method}
    if nan_policy is not None:
        params["nan_policy"] = nan_policy
    res, err, warns = call(stats.ks_2samp, x, y, **params)
    expected = None
    if err is None:
        expected = {"statistic": res.statistic, "pvalue": res.pvalue, "statistic_location": res.statistic_location,
                    "statistic_sign": res.statistic_sign if np.isnan(res.statistic_sign) else int(res.statistic_sign)}
    variant = f"{alternative}_{method}" + (f"_{nan_policy}" if nan_policy else "") + tag
    used = ks_method_used(x, y, method, nan_policy, warns, err)
    notes = None
    if used and used.startswith("asymp") and alternative == "two-sided":
        xs, ys = x[~np.isnan(x)], y[~np.isnan(y)]
        m, n = sorted([float(xs.size), float(ys.size)], reverse=True)
        if np.round(m * n / (m + n)) == 0:
            notes = ("asymp two-sided: en = m*n/(m+n) = 0.5 rounds half-to-even to 0, and kstwo.sf(d, 0) is NaN "
                     "(RuntimeWarning divide by zero).")
    if expected is not None and not np.isnan(res.statistic) and math.copysign(1.0, res.statistic) < 0:
        notes = ((notes + " ") if notes else "") + ("statistic is -0.0: clip(-min(diff), 0, 1) keeps the sign of "
                                                    "-0.0 on the asymp path (the exact path returns h/lcm = +0.0).")
    add_case(cid_of(ds, "ks_2samp", variant), "ks_2samp", params, {"x": ref(ds, xk), "y": ref(ds, yk)}, expected,
             KS_TOL, "local_scipy", spec=spec_of(ds, {"x": xk, "y": yk}), warns=warns, err=err,
             notes=notes, derived={"method_used": used})


# ---- wasserstein / energy ----------------------------------------------------------------------------------
def cdf_case(ds, fn, uk, vk, uwk=None, vwk=None, variant="unweighted", notes=None):
    f = stats.wasserstein_distance if fn == "wasserstein_distance" else stats.energy_distance
    args = [data(ds, uk), data(ds, vk)]
    inputs = {"u_values": ref(ds, uk), "v_values": ref(ds, vk)}
    if uwk is not None or vwk is not None:
        args += [data(ds, uwk) if uwk else None, data(ds, vwk) if vwk else None]
        if uwk:
            inputs["u_weights"] = ref(ds, uwk)
        if vwk:
            inputs["v_weights"] = ref(ds, vwk)
    res, err, warns = call(f, *args)
    add_case(cid_of(ds, fn, variant), fn, {}, inputs, None if err else {"distance": res}, {"distance": LONG},
             "local_scipy", warns=warns, err=err, notes=notes)


# ---- cramervonmises_2samp -----------------------------------------------------------------------------------
def cvm_case(ds, xk, yk, method, nan_policy=None):
    params = {"method": method}
    if nan_policy is not None:
        params["nan_policy"] = nan_policy
    res, err, warns = call(stats.cramervonmises_2samp, data(ds, xk), data(ds, yk), **params)
    variant = method + (f"_{nan_policy}" if nan_policy else "")
    add_case(cid_of(ds, "cramervonmises_2samp", variant), "cramervonmises_2samp", params,
             {"x": ref(ds, xk), "y": ref(ds, yk)}, None if err else {"statistic": res.statistic, "pvalue": res.pvalue},
             {"statistic": LONG, "pvalue": PVAL}, "local_scipy", warns=warns, err=err)


# ---- mannwhitneyu -----------------------------------------------------------------------------------------
def mwu_case(ds, xk, yk, alternative, method, use_continuity, nan_policy=None):
    params = {"use_continuity": use_continuity, "alternative": alternative, "method": method}
    if nan_policy is not None:
        params["nan_policy"] = nan_policy
    res, err, warns = call(stats.mannwhitneyu, data(ds, xk), data(ds, yk), **params)
    variant = f"{alternative}_{method}_cc{int(use_continuity)}" + (f"_{nan_policy}" if nan_policy else "")
    x, y = data(ds, xk), data(ds, yk)
    xs, ys = x[~np.isnan(x)], y[~np.isnan(y)]
    pooled = np.concatenate([xs, ys])
    ties = np.unique(pooled).size < pooled.size
    notes = []
    if err is None and xs.size and ys.size and (nan_policy == "omit" or xs.size + ys.size == x.size + y.size):
        chosen = method if method != "auto" else ("asymptotic" if (xs.size > 8 and ys.size > 8) or ties else "exact")
        notes.append(f"p-value path: {chosen}.")
        if chosen == "exact" and ties:
            notes.append("exact with ties: SciPy uses the no-ties null distribution of U (ties are ignored).")
            u1 = float(res.statistic)
            u = {"greater": u1, "less": xs.size * ys.size - u1}.get(alternative, max(u1, xs.size * ys.size - u1))
            if u != math.floor(u):
                notes.append(f"U = {u} is cast to int64 ({int(u)}) before the exact survival function.")
        if np.isnan(res.pvalue):
            notes.append("p is NaN: every value is tied, so the tie-corrected sigma is 0 and z = 0/0 "
                         "(with use_continuity the numerator is -0.5, z = -inf and p = 1).")
    add_case(cid_of(ds, "mannwhitneyu", variant), "mannwhitneyu", params, {"x": ref(ds, xk), "y": ref(ds, yk)},
             None if err else {"statistic": res.statistic, "pvalue": res.pvalue},
             {"statistic": SHORT, "pvalue": PVAL}, "local_scipy", warns=warns, err=err,
             notes=" ".join(notes) or None)


# ---- anderson_ksamp -----------------------------------------------------------------------------------------
AD_B0 = np.array([0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085])
AD_B1 = np.array([-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615])
AD_B2 = np.array([-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154])


def ad_case(ds, keys, variant):
    samples = [data(ds, k) for k in keys]
    res, err, warns = call(stats.anderson_ksamp, samples, variant=variant)
    expected = None
    if err is None:
        m = len(samples) - 1
        critical = AD_B0 + AD_B1 / math.sqrt(m) + AD_B2 / m  # scipy's expression; only `variant`-less calls return it
        if variant in ("midrank", "right"):
            legacy, _, _ = call(stats.anderson_ksamp, samples, midrank=(variant == "midrank"))
            assert np.array_equal(legacy.critical_values, critical)
            assert legacy.statistic == res.statistic and legacy.pvalue == res.pvalue
        expected = {"statistic": res.statistic, "pvalue": res.pvalue, "critical_values": critical}
    notes = None
    if err is None:
        notes = ("critical_values: b0 + b1/sqrt(k-1) + b2/(k-1) as in scipy (returned only by the legacy call "
                 "without `variant`).")
        if any(np.isnan(s).any() for s in samples):
            notes += (" anderson_ksamp has no NaN handling: NaN sorts last and counts as a distinct value, so this "
                      "finite result is meaningless; driftkit may reject NaN instead.")
    elif isinstance(err, IndexError):
        notes = "SciPy crashes with IndexError when N = 2 (two one-observation samples); reject such input."
    add_case(cid_of(ds, "anderson_ksamp", f"{variant}_k{len(keys)}"), "anderson_ksamp", {"variant": variant},
             {"samples": [ref(ds, k) for k in keys]}, expected,
             {"statistic": LONG, "pvalue": PVAL, "critical_values": SHORT}, "local_scipy", warns=warns, err=err,
             notes=notes)


# ---- binning pipeline ---------------------------------------------------------------------------------------
def quantile_readme(s, p):
    """The README's description of numpy.quantile(method='linear') on sorted `s` (Python floats)."""
    n = len(s)
    h = (n - 1) * p
    lo = math.floor(h)
    g = h - lo
    a = s[lo]
    b = s[lo + 1] if h < n - 1 else s[n - 1]
    return a + (b - a) * g if g < 0.5 else b - (b - a) * (1 - g)


N_QUANTILE_CHECKS = [0]


N_SIGNED_ZERO_DIFFS = [0]


def same_bits(a, b):
    """Bit-identical, except that -0.0 and 0.0 are equal: numpy partitions rather than sorts, so which zero
    lands next to the interpolation point among tied +-0 values is unspecified (JS sorts -0 before +0)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    both_nan = np.isnan(a) & np.isnan(b)
    bits = a.view(np.uint64) == b.view(np.uint64)
    zeros = (a == 0) & (b == 0)
    N_SIGNED_ZERO_DIFFS[0] += int(np.count_nonzero(zeros & ~bits))
    return bool(np.all(both_nan | bits | zeros))


def quantiles_checked(values, bins):
    probs = np.arange(bins + 1) / bins
    q = np.quantile(values, probs)
    s = np.sort(values).tolist()
    mine = [quantile_readme(s, float(p)) for p in probs]
    assert same_bits(mine, q), f"README quantile rule differs from numpy: {mine} vs {q.tolist()}"
    for k, p in enumerate(probs):
        assert float(p) == k / bins
    N_QUANTILE_CHECKS[0] += len(probs)
    return q


class PipelineError(ValueError):
    pass


def quantile_edges(ref_values, bins):
    """driftkit's edges: numpy.quantile (linear) at k/bins, unique, outer edges opened. NaN already dropped."""
    if ref_values.size == 0:
        raise PipelineError("reference has no non-NaN values")
    if not np.all(np.isfinite(ref_values)):
        raise PipelineError("reference must be finite to fit quantile edges")
    q = quantiles_checked(ref_values, bins)
    u = np.unique(q)
    if u.size < 2:
        return np.array([-np.inf, np.inf])
    u[0] = -np.inf
    u[-1] = np.inf
    return u


def bin_counts(values, edges):
    """searchsorted(edges[1:-1], x, 'right') bin index; checked against numpy.histogram."""
    idx = np.searchsorted(edges[1:-1], values, side="right")
    counts = np.bincount(idx, minlength=edges.size - 1)
    assert np.array_equal(counts, np.histogram(values, edges)[0])
    return counts


def divergences(p, q):
    """Every divergence of the README between proportion vectors p (reference) and q (current)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (q - p) * np.log(q / p)
    return {
        "psi": np.sum(terms),
        "psi_terms": terms,
        "kl_ref_cur": stats.entropy(p, q),
        "kl_cur_ref": stats.entropy(q, p),
        "js_distance": distance.jensenshannon(p, q),
        "js_distance_base2": distance.jensenshannon(p, q, base=2),
        "hellinger": np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)),
        "total_variation": 0.5 * np.sum(np.abs(p - q)),
    }


def proportions_from_counts(cr, cc, eps):
    out = {"counts_ref": cr, "counts_cur": cc}
    out["p_ref_raw"] = cr / cr.sum()
    out["p_cur_raw"] = cc / cc.sum()
    pr = np.maximum(out["p_ref_raw"], eps)
    pc = np.maximum(out["p_cur_raw"], eps)
    out["p_ref"] = pr / pr.sum()
    out["p_cur"] = pc / pc.sum()
    d = divergences(out["p_ref"], out["p_cur"])
    out.update(d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = divergences(out["p_ref_raw"], out["p_cur_raw"])
    for k, v in raw.items():
        if k != "psi_terms":
            out[k + "_raw"] = v
    return out


HIST_TOL = {"*": BINNED, "edges": EXACT, "counts_ref": EXACT, "counts_cur": EXACT, "categories": EXACT,
            "p_ref_raw": SHORT, "p_cur_raw": SHORT, "p_ref": SHORT, "p_cur": SHORT}


def hist_case(ds, rk, ck, bins=10, tag=""):
    ref_v, cur_v = data(ds, rk), data(ds, ck)
    notes, origin = None, "numpy_scipy_pipeline"
    if np.isnan(ref_v).any() or np.isnan(cur_v).any():
        origin = "driftkit_convention"
        notes = "NaN values are dropped from both samples before binning (numpy.quantile would return NaN edges)."
    r, c = ref_v[~np.isnan(ref_v)], cur_v[~np.isnan(cur_v)]
    expected, err = None, None
    try:
        if c.size == 0:
            raise PipelineError("current has no non-NaN values")
        edges = quantile_edges(r, bins)
        out = {"edges": edges}
        out.update(proportions_from_counts(bin_counts(r, edges), bin_counts(c, edges), EPS))
        expected = out
        if np.isnan(out["psi_raw"]):
            notes = ((notes + " ") if notes else "") + ("psi_raw is NaN: a bin is empty in both samples, and "
                                                       "(0-0)*log(0/0) is NaN in the literal formula.")
    except PipelineError as e:
        err = ValueError(str(e))
        origin = "driftkit_convention"
        if not np.all(np.isfinite(r)) and r.size:
            with np.errstate(invalid="ignore"):
                q_np = np.quantile(r, np.arange(bins + 1) / bins)
            notes = ("driftkit rejects a non-finite reference; numpy.quantile would interpolate inf - inf = NaN "
                     f"edges (here {enc(q_np)}).")
        else:
            notes = "driftkit rejects an empty (or all-NaN) sample; numpy.quantile raises IndexError on an empty one."
    add_case(cid_of(ds, "histogram_divergences", f"bins{bins}{tag}"), "histogram_divergences",
             {"bins": bins, "epsilon": EPS}, {"ref": ref(ds, rk), "cur": ref(ds, ck)}, expected, HIST_TOL, origin,
             err=err, notes=notes)


def quantile_edges_alone(ref_values, bins):
    """quantileEdges(): as quantile_edges, but a reference holding ±inf is accepted as numpy.quantile accepts it:
    inner quantiles numpy interpolates to ±inf or NaN (next to an infinite value) are no edge, so the infinite
    values share the outer bins; outer edges ±inf. (The divergences still reject ±inf: quantile_edges.)"""
    if ref_values.size == 0 or np.all(np.isfinite(ref_values)):
        return quantile_edges(ref_values, bins)
    with np.errstate(invalid="ignore"):
        q = np.quantile(ref_values, np.arange(bins + 1) / bins)
    out = [-np.inf]
    for x in q[1:-1]:
        if np.isfinite(x) and x != q[0] and x != q[-1] and x != out[-1]:
            out.append(x)
    out.append(np.inf)
    return np.array(out)


def edges_case(ds, key, bins, tag=""):
    v = data(ds, key)
    origin, notes, expected, err = "numpy_scipy_pipeline", None, None, None
    if np.isnan(v).any():
        origin = "driftkit_convention"
        notes = "NaN values are dropped before numpy.quantile."
    try:
        vv = v[~np.isnan(v)]
        expected = {"edges": quantile_edges_alone(vv, bins)}
        if vv.size and not np.all(np.isfinite(vv)):
            origin = "driftkit_convention"
            notes = ("numpy.quantile's finite inner quantiles; those it interpolates to inf or NaN next to an "
                     "infinite value are dropped (the infinite values share the outer bin).")
    except PipelineError as e:
        err, origin = ValueError(str(e)), "driftkit_convention"
        notes = "driftkit rejects an empty reference (numpy.quantile raises IndexError on empty input)."
    add_case(cid_of(ds, "quantile_edges", f"bins{bins}{tag}"), "quantile_edges", {"bins": bins},
             {"x": ref(ds, key)}, expected, {"edges": EXACT}, origin, err=err, notes=notes)


def histogram_case(name, values_input, values, edges, notes=None):
    edges = np.asarray(edges, dtype=np.float64)
    counts = np.histogram(values, edges)[0]
    add_case(f"edge/histogram_values/histogram/{name}", "histogram", {},
             {"values": values_input, "edges": enc_floats(edges)}, {"counts": counts}, {"counts": EXACT},
             "numpy_scipy_pipeline", notes=notes)


def categorical_case(ds, rk, ck):
    r, c = data(ds, rk), data(ds, ck)
    cats = np.union1d(r, c)
    cr = np.array([np.count_nonzero(r == k) for k in cats])
    cc = np.array([np.count_nonzero(c == k) for k in cats])
    out = {"categories": cats}
    out.update(proportions_from_counts(cr, cc, EPS))
    add_case(cid_of(ds, "categorical_divergences", "eps1e-6"), "categorical_divergences", {"epsilon": EPS},
             {"ref": ref(ds, rk), "cur": ref(ds, ck)}, out, HIST_TOL, "numpy_scipy_pipeline",
             notes="categories = union of the reference and current codes, sorted; counts per category.")
    return cr, cc


# ---- chisquare / chi2_contingency / entropy / jensenshannon on count vectors -------------------------------
def chisq_cases(prefix, cr, cc, extra_notes=None):
    cr = np.asarray(cr, dtype=np.float64)
    cc = np.asarray(cc, dtype=np.float64)
    f_exp = cr / cr.sum() * cc.sum()
    res, err, warns = call(stats.chisquare, cc, f_exp)
    add_case(f"{prefix}/chisquare/gof_ref", "chisquare", {}, {"f_obs": enc_floats(cc), "f_exp": enc_floats(f_exp)},
             None if err else {"statistic": res.statistic, "pvalue": res.pvalue},
             {"statistic": SHORT, "pvalue": PVAL}, "local_scipy", warns=warns, err=err,
             notes="f_obs = current counts; f_exp = ref_counts/sum(ref_counts)*sum(cur_counts), in that order.")
    res, err, warns = call(stats.chisquare, cc)
    add_case(f"{prefix}/chisquare/uniform", "chisquare", {}, {"f_obs": enc_floats(cc)},
             None if err else {"statistic": res.statistic, "pvalue": res.pvalue},
             {"statistic": SHORT, "pvalue": PVAL}, "local_scipy", warns=warns, err=err)
    table = np.vstack([cr, cc])
    corrections = [True, False] if table.shape[1] == 2 else [True]
    for corr in corrections:
        res, err, warns = call(stats.chi2_contingency, table, correction=corr)
        add_case(f"{prefix}/chi2_contingency/correction{int(corr)}", "chi2_contingency", {"correction": corr},
                 {"observed": [enc_floats(cr), enc_floats(cc)]},
                 None if err else {"statistic": res.statistic, "pvalue": res.pvalue, "dof": int(res.dof),
                                   "expected_freq": res.expected_freq},
                 {"statistic": SHORT, "pvalue": PVAL, "dof": EXACT, "expected_freq": SHORT}, "local_scipy",
                 warns=warns, err=err, notes=extra_notes)


def entropy_cases(prefix, pk, qk, full=True, tag=""):
    pk = np.asarray(pk, dtype=np.float64)
    qk = np.asarray(qk, dtype=np.float64)
    variants = [("pk", {}, (pk,), {"pk": pk}), ("pk_base2", {"base": 2.0}, (pk,), {"pk": pk}),
                ("pk_qk", {}, (pk, qk), {"pk": pk, "qk": qk}), ("qk_pk", {}, (qk, pk), {"pk": qk, "qk": pk}),
                ("pk_qk_base2", {"base": 2.0}, (pk, qk), {"pk": pk, "qk": qk})]
    if not full:
        variants = variants[2:4]
    for name, params, args, inputs in variants:
        res, err, warns = call(stats.entropy, *args, **params)
        add_case(f"{prefix}/entropy/{tag}{name}", "entropy", params, {k: enc_floats(v) for k, v in inputs.items()},
                 None if err else {"entropy": res}, {"entropy": BINNED}, "local_scipy", warns=warns, err=err)
    for name, params in [("base_e", {}), ("base2", {"base": 2.0})]:
        res, err, warns = call(distance.jensenshannon, pk, qk, **params)
        add_case(f"{prefix}/jensenshannon/{tag}{name}", "jensenshannon", params, {"p": enc_floats(pk), "q": enc_floats(qk)},
                 None if err else {"distance": res}, {"distance": BINNED}, "local_scipy", warns=warns, err=err)


# ---------------------------------------------------------------------------------------------------------
NUMERIC_PAIRS = [
    ("normal_5_8", "x", "y"), ("normal_8_8", "x", "y"), ("normal_13_20", "x", "y"), ("normal_20_20", "x", "y"),
    ("normal_200_200", "x", "y"), ("normal_1000_1000", "x", "y"), ("normal_3000_3000", "x", "y"),
    ("shift_20_20", "x", "y"), ("shift_500_500", "x", "y"), ("shift_2000_2500", "x", "y"),
    ("scale_800_800", "x", "y"), ("sizes_300_450", "x", "y"), ("sizes_1000_1500", "x", "y"),
    ("sizes_2999_3001", "x", "y"), ("poisson_400_500", "x", "y"), ("rounded_600_700", "x", "y"),
    ("ties_small_12_15", "x", "y"), ("student_t_1000_1000", "x", "y"), ("lognormal_800_900", "x", "y"),
    ("pareto_500_600", "x", "y"), ("timestamps_vs_days_1000_1000", "x", "y"),
    ("timestamps_drift_2000_2000", "x", "y"), ("binary_200_250", "x", "y"),
    ("identical_100", "x", "x"), ("disjoint_50_60", "x", "y"), ("single_1_20", "x", "y"), ("single_1_1", "x", "y"),
    ("constant_same", "x", "y"), ("constant_diff", "x", "y"), ("with_nan", "x", "y"), ("with_posinf", "x", "y"),
    ("with_inf_both", "x", "y"), ("signed_zero", "x", "y"), ("empty", "x", "y"),
]
ALTERNATIVES = ["two-sided", "less", "greater"]


def build_cases():
    for ds, xk, yk in NUMERIC_PAIRS:
        x, y = data(ds, xk), data(ds, yk)
        has_nan = bool(np.isnan(x).any() or np.isnan(y).any())
        nx, ny = int(np.count_nonzero(~np.isnan(x))), int(np.count_nonzero(~np.isnan(y)))
        # ks_2samp
        for alt in ALTERNATIVES:
            for method in ["auto", "exact", "asymp"]:
                ks_case(ds, xk, yk, alt, method)
        if has_nan:
            for alt in ALTERNATIVES:
                for policy in ["omit", "raise"]:
                    ks_case(ds, xk, yk, alt, "auto", policy)
                for method in ["exact", "asymp"]:
                    ks_case(ds, xk, yk, alt, method, "omit")
        # wasserstein / energy
        for fn in ["wasserstein_distance", "energy_distance"]:
            cdf_case(ds, fn, xk, yk)
        # cramervonmises_2samp
        methods = ["auto", "asymptotic"] + (["exact"] if max(nx, ny) <= 30 else [])
        for method in methods:
            cvm_case(ds, xk, yk, method)
        if has_nan:
            for policy in ["omit", "raise"]:
                cvm_case(ds, xk, yk, "auto", policy)
        # mannwhitneyu
        for alt in ALTERNATIVES:
            mwu_case(ds, xk, yk, alt, "auto", True)
            mwu_case(ds, xk, yk, alt, "asymptotic", True)
            mwu_case(ds, xk, yk, alt, "asymptotic", False)
            if max(nx, ny) <= 60:
                mwu_case(ds, xk, yk, alt, "exact", True)
            if has_nan:
                mwu_case(ds, xk, yk, alt, "auto", True, "omit")
                mwu_case(ds, xk, yk, alt, "auto", True, "raise")
        # anderson_ksamp (2 samples)
        for variant in ["midrank", "right", "continuous"]:
            ad_case(ds, [xk, yk], variant)
        # binning
        hist_case(ds, xk, yk, 10)
        edges_case(ds, xk, 10)

    # swapped orientation where the reference side is the problem
    for ds in ["with_posinf", "with_inf_both", "empty", "single_1_20", "timestamps_vs_days_1000_1000"]:
        hist_case(ds, "y", "x", 10, "_swapped")
    # more bin counts
    for ds in ["normal_1000_1000", "shift_500_500", "poisson_400_500", "lognormal_800_900", "student_t_1000_1000",
               "timestamps_vs_days_1000_1000", "timestamps_drift_2000_2000", "normal_5_8", "rounded_600_700"]:
        for bins in [5, 20]:
            hist_case(ds, "x", "y", bins)
    hist_case("disjoint_50_60", "x", "y", 1)
    hist_case("shift_2000_2500", "x", "y", 3)

    # quantile edges alone
    for ds, key in [("normal_1000_1000", "x"), ("poisson_400_500", "x"), ("rounded_600_700", "x"),
                    ("binary_200_250", "x"), ("constant_same", "x"), ("single_1_20", "x"), ("normal_5_8", "x"),
                    ("timestamps_drift_2000_2000", "x"), ("lognormal_800_900", "x"), ("ties_small_12_15", "x")]:
        for bins in [1, 2, 3, 4, 5, 7, 20, 100]:
            edges_case(ds, key, bins)
    edges_case("normal_3000_3000", "y", 10, "_y")
    edges_case("sizes_2999_3001", "y", 10, "_y")
    edges_case("with_posinf", "y", 10, "_y")

    # ks_2samp around the size threshold, and an lcm over int32
    for alt in ALTERNATIVES:
        for method in ["auto", "exact", "asymp"]:
            ks_case("ks_threshold", "x", "y", alt, method, tag="_10000_10001")
            ks_case("ks_threshold", "x", "z", alt, method, tag="_10000_10000")
        ks_case("ks_lcm_overflow", "x", "y", alt, "exact", tag="_50000_50001")
        ks_case("ks_lcm_overflow", "x", "y", alt, "auto", tag="_50000_50001")

    # weighted wasserstein / energy
    for ds in ["weighted_40_50", "weighted_ties_30_30", "weighted_500_700", "weighted_timestamps_300_300"]:
        for fn in ["wasserstein_distance", "energy_distance"]:
            cdf_case(ds, fn, "u", "v", "uw", "vw", "weighted")
            cdf_case(ds, fn, "u", "v", "uw", None, "u_weighted_only")
            cdf_case(ds, fn, "u", "v", None, None, "unweighted")
    for fn in ["wasserstein_distance", "energy_distance"]:
        cdf_case("weighted_errors", fn, "u", "v", "uw", "vw", "weighted")
        cdf_case("weighted_errors", fn, "u", "v", "uw_negative", "vw", "negative_weight")
        cdf_case("weighted_errors", fn, "u", "v", "uw_zero", "vw", "zero_weight_sum")
        cdf_case("weighted_errors", fn, "u", "v", "uw_short", "vw", "weights_length_mismatch")
        cdf_case("weighted_errors", fn, "u", "u", "uw", "uw", "same_values_same_weights")

    # anderson_ksamp with 3 samples, plus tiny/invalid inputs
    for ds in ["three_normal_100_120_140", "three_shift_40_50_60", "three_poisson_80_90_100"]:
        for variant in ["midrank", "right", "continuous"]:
            ad_case(ds, ["a", "b", "c"], variant)
    for variant in ["midrank", "right"]:
        ad_case("three_shift_40_50_60", ["a"], variant)
        ad_case("identical_100", ["x", "x", "x"], variant)

    # categorical pipelines, chi-square and entropy on the category counts
    for ds, rk, ck in [("cat3_500_600", "ref", "cur"), ("cat5_1000_1000", "ref", "cur"),
                       ("cat12_2000_1800", "ref", "cur"), ("binary_200_250", "x", "y"),
                       ("poisson_400_500", "x", "y"), ("constant_diff", "x", "y"), ("constant_same", "x", "y"),
                       ("ties_small_12_15", "x", "y")]:
        cr, cc = categorical_case(ds, rk, ck)
        prefix = f"{KIND[ds]}/{ds}"
        chisq_cases(prefix, cr, cc)
        entropy_cases(prefix, cr, cc)

    # entropy / jensenshannon on binned proportions (clipped and raw)
    for ds in ["shift_500_500", "disjoint_50_60", "lognormal_800_900", "normal_5_8", "timestamps_vs_days_1000_1000"]:
        r, c = data(ds, "x"), data(ds, "y")
        e = quantile_edges(r, 10)
        out = proportions_from_counts(bin_counts(r, e), bin_counts(c, e), EPS)
        entropy_cases(f"{KIND[ds]}/{ds}", out["p_ref"], out["p_cur"], full=False, tag="binned10_")
        entropy_cases(f"{KIND[ds]}/{ds}", out["p_ref_raw"], out["p_cur_raw"], full=False, tag="binned10_raw_")

    # chi-square / entropy edge inputs
    chisq_cases("edge/zero_in_both", [10, 0, 5, 7], [8, 0, 6, 9],
                extra_notes="a category that is zero in both rows has expected frequency 0")
    chisq_cases("edge/empty_in_cur", [10, 4, 5, 7], [8, 0, 6, 9])
    chisq_cases("edge/two_by_two_small", [3, 1], [1, 3])
    chisq_cases("edge/single_category", [10], [12])
    ent_edges = [
        ("zero_in_qk", [0.2, 0.3, 0.5], [0.5, 0.5, 0.0]),
        ("zero_in_pk", [0.0, 0.5, 0.5], [0.2, 0.3, 0.5]),
        ("zeros_both", [0.0, 0.5, 0.5], [0.0, 0.4, 0.6]),
        ("unnormalised", [1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]),
        ("nan", [0.2, np.nan, 0.5], [0.3, 0.3, 0.4]),
        ("tiny", [1e-300, 1.0, 5e-324], [1.0, 1e-300, 1.0]),
        ("all_zero_pk", [0.0, 0.0], [0.5, 0.5]),
    ]
    for name, pk, qk in ent_edges:
        entropy_cases(f"edge/{name}", pk, qk)
    for name, base in [("base_negative", -2.0), ("base_zero", 0.0), ("base_one", 1.0), ("base_10", 10.0)]:
        pk, qk = np.array([0.1, 0.2, 0.7]), np.array([0.3, 0.3, 0.4])
        for fn, f, args, inputs in [("entropy", stats.entropy, (pk, qk), {"pk": pk, "qk": qk}),
                                    ("jensenshannon", distance.jensenshannon, (pk, qk), {"p": pk, "q": qk})]:
            res, err, warns = call(f, *args, base=base)
            out = "entropy" if fn == "entropy" else "distance"
            add_case(f"edge/{name}/{fn}/pk_qk", fn, {"base": base}, {k: enc_floats(v) for k, v in inputs.items()},
                     None if err else {out: res}, {out: BINNED}, "local_scipy", warns=warns, err=err)
    res, err, warns = call(stats.entropy, [0.5, 0.5], [0.2, 0.3, 0.5])
    add_case("edge/length_mismatch/entropy/pk_qk", "entropy", {}, {"pk": [0.5, 0.5], "qk": [0.2, 0.3, 0.5]},
             None if err else {"entropy": res}, {"entropy": BINNED}, "local_scipy", warns=warns, err=err)

    # histogram(values, edges) with finite outer edges
    hv = DATASETS["histogram_values"]
    histogram_case("normal_uniform_edges", ref("histogram_values", "normal"), hv["normal"], np.linspace(-1, 1, 6),
                   notes="values outside [-1, 1] are not counted")
    histogram_case("normal_uneven_edges", ref("histogram_values", "normal"), hv["normal"],
                   [-2.5, -0.3, 0.0, 0.1, 0.75, 3.0])
    histogram_case("normal_quantile_edges", ref("histogram_values", "normal"), hv["normal"],
                   np.quantile(hv["normal"], [0.0, 0.25, 0.5, 0.75, 1.0]),
                   notes="outer edges are the sample min and max, so every value is counted (last bin closed)")
    histogram_case("normal_infinite_outer", ref("histogram_values", "normal"), hv["normal"],
                   [-np.inf, -1.0, 0.0, 1.0, np.inf])
    histogram_case("on_edges_integers", ref("histogram_values", "integers"), hv["integers"], np.arange(0.0, 11.0, 2.0),
                   notes="values equal to an inner edge go right; 10 is counted in the last (closed) bin; -1 and 11 are out")
    histogram_case("on_edges_unit", ref("histogram_values", "integers"), hv["integers"], np.arange(0.0, 11.0, 1.0))
    histogram_case("on_edges_single_bin", ref("histogram_values", "integers"), hv["integers"], [0.0, 10.0])
    histogram_case("special_values", ref("histogram_values", "special"), hv["special"], [-0.0, 1.0, 2.0, 3.0],
                   notes="NaN and ±inf are not counted; -0.0, 0.0 and ±5e-324 are compared numerically")
    histogram_case("special_values_infinite_outer", ref("histogram_values", "special"), hv["special"],
                   [-np.inf, 0.0, 2.0, np.inf], notes="±inf fall in the outer bins; NaN is not counted")


# ---------------------------------------------------------------------------------------------------------
CONVENTIONS = """\
Data: each dataset has its own numpy Generator, default_rng(SeedSequence(base_seed, spawn_key=(crc32(name),))). \
Inputs over 5000 values are null in `inputs` and given in `inputs_spec` as a bit-exact linspace recipe with the \
sha256 of the little-endian float64 bytes. `params` use SciPy keyword names; absent keywords take SciPy's defaults.
ks_2samp: derived.method_used is the p-value path SciPy took: 'exact', 'asymp', or 'asymp (exact failed)' (the \
RuntimeWarning 'Exact calculation unsuccessful'); 'asymp' also when exact was requested but n1/g >= (2^31-1)/(n2/g) \
(warning 'not possible'); null when no p-value was computed (NaN propagated, empty input, error).
anderson_ksamp: called with variant=...; critical_values = b0 + b1/sqrt(k-1) + b2/(k-1) (SciPy's expression and \
coefficients; with `variant` SciPy no longer returns them).
histogram_divergences (numpy_scipy_pipeline): (1) q_k = numpy.quantile(ref, k/bins), k = 0..bins, method 'linear'; \
the script asserts that the rule h=(n-1)p, lo=floor(h), g=h-lo, a=s[lo], b=s[lo+1] (s[n-1] when h>=n-1), \
a+(b-a)g if g<0.5 else b-(b-a)(1-g) reproduces numpy bit for bit. (2) edges = numpy.unique(q); edges[0]=-inf, \
edges[-1]=+inf; fewer than 2 unique values -> [-inf, +inf]. (3) bin(x) = searchsorted(edges[1:-1], x, 'right'), \
bins [e_i, e_{i+1}), checked equal to numpy.histogram(x, edges). (4) p_raw = counts/n; p = maximum(p_raw, epsilon); \
p = p/sum(p). (5) psi_terms = (p_cur-p_ref)*log(p_cur/p_ref), psi = numpy.sum(psi_terms); kl_ref_cur = \
scipy.stats.entropy(p_ref, p_cur); kl_cur_ref = entropy(p_cur, p_ref); js_distance = jensenshannon(p_ref, p_cur) \
(base e), js_distance_base2 (base 2); hellinger = sqrt(0.5*sum((sqrt p_ref - sqrt p_cur)^2)); total_variation = \
0.5*sum(|p_ref-p_cur|). *_raw: the same on p_raw (psi_raw is NaN when a bin is empty in both samples: 0*log(0/0)). \
driftkit_convention: NaN is dropped from both samples first; an empty/all-NaN sample or a non-finite reference is \
an error (expected {"error": "ValueError"}). ks_2samp and cramervonmises_2samp with an empty sample are also \
driftkit_convention errors (SciPy returns NaN with a SmallSampleWarning; its output is kept in `local_scipy`).
anderson_ksamp inputs: `samples` is a list whose items are each {"$ref": ...}.
categorical_divergences: categories = sorted union of reference and current codes; counts per category; then \
steps (4)-(5). quantile_edges: steps (1)-(2) alone (NaN dropped). histogram: numpy.histogram(values, edges)[0] \
with the given (finite or infinite) edges, last bin closed.
chisquare gof_ref: f_obs = current counts, f_exp = ref_counts/sum(ref_counts)*sum(cur_counts) in that order; \
chisquare uniform: f_exp omitted. chi2_contingency: observed = [ref_counts, cur_counts].
Errors: expected {"error": "<Python exception type>"}, with SciPy's message in `error_message`. Warnings SciPy \
emitted are in `scipy_warnings` ('Category: first line of message')."""


def main():
    build_datasets()
    build_cases()

    counts = {}
    for c in CASES:
        counts[c["function"]] = counts.get(c["function"], 0) + 1
    counts = dict(sorted(counts.items()))

    used = set()
    for c in CASES:
        for v in c["inputs"].values():
            for item in (v if isinstance(v, list) else [v]):
                if isinstance(item, dict) and "$ref" in item:
                    used.add(item["$ref"])
    datasets = {}
    for name, arrays in DATASETS.items():
        keep = {k: enc_floats(v) for k, v in arrays.items()
                if (name, k) not in SPECS and f"{name}.{k}" in used}
        if keep:
            datasets[name] = keep

    head = {
        "format": "driftkit-oracle/1",
        "description": ("driftkit golden cases generated by scripts/gen_golden.py with NumPy/SciPy on seeded data; "
                        "tolerances are recommendations tighter than SciPy's own tests."),
        "generated_with": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                           "platform": platform.platform()},
        "base_seed": BASE_SEED,
        "conventions": CONVENTIONS,
        "tolerances": {"exact": EXACT, "short_sum": SHORT, "long_sum": LONG, "pvalue": PVAL, "binned": BINNED},
        "quantile_rule_checks": {"quantiles": N_QUANTILE_CHECKS[0], "signed_zero_differences": N_SIGNED_ZERO_DIFFS[0]},
        "counts": counts,
        "n_cases": len(CASES),
    }
    dump = lambda v: json.dumps(v, allow_nan=False, separators=(",", ":"))  # noqa: E731
    lines = ["{"]
    for k, v in head.items():
        lines.append(f" {json.dumps(k)}: {json.dumps(v, allow_nan=False)},")
    lines.append(' "datasets": {')
    names = list(datasets)
    for i, name in enumerate(names):
        lines.append(f"  {json.dumps(name)}: {dump(datasets[name])}" + ("," if i < len(names) - 1 else ""))
    lines.append(" },")
    lines.append(' "cases": [')
    for i, c in enumerate(CASES):
        lines.append("  " + dump(c) + ("," if i < len(CASES) - 1 else ""))
    lines.append(" ]")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # well-formed
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)

    print(f"wrote {os.path.relpath(OUT, os.getcwd())}: {len(CASES)} cases, {len(text.encode()) / 1e6:.2f} MB, "
          f"{sum(len(v) for d in datasets.values() for v in d.values())} stored values, "
          f"{N_QUANTILE_CHECKS[0]} quantiles checked against numpy ({N_SIGNED_ZERO_DIFFS[0]} differ only in the sign of 0)")
    for fn, n in counts.items():
        print(f"  {fn:24s} {n}")
    ks = [c for c in CASES if c["function"] == "ks_2samp"]
    mu = {}
    for c in ks:
        m = c["derived"]["method_used"] if "derived" in c else None
        mu[str(m)] = mu.get(str(m), 0) + 1
    print("  ks_2samp method_used:", mu)


if __name__ == "__main__":
    sys.exit(main())
