#!/usr/bin/env python3
"""Checks nn-decompose numerically, before any backend exists.

Runs `nnc-opt --nn-decompose` on every case of cases_sequence_composite.py
(and on local norm / softmax cases), interprets the decomposed @main with a
small NumPy evaluator of the primitive nn ops (in float64, following each
op's documented semantics), and compares with the PyTorch reference:

    max|out - ref| / max(max|ref|, 1e-30) <= rtol

It also checks that only primitive ops are left. Usage:

    /usr/bin/python3 test/Integration/ops/check_decompose_math.py [path/to/nnc-opt] [-v]
"""
import math
import os
import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from e2e_case import Case, randn, uniform  # noqa: E402
import cases_sequence_composite  # noqa: E402

PRIMITIVES = {
    "nn.dense", "nn.matmul", "nn.add", "nn.sub", "nn.mul", "nn.div", "nn.max",
    "nn.exp", "nn.log", "nn.sqrt", "nn.rsqrt", "nn.neg", "nn.relu", "nn.tanh",
    "nn.sigmoid", "nn.silu", "nn.softmax", "nn.reduce", "nn.reshape",
    "nn.transpose", "nn.split", "nn.concat", "arith.constant", "func.return",
}

# ---------------------------------------------------------------------------
# Parsing the generic form
# ---------------------------------------------------------------------------

OP_RE = re.compile(
    r'^\s*(?:(?P<res>%[\w.]+)(?::(?P<n>\d+))?\s*=\s*)?"(?P<name>[\w.]+)"'
    r'\((?P<operands>[^)]*)\)\s*(?:<\{(?P<props>.*)\}>)?\s*(?:\{.*\})?\s*:'
    r'\s*\((?P<in>.*?)\)\s*->\s*(?P<out>.*)$')
ARGS_RE = re.compile(r"\^bb0\((?P<args>.*)\):")


def parse_type(t):
    m = re.match(r"tensor<(.*)>", t.strip())
    parts = m.group(1).split("x")
    elem = parts[-1]
    shape = [None if p == "?" else int(p) for p in parts[:-1]]
    return shape, elem


def split_top(s, sep=","):
    """Split at `sep` outside brackets."""
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        if ch == sep and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return [x.strip() for x in out]


def parse_props(props):
    attrs = {}
    if not props:
        return attrs
    for item in split_top(props):
        if "=" not in item:
            attrs[item] = True
            continue
        k, v = item.split("=", 1)
        attrs[k.strip()] = v.strip()
    return attrs


def attr_int(v):
    return int(v.split(":")[0])


def attr_float(v):
    return float(v.split(":")[0])


def attr_array(v):
    m = re.match(r"array<i64(?::(.*))?>", v)
    return [int(x) for x in (m.group(1) or "").split(",") if x.strip()]


def attr_enum(v):
    """`#nn<reduce_kind mean>` (a positional enum) or `#nn.reduction<mean>`."""
    m = re.match(r"#nn<\w+ (\w+)>", v) or re.match(r"#nn\.\w+<(\w+)>", v)
    return m.group(1)


def parse_scalar(tok, elem):
    tok = tok.strip()
    if tok in ("true", "false"):
        return tok == "true"
    if tok.startswith("0x"):
        bits = int(tok, 16)
        if elem == "f32":
            return np.frombuffer(np.uint32(bits).tobytes(), np.float32)[0]
        if elem == "f64":
            return np.frombuffer(np.uint64(bits).tobytes(), np.float64)[0]
        if elem == "f16":
            return np.frombuffer(np.uint16(bits).tobytes(), np.float16)[0]
        raise ValueError(tok)
    return float(tok)


def parse_dense(v):
    m = re.match(r"dense<(.*)>\s*:\s*(tensor<.*>)", v)
    body, t = m.group(1), m.group(2)
    shape, elem = parse_type(t)
    toks = [x for x in re.split(r"[\[\],\s]+", body) if x]
    vals = [parse_scalar(x, elem) for x in toks]
    dtype = bool if elem == "i1" else np.float64
    arr = np.array(vals, dtype=dtype)
    if arr.size == 1:
        return np.broadcast_to(arr.reshape(()), shape).copy()
    return arr.reshape(shape)


# ---------------------------------------------------------------------------
# Evaluating the primitive ops (float64)
# ---------------------------------------------------------------------------

