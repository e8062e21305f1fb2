#!/usr/bin/env bash
# Evaluates every arm of an S2I ablation (models s2i-<variant>-<arm>) with the quality measures, one JSON per arm,
# then prints the comparison table. The choice between arms is made on the validation split of the training dataset
# (docs/EVALUATION.md); run it once more on the test split only for the figures reported after the choice.
#   scripts/evaluate-arms.sh [--models models/ablation] [--data data/synthetic] [--split validation] [--per-class 100] [--out DIR]
# An arm already evaluated (its JSON in --out) is skipped, so the script can be rerun as more arms finish training.
set -euo pipefail
cd "$(dirname "$0")/.."
models=models/ablation; data=data/synthetic; split=validation; per_class=100; out=""; variant=c
while [ $# -gt 0 ]; do
  case "$1" in
    --models) models="$2"; shift ;;
    --data) data="$2"; shift ;;
    --split) split="$2"; shift ;;
    --per-class) per_class="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) echo "usage: scripts/evaluate-arms.sh [--models DIR] [--data DIR] [--split validation|train] [--per-class N] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
out="${out:-$models/arm-evaluations-$split}"
# CROSSMODAL_CLI: another build of the CLI (e.g. a copy taken before a rebuild, so that builds can go on meanwhile).
cli=${CROSSMODAL_CLI:-cli/bin/Release/net10.0/linux-x64/crossmodal.dll}
[ -f "$cli" ] || dotnet build cli/CrossModal.Cli.csproj -c Release --verbosity quiet -nologo
mkdir -p "$out"
for dir in "$models"/s2i-"$variant"-*/; do
  arm=$(basename "$dir"); arm=${arm#s2i-"$variant"-}
  [ -f "$dir/manifest.json" ] || continue
  [ -f "$out/$arm.json" ] && continue
  echo "== $arm ($(date -u +%H:%M:%S))" >&2
  dotnet "$cli" evaluate s2i --models "$models" --variant "$variant" --arm "$arm" --data "$data" --split "$split" \
    --per-class "$per_class" --quality --json > "$out/$arm.json.partial"
  mv "$out/$arm.json.partial" "$out/$arm.json"
done
python3 - "$out" <<'PY'
import glob, json, os, sys
print("| arm | image classifier | second judge | second judge, greyscale | R pixels | R features | coverage | density | noise share | FID |")
print("|---|---|---|---|---|---|---|---|---|---|")
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    d = json.load(open(f)); q = d["quality"]
    share = "n/a" if q.get("noise_share") is None else f"{q['noise_share']:.1%}"
    print(f"| {d['task']} | {d['accuracy']:.1%} | {q['second_judge']['result']['accuracy']:.1%} | "
          f"{q['second_judge_greyscale']['result']['accuracy']:.1%} | {q['pixel_variety']['overall']:.3f} | "
          f"{q['feature_variety']['overall']:.3f} | {q['coverage']['coverage']:.3f} | {q['coverage']['density']:.3f} | {share} | {d['fid']:.0f} |")
PY
