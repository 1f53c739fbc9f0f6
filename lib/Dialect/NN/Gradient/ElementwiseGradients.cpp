//===- ElementwiseGradients.cpp - rules of the elementwise nn ops ---------===//
//
// Unary ops and activations: dx = dy · f'(x), one linalg.generic whose body
// is the scalar derivative (reading the saved result y where that is
// cheaper, or recomputing it from x under `recompute`). Binary ops: the
// partial derivatives at the broadcast shape, summed back to each operand's
// shape.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;
namespace builders = nnc::nn::builders;
using arith::CmpFPredicate;

namespace {

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

/// Whether the derivative reads the forward result (else only the input).
bool derivativeUsesResult(Operation *op) {
  return isa<ExpOp, SqrtOp, RsqrtOp, ReluOp, SigmoidOp, TanhOp, EluOp>(op);
}

bool derivativeUsesInput(Operation *op) {
  return !isa<NegOp, ExpOp, SqrtOp, RsqrtOp, ReluOp, SigmoidOp, TanhOp>(op);
}

double alphaOf(Operation *op) {
  if (auto l = dyn_cast<LeakyReluOp>(op))
    return l.getAlpha().convertToDouble();
  if (auto e = dyn_cast<EluOp>(op))
    return e.getAlpha().convertToDouble();
  return 0.0;
}

/// The forward scalar function (for recomputation inside the backward).
Value forwardScalar(OpBuilder &b, Location l, Operation *op, Value x) {
  if (auto act = getActivationKind(op))
    return builders::applyActivation(b, l, x, *act, alphaOf(op));
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](ExpOp) -> Value { return math::ExpOp::create(b, l, x); })
      .Case([&](SqrtOp) -> Value { return math::SqrtOp::create(b, l, x); })
      .Case([&](RsqrtOp) -> Value {
        return div(b, l, cst(b, l, x.getType(), 1.0),
                   math::SqrtOp::create(b, l, x));
      })
      .Case([&](SoftplusOp s) -> Value {
        return builders::applySoftplus(b, l, x, s.getBeta().convertToDouble(),
                                       s.getThreshold().convertToDouble());
      });
}

/// dy/dx at x, of scalar type `t` (x, y: the input and forward result, null
/// when the rule does not read them).
Value derivative(OpBuilder &b, Location l, Operation *op, Type t, Value x,
                 Value y) {
  Value one = cst(b, l, t, 1.0), zero = cst(b, l, t, 0.0);
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](NegOp) -> Value { return cst(b, l, t, -1.0); })
      .Case([&](ExpOp) -> Value { return y; })
      .Case([&](LogOp) -> Value { return div(b, l, one, x); })
      .Case([&](SqrtOp) -> Value { return div(b, l, cst(b, l, t, 0.5), y); })
      .Case([&](RsqrtOp) -> Value {
        // d/dx x^(-1/2) = -1/2 · y³
        return mul(b, l, cst(b, l, t, -0.5), mul(b, l, y, mul(b, l, y, y)));
      })
      .Case([&](AbsOp) -> Value {
        Value pos = selectIf(b, l, CmpFPredicate::OGT, x, zero, one, zero);
        return selectIf(b, l, CmpFPredicate::OLT, x, zero, cst(b, l, t, -1.0),
                        pos);
      })
      .Case([&](ErfOp) -> Value {
        Value e = math::ExpOp::create(
            b, l, arith::NegFOp::create(b, l, mul(b, l, x, x)));
        return mul(b, l, cst(b, l, t, 2.0 / std::sqrt(M_PI)), e);
      })
      .Case([&](ReluOp) -> Value {
        return selectIf(b, l, CmpFPredicate::OGT, y, zero, one, zero);
      })
      .Case([&](LeakyReluOp op) -> Value {
        return selectIf(b, l, CmpFPredicate::OGT, x, zero, one,
                        cst(b, l, t, alphaOf(op)));
      })
      .Case([&](GeluOp g) -> Value {
        if (!g.getApproximate()) {
          // Φ(x) + x·φ(x)
          Value cdf =
              mul(b, l, cst(b, l, t, 0.5),
                  add(b, l, one,
                      math::ErfOp::create(
                          b, l, mul(b, l, x, cst(b, l, t, M_SQRT1_2)))));
          Value pdf =
              mul(b, l, cst(b, l, t, 1.0 / std::sqrt(2.0 * M_PI)),
                  math::ExpOp::create(
                      b, l, mul(b, l, cst(b, l, t, -0.5), mul(b, l, x, x))));
          return add(b, l, cdf, mul(b, l, x, pdf));
        }
        // 0.5·x·(1 + tanh(u)), u = c·(x + 0.044715·x³)
        double c = std::sqrt(2.0 / M_PI);
        Value x2 = mul(b, l, x, x);
        Value u = mul(
            b, l, cst(b, l, t, c),
            add(b, l, x, mul(b, l, cst(b, l, t, 0.044715), mul(b, l, x2, x))));
        Value th = math::TanhOp::create(b, l, u);
        Value du =
            mul(b, l, cst(b, l, t, c),
                add(b, l, one, mul(b, l, cst(b, l, t, 3 * 0.044715), x2)));
        Value left = mul(b, l, cst(b, l, t, 0.5), add(b, l, one, th));
        Value right =
            mul(b, l, mul(b, l, cst(b, l, t, 0.5), x),
                mul(b, l, subtract(b, l, one, mul(b, l, th, th)), du));
        return add(b, l, left, right);
      })
      .Case([&](SiluOp) -> Value {
        // s·(1 + x·(1 - s))
        Value s = sigmoid(b, l, x);
        return mul(b, l, s,
                   add(b, l, one, mul(b, l, x, subtract(b, l, one, s))));
      })
      .Case([&](SigmoidOp) -> Value {
        return mul(b, l, y, subtract(b, l, one, y));
      })
      .Case(
          [&](TanhOp) -> Value { return subtract(b, l, one, mul(b, l, y, y)); })
      .Case([&](EluOp op) -> Value {
        // alpha·(e^x - 1) + alpha = y + alpha below zero
        return selectIf(b, l, CmpFPredicate::OGT, x, zero, one,
                        add(b, l, y, cst(b, l, t, alphaOf(op))));
      })
      .Case([&](SoftplusOp s) -> Value {
        double beta = s.getBeta().convertToDouble();
        Value bx = mul(b, l, x, cst(b, l, t, beta));
        return selectIf(b, l, CmpFPredicate::OGT, bx,
                        cst(b, l, t, s.getThreshold().convertToDouble()), one,
                        sigmoid(b, l, bx));
      });
}

