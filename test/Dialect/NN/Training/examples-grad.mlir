// RUN: nnc-opt %nnc_src_root/examples/cnn.mlir --nn-append-loss=loss=cross_entropy --nn-derive-backward | FileCheck %s --check-prefix=CNN
// RUN: nnc-opt %nnc_src_root/examples/transformer.mlir --nn-append-loss=loss=mse --nn-derive-backward | FileCheck %s --check-prefix=TRANSFORMER
// RUN: nnc-opt %nnc_src_root/examples/mlp.mlir --nn-append-loss=loss=cross_entropy --nn-derive-backward | FileCheck %s --check-prefix=MLP

// The backward graphs of the shipped examples are nn-level IR: only nn,
// arith (constants) and func ops between @main_grad and @main_init, so the
// nn passes can read them and the forward lowering compiles them.

// CNN-LABEL: func.func @main_grad(
// CNN-NOT: {{= (linalg|tensor|scf|math|memref|bufferization)\.}}
// CNN: nn.conv_backward_weight
// CNN-NOT: {{= (linalg|tensor|scf|math|memref|bufferization)\.}}
// CNN-LABEL: func.func @main_init(

// TRANSFORMER-LABEL: func.func @main_grad(
// TRANSFORMER-NOT: {{= (linalg|tensor|scf|math|memref|bufferization)\.}}
// TRANSFORMER: nn.loss_backward mse
// TRANSFORMER-NOT: {{= (linalg|tensor|scf|math|memref|bufferization)\.}}
// TRANSFORMER-LABEL: func.func @main_init(

// MLP-LABEL: func.func @main_grad(
// MLP-NOT: {{= (linalg|tensor|scf|math|memref|bufferization)\.}}
// MLP: nn.one_hot
// MLP-NOT: {{= (linalg|tensor|scf|math|memref|bufferization)\.}}
// MLP-LABEL: func.func @main_init(
