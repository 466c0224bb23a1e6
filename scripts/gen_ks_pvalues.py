"""Reference values for src/stats/kolmogorov.ts and src/stats/ks2samp-pvalue.ts, computed with the installed SciPy.

Writes test/fixtures/ks_pvalues.json. Run from the repository root:  python3 scripts/gen_ks_pvalues.py
(takes about two minutes; SciPy's own exact and Smirnov computations dominate).

Sections
- kstwo: scipy.stats.kstwo.sf and .cdf on a grid of (n, d) that reaches every branch of
  scipy/stats/_ksstats.py::_kolmogn (Ruben-Gambino at both ends, 2*smirnov, Durbin matrix, Pomeranz,
  Pelz-Good, the n*d^2 cut-offs, d <= 1/(2n), d >= 1). `branch` names the branch _kolmogn takes for the SF.
- ks_2samp: scipy.stats.ks_2samp on seeded numpy data, for every alternative and method. Only what the
  p-value step needs is stored: n1, n2 and d_raw (the statistic before the exact path rounds it to h/lcm),
  plus SciPy's statistic, pvalue, the path it took and the ks_2samp warning it emitted (if any).

Numbers: finite floats are Python reprs (json.dumps), non-finite ones the strings "NaN", "Infinity",
"-Infinity". SciPy is BSD-3-Clause licensed (Copyright (c) 2001-2002 Enthought, Inc. 2003, SciPy Developers).
"""
import json
import math
import os
import platform
import warnings

import numpy as np
import scipy
from scipy import stats
from oracle_json import enc  # noqa: E402  (scripts/ is on sys.path when run as a script)

BASE_SEED = 20240607
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "ks_pvalues.json")




# ---------------------------------------------------------------------------------------------------------
# kstwo


def kolmogn_branch(n, x):
    """The branch scipy's _kolmogn(n, x, cdf=False) takes (documentation for the test output only)."""
    if x >= 1.0:
        return "d>=1"
    if x <= 0.5 / n:
        return "d<=1/(2n)"
    t = n * x
    if t <= 1.0:
        return "ruben-gambino-low" + ("-product" if n <= 140 else "-stirling")
    if t >= n - 1:
        return "ruben-gambino-high"
    if x >= 0.5:
        return "2*smirnov(d>=0.5)"
    nxsquared = t * x
    if n <= 140:
        if nxsquared <= 0.754693:
            return "durbin-matrix(n<=140)"
        if nxsquared <= 4:
            return "pomeranz"
        return "2*smirnov(n<=140)"
    if nxsquared >= 370.0:
        return "zero(nd^2>=370)"
    if nxsquared >= 2.2:
        return "2*smirnov(n>140)" + ("-approx(n>1e6)" if n > 10**6 else "")
    if n <= 100000 and n * x ** 1.5 <= 1.4:
        return "durbin-matrix(n>140)"
    return "pelz-good"


