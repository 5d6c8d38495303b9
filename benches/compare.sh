#!/usr/bin/env bash
# Issue 7's measurements, side by side in one run: healthlint against the parse-only baseline
# (examples/parse_baseline.rs) and against the peers, rumdl and markdownlint-cli2.
#
#   bash benches/compare.sh            # everything (about 15 minutes on two cores)
#
# It unpacks the corpora from ../shared/corpora (relative to the repository root; the run is
# skipped, with a message, when they are absent) into a temporary folder, installs rumdl (PyPI,
# into a temporary venv), markdownlint-cli2 (npm, into a temporary folder), hyperfine and GNU
# time (Debian packages, when missing), builds healthlint and the baseline in release, and
# prints the results as markdown tables, with the ratios healthlint ÷ baseline.
#
# Knobs (environment):
#   CORPORA=DIR        where the corpora archives are (default: ../shared/corpora)
#   TOOLS=DIR          keep rumdl and markdownlint-cli2 here between runs (default: temporary)
#   RESULTS=DIR        where the hyperfine JSON and results.md go (default: target/compare)
#   QUIET_LOAD=0.7     wait before each timing until the 1-minute load average is below this
#   QUIET_WAIT=300     ... but at most this many seconds; then time anyway and say so
#   MDL_TLDR=1         also time markdownlint-cli2 on tldr (minutes per run; off by default)
#   PEERS=0            time healthlint and the baseline only
#   SCALING_MB="1 10 100"  the sizes of the single-article scaling table
#   RUNS=10            hyperfine runs per command on the two trees
#   STEPS="trees memory one scaling budget"   which parts to run
#   BUDGET_ROUNDS=5    rounds of the CPU budget per rule (medians)
#   SLOW_MB=100        from this size on, healthlint is timed once (GNU time), not by hyperfine
#   RUMDL_VERSION=0.3.0, MDL_VERSION=0.24.1   the peers' versions (those of BENCHMARKS.md)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPORA=${CORPORA:-$ROOT/../shared/corpora}
QUIET_LOAD=${QUIET_LOAD:-0.7}
QUIET_WAIT=${QUIET_WAIT:-300}
MDL_TLDR=${MDL_TLDR:-0}
PEERS=${PEERS:-1}
SCALING_MB=${SCALING_MB:-1 10 100}
RUNS=${RUNS:-10}
STEPS=${STEPS:-trees memory one scaling budget}
BUDGET_ROUNDS=${BUDGET_ROUNDS:-5}
SLOW_MB=${SLOW_MB:-100}
RUMDL_VERSION=${RUMDL_VERSION:-0.3.0}
MDL_VERSION=${MDL_VERSION:-0.24.1}
TODAY=2026-11-25

if [ ! -f "$CORPORA/powershell-docs.tar.gz" ] || [ ! -f "$CORPORA/tldr.tar.gz" ] ||
    [ ! -f "$CORPORA/nhs-betahealth.tar.gz" ]; then
    echo "compare.sh: skipped: the corpora are not in $CORPORA (see ../shared/corpora/SOURCES.md)"
    exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/healthlint-compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
TOOLS=${TOOLS:-$WORK/tools}
RESULTS=${RESULTS:-$ROOT/target/compare}
mkdir -p "$TOOLS" "$RESULTS"
REPORT=$RESULTS/results.md
: >"$REPORT"

