"""End-to-end cases for the composite sequence layers: attention, swiglu, rnn,
lstm (they reach the backends through the nn-decompose patterns).

Weights, biases, masks and initial states are inputs of @main, so the
references copy them into PyTorch's own modules: nn.MultiheadAttention
(batch_first=True), nn.RNN / nn.LSTM (batch_first=True), and F.linear/F.silu
for swiglu. PyTorch's boolean attn_mask means True = NOT allowed, the
opposite of nn's (True = keep), so boolean masks are inverted; causal is
PyTorch's upper-triangular mask (key j > query i hidden).
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_case import Case, randn, uniform  # noqa: E402


def _ty(shape, dtype="f32"):
    dims = "x".join("?" if d is None else str(d) for d in shape)
    return f"tensor<{dims}x{dtype}>" if dims else f"tensor<{dtype}>"


def _fn(args, results, body):
    """@main with `args` [(name, type)] and `results` [(value, type)]."""
    sig = ", ".join(f"%{n}: {t}" for n, t in args)
    rtypes = ", ".join(t for _, t in results)
    rvals = ", ".join(v for v, _ in results)
    ret = f"({rtypes})" if len(results) > 1 else rtypes
    return (f"func.func @main({sig}) -> {ret} {{\n{body}\n"
            f"  return {rvals} : {rtypes}\n}}\n")


def _w(rows, cols, seed):
    """A weight scaled like PyTorch's default init (keeps activations O(1))."""
    bound = 1.0 / math.sqrt(cols)
    return uniform(rows, cols, low=-bound, high=bound, seed=seed)


# ---------------------------------------------------------------------------
# attention
# ---------------------------------------------------------------------------

def attention_core_case(name, *, shape=(2, 3), lq=8, lk=80, d=16, dv=16,
                        keep=None, causal=False, scale=0.25, divide=False,
                        seed=0):
    """softmax(q·kᵀ·scale, mask, causal)·v written as nn ops (what an
    importer leaves), fused into one loop nest. `keep`: a boolean mask
    [*shape[:1], 1, lq, lk] (a row with no key kept gives 0)."""
    r = np.random.default_rng(seed)
    q = r.standard_normal(shape + (lq, d)).astype(np.float32)
    kt = r.standard_normal(shape + (d, lk)).astype(np.float32)
    v = r.standard_normal(shape + (lk, dv)).astype(np.float32)
    s_t = _ty(shape + (lq, lk))
    args = [("q", _ty(shape + (lq, d))), ("kt", _ty(shape + (d, lk))),
            ("v", _ty(shape + (lk, dv)))]
    inputs = [q, kt, v]
    if keep is not None:
        args.append(("m", _ty(keep.shape, "i1")))
        inputs.append(keep)
    op = "nn.div" if divide else "nn.mul"
    c = 1.0 / scale if divide else scale
    mask = " mask %m" if keep is not None else ""
    mask_t = f", {_ty(keep.shape, 'i1')}" if keep is not None else ""
    attrs = " {causal}" if causal else ""
    out_t = _ty(shape + (lq, dv))
    body = (f"  %c = arith.constant dense<{c!r}> : tensor<f32>\n"
            f"  %s = nn.matmul %q, %kt : ({args[0][1]}, {args[1][1]}) -> {s_t}\n"
            f"  %t = {op} %s, %c : ({s_t}, tensor<f32>) -> {s_t}\n"
            f"  %p = nn.softmax %t{mask}{attrs} : ({s_t}{mask_t}) -> {s_t}\n"
            f"  %y = nn.matmul %p, %v : ({s_t}, {args[2][1]}) -> {out_t}")

    def reference(q, kt, v, m=None):
        s = (q.double() @ kt.double()) * scale
        kept = torch.ones(s.shape, dtype=torch.bool)
        if m is not None:
            kept = kept & m
        if causal:
            kept = kept & ~torch.triu(torch.ones(lq, lk, dtype=torch.bool), 1)
        s = s.masked_fill(~kept, float("-inf"))
        p = torch.softmax(s, -1).nan_to_num(0.0)  # no key kept: 0
        return (p @ v.double()).float()

    return Case(name=name, mlir=_fn(args, [("%y", out_t)], body),
                inputs=inputs, reference=reference)


