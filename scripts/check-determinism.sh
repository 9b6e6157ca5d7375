#!/usr/bin/env bash
# Determinism across build types and generation order: two qrtl binaries (e.g. the RelWithDebInfo
# build and the Debug+ASan build of `make test-asan`) must write byte-identical files for every
# registered block at its defaults, in forward and reverse block order, and for the default
# precision set; which must also equal the committed rtl/.
# Usage: scripts/check-determinism.sh QRTL_A QRTL_B
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2
work=$(mktemp -d /tmp/qrtl-determinism.XXXXXX)
trap 'rm -rf "$work"' EXIT

blocks=$("$a" list | awk '/^[^ ]/ {print $1}')
[ -n "$blocks" ] || { echo "check-determinism: '$a list' printed no blocks" >&2; exit 1; }
for b_ in $blocks; do "$a" gen "$b_" --out "$work/a" >/dev/null; done
for b_ in $(echo "$blocks" | tac); do "$b" gen "$b_" --out "$work/b" >/dev/null; done
for b_ in $(echo "$blocks" | tac); do "$a" gen "$b_" --out "$work/a-reverse" >/dev/null; done
"$a" build rtl/precision-set.toml --out "$work/a-set" >/dev/null
"$b" build rtl/precision-set.toml --out "$work/b-set" >/dev/null

status=0
diff -r "$work/a" "$work/b" || { echo "check-determinism: $a and $b differ (block defaults)" >&2; status=1; }
diff -r "$work/a" "$work/a-reverse" || { echo "check-determinism: generation order changes the output" >&2; status=1; }
diff -r "$work/a-set" "$work/b-set" || { echo "check-determinism: $a and $b differ (precision set)" >&2; status=1; }
for f in "$work"/a-set/*; do
  cmp -s "$f" "rtl/$(basename "$f")" || { echo "check-determinism: rtl/$(basename "$f") is not what $a generates (run make rtl)" >&2; status=1; }
done
n=$(ls "$work/a" | wc -l)
[ "$status" -eq 0 ] && echo "check-determinism: $n block files and $(ls "$work/a-set" | wc -l) precision-set files identical"
exit $status
