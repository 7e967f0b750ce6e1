#!/usr/bin/env bash
# Installs headless Chromium (Debian package) as the test oracle for the HTML reports and writes
# `export KEYWATCH_CHROMIUM=<path>` to .oracles/env.d/chromium.sh. Idempotent: when /usr/bin/chromium
# exists it only rewrites the env file. Network: Debian's package mirrors only (apt-get, as root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENV_DIR="$ROOT/.oracles/env.d"
BIN=/usr/bin/chromium
mkdir -p "$ENV_DIR"

if [[ ! -x "$BIN" ]]; then
  command -v apt-get >/dev/null || { echo "chromium oracle: apt-get is required to install chromium" >&2; exit 1; }
  SUDO=""
  [[ "$(id -u)" == 0 ]] || SUDO="sudo"
  echo "chromium oracle: installing chromium with apt-get" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

"$BIN" --version >/dev/null 2>&1 || { echo "chromium oracle: $BIN --version failed" >&2; exit 1; }
printf 'export KEYWATCH_CHROMIUM=%q\n' "$BIN" > "$ENV_DIR/chromium.sh"
echo "chromium oracle: ready ($ENV_DIR/chromium.sh, $("$BIN" --version))" >&2
