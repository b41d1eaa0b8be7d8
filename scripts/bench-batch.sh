#!/usr/bin/env bash
# The figures of issue 23, beside jq on the same input in the same run (not a
# test: they depend on the machine and on what else runs on it).
#
#   scripts/bench-batch.sh [COUNT] [SEED] [RULES_DIR]   (default: 100000 cases, seed 7, rules)
#   BEFORE=/path/to/an/older/triage scripts/bench-batch.sh ...   (adds a "before" column)
#
# Generates COUNT synthetic cases from RULES_DIR/vocabulary.toml (seeded:
# `cargo run --release --example generate`), then measures, every program in
# turn so that each sees the same load:
#   - the stream: `triage assess cases.jsonl --format json` against `jq -c .`
#     re-printing it, both to /dev/null (best of 3 runs), and the peak memory of
#     each (maximum resident set size, from /usr/bin/time -v);
#   - one case, a new process each time (median and best of 21 runs): without
#     the what-if (`--no-what-if`) and with it, against `jq . case.json`; and an
#     almost unanswered case (the most questions for the what-if to try);
#   - the deep check (`triage check --deep`), in cases per second, when the
#     build has one.
# Prints a Markdown table at the end. Installs jq and GNU time with apt-get
# when they are missing.
set -euo pipefail

cd "$(dirname "$0")/.."
count="${1:-100000}"
seed="${2:-7}"
rules="${3:-rules}"
before="${BEFORE:-}"

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
if [[ -n "$before" && ! -x "$before" ]]; then
  echo "BEFORE=$before is not an executable" >&2
  exit 2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/triage-bench-batch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$generate" "$count" "$seed" "$rules" >"$work/cases.jsonl"
bytes=$(wc -c <"$work/cases.jsonl")
head -n 1 "$work/cases.jsonl" | jq . >"$work/case.json"
printf '{"patient": {"age": 45}, "complaint": {"region": "buttock"}}\n' >"$work/unanswered.json"

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
echo "machine: $(nproc) cores (${cpu:-unknown CPU}), ${memory}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$count" -v b="$bytes" -v s="$seed" 'BEGIN {
  printf "input: %d synthetic cases, %.1f MB (%.2f KB a case), seed %d\n", n, b / 1e6, b / n / 1e3, s }'

# The programs compared: jq, this tree's triage, and the one given as BEFORE.
names=(jq after)
if [[ -n "$before" ]]; then names+=(before); fi
program() {
  case $1 in
    after) echo "$bin" ;;
    before) echo "$before" ;;
  esac
}

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

# The stream, each program in turn, 3 rounds (1 above 100,000 cases): the best
# time of each and its peak memory.
declare -A stream_ns stream_kib
rounds=3
if ((count > 100000)); then rounds=1; fi
for _ in $(seq "$rounds"); do
  for name in "${names[@]}"; do
    if [[ $name == jq ]]; then
      measure jq -c . "$work/cases.jsonl"
    else
      measure "$(program "$name")" assess "$work/cases.jsonl" --format json --rules "$rules"
    fi
    if [[ -z "${stream_ns[$name]:-}" || "$took" -lt "${stream_ns[$name]}" ]]; then
      stream_ns[$name]=$took
      stream_kib[$name]=$peak
    fi
  done
done

# One case, a new process each time: 21 rounds, each program (and each way of
# running it) in turn; `single_ms KEY` prints "MEDIAN BEST" of KEY's times.
declare -A single_times single_kib
run_single() {
  local key=$1 start end
  shift
  start=$(now_ns)
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
  end=$(now_ns)
  single_times[$key]+="$((end - start)) "
  local kib
  kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
  if [[ -z "${single_kib[$key]:-}" || "$kib" -gt "${single_kib[$key]}" ]]; then
    single_kib[$key]=$kib
  fi
}
for _ in $(seq 21); do
  run_single jq jq . "$work/case.json"
  for name in "${names[@]}"; do
    [[ $name == jq ]] && continue
    p=$(program "$name")
    run_single "$name plain" "$p" assess "$work/case.json" --rules "$rules" --format json --no-what-if
    run_single "$name what-if" "$p" assess "$work/case.json" --rules "$rules" --format json
    run_single "$name unanswered" "$p" assess "$work/unanswered.json" --rules "$rules" --format json
  done
