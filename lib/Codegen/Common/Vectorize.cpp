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
#include "nnc/Codegen/Common/Utils.h"
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
#include "mlir/IR/Matchers.h"
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

/// In a block, a loop of extent 1 only takes the value 0, so a loop of
/// extent 1 can be dropped from the compound expressions it appears in
/// (`oh + kh` with kh of extent 1 is `oh`). A convolution block whose window
/// loops are all of extent 1 then reads its input with a projected
/// permutation, which the vectorizer takes; its loops are kept, so that it
/// vectorizes exactly like a matmul block.
void foldUnitWindowLoops(linalg::GenericOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  MLIRContext *ctx = op.getContext();
  SmallVector<AffineMap> maps;
  bool changed = false;
  for (AffineMap map : op.getIndexingMapsArray()) {
    SmallVector<AffineExpr> results;
    for (AffineExpr e : map.getResults()) {
      // Window loops first; parallel loops only where that leaves a
      // compound expression (a pool's channel f1 * MR + f0).
      for (utils::IteratorType kind :
           {utils::IteratorType::reduction, utils::IteratorType::parallel}) {
        if (isa<AffineDimExpr, AffineConstantExpr>(e))
          break;
        for (auto [d, extent] : llvm::enumerate(ranges))
          if (extent == 1 && e.isFunctionOfDim(d) &&
              op.getIteratorTypesArray()[d] == kind)
            e = e.replace(getAffineDimExpr(d, ctx),
                          getAffineConstantExpr(0, ctx));
        e = simplifyAffineExpr(e, map.getNumDims(), 0);
      }
      results.push_back(e);
    }
    AffineMap folded = AffineMap::get(map.getNumDims(), 0, results, ctx);
    changed |= folded != map;
    maps.push_back(folded);
  }
  if (changed)
    op.setIndexingMapsAttr(Builder(ctx).getAffineMapArrayAttr(maps));
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

/// Whether `op` is one step of a register block's reduction: static, a
/// multiply-add, every reduction loop of extent 1, every map a projected
/// permutation (a window position with its loops folded away reads 0).
bool isUnitStepMulAdd(linalg::GenericOp op) {
  if (op.hasDynamicShape() || !isMulAddBody(op) ||
      !llvm::all_of(op.getIndexingMapsArray(), [](AffineMap m) {
        return m.isProjectedPermutation(/*allowZeroInResults=*/true);
      }))
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (auto [d, it] : llvm::enumerate(op.getIteratorTypesArray()))
    if (it == utils::IteratorType::reduction && ranges[d] != 1)
      return false;
  return true;
}

/// A register block of a matmul or convolution, all of whose reduction
/// loops have extent 1: acc[R][C] += a[R] * b[C] with a, b each varying
/// along one loop. It becomes one `vector.outerproduct` (later one FMA per
/// row); the operands are read and written in their full rank and
/// shape-cast, so that the accumulator's transfers match the fill before it
/// and the epilogue after it, and stay loop-invariant for hoisting.
LogicalResult vectorizeOuterProduct(RewriterBase &rewriter,
                                    linalg::GenericOp op) {
  if (!isUnitStepMulAdd(op))
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
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
    AffineMap map = op.getMatchingIndexingMap(in);
    if (dim == -2 || (dim >= 0 && !isa<AffineDimExpr>(map.getResult(dim))))
      return failure();
    if (dim >= 0)
      loopOf[k] = map.getDimPosition(dim);
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
  auto zerosFor = [&](RankedTensorType type) {
    return SmallVector<Value>(type.getRank(),
                              arith::ConstantIndexOp::create(rewriter, loc, 0));
  };
  // A tensor whose innermost dimension varies is read whole, in its own
  // shape, and shape-cast (free: the vectors are its rows), so that the
  // accumulator's transfers match the fill before it and the epilogue after
  // it. One whose varying dimension is not innermost (a tile one column
  // wide) is read with a permutation map instead: cast from its own shape,
  // every element would be a vector of its own.
  auto transferOf = [&](RankedTensorType type) {
    if (type.getShape().back() != 1 || type.getNumElements() == 1)
      return std::make_pair(rewriter.getMultiDimIdentityMap(type.getRank()),
                            SmallVector<int64_t>(type.getShape()));
    SmallVector<AffineExpr> dims;
    SmallVector<int64_t> shape;
    for (auto [i, size] : llvm::enumerate(type.getShape()))
      if (size != 1) {
        dims.push_back(getAffineDimExpr(i, op.getContext()));
        shape.push_back(size);
      }
    return std::make_pair(
        AffineMap::get(type.getRank(), 0, dims, op.getContext()), shape);
  };
  auto read = [&](Value tensor, ArrayRef<int64_t> shape) -> Value {
    auto type = cast<RankedTensorType>(tensor.getType());
    auto [map, own] = transferOf(type);
    Value v = vector::TransferReadOp::create(
        rewriter, loc, VectorType::get(own, elt), tensor, zerosFor(type), pad,
        map, SmallVector<bool>(own.size(), true));
    return vector::ShapeCastOp::create(rewriter, loc,
                                       VectorType::get(shape, elt), v);
  };
  int64_t rows = rowLoop ? ranges[*rowLoop] : 1, cols = ranges[colLoop];
  Value a = read(op.getDpsInputOperand(aIdx)->get(), {rows});
  Value b = read(op.getDpsInputOperand(bIdx)->get(), {cols});
  Value acc = read(out->get(), {rows, cols});
  Value product = vector::OuterProductOp::create(rewriter, loc, a, b, acc);
  // Written back the way it was read.
  auto [writeMap, writeShape] = transferOf(outType);
  Value v = vector::ShapeCastOp::create(
      rewriter, loc, VectorType::get(writeShape, elt), product);
  Value written = vector::TransferWriteOp::create(
                      rewriter, loc, v, out->get(), zerosFor(outType), writeMap,
                      SmallVector<bool>(writeShape.size(), true))
                      .getResult();
  rewriter.replaceOp(op, written);
  return success();
}

/// Reads `v` (a tensor of static shape) whole, in its own shape.
Value readAll(RewriterBase &rewriter, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value pad = ub::PoisonOp::create(rewriter, loc, type.getElementType());
  return vector::TransferReadOp::create(
      rewriter, loc, VectorType::get(type.getShape(), type.getElementType()), v,
      SmallVector<Value>(type.getRank(), zero), pad,
      SmallVector<bool>(type.getRank(), true));
}

/// Replaces `op` by the write of `value` (shaped like `dest`) into `dest`
/// whole.
void replaceWithWrite(RewriterBase &rewriter, Operation *op, Value dest,
                      Value value) {
  auto type = cast<RankedTensorType>(dest.getType());
  Location loc = op->getLoc();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  rewriter.replaceOp(op, vector::TransferWriteOp::create(
                             rewriter, loc, value, dest,
                             SmallVector<Value>(type.getRank(), zero),
                             SmallVector<bool>(type.getRank(), true))
                             .getResult());
}

/// The non-unit dimensions of `type`.
SmallVector<int64_t> nonUnitDims(ShapedType type) {
  SmallVector<int64_t> dims;
  for (auto [i, size] : llvm::enumerate(type.getShape()))
    if (size != 1)
      dims.push_back(static_cast<int64_t>(i));
  return dims;
}

/// One step of a depthwise convolution's block, acc[R][C] += x[R][C] *
/// w[R] (x along the block's rows and columns, w along its rows): R vector
/// FMAs with w's elements broadcast, operands read as for outer products.
LogicalResult vectorizeScaledRows(RewriterBase &rewriter,
                                  linalg::GenericOp op) {
  if (!isUnitStepMulAdd(op))
    return failure();
  auto outType =
      cast<RankedTensorType>(op.getDpsInitOperand(0)->get().getType());
  SmallVector<int64_t> outDims = nonUnitDims(outType);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  OpOperand *out = op.getDpsInitOperand(0);
  if (outDims.size() != 2)
    return failure();
  AffineMap outMap = op.getMatchingIndexingMap(out);
  unsigned rowLoop = outMap.getDimPosition(outDims[0]);
  unsigned colLoop = outMap.getDimPosition(outDims[1]);
  // The loops an input varies along, in its own dimension order.
  auto loopsOf = [&](OpOperand *in) -> std::optional<SmallVector<unsigned>> {
    auto type = cast<RankedTensorType>(in->get().getType());
    AffineMap map = op.getMatchingIndexingMap(in);
    SmallVector<unsigned> loops;
    for (int64_t d : nonUnitDims(type)) {
      auto dim = dyn_cast<AffineDimExpr>(map.getResult(d));
      if (!dim)
        return std::nullopt;
      loops.push_back(dim.getPosition());
    }
    return loops;
  };
  std::optional<SmallVector<unsigned>> l0 = loopsOf(op.getDpsInputOperand(0)),
                                       l1 = loopsOf(op.getDpsInputOperand(1));
  if (!l0 || !l1)
    return failure();
  // w varies along the block's rows (groups) or along nothing (a block of
  // one group's output rows).
  SmallVector<unsigned> both{rowLoop, colLoop}, rows{rowLoop};
  auto isW = [&](const SmallVector<unsigned> &l) {
    return l == rows || l.empty();
  };
  int xIdx = *l0 == both && isW(*l1) ? 0 : *l1 == both && isW(*l0) ? 1 : -1;
  if (xIdx < 0)
    return failure();
  int64_t r = ranges[rowLoop], c = ranges[colLoop];
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Type elt = outType.getElementType();
  auto read = [&](Value tensor, ArrayRef<int64_t> shape) -> Value {
    return vector::ShapeCastOp::create(rewriter, loc,
                                       VectorType::get(shape, elt),
                                       readAll(rewriter, loc, tensor));
  };
  Value x = read(op.getDpsInputOperand(xIdx)->get(), {r, c});
  bool scalarW = (xIdx == 0 ? *l1 : *l0).empty();
  Value w = read(op.getDpsInputOperand(1 - xIdx)->get(), {scalarW ? 1 : r, 1});
  Value acc = read(out->get(), {r, c});
  Value wb = vector::BroadcastOp::create(rewriter, loc,
                                         VectorType::get({r, c}, elt), w);
  Value sum = vector::FMAOp::create(rewriter, loc, x, wb, acc);
  Value v = vector::ShapeCastOp::create(
      rewriter, loc, VectorType::get(outType.getShape(), elt), sum);
  replaceWithWrite(rewriter, op, out->get(), v);
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
    AffineMap legal =
        AffineMap::get(map.getNumDims(), 0, results, op.getContext());
    if (!strided ||
        !legal.isProjectedPermutation(/*allowZeroInResults=*/true) ||
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

/// Whether `v` is known to hold only zeros (a zero fill, vectorized or not).
bool isZeroFilled(Value v) {
  Value fillValue;
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    fillValue = fill.getInputs()[0];
  else if (auto write = v.getDefiningOp<vector::TransferWriteOp>())
    fillValue = write.getVector();
  return fillValue && matchPattern(fillValue, m_AnyZeroFloat());
}

/// Writes `value` (shaped like `dest`) into `dest` whole, adding what
/// `dest` holds unless it is a zero fill, and replaces `op` with the result.
void accumulateInto(RewriterBase &rewriter, Operation *op, Value dest,
                    Value value) {
  Location loc = op->getLoc();
  Value sum = isZeroFilled(dest)
                  ? value
                  : Value(arith::AddFOp::create(
                        rewriter, loc, readAll(rewriter, loc, dest), value));
  replaceWithWrite(rewriter, op, dest, sum);
}

/// Lanes first, first + 2, first + 4, ... (count of them) of `v`.
Value everyOther(RewriterBase &rewriter, Location loc, Value v, int64_t first,
                 int64_t count) {
  SmallVector<int64_t> lanes;
  for (int64_t i = 0; i < count; ++i)
    lanes.push_back(first + 2 * i);
  return vector::ShuffleOp::create(rewriter, loc, v, v, lanes);
}

/// Places the vectors `parts` (all of one type) at the leading positions of
/// a vector of `shape` (parts.size() x their length, plus unit dims).
Value assemble(RewriterBase &rewriter, Location loc, ArrayRef<Value> parts,
               ArrayRef<int64_t> shape) {
  auto part = cast<VectorType>(parts.front().getType());
  int64_t n = part.getNumElements();
  auto flatType = VectorType::get({static_cast<int64_t>(parts.size()), n},
                                  part.getElementType());
  Value flat = arith::ConstantOp::create(rewriter, loc, flatType,
                                         rewriter.getZeroAttr(flatType));
  for (auto [i, p] : llvm::enumerate(parts))
    flat = vector::InsertOp::create(rewriter, loc, p, flat,
                                    ArrayRef<int64_t>{static_cast<int64_t>(i)});
  return vector::ShapeCastOp::create(
      rewriter, loc, VectorType::get(shape, part.getElementType()), flat);
}

/// A tile of the Winograd input transform (n, xi1, xi2, c, ti, tj, a, b =
/// 1, 4, 4, 1, 1, TW, 4, 4): V = B^T d B on the four input rows of one tile
/// row, with B^T's rows (d0 - d2, d1 + d2, d2 - d1, d1 - d3) applied down
/// the rows and then across the even and odd columns of each tile.
LogicalResult vectorizeWinogradInput(RewriterBase &rewriter,
                                     linalg::GenericOp op) {
  auto xType =
      cast<RankedTensorType>(op.getDpsInputOperand(0)->get().getType());
  Value init = op.getDpsInitOperand(0)->get();
  auto outType = cast<RankedTensorType>(init.getType());
  if (op.hasDynamicShape() ||
      xType.getShape().take_front(3) != ArrayRef<int64_t>{1, 1, 4})
    return failure();
  int64_t tw = outType.getShape().back(), width = xType.getShape().back();
  if (width != 2 * tw + 2)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value rows4 = readAll(rewriter, loc, op.getDpsInputOperand(0)->get());
  Value r[4];
  for (int64_t a = 0; a < 4; ++a)
    r[a] = vector::ExtractOp::create(rewriter, loc, rows4,
                                     ArrayRef<int64_t>{0, 0, a});
  auto sub = [&](Value x, Value y) -> Value {
    return arith::SubFOp::create(rewriter, loc, x, y);
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddFOp::create(rewriter, loc, x, y);
  };
  Value t[4] = {sub(r[0], r[2]), add(r[1], r[2]), sub(r[2], r[1]),
                sub(r[1], r[3])};
  SmallVector<Value> v;
  for (Value row : t) {
    Value e0 = everyOther(rewriter, loc, row, 0, tw);
    Value o1 = everyOther(rewriter, loc, row, 1, tw);
    Value e2 = everyOther(rewriter, loc, row, 2, tw);
    Value o3 = everyOther(rewriter, loc, row, 3, tw);
    v.append({sub(e0, e2), add(o1, e2), sub(e2, o1), sub(o1, o3)});
  }
  accumulateInto(rewriter, op, init,
                 assemble(rewriter, loc, v, outType.getShape()));
  return success();
}

/// A tile of the Winograd output transform (n, f, ti, a, w, xi1, xi2 =
/// 1, 1, 1, 2, 2 TW, 4, 4): Y = A^T M A with A^T's rows (m0 + m1 + m2,
/// m1 - m2 - m3) applied down xi1 and then across xi2; the two outputs of
/// each tile are interleaved into the output row.
LogicalResult vectorizeWinogradOutput(RewriterBase &rewriter,
                                      linalg::GenericOp op) {
  Value mTile = op.getDpsInputOperand(0)->get();
  auto mType = cast<RankedTensorType>(mTile.getType());
  Value init = op.getDpsInitOperand(0)->get();
  auto outType = cast<RankedTensorType>(init.getType());
  if (op.hasDynamicShape() || mType.getRank() != 6 ||
      mType.getShape().take_front(5) != ArrayRef<int64_t>{1, 4, 4, 1, 1} ||
      outType.getShape().take_front(4) != ArrayRef<int64_t>{1, 1, 1, 2})
    return failure();
  int64_t tw = mType.getShape().back();
  if (outType.getShape().back() != 2 * tw)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value all = readAll(rewriter, loc, mTile);
  Value m[4][4];
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 4; ++j)
      m[i][j] = vector::ExtractOp::create(rewriter, loc, all,
                                          ArrayRef<int64_t>{0, i, j, 0, 0});
  auto sub = [&](Value x, Value y) -> Value {
    return arith::SubFOp::create(rewriter, loc, x, y);
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddFOp::create(rewriter, loc, x, y);
  };
  SmallVector<int64_t> interleave;
  for (int64_t i = 0; i < tw; ++i)
    interleave.append({i, tw + i});
  SmallVector<Value> rows;
  for (int alpha = 0; alpha < 2; ++alpha) {
    Value s[4];
    for (int j = 0; j < 4; ++j)
      s[j] = alpha == 0 ? add(add(m[0][j], m[1][j]), m[2][j])
                        : sub(sub(m[1][j], m[2][j]), m[3][j]);
    Value y0 = add(add(s[0], s[1]), s[2]);
    Value y1 = sub(sub(s[1], s[2]), s[3]);
    rows.push_back(
        vector::ShuffleOp::create(rewriter, loc, y0, y1, interleave));
  }
  accumulateInto(rewriter, op, init,
                 assemble(rewriter, loc, rows, outType.getShape()));
  return success();
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
      // Named ops with windows (pooling) and reduces are vectorized as
      // generics.
      if (isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp,
              linalg::PoolingNcwMaxOp, linalg::PoolingNcwSumOp,
              linalg::ReduceOp>(op)) {
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::GenericOp> generic =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generic))
          continue;
        target = *generic;
      }
      if (auto generic = dyn_cast<linalg::GenericOp>(target)) {
        LoweringConfigAttr config = getLoweringConfig(generic);
        Strategy strategy =
            config ? config.getStrategy() : Strategy::elementwise;
        if ((strategy == Strategy::winograd_input &&
             succeeded(vectorizeWinogradInput(rewriter, generic))) ||
            (strategy == Strategy::winograd_output &&
             succeeded(vectorizeWinogradOutput(rewriter, generic))))
          continue;
        foldUnitWindowLoops(generic);
        legalizeStridedInputs(rewriter, generic);
        if (generic.getNumReductionLoops() > 0 &&
            (succeeded(vectorizeOuterProduct(rewriter, generic)) ||
             succeeded(vectorizeScaledRows(rewriter, generic))))
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
      populateAllCanonicalizationPatterns(patterns);
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
    populateAllCanonicalizationPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    DominanceInfo dominance2(func);
    eliminateCommonSubExpressions(rewriter, dominance2, func);
  }
};

} // namespace
