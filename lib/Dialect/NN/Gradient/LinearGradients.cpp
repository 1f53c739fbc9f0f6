//===- LinearGradients.cpp - rules of dense, matmul and batch_norm --------===//
//
// Written with nn ops, so the backward products reuse the forward lowering
// of nn.matmul. Epilogues have been split off by nn-derive-backward.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

/// `[..., n]` as `[M, n]` (M = product of the leading dimensions).
Value flattenRows(OpBuilder &b, Location loc, Value v) {
  auto type = typeOf(v);
  if (type.getRank() == 2)
    return v;
  int64_t m = 1;
  for (int64_t d : type.getShape().drop_back())
    m = ShapedType::isDynamic(d) || ShapedType::isDynamic(m)
            ? ShapedType::kDynamic
            : m * d;
  return reshapeTo(b, loc, v,
                   RankedTensorType::get({m, type.getShape().back()},
                                         type.getElementType()));
}

SmallVector<int64_t> allButLast(Value v) {
  return llvm::to_vector(llvm::seq<int64_t>(0, typeOf(v).getRank() - 1));
}

LogicalResult checkNoEpilogue(EpilogueOpInterface op) {
  if (op.hasEpilogue())
    return op->emitError("gradient rule expects the activation epilogue split "
                         "off (nn-derive-backward does this)");
  return success();
}

/// With an activation epilogue (split off by nn-derive-backward), the
/// pre-activation result is kept too.
SmallVector<Value> withEpilogue(EpilogueOpInterface op,
                                SmallVector<Value> saved) {
  if (op.hasEpilogue())
    saved.push_back(op->getResult(0));
  return saved;
}

struct DenseModel : GradientOpInterface::ExternalModel<DenseModel, DenseOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<DenseOp>(o);
    if (failed(checkNoEpilogue(op)))
      return failure();
    Location loc = op.getLoc();
    Value g = resultGrads[0], x = op.getInput(), w = op.getWeight();
    // dX = dY·W (weight [out, in]); dW = dYᵀ·X; db = Σ_rows dY
    operandGrads.push_back(matmul(b, loc, g, w));
    operandGrads.push_back(
        matmul(b, loc, transposeLast2(b, loc, flattenRows(b, loc, g)),
               flattenRows(b, loc, x)));
    if (op.getBias())
      operandGrads.push_back(sum(b, loc, g, allButLast(g), false));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<DenseOp>(o);
    return withEpilogue(op, {op.getInput(), op.getWeight()});
  }
};

struct MatmulModel : GradientOpInterface::ExternalModel<MatmulModel, MatmulOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<MatmulOp>(o);
    if (failed(checkNoEpilogue(op)))
      return failure();
    Location loc = op.getLoc();
    Value g = resultGrads[0], lhs = op.getLhs(), rhs = op.getRhs();
    if (typeOf(lhs).getRank() < 2 || typeOf(rhs).getRank() < 2)
      return op.emitError("gradient of a matmul with a rank-1 operand is not "
                          "supported");
    // Broadcast batch dimensions are summed back.
    operandGrads.push_back(sumToShape(
        b, loc, matmul(b, loc, g, transposeLast2(b, loc, rhs)), typeOf(lhs)));
    operandGrads.push_back(sumToShape(
        b, loc, matmul(b, loc, transposeLast2(b, loc, lhs), g), typeOf(rhs)));
    if (op.getBias())
      operandGrads.push_back(sum(b, loc, g, allButLast(g), false));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<MatmulOp>(o);
    return withEpilogue(op, {op.getLhs(), op.getRhs()});
  }
};

/// Inference-form batch norm: y = (x - mean)·inv·scale + bias per channel,
/// inv = 1/sqrt(var + eps). The running statistics get no gradient.
struct BatchNormModel
    : GradientOpInterface::ExternalModel<BatchNormModel, BatchNormOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<BatchNormOp>(o);
    Location loc = op.getLoc();
    Value g = resultGrads[0], x = op.getInput();
    auto xType = typeOf(x);
    Type elt = xType.getElementType();
    // [C] -> [C, 1, ...] broadcasts against [N, C, spatial...].
    SmallVector<int64_t> shape{xType.getDimSize(1)};
    shape.append(xType.getRank() - 2, 1);
    auto channel = [&](Value v) {
      return reshapeTo(b, loc, v, RankedTensorType::get(shape, elt));
    };
    Value eps = detailScalar(b, loc, elt, op.getEpsilon().convertToDouble());
    Value inv =
        RsqrtOp::create(b, loc, AddOp::create(b, loc, op.getVariance(), eps));
    Value dx = MulOp::create(
        b, loc, g, channel(MulOp::create(b, loc, op.getScale(), inv)));
    Value xhat = MulOp::create(
        b, loc, SubOp::create(b, loc, x, channel(op.getMean())), channel(inv));
    SmallVector<int64_t> axes{0};
    for (int64_t d = 2; d < xType.getRank(); ++d)
      axes.push_back(d);
    operandGrads.push_back(dx);
    operandGrads.push_back(
        sum(b, loc, MulOp::create(b, loc, g, xhat), axes, false));
    operandGrads.push_back(sum(b, loc, g, axes, false));
    operandGrads.append({Value(), Value()});
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<BatchNormOp>(o);
    return {op.getInput()};
  }

  static Value detailScalar(OpBuilder &b, Location loc, Type elt, double v) {
    return scalarTensor(b, loc, elt, v);
  }
};

} // namespace

void nnc::nn::grad::registerLinearGradients(MLIRContext *ctx) {
  DenseOp::attachInterface<DenseModel>(*ctx);
  MatmulOp::attachInterface<MatmulModel>(*ctx);
  BatchNormOp::attachInterface<BatchNormModel>(*ctx);
}
