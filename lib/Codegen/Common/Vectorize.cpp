//===- Vectorize.cpp - vectorize register blocks, hoist accumulators ------===//
//
// The blocks marked by nnc-tile-and-fuse are vectorized with upstream's
// linalg vectorizer. A convolution block reads its input through
// `oh + kh`-style maps, which the vectorizer does not take; with the window
// loops of extent 1 dropped from those sums every map is a projected
// permutation. After vectorization the
// accumulator's transfer_read/transfer_write pair is invariant in the
// reduction loops and is hoisted out of them into loop-carried vectors.
//
//===----------------------------------------------------------------------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCVECTORIZE
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;
using namespace nnc::codegen;

namespace {

/// In a block, a loop of extent 1 only takes the value 0, so a reduction
/// loop of extent 1 can be dropped from the sums it appears in (`oh + kh`
/// with kh of extent 1 is `oh`). A convolution block whose window loops are all of extent 1 then
/// reads its input with a projected permutation, which the vectorizer takes;
/// its loops are kept, so that it vectorizes exactly like a matmul block.
void foldUnitWindowLoops(linalg::GenericOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  MLIRContext *ctx = op.getContext();
  SmallVector<AffineMap> maps;
  bool changed = false;
  for (AffineMap map : op.getIndexingMapsArray()) {
    SmallVector<AffineExpr> results;
    for (AffineExpr e : map.getResults()) {
      if (!isa<AffineDimExpr>(e))
        for (auto [d, extent] : llvm::enumerate(ranges))
          if (extent == 1 && e.isFunctionOfDim(d) &&
              op.getIteratorTypesArray()[d] == utils::IteratorType::reduction)
            e = e.replace(getAffineDimExpr(d, ctx),
                          getAffineConstantExpr(0, ctx));
      results.push_back(simplifyAffineExpr(e, map.getNumDims(), 0));
    }
    AffineMap folded = AffineMap::get(map.getNumDims(), 0, results, ctx);
    changed |= folded != map;
    maps.push_back(folded);
  }
  if (changed)
    op.setIndexingMapsAttr(Builder(ctx).getAffineMapArrayAttr(maps));
}

/// Whether `op`'s body is `out + in0 * in1` (in either order).
bool isMulAddBody(linalg::GenericOp op) {
  Block *body = op.getBlock();
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      body->getOperations().size() != 3)
    return false;
  auto add = body->getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value acc = body->getArgument(2);
  Value prod = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  auto mul = prod.getDefiningOp<arith::MulFOp>();
  if ((add.getLhs() != acc && add.getRhs() != acc) || !mul)
    return false;
  Value x = body->getArgument(0), y = body->getArgument(1);
  return (mul.getLhs() == x && mul.getRhs() == y) ||
         (mul.getLhs() == y && mul.getRhs() == x);
}

/// The one dimension of `type` that is not 1 (-1 if there is none, -2 if
/// there are several).
int64_t nonUnitDim(ShapedType type) {
  int64_t found = -1;
  for (auto [i, size] : llvm::enumerate(type.getShape()))
    if (size != 1)
      found = found == -1 ? static_cast<int64_t>(i) : -2;
  return found;
}

/// A register block of a matmul or convolution, all of whose reduction
/// loops have extent 1: acc[R][C] += a[R] * b[C] with a, b each varying
/// along one loop. It becomes one `vector.outerproduct` (later one FMA per
/// row); the operands are read and written in their full rank and
/// shape-cast, so that the accumulator's transfers match the fill before it
/// and the epilogue after it, and stay loop-invariant for hoisting.
LogicalResult vectorizeOuterProduct(RewriterBase &rewriter,
                                    linalg::GenericOp op) {
  if (op.hasDynamicShape() || !isMulAddBody(op) ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isProjectedPermutation(); }))
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (auto [d, it] : llvm::enumerate(op.getIteratorTypesArray()))
    if (it == utils::IteratorType::reduction && ranges[d] != 1)
      return failure();
  OpOperand *out = op.getDpsInitOperand(0);
  auto outType = cast<RankedTensorType>(out->get().getType());
  AffineMap outMap = op.getMatchingIndexingMap(out);
  SmallVector<unsigned> outLoops; // the non-unit loops, in the output's order
  for (auto [i, size] : llvm::enumerate(outType.getShape()))
    if (size != 1)
      outLoops.push_back(outMap.getDimPosition(i));
  if (outLoops.empty() || outLoops.size() > 2)
    return failure();
  // Input k varies along loop loopOf[k] (or along none).
  std::optional<unsigned> loopOf[2];
  for (int k = 0; k < 2; ++k) {
    OpOperand *in = op.getDpsInputOperand(k);
    auto type = cast<RankedTensorType>(in->get().getType());
    int64_t dim = nonUnitDim(type);
    if (dim == -2)
      return failure();
    if (dim >= 0)
      loopOf[k] = op.getMatchingIndexingMap(in).getDimPosition(dim);
  }
  // a varies along the row loop (or none), b along the column loop.
  unsigned colLoop = outLoops.back();
  int bIdx = loopOf[0] == colLoop ? 0 : loopOf[1] == colLoop ? 1 : -1;
  if (bIdx < 0)
    return failure();
  int aIdx = 1 - bIdx;
  std::optional<unsigned> rowLoop;
  if (outLoops.size() == 2)
    rowLoop = outLoops.front();
  if (loopOf[aIdx] != rowLoop)
    return failure();

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Type elt = outType.getElementType();
  Value pad = ub::PoisonOp::create(rewriter, loc, elt);
  auto readFull = [&](Value tensor) -> Value {
    auto type = cast<RankedTensorType>(tensor.getType());
    SmallVector<Value> zeros(type.getRank(),
                             arith::ConstantIndexOp::create(rewriter, loc, 0));
    return vector::TransferReadOp::create(
        rewriter, loc, VectorType::get(type.getShape(), elt), tensor, zeros,
        pad, SmallVector<bool>(type.getRank(), true));
  };
  int64_t rows = rowLoop ? ranges[*rowLoop] : 1, cols = ranges[colLoop];
  auto cast = [&](Value v, ArrayRef<int64_t> shape) -> Value {
    return vector::ShapeCastOp::create(rewriter, loc,
                                       VectorType::get(shape, elt), v);
  };
  Value a = cast(readFull(op.getDpsInputOperand(aIdx)->get()), {rows});
  Value b = cast(readFull(op.getDpsInputOperand(bIdx)->get()), {cols});
  Value fullAcc = readFull(out->get());
  Value acc = cast(fullAcc, {rows, cols});
  Value product = vector::OuterProductOp::create(rewriter, loc, a, b, acc);
  Value result = cast(product, outType.getShape());
  SmallVector<Value> zeros(outType.getRank(),
                           arith::ConstantIndexOp::create(rewriter, loc, 0));
  Value written = vector::TransferWriteOp::create(
      rewriter, loc, result, out->get(), zeros,
      SmallVector<bool>(outType.getRank(), true)).getResult();
  rewriter.replaceOp(op, written);
  return success();
}

