#!/usr/bin/env bash
# The full test suite, as the README gives it (`npm ci && npm test`): build, lint, type-check, install the external
# test oracles (cfn-lint, moto server, aws/event-ruler, Chromium, Trino) into .oracles/, then every Jest suite.
# Under CI=true a missing oracle is a failure: every installer must succeed, and the suites refuse to skip.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build"
npm run build --silent
echo "== lint"
npx eslint packages test
echo "== format (prettier, .prettierrc.json: 160 columns)"
npm run --silent format:check
echo "== type-check (sources and tests)"
npx tsc -p tsconfig.json --noEmit

echo "== oracles"
mkdir -p .oracles/env.d
for installer in scripts/oracles/*.sh; do
  echo "-- $installer"
  bash "$installer"
done
for env in .oracles/env.d/*.sh; do
  # shellcheck disable=SC1090
  source "$env"
done

echo "== jest"
npx jest --ci --maxWorkers=2 "$@"
