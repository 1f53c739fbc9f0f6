//===- ONNXDataOps.cpp - ONNX op handlers: constants, gather, where, cast -===//
#include "ONNXImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::onnximport;

ElementsAttr nnc::onnximport::i64Const(MLIRContext *ctx,
                                       ArrayRef<int64_t> shape,
                                       ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, IntegerType::get(ctx, 64));
  return DenseElementsAttr::get(type, values);
}

namespace {

LogicalResult importConstant(Importer &im) {
  std::string err;
  if (const auto *a = im.attr("value")) {
    ElementsAttr v = convertTensor(a->t(), im.ctx, err);
    if (!v)
      return im.fail("value: " + err);
    im.setConstOutput(0, v);
    return success();
  }
  auto f32 = Float32Type::get(im.ctx);
  if (const auto *a = im.attr("value_float")) {
    im.setConstOutput(
        0, DenseElementsAttr::get(RankedTensorType::get({}, f32), a->f()));
    return success();
  }
  if (const auto *a = im.attr("value_floats")) {
    SmallVector<float> v(a->floats().begin(), a->floats().end());
    im.setConstOutput(0, DenseElementsAttr::get(
                             RankedTensorType::get({(int64_t)v.size()}, f32),
                             ArrayRef<float>(v)));
    return success();
  }
  if (const auto *a = im.attr("value_int")) {
    im.setConstOutput(0, i64Const(im.ctx, {}, {a->i()}));
    return success();
  }
  if (const auto *a = im.attr("value_ints")) {
    SmallVector<int64_t> v(a->ints().begin(), a->ints().end());
    im.setConstOutput(0, i64Const(im.ctx, {(int64_t)v.size()}, v));
    return success();
  }
  return im.fail(
      "only value/value_float(s)/value_int(s) constants are supported");
}

/// ConstantOfShape with a constant shape: a splat of `value` (default a
/// float 0), folded at import.
LogicalResult importConstantOfShape(Importer &im) {
  auto shape = im.constInts(0);
  if (!shape)
    return im.fail("the shape must be a constant (a shape computed at run "
                   "time is not supported)");
  int64_t count = 1;
  for (int64_t d : *shape) {
    if (d < 0)
      return im.fail("shape entries must be >= 0, got " + std::to_string(d));
    // Far beyond any real model; keeps the count from overflowing.
    if (d > 0 && count > (int64_t(1) << 31) / d)
      return im.fail("the constant would have more than 2^31 elements");
    count *= d;
  }
  Type elt = Float32Type::get(im.ctx);
  Attribute element = FloatAttr::get(elt, 0.0);
  if (const auto *a = im.attr("value")) {
    std::string err;
    auto v =
        dyn_cast_or_null<DenseElementsAttr>(convertTensor(a->t(), im.ctx, err));
    if (!v)
      return im.fail("value: " + (err.empty() ? "not a dense tensor" : err));
    if (v.getNumElements() != 1)
      return im.fail("value must have one element, got " +
                     std::to_string(v.getNumElements()));
    elt = v.getElementType();
    element = *v.getValues<Attribute>().begin();
  }
  im.setConstOutput(
      0, DenseElementsAttr::get(RankedTensorType::get(*shape, elt), element));
  return success();
}

LogicalResult importGather(Importer &im) {
  // Constant data and indices (shape computations): fold.
  auto cdata = dyn_cast_or_null<DenseIntElementsAttr>(im.constInput(0));
  auto cidx = im.constInts(1);
  SmallVector<int64_t> cidxShape;
  if (auto ci = im.constInput(1))
    cidxShape.assign(cast<ShapedType>(ci.getType()).getShape().begin(),
                     cast<ShapedType>(ci.getType()).getShape().end());
  if (!cidx && im.constInput(1))
    return im.fail("indices depend on a dynamic dimension");
  if (cdata && cidx && cdata.getType().getRank() == 1) {
    auto vals = llvm::to_vector(cdata.getValues<APInt>());
    SmallVector<APInt> out;
    for (int64_t i : *cidx) {
      if (i < 0)
        i += vals.size();
      if (i < 0 || i >= (int64_t)vals.size())
        return im.fail("index out of range");
      out.push_back(vals[i]);
    }
    im.setConstOutput(0, DenseElementsAttr::get(
                             RankedTensorType::get(ArrayRef<int64_t>(cidxShape),
                                                   cdata.getElementType()),
                             out));
    return success();
  }
  Value data = im.input(0), idx = im.input(1);
  if (!data || !idx)
    return failure();
  auto dt = Importer::tensorType(data), it = Importer::tensorType(idx);
  if (!it.getElementType().isInteger(32) && !it.getElementType().isInteger(64))
    return im.fail("indices must be int32 or int64");
  auto axis = im.normAxis(im.attrInt("axis", 0), dt.getRank());
  if (failed(axis))
    return failure();
  // Constant indices: bounds checked, negatives normalized.
  if (auto c = cidx) {
    int64_t dim = dt.getDimSize(*axis);
    if (ShapedType::isDynamic(dim))
      return im.fail("gather along a dynamic dimension");
    SmallVector<int64_t> norm;
    for (int64_t v : *c) {
      if (v < -dim || v >= dim)
        return im.fail("index " + std::to_string(v) + " is out of range [" +
                       std::to_string(-dim) + ", " + std::to_string(dim) + ")");
      norm.push_back(v < 0 ? v + dim : v);
    }
    idx = im.materialize(i64Const(im.ctx, it.getShape(), norm));
    it = Importer::tensorType(idx);
  }
  // Embedding lookup: axis 0 of a 2-D float table.
  if (*axis == 0 && dt.getRank() == 2 && Importer::isFloat(data) &&
      im.constInput(0))
    return im.setOutput(
        0, im.create1<nn::EmbeddingOp>(idx, data, /*wrap_negative=*/true));
  // General gather: a generic over the output with tensor.extract.
  SmallVector<int64_t> outShape(dt.getShape().take_front(*axis));
  llvm::append_range(outShape, it.getShape());
  llvm::append_range(outShape, dt.getShape().drop_front(*axis + 1));
  if (llvm::any_of(outShape, ShapedType::isDynamic) || !dt.hasStaticShape())
    return im.fail("dynamic shapes are not supported by Gather");
  int64_t rank = outShape.size(), ir = it.getRank();
  SmallVector<AffineExpr> idxExprs;
  for (int64_t i = 0; i < ir; ++i)
    idxExprs.push_back(im.b.getAffineDimExpr(*axis + i));
  SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, idxExprs, im.ctx),
                                 im.b.getMultiDimIdentityMap(rank)};
  Value init =
      tensor::EmptyOp::create(im.b, im.loc, outShape, dt.getElementType());
  int64_t dim = dt.getDimSize(*axis);
  auto op = linalg::GenericOp::create(
      im.b, im.loc, TypeRange{init.getType()}, ValueRange{idx},
      ValueRange{init}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
        Value zero = arith::ConstantIndexOp::create(b, l, 0);
        Value n = arith::ConstantIndexOp::create(b, l, dim);
        Value neg =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, zero);
        i = arith::SelectOp::create(b, l, neg,
                                    arith::AddIOp::create(b, l, i, n), i);
        SmallVector<Value> coords;
        for (int64_t d = 0; d < *axis; ++d)
          coords.push_back(linalg::IndexOp::create(b, l, d));
        coords.push_back(i);
        for (int64_t d = *axis + 1; d < dt.getRank(); ++d)
          coords.push_back(linalg::IndexOp::create(b, l, d - 1 + ir));
        Value v = tensor::ExtractOp::create(b, l, data, coords);
        linalg::YieldOp::create(b, l, v);
      });
  return im.setOutput(0, op.getResult(0));
}

