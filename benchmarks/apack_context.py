#!/usr/bin/env python3
"""APack context mode vs plain mode, zstd -19 and xz -9 on the real tensors (issue 17's table).

Usage: benchmarks/apack_context.py [QRTL_BINARY] [DATA_DIR] [--lanes N] [--tables K]
  defaults: build/qrtl, ../shared/data/int8-tensors beside the checkout, 4 lanes (the CLI default),
  16 tables (--tables K: at most K per segment, what an apack_enc/dec tables=K block runs).
  Exits 0 with a note when the data set is absent. Every tensor is encoded with
  `qrtl apack encode IN OUT --context --stride S` (S = the last dimension of its shape in
  tensors_meta.tsv) and decoded again (exact round trip checked); the plain-mode size is
  `qrtl apack encode IN OUT`. Prints markdown tables (docs/results/apack.md): activations of
  >= 64 Ki values one by one, and value-weighted sums by kind.
The zstd/xz figures are those of the data set's manifest.tsv (zstd 1.5.4, xz 5.4.1).
"""
import argparse, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("qrtl", nargs="?", default=os.path.join(root, "build", "qrtl"))
ap.add_argument("data", nargs="?", default=os.path.join(os.path.dirname(root), "shared", "data", "int8-tensors"))
ap.add_argument("--lanes", type=int, default=4)
ap.add_argument("--tables", type=int, default=16)
args = ap.parse_args()
data = args.data
if not os.path.isfile(os.path.join(data, "manifest.tsv")):
    print(f"note: {os.path.join(data, 'manifest.tsv')} not found: skipping the context-mode comparison")
    sys.exit(0)


def table(name):
    with open(os.path.join(data, name)) as f:
        head = f.readline().rstrip("\n").split("\t")
        return {r[0]: dict(zip(head, r)) for r in (line.rstrip("\n").split("\t") for line in f)}


manifest, meta = table("manifest.tsv"), table("tensors_meta.tsv")
tmp = tempfile.mkdtemp()
apk, back = os.path.join(tmp, "t.apk"), os.path.join(tmp, "t.out")


def coded(path, extra):
    subprocess.run([args.qrtl, "apack", "encode", path, apk, "--lanes", str(args.lanes)] + extra, check=True)
    return os.path.getsize(apk)


sums = {}  # kind -> [values, plain, context, zstd, xz]
rows = []
worst = {}  # kind -> (context / plain, tensor)
for name, r in manifest.items():
    path = os.path.join(data, name)
    n = int(r["count"])
    stride = int(meta[name]["shape"].split("x")[-1])
    plain = coded(path, [])
    ctx = coded(path, ["--context", "--stride", str(stride), "--tables", str(args.tables)])
    worst[r["kind"]] = max(worst.get(r["kind"], (0, "")), (ctx / plain, name))
    subprocess.run([args.qrtl, "apack", "decode", apk, back], check=True)
    with open(path, "rb") as a, open(back, "rb") as b:
        if a.read() != b.read():
            sys.exit(f"round trip failed: {name}")
    zstd, xz = float(r["zstd19_ratio"]) * n, float(r["xz9_ratio"]) * n
    for key in (r["kind"], f"{r['kind']} >= 64 Ki" if n >= 65536 else None):
        if key:
            s = sums.setdefault(key, [0, 0, 0, 0.0, 0.0, 0])
            for i, v in enumerate((n, plain, ctx, zstd, xz, 1)):
                s[i] += v
    if r["kind"] == "activation" and n >= 65536:
        rows.append((name, meta[name]["shape"], stride, n, plain / n, ctx / n, zstd / n, xz / n))
for f in (apk, back):
    if os.path.exists(f):
        os.remove(f)
os.rmdir(tmp)

print(f"APack, {args.lanes} lanes, container included; ratio = bytes / raw bytes. Context mode: "
      f"`--context --stride` (last dimension) `--tables {args.tables}`.\n")
print("| tensors | count | values | plain | context | zstd -19 | xz -9 |")
print("|---|---|---|---|---|---|---|")
for key in sorted(sums):
    v, p, c, z, x, k = sums[key]
    print(f"| {key} | {k} | {v:,} | {p / v:.4f} | {c / v:.4f} | {z / v:.4f} | {x / v:.4f} |")
for kind, (q, name) in sorted(worst.items()):
    print(f"\nLargest context/plain size of a {kind} tensor: {q:.4f} ({name}).")
print("\nActivations of >= 64 Ki values (the smallest of each row in bold):\n")
print("| tensor | shape | stride | values | plain | context | zstd -19 | xz -9 |")
print("|---|---|---|---|---|---|---|---|")
better = 0
for name, shape, stride, n, p, c, z, x in rows:
    better += c < x
    cells = [f"**{v:.3f}**" if v == min(p, c, z, x) else f"{v:.3f}" for v in (p, c, z, x)]
    print(f"| {name} | {shape} | {stride} | {n:,} | " + " | ".join(cells) + " |")
print(f"\nContext mode is smaller than xz -9 on {better} of {len(rows)} of these tensors.")