def kstwo_grid(rng):
    ns = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 17, 20, 25, 30, 40, 50, 64, 75, 100, 128, 139, 140, 141, 142,
          150, 200, 256, 300, 500, 777, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 20000, 33333, 50000, 99999,
          100000, 100001, 150000, 300000, 1000001, 5000000]
    rows = []
    for n in ns:
        xs = {0.0, -0.5, 1.0, 1.5, 0.1 / n, 0.5 / n, np.nextafter(0.5 / n, 1.0), 0.6 / n, 0.75 / n, 0.99 / n,
              1.0 / n, np.nextafter(1.0 / n, 1.0), 1.3 / n, 1 - 1.0 / n, (n - 1) / n, np.nextafter(1 - 1.0 / n, 0.0),
              1 - 0.3 / n, 1 - 1e-9, np.nextafter(1.0, 0.0), 0.5, np.nextafter(0.5, 0.0), 0.6, 0.75, 0.9}
        # n*d^2 from tiny to huge, with the cut-offs of _kolmogn (and their neighbours) for this n
        cutoffs = [0.754693, 4.0] if n <= 140 else [2.2, 18.0, 370.0]
        for c in [1e-3, 0.05, 0.2, 0.5, 0.754693, 0.76, 1.0, 1.5, 2.0, 2.2, 2.3, 3.0, 4.0, 4.1, 6.0, 10.0, 18.0, 25.0,
                  60.0, 150.0, 370.0, 400.0]:
            x = math.sqrt(c / n)
            xs.update([x, np.nextafter(x, 0.0), np.nextafter(x, 1.0)] if c in cutoffs else [x])
        # Durbin matrix vs Pelz-Good (n*d^1.5 = 1.4). Not within an ulp of the cut-off: SciPy evaluates d**1.5
        # with numpy's SIMD power, whose last bit depends on the CPU (the two methods differ by ~1e-6 there).
        x = (1.4 / n) ** (2.0 / 3.0)
        xs.update([0.999 * x, 1.001 * x, 0.9 * x, 1.1 * x])
        xs.update(float(v) for v in rng.uniform(0, 1, 4))
        xs.update(float(v) for v in np.sqrt(rng.uniform(0, 6, 6) / n))
        # Smirnov's sum is O(n): keep the large-n grid small so that the test suite stays fast.
        if n >= 20000:
            keep = []
            for x in sorted(xs):
                b = kolmogn_branch(n, x)
                if b.startswith("2*smirnov") and "approx" not in b:
                    continue
                keep.append(x)
            keep.append(math.sqrt(3.0 / n))
            xs = set(keep)
        for x in sorted(float(v) for v in xs):
            if not (-1.0 <= x <= 2.0):
                continue
            rows.append({"n": n, "d": x, "sf": enc(stats.kstwo.sf(x, n)), "cdf": enc(stats.kstwo.cdf(x, n)),
                         "branch": kolmogn_branch(n, x)})
    return rows


# ---------------------------------------------------------------------------------------------------------
# ks_2samp


def d_raw(x, y, alternative):
    """The KS statistic exactly as ks_2samp computes it before its exact path rounds it."""
    x = np.sort(x)
    y = np.sort(y)
    data_all = np.concatenate([x, y])
    cdf1 = np.searchsorted(x, data_all, side="right") / x.shape[0]
    cdf2 = np.searchsorted(y, data_all, side="right") / y.shape[0]
    cddiffs = cdf1 - cdf2
    min_s = np.clip(-cddiffs[np.argmin(cddiffs)], 0, 1)
    max_s = cddiffs[np.argmax(cddiffs)]
    if alternative == "less" or (alternative == "two-sided" and min_s > max_s):
        return float(min_s)
    return float(max_s)


def make_data(rng, n1, n2, kind):
    x = rng.standard_normal(n1)
    if kind == "null":
        y = rng.standard_normal(n2)
    elif kind.startswith("shift"):
        y = rng.standard_normal(n2) + float(kind[5:])
    elif kind == "scale":
        y = 2.5 * rng.standard_normal(n2)
    elif kind == "ties":  # heavily tied values
        x = np.round(2 * x) / 2
        y = np.round(2 * rng.standard_normal(n2) + 0.6) / 2
    elif kind == "disjoint":
        y = rng.standard_normal(n2) + 100.0
    elif kind == "reverse":
        y = rng.standard_normal(n2) - 0.4
    else:
        raise ValueError(kind)
    return x, y


SMALL = [(1, 1), (1, 2), (2, 1), (1, 20), (20, 1), (2, 2), (2, 3), (3, 5), (5, 5), (4, 6), (7, 13), (10, 10),
         (12, 18), (16, 16), (20, 20), (25, 40), (33, 50), (49, 50), (50, 50), (50, 7)]
MEDIUM = [(100, 100), (100, 150), (150, 100), (250, 250), (300, 700), (499, 500), (500, 500), (510, 520), (520, 521),
          (600, 400), (1000, 1000), (1000, 1200), (2000, 2000), (2000, 1999), (3000, 2500), (3000, 3000), (7, 3000)]