/// Folds an elementwise node over constant operands (NumPy broadcasting):
/// `fn` gives the output element from the operands' elements at one
/// position. Null when an operand is not a constant, holds a dynamic
/// dimension (kUnknownDim, from Shape of a `?`: its value is not known), or
/// the result would be large (the node is then built as code, or refused).
DenseElementsAttr
foldBroadcast(Importer &im, unsigned numInputs, Type outElt,
              function_ref<Attribute(ArrayRef<Attribute>)> fn) {
  SmallVector<DenseElementsAttr> ins;
  SmallVector<int64_t> shape;
  for (unsigned i = 0; i < numInputs; ++i) {
    auto c = dyn_cast_or_null<DenseElementsAttr>(im.constInput(i));
    if (!c || Importer::containsUnknown(c))
      return {};
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, c.getType().getShape(),
                                            next))
      return {};
    shape = next;
    ins.push_back(c);
  }
  int64_t count = ShapedType::getNumElements(shape);
  if (count > (1 << 16))
    return {};
  SmallVector<SmallVector<Attribute>> values;
  for (DenseElementsAttr c : ins)
    values.push_back(c.isSplat()
                         ? SmallVector<Attribute>{c.getSplatValue<Attribute>()}
                         : llvm::to_vector(c.getValues<Attribute>()));
  SmallVector<Attribute> out;
  SmallVector<Attribute> at(ins.size());
  for (int64_t flat = 0; flat < count; ++flat) {
    for (auto [k, c] : llvm::enumerate(ins)) {
      // The operand's row-major index of output position `flat`.
      ArrayRef<int64_t> cs = c.getType().getShape();
      int64_t rest = flat, index = 0, stride = 1;
      for (int64_t d = shape.size() - 1; d >= 0; --d) {
        int64_t pos = rest % shape[d];
        rest /= shape[d];
        int64_t cd = d - (int64_t(shape.size()) - int64_t(cs.size()));
        if (cd < 0)
          continue;
        index += (cs[cd] == 1 ? 0 : pos) * stride;
        stride *= cs[cd];
      }
      at[k] = c.isSplat() ? values[k][0] : values[k][index];
    }
    out.push_back(fn(at));
  }
  return DenseElementsAttr::get(RankedTensorType::get(shape, outElt), out);
}

