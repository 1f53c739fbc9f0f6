"""torch.onnx.export (opset 14) of nn.MultiheadAttention for the importer's
attention-raising lit test, plus near misses edited into the exported graph.

    onnx_mha.py PREFIX

writes PREFIX.NAME.onnx for NAME in
    bf           batch_first=True, bias (E 32, 4 heads, L 10, batch 2)
    bf_dyn       the same with a dynamic batch axis
    sf_nobias    batch_first=False, bias=False (input [L, B, E])
    wrong_scale  bf with the score scale 1/3 instead of 1/sqrt(8)
    key_perm     bf with the key transposed [2, 1, 0] instead of [1, 2, 0]
                 (same shape here: head size 8 = batch 2 * 4 heads)
    eight_heads  bf with the head reshapes splitting into 8 heads of 4 while
                 the scale is still 1/sqrt(8) (that of 4 heads)
    eight_heads_scaled
                 eight_heads with the scale 1/sqrt(4) of 8 heads: a valid
                 8-head attention
    scores_scaled
                 bf with the Div by sqrt(8) moved from q to the scores
"""
import io
import sys
import warnings

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper

warnings.filterwarnings("ignore")


class MHA(nn.Module):
    def __init__(self, batch_first, bias):
        super().__init__()
        self.attn = nn.MultiheadAttention(32, 4, batch_first=batch_first, bias=bias)
        if bias:
            with torch.no_grad():
                self.attn.in_proj_bias.normal_()
                self.attn.out_proj.bias.normal_()

    def forward(self, x):
        return self.attn(x, x, x, need_weights=False)[0]


def export(batch_first=True, bias=True, dynamic=False):
    torch.manual_seed(0)
    x = torch.randn(2, 10, 32) if batch_first else torch.randn(10, 2, 32)
    kw = {"dynamic_axes": {"x": {0: "batch"}, "y": {0: "batch"}}} if dynamic else {}
    f = io.BytesIO()
    torch.onnx.export(MHA(batch_first, bias).eval(), x, f, opset_version=14,
                      input_names=["x"], output_names=["y"], **kw)
    return onnx.load_from_string(f.getvalue())


def constant_producer(m, name):
    for n in m.graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return n
    raise KeyError(name)


def set_constant(node, value):
    for a in node.attribute:
        if a.name == "value":
            a.t.CopyFrom(numpy_helper.from_array(value))


def wrong_scale():
    m = export()
    n = next(n for n in m.graph.node if n.op_type == "Div" and "Transpose" in n.input[0])
    c = constant_producer(m, n.input[1])
    assert abs(float(numpy_helper.to_array(c.attribute[0].t)) - 8 ** 0.5) < 1e-6
    set_constant(c, np.array(3.0, dtype=np.float32))
    return m


def key_perm():
    m = export()
    n = next(n for n in m.graph.node if n.op_type == "Transpose"
             and list(n.attribute[0].ints) == [1, 2, 0])
    n.attribute[0].ints[:] = [2, 1, 0]
    return m


def eight_heads(rescale=False):
    m = export()
    for n in m.graph.node:
        if n.op_type == "Reshape":
            c = constant_producer(m, n.input[1])
            if list(numpy_helper.to_array(c.attribute[0].t)) == [10, 8, 8]:
                set_constant(c, np.array([10, 16, 4], dtype=np.int64))
    if rescale:
        n = next(n for n in m.graph.node if n.op_type == "Div" and "Transpose" in n.input[0])
        set_constant(constant_producer(m, n.input[1]), np.array(2.0, dtype=np.float32))
    return m


def scores_scaled():
    m = export()
    nodes = list(m.graph.node)
    div = next(n for n in nodes if n.op_type == "Div" and "Transpose" in n.input[0])
    mm = next(n for n in nodes if n.op_type == "MatMul" and n.input[0] == div.output[0])
    sm = next(n for n in nodes if n.op_type == "Softmax")
    mm.input[0] = div.input[0]
    div.input[0] = mm.output[0]
    div.output[0] = "scaled_scores"
    sm.input[0] = "scaled_scores"
    nodes.remove(div)
    nodes.insert(nodes.index(mm) + 1, div)
    del m.graph.node[:]
    m.graph.node.extend(nodes)
    return m


MODELS = {
    "bf": lambda: export(),
    "bf_dyn": lambda: export(dynamic=True),
    "sf_nobias": lambda: export(batch_first=False, bias=False),
    "wrong_scale": wrong_scale,
    "key_perm": key_perm,
    "eight_heads": eight_heads,
    "eight_heads_scaled": lambda: eight_heads(rescale=True),
    "scores_scaled": scores_scaled,
}

if __name__ == "__main__":
    prefix = sys.argv[1]
    for name, make in MODELS.items():
        onnx.save(make(), f"{prefix}.{name}.onnx")
