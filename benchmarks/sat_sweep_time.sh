#!/bin/sh
# Time of ABC's SAT sweep (`&fraig -x`) on the netlist the issue-15 user flow hands ABC, per block.
#
#   benchmarks/sat_sweep_time.sh [--timeout S] FILE.sv...     (top = file name without .sv)
#
# In the user flow (synth -flatten; abc -g AND,NAND,...,MUX; ...) Yosys's ABC script starts with
# `strash; &get -n; &fraig -x`, and that SAT sweep is where a slow block spends its time: nodes that
# random simulation cannot tell apart (e.g. conditions that need a large dot-product sum) cost one
# SAT call each through the whole adder tree. Restructuring a block's tail can move this time by
# 10x either way (issue 15's notes), so a generator change that touches a block's logic should be
# checked with this probe, which stops after the sweep: it takes the minutes the full flow would.
# Prints one line per block: top, sweep seconds (ABC's own clock), or "timeout".
set -eu
limit=900
if [ "${1:-}" = "--timeout" ]; then limit=$2; shift 2; fi
[ $# -ge 1 ] || { echo "usage: $0 [--timeout S] FILE.sv..." >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'strash\n&get -n\n&fraig -x\n&put\ntime\n' > "$work/sweep.abc"
gates=$(python3 "$(dirname "$0")/user_flow.py")
for f in "$@"; do
  [ -f "$f" ] || { echo "$f: no such file" >&2; exit 2; }
  top=$(basename "$f" .sv)
  log="$work/$top.log"
  if timeout "$limit" yosys -p "read_verilog -sv $f; hierarchy -top $top; synth -flatten -top $top; \
      abc -g $gates -script $work/sweep.abc" > "$log" 2>&1; then
    secs=$(sed -n 's/.*ABC: elapse: \([0-9.]*\) seconds.*/\1/p' "$log" | tail -1)
    echo "$top ${secs:-?}"
  else
    rc=$?
    # timeout(1) signals its whole process group: the ABC that yosys started stops too.
    if [ "$rc" -eq 124 ]; then echo "$top timeout"; else echo "$top: yosys failed:" >&2; tail -5 "$log" >&2; exit 1; fi
  fi
done
