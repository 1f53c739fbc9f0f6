//===- GradientUtils.cpp - helpers of the gradient rules ------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"
#include "nnc/Dialect/NN/Gradient/Gradient.h"

#include "mlir/IR/DialectRegistry.h"

using namespace mlir;

namespace nnc::nn::grad {

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
  return BroadcastOp::create(b, loc, type, g, like);
}

Value transposeLast2(OpBuilder &b, Location loc, Value v) {
  int64_t rank = typeOf(v).getRank();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return TransposeOp::create(b, loc, v, perm);
}

Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return MatmulOp::create(b, loc, lhs, rhs, Value(), ActivationAttr());
}

Value filledLike(OpBuilder &b, Location loc, Value like, double value) {
  auto type = typeOf(like);
  auto splat = DenseElementsAttr::get(
      type.hasStaticShape() ? type
                            : RankedTensorType::get({}, type.getElementType()),
      ArrayRef<Attribute>(FloatAttr::get(type.getElementType(), value)));
  Value c = arith::ConstantOp::create(b, loc, splat);
  return broadcastLike(b, loc, c, like);
}

/// The element count of `dims` of `v` as a rank-0 tensor of `v`'s element
/// type: a constant when those sizes are static (nn.numel folds to one).
static Value numel(OpBuilder &b, Location loc, Value v,
                   std::optional<ArrayRef<int64_t>> dims) {
  auto type = typeOf(v);
  auto result = RankedTensorType::get({}, type.getElementType());
  return b.createOrFold<NumelOp>(
      loc, result, v, dims ? b.getDenseI64ArrayAttr(*dims) : nullptr);
}

Value countTensor(OpBuilder &b, Location loc, Value v) {
  return numel(b, loc, v, std::nullopt);
}

Value scalarTensor(OpBuilder &b, Location loc, Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(
          type, ArrayRef<Attribute>(FloatAttr::get(elementType, value))));
}

Value dimTensor(OpBuilder &b, Location loc, Value v, int64_t dim) {
  return numel(b, loc, v, ArrayRef<int64_t>{dim});
}

LogicalResult checkWindowed(Operation *op, Value x, Value y,
                            ArrayRef<int64_t> padding,
                            ArrayRef<int64_t> strides) {
  auto diag = [&]() {
    return op->emitError() << "gradient of '" << op->getName() << "': ";
  };
  auto xType = typeOf(x);
  if (xType.getRank() != 3 && xType.getRank() != 4)
    return diag() << "only 1-D and 2-D supported, got " << xType;
  for (Value v : {x, y})
    if (llvm::any_of(typeOf(v).getShape().drop_front(), ShapedType::isDynamic))
      return diag() << "only the batch dimension may be dynamic, got "
                    << v.getType();
  if (llvm::any_of(padding, [](int64_t p) { return p < 0; }) ||
      llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return diag() << "negative padding or non-positive stride not supported";
  return success();
}

} // namespace nnc::nn::grad

void nnc::nn::registerGradientInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, NNDialect *) {
    grad::registerElementwiseGradients(ctx);
    grad::registerLinearGradients(ctx);
    grad::registerLossGradients(ctx);
    grad::registerNormalizationGradients(ctx);
    grad::registerSequenceGradients(ctx);
    grad::registerStructuralGradients(ctx);
  });
}
