// RUN: nnc-opt %s --nn-decompose | FileCheck %s
// RUN: nnc-opt %s --nn-decompose=composites-only | FileCheck %s --check-prefix=COMP

// nn-decompose rewrites composite layers into primitive nn ops. The
// composites (attention, swiglu, rnn, lstm) are decomposed in both modes;
// norms, kmeans and the softmax variants only without composites-only.
// test/Integration/ops/check_decompose_math.py checks the numerics against PyTorch.

// Self-attention with the four biases: projections, heads [B, H, L, Dh],
// q·kᵀ scaled by the default 1/sqrt(Dh) = 0.5, softmax, heads merged, out
// projection. No mask.
// CHECK-LABEL: func.func @attention_self(
// CHECK-SAME: %[[X:.*]]: tensor<2x3x8xf32>, %[[W:.*]]: tensor<8x8xf32>, %[[B:.*]]: tensor<8xf32>
// CHECK-DAG: %[[SCALE:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[Q:.*]] = nn.dense %[[X]], %[[W]], %[[B]] : (tensor<2x3x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
// CHECK: %[[K:.*]] = nn.dense %[[X]], %[[W]], %[[B]]
// CHECK: %[[V:.*]] = nn.dense %[[X]], %[[W]], %[[B]]
// CHECK: %[[Q4:.*]] = nn.reshape %[[Q]] : (tensor<2x3x8xf32>) -> tensor<2x3x2x4xf32>
// CHECK: %[[QH:.*]] = nn.transpose %[[Q4]] {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x3x2x4xf32>) -> tensor<2x2x3x4xf32>
// CHECK: %[[K4:.*]] = nn.reshape %[[K]] : (tensor<2x3x8xf32>) -> tensor<2x3x2x4xf32>
// CHECK: %[[KT:.*]] = nn.transpose %[[K4]] {permutation = array<i64: 0, 2, 3, 1>} : (tensor<2x3x2x4xf32>) -> tensor<2x2x4x3xf32>
// CHECK: %[[V4:.*]] = nn.reshape %[[V]] : (tensor<2x3x8xf32>) -> tensor<2x3x2x4xf32>
// CHECK: %[[VH:.*]] = nn.transpose %[[V4]] {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x3x2x4xf32>) -> tensor<2x2x3x4xf32>
// CHECK: %[[S:.*]] = nn.matmul %[[QH]], %[[KT]] : (tensor<2x2x3x4xf32>, tensor<2x2x4x3xf32>) -> tensor<2x2x3x3xf32>
// CHECK: %[[SS:.*]] = nn.mul %[[S]], %[[SCALE]] : (tensor<2x2x3x3xf32>, tensor<f32>) -> tensor<2x2x3x3xf32>
// CHECK: %[[P:.*]] = nn.softmax %[[SS]] : (tensor<2x2x3x3xf32>) -> tensor<2x2x3x3xf32>
// CHECK: %[[O:.*]] = nn.matmul %[[P]], %[[VH]] : (tensor<2x2x3x3xf32>, tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32>
// CHECK: %[[OT:.*]] = nn.transpose %[[O]] {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x2x3x4xf32>) -> tensor<2x3x2x4xf32>
// CHECK: %[[OM:.*]] = nn.reshape %[[OT]] : (tensor<2x3x2x4xf32>) -> tensor<2x3x8xf32>
// CHECK: %[[Y:.*]] = nn.dense %[[OM]], %[[W]], %[[B]] : (tensor<2x3x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: nn.attention
// COMP-LABEL: func.func @attention_self(
// COMP-NOT: nn.attention
// COMP: nn.softmax
// COMP-NOT: nn.attention
func.func @attention_self(%x: tensor<2x3x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<2x3x8xf32> {
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) biases(%b, %b, %b, %b) {num_heads = 2 : i64} : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
  return %y : tensor<2x3x8xf32>
}

// Causal without a user mask: softmax's causal flag (keep j <= i, computed
// when lowered; no [Lq, Lk] constant). One head: scale 1/sqrt(8).
// CHECK-LABEL: func.func @attention_causal(
// CHECK-NOT: tensor<3x3xi1>
// CHECK-DAG: %[[SCALE:.*]] = arith.constant dense<0.353553385> : tensor<f32>
// CHECK-COUNT-3: nn.dense %arg0, %arg1 : (tensor<1x3x8xf32>, tensor<8x8xf32>) -> tensor<1x3x8xf32>
// CHECK: %[[S:.*]] = nn.matmul
// CHECK: %[[SS:.*]] = nn.mul %[[S]], %[[SCALE]]
// CHECK: nn.softmax %[[SS]] {causal} : (tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
// CHECK: nn.dense %{{.*}}, %arg1 : (tensor<1x3x8xf32>, tensor<8x8xf32>) -> tensor<1x3x8xf32>
func.func @attention_causal(%x: tensor<1x3x8xf32>, %w: tensor<8x8xf32>) -> tensor<1x3x8xf32> {
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 1 : i64, causal} : (tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<1x3x8xf32>
  return %y : tensor<1x3x8xf32>
}

