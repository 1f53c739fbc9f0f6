//===- Pipelines.h - nnc's pass pipelines -----------------------*- C++ -*-===//
#ifndef NNC_PIPELINES_PIPELINES_H
#define NNC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace nnc {

/// nn on tensors -> LLVM dialect for the host CPU: nn-fuse-bias-activation,
/// convert-nn-to-linalg,
/// elementwise fusion, one-shot bufferization (function boundaries with
/// identity layouts), buffer deallocation, loops, and the LLVM conversions
/// (math functions without an LLVM intrinsic become libm calls).
void buildCPUPipeline(mlir::OpPassManager &pm);

/// Registers `nnc-cpu-pipeline` for nnc-opt.
void registerPipelines();

} // namespace nnc

#endif // NNC_PIPELINES_PIPELINES_H
