#!/bin/sh
# Proof times of `qrtl equiv BLOCK ...` (each configuration against its stages=0 twin), as the
# markdown table of docs/flows.md. Wall time includes generating both sides and reading them.
# Usage: benchmarks/equiv_times.sh [QRTL]   (default: build/qrtl)
set -eu
qrtl=${1:-build/qrtl}
echo "| configuration | verdict | seconds | method |"
echo "|---|---|---:|---|"
while read -r cfg; do
  [ -n "$cfg" ] || continue
  # shellcheck disable=SC2086
  out=$("$qrtl" equiv $cfg) || true
  verdict=$(echo "$out" | head -1)
  secs=$(echo "$out" | sed -n '2s/ s:.*//p')
  method=$(echo "$out" | sed -n '2s/^[0-9.]* s: //p' | sed 's/ (ABC dprove)//; s/, so their combinational functions were compared/: combinational functions compared/')
  echo "| \`$cfg\` | $verdict | $secs | $method |"
done <<'CFGS'
int_mul wa=8 wb=8 stages=2
int_mac stages=2
fp_mul a=e4m3 b=e4m3 out=e4m3 stages=2
fp_cvt in=fp32 out=e4m3 stages=1
swp_mul stages=2
ps_dot lanes=2 stages=2
bb_dot stages=2
mx_dot fmt=e2m1 k=8 stages=3
mx_dot fmt=e4m3 k=32 depth=40
requant depth=24
tern_dot n=64 stages=2
CFGS
