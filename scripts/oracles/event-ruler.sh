#!/usr/bin/env bash
# Builds the aws/event-ruler test oracle (oracles/event-ruler) into .oracles/event-ruler/ and writes
# `export KEYWATCH_EVENT_RULER_CP=<classpath>` to .oracles/env.d/event-ruler.sh. Idempotent: when the
# built jar is newer than the harness sources and the pom, it only rewrites the env file.
# Needs Java 17+ and Maven 3.8+; the only network access is Maven Central.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/oracles/event-ruler"
OUT="$ROOT/.oracles/event-ruler"
ENV_DIR="$ROOT/.oracles/env.d"
JAR="$OUT/event-ruler-oracle.jar"
LIB="$OUT/lib"

command -v java >/dev/null || { echo "event-ruler oracle: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "event-ruler oracle: mvn (3.8+) is required" >&2; exit 1; }

mkdir -p "$OUT" "$ENV_DIR"

stale=0
if [[ ! -f "$JAR" || ! -d "$LIB" ]]; then
  stale=1
elif [[ -n "$(find "$SRC" -type f \( -name '*.java' -o -name pom.xml \) -newer "$JAR" -print -quit)" ]]; then
  stale=1
fi

if [[ "$stale" == 1 ]]; then
  echo "event-ruler oracle: building $SRC" >&2
  BUILD="$OUT/build"
  rm -rf "$BUILD" "$LIB"
  mvn -B -q -f "$SRC/pom.xml" \
    -Doracle.build.dir="$BUILD" \
    -DoutputDirectory="$LIB" -DincludeScope=runtime \
    package dependency:copy-dependencies
  cp "$BUILD/event-ruler-oracle.jar" "$JAR"
  rm -rf "$BUILD"
fi

CP="$JAR"
for dep in "$LIB"/*.jar; do CP="$CP:$dep"; done

# Smoke test: one matching pair must print result true.
probe='{"id":1,"pattern":"{\"a\":[\"b\"]}","event":"{\"a\":\"b\"}"}'
got="$(printf '%s\n' "$probe" | java -cp "$CP" keywatch.oracle.EventRulerOracle)"
if [[ "$got" != '{"id":1,"result":true}' ]]; then
  echo "event-ruler oracle: smoke test failed: $got" >&2
  exit 1
fi

printf 'export KEYWATCH_EVENT_RULER_CP=%q\n' "$CP" > "$ENV_DIR/event-ruler.sh"
echo "event-ruler oracle: ready ($ENV_DIR/event-ruler.sh)" >&2
