#!/bin/sh
# Area and logic depth of the deployment datapath blocks (generic gates, synth/generic.ys), with
# the bit-parallel 8x8 int_mac and the binary bin_dot as references. Columns as printed by
# `qrtl synth`; per-MAC figures divide by n in docs/results/deploy.md.
# Usage: benchmarks/deploy_area.sh [QRTL]   (default: build/qrtl)
set -eu
QRTL=${1:-"$(dirname "$0")/../build/qrtl"}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
run() {
  block=$1
  shift
  "$QRTL" gen "$block" "$@" --top "$block" --out "$OUT" >/dev/null
  printf '%-32s ' "$block $*"
  "$QRTL" synth "$OUT/$block.sv" --top "$block" | sed "s/^$block *//"
}
run int_mac wa=8 wb=8 wacc=32 signed=1
run bin_dot n=64
run tern_dot n=16
run tern_dot n=64
run tern_dot n=256
run tern_dot n=64 stages=2
run requant
run requant stages=2
run requant depth=24
