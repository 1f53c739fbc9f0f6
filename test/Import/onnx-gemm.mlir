// Gemm (transB = 1, bias [N]) becomes nn.dense; a symbolic first dimension
// becomes `?`.
// RUN: %python %S/Inputs/onnx_models.py gemm %t.onnx
// RUN: nnc-translate --import-onnx %t.onnx --emit=nn | FileCheck %s
// Compiling it names its input and output in the signature and prints
// nothing on stderr (no LLVM warning about the nn.name attributes).
// RUN: nnc-translate --import-onnx %t.onnx --emit=obj -o %t.o 2>%t.err
// RUN: test ! -s %t.err
// The graph's input and output names are the C names, in the header and
// in an executable's usage.
// RUN: rm -rf %t.d && mkdir -p %t.d && nnc-translate %t.onnx --emit=obj --name=onnx_gemm -o %t.d/gemm.o
// RUN: FileCheck %s --check-prefix=HEADER < %t.d/onnx_gemm.h
// RUN: nnc-translate %t.onnx -o %t.exe
// RUN: %t.exe --help | FileCheck %s --check-prefix=USAGE
// HEADER: int onnx_gemm_run(int64_t batch, const float *x, float *z)
// USAGE: x{{.*}}-o z

// CHECK-LABEL: func.func @main
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32> {nn.name = "x"}) -> (tensor<?x3xf32> {nn.name = "z"})
// CHECK-DAG:     %[[W:.*]] = arith.constant {{.*}} : tensor<3x4xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant {{.*}} : tensor<3xf32>
// CHECK:         %[[D:.*]] = nn.dense %[[X]], %[[W]], %[[B]] : (tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x3xf32>
// CHECK:         %[[R:.*]] = nn.relu %[[D]] : tensor<?x3xf32>
// CHECK:         return %[[R]]
