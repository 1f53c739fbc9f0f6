// RUN: split-file %s %t
// RUN: not nnc-translate %t/two-public.mlir --emit=llvmir 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not nnc-translate %t/memref-arg.mlir --emit=llvmir 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: not nnc-translate %t/dynamic.mlir --emit=shared -o %t/lib.so 2>&1 | FileCheck %s --check-prefix=DYN
// RUN: not nnc-translate %t/missing-entry.mlir --entry=nope --emit=llvmir 2>&1 | FileCheck %s --check-prefix=ENTRY
// RUN: not nnc-translate %t/unsupported.mlir --emit=llvmir 2>&1 | FileCheck %s --check-prefix=SHAPE

// TWO: error: the module has several public functions; name the entry with --entry=<name>
// TYPE: error: argument 0 has type 'memref<4xf32>'; only ranked tensors cross the C boundary
// DYN: error: --emit=shared supports a dynamic batch (first dimension) only; in0 has another dynamic dimension
// ENTRY: error: entry function @nope not found
// SHAPE: unsupported.mlir:2:8: error: 'nn.dense' op weight shape [10, 784] does not match input features 512: expected [10, 512]

//--- two-public.mlir
func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> { return %x : tensor<2xf32> }
func.func @b(%x: tensor<2xf32>) -> tensor<2xf32> { return %x : tensor<2xf32> }
//--- memref-arg.mlir
func.func @main(%x: memref<4xf32>) -> tensor<4xf32> {
  %t = bufferization.to_tensor %x : memref<4xf32> to tensor<4xf32>
  return %t : tensor<4xf32>
}
//--- dynamic.mlir
func.func @main(%x: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %r = nn.relu %x : tensor<2x?xf32>
  return %r : tensor<2x?xf32>
}
//--- missing-entry.mlir
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> { return %x : tensor<2xf32> }
//--- unsupported.mlir
func.func @main(%x: tensor<32x512xf32>, %w: tensor<10x784xf32>) -> tensor<32x10xf32> {
  %y = nn.dense %x, %w : (tensor<32x512xf32>, tensor<10x784xf32>) -> tensor<32x10xf32>
  return %y : tensor<32x10xf32>
}
