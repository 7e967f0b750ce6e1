#!/usr/bin/env bash
# Installs the moto server test oracle (AWS API emulator) into .oracles/moto-venv and writes
# `export KEYWATCH_MOTO_SERVER=<path to moto_server>` to .oracles/env.d/moto.sh. Idempotent: when the
# pinned version is already installed it only rewrites the env file. Network: PyPI only.
set -euo pipefail

MOTO_VERSION="5.2.5"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.oracles/moto-venv"
ENV_DIR="$ROOT/.oracles/env.d"
BIN="$VENV/bin/moto_server"

mkdir -p "$ENV_DIR"
# shellcheck source=lib/pip-venv.sh
source "$ROOT/scripts/oracles/lib/pip-venv.sh"
ensure_pip_venv moto "$VENV" moto "$MOTO_VERSION" "[server]"

# Smoke test: the server module imports.
"$VENV/bin/python" -c 'import moto.server' || { echo "moto oracle: moto.server does not import" >&2; exit 1; }

printf 'export KEYWATCH_MOTO_SERVER=%q\n' "$BIN" > "$ENV_DIR/moto.sh"
echo "moto oracle: ready ($ENV_DIR/moto.sh)" >&2
