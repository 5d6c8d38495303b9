#!/usr/bin/env bash
# Runs healthlint's pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit
# client, the way a publisher's repository would use them.
#
# pre-commit is installed from PyPI into a temporary virtual environment. A temporary git
# repository gets one good and one bad article, the bundled fixtures' healthlint.yaml, and a
# .pre-commit-config.yaml whose `repo:` is this checkout and whose `rev:` is its HEAD commit.
# pre-commit's `language: rust` builds healthlint with `cargo install --path .` from that
# commit, so only COMMITTED code is tested; the first run compiles in release mode.
#
# Stage 1, hook `healthlint`: `pre-commit run --all-files` fails, names the bad article and
# its rule ids, and says nothing about the good article, which passes on its own.
# Stage 2, hook `healthlint-fix` (only when the built healthlint has `--fix`): the hook
# rewrites the bad article, pre-commit reports the modification, the help line now reads
# `023 8024 8725`, and a second run changes nothing.
#
# The release build is cached in target/pre-commit of this checkout between runs.
# Ends with a line `N passed, N failed` (and `, N skipped` when stage 2 is skipped).
set -euo pipefail

unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
rev="$(git -C "$root" rev-parse HEAD)"

work="$(mktemp -d "${TMPDIR:-/tmp}/healthlint-pre-commit.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

passed=0
failed=0
skipped=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }
indent() { sed 's/^/    | /'; }

summary() {
    if ((skipped > 0)); then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
}

echo "== pre-commit hooks of $root at $rev"
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no -- src rules Cargo.toml Cargo.lock .pre-commit-hooks.yaml)" ]]; then
    echo "note: $root has uncommitted changes; pre-commit tests the committed code at HEAD only"
fi

# --- pre-commit from PyPI, in a throwaway virtual environment --------------------------------
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"
echo "using $("$pre_commit" --version)"

export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never
export NO_COLOR=1
# pre-commit's `cargo install --path .` honours CARGO_TARGET_DIR: keep the release build
# between runs instead of recompiling every dependency each time.
export CARGO_TARGET_DIR="$root/target/pre-commit"
export CARGO_TERM_COLOR=never

# --- a publisher's repository ----------------------------------------------------------------
repo="$work/articles-repo"
mkdir -p "$repo/articles"
cp "$root/fixtures/healthlint.yaml" "$repo/healthlint.yaml"
cp "$root/fixtures/articles/good/back-pain-after-squats.md" "$repo/articles/back-pain-after-squats.md"
cp "$root/fixtures/articles/seed-as-published.md" "$repo/articles/seed-as-published.md"
good="articles/back-pain-after-squats.md"
bad="articles/seed-as-published.md"

write_config() { # hook ids...
    {
        echo "repos:"
        echo "  - repo: $root"
        echo "    rev: $rev"
        echo "    hooks:"
        for id in "$@"; do
            echo "      - id: $id"
        done
    } >"$repo/.pre-commit-config.yaml"
    git -C "$repo" add .pre-commit-config.yaml
}

git -C "$repo" init --quiet
write_config healthlint
git -C "$repo" add .
git -C "$repo" -c user.name=healthlint-test -c user.email=test@healthlint.invalid \
    -c commit.gpgsign=false commit --quiet -m "articles"

# Runs pre-commit in the repository; sets `out` (combined output) and `rc`.
run_pre_commit() {
    set +e
    out="$(cd "$repo" && "$pre_commit" run --color never "$@" 2>&1)"
    rc=$?
    set -e
}

# --- stage 1: hook `healthlint` --------------------------------------------------------------
echo
echo "== stage 1: hook healthlint, pre-commit run --all-files (builds healthlint on first use)"
start=$(date +%s)
run_pre_commit --all-files
elapsed=$(($(date +%s) - start))
echo "pre-commit run --all-files: exit $rc in ${elapsed}s"
echo "$out" | indent

problems=()
((rc != 0)) || problems+=("pre-commit passed, but $bad has errors")
grep -q "seed-as-published.md" <<<"$out" || problems+=("the output does not name $bad")
for rule in field-type phone-format; do
    grep -q "$rule" <<<"$out" || problems+=("the output does not show rule \`$rule\`")
done
if grep -q "back-pain-after-squats.md" <<<"$out"; then
    problems+=("the output reports something about $good")
fi
if grep -qE 'is not present in repository|\.pre-commit-hooks\.yaml is not a file' <<<"$out"; then
    problems+=("rev $rev has no (or an outdated) .pre-commit-hooks.yaml: pre-commit reads the hooks from the commit")
fi

start=$(date +%s)
good_out=""
good_rc=0
run_pre_commit healthlint --files "$good"
good_out="$out"
good_rc=$rc
echo "pre-commit run healthlint --files $good: exit $good_rc in $(($(date +%s) - start))s"
echo "$good_out" | indent
((good_rc == 0)) || problems+=("the good article alone does not pass (exit $good_rc)")

if ((${#problems[@]} == 0)); then
    pass "hook healthlint: the bad article fails with field-type and phone-format, the good one passes"
else
    for p in "${problems[@]}"; do echo "  - $p"; done
    fail "hook healthlint"
fi

# --- stage 2: hook `healthlint-fix` ----------------------------------------------------------
echo
echo "== stage 2: hook healthlint-fix"
bin="$(find "$PRE_COMMIT_HOME" -type f \( -name healthlint -o -name healthlint.exe \) -path '*/bin/*' 2>/dev/null | head -n 1)"
if [[ -z "$bin" ]]; then
    fail "hook healthlint-fix: pre-commit did not install a healthlint binary"
elif ! "$bin" check --help 2>/dev/null | grep -q -- "--fix"; then
    skip "hook healthlint-fix skipped: --fix not in this build ($rev)"
else
    write_config healthlint healthlint-fix
    problems=()

    start=$(date +%s)
    run_pre_commit healthlint-fix --files "$bad"
    echo "pre-commit run healthlint-fix --files $bad: exit $rc in $(($(date +%s) - start))s"
    echo "$out" | indent
    ((rc != 0)) || problems+=("pre-commit passed although the hook rewrote $bad")
    grep -q "files were modified by this hook" <<<"$out" ||
        problems+=("pre-commit does not report that files were modified")
    if grep -q '^\*\*Help line:\*\* 023 8024 8725' "$repo/$bad"; then
        :
    else
        problems+=("the help line of $bad does not read \`023 8024 8725\`: $(grep -i 'help line' "$repo/$bad" || true)")
    fi
    grep -q '^date: 2025-10-17' "$repo/$bad" || problems+=("the date of $bad was not rewritten as 2025-10-17")
    git -C "$repo" diff --stat -- "$bad" | indent

    # A second run must change nothing (fixes are idempotent).
    before="$(cksum <"$repo/$bad")"
    run_pre_commit healthlint-fix --files "$bad"
    echo "second run of healthlint-fix: exit $rc"
    echo "$out" | indent
    if grep -q "files were modified by this hook" <<<"$out" || [[ "$(cksum <"$repo/$bad")" != "$before" ]]; then
        problems+=("a second run of healthlint-fix changed $bad again")
    fi

    if ((${#problems[@]} == 0)); then
        pass "hook healthlint-fix: rewrites the bad article, the help line reads 023 8024 8725, a second run changes nothing"
    else
        for p in "${problems[@]}"; do echo "  - $p"; done
        fail "hook healthlint-fix"
    fi
fi

echo
summary
((failed == 0))
