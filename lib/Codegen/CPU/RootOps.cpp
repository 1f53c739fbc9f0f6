//===- RootOps.cpp - the ops the CPU strategies generate ------------------===//
#include "RootOps.h"
#include "nnc/Codegen/Common/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace nnc::codegen {

namespace {

/// The value a linalg.fill writes into `init`, or null.
Value fillValueOf(Value init) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return fill.getInputs()[0];
  return {};
}

bool sameElementTypes(linalg::LinalgOp op) {
  Type t = getElementTypeOrSelf(op->getResult(0).getType());
  for (OpOperand &operand : op->getOpOperands())
    if (getElementTypeOrSelf(operand.get().getType()) != t)
      return false;
  return isa<FloatType>(t);
}

} // namespace

std::optional<MatmulRoot> matchMatmul(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) ||
      !linalgOp.hasPureTensorSemantics() || op->getNumResults() != 1 ||
      !sameElementTypes(linalgOp) || !isMulAddBody(linalgOp))
    return std::nullopt;
  MatmulRoot root;
  root.op = linalgOp;
  root.batched = isa<linalg::BatchMatmulOp>(op);
  MLIRContext *ctx = op->getContext();
  unsigned lead = root.batched ? 1 : 0;
  AffineExpr m = getAffineDimExpr(lead, ctx),
             n = getAffineDimExpr(lead + 1, ctx),
             k = getAffineDimExpr(lead + 2, ctx);
  SmallVector<AffineMap> maps = linalgOp.getIndexingMapsArray();
  auto withBatch = [&](AffineExpr x, AffineExpr y) {
    SmallVector<AffineExpr> e;
    if (root.batched)
      e.push_back(getAffineDimExpr(0, ctx));
    e.append({x, y});
    return AffineMap::get(lead + 3, 0, e, ctx);
  };
  if (maps[2] != withBatch(m, n))
    return std::nullopt;
  if (maps[0] == withBatch(k, m))
    root.transposeA = true;
  else if (maps[0] != withBatch(m, k))
    return std::nullopt;
  if (maps[1] == withBatch(n, k))
    root.transposeB = true;
  else if (maps[1] != withBatch(k, n))
    return std::nullopt;
  root.a = linalgOp.getDpsInputOperand(0)->get();
  root.b = linalgOp.getDpsInputOperand(1)->get();
  root.init = linalgOp.getDpsInitOperand(0)->get();
  auto cType = cast<RankedTensorType>(root.init.getType());
  auto aType = cast<RankedTensorType>(root.a.getType());
  if (root.batched) {
    root.batch = cType.getDimSize(0);
    // Broadcast batches are not batch_matmul's; shapes agree per dim.
    if (ShapedType::isDynamic(root.batch))
      return std::nullopt;
  }
  root.m = cType.getDimSize(lead);
  root.n = cType.getDimSize(lead + 1);
  root.k = aType.getDimSize(lead + (root.transposeA ? 0 : 1));
  if (ShapedType::isDynamic(root.n) || root.n == 0 || root.k == 0 ||
      root.m == 0)
    return std::nullopt;
  root.constantB = getConstantData(root.b).has_value();
  // A dynamic K (a weight gradient summed over the batch) is a loop bound;
  // B is then read in place.
  if (ShapedType::isDynamic(root.k) && (root.constantB || root.transposeB))
    return std::nullopt;
  root.fillValue = fillValueOf(root.init);
  return root;
}

std::optional<ConvRoot> matchConv(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      op->getNumResults() != 1 || !sameElementTypes(linalgOp) ||
      !isMulAddBody(linalgOp) || linalgOp.hasDynamicShape())
    return std::nullopt;
  ConvRoot root;
  root.op = linalgOp;
  DenseIntElementsAttr strides, dilations;
  if (auto c = dyn_cast<linalg::Conv2DNchwFchwOp>(op)) {
    strides = c.getStrides();
    dilations = c.getDilations();
  } else if (auto c = dyn_cast<linalg::Conv1DNcwFcwOp>(op)) {
    root.spatialRank = 1;
    strides = c.getStrides();
    dilations = c.getDilations();
  } else if (auto c = dyn_cast<linalg::Conv2DNgchwGfchwOp>(op)) {
    root.grouped = true;
    strides = c.getStrides();
    dilations = c.getDilations();
  } else {
    return std::nullopt;
  }
  for (APInt v : strides.getValues<APInt>())
    root.strides.push_back(v.getSExtValue());
  for (APInt v : dilations.getValues<APInt>())
    root.dilations.push_back(v.getSExtValue());
  root.input = linalgOp.getDpsInputOperand(0)->get();
  root.filter = linalgOp.getDpsInputOperand(1)->get();
  root.init = linalgOp.getDpsInitOperand(0)->get();
  auto in = cast<RankedTensorType>(root.input.getType()).getShape();
  auto w = cast<RankedTensorType>(root.filter.getType()).getShape();
  auto out = cast<RankedTensorType>(root.init.getType()).getShape();
  unsigned g = root.grouped ? 1 : 0;
  root.batch = in[0];
  root.groups = root.grouped ? in[1] : 1;
  root.channels = in[1 + g];
  root.filters = w[g];
  for (int64_t d = 0; d < root.spatialRank; ++d) {
    root.inSpatial.push_back(in[2 + g + d]);
    root.outSpatial.push_back(out[2 + g + d]);
    root.window.push_back(w[2 + g + d]);
  }
  root.fillValue = fillValueOf(root.init);
  return root;
}

int64_t ConvRoot::windowSize() const {
  int64_t size = 1;
  for (int64_t k : window)
    size *= k;
  return size;
}

bool ConvRoot::isPointwise() const {
  return spatialRank == 2 &&
         llvm::all_of(window, [](int64_t w) { return w == 1; }) &&
         llvm::all_of(strides, [](int64_t s) { return s == 1; });
}

ConvRoot ConvRoot::flattened() const {
  ConvRoot flat = *this;
  flat.spatialRank = 1;
  flat.inSpatial = {inSpatial[0] * inSpatial[1]};
  flat.outSpatial = {outSpatial[0] * outSpatial[1]};
  flat.window = {1};
  flat.strides = {1};
  flat.dilations = {1};
  return flat;
}

} // namespace nnc::codegen
