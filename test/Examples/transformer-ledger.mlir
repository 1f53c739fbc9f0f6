// The transformer block's parameters equal PyTorch's: two LayerNorms (2·512),
// nn.MultiheadAttention(256, 4) (4·256² + 4·256 = 263,168) and the FFN
// (256·1024 + 1024 + 1024·256 + 256).
// RUN: nnc-opt --nn-shape-ledger %nnc_src_root/examples/transformer.mlir -o /dev/null | FileCheck %s
// CHECK-LABEL: Shape ledger for @main
// CHECK: nn.attention {{.*}} 263,168 1,052,672
// CHECK: total 789,760 3,159,040
