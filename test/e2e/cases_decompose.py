"""nn-decompose leaves numerics unchanged: the cases of the decomposable ops
(norms, kmeans, softmax variants; attention, swiglu, rnn and lstm are
decomposed inside convert-nn-to-linalg anyway), compiled after
`nnc-opt --nn-decompose`."""
import dataclasses
import importlib.util
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DECOMPOSED = {"layer_norm", "rms_norm", "kmeans", "softmax", "log_softmax", "grid_softmax"}


def _cases(file):
    spec = importlib.util.spec_from_file_location(file[:-3], os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


CASES = []
for file in ["cases_normalization.py", "cases_softmax.py", "cases_sequence.py"]:
    for case in _cases(file):
        ops = set(re.findall(r"\bnn\.(\w+)\b", case.mlir))
        if ops & DECOMPOSED and not case.passes:
            CASES.append(dataclasses.replace(case, name="decomposed_" + case.name,
                                             passes="--nn-decompose"))