say() { printf '%s\n' "$*" | tee -a "$REPORT"; }
note() { printf '== %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------
apt_install() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    note "installing $2 (Debian)"
    if [ -z "${APT_UPDATED:-}" ]; then
        apt-get update -qq
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
apt_install hyperfine hyperfine
[ -x /usr/bin/time ] || apt_install /usr/bin/time time
apt_install python3 python3
apt_install jq jq

RUMDL=$TOOLS/venv/bin/rumdl
MDL=$TOOLS/npm/node_modules/.bin/markdownlint-cli2
if [ "$PEERS" = 1 ]; then
    if [ ! -x "$RUMDL" ]; then
        note "installing rumdl (PyPI) into $TOOLS/venv"
        python3 -m venv "$TOOLS/venv"
        "$TOOLS/venv/bin/pip" install -q "rumdl==$RUMDL_VERSION"
    fi
    if [ ! -x "$MDL" ]; then
        apt_install npm npm
        note "installing markdownlint-cli2 (npm) into $TOOLS/npm"
        npm install --prefix "$TOOLS/npm" --no-audit --no-fund --silent "markdownlint-cli2@$MDL_VERSION" >/dev/null
    fi
fi

# --- builds ------------------------------------------------------------------------------
note "building healthlint and the baseline (release)"
(cd "$ROOT" && cargo build --release --quiet --bin healthlint --example parse_baseline)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
# .cargo/config.toml builds for the host by name, into target/<host tuple>/.
HOST=$(rustc -vV | sed -n 's/^host: //p')
[ -d "$TARGET/$HOST/release" ] && TARGET=$TARGET/$HOST
HL=$TARGET/release/healthlint
BASE=$TARGET/release/examples/parse_baseline

# --- corpora -----------------------------------------------------------------------------
note "unpacking the corpora into $WORK"
for name in powershell-docs tldr nhs-betahealth; do
    tar -xzf "$CORPORA/$name.tar.gz" -C "$WORK"
done
PS=$WORK/powershell-docs
TLDR=$WORK/tldr
NHS=$WORK/assembled
ONE=$NHS/conditions__cellulitis.md
[ -f "$ONE" ] || ONE=$(find "$NHS" -name '*.md' | sort | head -n 1)

# The peers run from a folder of their own, with no configuration of theirs around.
cd "$WORK"

# --- quiet -------------------------------------------------------------------------------
LOADS=()
load1() { cut -d' ' -f1 /proc/loadavg; }
wait_quiet() { # label
    local waited=0
    while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }'; do
        if [ "$waited" -ge "$QUIET_WAIT" ]; then
            note "$1: still busy after ${QUIET_WAIT}s (load $(load1)); timing anyway"
            break
        fi
        sleep 10
        waited=$((waited + 10))
    done
    LOADS+=("$1: load $(load1) at the start")
    note "$1: load $(load1)"
}

median_ms() { jq -r ".results[$2].median * 1000 | . * 100 | round / 100" "$1"; }
mean_ms() { jq -r ".results[$2].mean * 1000 | . * 10 | round / 10" "$1"; }
stddev_ms() { jq -r ".results[$2].stddev * 1000 | . * 10 | round / 10" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
peak_mb() { # command...: the peak resident set of a command, in MiB
    # healthlint exits 1 when it finds problems; that is not a failure of the measurement.
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } |
        awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }'
}

HL_JSON=("$HL" check --format json --today "$TODAY")