// Causal with a boolean user mask: both on the softmax.
// CHECK-LABEL: func.func @attention_bool_mask_causal(
// CHECK: %[[SS:.*]] = nn.mul
// CHECK: nn.softmax %[[SS]] mask %arg2 {causal} : (tensor<2x2x2x2xf32>, tensor<2x1x2x2xi1>) -> tensor<2x2x2x2xf32>
func.func @attention_bool_mask_causal(%x: tensor<2x2x4xf32>, %w: tensor<4x4xf32>, %m: tensor<2x1x2x2xi1>) -> tensor<2x2x4xf32> {
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) mask %m {num_heads = 2 : i64, causal} : (tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<2x1x2x2xi1>) -> tensor<2x2x4xf32>
  return %y : tensor<2x2x4xf32>
}

// Causal with a dynamic sequence length: nothing depends on Lq x Lk.
// CHECK-LABEL: func.func @attention_causal_dynamic_length(
// CHECK: nn.softmax %{{.*}} {causal} : (tensor<2x2x?x?xf32>) -> tensor<2x2x?x?xf32>
func.func @attention_causal_dynamic_length(%x: tensor<2x?x8xf32>, %w: tensor<8x8xf32>) -> tensor<2x?x8xf32> {
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 2 : i64, causal} : (tensor<2x?x8xf32>, tensor<2x?x8xf32>, tensor<2x?x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<2x?x8xf32>
  return %y : tensor<2x?x8xf32>
}

// Cross-attention (Lq = 2, Lk = 3, Ek = 6, Ev = 4), dynamic batch, an
// explicit scale and a float mask added to the scaled scores.
// CHECK-LABEL: func.func @attention_cross_float_mask(
// CHECK-DAG: %[[SCALE:.*]] = arith.constant dense<1.250000e-01> : tensor<f32>
// CHECK: %[[Q:.*]] = nn.dense %arg0, %arg3 : (tensor<?x2x8xf32>, tensor<8x8xf32>) -> tensor<?x2x8xf32>
// CHECK: %[[K:.*]] = nn.dense %arg1, %arg4 : (tensor<?x3x6xf32>, tensor<8x6xf32>) -> tensor<?x3x8xf32>
// CHECK: %[[V:.*]] = nn.dense %arg2, %arg5 : (tensor<?x3x4xf32>, tensor<8x4xf32>) -> tensor<?x3x8xf32>
// CHECK: nn.reshape %[[Q]] : (tensor<?x2x8xf32>) -> tensor<?x2x4x2xf32>
// CHECK: nn.reshape %[[K]] : (tensor<?x3x8xf32>) -> tensor<?x3x4x2xf32>
// CHECK: nn.transpose %{{.*}} {permutation = array<i64: 0, 2, 3, 1>} : (tensor<?x3x4x2xf32>) -> tensor<?x4x2x3xf32>
// CHECK: %[[S:.*]] = nn.matmul %{{.*}}, %{{.*}} : (tensor<?x4x2x2xf32>, tensor<?x4x2x3xf32>) -> tensor<?x4x2x3xf32>
// CHECK: %[[SS:.*]] = nn.mul %[[S]], %[[SCALE]]
// CHECK: %[[SM:.*]] = nn.add %[[SS]], %arg7 : (tensor<?x4x2x3xf32>, tensor<2x3xf32>) -> tensor<?x4x2x3xf32>
// CHECK: nn.softmax %[[SM]] : (tensor<?x4x2x3xf32>) -> tensor<?x4x2x3xf32>
// CHECK: nn.reshape %{{.*}} : (tensor<?x2x4x2xf32>) -> tensor<?x2x8xf32>
// CHECK: nn.dense %{{.*}}, %arg6 : (tensor<?x2x8xf32>, tensor<8x8xf32>) -> tensor<?x2x8xf32>
func.func @attention_cross_float_mask(%q: tensor<?x2x8xf32>, %k: tensor<?x3x6xf32>, %v: tensor<?x3x4xf32>,
                                      %wq: tensor<8x8xf32>, %wk: tensor<8x6xf32>, %wv: tensor<8x4xf32>, %wo: tensor<8x8xf32>,
                                      %m: tensor<2x3xf32>) -> tensor<?x2x8xf32> {
  %y = nn.attention %q, %k, %v weights(%wq, %wk, %wv, %wo) mask %m {num_heads = 4 : i64, scale = 0.125 : f64} : (tensor<?x2x8xf32>, tensor<?x3x6xf32>, tensor<?x3x4xf32>, tensor<8x8xf32>, tensor<8x6xf32>, tensor<8x4xf32>, tensor<8x8xf32>, tensor<2x3xf32>) -> tensor<?x2x8xf32>
  return %y : tensor<?x2x8xf32>
}

