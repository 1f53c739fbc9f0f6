//===- Utils.h - helpers shared by the code-generation passes ---*- C++ -*-===//
#ifndef NNC_CODEGEN_COMMON_UTILS_H
#define NNC_CODEGEN_COMMON_UTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace nnc::codegen {

/// Whether `op` has two inputs, one init and the body `out + in0 * in1`
/// (in any operand order), nothing else.
bool isMulAddBody(mlir::linalg::LinalgOp op);

/// Whether `dest` is a padded buffer of nnc-decompose-pads: its
/// bufferization.alloc_tensor, filled whole or along its border (possibly in
/// tiles, by an scf.forall or scf.for).
bool isPaddedBuffer(mlir::Value dest);

/// The canonicalization patterns of every loaded dialect and registered op
/// (what --canonicalize applies), for passes that canonicalize in between
/// their own steps.
void populateAllCanonicalizationPatterns(mlir::RewritePatternSet &patterns);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_COMMON_UTILS_H
