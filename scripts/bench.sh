#!/usr/bin/env bash
# Builds the benchmarks in Release, runs them all and writes docs/PERFORMANCE.md.
#   scripts/bench.sh            full run (about 15-25 minutes on a 2-core machine)
#   scripts/bench.sh --quick    smoke run of every harness's smallest configuration (figures not meaningful)
#   scripts/bench.sh --full     also the training-memory run at batch 64 (about 10 more minutes)
#   --memory-steps N, --memory-batch B: the training-memory run (default 1,000 steps at batch 32)
#   --service-requests N: requests of the service-memory run (default 10,000)
# Options: --threads N (torch threads, default 2), --out FILE (default docs/PERFORMANCE.md).
# The PyTorch and NumPy peers need Debian's python3-torch and python3-numpy: installed here (bench only, not by
# bootstrap.sh) when missing and running as root, else the script says what to install.
set -uo pipefail
cd "$(dirname "$0")/.."
invocation="scripts/bench.sh${*:+ $*}"

quick=""; full=""; threads=2; out=docs/PERFORMANCE.md; memory_steps=1000; memory_batch=32; service_requests=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --full) full=1 ;;
    --threads) threads="$2"; shift ;;
    --out) out="$2"; shift ;;
    --memory-steps) memory_steps="$2"; shift ;;
    --memory-batch) memory_batch="$2"; shift ;;
    --service-requests) service_requests="$2"; shift ;;
    *) echo "usage: scripts/bench.sh [--quick] [--full] [--threads N] [--out FILE] [--memory-steps N] [--memory-batch B] [--service-requests N]" >&2; exit 2 ;;
  esac
  shift
done

# Bench-only dependencies: the Python peers.
if ! /usr/bin/python3 -c "import torch, numpy" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing the peers' Python packages (python3-torch, python3-numpy) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends python3-torch python3-numpy >/dev/null \
      || { echo "error: apt-get install python3-torch python3-numpy failed" >&2; exit 1; }
  else
    echo "error: the peers need Debian's python3-torch and python3-numpy: sudo apt-get install python3-torch python3-numpy" >&2; exit 1
  fi
fi
[ -f models/starter/s2i-c/manifest.json ] || { echo "error: models/starter is missing (the committed starter model set)" >&2; exit 1; }

# The harnesses train in-process: give them the allocator setting the CLI's training commands run with (cli/HugePageRestart.cs:
# glibc maps each allocation of 32 MiB or more afresh; with this its pages fault in 2 MiB at a time, not 4 KiB).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1"
echo "building (Release) ..." >&2
dotnet build bench/CrossModal.Bench/CrossModal.Bench.csproj -c Release --verbosity quiet -nologo || exit 1
dotnet build cli/CrossModal.Cli.csproj -c Release --verbosity quiet -nologo || exit 1
bench=bench/CrossModal.Bench/bin/Release/net10.0/linux-x64/crossmodal-bench
fragments=$(mktemp -d)
trap 'rm -rf "$fragments"' EXIT
failures=()
started=$(date +%s)

run() { # run NAME COMMAND [ARGS]: one harness, its Markdown into the fragments folder; a failure is recorded, not fatal
  local name="$1"; shift
  echo "== $name ($(date -u +%H:%M:%S))" >&2
  if ! "$bench" "$@" --threads "$threads" $quick --out "$fragments/$name.md" >/dev/null; then
    failures+=("$name")
    [ -f "$fragments/$name.md" ] || echo -e "## $name\n\nFAILED to run (see the console output of scripts/bench.sh).\n" > "$fragments/$name.md"
  fi
}

run 00-machine machine
run 10-gan-step gan-step
# oneDNN's wrong results: the root-cause table, then the fast path's correctness run (docs/RELIABILITY.md, bug 5).
run 13-onednn-faults onednn-faults
run 14-fast-path-check fast-path-check
run 15-gradient-agreement gradient-agreement
run 11-gan-step-opt gan-step-variants
run 12-gan-scaling gan-scaling
run 16-gan-arm-steps gan-arm-steps
run 20-generation generation
run 21-services services
run 22-concurrency-before concurrency --label "before: shipped settings" --window-ms 5
run 23-concurrency-after concurrency --label "after: tuned settings"
run 30-lms lms
memory=(--steps "$memory_steps" --batch "$memory_batch"); [ -n "$quick" ] && memory=()
run 40-training-memory training-memory "${memory[@]}"
[ -n "$full" ] && run 41-training-memory-64 training-memory --steps "$memory_steps" --batch 64
service=(--requests "$service_requests"); [ -n "$quick" ] && service=()
run 42-service-memory service-memory "${service[@]}"
run 50-synth synth
run 60-micro micro

elapsed=$(( $(date +%s) - started ))
{
  echo "# CrossModal performance"
  echo
  echo "Written by \`$invocation\` on $(date -u '+%Y-%m-%d %H:%M') UTC in $((elapsed / 60)) min $((elapsed % 60)) s; every figure below comes from that run"
  echo "(except the last part, \"Measured apart from \`scripts/bench.sh\`\", which gives each measurement's own date),"
  echo "each beside its reference measured in the same run. Comparisons are interleaved (A, B, A, B, ...) and reported as medians;"
  echo "the machine is shared (see the load average), so treat absolute times as typical, and the ratios as the figures that matter."
  [ -n "$quick" ] && echo && echo "**This is a --quick smoke run: configurations are minimal and the figures are not meaningful.**"
  [ ${#failures[@]} -gt 0 ] && echo && echo "**Harnesses whose claim failed or that did not run: ${failures[*]}.**"
  echo
  cat bench/PERFORMANCE-notes.md
  echo
  for f in "$fragments"/*.md; do cat "$f"; echo; done
  cat bench/PERFORMANCE-measured-apart.md
} > "$out"
echo "wrote $out (${#failures[@]} failure(s): ${failures[*]:-none})" >&2
[ ${#failures[@]} -eq 0 ]
