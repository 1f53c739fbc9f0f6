//===- ONNXOps.cpp - ONNX op handlers: math, softmax, norms, reductions --===//
#include "ONNXImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::onnximport;

namespace {

template <typename OpTy> LogicalResult unary(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  return im.setOutput(0, im.create1<OpTy>(x));
}

/// Folds integer arithmetic on constants (shape computations of exported
/// models): same shapes or a scalar operand.
LogicalResult foldIntBinary(Importer &im, llvm::StringRef opType) {
  auto a = dyn_cast_or_null<DenseIntElementsAttr>(im.constInput(0));
  auto c = dyn_cast_or_null<DenseIntElementsAttr>(im.constInput(1));
  if (!a || !c || a.getElementType() != c.getElementType() ||
      a.getElementType().isInteger(1))
    return failure();
  auto av = llvm::to_vector(a.getValues<APInt>());
  auto cv = llvm::to_vector(c.getValues<APInt>());
  DenseIntElementsAttr shapeOf = a;
  if (a.getType() != c.getType()) {
    if (cv.size() == 1 && cv.size() <= av.size()) {
    } else if (av.size() == 1) {
      shapeOf = c;
    } else {
      return failure();
    }
  }
  size_t n = std::max(av.size(), cv.size());
  SmallVector<APInt> out;
  for (size_t i = 0; i < n; ++i) {
    const APInt &x = av[av.size() == 1 ? 0 : i],
                &y = cv[cv.size() == 1 ? 0 : i];
    if (x.getBitWidth() == 64 && (x.getSExtValue() == Importer::kUnknownDim ||
                                  y.getSExtValue() == Importer::kUnknownDim)) {
      out.push_back(APInt(64, Importer::kUnknownDim, true));
      continue;
    }
    if (opType == "Add")
      out.push_back(x + y);
    else if (opType == "Sub")
      out.push_back(x - y);
    else if (opType == "Mul")
      out.push_back(x * y);
    else if (opType == "Div") {
      if (y.isZero())
        return failure();
      out.push_back(x.sdiv(y));
    } else
      return failure();
  }
  im.setConstOutput(
      0, DenseElementsAttr::get(cast<ShapedType>(shapeOf.getType()), out));
  return success();
}

template <typename OpTy> LogicalResult binary(Importer &im) {
  if (succeeded(foldIntBinary(im, im.node->op_type())))
    return success();
  if (im.opset < 7 && im.attr("axis"))
    return im.fail(
        "legacy broadcasting with an axis (opset < 7) is not supported");
  Value x = im.input(0), y = im.input(1);
  if (failed(im.requireFloat({x, y})))
    return failure();
  return im.setOutput(0, im.create1<OpTy>(x, y));
}

/// Variadic Max/Min/Sum/Mean folded pairwise (null after a failure).
template <typename OpTy> Value foldVariadic(Importer &im) {
  if (im.numInputs() == 0) {
    (void)im.fail("needs at least one input");
    return nullptr;
  }
  Value acc = im.input(0);
  if (failed(im.requireFloat({acc})))
    return nullptr;
  for (unsigned i = 1; i < im.numInputs() && acc; ++i) {
    Value v = im.input(i);
    if (failed(im.requireFloat({acc, v})))
      return nullptr;
    acc = im.create1<OpTy>(acc, v);
  }
  return acc;
}

template <typename OpTy> LogicalResult variadic(Importer &im) {
  return im.setOutput(0, foldVariadic<OpTy>(im));
}

LogicalResult importMean(Importer &im) {
  Value sum = foldVariadic<nn::AddOp>(im);
  if (!sum || im.numInputs() == 1)
    return im.setOutput(0, sum);
  Value n = im.scalarConst(Importer::tensorType(sum).getElementType(),
                           im.numInputs());
  return im.setOutput(0, im.create1<nn::DivOp>(sum, n));
}

LogicalResult importPad(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  if (im.attrString("mode", "constant") != "constant")
    return im.fail("only constant padding is supported");
  auto xt = Importer::tensorType(x);
  int64_t rank = xt.getRank();
  std::optional<SmallVector<int64_t>> pads =
      im.opset < 11 ? im.attrInts("pads") : im.constInts(1);
  if (!pads || (int64_t)pads->size() != 2 * rank)
    return im.fail("pads must be a constant with 2 * rank entries");
  if (im.hasInput(3))
    return im.fail("the axes input is not supported");
  double value = im.opset < 11 ? im.attrFloat("value", 0.0f) : 0.0;
  if (im.opset >= 11 && im.hasInput(2)) {
    auto c = dyn_cast_or_null<DenseFPElementsAttr>(im.constInput(2));
    if (!c || c.getNumElements() != 1)
      return im.fail("constant_value must be a float constant");
    value = (*c.getValues<APFloat>().begin()).convertToDouble();
  }
  if (!isa<FloatType>(xt.getElementType()))
    return im.fail("only float tensors can be padded");
  SmallVector<int64_t> lo(pads->begin(), pads->begin() + rank),
      hi(pads->begin() + rank, pads->end());
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (lo[i] < 0 || hi[i] < 0)
      return im.fail("negative pads are not supported");
    shape.push_back(xt.isDynamicDim(i) ? ShapedType::kDynamic
                                       : xt.getDimSize(i) + lo[i] + hi[i]);
  }
  Value pv = arith::ConstantOp::create(
      im.b, im.loc, FloatAttr::get(xt.getElementType(), value));
  auto type = RankedTensorType::get(shape, xt.getElementType());
  SmallVector<OpFoldResult> l, h;
  for (int64_t i = 0; i < rank; ++i) {
    l.push_back(im.b.getIndexAttr(lo[i]));
    h.push_back(im.b.getIndexAttr(hi[i]));
  }
  return im.setOutput(0,
                      tensor::PadOp::create(im.b, im.loc, type, x, l, h, pv));
}