def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x, mask, axis):
    if mask is not None and mask.dtype == bool:
        mask = np.broadcast_to(mask, x.shape)
        x = np.where(mask, x, -np.inf)
    elif mask is not None:
        x = x + mask
    m = np.max(x, axis=axis, keepdims=True)
    empty = np.isneginf(m)  # a boolean mask kept no position: the row is 0
    e = np.exp(x - np.where(empty, 0.0, m))
    s = np.sum(e, axis=axis, keepdims=True)
    return np.where(empty, 0.0, e / np.where(empty, 1.0, s))


def _reshape(x, shape):
    shape = list(shape)
    dyn = [i for i, d in enumerate(shape) if d is None]
    if len(dyn) == 1:
        shape[dyn[0]] = -1
    else:  # dynamic dimensions kept in place (the head reshapes)
        for i in dyn:
            shape[i] = x.shape[i]
    return x.reshape(shape)


def evaluate(op, ins, attrs, out_types):
    n = op
    if n == "arith.constant":
        return [parse_dense(attrs["value"])]
    if n in ("nn.dense", "nn.matmul"):
        assert attr_enum(attrs.get("activation", "#nn.activation<none>")) == "none"
        x, w = ins[0], ins[1]
        y = x @ w.T if n == "nn.dense" else np.matmul(x, w)
        if len(ins) > 2:
            y = y + ins[2]
        return [y]
    binary = {"nn.add": np.add, "nn.sub": np.subtract, "nn.mul": np.multiply,
              "nn.div": np.divide, "nn.max": np.maximum}
    if n in binary:
        return [binary[n](ins[0], ins[1])]
    unary = {"nn.exp": np.exp, "nn.log": np.log, "nn.sqrt": np.sqrt,
             "nn.rsqrt": lambda x: 1.0 / np.sqrt(x), "nn.neg": np.negative,
             "nn.relu": lambda x: np.maximum(x, 0.0), "nn.tanh": np.tanh,
             "nn.sigmoid": _sigmoid, "nn.silu": lambda x: x * _sigmoid(x)}
    if n in unary:
        with np.errstate(divide="ignore"):  # log(0) = -inf where masked
            return [unary[n](ins[0])]
    if n == "nn.softmax":
        axis = attr_int(attrs.get("axis", "-1 : i64"))
        t = attr_float(attrs.get("temperature", "1.0 : f64"))
        x = ins[0] / t
        if "causal" in attrs:  # key j of query row i kept only for j <= i
            lq, lk = x.shape[-2], x.shape[-1]
            keep = np.arange(lk)[None, :] <= np.arange(lq)[:, None]
            x = np.where(keep, x, -np.inf)
        return [_softmax(x, ins[1] if len(ins) > 1 else None, axis)]
    if n == "nn.reduce":
        kind = attr_enum(attrs["kind"])
        axes = tuple(attr_array(attrs["axes"]))
        f = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min,
             "prod": np.prod}[kind]
        return [f(ins[0], axis=axes, keepdims="keepdims" in attrs)]
    if n == "nn.reshape":
        return [_reshape(ins[0], out_types[0][0])]
    if n == "nn.transpose":
        return [np.transpose(ins[0], attr_array(attrs["permutation"]))]
    if n == "nn.split":
        axis = attr_int(attrs["axis"])
        sizes = attr_array(attrs["sizes"])
        return np.split(ins[0], np.cumsum(sizes)[:-1], axis=axis)
    if n == "nn.concat":
        return [np.concatenate(ins, axis=attr_int(attrs["axis"]))]
    raise NotImplementedError(n)


def run_main(ir, inputs):
    """Interprets @main of the decomposed module (generic form)."""
    lines = ir.splitlines()
    start = next(i for i, l in enumerate(lines) if 'sym_name = "main"' in l)
    env = {}
    m = ARGS_RE.search(lines[start + 1])
    names = [a.split(":")[0].strip() for a in split_top(m.group("args"))]
    assert len(names) == len(inputs), (names, len(inputs))
    for nm, x in zip(names, inputs):
        env[nm] = x if x.dtype == bool else x.astype(np.float64)
    used = set()
    for line in lines[start + 2:]:
        mm = OP_RE.match(line)
        if not mm:
            if line.strip().startswith("})"):
                break
            raise ValueError("cannot parse: " + line)
        name = mm.group("name")
        used.add(name)
        operands = []
        for o in split_top(mm.group("operands")):
            if "#" in o:
                base, idx = o.split("#")
                operands.append(env[base][int(idx)])
            else:
                operands.append(env[o])
        if name == "func.return":
            return operands, used
        out = mm.group("out").strip()
        out_types = [parse_type(t) for t in
                     (split_top(out[1:-1]) if out.startswith("(") else [out])]
        res = evaluate(name, operands, parse_props(mm.group("props")),
                       out_types)
        for r, (shape, _) in zip(res, out_types):
            assert r.ndim == len(shape) and all(
                d is None or d == s for d, s in zip(shape, r.shape)), (
                f"{name}: got shape {r.shape}, type says {shape}")
        env[mm.group("res")] = res if mm.group("n") else res[0]
    raise ValueError("no func.return in @main")


