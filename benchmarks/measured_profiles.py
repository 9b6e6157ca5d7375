#!/usr/bin/env python3
"""Network profiles for `qrtl perf`, measured by `qrtl profile` on the real tensors of
../shared/data/int8-tensors.

For MobileNet v1 (0.5 160 uint8, person_detect int8) and MobileNet v2 (int8, PyTorch-converted),
every conv, depthwise and fully-connected layer becomes a [[layer]] with:
  macs      weight elements x output height x output width (weights are TFLite OHWI; a depthwise
            layer's 1xKxKxC weights give K*K*C MACs per output pixel, which is right);
  pa, pw    the precision of the layer's input activations (over every image) and weights, i.e. the
            width that holds every value exactly (no accuracy trade-off: lossless);
  a_groups  detected-precision histogram of groups of `lanes` consecutive activations, C order
            (NHWC: `lanes` channels of one pixel), summed over the images (Dynamic Stripes);
  a_terms, w_terms  Booth radix-4 term histograms (Laconic; bin 0 counts the zeros);
  kind      conv, depthwise or fc (Tartan's serial operand, the windows below);
  a_window_max  Cnvlutin: windows (one per output position, summed over the images) whose busiest
            of the LANES activation lanes holds k non-zero activations, k = 0..B;
  w_schedule  Bit-Tactical: [lookahead, lookaside, steps, dense] weight steps per window configuration.
Values are code - zero point (the numbers the MACs multiply) where that fits 8 bits, else the raw
codes; activations are unsigned when no value is negative. The layer's input is the activation the chain produced just before its output.

Usage: benchmarks/measured_profiles.py [QRTL] [DATA_DIR] [OUT_DIR]
Writes OUT_DIR/<model>.toml (default docs/profiles/measured). Exits 0 with a note when the data
folder is absent.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
QRTL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "qrtl")
DATA = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "shared", "data", "int8-tensors")
OUT = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "..", "docs", "profiles", "measured")

BASE_BITS = 8  # the bit-parallel baseline: an int8 / uint8 MAC array
LANES = 16
MACS_PER_CYCLE = 4096  # 256 units of 16 lanes, as in docs/profiles/alexnet.toml
# The unit of each design qrtl has, as a 16-lane 8-bit unit (docs/results/temporal.md, 8-bit table):
# its transistors go into the profile's [area], synthesized here (`qrtl synth`, generic gates).
# bit-parallel = 16 x int_mac wa=8 wb=8 wacc=20 (an upper bound: a dot product shares one adder tree).
UNITS = {
    "bit-parallel": (16, ["int_mac", "wa=8", "wb=8", "wacc=20"]),
    "stripes": (1, ["bs_dot", "lanes=16", "wa=8", "ww=8"]),
    "loom1": (1, ["loom_dot", "lanes=16", "wa=8", "ww=8", "bpc=1"]),
    "loom2": (1, ["loom_dot", "lanes=16", "wa=8", "ww=8", "bpc=2"]),
    "loom4": (1, ["loom_dot", "lanes=16", "wa=8", "ww=8", "bpc=4"]),
    "laconic": (1, ["term_dot", "lanes=16", "wa=8", "ww=8"]),
}


def unit_areas():
    """Transistors of each design's unit, from `qrtl gen` + `qrtl synth`."""
    areas = {}
    with tempfile.TemporaryDirectory() as tmp:
        for design, (count, gen) in UNITS.items():
            top = "unit_" + design.replace("-", "_")
            subprocess.run([QRTL, "gen"] + gen + ["--top", top, "--out", tmp], check=True, capture_output=True)
            report = os.path.join(tmp, top + ".json.synth")
            subprocess.run([QRTL, "synth", os.path.join(tmp, top + ".sv"), "--top", top, "--json", report], check=True,
                           capture_output=True)
            with open(report) as f:
                areas[design] = count * json.load(f)["transistors"]
    return areas


