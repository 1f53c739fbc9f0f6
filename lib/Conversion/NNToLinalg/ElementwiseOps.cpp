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
#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;

namespace {

/// A binary op: one `ScalarOp` on the operands' elements, read through
/// NumPy broadcasting maps. The result type is as static as the operands
/// allow; the declared one may be less static, and the lowering casts.
template <typename OpTy, typename ScalarOp>
struct BinaryLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(OpTrait::util::getBroadcastedType(
        op.getLhs().getType(), op.getRhs().getType()));
    Value result = buildElementwise(
        rewriter, loc, type, ValueRange{op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return ScalarOp::create(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

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

/// min(max(alpha·x + beta, 0), 1) (NaN propagates, as PyTorch's).
struct HardSigmoidLowering
    : UnaryLoweringBase<nn::HardSigmoidOp, HardSigmoidLowering> {
  using UnaryLoweringBase::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, nn::HardSigmoidOp op) {
    Type t = x.getType();
    Value v = arith::AddFOp::create(
        b, l,
        arith::MulFOp::create(
            b, l, floatConst(b, l, t, op.getAlpha().convertToDouble()), x),
        floatConst(b, l, t, op.getBeta().convertToDouble()));
    v = arith::MaximumFOp::create(b, l, v, floatConst(b, l, t, 0.0));
    return arith::MinimumFOp::create(b, l, v, floatConst(b, l, t, 1.0));
  }
};

/// x·min(max(x + 3, 0), 6) / 6, PyTorch's CPU formula.
struct HardSwishLowering
    : UnaryLoweringBase<nn::HardSwishOp, HardSwishLowering> {
  using UnaryLoweringBase::UnaryLoweringBase;
  static Value scalar(OpBuilder &b, Location l, Value x, nn::HardSwishOp) {
    Type t = x.getType();
    Value v = arith::AddFOp::create(b, l, x, floatConst(b, l, t, 3.0));
    v = arith::MaximumFOp::create(b, l, v, floatConst(b, l, t, 0.0));
    v = arith::MinimumFOp::create(b, l, v, floatConst(b, l, t, 6.0));
    return arith::DivFOp::create(b, l, arith::MulFOp::create(b, l, x, v),
                                 floatConst(b, l, t, 6.0));
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
  patterns.add<BinaryLowering<nn::AddOp, arith::AddFOp>,
               BinaryLowering<nn::SubOp, arith::SubFOp>,
               BinaryLowering<nn::MulOp, arith::MulFOp>,
               BinaryLowering<nn::DivOp, arith::DivFOp>,
               BinaryLowering<nn::PowOp, math::PowFOp>,
               BinaryLowering<nn::MaxOp, arith::MaximumFOp>,
               BinaryLowering<nn::MinOp, arith::MinimumFOp>>(ctx);
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
               LeakyReluLowering, EluLowering, GeluLowering, SoftplusLowering,
               HardSigmoidLowering, HardSwishLowering>(ctx);
}
