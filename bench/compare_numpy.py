"""NumPy/SciPy side of bench/compare.bench.js: the same per-feature report (PSI on 10 reference quantile bins,
KS two-sample with p-value, Jensen–Shannon distance on the PSI bins, Wasserstein) over the same columns."""
import json
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance

d, F = sys.argv[1], int(sys.argv[2])


def report(r, c):
    e = np.unique(np.quantile(r, np.arange(11) / 10))
    e[0], e[-1] = -np.inf, np.inf
    p = np.maximum(np.histogram(r, e)[0] / r.size, 1e-6); p /= p.sum()
    q = np.maximum(np.histogram(c, e)[0] / c.size, 1e-6); q /= q.sum()
    return (np.sum((q - p) * np.log(q / p)), stats.ks_2samp(r, c).pvalue, distance.jensenshannon(p, q), stats.wasserstein_distance(r, c))


compute = 0.0  # file reading is excluded
for f in range(F):
    r = np.fromfile(f"{d}/ref{f}.f64", dtype="<f8")
    c = np.fromfile(f"{d}/cur{f}.f64", dtype="<f8")
    t0 = time.perf_counter()
    report(r, c)
    compute += time.perf_counter() - t0
print(json.dumps({"ms": compute * 1e3}))
