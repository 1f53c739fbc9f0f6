//===- NNLinearOps.cpp - dense, conv, matmul ------------------------------===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Matchers.h"
#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;
using namespace nnc::nn::ledger;

//===----------------------------------------------------------------------===//
// ActivationAttr (the epilogue)
//===----------------------------------------------------------------------===//

LogicalResult
ActivationAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       Activation kind, FloatAttr alpha) {
  if (!alpha)
    return success();
  if (kind != Activation::leaky_relu && kind != Activation::elu)
    return emitError() << "alpha is only meaningful for the leaky_relu and "
                          "elu activations, not "
                       << stringifyActivation(kind);
  if (!std::isfinite(alpha.getValueAsDouble()))
    return emitError() << "alpha must be finite";
  return success();
}

//===----------------------------------------------------------------------===//
// DenseOp
//===----------------------------------------------------------------------===//

LogicalResult DenseOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  auto w = rankedType(adaptor.getWeight());
  if (!x || !w)
    return diag.error("operands must be ranked tensors");
  if (x.getRank() < 1)
    return diag.error("input must have rank >= 1 [..., in], got rank 0");
  if (failed(expectRank(diag, adaptor.getWeight(), "weight", 2, "[out, in]")))
    return failure();
  int64_t in = x.getShape().back(), out = w.getDimSize(0);
  if (conflicts(w.getDimSize(1), in))
    return diag.error("weight shape ", fmt(w.getShape()),
                      " does not match input features ", in, ": expected ",
                      fmt({out, in}));
  if (failed(expectShape(diag, adaptor.getBias(), "bias", {out},
                         "output features")) ||
      failed(expectSameElementType(
          diag, x.getElementType(),
          {{"weight", adaptor.getWeight()}, {"bias", adaptor.getBias()}})))
    return failure();
  SmallVector<int64_t> shape(x.getShape());
  shape.back() = out;
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ConvOp
//===----------------------------------------------------------------------===//

int64_t ConvOp::getFeatureAxis() { return 1; }

SmallVector<int64_t> ConvOp::getStridesOrDefault() {
  return orDefault(getStrides(), getInput().getType().getRank() - 2, 1);
}
SmallVector<int64_t> ConvOp::getPaddingOrDefault() {
  return orDefault(getPadding(), 2 * (getInput().getType().getRank() - 2), 0);
}
SmallVector<int64_t> ConvOp::getDilationsOrDefault() {
  return orDefault(getDilations(), getInput().getType().getRank() - 2, 1);
}

