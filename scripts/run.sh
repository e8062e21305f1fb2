#!/usr/bin/env bash
# Starts CrossModal: the Aspire AppHost, which runs the three gRPC services (encoder :5101, generator :5102,
# evaluator :5103, plaintext HTTP/2) with health waits and the Aspire dashboard (traces, metrics, logs).
# Ctrl-C stops the AppHost and every service it started.
#   scripts/run.sh            start the services (models from models/starter; override with CrossModal__Models=DIR)
#   scripts/run.sh demo ...   the CLI demo instead (synthesises a small paired dataset); extra arguments go to it
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

if [[ "${1:-}" == "demo" ]]; then
  shift
  dotnet build cli/CrossModal.Cli.csproj -c Release --no-restore --verbosity quiet -nologo
  exec dotnet cli/bin/Release/net10.0/linux-x64/crossmodal.dll demo "$@"
fi

dotnet build apphost/CrossModal.AppHost/CrossModal.AppHost.csproj -c Release --verbosity quiet -nologo
dotnet build cli/CrossModal.Cli.csproj -c Release --no-restore --verbosity quiet -nologo
# No TLS in development: the dashboard and its OTLP endpoint run over plain HTTP.
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
cat <<INFO
CrossModal services (gRPC, plaintext HTTP/2; grpcurl -plaintext localhost:5102 list):
  encoder    http://localhost:5101
  generator  http://localhost:5102
  evaluator  http://localhost:5103
Dashboard: http://localhost:18888 (the login URL with its token is printed below)
Try: dotnet cli/bin/Release/net10.0/linux-x64/crossmodal.dll remote models --server http://localhost:5102
INFO
exec dotnet run --project apphost/CrossModal.AppHost/CrossModal.AppHost.csproj -c Release --no-build --launch-profile http
