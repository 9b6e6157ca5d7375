#!/usr/bin/env python3
"""Area table of a library of generated blocks, and before/after comparisons.

  area_table.py measure DIR [--out TABLE.json] [--flow generic|user] [-j N] [--timeout S] [--no-seconds]
      synthesizes every DIR/*.sv (top = file name) and writes cells, transistors, depth, flops and
      the synthesis time of each block to TABLE.json (default DIR/area.json), with the FNV-1a hash
      of each file and the Yosys version (synth/area_baseline.json is such a table: `make
      area-baseline`; tests/library_test.cpp re-synthesizes only the files whose hash changed).
      generic: `qrtl synth` (synth/generic.ys); user: the issue flow with Yosys's own ABC script,
      what users run:  synth -flatten; abc -g AND,NAND,OR,NOR,XOR,XNOR,ANDNOT,ORNOT,MUX; opt_clean
  area_table.py compare BEFORE.json AFTER.json [--limit PCT]
      prints a Markdown table of both and the change in transistors; exits 1 when a block grew by
      more than PCT percent (default 2).

Every figure comes from a synthesis run; nothing is copied into this script.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QRTL = os.environ.get("QRTL", os.path.join(HERE, "..", "build", "qrtl"))
sys.path.insert(0, HERE)
from user_flow import FLOW as USER_FLOW  # noqa: E402


def parse_yosys(log):
    last = log.rfind("Printing statistics")
    stat = log[last:] if last >= 0 else log
    r = {}
    m = re.search(r"Number of cells:\s+(\d+)", stat)
    r["cells"] = int(m.group(1)) if m else None
    t = re.findall(r"Estimated number of transistors:\s+(\d+)", log)
    r["transistors"] = int(t[-1]) if t else None
    m = re.search(r"Longest topological path in \S+ \(length=(\d+)\)", log)
    r["depth"] = int(m.group(1)) if m else None
    r["flops"] = sum(int(n) for name, n in re.findall(r"^\s+(\S*(?:DFF|dff)\S*)\s+(\d+)\s*$", stat, re.M))
    return r


def fnv1a64(data):
    """FNV-1a, 64 bits: the hash gen/core/fsutil.h computes (a change detector, not a secure hash)."""
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def measure_one(path, flow, timeout):
    top = os.path.splitext(os.path.basename(path))[0]
    with open(path, "rb") as f:
        digest = fnv1a64(f.read())
    start = time.time()
    try:
        if flow == "generic":
            with tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, "r.json")
                subprocess.run([QRTL, "synth", path, "--top", top, "--json", out], check=True, timeout=timeout,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                with open(out) as f:
                    j = json.load(f)
                r = {k: j.get(k) for k in ("cells", "transistors", "depth", "flops")}
        else:
            p = subprocess.run(["yosys", "-p", USER_FLOW.format(f=path, t=top)], check=True, timeout=timeout,
                               capture_output=True, text=True)
            r = parse_yosys(p.stdout)
        r["seconds"] = round(time.time() - start, 1)
    except subprocess.TimeoutExpired:
        r = {"timeout": timeout}
    r["fnv1a64"] = digest
    return top, r


def measure(args):
    files = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.endswith(".sv"))
    table = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        for top, r in ex.map(lambda f: measure_one(f, args.flow, args.timeout), files):
            if args.no_seconds:  # a checked-in table: only what the files determine
                r.pop("seconds", None)
            table[top] = r
            print(f"{top:36} {r}", file=sys.stderr)
    out = args.out or os.path.join(args.dir, "area.json")
    with open(out, "w") as f:
        version = subprocess.run(["yosys", "-V"], capture_output=True, text=True).stdout.strip()
        json.dump({"flow": args.flow, "yosys": version, "blocks": table}, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0


def fmt(v):
    return "-" if v is None else str(v)


def compare(args):
    with open(args.before) as f:
        before = json.load(f)["blocks"]
    with open(args.after) as f:
        after = json.load(f)["blocks"]
    print("| block | transistors before | after | change | depth before | after | cells before | after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    grew = []
    for top in sorted(set(before) | set(after)):
        b, a = before.get(top, {}), after.get(top, {})
        tb, ta = b.get("transistors"), a.get("transistors")
        change = "-"
        if tb and ta:
            pct = 100.0 * (ta - tb) / tb
            change = f"{pct:+.1f}%"
            worst = max(worst, pct)
            if pct > args.limit:
                grew.append(top)
        elif "timeout" in b or "timeout" in a:
            change = "timeout " + ("before" if "timeout" in b else "after")
        print(f"| {top} | {fmt(tb)} | {fmt(ta)} | {change} | {fmt(b.get('depth'))} | {fmt(a.get('depth'))} | "
              f"{fmt(b.get('cells'))} | {fmt(a.get('cells'))} |")
    if grew:
        print(f"\ngrew by more than {args.limit}%: {' '.join(grew)}", file=sys.stderr)
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("dir")
    m.add_argument("--out")
    m.add_argument("--flow", choices=["generic", "user"], default="generic")
    m.add_argument("-j", "--jobs", type=int, default=1)
    m.add_argument("--timeout", type=int, default=1800)
    m.add_argument("--no-seconds", action="store_true", help="leave out synthesis times (synth/area_baseline.json)")
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--limit", type=float, default=2.0)
    args = ap.parse_args()
    return measure(args) if args.cmd == "measure" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
