//===- NNLedger.cpp - shape-ledger arithmetic -----------------------------===//
#include "nnc/Dialect/NN/IR/NNLedger.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace nnc::nn::ledger {

int64_t product(ArrayRef<int64_t> shape) {
  int64_t p = 1;
  for (int64_t d : shape)
    p *= ShapedType::isDynamic(d) ? 1 : d;
  return p;
}

int64_t elementBytes(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (element.isIntOrFloat())
    return std::max<int64_t>(1, (element.getIntOrFloatBitWidth() + 7) / 8);
  if (element.isIndex())
    return 8;
  return 0;
}

int64_t countElements(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.hasRank() ? product(shaped.getShape()) : 1;
  return 1;
}

int64_t countElements(Value value) {
  return value ? countElements(value.getType()) : 0;
}

int64_t countElements(ValueRange values) {
  int64_t n = 0;
  for (Value v : values)
    n += countElements(v);
  return n;
}

int64_t countBytes(Type type) {
  return countElements(type) * elementBytes(type);
}

int64_t countBytes(Value value) {
  return value ? countBytes(value.getType()) : 0;
}

int64_t countBytes(ValueRange values) {
  int64_t n = 0;
  for (Value v : values)
    n += countBytes(v);
  return n;
}

bool hasDynamicShape(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && (!shaped.hasRank() || !shaped.hasStaticShape());
}

} // namespace nnc::nn::ledger