// A static float mask with a batch of 2 makes the inferred shapes static;
// a no-op reshape restores the declared dynamic result type.
// CHECK-LABEL: func.func @attention_static_mask_dynamic_batch(
// CHECK: nn.add %{{.*}}, %arg2 : (tensor<?x1x2x2xf32>, tensor<2x1x2x2xf32>) -> tensor<2x1x2x2xf32>
// CHECK: %[[Y:.*]] = nn.dense %{{.*}}, %arg1 : (tensor<2x2x4xf32>, tensor<4x4xf32>) -> tensor<2x2x4xf32>
// CHECK: %[[R:.*]] = nn.reshape %[[Y]] : (tensor<2x2x4xf32>) -> tensor<?x2x4xf32>
// CHECK: return %[[R]] : tensor<?x2x4xf32>
func.func @attention_static_mask_dynamic_batch(%x: tensor<?x2x4xf32>, %w: tensor<4x4xf32>, %m: tensor<2x1x2x2xf32>) -> tensor<?x2x4xf32> {
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) mask %m {num_heads = 1 : i64} : (tensor<?x2x4xf32>, tensor<?x2x4xf32>, tensor<?x2x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<2x1x2x2xf32>) -> tensor<?x2x4xf32>
  return %y : tensor<?x2x4xf32>
}

