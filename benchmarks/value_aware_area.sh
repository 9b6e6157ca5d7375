#!/bin/sh
# Area and logic depth of the value-aware blocks (generic gates, synth/generic.ys), with the
# bit-parallel 8x8 int_mac as the reference. Columns as printed by `qrtl synth`.
# Usage: benchmarks/value_aware_area.sh [QRTL]   (default: build/qrtl)
set -eu
"$(dirname "$0")/synth_rows.sh" "$@" <<'ROWS'
int_mac wa=8 wb=8 wacc=32 signed=1
prec_detect group=16 signed=0
prec_detect group=16 signed=1
prec_detect group=256 signed=0
prec_detect group=256 signed=1
dpred_pack group=16 signed=0
dpred_pack group=16 signed=1
dpred_unpack group=16 signed=0
dpred_unpack group=16 signed=1
bin_dot n=64
bin_dot n=256
bin_dot n=1024
log_mul wi=4 f=3
log_mul wi=5 f=0
lns_to_fix wi=4 f=3 q=8
lns_to_fix wi=5 f=3 q=8
ROWS
