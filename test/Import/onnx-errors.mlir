// Bad input gives a clear error and exit code 1, never a crash.
// RUN: %python %S/Inputs/onnx_models.py truncated %t.trunc.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.trunc.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=TRUNC
// TRUNC: error: '{{.*}}.trunc.onnx' is not a valid ONNX model (the protobuf cannot be parsed: truncated or corrupt file?)

// RUN: %python %S/Inputs/onnx_models.py corrupt %t.corrupt.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.corrupt.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=CORRUPT
// CORRUPT: error: '{{.*}}.corrupt.onnx' is not a valid ONNX model

// RUN: %python %S/Inputs/onnx_models.py empty %t.empty.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.empty.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: '{{.*}}.empty.onnx' is not a valid ONNX model

// RUN: %exit-code 1 nnc-translate --import-onnx %t.does-not-exist.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=MISSINGFILE
// MISSINGFILE: error: cannot read '{{.*}}does-not-exist.onnx'

// Every unsupported node is listed, not only the first.
// RUN: %python %S/Inputs/onnx_models.py unknown_ops %t.unknown.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.unknown.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: node 'fancy1' (FancyOp, opset 13): unsupported op type
// UNKNOWN: error: node 'other' (OtherOp, opset 13): unsupported op type
// UNKNOWN: error: cannot import the model: 2 of 4 nodes not supported

// RUN: %python %S/Inputs/onnx_models.py missing_input %t.missing.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.missing.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: node 'add_missing' (Add, opset 13): input 'nowhere' is not produced by any node, initializer or graph input

// RUN: %python %S/Inputs/onnx_models.py missing_initializer %t.noinit.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.noinit.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=NOINIT
// NOINIT: error: node 'fc_noweights' (Gemm, opset 13): input 'w' is not produced by any node, initializer or graph input

// RUN: %python %S/Inputs/onnx_models.py bad_shapes %t.shapes.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.shapes.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=SHAPES
// SHAPES: error: node 'mm_bad' (MatMul, opset 13): 'nn.matmul' op rhs shape [5, 3] does not match lhs contraction size 4: expected [4, 3]

// RUN: %python %S/Inputs/onnx_models.py bad_tensor %t.tensor.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.tensor.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=TENSOR
// TENSOR: error: initializer 'w': raw_data has 20 bytes, expected 48 for shape