done
single_ms() {
  tr ' ' '\n' <<<"${single_times[$1]}" | grep -v '^$' | sort -n |
    awk '{ t[NR] = $1 } END { printf "%.1f %.1f\n", t[int((NR + 1) / 2)] / 1e6, t[1] / 1e6 }'
}

# The deep check, where the build has one (`triage check --deep`).
declare -A deep
for name in "${names[@]}"; do
  [[ $name == jq ]] && continue
  p=$(program "$name")
  if "$p" check --help 2>/dev/null | grep -q -- '--deep'; then
    start=$(now_ns)
    "$p" check --rules "$rules" --deep >"$work/deep.txt" 2>&1 || true
    end=$(now_ns)
    tried=$(grep -oE '[0-9][0-9,]* cases' "$work/deep.txt" | tail -n 1 | tr -d ', cases')
    deep[$name]=$(awk -v n="${tried:-0}" -v t=$((end - start)) 'BEGIN {
      printf "%.0f cases/s (%d cases, %.1f s)", n / (t / 1e9), n, t / 1e9 }')
  else
    deep[$name]="(no deep check in this build)"
  fi
done

# The table.
read -r jq_med jq_best < <(single_ms jq)
header="| | jq | triage"
rule="|---|---|---"
if [[ -n "$before" ]]; then
  header+=" | triage before"
  rule+="|---"
fi
echo
echo "$header |"
echo "$rule|"
row() { printf '| %s |' "$1"; shift; printf ' %s |' "$@"; echo; }
stream_cells=()
memory_cells=()
for name in "${names[@]}"; do
  stream_cells+=("$(awk -v n="$count" -v t="${stream_ns[$name]}" -v j="${stream_ns[jq]}" 'BEGIN {
    printf "%.2f s (%.0f cases/s, %.2fx jq)", t / 1e9, n / (t / 1e9), t / j }')")
  memory_cells+=("$(awk -v k="${stream_kib[$name]}" 'BEGIN { printf "%.1f MiB", k / 1024 }')")
done
row "stream of $count cases (best of $rounds)" "${stream_cells[@]}"
row "peak memory, stream" "${memory_cells[@]}"
for way in plain what-if unanswered; do
  cells=()
  for name in "${names[@]}"; do
    if [[ $name == jq ]]; then
      if [[ $way == unanswered ]]; then cells+=("-"); else cells+=("$jq_med ms (best $jq_best)"); fi
      continue
    fi
    read -r med best < <(single_ms "$name $way")
    cells+=("$(awk -v m="$med" -v b="$best" -v j="$jq_med" 'BEGIN {
      printf "%.1f ms (best %.1f, %.2fx jq)", m, b, m / j }')")
  done
  case $way in
    plain) label="one case, without the what-if (median of 21)" ;;
    what-if) label="one case, with the what-if (median of 21)" ;;
    unanswered) label="an almost unanswered case, with the what-if" ;;
  esac
  row "$label" "${cells[@]}"
done
cells=()
for name in "${names[@]}"; do
  if [[ $name == jq ]]; then
    cells+=("$(awk -v k="${single_kib[jq]}" 'BEGIN { printf "%.1f MiB", k / 1024 }')")
  else
    cells+=("$(awk -v k="${single_kib[$name what-if]}" 'BEGIN { printf "%.1f MiB", k / 1024 }')")
  fi
done
row "peak memory, one case with the what-if" "${cells[@]}"
cells=("-")
for name in "${names[@]}"; do
  [[ $name == jq ]] && continue
  cells+=("${deep[$name]}")
done
row "deep check (\`check --deep\`)" "${cells[@]}"
