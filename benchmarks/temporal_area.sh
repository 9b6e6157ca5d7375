#!/bin/sh
# Area and logic depth of the temporal units (docs/results/temporal.md: 16-bit and 8-bit tables)
# against the bit-parallel int_mac lane (generic gates, synth/generic.ys).
# Usage: benchmarks/temporal_area.sh [QRTL]   (default: build/qrtl)
set -eu
"$(dirname "$0")/synth_rows.sh" "$@" <<'ROWS'
int_mac wa=16 wb=16 wacc=36
bs_dot lanes=16 wa=16 ww=16
loom_dot lanes=16 wa=16 ww=16 bpc=1
loom_dot lanes=16 wa=16 ww=16 bpc=2
loom_dot lanes=16 wa=16 ww=16 bpc=4
term_dot lanes=16 wa=16 ww=16
int_mac wa=8 wb=8 wacc=20
bs_dot lanes=16 wa=8 ww=8
loom_dot lanes=16 wa=8 ww=8 bpc=1
loom_dot lanes=16 wa=8 ww=8 bpc=2
loom_dot lanes=16 wa=8 ww=8 bpc=4
term_dot lanes=16 wa=8 ww=8
ROWS