LogicalResult importClip(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  Type elt = Importer::tensorType(x).getElementType();
  Value lo, hi;
  if (im.opset < 11) {
    if (im.attr("min"))
      lo = im.scalarConst(elt, im.attrFloat("min", 0));
    if (im.attr("max"))
      hi = im.scalarConst(elt, im.attrFloat("max", 0));
  } else {
    if (im.hasInput(1) && !(lo = im.input(1)))
      return failure();
    if (im.hasInput(2) && !(hi = im.input(2)))
      return failure();
    if ((lo && failed(im.requireFloat({x, lo}))) ||
        (hi && failed(im.requireFloat({x, hi}))))
      return failure();
    for (Value v : {lo, hi})
      if (v && Importer::tensorType(v).getRank() != 0)
        return im.fail("min and max must be scalars");
  }
  Value r = x;
  if (lo && !(r = im.create1<nn::MaxOp>(r, lo)))
    return failure();
  if (hi && !(r = im.create1<nn::MinOp>(r, hi)))
    return failure();
  return im.setOutput(0, r);
}

LogicalResult importLeakyRelu(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  return im.setOutput(0, im.create1<nn::LeakyReluOp>(
                             x, APFloat((double)im.attrFloat("alpha", 0.01f))));
}

LogicalResult importHardSigmoid(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  return im.setOutput(0, im.create1<nn::HardSigmoidOp>(
                             x, APFloat((double)im.attrFloat("alpha", 0.2f)),
                             APFloat((double)im.attrFloat("beta", 0.5f))));
}

LogicalResult importElu(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  return im.setOutput(0, im.create1<nn::EluOp>(
                             x, APFloat((double)im.attrFloat("alpha", 1.0f))));
}

LogicalResult importSoftplus(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  // ONNX Softplus is log(1 + exp(x)) without a threshold; beyond 20 the
  // difference is below float precision.
  return im.setOutput(
      0, im.create1<nn::SoftplusOp>(x, APFloat(1.0), APFloat(20.0)));
}

