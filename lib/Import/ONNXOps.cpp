//===- ONNXOps.cpp - ONNX op handlers: math, layers, normalization --------===//
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

//===----------------------------------------------------------------------===//
// Dense / MatMul / Conv
//===----------------------------------------------------------------------===//

LogicalResult importMatMul(Importer &im) {
  Value a = im.input(0), bv = im.input(1);
  if (failed(im.requireFloat({a, bv})))
    return failure();
  auto at = Importer::tensorType(a), bt = Importer::tensorType(bv);
  if (at.getRank() == 0 || bt.getRank() == 0)
    return im.fail("MatMul operands must have rank >= 1");
  bool aVec = at.getRank() == 1, bVec = bt.getRank() == 1;
  if (aVec)
    a = im.reshape(a, {1, at.getDimSize(0)});
  if (bVec)
    bv = im.reshape(bv, {bt.getDimSize(0), 1});
  if (!a || !bv)
    return failure();
  Value r = im.create1<nn::MatmulOp>(a, bv, Value(), nn::Activation::none,
                                     FloatAttr());
  if (!r)
    return failure();
  if (aVec || bVec) {
    SmallVector<int64_t> shape(Importer::tensorType(r).getShape());
    if (bVec)
      shape.pop_back();
    if (aVec)
      shape.erase(shape.end() - (bVec ? 1 : 2));
    r = im.reshape(r, shape);
  }
  return im.setOutput(0, r);
}

LogicalResult importGemm(Importer &im) {
  Value a = im.input(0), bv = im.input(1);
  Value c = im.hasInput(2) ? im.input(2) : Value();
  if (failed(im.requireFloat({a, bv})) ||
      (c && failed(im.requireFloat({a, c}))))
    return failure();
  auto at = Importer::tensorType(a), bt = Importer::tensorType(bv);
  if (at.getRank() != 2 || bt.getRank() != 2)
    return im.fail("Gemm operands must be 2-D");
  float alpha = im.attrFloat("alpha", 1.0f), beta = im.attrFloat("beta", 1.0f);
  bool transA = im.attrInt("transA", 0), transB = im.attrInt("transB", 0);
  Type elt = at.getElementType();
  if (transA)
    a = im.create1<nn::TransposeOp>(a, ArrayRef<int64_t>{1, 0});
  if (!a)
    return failure();
  // weight in nn.dense layout [N, K]
  Value w =
      transB ? bv : im.create1<nn::TransposeOp>(bv, ArrayRef<int64_t>{1, 0});
  if (!w)
    return failure();
  int64_t n = Importer::tensorType(w).getDimSize(0);
  Value bias;
  bool biasFits = false;
  if (c && beta == 1.0f) {
    auto ct = Importer::tensorType(c);
    if (ct.getRank() == 1 && ct.getDimSize(0) == n) {
      bias = c;
      biasFits = true;
    } else if (ct.getRank() == 2 && ct.getDimSize(0) == 1 &&
               ct.getDimSize(1) == n) {
      bias = im.reshape(c, {n});
      biasFits = true;
    }
  }
  Value r = im.create1<nn::DenseOp>(a, w, biasFits ? bias : Value(),
                                    nn::Activation::none, FloatAttr());
  if (!r)
    return failure();
  if (alpha != 1.0f) {
    r = im.create1<nn::MulOp>(r, im.scalarConst(elt, alpha));
    if (!r)
      return failure();
  }
  if (c && !biasFits && beta != 0.0f) {
    Value cc = c;
    if (beta != 1.0f)
      cc = im.create1<nn::MulOp>(c, im.scalarConst(elt, beta));
    if (!cc)
      return failure();
    r = im.create1<nn::AddOp>(r, cc);
    if (!r)
      return failure();
    if (Importer::tensorType(r).getShape() !=
        ArrayRef<int64_t>{Importer::tensorType(r).getDimSize(0), n})
      return im.fail("C does not broadcast to the Gemm result");
  }
  return im.setOutput(0, r);
}

/// Explicit pads from auto_pad; `kernel` is the effective (dilated) kernel.
LogicalResult windowPads(Importer &im, ArrayRef<int64_t> inSpatial,
                         ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                         SmallVector<int64_t> &pads) {
  size_t n = inSpatial.size();
  std::string autoPad = im.attrString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    pads = im.attrInts("pads").value_or(SmallVector<int64_t>(2 * n, 0));
    if (pads.size() != 2 * n)
      return im.fail("pads must have " + std::to_string(2 * n) + " entries");
    for (int64_t p : pads)
      if (p < 0)
        return im.fail("negative pads are not supported");
    return success();
  }
  pads.assign(2 * n, 0);
  if (autoPad == "VALID")
    return success();
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return im.fail("unknown auto_pad '" + autoPad + "'");
  for (size_t i = 0; i < n; ++i) {
    if (ShapedType::isDynamic(inSpatial[i]))
      return im.fail("auto_pad SAME needs static spatial dimensions");
    int64_t out = (inSpatial[i] + strides[i] - 1) / strides[i];
    int64_t total =
        std::max<int64_t>(0, (out - 1) * strides[i] + kernel[i] - inSpatial[i]);
    int64_t small = total / 2, big = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : big;
    pads[i + n] = autoPad == "SAME_UPPER" ? big : small;
  }
  return success();
}

