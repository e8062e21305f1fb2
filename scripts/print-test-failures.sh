#!/usr/bin/env bash
# Prints each failed test of the given TRX files with its message and the top of its stack trace.
# test.sh runs dotnet test quietly, which names a failed test but not why it failed; CI keeps only the console,
# so the reason has to be printed there. Plain awk + sed: nothing to install on a bare machine.
set -uo pipefail
max_lines=${MAX_FAILURE_LINES:-40}

for trx in "$@"; do
  [ -f "$trx" ] || continue
  awk -v max="$max_lines" '
    /<UnitTestResult / && /outcome="Failed"/ {
      failed = 1; shown = 0
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
      print "FAILED " name
      if ($0 ~ /\/>[[:space:]]*$/) failed = 0
      next
    }
    failed && /<\/UnitTestResult>/ { failed = 0; inside = 0; print ""; next }
    failed && /<(Message|StackTrace)>/ { inside = 1 }
    failed && inside {
      line = $0
      gsub(/<\/?(Message|StackTrace|ErrorInfo)>/, "", line)
      sub(/^[[:space:]]+/, "", line)
      if (line ~ /^at /) line = "  " line
      if (++shown <= max) print "  " line
      else if (shown == max + 1) print "  ..."
    }
    failed && /<\/(Message|StackTrace)>/ { inside = 0 }
  ' "$trx" | sed -e 's/&#xD;//g' -e 's/&#xA;//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g'
done
