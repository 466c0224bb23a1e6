"""NumPy/SciPy side of `npm run bench`: times the same operations on the same data (float64 files written
by bench/kernels.bench.js) and prints one JSON object {name: median_ms}. Medians of repeated single calls."""
import json
import statistics
import sys
import time

import numpy as np
import scipy
from scipy import stats

d = sys.argv[1]
spec = json.loads(sys.argv[2])
load = lambda name: np.fromfile(f"{d}/{name}.f64", dtype="<f8")
ref, cur = load("ref"), load("cur")
ref_s, cur_s = load("ref_small"), load("cur_small")
hist_edges = load("hist_edges")
probs = np.arange(11) / 10


def median_ms(fn, repeat):
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def quantile_edges(x, bins=10):
    e = np.unique(np.quantile(x, np.arange(bins + 1) / bins))
    if len(e) < 2:
        return np.array([-np.inf, np.inf])
    e[0], e[-1] = -np.inf, np.inf
    return e


def psi_numpy(r, c, eps=1e-6):
    e = quantile_edges(r)
    cr = np.histogram(r, e)[0]
    cc = np.histogram(c, e)[0]
    p = np.maximum(cr / cr.sum(), eps); p /= p.sum()
    q = np.maximum(cc / cc.sum(), eps); q /= q.sum()
    return np.sum((q - p) * np.log(q / p))


def bootstrap_psi_multinomial(r, c, B=1000, eps=1e-6):
    # the fastest NumPy way for a binned score with fixed edges: draw bin counts from multinomials
    e = quantile_edges(r)
    cr = np.histogram(r, e)[0]
    cc = np.histogram(c, e)[0]
    rng = np.random.default_rng(0)
    R = rng.multinomial(cr.sum(), cr / cr.sum(), size=B)
    C = rng.multinomial(cc.sum(), cc / cc.sum(), size=B)
    p = np.maximum(R / cr.sum(), eps); p /= p.sum(axis=1, keepdims=True)
    q = np.maximum(C / cc.sum(), eps); q /= q.sum(axis=1, keepdims=True)
    dist = np.sum((q - p) * np.log(q / p), axis=1)
    return np.percentile(dist, [2.5, 97.5])


ops = {
    "histogram": lambda: np.histogram(ref, hist_edges),
    "quantileEdges": lambda: quantile_edges(ref),
    "psi": lambda: psi_numpy(ref, cur),
    "ks2samp": lambda: stats.ks_2samp(ref, cur),
    "wassersteinDistance": lambda: stats.wasserstein_distance(ref, cur),
    "energyDistance": lambda: stats.energy_distance(ref, cur),
    "cramervonmises2samp": lambda: stats.cramervonmises_2samp(ref_s, cur_s),
    "bootstrapPsi": lambda: bootstrap_psi_multinomial(ref_s, cur_s),
}
out = {"_versions": {"numpy": np.__version__, "scipy": scipy.__version__}}
for name, repeat in spec.items():
    out[name] = median_ms(ops[name], repeat)
print(json.dumps(out))
