// Conv with pads/strides and MaxPool.
// RUN: %python %S/Inputs/onnx_models.py conv %t.onnx
// RUN: nnc-translate --import-onnx %t.onnx --emit=nn | FileCheck %s
// RUN: nnc-translate --import-onnx %t.onnx --emit=nn --dynamic-batch | FileCheck %s --check-prefix=DYN

// CHECK-LABEL: func.func @main
// CHECK-SAME:    tensor<1x3x8x8xf32>
// CHECK:         nn.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK:         nn.pool max %{{.*}} {kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>

// DYN: (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x4x4xf32>
// DYN: -> tensor<?x4x2x2xf32>
