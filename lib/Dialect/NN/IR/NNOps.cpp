//===- NNOps.cpp - dense, conv, matmul, elementwise and softmax ops -------===//
//
// Every op with InferTypeOpAdaptor checks its operands in inferReturnTypes,
// so one function both verifies the op and gives builders its result type.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "ShapeUtils.h"

#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;

#define GET_OP_CLASSES
#include "nnc/Dialect/NN/IR/NNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Common
//===----------------------------------------------------------------------===//

bool nnc::nn::detail::areCompatibleResultTypes(TypeRange lhs, TypeRange rhs) {
  if (lhs.size() != rhs.size())
    return false;
  for (auto [l, r] : llvm::zip(lhs, rhs))
    if (getElementTypeOrSelf(l) != getElementTypeOrSelf(r) ||
        failed(verifyCompatibleShape(l, r)))
      return false;
  return true;
}

LogicalResult nnc::nn::detail::verifyResultTypes(Operation *op,
                                                 TypeRange inferred) {
  if (areCompatibleResultTypes(inferred, op->getResultTypes()))
    return success();
  std::string declared, expected;
  llvm::raw_string_ostream d(declared), e(expected);
  llvm::interleaveComma(op->getResultTypes(), d);
  llvm::interleaveComma(inferred, e);
  return op->emitOpError("result type ")
         << declared << " does not match the operands: expected " << expected;
}

std::optional<Activation> nnc::nn::getActivationKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<Activation>>(op)
      .Case([](ReluOp) { return Activation::relu; })
      .Case([](LeakyReluOp) { return Activation::leaky_relu; })
      .Case([](GeluOp g) {
        return g.getApproximate() ? Activation::gelu_tanh : Activation::gelu;
      })
      .Case([](SiluOp) { return Activation::silu; })
      .Case([](SigmoidOp) { return Activation::sigmoid; })
      .Case([](TanhOp) { return Activation::tanh; })
      .Case([](EluOp) { return Activation::elu; })
      .Case([](SoftplusOp s) -> std::optional<Activation> {
        // The epilogue has no beta/threshold: only the default softplus maps.
        if (s.getBeta().convertToDouble() == 1.0 &&
            s.getThreshold().convertToDouble() == 20.0)
          return Activation::softplus;
        return std::nullopt;
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// The optional activation epilogue of dense, conv and matmul.
static LogicalResult verifyEpilogue(const ShapeDiag &diag,
                                    Activation activation,
                                    std::optional<APFloat> alpha) {
  if (!alpha)
    return success();
  if (activation != Activation::leaky_relu && activation != Activation::elu)
    return diag.error("alpha is only meaningful for the leaky_relu and elu "
                      "activations, not ",
                      stringifyActivation(activation));
  if (!std::isfinite(alpha->convertToDouble()))
    return diag.error("alpha must be finite");
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
          {{"weight", adaptor.getWeight()}, {"bias", adaptor.getBias()}})) ||
      failed(verifyEpilogue(diag, adaptor.getActivation(), adaptor.getAlpha())))
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

/// Checks a window attribute: `size` entries, each >= `min`.
static LogicalResult checkWindowAttr(const ShapeDiag &diag, StringRef name,
                                     ArrayRef<int64_t> values, size_t size,
                                     int64_t min) {
  if (values.size() != size)
    return diag.error(name, " must have ", size, " entries, got ",
                      values.size());
  for (int64_t v : values)
    if (v < min)
      return diag.error(name, " ", fmt(values), " must be >= ", min);
  return success();
}

/// Output size of a sliding window along one dimension (conv and pool).
static int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t dilation, int64_t padBegin,
                                int64_t padEnd, bool ceilMode) {
  if (ShapedType::isDynamic(in) || ShapedType::isDynamic(kernel))
    return ShapedType::kDynamic;
  int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0)
    return 0;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // As PyTorch: the last window must start inside the input or left padding.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

namespace nnc::nn::detail {
/// Output spatial sizes of conv and pool, with their shared checks.
FailureOr<SmallVector<int64_t>>
inferWindowShape(const ShapeDiag &diag, ArrayRef<int64_t> input,
                 ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> dilations, ArrayRef<int64_t> padding,
                 bool ceilMode) {
  size_t spatial = kernel.size();
  if (failed(checkWindowAttr(diag, "strides", strides, spatial, 1)) ||
      failed(checkWindowAttr(diag, "dilations", dilations, spatial, 1)) ||
      failed(checkWindowAttr(diag, "padding", padding, 2 * spatial, 0)))
    return failure();
  SmallVector<int64_t> out;
  for (size_t i = 0; i < spatial; ++i) {
    int64_t in = input[input.size() - spatial + i];
    int64_t size = windowOutputSize(in, kernel[i], strides[i], dilations[i],
                                    padding[i], padding[spatial + i], ceilMode);
    if (size == 0)
      return diag.error("window of size ", kernel[i], " (dilation ",
                        dilations[i], ") does not fit spatial dimension ", i,
                        " of size ", in, " with padding ", padding[i], "+",
                        padding[spatial + i]);
    out.push_back(size);
  }
  return out;
}
} // namespace nnc::nn::detail

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
          {{"weight", adaptor.getWeight()}, {"bias", adaptor.getBias()}})) ||
      failed(verifyEpilogue(diag, adaptor.getActivation(), adaptor.getAlpha())))
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
          {{"rhs", adaptor.getRhs()}, {"bias", adaptor.getBias()}})) ||
      failed(verifyEpilogue(diag, adaptor.getActivation(), adaptor.getAlpha())))
    return failure();
  SmallVector<int64_t> shape(*batch);
  shape.append({m, n});
  inferred.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult inferBinary(const ShapeDiag &diag,
                                 typename OpTy::Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  auto a = rankedType(adaptor.getLhs());
  auto b = rankedType(adaptor.getRhs());
  if (!a || !b)
    return diag.error("operands must be ranked tensors");
  if (a.getElementType() != b.getElementType())
    return diag.error("rhs element type ", b.getElementType(),
                      " does not match lhs element type ", a.getElementType());
  auto shape = broadcastShapes(diag, a.getShape(), b.getShape(), "lhs", "rhs");
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, a.getElementType()));
  return success();
}

