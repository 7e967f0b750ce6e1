#!/usr/bin/env bash
# Installs the cfn-lint test oracle (aws-cloudformation/cfn-lint, pinned) into a Python venv at
# .oracles/cfn-lint-venv and writes `export KEYWATCH_CFN_LINT=<path to cfn-lint>` to
# .oracles/env.d/cfn-lint.sh. Idempotent: when the pinned version is already installed it only rewrites
# the env file. Needs Python 3.9+; the only network access is PyPI.
set -euo pipefail

CFN_LINT_VERSION="1.58.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.oracles/cfn-lint-venv"
ENV_DIR="$ROOT/.oracles/env.d"
BIN="$VENV/bin/cfn-lint"

mkdir -p "$ENV_DIR"
# shellcheck source=lib/pip-venv.sh
source "$ROOT/scripts/oracles/lib/pip-venv.sh"
ensure_pip_venv cfn-lint "$VENV" cfn-lint "$CFN_LINT_VERSION"

# Smoke test: a minimal valid template must lint clean.
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
printf '{"Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}}\n' > "$probe/t.json"
"$BIN" "$probe/t.json" >&2 || { echo "cfn-lint oracle: smoke test failed" >&2; exit 1; }

printf 'export KEYWATCH_CFN_LINT=%q\n' "$BIN" > "$ENV_DIR/cfn-lint.sh"
echo "cfn-lint oracle: ready ($ENV_DIR/cfn-lint.sh, $("$BIN" --version))" >&2
