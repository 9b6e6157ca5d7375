#!/bin/sh
# Area and logic depth of the deployment datapath blocks (generic gates, synth/generic.ys), with
# the bit-parallel 8x8 int_mac and the binary bin_dot as references; per-MAC figures divide by n
# in docs/results/deploy.md.
# Usage: benchmarks/deploy_area.sh [QRTL]   (default: build/qrtl)
set -eu
"$(dirname "$0")/synth_rows.sh" "$@" <<'ROWS'
int_mac wa=8 wb=8 wacc=32 signed=1
bin_dot n=64
tern_dot n=16
tern_dot n=64
tern_dot n=256
tern_dot n=64 stages=2
requant
requant stages=2
requant depth=24
ROWS
