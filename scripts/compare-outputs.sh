#!/usr/bin/env bash
# Are two builds of triage byte-identical in what they say? Not a test of either
# alone: a check, run by hand, that a change meant to be faster changed nothing else.
#
#   scripts/compare-outputs.sh BEFORE_BIN [AFTER_BIN] [COUNT] [RULES_DIR]
#
# AFTER_BIN defaults to this tree's release build (built here); COUNT (default
# 10000) synthetic cases come from `cargo run --release --example generate`.
# Compares stdout, stderr and the exit code of each build, on:
#   - every fixture, with the what-if (json and text) and without it (json);
#   - `explain` on every fixture; `test` and `check` on the rules;
#   - COUNT generated cases as one JSON Lines batch, with and without the what-if.
# Prints the first difference and exits 1 if any; exits 0 when all are identical.
set -euo pipefail

cd "$(dirname "$0")/.."
before="${1:?usage: scripts/compare-outputs.sh BEFORE_BIN [AFTER_BIN] [COUNT] [RULES_DIR]}"
after="${2:-}"
count="${3:-10000}"
rules="${4:-rules}"

cargo build --release --quiet --bin triage --example generate
target="${CARGO_TARGET_DIR:-$PWD/target}"
if [[ -z "$after" ]]; then after="$target/release/triage"; fi
work="$(mktemp -d "${TMPDIR:-/tmp}/triage-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT

compared=0
differences=0
# Runs "$@" with each build and compares stdout, stderr and the exit code.
same() {
  local name=$1
  shift
  local side
  for side in before after; do
    local bin=$before
    if [[ $side == after ]]; then bin=$after; fi
    set +e
    "$bin" "$@" >"$work/$side.out" 2>"$work/$side.err"
    echo "exit $?" >>"$work/$side.err"
    set -e
  done
  compared=$((compared + 1))
  if ! cmp -s "$work/before.out" "$work/after.out" || ! cmp -s "$work/before.err" "$work/after.err"; then
    differences=$((differences + 1))
    if ((differences == 1)); then
      echo "DIFFERENT: $name ($*)"
      diff <(cat "$work/before.out" "$work/before.err") <(cat "$work/after.out" "$work/after.err") | head -n 20 || true
    fi
  fi
}

for fixture in fixtures/*.json; do
  same "$fixture what-if json" assess "$fixture" --rules "$rules" --format json
  same "$fixture what-if text" assess "$fixture" --rules "$rules" --format text --color never
  same "$fixture no what-if" assess "$fixture" --rules "$rules" --format json --no-what-if
  same "$fixture explain" explain "$fixture" --rules "$rules"
done
same "test" test --rules "$rules" --verbose
same "check" check --rules "$rules"

"$target/release/examples/generate" "$count" 11 "$rules" >"$work/cases.jsonl"
same "$count generated, no what-if" assess "$work/cases.jsonl" --rules "$rules" --format json
same "$count generated, what-if" assess "$work/cases.jsonl" --rules "$rules" --format json --what-if

echo "compared $compared runs of $before and $after: $differences different"
((differences == 0))
