// RUN: nnc-opt %s --nn-fold-batch-norm --split-input-file | FileCheck %s

// conv + batch_norm: s = scale / sqrt(var + eps) = [0.5, 2, 1];
// W' = W·s per output channel (a dense_resource blob), b' = (0 - mean)·s +
// bias = [-0.4, 2.2, 0.3]. The relu stays for nn-fuse-bias-activation.
// CHECK-LABEL: func.func @conv_bn(
// CHECK-DAG: %[[W:.*]] = arith.constant dense_resource<nnc_folded> : tensor<3x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-4.000000e-01, 2.200000e+00, 3.000000e-01]> : tensor<3xf32>
// CHECK: %[[C:.*]] = nn.conv %arg0, %[[W]], %[[B]] : (tensor<1x2x5x5xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: nn.relu %[[C]]
// CHECK: nnc_folded: "0x080000000000003F0000803F0000C040000000410000A0400000C040"
func.func @conv_bn(%x: tensor<1x2x5x5xf32>) -> tensor<1x3x5x5xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<3x2x1x1xf32>
  %g = arith.constant dense<[1.0, 2.0, 0.5]> : tensor<3xf32>
  %b = arith.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %m = arith.constant dense<[1.0, -1.0, 0.0]> : tensor<3xf32>
  %v = arith.constant dense<[4.0, 1.0, 0.25]> : tensor<3xf32>
  %c = nn.conv %x, %w : (tensor<1x2x5x5xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x5x5xf32>
  %y = nn.batch_norm %c, %g, %b, %m, %v {epsilon = 0.0 : f64} : (tensor<1x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  %r = nn.relu %y : tensor<1x3x5x5xf32>
  return %r : tensor<1x3x5x5xf32>
}

// -----

// dense [N, F] with a bias: b' = (b - mean)·s + bias; s = [1, 0.5] (splat
// variance 3 + eps 1).
// CHECK-LABEL: func.func @dense_bias_bn(
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf64>
// CHECK: nn.dense %arg0, %{{.*}}, %[[B]] : (tensor<?x3xf64>, tensor<2x3xf64>, tensor<2xf64>) -> tensor<?x2xf64>
// CHECK-NOT: nn.batch_norm
func.func @dense_bias_bn(%x: tensor<?x3xf64>) -> tensor<?x2xf64> {
  %w = arith.constant dense<1.0> : tensor<2x3xf64>
  %bias = arith.constant dense<[3.0, 4.0]> : tensor<2xf64>
  %g = arith.constant dense<[2.0, 1.0]> : tensor<2xf64>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %m = arith.constant dense<[3.0, 3.0]> : tensor<2xf64>
  %v = arith.constant dense<3.0> : tensor<2xf64>
  %d = nn.dense %x, %w, %bias : (tensor<?x3xf64>, tensor<2x3xf64>, tensor<2xf64>) -> tensor<?x2xf64>
  %y = nn.batch_norm %d, %g, %b, %m, %v {epsilon = 1.0 : f64} : (tensor<?x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<?x2xf64>
  return %y : tensor<?x2xf64>
}

// -----

// Left alone: statistics that are arguments, a conv with another user, a
// conv with an activation.
// CHECK-LABEL: func.func @not_folded(
// CHECK-COUNT-3: nn.batch_norm
func.func @not_folded(%x: tensor<1x1x2x2xf32>, %s: tensor<1xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %c0 = nn.conv %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y0 = nn.batch_norm %c0, %s, %one, %one, %one : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %c1 = nn.conv %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y1 = nn.batch_norm %c1, %one, %one, %one, %one : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %c2 = nn.conv %x, %w {activation = #nn.activation<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y2 = nn.batch_norm %c2, %one, %one, %one, %one : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y0, %y1, %c1, %y2 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}
