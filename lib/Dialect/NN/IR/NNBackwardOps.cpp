//===- NNBackwardOps.cpp - verifiers, folders and ledger of backward ops --===//
//
// A backward op's result type is the forward operand's, which the gradient
// alone does not determine (a strided window floors), so it is declared and
// checked here: running the forward's shape rule on it must give the
// gradient's shape.
//
//===----------------------------------------------------------------------===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;
using namespace nnc::nn::ledger;

namespace {

ShapeDiag diagOf(Operation *op) {
  return ShapeDiag(op->getLoc(), op->getName().getStringRef());
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// `from` broadcasts (NumPy rules) to exactly `to`.
LogicalResult expectBroadcastsTo(const ShapeDiag &diag, Value from,
                                 StringRef fromName, ArrayRef<int64_t> to,
                                 StringRef toName) {
  auto shape = broadcastShapes(diag, shapeOf(from), to, fromName, toName);
  if (failed(shape))
    return failure();
  if (!shapeMatches(*shape, to))
    return diag.error(fromName, " shape ", fmt(shapeOf(from)),
                      " does not broadcast to the ", toName, " shape ",
                      fmt(to));
  return success();
}

/// The forward window of `input` (the backward result) gives `grad`'s
/// spatial sizes; `lead` are the leading dimensions grad must have.
LogicalResult
expectWindowOutput(const ShapeDiag &diag, Value grad, ArrayRef<int64_t> input,
                   ArrayRef<int64_t> lead, ArrayRef<int64_t> kernel,
                   ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                   ArrayRef<int64_t> padding, bool ceilMode) {
  auto sizes = inferWindowShape(diag, input, kernel, strides, dilations,
                                padding, ceilMode);
  if (failed(sizes))
    return failure();
  SmallVector<int64_t> expected(lead);
  expected.append(*sizes);
  return expectShape(diag, grad, "grad", expected, "the forward window");
}

} // namespace

//===----------------------------------------------------------------------===//
// Elementwise and losses
//===----------------------------------------------------------------------===//

bool UnaryBackwardOp::acceptsResult(UnaryFn fn) {
  switch (fn) {
  case UnaryFn::exp:
  case UnaryFn::sqrt:
  case UnaryFn::rsqrt:
  case UnaryFn::relu:
  case UnaryFn::sigmoid:
  case UnaryFn::tanh:
    return true;
  default:
    return false;
  }
}

LogicalResult UnaryBackwardOp::verify() {
  UnaryFn fn = getFn();
  if (getFromResult() && !acceptsResult(fn))
    return emitOpError("from_result is not supported for ")
           << stringifyUnaryFn(fn) << " (its derivative reads the input)";
  if (getAlpha() && fn != UnaryFn::leaky_relu && fn != UnaryFn::elu &&
      fn != UnaryFn::hard_sigmoid)
    return emitOpError(
        "alpha is only an attribute of leaky_relu, elu and hard_sigmoid");
  if (getBeta() && fn != UnaryFn::softplus && fn != UnaryFn::hard_sigmoid)
    return emitOpError("beta is only an attribute of softplus and "
                       "hard_sigmoid");
  if (getThreshold() && fn != UnaryFn::softplus)
    return emitOpError("threshold is only an attribute of softplus");
  return success();
}

LogicalResult BinaryBackwardOp::verify() {
  ShapeDiag diag = diagOf(*this);
  ArrayRef<int64_t> out = shapeOf(getGrad());
  if (failed(expectElementType(diag, getLhs(), "lhs",
                               getGrad().getType().getElementType())) ||
      failed(expectElementType(diag, getRhs(), "rhs",
                               getGrad().getType().getElementType())) ||
      failed(expectBroadcastsTo(diag, getLhs(), "lhs", out, "grad")) ||
      failed(expectBroadcastsTo(diag, getRhs(), "rhs", out, "grad")))
    return failure();
  return success();
}

LogicalResult LossBackwardOp::verify() {
  ShapeDiag diag = diagOf(*this);
  if (failed(expectElementType(diag, getScale(), "scale",
                               getInput().getType().getElementType())))
    return failure();
  return expectBroadcastsTo(diag, getScale(), "scale", shapeOf(getInput()),
                            "input");
}

LogicalResult OneHotOp::verify() {
  ShapeDiag diag = diagOf(*this);
  auto type = getResult().getType();
  if (failed(expectRank(diag, getIndices(), "indices", 1, "[B]")) ||
      failed(expectRank(diag, getResult(), "result", 2, "[B, C]")))
    return failure();
  if (type.isDynamicDim(1) || type.getDimSize(1) < 1)
    return emitOpError("result needs a static class count >= 1, got ") << type;
  return expectShape(diag, getIndices(), "indices", {type.getDimSize(0)},
                     "the result rows");
}

//===----------------------------------------------------------------------===//
// Structural
//===----------------------------------------------------------------------===//

/// The selected dimensions of a nn.numel (all when `axes` is absent).
static FailureOr<SmallVector<int64_t>> numelDims(NumelOp op,
                                                 const ShapeDiag &diag) {
  int64_t rank = op.getInput().getType().getRank();
  SmallVector<int64_t> dims;
  std::optional<ArrayRef<int64_t>> axes = op.getAxes();
  if (!axes) {
    dims.assign(llvm::to_vector(llvm::seq<int64_t>(0, rank)));
    return dims;
  }
  for (int64_t a : *axes) {
    auto d = normalizeAxis(diag, a, rank, "axis");
    if (failed(d))
      return failure();
    if (llvm::is_contained(dims, *d))
      return diag.error("axis ", a, " is listed twice");
    dims.push_back(*d);
  }
  return dims;
}

LogicalResult NumelOp::verify() { return numelDims(*this, diagOf(*this)); }

OpFoldResult NumelOp::fold(FoldAdaptor) {
  auto dims = numelDims(*this, ShapeDiag(std::nullopt, ""));
  if (failed(dims))
    return {};
  auto type = getInput().getType();
  double count = 1;
  for (int64_t d : *dims) {
    if (type.isDynamicDim(d))
      return {};
    count *= static_cast<double>(type.getDimSize(d));
  }
  Type elt = getType().getElementType();
  return DenseElementsAttr::get(
      getType(), ArrayRef<Attribute>(FloatAttr::get(elt, count)));
}

LogicalResult BroadcastOp::verify() {
  ShapeDiag diag = diagOf(*this);
  if (failed(expectElementType(diag, getResult(), "result",
                               getInput().getType().getElementType())) ||
      failed(
          expectShape(diag, getResult(), "result", shapeOf(getLike()), "like")))
    return failure();
  return expectBroadcastsTo(diag, getInput(), "input", shapeOf(getLike()),
                            "like");
}

SmallVector<int64_t> PoolBackwardOp::getStridesOrDefault() {
  return orDefault(getStrides(), getKernelShape().size(), 1);
}
SmallVector<int64_t> PoolBackwardOp::getPaddingOrDefault() {
  return orDefault(getPadding(), 2 * getKernelShape().size(), 0);
}

LogicalResult MaskBackwardOp::verify() {
  return expectBroadcastsTo(diagOf(*this), getMask(), "mask",
                            shapeOf(getGrad()), "grad");
}

LogicalResult DropoutMaskOp::verify() {
  double rate = getRate().convertToDouble();
  if (!(rate >= 0.0 && rate < 1.0))
    return emitOpError("rate must be in [0, 1), got ") << rate;
  return expectShape(diagOf(*this), getResult(), "result", shapeOf(getLike()),
                     "like");
}

LogicalResult EqMaskOp::verify() {
  ShapeDiag diag = diagOf(*this);
  if (failed(expectElementType(diag, getExtremum(), "extremum",
                               getInput().getType().getElementType())))
    return failure();
  return expectBroadcastsTo(diag, getExtremum(), "extremum",
                            shapeOf(getInput()), "input");
}

LogicalResult PoolBackwardOp::verify() {
  ShapeDiag diag = diagOf(*this);
  bool isMax = getKind() == PoolKind::max;
  if (isMax != static_cast<bool>(getInput()))
    return emitOpError(isMax ? "max needs the forward input and output"
                             : "avg takes no forward input or output");
  auto type = getResult().getType();
  int64_t rank = type.getRank();
  if ((rank != 3 && rank != 4) ||
      getKernelShape().size() != static_cast<size_t>(rank - 2))
    return emitOpError("result must be [N, C, L] or [N, C, H, W] with one "
                       "kernel size per spatial dimension, got ")
           << type;
  if (getInput() && failed(expectShape(diag, getInput(), "input",
                                       type.getShape(), "the result")))
    return failure();
  if (getOutput() && failed(expectShape(diag, getOutput(), "output",
                                        shapeOf(getGrad()), "grad")))
    return failure();
  SmallVector<int64_t> dilations(rank - 2, 1);
  return expectWindowOutput(diag, getGrad(), type.getShape(),
                            type.getShape().take_front(2), getKernelShape(),
                            getStridesOrDefault(), dilations,
                            getPaddingOrDefault(), getCeilMode());
}

LogicalResult GlobalPoolBackwardOp::verify() {
  ShapeDiag diag = diagOf(*this);
  if ((getKind() == PoolKind::max) != static_cast<bool>(getOutput()))
    return emitOpError(getKind() == PoolKind::max
                           ? "max needs the forward output"
                           : "avg takes no forward output");
  auto type = getInput().getType();
  if (type.getRank() < 3)
    return emitOpError("input needs a spatial dimension, got ") << type;
  SmallVector<int64_t> expected(type.getShape().take_front(2));
  expected.append(type.getRank() - 2, 1);
  if (failed(expectShape(diag, getGrad(), "grad", expected, "the input")))
    return failure();
  if (getOutput())
    return expectShape(diag, getOutput(), "output", expected, "the input");
  return success();
}

//===----------------------------------------------------------------------===//
// Linear and sequence
//===----------------------------------------------------------------------===//

/// The forward conv of input `x` and weight `w` (one of them the backward
/// result) must produce `grad`.
template <typename OpTy>
static LogicalResult verifyConvBackward(OpTy op, RankedTensorType x,
                                        RankedTensorType w) {
  ShapeDiag diag = diagOf(op);
  int64_t rank = x.getRank();
  if ((rank != 3 && rank != 4) || w.getRank() != rank)
    return diag.error("input and weight must be [N, C, L] / [Cout, Cin, k] "
                      "or [N, C, H, W] / [Cout, Cin, kH, kW], got ",
                      fmt(x.getShape()), " and ", fmt(w.getShape()));
  if (!w.hasStaticShape() ||
      llvm::any_of(x.getShape().drop_front(), ShapedType::isDynamic))
    return diag.error("only the batch dimension may be dynamic, got input ",
                      fmt(x.getShape()), " and weight ", fmt(w.getShape()));
  int64_t groups = op.getGroups();
  if (groups < 1 || w.getDimSize(0) % groups != 0 ||
      w.getDimSize(1) * groups != x.getDimSize(1))
    return diag.error("groups ", groups, " do not fit input channels ",
                      x.getDimSize(1), " and weight ", fmt(w.getShape()));
  Type elt = x.getElementType();
  if (w.getElementType() != elt ||
      op.getGrad().getType().getElementType() != elt)
    return diag.error("operands and result must have one element type");
  return expectWindowOutput(
      diag, op.getGrad(), x.getShape(), {x.getDimSize(0), w.getDimSize(0)},
      w.getShape().drop_front(2), op.getStridesOrDefault(),
      op.getDilationsOrDefault(), op.getPaddingOrDefault(), /*ceilMode=*/false);
}

LogicalResult ConvBackwardInputOp::verify() {
  return verifyConvBackward(*this, getResult().getType(),
                            getWeight().getType());
}
LogicalResult ConvBackwardWeightOp::verify() {
  return verifyConvBackward(*this, getInput().getType(), getResult().getType());
}

LogicalResult EmbeddingBackwardOp::verify() {
  ShapeDiag diag = diagOf(*this);
  auto type = getResult().getType();
  if (failed(expectRank(diag, getResult(), "result", 2, "[V, D]")))
    return failure();
  if (type.isDynamicDim(0))
    return emitOpError("result needs a static number of rows, got ") << type;
  SmallVector<int64_t> expected(shapeOf(getIndices()));
  expected.push_back(type.getDimSize(1));
  if (failed(expectElementType(diag, getGrad(), "grad", type.getElementType())))
    return failure();
  return expectShape(diag, getGrad(), "grad", expected,
                     "the indices and the table width");
}

//===----------------------------------------------------------------------===//
// Ledger: FLOPs of the kernels the lowering emits
//===----------------------------------------------------------------------===//

int64_t UnaryBackwardOp::getForwardFlops() {
  return 2 * countElements(getResult());
}
int64_t BinaryBackwardOp::getForwardFlops() {
  return 4 * countElements(getGrad());
}
int64_t LossBackwardOp::getForwardFlops() {
  return 6 * countElements(getInput());
}
int64_t OneHotOp::getForwardFlops() { return 0; }
int64_t NumelOp::getForwardFlops() { return 0; }
int64_t BroadcastOp::getForwardFlops() { return 0; }
int64_t MaskBackwardOp::getForwardFlops() { return 0; }
int64_t DropoutMaskOp::getForwardFlops() { return 0; }
int64_t EqMaskOp::getForwardFlops() { return countElements(getInput()); }
int64_t PoolBackwardOp::getForwardFlops() {
  return countElements(getGrad()) * product(getKernelShape());
}
int64_t GlobalPoolBackwardOp::getForwardFlops() {
  return countElements(getInput());
}
int64_t ConvBackwardInputOp::getForwardFlops() {
  return 2 * countElements(getGrad()) *
         product(getWeight().getType().getShape().drop_front(1));
}
int64_t ConvBackwardWeightOp::getForwardFlops() {
  return 2 * countElements(getGrad()) *
         product(getResult().getType().getShape().drop_front(1));
}
int64_t EmbeddingBackwardOp::getForwardFlops() {
  return countElements(getGrad());
}
