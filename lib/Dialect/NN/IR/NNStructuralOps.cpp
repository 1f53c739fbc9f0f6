//===- NNStructuralOps.cpp - pooling, shape ops, reduce, dropout ----------===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;
using namespace nnc::nn::ledger;

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

SmallVector<int64_t> PoolOp::getStridesOrDefault() {
  return orDefault(getStrides(), getKernelShape().size(), 1);
}
SmallVector<int64_t> PoolOp::getPaddingOrDefault() {
  return orDefault(getPadding(), 2 * getKernelShape().size(), 0);
}

LogicalResult PoolOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || (x.getRank() != 3 && x.getRank() != 4))
    return diag.error("input must be [N, C, L] or [N, C, H, W], got shape ",
                      fmt(adaptor.getInput()));
  size_t spatial = x.getRank() - 2;
  ArrayRef<int64_t> kernel = adaptor.getKernelShape();
  if (kernel.size() != spatial)
    return diag.error("kernel_shape must have ", spatial, " entries, got ",
                      kernel.size());
  for (int64_t k : kernel)
    if (k < 1)
      return diag.error("kernel_shape ", fmt(kernel), " must be >= 1");
  SmallVector<int64_t> padding =
      orDefault(adaptor.getPadding(), 2 * spatial, 0);
  for (size_t i = 0; i < padding.size(); ++i)
    if (padding.size() == 2 * spatial && padding[i] >= kernel[i % spatial])
      return diag.error("padding ", fmt(padding),
                        " must be smaller than kernel_shape ", fmt(kernel));
  auto sizes = inferWindowShape(
      diag, x.getShape(), kernel, orDefault(adaptor.getStrides(), spatial, 1),
      SmallVector<int64_t>(spatial, 1), padding, adaptor.getCeilMode());
  if (failed(sizes))
    return failure();
  SmallVector<int64_t> shape{x.getDimSize(0), x.getDimSize(1)};
  shape.append(*sizes);
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult GlobalPoolOp::inferResultTypes(const ShapeDiag &diag,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 3)
    return diag.error("input must be [N, C, spatial...] with rank >= 3, got ",
                      fmt(adaptor.getInput()));
  SmallVector<int64_t> shape(x.getRank(), 1);
  shape[0] = x.getDimSize(0);
  shape[1] = x.getDimSize(1);
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferResultTypes(const ShapeDiag &diag,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x)
    return diag.error("input must be a ranked tensor");
  auto axis = normalizeAxis(diag, adaptor.getAxis(), x.getRank(), "axis",
                            /*inclusive=*/true);
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> shape = x.getShape();
  inferred.push_back(
      RankedTensorType::get({productOrDynamic(shape.take_front(*axis)),
                             productOrDynamic(shape.drop_front(*axis))},
                            x.getElementType()));
  return success();
}

LogicalResult ReshapeOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (getInput().getType().getElementType() !=
      getResult().getType().getElementType())
    return emitOpError("result element type must match the input");
  auto staticProduct = [](ArrayRef<int64_t> s) { return ledger::product(s); };
  bool inStatic = !llvm::any_of(in, ShapedType::isDynamic);
  bool outStatic = !llvm::any_of(out, ShapedType::isDynamic);
  int64_t pin = staticProduct(in), pout = staticProduct(out);
  if (inStatic && outStatic && pin != pout)
    return emitOpError("cannot reshape ")
           << fmt(in) << " (" << pin << " elements) to " << fmt(out) << " ("
           << pout << " elements)";
  // With dynamic dimensions on one side, the static side's element count
  // must be a multiple of the other side's static product (a zero product
  // can only give zero elements).
  auto divides = [](int64_t part, int64_t whole) {
    return part == 0 ? whole == 0 : whole % part == 0;
  };
  if ((inStatic && !outStatic && !divides(pout, pin)) ||
      (!inStatic && outStatic && !divides(pin, pout)))
    return emitOpError("cannot reshape ")
           << fmt(in) << " to " << fmt(out)
           << ": the static dimensions are inconsistent";
  return success();
}

