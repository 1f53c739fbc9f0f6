//===- LowerVectors.cpp - vectors to the target's registers ---------------===//
//
// After bufferization: contractions become outer products and then one FMA
// per accumulator row, n-D transfers become 1-D loads and stores (masked
// where out of bounds), and the remaining shape ops are lowered, so that
// LLVM sees one vector register per row. f32 transcendental functions
// become polynomial approximations first; partial vectors are loaded with
// one masked load. The order follows the sgemm probe
// (DESIGN.md's toolchain facts).
//
//===----------------------------------------------------------------------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPULOWERVECTORS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

/// A copy of a buffer onto itself (left by bufferizing a forall whose
/// iterations wrote in place) does nothing.
struct EraseSelfCopy : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getSource() != op.getTarget())
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// A 1-D in-bounds read of a memref whose innermost stride is a constant
/// s > 1 (a strided pool or convolution input in L1) loads the contiguous
/// range it spans and keeps every s-th element, instead of one scalar load
/// per element.
struct StridedReadToShuffle : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp op,
                                PatternRewriter &rewriter) const override {
    auto memref = dyn_cast<MemRefType>(op.getBase().getType());
    VectorType vector = op.getVectorType();
    if (!memref || vector.getRank() != 1 || op.getMask() ||
        !op.getPermutationMap().isMinorIdentity() || !op.getInBoundsValues()[0])
      return failure();
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(memref.getStridesAndOffset(strides, offset)) ||
        strides.empty() || ShapedType::isDynamic(strides.back()) ||
        strides.back() <= 1)
      return failure();
    int64_t s = strides.back(), n = vector.getNumElements();
    int64_t span = (n - 1) * s + 1;
    Location loc = op.getLoc();
    auto meta =
        memref::ExtractStridedMetadataOp::create(rewriter, loc, op.getBase());
    // The linear index of the first element, in elements of the base.
    Value start = meta.getOffset();
    for (auto [i, index] : llvm::enumerate(op.getIndices())) {
      Value stride = meta.getStrides()[i];
      start = arith::AddIOp::create(
          rewriter, loc, start,
          arith::MulIOp::create(rewriter, loc, index, stride));
    }
    auto flatType =
        MemRefType::get({span}, memref.getElementType(),
                        StridedLayoutAttr::get(rewriter.getContext(),
                                               ShapedType::kDynamic, {1}));
    Value flat = memref::ReinterpretCastOp::create(
        rewriter, loc, flatType, meta.getBaseBuffer(), OpFoldResult(start),
        {rewriter.getIndexAttr(span)}, {rewriter.getIndexAttr(1)});
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value wide = vector::LoadOp::create(
        rewriter, loc, VectorType::get({span}, vector.getElementType()), flat,
        ValueRange{zero});
    SmallVector<int64_t> lanes;
    for (int64_t i = 0; i < n; ++i)
      lanes.push_back(i * s);
    rewriter.replaceOpWithNewOp<vector::ShuffleOp>(op, wide, wide, lanes);
    return success();
  }
};

