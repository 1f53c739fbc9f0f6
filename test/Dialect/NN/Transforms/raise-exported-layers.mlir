// RUN: nnc-opt %s --nn-raise-exported-layers | FileCheck %s

// PyTorch's decomposed LayerNorm (before opset 17), with its scale and
// bias, becomes one nn.layer_norm.
// CHECK-LABEL: func.func @layer_norm
// CHECK-NOT:     nn.reduce
// CHECK:         %[[Y:.*]] = nn.layer_norm %arg0 scale %{{.*}} bias %{{.*}} {axis = 2 : i64, epsilon = 9.99{{[0-9]*}}E-6 : f64} : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
// CHECK-NOT:     nn.sqrt
// CHECK:         return %[[Y]]
func.func @layer_norm(%x: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  %0 = nn.reduce mean %x {axes = array<i64: 2>, keepdims} : (tensor<2x5x8xf32>) -> tensor<2x5x1xf32>
  %1 = nn.sub %x, %0 : (tensor<2x5x8xf32>, tensor<2x5x1xf32>) -> tensor<2x5x8xf32>
  %two = arith.constant dense<2.000000e+00> : tensor<f32>
  %2 = nn.pow %1, %two : (tensor<2x5x8xf32>, tensor<f32>) -> tensor<2x5x8xf32>
  %3 = nn.reduce mean %2 {axes = array<i64: 2>, keepdims} : (tensor<2x5x8xf32>) -> tensor<2x5x1xf32>
  %eps = arith.constant dense<9.99999974E-6> : tensor<f32>
  %4 = nn.add %3, %eps : (tensor<2x5x1xf32>, tensor<f32>) -> tensor<2x5x1xf32>
  %5 = nn.sqrt %4 : tensor<2x5x1xf32>
  %6 = nn.div %1, %5 : (tensor<2x5x8xf32>, tensor<2x5x1xf32>) -> tensor<2x5x8xf32>
  %gamma = arith.constant dense<0.5> : tensor<8xf32>
  %7 = nn.mul %6, %gamma : (tensor<2x5x8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
  %beta = arith.constant dense<0.25> : tensor<8xf32>
  %8 = nn.add %7, %beta : (tensor<2x5x8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
  return %8 : tensor<2x5x8xf32>
}

// The exported Erf form of GELU becomes nn.gelu.
// CHECK-LABEL: func.func @gelu
// CHECK-NEXT:    %[[G:.*]] = nn.gelu %arg0 : tensor<2x6xf32>
// CHECK-NEXT:    return %[[G]]
func.func @gelu(%x: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %sqrt2 = arith.constant dense<1.41421354> : tensor<f32>
  %0 = nn.div %x, %sqrt2 : (tensor<2x6xf32>, tensor<f32>) -> tensor<2x6xf32>
  %1 = nn.erf %0 : tensor<2x6xf32>
  %one = arith.constant dense<1.000000e+00> : tensor<f32>
  %2 = nn.add %1, %one : (tensor<2x6xf32>, tensor<f32>) -> tensor<2x6xf32>
  %3 = nn.mul %x, %2 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %half = arith.constant dense<5.000000e-01> : tensor<f32>
  %4 = nn.mul %3, %half : (tensor<2x6xf32>, tensor<f32>) -> tensor<2x6xf32>
  return %4 : tensor<2x6xf32>
}

// A normalization over another axis than its mean's is not a layer norm:
// it stays as it is.
// CHECK-LABEL: func.func @not_layer_norm
// CHECK-NOT:     nn.layer_norm
// CHECK:         nn.sqrt
func.func @not_layer_norm(%x: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  %0 = nn.reduce mean %x {axes = array<i64: 1>, keepdims} : (tensor<2x5x8xf32>) -> tensor<2x1x8xf32>
  %1 = nn.sub %x, %0 : (tensor<2x5x8xf32>, tensor<2x1x8xf32>) -> tensor<2x5x8xf32>
  %two = arith.constant dense<2.000000e+00> : tensor<f32>
  %2 = nn.pow %1, %two : (tensor<2x5x8xf32>, tensor<f32>) -> tensor<2x5x8xf32>
  %3 = nn.reduce mean %2 {axes = array<i64: 2>, keepdims} : (tensor<2x5x8xf32>) -> tensor<2x5x1xf32>
  %eps = arith.constant dense<9.99999974E-6> : tensor<f32>
  %4 = nn.add %3, %eps : (tensor<2x5x1xf32>, tensor<f32>) -> tensor<2x5x1xf32>
  %5 = nn.sqrt %4 : tensor<2x5x1xf32>
  %6 = nn.div %1, %5 : (tensor<2x5x8xf32>, tensor<2x5x1xf32>) -> tensor<2x5x8xf32>
  return %6 : tensor<2x5x8xf32>
}

// Hardswish exported before opset 14 (x * HardSigmoid(x), PyTorch's
// alpha 1/6 as an f32 attribute) becomes one nn.hard_swish; another alpha
// stays a product.
// CHECK-LABEL: func.func @hard_swish
// CHECK:         %[[S:.*]] = nn.hard_swish %arg0 : tensor<2x3xf32>
// CHECK:         %[[H:.*]] = nn.hard_sigmoid %arg0 {alpha = 2.000000e-01 : f64}
// CHECK:         %[[M:.*]] = nn.mul %[[H]], %arg0
// CHECK:         return %[[S]], %[[M]]
func.func @hard_swish(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = nn.hard_sigmoid %x {alpha = 0.1666666716337204 : f64} : tensor<2x3xf32>
  %1 = nn.mul %x, %0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = nn.hard_sigmoid %x {alpha = 0.2 : f64} : tensor<2x3xf32>
  %3 = nn.mul %2, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1, %3 : tensor<2x3xf32>, tensor<2x3xf32>
}