STRADDLE = [(9999, 10000), (10000, 10000), (10000, 10001), (10001, 10001), (5000, 10001), (9000, 10000),
            (10001, 9000), (50, 10001)]
LARGE = [(20000, 20000), (20000, 25000), (50000, 30000), (100000, 100000), (40000, 60001), (30011, 70001),
         (3, 100000)]

KINDS_SMALL = ["null", "shift0.3", "shift0.7", "shift1.5", "ties", "disjoint", "reverse"]
KINDS_MEDIUM = ["null", "shift0.1", "shift0.3", "shift1", "ties", "disjoint", "reverse"]
KINDS_STRADDLE = ["null", "shift0.05", "reverse"]
KINDS_LARGE = ["null", "shift0.05"]

KS_WARNINGS = ("ks_2samp:", "Exact ks_2samp")


def ks_cases(rng):
    rows = []
    groups = [("small", SMALL, KINDS_SMALL), ("medium", MEDIUM, KINDS_MEDIUM),
              ("straddle", STRADDLE, KINDS_STRADDLE), ("large", LARGE, KINDS_LARGE)]
    for group, sizes, kinds in groups:
        for n1, n2 in sizes:
            for kind in kinds:
                x, y = make_data(rng, n1, n2, kind)
                for alternative in ["two-sided", "less", "greater"]:
                    d = d_raw(x, y, alternative)
                    for method in ["auto", "exact", "asymp"]:
                        with warnings.catch_warnings(record=True) as w:
                            warnings.simplefilter("always")
                            res = stats.ks_2samp(x, y, alternative=alternative, method=method)
                        ks_w = [str(m.message) for m in w if str(m.message).startswith(KS_WARNINGS)]
                        assert len(ks_w) <= 1, ks_w
                        used = "asymp" if (method == "asymp" or (method == "auto" and max(n1, n2) > 10000)
                                           or ks_w) else "exact"
                        stat = float(res.statistic)
                        # d_raw must be SciPy's d: unchanged on the asymp path, rounded to h/lcm on the exact path.
                        if used == "exact" or ks_w[:1] == ["ks_2samp: Exact calculation unsuccessful. "
                                                          "Switching to method=asymp."]:
                            g = math.gcd(n1, n2)
                            lcm = (n1 // g) * n2
                            assert stat == int(np.round(d * lcm)) * 1.0 / lcm, (n1, n2, d, stat)
                        else:
                            assert stat == d or (stat == 0 and d == 0), (n1, n2, d, stat)
                        rows.append({
                            "group": group, "data": kind, "n1": n1, "n2": n2, "alternative": alternative, "method": method,
                            "d_raw": enc(d), "statistic": enc(stat), "pvalue": enc(res.pvalue),
                            "method_used": used, "warning": ks_w[0] if ks_w else None,
                        })
    return rows


def main():
    rng = np.random.default_rng(BASE_SEED)
    kstwo_rows = kstwo_grid(rng)
    ks_rows = ks_cases(rng)
    out = {
        "format": "driftkit-ks-pvalues/1",
        "generated_with": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "generator": "scripts/gen_ks_pvalues.py",
        "base_seed": BASE_SEED,
        "notes": "kstwo: scipy.stats.kstwo.sf/cdf(d, n); branch = the _kolmogn branch for the SF. ks_2samp: "
                 "d_raw is the statistic before exact-path rounding (what ks2sampPValue takes); statistic and "
                 "pvalue are SciPy's outputs; method_used is the p-value path SciPy took; warning is the "
                 "ks_2samp RuntimeWarning text (other numpy warnings such as divide-by-zero are not recorded).",
        "counts": {"kstwo": len(kstwo_rows), "ks_2samp": len(ks_rows)},
        "kstwo": kstwo_rows,
        "ks_2samp": ks_rows,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: {len(kstwo_rows)} kstwo rows, {len(ks_rows)} ks_2samp rows, "
          f"{os.path.getsize(OUT) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
