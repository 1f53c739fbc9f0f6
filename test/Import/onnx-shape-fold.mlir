// The shape arithmetic of an export is folded at import: ConstantOfShape of
// a known shape, Equal and Where on constants (x.expand(2, -1, 3)), Mod on
// integer constants. A shape
// only known at run time, and Equal of run-time values, are refused with
// the node named.
// RUN: %python %S/Inputs/onnx_models.py constant_of_shape %t.onnx
// RUN: nnc-translate --import-onnx %t.onnx --emit=nn | FileCheck %s
// RUN: %python %S/Inputs/onnx_models.py constant_of_shape_runtime %t.rt.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.rt.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUN: %python %S/Inputs/onnx_models.py expand_shape_arith %t.expand.onnx
// RUN: nnc-translate --import-onnx %t.expand.onnx --emit=nn | FileCheck %s --check-prefix=EXPAND
// RUN: %python %S/Inputs/onnx_models.py mod_constants %t.mod.onnx
// RUN: nnc-translate --import-onnx %t.mod.onnx --emit=nn | FileCheck %s --check-prefix=MOD
// RUN: %python %S/Inputs/onnx_models.py equal_unknown_dim %t.eqdyn.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.eqdyn.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=EQDYN
// RUN: %python %S/Inputs/onnx_models.py equal_runtime %t.eq.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.eq.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=EQUAL

// CHECK-LABEL: func.func @main
// CHECK: %[[C:.*]] = arith.constant dense<1.500000e+00> : tensor<2x3xf32>
// CHECK: nn.add %arg0, %[[C]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>

// RUNTIME: error: node 'fill_rt' (ConstantOfShape, opset 13): the shape must be a constant (a shape computed at run time is not supported)

// EXPAND-LABEL: func.func @main
// EXPAND-NOT: arith.select
// EXPAND: -> tensor<2x1x3xf32>
// EXPAND: return

// MOD-LABEL: func.func @main
// MOD-DAG: arith.constant dense<[1, 2, -2, -1]> : tensor<4xi64>
// MOD-DAG: arith.constant dense<[1, -1, 1, -1]> : tensor<4xi64>

// EQUAL: error: node 'eq_rt' (Equal, opset 13): Equal is supported on constants only (the shape arithmetic of an export), not on run-time values

// A dynamic dimension's Shape entry has no value: Equal on it is not folded.
// EQDYN: error: node 'eq_dyn' (Equal, opset 13): Equal is supported on constants only