/// Equal on constants (the shape arithmetic exporters write), folded; bool
/// tensors are not nn values, so Equal of run-time values is refused.
LogicalResult importEqual(Importer &im) {
  auto i1 = IntegerType::get(im.ctx, 1);
  DenseElementsAttr folded =
      foldBroadcast(im, 2, i1, [&](ArrayRef<Attribute> v) -> Attribute {
        bool eq = false;
        if (auto a = dyn_cast<IntegerAttr>(v[0]))
          eq = a.getValue() == cast<IntegerAttr>(v[1]).getValue();
        else
          eq = cast<FloatAttr>(v[0]).getValue() ==
               cast<FloatAttr>(v[1]).getValue();
        return IntegerAttr::get(i1, eq);
      });
  if (!folded)
    return im.fail("Equal is supported on constants only (the shape "
                   "arithmetic of an export), not on run-time values");
  im.setConstOutput(0, folded);
  return success();
}

/// Mod on integer constants (shape arithmetic: padding to a window size),
/// folded; fmod = 0 takes the divisor's sign, as Python's %, fmod = 1 the
/// dividend's. Mod of run-time values is refused.
LogicalResult importMod(Importer &im) {
  bool fmod = im.attrInt("fmod", 0);
  bool zero = false;
  auto c0 = dyn_cast_or_null<DenseElementsAttr>(im.constInput(0));
  if (!c0 || !isa<IntegerType>(c0.getElementType()))
    return im.fail("Mod is supported on integer constants only (the shape "
                   "arithmetic of an export), not on run-time values");
  DenseElementsAttr folded = foldBroadcast(
      im, 2, c0.getElementType(), [&](ArrayRef<Attribute> v) -> Attribute {
        auto a = cast<IntegerAttr>(v[0]), b = cast<IntegerAttr>(v[1]);
        int64_t x = a.getValue().getSExtValue(),
                y = b.getValue().getSExtValue();
        if (y == 0) {
          zero = true;
          return a;
        }
        int64_t r = x % y;
        if (!fmod && r != 0 && ((r < 0) != (y < 0)))
          r += y;
        return IntegerAttr::get(a.getType(), r);
      });
  if (!folded)
    return im.fail("Mod is supported on integer constants only (the shape "
                   "arithmetic of an export), not on run-time values");
  if (zero)
    return im.fail("integer Mod by zero");
  im.setConstOutput(0, folded);
  return success();
}

