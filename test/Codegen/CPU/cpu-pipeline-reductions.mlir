// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s

// A float sum over a vector is reassociated (a tree of vector adds): the
// average pool's row of 28 x 28 pixels is one vector<784> summed with
// `reassoc`, not 784 scalar adds in lane order.
// CHECK-LABEL: llvm.func @global_avg_pool(
// CHECK: "llvm.intr.vector.reduce.fadd"(%{{.*}}, %{{.*}}) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<784xf32>) -> f32
func.func @global_avg_pool(%x: tensor<1x240x28x28xf32>) -> tensor<1x240x1x1xf32> {
  %y = nn.global_pool avg %x : (tensor<1x240x28x28xf32>) -> tensor<1x240x1x1xf32>
  return %y : tensor<1x240x1x1xf32>
}