LAYER = re.compile(r"(?:^|[/:])(Conv2d_1c_1x1|Conv2d_\d+(?:_depthwise|_pointwise)?)/")


def table(name):
    with open(os.path.join(DATA, name), newline="") as f:
        return {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}


def zero_point(meta):
    fields = meta["zero_point"].split(",")
    listed = [f for f in fields if f.lstrip("-").isdigit()]
    if len(set(listed)) != 1:
        raise SystemExit(f"{meta['file']}: per-channel zero points differ ({meta['zero_point']})")
    return int(listed[0])


def shape(meta):
    return [int(d) for d in meta["shape"].split("x")]


def profile(files, dtype, zps, signed):
    """One `qrtl profile` JSON record per file, each with its own zero point."""
    out = []
    for f, z in zip(files, zps):
        cmd = [QRTL, "profile", os.path.join(DATA, f), "--dtype", dtype, "--zero-point", str(z),
               "--signed", signed, "--group", str(LANES), "--json", "-"]
        out.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)[0])
    return out


def merged(files, dtype, zps):
    """One histogram set over several tensors, signed if any of them needs it. The values are
    code - zero point when they fit BASE_BITS, else the raw codes (an 8-bit array multiplies the
    codes and a correction unit subtracts the zero-point terms, as gemmlowp does)."""
    for raw in (False, True):
        z = [0] * len(zps) if raw else zps
        ps = profile(files, dtype, z, {"int8": "1", "uint8": "0"}[dtype] if raw else "auto")
        if len({p["signed"] for p in ps}) > 1:
            ps = profile(files, dtype, z, "1")
        if max(p["max_precision"] for p in ps) <= BASE_BITS:
            break
    n_terms = max(len(p["term_hist"]) for p in ps)
    terms = [sum(p["term_hist"][t] if t < len(p["term_hist"]) else 0 for p in ps) for t in range(n_terms)]
    groups = [sum(p["groups"][0]["hist"][b] for p in ps) for b in range(len(ps[0]["groups"][0]["hist"]))]
    precision = max(p["max_precision"] for p in ps)
    return {"signed": ps[0]["signed"], "precision": precision, "terms": terms, "groups": groups[: precision + 1],
            "raw": raw and any(zps)}


def layer_stats(args):
    """`qrtl profile --layer ... --json -`: the "layer" record of one tensor."""
    cmd = [QRTL, "profile"] + args + ["--signed", "auto", "--json", "-"]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)[0]["layer"]


