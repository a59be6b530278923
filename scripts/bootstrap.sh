# Sourced by scripts/quickstart and scripts/test: find Python >= 3.12, get uv, sync .venv.
# Needs only git, a Python 3.12+ somewhere (PATH or pyenv) and the package registries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
    local candidates=() c
    [ -n "${INNOCOUNTY_PYTHON:-}" ] && candidates+=("$INNOCOUNTY_PYTHON")
    candidates+=(python3.14 python3.13 python3.12 python3 python)
    if command -v pyenv >/dev/null 2>&1; then
        local root; root=$(pyenv root)
        for c in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -Vr); do candidates+=("$c/bin/python"); done
    fi
    for c in "${candidates[@]}"; do
        local exe; exe=$(command -v "$c" 2>/dev/null) || continue
        if "$exe" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
            "$exe" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 1
}

PYTHON=$(find_python) || {
    echo "innocounty needs Python 3.12 or newer (Django 6). None was found on PATH or in pyenv." >&2
    echo "Install one (e.g. 'pyenv install 3.12') or set INNOCOUNTY_PYTHON=/path/to/python3.12." >&2
    exit 1
}

if command -v uv >/dev/null 2>&1; then
    UV=uv
elif "$PYTHON" -m uv --version >/dev/null 2>&1; then
    UV="$PYTHON -m uv"
else
    echo "Installing uv from PyPI ..." >&2
    "$PYTHON" -m pip install --quiet --user uv 2>/dev/null || "$PYTHON" -m pip install --quiet uv
    UV="$PYTHON -m uv"
fi

export UV_PYTHON_DOWNLOADS=never
$UV sync --frozen --compile-bytecode --python "$PYTHON" --quiet
export PATH="$PWD/.venv/bin:$PATH"
