"""nn-decompose leaves numerics unchanged: the cases of the decomposable ops
(norms, kmeans, softmax variants; attention, swiglu, rnn and lstm are
decomposed inside convert-nn-to-linalg anyway), compiled after
`nnc-opt --nn-decompose`."""
import dataclasses
import os
import re

from e2e_case import Case  # noqa: F401  (puts nnc_testing on the path)
from nnc_testing.cases import load_module

HERE = os.path.dirname(os.path.abspath(__file__))
DECOMPOSED = {"layer_norm", "rms_norm", "kmeans", "softmax", "log_softmax", "grid_softmax"}


CASES = []
for file in ["cases_normalization.py", "cases_elementwise_softmax.py", "cases_sequence.py"]:
    for case in load_module(os.path.join(HERE, file)).CASES:
        ops = set(re.findall(r"\bnn\.(\w+)\b", case.mlir))
        if ops & DECOMPOSED and not case.passes:
            CASES.append(dataclasses.replace(case, name="decomposed_" + case.name,
                                             passes="--nn-decompose"))