LogicalResult importConv(Importer &im) {
  Value x = im.input(0), w = im.input(1);
  Value bias = im.hasInput(2) ? im.input(2) : Value();
  if (failed(im.requireFloat({x, w})) ||
      (bias && failed(im.requireFloat({x, bias}))))
    return failure();
  auto xt = Importer::tensorType(x), wt = Importer::tensorType(w);
  if (xt.getRank() != 3 && xt.getRank() != 4)
    return im.fail("only 1-D and 2-D convolutions are supported");
  if (wt.getRank() != xt.getRank())
    return im.fail("weight rank does not match the input");
  size_t n = xt.getRank() - 2;
  auto strides = im.attrInts("strides").value_or(SmallVector<int64_t>(n, 1));
  auto dil = im.attrInts("dilations").value_or(SmallVector<int64_t>(n, 1));
  if (strides.size() != n || dil.size() != n)
    return im.fail(
        "strides/dilations must have one entry per spatial dimension");
  SmallVector<int64_t> kernel;
  for (size_t i = 0; i < n; ++i)
    kernel.push_back((wt.getDimSize(2 + i) - 1) * dil[i] + 1);
  SmallVector<int64_t> pads;
  if (failed(
          windowPads(im, xt.getShape().drop_front(2), kernel, strides, pads)))
    return failure();
  int64_t group = im.attrInt("group", 1);
  if (group < 1)
    return im.fail("group must be positive");
  return im.setOutput(
      0, im.create1<nn::ConvOp>(x, w, bias, im.b.getDenseI64ArrayAttr(strides),
                                im.b.getDenseI64ArrayAttr(pads),
                                im.b.getDenseI64ArrayAttr(dil), (uint64_t)group,
                                nn::Activation::none, FloatAttr()));
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult importPool(Importer &im, nn::PoolKind kind) {
  if (im.hasOutput(1))
    return im.fail("the Indices output is not supported");
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  auto xt = Importer::tensorType(x);
  if (xt.getRank() != 3 && xt.getRank() != 4)
    return im.fail("only 1-D and 2-D pooling is supported");
  size_t n = xt.getRank() - 2;
  auto kernel = im.attrInts("kernel_shape");
  if (!kernel || kernel->size() != n)
    return im.fail("kernel_shape must have one entry per spatial dimension");
  auto strides = im.attrInts("strides").value_or(SmallVector<int64_t>(n, 1));
  auto dil = im.attrInts("dilations").value_or(SmallVector<int64_t>(n, 1));
  if (strides.size() != n)
    return im.fail("strides must have one entry per spatial dimension");
  if (llvm::any_of(dil, [](int64_t d) { return d != 1; }))
    return im.fail("dilated pooling is not supported");
  if (im.attrInt("storage_order", 0) != 0)
    return im.fail("storage_order 1 is not supported");
  SmallVector<int64_t> pads;
  if (failed(
          windowPads(im, xt.getShape().drop_front(2), *kernel, strides, pads)))
    return failure();
  bool ceil = im.attrInt("ceil_mode", 0);
  bool countPad =
      kind == nn::PoolKind::avg && im.attrInt("count_include_pad", 0);
  if (ceil) {
    // ONNX drops a last window that starts in the right padding (as PyTorch).
  }
  return im.setOutput(0, im.create1<nn::PoolOp>(
                             x, kind, ArrayRef<int64_t>(*kernel),
                             im.b.getDenseI64ArrayAttr(strides),
                             im.b.getDenseI64ArrayAttr(pads), ceil, countPad));
}
LogicalResult importMaxPool(Importer &im) {
  return importPool(im, nn::PoolKind::max);
}
LogicalResult importAvgPool(Importer &im) {
  return importPool(im, nn::PoolKind::avg);
}

template <nn::PoolKind kind> LogicalResult importGlobalPool(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  return im.setOutput(0, im.create1<nn::GlobalPoolOp>(x, kind));
}

//===----------------------------------------------------------------------===//
// Softmax and normalization
//===----------------------------------------------------------------------===//

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

template <nn::ReduceKind kind> LogicalResult importReduce(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  int64_t rank = Importer::tensorType(x).getRank();
  std::optional<SmallVector<int64_t>> axes = im.attrInts("axes");
  bool axesAsInput = kind == nn::ReduceKind::sum && im.opset >= 13;
  if (axesAsInput && im.hasInput(1)) {
    axes = im.constInts(1);
    if (!axes)
      return im.fail("axes must be a constant");
  }
  bool keep = im.attrInt("keepdims", 1);
  if (!axes || axes->empty()) {
    if (axesAsInput && im.attrInt("noop_with_empty_axes", 0))
      return im.setOutput(0, x);
    axes = SmallVector<int64_t>();
    for (int64_t i = 0; i < rank; ++i)
      axes->push_back(i);
  }
  for (int64_t &a : *axes) {
    auto n = im.normAxis(a, rank);
    if (failed(n))
      return failure();
    a = *n;
  }
  if (rank == 0)
    return im.setOutput(0, x);
  return im.setOutput(
      0, im.create1<nn::ReduceOp>(x, kind, ArrayRef<int64_t>(*axes), keep));
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
  m["MatMul"] = importMatMul;
  m["Gemm"] = importGemm;
  m["Conv"] = importConv;
  m["MaxPool"] = importMaxPool;
  m["AveragePool"] = importAvgPool;
  m["GlobalAveragePool"] = importGlobalPool<nn::PoolKind::avg>;
  m["GlobalMaxPool"] = importGlobalPool<nn::PoolKind::max>;
  m["Softmax"] = importSoftmax<nn::SoftmaxOp>;
  m["LogSoftmax"] = importSoftmax<nn::LogSoftmaxOp>;
  m["LayerNormalization"] = importLayerNorm;
  m["BatchNormalization"] = importBatchNorm;
  m["ReduceMean"] = importReduce<nn::ReduceKind::mean>;
  m["ReduceSum"] = importReduce<nn::ReduceKind::sum>;
  m["ReduceMax"] = importReduce<nn::ReduceKind::max>;
  m["ReduceMin"] = importReduce<nn::ReduceKind::min>;
  m["ReduceProd"] = importReduce<nn::ReduceKind::prod>;
}
