//===- ElementwiseOps.cpp - lower binary, unary and activation ops to linalg
//===//
//
// Every op becomes one all-parallel linalg.generic (buildElementwise): binary
// ops read their operands through NumPy broadcasting maps; the scalar body is
// arith (add sub mul div neg max=maximumf min=minimumf, NaN-propagating as
// torch.maximum/minimum) or math (pow=powf exp log sqrt abs=absf erf;
// rsqrt = 1 / math.sqrt),
// and the activations reuse applyActivation / applySoftplus.
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;

namespace {

/// The NumPy-broadcast result type of two operands, as static as the
/// operands allow (a dynamic size against a static one takes the static
/// size). The declared result type may be less static; the lowering casts.
RankedTensorType broadcastType(Value lhs, Value rhs) {
  auto a = cast<RankedTensorType>(lhs.getType());
  auto b = cast<RankedTensorType>(rhs.getType());
  size_t rank = std::max(a.getRank(), b.getRank());
  SmallVector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t ai =
        i + a.getRank() >= rank ? a.getDimSize(i + a.getRank() - rank) : 1;
    int64_t bi =
        i + b.getRank() >= rank ? b.getDimSize(i + b.getRank() - rank) : 1;
    if (ai == 1)
      shape[i] = bi;
    else if (bi == 1 || ShapedType::isDynamic(bi))
      shape[i] = ai;
    else
      shape[i] = bi;
  }
  return RankedTensorType::get(shape, a.getElementType());
}

using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

template <typename OpTy> struct BinaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = broadcastType(op.getLhs(), op.getRhs());
    Value result = buildElementwise(
        rewriter, loc, type, ValueRange{op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return scalar(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }

  static Value scalar(OpBuilder &b, Location l, Value x, Value y);
};

template <>
Value BinaryLowering<nn::AddOp>::scalar(OpBuilder &b, Location l, Value x,
                                        Value y) {
  return arith::AddFOp::create(b, l, x, y);
}
template <>
Value BinaryLowering<nn::SubOp>::scalar(OpBuilder &b, Location l, Value x,
                                        Value y) {
  return arith::SubFOp::create(b, l, x, y);
}
template <>
Value BinaryLowering<nn::MulOp>::scalar(OpBuilder &b, Location l, Value x,
                                        Value y) {
  return arith::MulFOp::create(b, l, x, y);
}
template <>
Value BinaryLowering<nn::DivOp>::scalar(OpBuilder &b, Location l, Value x,
                                        Value y) {
  return arith::DivFOp::create(b, l, x, y);
}
template <>
Value BinaryLowering<nn::PowOp>::scalar(OpBuilder &b, Location l, Value x,
                                        Value y) {
  return math::PowFOp::create(b, l, x, y);
}
template <>
Value BinaryLowering<nn::MaxOp>::scalar(OpBuilder &b, Location l, Value x,
                                        Value y) {
  return arith::MaximumFOp::create(b, l, x, y);
}
template <>
Value BinaryLowering<nn::MinOp>::scalar(OpBuilder &b, Location l, Value x,
                                        Value y) {
  return arith::MinimumFOp::create(b, l, x, y);
}

/// A unary op whose scalar body is `Derived::scalar(b, loc, x, op)`.
template <typename OpTy, typename Derived>
struct UnaryLoweringBase : OpRewritePattern<OpTy> {
  UnaryLoweringBase(MLIRContext *ctx) : OpRewritePattern<OpTy>(ctx) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, loc, type, ValueRange{op.getInput()},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return Derived::scalar(b, l, args[0], op);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Unary math ops: one arith/math op on the element.
template <typename OpTy, typename ScalarOp>
struct UnaryLowering : UnaryLoweringBase<OpTy, UnaryLowering<OpTy, ScalarOp>> {
  using UnaryLoweringBase<OpTy, UnaryLowering>::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, OpTy) {
    return ScalarOp::create(b, l, x);
  }
};

/// Activations without attributes map to one case of the epilogue enum.
template <typename OpTy, nn::Activation Act>
struct ActivationLowering
    : UnaryLoweringBase<OpTy, ActivationLowering<OpTy, Act>> {
  using UnaryLoweringBase<OpTy, ActivationLowering>::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, OpTy) {
    return applyActivation(b, l, x, Act, std::nullopt);
  }
};

/// 1 / sqrt(x), as PyTorch's CPU kernel (and not math.rsqrt, which
/// convert-math-to-libm turns into a call of the nonexistent rsqrtf).
struct RsqrtLowering : UnaryLoweringBase<nn::RsqrtOp, RsqrtLowering> {
  using UnaryLoweringBase::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, nn::RsqrtOp) {
    return arith::DivFOp::create(b, l, floatConst(b, l, x.getType(), 1.0),
                                 math::SqrtOp::create(b, l, x));
  }
};

struct LeakyReluLowering
    : UnaryLoweringBase<nn::LeakyReluOp, LeakyReluLowering> {
  using UnaryLoweringBase::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, nn::LeakyReluOp op) {
    return applyActivation(b, l, x, nn::Activation::leaky_relu,
                           op.getAlpha().convertToDouble());
  }
};

struct EluLowering : UnaryLoweringBase<nn::EluOp, EluLowering> {
  using UnaryLoweringBase::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, nn::EluOp op) {
    return applyActivation(b, l, x, nn::Activation::elu,
                           op.getAlpha().convertToDouble());
  }
};

struct GeluLowering : UnaryLoweringBase<nn::GeluOp, GeluLowering> {
  using UnaryLoweringBase::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, nn::GeluOp op) {
    return applyActivation(b, l, x,
                           op.getApproximate() ? nn::Activation::gelu_tanh
                                               : nn::Activation::gelu,
                           std::nullopt);
  }
};

struct SoftplusLowering : UnaryLoweringBase<nn::SoftplusOp, SoftplusLowering> {
  using UnaryLoweringBase::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, nn::SoftplusOp op) {
    return applySoftplus(b, l, x, op.getBeta().convertToDouble(),
                         op.getThreshold().convertToDouble());
  }
};

} // namespace

void nnc::populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<BinaryLowering<nn::AddOp>, BinaryLowering<nn::SubOp>,
               BinaryLowering<nn::MulOp>, BinaryLowering<nn::DivOp>,
               BinaryLowering<nn::PowOp>, BinaryLowering<nn::MaxOp>,
               BinaryLowering<nn::MinOp>>(ctx);
  patterns.add<UnaryLowering<nn::NegOp, arith::NegFOp>,
               UnaryLowering<nn::ExpOp, math::ExpOp>,
               UnaryLowering<nn::LogOp, math::LogOp>,
               UnaryLowering<nn::SqrtOp, math::SqrtOp>, RsqrtLowering,
               UnaryLowering<nn::AbsOp, math::AbsFOp>,
               UnaryLowering<nn::ErfOp, math::ErfOp>>(ctx);
  patterns.add<ActivationLowering<nn::ReluOp, nn::Activation::relu>,
               ActivationLowering<nn::SiluOp, nn::Activation::silu>,
               ActivationLowering<nn::SigmoidOp, nn::Activation::sigmoid>,
               ActivationLowering<nn::TanhOp, nn::Activation::tanh>,
               LeakyReluLowering, EluLowering, GeluLowering, SoftplusLowering>(
      ctx);
}
