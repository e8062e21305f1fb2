#!/usr/bin/env bash
# Installs what CrossModal needs on a fresh Debian 12 machine, then restores NuGet packages.
# Idempotent: packages already present are skipped, so it is cheap to run before every command.
#   scripts/bootstrap.sh         everything the tests need too (scripts/test.sh)
#   scripts/bootstrap.sh --run   only what running the system needs (scripts/run.sh): no browser, no kubectl, so a
#                                first start on a fresh machine does not wait for packages only the tests use
set -euo pipefail
cd "$(dirname "$0")/.."

# fluidsynth + FluidR3_GM render the synthetic dataset's sound; timidity + freepats render the sound-only set the
# sound encoder is tested on and never trained on (`dataset sounds --bank freepats`); ffmpeg cuts performance videos;
# sox helps tests make audio fixtures; DejaVu fonts label the report plots.
# Chromium runs the end-to-end tests.
apt_packages=(fluidsynth fluid-soundfont-gm timidity freepats ffmpeg sox fonts-dejavu-core)
run_only=""; [ "${1:-}" = "--run" ] && run_only=1
[ -z "$run_only" ] && apt_packages+=(chromium)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# kubectl renders the Kubernetes overlays in the deployment tests (kubectl kustomize k8s/overlays/...). Any kubectl
# already on PATH is kept; otherwise Debian's kubernetes-client (kubectl 1.20, built-in kustomize v2.0.3, which
# the overlays are written for).
[ -z "$run_only" ] && ! command -v kubectl >/dev/null 2>&1 && missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "bootstrap: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH." >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore CrossModal.sln --verbosity quiet
