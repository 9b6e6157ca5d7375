#!/usr/bin/env python3
"""The depth model (gen/vlog/cost.h) against synthesis.

For each configuration: `qrtl gen` (the manifest's model_depth is the generator's estimate), then
the user flow of issue 15 (Yosys synth, ABC with the generic gates, `ltp -noff`) for the real depth.
Combinational configurations compare the whole block; `depth=D` ones check the pipelining guarantee
(every register-to-register path at most D gates) and show how much latency the model's caution
costs. Every figure is measured when the script runs.

Usage: benchmarks/calibrate_depth.py [QRTL] [-j N]
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
QRTL = next((a for a in sys.argv[1:] if not a.startswith("-") and not a.isdigit()),
            os.path.join(HERE, "..", "build", "qrtl"))
JOBS = int(sys.argv[sys.argv.index("-j") + 1]) if "-j" in sys.argv else 1
sys.path.insert(0, HERE)
from user_flow import FLOW  # noqa: E402

CONFIGS = [
    "int_mul wa=8 wb=8", "int_mul wa=16 wb=16", "int_mac", "fp_mul", "fp_mul a=e5m2 b=e5m2 out=e5m2",
    "fp_cvt", "ps_dot lanes=4", "bin_dot", "mx_dot fmt=e2m1 k=8", "mx_dot fmt=e4m3 k=8", "mx_quant fmt=e4m3 k=8",
    "int_mac depth=16", "fp_mul depth=16", "fp_mul depth=24", "mx_dot fmt=e2m1 k=8 depth=16",
    "mx_dot fmt=e4m3 k=8 depth=24", "ps_dot lanes=4 depth=16",
]


def measure(cfg):
    words = cfg.split()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([QRTL, "gen", *words, "--top", "c", "--out", tmp], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(tmp, "c.json")) as f:
            man = json.load(f)
        log = subprocess.run(["yosys", "-p", FLOW.format(f=os.path.join(tmp, "c.sv"), t="c")], check=True,
                             capture_output=True, text=True).stdout
    depth = int(re.search(r"length=(\d+)", log).group(1))
    d = re.search(r"depth=(\d+)", cfg)
    return cfg, man.get("model_depth"), depth, man["latency"], int(d.group(1)) if d else None


def main():
    print("| configuration | model depth | synthesized depth | latency | holds |")
    print("|---|---:|---:|---:|---|")
    bad = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as ex:
        for cfg, model, real, lat, target in ex.map(measure, CONFIGS):
            holds = "" if target is None else ("yes" if real <= target else "NO")
            bad += holds == "NO"
            print(f"| `{cfg}` | {model} | {real} | {lat} | {holds} |")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
