#!/bin/sh
# Area and logic depth of mixed-format mx_dot and of FP32 accumulation (acc=1) against the
# single-format, non-accumulating block (generic gates, synth/generic.ys).
# Usage: benchmarks/mx_mixed_area.sh [QRTL]   (default: build/qrtl)
set -eu
"$(dirname "$0")/synth_rows.sh" "$@" <<'ROWS'
mx_dot fmt=e2m1 k=32
mx_dot fmt_a=e2m1 fmt_b=e3m2 k=32
mx_dot fmt_a=e2m1 fmt_b=e4m3 k=32
mx_dot fmt_a=e2m1 fmt_b=e4m3 k=32 acc=1
mx_dot fmt=e2m1 k=32 acc=1
mx_dot fmt=int8 k=8
mx_dot fmt=int8 k=8 acc=1
mx_dot fmt_a=int8 fmt_b=e5m2 k=16
mx_dot fmt_a=int8 fmt_b=e5m2 k=16 acc=1
ROWS
