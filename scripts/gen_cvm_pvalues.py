"""Reference values for src/stats/cvm.ts, computed with the installed SciPy (and mpmath, if present).

Writes test/fixtures/cvm_pvalues.json. Run from the repository root:  python3 scripts/gen_cvm_pvalues.py

- `cases`: scipy.stats.cramervonmises_2samp on seeded samples for many (nx, ny), methods 'auto', 'exact' and
  'asymptotic', with and without ties. Each case stores Anderson's U exactly as SciPy computes it (midranks of
  the pooled sorted samples), nx, ny, method -> SciPy's statistic T and p-value. The JS side recomputes T and
  p from (U, nx, ny, method) only, so the fixture tests the p-value code independently of the U kernel.
- `exact`: scipy.stats._hypotests._pval_cvm_2samp_exact(U, m, n) on a grid of attainable U values.
- `kv`: scipy.special.kv(0.25, x) (Amos) and, when mpmath is installed, besselk(0.25, x) to 30 digits.
Finite floats are written as shortest round-trip reprs; non-finite values as "NaN", "Infinity", "-Infinity".
"""
import json
import math
import os
import time

import numpy as np
import scipy
from scipy import special, stats
from scipy.stats._hypotests import _pval_cvm_2samp_exact
from oracle_json import enc  # noqa: E402  (scripts/ is on sys.path when run as a script)

try:
    import mpmath
except ImportError:  # optional: only the independent K_nu check needs it
    mpmath = None




def cvm_u(x, y):
    """Anderson's U exactly as scipy.stats.cramervonmises_2samp computes it."""
    nx, ny = len(x), len(y)
    z = np.concatenate([np.sort(x), np.sort(y)])
    r = stats.rankdata(z, method="average").astype(np.float64)
    rx, ry = r[:nx], r[nx:]
    return (nx * np.sum((rx - np.arange(1, nx + 1, dtype=np.float64)) ** 2)
            + ny * np.sum((ry - np.arange(1, ny + 1, dtype=np.float64)) ** 2))


rng = np.random.default_rng(20240607)
cases = []


def add(kind, x, y, method):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    t0 = time.time()
    res = stats.cramervonmises_2samp(x, y, method=method)
    dt = time.time() - t0
    cases.append({
        "kind": kind, "nx": len(x), "ny": len(y), "method": method, "U": enc(cvm_u(x, y)),
        "statistic": enc(res.statistic), "pvalue": enc(res.pvalue),
    })
    if dt > 5:
        print(f"slow: {kind} {len(x)}x{len(y)} {method}: {dt:.1f}s")


# Exact path ('auto' picks it for max(nx, ny) <= 20), continuous data, several shifts so p spans (0, 1].
for nx, ny in [(2, 2), (2, 3), (3, 3), (2, 10), (4, 6), (5, 6), (7, 7), (3, 17), (8, 12), (10, 10),
               (5, 20), (13, 17), (19, 20), (20, 20)]:
    for shift in (0.0, 0.7, 2.0):
        add("exact-continuous", rng.normal(size=nx), rng.normal(loc=shift, size=ny), "auto")
# Exact with ties (midranks: U need not be an integer, so SciPy's float floor division matters).
for nx, ny in [(3, 4), (6, 6), (9, 11), (15, 20)]:
    for levels in (3, 6):
        add("exact-ties", rng.integers(0, levels, nx), rng.integers(0, levels, ny), "exact")
# Exact forced beyond 20: C(N, nx) beyond 2^53 (uint64 counts) and beyond 2^64 (Python-int counts).
add("exact-large", rng.normal(size=25), rng.normal(loc=0.5, size=25), "exact")
add("exact-large", rng.normal(size=30), rng.normal(loc=0.3, size=31), "exact")
add("exact-large", rng.normal(size=36), rng.normal(loc=0.4, size=38), "exact")
# Asymptotic path, including 'asymptotic' forced on small samples.
for nx, ny in [(2, 2), (3, 5), (7, 8), (21, 3), (25, 30), (50, 50), (100, 80), (5, 500), (1000, 1500),
               (3000, 2000)]:
    for shift in (0.0, 0.3, 1.0):
        add("asymptotic-continuous", rng.normal(size=nx), rng.normal(loc=shift, size=ny),
            "asymptotic" if max(nx, ny) <= 20 else "auto")
for nx, ny in [(40, 60), (200, 300)]:
    for levels in (2, 5):
        add("asymptotic-ties", rng.integers(0, levels, nx), rng.integers(0, levels, ny), "auto")
# Edges: identical samples (T tiny, tn < 0.003 -> p = 1), disjoint supports (p near 0), constant samples.
add("edge", np.arange(30.0), np.arange(30.0), "auto")
add("edge", np.arange(30.0), np.arange(30.0) + 100, "auto")
add("edge", np.zeros(40), np.ones(50), "auto")
add("edge", np.zeros(40), np.zeros(50), "auto")
add("edge", np.arange(10.0), np.arange(10.0) + 100, "auto")

# _pval_cvm_2samp_exact on attainable integer U values (the recursion's support), incl. both tails.
exact = []
for m, n in [(3, 4), (5, 6), (6, 7), (4, 10), (9, 9)]:
    k, N = m * n, m + n
    for _ in range(8):
        x = rng.normal(size=m)
        y = rng.normal(loc=rng.uniform(-2, 2), size=n)
        u = float(cvm_u(x, y))
        exact.append({"U": enc(u), "m": m, "n": n, "pvalue": enc(_pval_cvm_2samp_exact(u, m, n))})

kv_x = sorted(set([1e-8, 1e-4, 0.01, 0.05, 0.1, 0.2, 0.5, 0.9, 1.0, 1.5, 1.99, 2.0, 2.01, 3.0, 5.0, 10.0,
                   20.0, 28.0, 29.0, 50.0, 100.0, 300.0, 600.0]
                  + list(np.exp(rng.uniform(math.log(1e-6), math.log(650), 300)))))
kv = []
for x in kv_x:
    row = {"x": enc(x), "kv": enc(special.kv(0.25, x))}
    if mpmath is not None:
        mpmath.mp.dps = 30
        row["mp"] = enc(mpmath.besselk(0.25, x))
    kv.append(row)

out = {
    "format": "driftkit-cvm-pvalues/1",
    "generated_with": {"numpy": np.__version__, "scipy": scipy.__version__,
                       "mpmath": None if mpmath is None else mpmath.__version__},
    "source": "scripts/gen_cvm_pvalues.py",
    "cases": cases,
    "exact": exact,
    "kv": kv,
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "cvm_pvalues.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {path}: {len(cases)} cases, {len(exact)} exact, {len(kv)} kv")
