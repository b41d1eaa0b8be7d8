#!/usr/bin/env bash
# Benchmark figures for triage (not a test: timings depend on the machine).
#
#   scripts/bench.sh [RULES_DIR]
#
# Prints: the time to start and load the rules, the time per case over the
# fixtures (repeated into a JSON Lines batch), and how long runaway rules take to
# be stopped by the engine's limits. Uses the release build.
set -euo pipefail

cd "$(dirname "$0")/.."
rules="${1:-rules}"
runs=7

cargo build --release --quiet
bin="$PWD/target/release/triage"
work="$(mktemp -d "${TMPDIR:-/tmp}/triage-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

# Best of $runs wall-clock times, in milliseconds (3 decimals), of "$@".
best_ms() {
  local best="" start end took
  for _ in $(seq "$runs"); do
    start=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    end=$(now_ns)
    took=$((end - start))
    if [[ -z "$best" || "$took" -lt "$best" ]]; then best=$took; fi
  done
  awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e6 }'
}

# 1. Start-up and rule loading: a case that fails validation stops right after
#    the rules are loaded and compiled, before any rule runs.
echo '{"patient": {"age": 999}, "complaint": {"region": "hip"}}' >"$work/invalid.json"
load=$(best_ms "$bin" assess "$work/invalid.json" --rules "$rules")
files=$(find "$rules" -name '*.rhai' | wc -l)
echo "load: ${load} ms to start and load ${files} rule files from ${rules} (best of ${runs})"

# 2. Time per case: every fixture, one per line, repeated to at least 2000 cases.
shopt -s nullglob
fixtures=(fixtures/*.json)
if ((${#fixtures[@]} == 0)); then
  echo "per case: no fixtures/*.json to run" >&2
else
  : >"$work/once.jsonl"
  for f in "${fixtures[@]}"; do
    # JSON has no raw line breaks inside strings, so removing them keeps it valid.
    tr -d '\n\r' <"$f" >>"$work/once.jsonl"
    echo >>"$work/once.jsonl"
  done
  repeat=$(((2000 + ${#fixtures[@]} - 1) / ${#fixtures[@]}))
  for _ in $(seq "$repeat"); do cat "$work/once.jsonl"; done >"$work/batch.jsonl"
  cases=$(wc -l <"$work/batch.jsonl")
  batch=$(best_ms "$bin" assess "$work/batch.jsonl" --rules "$rules" --format json)
  awk -v b="$batch" -v l="$load" -v n="$cases" -v f="${#fixtures[@]}" 'BEGIN {
    printf "per case: %.3f ms (%d cases: %d fixtures x %d, %.1f ms in all, %.1f ms without loading)\n",
      (b - l) / n, n, f, n / f, b, b - l }'
fi

# 3. Runaway rules: each is added to a copy of the rules and run on one case; the
#    figure is the run time minus the loading time, i.e. how long the rule ran
#    before the engine stopped it.
echo '{"patient": {"age": 45}, "complaint": {"region": "hip"}}' >"$work/case.json"
runaway() {
  local name=$1 source=$2
  rm -rf "$work/rules"
  cp -R "$rules" "$work/rules"
  mkdir -p "$work/rules/zz_bench"
  printf '%s\n' "$source" >"$work/rules/zz_bench/runaway.rhai"
  local total
  total=$(best_ms "$bin" assess "$work/case.json" --rules "$work/rules" --format json)
  local message
  message=$("$bin" assess "$work/case.json" --rules "$work/rules" 2>&1 >/dev/null | head -n 1 || true)
  awk -v t="$total" -v l="$load" -v n="$name" -v m="$message" 'BEGIN {
    d = t - l
    ran = (d < 1) ? "    < 1" : sprintf("%7.1f", d)
    printf "runaway %-15s ran %s ms before it was stopped (%5.1f ms in all): %s\n", n ":", ran, t, m }'
}
runaway "infinite loop" 'loop { }'
runaway "busy loop" 'let n = 0; while true { n += 1; }'
runaway "recursion" 'fn deeper(n) { deeper(n + 1) } deeper(0);'
runaway "growing text" 'let s = "x"; loop { s += s; }'
runaway "growing list" 'let a = []; loop { a.push(1); }'
runaway "nested lists" 'let a = [1]; loop { a = [a, a]; }'
runaway "slow loop" 'let s = "x"; s.pad(4000, "y"); let a = []; for i in 0..1000000 { let t = s + i; a.clear(); a.push(t); }'