def _keep(shape, seed, empty_row=None):
    m = np.random.default_rng(seed).random(shape) < 0.6
    m[..., 0] = True
    if empty_row is not None:
        m[..., empty_row, :] = False
    return m

def attention_case(name, *, b=2, lq=5, lk=None, e=16, ek=None, ev=None,
                   heads=4, biases=True, causal=False, mask=None,
                   mask_shape=None, scale=None, self_attn=False,
                   dynamic_batch=False, seed=0):
    """mask: None, "bool" or "float", shaped `mask_shape` (broadcasting to
    [B, H, Lq, Lk]; default [Lq, Lk])."""
    lk = lq if lk is None else lk
    ek = e if ek is None else ek
    ev = e if ev is None else ev
    if self_attn:
        assert lk == lq and ek == e and ev == e
    bt = None if dynamic_batch else b
    mask_shape = tuple(mask_shape or (lq, lk))

    inputs, args = [], []
    q = randn(b, lq, e, seed=seed)
    inputs.append(q)
    args.append(("q", _ty((bt, lq, e))))
    if not self_attn:
        inputs += [randn(b, lk, ek, seed=seed + 1), randn(b, lk, ev, seed=seed + 2)]
        args += [("k", _ty((bt, lk, ek))), ("v", _ty((bt, lk, ev)))]
    wq, wk, wv, wo = (_w(e, e, seed + 3), _w(e, ek, seed + 4),
                      _w(e, ev, seed + 5), _w(e, e, seed + 6))
    inputs += [wq, wk, wv, wo]
    args += [("wq", _ty((e, e))), ("wk", _ty((e, ek))), ("wv", _ty((e, ev))),
             ("wo", _ty((e, e)))]
    if biases:
        for i, n in enumerate(["bq", "bk", "bv", "bo"]):
            inputs.append(uniform(e, low=-0.5, high=0.5, seed=seed + 7 + i))
            args.append((n, _ty((e,))))
    if mask == "bool":
        m = np.random.default_rng(seed + 11).random(mask_shape) < 0.7
        m[..., 0] = True  # every query keeps a key (PyTorch gives NaN otherwise)
        inputs.append(m)
        args.append(("m", _ty(mask_shape, "i1")))
    elif mask == "float":
        m = uniform(*mask_shape, low=-2.0, high=2.0, seed=seed + 11)
        inputs.append(m)
        args.append(("m", _ty(mask_shape)))

    kv = "%q, %q" if self_attn else "%k, %v"
    operands = f"%q, {kv} weights(%wq, %wk, %wv, %wo)"
    if biases:
        operands += " biases(%bq, %bk, %bv, %bo)"
    if mask:
        operands += " mask %m"
    attrs = [f"num_heads = {heads} : i64"]
    if causal:
        attrs.append("causal")
    if scale is not None:
        attrs.append(f"scale = {scale!r} : f64")
    in_types = [t for _, t in args]
    if self_attn:  # %q is used as query, key and value
        in_types = in_types[:1] * 3 + in_types[1:]
    out_t = _ty((bt, lq, e))
    body = (f"  %y = nn.attention {operands} {{{', '.join(attrs)}}} : "
            f"({', '.join(in_types)}) -> {out_t}")
    mlir = _fn(args, [("%y", out_t)], body)

    def reference(*t):
        t = list(t)
        query = t.pop(0)
        key, value = (query, query) if self_attn else (t.pop(0), t.pop(0))
        Wq, Wk, Wv, Wo = t[:4]
        t = t[4:]
        bq = bk = bv = bo = None
        if biases:
            bq, bk, bv, bo = t[:4]
            t = t[4:]
        user = t.pop(0) if mask else None

        # The mask PyTorch takes: 2-D [Lq, Lk] or 3-D [B*H, Lq, Lk].
        attn_mask = None
        if user is not None:
            full = torch.broadcast_to(user, (b, heads, lq, lk)).reshape(
                b * heads, lq, lk)
            attn_mask = ~full if mask == "bool" else full
        if causal:
            hidden = torch.triu(torch.ones(lq, lk, dtype=torch.bool), 1)
            if attn_mask is None:
                attn_mask = hidden
            elif attn_mask.dtype == torch.bool:
                attn_mask = attn_mask | hidden
            else:
                attn_mask = attn_mask.masked_fill(hidden, float("-inf"))

        if scale is not None:
            # nn.MultiheadAttention has no scale argument: the same layer by
            # hand (PyTorch's own order: q scaled, then q·kᵀ, + mask).
            dh = e // heads
            qh = F.linear(query, Wq, bq).reshape(b, lq, heads, dh).transpose(1, 2)
            kh = F.linear(key, Wk, bk).reshape(b, lk, heads, dh).transpose(1, 2)
            vh = F.linear(value, Wv, bv).reshape(b, lk, heads, dh).transpose(1, 2)
            s = (qh @ kh.transpose(-1, -2)) * scale
            if attn_mask is not None:
                am = attn_mask.reshape(-1, heads, lq, lk) if attn_mask.dim() == 3 else attn_mask
                s = s.masked_fill(am, float("-inf")) if am.dtype == torch.bool else s + am
            o = (torch.softmax(s, -1) @ vh).transpose(1, 2).reshape(b, lq, e)
            return F.linear(o, Wo, bo)

        mha = torch.nn.MultiheadAttention(e, heads, bias=biases, kdim=ek,
                                          vdim=ev, batch_first=True)
        with torch.no_grad():
            if mha._qkv_same_embed_dim:
                mha.in_proj_weight.copy_(torch.cat([Wq, Wk, Wv]))
            else:
                mha.q_proj_weight.copy_(Wq)
                mha.k_proj_weight.copy_(Wk)
                mha.v_proj_weight.copy_(Wv)
            mha.out_proj.weight.copy_(Wo)
            if biases:
                mha.in_proj_bias.copy_(torch.cat([bq, bk, bv]))
                mha.out_proj.bias.copy_(bo)
            # Training mode with dropout 0 computes the same thing and keeps
            # PyTorch 1.13 off its fast path (which fails without biases).
            mha.train()
            out, _ = mha(query, key, value, attn_mask=attn_mask,
                         need_weights=False)
        return out

    return Case(name=name, mlir=mlir, inputs=inputs, reference=reference)


