//===- Builders.cpp - linalg/tensor builders on nn types -----------------===//
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <cmath>

using namespace mlir;

namespace nnc::nn::builders {

SmallVector<OpFoldResult> getSizes(OpBuilder &b, Location loc, Value tensor) {
  return tensor::getMixedSizes(b, loc, tensor);
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> mixed;
  for (auto [i, size] : llvm::enumerate(type.getShape()))
    mixed.push_back(ShapedType::isDynamic(size) ? sizes[i]
                                                : b.getIndexAttr(size));
  return tensor::EmptyOp::create(b, loc, mixed, type.getElementType());
}

Value emptyBroadcastResult(OpBuilder &b, Location loc,
                           RankedTensorType resultType, ValueRange operands) {
  int64_t rank = resultType.getRank();
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = resultType.getDimSize(d);
    if (!ShapedType::isDynamic(size)) {
      sizes.push_back(b.getIndexAttr(size));
      continue;
    }
    OpFoldResult found;
    for (Value v : operands) {
      auto t = cast<RankedTensorType>(v.getType());
      int64_t od = d - (rank - t.getRank());
      if (od < 0 || t.getDimSize(od) == 1)
        continue;
      found = tensor::getMixedSize(b, loc, v, od);
      break;
    }
    assert(found && "dynamic result dimension without a source");
    sizes.push_back(found);
  }
  return emptyTensor(b, loc, resultType, sizes);
}

AffineMap broadcastMap(MLIRContext *ctx, RankedTensorType operandType,
                       ArrayRef<int64_t> resultShape) {
  int64_t rank = resultShape.size();
  int64_t offset = rank - operandType.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < operandType.getRank(); ++d) {
    int64_t size = operandType.getDimSize(d);
    int64_t resultSize = resultShape[d + offset];
    if (size == 1 && resultSize != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(d + offset, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

Value buildElementwiseInto(
    OpBuilder &b, Location loc, Value init, ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto resultType = cast<RankedTensorType>(init.getType());
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(ctx, cast<RankedTensorType>(in.getType()),
                                resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value out = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, out);
      });
  return generic.getResult(0);
}

Value buildElementwise(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = emptyBroadcastResult(b, loc, resultType, inputs);
  return buildElementwiseInto(b, loc, init, inputs, body);
}

Value floatConst(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

/// `func.func private @nnc_check_failed(kind, position, value, bound)` of
/// the runtime (nnc_runtime.h), declared once per module.
static func::FuncOp checkFailedDecl(OpBuilder &b, Operation *from) {
  auto module = from->getParentOfType<ModuleOp>();
  StringRef name = kCheckFailedSymbol;
  if (auto f = module.lookupSymbol<func::FuncOp>(name))
    return f;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  Type i64 = b.getI64Type();
  auto f = func::FuncOp::create(b, from->getLoc(), name,
                                b.getFunctionType({i64, i64, i64, i64}, {}));
  f.setPrivate();
  return f;
}

Value flattenTo1D(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getRank() == 1)
    return v;
  if (type.getRank() == 0)
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1}, type.getElementType()), v,
        ArrayRef<ReassociationIndices>{});
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return tensor::CollapseShapeOp::create(b, loc, v,
                                         ArrayRef<ReassociationIndices>{all});
}

void checkIndices(OpBuilder &b, Location loc, Value indices, Value rows,
                  bool wrapNegative, int64_t kind) {
  Type i64 = b.getI64Type();
  Value flat = flattenTo1D(b, loc, indices);
  auto idType = cast<RankedTensorType>(flat.getType());
  Value none = arith::ConstantIntOp::create(b, loc, i64, INT64_MAX);
  Value init =
      linalg::FillOp::create(
          b, loc, none,
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, i64).getResult())
          .getResult(0);
  Value rows64 = arith::IndexCastOp::create(b, loc, i64, rows);
  Value zero64 = arith::ConstantIntOp::create(b, loc, i64, 0);
  Value low =
      wrapNegative ? arith::SubIOp::create(b, loc, zero64, rows64) : zero64;
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(1, ctx),
                              AffineMap::get(1, 0, {}, ctx)};
  Value first =
      linalg::GenericOp::create(
          b, loc, init.getType(), flat, init, maps,
          SmallVector<utils::IteratorType>{utils::IteratorType::reduction},
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value id = args[0];
            if (idType.getElementType() != i64)
              id = arith::ExtSIOp::create(nb, l, i64, id);
            Value bad = arith::OrIOp::create(
                nb, l,
                arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, id,
                                      low),
                arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, id,
                                      rows64));
            Value pos = arith::IndexCastOp::create(
                nb, l, i64, linalg::IndexOp::create(nb, l, 0));
            Value cand = arith::SelectOp::create(nb, l, bad, pos, args[1]);
            linalg::YieldOp::create(
                nb, l,
                ValueRange{
                    arith::MinSIOp::create(nb, l, cand, args[1]).getResult()});
          })
          .getResult(0);
  Value pos = tensor::ExtractOp::create(b, loc, first, ValueRange{});
  Value found =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, pos, none);
  func::FuncOp decl = checkFailedDecl(b, b.getInsertionBlock()->getParentOp());
  scf::IfOp::create(b, loc, found, [&](OpBuilder &tb, Location l) {
    Value at = arith::IndexCastOp::create(tb, l, tb.getIndexType(), pos);
    Value id = tensor::ExtractOp::create(tb, l, flat, ValueRange{at});
    if (idType.getElementType() != i64)
      id = arith::ExtSIOp::create(tb, l, i64, id);
    Value k = arith::ConstantIntOp::create(tb, l, i64, kind);
    func::CallOp::create(tb, l, decl, ValueRange{k, pos, id, rows64});
    scf::YieldOp::create(tb, l);
  });
}