// CHECK-LABEL: func.func @swiglu(
// CHECK: %[[G:.*]] = nn.dense %arg0, %arg1, %arg4 : (tensor<?x5x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<?x5x16xf32>
// CHECK: %[[GS:.*]] = nn.silu %[[G]] : tensor<?x5x16xf32>
// CHECK: %[[U:.*]] = nn.dense %arg0, %arg2, %arg5 : (tensor<?x5x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<?x5x16xf32>
// CHECK: %[[H:.*]] = nn.mul %[[GS]], %[[U]] : (tensor<?x5x16xf32>, tensor<?x5x16xf32>) -> tensor<?x5x16xf32>
// CHECK: %[[Y:.*]] = nn.dense %[[H]], %arg3, %arg6 : (tensor<?x5x16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x5x4xf32>
// CHECK: return %[[Y]]
// CHECK-LABEL: func.func @swiglu_no_biases(
// CHECK: nn.dense %arg0, %arg1 : (tensor<3x8xf32>, tensor<16x8xf32>) -> tensor<3x16xf32>
// CHECK: nn.silu
// CHECK: nn.dense %arg0, %arg2 : (tensor<3x8xf32>, tensor<16x8xf32>) -> tensor<3x16xf32>
// CHECK: nn.mul
// CHECK: nn.dense %{{.*}}, %arg3 : (tensor<3x16xf32>, tensor<8x16xf32>) -> tensor<3x8xf32>
// CHECK-NOT: nn.swiglu
// COMP-LABEL: func.func @swiglu(
// COMP: nn.silu
// COMP-NOT: nn.swiglu
func.func @swiglu(%x: tensor<?x5x8xf32>, %wg: tensor<16x8xf32>, %wu: tensor<16x8xf32>, %wd: tensor<4x16xf32>,
                  %bg: tensor<16xf32>, %bu: tensor<16xf32>, %bd: tensor<4xf32>) -> tensor<?x5x4xf32> {
  %y = nn.swiglu %x, %wg, %wu, %wd biases(%bg, %bu, %bd) : (tensor<?x5x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<4xf32>) -> tensor<?x5x4xf32>
  return %y : tensor<?x5x4xf32>
}
func.func @swiglu_no_biases(%x: tensor<3x8xf32>, %wg: tensor<16x8xf32>, %wu: tensor<16x8xf32>, %wd: tensor<8x16xf32>) -> tensor<3x8xf32> {
  %y = nn.swiglu %x, %wg, %wu, %wd : (tensor<3x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// Elman RNN, T = 3, tanh, no biases, zero initial state: one input
// projection for all steps, split per step; the first step has no
// recurrent term (h0 = 0).
// CHECK-LABEL: func.func @rnn(
// CHECK: %[[XP:.*]] = nn.dense %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<5x4xf32>) -> tensor<2x3x5xf32>
// CHECK: %[[STEPS:.*]]:3 = nn.split %[[XP]] {axis = 1 : i64, sizes = array<i64: 1, 1, 1>} : (tensor<2x3x5xf32>) -> (tensor<2x1x5xf32>, tensor<2x1x5xf32>, tensor<2x1x5xf32>)
// CHECK: %[[X0:.*]] = nn.reshape %[[STEPS]]#0 : (tensor<2x1x5xf32>) -> tensor<2x5xf32>
// CHECK: %[[X1:.*]] = nn.reshape %[[STEPS]]#1
// CHECK: %[[X2:.*]] = nn.reshape %[[STEPS]]#2
// CHECK: %[[H1:.*]] = nn.tanh %[[X0]] : tensor<2x5xf32>
// CHECK: %[[R1:.*]] = nn.dense %[[H1]], %arg2 : (tensor<2x5xf32>, tensor<5x5xf32>) -> tensor<2x5xf32>
// CHECK: %[[P2:.*]] = nn.add %[[X1]], %[[R1]]
// CHECK: %[[H2:.*]] = nn.tanh %[[P2]]
// CHECK: %[[R2:.*]] = nn.dense %[[H2]], %arg2
// CHECK: %[[P3:.*]] = nn.add %[[X2]], %[[R2]]
// CHECK: %[[H3:.*]] = nn.tanh %[[P3]]
// CHECK: %[[S1:.*]] = nn.reshape %[[H1]] : (tensor<2x5xf32>) -> tensor<2x1x5xf32>
// CHECK: %[[S2:.*]] = nn.reshape %[[H2]]
// CHECK: %[[S3:.*]] = nn.reshape %[[H3]]
// CHECK: %[[ALL:.*]] = nn.concat %[[S1]], %[[S2]], %[[S3]] {axis = 1 : i64} : (tensor<2x1x5xf32>, tensor<2x1x5xf32>, tensor<2x1x5xf32>) -> tensor<2x3x5xf32>
// CHECK: return %[[ALL]], %[[H3]]
// COMP-LABEL: func.func @rnn(
// COMP-NOT: nn.rnn
// COMP: nn.concat
func.func @rnn(%x: tensor<2x3x4xf32>, %wih: tensor<5x4xf32>, %whh: tensor<5x5xf32>) -> (tensor<2x3x5xf32>, tensor<2x5xf32>) {
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<2x3x4xf32>, tensor<5x4xf32>, tensor<5x5xf32>) -> (tensor<2x3x5xf32>, tensor<2x5xf32>)
  return %y, %h : tensor<2x3x5xf32>, tensor<2x5xf32>
}

// relu, biases, an initial state, dynamic batch, T = 2.
// CHECK-LABEL: func.func @rnn_relu_full(
// CHECK: %[[XP:.*]] = nn.dense %arg0, %arg1, %arg3 : (tensor<?x2x4xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<?x2x5xf32>
// CHECK: %[[STEPS:.*]]:2 = nn.split %[[XP]]
// CHECK: %[[X0:.*]] = nn.reshape %[[STEPS]]#0 : (tensor<?x1x5xf32>) -> tensor<?x5xf32>
// CHECK: %[[X1:.*]] = nn.reshape %[[STEPS]]#1
// CHECK: %[[R0:.*]] = nn.dense %arg5, %arg2, %arg4 : (tensor<?x5xf32>, tensor<5x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
// CHECK: %[[P0:.*]] = nn.add %[[X0]], %[[R0]]
// CHECK: %[[H1:.*]] = nn.relu %[[P0]]
// CHECK: %[[R1:.*]] = nn.dense %[[H1]], %arg2, %arg4
// CHECK: %[[P1:.*]] = nn.add %[[X1]], %[[R1]]
// CHECK: %[[H2:.*]] = nn.relu %[[P1]]
// CHECK: nn.concat {{.*}} : (tensor<?x1x5xf32>, tensor<?x1x5xf32>) -> tensor<?x2x5xf32>
// CHECK: return %{{.*}}, %[[H2]]
func.func @rnn_relu_full(%x: tensor<?x2x4xf32>, %wih: tensor<5x4xf32>, %whh: tensor<5x5xf32>, %bih: tensor<5xf32>, %bhh: tensor<5xf32>, %h0: tensor<?x5xf32>) -> (tensor<?x2x5xf32>, tensor<?x5xf32>) {
  %y, %h = nn.rnn %x, %wih, %whh biases(%bih, %bhh) initial(%h0) {activation = #nn.rnn_activation<relu>} : (tensor<?x2x4xf32>, tensor<5x4xf32>, tensor<5x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<?x5xf32>) -> (tensor<?x2x5xf32>, tensor<?x5xf32>)
  return %y, %h : tensor<?x2x5xf32>, tensor<?x5xf32>
}

// One step with biases and no initial state: the recurrent term is b_hh.
// CHECK-LABEL: func.func @rnn_one_step(
// CHECK: %[[XP:.*]] = nn.dense %arg0, %arg1, %arg3 : (tensor<2x1x4xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<2x1x5xf32>
// CHECK: %[[X0:.*]] = nn.reshape %[[XP]] : (tensor<2x1x5xf32>) -> tensor<2x5xf32>
// CHECK: %[[P:.*]] = nn.add %[[X0]], %arg4 : (tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
// CHECK: %[[H:.*]] = nn.tanh %[[P]]
// CHECK: %[[ALL:.*]] = nn.reshape %[[H]] : (tensor<2x5xf32>) -> tensor<2x1x5xf32>
// CHECK: return %[[ALL]], %[[H]]
func.func @rnn_one_step(%x: tensor<2x1x4xf32>, %wih: tensor<5x4xf32>, %whh: tensor<5x5xf32>, %bih: tensor<5xf32>, %bhh: tensor<5xf32>) -> (tensor<2x1x5xf32>, tensor<2x5xf32>) {
  %y, %h = nn.rnn %x, %wih, %whh biases(%bih, %bhh) : (tensor<2x1x4xf32>, tensor<5x4xf32>, tensor<5x5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<2x1x5xf32>, tensor<2x5xf32>)
  return %y, %h : tensor<2x1x5xf32>, tensor<2x5xf32>
}

// LSTM with biases, no initial states, T = 2, H = 3: gates split i, f, g, o;
// the first cell state is i·g (c0 = 0).
// CHECK-LABEL: func.func @lstm(
// CHECK: %[[XP:.*]] = nn.dense %arg0, %arg1, %arg3 : (tensor<2x2x4xf32>, tensor<12x4xf32>, tensor<12xf32>) -> tensor<2x2x12xf32>
// CHECK: %[[STEPS:.*]]:2 = nn.split %[[XP]] {axis = 1 : i64, sizes = array<i64: 1, 1>}
// CHECK: %[[X0:.*]] = nn.reshape %[[STEPS]]#0 : (tensor<2x1x12xf32>) -> tensor<2x12xf32>
// CHECK: %[[X1:.*]] = nn.reshape %[[STEPS]]#1
// CHECK: %[[A0:.*]] = nn.add %[[X0]], %arg4 : (tensor<2x12xf32>, tensor<12xf32>) -> tensor<2x12xf32>
// CHECK: %[[G0:.*]]:4 = nn.split %[[A0]] {axis = 1 : i64, sizes = array<i64: 3, 3, 3, 3>} : (tensor<2x12xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: %[[I0:.*]] = nn.sigmoid %[[G0]]#0
// CHECK: %[[GG0:.*]] = nn.tanh %[[G0]]#2
// CHECK: %[[O0:.*]] = nn.sigmoid %[[G0]]#3
// CHECK: %[[C1:.*]] = nn.mul %[[I0]], %[[GG0]]
// CHECK: %[[TC1:.*]] = nn.tanh %[[C1]]
// CHECK: %[[H1:.*]] = nn.mul %[[O0]], %[[TC1]]
// CHECK: %[[R1:.*]] = nn.dense %[[H1]], %arg2, %arg4 : (tensor<2x3xf32>, tensor<12x3xf32>, tensor<12xf32>) -> tensor<2x12xf32>
// CHECK: %[[A1:.*]] = nn.add %[[X1]], %[[R1]]
// CHECK: %[[G1:.*]]:4 = nn.split %[[A1]]
// CHECK: %[[I1:.*]] = nn.sigmoid %[[G1]]#0
// CHECK: %[[F1:.*]] = nn.sigmoid %[[G1]]#1
// CHECK: %[[GG1:.*]] = nn.tanh %[[G1]]#2
// CHECK: %[[O1:.*]] = nn.sigmoid %[[G1]]#3
// CHECK: %[[IG1:.*]] = nn.mul %[[I1]], %[[GG1]]
// CHECK: %[[FC1:.*]] = nn.mul %[[F1]], %[[C1]]
// CHECK: %[[C2:.*]] = nn.add %[[FC1]], %[[IG1]]
// CHECK: %[[TC2:.*]] = nn.tanh %[[C2]]
// CHECK: %[[H2:.*]] = nn.mul %[[O1]], %[[TC2]]
// CHECK: %[[ALL:.*]] = nn.concat
// CHECK: return %[[ALL]], %[[H2]], %[[C2]] : tensor<2x2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
// COMP-LABEL: func.func @lstm(
// COMP-NOT: nn.lstm
// COMP: nn.concat
func.func @lstm(%x: tensor<2x2x4xf32>, %wih: tensor<12x4xf32>, %whh: tensor<12x3xf32>, %bih: tensor<12xf32>, %bhh: tensor<12xf32>) -> (tensor<2x2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %y, %h, %c = nn.lstm %x, %wih, %whh biases(%bih, %bhh) : (tensor<2x2x4xf32>, tensor<12x4xf32>, tensor<12x3xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<2x2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
  return %y, %h, %c : tensor<2x2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// Initial states h0, c0 and no biases, one step.
// CHECK-LABEL: func.func @lstm_initial(
// CHECK: %[[XP:.*]] = nn.dense %arg0, %arg1 : (tensor<?x1x4xf32>, tensor<12x4xf32>) -> tensor<?x1x12xf32>
// CHECK: %[[X0:.*]] = nn.reshape %[[XP]] : (tensor<?x1x12xf32>) -> tensor<?x12xf32>
// CHECK: %[[R0:.*]] = nn.dense %arg3, %arg2 : (tensor<?x3xf32>, tensor<12x3xf32>) -> tensor<?x12xf32>
// CHECK: %[[A0:.*]] = nn.add %[[X0]], %[[R0]]
// CHECK: %[[G:.*]]:4 = nn.split %[[A0]]
// CHECK: %[[I:.*]] = nn.sigmoid %[[G]]#0
// CHECK: %[[F:.*]] = nn.sigmoid %[[G]]#1
// CHECK: %[[GG:.*]] = nn.tanh %[[G]]#2
// CHECK: %[[O:.*]] = nn.sigmoid %[[G]]#3
// CHECK: %[[IG:.*]] = nn.mul %[[I]], %[[GG]]
// CHECK: %[[FC:.*]] = nn.mul %[[F]], %arg4
// CHECK: %[[C:.*]] = nn.add %[[FC]], %[[IG]]
// CHECK: %[[TC:.*]] = nn.tanh %[[C]]
// CHECK: %[[H:.*]] = nn.mul %[[O]], %[[TC]]
// CHECK: %[[ALL:.*]] = nn.reshape %[[H]] : (tensor<?x3xf32>) -> tensor<?x1x3xf32>
// CHECK: return %[[ALL]], %[[H]], %[[C]]
func.func @lstm_initial(%x: tensor<?x1x4xf32>, %wih: tensor<12x4xf32>, %whh: tensor<12x3xf32>, %h0: tensor<?x3xf32>, %c0: tensor<?x3xf32>) -> (tensor<?x1x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  %y, %h, %c = nn.lstm %x, %wih, %whh initial(%h0, %c0) : (tensor<?x1x4xf32>, tensor<12x4xf32>, tensor<12x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) -> (tensor<?x1x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>)
  return %y, %h, %c : tensor<?x1x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// Layer norm over the last two dimensions (axis = 1).
// CHECK-LABEL: func.func @layer_norm(
// CHECK-DAG: %[[EPS:.*]] = arith.constant dense<1.000000e-03> : tensor<f32>
// CHECK: %[[MEAN:.*]] = nn.reduce mean %arg0 {axes = array<i64: 1, 2>, keepdims} : (tensor<?x3x4xf32>) -> tensor<?x1x1xf32>
// CHECK: %[[D:.*]] = nn.sub %arg0, %[[MEAN]] : (tensor<?x3x4xf32>, tensor<?x1x1xf32>) -> tensor<?x3x4xf32>
// CHECK: %[[D2:.*]] = nn.mul %[[D]], %[[D]]
// CHECK: %[[VAR:.*]] = nn.reduce mean %[[D2]] {axes = array<i64: 1, 2>, keepdims}
// CHECK: %[[VE:.*]] = nn.add %[[VAR]], %[[EPS]] : (tensor<?x1x1xf32>, tensor<f32>) -> tensor<?x1x1xf32>
// CHECK: %[[INV:.*]] = nn.rsqrt %[[VE]]
// CHECK: %[[N:.*]] = nn.mul %[[D]], %[[INV]]
// CHECK: %[[S:.*]] = nn.mul %[[N]], %arg1 : (tensor<?x3x4xf32>, tensor<3x4xf32>) -> tensor<?x3x4xf32>
// CHECK: %[[Y:.*]] = nn.add %[[S]], %arg2 : (tensor<?x3x4xf32>, tensor<3x4xf32>) -> tensor<?x3x4xf32>
// CHECK: return %[[Y]]
// COMP-LABEL: func.func @layer_norm(
// COMP: nn.layer_norm %arg0 scale %arg1 bias %arg2
func.func @layer_norm(%x: tensor<?x3x4xf32>, %s: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> tensor<?x3x4xf32> {
  %y = nn.layer_norm %x scale %s bias %b {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<?x3x4xf32>
  return %y : tensor<?x3x4xf32>
}

// CHECK-LABEL: func.func @layer_norm_plain(
// CHECK: nn.reduce mean %arg0 {axes = array<i64: 1>, keepdims} : (tensor<2x8xf32>) -> tensor<2x1xf32>
// CHECK: nn.rsqrt
// CHECK: %[[Y:.*]] = nn.mul
// CHECK-NEXT: return %[[Y]]
func.func @layer_norm_plain(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = nn.layer_norm %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// CHECK-LABEL: func.func @rms_norm(
// CHECK-DAG: %[[EPS:.*]] = arith.constant dense<9.99999997E-7> : tensor<f32>
// CHECK: %[[X2:.*]] = nn.mul %arg0, %arg0
// CHECK: %[[MS:.*]] = nn.reduce mean %[[X2]] {axes = array<i64: 1>, keepdims} : (tensor<2x8xf32>) -> tensor<2x1xf32>
// CHECK: %[[E:.*]] = nn.add %[[MS]], %[[EPS]]
// CHECK: %[[INV:.*]] = nn.rsqrt %[[E]]
// CHECK: %[[N:.*]] = nn.mul %arg0, %[[INV]]
// CHECK: %[[Y:.*]] = nn.mul %[[N]], %arg1 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK: return %[[Y]]
// COMP-LABEL: func.func @rms_norm(
// COMP: nn.rms_norm
func.func @rms_norm(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<2x8xf32> {
  %y = nn.rms_norm %x scale %s : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// Soft assignment: softmax((2·x·cᵀ - ‖c‖²) / T).
// CHECK-LABEL: func.func @kmeans(
// CHECK-DAG: %[[T:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[XC:.*]] = nn.dense %arg0, %arg1 : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x3xf32>
// CHECK: %[[C2:.*]] = nn.mul %arg1, %arg1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK: %[[CC:.*]] = nn.reduce sum %[[C2]] {axes = array<i64: 1>} : (tensor<3x4xf32>) -> tensor<3xf32>
// CHECK: %[[XC2:.*]] = nn.add %[[XC]], %[[XC]]
// CHECK: %[[L:.*]] = nn.sub %[[XC2]], %[[CC]] : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
// CHECK: %[[LT:.*]] = nn.div %[[L]], %[[T]]
// CHECK: %[[Y:.*]] = nn.softmax %[[LT]] : (tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK: return %[[Y]]
// COMP-LABEL: func.func @kmeans(
// COMP: nn.kmeans
func.func @kmeans(%x: tensor<?x4xf32>, %c: tensor<3x4xf32>) -> tensor<?x3xf32> {
  %y = nn.kmeans %x, %c {temperature = 0.5 : f64} : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// Temperature and a float mask: div, add, then a plain softmax on the same
// axis. A boolean mask stays on the softmax.
// CHECK-LABEL: func.func @softmax_variants(
// CHECK-DAG: %[[T2:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG: %[[T3:.*]] = arith.constant dense<3.000000e+00> : tensor<f32>
// CHECK: %[[A:.*]] = nn.div %arg0, %[[T2]]
// CHECK: %[[S0:.*]] = nn.softmax %[[A]] {axis = 0 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: %[[B:.*]] = nn.add %arg0, %arg1 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK: %[[S1:.*]] = nn.softmax %[[B]] : (tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: %[[C:.*]] = nn.div %arg0, %[[T3]]
// CHECK: %[[S2:.*]] = nn.softmax %[[C]] mask %arg2 : (tensor<2x4xf32>, tensor<4xi1>) -> tensor<2x4xf32>
// CHECK: return %[[S0]], %[[S1]], %[[S2]]
// COMP-LABEL: func.func @softmax_variants(
// COMP: nn.softmax %arg0 {axis = 0 : i64, temperature = 2.000000e+00 : f64}
// COMP: nn.softmax %arg0 mask %arg1
// COMP: nn.softmax %arg0 mask %arg2 {temperature = 3.000000e+00 : f64}
func.func @softmax_variants(%x: tensor<2x4xf32>, %fm: tensor<4xf32>, %bm: tensor<4xi1>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = nn.softmax %x {axis = 0 : i64, temperature = 2.0 : f64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = nn.softmax %x mask %fm : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %2 = nn.softmax %x mask %bm {temperature = 3.0 : f64} : (tensor<2x4xf32>, tensor<4xi1>) -> tensor<2x4xf32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// Stable log_softmax; with a boolean mask, log of the masked softmax.
// CHECK-LABEL: func.func @log_softmax(
// CHECK: %[[M:.*]] = nn.reduce max %arg0 {axes = array<i64: -1>, keepdims} : (tensor<2x4xf32>) -> tensor<2x1xf32>
// CHECK: %[[S:.*]] = nn.sub %arg0, %[[M]]
// CHECK: %[[E:.*]] = nn.exp %[[S]]
// CHECK: %[[SUM:.*]] = nn.reduce sum %[[E]] {axes = array<i64: -1>, keepdims}
// CHECK: %[[LSE:.*]] = nn.log %[[SUM]] : tensor<2x1xf32>
// CHECK: %[[Y0:.*]] = nn.sub %[[S]], %[[LSE]] : (tensor<2x4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
// CHECK: %[[P:.*]] = nn.softmax %arg0 mask %arg1 : (tensor<2x4xf32>, tensor<2x4xi1>) -> tensor<2x4xf32>
// CHECK: %[[Y1:.*]] = nn.log %[[P]]
// CHECK: return %[[Y0]], %[[Y1]]
// COMP-LABEL: func.func @log_softmax(
// COMP: nn.log_softmax %arg0 :
// COMP: nn.log_softmax %arg0 mask %arg1
func.func @log_softmax(%x: tensor<2x4xf32>, %m: tensor<2x4xi1>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = nn.log_softmax %x : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = nn.log_softmax %x mask %m : (tensor<2x4xf32>, tensor<2x4xi1>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// [?, 12] -> [?, 3, 4], softmax per group, back to [?, 12].
// CHECK-LABEL: func.func @grid_softmax(
// CHECK-DAG: %[[T:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[G:.*]] = nn.reshape %arg0 : (tensor<?x12xf32>) -> tensor<?x3x4xf32>
// CHECK: %[[GT:.*]] = nn.div %[[G]], %[[T]]
// CHECK: %[[S:.*]] = nn.softmax %[[GT]] : (tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
// CHECK: %[[Y:.*]] = nn.reshape %[[S]] : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
// CHECK: return %[[Y]]
// COMP-LABEL: func.func @grid_softmax(
// COMP: nn.grid_softmax
func.func @grid_softmax(%x: tensor<?x12xf32>) -> tensor<?x12xf32> {
  %y = nn.grid_softmax %x {groups = 3 : i64, temperature = 0.5 : f64} : (tensor<?x12xf32>) -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}

// Left alone: primitive ops, sparsemax (needs a sort) and a grid softmax
// whose last dimension is dynamic.
// CHECK-LABEL: func.func @left_alone(
// CHECK-NEXT: %[[D:.*]] = nn.dense %arg0, %arg1, %arg2 {activation = #nn.activation<relu>} : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[S:.*]] = nn.softmax %[[D]] : (tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[M:.*]] = nn.softmax %[[S]] mask %arg3 {axis = 0 : i64} : (tensor<2x4xf32>, tensor<2x4xi1>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[SP:.*]] = nn.sparsemax %[[M]] : (tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[G:.*]] = nn.grid_softmax %arg4 {groups = 2 : i64} : (tensor<2x?xf32>) -> tensor<2x?xf32>
// CHECK-NEXT: return %[[SP]], %[[G]]
func.func @left_alone(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>, %m: tensor<2x4xi1>, %g: tensor<2x?xf32>) -> (tensor<2x4xf32>, tensor<2x?xf32>) {
  %0 = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = nn.softmax %0 : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = nn.softmax %1 mask %m {axis = 0 : i64} : (tensor<2x4xf32>, tensor<2x4xi1>) -> tensor<2x4xf32>
  %3 = nn.sparsemax %2 : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %4 = nn.grid_softmax %g {groups = 2 : i64} : (tensor<2x?xf32>) -> tensor<2x?xf32>
  return %3, %4 : tensor<2x4xf32>, tensor<2x?xf32>
}