LogicalResult ConvOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  auto w = rankedType(adaptor.getWeight());
  if (!x || !w)
    return diag.error("operands must be ranked tensors");
  int64_t rank = x.getRank();
  if (rank != 3 && rank != 4)
    return diag.error("input must be [N, C, L] or [N, C, H, W], got shape ",
                      fmt(x.getShape()));
  size_t spatial = rank - 2;
  if (w.getRank() != rank)
    return diag.error("weight must have rank ", rank, " [Cout, Cin/groups",
                      spatial == 1 ? ", k]" : ", kH, kW]", ", got shape ",
                      fmt(w.getShape()));
  int64_t groups = static_cast<int64_t>(adaptor.getGroups());
  if (groups < 1)
    return diag.error("groups must be >= 1, got ", groups);
  int64_t cin = x.getDimSize(1), cout = w.getDimSize(0);
  if (!ShapedType::isDynamic(cin) && cin % groups != 0)
    return diag.error("input channels ", cin, " are not divisible by groups ",
                      groups);
  if (!ShapedType::isDynamic(cout) && cout % groups != 0)
    return diag.error("output channels ", cout, " are not divisible by groups ",
                      groups);
  SmallVector<int64_t> expectedW(w.getShape());
  expectedW[1] = ShapedType::isDynamic(cin) ? cin : cin / groups;
  if (!shapeMatches(w.getShape(), expectedW))
    return diag.error("weight shape ", fmt(w.getShape()),
                      " does not match input channels ", cin, " / groups ",
                      groups, ": expected ", fmt(expectedW));
  ArrayRef<int64_t> kernel = w.getShape().drop_front(2);
  if (llvm::any_of(
          kernel, [](int64_t k) { return !ShapedType::isDynamic(k) && k < 1; }))
    return diag.error("kernel sizes ", fmt(kernel), " of weight shape ",
                      fmt(w.getShape()), " must be >= 1");
  if (failed(expectShape(diag, adaptor.getBias(), "bias", {cout},
                         "output channels")) ||
      failed(expectSameElementType(
          diag, x.getElementType(),
          {{"weight", adaptor.getWeight()}, {"bias", adaptor.getBias()}})))
    return failure();
  auto sizes = inferWindowShape(
      diag, x.getShape(), kernel, orDefault(adaptor.getStrides(), spatial, 1),
      orDefault(adaptor.getDilations(), spatial, 1),
      orDefault(adaptor.getPadding(), 2 * spatial, 0), /*ceilMode=*/false);
  if (failed(sizes))
    return failure();
  SmallVector<int64_t> shape{x.getDimSize(0), cout};
  shape.append(*sizes);
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto a = rankedType(adaptor.getLhs());
  auto b = rankedType(adaptor.getRhs());
  if (!a || !b)
    return diag.error("operands must be ranked tensors");
  if (a.getRank() < 2 || b.getRank() < 2)
    return diag.error("operands must have rank >= 2 ([..., M, K] and "
                      "[..., K, N]), got shapes ",
                      fmt(a.getShape()), " and ", fmt(b.getShape()));
  int64_t m = a.getDimSize(a.getRank() - 2), k = a.getShape().back();
  int64_t n = b.getShape().back();
  if (conflicts(b.getDimSize(b.getRank() - 2), k)) {
    SmallVector<int64_t> expected(b.getShape());
    expected[b.getRank() - 2] = k;
    return diag.error("rhs shape ", fmt(b.getShape()),
                      " does not match lhs contraction size ", k, ": expected ",
                      fmt(expected));
  }
  auto batch =
      broadcastShapes(diag, a.getShape().drop_back(2),
                      b.getShape().drop_back(2), "lhs batch", "rhs batch");
  if (failed(batch) ||
      failed(expectShape(diag, adaptor.getBias(), "bias", {n},
                         "output columns")) ||
      failed(expectSameElementType(
          diag, a.getElementType(),
          {{"rhs", adaptor.getRhs()}, {"bias", adaptor.getBias()}})))
    return failure();
  SmallVector<int64_t> shape(*batch);
  shape.append({m, n});
  inferred.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Linear layers
//===----------------------------------------------------------------------===//

SmallVector<Value> DenseOp::getParameterOperands() {
  return present({getWeight(), getBias()});
}
int64_t DenseOp::getForwardFlops() {
  int64_t in = lastDimOr1(getInput());
  int64_t rows = countElements(getInput()) / std::max<int64_t>(in, 1);
  return matmulFlops(rows, in, dimOr1(getWeight(), 0));
}

SmallVector<Value> ConvOp::getParameterOperands() {
  return present({getWeight(), getBias()});
}
int64_t ConvOp::getForwardFlops() {
  // Each output element is a dot product over Cin/groups · prod(kernel).
  int64_t perOutput = product(getWeight().getType().getShape().drop_front(1));
  return 2 * countElements(getResult()) * perOutput;
}

SmallVector<Value> MatmulOp::getParameterOperands() {
  // A constant rhs is a weight (e.g. ONNX MatMul with an initializer).
  return present(
      {matchPattern(getRhs(), m_Constant()) ? getRhs() : Value(), getBias()});
}
int64_t MatmulOp::getForwardFlops() {
  return 2 * countElements(getResult()) * lastDimOr1(getLhs());
}
