#!/usr/bin/env bash
# Starts CrossModal: the Aspire AppHost, which runs the three gRPC services (encoder :5101, generator :5102,
# evaluator :5103, plaintext HTTP/2) with health waits and the Aspire dashboard (traces, metrics, logs).
# Ctrl-C stops the AppHost and every service it started.
#   scripts/run.sh            start the services (models from models/starter; override with CrossModal__Models=DIR)
#   scripts/run.sh demo ...   the CLI demo instead (synthesises a small paired dataset); extra arguments go to it
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --run

if [[ "${1:-}" == "demo" ]]; then
  shift
  dotnet build cli/CrossModal.Cli.csproj -c Release --no-restore --verbosity quiet -nologo
  exec dotnet cli/bin/Release/net10.0/linux-x64/crossmodal.dll demo "$@"
fi

dotnet build apphost/CrossModal.AppHost/CrossModal.AppHost.csproj -c Release --verbosity quiet -nologo
dotnet build cli/CrossModal.Cli.csproj -c Release --no-restore --verbosity quiet -nologo

# The studies take their sounds and ground-truth images from the default dataset (served by the evaluator), and training from the
# web app uses it too. A first start synthesises it in the background, so the web app answers without waiting for it; until
# it is in place (the synthesiser stages it and renames it into place when complete) the studies say it is being made.
# data/synthetic.building holds the synthesiser's process id while it runs; an interrupted run is started again.
mkdir -p data
if [[ ! -f data/synthetic/dataset.json ]] && ! { [[ -s data/synthetic.building ]] && kill -0 "$(cat data/synthetic.building)" 2>/dev/null; }; then
  rm -rf data/synthetic.partial-*
  echo "run: first start: synthesising the default dataset into data/synthetic in the background (progress: data/synthetic.log); the studies can use it when it is done." >&2
  # At the lowest priority: on a small machine it would otherwise take half the CPU from the services' and the web
  # app's start, which is what the person waiting sees.
  ( nice -n 19 dotnet cli/bin/Release/net10.0/linux-x64/crossmodal.dll dataset synth --out data/synthetic > data/synthetic.log 2>&1; rm -f data/synthetic.building ) &
  echo $! > data/synthetic.building
fi

# The studies' admin password: CrossModal__Web__AdminPassword when set, else one made on the first start and kept
# in data/admin-password (readable by this user only), so the sign-in works across restarts without a config edit.
if [[ -z "${CrossModal__Web__AdminPassword:-}" ]]; then
  [[ -s data/admin-password ]] || (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' > data/admin-password)
  export CrossModal__Web__AdminPassword="$(cat data/admin-password)"
  admin_note="the password in data/admin-password"
else
  admin_note="the password in CrossModal__Web__AdminPassword"
fi

# A port another program holds would make one part fail to start deep inside the AppHost's log: say so up front.
for port in 5000 5101 5102 5103 18888 18889 18890; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "run: port $port is already in use (another CrossModal, or another program: 'ss -ltnp | grep :$port' tells which); stop it and run again." >&2
    exit 1
  fi
done

cat <<INFO
CrossModal is starting (the first start loads the models; the web app answers when every service is healthy):
  web app    http://localhost:5000
  encoder    http://localhost:5101   (gRPC, plaintext HTTP/2: grpcurl -plaintext localhost:5102 list)
  generator  http://localhost:5102
  evaluator  http://localhost:5103
  dashboard  http://localhost:18888  (traces, metrics, logs; its login URL with a token is printed below)
Studies (http://localhost:5000/studies) sign in with $admin_note.
Try: dotnet cli/bin/Release/net10.0/linux-x64/crossmodal.dll remote models --server http://localhost:5102
Ctrl-C stops everything.
INFO
# The launch profile's settings, set here because the AppHost runs from its build output (no `dotnet run` in
# between, so Ctrl-C and SIGTERM reach it directly). No TLS in development: the dashboard and OTLP use plain HTTP.
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPNETCORE_URLS=http://localhost:18888 ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889 ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:18890
cd apphost/CrossModal.AppHost
exec dotnet bin/Release/net10.0/linux-x64/CrossModal.AppHost.dll
