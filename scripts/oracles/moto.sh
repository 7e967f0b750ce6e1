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

PY="${PYTHON:-python3}"
command -v "$PY" >/dev/null || { echo "moto oracle: python3 (3.9+) is required" >&2; exit 1; }
mkdir -p "$ENV_DIR"

installed=""
if [[ -x "$VENV/bin/python" ]]; then
  installed="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || true)"
fi

if [[ "$installed" != "$MOTO_VERSION" || ! -x "$BIN" ]]; then
  echo "moto oracle: installing moto[server]==$MOTO_VERSION into $VENV" >&2
  [[ -x "$VENV/bin/python" ]] || "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

# Smoke test: the server module imports.
"$VENV/bin/python" -c 'import moto.server' || { echo "moto oracle: moto.server does not import" >&2; exit 1; }

printf 'export KEYWATCH_MOTO_SERVER=%q\n' "$BIN" > "$ENV_DIR/moto.sh"
echo "moto oracle: ready ($ENV_DIR/moto.sh)" >&2
