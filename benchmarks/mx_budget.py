#!/usr/bin/env python3
"""Where an mx_dot's area goes, with the user flow of issue 15 (benchmarks/user_flow.py).

  mx_budget.py [FMT ...] [--k K] [-j N] [--timeout S]     (default: e4m3 e5m2 e2m1, k=32)

For each element type it generates `mx_dot fmt=FMT k=K` and synthesizes three designs:
  block     the block as generated (exact sum, scales, NaN/Inf, one RNE rounding to binary32);
  datapath  the same file cut after the heap's carry-propagate adder, with the exact fixed-point
            sum `dot_sum` as the output: the k element products and the bit heap only, i.e. what
            an unscaled fixed-point dot product without specials or rounding is (the element
            modules' NaN/Inf outputs are then unused and swept away);
  element   one element-product module on its own (MXINT8 has none: its partial products go
            straight into the heap).
and prints a Markdown table; `block - datapath` is what the scales, the NaN/Inf flags and the
binary32 normalization and rounding cost. The cut is made at the generator's own signal name
(`dot_sum`), so the datapath is exactly the block's logic up to that point.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from area_table import QRTL, measure_one  # noqa: E402


def datapath_of(text, top):
    """The block's text cut after `dot_sum`, which becomes the output `s`."""
    lines = text.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith(f"module {top} "))
    cut = next(i for i in range(start, len(lines)) if re.match(r"\s+wire \[\d+:0\] dot_sum =", lines[i]))
    width = int(re.match(r"\s+wire \[(\d+):0\]", lines[cut]).group(1)) + 1
    end = next(i for i in range(cut, len(lines)) if lines[i].startswith("endmodule"))
    head = "\n".join(lines[:cut + 1])
    port = re.compile(r"output logic \[31:0\]\s+y\b")
    if not port.search(head):
        raise SystemExit(f"mx_budget: no `output logic [31:0] y` port in {top}")
    head = port.sub(f"output logic [{width - 1}:0] s", head)
    return head + "\n  assign s = dot_sum;\n" + "\n".join(lines[end:])


def element_of(text, top):
    """The element-product module's text, or None when the block has none."""
    m = re.search(rf"^module {top}_mul \(.*?^endmodule\n", text, re.M | re.S)
    return m.group(0) if m else None


def measure(path, timeout):
    """area_table's user-flow measurement of one file (its top is the file's name)."""
    try:
        _, r = measure_one(path, "user", timeout)
    except subprocess.CalledProcessError:
        raise SystemExit(f"mx_budget: yosys failed on {path}")
    if "timeout" in r:
        raise SystemExit(f"mx_budget: {path} did not synthesize within {timeout} s")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("fmts", nargs="*", default=["e4m3", "e5m2", "e2m1"])
    ap.add_argument("--k", type=int, default=32)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=1800)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for fmt in args.fmts:
            top = f"mx_dot_{fmt}"
            d = os.path.join(tmp, fmt)
            subprocess.run([QRTL, "gen", "mx_dot", f"fmt={fmt}", f"k={args.k}", "--top", top, "--out", d],
                           check=True, stdout=subprocess.DEVNULL)
            with open(os.path.join(d, top + ".sv")) as f:
                text = f.read()
            for kind, body, t in (("block", text, top), ("datapath", datapath_of(text, top), top),
                                  ("element", element_of(text, top), top + "_mul")):
                if body is None:
                    continue
                os.makedirs(os.path.join(d, kind))
                path = os.path.join(d, kind, t + ".sv")
                with open(path, "w") as f:
                    f.write(body)
                jobs.append((fmt, kind, path))
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            results = list(ex.map(lambda j: measure(j[2], args.timeout), jobs))
    r = {(j[0], j[1]): res for j, res in zip(jobs, results)}
    print(f"mx_dot k={args.k}, user flow (transistors / depth)\n")
    print("| element type | block | datapath (products + heap) | one element | k x element | block - datapath |")
    print("|---|---:|---:|---:|---:|---:|")
    for fmt in args.fmts:
        b, dp, el = r[(fmt, "block")], r[(fmt, "datapath")], r.get((fmt, "element"))
        one, all_k = (el["transistors"], args.k * el["transistors"]) if el else ("-", "-")
        print(f"| {fmt} | {b['transistors']} / {b['depth']} | {dp['transistors']} / {dp['depth']} | "
              f"{one} | {all_k} | {b['transistors'] - dp['transistors']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
