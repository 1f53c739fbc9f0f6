// PyTorch's export of nn.MultiheadAttention (opset 14: packed in-projection
// MatMul + Add, Slice, head Reshape/Transpose, Div by sqrt(head size),
// MatMul, Softmax, MatMul, merge, Gemm or MatMul out-projection) is raised
// into one batch-first nn.attention; sequence-first models get nn.transpose
// around it. The scale may divide q or the scores. Near misses (wrong scale, key permutation, head split that does
// not match the scale) are left as imported.
// RUN: %python %S/Inputs/onnx_mha.py %t
// RUN: nnc-translate --import-onnx %t.bf.onnx --emit=nn | FileCheck %s --check-prefix=BF \
// RUN:   --implicit-check-not=nn.attention --implicit-check-not=nn.softmax \
// RUN:   --implicit-check-not=nn.transpose --implicit-check-not=nn.reshape \
// RUN:   --implicit-check-not=nn.matmul --implicit-check-not=nn.dense \
// RUN:   --implicit-check-not=tensor.extract_slice
// RUN: nnc-translate --import-onnx %t.bf_dyn.onnx --emit=nn | FileCheck %s --check-prefix=DYN \
// RUN:   --implicit-check-not=nn.attention --implicit-check-not=nn.softmax \
// RUN:   --implicit-check-not=nn.transpose --implicit-check-not=tensor.dim
// RUN: nnc-translate --import-onnx %t.sf_nobias.onnx --emit=nn | FileCheck %s --check-prefix=SF \
// RUN:   --implicit-check-not=nn.attention --implicit-check-not=nn.softmax
// RUN: nnc-translate --import-onnx %t.eight_heads_scaled.onnx --emit=nn | FileCheck %s --check-prefix=H8 \
// RUN:   --implicit-check-not=nn.attention --implicit-check-not=nn.softmax
// RUN: nnc-translate --import-onnx %t.scores_scaled.onnx --emit=nn | FileCheck %s --check-prefix=BF \
// RUN:   --implicit-check-not=nn.attention --implicit-check-not=nn.softmax \
// RUN:   --implicit-check-not=nn.div --implicit-check-not=nn.matmul
// RUN: nnc-translate --import-onnx %t.wrong_scale.onnx --emit=nn | FileCheck %s --check-prefix=NEAR
// RUN: nnc-translate --import-onnx %t.key_perm.onnx --emit=nn | FileCheck %s --check-prefix=NEAR
// RUN: nnc-translate --import-onnx %t.eight_heads.onnx --emit=nn | FileCheck %s --check-prefix=NEAR
// RUN: nnc-translate --import-onnx %t.bf.onnx --emit=nn | nnc-opt --nn-shape-ledger -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=LEDGER

// The q/k/v weights are [32, 32] slices of the packed [32, 96] in_proj
// (transposed from the MatMul's [in, out]); the out-projection's Gemm weight
// is used as is.
// BF-LABEL: func.func @main(%arg0: tensor<2x10x32xf32> {nn.name = "x"})
// BF:         %[[A:.*]] = nn.attention %arg0, %arg0, %arg0 weights(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) biases(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x10x32xf32>
// BF-NEXT:    return %[[A]]

// DYN-LABEL: func.func @main(%arg0: tensor<?x10x32xf32>
// DYN:         %[[A:.*]] = nn.attention %arg0, %arg0, %arg0 weights({{.*}}) biases({{.*}}) {num_heads = 4 : i64} : ({{.*}}) -> tensor<?x10x32xf32>
// DYN-NEXT:    return %[[A]]

// SF-LABEL: func.func @main(%arg0: tensor<10x2x32xf32>
// SF:         %[[X:.*]] = nn.transpose %arg0 {permutation = array<i64: 1, 0, 2>} : (tensor<10x2x32xf32>) -> tensor<2x10x32xf32>
// SF-NEXT:    %[[A:.*]] = nn.attention %[[X]], %[[X]], %[[X]] weights(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
// SF-NEXT:    %[[Y:.*]] = nn.transpose %[[A]] {permutation = array<i64: 1, 0, 2>} : (tensor<2x10x32xf32>) -> tensor<10x2x32xf32>
// SF-NEXT:    return %[[Y]]

// The head count follows the head reshape (16 = batch 2 x 8 heads of 4).
// H8-LABEL: func.func @main
// H8:         nn.attention %arg0, %arg0, %arg0 {{.*}} {num_heads = 8 : i64}
// H8-NEXT:    return

// NEAR-LABEL: func.func @main
// NEAR-NOT:     nn.attention
// NEAR:         nn.softmax
// NEAR-NOT:     nn.attention
// NEAR:         return

// LEDGER:     nn.attention {{.*}} tensor<2x10x32xf32> 4,224 16,896
// LEDGER:     total 4,224
