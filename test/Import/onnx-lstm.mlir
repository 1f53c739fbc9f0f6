// ONNX LSTM ([seq, batch, in], gates i, o, f, c) becomes nn.lstm (batch
// first, gates i, f, g, o) between transposes; the gate blocks of W, R and
// both biases are reordered with split/concat.
// RUN: %python %S/Inputs/onnx_models.py lstm %t.onnx
// RUN: nnc-translate --import-onnx %t.onnx --emit=nn | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-SAME:    tensor<5x2x4xf32>
// CHECK:         %[[X:.*]] = nn.transpose %arg0 {permutation = array<i64: 1, 0, 2>} : (tensor<5x2x4xf32>) -> tensor<2x5x4xf32>
// CHECK:         %[[WS:.*]]:4 = nn.split %{{.*}} {axis = 0 : i64, sizes = array<i64: 3, 3, 3, 3>} : (tensor<12x4xf32>)
// CHECK:         %[[W:.*]] = nn.concat %[[WS]]#0, %[[WS]]#2, %[[WS]]#3, %[[WS]]#1 {axis = 0 : i64}
// CHECK:         %{{.*}}, %{{.*}}, %{{.*}} = nn.lstm %[[X]], %[[W]], %{{.*}} biases(%{{.*}}, %{{.*}}) : (tensor<2x5x4xf32>, tensor<12x4xf32>, tensor<12x3xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<2x5x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:         nn.transpose %{{.*}} {permutation = array<i64: 1, 0, 2>} : (tensor<2x5x3xf32>) -> tensor<5x2x3xf32>
// CHECK:         return {{.*}} : tensor<5x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
