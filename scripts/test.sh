#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh || exit 1

source scripts/test-postgres.sh
start_test_postgres

results=TestResults
rm -rf "$results"
dotnet build CrossModal.sln -c Release --no-restore --verbosity quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }
dotnet test CrossModal.sln -c Release --no-build --verbosity quiet -nologo \
  --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# Why each failed test failed (quiet verbosity names it only), and where its browser page was, for the e2e tests.
if [ $failed -gt 0 ]; then
  scripts/print-test-failures.sh "$results"/*.trx
  for log in "$results"/e2e/*.console.txt; do
    [ -f "$log" ] || continue
    echo "e2e page of $(basename "$log" .console.txt) (its URL and browser console):"
    head -n 20 "$log" | sed 's/^/  /'
  done
fi
# A crashed test host leaves no counters: count it as a failure rather than a silent pass.
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
