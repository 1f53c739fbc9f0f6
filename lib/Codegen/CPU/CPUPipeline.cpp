//===- CPUPipeline.cpp - nn to LLVM for a CPU -----------------------------===//
#include "nnc/Codegen/CPU/CPUPipeline.h"
#include "nnc/Codegen/Passes.h"
#include "nnc/Conversion/Passes.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void nnc::codegen::buildCPUPipeline(OpPassManager &pm,
                                    const CPUPipelineOptions &options) {
  // nn -> linalg on tensors, epilogues fused with each other.
  pm.addNestedPass<func::FuncOp>(nnc::nn::createNNFoldBatchNorm());
  pm.addNestedPass<func::FuncOp>(nnc::nn::createNNFuseBiasActivation());
  nnc::ConvertNNToLinalgOptions toLinalg;
  toLinalg.attentionQueryBlock = options.attentionQueryBlock;
  toLinalg.attentionKeyBlock = options.attentionKeyBlock;
  toLinalg.checkValues = options.checkValues;
  pm.addPass(nnc::createConvertNNToLinalg(toLinalg));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createNNCFuseElementwise());
  pm.addNestedPass<func::FuncOp>(createNNCDecomposePads());
  pm.addPass(createCanonicalizerPass());

  // Target, strategy per root op, and its application.
  NNCCPUAttachTargetOptions target;
  target.triple = options.triple;
  target.cpu = options.cpu;
  target.features = options.features;
  target.threads = options.threads;
  pm.addPass(createNNCCPUAttachTarget(target));
  NNCCPUSelectStrategyOptions select;
  select.matmulMicrokernel.assign(options.matmulMicrokernel.begin(),
                                  options.matmulMicrokernel.end());
  select.convMicrokernel.assign(options.convMicrokernel.begin(),
                                options.convMicrokernel.end());
  pm.addNestedPass<func::FuncOp>(createNNCCPUSelectStrategy(select));
  pm.addNestedPass<func::FuncOp>(createNNCCPUMaterializePacking());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createNNCTileAndFuse());
  pm.addNestedPass<func::FuncOp>(createNNCVectorize());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Buffers.
  pm.addNestedPass<func::FuncOp>(createNNCPaddedBuffersInPlace());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // A recurrent layer's loop yields each step's new state.
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  if (options.dropInPlaceResults) {
    // Loops that carry an argument's buffer unchanged fold to the buffer.
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createNNCDropInPlaceResults());
  }
  if (options.resultsToOutParams) {
    // The caller's buffer replaces the result's allocation (no copy) when
    // the result is that allocation; other results are copied into it. The
    // canonicalizer first folds the loops that carry a result's buffer
    // unchanged back to the buffer.
    pm.addPass(createCanonicalizerPass());
    bufferization::BufferResultsToOutParamsPassOptions outParams;
    outParams.hoistStaticAllocs = true;
    outParams.modifyPublicFunctions = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  }
  pm.addNestedPass<func::FuncOp>(createNNCCPUStackTileBuffers());
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  // Clones the deallocation inserted (e.g. a result that aliases an input).
  pm.addPass(createConvertBufferizationToMemRefPass());
  // A value computed in place in the interior of a padded buffer is
  // "inserted" by a copy onto itself (two identical subviews): CSE makes
  // them one and canonicalization drops the copy.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createNNCCPUPlanMemory());

  // Vectors to registers; what has no strategy to loops; threads.
  pm.addNestedPass<func::FuncOp>(createNNCCPULowerVectors());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  if (options.threads == 1) {
    pm.addNestedPass<func::FuncOp>(createForallToForLoopPass());
  } else {
    pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
    pm.addPass(createConvertSCFToOpenMPPass());
    NNCCPUSetNumThreadsOptions threads;
    threads.defaultThreads = options.threads;
    pm.addPass(createNNCCPUSetNumThreads(threads));
  }
  pm.addPass(createCanonicalizerPass());

  // LLVM. memref lowering precedes scf-to-cf: OpenMP regions hold
  // memref.alloca_scope ops, which must not be split into blocks first.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToSCFPass());
  // aligned_alloc: a result's allocated and aligned pointers are one, so
  // an executable keeps result buffers instead of copying them.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createSCFToControlFlowPass());
  // LLVM intrinsics where they exist, libm for the rest (erf, ...; vectors
  // of them are unrolled into vector ops, so this precedes vector-to-llvm).
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  // A float sum over a vector (a pool's, a softmax's or a norm's row) as a
  // tree of vector adds, not a chain of scalar adds in lane order: the
  // order is still fixed by the vector shape, the same at any thread count.
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Without region simplification, which on the LLVM dialect of a large
  // function took half of the MLIR time (efficientnet_b0: 5.7 of 11.6 s);
  // LLVM's -O3 simplifies the CFG anyway.
  GreedyRewriteConfig last;
  last.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  pm.addPass(createCanonicalizerPass(last));
}

void nnc::codegen::registerCPUPipeline() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "nnc-cpu-pipeline",
      "Lower nn to the LLVM dialect for a CPU (what nnc-translate compiles)",
      [](OpPassManager &pm, const CPUPipelineOptions &options) {
        buildCPUPipeline(pm, options);
      });
}