/// PRelu: max(x, 0) + slope·min(x, 0), the slope broadcast to x.
LogicalResult importPRelu(Importer &im) {
  Value x = im.input(0), slope = im.input(1);
  if (!x || !slope || failed(im.requireFloat({x, slope})))
    return failure();
  Value zero = im.scalarConst(Importer::tensorType(x).getElementType(), 0.0);
  Value pos = im.create1<nn::MaxOp>(x, zero);
  Value neg = pos ? im.create1<nn::MinOp>(x, zero) : Value();
  Value scaled = neg ? im.create1<nn::MulOp>(slope, neg) : Value();
  Value y = scaled ? im.create1<nn::AddOp>(pos, scaled) : Value();
  if (!y)
    return failure();
  if (y.getType() != x.getType())
    return im.fail("slope must broadcast to the input's shape");
  return im.setOutput(0, y);
}

/// Selu: gamma·elu(x, alpha); Celu: alpha·elu(x / alpha, 1).
template <bool Celu> LogicalResult importScaledElu(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  Type elt = Importer::tensorType(x).getElementType();
  double alpha =
      im.attrFloat("alpha", Celu ? 1.0f : 1.67326319217681884765625f);
  double scale =
      Celu ? alpha : im.attrFloat("gamma", 1.05070102214813232421875f);
  if (Celu && alpha == 0.0)
    return im.fail("alpha must not be 0");
  Value in = Celu ? im.create1<nn::DivOp>(x, im.scalarConst(elt, alpha)) : x;
  Value e =
      in ? im.create1<nn::EluOp>(in, APFloat(Celu ? 1.0 : alpha)) : Value();
  Value y = e ? im.create1<nn::MulOp>(e, im.scalarConst(elt, scale)) : Value();
  if (!y)
    return failure();
  return im.setOutput(0, y);
}

LogicalResult importReciprocal(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  Value one = im.scalarConst(Importer::tensorType(x).getElementType(), 1.0);
  return im.setOutput(0, im.create1<nn::DivOp>(one, x));
}

LogicalResult importIdentity(Importer &im) {
  if (auto c = im.constInput(0)) {
    im.setConstOutput(0, c);
    return success();
  }
  return im.setOutput(0, im.input(0));
}

LogicalResult importDropout(Importer &im) {
  if (im.hasOutput(1))
    return im.fail("the mask output is not supported");
  if (im.opset >= 12 && im.hasInput(2)) {
    auto t = im.constInts(2);
    if (!t || (!t->empty() && (*t)[0] != 0))
      return im.fail("training_mode must be a constant false");
  }
  return im.setOutput(0, im.input(0));
}

template <typename OpTy> LogicalResult importSoftmax(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  auto xt = Importer::tensorType(x);
  int64_t rank = xt.getRank();
  if (rank == 0)
    return im.fail("softmax of a scalar");
  if (im.opset >= 13) {
    auto axis = im.normAxis(im.attrInt("axis", -1), rank);
    if (failed(axis))
      return failure();
    return im.setOutput(
        0, im.create1<OpTy>(x, Value(), (uint64_t)*axis, APFloat(1.0)));
  }
  // Opset < 13: coerce to 2-D at `axis`, softmax over the second dimension.
  auto axis = im.normAxis(im.attrInt("axis", 1), rank);
  if (failed(axis))
    return failure();
  if (*axis == rank - 1)
    return im.setOutput(
        0, im.create1<OpTy>(x, Value(), (uint64_t)*axis, APFloat(1.0)));
  int64_t inner = 1;
  for (int64_t i = *axis; i < rank; ++i) {
    if (xt.isDynamicDim(i))
      return im.fail("dynamic dimension inside the softmax coercion");
    inner *= xt.getDimSize(i);
  }
  SmallVector<int64_t> shape2(xt.getShape().take_front(*axis));
  shape2.push_back(inner);
  Value flat = im.reshape(x, shape2);
  if (!flat)
    return failure();
  Value r = im.create1<OpTy>(flat, Value(), (uint64_t)*axis, APFloat(1.0));
  if (!r)
    return failure();
  return im.setOutput(0, im.reshape(r, xt.getShape()));
}