# --- the trees ---------------------------------------------------------------------------
tree() { # label dir runs with-markdownlint
    local label=$1 dir=$2 runs=$3 mdl=$4 json=$RESULTS/$1.json
    local files
    files=$("$BASE" "$dir")
    local commands=(-n baseline "$BASE $dir"
        -n healthlint "${HL_JSON[*]} $dir")
    if [ "$PEERS" = 1 ]; then
        commands+=(-n rumdl "$RUMDL check --no-config --no-cache --silent $dir")
    fi
    wait_quiet "$label"
    hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$json" "${commands[@]}" >&2
    # The ratios are of medians: one run stalled by the machine (seen here: 512 ms among
    # runs of 256 to 260) moves a mean by a tenth, a median not at all.
    local base_ms hl_ms
    base_ms=$(median_ms "$json" 0)
    hl_ms=$(median_ms "$json" 1)
    say ""
    say "### $label ($files files)"
    say ""
    say "| command | median (ms) | mean ± σ (ms) | × baseline (medians) |"
    say "|---|---:|---:|---:|"
    say "| parse-only baseline | $base_ms | $(mean_ms "$json" 0) ± $(stddev_ms "$json" 0) | 1.00 |"
    say "| healthlint (JSON, every default rule) | $hl_ms | $(mean_ms "$json" 1) ± $(stddev_ms "$json" 1) | $(ratio "$hl_ms" "$base_ms") |"
    if [ "$PEERS" = 1 ]; then
        local r_ms
        r_ms=$(median_ms "$json" 2)
        say "| rumdl | $r_ms | $(mean_ms "$json" 2) ± $(stddev_ms "$json" 2) | $(ratio "$r_ms" "$base_ms") |"
        if [ "$mdl" = 1 ]; then
            local mjson=$RESULTS/$label-markdownlint.json
            wait_quiet "$label markdownlint-cli2"
            hyperfine -N -i --runs 3 --export-json "$mjson" \
                -n markdownlint-cli2 "$MDL $dir/**/*.md" >&2
            local m_ms
            m_ms=$(median_ms "$mjson" 0)
            say "| markdownlint-cli2 (3 runs) | $m_ms | $(mean_ms "$mjson" 0) ± $(stddev_ms "$mjson" 0) | $(ratio "$m_ms" "$base_ms") |"
        else
            say "| markdownlint-cli2 | not timed (minutes per run; MDL_TLDR=1 to time it) | | |"
        fi
    fi
    say ""
    say "healthlint ÷ baseline on $label: **$(ratio "$hl_ms" "$base_ms")** (target ≤ 2)"
}

say "# healthlint compare.sh, $(date -u +%Y-%m-%dT%H:%MZ)"
say ""
say "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
say "$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) memory."
say "Tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo " with uncommitted changes")."
say "healthlint $("$HL" --version 2>/dev/null | cut -d' ' -f2), rumdl $([ "$PEERS" = 1 ] && "$RUMDL" --version | cut -d' ' -f2),"
say "markdownlint-cli2 $([ "$PEERS" = 1 ] && "$MDL" --help 2>&1 | head -n 1 | cut -d' ' -f2), $(hyperfine --version)."

step() { [[ " $STEPS " == *" $1 "* ]]; }

if step trees; then
    tree powershell-docs "$PS" "$RUNS" 1
    tree tldr "$TLDR" "$RUNS" "$MDL_TLDR"
fi

# --- peak memory on tldr -----------------------------------------------------------------
if step memory; then
    wait_quiet "peak memory"
    say ""
    say "### Peak memory on tldr (GNU time, maximum resident set)"
    say ""
    say "| command | peak MB |"
    say "|---|---:|"
    say "| parse-only baseline | $(peak_mb "$BASE" "$TLDR") |"
    say "| healthlint (JSON) | $(peak_mb "${HL_JSON[@]}" "$TLDR") |"
    say "| healthlint (human) | $(peak_mb "$HL" check --today "$TODAY" "$TLDR") |"
    if [ "$PEERS" = 1 ]; then
        say "| rumdl | $(peak_mb "$RUMDL" check --no-config --no-cache --silent "$TLDR") |"
    fi
    say ""
    say "Target: healthlint at most 50 MB on tldr."
fi

