#!/usr/bin/env bash
# Batches at scale, measured beside jq on the same input in the same run (not a
# test: the figures depend on the machine).
#
#   scripts/bench-batch.sh [COUNT] [SEED] [RULES_DIR]     (default: 20000 cases, seed 7, rules)
#
# Generates COUNT synthetic cases from RULES_DIR/vocabulary.toml (seeded:
# `cargo run --release --example generate`), then prints:
#   - throughput: `triage assess cases.jsonl --format json` against `jq -c .`
#     re-printing the same stream, in cases per second (best of 3 runs; 1 run
#     above 100,000 cases), both writing to /dev/null;
#   - peak memory of each (maximum resident set size, from /usr/bin/time -v);
#   - the cold single case: a new `triage assess case.json` process for one case
#     against `jq . case.json` (best and median of 21 runs each).
# Installs jq and GNU time with apt-get when they are missing.
set -euo pipefail

cd "$(dirname "$0")/.."
count="${1:-20000}"
seed="${2:-7}"
rules="${3:-rules}"

need() {
  if ! command -v "$1" >/dev/null 2>&1 && [[ ! -x "$1" ]]; then
    echo "installing $2 (apt-get)" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
  fi
}
need jq jq
need /usr/bin/time time

cargo build --release --quiet --bin triage --example generate
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target/release/triage"
generate="$target/release/examples/generate"
work="$(mktemp -d "${TMPDIR:-/tmp}/triage-bench-batch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$generate" "$count" "$seed" "$rules" >"$work/cases.jsonl"
bytes=$(wc -c <"$work/cases.jsonl")
head -n 1 "$work/cases.jsonl" | jq . >"$work/case.json"

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
echo "machine: $(nproc) cores (${cpu:-unknown CPU}), ${memory}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$count" -v b="$bytes" -v s="$seed" 'BEGIN {
  printf "input: %d synthetic cases, %.1f MB (%.2f KB a case), seed %d\n", n, b / 1e6, b / n / 1e3, s }'

now_ns() { date +%s%N; }

# Runs "$@" once with stdout to /dev/null; sets `took` (ns) and `peak` (KiB).
measure() {
  local start end
  start=$(now_ns)
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
    echo "failed: $*" >&2
    tail -n 5 "$work/stderr.txt" >&2
    exit 1
  }
  end=$(now_ns)
  took=$((end - start))
  peak=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
}

# Best time (ns) and the peak memory of that run, over `runs` runs of "$@".
best() {
  local runs=$1 best_took="" best_peak=""
  shift
  for _ in $(seq "$runs"); do
    measure "$@"
    if [[ -z "$best_took" || "$took" -lt "$best_took" ]]; then
      best_took=$took
      best_peak=$peak
    fi
  done
  took=$best_took
  peak=$best_peak
}

runs=3
if ((count > 100000)); then runs=1; fi

best "$runs" "$bin" assess "$work/cases.jsonl" --format json --rules "$rules"
triage_ns=$took triage_kib=$peak
best "$runs" jq -c . "$work/cases.jsonl"
jq_ns=$took jq_kib=$peak

awk -v n="$count" -v t="$triage_ns" -v j="$jq_ns" 'BEGIN {
  printf "throughput: triage %.0f cases/s (%.2f s), jq -c . %.0f cases/s (%.2f s): triage at %.2fx the rate of jq\n",
    n / (t / 1e9), t / 1e9, n / (j / 1e9), j / 1e9, j / t }'
awk -v t="$triage_kib" -v j="$jq_kib" 'BEGIN {
  printf "peak memory: triage %.1f MiB, jq -c . %.1f MiB\n", t / 1024, j / 1024 }'

# Best and median wall-clock time (ms) of 21 fresh runs of "$@", as "BEST MEDIAN"
# (the best is the least disturbed by other work on the machine).
single_ms() {
  local times=()
  for _ in $(seq 21); do
    local start end
    start=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    end=$(now_ns)
    times+=($((end - start)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk 'NR == 1 { best = $1 } NR == 11 { printf "%.1f %.1f\n", best / 1e6, $1 / 1e6 }'
}
read -r single single_median < <(single_ms "$bin" assess "$work/case.json" --rules "$rules")
read -r single_json single_json_median < <(single_ms "$bin" assess "$work/case.json" --rules "$rules" --format json)
read -r jq_single jq_single_median < <(single_ms jq . "$work/case.json")
# The what-if (on by default for one case) tries every unanswered question: the same
# case without it, and an almost unanswered case (the most questions to try) with it.
read -r plain plain_median < <(single_ms "$bin" assess "$work/case.json" --rules "$rules" --format json --no-what-if)
printf '{"patient": {"age": 45}, "complaint": {"region": "buttock"}}\n' > "$work/unanswered.json"
read -r open_case open_case_median < <(single_ms "$bin" assess "$work/unanswered.json" --rules "$rules" --format json)
read -r open_plain open_plain_median < <(single_ms "$bin" assess "$work/unanswered.json" --rules "$rules" --format json --no-what-if)
awk -v p="$plain" -v pm="$plain_median" -v o="$open_case" -v om="$open_case_median" \
  -v op="$open_plain" -v opm="$open_plain_median" -v j="$jq_single" 'BEGIN {
  printf "cold single case without the what-if (--no-what-if, json): %.1f/%.1f ms: %.2fx the time of jq .\n", p, pm, p / j
  printf "what-if on an almost unanswered case: %.1f/%.1f ms with it, %.1f/%.1f ms without: the what-if takes %.1f ms\n", o, om, op, opm, o - op }'
awk -v t="$single" -v tm="$single_median" -v tj="$single_json" -v tjm="$single_json_median" \
  -v j="$jq_single" -v jm="$jq_single_median" 'BEGIN {
  printf "cold single case (best/median of 21): triage %.1f/%.1f ms (text), %.1f/%.1f ms (--format json); jq . case.json %.1f/%.1f ms: triage at %.2fx the time of jq\n",
    t, tm, tj, tjm, j, jm, t / j }'
