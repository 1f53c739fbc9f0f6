//===- RootOps.h - the ops the CPU strategies generate ----------*- C++ -*-===//
//
// Matching of the ops that carry the FLOPs (matmuls and convolutions, as
// convert-nn-to-linalg emits them), shared by strategy selection and
// packing, and access to the bytes of constant weights.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_LIB_CODEGEN_CPU_ROOTOPS_H
#define NNC_LIB_CODEGEN_CPU_ROOTOPS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace nnc::codegen {

/// The row-major bytes of a constant tensor: an arith.constant (dense or
/// dense_resource), possibly through tensor reshapes, which keep the order.
struct ConstantData {
  llvm::ArrayRef<char> bytes; // one element when splat
  bool splat = false;
  int64_t elementBytes = 0;
};
std::optional<ConstantData> getConstantData(mlir::Value value);

/// C[b, m, n] = init + sum_k A[b, m, k] * B[b, k, n] (b optional), with A
/// possibly stored [K, M] and B [N, K].
struct MatmulRoot {
  mlir::linalg::LinalgOp op;
  bool batched = false;
  bool transposeA = false, transposeB = false;
  int64_t batch = 1, m = 0, n = 0, k = 0; // m may be dynamic
  mlir::Value a, b, init;
  bool constantB = false;
  /// The init is a linalg.fill (of this value).
  mlir::Value fillValue;
};
std::optional<MatmulRoot> matchMatmul(mlir::Operation *op);

/// out[n, (g,) f, oh, ow] = init + sum x[n, (g,) c, oh*s + kh*d, ...] *
/// w[(g,) f, c, kh, kw]; 1-D convolutions have no h dimension.
struct ConvRoot {
  mlir::linalg::LinalgOp op;
  int64_t spatialRank = 2; // 1 or 2
  bool grouped = false;
  int64_t batch = 0, groups = 1, channels = 0, filters = 0; // per group
  llvm::SmallVector<int64_t> inSpatial, outSpatial, window, strides,
      dilations; // spatialRank entries each
  mlir::Value input, filter, init;
  mlir::Value fillValue;
};
std::optional<ConvRoot> matchConv(mlir::Operation *op);

} // namespace nnc::codegen

#endif // NNC_LIB_CODEGEN_CPU_ROOTOPS_H