LogicalResult importWhere(Importer &im) {
  Value c = im.input(0), x = im.input(1), y = im.input(2);
  if (!c || !x || !y)
    return failure();
  if (!Importer::tensorType(c).getElementType().isInteger(1))
    return im.fail("condition must be bool");
  if (Importer::tensorType(x).getElementType() !=
      Importer::tensorType(y).getElementType())
    return im.fail("X and Y have different element types");
  // Constant operands (an export's shape arithmetic): folded.
  if (DenseElementsAttr folded = foldBroadcast(
          im, 3, Importer::tensorType(x).getElementType(),
          [](ArrayRef<Attribute> v) {
            return cast<IntegerAttr>(v[0]).getValue().getBoolValue() ? v[1]
                                                                     : v[2];
          })) {
    im.setConstOutput(0, folded);
    return success();
  }
  auto s1 = im.broadcastShapes(Importer::tensorType(c).getShape(),
                               Importer::tensorType(x).getShape());
  if (failed(s1))
    return failure();
  auto s = im.broadcastShapes(*s1, Importer::tensorType(y).getShape());
  if (failed(s))
    return failure();
  return im.setOutput(
      0, im.broadcastGeneric(
             {c, x, y}, *s, Importer::tensorType(x).getElementType(),
             [](OpBuilder &b, Location l, ValueRange a) -> Value {
               return arith::SelectOp::create(b, l, a[0], a[1], a[2]);
             }));
}

Value castScalar(OpBuilder &b, Location l, Value v, Type to,
                 bool fromUnsigned) {
  Type from = v.getType();
  if (from == to)
    return v;
  auto fi = dyn_cast<IntegerType>(from), ti = dyn_cast<IntegerType>(to);
  auto ff = dyn_cast<FloatType>(from), tf = dyn_cast<FloatType>(to);
  if (ti && ti.getWidth() == 1) {
    if (ff)
      return arith::CmpFOp::create(
          b, l, arith::CmpFPredicate::UNE, v,
          arith::ConstantOp::create(b, l, FloatAttr::get(ff, 0.0)));
    return arith::CmpIOp::create(
        b, l, arith::CmpIPredicate::ne, v,
        arith::ConstantOp::create(b, l, IntegerAttr::get(fi, 0)));
  }
  if (ff && tf)
    return ff.getWidth() < tf.getWidth()
               ? (Value)arith::ExtFOp::create(b, l, tf, v)
               : (Value)arith::TruncFOp::create(b, l, tf, v);
  if (ff && ti)
    return arith::FPToSIOp::create(b, l, ti, v);
  if (fi && tf)
    return fi.getWidth() == 1 || fromUnsigned
               ? (Value)arith::UIToFPOp::create(b, l, tf, v)
               : (Value)arith::SIToFPOp::create(b, l, tf, v);
  if (fi.getWidth() < ti.getWidth())
    return fi.getWidth() == 1 || fromUnsigned
               ? (Value)arith::ExtUIOp::create(b, l, ti, v)
               : (Value)arith::ExtSIOp::create(b, l, ti, v);
  return arith::TruncIOp::create(b, l, ti, v);
}

LogicalResult importCast(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  int64_t toCode = im.attrInt("to", 0);
  Type to = convertElementType(toCode, im.ctx);
  if (!to || isa<Float16Type>(to))
    return im.fail("unsupported target type " + std::to_string(toCode));
  auto xt = Importer::tensorType(x);
  if (auto c = dyn_cast_or_null<DenseIntElementsAttr>(im.constInput(0));
      c && isa<IntegerType>(to) && !to.isInteger(1) &&
      !xt.getElementType().isInteger(1)) {
    SmallVector<APInt> vals;
    for (const APInt &v : c.getValues<APInt>()) {
      if (v.getBitWidth() == 64 && v.getSExtValue() == Importer::kUnknownDim &&
          to.getIntOrFloatBitWidth() != 64)
        return im.fail("cast of a dynamic dimension");
      vals.push_back(v.sextOrTrunc(to.getIntOrFloatBitWidth()));
    }
    im.setConstOutput(0, DenseElementsAttr::get(
                             RankedTensorType::get(xt.getShape(), to), vals));
    return success();
  }
  if (xt.getElementType() == to)
    return im.setOutput(0, x);
  // An unsigned 8-bit source (UINT8) is not distinguishable after import;
  // treat 8-bit integers as signed.
  return im.setOutput(
      0, im.broadcastGeneric({x}, xt.getShape(), to,
                             [&](OpBuilder &b, Location l, ValueRange a) {
                               return castScalar(b, l, a[0], to, false);
                             }));
}

} // namespace

void nnc::onnximport::registerDataHandlers(llvm::StringMap<Handler> &m) {
  m["Constant"] = importConstant;
  m["ConstantOfShape"] = importConstantOfShape;
  m["Gather"] = importGather;
  m["Where"] = importWhere;
  m["Equal"] = importEqual;
  m["Mod"] = importMod;
  m["Cast"] = importCast;
}
