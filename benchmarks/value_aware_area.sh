#!/bin/sh
# Area and logic depth of the value-aware blocks (generic gates, synth/generic.ys), with the
# bit-parallel 8x8 int_mac as the reference. Columns as printed by `qrtl synth`.
# Usage: benchmarks/value_aware_area.sh [QRTL]   (default: build/qrtl)
set -eu
QRTL=${1:-"$(dirname "$0")/../build/qrtl"}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
run() {
  block=$1
  shift
  "$QRTL" gen "$block" "$@" --top "$block" --out "$OUT" >/dev/null
  printf '%-44s ' "$block $*"
  "$QRTL" synth "$OUT/$block.sv" --top "$block" | sed "s/^$block *//"
}
run int_mac wa=8 wb=8 wacc=32 signed=1
run prec_detect group=16 signed=0
run prec_detect group=16 signed=1
run prec_detect group=256 signed=0
run prec_detect group=256 signed=1
run dpred_pack group=16 signed=0
run dpred_pack group=16 signed=1
run dpred_unpack group=16 signed=0
run dpred_unpack group=16 signed=1
run bin_dot n=64
run bin_dot n=256
run bin_dot n=1024
run log_mul wi=4 f=3
run log_mul wi=5 f=0
run lns_to_fix wi=4 f=3 q=8
run lns_to_fix wi=5 f=3 q=8
