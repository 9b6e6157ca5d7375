#!/usr/bin/env python3
"""DPRed footprint of the real int8/uint8 tensors in ../shared/data/int8-tensors.

Runs `qrtl profile` on every tensor, twice:
  raw      the stored 8-bit codes, signed for int8 and unsigned for uint8;
  centered code - zero_point (per-tensor zero points; per-channel ones are all 0 here), unsigned
           when no value is negative (e.g. ReLU outputs), else signed (--signed auto).
and prints, per kind and model, the DPRed stream size (4-bit header + G*p bits per group of G
values, verif/golden/dpred.h) over 8 bits per value, for G = 16 and 256, as a Markdown table.
A second table compares, on the centered values, the bits a bit-serial unit processes per value
with one precision per tensor (Stripes with Judd's per-layer precisions) and with one per group
of 16 (Dynamic Stripes): value-weighted means, and their ratio, the speedup of run-time detection.

Usage: benchmarks/dpred_footprint.py [QRTL] [DATA_DIR]
Exits 0 with a note when the data folder is absent.
"""
import csv
import json
import os
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
QRTL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "qrtl")
DATA = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "shared", "data", "int8-tensors")


def rows(name):
    with open(os.path.join(DATA, name), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def profile(path, dtype, zero_point, signed):
    cmd = [QRTL, "profile", path, "--dtype", dtype, "--zero-point", str(zero_point), "--json", "-"]
    if signed:
        cmd += ["--signed", signed]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)[0]


def main():
    if not os.path.isfile(os.path.join(DATA, "manifest.tsv")):
        print(f"skipped: no tensor folder at {DATA}")
        return 0
    zps = {r["file"]: r["zero_point"] for r in rows("tensors_meta.tsv")}
    # (variant, kind, model) -> [values, bits G=16, bits G=256]
    acc = defaultdict(lambda: [0, 0, 0])
    # (kind, model) -> [values, sum of values * tensor precision, sum over G=16 groups of n*p]
    serial = defaultdict(lambda: [0, 0, 0])
    for r in rows("manifest.tsv"):
        zp_field = zps[r["file"]].split(",")[0]
        zp = int(zp_field) if zp_field.lstrip("-").isdigit() else 0
        path = os.path.join(DATA, r["file"])
        model = r["model"] + (" (uint8)" if r["dtype"] == "uint8" else "")
        for variant, z, signed in (("raw", 0, None), ("centered", zp, "auto")):
            p = profile(path, r["dtype"], z, signed)
            bits = {g["group"]: g["dpred_bits"] for g in p["groups"]}
            if variant == "centered":
                g16 = next(g for g in p["groups"] if g["group"] == 16)
                for key in ((r["kind"], model), (r["kind"], "all")):
                    a = serial[key]
                    a[0] += p["values"]
                    a[1] += p["values"] * p["max_precision"]
                    a[2] += g16["dpred_bits"] - 4 * g16["groups"]
            for key in ((variant, r["kind"], model), (variant, r["kind"], "all")):
                a = acc[key]
                a[0] += p["values"]
                a[1] += bits[16]
                a[2] += bits[256]
    print("| kind | model | values | raw G=16 | raw G=256 | centered G=16 | centered G=256 |")
    print("|---|---|---|---|---|---|---|")
    keys = sorted({(k, m) for (_, k, m) in acc}, key=lambda km: (km[0], km[1] != "all", km[1]))
    for kind, model in keys:
        raw, cen = acc[("raw", kind, model)], acc[("centered", kind, model)]
        ratio = lambda a, i: a[i] / (8 * a[0])
        print(f"| {kind} | {model} | {raw[0]:,} | {ratio(raw, 1):.3f} | {ratio(raw, 2):.3f} "
              f"| {ratio(cen, 1):.3f} | {ratio(cen, 2):.3f} |")
    print()
    print("| kind | model | per-tensor precision | per-group (G=16) precision | ratio |")
    print("|---|---|---|---|---|")
    for kind, model in keys:
        n, static, dynamic = serial[(kind, model)]
        print(f"| {kind} | {model} | {static / n:.2f} | {dynamic / n:.2f} | {static / dynamic:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
