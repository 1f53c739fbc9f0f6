//===- StructuralOps.cpp - shape ops, reduce, dropout to linalg ----------===//
//
// nn.flatten     -> tensor.collapse_shape (+ tensor.expand_shape for axis 0
//                   or axis = rank, where one side is a unit dimension).
// nn.reshape     -> tensor.cast (same rank, compatible), collapse_shape or
//                   expand_shape when one reassociation maps the shapes,
//                   else tensor.reshape with a from_elements shape tensor.
// nn.transpose   -> linalg.transpose.
// nn.concat      -> tensor.empty + one tensor.insert_slice per input.
// nn.split       -> one tensor.extract_slice per result.
// nn.reduce      -> linalg.fill (0 / 1 / -inf / +inf) + linalg.reduce (+ a
//                   linalg.generic dividing by the count for mean) (+
//                   tensor.expand_shape for keepdims).
// nn.dropout     -> its input (inference).
//
//===----------------------------------------------------------------------===//
#include "StructuralUtils.h"
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <cmath>

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;
using namespace nnc::lowering::structural;

namespace nnc::lowering::structural {

/// A float scalar of type `elt` holding the index `count`.
Value countAsFloat(OpBuilder &b, Location loc, OpFoldResult count, Type elt) {
  if (auto c = getConstantIntValue(count))
    return floatConst(b, loc, elt, static_cast<double>(*c));
  Value i64 =
      arith::IndexCastOp::create(b, loc, b.getI64Type(), cast<Value>(count));
  return arith::SIToFPOp::create(b, loc, elt, i64);
}

/// `x / divisor` elementwise (a new tensor like `x`).
Value divideBy(OpBuilder &b, Location loc, Value x, Value divisor) {
  return buildElementwiseInto(
      b, loc,
      emptyTensor(b, loc, cast<RankedTensorType>(x.getType()),
                  getSizes(b, loc, x)),
      x, [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
        return arith::DivFOp::create(nb, l, args[0], divisor);
      });
}

/// Static shape of a list of sizes (dynamic where not a constant).
SmallVector<int64_t> staticShape(ArrayRef<OpFoldResult> sizes) {
  SmallVector<int64_t> shape;
  for (OpFoldResult s : sizes)
    shape.push_back(getConstantIntValue(s).value_or(ShapedType::kDynamic));
  return shape;
}

/// linalg.reduce of `x` over `dims` (sorted) with the identity `init` and
/// the combiner `combine(element, accumulator)`.
Value reduceDims(
    OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> dims, double init,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<OpFoldResult> all = getSizes(b, loc, x);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (llvm::is_contained(dims, d))
      continue;
    shape.push_back(type.getDimSize(d));
    sizes.push_back(all[d]);
  }
  auto redType = RankedTensorType::get(shape, type.getElementType());
  Value acc = filledTensor(b, loc, redType, sizes, init);
  auto reduce = linalg::ReduceOp::create(
      b, loc, x, acc, dims, [&](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, Value(combine(nb, l, args[0], args[1])));
      });
  return reduce.getResult(0);
}

/// tensor.expand_shape of `x` to `resultType`, whose extra dimensions are
/// all 1 and whose other dimensions are x's in order (keepdims,
/// global_pool). `unit[d]` marks the unit dims of the result.
Value expandUnitDims(OpBuilder &b, Location loc, Value x,
                     RankedTensorType resultType, ArrayRef<bool> unit) {
  auto xType = cast<RankedTensorType>(x.getType());
  if (xType == resultType)
    return x;
  SmallVector<OpFoldResult> xSizes = getSizes(b, loc, x);
  SmallVector<ReassociationIndices> groups;
  SmallVector<OpFoldResult> outSizes;
  SmallVector<int64_t> outShape;
  int64_t pendingUnits = 0; // unit dims before the first kept dim
  int64_t next = 0;         // next dim of x
  for (int64_t d = 0; d < resultType.getRank(); ++d) {
    if (unit[d]) {
      outSizes.push_back(b.getIndexAttr(1));
      outShape.push_back(1);
      if (groups.empty())
        ++pendingUnits;
      else
        groups.back().push_back(d);
      continue;
    }
    ReassociationIndices group;
    if (groups.empty())
      for (int64_t u = 0; u < pendingUnits; ++u)
        group.push_back(u);
    group.push_back(d);
    groups.push_back(group);
    outSizes.push_back(xSizes[next]);
    outShape.push_back(xType.getDimSize(next));
    ++next;
  }
  auto outType = RankedTensorType::get(outShape, xType.getElementType());
  Value expanded =
      tensor::ExpandShapeOp::create(b, loc, outType, x, groups, outSizes);
  return castTo(b, loc, expanded, resultType);
}

} // namespace nnc::lowering::structural

