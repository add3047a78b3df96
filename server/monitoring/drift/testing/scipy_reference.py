"""SciPy's answers for the drift statistics on the datasets the jest test writes (a JSON file).

Usage: python scipy_reference.py <datasets.json>  → prints one JSON object on stdout.
Numeric samples are lists, or {"f64": path} for large ones written as raw float64.
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance

PSI_SHARE_FLOOR = 1e-4


def psi_numeric(reference, current):
    ref = np.sort(np.asarray(reference, dtype=float))
    edges = []
    for q in np.quantile(ref, [d / 10 for d in range(1, 10)]):
        if not edges or q > edges[-1]:
            edges.append(float(q))
    ref_bins = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1)
    cur_bins = np.bincount(np.searchsorted(edges, np.asarray(current, dtype=float), side="left"), minlength=len(edges) + 1)
    return psi_counts(ref_bins, cur_bins), edges


def psi_counts(ref_counts, cur_counts):
    r = np.maximum(np.asarray(ref_counts, dtype=float) / np.sum(ref_counts), PSI_SHARE_FLOOR)
    c = np.maximum(np.asarray(cur_counts, dtype=float) / np.sum(cur_counts), PSI_SHARE_FLOOR)
    return float(np.sum((c - r) * np.log(c / r)))


def sample(side):
    """A numeric sample given inline (a list) or as a file of little-endian float64 values ({"f64": path})."""
    if isinstance(side, dict):
        return np.fromfile(side["f64"], dtype="<f8")
    return np.asarray(side, dtype=float)


def numeric(case):
    a, b = sample(case["reference"]), sample(case["current"])
    ks = stats.ks_2samp(a, b, method="auto")
    psi, edges = psi_numeric(a, b)
    return {
        "ks": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
        "wasserstein": float(stats.wasserstein_distance(a, b)),
        "referenceStd": float(np.std(a)),
        "psi": psi,
        "edges": edges,
    }


def categorical(case):
    ref, cur = case["reference"], case["current"]
    categories = sorted(set(ref) | set(cur))
    ref_counts = [ref.get(c, 0) for c in categories]
    cur_counts = [cur.get(c, 0) for c in categories]
    chi2 = stats.chi2_contingency(np.array([ref_counts, cur_counts]))
    return {
        "chiSquare": {"statistic": float(chi2.statistic), "pValue": float(chi2.pvalue), "dof": int(chi2.dof)},
        "jensenShannon": float(distance.jensenshannon(ref_counts, cur_counts, base=2)),
        "psi": psi_counts(ref_counts, cur_counts),
    }


def kstwo(case):
    return [float(stats.kstwo.sf(x, n)) for n, x in case["points"]]


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        datasets = json.load(handle)
    out = {
        "numeric": {name: numeric(case) for name, case in datasets["numeric"].items()},
        "categorical": {name: categorical(case) for name, case in datasets.get("categorical", {}).items()},
        "kstwo": kstwo(datasets.get("kstwo", {"points": []})),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