template <typename OpTy>
struct UnaryModel : GradientOpInterface::ExternalModel<UnaryModel<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGrads, bool recompute,
                               SmallVectorImpl<Value> &operandGrads) const {
    Location loc = op->getLoc();
    Value x = op->getOperand(0), y = op->getResult(0), g = resultGrads[0];
    bool readY = derivativeUsesResult(op) && !recompute;
    bool readX = derivativeUsesInput(op) || derivativeUsesResult(op);
    SmallVector<Value> inputs{g};
    if (readX)
      inputs.push_back(x);
    if (readY)
      inputs.push_back(y);
    Value dx = pointwise(
        b, loc, typeOf(x), inputs,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value xs = readX ? args[1] : Value();
          Value ys;
          if (readY)
            ys = args.back();
          else if (derivativeUsesResult(op))
            ys = forwardScalar(nb, l, op, xs);
          return mul(nb, l, args[0],
                     derivative(nb, l, op, args[0].getType(), xs, ys));
        });
    operandGrads.push_back(dx);
    return success();
  }

  SmallVector<Value> getSavedForBackward(Operation *op, bool recompute) const {
    SmallVector<Value> saved;
    if (derivativeUsesInput(op) || (recompute && derivativeUsesResult(op)))
      saved.push_back(op->getOperand(0));
    if (derivativeUsesResult(op) && !recompute)
      saved.push_back(op->getResult(0));
    return saved;
  }
};

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

