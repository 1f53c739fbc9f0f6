//===- RootOps.h - the ops the CPU strategies generate ----------*- C++ -*-===//
//
// Matching of the ops that carry the FLOPs (matmuls and convolutions, as
// convert-nn-to-linalg emits them), shared by strategy selection and
// packing (the bytes of constant weights: nnc/Dialect/NN/Transforms/
// ConstantData.h).
//
//===----------------------------------------------------------------------===//
#ifndef NNC_LIB_CODEGEN_CPU_ROOTOPS_H
#define NNC_LIB_CODEGEN_CPU_ROOTOPS_H

#include "nnc/Codegen/IR/CodegenDialect.h"
#include "nnc/Dialect/NN/Transforms/ConstantData.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace nnc::codegen {

using nnc::ConstantData;
using nnc::getConstantData;

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

  /// A 1x1 2-D convolution of stride 1: per image, the matmul of the filter
  /// [F, C] and the pixels [C, H*W]. It is computed as the 1-D convolution
  /// over the flattened pixels, so that register blocks span image rows.
  bool isPointwise() const;
  /// The positions of one window (the product of its sizes).
  int64_t windowSize() const;
  /// The 1-D convolution over flattened pixels (same values, which the
  /// packing collapses).
  ConvRoot flattened() const;
};
std::optional<ConvRoot> matchConv(mlir::Operation *op);

/// Whether `conv` is computed as Winograd F(2x2, 3x3): a 3x3 2-D
/// convolution, stride 1, dilation 1, no groups, an even output, and enough
/// channels for the transforms to pay off.
bool isWinogradConv(const ConvRoot &conv);

/// Rewrites a `winograd` root (and its elementwise epilogue, if any) into
/// an scf.forall over blocks of the output (`config`'s parallel tile
/// [1, filters, rows, OW]; the whole image without one) of: the input
/// transform (`winograd_input`), 16 GEMMs with the filter transformed at
/// compile time (`matmul`), the output transform (`winograd_output`) and the
/// epilogue. `config`'s microkernel is the GEMM's register block.
mlir::LogicalResult materializeWinograd(mlir::RewriterBase &rewriter,
                                        const ConvRoot &conv,
                                        mlir::linalg::GenericOp epilogue,
                                        LoweringConfigAttr config);

/// Rewrites the max or sum pool with non-overlapping windows that is the
/// only reader of `unpacked` (a packed convolution's result or epilogue,
/// collapsed from [N][F/MR][MR][OH][OW]) into a generic over the packed
/// layout, for nnc-tile-and-fuse to fuse into the convolution's tiles. Other
/// readers are left alone.
void packPoolConsumer(mlir::RewriterBase &rewriter,
                      mlir::tensor::CollapseShapeOp unpacked);

} // namespace nnc::codegen

#endif // NNC_LIB_CODEGEN_CPU_ROOTOPS_H
