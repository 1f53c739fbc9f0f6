// RUN: nnc-translate %s --emit=llvmir | FileCheck %s
// RUN: nnc-translate %s --emit=mlir-llvm --name=m | FileCheck %s --check-prefix=LOWERED
// RUN: nnc-translate %s --emit=obj -o %t.o && test -s %t.o

// The entry is renamed <name>_entry (no clash with C's main or another
// model; the name is the source's stem when the output is stdout) and gets a
// C interface.
// CHECK-LABEL: define {{.*}}void @_mlir_ciface_emit_llvmir_entry(
// LOWERED-LABEL: llvm.func @m_entry(
// LOWERED-NOT: nn.
func.func @main(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %a = nn.add %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r = nn.relu %a : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
