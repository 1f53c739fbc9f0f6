//===- NNToLinalg.h - nn to linalg patterns ---------------------*- C++ -*-===//
#ifndef NNC_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define NNC_CONVERSION_NNTOLINALG_NNTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace nnc {

/// dense, conv, matmul (with their bias + activation epilogue).
void populateNNLinearToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// add sub mul div pow max min, unary math, activations.
void populateNNElementwiseToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// softmax, log_softmax, sparsemax, grid_softmax.
void populateNNSoftmaxToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// layer_norm, rms_norm, batch_norm.
void populateNNNormalizationToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// pool, global_pool, flatten, reshape, transpose, concat, split, reduce,
/// dropout.
void populateNNStructuralToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// embedding, kmeans.
void populateNNSequenceToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// cross_entropy, bce, bce_with_logits, mse.
void populateNNLossToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// The kernels of the gradient rules: unary / binary / loss backward,
/// one_hot, numel, broadcast, global pool and embedding backward, and the
/// window ops below.
void populateNNBackwardToLinalgPatterns(mlir::RewritePatternSet &patterns);
/// conv_backward_input, conv_backward_weight, pool_backward.
void populateNNConvPoolBackwardToLinalgPatterns(
    mlir::RewritePatternSet &patterns);

/// softmax(q·kᵀ·scale + mask)·v as one loop nest over blocks of
/// `queryBlock` queries and `keyBlock` keys (online softmax; no score
/// tensor). Rooted at the second matmul; runs before the patterns above.
void populateNNFlashAttentionPatterns(mlir::RewritePatternSet &patterns,
                                      int64_t queryBlock, int64_t keyBlock);

/// All of the above.
void populateNNToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace nnc

#endif // NNC_CONVERSION_NNTOLINALG_NNTOLINALG_H
