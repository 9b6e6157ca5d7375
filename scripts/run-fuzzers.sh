#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR/fuzz for SECONDS each, starting from the seed
# corpus fuzz/corpus/<target>/ (read only: new inputs go to BUILD_DIR/fuzz-corpus/<target>/).
# A crash leaves its input in BUILD_DIR/fuzz-artifacts/ and fails the script.
# Usage: scripts/run-fuzzers.sh BUILD_DIR SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 seconds=$2
shopt -s nullglob
targets=("$build"/fuzz/*_fuzz)
[ ${#targets[@]} -gt 0 ] || { echo "run-fuzzers: no fuzz targets in $build/fuzz" >&2; exit 1; }
mkdir -p "$build/fuzz-artifacts"
for exe in "${targets[@]}"; do
  name=$(basename "$exe" _fuzz)
  mkdir -p "$build/fuzz-corpus/$name"
  seeds=()
  [ -d "fuzz/corpus/$name" ] && seeds=("fuzz/corpus/$name")
  dict=()
  [ -f "fuzz/$name.dict" ] && dict=("-dict=fuzz/$name.dict")
  echo "== $name: ${seconds}s"
  rc=0
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$name-" "${dict[@]}" "$build/fuzz-corpus/$name" "${seeds[@]}" \
    >"$build/fuzz-artifacts/$name.log" 2>&1 || rc=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|SUMMARY|.*_fuzz: )' \
    "$build/fuzz-artifacts/$name.log" || true
  if [ "$rc" -ne 0 ]; then
    tail -40 "$build/fuzz-artifacts/$name.log" >&2
    echo "run-fuzzers: $name failed (exit $rc); input in $build/fuzz-artifacts/" >&2
    exit 1
  fi
done
