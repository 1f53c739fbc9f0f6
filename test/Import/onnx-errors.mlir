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

// RUN: %exit-code 1 nnc-translate --import-onnx /dev/zero --emit=nn 2>&1 | FileCheck %s --check-prefix=DEVZERO
// DEVZERO: error: cannot read '/dev/zero': not a regular file (a device, FIFO or socket)

// Dims are checked against the data before anything that size is allocated.
// RUN: %python %S/Inputs/onnx_models.py huge_tensor %t.huge.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.huge.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: error: initializer 'w': raw_data has 4 bytes, expected 1099511627776 for shape
// RUN: %python %S/Inputs/onnx_models.py huge_constant %t.hugec.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.hugec.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=HUGEC
// HUGEC: error: node 'big' (Constant, opset 13): value: tensor has 1 values, expected 274877906944 for its dims

// A node with no outputs is refused; an empty output name is an output
// nobody reads.
// RUN: %python %S/Inputs/onnx_models.py no_outputs %t.noout.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.noout.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=NOOUT
// NOOUT: error: node 'mean_nothing' (Mean, opset 13): the node has no outputs
// RUN: %python %S/Inputs/onnx_models.py empty_output_name %t.unnamed.onnx
// RUN: nnc-translate --import-onnx %t.unnamed.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=UNNAMED
// UNNAMED-NOT: error
// UNNAMED: nn.relu
// RUN: %python %S/Inputs/onnx_models.py lstm_bad_rank %t.lstm1d.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.lstm1d.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=LSTMRANK
// LSTMRANK: error: node 'lstm_w1d' (LSTM, opset 13): W and R must be 3-D
// RUN: %python %S/Inputs/onnx_models.py too_few_inputs %t.few.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.few.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=FEW
// FEW: error: node 'conv_alone' (Conv, opset 13): missing input 1
// FEW: error: node 'gemm_alone' (Gemm, opset 13): missing input 1

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