/// ∂r/∂a and ∂r/∂b (scalars) of the binary op at (a, b).
std::pair<Value, Value> partials(OpBuilder &b, Location l, Operation *op,
                                 Value x, Value y) {
  Type t = x.getType();
  Value one = cst(b, l, t, 1.0), zero = cst(b, l, t, 0.0),
        half = cst(b, l, t, 0.5);
  return TypeSwitch<Operation *, std::pair<Value, Value>>(op)
      .Case([&](MulOp) -> std::pair<Value, Value> {
        return std::make_pair(y, x);
      })
      .Case([&](DivOp) -> std::pair<Value, Value> {
        Value inv = div(b, l, one, y);
        return std::make_pair(inv, (Value)arith::NegFOp::create(
                                       b, l, mul(b, l, div(b, l, x, y), inv)));
      })
      .Case([&](PowOp) -> std::pair<Value, Value> {
        // y·x^(y-1); x^y·log(x), 0 where x == 0 (as PyTorch)
        Value p = math::PowFOp::create(b, l, x, y);
        Value da =
            mul(b, l, y, math::PowFOp::create(b, l, x, subtract(b, l, y, one)));
        Value db = selectIf(b, l, CmpFPredicate::OEQ, x, zero, zero,
                            mul(b, l, p, math::LogOp::create(b, l, x)));
        return std::make_pair(da, db);
      })
      .Case([&](MaxOp) -> std::pair<Value, Value> {
        // The larger operand gets the gradient; a tie splits it (PyTorch).
        Value a =
            selectIf(b, l, CmpFPredicate::OGT, x, y, one,
                     selectIf(b, l, CmpFPredicate::OEQ, x, y, half, zero));
        return std::make_pair(a, subtract(b, l, one, a));
      })
      .Case([&](MinOp) -> std::pair<Value, Value> {
        Value a =
            selectIf(b, l, CmpFPredicate::OLT, x, y, one,
                     selectIf(b, l, CmpFPredicate::OEQ, x, y, half, zero));
        return std::make_pair(a, subtract(b, l, one, a));
      });
}

template <typename OpTy>
struct BinaryModel
    : GradientOpInterface::ExternalModel<BinaryModel<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    Location loc = op->getLoc();
    Value lhs = op->getOperand(0), rhs = op->getOperand(1), g = resultGrads[0];
    auto type = typeOf(op->getResult(0));
    Value da, db;
    if (isa<AddOp>(op)) {
      da = db = g;
    } else if (isa<SubOp>(op)) {
      da = g;
      db = NegOp::create(b, loc, g);
    } else {
      auto kernel = [&](bool first) {
        return pointwise(b, loc, type, ValueRange{g, lhs, rhs},
                         [&](OpBuilder &nb, Location l, ValueRange a) {
                           auto [pa, pb] = partials(nb, l, op, a[1], a[2]);
                           return mul(nb, l, a[0], first ? pa : pb);
                         });
      };
      da = kernel(true);
      db = kernel(false);
    }
    operandGrads.push_back(sumToShape(b, loc, da, typeOf(lhs)));
    operandGrads.push_back(sumToShape(b, loc, db, typeOf(rhs)));
    return success();
  }

  SmallVector<Value> getSavedForBackward(Operation *op, bool) const {
    if (isa<AddOp, SubOp>(op))
      return {};
    return {op->getOperand(0), op->getOperand(1)};
  }
};

} // namespace

void nnc::nn::grad::registerElementwiseGradients(MLIRContext *ctx) {
  NegOp::attachInterface<UnaryModel<NegOp>>(*ctx);
  ExpOp::attachInterface<UnaryModel<ExpOp>>(*ctx);
  LogOp::attachInterface<UnaryModel<LogOp>>(*ctx);
  SqrtOp::attachInterface<UnaryModel<SqrtOp>>(*ctx);
  RsqrtOp::attachInterface<UnaryModel<RsqrtOp>>(*ctx);
  AbsOp::attachInterface<UnaryModel<AbsOp>>(*ctx);
  ErfOp::attachInterface<UnaryModel<ErfOp>>(*ctx);
  ReluOp::attachInterface<UnaryModel<ReluOp>>(*ctx);
  LeakyReluOp::attachInterface<UnaryModel<LeakyReluOp>>(*ctx);
  GeluOp::attachInterface<UnaryModel<GeluOp>>(*ctx);
  SiluOp::attachInterface<UnaryModel<SiluOp>>(*ctx);
  SigmoidOp::attachInterface<UnaryModel<SigmoidOp>>(*ctx);
  TanhOp::attachInterface<UnaryModel<TanhOp>>(*ctx);
  EluOp::attachInterface<UnaryModel<EluOp>>(*ctx);
  SoftplusOp::attachInterface<UnaryModel<SoftplusOp>>(*ctx);
  AddOp::attachInterface<BinaryModel<AddOp>>(*ctx);
  SubOp::attachInterface<BinaryModel<SubOp>>(*ctx);
  MulOp::attachInterface<BinaryModel<MulOp>>(*ctx);
  DivOp::attachInterface<BinaryModel<DivOp>>(*ctx);
  PowOp::attachInterface<BinaryModel<PowOp>>(*ctx);
  MaxOp::attachInterface<BinaryModel<MaxOp>>(*ctx);
  MinOp::attachInterface<BinaryModel<MinOp>>(*ctx);
}