# ---------------------------------------------------------------------------
# swiglu
# ---------------------------------------------------------------------------

def swiglu_case(name, *, shape=(2, 5, 16), hidden=32, out=12, biases=True,
                seed=0):
    d = shape[-1]
    x = randn(*shape, seed=seed)
    wg, wu, wd = _w(hidden, d, seed + 1), _w(hidden, d, seed + 2), _w(out, hidden, seed + 3)
    inputs = [x, wg, wu, wd]
    args = [("x", _ty(shape)), ("wg", _ty((hidden, d))), ("wu", _ty((hidden, d))),
            ("wd", _ty((out, hidden)))]
    operands = "%x, %wg, %wu, %wd"
    if biases:
        inputs += [uniform(hidden, low=-0.5, high=0.5, seed=seed + 4),
                   uniform(hidden, low=-0.5, high=0.5, seed=seed + 5),
                   uniform(out, low=-0.5, high=0.5, seed=seed + 6)]
        args += [("bg", _ty((hidden,))), ("bu", _ty((hidden,))), ("bd", _ty((out,)))]
        operands += " biases(%bg, %bu, %bd)"
    out_t = _ty(shape[:-1] + (out,))
    body = (f"  %y = nn.swiglu {operands} : ({', '.join(t for _, t in args)})"
            f" -> {out_t}")

    def reference(x, wg, wu, wd, *b):
        bg, bu, bd = b if b else (None, None, None)
        return F.linear(F.silu(F.linear(x, wg, bg)) * F.linear(x, wu, bu), wd, bd)

    return Case(name=name, mlir=_fn(args, [("%y", out_t)], body),
                inputs=inputs, reference=reference)


