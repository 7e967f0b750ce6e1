# Sourced by the Python oracle installers: ensure_pip_venv installs one pinned PyPI requirement into its own venv,
# idempotently (nothing is downloaded when the pinned version is already there). Network: PyPI only.
#   ensure_pip_venv <label> <venv dir> <distribution> <version> [<extras>]
ensure_pip_venv() {
  local label="$1" venv="$2" dist="$3" version="$4" extras="${5:-}"
  local py="${PYTHON:-python3}"
  command -v "$py" >/dev/null || { echo "$label oracle: python3 (3.9+) is required" >&2; return 1; }
  local installed=""
  if [[ -x "$venv/bin/python" ]]; then
    installed="$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('$dist'))" 2>/dev/null || true)"
  fi
  if [[ "$installed" != "$version" ]]; then
    echo "$label oracle: installing $dist$extras==$version into $venv" >&2
    [[ -x "$venv/bin/python" ]] || "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$dist$extras==$version"
  fi
}
