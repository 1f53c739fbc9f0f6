"""Small ONNX models for the importer's lit tests.

    onnx_models.py NAME OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT


def model(nodes, inputs, outputs, inits=(), opset=13):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def init(name, shape, seed=0):
    rng = np.random.default_rng(seed)
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


def const(name, value):
    return numpy_helper.from_array(np.asarray(value, dtype=np.float32), name)


def gemm():
    n = helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="fc1", transB=1)
    r = helper.make_node("Relu", ["y"], ["z"], name="act")
    return model([n, r], [vi("x", ["N", 4])], [vi("z", ["N", 3])],
                 [init("w", [3, 4]), init("b", [3], 1)])


def conv():
    n = helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv1",
                         pads=[1, 1, 1, 1], strides=[2, 2])
    p = helper.make_node("MaxPool", ["y"], ["z"], name="pool1", kernel_shape=[2, 2],
                         strides=[2, 2])
    return model([n, p], [vi("x", [1, 3, 8, 8])], [vi("z", [1, 4, 2, 2])],
                 [init("w", [4, 3, 3, 3]), init("b", [4], 1)])


def layernorm():
    # PyTorch's opset-14 export of nn.LayerNorm.
    nodes = [
        helper.make_node("ReduceMean", ["x"], ["m"], name="ln/mean", axes=[-1]),
        helper.make_node("Sub", ["x", "m"], ["d"], name="ln/sub"),
        helper.make_node("Pow", ["d", "two"], ["d2"], name="ln/pow"),
        helper.make_node("ReduceMean", ["d2"], ["v"], name="ln/var", axes=[-1]),
        helper.make_node("Add", ["v", "eps"], ["ve"], name="ln/add_eps"),
        helper.make_node("Sqrt", ["ve"], ["s"], name="ln/sqrt"),
        helper.make_node("Div", ["d", "s"], ["n"], name="ln/div"),
        helper.make_node("Mul", ["n", "gamma"], ["g"], name="ln/mul"),
        helper.make_node("Add", ["g", "beta"], ["y"], name="ln/add"),
    ]
    return model(nodes, [vi("x", [2, 5, 8])], [vi("y", [2, 5, 8])],
                 [const("two", 2.0), const("eps", 1e-5), init("gamma", [8]),
                  init("beta", [8], 1)], opset=14)


def gelu():
    # PyTorch's export of nn.GELU(): x * 0.5 * (1 + erf(x / sqrt(2))).
    nodes = [
        helper.make_node("Div", ["x", "sqrt2"], ["a"], name="gelu/div"),
        helper.make_node("Erf", ["a"], ["e"], name="gelu/erf"),
        helper.make_node("Add", ["e", "one"], ["p"], name="gelu/add"),
        helper.make_node("Mul", ["x", "p"], ["q"], name="gelu/mul"),
        helper.make_node("Mul", ["q", "half"], ["y"], name="gelu/mul_half"),
    ]
    return model(nodes, [vi("x", [2, 6])], [vi("y", [2, 6])],
                 [const("sqrt2", 1.4142135381698608), const("one", 1.0),
                  const("half", 0.5)], opset=14)


def lstm():
    # ONNX layout [seq, batch, in], gates i, o, f, c; Y, Y_h and Y_c used.
    n = helper.make_node("LSTM", ["x", "W", "R", "B"], ["y", "yh", "yc"], name="lstm1",
                         hidden_size=3)
    return model([n], [vi("x", [5, 2, 4])],
                 [vi("y", [5, 1, 2, 3]), vi("yh", [1, 2, 3]), vi("yc", [1, 2, 3])],
                 [init("W", [1, 12, 4]), init("R", [1, 12, 3], 1), init("B", [1, 24], 2)],
                 opset=14)


def unknown_ops():
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="relu"),
        helper.make_node("FancyOp", ["a"], ["b"], name="fancy1"),
        helper.make_node("Relu", ["b"], ["c"], name="relu2"),
        helper.make_node("OtherOp", ["c"], ["y"], name="other"),
    ]
    return model(nodes, [vi("x", [2, 3])], [vi("y", [2, 3])])


def missing_input():
    n = helper.make_node("Add", ["x", "nowhere"], ["y"], name="add_missing")
    return model([n], [vi("x", [2, 3])], [vi("y", [2, 3])])


def missing_initializer():
    n = helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="fc_noweights", transB=1)
    return model([n], [vi("x", [2, 4])], [vi("y", [2, 3])], [init("b", [3])])


def bad_shapes():
    n = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm_bad")
    return model([n], [vi("x", [2, 4])], [vi("y", [2, 3])], [init("w", [5, 3])])


def bad_tensor():
    # An initializer whose raw_data is shorter than its dims say.
    t = TensorProto()
    t.name, t.data_type = "w", F
    t.dims.extend([3, 4])
    t.raw_data = b"\0" * 20
    n = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")
    return model([n], [vi("x", [2, 3])], [vi("y", [2, 4])], [t])


def huge_tensor():
    # Dims that claim 2^38 floats over 4 bytes of data: refused before
    # anything that size is allocated.
    t = TensorProto()
    t.name, t.data_type = "w", F
    t.dims.extend([1 << 20, 1 << 18])
    t.raw_data = b"\0" * 4
    n = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")
    return model([n], [vi("x", [2, 1 << 20])], [vi("y", [2, 1 << 18])], [t])


def huge_constant():
    t = TensorProto()
    t.name, t.data_type = "c", F
    t.dims.extend([1 << 19, 1 << 19])
    t.float_data.extend([1.0])
    c = helper.make_node("Constant", [], ["c"], name="big", value=t)
    n = helper.make_node("Add", ["x", "c"], ["y"], name="add")
    return model([c, n], [vi("x", [1])], [vi("y", [1])])


def no_outputs():
    n = helper.make_node("Mean", ["x", "x"], [], name="mean_nothing")
    r = helper.make_node("Relu", ["x"], ["y"], name="act")
    return model([n, r], [vi("x", [2, 3])], [vi("y", [2, 3])])


def empty_output_name():
    n = helper.make_node("Mean", ["x", "x"], [""], name="mean_unnamed")
    r = helper.make_node("Relu", ["x"], ["y"], name="act")
    return model([n, r], [vi("x", [2, 3])], [vi("y", [2, 3])])


def too_few_inputs():
    n = helper.make_node("Conv", ["x"], ["y"], name="conv_alone")
    g = helper.make_node("Gemm", ["x2"], ["z"], name="gemm_alone")
    return model([n, g], [vi("x", [1, 1, 4, 4]), vi("x2", [2, 2])],
                 [vi("y", [1, 1, 4, 4]), vi("z", [2, 2])])


def gather_rows():
    # Gather of runtime ids from a constant [3, 4] table (an embedding);
    # ONNX counts negative ids from the end.
    table = numpy_helper.from_array(
        (np.arange(3)[:, None] * 10 + np.arange(4)).astype(np.float32), "table")
    n = helper.make_node("Gather", ["table", "ids"], ["y"], name="lookup", axis=0)
    return model([n], [vi("ids", [2, 3], TensorProto.INT64)], [vi("y", [2, 3, 4])], [table])


def lstm_bad_rank():
    # W with one dimension instead of [directions, 4 * hidden, input]: a
    # fuzzer finding (the gate reordering indexed a dimension it lacks).
    n = helper.make_node("LSTM", ["X", "W", "R"], ["", "Y_h"], name="lstm_w1d", hidden_size=3)
    return model([n], [vi("X", [1, 1, 3])], [vi("Y_h", [1, 1, 3])],
                 [init("W", [12]), init("R", [1, 12, 3])])


def constant_of_shape():
    # Shape of a static input -> ConstantOfShape(1.5) -> + x: folded into a
    # constant at import.
    s = helper.make_node("Shape", ["x"], ["s"], name="shape")
    c = helper.make_node("ConstantOfShape", ["s"], ["c"], name="fill",
                         value=numpy_helper.from_array(np.array([1.5], np.float32)))
    a = helper.make_node("Add", ["x", "c"], ["y"], name="add")
    return model([s, c, a], [vi("x", [2, 3])], [vi("y", [2, 3])])


def constant_of_shape_runtime():
    # The shape is a graph input: the result's shape is data-dependent.
    c = helper.make_node("ConstantOfShape", ["s"], ["y"], name="fill_rt")
    return model([c], [vi("s", [2], TensorProto.INT64)], [vi("y", None)])


def expand_shape_arith():
    # torch's x.expand(2, -1, 3) at opset 13: Where(Equal(shape, -1), ones,
    # shape) with ones = ConstantOfShape(Shape(shape)), all folded.
    i64 = lambda name, v: numpy_helper.from_array(np.array(v, np.int64), name)
    nodes = [
        helper.make_node("Constant", [], ["shape"], value=i64("sv", [2, -1, 3])),
        helper.make_node("Constant", [], ["minus1"], value=i64("mv", -1)),
        helper.make_node("Equal", ["shape", "minus1"], ["is_any"], name="eq"),
        helper.make_node("Shape", ["shape"], ["rank"]),
        helper.make_node("ConstantOfShape", ["rank"], ["ones"],
                         value=numpy_helper.from_array(np.array([1], np.int64))),
        helper.make_node("Where", ["is_any", "ones", "shape"], ["target"], name="where"),
        helper.make_node("Expand", ["x", "target"], ["y"], name="expand"),
    ]
    return model(nodes, [vi("x", [1, 1, 3])], [vi("y", [2, 1, 3])])


def mod_constants():
    # Python-style (fmod = 0: the divisor's sign) and C-style (fmod = 1).
    i64 = lambda name, v: numpy_helper.from_array(np.array(v, np.int64), name)
    nodes = [
        helper.make_node("Constant", [], ["a"], value=i64("av", [7, -7, 7, -7])),
        helper.make_node("Constant", [], ["b"], value=i64("bv", [3, 3, -3, -3])),
        helper.make_node("Mod", ["a", "b"], ["py"], name="mod"),
        helper.make_node("Mod", ["a", "b"], ["c"], name="fmod", fmod=1),
    ]
    return model(nodes, [], [vi("py", [4], TensorProto.INT64), vi("c", [4], TensorProto.INT64)])


def equal_unknown_dim():
    # Shape of a symbolic batch holds no value to compare: not folded.
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Constant", [], ["m"],
                         value=numpy_helper.from_array(np.array(-1, np.int64), "mv")),
        helper.make_node("Equal", ["s", "m"], ["y"], name="eq_dyn"),
    ]
    return model(nodes, [vi("x", ["N", 3])], [vi("y", [2], TensorProto.BOOL)])


def equal_runtime():
    e = helper.make_node("Equal", ["a", "b"], ["y"], name="eq_rt")
    return model([e], [vi("a", [3]), vi("b", [3])], [vi("y", [3], TensorProto.BOOL)])


MODELS = {f.__name__: f for f in (constant_of_shape, constant_of_shape_runtime,
                                   expand_shape_arith, mod_constants, equal_unknown_dim,
                                   equal_runtime, gemm, conv, layernorm, gelu, lstm, unknown_ops, missing_input,
                                   missing_initializer, bad_shapes, bad_tensor, huge_tensor,
                                   huge_constant, no_outputs, empty_output_name, too_few_inputs,
                                   gather_rows, lstm_bad_rank)}

if __name__ == "__main__":
    name, out = sys.argv[1], sys.argv[2]
    if name == "truncated":
        data = MODELS["gemm"]().SerializeToString()
        data = data[: len(data) // 2]
    elif name == "corrupt":
        data = bytes(range(256)) * 4
    elif name == "empty":
        data = b""
    else:
        data = MODELS[name]().SerializeToString()
    with open(out, "wb") as f:
        f.write(data)