/// The width a partial 1-D vector of `n` elements is loaded at: the next
/// power of two, when `n` is not one (LLVM splits a <14 x float> load into
/// 8 + 4 + 2 element pieces and inserts).
std::optional<int64_t> widenedWidth(VectorType type) {
  if (type.getRank() != 1 || type.isScalable())
    return std::nullopt;
  int64_t n = type.getNumElements();
  if (n <= 2 || llvm::isPowerOf2_64(n) || n > 64)
    return std::nullopt;
  return static_cast<int64_t>(llvm::PowerOf2Ceil(n));
}
/// The mask of the first `n` of `wide` lanes.
Value prefixMask(PatternRewriter &rewriter, Location loc, int64_t wide,
                 int64_t n) {
  return vector::ConstantMaskOp::create(
      rewriter, loc, VectorType::get({wide}, rewriter.getI1Type()),
      ArrayRef<int64_t>{n});
}
/// A load of a partial vector becomes one masked load of the next power of
/// two (the extra lanes masked off: nothing past the n elements is read)
/// and a slice of its first n lanes. Depthwise rows of 14: 20-27 % faster.
struct WidenPartialLoad : OpRewritePattern<vector::LoadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::LoadOp op,
                                PatternRewriter &rewriter) const override {
    VectorType type = op.getVectorType();
    std::optional<int64_t> wide = widenedWidth(type);
    // A vector whose elements are taken one by one (broadcast for an outer
    // product) is better left to LLVM, which loads each element directly.
    if (!wide || llvm::any_of(op->getUsers(), [](Operation *user) {
          return isa<vector::ExtractOp>(user);
        }))
      return failure();
    Location loc = op.getLoc();
    auto wideType = VectorType::get({*wide}, type.getElementType());
    Value mask = prefixMask(rewriter, loc, *wide, type.getNumElements());
    Value zero = arith::ConstantOp::create(rewriter, loc, wideType,
                                           rewriter.getZeroAttr(wideType));
    Value loaded = vector::MaskedLoadOp::create(
        rewriter, loc, wideType, op.getBase(), op.getIndices(), mask, zero);
    rewriter.replaceOpWithNewOp<vector::ExtractStridedSliceOp>(
        op, loaded, ArrayRef<int64_t>{0},
        ArrayRef<int64_t>{type.getNumElements()}, ArrayRef<int64_t>{1});
    return success();
  }
};
/// A store of a partial vector becomes one masked store of the next power
/// of two (nothing past the n elements is written), as loads do: LLVM
/// would split a <14 x float> store into 8 + 4 + 2 element stores.
struct WidenPartialStore : OpRewritePattern<vector::StoreOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::StoreOp op,
                                PatternRewriter &rewriter) const override {
    VectorType type = op.getVectorType();
    std::optional<int64_t> wide = widenedWidth(type);
    // Up to 8 elements (a row of 7) the pieces are few, and measured faster
    // than a masked store.
    if (!wide || type.getNumElements() <= 8)
      return failure();
    Location loc = op.getLoc();
    int64_t n = type.getNumElements();
    SmallVector<int64_t> lanes;
    for (int64_t i = 0; i < *wide; ++i)
      lanes.push_back(i < n ? i : 0);
    Value value = vector::ShuffleOp::create(rewriter, loc, op.getValueToStore(),
                                            op.getValueToStore(), lanes);
    Value mask = prefixMask(rewriter, loc, *wide, n);
    rewriter.replaceOpWithNewOp<vector::MaskedStoreOp>(
        op, op.getBase(), op.getIndices(), mask, value);
    return success();
  }
};
struct LowerVectorsPass
    : nnc::codegen::impl::NNCCPULowerVectorsBase<LowerVectorsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    Operation *func = getOperation();
    auto run = [&](auto populate) {
      RewritePatternSet patterns(ctx);
      populate(patterns);
      return applyPatternsGreedily(func, std::move(patterns));
    };
    // Strided 1-D reads are taken before VectorToSCF scalarizes them.
    auto lowerTransfers = [](unsigned rank) {
      return [rank](RewritePatternSet &patterns) {
        patterns.add<StridedReadToShuffle>(patterns.getContext(),
                                           /*benefit=*/2);
        populateVectorToSCFConversionPatterns(patterns,
                                              VectorTransferToSCFOptions()
                                                  .setTargetRank(rank)
                                                  .enableFullUnroll());
      };
    };
    // f32 exp, log, tanh, erf, ... as polynomials (vector ops, no libm call
    // per lane); LLVM has no vector form of these and scalarizes them.
    if (failed(run([](RewritePatternSet &patterns) {
          populateMathPolynomialApproximationPatterns(
              patterns, [](StringRef name) {
                name.consume_front("math.");
                return llvm::is_contained(
                    {"exp", "expm1", "log", "log1p", "log2", "tanh", "erf"},
                    name);
              });
        })))
      return signalPassFailure();
    if (failed(run([](RewritePatternSet &patterns) {
          patterns.add<EraseSelfCopy>(patterns.getContext());
          vector::populateVectorContractLoweringPatterns(
              patterns, vector::VectorContractLowering::OuterProduct);
          vector::populateVectorOuterProductLoweringPatterns(patterns);
          vector::populateVectorTransferPermutationMapLoweringPatterns(
              patterns);
          vector::populateVectorTransferLoweringPatterns(patterns, 1);
          vector::populateVectorTransposeLoweringPatterns(
              patterns, vector::VectorTransposeLowering::EltWise);
          vector::populateVectorShapeCastLoweringPatterns(patterns);
          vector::populateVectorBroadcastLoweringPatterns(patterns);
          vector::populateVectorMultiReductionLoweringPatterns(
              patterns, vector::VectorMultiReductionLowering::InnerReduction);
          vector::populateVectorMaskOpLoweringPatterns(patterns);
        })) ||
        failed(run(lowerTransfers(1))) ||
        failed(run([](RewritePatternSet &patterns) {
          patterns.add<StridedReadToShuffle>(patterns.getContext(),
                                             /*benefit=*/2);
          vector::populateVectorTransferLoweringPatterns(patterns, 1);
        })) ||
        failed(run(lowerTransfers(0))) ||
        failed(run([](RewritePatternSet &patterns) {
          patterns.add<WidenPartialLoad, WidenPartialStore>(
              patterns.getContext());
        })))
      return signalPassFailure();
  }
};

} // namespace
