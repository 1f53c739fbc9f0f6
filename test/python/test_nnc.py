"""Tests of the Python package python/nnc (ctypes over libnnc.so).

    PYTHONPATH=python /usr/bin/python3 test/python/test_nnc.py

libnnc.so comes from $NNC_LIBRARY or, without it, from build/lib.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import nnc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")

# An nn.dense whose weight [3, 5] does not match the input's 4 features.
BAD_DENSE = """\
func.func @main(%x: tensor<1x4xf32>, %w: tensor<3x5xf32>) -> tensor<1x3xf32> {
  %y = nn.dense %x, %w : (tensor<1x4xf32>, tensor<3x5xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
"""


def load(*parts):
    return np.load(os.path.join(EXAMPLES, *parts))


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nnc-python-test-")
        cls.mlp = nnc.compile(os.path.join(EXAMPLES, "mlp.mlir"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_version(self):
        self.assertTrue(nnc.version().startswith("nnc "), nnc.version())

    def test_mlp(self):
        x, expected = load("data", "mlp_input.npy"), load("data",
                                                         "mlp_expected.npy")
        np.testing.assert_allclose(self.mlp(x), expected, rtol=1e-5,
                                   atol=1e-6)
        sig = self.mlp.signature
        self.assertEqual(sig["name"], "mlp")
        self.assertEqual([(s["dtype"], s["shape"]) for s in sig["inputs"]],
                         [("float32", [1, 784])])
        self.assertEqual(sig["outputs"][0]["shape"], [1, 10])
        self.assertTrue(os.path.isfile(self.mlp.header_path))
        # A non-contiguous input gives the same result.
        wide = np.repeat(x, 2, axis=1)[:, ::2]
        self.assertFalse(wide.flags.c_contiguous)
        np.testing.assert_allclose(self.mlp(wide), expected, rtol=1e-5,
                                   atol=1e-6)

    def test_model_file(self):
        m = nnc.compile(os.path.join(EXAMPLES, "models", "dense.json"))
        np.testing.assert_allclose(m(load("models", "dense_input.npy")),
                                   load("models", "dense_expected.npy"),
                                   rtol=1e-5, atol=1e-6)

    def test_onnx_from_torch(self):
        import torch
        torch.manual_seed(0)
        net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU())
        path = os.path.join(self.tmp, "tiny.onnx")
        torch.onnx.export(net, torch.zeros(2, 4), path, input_names=["x"],
                          output_names=["probs"],
                          dynamic_axes={"x": {0: "batch"},
                                        "probs": {0: "batch"}})
        m = nnc.compile(path, dynamic_batch=True)
        self.assertEqual(m.signature["inputs"][0]["name"], "x")
        self.assertEqual(m.signature["inputs"][0]["shape"], [-1, 4])
        self.assertEqual(m.signature["outputs"][0]["name"], "probs")
        rng = np.random.default_rng(0)
        for batch in (1, 5):
            x = rng.standard_normal((batch, 4), dtype=np.float32)
            with torch.no_grad():
                expected = net(torch.from_numpy(x)).numpy()
            y = m(x)
            self.assertEqual(y.shape, (batch, 3))
            np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
        with self.assertRaisesRegex(ValueError, "at least 1"):
            m(np.zeros((0, 4), np.float32))

    def test_bad_arguments(self):
        x = load("data", "mlp_input.npy")
        with self.assertRaisesRegex(TypeError, r"'in0'.*float32.*float64"):
            self.mlp(x.astype(np.float64))
        with self.assertRaisesRegex(ValueError,
                                    r"'in0'.*\[1, 784\].*\[2, 784\]"):
            self.mlp(np.zeros((2, 784), np.float32))
        with self.assertRaisesRegex(ValueError, r"'in0'.*\[784\]"):
            self.mlp(np.zeros(784, np.float32))
        with self.assertRaisesRegex(TypeError, r"takes 1 input.*got 2"):
            self.mlp(x, x)
        with self.assertRaisesRegex(TypeError, r"takes 1 input.*got 0"):
            self.mlp()
        with self.assertRaisesRegex(TypeError, r"'in0'.*NumPy array.*list"):
            self.mlp(x.tolist())
        with self.assertRaises(FileNotFoundError):
            nnc.compile(os.path.join(self.tmp, "missing.onnx"))
        with self.assertRaisesRegex(ValueError, "name"):
            nnc.compile(os.path.join(EXAMPLES, "mlp.mlir"), name="not-a-name")
        with self.assertRaisesRegex(ValueError, "opt"):
            nnc.compile(os.path.join(EXAMPLES, "mlp.mlir"), opt=7)

    def test_compile_error(self):
        path = os.path.join(self.tmp, "bad.mlir")
        with open(path, "w") as f:
            f.write(BAD_DENSE)
        with self.assertRaises(nnc.CompileError) as caught:
            nnc.compile(path)
        error = caught.exception
        self.assertIsInstance(error, nnc.NNCError)
        errors = [d for d in error.diagnostics if d[0] == "error"]
        self.assertTrue(errors, error.diagnostics)
        severity, location, message = errors[0]
        self.assertEqual(location, path + ":2:8")
        self.assertIn("does not match input features 4", message)
        self.assertIn(message, str(error))
        self.assertIn(location, str(error))
        # The same from text.
        with self.assertRaises(nnc.CompileError) as caught:
            nnc.Module.parse(BAD_DENSE)
        self.assertTrue(any(d[1].endswith(":2:8") and "weight shape" in d[2]
                            for d in caught.exception.diagnostics))

    def test_ledger(self):
        ledger = self.mlp.ledger()
        self.assertIsInstance(ledger, dict)
        self.assertIn("functions", ledger)

    def test_cpu_option(self):
        x = load("data", "mlp_input.npy")
        m = nnc.compile(os.path.join(EXAMPLES, "mlp.mlir"), cpu="haswell",
                        name="mlp_haswell")
        self.assertEqual(m.name, "mlp_haswell")
        np.testing.assert_allclose(m(x), self.mlp(x), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(m(x), load("data", "mlp_expected.npy"),
                                   rtol=1e-5, atol=1e-6)

    def test_module(self):
        module = nnc.Module.from_file(os.path.join(EXAMPLES, "mlp.mlir"))
        self.assertIn("nn.dense", module.print())
        self.assertIn("functions", module.ledger())
        self.assertEqual(module.signature()["name"], "mlp")
        self.assertEqual(module.signature(name="other")["name"], "other")
        x = load("data", "mlp_input.npy")
        expected = load("data", "mlp_expected.npy")
        np.testing.assert_allclose(nnc.compile(module)(x), expected,
                                   rtol=1e-5, atol=1e-6)
        ll = os.path.join(self.tmp, "mlp.ll")
        module.compile_to_file(ll, emit="llvmir")
        with open(ll) as f:
            self.assertIn("define", f.read())
        obj = os.path.join(self.tmp, "mlp.o")
        module.compile_to_file(obj, emit="object")
        self.assertTrue(os.path.isfile(os.path.join(self.tmp, "mlp.h")))
        self.assertTrue(module.compile_to_bytes("object"))
        with self.assertRaisesRegex(ValueError, "emit"):
            module.compile_to_file(obj, emit="png")
        with self.assertRaises(nnc.CompileError):
            module.run_passes("no-such-pass")
        module.run_passes("nn-decompose")
        module.close()
        with self.assertRaisesRegex(nnc.NNCError, "closed"):
            module.print()

    def test_parsed_module(self):
        text = ("func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {\n"
                "  %y = nn.relu %x : tensor<2x3xf32>\n"
                "  return %y : tensor<2x3xf32>\n}\n")
        module = nnc.Module.parse(text)
        self.assertEqual(module.signature()["name"], "model")
        m = nnc.compile(module)
        x = np.array([[-1, 2, -3], [4, -5, 6]], np.float32)
        np.testing.assert_array_equal(m(x), np.maximum(x, 0))
        with self.assertRaisesRegex(ValueError, "dynamic_batch"):
            nnc.compile(module, dynamic_batch=True)

    def test_value_out_of_range(self):
        text = ("func.func @main(%ids: tensor<?x2xi64>) -> tensor<?x2x3xf32> {\n"
                "  %t = arith.constant dense<1.0> : tensor<4x3xf32>\n"
                "  %r = nn.embedding %ids, %t : (tensor<?x2xi64>, "
                "tensor<4x3xf32>) -> tensor<?x2x3xf32>\n"
                "  return %r : tensor<?x2x3xf32>\n}\n")
        m = nnc.compile(nnc.Module.parse(text))
        good = np.array([[0, 3], [1, 2]], np.int64)
        np.testing.assert_array_equal(m(good), np.ones((2, 2, 3), np.float32))
        with self.assertRaisesRegex(nnc.NNCError, r"embedding id 7 \(element 2 "
                                    r"of the ids\) is outside the table"):
            m(np.array([[0, 1], [7, 2]], np.int64))
        np.testing.assert_array_equal(m(good), np.ones((2, 2, 3), np.float32))

    def test_missing_library(self):
        # A copy of the package with no libnnc.so beside it.
        copy = os.path.join(self.tmp, "tree", "python", "nnc")
        shutil.copytree(os.path.dirname(nnc.__file__), copy,
                        ignore=shutil.ignore_patterns("__pycache__"))
        env = dict(os.environ, PYTHONPATH=os.path.dirname(copy),
                   NNC_LIBRARY=os.path.join(self.tmp, "nowhere.so"))
        code = ("import nnc\ntry:\n    nnc.version()\n"
                "except nnc.NNCError as e:\n    print(e)\n")
        out = subprocess.run([sys.executable, "-c", code], env=env,
                             capture_output=True, text=True, check=True).stdout
        self.assertIn("cannot find libnnc.so", out)
        self.assertIn("nowhere.so", out)
        self.assertIn(os.path.join(self.tmp, "tree", "lib", "libnnc.so"), out)


if __name__ == "__main__":
    unittest.main()
