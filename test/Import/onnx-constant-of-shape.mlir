// ConstantOfShape of a shape known at import is folded into a constant;
// a shape that is only known at run time is refused, with the node named.
// RUN: %python %S/Inputs/onnx_models.py constant_of_shape %t.onnx
// RUN: nnc-translate --import-onnx %t.onnx --emit=nn | FileCheck %s
// RUN: %python %S/Inputs/onnx_models.py constant_of_shape_runtime %t.rt.onnx
// RUN: %exit-code 1 nnc-translate --import-onnx %t.rt.onnx --emit=nn 2>&1 | FileCheck %s --check-prefix=RUNTIME

// CHECK-LABEL: func.func @main
// CHECK: %[[C:.*]] = arith.constant dense<1.500000e+00> : tensor<2x3xf32>
// CHECK: nn.add %arg0, %[[C]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>

// RUNTIME: error: node 'fill_rt' (ConstantOfShape, opset 13): the shape must be a constant (a shape computed at run time is not supported)
