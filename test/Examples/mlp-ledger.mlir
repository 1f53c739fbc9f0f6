// The README's main command: the ledger of the example MLP.
// RUN: nnc-opt --nn-shape-ledger %nnc_src_root/examples/mlp.mlir -o /dev/null | FileCheck %s

// Parameters: 784·512+512 + 512·256+256 + 256·10+10 = 535,818 (2,143,272 bytes).
// FLOPs: 2·(784·512 + 512·256 + 256·10) + 5·10 (softmax) = 1,070,130.
// CHECK-LABEL: Shape ledger for @mlp
// CHECK:      nn.dense {{.*}} tensor<1x512xf32> 401,920 1,607,680 802,816 2,048
// CHECK-NEXT: nn.dense {{.*}} tensor<1x256xf32> 131,328 525,312 262,144 1,024
// CHECK-NEXT: nn.dense {{.*}} tensor<1x10xf32> 2,570 10,280 5,120 40
// CHECK-NEXT: nn.softmax {{.*}} tensor<1x10xf32> 0 0 50 40
// CHECK-NEXT: total 535,818 2,143,272 1,070,130 3,152
