"""The CLI bench's baseline: the same drift report in Python with the csv module, numpy and scipy.
Reads both CSVs row by row (csv module) into typed arrays, then per numeric column PSI over the reference's
10 quantile bins (np.quantile + np.histogram) and the two-sample KS test (scipy.stats.ks_2samp), and per
categorical column the Jensen-Shannon distance (scipy.spatial.distance.jensenshannon) of the category shares."""
import csv, sys
from array import array
from collections import Counter
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

def read(path):
    with open(path, newline='') as f:
        r = csv.reader(f)
        header = next(r)
        num = [i for i, h in enumerate(header) if h.startswith('x')]
        cat = [i for i, h in enumerate(header) if h.startswith('c')]
        nums = {header[i]: array('d') for i in num}
        cats = {header[i]: Counter() for i in cat}
        for row in r:
            for i in num:
                nums[header[i]].append(float(row[i]))
            for i in cat:
                cats[header[i]][row[i]] += 1
    return {k: np.frombuffer(v, dtype=float) for k, v in nums.items()}, cats

ref_n, ref_c = read(sys.argv[1])
cur_n, cur_c = read(sys.argv[2])
out = {}
for k, r in ref_n.items():
    c = cur_n[k]
    edges = np.quantile(r, np.linspace(0, 1, 11)); edges[0], edges[-1] = -np.inf, np.inf
    p = np.clip(np.histogram(r, edges)[0] / len(r), 1e-6, None); q = np.clip(np.histogram(c, edges)[0] / len(c), 1e-6, None)
    out[k] = (float(np.sum((q - p) * np.log(q / p))), stats.ks_2samp(r, c).statistic)
for k, r in ref_c.items():
    cats = sorted(set(r) | set(cur_c[k]))
    out[k] = float(jensenshannon([r[x] for x in cats], [cur_c[k][x] for x in cats]))
print(len(out))
