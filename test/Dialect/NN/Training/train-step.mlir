// RUN: nnc-opt %s --nn-derive-backward --nn-build-train-step | FileCheck %s --check-prefix=SGD
// RUN: nnc-opt %s --nn-derive-backward --nn-build-train-step=optimizer=adam | FileCheck %s --check-prefix=ADAM
// RUN: not nnc-opt %s --nn-build-train-step 2>&1 | FileCheck %s --check-prefix=NOGRAD
// RUN: not nnc-opt %s --nn-derive-backward --nn-build-train-step=optimizer=rmsprop 2>&1 | FileCheck %s --check-prefix=BADOPT

// A dense layer with a cross-entropy loss: parameters w [3, 4] and b [3].
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?xi64>) -> tensor<f32> {
  %w = arith.constant {nn.name = "fc.weight"} dense<0.5> : tensor<3x4xf32>
  %b = arith.constant {nn.name = "fc.bias"} dense<0.0> : tensor<3xf32>
  %z = nn.dense %x, %w, %b : (tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %l = nn.cross_entropy %z, %y : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// The gradient function stays; the step clones its body.
// SGD-LABEL: func.func @f_grad(
// SGD-LABEL: func.func @f_train_step(%{{.*}}: tensor<?x4xf32>, %{{.*}}: tensor<?xi64>,
// SGD-SAME: %[[W:[a-z0-9]+]]: tensor<3x4xf32> {nn.name = "fc.weight"}, %[[B:[a-z0-9]+]]: tensor<3xf32> {nn.name = "fc.bias"},
// SGD-SAME: %[[VW:[a-z0-9]+]]: tensor<3x4xf32> {nn.name = "fc.weight.momentum_buffer"}, %[[VB:[a-z0-9]+]]: tensor<3xf32> {nn.name = "fc.bias.momentum_buffer"},
// SGD-SAME: %{{.*}}: tensor<i64> {nn.name = "seed"}, %[[H:[a-z0-9]+]]: tensor<8xf32> {nn.name = "hyper"})
// SGD-SAME: -> (tensor<f32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<3xf32>)
// SGD-SAME: attributes {nn.optimizer = "sgd", nn.parameter_names = ["fc.weight", "fc.bias"]}
// SGD: nn.dense
// SGD: nn.cross_entropy
// Hyperparameters: lr = hyper[0], momentum = hyper[1], weight_decay = hyper[5], l1 = hyper[6].
// SGD: %[[LR:.*]] = tensor.extract %[[H]][%c0{{(_[0-9]+)?}}] : tensor<8xf32>
// SGD: %[[MU:.*]] = tensor.extract %[[H]][%c1{{(_[0-9]+)?}}] : tensor<8xf32>
// SGD: %[[WD:.*]] = tensor.extract %[[H]][%c5{{(_[0-9]+)?}}] : tensor<8xf32>
// SGD: %[[L1:.*]] = tensor.extract %[[H]][%c6{{(_[0-9]+)?}}] : tensor<8xf32>
// g' = g + wd·p + l1·sign(p); v = mu·v + g'; p = p - lr·v, written over
// the parameter and its velocity (the outs, read by the body).
// SGD: %[[UW:.*]]:2 = linalg.generic {{.*}} ins(%{{.*}} : tensor<3x4xf32>) outs(%[[W]], %[[VW]] : tensor<3x4xf32>, tensor<3x4xf32>)
// SGD-NEXT: ^bb0(%[[G:[a-z0-9_]+]]: f32, %[[P:[a-z0-9_]+]]: f32, %[[V:[a-z0-9_]+]]: f32):
// SGD: %[[SL1:.*]] = arith.mulf %[[L1]], %{{.*}} : f32
// SGD: %[[SWD:.*]] = arith.mulf %[[WD]], %[[P]] : f32
// SGD: %[[PEN:.*]] = arith.addf %[[SWD]], %[[SL1]] : f32
// SGD: %[[GG:.*]] = arith.addf %[[G]], %[[PEN]] : f32
// SGD: %[[MV:.*]] = arith.mulf %[[MU]], %[[V]] : f32
// SGD: %[[VN:.*]] = arith.addf %[[MV]], %[[GG]] : f32
// SGD: %[[STEP:.*]] = arith.mulf %[[LR]], %[[VN]] : f32
// SGD: %[[PN:.*]] = arith.subf %[[P]], %[[STEP]] : f32
// SGD: linalg.yield %[[PN]], %[[VN]] : f32, f32
// SGD: %[[UB:.*]]:2 = linalg.generic {{.*}} ins(%{{.*}} : tensor<3xf32>) outs(%[[B]], %[[VB]] : tensor<3xf32>, tensor<3xf32>)
// SGD: return %{{.*}}, %[[UW]]#0, %[[UB]]#0, %[[UW]]#1, %[[UB]]#1
// SGD-LABEL: func.func @f_init() -> (tensor<3x4xf32>, tensor<3xf32>)

// ADAM-LABEL: func.func @f_grad(
// ADAM-LABEL: func.func @f_train_step(
// ADAM-SAME: {nn.name = "fc.weight.exp_avg"}
// ADAM-SAME: {nn.name = "fc.bias.exp_avg"}
// ADAM-SAME: {nn.name = "fc.weight.exp_avg_sq"}
// ADAM-SAME: {nn.name = "fc.bias.exp_avg_sq"}
// ADAM-SAME: %[[H:[a-z0-9]+]]: tensor<8xf32> {nn.name = "hyper"})
// ADAM-SAME: -> (tensor<f32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<3xf32>)
// ADAM-SAME: nn.optimizer = "adam"
// ADAM: %[[LR:.*]] = tensor.extract %[[H]][%c0{{(_[0-9]+)?}}] : tensor<8xf32>
// ADAM: %[[B1:.*]] = tensor.extract %[[H]][%c2{{(_[0-9]+)?}}] : tensor<8xf32>
// ADAM: %[[B2:.*]] = tensor.extract %[[H]][%c3{{(_[0-9]+)?}}] : tensor<8xf32>
// ADAM: %[[EPS:.*]] = tensor.extract %[[H]][%c4{{(_[0-9]+)?}}] : tensor<8xf32>
// ADAM: %[[T:.*]] = tensor.extract %[[H]][%c7{{(_[0-9]+)?}}] : tensor<8xf32>
// Bias corrections: lr / (1 - beta1^t) and sqrt(1 - beta2^t).
// ADAM: %[[P1:.*]] = math.powf %[[B1]], %[[T]] : f32
// ADAM: %[[BC1:.*]] = arith.subf %{{.*}}, %[[P1]] : f32
// ADAM: %[[P2:.*]] = math.powf %[[B2]], %[[T]] : f32
// ADAM: %[[BC2:.*]] = arith.subf %{{.*}}, %[[P2]] : f32
// ADAM: %[[SS:.*]] = arith.divf %[[LR]], %[[BC1]] : f32
// ADAM: %[[SQ:.*]] = math.sqrt %[[BC2]] : f32
// ADAM: %[[U:.*]]:3 = linalg.generic {{.*}} outs(%{{.*}}, %{{.*}}, %{{.*}} : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>)
// ADAM: ^bb0(%[[G:[a-z0-9_]+]]: f32, %[[P:[a-z0-9_]+]]: f32, %[[M0:[a-z0-9_]+]]: f32, %[[V0:[a-z0-9_]+]]: f32):
// ADAM: %[[GG:.*]] = arith.addf %[[G]], %{{.*}} : f32
// ADAM: %[[A1:.*]] = arith.mulf %{{.*}}, %[[GG]] : f32
// ADAM: %[[A0:.*]] = arith.mulf %[[B1]], %[[M0]] : f32
// ADAM: %[[M:.*]] = arith.addf %[[A0]], %[[A1]] : f32
// ADAM: %[[GG2:.*]] = arith.mulf %[[GG]], %[[GG]] : f32
// ADAM: %[[Q1:.*]] = arith.mulf %{{.*}}, %[[GG2]] : f32
// ADAM: %[[Q0:.*]] = arith.mulf %[[B2]], %[[V0]] : f32
// ADAM: %[[V:.*]] = arith.addf %[[Q0]], %[[Q1]] : f32
// ADAM: %[[SV:.*]] = math.sqrt %[[V]] : f32
// ADAM: %[[D0:.*]] = arith.divf %[[SV]], %[[SQ]] : f32
// ADAM: %[[D:.*]] = arith.addf %[[D0]], %[[EPS]] : f32
// ADAM: %[[R:.*]] = arith.divf %[[M]], %[[D]] : f32
// ADAM: %[[S:.*]] = arith.mulf %[[SS]], %[[R]] : f32
// ADAM: %[[PN:.*]] = arith.subf %[[P]], %[[S]] : f32
// ADAM: linalg.yield %[[PN]], %[[M]], %[[V]] : f32, f32, f32
// ADAM-LABEL: func.func @f_init()

// NOGRAD: error: nn-build-train-step: no @<name>_grad with nn.parameter_names (run nn-derive-backward first)
// BADOPT: for the --optimizer option: Cannot find option named 'rmsprop'!
