#!/usr/bin/env python3
"""Mean ± sd over training seeds of `crossmodal evaluate s2i --quality --json` outputs (issue 17: the default model is
reported over two seeds), overall and per instrument, as Markdown tables.
  scripts/summarise-seeds.py SEED1.json SEED2.json [...]"""
import json, statistics, sys

runs = [json.load(open(path)) for path in sys.argv[1:]]
if not runs:
    sys.exit(__doc__)

def stat(values, percent=False):
    scale = 100 if percent else 1
    mean = statistics.mean(values) * scale
    sd = statistics.stdev(values) * scale if len(values) > 1 else 0.0
    return f"{mean:.1f} ± {sd:.1f} %" if percent else f"{mean:.3f} ± {sd:.3f}"

overall = [
    ("image classifier (first judge)", lambda d: d["accuracy"], True),
    ("second judge (4 samples per sound)", lambda d: d["quality"]["second_judge"]["result"]["accuracy"], True),
    ("second judge, greyscale", lambda d: d["quality"]["second_judge_greyscale"]["result"]["accuracy"], True),
    ("variety R, 32x32 pixels", lambda d: d["quality"]["pixel_variety"]["overall"], False),
    ("variety R, random features", lambda d: d["quality"]["feature_variety"]["overall"], False),
    ("coverage (k = 5)", lambda d: d["quality"]["coverage"]["coverage"], False),
    ("density", lambda d: d["quality"]["coverage"]["density"], False),
    ("noise share of G's first layer", lambda d: d["quality"]["noise_share"], True),
    ("FID (image classifier's embedding)", lambda d: d["fid"], False),
]
print(f"| measure ({len(runs)} seeds: mean ± sd) | value | per seed |")
print("|---|---|---|")
for name, get, percent in overall:
    values = [get(d) for d in runs]
    each = ", ".join(f"{v * 100:.1f} %" if percent else f"{v:.3f}" for v in values)
    print(f"| {name} | {stat(values, percent)} | {each} |")

def per_instrument(d, path, key):
    node = d
    for part in path:
        node = node[part]
    return {row["instrument"]: row[key] for row in node}

columns = [
    ("image classifier", ["per_instrument"], "accuracy", True),
    ("second judge", ["quality", "second_judge", "result", "per_instrument"], "accuracy", True),
    ("second judge, greyscale", ["quality", "second_judge_greyscale", "result", "per_instrument"], "accuracy", True),
    ("R pixels", ["quality", "pixel_variety", "per_instrument"], "ratio", False),
    ("R features", ["quality", "feature_variety", "per_instrument"], "ratio", False),
    ("coverage", ["quality", "coverage", "per_instrument"], "coverage", False),
]
tables = [[per_instrument(d, path, key) for d in runs] for _, path, key, _ in columns]
print()
print("| instrument | " + " | ".join(name for name, *_ in columns) + " |")
print("|---|" + "---|" * len(columns))
for instrument in tables[0][0]:
    cells = [stat([t[instrument] for t in table], percent) for table, (_, _, _, percent) in zip(tables, columns)]
    print(f"| {instrument} | " + " | ".join(cells) + " |")
