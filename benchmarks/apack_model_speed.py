#!/usr/bin/env python3
"""Issue 21's whole-model benchmark: the first N shared tensors of >= 64 Ki values (manifest order)
concatenated into one file, as a model file mixes weights and activations of several networks.
Prints coded size / raw and the wall time (min of RUNS) of encode and decode for qrtl apack at each
lane count, zstd -19 and xz -9 in the same run, as a markdown table (docs/results/apack.md).

Usage: benchmarks/apack_model_speed.py [QRTL_BINARY] [DATA_DIR]
  env: TENSORS (default 60), RUNS (default 5), LANES (default "1 4 8").
Exits 0 with a note when the data set or a compressor is absent.
"""
import os, shutil, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
qrtl = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "qrtl")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(root), "shared", "data", "int8-tensors")
manifest = os.path.join(data, "manifest.tsv")
if not os.path.isfile(manifest):
    print(f"note: {manifest} not found: skipping the whole-model benchmark")
    sys.exit(0)
for tool in ("zstd", "xz"):
    if shutil.which(tool) is None:
        print(f"note: {tool} not on PATH: skipping the whole-model benchmark")
        sys.exit(0)

count = int(os.environ.get("TENSORS", "60"))
runs = int(os.environ.get("RUNS", "5"))
lane_counts = [int(x) for x in os.environ.get("LANES", "1 4 8").split()]

with open(manifest) as f:
    head = f.readline().rstrip("\n").split("\t")
    files = [r["file"] for r in (dict(zip(head, line.rstrip("\n").split("\t"))) for line in f)
             if int(r["count"]) >= 65536][:count]

tmp = tempfile.mkdtemp()
model = os.path.join(tmp, "model.bin")
with open(model, "wb") as out:
    for name in files:
        with open(os.path.join(data, name), "rb") as f:
            out.write(f.read())
raw = os.path.getsize(model)


def best_time(cmd):
    """Minimum wall time of `runs` runs of cmd (a failing run aborts the benchmark)."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def same(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


rows = []
for lanes in lane_counts:
    coded, back = os.path.join(tmp, f"m{lanes}.apk"), os.path.join(tmp, f"m{lanes}.out")
    enc = best_time([qrtl, "apack", "encode", model, coded, "--lanes", str(lanes)])
    dec = best_time([qrtl, "apack", "decode", coded, back])
    assert same(model, back), "qrtl apack round trip failed"
    rows.append((f"qrtl apack, {lanes} lane{'s' if lanes > 1 else ''}", os.path.getsize(coded), enc, dec))
zst, zback = os.path.join(tmp, "m.zst"), os.path.join(tmp, "m.zout")
enc = best_time(["zstd", "-19", "-q", "-f", model, "-o", zst])
dec = best_time(["zstd", "-d", "-q", "-f", zst, "-o", zback])
assert same(model, zback)
rows.append(("zstd -19", os.path.getsize(zst), enc, dec))
xzf = os.path.join(tmp, "m.xz")
enc = best_time(["sh", "-c", f"xz -9 -c -k '{model}' > '{xzf}'"])
dec = best_time(["sh", "-c", f"xz -d -c '{xzf}' > '{os.path.join(tmp, 'm.xout')}'"])
rows.append(("xz -9", os.path.getsize(xzf), enc, dec))
zstd_dec = rows[-2][3]

print(f"{len(files)} tensors concatenated, {raw} bytes; wall time, min of {runs} runs\n")
print("| coder | coded / raw | encode | decode | decode / zstd -d |")
print("|---|---|---|---|---|")
for name, size, enc, dec in rows:
    print(f"| {name} | {size / raw:.3f} | {enc * 1000:.0f} ms | {dec * 1000:.0f} ms ({raw / dec / 1e6:.0f} MB/s)"
          f" | {dec / zstd_dec:.2f}x |")
shutil.rmtree(tmp)