# ---------------------------------------------------------------------------
# Local cases for the norm and softmax patterns (nn-decompose only)
# ---------------------------------------------------------------------------

def _unary_case(name, op_text, shape, extra, ref, out_shape=None, seed=0,
                extra_types=()):
    x = randn(*shape, seed=seed) * np.float32(2.0)
    ty = lambda s, e="f32": "tensor<" + "x".join(map(str, s)) + f"x{e}>"
    out_t = ty(out_shape or shape)
    args = [("x", ty(shape))] + [(n, t) for n, t in extra_types]
    sig = ", ".join(f"%{n}: {t}" for n, t in args)
    operands = op_text.format(*[f"%{n}" for n, _ in args])
    mlir = (f"func.func @main({sig}) -> {out_t} {{\n"
            f"  %y = {operands} : ({', '.join(t for _, t in args)}) -> {out_t}\n"
            f"  return %y : {out_t}\n}}\n")
    return Case(name=name, mlir=mlir, inputs=[x] + list(extra), reference=ref)


def local_cases():
    cs = []
    s, b = uniform(6, seed=1), uniform(6, seed=2)
    cs.append(_unary_case(
        "layer_norm", "nn.layer_norm {0} scale {1} bias {2}", (3, 4, 6), [s, b],
        lambda x, s, b: F.layer_norm(x, (6,), s, b, 1e-5),
        extra_types=[("s", "tensor<6xf32>"), ("b", "tensor<6xf32>")]))
    s2 = uniform(4, 6, seed=3)
    cs.append(_unary_case(
        "layer_norm_axis1", "nn.layer_norm {0} scale {1} {{axis = 1 : i64, epsilon = 1.0e-3 : f64}}",
        (3, 4, 6), [s2], lambda x, s: F.layer_norm(x, (4, 6), s, None, 1e-3),
        extra_types=[("s", "tensor<4x6xf32>")]))
    cs.append(_unary_case(
        "rms_norm", "nn.rms_norm {0} scale {1}", (3, 4, 6), [s],
        lambda x, s: x * torch.rsqrt((x * x).mean(-1, keepdim=True) + 1e-6) * s,
        extra_types=[("s", "tensor<6xf32>")]))
    c = randn(5, 6, seed=4)
    for t in (1.0, 0.5):
        cs.append(_unary_case(
            f"kmeans_t{t}", f"nn.kmeans {{0}}, {{1}} {{{{temperature = {t} : f64}}}}",
            (7, 6), [c],
            lambda x, c, t=t: torch.softmax(-torch.cdist(x, c) ** 2 / t, -1),
            out_shape=(7, 5), extra_types=[("c", "tensor<5x6xf32>")]))
    fm = uniform(4, 6, low=-2, high=2, seed=5)
    bm = np.random.default_rng(6).random((4, 6)) < 0.6
    bm[:, 2] = True
    cs.append(_unary_case(
        "softmax_temperature", "nn.softmax {0} {{axis = 1 : i64, temperature = 2.5 : f64}}",
        (3, 4, 6), [], lambda x: torch.softmax(x / 2.5, 1)))
    cs.append(_unary_case(
        "softmax_float_mask", "nn.softmax {0} mask {1} {{temperature = 0.5 : f64}}",
        (3, 4, 6), [fm], lambda x, m: torch.softmax(x / 0.5 + m, -1),
        extra_types=[("m", "tensor<4x6xf32>")]))
    cs.append(_unary_case(
        "softmax_bool_mask_temperature", "nn.softmax {0} mask {1} {{temperature = 3.0 : f64}}",
        (3, 4, 6), [bm],
        lambda x, m: torch.softmax((x / 3.0).masked_fill(~m, float("-inf")), -1),
        extra_types=[("m", "tensor<4x6xi1>")]))
    cs.append(_unary_case(
        "log_softmax", "nn.log_softmax {0} {{axis = 0 : i64}}", (3, 4, 6), [],
        lambda x: torch.log_softmax(x, 0)))
    cs.append(_unary_case(
        "log_softmax_float_mask_t", "nn.log_softmax {0} mask {1} {{temperature = 2.0 : f64}}",
        (3, 4, 6), [fm], lambda x, m: torch.log_softmax(x / 2.0 + m, -1),
        extra_types=[("m", "tensor<4x6xf32>")]))
    # Masked positions are -inf on both sides; compare the kept ones.
    cs.append(_unary_case(
        "log_softmax_bool_mask", "nn.log_softmax {0} mask {1}", (3, 4, 6), [bm],
        lambda x, m: torch.log_softmax(x.masked_fill(~m, float("-inf")), -1),
        extra_types=[("m", "tensor<4x6xi1>")]))
    cs.append(_unary_case(
        "grid_softmax", "nn.grid_softmax {0} {{groups = 3 : i64, temperature = 0.7 : f64}}",
        (5, 12), [],
        lambda x: torch.softmax(x.reshape(5, 3, 4) / 0.7, -1).reshape(5, 12)))
    return cs