#define NN_BINARY_INFER(OP)                                                    \
  LogicalResult OP::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,   \
                                     SmallVectorImpl<Type> &inferred) {        \
    return inferBinary<OP>(diag, adaptor, inferred);                           \
  }
NN_BINARY_INFER(AddOp)
NN_BINARY_INFER(SubOp)
NN_BINARY_INFER(MulOp)
NN_BINARY_INFER(DivOp)
NN_BINARY_INFER(PowOp)
NN_BINARY_INFER(MaxOp)
NN_BINARY_INFER(MinOp)
#undef NN_BINARY_INFER

//===----------------------------------------------------------------------===//
// Activations with attributes
//===----------------------------------------------------------------------===//

LogicalResult LeakyReluOp::verify() {
  if (!std::isfinite(getAlpha().convertToDouble()))
    return emitOpError("alpha must be finite");
  return success();
}

LogicalResult EluOp::verify() {
  if (!std::isfinite(getAlpha().convertToDouble()))
    return emitOpError("alpha must be finite");
  return success();
}

LogicalResult SoftplusOp::verify() {
  if (!(getBeta().convertToDouble() > 0))
    return emitOpError("beta must be > 0, got ")
           << fmtNumber(getBeta().convertToDouble());
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

/// Softmax and log_softmax: axis, temperature and the optional mask.
template <typename OpTy>
static LogicalResult inferSoftmaxLike(const ShapeDiag &diag,
                                      typename OpTy::Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x)
    return diag.error("input must be a ranked tensor");
  if (x.getRank() < 1)
    return diag.error("input must have rank >= 1");
  if (failed(normalizeAxis(diag, adaptor.getAxis(), x.getRank(), "axis")) ||
      failed(checkTemperature(diag, adaptor.getTemperature())))
    return failure();
  if (auto mask = rankedType(adaptor.getMask())) {
    auto b =
        broadcastShapes(diag, mask.getShape(), x.getShape(), "mask", "input");
    if (failed(b))
      return failure();
    if (!shapeMatches(*b, x.getShape()))
      return diag.error("mask shape ", fmt(mask.getShape()),
                        " does not broadcast to input shape ",
                        fmt(x.getShape()));
    if (!mask.getElementType().isInteger(1) &&
        mask.getElementType() != x.getElementType())
      return diag.error("mask must be i1 or the input element type ",
                        x.getElementType(), ", got ", mask.getElementType());
  }
  inferred.push_back(x);
  return success();
}

LogicalResult SoftmaxOp::inferResultTypes(const ShapeDiag &diag,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  if (failed(inferSoftmaxLike<SoftmaxOp>(diag, adaptor, inferred)))
    return failure();
  // The causal mask compares the last two indices: [..., Lq, Lk], axis Lk.
  if (adaptor.getCausal()) {
    int64_t rank = rankedType(adaptor.getInput()).getRank();
    int64_t axis = adaptor.getAxis();
    if (rank < 2)
      return diag.error("causal needs an input of rank >= 2 ([..., Lq, Lk]), "
                        "got rank ",
                        rank);
    if (axis != -1 && axis != rank - 1)
      return diag.error("causal needs axis = -1 (the keys, ", rank - 1,
                        "), got ", axis);
  }
  return success();
}

LogicalResult LogSoftmaxOp::inferResultTypes(const ShapeDiag &diag,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferSoftmaxLike<LogSoftmaxOp>(diag, adaptor, inferred);
}

LogicalResult SparsemaxOp::inferResultTypes(const ShapeDiag &diag,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1");
  if (failed(normalizeAxis(diag, adaptor.getAxis(), x.getRank(), "axis")))
    return failure();
  inferred.push_back(x);
  return success();
}

LogicalResult GridSoftmaxOp::inferResultTypes(const ShapeDiag &diag,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1");
  int64_t groups = static_cast<int64_t>(adaptor.getGroups());
  if (groups < 1)
    return diag.error("groups must be >= 1, got ", groups);
  int64_t last = x.getShape().back();
  if (!ShapedType::isDynamic(last) && last % groups != 0)
    return diag.error("last dimension ", last, " is not divisible by groups ",
                      groups);
  if (failed(checkTemperature(diag, adaptor.getTemperature())))
    return failure();
  inferred.push_back(x);
  return success();
}