# --- one article -------------------------------------------------------------------------
if step one; then
    wait_quiet "one article"
    json=$RESULTS/one-article.json
    commands=(-n healthlint "$HL check $ONE")
    if [ "$PEERS" = 1 ]; then
        commands+=(-n rumdl "$RUMDL check --no-config --no-cache --silent $ONE"
            -n markdownlint-cli2 "$MDL $ONE")
    fi
    hyperfine -N -i --warmup 5 --min-runs 30 --export-json "$json" "${commands[@]}" >&2
    # The first publisher's article: phone numbers, and the help line that
    # fixtures/healthlint.yaml configures (found upward from the file).
    PHONE=$ROOT/fixtures/articles/good/back-pain-after-squats.md
    phone_json=$RESULTS/one-article-phone.json
    hyperfine -N -i --warmup 5 --min-runs 30 --export-json "$phone_json" \
        -n healthlint "$HL check $PHONE" >&2
    say ""
    say "### One NHS article ($(basename "$ONE"), $(wc -c <"$ONE") bytes)"
    say ""
    say "| command | median (ms) | mean ± σ (ms) |"
    say "|---|---:|---:|"
    say "| healthlint check one.md | $(median_ms "$json" 0) | $(mean_ms "$json" 0) ± $(stddev_ms "$json" 0) |"
    if [ "$PEERS" = 1 ]; then
        say "| rumdl | $(median_ms "$json" 1) | $(mean_ms "$json" 1) ± $(stddev_ms "$json" 1) |"
        say "| markdownlint-cli2 | $(median_ms "$json" 2) | $(mean_ms "$json" 2) ± $(stddev_ms "$json" 2) |"
    fi
    say "| healthlint check $(basename "$PHONE") ($(wc -c <"$PHONE") bytes; phone numbers, the help line configured) | $(median_ms "$phone_json" 0) | $(mean_ms "$phone_json" 0) ± $(stddev_ms "$phone_json" 0) |"
    say ""
    say "Target: healthlint median at most 5 ms."
fi

# --- scaling -----------------------------------------------------------------------------
# Single articles of 1, 10 and 100 MB: the front matter of a good article, then the bodies of
# the NHS pages and the good fixture articles (real health prose, headings, lists, links,
# phone numbers) repeated until the size is reached.
make_article() { # MB path
    python3 - "$1" "$2" "$ROOT/fixtures/articles/good" "$NHS" <<'PY'
import pathlib, sys
size = int(sys.argv[1]) * 1_000_000
out = pathlib.Path(sys.argv[2])
good = sorted(pathlib.Path(sys.argv[3]).glob("*.md"))
nhs = sorted(pathlib.Path(sys.argv[4]).glob("*.md"))
def split(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[: end + 5], text[end + 5 :]
    return "", text
front, _ = split(good[0].read_text())
bodies = [split(p.read_text())[1].strip() + "\n\n" for p in good + nhs]
chunk = "".join(bodies)
parts, total = [front], len(front.encode())
while total < size:
    parts.append(chunk)
    total += len(chunk.encode())
text = "".join(parts).encode()[:size].decode("utf-8", "ignore")
out.write_text(text)
PY
}

if step scaling; then
    say ""
    say "### Cost against size (one article each, JSON output)"
    say ""
    say "| size | baseline (median ms) | healthlint (median ms) | × baseline | healthlint ms per MB | healthlint peak MB | healthlint runs |"
    say "|---:|---:|---:|---:|---:|---:|---:|"
    for mb in $SCALING_MB; do
        dir=$WORK/scaling-$mb
        mkdir -p "$dir"
        make_article "$mb" "$dir/article.md"
        json=$RESULTS/scaling-$mb.json
        wait_quiet "scaling $mb MB"
        if [ "$mb" -lt "$SLOW_MB" ]; then
            hyperfine -N -i --warmup 1 --runs 10 --export-json "$json" \
                -n baseline "$BASE $dir" \
                -n healthlint "${HL_JSON[*]} $dir/article.md" >&2
            base_ms=$(median_ms "$json" 0)
            hl_ms=$(median_ms "$json" 1)
            peak=$(peak_mb "${HL_JSON[@]}" "$dir/article.md")
            runs=10
        else
            # One run, timed and measured at once: at this size a run can take minutes.
            hyperfine -N --warmup 1 --runs 3 --export-json "$json" -n baseline "$BASE $dir" >&2
            base_ms=$(median_ms "$json" 0)
            read -r seconds kb < <(/usr/bin/time -f '%e %M' "${HL_JSON[@]}" "$dir/article.md" 2>&1 >/dev/null | tail -n 1)
            hl_ms=$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }')
            peak=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
            runs=1
        fi
        per_mb=$(awk -v t="$hl_ms" -v m="$mb" 'BEGIN { printf "%.1f", t / m }')
        say "| $mb MB | $base_ms | $hl_ms | $(ratio "$hl_ms" "$base_ms") | $per_mb | $peak | $runs |"
    done
