//===- RaisePatterns.h - nn-raise-exported-layers' pattern sets -*- C++ -*-===//
#ifndef NNC_LIB_DIALECT_NN_TRANSFORMS_RAISEPATTERNS_H
#define NNC_LIB_DIALECT_NN_TRANSFORMS_RAISEPATTERNS_H

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace nnc::nn {

/// The value of a float constant or splat constant tensor.
inline std::optional<double> splatValue(mlir::Value v) {
  llvm::APFloat value(0.0);
  if (!mlir::matchPattern(v, mlir::m_ConstantFloat(&value)))
    return std::nullopt;
  return value.convertToDouble();
}

/// Raises an exported nn.MultiheadAttention into nn.attention
/// (RaiseAttention.cpp).
void populateRaiseAttentionPatterns(mlir::RewritePatternSet &patterns);

} // namespace nnc::nn

#endif // NNC_LIB_DIALECT_NN_TRANSFORMS_RAISEPATTERNS_H