# ---------------------------------------------------------------------------

def find_nnc_opt(argv):
    for a in argv:
        if not a.startswith("-"):
            return a
    if os.environ.get("NNC_OPT"):
        return os.environ["NNC_OPT"]
    root = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    found = [os.path.join(root, d, "bin", "nnc-opt") for d in os.listdir(root)
             if d.startswith("build")]
    found = [p for p in found if os.path.exists(p)]
    if not found:
        sys.exit("nnc-opt not found: pass its path or set NNC_OPT")
    return max(found, key=os.path.getmtime)  # the most recent build


def check(case, nnc_opt, verbose):
    proc = subprocess.run(
        [nnc_opt, "--nn-decompose", "--mlir-print-op-generic",
         "--mlir-print-elementsattrs-with-hex-if-larger=-1", "-"],
        input=case.mlir, capture_output=True, text=True)
    if proc.returncode != 0:
        # nn-decompose unrolls recurrent layers, so it refuses a dynamic
        # sequence length with a diagnostic (codegen loops over it instead).
        if case.name.endswith("_dynamic_sequence") and (
                "with a dynamic sequence length is not supported" in proc.stderr):
            return True, "refused with the expected diagnostic"
        return False, "nnc-opt failed:\n" + proc.stderr
    if case.name.endswith("_dynamic_sequence"):
        return False, "decomposed a dynamic sequence it cannot unroll"
    outs, used = run_main(proc.stdout, case.inputs)
    left = sorted(u for u in used if u not in PRIMITIVES)
    if left:
        return False, f"non-primitive ops left: {left}"
    with torch.no_grad():
        ref = case.reference(*[torch.from_numpy(np.ascontiguousarray(x))
                               for x in case.inputs])
    refs = ref if isinstance(ref, (tuple, list)) else (ref,)
    if len(refs) != len(outs):
        return False, f"{len(outs)} results, reference has {len(refs)}"
    worst = 0.0
    for o, r in zip(outs, refs):
        r = r.double().numpy()
        if o.shape != r.shape:
            return False, f"shape {o.shape} != reference {r.shape}"
        fin = np.isfinite(r)
        if not np.array_equal(fin, np.isfinite(o)) or not np.array_equal(
                o[~fin], r[~fin], equal_nan=True):
            return False, "non-finite values differ"
        scale = max(np.max(np.abs(r[fin]), initial=0.0), 1e-30)
        worst = max(worst, np.max(np.abs(o[fin] - r[fin]), initial=0.0) / scale)
    ok = worst <= case.rtol
    return ok, f"error {worst:.2e} (rtol {case.rtol:g})"


def main(argv):
    verbose = "-v" in argv
    nnc_opt = find_nnc_opt(argv[1:])
    cases = cases_sequence_composite.CASES + local_cases()
    failed = 0
    for case in cases:
        try:
            ok, msg = check(case, nnc_opt, verbose)
        except Exception as e:  # report and go on
            ok, msg = False, f"{type(e).__name__}: {e}"
        failed += not ok
        if verbose or not ok:
            print(f"{'PASS' if ok else 'FAIL'} {case.name}: {msg}")
    print(f"{len(cases) - failed}/{len(cases)} decompositions match PyTorch")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