# ---------------------------------------------------------------------------
# rnn, lstm
# ---------------------------------------------------------------------------

def recurrent_case(name, *, kind, b=3, t=4, i=5, h=6, act="tanh",
                   biases=True, initial=False, dynamic_batch=False,
                   dynamic_steps=False, seed=0):
    gates = 4 if kind == "lstm" else 1
    bt = None if dynamic_batch else b
    tt = None if dynamic_steps else t
    inputs = [randn(b, t, i, seed=seed), _w(gates * h, i, seed + 1),
              _w(gates * h, h, seed + 2)]
    args = [("x", _ty((bt, tt, i))), ("wih", _ty((gates * h, i))),
            ("whh", _ty((gates * h, h)))]
    operands = "%x, %wih, %whh"
    if biases:
        bound = 1.0 / math.sqrt(h)
        inputs += [uniform(gates * h, low=-bound, high=bound, seed=seed + 3),
                   uniform(gates * h, low=-bound, high=bound, seed=seed + 4)]
        args += [("bih", _ty((gates * h,))), ("bhh", _ty((gates * h,)))]
        operands += " biases(%bih, %bhh)"
    n_states = 2 if kind == "lstm" else 1
    if initial:
        names = ["h0", "c0"][:n_states]
        for k, n in enumerate(names):
            inputs.append(randn(b, h, seed=seed + 5 + k) * np.float32(0.5))
            args.append((n, _ty((bt, h))))
        operands += f" initial({', '.join('%' + n for n in names)})"
    attrs = ""
    if kind == "rnn" and act != "tanh":
        attrs = f" {{activation = #nn.rnn_activation<{act}>}}"
    seq_t, state_t = _ty((bt, tt, h)), _ty((bt, h))
    results = [("%y", seq_t), ("%hn", state_t)]
    if kind == "lstm":
        results.append(("%cn", state_t))
    lhs = ", ".join(v for v, _ in results)
    body = (f"  {lhs} = nn.{kind} {operands}{attrs} : "
            f"({', '.join(t for _, t in args)}) -> "
            f"({', '.join(t for _, t in results)})")

    def reference(x, wih, whh, *rest):
        rest = list(rest)
        if kind == "lstm":
            m = torch.nn.LSTM(i, h, bias=biases, batch_first=True)
        else:
            m = torch.nn.RNN(i, h, nonlinearity=act, bias=biases,
                             batch_first=True)
        with torch.no_grad():
            m.weight_ih_l0.copy_(wih)
            m.weight_hh_l0.copy_(whh)
            if biases:
                m.bias_ih_l0.copy_(rest.pop(0))
                m.bias_hh_l0.copy_(rest.pop(0))
            state = None
            if initial:
                state = tuple(s.unsqueeze(0) for s in rest)
                if kind == "rnn":
                    state = state[0]
            y, st = m(x, state)
        if kind == "lstm":
            return y, st[0].squeeze(0), st[1].squeeze(0)
        return y, st.squeeze(0)

    return Case(name=name, mlir=_fn(args, results, body), inputs=inputs,
                reference=reference)


