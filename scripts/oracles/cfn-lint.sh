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

command -v python3 >/dev/null || { echo "cfn-lint oracle: python3 (3.9+) is required" >&2; exit 1; }
mkdir -p "$ENV_DIR"

installed=""
if [[ -x "$BIN" ]]; then
  installed="$("$BIN" --version 2>/dev/null | awk '{print $2}')"
fi

if [[ "$installed" != "$CFN_LINT_VERSION" ]]; then
  echo "cfn-lint oracle: installing cfn-lint $CFN_LINT_VERSION into $VENV" >&2
  [[ -d "$VENV" ]] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi

# Smoke test: a minimal valid template must lint clean.
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
printf '{"Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}}\n' > "$probe/t.json"
"$BIN" "$probe/t.json" >&2 || { echo "cfn-lint oracle: smoke test failed" >&2; exit 1; }

printf 'export KEYWATCH_CFN_LINT=%q\n' "$BIN" > "$ENV_DIR/cfn-lint.sh"
echo "cfn-lint oracle: ready ($ENV_DIR/cfn-lint.sh, $("$BIN" --version))" >&2