LogicalResult importLayerNorm(Importer &im) {
  if (im.hasOutput(1) || im.hasOutput(2))
    return im.fail("the Mean/InvStdDev outputs are not supported");
  Value x = im.input(0), scale = im.input(1);
  Value bias = im.hasInput(2) ? im.input(2) : Value();
  if (failed(im.requireFloat({x, scale})) ||
      (bias && failed(im.requireFloat({x, bias}))))
    return failure();
  if (im.attrInt("stash_type", 1) != 1)
    return im.fail("stash_type other than float is not supported");
  auto axis =
      im.normAxis(im.attrInt("axis", -1), Importer::tensorType(x).getRank());
  if (failed(axis))
    return failure();
  return im.setOutput(0, im.create1<nn::LayerNormOp>(
                             x, scale, bias, (uint64_t)*axis,
                             APFloat((double)im.attrFloat("epsilon", 1e-5f))));
}

LogicalResult importBatchNorm(Importer &im) {
  for (unsigned i = 1; i < 5; ++i)
    if (im.hasOutput(i))
      return im.fail("training outputs are not supported");
  if (im.attrInt("training_mode", 0) != 0)
    return im.fail("training_mode is not supported");
  if (im.opset < 9 && im.attrInt("spatial", 1) != 1)
    return im.fail("spatial = 0 is not supported");
  Value x = im.input(0), s = im.input(1), bias = im.input(2), m = im.input(3),
        v = im.input(4);
  if (failed(im.requireFloat({x, s, bias, m, v})))
    return failure();
  return im.setOutput(0, im.create1<nn::BatchNormOp>(
                             x, s, bias, m, v,
                             APFloat((double)im.attrFloat("epsilon", 1e-5f))));
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// The reduced axes (normalized) and keepdims of a Reduce* node; the axes
/// are an input from opset 13 for ReduceSum and from opset 18 for the
/// others. Fails with the reason, or gives no axes for a no-op reduction.
struct ReduceAxes {
  SmallVector<int64_t> axes;
  bool keep = true;
  bool noop = false;
};
FailureOr<ReduceAxes> reduceAxes(Importer &im, Value x, bool sum) {
  int64_t rank = Importer::tensorType(x).getRank();
  ReduceAxes r;
  std::optional<SmallVector<int64_t>> axes = im.attrInts("axes");
  bool axesAsInput = im.opset >= 18 || (sum && im.opset >= 13);
  if (axesAsInput && im.hasInput(1)) {
    axes = im.constInts(1);
    if (!axes)
      return im.fail("axes must be a constant");
  }
  r.keep = im.attrInt("keepdims", 1);
  if (!axes || axes->empty()) {
    if (axesAsInput && im.attrInt("noop_with_empty_axes", 0)) {
      r.noop = true;
      return r;
    }
    for (int64_t i = 0; i < rank; ++i)
      r.axes.push_back(i);
  }
  for (int64_t a : axes.value_or(SmallVector<int64_t>())) {
    auto n = im.normAxis(a, rank);
    if (failed(n))
      return failure();
    r.axes.push_back(*n);
  }
  r.noop |= rank == 0;
  return r;
}

template <nn::ReduceKind kind> LogicalResult importReduce(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  auto r = reduceAxes(im, x, kind == nn::ReduceKind::sum);
  if (failed(r))
    return failure();
  if (r->noop)
    return im.setOutput(0, x);
  return im.setOutput(
      0, im.create1<nn::ReduceOp>(x, kind, ArrayRef(r->axes), r->keep));
}

/// ReduceSumSquare Σx², ReduceLogSum log Σx, ReduceLogSumExp
/// m + log Σ exp(x - m) with m = max x (stable), as nn ops.
enum class Composite { SumSquare, LogSum, LogSumExp };
template <Composite c> LogicalResult importReduceComposite(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  auto r = reduceAxes(im, x, false);
  if (failed(r))
    return failure();
  // Each step is null when its op does not verify (the node's error is set).
  auto reduce = [&](Value v, nn::ReduceKind kind, bool keep) -> Value {
    if (r->noop || !v)
      return v;
    return im.create1<nn::ReduceOp>(v, kind, ArrayRef(r->axes), keep);
  };
  Value y;
  if constexpr (c == Composite::SumSquare) {
    y = reduce(im.create1<nn::MulOp>(x, x), nn::ReduceKind::sum, r->keep);
  } else if constexpr (c == Composite::LogSum) {
    if (Value sum = reduce(x, nn::ReduceKind::sum, r->keep))
      y = im.create1<nn::LogOp>(sum);
  } else {
    Value m = reduce(x, nn::ReduceKind::max, true);
    Value shifted = m ? im.create1<nn::SubOp>(x, m) : Value();
    Value e = shifted ? im.create1<nn::ExpOp>(shifted) : Value();
    Value sum = reduce(e, nn::ReduceKind::sum, r->keep);
    Value logSum = sum ? im.create1<nn::LogOp>(sum) : Value();
    Value top = r->keep ? m : reduce(x, nn::ReduceKind::max, false);
    if (logSum && top)
      y = im.create1<nn::AddOp>(logSum, top);
  }
  if (!y)
    return failure();
  return im.setOutput(0, y);
}

} // namespace

