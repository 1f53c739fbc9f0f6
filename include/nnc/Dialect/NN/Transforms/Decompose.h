//===- Decompose.h - composite nn layers into primitive ops -----*- C++ -*-===//
#ifndef NNC_DIALECT_NN_TRANSFORMS_DECOMPOSE_H
#define NNC_DIALECT_NN_TRANSFORMS_DECOMPOSE_H

#include "mlir/IR/PatternMatch.h"

namespace nnc::nn {

/// attention, swiglu, rnn, lstm: the layers without a direct linalg lowering.
void populateNNDecomposeCompositePatterns(mlir::RewritePatternSet &patterns);

/// attention only (into the matmul-softmax-matmul the flash-attention
/// fusion takes).
void populateNNDecomposeAttentionPatterns(mlir::RewritePatternSet &patterns);

/// layer_norm, rms_norm, kmeans and the softmax variants.
void populateNNDecomposeNormAndSoftmaxPatterns(
    mlir::RewritePatternSet &patterns);

/// layer_norm, rms_norm and kmeans only (nn-derive-backward differentiates
/// the softmax variants with their own rules).
void populateNNDecomposeNormPatterns(mlir::RewritePatternSet &patterns);

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_TRANSFORMS_DECOMPOSE_H
