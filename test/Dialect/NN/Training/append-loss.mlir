// RUN: nnc-opt %s --nn-append-loss=loss=cross_entropy | FileCheck %s --check-prefix=CE
// RUN: nnc-opt %s --nn-append-loss=loss=mse | FileCheck %s --check-prefix=MSE
// RUN: nnc-opt %s --nnc-train-pipeline='loss=mse optimizer=adam' | FileCheck %s --check-prefix=PIPE
// RUN: not nnc-opt %s --nn-append-loss=loss=hinge 2>&1 | FileCheck %s --check-prefix=BADLOSS
// RUN: not nnc-opt %s --nn-append-loss 2>&1 | FileCheck %s --check-prefix=NOLOSS
// RUN: not nnc-opt %s --nn-append-loss='loss=mse function=nope' 2>&1 | FileCheck %s --check-prefix=NOFN

// nn-append-loss: @f(x) -> y becomes @f(x, target) -> mean loss; the
// target is named and its type follows from the loss.
// CE-LABEL: func.func @f(
// CE-SAME:    %[[X:.*]]: tensor<4x3xf32>, %[[T:.*]]: tensor<4xi64> {nn.name = "target"}) -> tensor<f32>
// CE:         %[[Y:.*]] = nn.dense %[[X]]
// CE:         %[[L:.*]] = nn.cross_entropy %[[Y]], %[[T]] : (tensor<4x2xf32>, tensor<4xi64>) -> tensor<f32>
// CE:         return %[[L]] : tensor<f32>

// MSE-LABEL: func.func @f(
// MSE-SAME:    %{{.*}}: tensor<4x3xf32>, %[[T:.*]]: tensor<4x2xf32> {nn.name = "target"}) -> tensor<f32>
// MSE:         nn.mse %{{.*}}, %[[T]]

// The pipeline: the loss, the backward graph and an Adam step.
// PIPE-DAG: func.func @f_grad(
// PIPE-DAG: func.func @f_init(
// PIPE-DAG: func.func @f_train_step({{.*}}) -> {{.*}} attributes {{{.*}}nn.optimizer = "adam"

// BADLOSS: for the --loss option: Cannot find option named 'hinge'!
// NOLOSS: error: nn-append-loss: needs loss=cross_entropy, mse or bce_with_logits
// NOFN: error: nn-append-loss: no function @nope

func.func @f(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x3xf32>
  %y = nn.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