OpFoldResult checkedWindowOutput(OpBuilder &b, Location loc, OpFoldResult span,
                                 int64_t stride, bool ceil, OpFoldResult input,
                                 int64_t dim) {
  if (auto s = getConstantIntValue(span)) {
    int64_t n = ceil ? *s + stride - 1 : *s;
    return b.getIndexAttr(*s < 0 ? 0 : n / stride + 1);
  }
  Value sp = getValueOrCreateConstantIndexOp(b, loc, span);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value bad =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, sp, zero);
  func::FuncOp decl = checkFailedDecl(b, b.getInsertionBlock()->getParentOp());
  scf::IfOp::create(b, loc, bad, [&](OpBuilder &tb, Location l) {
    Type i64 = tb.getI64Type();
    auto i64Of = [&](int64_t v) {
      return arith::ConstantIntOp::create(tb, l, i64, v).getResult();
    };
    Value in = getValueOrCreateConstantIndexOp(tb, l, input);
    Value least = arith::SubIOp::create(tb, l, in, sp);
    auto asI64 = [&](Value v) {
      return arith::IndexCastOp::create(tb, l, i64, v).getResult();
    };
    func::CallOp::create(tb, l, decl,
                         ValueRange{i64Of(/*NNC_CHECK_INPUT_TOO_SMALL*/ 3),
                                    i64Of(dim), asI64(in), asI64(least)});
    scf::YieldOp::create(tb, l);
  });
  Value n =
      ceil ? arith::AddIOp::create(
                 b, loc, sp, arith::ConstantIndexOp::create(b, loc, stride - 1))
                 .getResult()
           : sp;
  Value out = arith::AddIOp::create(
      b, loc,
      arith::DivSIOp::create(b, loc, n,
                             arith::ConstantIndexOp::create(b, loc, stride)),
      arith::ConstantIndexOp::create(b, loc, 1));
  return arith::SelectOp::create(b, loc, bad, zero, out).getResult();
}

Value clampedRow(OpBuilder &b, Location loc, Value id, Value rows,
                 bool wrapNegative) {
  Value row = arith::IndexCastOp::create(b, loc, b.getIndexType(), id);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  if (wrapNegative) {
    Value neg =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, row, zero);
    row = arith::SelectOp::create(
        b, loc, neg, arith::AddIOp::create(b, loc, row, rows), row);
  }
  Value last = arith::SubIOp::create(b, loc, rows,
                                     arith::ConstantIndexOp::create(b, loc, 1));
  return arith::MaxSIOp::create(
      b, loc, arith::MinSIOp::create(b, loc, row, last), zero);
}

Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   ArrayRef<OpFoldResult> sizes, double value) {
  Value empty = emptyTensor(b, loc, type, sizes);
  Value scalar = floatConst(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value log1pAccurate(OpBuilder &b, Location loc, Value y) {
  Type t = y.getType();
  Value one = floatConst(b, loc, t, 1.0);
  Value u = arith::AddFOp::create(b, loc, one, y);
  Value um1 = arith::SubFOp::create(b, loc, u, one);
  Value corrected = arith::DivFOp::create(
      b, loc, arith::MulFOp::create(b, loc, math::LogOp::create(b, loc, u), y),
      um1);
  Value exact =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, u, one);
  return arith::SelectOp::create(b, loc, exact, y, corrected);
}

/// expm1(x) accurate for small x (Kahan): (u - 1)·x/log(u) with u = exp(x),
/// x itself when u rounds to 1, and -1 when u - 1 does.
static Value accurateExpm1(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value one = floatConst(b, loc, t, 1.0);
  Value u = math::ExpOp::create(b, loc, x);
  Value um1 = arith::SubFOp::create(b, loc, u, one);
  Value corrected =
      arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, um1, x),
                            math::LogOp::create(b, loc, u));
  Value isOne =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, u, one);
  Value isMinusOne = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                           um1, floatConst(b, loc, t, -1.0));
  Value r = arith::SelectOp::create(b, loc, isMinusOne, um1, corrected);
  return arith::SelectOp::create(b, loc, isOne, x, r);
}

