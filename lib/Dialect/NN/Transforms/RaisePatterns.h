//===- RaisePatterns.h - nn-raise-exported-layers' pattern sets -*- C++ -*-===//
#ifndef NNC_LIB_DIALECT_NN_TRANSFORMS_RAISEPATTERNS_H
#define NNC_LIB_DIALECT_NN_TRANSFORMS_RAISEPATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace nnc::nn {

/// Raises an exported nn.MultiheadAttention into nn.attention
/// (RaiseAttention.cpp).
void populateRaiseAttentionPatterns(mlir::RewritePatternSet &patterns);

} // namespace nnc::nn

#endif // NNC_LIB_DIALECT_NN_TRANSFORMS_RAISEPATTERNS_H