fi

# --- the CPU budget per rule --------------------------------------------------------------
# Where healthlint's time goes beyond the parse, rule by rule: the CPU time (user + system)
# of one thread (`--jobs 1`) on PowerShell-Docs with every default rule, with one cheap rule
# alone (`--select front-matter`: the walk, the parse, the front matter and the report), with
# that rule and each other rule in turn, and with the three rules that share one scan of the
# prose; the baseline on one thread beside them (`RAYON_NUM_THREADS=1`, which its walk
# follows too). The commands alternate round by round; a rule's cost is the median over the
# rounds of its run less the floor's run of the same round.
if step budget; then
    wait_quiet "budget"
    say ""
    say "### CPU per rule on powershell-docs (one thread, medians of $BUDGET_ROUNDS rounds)"
    say ""
    python3 - "$BUDGET_ROUNDS" "$BASE" "$PS" "${HL_JSON[@]}" <<'PY' | tee -a "$REPORT"
import os, resource, statistics, subprocess, sys
rounds, base, tree, hl = max(1, int(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4:]
rules = [line.split()[0] for line in subprocess.run(
    [hl[0], "rules"], capture_output=True, text=True, check=True).stdout.splitlines() if line.strip()]
shared = "health-claims,emergency-escalation,medicine-safety"
runs = {"baseline": ([base, tree], {"RAYON_NUM_THREADS": "1"}),
        "every rule": (hl + ["--jobs", "1", tree], {}),
        shared: (hl + ["--jobs", "1", "--select", "front-matter," + shared, tree], {})}
for rule in rules:
    select = "front-matter" if rule == "front-matter" else "front-matter," + rule
    runs[rule] = (hl + ["--jobs", "1", "--select", select, tree], {})
cpu = {name: [] for name in runs}
for _ in range(rounds):
    for name, (command, env) in runs.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, **env})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # 1 is healthlint finding problems; anything else is a run that did not do the work.
        if done.returncode not in (0, 1):
            sys.exit(f"budget: {name} exited with {done.returncode}: {' '.join(command)}")
        cpu[name].append(1000 * (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
floor = cpu["front-matter"]
def over(name):
    return statistics.median(a - b for a, b in zip(cpu[name], floor))
print("| run | CPU ms | over `--select front-matter` |")
print("|---|---:|---:|")
print(f"| parse-only baseline, one thread | {statistics.median(cpu['baseline']):.1f} | |")
print(f"| `--select front-matter` (the floor) | {statistics.median(floor):.1f} | |")
singles = [rule for rule in rules if rule != "front-matter"]
for rule in sorted(singles, key=over, reverse=True):
    print(f"| `--select front-matter,{rule}` | {statistics.median(cpu[rule]):.1f} | {over(rule):+.1f} |")
print(f"| `--select front-matter,{shared}` | {statistics.median(cpu[shared]):.1f} | {over(shared):+.1f} |")
print(f"| every default rule | {statistics.median(cpu['every rule']):.1f} | {over('every rule'):+.1f} |")
print()
alone = sum(over(rule) for rule in shared.split(","))
print(f"The three rules of the shared scan cost {over(shared):+.1f} ms together and {alone:+.1f} ms")
print("run one at a time (a rule alone scans the prose for itself; with one thread the shared")
print(f"scan is compiled after 1 MB of prose). The rules one at a time add up to {sum(map(over, singles)):+.1f} ms,")
print(f"every rule at once costs {over('every rule'):+.1f} ms: what rules share (the sections, the word")
print("count, the phone numbers, the disclaimer) is charged to each rule alone.")
PY
fi

say ""
say "### Load average at the start of each timing"
say ""
for line in "${LOADS[@]}"; do say "- $line"; done
say ""
note "results in $REPORT and $RESULTS/*.json"
