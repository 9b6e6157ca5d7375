#!/bin/sh
# One `qrtl synth` row per configuration: reads lines "BLOCK key=value ..." (blank lines and
# #-comments skipped) from stdin, generates each block and synthesizes it with generic gates
# (synth/generic.ys). Columns as `qrtl synth` prints them, plus the synthesis wall time.
# Usage: benchmarks/synth_rows.sh [QRTL] < rows   (default: build/qrtl)
set -eu
QRTL=${1:-"$(dirname "$0")/../build/qrtl"}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
grep -v '^[[:space:]]*\(#\|$\)' | while read -r block params; do
  # shellcheck disable=SC2086  # params are separate key=value words
  "$QRTL" gen "$block" $params --top row --out "$OUT" >/dev/null
  start=$(date +%s)
  printf '%-44s ' "$block $params"
  "$QRTL" synth "$OUT/row.sv" --top row | sed 's/^row *//' | tr -d '\n'
  echo "  seconds $(($(date +%s) - start))"
done
