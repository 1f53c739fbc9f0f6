// RUN: nnc-translate %s --emit=obj --name=m --mcpu=znver5 -o %t.avx512.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.avx512.o | FileCheck %s --check-prefix=AVX512
// RUN: nnc-translate %s --emit=obj --name=m --mcpu=haswell -o %t.haswell.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.haswell.o | FileCheck %s --check-prefix=AVX2 --implicit-check-not=zmm
// RUN: nnc-translate %s --emit=obj --name=m --mcpu=znver5 --mattr=-avx512f -o %t.noavx512.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.noavx512.o | FileCheck %s --check-prefix=AVX2 --implicit-check-not=zmm
// RUN: nnc-translate %s --emit=mlir-llvm --name=m --mcpu=znver5 --num-threads=2 | FileCheck %s --check-prefix=THREADS
// RUN: nnc-translate %s --emit=mlir-llvm --name=m --mcpu=znver5 --num-threads=1 | FileCheck %s --check-prefix=ONE --implicit-check-not=omp.

// nnc-cpu-pipeline end to end: the register block's FMAs use the widest
// vectors the target's features allow (zmm with AVX-512, ymm without it,
// never assumed from the host), and the parallel tiles are one OpenMP
// worksharing loop whose thread count comes from the runtime.

// AVX512-LABEL: <m_entry>:
// AVX512: vfmadd231ps {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm{{[0-9]+}}

// AVX2-LABEL: <m_entry>:
// AVX2: vfmadd231ps {{.*}}%ymm{{[0-9]+}}, %ymm{{[0-9]+}}, %ymm{{[0-9]+}}

// THREADS-LABEL: llvm.func @m_entry(
// THREADS: %[[N:.*]] = llvm.call @nnc_num_threads(%{{.*}}) : (i32) -> i32
// THREADS: omp.parallel num_threads(%[[N]] : i32) {
// THREADS-NEXT: omp.wsloop {
// THREADS-NEXT: omp.loop_nest ({{.*}}) : i64 = {{.*}} collapse(2) {
// THREADS: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>

// ONE-LABEL: llvm.func @m_entry(
// ONE: llvm.intr.fmuladd
func.func @dense_relu(%x: tensor<64x256xf32>) -> tensor<64x128xf32> {
  %w = arith.constant dense<0.5> : tensor<128x256xf32>
  %b = arith.constant dense<0.25> : tensor<128xf32>
  %y = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<64x256xf32>, tensor<128x256xf32>, tensor<128xf32>) -> tensor<64x128xf32>
  return %y : tensor<64x128xf32>
}
