//===- CPUPipeline.h - nn to LLVM for a CPU ---------------------*- C++ -*-===//
#ifndef NNC_CODEGEN_CPU_CPUPIPELINE_H
#define NNC_CODEGEN_CPU_CPUPIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace nnc::codegen {

/// The options of `nnc-cpu-pipeline` (and of nnc-translate's CPU targets).
struct CPUPipelineOptions : mlir::PassPipelineOptions<CPUPipelineOptions> {
  Option<std::string> triple{*this, "triple",
                             llvm::cl::desc("LLVM target triple (default: "
                                            "the host's)"),
                             llvm::cl::init("")};
  Option<std::string> cpu{*this, "cpu",
                          llvm::cl::desc("LLVM CPU name, or 'host'"),
                          llvm::cl::init("host")};
  Option<std::string> features{
      *this, "features", llvm::cl::desc("Extra LLVM features, e.g. '-avx512f'"),
      llvm::cl::init("")};
  Option<int64_t> threads{
      *this, "threads",
      llvm::cl::desc("0: as many threads as NNC_NUM_THREADS or the online "
                     "cores at run time; 1: single-threaded code; N: N "
                     "threads unless NNC_NUM_THREADS says otherwise"),
      llvm::cl::init(0)};
  ListOption<int64_t> matmulMicrokernel{
      *this, "matmul-microkernel",
      llvm::cl::desc("Register block of matmuls: rows,columns")};
  Option<bool> resultsToOutParams{
      *this, "results-to-out-params",
      llvm::cl::desc("Pass static-shaped results as buffers appended to "
                     "the arguments, computed in place where the result "
                     "is a buffer of its own (shared libraries)"),
      llvm::cl::init(false)};
  Option<bool> dropInPlaceResults{
      *this, "drop-in-place-results",
      llvm::cl::desc("Drop the results that are an argument's buffer, "
                     "updated in place (a trainer's parameters and "
                     "optimizer state, whose arguments are writable)"),
      llvm::cl::init(false)};
  Option<int64_t> attentionQueryBlock{
      *this, "attention-query-block",
      llvm::cl::desc("Queries per block of the fused attention core"),
      llvm::cl::init(32)};
  Option<int64_t> attentionKeyBlock{
      *this, "attention-key-block",
      llvm::cl::desc("Keys per block of the fused attention core (0: "
                     "softmax and the two matmuls one by one)"),
      llvm::cl::init(64)};
  Option<bool> checkValues{
      *this, "check-values",
      llvm::cl::desc("Report ids, labels and dynamic sizes out of range to "
                     "the runtime (false: clamp only)"),
      llvm::cl::init(true)};
  ListOption<int64_t> convMicrokernel{
      *this, "conv-microkernel",
      llvm::cl::desc("Register block of convolutions: output channels,"
                     "output columns")};
};

/// nn on tensors -> LLVM dialect: nn-fuse-bias-activation,
/// convert-nn-to-linalg, elementwise fusion, target attachment, strategy
/// selection, packing, tile-and-fuse, vectorization, one-shot
/// bufferization, vector lowering, OpenMP for the parallel tiles, and the
/// LLVM conversions.
void buildCPUPipeline(mlir::OpPassManager &pm,
                      const CPUPipelineOptions &options = {});

/// Registers `nnc-cpu-pipeline` for nnc-opt.
void registerCPUPipeline();

} // namespace nnc::codegen

#endif // NNC_CODEGEN_CPU_CPUPIPELINE_H