Value applySoftplus(OpBuilder &b, Location loc, Value x, double beta,
                    double threshold) {
  Type t = x.getType();
  Value bx = arith::MulFOp::create(b, loc, x, floatConst(b, loc, t, beta));
  Value soft = arith::DivFOp::create(
      b, loc, log1pAccurate(b, loc, math::ExpOp::create(b, loc, bx)),
      floatConst(b, loc, t, beta));
  Value linear = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, bx,
                                       floatConst(b, loc, t, threshold));
  return arith::SelectOp::create(b, loc, linear, x, soft);
}

Value applyActivation(OpBuilder &b, Location loc, Value x, nn::Activation act,
                      std::optional<double> alpha) {
  Type t = x.getType();
  auto c = [&](double v) { return floatConst(b, loc, t, v); };
  auto sigmoid = [&](Value v) {
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, v));
    return arith::DivFOp::create(b, loc, c(1.0),
                                 arith::AddFOp::create(b, loc, c(1.0), e));
  };
  auto positive = [&](Value v) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, v, c(0.0));
  };
  switch (act) {
  case nn::Activation::none:
    return x;
  case nn::Activation::relu:
    return arith::MaximumFOp::create(b, loc, x, c(0.0));
  case nn::Activation::leaky_relu: {
    Value scaled = arith::MulFOp::create(b, loc, x, c(alpha.value_or(0.01)));
    return arith::SelectOp::create(b, loc, positive(x), x, scaled);
  }
  case nn::Activation::gelu: {
    // 0.5·x·(1 + erf(x/√2))
    Value e = math::ErfOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, c(M_SQRT1_2)));
    Value half = arith::MulFOp::create(b, loc, x, c(0.5));
    return arith::MulFOp::create(b, loc, half,
                                 arith::AddFOp::create(b, loc, c(1.0), e));
  }
  case nn::Activation::gelu_tanh: {
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    Value x3 =
        arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value inner = arith::AddFOp::create(
        b, loc, x, arith::MulFOp::create(b, loc, x3, c(0.044715)));
    Value th = math::TanhOp::create(
        b, loc, arith::MulFOp::create(b, loc, inner, c(std::sqrt(2.0 / M_PI))));
    Value half = arith::MulFOp::create(b, loc, x, c(0.5));
    return arith::MulFOp::create(b, loc, half,
                                 arith::AddFOp::create(b, loc, c(1.0), th));
  }
  case nn::Activation::silu:
    return arith::MulFOp::create(b, loc, x, sigmoid(x));
  case nn::Activation::sigmoid:
    return sigmoid(x);
  case nn::Activation::tanh:
    return math::TanhOp::create(b, loc, x);
  case nn::Activation::elu: {
    Value neg = arith::MulFOp::create(b, loc, c(alpha.value_or(1.0)),
                                      accurateExpm1(b, loc, x));
    return arith::SelectOp::create(b, loc, positive(x), x, neg);
  }
  case nn::Activation::softplus:
    return applySoftplus(b, loc, x, 1.0, 20.0);
  }
  llvm_unreachable("unknown activation");
}

Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

Value buildGeneric(
    OpBuilder &b, Location loc, Value init, ValueRange inputs,
    ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iterators,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, Value(body(nb, l, args)));
      });
  return generic.getResult(0);
}

/// The number of elements of `x` (product of its sizes) as a float of
/// type `elt`.
Value elementCount(OpBuilder &b, Location loc, Value x, Type elt) {
  return elementCount(b, loc, x, elt,
                      llvm::to_vector(llvm::seq<int64_t>(
                          0, cast<RankedTensorType>(x.getType()).getRank())));
}

Value elementCount(OpBuilder &b, Location loc, Value x, Type elt,
                   ArrayRef<int64_t> dims) {
  SmallVector<OpFoldResult> all = getSizes(b, loc, x), sizes;
  for (int64_t d : dims)
    sizes.push_back(all[d]);
  if (auto c = getConstantIntValues(sizes)) {
    double n = 1;
    for (int64_t s : *c)
      n *= static_cast<double>(s);
    return floatConst(b, loc, elt, n);
  }
  // Dynamic sizes multiplied at run time, static ones folded into one.
  Value n;
  int64_t staticProduct = 1;
  for (OpFoldResult s : sizes) {
    if (auto c = getConstantIntValue(s)) {
      staticProduct *= *c;
      continue;
    }
    n = n ? arith::MulIOp::create(b, loc, n, cast<Value>(s)).getResult()
          : cast<Value>(s);
  }
  if (staticProduct != 1)
    n = arith::MulIOp::create(
        b, loc, n, arith::ConstantIndexOp::create(b, loc, staticProduct));
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), n);
  return arith::SIToFPOp::create(b, loc, elt, i64);
}

} // namespace nnc::nn::builders