CASES = [
    # attention
    attention_case("attention_self_biases", self_attn=True),
    attention_case("attention_self_no_biases", self_attn=True, biases=False,
                   seed=20),
    attention_case("attention_causal", self_attn=True, causal=True, seed=30),
    attention_case("attention_bool_mask", mask="bool", mask_shape=(2, 1, 5, 5),
                   seed=40),
    attention_case("attention_bool_mask_per_head", mask="bool",
                   mask_shape=(2, 4, 5, 5), biases=False, seed=45),
    attention_case("attention_float_mask", mask="float", seed=50),
    attention_case("attention_bool_mask_causal", mask="bool", causal=True,
                   seed=60),
    attention_case("attention_float_mask_causal", mask="float", causal=True,
                   mask_shape=(1, 4, 5, 5), seed=65),
    attention_case("attention_cross", lq=3, lk=7, ek=12, ev=8, seed=70),
    attention_case("attention_cross_causal_mask", lq=4, lk=6, causal=True,
                   mask="bool", mask_shape=(2, 1, 1, 6), biases=False, seed=80),
    attention_case("attention_scale", self_attn=True, scale=0.3, causal=True,
                   seed=90),
    attention_case("attention_one_head", heads=1, e=8, seed=95),
    attention_case("attention_dynamic_batch", dynamic_batch=True, lk=6,
                   mask="float", mask_shape=(5, 6), seed=100),
    # Several query and key blocks of the fused kernel, with remainders.
    attention_case("attention_long_blocks", lq=70, lk=150, e=32, heads=2,
                   mask="float", mask_shape=(70, 150), seed=110),
    attention_case("attention_long_causal", self_attn=True, lq=100, e=32,
                   heads=2, causal=True, seed=120),
    attention_case("attention_long_bool_mask", lq=40, lk=130, e=32, heads=2,
                   mask="bool", mask_shape=(2, 1, 1, 130), biases=False,
                   seed=130),
    attention_case("attention_long_dynamic_causal", dynamic_batch=True, lq=33,
                   lk=129, e=32, heads=4, causal=True, seed=140),
    attention_core_case("attention_core_empty_row",
                        keep=_keep((2, 1, 8, 80), 150, empty_row=3), seed=150),
    attention_core_case("attention_core_causal_divide", shape=(3,), lq=67,
                        lk=67, causal=True, divide=True, seed=160),
    attention_core_case("attention_core_2d", shape=(), lq=5, lk=200, d=8,
                        dv=24, keep=_keep((5, 200), 170), causal=True,
                        seed=170),
    # swiglu
    swiglu_case("swiglu_biases"),
    swiglu_case("swiglu_no_biases", biases=False, seed=10),
    swiglu_case("swiglu_2d", shape=(7, 16), hidden=24, out=16, seed=20),
    # rnn
    recurrent_case("rnn_tanh", kind="rnn", biases=False),
    recurrent_case("rnn_tanh_biases_h0", kind="rnn", initial=True, seed=10),
    recurrent_case("rnn_relu_biases", kind="rnn", act="relu", seed=20),
    recurrent_case("rnn_relu_h0", kind="rnn", act="relu", biases=False,
                   initial=True, seed=30),
    recurrent_case("rnn_one_step", kind="rnn", t=1, initial=True, seed=40),
    recurrent_case("rnn_dynamic_batch", kind="rnn", dynamic_batch=True,
                   seed=50),
    # lstm
    recurrent_case("lstm_plain", kind="lstm", biases=False),
    recurrent_case("lstm_biases", kind="lstm", seed=10),
    recurrent_case("lstm_initial", kind="lstm", biases=False, initial=True,
                   seed=20),
    recurrent_case("lstm_biases_initial", kind="lstm", initial=True, t=6,
                   seed=30),
    recurrent_case("lstm_one_step", kind="lstm", t=1, seed=40),
    recurrent_case("lstm_dynamic_batch", kind="lstm", dynamic_batch=True,
                   initial=True, seed=50),
    # The CPU backend runs the steps as a loop: long and dynamic sequences.
    recurrent_case("lstm_long_sequence", kind="lstm", b=2, t=300, h=16, seed=60),
    recurrent_case("lstm_dynamic_sequence", kind="lstm", t=9, dynamic_steps=True,
                   dynamic_batch=True, seed=70),
    recurrent_case("rnn_dynamic_sequence", kind="rnn", t=7, dynamic_steps=True,
                   initial=True, seed=80),
]
