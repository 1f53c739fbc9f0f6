//===- PackPool.cpp - a pool on a packed convolution's layout -------------===//
//
// A max or sum pool whose windows do not overlap (window = stride), reading
// a packed convolution's result, is rewritten over the packed layout
// [N][F/MR][MR][OH][OW]: nnc-tile-and-fuse then computes it on the
// convolution's parallel tiles, while the tile is in cache, instead of
// writing the whole convolution output and reading it back.
//
//===----------------------------------------------------------------------===//
#include "RootOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nnc::codegen {

namespace {

/// The op that writes a packed convolution's tile: the root itself or its
/// elementwise epilogue.
bool isPackedConvResult(Value v) {
  auto op = v.getDefiningOp<linalg::GenericOp>();
  if (!op)
    return false;
  if (LoweringConfigAttr config = getLoweringConfig(op))
    return config.getStrategy() == Strategy::conv;
  if (op.getNumLoops() != op.getNumParallelLoops())
    return false;
  return llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *operand) {
    auto root = operand->get().getDefiningOp<linalg::GenericOp>();
    LoweringConfigAttr config = root ? getLoweringConfig(root) : nullptr;
    return config && config.getStrategy() == Strategy::conv &&
           op.getMatchingIndexingMap(operand).isIdentity();
  });
}

} // namespace

void packPoolConsumer(RewriterBase &rewriter,
                      tensor::CollapseShapeOp unpacked) {
  Value packed = unpacked.getSrc();
  auto packedType = cast<RankedTensorType>(packed.getType());
  if (packedType.getRank() != 5 || !packedType.hasStaticShape() ||
      !unpacked->hasOneUse() || !packed.hasOneUse() ||
      !isPackedConvResult(packed) ||
      unpacked.getReassociationIndices() !=
          SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}})
    return;
  Operation *user = *unpacked->getUsers().begin();
  if (!isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp>(user))
    return;
  auto pool = cast<linalg::LinalgOp>(user);
  LoweringConfigAttr config = getLoweringConfig(pool);
  if (!config || config.getStrategy() != Strategy::pool ||
      pool.getDpsInputOperand(0)->get() != unpacked.getResult())
    return;
  DenseIntElementsAttr stridesAttr, dilationsAttr;
  if (auto p = dyn_cast<linalg::PoolingNchwMaxOp>(user)) {
    stridesAttr = p.getStrides();
    dilationsAttr = p.getDilations();
  } else {
    auto s = cast<linalg::PoolingNchwSumOp>(user);
    stridesAttr = s.getStrides();
    dilationsAttr = s.getDilations();
  }
  Value window = pool.getDpsInputOperand(1)->get();
  auto windowShape = cast<ShapedType>(window.getType()).getShape();
  SmallVector<int64_t> strides, dilations;
  for (APInt v : stridesAttr.getValues<APInt>())
    strides.push_back(v.getSExtValue());
  for (APInt v : dilationsAttr.getValues<APInt>())
    dilations.push_back(v.getSExtValue());
  if (strides[0] != windowShape[0] || strides[1] != windowShape[1] ||
      dilations[0] != 1 || dilations[1] != 1)
    return;
  auto init = pool.getDpsInitOperand(0)->get().getDefiningOp<linalg::FillOp>();
  auto outType = dyn_cast<RankedTensorType>(pool->getResult(0).getType());
  if (!init || !outType || !outType.hasStaticShape())
    return;

  // Loops n, f1, f0, ph, pw, kh, kw.
  MLIRContext *ctx = pool->getContext();
  Location loc = pool->getLoc();
  rewriter.setInsertionPoint(pool);
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap in = AffineMap::get(
      7, 0,
      {d(0), d(1), d(2), d(3) * strides[0] + d(5), d(4) * strides[1] + d(6)},
      ctx);
  AffineMap win = AffineMap::get(7, 0, {d(5), d(6)}, ctx);
  int64_t mr = packedType.getDimSize(2);
  // The result keeps the pool's own layout (the channel is f1 * MR + f0),
  // so that empty-tensor elimination can still place it in a padded
  // consumer buffer; nnc-vectorize folds the unit f1 and f0 of a block.
  AffineMap out =
      AffineMap::get(7, 0, {d(0), d(1) * mr + d(2), d(3), d(4)}, ctx);
  SmallVector<utils::IteratorType> iterators(5, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{outType}, ValueRange{packed, window},
      ValueRange{init.getResult(0)}, ArrayRef<AffineMap>{in, win, out},
      iterators);
  // The named op's body: (input, window element, accumulator).
  rewriter.cloneRegionBefore(pool->getRegion(0), generic.getRegion(),
                             generic.getRegion().end());

  // The pool's tiles over the packed loops: f1 takes f's parallel tile.
  auto expand = [&](ArrayRef<int64_t> t, int64_t f0) {
    if (t.empty())
      return SmallVector<int64_t>();
    return SmallVector<int64_t>{
        t[0], t[1] ? std::max<int64_t>(1, t[1] / mr) : 0, f0, t[2], t[3], t[4],
        t[5]};
  };
  setLoweringConfig(
      generic, LoweringConfigAttr::get(ctx, Strategy::pool, {},
                                       expand(config.getParallel(), 0),
                                       expand(config.getRegisterTiles(), 1),
                                       expand(config.getReduction(), 0), {}));
  rewriter.replaceOp(pool, generic.getResult(0));
}

} // namespace nnc::codegen