def geometry(l, meta):
    """Kind, activation shape/window arguments and weight shape of a layer, from the tensor shapes.
    TFLite weights: conv OHWI, depthwise 1HWC (C = input channels x multiplier), fc OI."""
    ws, ins = shape(meta[l["weights"]]), shape(meta[l["inputs"][0]])
    if len(ws) == 2:
        count = 1
        for d in ins:
            count *= d
        return "fc", ["--shape", f"{count // ws[1]},{ws[1]}"], ws
    kind = "depthwise" if ws[0] == 1 else "conv"
    c_in = ws[3] if kind == "conv" else None
    nchw = kind == "conv" and ins[-1] != c_in and ins[1] == c_in
    h, w = (ins[2], ins[3]) if nchw else (ins[1], ins[2])
    out_h, out_w = l["out_hw"]
    stride = max(1, round(h / out_h))
    if (out_h - 1) * stride + 1 > h or (out_w - 1) * stride + 1 > w:
        raise SystemExit(f"{l['name']}: no stride maps {ins} to {l['out_hw']}")
    args = ["--shape", ",".join(map(str, ins)), "--window", f"{ws[1]},{ws[2]},{stride},{out_h},{out_w}"]
    if nchw:
        args.append("--nchw")
    if kind == "depthwise":
        args += ["--multiplier", str(ws[3] // ins[-1])]
    return kind, args, ws


def sparsity(l, manifest, meta):
    """Cnvlutin's busiest-lane histogram (summed over the images) and Bit-Tactical's schedules, with
    the tensors' own zero points (a zero is code == zero point, whatever the MACs multiply)."""
    kind, act_args, ws = geometry(l, meta)
    hist = []
    for f in l["inputs"]:
        r = layer_stats([os.path.join(DATA, f), "--dtype", manifest[f]["dtype"], "--zero-point",
                         str(zero_point(meta[f])), "--layer", kind] + act_args)["cnvlutin"]["busiest_lane_hist"]
        hist = [a + b for a, b in zip(hist, r)] if hist else r
    w = l["weights"]
    sched = layer_stats([os.path.join(DATA, w), "--dtype", manifest[w]["dtype"], "--zero-point",
                         str(zero_point(meta[w])), "--layer", kind, "--shape", ",".join(map(str, ws)),
                         "--weights"])["tactical"]
    return kind, hist, [[s["lookahead"], s["lookaside"], s["steps"], s["dense"]] for s in sched]


def layer_key(tensor_name):
    m = LAYER.search(tensor_name)
    return m.group(1) if m else None


def activations(manifest, model, image):
    """The image's activation files in execution order (the folder numbers them so)."""
    prefix = f"a_{model}_{image}_"
    acts = sorted(f for f in manifest if f.startswith(prefix) and f[len(prefix):-4].isdigit())
    if not acts:
        raise SystemExit(f"no activations of {model} on {image}")
    return acts


def pair_by_name(model, images, manifest, meta):
    """MobileNet v1 exports: weights and activations name their layer (Conv2d_3_pointwise, ...).
    A layer's input is the activation produced just before its output; the logits' output (2 values
    in person_detect) may be left out of the folder, and then its input is the last activation."""
    by_key = {}
    for f in sorted(f for f, r in manifest.items() if r["model"] == model and r["kind"] == "weight"):
        key = layer_key(manifest[f]["tensor"])
        if key is None or key in by_key:
            raise SystemExit(f"{f}: cannot tell its layer from '{manifest[f]['tensor']}'")
        by_key[key] = f
    chains = [[(layer_key(manifest[f]["tensor"].split(":", 1)[1]), f) for f in activations(manifest, model, img)]
              for img in images]
    order = [k for k, _ in chains[0] if k is not None]
    order += [k for k in by_key if k not in order]
    if sorted(order) != sorted(by_key):
        raise SystemExit(f"{model}: activations name layers without weights")
    layers = []
    for key in order:
        inputs, out_hw = [], None
        for chain in chains:
            idx = next((i for i, (k, _) in enumerate(chain) if k == key), None)
            if idx is None:  # the chain's last layer, whose (tiny) output the folder leaves out
                if key != "Conv2d_1c_1x1" or shape(meta[by_key[key]])[1:3] != [1, 1]:
                    raise SystemExit(f"{model}: no output activation for {key}")
                inputs.append(chain[-1][1])
                out_hw = shape(meta[chain[-1][1]])[1:3]
            elif idx == 0:
                raise SystemExit(f"{model}: {key} has no input activation")
            else:
                inputs.append(chain[idx - 1][1])
                out_hw = shape(meta[chain[idx][1]])[1:3]
        layers.append({"name": key, "weights": by_key[key], "inputs": inputs, "out_hw": out_hw})
    return layers


MAC_OPS = ("output of CONV_2D", "output of DEPTHWISE_CONV_2D", "output of FULLY_CONNECTED")


def pair_by_order(model, images, manifest, meta):
    """The PyTorch-converted MobileNet v2: weights are named fuse_attr_<n> in execution order, then
    the classifier (Xq.1_attr). They pair one to one with the conv / depthwise / fully-connected
    outputs in execution order (checked on the channel counts); a layer's input is the activation
    produced just before its output (an ADD output after a residual block)."""
    def rank(f):
        m = re.fullmatch(r"fuse_attr_(\d+)", manifest[f]["tensor"])
        return (0, int(m.group(1))) if m else (1, manifest[f]["tensor"])
    weights = sorted((f for f, r in manifest.items() if r["model"] == model and r["kind"] == "weight"), key=rank)
    chains = [activations(manifest, model, img) for img in images]
    layers = []
    outputs = [[i for i, f in enumerate(chain) if meta[f]["note"] in MAC_OPS] for chain in chains]
    if any(len(o) != len(weights) for o in outputs):
        raise SystemExit(f"{model}: {len(weights)} weights but {[len(o) for o in outputs]} conv/fc outputs")
    for n, w in enumerate(weights):
        inputs, out_hw = [], None
        for chain, outs in zip(chains, outputs):
            out = chain[outs[n]]
            ws, os_ = shape(meta[w]), shape(meta[out])
            channels = ws[-1] if ws[0] == 1 and len(ws) == 4 else ws[0]  # depthwise 1xKxKxC, else O first
            if channels != os_[-1] or outs[n] == 0:
                raise SystemExit(f"{model}: {w} {ws} does not produce {out} {os_}")
            inputs.append(chain[outs[n] - 1])
            out_hw = os_[1:3] if len(os_) == 4 else [1, 1]
        layers.append({"name": f"L{n:02d}_{'dw' if shape(meta[w])[0] == 1 else 'fc' if len(shape(meta[w])) == 2 else 'conv'}",
                       "weights": w, "inputs": inputs, "out_hw": out_hw})
    return layers


def build(model, manifest, meta):
    desc, images, pairing = MODELS[model]
    layers = []
    for l in pairing(model, images, manifest, meta):
        w, inputs = l["weights"], l["inputs"]
        elements = 1
        for d in shape(meta[w]):
            elements *= d
        a = merged(inputs, manifest[inputs[0]]["dtype"], [zero_point(meta[f]) for f in inputs])
        wt = merged([w], manifest[w]["dtype"], [zero_point(meta[w])])
        in_shape = shape(meta[inputs[0]])
        l["kind"], l["window_max"], l["schedule"] = sparsity(l, manifest, meta)
        l.update({"macs": elements * l["out_hw"][0] * l["out_hw"][1], "a": a, "w": wt,
                  "in_channels": shape(meta[w])[-1], "nchw": len(in_shape) == 4 and in_shape[-1] != shape(meta[w])[-1]})
        layers.append(l)
    return desc, images, layers


def write(desc, images, layers, path, areas):
    raw = [f"{l['name']} {kind}" for l in layers for kind in ("a", "w") if l[kind]["raw"]]
    total = sum(l["macs"] for l in layers)
    paragraphs = [
        f"{desc}: every conv, depthwise and fully-connected layer, measured on the real tensors of "
        "../shared/data/int8-tensors by benchmarks/measured_profiles.py (`qrtl profile`); regenerate, do not "
        "edit. Sources and licences of the models and images: that folder's README.",
        f"Images: {', '.join(images)} (activation histograms summed over them; precisions = their max).",
        "Values are code - zero point, the numbers the MACs multiply (but see base_bits). pa / pw: the "
        "precision that holds every value of the layer's input activations / weights exactly (lossless, no "
        "accuracy trade-off; not Judd's accuracy-driven profiling, which would trim further). a_groups[p]: "
        f"groups of {LANES} consecutive activations (C order, NHWC: {LANES} channels of one pixel, the lanes of "
        "one dot product) whose detected precision is p. a_terms[t] / w_terms[t]: values with t non-zero "
        "Booth radix-4 terms (t = 0: the zeros). a_window_max[k]: Cnvlutin windows (output positions; "
        f"depthwise: {LANES} channels of one) whose busiest of {LANES} lanes holds k non-zero activations, "
        "k = 0..B, B = the window's baseline cycles. w_schedule: Bit-Tactical [lookahead, lookaside, steps, "
        f"dense] of the weights in tiles of {LANES} filters (flows/sparsity.h).",
        f"MACs = weight elements x output height x output width; total {total:,}.",
        f"base_bits = {BASE_BITS}: an 8-bit bit-parallel baseline. Where code - zero point does not fit "
        f"{BASE_BITS} bits, the layer's values are the raw codes (the array multiplies codes; the zero-point "
        "terms are subtracted outside it, as gemmlowp does): " + (", ".join(raw) if raw else "none") + ".",
    ]
    lines = []
    for i, text in enumerate(paragraphs):
        if i:
            lines.append("#")
        lines += ["# " + line for line in textwrap.wrap(text, 98, break_on_hyphens=False)]
    lines += [
        "",
        "[network]",
        f'name = "{desc}, measured"',
        'source = "qrtl profile on ../shared/data/int8-tensors (benchmarks/measured_profiles.py)"',
        "",
        "[accelerator]",
        f"base_bits = {BASE_BITS}",
        f"lanes = {LANES}",
        f"macs_per_cycle = {MACS_PER_CYCLE}",
        "",
        "# Transistors of one 16-lane 8-bit unit, synthesized by the script (UNITS there; bit-parallel:",
        "# 16 x int_mac 8x8, an upper bound); dstripes defaults to stripes (the detector is shared at the",
        "# activation buffer).",
        "# cnvlutin: the bit-parallel unit (the same 16 MACs; zero skipping is in the activation encoding",
        "# and dispatch, outside the unit); tartan and tactical: qrtl has no such unit, no area.",
        "[area]",
    ] + [f'"{k}" = {v}' for k, v in areas.items()] + [f'"cnvlutin" = {areas["bit-parallel"]}']
    for l in layers:
        a, w = l["a"], l["w"]
        lines += ["", "[[layer]]", f'name = "{l["name"]}"', f"macs = {l['macs']}", f"pa = {a['precision']}",
                  f"pw = {w['precision']}", f"a_signed = {str(a['signed']).lower()}",
                  f"w_signed = {str(w['signed']).lower()}", f"a_groups = {a['groups']}", f"a_terms = {a['terms']}",
                  f"w_terms = {w['terms']}", f'kind = "{l["kind"]}"', f"a_window_max = {l['window_max']}",
                  f"w_schedule = {l['schedule']}"]
        note = f"inputs {', '.join(l['inputs'])}; weights {l['weights']}"
        if l["nchw"]:
            note += f"; the input is stored N,C,H,W: a group of {LANES} is {LANES} pixels of one channel"
        elif l["in_channels"] % LANES:
            note += f"; {l['in_channels']} input channels: a group of {LANES} spans pixels"
        lines.append(f'notes = "{note}"')
    text = "\n".join(lines) + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    return total


# model -> (description, images, how its weights pair with its activations)
MODELS = {
    "mobilenet_v1_0.5_160_u8": ("MobileNet v1 0.5 160x160, uint8 (Google Coral test data)", ["grace_hopper", "cat"],
                                pair_by_name),
    "person_detect": ("person_detect (MobileNet v1 0.25, 96x96 grey), int8 (TFLite Micro)", ["person", "no_person"],
                      pair_by_name),
    "mobilenet_v2_pt_int8": ("MobileNet v2 1.0 224x224, int8, PyTorch-converted (TFLite Micro)", ["dog"],
                             pair_by_order),
}


def main():
    if not os.path.isfile(os.path.join(DATA, "manifest.tsv")):
        print(f"skipped: no tensor folder at {DATA}")
        return 0
    manifest, meta = table("manifest.tsv"), table("tensors_meta.tsv")
    os.makedirs(OUT, exist_ok=True)
    areas = unit_areas()
    for model in MODELS:
        desc, images, layers = build(model, manifest, meta)
        path = os.path.join(OUT, f"{model}.toml")
        total = write(desc, images, layers, path, areas)
        print(f"{path}: {len(layers)} layers, {total:,} MACs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
