// The ledger of the example MLP (weights embedded as constants).
// RUN: nnc-opt --nn-shape-ledger %nnc_src_root/examples/mlp.mlir -o /dev/null | FileCheck %s

// Parameters: 784·512+512 + 512·256+256 + 256·10+10 = 535,818 (2,143,272 bytes),
// as PyTorch's sum(p.numel()); FLOPs: 2·(784·512 + 512·256 + 256·10) = 1,070,080.
// CHECK-LABEL: Shape ledger for @main
// CHECK:      nn.dense {{.*}} tensor<1x512xf32> 401,920 1,607,680 802,816 2,048
// CHECK-NEXT: nn.dense {{.*}} tensor<1x256xf32> 131,328 525,312 262,144 1,024
// CHECK-NEXT: nn.dense {{.*}} tensor<1x10xf32> 2,570 10,280 5,120 40
// CHECK-NEXT: total 535,818 2,143,272 1,070,080 3,112