namespace {

/// Does `groups` map the `expanded` shape onto the `collapsed` one so that
/// static sizes agree (a static size is the product of its group) and no
/// size of the reshape's source is dynamic where the other side is static
/// (that would assume a runtime value)? `sourceIsExpanded`: collapse_shape
/// (true) or expand_shape (false).
bool validGroups(ArrayRef<int64_t> expanded, ArrayRef<int64_t> collapsed,
                 ArrayRef<ReassociationIndices> groups, bool sourceIsExpanded) {
  if (groups.size() != collapsed.size())
    return false;
  for (auto [i, group] : llvm::enumerate(groups)) {
    bool groupDynamic = false;
    int64_t product = 1;
    for (int64_t d : group) {
      if (ShapedType::isDynamic(expanded[d]))
        groupDynamic = true;
      else
        product *= expanded[d];
    }
    bool oneDynamic = ShapedType::isDynamic(collapsed[i]);
    if (sourceIsExpanded && groupDynamic && !oneDynamic)
      return false;
    if (!sourceIsExpanded && oneDynamic && !groupDynamic)
      return false;
    if (!groupDynamic && !oneDynamic && product != collapsed[i])
      return false;
    if (groupDynamic && !oneDynamic && (product == 0 || collapsed[i] % product))
      return false;
  }
  return true;
}

/// The sizes of the row-major reshape of `x` to `dst`: static result dims
/// as they are; the last dynamic result dim is the element count divided by
/// the rest (always right); any other dynamic result dim takes the size of
/// the same input dim, which must lie in the leading dims that agree (the
/// batch). Failure when that does not determine them.
FailureOr<SmallVector<OpFoldResult>>
reshapeSizes(IndexMath &im, ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
             ArrayRef<OpFoldResult> srcSizes) {
  SmallVector<OpFoldResult> outSizes(dst.size());
  int64_t derived = -1;
  for (size_t d = 0; d < dst.size(); ++d)
    if (ShapedType::isDynamic(dst[d]))
      derived = d;
  bool prefix = true;
  for (size_t d = 0; d < dst.size(); ++d) {
    bool same = d < src.size() && src[d] == dst[d];
    if (!ShapedType::isDynamic(dst[d]))
      outSizes[d] = im.c(dst[d]);
    else if (static_cast<int64_t>(d) != derived) {
      if (!(prefix && same))
        return failure();
      outSizes[d] = srcSizes[d];
    }
    prefix = prefix && same;
  }
  if (derived >= 0) {
    OpFoldResult rest = im.c(1);
    for (size_t d = 0; d < dst.size(); ++d)
      if (static_cast<int64_t>(d) != derived)
        rest = im.mul(rest, outSizes[d]);
    // A zero-element tensor derives 0 (the other dims multiply to 0 and so
    // do the elements; dividing by them would trap).
    outSizes[derived] = im.div(im.product(srcSizes), im.max(rest, im.c(1)));
  }
  return outSizes;
}

/// The row-major reshape of `x` to `resultType`: tensor.cast, one
/// collapse_shape or expand_shape, else tensor.reshape.
FailureOr<Value> buildReshape(OpBuilder &b, Location loc, Value x,
                              RankedTensorType resultType) {
  auto xType = cast<RankedTensorType>(x.getType());
  Type elt = xType.getElementType();
  ArrayRef<int64_t> src = xType.getShape();
  IndexMath im{b, loc};
  if (xType == resultType)
    return x;
  SmallVector<OpFoldResult> srcSizes = getSizes(b, loc, x);
  // The result sizes, and the result shape refined with the static ones
  // (e.g. a static input gives a static result).
  auto sizes = reshapeSizes(im, src, resultType.getShape(), srcSizes);
  SmallVector<int64_t> dst = succeeded(sizes)
                                 ? staticShape(*sizes)
                                 : SmallVector<int64_t>(resultType.getShape());

  // Same rank, each dimension compatible: only static information changes.
  if (src.size() == dst.size() && llvm::all_of(llvm::zip(src, dst), [](auto p) {
        auto [s, d] = p;
        return s == d || ShapedType::isDynamic(s) || ShapedType::isDynamic(d);
      }))
    return castTo(b, loc, x, resultType);

  // Collapse.
  if (dst.size() < src.size()) {
    if (auto groups = getReassociationIndicesForCollapse(src, dst);
        groups && validGroups(src, dst, *groups, /*sourceIsExpanded=*/true)) {
      Value collapsed = tensor::CollapseShapeOp::create(b, loc, x, *groups);
      return castTo(b, loc, collapsed, resultType);
    }
  }
  // Expand.
  if (dst.size() > src.size()) {
    if (auto groups = getReassociationIndicesForCollapse(dst, src);
        groups && validGroups(dst, src, *groups, /*sourceIsExpanded=*/false)) {
      // Sizes from the groups: static ones, and the one dynamic dim of a
      // group is the source dim over the group's static product. Dims in no
      // group (a rank-0 source) are static 1s.
      SmallVector<OpFoldResult> outSizes;
      bool ok = true;
      for (int64_t d : dst) {
        outSizes.push_back(b.getIndexAttr(d));
        ok = ok && !ShapedType::isDynamic(d);
      }
      ok = ok || !groups->empty();
      for (auto [i, group] : llvm::enumerate(*groups)) {
        int64_t numDynamic = 0, product = 1;
        for (int64_t d : group) {
          if (ShapedType::isDynamic(dst[d]))
            ++numDynamic;
          else
            product *= dst[d];
        }
        if (numDynamic > 1)
          ok = false;
        for (int64_t d : group)
          if (ShapedType::isDynamic(dst[d]))
            outSizes[d] =
                im.div(srcSizes[i], im.c(std::max<int64_t>(product, 1)));
      }
      if (ok) {
        auto outType = RankedTensorType::get(dst, elt);
        Value expanded = tensor::ExpandShapeOp::create(b, loc, outType, x,
                                                       *groups, outSizes);
        return castTo(b, loc, expanded, resultType);
      }
    }
  }
  // General case: tensor.reshape with the sizes as a shape tensor.
  if (failed(sizes))
    return failure();
  SmallVector<Value> elements;
  for (OpFoldResult s : *sizes)
    elements.push_back(im.val(s));
  Value shape = tensor::FromElementsOp::create(
      b, loc,
      RankedTensorType::get({static_cast<int64_t>(dst.size())},
                            b.getIndexType()),
      elements);
  Value reshaped = tensor::ReshapeOp::create(
      b, loc, RankedTensorType::get(dst, elt), x, shape);
  return castTo(b, loc, reshaped, resultType);
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

struct FlattenLowering : OpRewritePattern<nn::FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::FlattenOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    int64_t rank = xType.getRank();
    int64_t axis = nn::normalizeAxis(op.getAxis(), rank);
    if (axis > 0 && axis < rank) {
      SmallVector<ReassociationIndices> groups(2);
      for (int64_t d = 0; d < rank; ++d)
        groups[d < axis ? 0 : 1].push_back(d);
      Value collapsed =
          tensor::CollapseShapeOp::create(rewriter, loc, x, groups);
      rewriter.replaceOp(op, castTo(rewriter, loc, collapsed, resultType));
      return success();
    }
    // axis 0 -> [1, N], axis = rank -> [N, 1]: collapse to [N], then expand.
    Value flat = x;
    if (rank > 1) {
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < rank; ++d)
        all[0].push_back(d);
      flat = tensor::CollapseShapeOp::create(rewriter, loc, x, all);
    }
    auto flatType = cast<RankedTensorType>(flat.getType());
    SmallVector<OpFoldResult> outSizes;
    SmallVector<int64_t> outShape;
    SmallVector<ReassociationIndices> groups;
    if (rank == 0) {
      outSizes = {rewriter.getIndexAttr(1), rewriter.getIndexAttr(1)};
      outShape = {1, 1};
    } else {
      OpFoldResult n = getSizes(rewriter, loc, flat)[0];
      int64_t ns = flatType.getDimSize(0);
      outSizes = axis == 0
                     ? SmallVector<OpFoldResult>{rewriter.getIndexAttr(1), n}
                     : SmallVector<OpFoldResult>{n, rewriter.getIndexAttr(1)};
      outShape =
          axis == 0 ? SmallVector<int64_t>{1, ns} : SmallVector<int64_t>{ns, 1};
      groups.push_back({0, 1});
    }
    auto outType = RankedTensorType::get(outShape, xType.getElementType());
    Value expanded = tensor::ExpandShapeOp::create(rewriter, loc, outType, flat,
                                                   groups, outSizes);
    rewriter.replaceOp(op, castTo(rewriter, loc, expanded, resultType));
    return success();
  }
};

