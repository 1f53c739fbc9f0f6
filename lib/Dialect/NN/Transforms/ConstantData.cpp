//===- ConstantData.cpp - the bytes of a constant tensor ------------------===//
#include "nnc/Dialect/NN/Transforms/ConstantData.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

namespace nnc {

std::optional<ConstantData> getConstantData(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def)) {
      value = def->getOperand(0);
      continue;
    }
    break;
  }
  auto cst = value.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(cst.getType());
  if (!type || !type.getElementType().isIntOrFloat())
    return std::nullopt;
  ConstantData data;
  data.elementBytes = type.getElementTypeBitWidth() / 8;
  if (data.elementBytes * 8 != type.getElementTypeBitWidth())
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue())) {
    data.bytes = dense.getRawData();
    data.splat = dense.isSplat();
    return data;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(cst.getValue())) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    data.bytes = blob->getData();
    if (static_cast<int64_t>(data.bytes.size()) !=
        type.getNumElements() * data.elementBytes)
      return std::nullopt;
    return data;
  }
  return std::nullopt;
}

std::optional<double> getSplatFloat(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  std::optional<ConstantData> data = getConstantData(value);
  if (!type || !type.hasStaticShape() || !data ||
      (!data->splat && type.getNumElements() != 1))
    return std::nullopt;
  if (type.getElementType().isF32() && data->elementBytes == 4) {
    float f;
    std::memcpy(&f, data->bytes.data(), 4);
    return f;
  }
  if (type.getElementType().isF64() && data->elementBytes == 8) {
    double d;
    std::memcpy(&d, data->bytes.data(), 8);
    return d;
  }
  return std::nullopt;
}

} // namespace nnc
