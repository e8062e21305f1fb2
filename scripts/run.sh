#!/usr/bin/env bash
# Starts CrossModal. For now the system is the `crossmodal` CLI: this runs its demo, which
# synthesises a small paired dataset and prints what it made. Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
dotnet build cli/CrossModal.Cli.csproj -c Release --no-restore --verbosity quiet -nologo
exec dotnet cli/bin/Release/net10.0/linux-x64/crossmodal.dll demo "$@"