LogicalResult TransposeOp::inferResultTypes(const ShapeDiag &diag,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x)
    return diag.error("input must be a ranked tensor");
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  int64_t rank = x.getRank();
  llvm::SmallBitVector seen(rank);
  bool valid = static_cast<int64_t>(perm.size()) == rank;
  for (int64_t p : perm) {
    valid = valid && p >= 0 && p < rank && !seen.test(p);
    if (valid)
      seen.set(p);
  }
  if (!valid)
    return diag.error("permutation ", fmt(perm),
                      " is not a permutation of the ", rank,
                      " input dimensions");
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(x.getDimSize(p));
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return diag.error("expected at least one input");
  auto first = rankedType(inputs.front());
  if (!first || first.getRank() < 1)
    return diag.error("inputs must be ranked tensors of rank >= 1");
  auto axis = normalizeAxis(diag, adaptor.getAxis(), first.getRank(), "axis");
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    auto t = rankedType(value);
    // Input 0's shape with this input's size on the axis ("?" when the
    // ranks differ: the input has no such dimension to show).
    SmallVector<int64_t> expected(shape);
    expected[*axis] = t && t.getRank() == first.getRank()
                          ? t.getDimSize(*axis)
                          : ShapedType::kDynamic;
    std::string name = "input " + std::to_string(i + 1);
    if (!t || t.getRank() != first.getRank() ||
        !shapeMatches(t.getShape(), expected))
      return diag.error(name, " shape ", fmt(value),
                        " does not match input 0 outside axis ", *axis,
                        ": expected ", fmt(expected));
    if (failed(expectElementType(diag, value, name, first.getElementType())))
      return failure();
    int64_t &dim = shape[*axis];
    dim = ShapedType::isDynamic(dim) || t.isDynamicDim(*axis)
              ? ShapedType::kDynamic
              : dim + t.getDimSize(*axis);
    for (int64_t d = 0; d < first.getRank(); ++d)
      if (d != *axis && ShapedType::isDynamic(shape[d]))
        shape[d] = t.getDimSize(d);
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SplitOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1");
  auto axis = normalizeAxis(diag, adaptor.getAxis(), x.getRank(), "axis");
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty())
    return diag.error("sizes must not be empty");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 1)
      return diag.error("sizes ", fmt(sizes), " must be >= 1");
    total += s;
  }
  if (conflicts(x.getDimSize(*axis), total))
    return diag.error("sizes ", fmt(sizes), " sum to ", total,
                      " but dimension ", *axis, " of input shape ",
                      fmt(x.getShape()), " has size ", x.getDimSize(*axis));
  for (int64_t s : sizes) {
    SmallVector<int64_t> shape(x.getShape());
    shape[*axis] = s;
    inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  }
  return success();
}

LogicalResult ReduceOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1");
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (axes.empty())
    return diag.error("axes must not be empty");
  llvm::SmallBitVector reduced(x.getRank());
  for (int64_t a : axes) {
    auto axis = normalizeAxis(diag, a, x.getRank(), "axis");
    if (failed(axis))
      return failure();
    if (reduced.test(*axis))
      return diag.error("axes ", fmt(axes), " name dimension ", *axis,
                        " twice");
    reduced.set(*axis);
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < x.getRank(); ++d)
    if (!reduced.test(d))
      shape.push_back(x.getDimSize(d));
    else if (adaptor.getKeepdims())
      shape.push_back(1);
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult DropoutOp::verify() {
  double rate = getRate().convertToDouble();
  if (!(rate >= 0 && rate < 1))
    return emitOpError("rate must be in [0, 1), got ") << fmtNumber(rate);
  return success();
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

OpFoldResult FlattenOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // Only the element order counts: reshape(reshape(x)) = reshape(x).
  Operation *producer = getInput().getDefiningOp();
  if (isa_and_nonnull<ReshapeOp, FlattenOp>(producer)) {
    getInputMutable().assign(producer->getOperand(0));
    return getResult();
  }
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  auto identity = [](ArrayRef<int64_t> perm) {
    for (auto [i, p] : llvm::enumerate(perm))
      if (p != static_cast<int64_t>(i))
        return false;
    return true;
  };
  if (identity(getPermutation()))
    return getInput();
  auto inner = getInput().getDefiningOp<TransposeOp>();
  if (!inner)
    return {};
  // result[i] = inner.result[perm[i]] = x[innerPerm[perm[i]]].
  SmallVector<int64_t> composed;
  for (int64_t p : getPermutation())
    composed.push_back(inner.getPermutation()[p]);
  if (identity(composed))
    return inner.getInput();
  getInputMutable().assign(inner.getInput());
  setPermutation(composed);
  return getResult();
}

OpFoldResult DropoutOp::fold(FoldAdaptor) {
  if (getRate().isZero())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Pooling, shape ops, dropout
//===----------------------------------------------------------------------===//

int64_t PoolOp::getForwardFlops() {
  return countElements(getResult()) * product(getKernelShape());
}
int64_t GlobalPoolOp::getForwardFlops() { return countElements(getInput()); }
int64_t ReduceOp::getForwardFlops() { return countElements(getInput()); }
int64_t FlattenOp::getForwardFlops() { return 0; }
int64_t ReshapeOp::getForwardFlops() { return 0; }
int64_t TransposeOp::getForwardFlops() { return 0; }
int64_t ConcatOp::getForwardFlops() { return 0; }
int64_t SplitOp::getForwardFlops() { return 0; }
int64_t DropoutOp::getForwardFlops() { return 0; }
