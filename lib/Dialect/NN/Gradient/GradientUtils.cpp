//===- GradientUtils.cpp - helpers of the gradient rules ------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"
#include "nnc/Dialect/NN/Gradient/Gradient.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;

namespace nnc::nn::grad {

Value pointwise(OpBuilder &b, Location loc, RankedTensorType type,
                ValueRange inputs, ScalarBody body) {
  return builders::buildElementwise(b, loc, type, inputs, body);
}

Value reshapeTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return ReshapeOp::create(b, loc, type, v);
}

Value sum(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> axes,
          bool keepdims) {
  if (axes.empty())
    return v;
  return ReduceOp::create(b, loc, v, ReduceKind::sum, axes, keepdims);
}

Value sumToShape(OpBuilder &b, Location loc, Value g, RankedTensorType target) {
  auto type = typeOf(g);
  int64_t offset = type.getRank() - target.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (d < offset) {
      axes.push_back(d);
      continue;
    }
    if (target.getDimSize(d - offset) == 1 && type.getDimSize(d) != 1)
      axes.push_back(d);
  }
  Value reduced = sum(b, loc, g, axes, /*keepdims=*/true);
  return reshapeTo(
      b, loc, reduced,
      RankedTensorType::get(target.getShape(), type.getElementType()));
}

Value broadcastLike(OpBuilder &b, Location loc, Value g, Value like) {
  if (g.getType() == like.getType())
    return g;
  auto type = RankedTensorType::get(typeOf(like).getShape(),
                                    typeOf(g).getElementType());
  Value init =
      builders::emptyTensor(b, loc, type, builders::getSizes(b, loc, like));
  return builders::buildElementwiseInto(
      b, loc, init, g,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Value transposeLast2(OpBuilder &b, Location loc, Value v) {
  int64_t rank = typeOf(v).getRank();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return TransposeOp::create(b, loc, v, perm);
}

Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return MatmulOp::create(b, loc, lhs, rhs, Value(), Activation::none,
                          FloatAttr());
}

Value filledLike(OpBuilder &b, Location loc, Value like, double value) {
  return builders::filledTensor(b, loc, typeOf(like),
                                builders::getSizes(b, loc, like), value);
}

Value countTensor(OpBuilder &b, Location loc, Value v) {
  Type elt = typeOf(v).getElementType();
  Value n = builders::elementCount(b, loc, v, elt);
  return tensor::FromElementsOp::create(b, loc, RankedTensorType::get({}, elt),
                                        ValueRange{n});
}

Value scalarTensor(OpBuilder &b, Location loc, Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(
          type, ArrayRef<Attribute>(FloatAttr::get(elementType, value))));
}

Value dimTensor(OpBuilder &b, Location loc, Value v, int64_t dim) {
  Type elt = typeOf(v).getElementType();
  Value n = tensor::DimOp::create(b, loc, v, dim);
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), n);
  Value f = arith::SIToFPOp::create(b, loc, elt, i64);
  return tensor::FromElementsOp::create(b, loc, RankedTensorType::get({}, elt),
                                        ValueRange{f});
}

Value cst(OpBuilder &b, Location loc, Type type, double value) {
  return builders::floatConst(b, loc, type, value);
}
Value add(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::AddFOp::create(b, loc, x, y);
}
Value subtract(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::SubFOp::create(b, loc, x, y);
}
Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::MulFOp::create(b, loc, x, y);
}
Value div(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::DivFOp::create(b, loc, x, y);
}
Value selectIf(OpBuilder &b, Location loc, arith::CmpFPredicate pred, Value lhs,
               Value rhs, Value x, Value y) {
  Value c = arith::CmpFOp::create(b, loc, pred, lhs, rhs);
  return arith::SelectOp::create(b, loc, c, x, y);
}
Value sigmoid(OpBuilder &b, Location loc, Value x) {
  return builders::applyActivation(b, loc, x, Activation::sigmoid,
                                   std::nullopt);
}

SmallVector<AffineExpr> affineDims(MLIRContext *ctx, int64_t from,
                                   int64_t count) {
  SmallVector<AffineExpr> e;
  for (int64_t i = 0; i < count; ++i)
    e.push_back(getAffineDimExpr(from + i, ctx));
  return e;
}

AffineMap affineMapOf(int64_t numDims, ArrayRef<AffineExpr> results,
                      MLIRContext *ctx) {
  return AffineMap::get(numDims, 0, results, ctx);
}

Value indexToI64(OpBuilder &b, Location loc, Value v) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), v);
}

} // namespace nnc::nn::grad

void nnc::nn::registerGradientInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, NNDialect *) {
    grad::registerElementwiseGradients(ctx);
    grad::registerLinearGradients(ctx);
    grad::registerSoftmaxLossGradients(ctx);
    grad::registerStructuralGradients(ctx);
    grad::registerConvPoolGradients(ctx);
    grad::registerSequenceGradients(ctx);
  });
}