/// An input read with `d * s` (s > 1) along a loop d (a strided
/// convolution or pool after its window loops are folded away) becomes a
/// strided slice of the input read along d, so that its map is a projected
/// permutation.
void legalizeStridedInputs(RewriterBase &rewriter, linalg::GenericOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  bool changed = false;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = maps[input->getOperandNumber()];
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    if (!type)
      continue;
    SmallVector<AffineExpr> results;
    SmallVector<int64_t> strides(map.getNumResults(), 1),
        sizes(type.getShape());
    bool strided = false;
    for (auto [i, e] : llvm::enumerate(map.getResults())) {
      auto mul = dyn_cast<AffineBinaryOpExpr>(e);
      if (mul && mul.getKind() == AffineExprKind::Mul &&
          isa<AffineDimExpr>(mul.getLHS()) &&
          isa<AffineConstantExpr>(mul.getRHS())) {
        auto dim = cast<AffineDimExpr>(mul.getLHS());
        int64_t s = cast<AffineConstantExpr>(mul.getRHS()).getValue();
        if (s > 1 && !ShapedType::isDynamic(ranges[dim.getPosition()])) {
          results.push_back(dim);
          strides[i] = s;
          sizes[i] = ranges[dim.getPosition()];
          strided = true;
          continue;
        }
      }
      results.push_back(e);
    }
    AffineMap legal = AffineMap::get(map.getNumDims(), 0, results,
                                     op.getContext());
    if (!strided || !legal.isProjectedPermutation() ||
        type.hasStaticShape() == false)
      continue;
    rewriter.setInsertionPoint(op);
    SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, op.getLoc(), input->get(), offsets,
        getAsIndexOpFoldResult(op.getContext(), sizes),
        getAsIndexOpFoldResult(op.getContext(), strides));
    rewriter.modifyOpInPlace(op, [&] { input->set(slice); });
    maps[input->getOperandNumber()] = legal;
    changed = true;
  }
  if (changed)
    op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
}

void addCanonicalizations(RewritePatternSet &patterns, MLIRContext *ctx) {
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

struct VectorizePass : nnc::codegen::impl::NNCVectorizeBase<VectorizePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    SmallVector<linalg::LinalgOp> blocks;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kVectorizeAttrName))
        blocks.push_back(op);
    });
    for (linalg::LinalgOp op : blocks) {
      op->removeAttr(kVectorizeAttrName);
      if (op.hasDynamicShape())
        continue; // stays a loop nest
      Operation *target = op;
      // The vectorizer needs projected permutations (a matmul block has
      // them; a convolution block reads `oh + kh`).
      // Named ops with windows (pooling) are vectorized as generics.
      if (isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp,
              linalg::PoolingNcwMaxOp, linalg::PoolingNcwSumOp>(op)) {
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::GenericOp> generic =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generic))
          continue;
        target = *generic;
      }
      if (auto generic = dyn_cast<linalg::GenericOp>(target)) {
        foldUnitWindowLoops(generic);
        legalizeStridedInputs(rewriter, generic);
        if (generic.getNumReductionLoops() > 0 &&
            succeeded(vectorizeOuterProduct(rewriter, generic)))
          continue;
      }
      rewriter.setInsertionPoint(target);
      FailureOr<linalg::VectorizationResult> v =
          linalg::vectorize(rewriter, target);
      if (succeeded(v))
        rewriter.replaceOp(target, v->replacements);
    }

    // What vectorize_children_and_apply_patterns applies, then the leading
    // unit dimensions of the vectors are cast away.
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
      vector::populateVectorReductionToContractPatterns(patterns);
      vector::populateSinkVectorOpsPatterns(patterns);
      tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
      vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
      addCanonicalizations(patterns, ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    DominanceInfo dominance(func);
    eliminateCommonSubExpressions(rewriter, dominance, func);

    // Accumulators out of the reduction loops, innermost loop first.
    SmallVector<scf::ForOp> loops;
    func.walk<WalkOrder::PostOrder>(
        [&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
      hoistLoopInvariantSubsets(rewriter,
                                cast<LoopLikeOpInterface>(loop.getOperation()));
    }
    RewritePatternSet patterns(ctx);
    addCanonicalizations(patterns, ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    DominanceInfo dominance2(func);
    eliminateCommonSubExpressions(rewriter, dominance2, func);
  }
};

} // namespace