void nnc::onnximport::registerOpHandlers(llvm::StringMap<Handler> &m) {
  m["Relu"] = unary<nn::ReluOp>;
  m["Sigmoid"] = unary<nn::SigmoidOp>;
  m["Tanh"] = unary<nn::TanhOp>;
  m["Erf"] = unary<nn::ErfOp>;
  m["Sqrt"] = unary<nn::SqrtOp>;
  m["Exp"] = unary<nn::ExpOp>;
  m["Log"] = unary<nn::LogOp>;
  m["Neg"] = unary<nn::NegOp>;
  m["Abs"] = unary<nn::AbsOp>;
  m["LeakyRelu"] = importLeakyRelu;
  m["Elu"] = importElu;
  m["HardSigmoid"] = importHardSigmoid;
  m["PRelu"] = importPRelu;
  m["Selu"] = importScaledElu<false>;
  m["Celu"] = importScaledElu<true>;
  m["HardSwish"] = unary<nn::HardSwishOp>;
  m["Softplus"] = importSoftplus;
  m["Reciprocal"] = importReciprocal;
  m["Pad"] = importPad;
  m["Clip"] = importClip;
  m["Add"] = binary<nn::AddOp>;
  m["Sub"] = binary<nn::SubOp>;
  m["Mul"] = binary<nn::MulOp>;
  m["Div"] = binary<nn::DivOp>;
  m["Pow"] = binary<nn::PowOp>;
  m["Max"] = variadic<nn::MaxOp>;
  m["Min"] = variadic<nn::MinOp>;
  m["Sum"] = variadic<nn::AddOp>;
  m["Mean"] = importMean;
  m["Identity"] = importIdentity;
  m["Dropout"] = importDropout;
  m["Softmax"] = importSoftmax<nn::SoftmaxOp>;
  m["LogSoftmax"] = importSoftmax<nn::LogSoftmaxOp>;
  m["LayerNormalization"] = importLayerNorm;
  m["BatchNormalization"] = importBatchNorm;
  m["ReduceMean"] = importReduce<nn::ReduceKind::mean>;
  m["ReduceSum"] = importReduce<nn::ReduceKind::sum>;
  m["ReduceMax"] = importReduce<nn::ReduceKind::max>;
  m["ReduceMin"] = importReduce<nn::ReduceKind::min>;
  m["ReduceProd"] = importReduce<nn::ReduceKind::prod>;
  m["ReduceSumSquare"] = importReduceComposite<Composite::SumSquare>;
  m["ReduceLogSum"] = importReduceComposite<Composite::LogSum>;
  m["ReduceLogSumExp"] = importReduceComposite<Composite::LogSumExp>;
}
