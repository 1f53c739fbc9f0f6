// RUN: nnc-opt %s --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=4" | FileCheck %s --check-prefix=AVX512
// RUN: nnc-opt %s --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 features=-avx512f threads=2" | FileCheck %s --check-prefix=AVX2
// RUN: nnc-opt %s --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=haswell threads=1" | FileCheck %s --check-prefix=HASWELL
// RUN: nnc-opt %s --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=x86-64 threads=2" | FileCheck %s --check-prefix=SSE
// RUN: not nnc-opt %s --nnc-cpu-attach-target="cpu=not-a-cpu" 2>&1 | FileCheck %s --check-prefix=BADCPU
// RUN: not nnc-opt %s --nnc-cpu-attach-target="features=avx512f" 2>&1 | FileCheck %s --check-prefix=BADFEATURE
// RUN: not nnc-opt %s --nnc-cpu-attach-target="features=+no-such-feature" 2>&1 | FileCheck %s --check-prefix=UNKNOWNFEATURE
// RUN: not nnc-opt %s --nnc-cpu-attach-target="triple=no-such-arch-linux" 2>&1 | FileCheck %s --check-prefix=BADTRIPLE

// The target is recorded on the module before any strategy is chosen; the
// vector width comes from the features (AVX-512F: 512 bits, 32 registers;
// AVX2 + FMA: 256, 16; else 128), explicit features apply on top of the
// CPU's own.

// AVX512: module attributes {nnc_codegen.target = #nnc_codegen.target<triple = "x86_64-unknown-linux-gnu", cpu = "znver5", features = "", vector_bits = 512, vector_registers = 32, threads = 4>}
// AVX2: #nnc_codegen.target<triple = "x86_64-unknown-linux-gnu", cpu = "znver5", features = "-avx512f", vector_bits = 256, vector_registers = 16, threads = 2>
// HASWELL: vector_bits = 256, vector_registers = 16, threads = 1>
// SSE: vector_bits = 128, vector_registers = 16, threads = 2>
// BADCPU: error: unknown CPU 'not-a-cpu'
// BADFEATURE: error: target feature 'avx512f' must start with '+' or '-'
// UNKNOWNFEATURE: error: unknown target feature 'no-such-feature'
// BADCPU-NOT: not a recognized processor
// BADTRIPLE: error: unknown target triple 'no-such-arch-linux'

// AVX512-LABEL: func.func @f(
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
