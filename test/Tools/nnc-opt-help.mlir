// nnc-opt lists the nn passes and the upstream lowering passes it registers.
// RUN: nnc-opt --help | FileCheck %s

// CHECK: --nn-shape-ledger
// CHECK-SAME: Print parameters, parameter memory, FLOPs and activation memory
// CHECK: format=<value>
// CHECK: --one-shot-bufferize
