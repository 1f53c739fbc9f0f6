//===- ONNXLinearOps.cpp - ONNX op handlers: MatMul, Gemm, Conv, pooling -===//
#include "ONNXImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::onnximport;

namespace {

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
  Value r = im.create1<nn::MatmulOp>(a, bv, Value(), nn::ActivationAttr());
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
                                    nn::ActivationAttr());
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
                                nn::ActivationAttr()));
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

} // namespace

void nnc::onnximport::registerLinearHandlers(llvm::StringMap<Handler> &m) {
  m["MatMul"] = importMatMul;
  m["Gemm"] = importGemm;
  m["Conv"] = importConv;
  m["MaxPool"] = importMaxPool;
  m["AveragePool"] = importAvgPool;
  m["GlobalAveragePool"] = importGlobalPool<nn::PoolKind::avg>;
  m["GlobalMaxPool"] = importGlobalPool<nn::PoolKind::max>;
}
