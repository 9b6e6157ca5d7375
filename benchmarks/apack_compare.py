#!/usr/bin/env python3
"""APack coded size vs order-0 entropy, zstd -19 and xz -9 on the real int8 tensors.

Usage: benchmarks/apack_compare.py [QRTL_BINARY] [DATA_DIR]
  defaults: build/qrtl and ../shared/data/int8-tensors beside the checkout. Exits 0 with a note
  when the data set is absent. Prints markdown tables (used in docs/results/apack.md).
The zstd/xz/H0 figures are those of the data set's manifest.tsv (zstd 1.5.4, xz 5.4.1).
"""
import collections, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
qrtl = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "qrtl")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(root), "shared", "data", "int8-tensors")
if not os.path.isfile(os.path.join(data, "manifest.tsv")):
    data = "/work/shared/data/int8-tensors"
manifest = os.path.join(data, "manifest.tsv")
if not os.path.isfile(manifest):
    print(f"note: {manifest} not found: skipping the real-tensor comparison")
    sys.exit(0)

rows = []
with open(manifest) as f:
    head = f.readline().rstrip("\n").split("\t")
    for line in f:
        rows.append(dict(zip(head, line.rstrip("\n").split("\t"))))

lanes = int(os.environ.get("APACK_LANES", "1"))
tmp = tempfile.mkdtemp()
out = os.path.join(tmp, "t.apk")
groups = collections.defaultdict(lambda: collections.Counter())
big = []  # (coded/H0) for tensors of >= 64 Ki values
for r in rows:
    path = os.path.join(data, r["file"])
    subprocess.run([qrtl, "apack", "encode", path, out, "--lanes", str(lanes)], check=True)
    n = int(r["count"])
    coded = os.path.getsize(out)
    h0 = float(r["h0_bits"]) * n / 8
    for key in [(r["kind"], "all"), (r["kind"], r["model"] + " " + r["dtype"])]:
        g = groups[key]
        g["tensors"] += 1
        g["values"] += n
        g["apack"] += coded
        g["h0"] += h0
        g["zstd"] += float(r["zstd19_ratio"]) * n
        g["xz"] += float(r["xz9_ratio"]) * n
    if n >= 65536:
        big.append((coded / h0 if h0 else float("inf"), r["file"], n))
os.remove(out)
os.rmdir(tmp)

print(f"APack with {lanes} lane(s), 16 groups (exact DP), container included. Ratios = bytes / raw bytes.\n")
print("| kind | model | tensors | values | H0/8 | APack | APack/H0 | zstd -19 | xz -9 |")
print("|---|---|---|---|---|---|---|---|---|")
for (kind, model), g in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] != "all", kv[0][1])):
    v = g["values"]
    print(f"| {kind} | {model} | {g['tensors']} | {v:,} | {g['h0'] / v:.3f} | {g['apack'] / v:.3f} | "
          f"{g['apack'] / g['h0']:.4f} | {g['zstd'] / v:.3f} | {g['xz'] / v:.3f} |")
big.sort()
if big:
    within = sum(1 for q, _, _ in big if q <= 1.02)
    print(f"\nTensors of >= 64 Ki values: {len(big)}; coded/H0 median {big[len(big) // 2][0]:.4f}, "
          f"worst {big[-1][0]:.4f} ({big[-1][1]}, {big[-1][2]:,} values); {within} of {len(big)} within 1.02.")