struct ReshapeLowering : OpRewritePattern<nn::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<Value> result =
        buildReshape(rewriter, op.getLoc(), op.getInput(),
                     cast<RankedTensorType>(op.getResult().getType()));
    if (failed(result))
      return rewriter.notifyMatchFailure(
          op, "more than one dynamic result dimension cannot be derived from "
              "the input shape");
    rewriter.replaceOp(op, *result);
    return success();
  }
};

struct TransposeLowering : OpRewritePattern<nn::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    ArrayRef<int64_t> perm = op.getPermutation();
    SmallVector<OpFoldResult> inSizes = getSizes(rewriter, loc, x);
    SmallVector<OpFoldResult> sizes;
    for (int64_t p : perm)
      sizes.push_back(inSizes[p]);
    Value init = emptyTensor(rewriter, loc, resultType, sizes);
    Value result = linalg::TransposeOp::create(rewriter, loc, x, init, perm)
                       .getResult()[0];
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConcatLowering : OpRewritePattern<nn::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    int64_t rank = resultType.getRank();
    int64_t axis = nn::normalizeAxis(op.getAxis(), rank);
    ValueRange inputs = op.getInputs();
    if (inputs.size() == 1) {
      rewriter.replaceOp(op, castTo(rewriter, loc, inputs[0], resultType));
      return success();
    }
    IndexMath im{rewriter, loc};
    SmallVector<SmallVector<OpFoldResult>> inSizes;
    for (Value in : inputs)
      inSizes.push_back(getSizes(rewriter, loc, in));
    SmallVector<OpFoldResult> sizes(rank);
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis) {
        OpFoldResult total = im.c(0);
        for (auto &s : inSizes)
          total = im.add(total, s[d]);
        sizes[d] = total;
        continue;
      }
      // Any input gives the size; prefer a static one.
      sizes[d] = inSizes[0][d];
      for (auto &s : inSizes)
        if (IndexMath::cst(s[d])) {
          sizes[d] = s[d];
          break;
        }
    }
    Value result = emptyTensor(rewriter, loc, resultType, sizes);
    OpFoldResult offset = im.c(0);
    SmallVector<OpFoldResult> ones(rank, im.c(1));
    for (auto [i, in] : llvm::enumerate(inputs)) {
      ArrayRef<OpFoldResult> s = inSizes[i];
      SmallVector<OpFoldResult> offsets(rank, im.c(0));
      offsets[axis] = offset;
      result = tensor::InsertSliceOp::create(rewriter, loc, in, result, offsets,
                                             s, ones)
                   .getResult();
      if (i + 1 < inputs.size())
        offset = im.add(offset, s[axis]);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering : OpRewritePattern<nn::SplitOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::SplitOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    int64_t axis = nn::normalizeAxis(op.getAxis(), rank);
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
    SmallVector<OpFoldResult> ones(rank, rewriter.getIndexAttr(1));
    SmallVector<Value> results;
    int64_t offset = 0;
    for (auto [size, result] : llvm::zip(op.getSizes(), op.getResults())) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      sizes[axis] = rewriter.getIndexAttr(size);
      Value slice = tensor::ExtractSliceOp::create(rewriter, loc, x, offsets,
                                                   sizes, ones);
      results.push_back(castTo(rewriter, loc, slice, result.getType()));
      offset += size;
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct ReduceLowering : OpRewritePattern<nn::ReduceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ReduceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    Type elt = xType.getElementType();
    int64_t rank = xType.getRank();
    SmallVector<int64_t> dims = nn::normalizeAxes(op.getAxes(), rank);
    llvm::sort(dims);
    nn::ReduceKind kind = op.getKind();
    double init = 0.0;
    switch (kind) {
    case nn::ReduceKind::sum:
    case nn::ReduceKind::mean:
      init = 0.0;
      break;
    case nn::ReduceKind::prod:
      init = 1.0;
      break;
    case nn::ReduceKind::max:
      init = -INFINITY;
      break;
    case nn::ReduceKind::min:
      init = INFINITY;
      break;
    }
    Value reduced =
        reduceDims(rewriter, loc, x, dims, init,
                   [&](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
                     switch (kind) {
                     case nn::ReduceKind::sum:
                     case nn::ReduceKind::mean:
                       return arith::AddFOp::create(nb, l, v, acc);
                     case nn::ReduceKind::prod:
                       return arith::MulFOp::create(nb, l, v, acc);
                     case nn::ReduceKind::max:
                       return arith::MaximumFOp::create(nb, l, v, acc);
                     case nn::ReduceKind::min:
                       return arith::MinimumFOp::create(nb, l, v, acc);
                     }
                     llvm_unreachable("unknown reduce kind");
                   });
    if (kind == nn::ReduceKind::mean) {
      IndexMath im{rewriter, loc};
      SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
      OpFoldResult count = im.c(1);
      for (int64_t d : dims)
        count = im.mul(count, sizes[d]);
      reduced = divideBy(rewriter, loc, reduced,
                         countAsFloat(rewriter, loc, count, elt));
    }
    if (op.getKeepdims()) {
      SmallVector<bool> unit(rank, false);
      for (int64_t d : dims)
        unit[d] = true;
      reduced = expandUnitDims(rewriter, loc, reduced, resultType, unit);
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, reduced, resultType));
    return success();
  }
};

struct DropoutLowering : OpRewritePattern<nn::DropoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::DropoutOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

} // namespace

void nnc::populateNNStructuralToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<FlattenLowering, ReshapeLowering, TransposeLowering,
               ConcatLowering, SplitLowering, ReduceLowering, DropoutLowering>(
      patterns.getContext());
  lowering::structural::populatePoolPatterns(patterns);
}
