"""Case files (cases_<family>.py, each defining CASES) and the op list of the
dialect."""
import glob
import importlib.util
import os
import re

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
NN_OPS_TD = os.path.join(ROOT, "include", "nnc", "Dialect", "NN", "IR")

# The ODS base classes of the backward ops: what gradient rules emit.
BACKWARD_BASES = ("NN_BackwardOp", "NN_ConvBackwardOp")


def load_module(path):
    """Imports a case file by path (its directory need not be a package)."""
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case_files(directory):
    return sorted(glob.glob(os.path.join(directory, "cases_*.py")))


def dialect_ops(backward=True):
    """The mnemonics of the nn ops, read from the ODS files (`def NN_DenseOp :
    NN_InferredOp<"dense", ...>`); without the backward ops unless asked."""
    ops = set()
    for td in glob.glob(os.path.join(NN_OPS_TD, "NN*Ops.td")):
        for base, name in re.findall(r'def NN_\w+Op\s*:\s*(NN_\w+)<"(\w+)"', open(td).read()):
            if backward or base not in BACKWARD_BASES:
                ops.add(name)
    return ops


def ops_in(text):
    """The nn op names that appear in MLIR or Python text."""
    return set(re.findall(r"\bnn\.(\w+)\b", text))
